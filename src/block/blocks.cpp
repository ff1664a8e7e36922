#include "block/blocks.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <vector>

#include "block/figure.h"
#include "block/table.h"
#include "core/utf.h"

namespace handout {

namespace {

// A FAQ pair or a callout stays together: breaking inside costs this much, so the page
// breaks before the pair when it can, and inside it only when the pair is too long.
constexpr int kKeepTogether = 9000;
// ... when it is short. A long one (more lines than this) moved whole to the next page left
// the page before it mostly empty (a 30-line callout after two short paragraphs: 80% of
// page 1 blank), since breaking inside cost more than any gap (paginate.cpp: an empty
// region's share e costs 10000 e^2). Breaking inside a long one costs what leaving half a
// region empty costs: it moves whole when that leaves less than half the region empty,
// and is split (its lines' orphan and widow rules kept, boxed on both pages) otherwise.
constexpr int kLongTogetherLines = 8;
constexpr int kLongTogether = 2500;
int together_penalty(std::size_t lines) {
  return lines > static_cast<std::size_t>(kLongTogetherLines) ? kLongTogether : kKeepTogether;
}

void append_paragraph(BlockContext& ctx, const Inline& in, Role role, int block, VList& out,
                      int inner_penalty = 0) {
  auto p = set_paragraph(ctx, flatten_inline(ctx, in, role), role, Pt(0), Pt(0));
  if (p) append_line_boxes(ctx, *p, role, block, out, inner_penalty);
}

Role heading_role(int level) {
  return level <= 1 ? Role::kHeading1 : level == 2 ? Role::kHeading2 : Role::kHeading3;
}

// Whether paragraph `index` leads into the list or table after it ("do the following:"): it
// then stays with their first lines, as a heading does, rather than end a page alone.
bool leads_in(const Article& article, const ParagraphBlock& p, int index) {
  if (index < 0 || static_cast<std::size_t>(index) + 1 >= article.blocks.size()) return false;
  const BlockContent& next = article.blocks[static_cast<std::size_t>(index) + 1].content;
  if (!std::holds_alternative<ListBlock>(next) && !std::holds_alternative<TableBlock>(next)) return false;
  const std::string text = p.text.plain_text();
  const std::size_t end = text.find_last_not_of(" \t\n");
  if (end == std::string::npos) return false;
  // A colon, or a full-width one (U+FF1A, EF BC 9A in UTF-8).
  return text[end] == ':' || (end >= 2 && text.compare(end - 2, 3, "\xEF\xBC\x9A") == 0);
}

BlockFlow flow_for(const BlockContext& ctx, Role role) {
  BlockFlow f;
  f.space_before = ctx.styles[role].space_before;
  f.space_after = ctx.styles[role].space_after;
  return f;
}

BlockFlow layout_heading(BlockContext& ctx, const HeadingBlock& h, int index) {
  const Role role = heading_role(h.level);
  BlockFlow f = flow_for(ctx, role);
  f.keep_with_next = true;
  append_paragraph(ctx, h.text, role, index, f.list, kNeverBreak);
  if (!f.list.empty()) {
    f.list.front().outline_title = h.text.plain_text();
    f.list.front().outline_level = h.level;
  }
  return f;
}

// The numbers of an ordered list set before its items, to find the widest.
constexpr std::size_t kMarkersAhead = 1000;

// The gap between a marker's end edge and its item's text.
Pt marker_gap(const BlockContext& ctx) { return ctx.styles[Role::kListMarker].size * 0.5; }

// A list item's marker set on one line, and its width.
struct Marker {
  SetParagraph set;
  Pt width;
};

// The marker of item `i` (its bullet or number), shaped and set on one line, or nothing
// when it cannot be shaped or sets no line. place_marker puts it on the start side.
StyledText marker_text(const BlockContext& ctx, const ListBlock& l, std::size_t i, const std::string& pointer) {
  const ComputedStyle& marker_style = ctx.styles[Role::kListMarker];
  std::string marker = l.ordered ? localized_number(ctx.spec, ctx.article.lang, static_cast<long>(i + 1)) + "."
                                 : ctx.spec.list.bullet;
  // In right-to-left text the number ends in U+061C ARABIC LETTER MARK (invisible, no
  // advance): poppler took "١." as a left-to-right stretch together with the space after
  // it and returned "١اغسل" for the item's first word.
  if (l.ordered && ctx.rtl()) marker += "\xD8\x9C";
  StyledText mt;
  mt.base = ctx.dir();
  mt.lang = ctx.article.lang;
  // A bullet is the layout's text (an ordered list's numbers are digits every font has).
  const bool own = !l.ordered && ctx.spec.source;
  mt.source = own ? ctx.spec.source.get() : ctx.article.source.get();
  mt.pointer = own ? std::string("/list/bullet") : pointer;
  TextStyle ms{marker_style.size, marker_style.bold || l.ordered, false, marker_style.color,
               ctx.article.lang, "", Role::kListMarker};
  mt.append(utf8_to_utf32(marker), ms);
  return mt;
}

std::optional<Marker> set_marker(BlockContext& ctx, const ListBlock& l, std::size_t i, const std::string& pointer) {
  const ComputedStyle& marker_style = ctx.styles[Role::kListMarker];
  auto shaped_marker = ctx.shaper.shape(marker_text(ctx, l, i, pointer), ctx.fonts, ctx.sink);
  if (!shaped_marker) return std::nullopt;
  Pt mw;
  for (const Pt a : shaped_marker->advance) mw += a;
  ParagraphOptions o;
  o.leading = marker_style.leading;
  auto marker_lines = build_lines(*shaped_marker, ctx.shaper, [mw](std::size_t) { return mw + kEpsilon; }, o);
  SetParagraph m = make_set_paragraph(std::move(*shaped_marker), std::move(marker_lines));
  if (m.lines.empty()) return std::nullopt;
  return Marker{std::move(m), mw};
}

// Puts a marker's end edge a gap before the text, which starts `indent` from the start edge.
void place_marker(const BlockContext& ctx, Marker& m, Pt indent) {
  // emit_line starts a line at the start indent (the end indent in RTL): put both at the
  // marker's physical left.
  m.set.start_indent = m.set.end_indent = start_x(ctx, indent - marker_gap(ctx) - m.width, m.width);
}

// A list item's text: its term and a colon, when it has one, then its text.
StyledText list_item_text(const BlockContext& ctx, const ListItem& item) {
  const ComputedStyle& item_style = ctx.styles[Role::kListItem];
  StyledText text;
  text.base = ctx.dir();
  text.lang = ctx.article.lang;
  text.source = ctx.article.source.get();
  text.pointer = item.text.pointer;
  if (item.term) {
    append_inline(ctx, *item.term, Role::kListTerm, text);
    // A term written with its colon ("Hydration:", as the schema's example has it) gets
    // no second one.
    std::string term = item.term->plain_text();
    while (!term.empty() && (term.back() == ' ' || term.back() == '\t')) term.pop_back();
    const bool has_colon = (!term.empty() && term.back() == ':') ||
                           (term.size() >= 3 && term.compare(term.size() - 3, 3, "\xEF\xBC\x9A") == 0);  // U+FF1A
    if (!has_colon) {
      Inline colon{{Span{":", "", false, false, ""}}, item.term->pointer};
      append_inline(ctx, colon, Role::kListTerm, text);
    }
    text.append(U" ", TextStyle{item_style.size, false, false, item_style.color, ctx.article.lang, "", Role::kListItem});
  }
  append_inline(ctx, item.text, Role::kListItem, text);
  return text;
}

std::vector<BlockFlow> list_parts(BlockContext& ctx, const ListBlock& l, int index) {
  const BlockFlow block = flow_for(ctx, Role::kBody);
  std::vector<BlockFlow> parts;
  const ComputedStyle& item_style = ctx.styles[Role::kListItem];
  // The markers first: a bullet or the items' numbers in the article's digits, end-aligned a
  // small gap before the text. The text starts at the layout's indent, or further for a list
  // whose widest marker does not fit in it ("10." in a narrow indent, or large print), so that
  // no marker stands in the start margin (a print shop trims there) and all items of the list
  // keep one text edge. An unordered list's bullet is the same for every item: it is shaped and
  // set once per list, unless shaping it reported something (which each item then reports at
  // its own place).
  // A list longer than kMarkersAhead items (a hostile one: pages stop it long before) sets
  // the later numbers as it reaches them, wide as the last item's number (the most digits).
  const std::size_t ahead = l.ordered ? std::min(l.items.size(), kMarkersAhead) : std::min<std::size_t>(l.items.size(), 1);
  std::vector<std::optional<Marker>> markers(ahead);
  std::optional<Marker> bullet;  // an unordered list's, once set
  Pt widest;
  for (std::size_t i = 0; i < ahead; ++i) {
    const int reported = ctx.sink.error_count() + ctx.sink.warning_count();
    markers[i] = set_marker(ctx, l, i, l.items[i].text.pointer);
    if (markers[i]) widest = max(widest, markers[i]->width);
    if (!l.ordered && ctx.sink.error_count() + ctx.sink.warning_count() == reported) std::swap(bullet, markers[i]);
  }
  if (l.ordered && ahead < l.items.size()) {
    if (auto last = set_marker(ctx, l, l.items.size() - 1, l.items.back().text.pointer)) widest = max(widest, last->width);
  }
  const Pt indent = max(ctx.spec.list.indent, widest + marker_gap(ctx));
  if (bullet) place_marker(ctx, *bullet, indent);
  for (auto& m : markers)
    if (m) place_marker(ctx, *m, indent);
  for (std::size_t i = 0; i < l.items.size(); ++i) {
    const ListItem& item = l.items[i];
    auto p = set_paragraph(ctx, list_item_text(ctx, item), Role::kListItem, indent, Pt(0));
    if (!p || p->lines.empty()) continue;

    // This item's marker: the list's bullet, its own number, or (a bullet that reported
    // something when set) set again to report at the item's place.
    std::optional<Marker> own;
    if (!bullet && i < markers.size()) {
      own = std::move(markers[i]);
    } else if (!bullet) {
      own = set_marker(ctx, l, i, item.text.pointer);
      if (own) place_marker(ctx, *own, indent);
    }
    const SetParagraph* marker = bullet ? &bullet->set : own ? &own->set : nullptr;

    VList lines;
    append_line_boxes(ctx, *p, Role::kListItem, index, lines);
    if (marker && !lines.empty()) {
      const SetParagraph& mp = *marker;
      // Its baseline on the first line's baseline. Its items join the line's in visual order,
      // as the line's own runs are: first in left-to-right text (the marker lies left of the
      // text), last in right-to-left text. Readers that join a line's pieces in the order they
      // are drawn (pdf.js, mutool) read "1. Wash ..." instead of a marker glued to the item's
      // first line ("Wash ... above.1."). Positions are unchanged.
      std::vector<DisplayItem>& first = lines.front().items;
      const Pt top = p->lines[0].ascent - mp.lines[0].ascent;
      if (ctx.rtl()) {
        emit_line(ctx, mp, 0, top, Role::kListMarker, index, first);
      } else {
        std::vector<DisplayItem> items;
        emit_line(ctx, mp, 0, top, Role::kListMarker, index, items);
        first.insert(first.begin(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
      }
    }
    set_struct_part(lines, static_cast<int>(i));
    BlockFlow part;
    part.list = std::move(lines);
    part.space_before = parts.empty() ? block.space_before : Pt(0);
    part.space_after = item_style.space_after;
    parts.push_back(std::move(part));
    if (ctx.within_budget && !ctx.within_budget(parts.back().list)) break;
  }
  if (!parts.empty()) parts.back().space_after = max(parts.back().space_after, block.space_after);
  return parts;
}

// One part per question and answer: the pair stays together (breaking inside costs
// kKeepTogether) unless it is longer than a page.
std::vector<BlockFlow> faq_parts(BlockContext& ctx, const FaqBlock& faq, int index) {
  std::vector<BlockFlow> parts;
  for (const FaqItem& item : faq.items) {
    BlockFlow f = flow_for(ctx, Role::kFaqQuestion);
    f.space_after = ctx.styles[Role::kFaqAnswer].space_after;
    append_paragraph(ctx, item.question, Role::kFaqQuestion, index, f.list, kNeverBreak);
    f.list.push_back(VElem::penalty_of(kNeverBreak));
    f.list.push_back(VElem::glue(ctx.styles[Role::kFaqQuestion].space_after));
    if (auto answer = set_paragraph(ctx, flatten_inline(ctx, item.answer, Role::kFaqAnswer), Role::kFaqAnswer, Pt(0),
                                    Pt(0))) {
      append_line_boxes(ctx, *answer, Role::kFaqAnswer, index, f.list, together_penalty(answer->lines.size()));
    }
    set_struct_part(f.list, static_cast<int>(parts.size()));
    parts.push_back(std::move(f));
    if (ctx.within_budget && !ctx.within_budget(parts.back().list)) break;
  }
  return parts;
}

// The cost of a break after a list's first item or before its last (the item alone at a
// page's bottom or top): about what leaving 40% of a page empty costs (paginate.cpp).
constexpr int kStrandedItem = 1600;

// The parts of one block joined into one flow, with the space between them collapsed
// as between blocks. In a list (`items`), a break that leaves the first or the last item
// alone costs kStrandedItem.
BlockFlow join_parts(std::vector<BlockFlow> parts, bool items = false) {
  BlockFlow f;
  if (parts.empty()) return f;
  f.space_before = parts.front().space_before;
  f.space_after = parts.back().space_after;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (items && k > 0 && (k == 1 || k + 1 == parts.size())) {
      VElem strand = VElem::penalty_of(kStrandedItem);
      strand.strands = true;
      f.list.push_back(std::move(strand));
    }
    if (k > 0) f.list.push_back(VElem::glue(max(parts[k - 1].space_after, parts[k].space_before)));
    for (auto& e : parts[k].list) f.list.push_back(std::move(e));
  }
  return f;
}

BlockFlow layout_callout(BlockContext& ctx, const CalloutBlock& c, int index) {
  BlockFlow f = flow_for(ctx, Role::kCallout);
  f.space_before = max(f.space_before, ctx.styles[Role::kBody].space_after);
  f.space_after = max(f.space_after, ctx.styles[Role::kBody].space_after);
  const CalloutSpec& cs = ctx.spec.callout;
  const Pt inset = cs.bar_width + cs.padding;
  VList inner;
  std::optional<SetParagraph> title, text;
  if (c.title) title = set_paragraph(ctx, flatten_inline(ctx, *c.title, Role::kCalloutTitle), Role::kCalloutTitle, inset,
                                     cs.padding);
  text = set_paragraph(ctx, flatten_inline(ctx, c.text, Role::kCallout), Role::kCallout, inset, cs.padding);
  const int together = together_penalty((title ? title->lines.size() : 0) + (text ? text->lines.size() : 0));
  if (title) append_line_boxes(ctx, *title, Role::kCalloutTitle, index, inner, together);
  if (text) {
    if (title) {
      inner.push_back(VElem::penalty_of(kNeverBreak));
      inner.push_back(VElem::box(ctx.styles[Role::kCalloutTitle].space_after));
      inner.push_back(VElem::penalty_of(kNeverBreak));
    }
    append_line_boxes(ctx, *text, Role::kCallout, index, inner, together);
  }
  // Padding above and below, and the tint and start-side bar behind every box, so that a
  // callout split across pages is boxed on both.
  f.list.push_back(VElem::box(cs.padding));
  f.list.push_back(VElem::penalty_of(kNeverBreak));
  for (auto& e : inner) f.list.push_back(std::move(e));
  f.list.push_back(VElem::penalty_of(kNeverBreak));
  f.list.push_back(VElem::box(cs.padding));
  for (auto& e : f.list) {
    if (e.kind != VKind::kBox) continue;
    std::vector<DisplayItem> deco;
    deco.push_back(RectItem{Rect{Pt(0), Pt(0), ctx.width, e.height}, cs.fill, std::nullopt, Pt(0)});
    deco.push_back(RectItem{Rect{start_x(ctx, Pt(0), cs.bar_width), Pt(0), cs.bar_width, e.height},
                            cs.bar, std::nullopt, Pt(0)});
    e.items.insert(e.items.begin(), deco.begin(), deco.end());
  }
  return f;
}

}  // namespace

BlockFlow layout_title(BlockContext& ctx) {
  BlockFlow f = flow_for(ctx, Role::kTitle);
  append_paragraph(ctx, ctx.article.title, Role::kTitle, -1, f.list, kNeverBreak);
  if (!f.list.empty()) {
    f.list.front().outline_title = ctx.article.title.plain_text();
    f.list.front().outline_level = 0;
  }
  if (ctx.article.subtitle) {
    f.list.push_back(VElem::penalty_of(kNeverBreak));
    f.list.push_back(VElem::glue(ctx.styles[Role::kTitle].space_after));
    append_paragraph(ctx, *ctx.article.subtitle, Role::kSubtitle, -1, f.list, kNeverBreak);
    f.space_after = ctx.styles[Role::kSubtitle].space_after;
  }
  f.keep_with_next = true;
  return f;
}

BlockFlow layout_text(BlockContext& ctx, const Inline& text, Role role) {
  BlockFlow f = flow_for(ctx, role);
  append_paragraph(ctx, text, role, -1, f.list, kNeverBreak);
  return f;
}

std::vector<BlockFlow> layout_block_parts(BlockContext& ctx, const Block& block, int index) {
  if (const auto* l = std::get_if<ListBlock>(&block.content)) return list_parts(ctx, *l, index);
  if (const auto* f = std::get_if<FaqBlock>(&block.content)) return faq_parts(ctx, *f, index);
  std::vector<BlockFlow> one;
  one.push_back(layout_block(ctx, block, index));
  return one;
}

void shaping_texts(const BlockContext& ctx, const Block* block, const std::function<bool(StyledText)>& shape) {
  auto paragraph = [&](const Inline& in, Role role) {
    StyledText t = flatten_inline(ctx, in, role);
    prepare_paragraph(ctx, t, role);
    return shape(std::move(t));
  };
  if (!block) {
    if (!paragraph(ctx.article.title, Role::kTitle)) return;
    if (ctx.article.subtitle) paragraph(*ctx.article.subtitle, Role::kSubtitle);
    return;
  }
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, HeadingBlock>) {
          paragraph(b.text, heading_role(b.level));
        } else if constexpr (std::is_same_v<T, ParagraphBlock>) {
          paragraph(b.text, Role::kBody);
        } else if constexpr (std::is_same_v<T, ListBlock>) {
          // As list_parts asks: the markers ahead (one bullet), then the items.
          const std::size_t ahead = b.ordered ? std::min(b.items.size(), kMarkersAhead) : std::min<std::size_t>(b.items.size(), 1);
          for (std::size_t i = 0; i < ahead; ++i) {
            if (!shape(marker_text(ctx, b, i, b.items[i].text.pointer))) return;
          }
          for (const ListItem& item : b.items) {
            StyledText t = list_item_text(ctx, item);
            prepare_paragraph(ctx, t, Role::kListItem);
            if (!shape(std::move(t))) return;
          }
        } else if constexpr (std::is_same_v<T, TableBlock>) {
          const std::size_t ncols = b.header.size();
          if (ncols == 0) return;
          for (std::size_t r = 0; r <= b.rows.size(); ++r) {
            const Role role = r == 0 ? Role::kTableHeader : Role::kTableCell;
            for (std::size_t c = 0; c < ncols; ++c) {
              if (!shape(table_cell_text(ctx, r == 0 ? b.header[c] : b.rows[r - 1][c], role))) return;
            }
          }
          if (b.caption) paragraph(*b.caption, Role::kTableCaption);
        } else if constexpr (std::is_same_v<T, FaqBlock>) {
          for (const FaqItem& item : b.items) {
            if (!paragraph(item.question, Role::kFaqQuestion) || !paragraph(item.answer, Role::kFaqAnswer)) return;
          }
        } else if constexpr (std::is_same_v<T, FigureBlock> || std::is_same_v<T, QrBlock>) {
          if (b.caption) paragraph(*b.caption, Role::kTableCaption);
        } else if constexpr (std::is_same_v<T, CalloutBlock>) {
          if (b.title && !paragraph(*b.title, Role::kCalloutTitle)) return;
          paragraph(b.text, Role::kCallout);
        }
      },
      block->content);
}

BlockFlow layout_block(BlockContext& ctx, const Block& block, int index) {
  return std::visit(
      [&](const auto& b) -> BlockFlow {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, HeadingBlock>) {
          return layout_heading(ctx, b, index);
        } else if constexpr (std::is_same_v<T, ParagraphBlock>) {
          BlockFlow f = flow_for(ctx, Role::kBody);
          append_paragraph(ctx, b.text, Role::kBody, index, f.list);
          f.keep_with_next = leads_in(ctx.article, b, index);
          return f;
        } else if constexpr (std::is_same_v<T, ListBlock>) {
          return join_parts(list_parts(ctx, b, index), true);
        } else if constexpr (std::is_same_v<T, TableBlock>) {
          return layout_table(ctx, b, index);
        } else if constexpr (std::is_same_v<T, FaqBlock>) {
          return join_parts(faq_parts(ctx, b, index));
        } else if constexpr (std::is_same_v<T, FigureBlock>) {
          return layout_figure(ctx, b, block, index);
        } else if constexpr (std::is_same_v<T, QrBlock>) {
          return layout_qr(ctx, b, block, index);
        } else {
          return layout_callout(ctx, b, index);
        }
      },
      block.content);
}

}  // namespace handout
