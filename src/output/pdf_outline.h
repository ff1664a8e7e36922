// The document outline (bookmarks) of a tagged PDF, written by the object-stream pass
// (pdf_repack) from the document's outline entries, never as libharu objects: libharu spends
// about 3 KB on each entry (a dictionary, a destination array and a title string), 8 MB for
// the ~2,600 headings of a 900-page document. libharu holds only the catalog's /Outlines,
// an empty placeholder whose value the pass writes.
#pragma once

#include "core/lib_haru.h"

#include <cstdint>
#include <string>
#include <vector>

#include "core/display.h"
#include "output/pdf_repack.h"

namespace handout {

class PdfOutline {
 public:
  /// `doc` must outlive the pass that writes the objects.
  explicit PdfOutline(const Document& doc);
  /// Whether the document has bookmarks at all.
  [[nodiscard]] bool empty() const { return items_.empty(); }
  /// The catalog's /Outlines (a placeholder) and each entry's page; `pages` are the
  /// document's pages in libharu. False when libharu fails.
  bool build(HPDF_Doc pdf, const std::vector<HPDF_Page>& pages);
  /// For pack_object_streams: one object a bookmark, in document order, and the outline
  /// dictionary in the placeholder.
  [[nodiscard]] const AddedObjects& objects() const { return objects_; }

 private:
  static constexpr int kNone = -1;
  // An entry's neighbours in the tree, by index; count: its descendants (all open).
  struct Item {
    int parent = kNone, first = kNone, last = kNone, prev = kNone, next = kNone;
    std::uint32_t count = 0;
    std::uint32_t page_obj = 0;  ///< 0: no destination
  };
  void write_object(std::string& out, std::size_t i, std::uint64_t first) const;

  const Document& doc_;
  std::vector<Item> items_;
  int first_ = kNone, last_ = kNone;
  std::uint64_t root_obj_ = 0;
  AddedObjects objects_;
};

}  // namespace handout
