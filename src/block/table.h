// Tables: column widths from the cells' min/max content widths (as browsers' automatic
// table layout), wrapped cells, a header row that repeats on every page, rows kept whole
// unless taller than a page, and column order mirrored in right-to-left articles.
#pragma once

#include "block/blocks.h"

namespace handout {

/// The heights a table was set to: its caption's, and for each row (header first) the
/// depth of its first baseline below the top padding and how far its cells reach below that
/// baseline. Two translations of a table set side by side (the parallel layout) match each
/// other's so that row N of one stands level with row N of the other.
struct TableRows {
  Pt caption;
  std::vector<Pt> ascent;
  std::vector<Pt> below;
};

/// A table with every cell shaped and broken into lines and its caption set, but not yet
/// placed (`index`: the block's, for the caption's tags): the parallel layout prepares both translations, then places each to the taller
/// of the two rows (TableRows), so every cell is shaped and broken once.
struct PreparedTable {
  struct Cell {
    std::optional<ShapedParagraph> shaped;
    std::vector<Line> lines;
    std::shared_ptr<const void> lines_kept;  ///< the shaping cache's record of `lines` (build_lines)
    Pt height;
    Pt min_width;  ///< its longest word, padding included
  };
  BlockFlow flow;  ///< the spacing, and the caption's line boxes when there is one
  bool caption = false;
  std::vector<std::vector<Cell>> rows;  ///< header first; empty when there is nothing to place
  std::vector<Pt> widths;               ///< of the columns, padding included
  std::vector<Pt> xs;                   ///< physical x of each column
  TableRows measured;                   ///< the heights it is set to on its own
};

/// The text of a cell (`role`: kTableHeader or kTableCell) as prepare_table shapes it.
[[nodiscard]] StyledText table_cell_text(const BlockContext& ctx, const Inline& in, Role role);

/// Shapes, measures and breaks `table` (with its warnings). Nothing is placed.
[[nodiscard]] PreparedTable prepare_table(BlockContext& ctx, const TableBlock& table, int index);
/// Places a prepared table. `match`: heights to reach at least (rows grow, baselines drop to
/// match); without it the table is set to its own heights.
[[nodiscard]] BlockFlow place_table(BlockContext& ctx, PreparedTable table, int index,
                                    const TableRows* match = nullptr);
/// prepare_table, then place_table to its own heights.
[[nodiscard]] BlockFlow layout_table(BlockContext& ctx, const TableBlock& table, int index);

/// Column widths for `avail`, given each column's minimum and maximum content widths
/// (padding included), as browsers' automatic table layout with two differences: a column
/// whose content fits in its share is never wrapped, and when the longest words do not
/// fit every column keeps at least `readable` (or its own content, when narrower) and the
/// long words break. When every cell fits on one line, the spare room is shared in
/// proportion to content, after the columns marked `blank` (no text in any body cell: a
/// diary's "Date" and "Weight" for the patient to write in) have been widened, alike, towards
/// 28 mm, room for a handwritten date. Pure; exposed for tests.
[[nodiscard]] std::vector<Pt> distribute_columns(const std::vector<Pt>& min_w,
                                                 const std::vector<Pt>& max_w, Pt avail,
                                                 Pt readable = Pt(0), const std::vector<bool>& blank = {});

/// The column widths worth trying for a table whose cells must wrap: distribute_columns'
/// first, then the columns it leaves wrapped sharing their room in proportion to how much
/// more than their longest word they want, then every column so (CSS 2.1's automatic
/// table layout). One entry when nothing wraps. Pure; exposed for tests.
[[nodiscard]] std::vector<std::vector<Pt>> column_width_candidates(const std::vector<Pt>& min_w,
                                                                   const std::vector<Pt>& max_w, Pt avail,
                                                                   Pt readable = Pt(0),
                                                                   const std::vector<bool>& blank = {});

/// A cell as the column-width search sees it: at each place a line may end, the width of
/// the text up to a line ending there and up to where the next line starts (the first
/// entry is the cell's start, the last its end); `forced` where the text asks for a new line.
struct CellBreaks {
  std::vector<Pt> end;
  std::vector<Pt> start;
  std::vector<bool> forced;
};

/// How many lines a cell takes in `measure` (first fit, which gives the fewest lines; a piece
/// wider than the measure takes as many lines as it fills).
[[nodiscard]] int count_lines(const CellBreaks& cell, Pt measure);

/// A table for the column-width search: its cells (rows, header first, by column), each
/// row's line height, and the padding a column adds to its text on both sides together.
struct TableShape {
  std::vector<std::vector<CellBreaks>> cells;
  std::vector<Pt> line_height;
  Pt padding;
};

/// Column widths (padding included) that make the table shortest, then wrap the fewest body
/// lines, then the fewest header lines, starting from `start` (which sums to `avail`) and
/// keeping every column within [lo, hi]: width moves, a step at a time, to the column where
/// a next line saved makes the table shorter, from columns with room they do not use or
/// whose cost is smaller (a header taking a second line at its spaces, "Ibuprofen | 100 mg/5
/// mL", so that the notes beside it lose a line in many rows); a header cell is never set in
/// more than two lines, or the lines it has at `start`. Room that is left over goes to the
/// columns that still wrap, the narrowest first. Pure; exposed for tests.
/// Short body cells the search keeps on one line (`keep`, by row, header first: "Left arm",
/// "2 months"): `lo` holds those that are on one line at `start`, and a column may go below
/// its `lo`, to its `floor`, only when that sets more of them on one line than it wraps.
struct KeptWhole {
  std::vector<std::vector<bool>> keep;
  std::vector<Pt> floor;
};
[[nodiscard]] std::vector<Pt> balance_columns(const TableShape& table, const std::vector<Pt>& lo,
                                              const std::vector<Pt>& hi, std::vector<Pt> start, Pt avail,
                                              const KeptWhole* kept = nullptr);

}  // namespace handout
