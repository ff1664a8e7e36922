#include "engine/brochure.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "block/blocks.h"
#include "block/figure.h"
#include "engine/engine.h"
#include "flow/panels.h"
#include "page/compose.h"
#include "text/shape_cache.h"
#include "text/shaper.h"

namespace handout {

namespace {

// Shrinking goes down in steps of this much body size, so the text keeps a size a
// person would pick (9.5, 9.25, 9 pt ...).
constexpr double kShrinkStep = 0.25;

// `text` from `pointer` in `source` (null: the article).
Inline plain_inline(const std::string& text, const std::string& pointer, const JsonDoc* source) {
  return Inline{{Span{text, "", false, false, ""}}, pointer, source};
}

// A panel text of the layout at `pointer`, filled from its template (`origins`: what the
// brand or the article put into it, reported where it came from).
BlockFlow layout_panel_text(BlockContext& ctx, const std::string& text, const std::vector<TextOrigin>& origins,
                            const std::string& pointer, Role role) {
  ctx.origins = &origins;
  BlockFlow f = layout_text(ctx, plain_inline(text, pointer, ctx.spec.source.get()), role);
  ctx.origins = nullptr;
  return f;
}

// A logo at the top of what is stacked so far (y), at the start edge: as tall as the
// layout says, as wide as the picture's aspect makes it.
void place_logo(const BlockContext& ctx, const std::shared_ptr<const Image>& logo, const LocalizedText& alt,
                const Rect& text, Pt& y, std::vector<DisplayItem>& out) {
  const Pt h = ctx.spec.panels.logo_height;
  const Pt w = h * (static_cast<double>(logo->width) / logo->height);
  const Pt x = ctx.rtl() ? text.width - w : Pt(0);
  const std::string a = alt.for_lang(ctx.article.lang);
  out.push_back(ImageItem{Rect{x, y, w, h}, logo, a.empty() ? std::string("logo") : a, -1});
  y += h;
}

// What one attempt at a body size made.
struct Attempt {
  bool fits = false;
  std::string why;        // when it does not fit
  Location where;
  Document doc;
  std::vector<PaginationEvent> events;
  std::vector<Pt> used;  // the height of text on each flow panel filled, in reading order
  Pt panel_height;       // the flow panels' text height
};

// The items of a cover or back panel, stacked from the top of its text area. Returns
// the height used, or nothing when an item is missing from the article or layout.
// `foot_from`: where in `out` the clinic's logo and name start when they are the last item
// (the caller sets them at the panel's foot); out.size() when they are not.
// `heights`: each item's height (with the space before it), 0 for one left out.
Pt stack_panel(BlockContext& ctx, const std::vector<PanelItem>& items, const std::string& pointer,
               std::vector<DisplayItem>& out, Pt& band_bottom, const Rect& text, std::size_t& foot_from,
               std::vector<Pt>& heights) {
  foot_from = std::numeric_limits<std::size_t>::max();
  heights.assign(items.size(), Pt(0));
  const Article& a = ctx.article;
  const PanelSpec& ps = ctx.spec.panels;
  Pt y;
  Pt pending;  // space after the last item
  bool first = true;
  for (std::size_t i = 0; i < items.size(); ++i) {
    BlockFlow f;
    const Pt item_top = y;
    switch (items[i]) {
      case PanelItem::kTitle: f = layout_text(ctx, a.title, Role::kTitle); break;
      case PanelItem::kSubtitle:
        if (!a.subtitle) continue;
        f = layout_text(ctx, *a.subtitle, Role::kSubtitle);
        break;
      case PanelItem::kContact: {
        std::vector<TextOrigin> origins;
        const std::string t = fill_template(ctx, ps.contact.for_lang(a.lang), 1, 1, &origins);
        warn_not_in_language(ctx, ps.contact, "/panels/contact", "the panel's contact text");
        if (t.empty()) continue;
        f = layout_panel_text(ctx, t, origins, ps.contact.pointer_for("/panels/contact", a.lang), Role::kBody);
        break;
      }
      case PanelItem::kReviewed: {
        if (a.reviewed.empty()) continue;
        std::vector<TextOrigin> origins;
        const std::string t = fill_template(ctx, ps.reviewed.for_lang(a.lang), 1, 1, &origins);
        warn_not_in_language(ctx, ps.reviewed, "/panels/reviewed", "the panel's review line");
        f = layout_panel_text(ctx, t, origins, ps.reviewed.pointer_for("/panels/reviewed", a.lang),
                              Role::kTableCaption);
        break;
      }
      case PanelItem::kVersion:
        if (a.version.empty()) continue;
        f = layout_text(ctx, plain_inline(localized_text_digits(ctx.spec, a.lang, a.version), "/meta/version", nullptr),
                        Role::kTableCaption);
        break;
      case PanelItem::kQr: {
        if (a.url.empty()) continue;
        if (!first) y += pending;
        // At the start edge, like the logo; what it encodes is its alternative text.
        std::string error, advice;
        const Pt side = min(ps.qr_size, text.width);
        auto symbol = qr_symbol(a.url, side, Color{0, 0, 0}, error, 'M', &advice);
        if (!symbol) {
          ctx.sink.error(a.locate("/meta/url"), "meta.url " + error);
          continue;
        }
        if (!advice.empty()) ctx.sink.warning(a.locate("/meta/url"), "meta.url " + advice);
        symbol->alt = qr_alt(a.url, a.lang, symbol->alt_lang);
        symbol->rect.x = ctx.rtl() ? text.width - side : Pt(0);
        symbol->rect.y = y;
        out.push_back(std::move(*symbol));
        y += side;
        pending = mm(4);
        first = false;
        heights[i] = y - item_top;
        continue;
      }
      case PanelItem::kLogo: {
        if (!ps.logo) continue;
        if (!first) y += pending;
        place_logo(ctx, ps.logo, ps.logo_alt, text, y, out);
        pending = mm(4);
        first = false;
        heights[i] = y - item_top;
        continue;
      }
      case PanelItem::kBrand: {
        // The clinic's logo, then its name in the article's language.
        const Brand* brand = ctx.brand;
        if (!brand) continue;
        if (i + 1 == items.size()) foot_from = out.size();
        if (brand->logo) {
          if (!first) y += pending;
          place_logo(ctx, brand->logo, brand->logo_alt, text, y, out);
          pending = mm(3);
          first = false;
        }
        const std::string name = brand->name.for_lang(a.lang);
        if (name.empty()) {
          heights[i] = y - item_top;
          continue;
        }
        f = layout_text(ctx, Inline{{Span{name, "", true, false, ""}}, brand->name.pointer_for("/name", a.lang),
                                    brand->source.get()},
                        Role::kBody);
        break;
      }
    }
    if (!first) y += max(pending, f.space_before);
    y += stack_boxes(f.list, y, out);
    heights[i] = y - item_top;
    pending = f.space_after;
    first = false;
    if (items[i] == PanelItem::kTitle && ps.cover_fill && pointer == "/panels/cover") {
      // The band behind the title ends half a top margin below it; what follows keeps its
      // space below the band.
      y += ctx.spec.margin_top / 2;
      band_bottom = y;
    }
  }
  foot_from = std::min(foot_from, out.size());
  return y;
}

// Why an attempt failed: `left` blocks (this one and those after it) did not fit.
std::string panels_full(std::size_t panels, std::size_t left) {
  return "the brochure's " + std::to_string(panels) + " text panels are full: this block" +
         (left > 1 ? " and the " + std::to_string(left - 1) + " after it do" : " does") + " not fit";
}

Attempt attempt(Engine& engine, const Article& article, const LayoutSpec& spec, const FontChains& chains,
                const FoldedSheet& sheet, double scale, DiagSink& sink, const RenderOptions& options) {
  Attempt at;
  const StyleSheet styles(spec, scale);
  TextShaper shaper(engine.fonts(), &engine.hyphenator(), options.shape_cache);
  shaper.set_ahead(options.shape_ahead);
  const Rect first_text = sheet.at(sheet.flow.front()).text;
  BlockContext ctx{spec, styles, chains, shaper, sink, article, first_text.width, options.break_mode,
                   spec.hyphenation_dir, options.brand};
  // The panels bound what is laid out: once the blocks certainly overflow them (a list of a
  // million items), the attempt stops there instead of setting the rest.
  PageBudget budget(first_text.height, sheet.flow.size(), 1);
  ctx.within_budget = [&budget](const VList& part) { return budget.probe(part); };
  std::vector<BlockFlow> flows;
  flows.reserve(article.blocks.size());
  for (std::size_t i = 0; i < article.blocks.size(); ++i) {
    flows.push_back(layout_block(ctx, article.blocks[i], static_cast<int>(i)));
    if (!budget.add(flows.back()) && !sink.has_errors()) {
      at.why = panels_full(sheet.flow.size(), article.blocks.size() - i);
      at.where = article.locate(article.blocks[i].pointer);
      return at;
    }
  }
  ctx.within_budget = nullptr;
  if (sink.has_errors()) return at;
  const VList list = assemble(std::move(flows), first_text.height);
  PanelFill fill = fill_panels(list, sheet.flow.size(), first_text.height);
  if (fill.complete) {
    // Balanced panels: the shortest panel height (to 1 pt) at which the article still fits
    // with no more compromises (keep rules broken, boxes cut, rows split) than at the full
    // height, so a short article is spread over every flow panel instead of filling the flap
    // and leaving the inside of the brochure blank. A long one comes out as before (its
    // balanced height is the panel's).
    const std::size_t compromises = fill.pages.events.size();
    Pt lo(0);
    Pt hi = first_text.height;
    while (hi - lo > Pt(1)) {
      const Pt mid = (lo + hi) / 2;
      PanelFill probe = fill_panels(list, sheet.flow.size(), mid);
      if (probe.complete && probe.pages.events.size() <= compromises) {
        hi = mid;
        fill = std::move(probe);
      } else {
        lo = mid;
      }
    }
  }
  at.events = fill.pages.events;
  for (const Region& r : fill.pages.regions) at.used.push_back(r.used);
  at.panel_height = first_text.height;

  Document& doc = at.doc;
  doc.title = article.title.plain_text();
  if (article.subtitle) doc.subject = article.subtitle->plain_text();
  doc.lang = article.lang;
  doc.pages.assign(2, DisplayPage{sheet.width, sheet.height, {}, std::nullopt, {}, {}});
  doc.page_labels.push_back(PageLabelRange{0, "", 1});

  // Cover and back.
  const PanelSpec& ps = spec.panels;
  for (const auto& [ref, items, pointer] :
       {std::tuple{sheet.cover, &ps.cover, std::string("/panels/cover")},
        std::tuple{sheet.back, &ps.back, std::string("/panels/back")}}) {
    const Panel& panel = sheet.at(ref);
    std::vector<DisplayItem> placed;
    Pt band_bottom;
    std::size_t foot_from = 0;
    std::vector<Pt> heights;
    const Pt used = stack_panel(ctx, *items, pointer, placed, band_bottom, panel.text, foot_from, heights);
    if (used > panel.text.height + kEpsilon) {
      auto pt = [](Pt v) { return std::to_string(std::lround(v.value())) + " pt"; };
      at.why = "what the layout puts on this panel is " + pt(used) + " tall; the panel has room for " +
               pt(panel.text.height);
      at.where = spec.locate(pointer);
      // The article's title or subtitle that takes most of it is the author's to shorten: the
      // error points there, not at the layout's list of panel items.
      const auto tallest = static_cast<std::size_t>(std::max_element(heights.begin(), heights.end()) - heights.begin());
      const PanelItem item = tallest < items->size() ? (*items)[tallest] : PanelItem::kLogo;
      if ((item == PanelItem::kTitle || item == PanelItem::kSubtitle) && heights[tallest] * 2 > used) {
        const bool title = item == PanelItem::kTitle;
        at.why = std::string("the article's ") + (title ? "title" : "subtitle") + " is " + pt(heights[tallest]) +
                 " tall on the brochure's " + (pointer == "/panels/cover" ? "cover" : "back panel") +
                 ", which has room for " + pt(panel.text.height) + " (" + pt(used) +
                 " with the layout's other items there)";
        at.where = article.locate(title ? "/title" : "/subtitle");
      }
      return at;
    }
    auto& page = doc.pages[static_cast<std::size_t>(ref.side)].items;
    const bool cover = pointer == "/panels/cover";
    // The clinic's logo and name, last on the cover, stand at its foot, as a printed brochure
    // signs its cover: under the title they left the lower half of the front empty.
    if (cover && foot_from < placed.size()) {
      const Pt drop = panel.text.height - used;
      for (std::size_t k = foot_from; k < placed.size(); ++k) translate(placed[k], Pt(0), drop);
    }
    if (cover && ps.cover_fill && band_bottom.value() > 0) {
      // The band runs into the bleed at the top and at the sheet's edge, and stops at the fold.
      const Pt bleed = spec.print.bleed;
      Rect band{panel.rect.x, -bleed, panel.rect.width, panel.text.y + band_bottom + bleed};
      if (panel.rect.x.value() <= 0) {
        band.x -= bleed;
        band.width += bleed;
      } else {
        band.width += bleed;
      }
      page.push_back(RectItem{band, *ps.cover_fill, std::nullopt, Pt(0)});
      // Whatever stands on the band (the title, and the clinic's name or the subtitle when the
      // cover lists them above it) takes the band's ink: in their own dark ink they were lost
      // on a dark band.
      for (auto& item : placed) {
        if (auto* t = std::get_if<TextItem>(&item); t && t->origin.y < band_bottom) t->color = ps.cover_ink;
      }
    }
    for (auto& item : placed) {
      translate(item, panel.text.x, panel.text.y);
      page.push_back(std::move(item));
    }
  }

  // The flow panels, in reading order.
  for (std::size_t r = 0; r < fill.pages.regions.size(); ++r) {
    const PanelRef ref = sheet.flow[r];
    const Rect& text = sheet.at(ref).text;
    auto& page = doc.pages[static_cast<std::size_t>(ref.side)];
    for (auto& item : fill.pages.regions[r].items) {
      translate(item, text.x, text.y);
      page.items.push_back(std::move(item));
    }
    for (auto& o : fill.pages.regions[r].outline) {
      o.page = static_cast<std::size_t>(ref.side);
      o.y += text.y;
      doc.outline.push_back(std::move(o));
    }
  }
  if (!fill.complete) {
    const std::size_t left = fill.next_block >= 0 ? article.blocks.size() - static_cast<std::size_t>(fill.next_block) : 0;
    at.why = panels_full(sheet.flow.size(), left);
    at.where = fill.next_block >= 0 ? article.locate(article.blocks[static_cast<std::size_t>(fill.next_block)].pointer)
                                    : article.locate("");
    return at;
  }
  at.fits = true;
  return at;
}

std::string size_text(double pt) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g pt", std::round(pt * 100) / 100);
  return buf;
}

// Below this share of the panels' height, a brochure's text (at the largest size it may take)
// leaves the lower part of every panel blank.
constexpr double kLeastFill = 0.6;

// "the inner flap", "panel 3": a flow panel by its place in reading order.
std::string flow_panel_name(std::size_t i) {
  return i == 0 ? "the inner flap" : "panel " + std::to_string(i + 1);
}

// A short article prints a sheet with blank panels, or with every panel mostly empty, even
// with its text at the largest size the layout allows (`size`): the print shop is told, as
// nothing else can show it before the sheets are printed. Nothing is invented to fill them
// (stretched spacing, text past the layout's largest size): the layout's look is the clinic's.
void warn_unfilled(const std::vector<Pt>& used, std::size_t panels, Pt height, const Article& article,
                   const LayoutSpec& spec, double size, DiagSink& sink) {
  std::vector<std::size_t> blank;
  Pt tallest;
  for (std::size_t i = 0; i < panels; ++i) {
    const Pt u = i < used.size() ? used[i] : Pt(0);
    if (u.value() <= 0) blank.push_back(i);
    tallest = max(tallest, u);
  }
  const std::string panels_text = "the brochure's " + std::to_string(panels) + " text panels";
  if (blank.size() == panels) return;  // nothing set at all: not a short article's doing
  if (!blank.empty()) {
    std::string names;
    for (std::size_t k = 0; k < blank.size(); ++k) {
      if (k > 0) names += k + 1 == blank.size() ? " and " : ", ";
      names += k == 0 ? flow_panel_name(blank[k]) : std::to_string(blank[k] + 1);
    }
    if (blank.size() > 1 && blank.front() > 0) names = "panels " + names.substr(std::string("panel ").size());
    const std::size_t filled = panels - blank.size();
    const bool whole_inside = blank.size() + 1 == panels && blank.front() == 1;
    sink.warning(article.locate("/blocks"),
                 "the article fills only " + (filled == 1 ? flow_panel_name(0) : std::to_string(filled)) + " of " +
                     panels_text + ": " + names + (whole_inside ? " (the whole inside of the sheet)" : "") +
                     (blank.size() > 1 ? " are" : " is") +
                     " printed blank; add to the article, or give a text this short a handout layout");
    return;
  }
  if (tallest < height * kLeastFill) {
    const long percent = std::lround(tallest / height * 100);
    const auto& largest = spec.panels.max_body_size;
    std::string how = !largest ? "at the layout's body size of " + size_text(size) +
                                     "; add to the article, or set /panels/max_body_size to let its text grow"
                      : size >= *largest - 1e-9
                          ? "even with the body text at " + size_text(size) +
                                ", the largest /panels/max_body_size allows; add to the article, or raise max_body_size"
                          : "with the body text at " + size_text(size) +
                                " (set larger, it breaks more keep rules or words); add to the article";
    sink.warning(article.locate("/blocks"), "the article's text ends " + std::to_string(percent) +
                                                "% of the way down " + panels_text +
                                                ", leaving the lower part of every panel blank, " + how);
  }
}

}  // namespace

