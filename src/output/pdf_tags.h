// Tagged PDF: the structure tree rebuilt from the display list's roles, blocks and places
// (StructRef), the marked content that ties every page's content to it or marks it as an
// artifact, and the ParentTree. Touches libharu's object layer (PDF-UA route: every
// element an indirect dict, written when the pages are done).
//
// How the writers use it, page by page:
//   tags.begin_page(i);
//   tags.mark_text(content, item);         before a text item's operators
//   tags.mark_artifact(content, kind);     before decoration (rules, fills, repeated furniture)
//   tags.mark_figure(content, alt, bbox);  before an image or a drawn figure (QR code)
//   tags.close(content);                   at the end of the page, and before an ET that
//                                          closes a text object holding several items
// then once: tags.link(...) per link annotation, and tags.build(...) before saving.
// A marked-content sequence is opened only between text objects or inside one and always
// closed before the page (or the text object) ends, so a line kept in one text object
// works as well as one text object per run.
#pragma once

#include <hpdf.h>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/diag.h"
#include "core/display.h"

namespace handout {

/// Artifacts by ISO 32000-1 14.8.2.2: decoration (Layout), running furniture and
/// repetitions (Pagination, Header, Footer), production aids such as crop marks (Page).
enum class ArtifactKind : std::uint8_t { kLayout, kPagination, kHeader, kFooter, kPage };

class PdfTags {
 public:
  explicit PdfTags(const Document& doc);

  void begin_page(std::size_t page);
  /// Opens (or continues) the marked content of a text item: its element's MCID, or an
  /// artifact for page furniture and repetitions.
  void mark_text(std::string& content, const TextItem& t);
  void mark_artifact(std::string& content, ArtifactKind kind);
  /// A Figure element with alternative text and its box (PDF coordinates: x0 y0 x1 y1).
  /// `lead`: read before everything else of its side (a logo at the top of the page).
  /// `block`: the article block it draws (a figure block), whose caption then reads as a
  /// Caption after it rather than as a table's; -1 for furniture.
  void mark_figure(std::string& content, const std::string& alt, const std::array<double, 4>& bbox,
                   std::uint8_t side = 0, bool lead = false, int block = -1);
  void close(std::string& content);

  /// Registers a link annotation of the current page for its Link element; returns its
  /// StructParent key.
  int link(const LinkItem& l, HPDF_Annotation annot);

  /// Writes the tree, the ParentTree and the catalog and page entries. False on failure.
  bool build(HPDF_Doc pdf, const std::vector<HPDF_Page>& pages, DiagSink& sink);

 private:
  struct Kid {
    int elem = -1;   ///< a child element, or
    int mcid = -1;   ///< a marked-content sequence on `page`, or
    int annot = -1;  ///< an annotation (index into annots_)
    std::size_t page = 0;
    std::uint64_t order = 0;  ///< logical position, for elements whose kids are text
  };
  struct Elem {
    std::string type;
    int parent = -1;
    std::vector<Kid> kids;
    std::string lang;
    std::string alt;
    bool scope_column = false;
    bool has_bbox = false;
    std::array<double, 4> bbox{};
    bool text = false;  ///< kids are text in logical order (sorted by `order` at build)
  };
  struct Annot {
    HPDF_Annotation annot;
    std::size_t page;
  };
  using Key = std::tuple<int, int, int, int, int, int, int>;

  int add(const std::string& type, int parent, std::uint64_t order, bool front = false);
  int root(std::uint8_t side);
  int element_for(const TextItem& t);
  int leaf(std::uint8_t side, int block, Role role, int part, int cell);
  int inline_elem(int leaf_elem, const TextItem& t);
  int container(std::uint8_t side, int block, int level, int part, const std::string& type, int parent);
  void open_mcid(std::string& content, int elem, std::uint64_t order);

  const Document& doc_;
  std::vector<Elem> elems_;
  std::map<Key, int> by_key_;
  std::map<std::pair<std::uint8_t, int>, bool> figure_blocks_;  ///< (side, block) of figures drawn
  std::vector<int> roots_;
  std::vector<std::vector<int>> open_levels_;  ///< per side: article levels of the open sections
  std::vector<std::vector<int>> parent_tree_;  ///< per page: element of each MCID
  std::vector<Annot> annots_;
  std::vector<int> annot_elem_;
  std::size_t page_ = 0;
  std::uint64_t encounter_ = 0;
  // The open marked-content sequence.
  enum class Open : std::uint8_t { kNone, kMcid, kArtifact } open_ = Open::kNone;
  int open_elem_ = -1;
  ArtifactKind open_artifact_ = ArtifactKind::kLayout;
  std::uint32_t open_end_ = 0;  ///< where the open sequence's text ends in its paragraph
};

}  // namespace handout
