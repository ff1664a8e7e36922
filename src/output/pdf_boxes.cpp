#include "output/pdf_boxes.h"

#include "core/lib_haru.h"

#include "output/pdf_number.h"

namespace handout {

namespace {

constexpr const char* kRegistrationName = "CSAll";

HPDF_Array box_array(HPDF_MMgr mmgr, const Rect& r, Pt page_height) {
  HPDF_Box b{static_cast<HPDF_REAL>(r.x.value()), static_cast<HPDF_REAL>((page_height - r.bottom()).value()),
             static_cast<HPDF_REAL>(r.right().value()), static_cast<HPDF_REAL>((page_height - r.y).value())};
  return HPDF_Box_Array_New(mmgr, b);
}

}  // namespace

void PdfMarks::set_boxes(HPDF_Page page, const DisplayPage& dp) {
  if (!dp.boxes) return;
  HPDF_MMgr mmgr = pdf_->mmgr;
  HPDF_Dict_Add(page, "TrimBox", box_array(mmgr, dp.boxes->trim, dp.height));
  HPDF_Dict_Add(page, "BleedBox", box_array(mmgr, dp.boxes->bleed, dp.height));
}

HPDF_Array PdfMarks::registration() {
  if (registration_) return registration_;
  HPDF_MMgr mmgr = pdf_->mmgr;
  // Tint 1 is 100% of every process colour, and /All paints every separation as well.
  HPDF_Dict tint = HPDF_Dict_New(mmgr);
  HPDF_Dict_AddNumber(tint, "FunctionType", 2);
  HPDF_Dict_AddNumber(tint, "N", 1);
  HPDF_Array domain = HPDF_Array_New(mmgr);
  HPDF_Array_AddNumber(domain, 0);
  HPDF_Array_AddNumber(domain, 1);
  HPDF_Dict_Add(tint, "Domain", domain);
  HPDF_Array c0 = HPDF_Array_New(mmgr), c1 = HPDF_Array_New(mmgr);
  for (int i = 0; i < 4; ++i) {
    HPDF_Array_AddNumber(c0, 0);
    HPDF_Array_AddNumber(c1, 1);
  }
  HPDF_Dict_Add(tint, "C0", c0);
  HPDF_Dict_Add(tint, "C1", c1);
  HPDF_Array cs = HPDF_Array_New(mmgr);
  HPDF_Array_AddName(cs, "Separation");
  HPDF_Array_AddName(cs, "All");
  HPDF_Array_AddName(cs, "DeviceCMYK");
  HPDF_Array_Add(cs, tint);
  HPDF_Xref_Add(pdf_->xref, cs);  // one indirect object, shared by every page
  registration_ = cs;
  return cs;
}

void PdfMarks::register_marks(HPDF_Page page) {
  auto* resources = static_cast<HPDF_Dict>(HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT));
  if (!resources) return;
  auto* spaces = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(resources, "ColorSpace", HPDF_OCLASS_DICT));
  if (!spaces) {
    spaces = HPDF_Dict_New(pdf_->mmgr);
    HPDF_Dict_Add(resources, "ColorSpace", spaces);
  }
  if (!HPDF_Dict_GetItem(spaces, kRegistrationName, HPDF_OCLASS_ARRAY)) {
    HPDF_Dict_Add(spaces, kRegistrationName, registration());
  }
}

std::string PdfMarks::marks_content(const DisplayPage& dp) {
  std::string s;
  if (dp.marks.empty()) return s;
  // Printer's marks are not content: a page artifact (ISO 32000-1, 14.8.2.2: "cut marks
  // and color bars"), so a tagged PDF's reader skips them.
  s += "/Artifact <</Type /Page>> BDC\nq\n/";
  s += kRegistrationName;
  s += " CS\n1 SCN\n0 J\n";
  Pt width{-1};
  for (const auto& m : dp.marks) {
    if (m.width != width) {
      append_pdf_number(s, m.width.value());
      s += " w\n";
      width = m.width;
    }
    append_pdf_number(s, m.from.x.value());
    s += ' ';
    append_pdf_number(s, (dp.height - m.from.y).value());
    s += " m\n";
    append_pdf_number(s, m.to.x.value());
    s += ' ';
    append_pdf_number(s, (dp.height - m.to.y).value());
    s += " l\nS\n";
  }
  s += "Q\nEMC\n";
  return s;
}

}  // namespace handout
