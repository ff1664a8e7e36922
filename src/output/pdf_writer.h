// The PDF writer: the only module that touches libharu. It reads a Document and the
// FontBook and returns the PDF's bytes (nothing is written to disk here).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/diag.h"
#include "core/display.h"
#include "core/side_lane.h"
#include "font/font_book.h"
#include "output/subset_cache.h"

namespace handout {

/// Which standards the PDF conforms to: tagged PDF/UA-1 and PDF/A-2a (the default), or a
/// plain untagged PDF.
enum class PdfStandard : std::uint8_t { kUa1A2a, kNone };

struct PdfOptions {
  PdfStandard standard = PdfStandard::kUa1A2a;
  bool compress = true;
  /// Subsets made before (shared by a process's documents), or null to make every one.
  /// The bytes written are the same either way.
  SubsetCache* subsets = nullptr;
  /// Asked before each page is written; true stops the write (it has reported why).
  /// Lets a service cancel a render that runs past its time limit while it writes.
  std::function<bool()> cancelled;
  /// Where a text item's text came from, for errors about it (e.g. a font that runs out
  /// of CIDs); without it they are reported without a place.
  std::function<Location(const TextItem&)> locate;
  /// A second thread that may deflate page content, font files and CMaps while this one
  /// goes on (the render's, RenderOptions::threads == 2), or null: the same bytes either way.
  SideLane* lane = nullptr;
  /// Only what writing would refuse, and nothing written (POST /validate): each glyph gets
  /// the code the writer would give it, in its order, so a font that runs out of codes is
  /// refused at the same text, and `cancelled` is asked where the writer asks it; no content,
  /// structure tree, font subset or file is made. The PDF returned is empty.
  bool check_only = false;
};

/// Renders `doc` to PDF bytes. Fonts are embedded as subset Type0/CIDFontType2 fonts with
/// ToUnicode maps. Deterministic: the same document gives the same bytes.
[[nodiscard]] std::optional<std::string> write_pdf(const Document& doc, const FontBook& book,
                                                   DiagSink& sink, const PdfOptions& options = {});

/// The same bytes, letting go of each page's display items once the page is written (the
/// pages keep their sizes): memory for a long document stays near the output's size.
[[nodiscard]] std::optional<std::string> write_pdf_releasing(Document& doc, const FontBook& book,
                                                             DiagSink& sink, const PdfOptions& options = {});

class PdfWriterCore;
class PdfCodeCheck;

/// Writes a PDF page by page, for a document whose pages are made one after another: each
/// page's body as soon as it is final (its display items may go then), the rest of every
/// page (running furniture that shows the page count) at the end. What a page holds in
/// between is its content with glyph codes (about a fifth of its display items), so
/// memory follows the pages, not the display lists. The bytes are write_pdf()'s for the
/// document whose pages hold body and furniture items in that order.
class PdfPageWriter {
 public:
  /// `doc` gives the languages now and, at finish(), every page's size, the outline and
  /// the metadata; it must outlive this writer.
  PdfPageWriter(const Document& doc, const FontBook& book, DiagSink& sink, const PdfOptions& options = {});
  ~PdfPageWriter();
  PdfPageWriter(const PdfPageWriter&) = delete;
  PdfPageWriter& operator=(const PdfPageWriter&) = delete;
  /// The body of the next page. `furniture_figures`: how many pictures of the page's
  /// furniture (given later) are figures in tagged output (have alternative text and are
  /// not artifacts). False when the write stops (reported).
  bool add_page(const DisplayPage& page, int furniture_figures);
  /// The rest of page p's items, drawn after its body, or none.
  using Furniture = std::function<std::vector<DisplayItem>(std::size_t)>;
  /// After the last page (doc.pages holds every page): the PDF's bytes.
  [[nodiscard]] std::optional<std::string> finish(const Furniture& furniture);

 private:
  PdfOptions options_;
  std::unique_ptr<PdfWriterCore> impl_;  ///< writing,
  std::unique_ptr<PdfCodeCheck> check_;  ///< or checking only (PdfOptions::check_only)
};

}  // namespace handout
