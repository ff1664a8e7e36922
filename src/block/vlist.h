// The vertical list that blocks hand to the paginator (TeX's model): boxes that are
// never cut (a line, a table row), glue that may stretch or vanish at a page top, and
// penalties that say where a page may break. Keep rules are data in this list:
// widows and orphans, keep-with-next and table headers are penalties and groups.
#pragma once

#include <vector>

#include "core/display.h"

namespace handout {

/// A penalty at or above this forbids a break (TeX's 10000).
inline constexpr int kNeverBreak = 10000;

enum class VKind : std::uint8_t { kBox, kGlue, kPenalty };

struct VElem {
  VKind kind = VKind::kBox;
  /// Box: its height. Glue: the space it adds (dropped at the top of a page).
  Pt height;
  /// Box: the distance from its top to its first baseline (0 when it has no text line).
  Pt baseline;
  /// Penalty: the cost of breaking here; kNeverBreak forbids it.
  int penalty = 0;
  /// Penalty: it is the cost of leaving a list's first or last item alone in a region. The
  /// paginator pays it to move content only when the regions that follow show that the
  /// document grows no longer (see Flow::fill).
  bool strands = false;
  /// Box: its items, x relative to the column's left edge, y relative to the box top.
  std::vector<DisplayItem> items;
  /// Box: heights at which a box taller than a page may be cut (between lines).
  std::vector<Pt> splits;
  /// Box: it is the header row of table `header_of`, repeated on each page the table spans.
  int header_of = -1;
  /// Box: it is a body row of table `row_of` (the header repeats above it after a break).
  int row_of = -1;
  /// Bookmark to create where this box lands (a heading), with its level; empty: none.
  std::string outline_title;
  int outline_level = 0;
  /// Box: the picture of a figure, which may float (Flow::fill): when it does not fit at a
  /// region's foot, the blocks after it may fill the gap and it heads the next region.
  bool floats = false;
  /// Glue: the space between two blocks (assemble()), where a floated figure may be put.
  bool joins = false;

  static VElem box(Pt h) { VElem e; e.kind = VKind::kBox; e.height = h; return e; }
  static VElem glue(Pt h) { VElem e; e.kind = VKind::kGlue; e.height = h; return e; }
  static VElem penalty_of(int p) { VElem e; e.kind = VKind::kPenalty; e.penalty = p; return e; }
};

using VList = std::vector<VElem>;

}  // namespace handout
