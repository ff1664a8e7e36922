// Pagination: fills column regions (then pages) from the blocks' vertical lists.
// Breaks only where the list allows (glue after a box, a penalty below kNeverBreak),
// picks the cheapest of those, repeats table headers, and cuts a box only when it is
// taller than a whole region. Never loops: every region takes at least one box or part.
#pragma once

#include <vector>

#include "block/blocks.h"
#include "block/vlist.h"

namespace handout {

/// Joins block flows into one list: collapses the space between blocks (the larger of
/// after and before) and keeps a heading with the first two boxes of what follows.
[[nodiscard]] VList assemble(std::vector<BlockFlow> blocks);

/// Something the paginator had to do that a careful reader would want to know.
struct PaginationEvent {
  enum class Kind : std::uint8_t { kKeepBroken, kBoxCut, kRowSplit };
  Kind kind;
  int block = -1;    ///< article block index, when the box knows it
  std::size_t region = 0;
};

/// One filled region (a column of a page): items relative to the region's top-left.
struct Region {
  std::vector<DisplayItem> items;
  std::vector<OutlineEntry> outline;  ///< page is the region index until the page stage maps it
  Pt used;                            ///< height filled
};

struct Pagination {
  std::vector<Region> regions;
  std::vector<PaginationEvent> events;
};

/// Fills regions of `height` from `list`.
[[nodiscard]] Pagination paginate(VList list, Pt height);

/// Splits a box at height `at`: items above go to the first part; rectangles crossing
/// the cut are cut in two. Exposed for tests.
[[nodiscard]] std::pair<VElem, VElem> split_box(const VElem& box, Pt at);

}  // namespace handout
