// The engine: the process-wide context (fonts, hyphenation dictionaries) and the short
// function that runs the stages in order. One Engine serves any number of documents and
// threads; nothing in it changes after a font or dictionary is loaded.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "block/vlist.h"
#include "core/diag.h"
#include "core/display.h"
#include "core/json_doc.h"
#include "core/side_lane.h"
#include "font/font_book.h"
#include "model/article.h"
#include "para/line_breaker.h"
#include "spec/brand.h"
#include "spec/layout_spec.h"
#include "text/hyphenator.h"
#include "output/pdf_writer.h"
#include "output/subset_cache.h"
#include "text/shape_cache.h"

namespace handout {

class SideLane;
class ShapeAhead;

struct RenderOptions {
  InputLimits limits;
  BreakMode break_mode = BreakMode::kOptimal;
  /// Seconds since the epoch for the PDF's dates; unset: the article's "reviewed" date,
  /// or 2000-01-01 when it has none. Never the clock, so output is reproducible.
  std::optional<long long> creation_time;
  std::size_t max_pages = 500;
  /// The calling thread's shaping cache (a batch worker's), or null for none. Results
  /// are the same with or without it.
  ShapeCache* shape_cache = nullptr;
  /// When set, a render still running at this time stops with the error kCancelledMessage: a
  /// service's per-request time limit. Checked between blocks and pages, and inside a long
  /// block (a table's rows, a paragraph's break points and lines; core/cancel.h).
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// The clinic's branding (render --brand, a batch's brands axis), or null.
  const Brand* brand = nullptr;
  /// Tagged PDF/UA-1 + PDF/A-2a (default), or a plain PDF.
  PdfStandard pdf_standard = PdfStandard::kUa1A2a;
  /// False: render() runs every stage and check short of writing the PDF (a service's
  /// POST /validate): the pages are laid out and made, running furniture included, and
  /// their glyphs checked as the writer would take them (PdfOptions::check_only), so the
  /// diagnostics are the render's; RenderResult::pdf stays empty.
  bool write_pdf = true;
  /// Print-shop output as the layout asks: a booklet imposed in printer's spreads, bleed,
  /// page boxes and marks. False: pages in the reader's order without them (for screens).
  bool print_sheets = true;
  /// The article as a part of a longer printed document (a sequential bilingual leaflet's
  /// language): the pages before it, and whether the whole is bound on the right (unset: as
  /// the article reads). Facing margins and a header's or footer's inside and outside follow
  /// the whole's spreads.
  std::size_t pages_before = 0;
  std::optional<bool> bound_right;
  /// Keep every page's display items in RenderResult::document (for previews and dumps).
  /// False lets the writer free each page's items once it is written, so a long document's
  /// memory stays near its output's size; the pages (and their count and sizes) remain.
  bool keep_page_items = true;
  /// Threads one render may use: 1, or 2 to let a second thread take work off the render's
  /// critical path (`handout render` where the process may run on two CPUs and one is idle; a batch's or a
  /// service's renders already share the cores, and keep 1). Output is the same either way.
  unsigned threads = 1;
  /// With threads 2: the second thread is on probation (SideLane(bool); `handout render`'s
  /// default when one task too many was runnable as it started).
  bool lane_probation = false;
  /// The render's second thread (render(paths) makes it when `threads` is 2), or null. What
  /// it is given is done by whichever thread needs it first, so output never depends on it.
  SideLane* lane = nullptr;
  /// Paragraphs shaped on `lane` ahead of layout (text/shape_ahead.h), or null.
  ShapeAhead* shape_ahead = nullptr;
};

/// `--pdf-standard`'s value: "ua-1,a-2a" (either order) or "none"; nothing otherwise.
[[nodiscard]] std::optional<PdfStandard> parse_pdf_standard(const std::string& text);

/// What keeps an article from conforming to PDF/UA-1 with this layout (a logo without
/// alternative text in the article's language), as errors at their location. True if none.
bool check_conformance(const LayoutSpec& spec, const std::vector<const Article*>& articles, DiagSink& sink);
/// Whether the logos drawn (a header's and footer's, or a brochure's panels'), at their
/// logo_height, are between 3 mm wide and half a header's (footer's) text width or a panel's
/// whole width; reports each that is not at the brand's or layout's pointer.
bool check_logo_sizes(const LayoutSpec& spec, DiagSink& sink);

/// Text printed in a colour too close to what it stands on (the paper, a table's or callout's
/// fill, a brochure's cover band) to be read: refused below a WCAG 2 contrast ratio of 3:1, at
/// the colour the brand or layout wrote. False when an error was reported.
bool check_text_contrast(const LayoutSpec& spec, const Brand* brand, DiagSink& sink);
/// The error a render reports when it ran past RenderOptions::deadline.
inline constexpr const char* kCancelledMessage = "rendering ran over its time limit and was cancelled";

/// Whether the render is past its deadline; if so reports kCancelledMessage at `where`.
[[nodiscard]] bool past_deadline(const RenderOptions& options, DiagSink& sink, const Location& where);
/// The same at `pointer` in `article`, located only when the deadline has passed (a location
/// costs thousands of instructions: the line is found and quoted).
[[nodiscard]] bool past_deadline(const RenderOptions& options, DiagSink& sink, const Article& article,
                                 const std::string& pointer);

struct RenderResult {
  Document document;
  std::string pdf;
};

/// Whether `articles` are what `spec` takes: one article for a single-language layout, two
/// translations in its languages (in either order) for a bilingual one. Said once, for the
/// engine and for a service request (refused with its own words before it renders, and by
/// POST /validate, which answered 200 to a request POST /render refused).
enum class Pairing { kOk, kOneWanted, kTwoWanted, kOtherLanguages };
[[nodiscard]] Pairing pairing(const std::vector<const Article*>& articles, const LayoutSpec& spec);

class Engine {
 public:
  Engine() = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  [[nodiscard]] FontBook& fonts() { return fonts_; }
  [[nodiscard]] const Hyphenator& hyphenator() const { return hyphenator_; }

