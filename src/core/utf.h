// UTF-8 <-> UTF-32 conversion. Paragraph text is held as UTF-32 so that one index is
// one code point for FriBidi, HarfBuzz clusters and libunibreak alike.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace handout {

/// Decodes UTF-8 that the JSON reader has already validated; an ill-formed byte
/// (which the reader never lets through) becomes U+FFFD rather than undefined behaviour.
[[nodiscard]] std::u32string utf8_to_utf32(std::string_view s);
/// The code point at byte `i` of `s` (i < s.size()), with `i` moved past it; malformed
/// input gives U+FFFD as utf8_to_utf32 does. Decodes without allocating (inline: loading
/// and layout decode every character of an article with it).
[[nodiscard]] inline char32_t next_utf8(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = 0;
  char32_t c = 0;
  if (b0 < 0x80) { ++i; return b0; }
  if ((b0 & 0xE0) == 0xC0) { c = b0 & 0x1Fu; len = 2; }
  else if ((b0 & 0xF0) == 0xE0) { c = b0 & 0x0Fu; len = 3; }
  else if ((b0 & 0xF8) == 0xF0) { c = b0 & 0x07u; len = 4; }
  else { ++i; return 0xFFFD; }
  if (i + static_cast<std::size_t>(len) > s.size()) { i = s.size(); return 0xFFFD; }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) { ++i; return 0xFFFD; }
    c = (c << 6) | (b & 0x3Fu);
  }
  i += static_cast<std::size_t>(len);
  return c;
}
/// Appends one code point as UTF-8.
void append_utf8(std::string& out, char32_t c);
/// The number of bytes append_utf8 writes for `c`.
/// A decimal digit of the scripts handout sets: Western, Arabic-Indic and Extended
/// Arabic-Indic (Persian, Urdu).
[[nodiscard]] inline bool is_decimal_digit(char32_t c) {
  return (c >= U'0' && c <= U'9') || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9);
}

/// An Extended Arabic-Indic digit, U+06F0–06F9 (CLDR's "arabext": Persian, Urdu). Unlike
/// U+0660–0669 (bidi class AN) these are European numbers to the bidi algorithm (EN).
[[nodiscard]] inline bool is_extended_arabic_indic_digit(char32_t c) { return c >= 0x06F0 && c <= 0x06F9; }

[[nodiscard]] inline std::size_t utf8_length(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }
/// Writes `c` as append_utf8 does at `out` (room for utf8_length(c) bytes); returns the end.
inline char* put_utf8(char* out, char32_t c) {
  if (c < 0x80) {
    *out++ = static_cast<char>(c);
  } else if (c < 0x800) {
    *out++ = static_cast<char>(0xC0 | (c >> 6));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (c >> 12));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (c >> 18));
    *out++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}
[[nodiscard]] std::string utf32_to_utf8(std::u32string_view s);
/// A file name as a file system that ignores letter case and Unicode normalization (Windows,
/// macOS, SMB shares) compares it: each character lower-cased, then NFC. Two names with the
/// same fold are one file there. ASCII only when libunistring cannot be opened; without
/// `normalize`, lower case only.
[[nodiscard]] std::string file_name_fold(std::string_view s, bool normalize = true);
/// The number of code points in UTF-8 text (bytes that do not continue a sequence).
[[nodiscard]] std::size_t utf8_code_points(std::string_view s);
/// `s` with every byte that is not part of well-formed UTF-8 written as "\xNN", so that a
/// message quoting bad input is itself valid text.
[[nodiscard]] std::string printable_utf8(std::string_view s);
/// Whether `s` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view s);
/// "U+0041" style notation for diagnostics.
[[nodiscard]] std::string codepoint_label(char32_t c);
/// The character's Unicode name ("LATIN CAPITAL LETTER A"), or "" when it has none.
[[nodiscard]] std::string codepoint_name(char32_t c);

}  // namespace handout
