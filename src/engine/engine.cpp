#include "engine/engine.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <functional>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include <hb-ot.h>

#include "block/blocks.h"
#include "core/cancel.h"
#include "core/lang.h"
#include "core/lazy_library.h"
#include "core/side_lane.h"
#include "engine/bilingual.h"
#include "engine/brochure.h"
#include "model/correspondence.h"
#include "flow/paginate.h"
#include "output/pdf_writer.h"
#include "page/compose.h"
#include "page/print.h"
#include "style/style.h"
#include "text/shape_ahead.h"
#include "text/shaper.h"

namespace handout {

std::optional<long long> parse_source_date_epoch(const char* value, DiagSink& sink) {
  if (!value || !*value) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const long long t = std::strtoll(value, &end, 10);
  if (*end != '\0' || t < 0 || errno == ERANGE) {
    sink.warning(Location{"SOURCE_DATE_EPOCH", 0, 0, ""}, "is not a number of seconds; ignored");
    return std::nullopt;
  }
  if (t > kLastPdfDate) {
    sink.warning(Location{"SOURCE_DATE_EPOCH", 0, 0, ""},
                 std::string(value) + " is after 9999-12-31T23:59:59Z, the last date a PDF can hold; ignored");
    return std::nullopt;
  }
  return t;
}

std::optional<PdfStandard> parse_pdf_standard(const std::string& text) {
  if (text == "none") return PdfStandard::kNone;
  if (text == "ua-1,a-2a" || text == "a-2a,ua-1") return PdfStandard::kUa1A2a;
  return std::nullopt;
}

bool check_conformance(const LayoutSpec& spec, const std::vector<const Article*>& articles, DiagSink& sink) {
  bool ok = true;
  struct Logo {
    const LocalizedText* alt;
    std::string pointer;
    const JsonDoc* brand;  ///< the brand file the logo came from, or null: the layout's
  };
  const Logo logos[] = {
      {!spec.header.logo ? nullptr : &spec.header.logo_alt, "/header/logo", spec.header.logo_alt_from.get()},
      {!spec.footer.logo ? nullptr : &spec.footer.logo_alt, "/footer/logo", nullptr},
      {!spec.panels.logo ? nullptr : &spec.panels.logo_alt, "/panels/logo", nullptr}};
  for (const Logo& logo : logos) {
    if (!logo.alt) continue;
    for (const Article* a : articles) {
      if (!logo.alt->for_lang(a->lang).empty()) continue;
      if (logo.brand) {
        sink.error(logo.brand->locate("/logo/alt"),
                   "the brand's logo has no alternative text for \"" + a->lang +
                       "\", which PDF/UA-1 requires: add it to \"alt\" (one string, or strings by language "
                       "with \"default\" for others), or render with --pdf-standard none");
      } else {
        sink.error(spec.locate(logo.pointer),
                   "the logo has no alternative text for \"" + a->lang +
                       "\", which PDF/UA-1 requires: add \"logo_alt\" beside it (a string, or strings by "
                       "language), or render with --pdf-standard none");
      }
      ok = false;
    }
  }
  return ok;
}

bool check_logo_sizes(const LayoutSpec& spec, DiagSink& sink) {
  // A logo is drawn at its logo_height, as wide as its shape makes it: a long thin one
  // (4000×10 pixels) ran past the page's edge and pushed the header's text off it; a tall
  // thin one was a hairline.
  bool ok = true;
  const auto in_mm = [](Pt v) { return mm_text(v, 1); };
  // `widest`: half a header's text width (the texts share its line), a panel's whole width
  // (the logo stands on its own line).
  auto check = [&](const std::shared_ptr<const Image>& logo, Pt height, Pt widest, const JsonDoc* brand,
                   const std::string& pointer, const std::string& place) {
    if (!logo || logo->height == 0) return;
    const Pt w = height * (static_cast<double>(logo->width) / logo->height);
    const Pt narrowest = mm(3);
    if (w <= widest && w >= narrowest) return;
    sink.error(brand ? brand->locate("/logo/src") : spec.locate(pointer),
               std::string(brand ? "the brand's logo" : "the logo") + " of " + std::to_string(logo->width) + "×" +
                   std::to_string(logo->height) + " pixels would be " + in_mm(w) + " mm wide at the " + place +
                   "'s logo_height of " + in_mm(height) + " mm: " +
                   (w > widest ? "wider than the " + in_mm(widest) + " mm it may take there; use a less wide logo or "
                                 "a smaller logo_height"
                               : "narrower than 3 mm, too thin to be seen; use a wider logo"));
    ok = false;
  };
  const JsonDoc* brand = spec.header.logo_alt_from.get();  // the brand's logo goes in the header
  if (spec.panels.enabled()) {
    // A brochure has no header: the brand's logo and the layout's are drawn on the panels.
    Pt panel = spec.page_width;
    for (Pt w : spec.panels.widths) panel = min(panel, w - spec.panels.gutter);
    if (brand) check(spec.header.logo, spec.panels.logo_height, panel, brand, "", "panel");
    check(spec.panels.logo, spec.panels.logo_height, panel, nullptr, "/panels/logo", "panel");
  } else {
    const Pt body = spec.page_width - spec.margin_start - spec.margin_end;
    check(spec.header.logo, spec.header.logo_height, body * 0.5, brand, "/header/logo", "header");
    check(spec.footer.logo, spec.footer.logo_height, body * 0.5, nullptr, "/footer/logo", "footer");
    // A running line's logo and QR code (each fits alone) take their width and 6 pt beside it
    // out of the line, and its texts share what is left: with too little left they were cut to
    // a letter and an ellipsis ("P…") or left out without a word, and under 36 pt ran into the
    // QR code.
    for (const FurnitureSpec* f : {&spec.header, &spec.footer}) {
      if (!ok || !f->qr) continue;
      const bool texts = !f->start.empty() || !f->center.empty() || !f->end.empty() || !f->inside.empty() ||
                         !f->outside.empty();
      const Pt gap(6);
      const Pt logo_w = f->logo && f->logo->height > 0
                            ? f->logo_height * (static_cast<double>(f->logo->width) / f->logo->height)
                            : Pt(0);
      const Pt taken = *f->qr + gap + (f->logo ? logo_w + gap : Pt(0));
      const Pt least = texts ? Pt(72) : Pt(0);
      if (body - taken >= least - kEpsilon) continue;
      const char* what = f == &spec.header ? "header" : "footer";
      sink.error(spec.locate(std::string("/") + what + "/qr"),
                 std::string("the ") + what + "'s QR code (" + in_mm(*f->qr) + " mm)" +
                     (f->logo ? " and logo (" + in_mm(logo_w) + " mm wide)" : std::string()) + " take " +
                     in_mm(taken) + " mm of its " + in_mm(body) + " mm line with the space beside them" +
                     (texts ? ", leaving less than the 25.4 mm its texts need: they would be cut to a letter or "
                              "left out"
                            : ": they would run into each other or off the page") +
                     "; make the qr or logo_height smaller, or the side margins narrower");
      ok = false;
    }
  }
  return ok;
}

namespace {

std::string hex_color(Color c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

}  // namespace

bool check_text_contrast(const LayoutSpec& spec, const Brand* branded, DiagSink& sink) {
  // WCAG 2 asks 4.5:1 of body text and 3:1 of large text; below 3:1 text is faint to anyone
  // and lost to many patients (a clinic's white or yellow accent made the title and headings
  // invisible on the paper).
  constexpr double kLeast = kLeastContrast;
  const StyleSheet styles(spec);
  // Where a colour was written: the brand file's accent, a layout pointer, or nowhere (the
  // built-in look, which reads on the paper).
  struct Written {
    const JsonDoc* doc = nullptr;
    std::string pointer;
  };
  const JsonDoc* layout = spec.source.get();
  auto in_layout = [layout](const std::string& pointer) {
    return layout && layout->root().contains(nlohmann::json::json_pointer(pointer)) ? Written{layout, pointer} : Written{};
  };
  // apply_brand() put a brand's accent on the title, level 1 and 2 headings and the cover band.
  const JsonDoc* brand = branded && branded->accent ? branded->source.get() : nullptr;
  auto text_colour = [&](Role r) {
    if (brand && (r == Role::kTitle || r == Role::kHeading1 || r == Role::kHeading2)) return Written{brand, "/colors/accent"};
    Written w = in_layout("/styles/" + std::string(role_name(r)) + "/color");
    // Body text's colour carries over to the text of lists, answers and callouts (style.h).
    if (!w.doc && inherits_body(r, true)) w = in_layout("/styles/body/color");
    return w;
  };
  bool ok = true;
  std::set<std::pair<const JsonDoc*, std::string>> reported;
  // `ink_from` and `ground_from` say where each colour was written; asked only of a failing
  // pair (looking a pointer up parses it).
  auto check = [&](const std::string& what, Color ink, const std::function<Written()>& ink_from,
                   const std::string& ground_name, Color ground, const std::function<Written()>& ground_from) {
    const double ratio = contrast_ratio(ink, ground);
    if (ratio >= kLeast) return;
    const Written i = ink_from(), g = ground_from();
    // The brand's accent was written last; else the text's colour, else what it stands on.
    const Written& at = brand && i.doc == brand ? i : brand && g.doc == brand ? g : i.doc ? i : g;
    // One error a colour written (the accent of the title and both heading levels).
    if (!reported.insert(std::make_pair(at.doc, at.pointer)).second) return;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f:1", std::floor(ratio * 100) / 100);
    const Location where = at.doc ? at.doc->locate(at.pointer) : spec.locate("");
    sink.error(where, what + " in " + hex_color(ink) + " on " + ground_name + " (" + hex_color(ground) +
                          ") has a contrast of " + buf + ": too faint to read; printed text needs at least 3:1 "
                          "(WCAG 2, large text; 4.5:1 for body text): use a darker colour, or a lighter one on a "
                          "dark fill");
    ok = false;
  };
  auto layout_at = [&in_layout](const char* pointer) { return [&in_layout, pointer] { return in_layout(pointer); }; };
  const auto nowhere = [] { return Written{}; };
  const bool band = spec.panels.enabled() && spec.panels.cover_fill.has_value();
  for (std::size_t k = 0; k < kRoleCount; ++k) {
    const Role r = static_cast<Role>(k);
    const std::string what = "\"" + std::string(role_name(r)) + "\" text";
    const auto from = [&text_colour, r] { return text_colour(r); };
    if (r == Role::kTitle && band) {
      // On a brochure the title (links and all) stands on the cover band, in cover_ink.
      check("the cover's text", spec.panels.cover_ink, layout_at("/panels/cover_ink"), "the cover band",
            *spec.panels.cover_fill,
            [&] { return brand ? Written{brand, "/colors/accent"} : in_layout("/panels/cover_fill"); });
      continue;
    }
    // The role's colour on everything it stands on (the same grounds on which its links take
    // that colour where the links' blue is faint: style.h).
    for (const Ground& g : grounds_of(spec, r)) {
      const auto ground_from = [&layout_at, &nowhere, p = g.pointer]() -> Written {
        return p ? layout_at(p)() : nowhere();
      };
      check(what, styles[r].color, from, g.name, g.color, ground_from);
    }
  }
  return ok;
}

std::optional<long long> date_to_epoch(const std::string& ymd) {
  if (ymd.size() != 10) return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (std::sscanf(ymd.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return std::nullopt;
  // Days from civil (Howard Hinnant's algorithm).
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (static_cast<long long>(era) * 146097 + doe - 719468) * 86400;
}

bool past_deadline(const RenderOptions& options, DiagSink& sink, const Location& where) {
  if (!options.deadline || std::chrono::steady_clock::now() < *options.deadline) return false;
  sink.error(where, kCancelledMessage);
  return true;
}

bool past_deadline(const RenderOptions& options, DiagSink& sink, const Article& article, const std::string& pointer) {
  if (!options.deadline || std::chrono::steady_clock::now() < *options.deadline) return false;
  return past_deadline(options, sink, article.locate(pointer));
}

namespace {

std::string event_message(PaginationEvent::Kind k, const std::string& unit) {
  switch (k) {
    case PaginationEvent::Kind::kKeepBroken:
      return "content that should stay together is longer than the space on the " + unit + "; it was broken";
    case PaginationEvent::Kind::kBoxCut:
      return "a block taller than a " + unit + " was cut at the " + unit + " end";
    case PaginationEvent::Kind::kRowSplit:
      return "a table row taller than a " + unit + " was split across " + unit + "s";
  }
  return "";
}

}  // namespace

bool check_max_pages(const RenderOptions& options, DiagSink& sink) {
  if (options.max_pages <= kMaxPdfPages) return true;
  sink.error(Location{"--max-pages", 0, 0, ""},
             std::to_string(options.max_pages) + " is over " + std::to_string(kMaxPdfPages) +
                 ", the most pages handout can write in one PDF (libharu's page tree); give a smaller limit");
  return false;
}

PageBudget::PageBudget(Pt region_height, std::size_t regions_per_page, std::size_t max_pages)
    : region_height_(region_height), regions_(regions_per_page * max_pages), max_pages_(max_pages) {}

namespace {

// Boxes are never shrunk and never share space, so the regions needed are at least the
// sum of their heights over a region's height. A box taller than a region counts as one
// region (it is cut), which keeps this a lower bound whatever the paginator does with it.
Pt box_heights(const VList& list, Pt region_height) {
  Pt h;
  for (const VElem& e : list) {
    if (e.kind == VKind::kBox) h += std::min(e.height, region_height);
  }
  return h;
}

}  // namespace

bool PageBudget::add(const BlockFlow& flow) {
  probed_ = Pt(0);
  used_ += box_heights(flow.list, region_height_);
  passed_ = passed_ || used_.value() > region_height_.value() * static_cast<double>(regions_);
  return !passed_;
}

bool PageBudget::probe(const VList& part) {
  probed_ += box_heights(part, region_height_);
  passed_ = passed_ || (used_ + probed_).value() > region_height_.value() * static_cast<double>(regions_);
  return !passed_;
}

void PageBudget::report(const Location& where, DiagSink& sink) const {
  sink.error(where, "the handout needs more than " + std::to_string(max_pages_) + (max_pages_ == 1 ? " page" : " pages") +
                        ", over the limit of " +
                        std::to_string(max_pages_) + " (stopped laying out here); split it, or raise --max-pages");
}

void report_pagination(const Pagination& pages, const Article& article, std::size_t regions_per_page,
                       DiagSink& sink, const std::string& unit) {
  // One warning per kind of event and block, naming the pages it happened on.
  std::map<std::pair<int, int>, std::vector<std::size_t>> grouped;
  for (const auto& e : pages.events) {
    auto& list = grouped[{static_cast<int>(e.kind), e.block}];
    const std::size_t page = e.region / std::max<std::size_t>(1, regions_per_page) + 1;
    if (list.empty() || list.back() != page) list.push_back(page);
  }
  for (const auto& [key, on_pages] : grouped) {
    const auto [kind, block] = key;
    const std::string pointer = block >= 0 ? article.blocks[static_cast<std::size_t>(block)].pointer : "/title";
    std::string where = on_pages.size() == 1 ? " (" + unit + " " + std::to_string(on_pages[0]) + ")"
                                             : " (" + unit + "s " + std::to_string(on_pages.front()) + "–" +
                                                   std::to_string(on_pages.back()) + ")";
    sink.warning(article.locate(pointer), event_message(static_cast<PaginationEvent::Kind>(kind), unit) + where);
  }
}

std::optional<BlockFlow> layout_contact(BlockContext& ctx) {
  const std::string& lang = ctx.article.lang;
  std::vector<TextOrigin> origins;
  const std::string text = fill_template(ctx, ctx.spec.contact.text.for_lang(lang), 0, 0, &origins);
  warn_not_in_language(ctx, ctx.spec.contact.text, "/contact/text", "the contact box's text");
  if (text.empty()) return std::nullopt;
  const std::string title = fill_template(ctx, ctx.spec.contact.title.for_lang(lang), 0, 0, &origins);
  auto in = [&](const std::string& s, const LocalizedText& t, const char* pointer) {
    return Inline{{Span{s, "", false, false, ""}}, t.pointer_for(pointer, lang), ctx.spec.source.get()};
  };
  Block block;
  block.pointer = "";
  CalloutBlock c;
  if (!title.empty()) c.title = in(title, ctx.spec.contact.title, "/contact/title");
  c.text = in(text, ctx.spec.contact.text, "/contact/text");
  block.content = std::move(c);
  ctx.origins = &origins;
  auto flow = layout_block(ctx, block, -1);
  ctx.origins = nullptr;
  return flow;
}

void finish_for_print(Document& doc, const LayoutSpec& spec, Direction dir, const RenderOptions& options,
                      std::vector<std::vector<Pt>> folds) {
  if (!options.print_sheets) return;
  if (spec.imposition.enabled()) folds = impose_saddle_stitch(doc, spec.imposition, dir == Direction::kRtl);
  if (spec.print.enabled()) add_print_marks(doc, spec.print, folds);
}

bool Engine::streams(const LayoutSpec& spec, const RenderOptions& options) {
  return !spec.panels.enabled() && spec.bilingual.mode == BilingualSpec::Mode::kNone &&
         !(options.print_sheets && (spec.imposition.enabled() || spec.print.enabled()));
}

namespace {

// Runs `run` with `options.deadline` reaching into its long loops (core/cancel.h): when it
// passes there, the error is kCancelledMessage at the block being laid out (if known). Within
// a render already in its scope (a bilingual leaflet's two parts), the outermost reports it,
// once.
template <class F>
auto run_cancellable(const RenderOptions& options, DiagSink& sink, F&& run) -> decltype(run()) {
  if (!options.deadline || CancelScope::current()) return run();
  const CancelScope scope(options.deadline);
  try {
    return run();
  } catch (const RenderCancelled& cancelled) {
    sink.error(cancelled.where.value_or(Location{}), kCancelledMessage);
    return std::nullopt;
  }
}

}  // namespace

std::optional<Document> Engine::layout(const Article& article, const LayoutSpec& spec,
                                       DiagSink& sink, const RenderOptions& options) {
  return run_cancellable(options, sink, [&] { return layout_article(article, spec, sink, options, nullptr, nullptr); });
}

std::optional<Document> Engine::layout_streaming(const Article& article, const LayoutSpec& spec, DiagSink& sink,
                                                 const RenderOptions& options, const PdfOptions& pdf_options,
                                                 std::optional<std::string>& pdf) {
  if (!streams(spec, options)) {
    sink.error(Location{spec.file, 0, 0, ""}, "this layout cannot be written page by page");
    return std::nullopt;
  }
  return run_cancellable(options, sink,
                         [&] { return layout_article(article, spec, sink, options, &pdf_options, &pdf); });
}

std::optional<Document> Engine::layout_article(const Article& article, const LayoutSpec& spec, DiagSink& sink,
                                               const RenderOptions& options, const PdfOptions* pdf_options,
                                               std::optional<std::string>* pdf, Article* owned) {
  if (!check_max_pages(options, sink)) return std::nullopt;
  if (!spec.cell_hyphenation_dir.empty() && !hyphenator_.check_dir(spec.cell_hyphenation_dir, sink)) {
    return std::nullopt;
  }
  if (spec.panels.enabled()) {
    auto brochure = layout_brochure(*this, article, spec, sink, options);
    if (!brochure) return std::nullopt;
    finish_for_print(brochure->document, spec, article.direction, options, std::move(brochure->folds));
    return std::move(brochure->document);
  }
  if (!spec.imposition.enabled()) return layout_pages(article, spec, sink, options, pdf_options, pdf, owned, 0, nullptr);
  // A saddle-stitched booklet is padded with blank pages to a multiple of four: those pages
  // are paper already paid for. When the plain pagination left a list's first or last item
  // alone and the count is not a multiple of four, the article is paginated again with the
  // regions up to the padded count to spend on avoiding that; the second is kept when it
  // strands fewer items within the padded count. Each pass streams as a single one does (the
  // article's content is kept for the second: `owned` is not consumed), and they share a
  // shaping cache (the caller's or their own), as a brochure's attempts do. Both the printed
  // sheets and the pages in reading order get the same pagination.
  ShapeCache own_cache;
  RenderOptions opts = options;
  if (!opts.shape_cache) opts.shape_cache = &own_cache;
  DiagSink first_sink = sink;
  PassCount first;
  auto doc = layout_pages(article, spec, first_sink, opts, pdf_options, pdf, nullptr, 0, &first);
  const std::size_t columns = static_cast<std::size_t>(spec.columns);
  const std::size_t padded = (first.pages + 3) / 4 * 4;
  // A text of a page or two printed as a booklet is half blank or more (a one-sentence
  // article: three blank pages of four), which nothing else tells the print shop.
  // (Pages in reading order, for screens, are not padded.)
  auto say_blank = [&article, &options](DiagSink& to, std::size_t pages) {
    const std::size_t all = (pages + 3) / 4 * 4, blank = all - pages;
    if (!options.print_sheets || pages == 0 || blank < pages) return;
    to.warning(article.locate("/blocks"),
               "the article fills " + std::to_string(pages) + (pages == 1 ? " page" : " pages") + " of the " +
                   std::to_string(all) + "-page booklet: " + std::to_string(blank) +
                   (blank == 1 ? " page is" : " pages are") +
                   " printed blank (a saddle-stitched booklet is folded from sheets of 4 pages); add to the "
                   "article, or give a text this short a handout layout");
  };
  if (!doc || first.strands == 0 || first.pages == padded) {
    if (doc) say_blank(first_sink, first.pages);
    sink = std::move(first_sink);
    return doc;
  }
  // A document held whole (not written page by page) is let go: remaking it, if the second
  // pass is not kept, costs time where holding two would cost memory.
  const bool written = pdf != nullptr;
  if (!written) doc.reset();
  DiagSink second_sink = sink;
  PassCount second;
  std::optional<std::string> second_pdf;
  auto again = layout_pages(article, spec, second_sink, opts, pdf_options, written ? &second_pdf : nullptr,
                            nullptr, padded * columns - first.regions, &second);
  if (again && second.pages <= padded && second.strands < first.strands) {
    say_blank(second_sink, second.pages);
    sink = std::move(second_sink);
    if (written) *pdf = std::move(second_pdf);
    return again;
  }
  again.reset();
  if (past_deadline(options, sink, article, "")) return std::nullopt;
  if (doc) {
    say_blank(first_sink, first.pages);
    sink = std::move(first_sink);
    return doc;
  }
  auto remade = layout_pages(article, spec, sink, opts, pdf_options, pdf, nullptr, 0, nullptr);
  if (remade) say_blank(sink, first.pages);
  return remade;
}

std::optional<Document> Engine::layout_pages(const Article& article, const LayoutSpec& spec, DiagSink& sink,
                                             const RenderOptions& options, const PdfOptions* pdf_options,
                                             std::optional<std::string>* pdf, Article* owned, std::size_t spare,
                                             PassCount* count) {
  const int errors_before = sink.error_count();
  auto chains = resolve_font_chains(fonts_, spec, sink);
  if (!chains) return std::nullopt;
  const StyleSheet styles(spec);
  TextShaper shaper(fonts_, &hyphenator_, options.shape_cache);
  shaper.set_ahead(options.shape_ahead);
  const Pt body_width = spec.page_width - spec.margin_start - spec.margin_end;
  const Pt column_width = (body_width - spec.column_gap * (spec.columns - 1)) / spec.columns;
  BlockContext ctx{spec, styles, *chains, shaper, sink, article, column_width, options.break_mode,
                   spec.hyphenation_dir, options.brand};

  const Pt body_height = spec.page_height - spec.margin_top - spec.margin_bottom;
  PageBudget budget(body_height, static_cast<std::size_t>(spec.columns), options.max_pages);
  ctx.within_budget = [&budget](const VList& part) { return budget.probe(part); };
  // Each block is paginated as it is laid out: the regions that are final take its display
  // items and its list goes, and each page is made as soon as its regions are; when
  // streaming, its body is written then and its items go, so what is held is a page or two
  // of list and items and the written pages' content.
  ComposeOptions co;
  co.creation_time = options.creation_time.value_or(
      date_to_epoch(article.reviewed).value_or(946684800));  // 2000-01-01
  co.pages_before = options.pages_before;
  co.bound_right = options.bound_right;
  PageComposer composer(ctx, co);
  Document& doc = composer.document();
  std::optional<PdfPageWriter> writer;
  if (pdf_options) writer.emplace(doc, fonts_, sink, *pdf_options);
  const std::size_t columns = composer.columns();
  std::size_t placed = 0;  // regions on pages
  bool stopped = false;
  auto place = [&](Pagination& p, bool last) {
    while (!stopped) {
      // A page when its columns are filled; after the last block, the rest (at least one page).
      const std::size_t left = p.regions.size() - placed;
      if (left < columns && !(last && (left > 0 || doc.pages.empty()))) break;
      const std::size_t n = std::min(columns, left);
      const int figures = composer.add_page(p.regions, placed, n);
      placed += n;
      if (writer) {
        stopped = !writer->add_page(doc.pages.back(), figures);
        std::vector<DisplayItem>().swap(doc.pages.back().items);  // written: the page keeps its size
      }
    }
    return !stopped;
  };
  Paginator paginator(body_height, spare);
  Pagination pages;
  if (options.shape_ahead) options.shape_ahead->reach(&article, -1);
  BlockFlow title = layout_title(ctx);
  budget.add(title);
  paginator.add(std::move(title), pages);
  if (!place(pages, false)) return std::nullopt;
  std::vector<std::size_t> unreleased;  // blocks laid out whose content is still held
  for (std::size_t i = 0; i < article.blocks.size(); ++i) {
    if (past_deadline(options, sink, article, article.blocks[i].pointer)) return std::nullopt;
    if (options.shape_ahead) options.shape_ahead->reach(&article, static_cast<int>(i));
    BlockFlow flow = [&] {
      try {
        return layout_block(ctx, article.blocks[i], static_cast<int>(i));
      } catch (RenderCancelled& cancelled) {  // past the deadline inside the block: it is named
        if (!cancelled.where) cancelled.where = article.locate(article.blocks[i].pointer);
        throw;
      }
    }();
    // Nothing reads a block's content once it is laid out (its display items own their
    // text and pictures); a long article's spans are a large part of what a render holds.
    // (A block the lane may still be reading, shaping ahead, goes when the lane is done with it.)
    if (owned) {
      unreleased.push_back(i);
      std::erase_if(unreleased, [&](std::size_t k) {
        if (options.shape_ahead && !options.shape_ahead->done_with(&article, static_cast<int>(k))) return false;
        owned->blocks[k].content = BlockContent{};
        return true;
      });
    }
    if (!budget.add(flow)) {
      budget.report(article.locate(article.blocks[i].pointer), sink);
      return std::nullopt;
    }
    paginator.add(std::move(flow), pages);
    if (!place(pages, false)) return std::nullopt;
  }
  ctx.within_budget = nullptr;  // the budget ends here; the furniture copies the context
  if (auto contact = layout_contact(ctx)) paginator.add(std::move(*contact), pages);
  if (sink.error_count() > errors_before) return std::nullopt;
  paginator.finish(pages);
  if (!place(pages, true)) return std::nullopt;
  if (past_deadline(options, sink, article, "")) return std::nullopt;
  report_pagination(pages, article, static_cast<std::size_t>(spec.columns), sink);
  const std::size_t npages = (pages.regions.size() + static_cast<std::size_t>(spec.columns) - 1) /
                             static_cast<std::size_t>(spec.columns);
  if (npages > options.max_pages) {
    sink.error(article.locate(""), "the handout would have " + std::to_string(npages) +
                                       " pages, over the limit of " + std::to_string(options.max_pages));
    return std::nullopt;
  }
  if (count) {
    count->regions = pages.regions.size();
    count->pages = npages;
    count->strands = static_cast<std::size_t>(
        std::count_if(pages.regions.begin(), pages.regions.end(), [](const Region& r) { return r.strands; }));
  }
  if (writer) {
    // The running header and footer now that the page count is known, and the file.
    *pdf = writer->finish([&composer](std::size_t p) { return composer.furniture(p); });
    writer.reset();
    if (!*pdf) return std::nullopt;
    return std::move(doc);
  }
  for (std::size_t p = 0; p < doc.pages.size(); ++p) {
    for (auto& item : composer.furniture(p)) doc.pages[p].items.push_back(std::move(item));
  }
  finish_for_print(doc, spec, article.direction, options, {});
  return std::move(doc);
}

namespace {

bool is_in_language(const Article& art, const std::string& lang) {
  return primary_language(art.lang) == primary_language(lang);
}

// Whether two translations given as `first`, `second` are in the reverse of the bilingual
// layout's order of languages.
bool in_other_order(const LayoutSpec& spec, const Article& first, const Article& second) {
  const auto& order = spec.bilingual.order;
  return order.size() == 2 && is_in_language(first, order[1]) && is_in_language(second, order[0]);
}

}  // namespace

Pairing pairing(const std::vector<const Article*>& articles, const LayoutSpec& spec) {
  if (spec.bilingual.mode == BilingualSpec::Mode::kNone) return articles.size() == 1 ? Pairing::kOk : Pairing::kOneWanted;
  if (articles.size() != 2) return Pairing::kTwoWanted;
  const auto& order = spec.bilingual.order;
  if (order.empty()) return Pairing::kOk;
  const bool swap = in_other_order(spec, *articles[0], *articles[1]);
  const Article& first = *articles[swap ? 1 : 0];
  const Article& second = *articles[swap ? 0 : 1];
  return is_in_language(first, order[0]) && is_in_language(second, order[1]) ? Pairing::kOk : Pairing::kOtherLanguages;
}

std::optional<Document> Engine::layout(const std::vector<const Article*>& articles,
                                       const LayoutSpec& spec, DiagSink& sink,
                                       const RenderOptions& options) {
  return run_cancellable(options, sink, [&] { return layout_in_scope(articles, spec, sink, options); });
}

std::optional<Document> Engine::layout_in_scope(const std::vector<const Article*>& articles,
                                                const LayoutSpec& spec, DiagSink& sink,
                                                const RenderOptions& options) {
  const bool bilingual = spec.bilingual.mode != BilingualSpec::Mode::kNone;
  const Pairing paired = pairing(articles, spec);
  if (!bilingual) {
    if (paired == Pairing::kOneWanted) {
      sink.error(Location{spec.file, 0, 0, ""}, "this layout takes one article, but " +
                                                    std::to_string(articles.size()) +
                                                    " were given; use a bilingual layout for two translations");
      return std::nullopt;
    }
    return layout(*articles[0], spec, sink, options);
  }
  if (paired == Pairing::kTwoWanted) {
    sink.error(Location{spec.file, 0, 0, "/bilingual"},
               "a bilingual layout takes two translations of one topic, but " +
                   std::to_string(articles.size()) + " article(s) were given");
    return std::nullopt;
  }
  const Article* first = articles[0];
  const Article* second = articles[1];
  const auto& order = spec.bilingual.order;
  if (!order.empty()) {
    if (in_other_order(spec, *first, *second)) std::swap(first, second);
    if (paired == Pairing::kOtherLanguages) {
      sink.error(Location{spec.file, 0, 0, "/bilingual/order"},
                 "this layout pairs \"" + order[0] + "\" with \"" + order[1] + "\", but the articles are \"" +
                     first->lang + "\" and \"" + second->lang + "\"");
      return std::nullopt;
    }
  }
  if (!check_correspondence(*first, *second, sink)) return std::nullopt;
  RenderOptions parts = options;
  parts.print_sheets = false;  // the whole leaflet is finished once, cover included
  auto doc = layout_bilingual(*this, *first, *second, spec, sink, parts);
  if (doc) finish_for_print(*doc, spec, first->direction, options, {});
  return doc;
}

std::optional<RenderResult> Engine::render(const std::string& article_path,
                                           const std::string& layout_path, DiagSink& sink,
                                           const RenderOptions& options) {
  return render(std::vector<std::string>{article_path}, layout_path, sink, options);
}

namespace {

// A representative text per script, to make the shape plans and lookup accelerators that the
// first real shapes would.
constexpr std::u32string_view kArabicSample = U"\u0627\u0644\u0639\u0631\u0628\u064A\u0629\u060C \u0644\u0644\u0645\u0631\u064A\u0636";
constexpr std::u32string_view kLatinSample = U"Patient, fi (2)";
constexpr std::u32string_view kDigitSample = U"12";

// The regular and bold faces of `families`, once each, added to `ids`.
std::vector<FontId> regular_and_bold(const std::vector<FamilyFaces>& families, std::vector<FontId> ids = {}) {
  for (const FamilyFaces& f : families) {
    for (FontId id : {f.ids[0], f.ids[1]}) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  return ids;
}

// The regular and bold faces of every family in the layout's chains, once each.
std::vector<FontId> chain_faces(const FontChains& chains) {
  std::vector<FontId> ids;
  for (const auto& [script, families] : chains.by_script) ids = regular_and_bold(families, std::move(ids));
  return ids;
}

// What the lane warms and shapes with, made by the first of its tasks that runs (they run on
// the lane only: layout drops or claims the ones the lane has not started): its own styles,
// chains and shaper; the chains resolved once for all of them.
struct LaneShaping {
  LaneShaping(FontBook& fonts, const Hyphenator& hyphenator, const LayoutSpec& spec) : styles(spec) {
    DiagSink quiet;  // layout reports what is wrong with the fonts
    chains = resolve_font_chains(fonts, spec, quiet);
    shaper.emplace(fonts, &hyphenator);
  }
  StyleSheet styles;
  std::optional<FontChains> chains;
  std::optional<TextShaper> shaper;
  DiagSink sink;
};

// What a render's first shapes make once per process, before the article is read: the
// layout's faces, their coverage sets and their layout tables, checked, with the lookups'
// accelerators (HarfBuzz makes them when a table is first asked for). All of it is shared
// by threads (FontBook and HarfBuzz fill it thread-safely).
void warm_faces(const FontBook& fonts, const LaneShaping& lane) {
  if (!lane.chains) return;
  for (FontId id : chain_faces(*lane.chains)) {
    const FontFace& face = fonts.face(id);
    (void)face.covers(U' ');
    hb_face_t* f = face.face.get();
    (void)hb_ot_layout_has_glyph_classes(f);
    (void)hb_ot_layout_has_substitution(f);
    (void)hb_ot_layout_has_positioning(f);
  }
}

// Then, with the articles' languages known: the shape plans of what the articles will shape
// (per face, direction, script and language, with no features, as the real calls), made by
// shaping a short text of each, and the hyphenation dictionaries of their languages.
void warm_plans(LaneShaping& lane, const Hyphenator& hyphenator, const LayoutSpec& spec,
                const std::vector<std::string>& langs) {
  if (!lane.chains) return;
  for (const std::string& lang : langs) {
    for (const auto& [script, families] : lane.chains->by_script) {
      for (FontId id : regular_and_bold(families)) {
        if (script == "arabic") {
          (void)lane.shaper->shape_string(kArabicSample, id, Pt(10), Direction::kRtl, lang, HB_SCRIPT_ARABIC);
          (void)lane.shaper->shape_string(kDigitSample, id, Pt(10), Direction::kLtr, lang, HB_SCRIPT_ARABIC);
        } else if (script == "latin") {
          (void)lane.shaper->shape_string(kLatinSample, id, Pt(10), Direction::kLtr, lang, HB_SCRIPT_LATIN);
        }
      }
    }
    if (!spec.hyphenation_dir.empty()) (void)hyphenator.points(U"information", lang, spec.hyphenation_dir);
  }
}

// For measuring (HANDOUT_AHEAD_STATS): what the lane did for this render, and each
// thread's CPU time and page faults so far, on stderr.
void print_lane_stats(SideLane& lane, const ShapeAhead& ahead) {
  const auto side = lane.closed_usage();
  const auto own = SideLane::thread_usage();
  std::fprintf(stderr,
               "shape ahead: %zu groups, lane ran %zu tasks, layout claimed %zu, took %zu results, %zu left; "
               "main thread %.2f ms %ld faults, lane %.2f ms %ld faults\n",
               ahead.groups(), lane.ran(), ahead.claimed(), ahead.taken(), ahead.left(), own.first, own.second,
               side.first, side.second);
}

// The paragraphs to shape ahead, one group a block (and the title), in the order layout
// shapes them: one article's blocks, or two translations' block by block (parallel) or one
// after the other (sequential). A brochure's styles are scaled to fit its panels, so its
// texts are not shaped ahead. `state()` gives the lane's LaneShaping.
template <typename State>
void post_groups(ShapeAhead& ahead, const LayoutSpec& spec, std::vector<const Article*> order, const Brand* brand,
                 State state) {
  if (spec.panels.enabled()) return;
  auto post = [&](const Article* art, int index) {
    ahead.post_group(art, index, [&spec, state, art, index, brand](ShapeAhead::Group& g) {
      LaneShaping& ls = state();
      if (!ls.chains) return;
      BlockContext ctx{spec, ls.styles, *ls.chains, *ls.shaper, ls.sink, *art, Pt(100), BreakMode::kOptimal,
                       spec.hyphenation_dir, brand};
      shaping_texts(ctx, index < 0 ? nullptr : &art->blocks[static_cast<std::size_t>(index)],
                    [&](StyledText t) { return ShapeAhead::offer(g, std::move(t), *ls.chains, *ls.shaper); });
    });
  };
  // Layout shapes a document's title and first block itself: it reaches them as soon as the
  // lane could start them (both wait for the article), so the lane's work on them was
  // done twice (the Arabic seed's first paragraph: 0.4 ms of the lane's time). It starts
  // at the second block and so stays ahead of layout.
  constexpr int kFirstPosted = 1;
  const bool bilingual = spec.bilingual.mode != BilingualSpec::Mode::kNone;
  if (bilingual && order.size() == 2 && in_other_order(spec, *order[0], *order[1])) std::swap(order[0], order[1]);
  if (bilingual && order.size() == 2 && spec.bilingual.mode == BilingualSpec::Mode::kParallel) {
    const std::size_t n = std::min(order[0]->blocks.size(), order[1]->blocks.size());
    for (int i = kFirstPosted; i < static_cast<int>(n); ++i) {
      post(order[0], i);
      post(order[1], i);
    }
  } else if (bilingual || order.size() == 1) {
    for (std::size_t a = 0; a < order.size(); ++a) {
      for (int i = a == 0 ? kFirstPosted : -1; i < static_cast<int>(order[a]->blocks.size()); ++i) post(order[a], i);
    }
  }
}

}  // namespace

std::optional<RenderResult> Engine::render(const std::vector<std::string>& article_paths,
                                           const std::string& layout_path, DiagSink& sink,
                                           const RenderOptions& options) {
  // One lane a render (when it may use two threads): it readies fonts and shape plans while
  // the article is read, then shapes the article's paragraphs ahead of layout.
  std::optional<SideLane> lane;
  if (options.threads >= 2) lane.emplace(options.lane_probation);
  // Its thread starts while the layout is read (starting one takes a while), and opens the
  // library layout needs first among those opened when first used (core/lazy_library.h).
  if (lane) lane->post(std::make_shared<SideTask>([] { lazy::preload_libraries(lazy::Preload::kLayout); }));
  auto spec = load_layout(layout_path, sink, options.limits);
  if (spec && options.brand) spec = apply_brand(std::move(*spec), *options.brand);
  std::vector<Article> articles;
  ShapeAhead ahead(lane ? &*lane : nullptr);
  std::optional<LaneShaping> lane_shaping;  // the lane's only
  auto lane_state = [this, &spec, &lane_shaping]() -> LaneShaping& {
    if (!lane_shaping) lane_shaping.emplace(fonts_, hyphenator_, *spec);
    return *lane_shaping;
  };
  // Destroyed first: the lane stops shaping and its thread ends before what it reads goes.
  struct LaneEnd {
    std::optional<SideLane>& lane;
    ShapeAhead& ahead;
    ~LaneEnd() {
      ahead.stop();
      if (lane && std::getenv("HANDOUT_AHEAD_STATS")) print_lane_stats(*lane, ahead);
      lane.reset();
    }
  } lane_end{lane, ahead};
  if (lane && spec) ahead.post_warm_up([this, lane_state] { warm_faces(fonts_, lane_state()); });
  articles.reserve(article_paths.size());
  bool ok = spec.has_value();
  for (const auto& path : article_paths) {
    auto article = load_article(path, sink, options.limits);
    if (article) articles.push_back(std::move(*article));
    else ok = false;
  }
  if (!ok) return std::nullopt;
  std::vector<const Article*> refs;
  for (const auto& art : articles) refs.push_back(&art);
  RenderOptions opts = options;
  if (lane) {
    opts.lane = &*lane;
    std::vector<std::string> langs;
    for (const Article& art : articles) {
      if (std::find(langs.begin(), langs.end(), art.lang) == langs.end()) langs.push_back(art.lang);
    }
    ahead.post_warm_up([this, &spec, langs, lane_state] { warm_plans(lane_state(), hyphenator_, *spec, langs); });
    post_groups(ahead, *spec, refs, options.brand, lane_state);
    // Last, the writer's libraries (core/lazy_library.h): the PDF is written once the
    // article is laid out, and the lane has shaped ahead by then.
    lane->post(std::make_shared<SideTask>([] { lazy::preload_libraries(lazy::Preload::kWriter); }));
    opts.shape_ahead = &ahead;
  }
  return render_articles(refs, *spec, sink, opts, articles.size() == 1 ? &articles.front() : nullptr);
}

std::optional<RenderResult> Engine::render(const std::vector<const Article*>& articles,
                                           const LayoutSpec& spec, DiagSink& sink,
                                           const RenderOptions& options) {
  return render_articles(articles, spec, sink, options, nullptr);
}

std::optional<RenderResult> Engine::render_articles(const std::vector<const Article*>& articles,
                                                    const LayoutSpec& spec, DiagSink& sink,
                                                    const RenderOptions& options, Article* owned) {
  return run_cancellable(options, sink, [&] { return render_in_scope(articles, spec, sink, options, owned); });
}

std::optional<RenderResult> Engine::render_in_scope(const std::vector<const Article*>& articles,
                                                    const LayoutSpec& spec, DiagSink& sink,
                                                    const RenderOptions& options, Article* owned) {
  const bool logos_fit = check_logo_sizes(spec, sink);
  if (!check_text_contrast(spec, options.brand, sink) || !logos_fit) return std::nullopt;
  if (options.pdf_standard != PdfStandard::kNone && !check_conformance(spec, articles, sink)) return std::nullopt;
  if (spec.brand_use && !options.brand) {
    sink.warning(spec.brand_use->where, "the layout prints " + spec.brand_use->placeholder +
                                            ", a clinic's detail, and no brand was given: the texts that hold "
                                            "clinic details are left out; pass --brand FILE (brands/*.json; in a "
                                            "batch manifest, the job's \"brand\"; in a request to serve, \"brand\")");
  }
  PdfOptions pdf_options;
  pdf_options.subsets = &subsets_;
  pdf_options.standard = options.pdf_standard;
  pdf_options.lane = options.lane;
  pdf_options.check_only = !options.write_pdf;
  if (options.deadline) pdf_options.cancelled = [&] { return past_deadline(options, sink, Location{}); };
  const std::vector<std::string>* side_langs = nullptr;  // the laid-out document's
  pdf_options.locate = [&](const TextItem& t) {
    // The item's side names its article by language (a bilingual layout may reorder them).
    const Article* art = articles.front();
    if (side_langs && t.ref.side < side_langs->size()) {
      for (const Article* a : articles) {
        if (a->lang == (*side_langs)[t.ref.side]) art = a;
      }
    }
    const bool in_body = t.block >= 0 && static_cast<std::size_t>(t.block) < art->blocks.size();
    return art->locate(in_body ? art->blocks[static_cast<std::size_t>(t.block)].pointer : std::string());
  };
  if (!options.keep_page_items && articles.size() == 1 && streams(spec, options)) {
    // Written page by page as the pages are made: a long document's display lists are
    // never all held.
    std::optional<std::string> pdf;
    auto doc = layout_article(*articles.front(), spec, sink, options, &pdf_options, &pdf, owned);
    if (!doc || !pdf) return std::nullopt;
    // The file's last pass (object streams, cross-reference) has no checks of its own: a
    // render that ran past its deadline there is cancelled all the same.
    if (past_deadline(options, sink, Location{})) return std::nullopt;
    return RenderResult{std::move(*doc), std::move(*pdf)};
  }
  auto doc = layout(articles, spec, sink, options);
  if (!doc) return std::nullopt;
  if (past_deadline(options, sink, Location{})) return std::nullopt;
  side_langs = &doc->side_langs;
  auto pdf = options.keep_page_items ? write_pdf(*doc, fonts_, sink, pdf_options)
                                     : write_pdf_releasing(*doc, fonts_, sink, pdf_options);
  if (!pdf || past_deadline(options, sink, Location{})) return std::nullopt;
  return RenderResult{std::move(*doc), std::move(*pdf)};
}

}  // namespace handout
