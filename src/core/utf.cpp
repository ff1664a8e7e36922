#include "core/utf.h"

#include <unicase.h>
#include <uniname.h>
#include <uninorm.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

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

std::string file_name_fold(std::string_view s, bool normalize) {
  // libunistring (opened when first needed, as for codepoint_name): each character's simple
  // lower case (uc_tolower: "Ä" -> "ä", "ẞ" -> "ß", never "ß" -> "ss", which Windows keeps
  // apart), then NFC, so that "é" written as one character or as "e" and an accent is one name,
  // as on macOS.
  struct Unistring {
    ucs4_t (*lower)(ucs4_t) = nullptr;
    uint8_t* (*normalize)(uninorm_t, const uint8_t*, std::size_t, uint8_t*, std::size_t*) = nullptr;
    uninorm_t nfc = nullptr;
  };
  static const Unistring unistring = [] {
    Unistring u;
    if (void* lib = open_shared_library(HANDOUT_UNISTRING_SONAME)) {
      const bool ok = bind_function(lib, u.lower, "uc_tolower") && bind_function(lib, u.normalize, "u8_normalize") &&
                      bind_function(lib, u.nfc, "uninorm_nfc");
      if (!ok) u = Unistring{};
    }
    return u;
  }();
  const bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
  std::string lowered;
  lowered.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_utf8(s, i);
    if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
    else if (c >= 0x80 && unistring.lower) c = static_cast<char32_t>(unistring.lower(static_cast<ucs4_t>(c)));
    append_utf8(lowered, c);
  }
  if (ascii || !normalize || !unistring.normalize) return lowered;
  std::size_t n = 0;
  uint8_t* nfc = unistring.normalize(unistring.nfc, reinterpret_cast<const uint8_t*>(lowered.data()), lowered.size(),
                                     nullptr, &n);
  if (!nfc) return lowered;
  std::string out(reinterpret_cast<const char*>(nfc), n);
  std::free(nfc);
  return out;
}

std::size_t utf8_code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace handout
