#include "page/compose.h"

#include <map>
#include <tuple>

#include "core/utf.h"
#include "spec/placeholders.h"
#include "block/figure.h"

namespace handout {

namespace {

// Left-to-right isolate: a phone number, an address or a link keeps its order inside
// right-to-left text; spaces inside it do not break.
std::string ltr_run(const std::string& s) {
  if (s.empty()) return s;
  std::string out = "\u2066";
  for (char c : s) {
    if (c == ' ') out += "\u00A0";
    else out.push_back(c);
  }
  return out + "\u2069";
}

}  // namespace

std::string fill_template(const BlockContext& ctx, const std::string& tmpl, long page, long pages) {
  const std::string& lang = ctx.article.lang;
  const Brand* brand = ctx.brand;
  return fill_placeholders(tmpl, [&](std::string_view name, std::string_view digits_lang) -> std::string {
    const std::string dl = digits_lang.empty() ? lang : std::string(digits_lang);
    if (name == "page") return localized_number(ctx.spec, dl, page);
    if (name == "pages") return localized_number(ctx.spec, dl, pages);
    if (name == "title") return ctx.article.title.plain_text();
    if (name == "meta.version") return localized_digits(ctx.spec, dl, ctx.article.version);
    if (name == "meta.reviewed") return localized_digits(ctx.spec, dl, ctx.article.reviewed);
    if (name == "meta.url") return ltr_run(ctx.article.url);
    if (!brand) return "";
    if (name == "clinic.name") return brand->name.for_lang(lang);
    if (name == "clinic.address") return brand->address.for_lang(lang);
    if (name == "clinic.phone") return ltr_run(localized_digits(ctx.spec, dl, brand->phone));
    if (name == "clinic.email") return ltr_run(brand->email);
    if (name == "clinic.website") return ltr_run(brand->website);
    return "";
  });
}

namespace {

// Distance between the body and the header's or footer's nearest edge.
constexpr double kFurnitureGap = 10;

enum class Slot { kStart, kCenter, kEnd };

// A running header or footer is one line: a longer text (a long {title}) is cut and ends
// with an ellipsis. Only this much of it is ever set.
constexpr std::size_t kFurnitureChars = 300;

// The furniture text as one line's paragraph: clipped, and cut to its first line.
std::optional<SetParagraph> set_one_line(BlockContext& ctx, const std::string& text, Role role) {
  std::u32string t = utf8_to_utf32(text);
  const bool clipped = t.size() > kFurnitureChars;
  if (clipped) t.resize(kFurnitureChars);
  Inline in{{Span{utf32_to_utf8(t), "", false, false, ""}}, "/header"};
  auto p = set_paragraph(ctx, flatten_inline(ctx, in, role), role, Pt(0), Pt(0));
  if (!p || p->lines.empty() || (p->lines.size() == 1 && !clipped)) return p;
  // Keep what fits on the first line less room for the ellipsis, then set it again.
  std::uint32_t keep = p->lines[0].chars.end;
  while (keep > 0 && keep + 1 >= p->lines[0].chars.end && keep > p->lines[0].chars.end / 2) --keep;
  std::u32string cut = p->shaped.source.text.substr(0, keep);
  while (!cut.empty() && cut.back() == U' ') cut.pop_back();
  cut += U"\u2026";
  Inline short_in{{Span{utf32_to_utf8(cut), "", false, false, ""}}, "/header"};
  auto q = set_paragraph(ctx, flatten_inline(ctx, short_in, role), role, Pt(0), Pt(0));
  if (q && q->lines.size() > 1) q->lines.resize(1);
  return q;
}

// Sets one furniture text in a slot; returns its items with the line box's top at 0.
std::vector<DisplayItem> set_slot(BlockContext& outer, const std::string& text, Role role, Slot slot,
                                  Pt& line_height) {
  std::vector<DisplayItem> items;
  if (text.empty()) return items;
  // A furniture line is cut to fit, so breaking its words is no news; errors (a character
  // no font has) still are.
  DiagSink local;
  BlockContext ctx{outer.spec, outer.styles, outer.fonts, outer.shaper, local, outer.article,
                   outer.width, outer.break_mode, outer.hyphenation_dir, outer.brand};
  auto p = set_one_line(ctx, text, role);
  for (const auto& d : local.all()) {
    if (d.severity == Severity::kError) outer.sink.add(d);
  }
  if (!p || p->lines.empty()) return items;
  const Line& line = p->lines[0];
  // Re-align the single line for its slot.
  Pt shift;
  const Pt w = line.width;
  const Pt left_x = line.runs.empty() ? Pt(0) : line.runs.front().x;
  Pt target;
  const bool rtl = ctx.rtl();
  switch (slot) {
    case Slot::kStart: target = rtl ? ctx.width - w : Pt(0); break;
    case Slot::kEnd: target = rtl ? Pt(0) : ctx.width - w; break;
    case Slot::kCenter: target = (ctx.width - w) / 2; break;
  }
  shift = target - left_x;
  emit_line(ctx, *p, 0, Pt(0), role, -1, items);
  for (auto& it : items) translate(it, shift, Pt(0));
  line_height = max(line_height, line.height());
  return items;
}

}  // namespace

Document compose_pages(BlockContext& ctx, Pagination pagination, const ComposeOptions& options) {
  const LayoutSpec& spec = ctx.spec;
  Document doc;
  doc.title = ctx.article.title.plain_text();
  if (ctx.article.subtitle) doc.subject = ctx.article.subtitle->plain_text();
  doc.lang = ctx.article.lang;
  doc.creation_time = options.creation_time;

  const int columns = options.columns > 0 ? options.columns : spec.columns;
  const Pt column_gap = options.columns > 0 ? options.column_gap : spec.column_gap;
  const std::size_t npages =
      std::max<std::size_t>(1, (pagination.regions.size() + static_cast<std::size_t>(columns) - 1) /
                                   static_cast<std::size_t>(columns));
  const Pt body_width = spec.page_width - spec.margin_start - spec.margin_end;
  const Pt col_width = (body_width - column_gap * (columns - 1)) / columns;
  const Pt body_left = ctx.rtl() ? spec.margin_end : spec.margin_start;
  const bool mirror = options.mirror_columns && ctx.rtl();
  doc.pages.resize(npages);
  for (auto& page : doc.pages) {
    page.width = spec.page_width;
    page.height = spec.page_height;
  }
  for (std::size_t r = 0; r < pagination.regions.size(); ++r) {
    const std::size_t page = r / static_cast<std::size_t>(columns);
    const int col = static_cast<int>(r % static_cast<std::size_t>(columns));
    const int visual_col = mirror ? columns - 1 - col : col;
    const Pt x = body_left + (col_width + column_gap) * visual_col;
    for (auto& item : pagination.regions[r].items) {
      translate(item, x, spec.margin_top);
      doc.pages[page].items.push_back(std::move(item));
    }
    for (auto& o : pagination.regions[r].outline) {
      o.page = page;
      o.y += spec.margin_top;
      doc.outline.push_back(std::move(o));
    }
  }

  // Header and footer, now that the page count is known.
  BlockContext fctx = ctx;
  fctx.width = body_width;
  const std::string& lang = ctx.article.lang;
  std::map<std::tuple<bool, int, std::string>, std::pair<std::vector<DisplayItem>, Pt>> set_slots;
  std::optional<SquaresItem> qr_symbol_cache;
  for (std::size_t p = 0; p < npages; ++p) {
    if (options.rule_between_columns) {
      for (int c = 1; c < columns; ++c) {
        const Pt x = body_left + col_width * c + column_gap * c - column_gap / 2;
        doc.pages[p].items.push_back(RectItem{Rect{x - Pt(0.25), spec.margin_top, Pt(0.5),
                                                   spec.page_height - spec.margin_top - spec.margin_bottom},
                                              spec.table.rule_color, std::nullopt, Pt(0)});
      }
    }
    for (const FurnitureSpec* f : {&spec.header, &spec.footer}) {
      if (p == 0 && !f->on_first_page) continue;
      const bool is_header = f == &spec.header;
      const Role role = is_header ? Role::kHeader : Role::kFooter;
      // The logo stands at the start side, a QR code of the article's URL at the end side;
      // the text slots share what is left between them.
      const Pt logo_w = f->logo ? f->logo_height * (static_cast<double>(f->logo->width) / f->logo->height) : Pt(0);
      const bool qr = f->qr && !ctx.article.url.empty();
      const Pt qr_w = qr ? *f->qr : Pt(0);
      const Pt gap(6);
      const Pt start_room = f->logo ? logo_w + gap : Pt(0);
      const Pt end_room = qr ? qr_w + gap : Pt(0);
      fctx.width = max(Pt(36), body_width - start_room - end_room);
      const Pt text_left = body_left + (ctx.rtl() ? end_room : start_room);
      Pt line_h;
      std::vector<DisplayItem> items;
      const std::pair<const LocalizedText*, Slot> slots[] = {
          {&f->start, Slot::kStart}, {&f->center, Slot::kCenter}, {&f->end, Slot::kEnd}};
      for (const auto& [tmpl, slot] : slots) {
        const std::string text = fill_template(ctx, tmpl->for_lang(lang), static_cast<long>(p + 1),
                                               static_cast<long>(npages));
        // The same text (a title in the header) is set once, not once per page.
        const auto key = std::make_tuple(is_header, static_cast<int>(slot), text);
        auto cached = set_slots.find(key);
        if (cached == set_slots.end()) {
          Pt h;
          auto set = set_slot(fctx, text, role, slot, h);
          cached = set_slots.emplace(key, std::make_pair(std::move(set), h)).first;
        }
        line_h = max(line_h, cached->second.second);
        for (const auto& it : cached->second.first) items.push_back(it);
      }
      const Pt text_h = line_h;
      if (f->logo) line_h = max(line_h, f->logo_height);
      if (qr) line_h = max(line_h, qr_w);
      if (items.empty() && !f->logo && !qr) continue;
      const Pt top = is_header ? spec.margin_top - Pt(kFurnitureGap) - line_h
                               : spec.page_height - spec.margin_bottom + Pt(kFurnitureGap);
      const Pt left = body_left;
      // A header's text stands level with the middle of a taller logo; a footer's hangs
      // from the rule, beside the top of its QR code.
      const Pt text_top = is_header ? top + (line_h - text_h) / 2 : top;
      for (auto& it : items) {
        translate(it, text_left, text_top);
        doc.pages[p].items.push_back(std::move(it));
      }
      if (f->logo) {
        const Pt lx = ctx.rtl() ? left + body_width - logo_w : left;
        std::string alt = f->logo_alt.for_lang(lang);
        doc.pages[p].items.push_back(ImageItem{Rect{lx, top, logo_w, f->logo_height}, f->logo,
                                               alt.empty() ? "logo" : alt, -1});
      }
      if (qr) {
        if (!qr_symbol_cache || qr_symbol_cache->rect.width != qr_w) {
          std::string error;
          qr_symbol_cache = qr_symbol(ctx.article.url, qr_w, Color{0, 0, 0}, error);
          if (!qr_symbol_cache) ctx.sink.error(ctx.article.locate("/meta/url"), "meta.url " + error);
        }
        if (qr_symbol_cache) {
          SquaresItem sq = *qr_symbol_cache;
          sq.rect.x = ctx.rtl() ? left : left + body_width - qr_w;
          sq.rect.y = top;
          doc.pages[p].items.push_back(std::move(sq));
        }
      }
      if (f->rule) {
        const Pt ry = is_header ? spec.margin_top - Pt(kFurnitureGap / 2) : spec.page_height - spec.margin_bottom + Pt(kFurnitureGap / 2);
        doc.pages[p].items.push_back(RectItem{Rect{left, ry, body_width, Pt(0.5)}, ctx.styles[role].color, std::nullopt, Pt(0)});
      }
    }
  }
  doc.page_labels.push_back(PageLabelRange{0, "", 1});
  return doc;
}

}  // namespace handout