std::optional<Brochure> layout_brochure(Engine& engine, const Article& article, const LayoutSpec& spec,
                                        DiagSink& sink, const RenderOptions& options) {
  auto chains = resolve_font_chains(engine.fonts(), spec, sink);
  if (!chains) return std::nullopt;
  const FoldedSheet sheet = fold_sheet(spec, article.direction);
  const double body = StyleSheet(spec)[Role::kBody].size.value();
  const double floor = std::min(body, spec.panels.min_body_size.value_or(body));

  // The largest body size, from the layout's down to its bound in 0.25 pt steps, at which
  // the article fits: the layout's size first, then the bound, then a binary search between
  // (a few attempts even when the bound is far below). Each attempt reports into its own
  // sink; only the one kept speaks. Attempts share a shaping cache (runs in font units serve
  // every size), the caller's or one of their own.
  ShapeCache own_cache;
  RenderOptions opts = options;
  if (!opts.shape_cache) opts.shape_cache = &own_cache;
  const int last = static_cast<int>(std::ceil((body - floor) / kShrinkStep - 1e-9));
  auto size_at = [&](int step) { return std::max(floor, body - kShrinkStep * step); };
  auto try_step = [&](int step, DiagSink& local) {
    return attempt(engine, article, spec, *chains, sheet, size_at(step) / body, local, opts);
  };
  DiagSink local;
  Attempt at = try_step(0, local);
  int step = 0;
  if (!at.fits && !local.has_errors() && last > 0) {
    DiagSink at_floor;
    Attempt smallest = try_step(last, at_floor);
    if (smallest.fits || at_floor.has_errors()) {
      // Fits at `hi`, not at `lo`: the first step between that fits.
      int lo = 0, hi = last;
      Attempt best = std::move(smallest);
      DiagSink best_sink = std::move(at_floor);
      while (hi - lo > 1 && !best_sink.has_errors()) {
        const int mid = (lo + hi) / 2;
        DiagSink mid_sink;
        Attempt m = try_step(mid, mid_sink);
        if (m.fits || mid_sink.has_errors()) {
          hi = mid;
          best = std::move(m);
          best_sink = std::move(mid_sink);
        } else {
          lo = mid;
        }
      }
      at = std::move(best);
      local = std::move(best_sink);
      step = hi;
    } else {
      at = std::move(smallest);
      local = std::move(at_floor);
      step = last;
    }
  }
  double size = size_at(step);
  // A short article grows, up to /panels/max_body_size, to the largest size (in the same
  // steps) at which it still fits with no more compromises (keep rules broken, boxes cut):
  // at the layout's size, a leaflet of a few paragraphs filled a third of each panel. The
  // largest size is tried first (a short article fits there), then a binary search.
  const double ceiling = spec.panels.max_body_size.value_or(body);
  if (at.fits && step == 0 && !local.has_errors() && ceiling > body) {
    const int top = static_cast<int>(std::floor((ceiling - body) / kShrinkStep + 1e-9));
    auto grown_at = [&](int k) { return body + kShrinkStep * k; };
    // ... and with no more warnings (a word broken between letters, a picture scaled down).
    auto warnings = [](const DiagSink& d) {
      return std::count_if(d.all().begin(), d.all().end(),
                           [](const Diag& x) { return x.severity == Severity::kWarning; });
    };
    const auto base_warnings = warnings(local);
    auto fits_as_well = [&](const Attempt& a, const DiagSink& d) {
      return a.fits && !d.has_errors() && a.events.size() <= at.events.size() && warnings(d) <= base_warnings;
    };
    int lo = 0, hi = top + 1;  // fits at lo; hi: the first step known not to
    std::optional<Attempt> best;
    DiagSink best_sink;
    auto try_grown = [&](int k) {
      DiagSink d;
      Attempt a = attempt(engine, article, spec, *chains, sheet, grown_at(k) / body, d, opts);
      if (!fits_as_well(a, d)) {
        hi = k;
        return;
      }
      lo = k;
      best = std::move(a);
      best_sink = std::move(d);
    };
    try_grown(top);
    while (hi - lo > 1) try_grown((lo + hi) / 2);
    if (best) {
      at = std::move(*best);
      local = std::move(best_sink);
      size = grown_at(lo);
    }
  }
  if (spec.panels.max_body_size && *spec.panels.max_body_size < body) {
    sink.warning(spec.locate("/panels/max_body_size"),
                 "max_body_size " + size_text(*spec.panels.max_body_size) + " is below the body size of " +
                     size_text(body) + ": the text never grows");
  }
  for (const auto& d : local.all()) {
    if (at.fits || d.severity == Severity::kError) sink.add(d);
  }
  if (local.has_errors()) return std::nullopt;
  if (!at.fits) {
    std::string how = spec.panels.min_body_size
                          ? " even with the body text shrunk to " + size_text(floor) +
                                ", the smallest /panels/min_body_size allows"
                          : " at the layout's body size of " + size_text(body) +
                                " (set /panels/min_body_size to let it shrink)";
    sink.error(at.where, at.why + how + "; a brochure cannot grow like a handout: shorten the article or use a booklet layout");
    return std::nullopt;
  }
  if (size < body) {
    sink.warning(spec.locate("/panels/min_body_size"),
                 "the article fits the brochure's panels only with smaller text: body set at " + size_text(size) +
                     " instead of " + size_text(body) + " (all text scaled by " +
                     std::to_string(static_cast<int>(std::lround(size / body * 100))) + "%; the bound is " +
                     size_text(floor) + ")");
  }
  Pagination events;
  events.events = at.events;
  report_pagination(events, article, 1, sink, "panel");
  warn_unfilled(at.used, sheet.flow.size(), at.panel_height, article, spec, size, sink);
  Brochure out;
  out.document = std::move(at.doc);
  out.document.creation_time =
      options.creation_time.value_or(date_to_epoch(article.reviewed).value_or(946684800));
  out.folds.assign(sheet.folds.begin(), sheet.folds.end());
  return out;
}

}  // namespace handout
