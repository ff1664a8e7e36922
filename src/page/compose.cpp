#include "page/compose.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include "core/bidi_nesting.h"
#include "core/char_props.h"
#include "core/lang.h"
#include "core/utf.h"
#include "spec/placeholders.h"
#include "block/figure.h"

namespace handout {

namespace {

// Left-to-right isolate: a phone number, an address or a link keeps its order inside
// right-to-left text; spaces inside it do not break. `strict`: also a left-to-right
// override inside the isolate, for the clinic's phone field, which is one left-to-right run
// whatever it holds: in Arabic-Indic digits, its numbers are Arabic numbers even in an
// isolate, and what stands between two of them (" / ", the separator of a second number)
// was set right to left, the second number before it ("+٩٦٦ ١١ ٢٣٤ ٥٦٧٨ / ٨٠٠ ١٢٣ ٤٥٦٧"
// printed "+٩٦٦ ١١ ٢٣٤ ٥٦٧٨٨٠٠ ١٢٣ ٤٥٦٧ /").
std::string ltr_run(const std::string& s, bool strict = false) {
  if (s.empty()) return s;
  std::string out = strict ? "\u2066\u202D" : "\u2066";
  for (char c : s) {
    if (c == ' ') out += "\u00A0";
    else out.push_back(c);
  }
  return out + (strict ? "\u202C\u2069" : "\u2069");
}

// Whether `text` ends in a Latin letter, spaces aside ("Page ", "of ").
bool after_latin_word(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == ' ') --end;
  if (end == 0) return false;
  std::size_t at = end - 1;  // where the last code point starts
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return script_of(next_utf8(text.substr(0, end), at)) == HB_SCRIPT_LATIN;
}

// One piece of a template, filled; `missing` tells whether a placeholder in it had no text
// (an article without meta.version, a brand without a website).
std::string fill_piece(const BlockContext& ctx, std::string_view tmpl, long page, long pages,
                       std::vector<TextOrigin>* origins, bool& missing) {
  const std::string& lang = ctx.article.lang;
  const Brand* brand = ctx.brand;
  // `text`, noted as coming from `pointer` in `source`.
  auto from = [origins](const JsonDoc* source, std::string pointer, std::string text) {
    if (origins && source && !text.empty()) origins->push_back(TextOrigin{source, std::move(pointer), text});
    return text;
  };
  auto value = [&](std::string_view name, std::string_view digits_lang, std::string_view before) -> std::string {
    const std::string dl = digits_lang.empty() ? lang : std::string(digits_lang);
    if (name == "page" || name == "pages") {
      const long n = name == "page" ? page : pages;
      // After a Latin word ("Page {page} of {pages}" in a page that is Arabic first, the
      // parallel form with Arabic on the right), a page number is part of the Latin text and
      // keeps its Western digits, as a number after a Latin word does in running text
      // (to_arabic_indic_digits): "Page ١ of ٣" set its words and numbers as separate
      // stretches of a right-to-left line, and it read "٣ of ١ Page". A language given with
      // the placeholder ({page:ar}) decides.
      if (digits_lang.empty() && after_latin_word(before)) return std::to_string(n);
      return localized_number(ctx.spec, dl, n);
    }
    if (name == "title") return from(ctx.article.source.get(), "/title", ctx.article.title.plain_text());
    if (name == "meta.version") return localized_text_digits(ctx.spec, dl, ctx.article.version);
    if (name == "meta.reviewed") return localized_text_digits(ctx.spec, dl, ctx.article.reviewed);
    if (name == "meta.url") return ltr_run(ctx.article.url);
    if (!brand) return "";
    const JsonDoc* b = brand->source.get();
    if (name == "clinic.name") return from(b, brand->name.pointer_for("/name", lang), brand->name.for_lang(lang));
    if (name == "clinic.address") {
      return from(b, brand->address.pointer_for("/address", lang), brand->address.for_lang(lang));
    }
    if (name == "clinic.phone") {
      return ltr_run(localized_text_digits(ctx.spec, dl, from(b, "/phone", brand->phone)), true);
    }
    if (name == "clinic.email") return ltr_run(from(b, "/email", brand->email));
    if (name == "clinic.website") return ltr_run(from(b, "/website", brand->website));
    return "";
  };
  return fill_placeholders_after(tmpl, [&](std::string_view name, std::string_view digits_lang,
                                            std::string_view before) -> std::string {
    std::string text = value(name, digits_lang, before);
    if (text.empty()) missing = true;
    return text;
  });
}

// What separates the pieces of a header, footer or contact template: a middle dot, bar,
// bullet, en or em dash or slash with a space on each side. `at` is where the first one
// starts in `text` (npos when none) and `size` its length in bytes.
struct Separator {
  std::size_t at = std::string_view::npos;
  std::size_t size = 0;
};

Separator find_separator(std::string_view text) {
  static constexpr std::array<std::string_view, 6> kMarks = {"\u00B7", "|", "\u2022", "\u2013", "\u2014", "/"};
  Separator found;
  for (std::size_t i = text.find(' '); i != std::string_view::npos && i < found.at; i = text.find(' ', i + 1)) {
    for (std::string_view mark : kMarks) {
      const std::size_t end = i + 1 + mark.size();
      if (end < text.size() && text.compare(i + 1, mark.size(), mark) == 0 && text[end] == ' ') {
        found = Separator{i, mark.size() + 2};
        break;
      }
    }
  }
  return found;
}

}  // namespace

