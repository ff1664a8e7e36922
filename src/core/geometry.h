// Plain geometry in points. Layout works with y growing downwards from the top of
// the page; only the PDF writer flips to PDF's bottom-up coordinates.
#pragma once

#include <cstdint>

#include "core/units.h"

namespace handout {

/// A point on the page: x from the left edge, y from the top edge.
struct Point {
  Pt x;
  Pt y;
};

/// An axis-aligned rectangle: top-left corner and size.
struct Rect {
  Pt x;
  Pt y;
  Pt width;
  Pt height;
  [[nodiscard]] Pt right() const { return x + width; }
  [[nodiscard]] Pt bottom() const { return y + height; }
};

/// Lengths on the four sides, already resolved from start/end to left/right.
struct Sides {
  Pt top;
  Pt right;
  Pt bottom;
  Pt left;
};

/// An sRGB colour.
struct Color {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  bool operator==(const Color&) const = default;
};

/// A half-open range [begin, end) of indices into a text or a list.
struct Range {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  [[nodiscard]] std::uint32_t size() const { return end - begin; }
  [[nodiscard]] bool empty() const { return end <= begin; }
  [[nodiscard]] bool contains(std::uint32_t i) const { return i >= begin && i < end; }
  bool operator==(const Range&) const = default;
};

/// Writing direction of a paragraph or a run.
enum class Direction : std::uint8_t { kLtr, kRtl };

}  // namespace handout
