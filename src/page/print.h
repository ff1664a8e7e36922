// Print-shop output, after the pages are final: each page grows by the bleed and the
// room for marks (the MediaBox), keeps its trim and bleed as boxes, and gets crop marks at
// the trim's corners and fold marks at its folds, all outside the trim. Imposition (a
// booklet's printer's spreads) happens before, so marks are drawn on the press sheet.
#pragma once

#include <vector>

#include "core/display.h"
#include "spec/layout_spec.h"

namespace handout {

/// Adds boxes and marks to every page of `doc` (the page's current size is its trim).
/// `folds[p]` lists the x of the folds of page p (from the trim's left edge); a page
/// beyond the list has none.
void add_print_marks(Document& doc, const PrintSpec& print, const std::vector<std::vector<Pt>>& folds);

/// The printer's spreads of a saddle-stitched booklet of `pages` pages (a multiple of
/// 4): for each sheet side, the pages (0-based) on its left and right half. Bound on the
/// left (8 pages: 8|1, 2|7, 6|3, 4|5), or on the right for a right-to-left booklet
/// (1|8, 7|2, 3|6, 5|4).
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> saddle_stitch_order(std::size_t pages,
                                                                                    bool bound_right);

/// Imposes `doc` as a saddle-stitched booklet: pads it with blank pages to a multiple of
/// 4 (at the end, or before the last page), then puts two pages side by side on each sheet
/// side in printer's spreads. Bookmarks follow their pages. Returns each new page's folds
/// (the spine, in the middle).
std::vector<std::vector<Pt>> impose_saddle_stitch(Document& doc, const ImpositionSpec& spec, bool bound_right);

}  // namespace handout