// The separated pieces of the template (" · ", " | ", " • ", " – ", " — ", " / "), each left
// out with the separator before it when a placeholder in it has no text, so that a missing
// detail leaves no dangling label or separator ("Phone · · Leaflet version , reviewed"). A
// template without separators is one piece.
std::string fill_template(const BlockContext& ctx, const std::string& tmpl, long page, long pages,
                          std::vector<TextOrigin>* origins) {
  std::string out;
  std::string_view rest = tmpl;
  std::string_view before;  // the separator in front of this piece
  while (true) {
    const Separator sep = find_separator(rest);
    const std::size_t kept = origins ? origins->size() : 0;
    bool missing = false;
    std::string piece = fill_piece(ctx, rest.substr(0, sep.at), page, pages, origins, missing);
    if (missing) {
      if (origins) origins->resize(kept);
    } else if (!piece.empty()) {
      if (!out.empty()) out += before;
      out += piece;
    }
    if (sep.at == std::string_view::npos) break;
    before = rest.substr(sep.at, sep.size);
    rest.remove_prefix(sep.at + sep.size);
  }
  return out;
}

namespace {

// Distance between the body and the header's or footer's nearest edge.
constexpr double kFurnitureGap = 10;

enum class Slot { kStart, kCenter, kEnd };

// A running header or footer is one line: a longer text (a long {title}) is cut and ends
// with an ellipsis. Only this much of it is ever set.
constexpr std::size_t kFurnitureChars = 300;

// The least room between two texts of one header or footer line.
constexpr Pt kSlotGap{12};

// Much wider than any page: a furniture text set to it is one line at its natural width.
constexpr Pt kUnbounded{1e6};

// `pointer`: where the text is in the layout (diagnostics name it).
std::optional<SetParagraph> set_unbounded(BlockContext& ctx, const std::u32string& text, Role role,
                                          const std::string& pointer) {
  Inline in{{Span{utf32_to_utf8(text), "", false, false, ""}}, pointer, ctx.spec.source.get()};
  const Pt width = ctx.width;
  ctx.width = kUnbounded;
  auto p = set_paragraph(ctx, flatten_inline(ctx, in, role), role, Pt(0), Pt(0));
  ctx.width = width;
  if (p && p->lines.size() > 1) p->lines.resize(1);
  return p;
}

Pt natural_width(const std::optional<SetParagraph>& p) {
  return p && !p->lines.empty() ? p->lines[0].width : Pt(0);
}

bool is_mark(char32_t c) {
  const auto g = hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
  return g == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK || g == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
         g == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK || c == 0x200D || c == 0x200C;
}

// Punctuation that leads on to what was cut, and reads wrong before an ellipsis
// ("in the home,…", "المنزل،…", "colonoscopy:…", "the ward –…", "(…"), and the separators
// a furniture template puts between its fields ("Riyadh 12345 ·…" when the phone after
// the middle dot was cut): dropped with it.
bool leads_on(char32_t c) {
  switch (c) {
    case U',': case U';': case U':': case U'(': case U'[': case 0x2013: case 0x2014:
    case U'|': case 0x00B7: case 0x2022: case 0x22C5:  // vertical bar, middle dot, bullet, dot operator
    case 0x060C:  // Arabic comma
    case 0x061B:  // Arabic semicolon
      return true;
    default:
      return false;
  }
}

// The first `keep` characters of `t` (never ending inside a letter's marks, nor in spaces
// or punctuation that leads on) and an ellipsis at the logical end (the left end of
// right-to-left text).
std::u32string cut_with_ellipsis(const std::u32string& t, std::size_t keep) {
  while (keep > 0 && keep < t.size() && is_mark(t[keep])) --keep;
  std::u32string cut = t.substr(0, keep);
  while (!cut.empty() && (cut.back() == U' ' || cut.back() == 0x00A0 || leads_on(cut.back()))) cut.pop_back();
  return cut + U"\u2026";
}

// Where a furniture template's page numbers begin to be kept: the end of the last other
// placeholder before its first {page} or {pages} ("{clinic.name} · Page {page} of {pages}":
// after {clinic.name}), or npos when none comes before them (or there are none).
std::size_t page_numbers_from(std::string_view tmpl) {
  std::size_t after_field = std::string_view::npos;
  for (std::size_t i = 0; i < tmpl.size();) {
    if (tmpl.compare(i, 2, "{{") == 0 || tmpl.compare(i, 2, "}}") == 0) {
      i += 2;
      continue;
    }
    if (tmpl[i] != '{') {
      ++i;
      continue;
    }
    const std::size_t close = tmpl.find('}', i);
    if (close == std::string_view::npos) break;
    const std::string_view key = tmpl.substr(i + 1, close - i - 1);
    const std::string_view name = key.substr(0, key.find(':'));
    if (name == "page" || name == "pages") return after_field;
    after_field = close + 1;
    i = close + 1;
  }
  return std::string_view::npos;
}

// The longest beginning of `head` that fits with an ellipsis and then `tail` (may be empty),
// cut at a space unless that loses more than a third of what fits; nothing when not even
// the ellipsis and tail fit.
std::optional<SetParagraph> cut_to_fit(BlockContext& ctx, const std::u32string& head, const std::u32string& tail,
                                       Role role, const std::string& pointer, std::size_t& kept) {
  auto fits = [&](std::size_t keep) {
    return natural_width(set_unbounded(ctx, cut_with_ellipsis(head, keep) + tail, role, pointer)) <= ctx.width + kEpsilon;
  };
  if (!tail.empty() && !fits(1)) return std::nullopt;
  // The longest beginning that fits, by bisection on its length.
  std::size_t lo = 0, hi = head.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi + 1) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  std::size_t keep = lo;
  for (std::size_t k = lo; k > 0 && k * 3 >= lo * 2; --k) {
    if (k < head.size() && head[k] == U' ') {
      keep = k;
      break;
    }
  }
  kept = keep;
  return set_unbounded(ctx, cut_with_ellipsis(head, keep) + tail, role, pointer);
}

