// Tagged PDF: the structure tree rebuilt from the display list's roles, blocks and places
// (StructRef), the marked content that ties every page's content to it or marks it as an
// artifact, and the ParentTree. The tree is kept here as a compact element list and written
// as PDF objects by the object-stream pass (pdf_repack), never as libharu dictionaries:
// libharu holds only the pages' /StructParents and /Tabs, the annotations' /StructParent,
// MarkInfo and the catalog's /StructTreeRoot, an empty placeholder whose value the pass
// writes.
//
// How the writers use it, page by page:
//   tags.begin_page(i, items);
//   tags.mark_text(content, item);         before a text item's operators
//   tags.mark_artifact(content, kind);     before decoration (rules, fills, repeated furniture)
//   tags.mark_figure(content, alt, bbox);  before an image or a drawn figure (QR code)
//   tags.close(content);                   at the end of the page, and before an ET that
//                                          closes a text object holding several items
//   tags.add_link(link);                  per link of the page, after its content
// then once: tags.set_link_annot(...) per link annotation, tags.build(...) before saving,
// and tags.objects() for pack_object_streams. A page's furniture may be marked later
// (pause() at the end of its body, resume() before the furniture): figures it draws are
// reserved at the body's end (reserve_figure()) so the tree is the same either way.
// A marked-content sequence is opened only between text objects or inside one and always
// closed before the page (or the text object) ends, so a line kept in one text object
// works as well as one text object per run.
#pragma once

#include "core/lib_haru.h"

#include <hb.h>

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/diag.h"
#include "core/display.h"
#include "output/pdf_repack.h"

namespace handout {

/// A libharu object's number (its xref entry), for references written outside libharu.
[[nodiscard]] std::uint32_t object_number(const void* obj);

/// Artifacts by ISO 32000-1 14.8.2.2: decoration (Layout), running furniture and
/// repetitions (Pagination, Header, Footer), production aids such as crop marks (Page).
enum class ArtifactKind : std::uint8_t { kLayout, kPagination, kHeader, kFooter, kPage };

class PdfTags {
 public:
  /// `doc`'s languages are read (its pages may come later).
  explicit PdfTags(const Document& doc);

  /// For a document whose pages are press sheets holding pages out of reading order (a
  /// booklet's, DisplayPage::reading): makes the elements of its content in reading order
  /// first, so that the tree reads page 1 first and a heading's level counts the headings
  /// before it in the text, not on the sheets before. Nothing for other documents.
  void read_sheets_in_order(const Document& doc);
  /// Starts marking page `page`, whose display items are `items` (read while it is marked).
  void begin_page(std::size_t page, const std::vector<DisplayItem>& items);
  /// The open marked-content sequence at the end of a page's body.
  struct Paused {
    std::uint8_t open = 0;
    ArtifactKind artifact = ArtifactKind::kLayout;
    int elem = -1;
    std::uint32_t end = 0;
  };
  [[nodiscard]] Paused pause() const;
  /// Continues marking page `page` where pause() left it, with the items of `items`.
  void resume(std::size_t page, const Paused& state, const std::vector<DisplayItem>& items);
  /// Opens (or continues) the marked content of a text item: its element's MCID, or an
  /// artifact for page furniture and repetitions.
  void mark_text(std::string& content, const TextItem& t);
  void mark_artifact(std::string& content, ArtifactKind kind);
  /// A decorative picture of an article block (drawn as an artifact): its caption reads as a
  /// paragraph, not as a Caption (which belongs to a Figure or a Table).
  void mark_decorative(std::uint8_t side, int block) { figure_blocks_.emplace(std::make_pair(side, block), false); }
  /// A text item with nothing to draw that stands for an empty table cell: its element
  /// (an empty TD or TH in its row and column), with no marked content.
  void mark_empty(const TextItem& t);
  /// Around the hyphen the typesetter adds at a line break in text item `t` (an incidental
  /// artifact, ISO 32000-1 14.8.2.2.3, not the word's text): the item's sequence ends before
  /// it and the hyphen is drawn as a layout artifact, so the structure tree's text joins the
  /// word's two parts. begin_hyphen returns whether it did so (not inside an artifact);
  /// end_hyphen then closes the artifact and, when `more` of the item follows, opens a
  /// sequence for the rest.
  bool begin_hyphen(std::string& content);
  void end_hyphen(std::string& content, const TextItem& t, bool more);
  /// A Figure element with alternative text and its box (PDF coordinates: x0 y0 x1 y1).
  /// `lead`: read before everything else of its side (a logo at the top of the page).
  /// `block`: the article block it draws (a figure block), whose caption then reads as a
  /// Caption after it rather than as a table's; -1 for furniture.
  /// `reserved`: the element reserve_figure() made for it, or -1 to make one now.
  /// `lang`: the language of `alt` when it is not its side's (empty: the side's).
  /// `link`: the picture is also a link (a QR code): the Figure goes inside a Link element
  /// in its place, for the link's annotation (add_annot). Returns that Link element, or the
  /// Figure.
  int mark_figure(std::string& content, const std::string& alt, const std::array<double, 4>& bbox,
                  std::uint8_t side = 0, bool lead = false, int block = -1, int reserved = -1,
                  const std::string& lang = {}, bool link = false);
  /// Makes the element of a furniture figure (no block) to be marked later, in the place
  /// in the tree that marking it now would give it.
  int reserve_figure(std::uint8_t side, bool lead);
  void close(std::string& content);

