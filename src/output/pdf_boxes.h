// Page boxes and printer's marks for print-shop PDFs: TrimBox and BleedBox on each page
// that has them, and crop and fold marks drawn in registration colour (a Separation
// colour space named All, which prints on every plate).
#pragma once

#include "core/lib_haru.h"

#include <string>

#include "core/display.h"

namespace handout {

class PdfMarks {
 public:
  explicit PdfMarks(HPDF_Doc pdf) : pdf_(pdf) {}
  /// Sets the page's TrimBox and BleedBox (the page's size is its MediaBox).
  void set_boxes(HPDF_Page page, const DisplayPage& dp);
  /// The content-stream operators that draw the page's marks, as one page artifact
  /// (marked content), in the registration colour space register_marks() names.
  [[nodiscard]] static std::string marks_content(const DisplayPage& dp);
  /// Registers the registration colour space in the page's resources (a page with marks).
  void register_marks(HPDF_Page page);

 private:
  HPDF_Array registration();
  HPDF_Doc pdf_;
  HPDF_Array registration_ = nullptr;  ///< [/Separation /All /DeviceCMYK tint], made once
};

}  // namespace handout
