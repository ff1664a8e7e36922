// One layouter per block kind. Each turns a block into a vertical list for the
// paginator, with the spacing and keep rules around it.
#pragma once

#include <functional>

#include "block/context.h"

namespace handout {

/// A block laid out: its vertical list and how it joins its neighbours.
struct BlockFlow {
  VList list;
  Pt space_before;
  Pt space_after;
  bool keep_with_next = false;  ///< a heading, a table caption: never last on a page
};

/// The title block: title, subtitle and the article's version line.
[[nodiscard]] BlockFlow layout_title(BlockContext& ctx);
/// One paragraph of `text` in the style of `role`, not part of the article's blocks (a
/// brochure's cover lines, its contact line).
[[nodiscard]] BlockFlow layout_text(BlockContext& ctx, const Inline& text, Role role);
/// Any block of the article; `index` is its position in the article.
[[nodiscard]] BlockFlow layout_block(BlockContext& ctx, const Block& block, int index);
/// The same block as parts that a parallel layout pairs one to one with the other
/// translation's: one per item of a list or a FAQ, the whole block otherwise.
[[nodiscard]] std::vector<BlockFlow> layout_block_parts(BlockContext& ctx, const Block& block, int index);

/// The texts layout will shape for `block` (the title and subtitle when null), in the
/// order it will shape them, each prepared as layout prepares it, handed to `shape` until
/// it returns false. For shaping ahead on another thread: reads only the block and the
/// article's and layout's own values; texts it misses or gets wrong are only not ahead
/// (layout takes a result only for exactly the text it would shape).
void shaping_texts(const BlockContext& ctx, const Block* block, const std::function<bool(StyledText)>& shape);

}  // namespace handout
