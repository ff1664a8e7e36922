// Units as distinct types: points (1/72 in), font design units, and em fractions
// never mix silently. Conversions live here and nowhere else.
#pragma once

#include <charconv>
#include <cmath>
#include <compare>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace handout {

/// A length in PostScript points (1/72 inch). The unit of every page coordinate.
class Pt {
 public:
  constexpr Pt() = default;
  constexpr explicit Pt(double v) : v_(v) {}
  [[nodiscard]] constexpr double value() const { return v_; }

  constexpr Pt operator+(Pt o) const { return Pt(v_ + o.v_); }
  constexpr Pt operator-(Pt o) const { return Pt(v_ - o.v_); }
  constexpr Pt operator-() const { return Pt(-v_); }
  constexpr Pt operator*(double k) const { return Pt(v_ * k); }
  constexpr Pt operator/(double k) const { return Pt(v_ / k); }
  constexpr double operator/(Pt o) const { return v_ / o.v_; }
  constexpr Pt& operator+=(Pt o) { v_ += o.v_; return *this; }
  constexpr Pt& operator-=(Pt o) { v_ -= o.v_; return *this; }
  constexpr auto operator<=>(const Pt&) const = default;

 private:
  double v_ = 0;
};

constexpr Pt operator*(double k, Pt p) { return p * k; }
constexpr Pt max(Pt a, Pt b) { return a < b ? b : a; }
constexpr Pt min(Pt a, Pt b) { return a < b ? a : b; }

/// Millimetres and inches, for specs written by people.
constexpr Pt mm(double v) { return Pt(v * 72.0 / 25.4); }
/// The smallest side of a QR code handout draws (a qr block's, a header's, footer's or
/// brochure panel's): a smaller one is not read from paper.
inline constexpr Pt kMinQrSide = mm(10);
constexpr Pt inch(double v) { return Pt(v * 72.0); }

/// A length back in millimetres, for what people read (messages). The one conversion back.
constexpr double to_mm(Pt p) { return p.value() / 72 * 25.4; }
/// A length in millimetres with `decimals` places, as messages write it: "12.5" (no unit).
inline std::string mm_text(Pt p, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, to_mm(p));
  return buf;
}

/// A length as people write it: "12", "12pt", "18mm", "1.5cm", "0.5in"; nothing if malformed.
inline std::optional<Pt> parse_length(std::string_view s) {
  double v = 0;
  const char* b = s.data();
  const char* e = b + s.size();
  auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || ptr == b || !std::isfinite(v)) return std::nullopt;
  const std::string_view unit(ptr, static_cast<std::size_t>(e - ptr));
  if (unit == "pt" || unit.empty()) return Pt(v);
  if (unit == "mm") return mm(v);
  if (unit == "cm") return mm(v * 10);
  if (unit == "in") return inch(v);
  return std::nullopt;
}

/// A length in a font's design units (as HarfBuzz reports at scale = upem).
class FontUnits {
 public:
  constexpr FontUnits() = default;
  constexpr explicit FontUnits(double v) : v_(v) {}
  [[nodiscard]] constexpr double value() const { return v_; }
  constexpr auto operator<=>(const FontUnits&) const = default;

 private:
  double v_ = 0;
};

/// The one conversion from font units to points: `size` is the font size in points,
/// `upem` the font's units per em.
constexpr Pt to_pt(FontUnits u, Pt size, unsigned upem) {
  return Pt(u.value() * size.value() / static_cast<double>(upem));
}

/// Thousandths of an em, the unit of PDF glyph widths and TJ adjustments.
constexpr double to_milli_em(FontUnits u, unsigned upem) {
  return u.value() * 1000.0 / static_cast<double>(upem);
}

/// A fraction of the font size (leading, indents written as "1.5em").
class Em {
 public:
  constexpr Em() = default;
  constexpr explicit Em(double v) : v_(v) {}
  [[nodiscard]] constexpr double value() const { return v_; }
  [[nodiscard]] constexpr Pt at(Pt size) const { return size * v_; }

 private:
  double v_ = 0;
};

/// Tolerance for comparing layout lengths: a hundredth of a point is invisible in print.
inline constexpr Pt kEpsilon{0.01};

}  // namespace handout
