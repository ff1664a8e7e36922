// Folded brochures: the sheet cut into panels on its two sides. The panels are regions
// of a sheet, filled by the same cursor that fills a handout's pages (flow/paginate.h);
// what differs is where the regions are and in which order a reader meets them.
#pragma once

#include <array>
#include <vector>

#include "flow/paginate.h"
#include "spec/layout_spec.h"

namespace handout {

/// One panel of a folded sheet, in the sheet's coordinates (the trim, y down).
struct Panel {
  Rect rect;  ///< the panel, from fold to fold (or to the sheet's edge)
  Rect text;  ///< where its text goes
};

/// Where a panel is: the side (0 outside, 1 inside) and its index from the sheet's left.
struct PanelRef {
  int side = 0;
  int index = 0;
};

/// A tri-fold sheet (roll fold). A left-to-right brochure has, from the left, [inner flap |
/// back | cover] outside and [panel 2 | panel 3 | panel 4] inside; a right-to-left one opens
/// from the other side, so both sides are mirrored. Printed duplex with a short-edge flip,
/// each panel's two faces back one another.
struct FoldedSheet {
  Pt width;
  Pt height;
  std::array<std::vector<Panel>, 2> sides;
  std::array<std::vector<Pt>, 2> folds;  ///< x of each fold, per side
  PanelRef cover;
  PanelRef back;
  std::vector<PanelRef> flow;  ///< reading order: inner flap, then panels 2, 3 and 4
  [[nodiscard]] const Panel& at(PanelRef r) const {
    return sides[static_cast<std::size_t>(r.side)][static_cast<std::size_t>(r.index)];
  }
};

/// The panels of `spec` (its page is the sheet) for an article of direction `dir`. Every
/// panel's text has the same measure (the narrowest panel's), centred in its panel.
[[nodiscard]] FoldedSheet fold_sheet(const LayoutSpec& spec, Direction dir);

/// Fills `panels` regions of `height` from `list` with the handout's cursor (keep rules
/// apply per panel). `complete` says whether everything fit; if not, `next_block` is the
/// article block of the first box left over (-1 if unknown).
struct PanelFill {
  Pagination pages;
  bool complete = false;
  int next_block = -1;
};
[[nodiscard]] PanelFill fill_panels(VList list, std::size_t panels, Pt height);

/// Places a list's boxes one under another from (0, top), ignoring breaks; returns the
/// height used (a cover's title lines, a bilingual cover).
Pt stack_boxes(const VList& list, Pt top, std::vector<DisplayItem>& out);

}  // namespace handout
