// Parallel pagination for bilingual leaflets: two columns, one per language, whose
// corresponding blocks start level. The taller block of a pair sets where the next pair
// starts; a pair that does not fit continues on both sides of the next page.
#pragma once

#include <vector>

#include "flow/paginate.h"

namespace handout {

/// A block of each language, at the same index of their articles.
struct BlockPair {
  BlockFlow left;
  BlockFlow right;
};

/// Regions in pairs: regions[2k] is the left column of page k, regions[2k + 1] the right.
[[nodiscard]] Pagination paginate_parallel(std::vector<BlockPair> pairs, Pt height);

}  // namespace handout
