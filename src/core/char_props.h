// Unicode properties that layout, shaping and loading ask of every character, answered from
// HarfBuzz's default Unicode functions and kept per code point of the Basic Multilingual Plane after the
// first question (a HarfBuzz lookup costs 30-45 instructions and a call; a kept answer, a load).
#pragma once

#include <hb.h>

#include <atomic>
#include <cstdint>

namespace handout {

namespace char_props_detail {
inline constexpr std::uint16_t kKnown = 1;
inline constexpr std::uint16_t kNonspacingMark = 2;
inline constexpr std::uint16_t kNonStarter = 4;
/// The general category (HarfBuzz's number, 0-29) is kept in bits 3-7.
inline constexpr int kCategoryShift = 3;
/// The script is kept in the top byte as an index into g_scripts (0: not kept, ask HarfBuzz).
inline constexpr int kScriptShift = 8;
/// Two bytes per code point of the BMP, 0 until first asked (a race only computes the same
/// answer twice). Zero-initialised static storage: only the pages of scripts in use are
/// touched (one for ASCII to U+07FF, one for general punctuation: the script does not take a
/// table of its own, whose pages would each cost two page faults more).
extern std::atomic<std::uint16_t> g_bmp[0x10000];
/// The scripts met so far, by the index kept in g_bmp (index 0 unused); written once each,
/// before any index of theirs is published.
extern std::atomic<std::uint32_t> g_scripts[256];
/// Asks HarfBuzz (and keeps the answer for the BMP).
[[nodiscard]] std::uint16_t lookup(char32_t c);
[[nodiscard]] inline std::uint16_t props(char32_t c) {
  if (c < 0x10000) {
    const std::uint16_t v = g_bmp[c].load(std::memory_order_acquire);
    if (v != 0) return v;
  }
  return lookup(c);
}
}  // namespace char_props_detail

/// HarfBuzz's general category of `c` (hb_unicode_general_category with the default functions).
[[nodiscard]] inline hb_unicode_general_category_t general_category(char32_t c) {
  return static_cast<hb_unicode_general_category_t>((char_props_detail::props(c) >> char_props_detail::kCategoryShift) &
                                                    0x1F);
}

/// HarfBuzz's script of `c` (hb_unicode_script with the default functions).
[[nodiscard]] inline hb_script_t script_of(char32_t c) {
  const unsigned index = char_props_detail::props(c) >> char_props_detail::kScriptShift;
  if (index != 0) return static_cast<hb_script_t>(char_props_detail::g_scripts[index].load(std::memory_order_relaxed));
  return hb_unicode_script(hb_unicode_funcs_get_default(), c);  // more than 255 scripts met
}

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt) outside the format
/// characters (Cf): variation selectors ("©️" pasted from a phone has U+FE0F after the sign),
/// and the like, invisible when a font has no glyph for them (HarfBuzz removes them). Not the
/// Hangul fillers (U+115F, U+1160, U+3164, U+FFA0): HarfBuzz keeps those, a font must have them.
[[nodiscard]] constexpr bool is_default_ignorable(char32_t c) {
  return c == 0x034F || (c >= 0x17B4 && c <= 0x17B5) || (c >= 0x180B && c <= 0x180F) || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xFFF0 && c <= 0xFFF8) || (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A) ||
         (c >= 0xE0000 && c <= 0xE0FFF);
}

/// Whether a general category is a letter's (L*: cased, modifier and other letters).
[[nodiscard]] constexpr bool is_letter_category(hb_unicode_general_category_t gc) {
  return gc == HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER || gc == HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER ||
         gc == HB_UNICODE_GENERAL_CATEGORY_TITLECASE_LETTER || gc == HB_UNICODE_GENERAL_CATEGORY_MODIFIER_LETTER ||
         gc == HB_UNICODE_GENERAL_CATEGORY_OTHER_LETTER;
}

/// Unicode's Prepended_Concatenation_Mark (PropList.txt): the format characters (Cf) that are
/// drawn, spanning the digits after them ("؀١٢", U+06DD ARABIC END OF AYAH "۝١٢"). A font
/// must have them like any letter.
[[nodiscard]] constexpr bool is_prepended_concatenation_mark(char32_t c) {
  return (c >= 0x0600 && c <= 0x0605) || c == 0x06DD || c == 0x070F || c == 0x0890 || c == 0x0891 || c == 0x08E2 ||
         c == 0x110BD || c == 0x110CD;
}

/// Whether `c` prints something: not a space (Zs, Zl, Zp), a control, a format character
/// (but a prepended concatenation mark) or another default-ignorable.
[[nodiscard]] inline bool is_visible(char32_t c) {
  const auto gc = general_category(c);
  return gc != HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR && gc != HB_UNICODE_GENERAL_CATEGORY_LINE_SEPARATOR &&
         gc != HB_UNICODE_GENERAL_CATEGORY_PARAGRAPH_SEPARATOR && gc != HB_UNICODE_GENERAL_CATEGORY_CONTROL &&
         (gc != HB_UNICODE_GENERAL_CATEGORY_FORMAT || is_prepended_concatenation_mark(c)) &&
         gc != HB_UNICODE_GENERAL_CATEGORY_UNASSIGNED && !is_default_ignorable(c);
}

/// Whether `c` is a non-spacing mark (general category Mn: harakat, shadda, accents).
[[nodiscard]] inline bool is_nonspacing_mark(char32_t c) {
  return c >= 0x300 && (char_props_detail::props(c) & char_props_detail::kNonspacingMark) != 0;  // none below
}

/// Whether `c` is a "non-starter" in Unicode's stream-safe text format (UAX #15): a
/// character of non-zero canonical combining class, or any mark (Mn, Mc, Me).
[[nodiscard]] inline bool is_non_starter(char32_t c) {
  return c >= 0x300 && (char_props_detail::props(c) & char_props_detail::kNonStarter) != 0;
}

}  // namespace handout
