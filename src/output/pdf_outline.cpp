#include "output/pdf_outline.h"

#include "core/lib_haru.h"


#include "output/pdf_number.h"
#include "output/pdf_strings.h"
#include "output/pdf_tags.h"

namespace handout {

namespace {

void append_ref(std::string& out, std::uint64_t num) {
  append_pdf_integer(out, num);
  out += " 0 R";
}

}  // namespace

PdfOutline::PdfOutline(const Document& doc) : doc_(doc) {
  // Nested by level: an entry's parent is the last entry before it of a lower level.
  items_.resize(doc.outline.size());
  std::vector<int> stack;
  for (std::size_t k = 0; k < doc.outline.size(); ++k) {
    const int i = static_cast<int>(k);
    while (!stack.empty() && doc.outline[static_cast<std::size_t>(stack.back())].level >= doc.outline[k].level) {
      stack.pop_back();
    }
    Item& it = items_[k];
    it.parent = stack.empty() ? kNone : stack.back();
    int& first = it.parent == kNone ? first_ : items_[static_cast<std::size_t>(it.parent)].first;
    int& last = it.parent == kNone ? last_ : items_[static_cast<std::size_t>(it.parent)].last;
    if (first == kNone) first = i;
    if (last != kNone) {
      items_[static_cast<std::size_t>(last)].next = i;
      it.prev = last;
    }
    last = i;
    for (int p = it.parent; p != kNone; p = items_[static_cast<std::size_t>(p)].parent) {
      ++items_[static_cast<std::size_t>(p)].count;
    }
    stack.push_back(i);
  }
}

bool PdfOutline::build(HPDF_Doc pdf, const std::vector<HPDF_Page>& pages) {
  if (items_.empty()) return true;
  HPDF_Dict root = HPDF_Dict_New(pdf->mmgr);
  if (!root || HPDF_Xref_Add(pdf->xref, root) != HPDF_OK || HPDF_Dict_Add(pdf->catalog, "Outlines", root) != HPDF_OK) {
    return false;
  }
  root_obj_ = object_number(root);
  for (std::size_t k = 0; k < items_.size(); ++k) {
    const std::size_t page = doc_.outline[k].page;
    items_[k].page_obj = page < pages.size() ? object_number(pages[page]) : 0;
  }
  objects_.placeholder = root_obj_;
  objects_.count = items_.size();
  objects_.write = [this](std::string& out, std::size_t i, std::uint64_t first) { write_object(out, i, first); };
  return HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE) == HPDF_OK;
}

void PdfOutline::write_object(std::string& out, std::size_t i, std::uint64_t first) const {
  auto ref = [&](const char* key, int item) {
    if (item == kNone) return;
    out += key;
    append_ref(out, first + static_cast<std::uint64_t>(item));
  };
  if (i == items_.size()) {
    // The outline dictionary: every entry is open, so all of them are shown.
    out += "<</Type/Outlines";
    ref("/First ", first_);
    ref("/Last ", last_);
    out += "/Count ";
    out += std::to_string(items_.size());
    out += ">>";
    return;
  }
  const Item& it = items_[i];
  const OutlineEntry& e = doc_.outline[i];
  out += "<</Title";
  append_text_string(out, e.title);
  out += "/Parent ";
  append_ref(out, it.parent == kNone ? root_obj_ : first + static_cast<std::uint64_t>(it.parent));
  ref("/Prev ", it.prev);
  ref("/Next ", it.next);
  ref("/First ", it.first);
  ref("/Last ", it.last);
  if (it.count > 0) {
    out += "/Count ";
    out += std::to_string(it.count);
  }
  if (it.page_obj != 0) {
    // The page, opened at the heading (a little above it), fit to its width.
    out += "/Dest[";
    append_ref(out, it.page_obj);
    out += "/FitH ";
    append_pdf_number(out, doc_.pages[e.page].height.value() - e.y.value() + 4);
    out += ']';
  }
  out += ">>";
}

}  // namespace handout
