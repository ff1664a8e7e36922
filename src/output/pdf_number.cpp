#include "output/pdf_number.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace handout {

namespace {

// The reference form: to_chars of the rounded value with three decimals, zeros trimmed.
char* put_by_to_chars(char* out, double r) {
  char buf[kMaxPdfNumber];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, 3);
  if (ec != std::errc()) {
    *out = '0';
    return out + 1;
  }
  char* p = end;
  while (p > buf && p[-1] == '0') --p;
  if (p > buf && p[-1] == '.') --p;
  std::memcpy(out, buf, static_cast<std::size_t>(p - buf));
  return out + (p - buf);
}

// `v` rounded to three decimals at `out`; without the zero before the decimal point when
// `short_form`.
char* put_number(char* out, double v, bool short_form) {
  const double x = v * 1000.0;
  // Every number a page holds: thousandths as an integer, digits written from the right
  // (the same text as to_chars of thousandths / 1000 with three decimals, in a third of
  // the instructions: content streams write tens of thousands of numbers).
  if (std::abs(x) < kRoundedExactly) {  // false for NaN
    const long long k = round_half_away(x);
    if (k == 0) {
      *out = '0';  // also -0
      return out + 1;
    }
    const bool negative = k < 0;
    unsigned long long u = negative ? static_cast<unsigned long long>(-k) : static_cast<unsigned long long>(k);
    // Written to end at buf + 24 (at most 21 bytes), then copied 24 bytes at once: a
    // fixed-size copy (two moves) instead of a call; `out` has room for kMaxPdfNumber.
    char buf[48] = {};
    char* const end = buf + 24;
    char* p = end;
    const auto frac = static_cast<unsigned>(u % 1000);
    u /= 1000;
    if (frac != 0) {  // ".d", ".dd" or ".ddd": no trailing zero
      const char d0 = static_cast<char>('0' + frac / 100), d1 = static_cast<char>('0' + frac / 10 % 10),
                 d2 = static_cast<char>('0' + frac % 10);
      if (d2 != '0') {
        p -= 4;
        p[2] = d1;
        p[3] = d2;
      } else if (d1 != '0') {
        p -= 3;
        p[2] = d1;
      } else {
        p -= 2;
      }
      p[0] = '.';
      p[1] = d0;
    }
    if (u != 0 || frac == 0 || !short_form) {
      do {
        *--p = static_cast<char>('0' + u % 10);
        u /= 10;
      } while (u != 0);
    }
    if (negative) *--p = '-';
    static_assert(kMaxPdfNumber >= 24);
    std::memcpy(out, p, 24);
    return out + (end - p);
  }
  // Beyond 10^12, or not finite: an integer part, never "0." to shorten.
  double r = std::round(x) / 1000.0;
  if (r == 0 || !std::isfinite(r)) r = 0;
  return put_by_to_chars(out, r);
}

}  // namespace

char* put_pdf_number(char* out, double v) { return put_number(out, v, false); }

char* put_short_pdf_number(char* out, double v) { return put_number(out, v, true); }

void append_pdf_number(std::string& out, double v) {
  char buf[kMaxPdfNumber];
  out.append(buf, put_pdf_number(buf, v));
}

void append_short_pdf_number(std::string& out, double v) {
  char buf[kMaxPdfNumber];
  out.append(buf, put_short_pdf_number(buf, v));
}

void append_pdf_integer(std::string& out, std::uint64_t v) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

std::string format_hundredths(double v) {
  std::string s;
  append_pdf_number(s, std::round(v * 100) / 100);
  return s;
}

}  // namespace handout
