#include "block/table.h"

#include <algorithm>

#include "core/utf.h"

namespace handout {

std::vector<Pt> distribute_columns(const std::vector<Pt>& min_w, const std::vector<Pt>& max_w,
                                   Pt avail) {
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
  } else if (sum_min <= avail) {
    // Each column gets its minimum, and the rest in proportion to how much more it wants.
    const Pt want = sum_max - sum_min;
    const Pt spare = avail - sum_min;
    for (std::size_t i = 0; i < n; ++i) {
      w[i] = min_w[i] + (want.value() > 0 ? spare * ((max_w[i] - min_w[i]) / want) : Pt(0));
    }
  } else {
    // Even the longest words do not fit: scale the minimums down; cells will break words.
    for (std::size_t i = 0; i < n; ++i) w[i] = avail * (min_w[i] / sum_min);
  }
  return w;
}

namespace {

struct Cell {
  std::optional<ShapedParagraph> shaped;
  std::vector<Line> lines;
  Pt height;
};

// The widest unbreakable piece and the whole width on one line.
std::pair<Pt, Pt> content_widths(const ShapedParagraph& p, TextShaper& shaper) {
  const auto points = collect_breakpoints(p, shaper, Pt(1e9));
  Pt min_w;
  for (std::size_t i = 1; i < points.size(); ++i) {
    min_w = max(min_w, points[i].end_width - points[i - 1].start_width);
  }
  return {min_w, points.back().end_width};
}

// A cell reads as a number when it has digits and nothing but digits, spaces, signs,
// separators and a short unit ("30–45", "1.5 mg", "25%").
bool numeric_cell(const Inline& in) {
  const std::string t = in.plain_text();
  int digits = 0, letters = 0;
  for (char32_t c : utf8_to_utf32(t)) {
    const auto gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
    if (gc == HB_UNICODE_GENERAL_CATEGORY_DECIMAL_NUMBER) ++digits;
    else if (gc >= HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER && gc <= HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER) ++letters;  // Ll Lm Lo Lt Lu
  }
  return digits > 0 && letters <= 3;
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

}  // namespace

BlockFlow layout_table(BlockContext& ctx, const TableBlock& table, int index) {
  BlockFlow f;
  const ComputedStyle& body = ctx.styles[Role::kBody];
  f.space_before = max(body.space_after, ctx.styles[Role::kTableCaption].space_before);
  f.space_after = max(body.space_after, Pt(8));
  const TableSpec& ts = ctx.spec.table;
  const std::size_t ncols = table.header.size();
  if (ncols == 0) return f;
  const Pt pad = ts.cell_padding;
  const std::vector<Align> col_align = column_alignment(table, ncols);

  // Shape every cell once; widths and lines come from the same shaping.
  std::vector<std::vector<Cell>> rows(table.rows.size() + 1, std::vector<Cell>(ncols));
  for (std::size_t r = 0; r <= table.rows.size(); ++r) {
    const Role role = r == 0 ? Role::kTableHeader : Role::kTableCell;
    for (std::size_t c = 0; c < ncols; ++c) {
      const Inline& in = r == 0 ? table.header[c] : table.rows[r - 1][c];
      StyledText st = flatten_inline(ctx, in, role);
      while (!st.text.empty() && st.text.back() == U' ') {
        st.text.pop_back();
        st.style_of.pop_back();
      }
      st.hyphenation_dir = r == 0 ? std::string() : ctx.hyphenation_dir;
      rows[r][c].shaped = ctx.shaper.shape(std::move(st), ctx.fonts, ctx.sink);
    }
  }
  std::vector<Pt> min_w(ncols), max_w(ncols);
  for (auto& row : rows) {
    for (std::size_t c = 0; c < ncols; ++c) {
      if (!row[c].shaped) continue;
      auto [mn, mx] = content_widths(*row[c].shaped, ctx.shaper);
      min_w[c] = max(min_w[c], mn + pad * 2);
      max_w[c] = max(max_w[c], mx + pad * 2);
    }
  }
  const std::vector<Pt> widths = distribute_columns(min_w, max_w, ctx.width);
  // Physical x of each column: the first column at the start side.
  std::vector<Pt> xs(ncols);
  Pt acc;
  for (std::size_t c = 0; c < ncols; ++c) {
    xs[c] = ctx.rtl() ? ctx.width - acc - widths[c] : acc;
    acc += widths[c];
  }

  if (table.caption) {
    auto p = set_paragraph(ctx, flatten_inline(ctx, *table.caption, Role::kTableCaption),
                           Role::kTableCaption, Pt(0), Pt(0));
    if (p) {
      append_line_boxes(ctx, *p, Role::kTableCaption, index, f.list, kNeverBreak);
      f.list.push_back(VElem::penalty_of(kNeverBreak));
      f.list.push_back(VElem::glue(ctx.styles[Role::kTableCaption].space_after));
    }
  }

  for (std::size_t r = 0; r < rows.size(); ++r) {
    const bool header = r == 0;
    const Role role = header ? Role::kTableHeader : Role::kTableCell;
    const ComputedStyle& cs = ctx.styles[role];
    VElem box;
    Pt content_h;
    std::vector<std::vector<Pt>> line_bottoms(ncols);
    for (std::size_t c = 0; c < ncols; ++c) {
      Cell& cell = rows[r][c];
      if (!cell.shaped) continue;
      ParagraphOptions o;
      o.align = col_align[c];
      o.leading = cs.leading;
      o.mode = ctx.break_mode;
      const Pt measure = max(Pt(1), widths[c] - pad * 2);
      cell.lines = build_lines(*cell.shaped, ctx.shaper, [measure](std::size_t) { return measure; }, o);
      Pt y;
      for (const Line& l : cell.lines) {
        y += l.height();
        line_bottoms[c].push_back(y);
      }
      cell.height = y;
      content_h = max(content_h, y);
    }
    const Pt row_h = content_h + pad * 2;
    box.height = row_h;
    const std::optional<Color> fill = header ? ts.header_fill
                                             : (r % 2 == 0 ? ts.zebra_fill : std::optional<Color>());
    if (fill) box.items.push_back(RectItem{Rect{Pt(0), Pt(0), ctx.width, row_h}, fill, std::nullopt, Pt(0)});
    for (std::size_t c = 0; c < ncols; ++c) {
      Cell& cell = rows[r][c];
      if (!cell.shaped) continue;
      SetParagraph sp;
      sp.shaped = std::move(*cell.shaped);
      sp.lines = std::move(cell.lines);
      BlockContext cell_ctx = ctx;
      cell_ctx.width = max(Pt(1), widths[c] - pad * 2);
      std::vector<DisplayItem> items;
      Pt y = pad;
      for (std::size_t li = 0; li < sp.lines.size(); ++li) {
        emit_line(cell_ctx, sp, li, y, role, index, items);
        y += sp.lines[li].height();
      }
      set_struct_part(items, static_cast<int>(r), static_cast<int>(c));
      for (auto& it : items) {
        translate(it, xs[c] + pad, Pt(0));
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
      // A header row is never left alone at a page bottom. A short table (three rows or
      // fewer) stays whole; a longer one keeps its first two rows together and never leaves
      // its last row alone. (A table taller than a page still breaks: the paginator says so.)
      const std::size_t body_rows = rows.size() - 1;
      const bool keep = r == 1 || body_rows <= 3 || r == 2 || r == body_rows;
      f.list.push_back(VElem::penalty_of(keep ? kNeverBreak : 0));
    }
    f.list.push_back(std::move(box));
  }
  return f;
}

}  // namespace handout
