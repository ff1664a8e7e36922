// Page previews: a second consumer of the display list beside the PDF writer. FreeType
// rasterises the same glyph ids at the same positions and sizes the PDF names (outlines,
// no hinting, anti-aliased), rectangles are filled with partial coverage at their edges,
// and pictures are scaled into their boxes; png_encode.h writes the result. Nothing here reads
// a PDF, and no PDF renderer is linked.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "cli/output_file.h"
#include "core/diag.h"
#include "core/display.h"
#include "font/font_book.h"

namespace handout {

/// Most pixels in one page's preview: A4 and Letter at 1200 dpi (139 and 135 million) are
/// within it; a page of the layouts' largest size (5 m square) at 96 dpi is 357 million
/// (1 GB of canvas), at 300 dpi 3.5 billion (the process aborted, out of memory).
inline constexpr double kMaxPreviewPixels = 150e6;

/// A painted page: 8-bit grey (`channels` 1, when nothing on the page has colour) or RGB (3),
/// rows top to bottom.
struct PageImage {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<std::uint8_t> pixels;  ///< width * height * channels
  std::vector<std::uint8_t> inked;   ///< per row: 0 when nothing was drawn on it (all white)
  std::vector<int> ink_begin, ink_end;  ///< per inked row: the columns [begin, end) drawn on
};

/// Draws pages at a resolution. Keeps FreeType faces, rendered glyphs, decoded pictures and
/// the page's pixels between pages (the next page clears only the rows drawn on), so one
/// painter should draw all the pages of a document (or of a batch worker). Not thread-safe:
/// one painter per thread.
class PagePainter {
 public:
  explicit PagePainter(const FontBook& book);
  ~PagePainter();
  PagePainter(const PagePainter&) = delete;
  PagePainter& operator=(const PagePainter&) = delete;

  /// Draws the next pages with the fonts of `book` (another engine's: watch makes one per
  /// render, so that changed fonts are read again). FreeType faces and pictures are let go;
  /// rendered glyphs are kept for fonts whose bytes are the same as in the last book's (they
  /// are filed by the font's bytes, not by its id).
  void use_fonts(const FontBook& book);

  /// Lets go of the book (before it goes away, when the painter is kept for another): closes
  /// the faces, forgets pictures; the glyphs stay. Paint only after use_fonts again.
  void let_go_of_fonts();

  /// The page at `dpi` (dots per inch; 72 = one pixel per point), owned by the painter and
  /// valid until its next paint. A picture that cannot be read is an error; null then.
  [[nodiscard]] const PageImage* paint(const DisplayPage& page, double dpi, DiagSink& sink);

  /// The page at `dpi` as PNG bytes (paint, then encode_png).
  [[nodiscard]] std::optional<std::string> png(const DisplayPage& page, double dpi, DiagSink& sink);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The image as PNG bytes, grey or RGB as painted (deterministic: the same image gives the
/// same bytes).
[[nodiscard]] std::optional<std::string> encode_png(const PageImage& image, DiagSink& sink);

/// The file name of page `index` (0-based) of a preview: "<stem>-<index + 1>.png".
[[nodiscard]] std::string preview_file_name(const std::string& stem, std::size_t index);

/// Paints every page of `doc` at `dpi` and writes each atomically to
/// `dir`/`stem`-N.png (N from 1); removes stale pages of a longer earlier preview
/// (`stem`-(count+1).png, ...). Reports and returns false on the first failure.
[[nodiscard]] bool write_previews(const Document& doc, PagePainter& painter, const std::string& dir,
                                  const std::string& stem, double dpi, DiagSink& sink);
/// write_previews' files, painted and written to temporary names but not yet put in place
/// (batch puts them in place with the job's PDF, see batch/group_commit.h); stale pages of a
/// longer earlier preview are removed at once. Nothing on the first failure.
[[nodiscard]] std::optional<std::vector<PendingOutput>> prepare_previews(const Document& doc, PagePainter& painter,
                                                                         const std::string& dir,
                                                                         const std::string& stem, double dpi,
                                                                         DiagSink& sink, PendingOutput::Flush flush);

}  // namespace handout
