#include "engine/bilingual.h"

#include <cctype>

#include "block/blocks.h"
#include "block/table.h"
#include "core/lang.h"
#include "engine/engine.h"
#include "flow/panels.h"
#include "flow/parallel.h"
#include "page/compose.h"
#include "text/shape_ahead.h"
#include "text/shaper.h"

namespace handout {

namespace {

// The rows of both translations of a table, each as tall as the taller of the two and with
// the deeper of the two first baselines (a caption as tall as the taller caption), so that
// the two tables, starting level, stay level row by row and break at the same row. Each
// table is shaped and broken once: both are prepared (measured), then placed.
std::pair<BlockFlow, BlockFlow> layout_table_pair(BlockContext& ca, const TableBlock& ta, BlockContext& cb,
                                                  const TableBlock& tb, int index) {
  PreparedTable pa = prepare_table(ca, ta, index);
  PreparedTable pb = prepare_table(cb, tb, index);
  const TableRows& ma = pa.measured;
  const TableRows& mb = pb.measured;
  TableRows both;
  both.caption = max(ma.caption, mb.caption);
  const std::size_t n = std::max(ma.below.size(), mb.below.size());
  both.ascent.resize(n);
  both.below.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    for (const TableRows* m : {&ma, &mb}) {
      if (r >= m->below.size()) continue;
      both.ascent[r] = max(both.ascent[r], m->ascent[r]);
      both.below[r] = max(both.below[r], m->below[r]);
    }
  }
  BlockFlow fa = place_table(ca, std::move(pa), index, &both);
  BlockFlow fb = place_table(cb, std::move(pb), index, &both);
  // The tables' tops start level (not their captions' first baselines: that would move one
  // table's rows off the other's by the difference of the scripts' baselines).
  for (BlockFlow* f : {&fa, &fb}) {
    if (!f->list.empty()) f->list.front().baseline = Pt(0);
  }
  return {std::move(fa), std::move(fb)};
}

std::optional<Document> layout_parallel(Engine& engine, const Article& a, const Article& b,
                                        const LayoutSpec& spec, DiagSink& sink,
                                        const RenderOptions& options) {
  const int errors_before = sink.error_count();
  if (!check_max_pages(options, sink)) return std::nullopt;
  if (!spec.cell_hyphenation_dir.empty() && !engine.hyphenator().check_dir(spec.cell_hyphenation_dir, sink)) {
    return std::nullopt;
  }
  auto chains = resolve_font_chains(engine.fonts(), spec, sink);
  if (!chains) return std::nullopt;
  const StyleSheet styles(spec);
  TextShaper shaper(engine.fonts(), &engine.hyphenator(), options.shape_cache);
  shaper.set_ahead(options.shape_ahead);
  const Pt body_width = spec.page_width - spec.margin_start - spec.margin_end;
  const Pt body_height = spec.page_height - spec.margin_top - spec.margin_bottom;
  // Each language has its own column on every page.
  PageBudget budget_a(body_height, 1, options.max_pages);
  PageBudget budget_b(body_height, 1, options.max_pages);
  const Pt gap = spec.bilingual.gap;
  const Pt column = (body_width - gap) / 2;
  BlockContext ca{spec, styles, *chains, shaper, sink, a, column, options.break_mode, spec.hyphenation_dir, options.brand};
  BlockContext cb{spec, styles, *chains, shaper, sink, b, column, options.break_mode, spec.hyphenation_dir, options.brand};
  // A list of a million items stops at the limit (each side against its own column).
  ca.within_budget = [&budget_a](const VList& part) { return budget_a.probe(part); };
  cb.within_budget = [&budget_b](const VList& part) { return budget_b.probe(part); };

  std::vector<BlockPair> pairs;
  pairs.reserve(a.blocks.size() + 1);
  if (options.shape_ahead) {
    options.shape_ahead->reach(&a, -1);
    options.shape_ahead->reach(&b, -1);
  }
  pairs.push_back(BlockPair{layout_title(ca), layout_title(cb)});
  // FAQs pair item by item, so each question stands level with its translation; tables
  // pair row by row.
  for (std::size_t i = 0; i < a.blocks.size(); ++i) {
    if (past_deadline(options, sink, a, a.blocks[i].pointer)) return std::nullopt;
    if (options.shape_ahead) {
      options.shape_ahead->reach(&a, static_cast<int>(i));
      options.shape_ahead->reach(&b, static_cast<int>(i));
    }
    std::vector<BlockFlow> left, right;
    const auto* ta = std::get_if<TableBlock>(&a.blocks[i].content);
    const auto* tb = std::get_if<TableBlock>(&b.blocks[i].content);
    if (ta && tb) {
      // Row N of one table stands level with row N of its translation.
      auto [l, r] = layout_table_pair(ca, *ta, cb, *tb, static_cast<int>(i));
      left.push_back(std::move(l));
      right.push_back(std::move(r));
    } else if (std::holds_alternative<ListBlock>(a.blocks[i].content)) {
      // A list starts level with its translation and then flows on each side: pairing its
      // items would pad the shorter side with gaps between items.
      left.push_back(layout_block(ca, a.blocks[i], static_cast<int>(i)));
      right.push_back(layout_block(cb, b.blocks[i], static_cast<int>(i)));
    } else {
      left = layout_block_parts(ca, a.blocks[i], static_cast<int>(i));
      right = layout_block_parts(cb, b.blocks[i], static_cast<int>(i));
    }
    for (std::size_t k = 0; k < std::min(left.size(), right.size()); ++k) {
      const bool fits_a = budget_a.add(left[k]);
      const bool fits_b = budget_b.add(right[k]);
      if (!fits_a || !fits_b) {
        (fits_a ? budget_b : budget_a).report((fits_a ? b : a).locate((fits_a ? b : a).blocks[i].pointer), sink);
        return std::nullopt;
      }
      pairs.push_back(BlockPair{std::move(left[k]), std::move(right[k])});
    }
  }
  ca.within_budget = cb.within_budget = nullptr;  // the budget ends here
  {
    auto ka = layout_contact(ca);
    auto kb = layout_contact(cb);
    if (ka && kb) pairs.push_back(BlockPair{std::move(*ka), std::move(*kb)});
  }
  if (sink.error_count() > errors_before) return std::nullopt;
  for (auto& pair : pairs) {
    for (auto& e : pair.right.list) set_struct_side(e.items, 1);
  }
  Pagination pages = paginate_parallel(std::move(pairs), body_height);
  // Bookmarks: each language's title, with its own headings below it, one language after the
  // other, as in the sequential form and the structure tree (a Part per language). Side by
  // side, a heading and its translation stand at one place: interleaved, every bookmark would
  // come twice, and a reader of one language would skip every other one. The pages put the
  // regions' entries in region order (a page's left column, then its right): which side each
  // entry comes from, in that order.
  std::vector<bool> second_side;
  for (std::size_t r = 0; r < pages.regions.size(); ++r) {
    second_side.insert(second_side.end(), pages.regions[r].outline.size(), r % 2 == 1);
  }
  {
    // Each side's events are reported against its own article.
    Pagination left, right;
    for (const auto& e : pages.events) (e.region % 2 == 0 ? left : right).events.push_back(e);
    report_pagination(left, a, 2, sink);
    report_pagination(right, b, 2, sink);
  }
  if (pages.regions.size() / 2 > options.max_pages) {
    sink.error(a.locate(""), "the handout would have " + std::to_string(pages.regions.size() / 2) +
                                 " pages, over the limit of " + std::to_string(options.max_pages));
    return std::nullopt;
  }
  ComposeOptions co;
  co.creation_time = options.creation_time.value_or(date_to_epoch(a.reviewed).value_or(946684800));
  co.columns = 2;
  co.column_gap = gap;
  co.mirror_columns = false;
  co.rule_between_columns = spec.bilingual.rule;
  Document doc = compose_pages(ca, std::move(pages), co);
  if (doc.outline.size() == second_side.size()) {
    std::vector<OutlineEntry> outline;
    outline.reserve(doc.outline.size());
    for (const bool second : {false, true}) {
      for (std::size_t k = 0; k < second_side.size(); ++k) {
        if (second_side[k] == second) outline.push_back(std::move(doc.outline[k]));
      }
    }
    doc.outline = std::move(outline);
  }
  doc.title = a.title.plain_text() + " · " + b.title.plain_text();
  doc.side_langs = {a.lang, b.lang};
  return doc;
}

std::string part_prefix(const std::string& lang) {
  std::string p = primary_language(lang);
  for (auto& c : p) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return p + " ";
}

std::optional<Document> layout_sequential(Engine& engine, const Article& a, const Article& b,
                                          const LayoutSpec& spec, DiagSink& sink,
                                          const RenderOptions& options) {
  // Each part's pages are where the leaflet prints them: after the cover (and the first
  // part), bound as the first language reads, so facing margins and a footer's outside
  // follow the leaflet's spreads (each part took its own first page for a recto).
  RenderOptions in_leaflet = options;
  in_leaflet.bound_right = a.direction == Direction::kRtl;
  in_leaflet.pages_before = 1;
  auto da = engine.layout(a, spec, sink, in_leaflet);
  in_leaflet.pages_before = 1 + (da ? da->pages.size() : 0);
  auto db = engine.layout(b, spec, sink, in_leaflet);
  if (!da || !db) return std::nullopt;
  // Each part kept to the limit on its own; the whole (with the cover) must be too.
  const std::size_t total = 1 + da->pages.size() + db->pages.size();
  if (total > options.max_pages) {
    sink.error(a.locate(""), "the handout would have " + std::to_string(total) + " pages, over the limit of " +
                                 std::to_string(options.max_pages));
    return std::nullopt;
  }
  auto chains = resolve_font_chains(engine.fonts(), spec, sink);
  if (!chains) return std::nullopt;

  // The cover: both titles, each in its own direction, a third of the way down the page.
  const StyleSheet styles(spec);
  TextShaper shaper(engine.fonts(), &engine.hyphenator(), options.shape_cache);
  shaper.set_ahead(options.shape_ahead);
  const Pt body_width = spec.page_width - spec.margin_start - spec.margin_end;
  DisplayPage cover{spec.page_width, spec.page_height, {}, std::nullopt, {}, {}};
  Pt y = spec.margin_top + (spec.page_height - spec.margin_top - spec.margin_bottom) * 0.28;
  // The cover is the first part's first page: facing margins (inside and outside) are that
  // page's, so both titles keep them; start and end margins follow each title's direction.
  // (The second title took its own direction's inside margin on the outside, 3 mm off the
  // first's block on an A6 booklet.)
  const Pt page_left = a.direction == Direction::kRtl ? spec.margin_end : spec.margin_start;
  for (const Article* art : {&a, &b}) {
    BlockContext ctx{spec, styles, *chains, shaper, sink, *art, body_width, options.break_mode, "", options.brand};
    std::vector<DisplayItem> items;
    const Pt h = stack_boxes(layout_title(ctx).list, Pt(0), items);
    const Pt left = spec.facing ? page_left : art->direction == Direction::kRtl ? spec.margin_end : spec.margin_start;
    for (auto& item : items) {
      translate(item, left, y);
      // Each title opens its own part again: on the cover it is a repetition.
      if (auto* t = std::get_if<TextItem>(&item)) t->ref.artifact = true;
      cover.items.push_back(std::move(item));
    }
    y += h + Pt(18);
    if (art == &a) {
      cover.items.push_back(RectItem{Rect{page_left, y, body_width, Pt(0.75)}, spec.table.rule_color, std::nullopt, Pt(0)});
      y += Pt(26);
    }
  }

  Document doc;
  doc.title = a.title.plain_text() + " · " + b.title.plain_text();
  doc.subject = da->subject;
  doc.lang = a.lang;
  doc.side_langs = {a.lang, b.lang};
  doc.creation_time = da->creation_time;
  doc.pages.push_back(std::move(cover));
  doc.page_labels.push_back(PageLabelRange{0, "", 1});
  for (Document* part : {&*da, &*db}) {
    const std::size_t offset = doc.pages.size();
    doc.page_labels.push_back(PageLabelRange{offset, part_prefix(part == &*da ? a.lang : b.lang), 1});
    for (auto& o : part->outline) {
      o.page += offset;
      doc.outline.push_back(std::move(o));
    }
    for (auto& page : part->pages) {
      if (part == &*db) set_struct_side(page.items, 1);
      doc.pages.push_back(std::move(page));
    }
  }
  return doc;
}

}  // namespace

std::optional<Document> layout_bilingual(Engine& engine, const Article& first, const Article& second,
                                         const LayoutSpec& spec, DiagSink& sink,
                                         const RenderOptions& options) {
  if (spec.bilingual.mode == BilingualSpec::Mode::kParallel) {
    return layout_parallel(engine, first, second, spec, sink, options);
  }
  return layout_sequential(engine, first, second, spec, sink, options);
}

}  // namespace handout
