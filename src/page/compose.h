// The page stage: once the page count is known, place the regions on pages (columns
// mirrored in right-to-left articles), add the running header and footer with
// "page N of M" in the document's language and digits, and fill in the metadata.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "block/context.h"
#include "flow/paginate.h"

namespace handout {

struct ComposeOptions {
  long long creation_time = 0;  ///< seconds since the epoch
  /// Column geometry; 0 columns: the spec's. Regions fill columns in order.
  int columns = 0;
  Pt column_gap;
  /// Whether the first column is on the right in a right-to-left article (true for an
  /// article's own columns; false for the language columns of a parallel layout).
  bool mirror_columns = true;
  bool rule_between_columns = false;
  /// Facing pages: how many pages come before these in the printed document (a sequential
  /// bilingual leaflet's cover and first language), and whether it is bound on the right
  /// (unset: as the article reads). They say which side of each page is at the binding.
  std::size_t pages_before = 0;
  std::optional<bool> bound_right;
};

/// The page stage a page at a time: each page's regions become its body as soon as they
/// are filled, and its running header and footer (which show the page count) are set
/// once every page is there. compose_pages() is this for a whole pagination.
class PageComposer {
 public:
  /// `ctx` must outlive the composer; its width is the column width.
  PageComposer(BlockContext& ctx, const ComposeOptions& options);
  /// The document: title, languages and date from the start, pages as they are added.
  [[nodiscard]] Document& document() { return doc_; }
  /// Places regions [first, first + count) of `regions` (at most a page's columns; their
  /// items are moved) as the body of the next page, and their outline entries. Returns
  /// how many pictures of the page's furniture will be figures (have alternative text and
  /// are not artifacts), which a tagged PDF's structure tree reserves in their place.
  int add_page(std::vector<Region>& regions, std::size_t first, std::size_t count);
  /// Regions a page holds.
  [[nodiscard]] std::size_t columns() const { return static_cast<std::size_t>(columns_); }
  /// Page p's furniture: the rule between columns, the running header and footer, for a
  /// document of document().pages.size() pages. Call in page order, once per page.
  [[nodiscard]] std::vector<DisplayItem> furniture(std::size_t p);

 private:
  /// Whether page p's binding (its inside edge) is on its left.
  [[nodiscard]] bool binding_left(std::size_t p) const;
  /// How far page p's body and furniture move right from where the start margin put them.
  [[nodiscard]] Pt page_shift(std::size_t p) const;

  BlockContext& ctx_;
  ComposeOptions options_;
  Document doc_;
  int columns_;
  Pt column_gap_, body_width_, col_width_, body_left_;
  bool mirror_;
  std::vector<Pt> page_used_;  ///< how far down each page's text reaches
  BlockContext fctx_;
  std::map<std::tuple<bool, int, std::string, double>, std::pair<std::vector<DisplayItem>, Pt>> set_slots_;
  std::map<std::string, Pt> natural_widths_;
  std::optional<SquaresItem> qr_symbol_cache_;
  bool logo_shown_ = false;    ///< furniture() has drawn the logo once
  bool qr_shown_ = false;      ///< furniture() has drawn the page's QR code once
  bool logo_counted_ = false;  ///< add_page() has counted it as a figure
  bool qr_counted_ = false;    ///< add_page() has counted the QR code as a figure
  bool off_page_reported_[2] = {false, false};  ///< footer, header: said it leaves the page
  std::set<std::string> cut_reported_;           ///< header and footer texts said to be cut short
  void report_cut(const LocalizedText& text, const std::string& pointer, bool is_header, const std::u32string& lost);
};

[[nodiscard]] Document compose_pages(BlockContext& ctx, Pagination pagination,
                                     const ComposeOptions& options);

/// Fills a furniture template (placeholders in spec/placeholders.h) for the context's
/// article and brand: numbers and dates in the digits the spec sets for the language
/// ({page:LANG} for another's), links and the phone number as one left-to-right run.
/// Widths of a header's or footer's start, center and end texts (natural widths in, 0 for
/// none) on one line of `width` with at least `gap` between them: a text that fits its
/// share keeps its width, the longest gives (it is cut with an ellipsis); a centred text
/// stays centred. Pure; exposed for tests.
[[nodiscard]] std::array<Pt, 3> share_slots(const std::array<Pt, 3>& natural, Pt width, Pt gap);

/// `origins`, when given, gets each placeholder's text that comes from a file (the
/// brand's, the article's title), for diagnostics.
[[nodiscard]] std::string fill_template(const BlockContext& ctx, const std::string& tmpl, long page, long pages,
                                        std::vector<TextOrigin>* origins = nullptr);

/// Warns, at the layout's `pointer`, when `text` is written for other languages only (no
/// entry for the article's language, its primary language or "default"): `what` ("the
/// footer's text here", "the panel's contact text") is then left out of the handout.
void warn_not_in_language(const BlockContext& ctx, const LocalizedText& text, const std::string& pointer,
                          std::string_view what);

}  // namespace handout
