// Numbers for PDF content streams: shortest fixed-point text, never locale-dependent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace handout {

/// The most bytes put_pdf_number and put_short_pdf_number write.
inline constexpr std::size_t kMaxPdfNumber = 40;

/// Below this magnitude round_half_away is exact.
inline constexpr double kRoundedExactly = 1e15;

/// std::round(x) as an integer, for |x| < kRoundedExactly, without the library call (libm's
/// round is not inlined): x less its integer part is exact there, and a half goes away
/// from zero.
inline long long round_half_away(double x) {
  auto k = static_cast<long long>(x);
  const double rest = x - static_cast<double>(k);
  if (rest >= 0.5) ++k;
  else if (rest <= -0.5) --k;
  return k;
}

/// Writes `v` as append_pdf_number does at `out` (room for kMaxPdfNumber bytes); returns the
/// end of what it wrote.
char* put_pdf_number(char* out, double v);

/// Writes `v` as append_short_pdf_number does at `out` (room for kMaxPdfNumber bytes).
char* put_short_pdf_number(char* out, double v);

/// Appends `v` rounded to three decimals, without trailing zeros ("12.5", "-0.25", "3").
void append_pdf_number(std::string& out, double v);

/// The same number in its shortest form for content streams, without the zero before the
/// decimal point (".5", "-.25"; PDF 32000-1, 7.3.3).
void append_short_pdf_number(std::string& out, double v);

/// Appends the decimal digits of `v` (object numbers, offsets, counts).
void append_pdf_integer(std::string& out, std::uint64_t v);

/// `v` rounded to two decimals, for text dumps and traces that tests diff.
[[nodiscard]] std::string format_hundredths(double v);

}  // namespace handout
