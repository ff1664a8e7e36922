// Computed styles: the spec's text styles resolved once, per role, against the
// built-in defaults, so later stages read plain numbers.
#pragma once

#include <array>

#include "core/geometry.h"
#include "core/role.h"
#include "core/units.h"
#include "spec/layout_spec.h"

namespace handout {

/// A fully resolved text style.
struct ComputedStyle {
  Pt size{10.5};
  double leading = 1.45;  ///< line height as a multiple of size
  bool bold = false;
  bool italic = false;
  Color color{0x22, 0x22, 0x22};
  Pt space_before;
  Pt space_after;
  Align align = Align::kStart;
  [[nodiscard]] Pt line_height() const { return size * leading; }
};

/// Every role's computed style for one layout.
class StyleSheet {
 public:
  /// `scale` multiplies every size and space of the article's text (not the running
  /// header and footer): a brochure shrinks its text this way to fit its panels.
  explicit StyleSheet(const LayoutSpec& spec, double scale = 1.0);
  [[nodiscard]] const ComputedStyle& operator[](Role r) const {
    return styles_[static_cast<std::size_t>(r)];
  }

 private:
  std::array<ComputedStyle, kRoleCount> styles_{};
};

/// The physical alignment of a start/end alignment in a paragraph of direction `dir`.
enum class PhysicalAlign : std::uint8_t { kLeft, kRight, kCenter, kJustify };
[[nodiscard]] PhysicalAlign physical_align(Align a, Direction dir);

/// Whether a role's text is body text in another place (lists, answers, callouts): it takes
/// the body style's size and leading, and (`colour`) its colour, unless it sets its own.
/// FAQ questions and list markers take the body's size but keep their colour.
[[nodiscard]] constexpr bool inherits_body(Role r, bool colour = false) {
  const bool text = r == Role::kListItem || r == Role::kListTerm || r == Role::kFaqAnswer || r == Role::kCallout ||
                    r == Role::kCalloutTitle;
  return text || (!colour && (r == Role::kFaqQuestion || r == Role::kListMarker));
}

}  // namespace handout
