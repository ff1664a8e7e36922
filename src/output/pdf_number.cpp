#include "output/pdf_number.h"

#include <charconv>
#include <cmath>

namespace handout {

namespace {

// The reference form: to_chars of the rounded value with three decimals, zeros trimmed.
void append_by_to_chars(std::string& out, double r) {
  char buf[40];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, 3);
  if (ec != std::errc()) {
    out += '0';
    return;
  }
  char* p = end;
  while (p > buf && p[-1] == '0') --p;
  if (p > buf && p[-1] == '.') --p;
  out.append(buf, p);
}

}  // namespace

void append_pdf_number(std::string& out, double v) {
  const double thousandths = std::round(v * 1000.0);
  // Every number a page holds: thousandths as an integer, digits written from the right
  // (the same text as to_chars of thousandths / 1000 with three decimals, in a third of
  // the instructions: content streams write tens of thousands of numbers).
  if (std::abs(thousandths) < 1e15) {
    auto k = static_cast<long long>(thousandths);
    if (k == 0) {
      out += '0';  // also -0
      return;
    }
    const bool negative = k < 0;
    unsigned long long u = negative ? static_cast<unsigned long long>(-k) : static_cast<unsigned long long>(k);
    char buf[24];
    char* end = buf + sizeof buf;
    char* p = end;
    unsigned frac = static_cast<unsigned>(u % 1000);
    u /= 1000;
    if (frac != 0) {
      int digits = 3;
      while (frac % 10 == 0) {
        frac /= 10;
        --digits;
      }
      for (int i = 0; i < digits; ++i) {
        *--p = static_cast<char>('0' + frac % 10);
        frac /= 10;
      }
      *--p = '.';
    }
    do {
      *--p = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (negative) *--p = '-';
    out.append(p, end);
    return;
  }
  double r = thousandths / 1000.0;
  if (r == 0 || !std::isfinite(r)) r = 0;
  append_by_to_chars(out, r);
}

void append_short_pdf_number(std::string& out, double v) {
  const std::size_t start = out.size();
  append_pdf_number(out, v);
  const std::size_t zero = start + (out[start] == '-' ? 1 : 0);
  if (out.size() > zero + 1 && out[zero] == '0' && out[zero + 1] == '.') out.erase(zero, 1);
}

std::string format_hundredths(double v) {
  std::string s;
  append_pdf_number(s, std::round(v * 100) / 100);
  return s;
}

}  // namespace handout
