// UTF-8 <-> UTF-32 conversion. Paragraph text is held as UTF-32 so that one index is
// one code point for FriBidi, HarfBuzz clusters and libunibreak alike.
#pragma once

#include <string>
#include <string_view>

namespace handout {

/// Decodes UTF-8 that the JSON reader has already validated; an ill-formed byte
/// (which the reader never lets through) becomes U+FFFD rather than undefined behaviour.
[[nodiscard]] std::u32string utf8_to_utf32(std::string_view s);
/// The code point at byte `i` of `s` (i < s.size()), with `i` moved past it; malformed
/// input gives U+FFFD as utf8_to_utf32 does. Decodes without allocating.
[[nodiscard]] char32_t next_utf8(std::string_view s, std::size_t& i);
/// Appends one code point as UTF-8.
void append_utf8(std::string& out, char32_t c);
[[nodiscard]] std::string utf32_to_utf8(std::u32string_view s);
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