  /// Registers a link annotation of the current page for its Link element; returns its
  /// index for set_link_annot().
  int add_link(const LinkItem& l);
  /// Registers a link annotation of the current page over a picture as a kid of `link`
  /// (a Link element mark_figure made); returns its index for set_link_annot().
  int add_annot(int link);
  /// The annotation made for link `index`; returns its StructParent key. After the last page.
  int set_link_annot(int index, HPDF_Annotation annot);

  /// After the last page is marked and its links added: lets go of the index that finds
  /// elements by their place and puts every element's kids in reading order, so that the
  /// tree holds no more than its size until it is written (a long document's libharu
  /// objects are made after this). build() calls it when it was not called.
  void end_marking();

  /// Sets the pages' /StructParents and /Tabs, the catalog's MarkInfo and its
  /// /StructTreeRoot (a placeholder) and (end_marking) puts every element's kids in
  /// reading order. No page can be marked after it. False on failure.
  bool build(HPDF_Doc pdf, const std::vector<HPDF_Page>& pages, DiagSink& sink);

  /// The structure tree as the objects pack_object_streams adds (valid after build, while
  /// this object lives): every element, the ParentTree, and the StructTreeRoot in the
  /// placeholder.
  [[nodiscard]] const AddedObjects& objects() const { return objects_; }

 private:
  /// Standard structure types (and the three role-mapped ones) by index.
  enum class Type : std::uint8_t {
    kDocument, kPart, kH1, kH2, kH3, kH4, kH5, kH6, kP, kL, kLI, kLbl, kLBody, kTable, kCaption,
    kTHead, kTBody, kTR, kTH, kTD, kSect, kAside, kLink, kStrong, kEm, kSpan, kFigure
  };
  static const char* type_name(Type t);
  static Type heading(std::size_t level);  ///< H1..H6 (deeper levels read as H6)
  static constexpr std::uint32_t kNoExtra = 0xFFFFFFFF;
  struct Elem {
    std::int32_t parent = -1;
    std::uint32_t extra = kNoExtra;  ///< index into extras_, for the rare /Lang, /Alt, BBox
    Type type = Type::kP;
    bool text = false;  ///< kids sorted by their key at build: text in logical order, a row's cells by column
  };
  struct Extra {
    std::string lang;
    std::string alt;
    bool has_bbox = false;
    std::array<double, 4> bbox{};
  };
  enum class KidKind : std::uint8_t { kElem, kMcid, kAnnot };
  /// One kid of one element; all kids in one list, grouped by parent at build.
  struct Kid {
    std::int64_t key = 0;  ///< place among its parent's kids (logical position, or insertion)
    std::int32_t parent = 0;
    std::int32_t target = 0;  ///< element, MCID on `page`, or annotation (index into annot_obj_)
    std::uint32_t page = 0;
    KidKind kind = KidKind::kElem;
  };
  /// An element's key: its layer, side and role in `a`, block and part and cell (or the
  /// leaf's element and the span, for an inline element) in `b` and `c`.
  struct Key {
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept;
  };