// The furniture text as one line no wider than ctx.width: whole when it fits, else the
// longest beginning that fits with an ellipsis. `keep_from` (characters of the text, or
// npos): where its page numbers begin; a cut text keeps them after the ellipsis
// ("The Royal Northern Hospitals… · Page 2 of 5") when they fit, as the reader needs them
// on every page (cut from the end, a long clinic name took them off every page). `lost`:
// what was cut away (empty when the text is whole).
std::optional<SetParagraph> set_one_line(BlockContext& ctx, const std::string& text, Role role,
                                         const std::string& pointer, std::size_t keep_from, std::u32string& lost) {
  std::u32string t = utf8_to_utf32(text);
  const bool clipped = t.size() > kFurnitureChars;
  lost.clear();
  if (clipped) {
    lost = t.substr(kFurnitureChars);
    t.resize(kFurnitureChars);
  }
  auto whole = set_unbounded(ctx, t, role, pointer);
  if (!whole || (!clipped && natural_width(whole) <= ctx.width + kEpsilon)) return whole;
  std::size_t kept = 0;
  if (keep_from > 0 && keep_from < t.size()) {
    if (auto p = cut_to_fit(ctx, t.substr(0, keep_from), t.substr(keep_from), role, pointer, kept)) {
      lost = t.substr(kept, keep_from - kept) + lost;
      return p;
    }
  }
  auto p = cut_to_fit(ctx, t, U"", role, pointer, kept);
  lost = t.substr(kept) + lost;
  return p;
}

