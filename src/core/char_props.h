// Unicode properties that layout and loading ask of every character, answered from HarfBuzz's
// default Unicode functions and kept per code point of the Basic Multilingual Plane after the
// first question (a HarfBuzz lookup costs 30-45 instructions and a call; a kept answer, a load).
#pragma once

#include <atomic>
#include <cstdint>

namespace handout {

namespace char_props_detail {
inline constexpr std::uint8_t kKnown = 1;
inline constexpr std::uint8_t kNonspacingMark = 2;
inline constexpr std::uint8_t kNonStarter = 4;
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
}  // namespace char_props_detail

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
