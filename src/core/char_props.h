// Unicode properties that layout and loading ask of every character, answered from HarfBuzz's
// default Unicode functions and kept per code point of the Basic Multilingual Plane after the
// first question (a HarfBuzz lookup costs 30-45 instructions and a call; a kept answer, a load).
#pragma once

namespace handout {

/// Whether `c` is a non-spacing mark (general category Mn: harakat, shadda, accents).
[[nodiscard]] bool is_nonspacing_mark(char32_t c);

/// Whether `c` is a "non-starter" in Unicode's stream-safe text format (UAX #15): a
/// character of non-zero canonical combining class, or any mark (Mn, Mc, Me).
[[nodiscard]] bool is_non_starter(char32_t c);

}  // namespace handout
