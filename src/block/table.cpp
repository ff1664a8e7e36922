#include "block/table.h"

#include <algorithm>
#include <cmath>

#include "core/char_props.h"
#include "core/utf.h"

namespace handout {

namespace {

// Widths w[i] = clamp(t, lo[i], hi[i]) with one threshold t chosen so that they sum to
// `avail` (which must lie between the sums of lo and hi): narrow columns get all they
// want, and the room that is left is shared equally by the columns that want more.
std::vector<Pt> fill_to_threshold(const std::vector<Pt>& lo, const std::vector<Pt>& hi, Pt avail) {
  const std::size_t n = lo.size();
  auto total = [&](double t) {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += std::clamp(t, lo[i].value(), std::max(lo[i], hi[i]).value());
    return s;
  };
  double a = 0, b = 0;
  for (std::size_t i = 0; i < n; ++i) b = std::max(b, std::max(lo[i], hi[i]).value());
  for (int k = 0; k < 60; ++k) {  // bisection: total() is monotone in t
    const double m = (a + b) / 2;
    (total(m) < avail.value() ? a : b) = m;
  }
  std::vector<Pt> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = Pt(std::clamp(b, lo[i].value(), std::max(lo[i], hi[i]).value()));
  return w;
}

}  // namespace

std::vector<Pt> distribute_columns(const std::vector<Pt>& min_w, const std::vector<Pt>& max_w, Pt avail,
                                   Pt readable) {
  const std::size_t n = min_w.size();
  Pt sum_min, sum_max;
  for (std::size_t i = 0; i < n; ++i) {
    sum_min += min_w[i];
    sum_max += max_w[i];
  }
  std::vector<Pt> w(n);
  if (n == 0) return w;
  if (sum_max <= avail) {
    // Everything fits on one line per cell: share the spare room in proportion to content.
    const Pt spare = avail - sum_max;
    for (std::size_t i = 0; i < n; ++i) {
      w[i] = max_w[i] + (sum_max.value() > 0 ? spare * (max_w[i] / sum_max) : spare / static_cast<double>(n));
    }
    return w;
  }
  if (sum_min <= avail) {
    // No word need break. A column whose whole content fits in its share is never
    // wrapped; the others share what is left (so "Day 1" or "500 mg" stays on one line
    // while a notes column wraps).
    return fill_to_threshold(min_w, max_w, avail);
  }
  // Some column's longest word does not fit. Every column keeps at least a readable width
  // (or its own content, when that is narrower), short columns keep their whole content
  // when the threshold allows, and the long words are broken where they must be, in the
  // columns that get less than their minimum.
  std::vector<Pt> floor(n);
  Pt sum_floor;
  for (std::size_t i = 0; i < n; ++i) {
    floor[i] = min(min_w[i], readable);
    sum_floor += floor[i];
  }
  if (sum_floor <= avail) return fill_to_threshold(floor, max_w, avail);
  // Too many columns for the width even at the readable minimum: equal shares of what
  // there is (the caller warns).
  for (std::size_t i = 0; i < n; ++i) w[i] = avail * (floor[i] / sum_floor);
  return w;
}

std::vector<std::vector<Pt>> column_width_candidates(const std::vector<Pt>& min_w, const std::vector<Pt>& max_w,
                                                     Pt avail, Pt readable) {
  std::vector<std::vector<Pt>> out{distribute_columns(min_w, max_w, avail, readable)};
  const std::vector<Pt> first = out[0];  // a copy: `out` grows below
  const std::size_t n = min_w.size();
  Pt sum_min, sum_max, sum_floor;
  std::vector<Pt> lo(n);
  for (std::size_t i = 0; i < n; ++i) {
    sum_min += min_w[i];
    sum_max += max_w[i];
    lo[i] = min(min_w[i], readable);
    sum_floor += lo[i];
  }
  // Only when some cell must wrap and every column can have its lower bound.
  if (n < 2 || sum_max <= avail) return out;
  if (sum_min <= avail) {
    lo = min_w;
  } else if (sum_floor > avail) {
    return out;
  }
  auto add = [&out](std::vector<Pt> w) {
    for (const auto& have : out) {
      bool same = true;
      for (std::size_t i = 0; i < w.size() && same; ++i) same = std::abs((w[i] - have[i]).value()) < 1e-6;
      if (same) return;
    }
    out.push_back(std::move(w));
  };
  // The columns `first` leaves wrapped share what it gives them in proportion to how much
  // more than their lower bound they want (browsers' share), the others keep their content.
  auto proportional = [&](const std::vector<bool>& in) {
    Pt total, sum_lo, sum_hi;
    for (std::size_t i = 0; i < n; ++i) {
      if (!in[i]) continue;
      total += first[i];
      sum_lo += lo[i];
      sum_hi += max(lo[i], max_w[i]);
    }
    std::vector<Pt> w = first;
    if (sum_hi - sum_lo <= Pt(1e-9) || total < sum_lo) return w;
    const double f = std::clamp(((total - sum_lo) / (sum_hi - sum_lo)), 0.0, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (in[i]) w[i] = lo[i] + (max(lo[i], max_w[i]) - lo[i]) * f;
    }
    return w;
  };
  std::vector<bool> wrapped(n), all(n, true);
  for (std::size_t i = 0; i < n; ++i) wrapped[i] = first[i] + Pt(1e-6) < max_w[i];
  if (std::count(wrapped.begin(), wrapped.end(), true) >= 2) add(proportional(wrapped));
  // And every column so (CSS 2.1's automatic table layout).
  add(proportional(all));
  return out;
}

namespace {

using Cell = PreparedTable::Cell;

// The widest unbreakable piece and the whole width on one line.
std::pair<Pt, Pt> content_widths(const ShapedParagraph& p, TextShaper& shaper) {
  const auto points = collect_breakpoints(p, shaper, Pt(1e9));
  Pt min_w;
  for (std::size_t i = 1; i < points.size(); ++i) {
    min_w = max(min_w, points[i].end_width - points[i - 1].start_width);
  }
  return {min_w, points.back().end_width};
}

// A cell reads as a number when it is one: optional sign or currency, digits with their
// separators (a range "30–45", a time "08:00", "1.5"), and then at most a short unit
// ("mg", "mmol/L", "%", "°C"). "Day 1" starts with a word and "08:00 and 20:00" has one in
// the middle: they are text.
bool numeric_cell(const Inline& in) {
  const std::u32string t = utf8_to_utf32(in.plain_text());
  auto gc = [](char32_t c) { return hb_unicode_general_category(hb_unicode_funcs_get_default(), c); };
  auto is_letter = [&](char32_t c) {
    const auto g = gc(c);
    return g >= HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER && g <= HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER;
  };
  std::size_t i = 0;
  while (i < t.size() && (t[i] == U' ' || t[i] == U'+' || t[i] == U'-' || t[i] == 0x2212 || t[i] == U'~' ||
                          t[i] == U'<' || t[i] == U'>' || t[i] == 0x2264 || t[i] == 0x2265 ||
                          gc(t[i]) == HB_UNICODE_GENERAL_CATEGORY_CURRENCY_SYMBOL)) {
    ++i;
  }
  int digits = 0;
  std::size_t last_digit = 0;
  for (std::size_t k = i; k < t.size(); ++k) {
    if (gc(t[k]) == HB_UNICODE_GENERAL_CATEGORY_DECIMAL_NUMBER) {
      ++digits;
      last_digit = k;
    }
  }
  if (digits == 0 || gc(t[i]) != HB_UNICODE_GENERAL_CATEGORY_DECIMAL_NUMBER) return false;
  // Nothing but digits and separators up to the last digit.
  for (std::size_t k = i; k < last_digit; ++k) {
    if (is_letter(t[k])) return false;
  }
  // A short unit after it.
  int unit_letters = 0;
  for (std::size_t k = last_digit + 1; k < t.size(); ++k) unit_letters += is_letter(t[k]) ? 1 : 0;
  return unit_letters <= 6;
}

// The alignment of each column: as the article says, or numbers to the end side.
std::vector<Align> column_alignment(const TableBlock& table, std::size_t ncols) {
  std::vector<Align> out(ncols, Align::kStart);
  for (std::size_t c = 0; c < ncols; ++c) {
    const CellAlign a = c < table.align.size() ? table.align[c] : CellAlign::kAuto;
    if (a == CellAlign::kStart) continue;
    if (a == CellAlign::kCenter) { out[c] = Align::kCenter; continue; }
    if (a == CellAlign::kEnd) { out[c] = Align::kEnd; continue; }
    bool numeric = !table.rows.empty();
    for (const auto& row : table.rows) numeric = numeric && c < row.size() && numeric_cell(row[c]);
    if (numeric) out[c] = Align::kEnd;
  }
  return out;
}

// Whether a line of the cell ends between two letters or digits with no hyphen (a word
// wider than its column parted where no reader expects it), rather than at a hyphenation
// point or after a space, "/" or dash.
bool broken_between_letters(const Cell& cell) {
  const std::u32string& text = cell.shaped->source.text;
  auto alnum = [](char32_t c) {
    const auto g = general_category(c);
    return (g >= HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER && g <= HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER) ||
           g == HB_UNICODE_GENERAL_CATEGORY_DECIMAL_NUMBER || g == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK;
  };
  for (const Line& line : cell.lines) {
    const std::uint32_t end = line.chars.end;
    if (line.emergency && !line.hyphenated && end > 0 && end < text.size() && alnum(text[end - 1]) && alnum(text[end])) {
      return true;
    }
  }
  return false;
}

// Says where a table's columns came out narrower than their longest word (the word is
// hyphenated or broken between letters) and when there are more columns than fit at a
// readable width.
void warn_narrow_columns(const BlockContext& ctx, const std::vector<std::vector<Cell>>& rows,
                         const std::vector<Pt>& widths, const std::vector<Pt>& min_w, Pt readable) {
  const std::size_t ncols = widths.size();
  if (readable * static_cast<double>(ncols) > ctx.width && !rows.empty() && rows[0][0].shaped) {
    const auto fit = static_cast<long>(ctx.width / readable);
    ctx.sink.warning(rows[0][0].shaped->source.locate(),
                     "this table has " + std::to_string(ncols) + " columns; at most " + std::to_string(fit) +
                         " fit at a readable width here, so words in its cells are broken between letters");
    return;
  }
  for (std::size_t c = 0; c < ncols; ++c) {
    if (widths[c] + kEpsilon >= min_w[c]) continue;
    // The cell holding the longest word of the column.
    for (const auto& row : rows) {
      const Cell& cell = row[c];
      if (!cell.shaped || cell.min_width <= widths[c] + kEpsilon) continue;
      ctx.sink.warning(cell.shaped->source.locate(),
                       "a word in this table cell is wider than any column can be (" +
                           std::to_string(static_cast<long>(cell.min_width.value())) + " pt, column " +
                           std::to_string(static_cast<long>(widths[c].value())) + " pt) and was " +
                           (broken_between_letters(cell) ? "broken between letters"
                                                         : "hyphenated, or broken after a space, slash or dash"));
      break;
    }
  }
}

// A small table moves whole to the next page rather than splitting 2+2 or 2+3: one of
// at most kSmallTableRows body rows, or shorter than a third of the page's body. One taller
// than the page still breaks between rows (it must).
constexpr std::size_t kSmallTableRows = 6;

void keep_small_table_whole(const BlockContext& ctx, std::size_t body_rows, VList& list, std::size_t from) {
  Pt height;
  for (std::size_t i = from; i < list.size(); ++i) height += list[i].height;
  const LayoutSpec& spec = ctx.spec;
  const Pt page = spec.page_height - spec.margin_top - spec.margin_bottom;
  const bool small = body_rows <= kSmallTableRows || height * 3.0 < page;
  if (!small || height > page) return;
  for (std::size_t i = from; i < list.size(); ++i) {
    if (list[i].kind == VKind::kPenalty) list[i].penalty = kNeverBreak;
  }
}

// Whether the table may fit in the pages the limit leaves, known before any cell is
// shaped: every row is at least its padding tall, and a row with text at least half a line
// more (a span may be set smaller than the cell's style). Those lower bounds go to the page
// budget as boxes no taller than a page, so a table of a million rows is refused at once
// instead of shaping every cell first (it needs them all for its column widths).
bool rows_within_budget(const BlockContext& ctx, const TableBlock& table) {
  if (!ctx.within_budget) return true;
  const LayoutSpec& spec = ctx.spec;
  const Pt page = spec.page_height - spec.margin_top - spec.margin_bottom;
  const Pt pad = spec.table.cell_padding * 2;
  const Pt line = ctx.styles[Role::kTableCell].line_height() * 0.5;
  VList bounds;
  Pt box;
  auto add_row = [&](const std::vector<Inline>& row) {
    const bool text = std::any_of(row.begin(), row.end(), [](const Inline& in) { return !in.empty(); });
    const Pt h = min(page, pad + (text ? line : Pt(0)));
    if (box + h > page) {
      bounds.push_back(VElem::box(box));
      box = Pt(0);
    }
    box += h;
  };
  add_row(table.header);
  for (const auto& row : table.rows) add_row(row);
  bounds.push_back(VElem::box(box));
  return ctx.within_budget(bounds);
}

// How far the cells of a row reach below its top padding when their first lines stand on
// `row_ascent` (cell heights, drops and line bottoms filled in when asked).
Pt row_extent(std::vector<Cell>& row, Pt row_ascent, std::vector<Pt>* drop = nullptr,
              std::vector<std::vector<Pt>>* line_bottoms = nullptr) {
  Pt content_h;
  for (std::size_t c = 0; c < row.size(); ++c) {
    Cell& cell = row[c];
    if (!cell.shaped || cell.lines.empty()) continue;
    const Pt d = row_ascent - cell.lines[0].ascent;
    if (drop) (*drop)[c] = d;
    Pt y = d;
    for (const Line& l : cell.lines) {
      y += l.height();
      if (line_bottoms) (*line_bottoms)[c].push_back(y);
    }
    cell.height = y;
    content_h = max(content_h, y);
  }
  return content_h;
}

// The baseline of a row's tallest first line: every cell's first line stands on it (a cell
// of Latin text in an Arabic row sits as high as its Arabic neighbours, whose font reaches
// higher). At least `from`.
Pt row_ascent_of(const std::vector<Cell>& row, Pt from) {
  for (const Cell& cell : row) {
    if (cell.shaped && !cell.lines.empty()) from = max(from, cell.lines[0].ascent);
  }
  return from;
}

}  // namespace

PreparedTable prepare_table(BlockContext& ctx, const TableBlock& table, int index) {
  PreparedTable t;
  BlockFlow& f = t.flow;
  const ComputedStyle& body = ctx.styles[Role::kBody];
  f.space_before = max(body.space_after, ctx.styles[Role::kTableCaption].space_before);
  f.space_after = max(body.space_after, Pt(8));
  const TableSpec& ts = ctx.spec.table;
  const std::size_t ncols = table.header.size();
  if (ncols == 0) return t;
  const Pt pad = ts.cell_padding;
  const std::vector<Align> col_align = column_alignment(table, ncols);
  if (!rows_within_budget(ctx, table)) return t;

  // Shape every cell once; widths and lines come from the same shaping.
  auto& rows = t.rows;
  rows.assign(table.rows.size() + 1, std::vector<Cell>(ncols));
  for (std::size_t r = 0; r <= table.rows.size(); ++r) {
    const Role role = r == 0 ? Role::kTableHeader : Role::kTableCell;
    for (std::size_t c = 0; c < ncols; ++c) {
      const Inline& in = r == 0 ? table.header[c] : table.rows[r - 1][c];
      StyledText st = flatten_inline(ctx, in, role);
      while (!st.text.empty() && st.text.back() == U' ') {
        st.text.pop_back();
        st.style_of.pop_back();
      }
      // Header cells too: a table's cells are hyphenated only where a word is wider than its
      // column (hyphenate_long_words_only), and there "Ibupro-|fen" reads better than the
      // break between letters ("Ibup|rofen") a header cell got without a dictionary.
      st.hyphenation_dir = ctx.hyphenation_dir;
      rows[r][c].shaped = ctx.shaper.shape(std::move(st), ctx.fonts, ctx.sink);
    }
  }
  std::vector<Pt> min_w(ncols), max_w(ncols);
  for (auto& row : rows) {
    for (std::size_t c = 0; c < ncols; ++c) {
      if (!row[c].shaped) continue;
      auto [mn, mx] = content_widths(*row[c].shaped, ctx.shaper);
      row[c].min_width = mn + pad * 2;
      min_w[c] = max(min_w[c], mn + pad * 2);
      max_w[c] = max(max_w[c], mx + pad * 2);
    }
  }
  // A readable column: a few letters of body text beside its padding.
  const Pt readable = pad * 2 + ctx.styles[Role::kTableCell].size * 3.0;
  // Break every cell at the given widths; the table's height (rows' content) comes back.
  std::vector<Pt> row_ascents(rows.size());
  std::vector<Pt> row_belows(rows.size());
  auto set_cells = [&](const std::vector<Pt>& widths) {
    Pt height;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const ComputedStyle& cs = ctx.styles[r == 0 ? Role::kTableHeader : Role::kTableCell];
      for (std::size_t c = 0; c < ncols; ++c) {
        Cell& cell = rows[r][c];
        if (!cell.shaped) continue;
        ParagraphOptions o;
        o.align = col_align[c];
        o.leading = cs.leading;
        o.mode = ctx.break_mode;
        o.kashida = ctx.spec.kashida;
        o.hyphenate_long_words_only = true;
        const Pt measure = max(Pt(1), widths[c] - pad * 2);
        cell.lines = build_lines(*cell.shaped, ctx.shaper, [measure](std::size_t) { return measure; }, o);
      }
      row_ascents[r] = row_ascent_of(rows[r], Pt(0));
      const Pt extent = row_extent(rows[r], row_ascents[r]);
      row_belows[r] = extent - row_ascents[r];
      height += extent;
    }
    return height;
  };
  // Widths as browsers' automatic layout gives them with short columns kept whole
  // (distribute_columns); when cells must wrap, the other shares worth trying
  // (column_width_candidates) win where they make the table shorter without wrapping a
  // body cell the first kept on one line ("Day 1", "500 mg" stay whole; a notes column set
  // five lines deep beside a dose column with room to give gets that room).
  const std::vector<std::vector<Pt>> candidates = column_width_candidates(min_w, max_w, ctx.width, readable);
  std::size_t chosen = 0;
  Pt best = set_cells(candidates[0]);
  if (candidates.size() > 1) {
    std::vector<std::vector<bool>> one_line(rows.size(), std::vector<bool>(ncols));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < ncols; ++c) one_line[r][c] = rows[r][c].lines.size() <= 1;
    }
    std::size_t last = 0;
    for (std::size_t k = 1; k < candidates.size(); ++k) {
      const Pt h = set_cells(candidates[k]);
      last = k;
      bool keeps = true;
      // Body cells only: a header ("Insulin dose") may take a second line as table headers do.
      for (std::size_t r = 1; r < rows.size() && keeps; ++r) {
        for (std::size_t c = 0; c < ncols && keeps; ++c) keeps = !one_line[r][c] || rows[r][c].lines.size() <= 1;
      }
      if (keeps && h + Pt(0.5) < best) {
        best = h;
        chosen = k;
      }
    }
    if (chosen != last) set_cells(candidates[chosen]);
  }
  t.widths = candidates[chosen];
  const std::vector<Pt>& widths = t.widths;
  warn_narrow_columns(ctx, rows, widths, min_w, readable);
  // Physical x of each column: the first column at the start side.
  t.xs.resize(ncols);
  Pt acc;
  for (std::size_t c = 0; c < ncols; ++c) {
    t.xs[c] = ctx.rtl() ? ctx.width - acc - widths[c] : acc;
    acc += widths[c];
  }

  if (table.caption) {
    auto p = set_paragraph(ctx, flatten_inline(ctx, *table.caption, Role::kTableCaption),
                           Role::kTableCaption, Pt(0), Pt(0));
    if (p) {
      append_line_boxes(ctx, *p, Role::kTableCaption, index, f.list, kNeverBreak);
      Pt h;
      for (const auto& e : f.list) h += e.height;
      t.measured.caption = h;
      t.caption = true;
    }
  }

  t.measured.ascent = std::move(row_ascents);
  t.measured.below = std::move(row_belows);
  return t;
}