  /// Lays out an article with a layout spec.
  [[nodiscard]] std::optional<Document> layout(const Article& article, const LayoutSpec& spec,
                                               DiagSink& sink, const RenderOptions& options);
  /// The same, writing the PDF (into `pdf`, with `pdf_options`) page by page as the pages
  /// are made, so only the pages' written content is held rather than their display
  /// items. The document's pages keep their sizes only. For a single article's layout
  /// (not a brochure, bilingual or print-shop one: streams() says).
  [[nodiscard]] std::optional<Document> layout_streaming(const Article& article, const LayoutSpec& spec,
                                                         DiagSink& sink, const RenderOptions& options,
                                                         const PdfOptions& pdf_options, std::optional<std::string>& pdf);
  /// Whether layout_streaming() can write `spec`'s handouts.
  [[nodiscard]] static bool streams(const LayoutSpec& spec, const RenderOptions& options);

  /// Lays out one article, or two translations with a bilingual layout (after checking
  /// that they correspond and putting them in the spec's language order).
  [[nodiscard]] std::optional<Document> layout(const std::vector<const Article*>& articles,
                                               const LayoutSpec& spec, DiagSink& sink,
                                               const RenderOptions& options);

  /// Lays out and writes parsed articles (one, or two translations) to PDF bytes.
  [[nodiscard]] std::optional<RenderResult> render(const std::vector<const Article*>& articles,
                                                   const LayoutSpec& spec, DiagSink& sink,
                                                   const RenderOptions& options = {});

  /// Loads, lays out and writes one handout to PDF bytes (nothing touches the disk).
  [[nodiscard]] std::optional<RenderResult> render(const std::string& article_path,
                                                   const std::string& layout_path, DiagSink& sink,
                                                   const RenderOptions& options = {});
  /// The same for one article or two translations (bilingual layouts).
  [[nodiscard]] std::optional<RenderResult> render(const std::vector<std::string>& article_paths,
                                                   const std::string& layout_path, DiagSink& sink,
                                                   const RenderOptions& options = {});

