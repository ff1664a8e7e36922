// Unicode properties that layout, shaping and loading ask of every character, answered from
// HarfBuzz's default Unicode functions and kept per code point of the Basic Multilingual Plane after the
// first question (a HarfBuzz lookup costs 30-45 instructions and a call; a kept answer, a load).
#pragma once

#include <hb.h>

#include <atomic>
#include <cstdint>

namespace handout {

namespace char_props_detail {
inline constexpr std::uint8_t kKnown = 1;
inline constexpr std::uint8_t kNonspacingMark = 2;
inline constexpr std::uint8_t kNonStarter = 4;
/// The general category (HarfBuzz's number, 0-29) is kept in the top five bits.
inline constexpr int kCategoryShift = 3;
/// One byte per code point of the BMP, 0 until first asked (a race only computes the same
/// answer twice). Zero-initialised static storage: only the pages of scripts in use are touched.
extern std::atomic<std::uint8_t> g_bmp[0x10000];
/// Asks HarfBuzz (and keeps the answer for the BMP).
[[nodiscard]] std::uint8_t lookup(char32_t c);
[[nodiscard]] inline std::uint8_t props(char32_t c) {
  if (c < 0x10000) {
    const std::uint8_t v = g_bmp[c].load(std::memory_order_relaxed);
    if (v != 0) return v;
  }
  return lookup(c);
}
/// The script of each code point of the BMP as HarfBuzz gives it, 0 (HB_SCRIPT_INVALID) until
/// first asked; as g_bmp.
extern std::atomic<std::uint32_t> g_script[0x10000];
[[nodiscard]] hb_script_t lookup_script(char32_t c);
}  // namespace char_props_detail

/// HarfBuzz's general category of `c` (hb_unicode_general_category with the default functions).
[[nodiscard]] inline hb_unicode_general_category_t general_category(char32_t c) {
  return static_cast<hb_unicode_general_category_t>(char_props_detail::props(c) >> char_props_detail::kCategoryShift);
}

/// HarfBuzz's script of `c` (hb_unicode_script with the default functions).
[[nodiscard]] inline hb_script_t script_of(char32_t c) {
  if (c < 0x10000) {
    const std::uint32_t s = char_props_detail::g_script[c].load(std::memory_order_relaxed);
    if (s != 0) return static_cast<hb_script_t>(s);
  }
  return char_props_detail::lookup_script(c);
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