BlockFlow place_table(BlockContext& ctx, PreparedTable table, int index, const TableRows* match) {
  BlockFlow f = std::move(table.flow);
  auto& rows = table.rows;
  if (rows.empty()) return f;
  const TableSpec& ts = ctx.spec.table;
  const std::size_t ncols = rows[0].size();
  const Pt pad = ts.cell_padding;
  const std::vector<Pt>& widths = table.widths;
  const std::vector<Pt>& xs = table.xs;

  if (table.caption) {
    // A caption shorter than its translation's is padded to the same height.
    const Pt h = table.measured.caption;
    if (match && match->caption > h + kEpsilon) {
      f.list.push_back(VElem::penalty_of(kNeverBreak));
      f.list.push_back(VElem::box(match->caption - h));
    }
    f.list.push_back(VElem::penalty_of(kNeverBreak));
    f.list.push_back(VElem::glue(ctx.styles[Role::kTableCaption].space_after));
  }

  const std::size_t first_row = f.list.size();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const bool header = r == 0;
    const Role role = header ? Role::kTableHeader : Role::kTableCell;
    VElem box;
    std::vector<std::vector<Pt>> line_bottoms(ncols);
    const Pt row_ascent = row_ascent_of(rows[r], match && r < match->ascent.size() ? match->ascent[r] : Pt(0));
    std::vector<Pt> drop(ncols);
    Pt content_h = row_extent(rows[r], row_ascent, &drop, &line_bottoms);
    if (match && r < match->below.size()) content_h = max(content_h, row_ascent + match->below[r]);
    const Pt row_h = content_h + pad * 2;
    box.height = row_h;
    const std::optional<Color> fill = header ? ts.header_fill
                                             : (r % 2 == 0 ? ts.zebra_fill : std::optional<Color>());
    if (fill) box.items.push_back(RectItem{Rect{Pt(0), Pt(0), ctx.width, row_h}, fill, std::nullopt, Pt(0)});
    // Cells are drawn from the left in either direction: pdf.js starts a new text item
    // without a space at a move to the left, so a right-to-left row drawn from its first
    // column ran each cell's last word into the next cell's first. The structure tree reads
    // them by column.
    // The last text item of the cell drawn before, in box.items (right-to-left rows).
    std::optional<std::size_t> before;
    for (std::size_t k = 0; k < ncols; ++k) {
      const std::size_t c = ctx.rtl() ? ncols - 1 - k : k;
      Cell& cell = rows[r][c];
      if (!cell.shaped) continue;
      SetParagraph sp = make_set_paragraph(std::move(*cell.shaped), std::move(cell.lines));
      BlockContext cell_ctx = ctx;
      cell_ctx.width = max(Pt(1), widths[c] - pad * 2);
      std::vector<DisplayItem> items;
      Pt y = pad + drop[c];
      std::size_t first_line_end = 0;
      for (std::size_t li = 0; li < sp.lines.size(); ++li) {
        emit_line(cell_ctx, sp, li, y, role, index, items);
        if (li == 0) first_line_end = items.size();
        y += sp.lines[li].height();
      }
      // In a right-to-left row, a cell whose first line starts at its left with a
      // left-to-right run ("250 mg") gets an Arabic letter mark at that edge, written last in
      // the cell drawn before (on its left): poppler read the row's cells on one line and
      // took the space between the cells into the run's stretch ("250 mgمرتين").
      if (ctx.rtl() && before) {
        std::optional<std::size_t> leftmost;  // of the first line's text items
        for (std::size_t i = 0; i < first_line_end; ++i) {
          const auto* t = std::get_if<TextItem>(&items[i]);
          if (t && (!leftmost || t->origin.x < std::get<TextItem>(items[*leftmost]).origin.x)) leftmost = i;
        }
        auto* left = std::get_if<TextItem>(&box.items[*before]);
        TextItem* first = leftmost ? std::get_if<TextItem>(&items[*leftmost]) : nullptr;
        if (first && left && left->origin.y == first->origin.y) {
          if (starts_left_to_right(*first)) {
            mark_left_to_right_edge(ctx, *left, first->origin.x + xs[c] + pad - left->origin.x);
          }
        }
      }
      // A space after the cell's text when another cell is drawn after it: mutool and
      // ghostscript join text in content order, and ran the cells' words together.
      if (k + 1 < ncols) {
        for (auto it = items.rbegin(); it != items.rend(); ++it) {
          if (auto* t = std::get_if<TextItem>(&*it)) {
            end_with_space(ctx, *t);
            break;
          }
        }
      }
      set_struct_part(items, static_cast<int>(r), static_cast<int>(c));
      for (auto& it : items) {
        translate(it, xs[c] + pad, Pt(0));
        if (std::holds_alternative<TextItem>(it)) before = box.items.size();
        box.items.push_back(std::move(it));
      }
    }
    // Rules: above the header, and below every row (heavier below the header).
    const Pt rule = ts.rule_width;
    if (header) box.items.push_back(RectItem{Rect{Pt(0), Pt(0), ctx.width, rule}, ts.rule_color, std::nullopt, Pt(0)});
    const Pt below = header ? rule * 2 : rule;
    box.items.push_back(RectItem{Rect{Pt(0), row_h - below, ctx.width, below}, ts.rule_color, std::nullopt, Pt(0)});
    // Where a row taller than a page may be cut: a line bottom that cuts no other line.
    for (std::size_t c = 0; c < ncols; ++c) {
      for (Pt b : line_bottoms[c]) {
        const Pt cut = b + pad;
        bool clean = true;
        for (std::size_t k = 0; k < ncols && clean; ++k) {
          Pt top;
          for (Pt bottom : line_bottoms[k]) {
            if (cut > top + pad + kEpsilon && cut < bottom + pad - kEpsilon) clean = false;
            top = bottom;
          }
        }
        if (clean && cut < row_h - pad) box.splits.push_back(cut);
      }
    }
    std::sort(box.splits.begin(), box.splits.end());
    box.splits.erase(std::unique(box.splits.begin(), box.splits.end(),
                                 [](Pt a, Pt b) { return (a - b).value() < kEpsilon.value(); }),
                     box.splits.end());
    if (header) {
      if (ts.repeat_header) box.header_of = index;
    } else {
      box.row_of = index;
      // A header row is never left alone at a page bottom, and a table that breaks keeps
      // at least two body rows on each side of the break (the header repeats above the
      // second part).
      const std::size_t body_rows = rows.size() - 1;
      const bool keep = r <= 2 || r + 1 > body_rows;
      f.list.push_back(VElem::penalty_of(keep ? kNeverBreak : 0));
    }
    f.list.push_back(std::move(box));
  }
  keep_small_table_whole(ctx, rows.size() - 1, f.list, first_row);
  return f;
}

BlockFlow layout_table(BlockContext& ctx, const TableBlock& table, int index) {
  return place_table(ctx, prepare_table(ctx, table, index), index);
}

}  // namespace handout