  int add(Type type, int parent, std::uint64_t order, bool front = false);
  int root(std::uint8_t side);
  int element_for(const TextItem& t);
  int leaf(std::uint8_t side, int block, Role role, int part, int cell);
  int inline_elem(int leaf_elem, const TextItem& t);
  /// The language of letters of `script` in side `side`'s own text, which the author did
  /// not mark as another language: the other side's language when it is written in that
  /// script (script_of_language), else the language most likely written in it
  /// (language_of_script: "en" for Latin, "ar" for Arabic, "he" for Hebrew letters); ""
  /// for no letter or a script of none.
  [[nodiscard]] std::string foreign_lang(std::size_t side, hb_script_t script) const;
  /// Finds the words of `items` (a page's) in another script than their side's language
  /// that the author did not mark (words_, word_of_item_).
  void find_foreign_words(const std::vector<DisplayItem>& items);
  /// The Span with its language of the word of items_ that text item `t` (one of them) is
  /// part of; -1 when it is none.
  int foreign_span(int leaf_elem, const TextItem& t);
  int container(std::uint8_t side, int block, int level, int part, Type type, int parent);
  void open_mcid(std::string& content, int elem, std::uint64_t order);
  Extra& extra(int elem);
  void add_kid(int parent, KidKind kind, int target, std::uint64_t order, bool front = false);
  void sort_kids();
  void write_object(std::string& out, std::size_t i, std::uint64_t first) const;
  void write_elem(std::string& out, std::size_t e, std::uint64_t first) const;

  std::string lang_;
  std::vector<std::string> side_langs_;
  std::vector<bool> side_rtl_;  ///< each side's language is written right to left
  /// A word in another script than its paragraph's language (Latin letters in Arabic, Arabic
  /// in English) that the author did not mark, with what touches it but white space and
  /// letters of another script (the digit of "4B", the sign of "°C"): its characters in its
  /// paragraph, whether they start and end with white space, and its language.
  struct ForeignWord {
    std::uint32_t start = 0;
    std::uint32_t end = 0;
    bool blank_start = true;
    bool blank_end = true;
    std::string lang;
  };
  std::vector<ForeignWord> words_;          ///< of the current page's items (items_)
  std::vector<std::int32_t> word_of_item_;  ///< by item of items_: its word in words_, or -1; empty: none
  const std::vector<DisplayItem>* items_ = nullptr;  ///< the current page's
  std::vector<Elem> elems_;
  std::vector<Extra> extras_;
  /// Kids by insertion while pages are marked: in blocks, so that a long document's list
  /// neither has room for up to twice its kids nor holds both while it grows.
  std::deque<Kid> added_kids_;
  std::vector<Kid> kids_;                 ///< by parent, after end_marking
  std::vector<std::uint32_t> kid_begin_;  ///< after build: elems_[e]'s kids are [kid_begin_[e], kid_begin_[e + 1])
  std::int64_t kid_seq_ = 0;
  std::unordered_map<Key, int, KeyHash> by_key_;
  std::map<std::pair<std::uint8_t, int>, bool> figure_blocks_;  ///< (side, block) of pictures drawn: true a Figure, false decorative
  std::map<std::pair<std::uint8_t, int>, int> figure_elems_;     ///< made by read_sheets_in_order
  std::vector<int> roots_;
  std::vector<std::vector<int>> open_levels_;  ///< per side: article levels of the open sections
  std::vector<std::vector<int>> parent_tree_;  ///< per page: element of each MCID
  std::vector<std::uint32_t> annot_obj_;        ///< each link annotation's object number
  std::vector<int> annot_elem_;
  std::vector<std::uint32_t> page_obj_;  ///< each page's object number (set by build)
  std::uint64_t root_obj_ = 0;           ///< the StructTreeRoot placeholder's object number
  AddedObjects objects_;
  std::size_t page_ = 0;
  std::uint64_t encounter_ = 0;
  bool marking_ended_ = false;
  // The open marked-content sequence.
  enum class Open : std::uint8_t { kNone, kMcid, kArtifact } open_ = Open::kNone;
  int open_elem_ = -1;
  ArtifactKind open_artifact_ = ArtifactKind::kLayout;
  std::uint32_t open_end_ = 0;  ///< where the open sequence's text ends in its paragraph
};

}  // namespace handout