 private:
  /// `owned`: null, or `article` itself when this render owns it; each block's content is
  /// then released as soon as it is laid out (its pointer stays for diagnostics).
  std::optional<Document> layout_article(const Article& article, const LayoutSpec& spec, DiagSink& sink,
                                         const RenderOptions& options, const PdfOptions* pdf_options,
                                         std::optional<std::string>* pdf, Article* owned = nullptr);
  /// What one pagination of an article gave: its regions, pages and stranded list items.
  struct PassCount {
    std::size_t regions = 0;
    std::size_t pages = 0;
    std::size_t strands = 0;
  };
  /// layout_article() for a paged (not panelled) layout, in one pass: `spare` regions the
  /// paginator may add to avoid stranded items (Flow::set_spare); `count` (may be null) set.
  std::optional<Document> layout_pages(const Article& article, const LayoutSpec& spec, DiagSink& sink,
                                       const RenderOptions& options, const PdfOptions* pdf_options,
                                       std::optional<std::string>* pdf, Article* owned, std::size_t spare,
                                       PassCount* count);
  /// render(articles, ...), where `owned` (null, or the only article) may be consumed.
  std::optional<RenderResult> render_articles(const std::vector<const Article*>& articles, const LayoutSpec& spec,
                                              DiagSink& sink, const RenderOptions& options, Article* owned);
  /// render_articles() and layout(articles, ...) within their deadline's CancelScope.
  std::optional<RenderResult> render_in_scope(const std::vector<const Article*>& articles, const LayoutSpec& spec,
                                              DiagSink& sink, const RenderOptions& options, Article* owned);
  std::optional<Document> layout_in_scope(const std::vector<const Article*>& articles, const LayoutSpec& spec,
                                          DiagSink& sink, const RenderOptions& options);
  FontBook fonts_;
  Hyphenator hyphenator_;
  SubsetCache subsets_;
};

struct Pagination;
struct BlockContext;
struct BlockFlow;

/// The layout's contact box (its templates filled for the article and brand), or nothing
/// when the layout has none.
[[nodiscard]] std::optional<BlockFlow> layout_contact(BlockContext& ctx);

/// Imposes (when the layout and options ask for it) and adds page boxes and printer's
/// marks to a laid-out document; `folds` lists each page's folds (a brochure's).
void finish_for_print(Document& doc, const LayoutSpec& spec, Direction dir, const RenderOptions& options,
                      std::vector<std::vector<Pt>> folds);

/// The most pages one PDF may have: libharu keeps a document's pages in one array of at
/// most 32,767 entries (HPDF_LIMIT_MAX_ARRAY).
inline constexpr std::size_t kMaxPdfPages = 32767;

/// Refuses (with an error) a page limit over kMaxPdfPages.
[[nodiscard]] bool check_max_pages(const RenderOptions& options, DiagSink& sink);

/// Stops a layout as soon as it is certain to pass the page limit, rather than after
/// laying out and paginating everything: a lower bound on the pages the blocks so far
/// need, from the heights of their boxes.
class PageBudget {
 public:
  PageBudget(Pt region_height, std::size_t regions_per_page, std::size_t max_pages);
  /// Counts a block's boxes; false once the limit is certainly passed (here or by a part
  /// that probe() counted while the block was laid out).
  bool add(const BlockFlow& flow);
  /// Counts one part of the block being laid out (BlockContext::within_budget); false once
  /// the limit is certainly passed. add() then counts the whole block in its place.
  bool probe(const VList& part);
  void report(const Location& where, DiagSink& sink) const;

 private:
  Pt region_height_;
  std::size_t regions_;
  std::size_t max_pages_;
  Pt used_{0};
  Pt probed_{0};     ///< parts of the block being laid out
  bool passed_ = false;
};

/// Reports what the paginator had to do as warnings located at their blocks, one per kind
/// and block (naming the pages), so a long run does not print a line per page.
/// `unit` names what a group of regions is ("page", or "panel" for a brochure).
void report_pagination(const Pagination& pages, const Article& article, std::size_t regions_per_page,
                       DiagSink& sink, const std::string& unit = "page");

/// 9999-12-31T23:59:59Z in seconds since the epoch: PDF dates have four-digit years.
inline constexpr long long kLastPdfDate = 253402300799;

/// The value of SOURCE_DATE_EPOCH (`value` is the variable's text, or null when unset):
/// seconds since the epoch, or nothing when unset, or when malformed or past the year
/// 9999 (with a warning).
/// Every command reads it through this, so a batch job and `render` give the same bytes.
[[nodiscard]] std::optional<long long> parse_source_date_epoch(const char* value, DiagSink& sink);

/// Days since 1970-01-01 of a valid "YYYY-MM-DD" date, as seconds; nothing if invalid.
[[nodiscard]] std::optional<long long> date_to_epoch(const std::string& ymd);

}  // namespace handout
