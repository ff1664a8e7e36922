// The PDF writer: the only module that touches libharu. It reads a Document and the
// FontBook and returns the PDF's bytes (nothing is written to disk here).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/diag.h"
#include "core/display.h"
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
};

/// Renders `doc` to PDF bytes. Fonts are embedded as subset Type0/CIDFontType2 fonts with
/// ToUnicode maps. Deterministic: the same document gives the same bytes.
[[nodiscard]] std::optional<std::string> write_pdf(const Document& doc, const FontBook& book,
                                                   DiagSink& sink, const PdfOptions& options = {});

/// The same bytes, letting go of each page's display items once the page is written (the
/// pages keep their sizes): memory for a long document stays near the output's size.
[[nodiscard]] std::optional<std::string> write_pdf_releasing(Document& doc, const FontBook& book,
                                                             DiagSink& sink, const PdfOptions& options = {});

}  // namespace handout
