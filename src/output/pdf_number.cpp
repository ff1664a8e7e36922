#include "output/pdf_number.h"

#include <charconv>
#include <cmath>

namespace handout {

void append_pdf_number(std::string& out, double v) {
  double r = std::round(v * 1000.0) / 1000.0;
  if (r == 0 || !std::isfinite(r)) r = 0;  // also turns -0 into 0
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

std::string format_hundredths(double v) {
  std::string s;
  append_pdf_number(s, std::round(v * 100) / 100);
  return s;
}

}  // namespace handout
