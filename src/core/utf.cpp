#include "core/utf.h"

#include <uniname.h>

#include <algorithm>
#include <cstdio>

#include "core/shared_library.h"

namespace handout {

std::u32string utf8_to_utf32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(next_utf8(s, i));
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
    return;
  }
  char buf[4];
  out.append(buf, static_cast<std::size_t>(put_utf8(buf, c) - buf));
}

std::string utf32_to_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

std::string codepoint_label(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 if it is ill-formed.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  char32_t min = 0;
  char32_t c = 0;
  if ((b0 & 0xE0) == 0xC0) { len = 2; min = 0x80; c = b0 & 0x1Fu; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; min = 0x800; c = b0 & 0x0Fu; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; min = 0x10000; c = b0 & 0x07u; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    c = (c << 6) | (b & 0x3Fu);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string printable_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(s[i])));
      out += buf;
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string codepoint_name(char32_t c) {
  // libunistring, opened when a message first names a character (shared_library.h): loading
  // it cost every process 500 symbol relocations, a quarter of the dynamic loader's work.
  using NameFn = decltype(&unicode_character_name);
  static const NameFn name_of = [] {
    NameFn fn = nullptr;
    if (void* lib = open_shared_library(HANDOUT_UNISTRING_SONAME)) (void)bind_function(lib, fn, "unicode_character_name");
    return fn;
  }();
  if (!name_of) return std::string();
  char buf[UNINAME_MAX];
  const char* name = name_of(static_cast<ucs4_t>(c), buf);
  return name ? std::string(name) : std::string();
}

std::size_t utf8_code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace handout
