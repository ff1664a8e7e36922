#include "output/pdf_tags.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include <algorithm>

#include "output/pdf_number.h"
#include "output/pdf_strings.h"

namespace handout {

namespace {

// Layers of the element keys: which kind of element a key names.
enum Layer : int { kContainer = 0, kGroup = 1, kPart = 2, kLeaf = 3, kInline = 4 };


bool is_furniture(Role r) { return r == Role::kHeader || r == Role::kFooter; }

const char* artifact_dict(ArtifactKind k) {
  switch (k) {
    case ArtifactKind::kLayout: return "/Artifact <</Type /Layout>> BDC\n";
    case ArtifactKind::kPagination: return "/Artifact <</Type /Pagination>> BDC\n";
    case ArtifactKind::kHeader: return "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n";
    case ArtifactKind::kFooter: return "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n";
    case ArtifactKind::kPage: return "/Artifact <</Type /Page>> BDC\n";
  }
  return "";
}

}  // namespace

PdfTags::PdfTags(const Document& doc) : doc_(doc), parent_tree_(doc.pages.size()) {
  add("Document", -1, 0);
  const std::size_t sides = std::max<std::size_t>(1, doc.side_langs.size());
  // One language whole, then the other: each side of a bilingual handout is a Part with
  // its language, read in the article's own order.
  for (std::size_t s = 0; s < sides; ++s) {
    if (sides == 1) {
      roots_.push_back(0);
    } else {
      const int part = add("Part", 0, s);
      elems_[static_cast<std::size_t>(part)].lang = doc.side_langs[s];
      roots_.push_back(part);
    }
    open_levels_.emplace_back();
  }
}

int PdfTags::add(const std::string& type, int parent, std::uint64_t order, bool front) {
  const int id = static_cast<int>(elems_.size());
  Elem e;
  e.type = type;
  e.parent = parent;
  elems_.push_back(std::move(e));
  if (parent >= 0) {
    Kid k;
    k.elem = id;
    k.order = order;
    auto& kids = elems_[static_cast<std::size_t>(parent)].kids;
    if (front) kids.insert(kids.begin(), k);
    else kids.push_back(k);
  }
  return id;
}

int PdfTags::root(std::uint8_t side) { return roots_[std::min<std::size_t>(side, roots_.size() - 1)]; }

int PdfTags::container(std::uint8_t side, int block, int level, int part, const std::string& type, int parent) {
  const Key key{side, block, level, part, -1, -1, -1};
  auto it = by_key_.find(key);
  if (it != by_key_.end()) return it->second;
  const int id = add(type, parent, encounter_++);
  by_key_.emplace(key, id);
  return id;
}

int PdfTags::leaf(std::uint8_t side, int block, Role role, int part, int cell) {
  // A list term is part of its item's body; the body's role stands for both.
  const Role key_role = role == Role::kListTerm ? Role::kListItem : role;
  const Key key{side, block, kLeaf, part, cell, static_cast<int>(key_role), -1};
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  const int r = root(side);
  int parent = r;
  std::string type = "P";
  bool front = false;
  switch (key_role) {
    case Role::kTitle: type = "H1"; break;
    case Role::kHeading1:
    case Role::kHeading2:
    case Role::kHeading3: {
      // Under the title's H1, a heading's level is its depth among the open sections
      // (the article's levels of the headings before it), so no level is ever skipped:
      // article levels 2, 3, 3, 2 read as H2, H3, H3, H2.
      const int article_level = static_cast<int>(key_role) - static_cast<int>(Role::kHeading1) + 1;
      auto& open = open_levels_[side];
      while (!open.empty() && open.back() >= article_level) open.pop_back();
      open.push_back(article_level);
      type = "H" + std::to_string(std::min<std::size_t>(6, open.size() + 1));
      break;
    }
    case Role::kListMarker:
    case Role::kListItem: {
      const int list = container(side, block, kContainer, -1, "L", r);
      parent = container(side, block, kPart, part, "LI", list);
      type = key_role == Role::kListMarker ? "Lbl" : "LBody";
      front = key_role == Role::kListMarker;  // the label reads first, wherever it is drawn
      break;
    }
    case Role::kTableCaption:
    case Role::kTableHeader:
    case Role::kTableCell: {
      if (key_role == Role::kTableCaption && figure_blocks_.count({side, block})) {
        type = "Caption";  // a figure's caption, read right after its Figure
        break;
      }
      const int table = container(side, block, kContainer, -1, "Table", r);
      if (key_role == Role::kTableCaption) {
        parent = table;
        type = "Caption";
        front = true;
        break;
      }
      const bool head = key_role == Role::kTableHeader;
      const int group = container(side, block, kGroup, head ? 0 : 1, head ? "THead" : "TBody", table);
      parent = container(side, block, kPart, part, "TR", group);
      type = head ? "TH" : "TD";
      break;
    }
    case Role::kFaqQuestion:
    case Role::kFaqAnswer: {
      // Each question and its answer as a section headed by the question: a screen
      // reader's heading keys move from question to question.
      parent = container(side, block, kPart, part, "Sect", r);
      if (key_role == Role::kFaqQuestion) {
        type = "H" + std::to_string(std::min<std::size_t>(6, open_levels_[side].size() + 2));
        front = true;
      }
      break;
    }
    case Role::kCallout:
    case Role::kCalloutTitle:
      parent = container(side, block, kContainer, -1, "Aside", r);
      front = key_role == Role::kCalloutTitle;
      break;
    default: break;
  }
  const int id = add(type, parent, encounter_++, front);
  Elem& e = elems_[static_cast<std::size_t>(id)];
  e.text = true;
  e.scope_column = type == "TH";
  by_key_.emplace(key, id);
  return id;
}

int PdfTags::inline_elem(int leaf_elem, const TextItem& t) {
  const Key key{t.ref.side, t.block, kInline, t.ref.part, t.ref.cell, leaf_elem, t.ref.span};
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  // Links, list terms and the author's emphasis are their own elements; any other inline
  // element is a phrase in another language. A phrase in another language keeps its /Lang
  // whatever its type.
  const bool link = t.role != Role::kListTerm && std::any_of(doc_.pages[page_].items.begin(), doc_.pages[page_].items.end(),
                                                              [&](const DisplayItem& d) {
                                                                const auto* l = std::get_if<LinkItem>(&d);
                                                                return l && l->block == t.block && l->ref.side == t.ref.side &&
                                                                       l->ref.part == t.ref.part && l->ref.cell == t.ref.cell &&
                                                                       l->ref.span == t.ref.span;
                                                              });
  const std::string type = link                                    ? "Link"
                           : t.role == Role::kListTerm || t.strong ? "Strong"
                           : t.em                                  ? "Em"
                                                                   : "Span";
  const int id = add(type, leaf_elem, static_cast<std::uint64_t>(t.ref.span) * 2);
  Elem& e = elems_[static_cast<std::size_t>(id)];
  e.text = true;
  const std::size_t side = std::min<std::size_t>(t.ref.side, doc_.side_langs.size() - 1);
  if (doc_.side_langs.empty() || t.lang != doc_.side_langs[side]) e.lang = t.lang;
  by_key_.emplace(key, id);
  return id;
}

int PdfTags::element_for(const TextItem& t) {
  const int l = leaf(t.ref.side, t.block, t.role, t.ref.part, t.ref.cell);
  return t.ref.span >= 0 ? inline_elem(l, t) : l;
}

void PdfTags::begin_page(std::size_t page) {
  page_ = page;
  open_ = Open::kNone;
}

void PdfTags::close(std::string& content) {
  if (open_ != Open::kNone) content += "EMC\n";
  open_ = Open::kNone;
}

void PdfTags::open_mcid(std::string& content, int elem, std::uint64_t order) {
  close(content);
  auto& tree = parent_tree_[page_];
  const int mcid = static_cast<int>(tree.size());
  tree.push_back(elem);
  Elem& e = elems_[static_cast<std::size_t>(elem)];
  Kid k;
  k.mcid = mcid;
  k.page = page_;
  k.order = order;
  e.kids.push_back(k);
  content += '/';
  content += e.type;
  content += " <</MCID ";
  content += std::to_string(mcid);
  content += ">> BDC\n";
  open_ = Open::kMcid;
  open_elem_ = elem;
}

void PdfTags::mark_text(std::string& content, const TextItem& t) {
  if (t.ref.artifact || is_furniture(t.role) || (t.block < 0 && t.role != Role::kTitle && t.role != Role::kSubtitle)) {
    mark_artifact(content, t.role == Role::kHeader   ? ArtifactKind::kHeader
                           : t.role == Role::kFooter ? ArtifactKind::kFooter
                                                     : ArtifactKind::kPagination);
    return;
  }
  const int elem = element_for(t);
  // Items of one element continue one sequence while the content follows the text
  // (left-to-right lines, and one line to the next, where at most the space at the break
  // was dropped); a right-to-left line drawn in visual order starts a sequence per item,
  // and the tree puts them back in logical order.
  if (open_ == Open::kMcid && open_elem_ == elem && t.ref.offset >= open_end_ && t.ref.offset <= open_end_ + 1) {
    open_end_ = t.ref.end;
    return;
  }
  open_mcid(content, elem, static_cast<std::uint64_t>(t.ref.offset) * 2);
  open_end_ = t.ref.end;
}

void PdfTags::mark_artifact(std::string& content, ArtifactKind kind) {
  if (open_ == Open::kArtifact && open_artifact_ == kind) return;
  close(content);
  content += artifact_dict(kind);
  open_ = Open::kArtifact;
  open_artifact_ = kind;
}

void PdfTags::mark_figure(std::string& content, const std::string& alt, const std::array<double, 4>& bbox,
                          std::uint8_t side, bool lead, int block) {
  if (block >= 0) figure_blocks_[{side, block}] = true;
  const int fig = add("Figure", root(side), encounter_++, lead);
  Elem& e = elems_[static_cast<std::size_t>(fig)];
  e.alt = alt;
  e.has_bbox = true;
  e.bbox = bbox;
  open_mcid(content, fig, 0);
}

int PdfTags::link(const LinkItem& l, HPDF_Annotation annot) {
  TextItem probe;
  probe.block = l.block;
  probe.role = l.role;
  probe.ref = l.ref;
  probe.lang = l.ref.side < doc_.side_langs.size() ? doc_.side_langs[l.ref.side] : doc_.lang;
  const int leaf_elem = leaf(l.ref.side, l.block, l.role, l.ref.part, l.ref.cell);
  const int elem = l.ref.span >= 0 ? inline_elem(leaf_elem, probe) : leaf_elem;
  const int index = static_cast<int>(annots_.size());
  annots_.push_back(Annot{annot, page_});
  annot_elem_.push_back(elem);
  Kid k;
  k.annot = index;
  k.page = page_;
  k.order = static_cast<std::uint64_t>(l.ref.offset) * 2 + 1;
  elems_[static_cast<std::size_t>(elem)].kids.push_back(k);
  return static_cast<int>(doc_.pages.size()) + index;
}

bool PdfTags::build(HPDF_Doc pdf, const std::vector<HPDF_Page>& pages, DiagSink& sink) {
  HPDF_MMgr mmgr = pdf->mmgr;
  HPDF_Xref xref = pdf->xref;
  bool ok = true;
  auto check = [&ok](HPDF_STATUS s) { ok = ok && s == HPDF_OK; };
  std::vector<HPDF_Dict> dicts(elems_.size());
  for (auto& d : dicts) {
    d = HPDF_Dict_New(mmgr);
    if (!d) return false;
    check(HPDF_Xref_Add(xref, d));
  }
  HPDF_Dict tree_root = HPDF_Dict_New(mmgr);
  if (!tree_root) return false;
  check(HPDF_Xref_Add(xref, tree_root));
  check(HPDF_Dict_AddName(tree_root, "Type", "StructTreeRoot"));
  check(HPDF_Dict_Add(tree_root, "K", dicts[0]));

  // Custom types, mapped to the standard ones of PDF 1.7 (PDF 2.0 has them as its own).
  HPDF_Dict role_map = HPDF_Dict_New(mmgr);
  check(HPDF_Dict_AddName(role_map, "Aside", "Sect"));
  check(HPDF_Dict_AddName(role_map, "Strong", "Span"));
  check(HPDF_Dict_AddName(role_map, "Em", "Span"));
  check(HPDF_Dict_Add(tree_root, "RoleMap", role_map));

  for (std::size_t i = 0; i < elems_.size() && ok; ++i) {
    Elem& e = elems_[i];
    HPDF_Dict d = dicts[i];
    if (e.text) {
      std::stable_sort(e.kids.begin(), e.kids.end(), [](const Kid& a, const Kid& b) { return a.order < b.order; });
    }
    check(HPDF_Dict_AddName(d, "S", e.type.c_str()));
    check(HPDF_Dict_Add(d, "P", e.parent >= 0 ? dicts[static_cast<std::size_t>(e.parent)] : tree_root));
    // The element's page: that of its first marked content; content on other pages
    // (a paragraph continued overleaf) is referenced with its own page.
    std::size_t pg = pages.size();
    for (const Kid& k : e.kids) {
      if (k.mcid >= 0) {
        pg = k.page;
        break;
      }
    }
    if (pg < pages.size()) check(HPDF_Dict_Add(d, "Pg", pages[pg]));
    if (!e.lang.empty()) check(HPDF_Dict_Add(d, "Lang", HPDF_String_New(mmgr, e.lang.c_str(), nullptr)));
    if (!e.alt.empty()) check(HPDF_Dict_Add(d, "Alt", text_string(mmgr, e.alt)));
    if (e.scope_column) {
      HPDF_Dict a = HPDF_Dict_New(mmgr);
      check(HPDF_Dict_AddName(a, "O", "Table"));
      check(HPDF_Dict_AddName(a, "Scope", "Column"));
      check(HPDF_Dict_Add(d, "A", a));
    }
    if (e.has_bbox) {
      HPDF_Dict a = HPDF_Dict_New(mmgr);
      check(HPDF_Dict_AddName(a, "O", "Layout"));
      check(HPDF_Dict_AddName(a, "Placement", "Block"));
      HPDF_Array box = HPDF_Array_New(mmgr);
      for (double v : e.bbox) check(HPDF_Array_AddReal(box, static_cast<HPDF_REAL>(v)));
      check(HPDF_Dict_Add(a, "BBox", box));
      check(HPDF_Dict_Add(d, "A", a));
    }
    auto kid_object = [&](const Kid& k) -> void* {
      if (k.elem >= 0) return dicts[static_cast<std::size_t>(k.elem)];
      if (k.mcid >= 0 && k.page == pg) return HPDF_Number_New(mmgr, k.mcid);
      HPDF_Dict r = HPDF_Dict_New(mmgr);
      if (k.mcid >= 0) {
        check(HPDF_Dict_AddName(r, "Type", "MCR"));
        check(HPDF_Dict_Add(r, "Pg", pages[k.page]));
        check(HPDF_Dict_AddNumber(r, "MCID", k.mcid));
      } else {
        check(HPDF_Dict_AddName(r, "Type", "OBJR"));
        check(HPDF_Dict_Add(r, "Obj", annots_[static_cast<std::size_t>(k.annot)].annot));
        check(HPDF_Dict_Add(r, "Pg", pages[k.page]));
      }
      return r;
    };
    if (e.kids.size() == 1 && e.kids[0].elem < 0 && e.kids[0].mcid >= 0 && e.kids[0].page == pg) {
      check(HPDF_Dict_AddNumber(d, "K", e.kids[0].mcid));
    } else {
      HPDF_Array k = HPDF_Array_New(mmgr);
      for (const Kid& kid : e.kids) check(HPDF_Array_Add(k, kid_object(kid)));
      check(HPDF_Dict_Add(d, "K", k));
    }
  }

  // ParentTree: page i -> the element of each of its MCIDs; annotations after the pages.
  HPDF_Dict parent_tree = HPDF_Dict_New(mmgr);
  if (!parent_tree) return false;
  check(HPDF_Xref_Add(xref, parent_tree));
  HPDF_Array nums = HPDF_Array_New(mmgr);
  for (std::size_t p = 0; p < pages.size() && ok; ++p) {
    check(HPDF_Dict_AddNumber(pages[p], "StructParents", static_cast<HPDF_INT32>(p)));
    check(HPDF_Dict_AddName(pages[p], "Tabs", "S"));
    if (parent_tree_[p].empty()) continue;
    HPDF_Array arr = HPDF_Array_New(mmgr);
    for (int e : parent_tree_[p]) check(HPDF_Array_Add(arr, dicts[static_cast<std::size_t>(e)]));
    check(HPDF_Array_AddNumber(nums, static_cast<HPDF_INT32>(p)));
    check(HPDF_Array_Add(nums, arr));
  }
  for (std::size_t a = 0; a < annots_.size() && ok; ++a) {
    check(HPDF_Array_AddNumber(nums, static_cast<HPDF_INT32>(pages.size() + a)));
    check(HPDF_Array_Add(nums, dicts[static_cast<std::size_t>(annot_elem_[a])]));
  }
  check(HPDF_Dict_Add(parent_tree, "Nums", nums));
  check(HPDF_Dict_Add(tree_root, "ParentTree", parent_tree));
  check(HPDF_Dict_AddNumber(tree_root, "ParentTreeNextKey", static_cast<HPDF_INT32>(pages.size() + annots_.size())));

  check(HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", tree_root));
  HPDF_Dict mark_info = HPDF_Dict_New(mmgr);
  check(HPDF_Dict_Add(mark_info, "Marked", HPDF_Boolean_New(mmgr, HPDF_TRUE)));
  check(HPDF_Dict_Add(pdf->catalog, "MarkInfo", mark_info));
  if (!ok) sink.error(Location{}, "cannot write PDF: libharu could not build the structure tree");
  return ok;
}

}  // namespace handout