// Sets one furniture text, cut to fit `fit`, in a slot of the line of ctx.width; returns
// its items with the line box's top at 0.
std::vector<DisplayItem> set_slot(BlockContext& outer, const std::string& text, Role role, Slot slot,
                                  const std::string& pointer, Pt fit, Pt& line_height, std::size_t keep_from,
                                  std::u32string& lost) {
  std::vector<DisplayItem> items;
  lost.clear();
  if (text.empty()) return items;
  // A furniture line is cut to fit, so breaking its words is no news; errors (a character
  // no font has) still are.
  DiagSink local;
  BlockContext ctx{outer.spec, outer.styles, outer.fonts, outer.shaper, local, outer.article,
                   fit, outer.break_mode, outer.hyphenation_dir, outer.brand, outer.origins};
  auto p = set_one_line(ctx, text, role, pointer, keep_from, lost);
  ctx.width = outer.width;
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

std::array<Pt, 3> share_slots(const std::array<Pt, 3>& natural, Pt width, Pt gap) {
  // Widths min(natural, t) for the largest t that fits: a text that fits its share stays
  // whole, and the longest one gives. A centred text keeps its centre, so the start and
  // end texts each have half the line less half of it.
  const Pt s = natural[0], c = natural[1], e = natural[2];
  auto fits = [&](double t) {
    const Pt as = min(s, Pt(t)), ac = min(c, Pt(t)), ae = min(e, Pt(t));
    if (c.value() > 0) {
      const Pt side = max(as, ae);
      return ac + (side.value() > 0 ? (side + gap) * 2.0 : Pt(0)) <= width + kEpsilon;
    }
    return as + ae + (as.value() > 0 && ae.value() > 0 ? gap : Pt(0)) <= width + kEpsilon;
  };
  double lo = 0, hi = max(max(s, c), e).value();
  if (!fits(hi)) {
    for (int k = 0; k < 50; ++k) {
      const double mid = (lo + hi) / 2;
      (fits(mid) ? lo : hi) = mid;
    }
    hi = lo;
  }
  return {min(s, Pt(hi)), min(c, Pt(hi)), min(e, Pt(hi))};
}

PageComposer::PageComposer(BlockContext& ctx, const ComposeOptions& options)
    : ctx_(ctx), options_(options), fctx_(ctx) {
  const LayoutSpec& spec = ctx.spec;
  doc_.title = ctx.article.title.plain_text();
  if (ctx.article.subtitle) doc_.subject = ctx.article.subtitle->plain_text();
  doc_.lang = ctx.article.lang;
  doc_.side_langs = {ctx.article.lang};
  doc_.creation_time = options.creation_time;
  doc_.page_labels.push_back(PageLabelRange{0, "", 1});
  columns_ = options.columns > 0 ? options.columns : spec.columns;
  column_gap_ = options.columns > 0 ? options.column_gap : spec.column_gap;
  body_width_ = spec.page_width - spec.margin_start - spec.margin_end;
  col_width_ = (body_width_ - column_gap_ * (columns_ - 1)) / columns_;
  body_left_ = ctx.rtl() ? spec.margin_end : spec.margin_start;
  mirror_ = options.mirror_columns && ctx.rtl();
  fctx_.width = body_width_;
}

bool PageComposer::binding_left(std::size_t p) const {
  // The first page of a document is a recto: its binding is on the left when the document
  // is bound on the left (read left to right), and on facing pages (inside and outside
  // margins, or a booklet) each page turned swaps the side. Pages that do not face (printed
  // on one side, stapled at the corner) are all rectos.
  const bool faces = ctx_.spec.facing || ctx_.spec.imposition.enabled();
  const bool recto = !faces || (options_.pages_before + p) % 2 == 0;
  const bool bound_right = options_.bound_right.value_or(ctx_.rtl());
  return recto != bound_right;
}

Pt PageComposer::page_shift(std::size_t p) const {
  // Facing pages: the inside margin (the spec's start margin) is at the binding, so the
  // wider one is always there; the body was placed as if its start margin were the inside.
  if (!ctx_.spec.facing) return Pt(0);
  const Pt left = binding_left(p) ? ctx_.spec.margin_start : ctx_.spec.margin_end;
  return left - body_left_;
}

int PageComposer::add_page(std::vector<Region>& regions, std::size_t first, std::size_t count) {
  const LayoutSpec& spec = ctx_.spec;
  const std::size_t page = doc_.pages.size();
  DisplayPage& dp = doc_.pages.emplace_back();
  dp.width = spec.page_width;
  dp.height = spec.page_height;
  // The page's items, sized once: its regions' and room for its furniture.
  constexpr std::size_t kFurnitureRoom = 16;
  std::size_t n = kFurnitureRoom;
  for (std::size_t r = first; r < first + count; ++r) n += regions[r].items.size();
  dp.items.reserve(n);
  Pt used;
  for (std::size_t r = first; r < first + count; ++r) {
    used = max(used, regions[r].used);
    const int col = static_cast<int>(r - first);
    const int visual_col = mirror_ ? columns_ - 1 - col : col;
    const Pt x = body_left_ + (col_width_ + column_gap_) * visual_col;
    for (auto& item : regions[r].items) {
      translate(item, x, spec.margin_top);
      dp.items.push_back(std::move(item));
    }
    std::vector<DisplayItem>().swap(regions[r].items);  // moved: its buffer goes now
    for (auto& o : regions[r].outline) {
      o.page = page;
      o.y += spec.margin_top;
      doc_.outline.push_back(std::move(o));
    }
    std::vector<OutlineEntry>().swap(regions[r].outline);
  }
  page_used_.push_back(used);
  if (const Pt dx = page_shift(page); dx.value() != 0) {
    for (auto& item : dp.items) translate(item, dx, Pt(0));
  }
  // The furniture's figures: the logo and the article's QR code, the first time each is drawn.
  int figures = 0;
  for (const FurnitureSpec* f : {&spec.header, &spec.footer}) {
    if (page == 0 && !f->on_first_page) continue;
    if (f->logo && !logo_counted_) {
      logo_counted_ = true;
      ++figures;
    }
    if (f->qr && !ctx_.article.url.empty() && !qr_counted_) {
      qr_counted_ = true;
      ++figures;
    }
  }
  return figures;
}

void warn_not_in_language(const BlockContext& ctx, const LocalizedText& text, const std::string& pointer,
                          std::string_view what) {
  const std::string& lang = ctx.article.lang;
  // (An entry, even an empty one, is the layout's word: "fr": "" leaves the slot empty on purpose.)
  if (text.empty() || text.by_lang.count(lang) || text.by_lang.count(primary_language(lang)) ||
      text.by_lang.count("default")) {
    return;
  }
  std::string have;
  for (const auto& [key, value] : text.by_lang) have += (have.empty() ? "\"" : ", \"") + key + "\"";
  ctx.sink.warning(ctx.spec.locate(pointer),
                   std::string(what) + " is given for " + have + " but not for the article's language \"" + lang +
                       "\" and there is no \"default\": it is left out of the handout; add \"" +
                       primary_language(lang) + "\" or \"default\"");
}

void PageComposer::report_cut(const LocalizedText& text, const std::string& pointer, bool is_header,
                              const std::u32string& lost) {
  // A running title shortened to fit is the custom ("{title}" alone); any other text cut
  // loses what the layout prints on every page (a clinic's phone number after its address),
  // and says so once.
  const std::string& lang = ctx_.article.lang;
  std::string tmpl = text.for_lang(lang);
  tmpl.erase(0, tmpl.find_first_not_of(" \t"));
  tmpl.erase(tmpl.find_last_not_of(" \t") + 1);
  if (tmpl == "{title}") return;
  const std::string at = text.pointer_for(pointer, lang);
  if (!cut_reported_.insert(at).second) return;
  // What was cut, as a reader would see it: no direction marks, spaces as spaces.
  std::u32string shown;
  for (char32_t c : lost) {
    if (c == 0x00A0) c = U' ';
    if (is_bidi_control(c)) continue;
    shown.push_back(c);
  }
  while (!shown.empty() && shown.front() == U' ') shown.erase(shown.begin());
  constexpr std::size_t kQuoted = 48;
  const bool longer = shown.size() > kQuoted;
  if (longer) shown.resize(kQuoted);
  ctx_.sink.warning(ctx_.spec.locate(at),
                    std::string("the ") + (is_header ? "header" : "footer") +
                        "'s text here does not fit its share of the line: it is cut short with an ellipsis, leaving out \"" +
                        utf32_to_utf8(shown) + (longer ? "…" : "") +
                        "\"; shorten it, give it a smaller size, or move part of it to another slot or to the " +
                        (is_header ? "footer" : "header"));
}

std::vector<DisplayItem> PageComposer::furniture(std::size_t p) {
  const LayoutSpec& spec = ctx_.spec;
  BlockContext& ctx = ctx_;
  BlockContext& fctx = fctx_;
  const std::size_t npages = doc_.pages.size();
  const int columns = columns_;
  const Pt column_gap = column_gap_, body_width = body_width_, col_width = col_width_, body_left = body_left_;
  std::vector<DisplayItem> out;
  if (options_.rule_between_columns && page_used_[p].value() > 0) {
    for (int c = 1; c < columns; ++c) {
      const Pt x = body_left + col_width * c + column_gap * c - column_gap / 2;
      out.push_back(RectItem{Rect{x - Pt(0.25), spec.margin_top, Pt(0.5), page_used_[p]}, spec.table.rule_color,
                             std::nullopt, Pt(0)});
    }
  }
  const std::string& lang = ctx.article.lang;
  auto& set_slots = set_slots_;
  auto& natural_widths = natural_widths_;
  auto& qr_symbol_cache = qr_symbol_cache_;
  bool& logo_shown = logo_shown_;
  bool& qr_shown = qr_shown_;
  {
    for (const FurnitureSpec* f : {&spec.header, &spec.footer}) {
      if (p == 0 && !f->on_first_page) continue;
      const bool is_header = f == &spec.header;
      const Role role = is_header ? Role::kHeader : Role::kFooter;
      // The logo stands at the start side, a QR code of the article's URL at the end side;
      // the text slots share what is left between them. On facing pages they follow the
      // binding as a recto has them: the logo at the inside, the QR code at the fore-edge,
      // where a phone reads it flat (at the binding of a verso it sank into the fold).
      const Pt logo_w = f->logo ? f->logo_height * (static_cast<double>(f->logo->width) / f->logo->height) : Pt(0);
      const bool qr = f->qr && !ctx.article.url.empty();
      const Pt qr_w = qr ? *f->qr : Pt(0);
      const Pt gap(6);
      const bool faces = spec.facing || spec.imposition.enabled();
      const bool logo_left = faces ? binding_left(p) : !ctx.rtl();
      const Pt logo_room = f->logo ? logo_w + gap : Pt(0);
      const Pt qr_room = qr ? qr_w + gap : Pt(0);
      fctx.width = max(Pt(36), body_width - logo_room - qr_room);
      const Pt text_left = body_left + (logo_left ? logo_room : qr_room);
      Pt line_h;
      std::vector<DisplayItem> items;
      // Facing pages may name the binding's side and the fore-edge instead: they take the
      // start and end slots, the inside at the start where the binding is on the start side.
      const bool by_binding = !f->inside.empty() || !f->outside.empty();
      const bool inside_at_start = binding_left(p) != ctx.rtl();
      const LocalizedText* start_text = !by_binding ? &f->start : inside_at_start ? &f->inside : &f->outside;
      const LocalizedText* end_text = !by_binding ? &f->end : inside_at_start ? &f->outside : &f->inside;
      const std::pair<const LocalizedText*, Slot> slots[] = {
          {start_text, Slot::kStart}, {&f->center, Slot::kCenter}, {end_text, Slot::kEnd}};
      static const std::string kSlotPointers[2][5] = {
          {"/footer/start", "/footer/center", "/footer/end", "/footer/inside", "/footer/outside"},
          {"/header/start", "/header/center", "/header/end", "/header/inside", "/header/outside"}};
      const std::string* pointers = kSlotPointers[is_header ? 1 : 0];
      const std::string* slot_pointers[3] = {
          &pointers[!by_binding ? 0 : inside_at_start ? 3 : 4], &pointers[1],
          &pointers[!by_binding ? 2 : inside_at_start ? 4 : 3]};
      // The slots share the line: each text's natural width, then each its share.
      std::array<std::string, 3> texts;
      std::array<std::vector<TextOrigin>, 3> origins;
      std::array<Pt, 3> natural{};
      for (std::size_t k = 0; k < 3; ++k) {
        texts[k] = fill_template(ctx, slots[k].first->for_lang(lang), static_cast<long>(p + 1),
                                 static_cast<long>(npages), &origins[k]);
        // A slot written for other languages only ("Page {page} of {pages}" in "en" and "ar"
        // for a French handout) is left empty: said once, on the first page that has it.
        if (p == (f->on_first_page ? 0u : 1u)) {
          warn_not_in_language(ctx, *slots[k].first, *slot_pointers[k],
                               is_header ? "the header's text here" : "the footer's text here");
        }
        if (texts[k].empty()) continue;
        const std::string wkey = (is_header ? "h:" : "f:") + texts[k];
        auto w = natural_widths.find(wkey);
        if (w == natural_widths.end()) {
          DiagSink quiet;
          BlockContext mctx{fctx.spec, fctx.styles, fctx.fonts, fctx.shaper, quiet, fctx.article,
                            fctx.width, fctx.break_mode, fctx.hyphenation_dir, fctx.brand};
          std::u32string t = utf8_to_utf32(texts[k]);
          if (t.size() > kFurnitureChars) t.resize(kFurnitureChars);
          w = natural_widths.emplace(wkey, natural_width(set_unbounded(mctx, t, role, *slot_pointers[k]))).first;
        }
        natural[k] = w->second;
      }
      const std::array<Pt, 3> share = share_slots(natural, fctx.width, kSlotGap);
      for (std::size_t k = 0; k < 3; ++k) {
        const Slot slot = slots[k].second;
        // The same text (a title in the header) is set once, not once per page.
        const auto key = std::make_tuple(is_header, static_cast<int>(slot), texts[k], share[k].value());
        auto cached = set_slots.find(key);
        if (cached == set_slots.end()) {
          Pt h;
          // Where the text's page numbers begin: the template filled up to them is how it starts.
          std::size_t keep_from = std::u32string::npos;
          const std::string tmpl = slots[k].first->for_lang(lang);
          if (const std::size_t at = page_numbers_from(tmpl); at != std::string_view::npos) {
            const std::string before = fill_template(ctx, tmpl.substr(0, at), static_cast<long>(p + 1),
                                                     static_cast<long>(npages), nullptr);
            if (texts[k].compare(0, before.size(), before) == 0) keep_from = utf8_to_utf32(before).size();
          }
          fctx.origins = &origins[k];
          std::u32string lost;
          auto set = set_slot(fctx, texts[k], role, slot, *slot_pointers[k], share[k], h, keep_from, lost);
          fctx.origins = nullptr;
          if (!lost.empty()) report_cut(*slots[k].first, *slot_pointers[k], is_header, lost);
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
      // A header or footer taller than its margin (a small margin, a large text size, a tall
      // logo or QR code) would be drawn partly or wholly off the paper: page numbers, the
      // clinic's details or a QR code silently lost. Refused, once, at what makes it tall.
      if ((is_header ? top < Pt(0) : top + line_h > spec.page_height) && !off_page_reported_[is_header ? 1 : 0]) {
        off_page_reported_[is_header ? 1 : 0] = true;
        const char* what = is_header ? "header" : "footer";
        std::string pointer = is_header ? "/page/margins/top" : "/page/margins/bottom";
        std::string tall = "its text";
        if (qr && qr_w >= line_h && qr_w > text_h) {
          pointer = std::string("/") + what + "/qr";
          tall = "its QR code";
        } else if (f->logo && f->logo_height >= line_h && f->logo_height > text_h) {
          tall = "its logo";
          // Its height where the layout writes it; a brand's logo in a layout that writes no
          // logo_height (or no header at all) is set at the default height: the margin is
          // what the layout wrote (the pointer named a key the file does not have, at 1:1).
          const std::string height = std::string("/") + what + "/logo_height";
          if (spec.source && spec.source->root().contains(nlohmann::json::json_pointer(height))) pointer = height;
        }
        const Pt margin = is_header ? spec.margin_top : spec.margin_bottom;
        const Pt need = line_h + Pt(kFurnitureGap);
        char buf[320];
        std::snprintf(buf, sizeof buf,
                      "the running %s does not fit in the %s margin of %.1f mm: %s is %.1f mm tall and stands "
                      "%.1f mm from the text, so it would be printed off the page; make the margin at least "
                      "%.1f mm, or the %s smaller",
                      what, is_header ? "top" : "bottom", to_mm(margin), tall.c_str(), to_mm(line_h),
                      to_mm(Pt(kFurnitureGap)), std::ceil(to_mm(need) * 10) / 10, what);
        ctx.sink.error(spec.locate(pointer), buf);
      }
      const Pt left = body_left;
      // A header's text stands level with the middle of a taller logo; a footer's hangs
      // from the rule, beside the top of its QR code.
      const Pt text_top = is_header ? top + (line_h - text_h) / 2 : top;
      for (auto& it : items) {
        translate(it, text_left, text_top);
        out.push_back(std::move(it));
      }
      if (f->logo) {
        const Pt lx = logo_left ? left : left + body_width - logo_w;
        // Tagged PDF reads the logo once, as a figure with its alternative text; on later
        // pages it is running furniture (an artifact).
        std::string alt = f->logo_alt.for_lang(lang);
        ImageItem logo{Rect{lx, top, logo_w, f->logo_height}, f->logo, alt.empty() ? "logo" : alt, -1};
        logo.artifact = logo_shown;
        logo_shown = true;
        out.push_back(std::move(logo));
      }
      if (qr) {
        if (!qr_symbol_cache || qr_symbol_cache->rect.width != qr_w) {
          std::string error, advice;
          qr_symbol_cache = qr_symbol(ctx.article.url, qr_w, Color{0, 0, 0}, error, 'M', &advice);
          if (!qr_symbol_cache) ctx.sink.error(ctx.article.locate("/meta/url"), "meta.url " + error);
          if (!advice.empty()) ctx.sink.warning(ctx.article.locate("/meta/url"), "meta.url " + advice);
        }
        if (qr_symbol_cache) {
          SquaresItem sq = *qr_symbol_cache;
          // Read once, where it is first drawn; on later pages it is running furniture.
          sq.alt = qr_alt(ctx.article.url, lang, sq.alt_lang);
          sq.artifact = qr_shown;
          qr_shown = true;
          sq.rect.x = logo_left ? left + body_width - qr_w : left;
          sq.rect.y = top;
          out.push_back(std::move(sq));
        }
      }
      if (f->rule) {
        const Pt ry = is_header ? spec.margin_top - Pt(kFurnitureGap / 2) : spec.page_height - spec.margin_bottom + Pt(kFurnitureGap / 2);
        out.push_back(RectItem{Rect{left, ry, body_width, Pt(0.5)}, ctx.styles[role].color, std::nullopt, Pt(0)});
      }
    }
  }
  if (const Pt dx = page_shift(p); dx.value() != 0) {
    for (auto& item : out) translate(item, dx, Pt(0));
  }
  return out;
}

Document compose_pages(BlockContext& ctx, Pagination pagination, const ComposeOptions& options) {
  PageComposer composer(ctx, options);
  const std::size_t columns = composer.columns();
  const std::size_t n = pagination.regions.size();
  for (std::size_t r = 0; r < n || r == 0; r += columns) {
    (void)composer.add_page(pagination.regions, r, std::min(columns, n - r));
  }
  Document& doc = composer.document();
  for (std::size_t p = 0; p < doc.pages.size(); ++p) {
    for (auto& item : composer.furniture(p)) doc.pages[p].items.push_back(std::move(item));
  }
  return std::move(doc);
}


}  // namespace handout
