// Computed styles: the spec's text styles resolved once, per role, against the
// built-in defaults, so later stages read plain numbers.
#pragma once

#include <array>
#include <vector>

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
  /// The colour of a link in this role's text: kLinkColor, or the role's own colour where
  /// kLinkColor would be too faint on what the role's text stands on (a dark fill).
  Color link{0x1d, 0x4e, 0x89};
  Pt space_before;
  Pt space_after;
  Align align = Align::kStart;
  [[nodiscard]] Pt line_height() const { return size * leading; }
};

/// The colour links are printed in.
inline constexpr Color kLinkColor{0x1d, 0x4e, 0x89};
/// Printed text needs at least this contrast with what it stands on (WCAG 2's 3:1 for large
/// text; 4.5:1 for body text).
inline constexpr double kLeastContrast = 3.0;
/// WCAG 2's contrast ratio of two sRGB colours, from 1 to 21.
[[nodiscard]] double contrast_ratio(Color a, Color b);

/// What a role's text can be drawn on: the paper, a callout's fill, a table header's fill,
/// a table's shaded rows. `pointer` is where the layout writes the fill (null: the paper).
/// (A brochure's cover band, with its own ink, is the contrast check's.)
struct Ground {
  Color color;
  const char* name;
  const char* pointer;
};
[[nodiscard]] std::vector<Ground> grounds_of(const LayoutSpec& spec, Role r);

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
