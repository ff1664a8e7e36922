#include "output/pdf_tags.h"

#include "core/lib_haru.h"

#include <algorithm>
#include <charconv>

#include "core/char_props.h"
#include "core/lang.h"
#include "core/utf.h"
#include "output/pdf_number.h"
#include "output/pdf_strings.h"

namespace handout {

std::uint32_t object_number(const void* obj) {
  return static_cast<const HPDF_Obj_Header*>(obj)->obj_id & 0x00FFFFFF;
}

namespace {

// Layers of the element keys: which kind of element a key names.
enum Layer : int { kContainer = 0, kGroup = 1, kPart = 2, kLeaf = 3, kInline = 4 };


bool is_furniture(Role r) { return r == Role::kHeader || r == Role::kFooter; }

// Text that is an artifact in the tree: furniture, repetitions, and what is not the
// article's (but its title and subtitle).
bool text_is_artifact(const TextItem& t) {
  return t.separator || t.ref.artifact || is_furniture(t.role) || (t.block < 0 && t.role != Role::kTitle && t.role != Role::kSubtitle);
}

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

PdfTags::PdfTags(const Document& doc) : lang_(doc.lang), side_langs_(doc.side_langs) {
  for (const std::string& l : side_langs_.empty() ? std::vector<std::string>{lang_} : side_langs_) {
    side_rtl_.push_back(direction_of_language(l) == Direction::kRtl);
  }
  add(Type::kDocument, -1, 0);
  const std::size_t sides = std::max<std::size_t>(1, doc.side_langs.size());
  // One language whole, then the other: each side of a bilingual handout is a Part with
  // its language, read in the article's own order.
  for (std::size_t s = 0; s < sides; ++s) {
    if (sides == 1) {
      roots_.push_back(0);
    } else {
      const int part = add(Type::kPart, 0, s);
      extra(part).lang = doc.side_langs[s];
      roots_.push_back(part);
    }
    open_levels_.emplace_back();
  }
}

int PdfTags::add(Type type, int parent, std::uint64_t order, bool front) {
  const int id = static_cast<int>(elems_.size());
  Elem e;
  e.type = type;
  e.parent = parent;
  elems_.push_back(e);
  if (parent >= 0) add_kid(parent, KidKind::kElem, id, order, front);
  return id;
}

void PdfTags::add_kid(int parent, KidKind kind, int target, std::uint64_t order, bool front) {
  Kid k;
  k.parent = parent;
  k.kind = kind;
  k.target = target;
  k.page = static_cast<std::uint32_t>(page_);
  // Text is read in logical order; other kids as they came, those put in front before
  // the rest (the last first).
  ++kid_seq_;
  k.key = elems_[static_cast<std::size_t>(parent)].text ? static_cast<std::int64_t>(order) : front ? -kid_seq_ : kid_seq_;
  added_kids_.push_back(k);
}

PdfTags::Extra& PdfTags::extra(int elem) {
  Elem& e = elems_[static_cast<std::size_t>(elem)];
  if (e.extra == kNoExtra) {
    e.extra = static_cast<std::uint32_t>(extras_.size());
    extras_.emplace_back();
  }
  return extras_[e.extra];
}

std::size_t PdfTags::KeyHash::operator()(const Key& k) const noexcept {
  std::uint64_t h = k.a * 0x9E3779B97F4A7C15ULL;
  h ^= (h >> 29) ^ k.b * 0xBF58476D1CE4E5B9ULL;
  h ^= (h >> 32);
  return static_cast<std::size_t>(h);
}

namespace {

std::uint64_t u32(int v) { return static_cast<std::uint32_t>(v); }

// Key fields: the layer, side, role and cell in `a`, the block and part in `b`; for an
// inline element, the layer and its leaf element in `a`, the span in `b`.
std::uint64_t key_a(int layer, std::uint8_t side, Role role, int cell) {
  return u32(layer) | (std::uint64_t{side} << 8) | (std::uint64_t{static_cast<std::uint8_t>(role)} << 16) | (u32(cell) << 32);
}
std::uint64_t key_b(int block, int part) { return u32(block) | (u32(part) << 32); }

}  // namespace

const char* PdfTags::type_name(Type t) {
  static constexpr const char* kNames[] = {"Document", "Part",  "H1",    "H2",    "H3",   "H4",    "H5",
                                           "H6",       "P",     "L",     "LI",    "Lbl",  "LBody", "Table",
                                           "Caption",  "THead", "TBody", "TR",    "TH",   "TD",    "Sect",
                                           "Aside",    "Link",  "Strong", "Em",   "Span", "Figure"};
  static_assert(std::size(kNames) == static_cast<std::size_t>(Type::kFigure) + 1);
  return kNames[static_cast<std::size_t>(t)];
}

PdfTags::Type PdfTags::heading(std::size_t level) {
  return static_cast<Type>(static_cast<std::size_t>(Type::kH1) + std::clamp<std::size_t>(level, 1, 6) - 1);
}

int PdfTags::root(std::uint8_t side) { return roots_[std::min<std::size_t>(side, roots_.size() - 1)]; }

int PdfTags::container(std::uint8_t side, int block, int level, int part, Type type, int parent) {
  const Key key{key_a(level, side, Role{}, -1), key_b(block, part)};
  auto it = by_key_.find(key);
  if (it != by_key_.end()) return it->second;
  const int id = add(type, parent, encounter_++);
  by_key_.emplace(key, id);
  return id;
}

int PdfTags::leaf(std::uint8_t side, int block, Role role, int part, int cell) {
  // A list term is part of its item's body; the body's role stands for both.
  const Role key_role = role == Role::kListTerm ? Role::kListItem : role;
  const Key key{key_a(kLeaf, side, key_role, cell), key_b(block, part)};
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  const int r = root(side);
  int parent = r;
  Type type = Type::kP;
  bool front = false;
  std::uint64_t order = encounter_++;
  switch (key_role) {
    case Role::kTitle: type = Type::kH1; break;
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
      type = heading(open.size() + 1);
      break;
    }
    case Role::kListMarker:
    case Role::kListItem: {
      const int list = container(side, block, kContainer, -1, Type::kL, r);
      parent = container(side, block, kPart, part, Type::kLI, list);
      type = key_role == Role::kListMarker ? Type::kLbl : Type::kLBody;
      front = key_role == Role::kListMarker;  // the label reads first, wherever it is drawn
      break;
    }
    case Role::kTableCaption:
    case Role::kTableHeader:
    case Role::kTableCell: {
      if (key_role == Role::kTableCaption) {
        if (auto it = figure_blocks_.find({side, block}); it != figure_blocks_.end()) {
          // A figure's caption, read right after its Figure. A decorative picture is an
          // artifact, with no Figure for a Caption to belong to: its caption is a paragraph.
          type = it->second ? Type::kCaption : Type::kP;
          break;
        }
      }
      const int table = container(side, block, kContainer, -1, Type::kTable, r);
      if (key_role == Role::kTableCaption) {
        parent = table;
        type = Type::kCaption;
        front = true;
        break;
      }
      const bool head = key_role == Role::kTableHeader;
      const int group = container(side, block, kGroup, head ? 0 : 1, head ? Type::kTHead : Type::kTBody, table);
      parent = container(side, block, kPart, part, Type::kTR, group);
      type = head ? Type::kTH : Type::kTD;
      // A row's cells are read by column, whatever order they are drawn in (right to left
      // tables draw theirs from the left).
      elems_[static_cast<std::size_t>(parent)].text = true;
      order = static_cast<std::uint64_t>(cell);
      break;
    }
    case Role::kFaqQuestion:
    case Role::kFaqAnswer: {
      // Each question and its answer as a section headed by the question: a screen
      // reader's heading keys move from question to question.
      parent = container(side, block, kPart, part, Type::kSect, r);
      if (key_role == Role::kFaqQuestion) {
        type = heading(open_levels_[side].size() + 2);
        front = true;
      }
      break;
    }
    case Role::kCallout:
    case Role::kCalloutTitle:
      parent = container(side, block, kContainer, -1, Type::kAside, r);
      front = key_role == Role::kCalloutTitle;
      break;
    default: break;
  }
  const int id = add(type, parent, order, front);
  elems_[static_cast<std::size_t>(id)].text = true;
  by_key_.emplace(key, id);
  return id;
}

int PdfTags::inline_elem(int leaf_elem, const TextItem& t) {
  const Key key{u32(kInline) | (u32(leaf_elem) << 32), u32(t.ref.span)};
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  // Links, list terms and the author's emphasis are their own elements; any other inline
  // element is a phrase in another language. A phrase in another language keeps its /Lang
  // whatever its type.
  // A link in a list term is a Link too (its annotation belongs to a Link element).
  const bool link = std::any_of(items_->begin(), items_->end(), [&](const DisplayItem& d) {
    const auto* l = std::get_if<LinkItem>(&d);
    return l && l->block == t.block && l->ref.side == t.ref.side && l->ref.part == t.ref.part &&
           l->ref.cell == t.ref.cell && l->ref.span == t.ref.span;
  });
  const Type type = link                                    ? Type::kLink
                    : t.role == Role::kListTerm || t.strong ? Type::kStrong
                    : t.em                                  ? Type::kEm
                                                            : Type::kSpan;
  const int id = add(type, leaf_elem, static_cast<std::uint64_t>(t.ref.span) * 2);
  elems_[static_cast<std::size_t>(id)].text = true;
  const std::size_t side = std::min<std::size_t>(t.ref.side, side_langs_.size() - 1);
  if (side_langs_.empty() || t.lang != side_langs_[side]) extra(id).lang = t.lang;
  by_key_.emplace(key, id);
  return id;
}

namespace {

// What the unmarked-foreign-word pass (PdfTags::find_foreign_words) reads of a text item's
// own text (its paragraph's characters from ref.offset to ref.end; what the typesetter
// appends after them, direction marks and joiners, is not read): the script of its first
// letter (Latin if it has any Latin letter), and whether it starts and ends with white
// space (format characters aside). An item of white space and format characters alone
// starts and ends with it.
struct WordEdges {
  hb_script_t script = HB_SCRIPT_INVALID;
  bool blank_start = true;
  bool blank_end = true;
};

bool tag_blank(char32_t c) {
  const hb_unicode_general_category_t gc = general_category(c);
  return gc == HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR || gc == HB_UNICODE_GENERAL_CATEGORY_LINE_SEPARATOR ||
         gc == HB_UNICODE_GENERAL_CATEGORY_PARAGRAPH_SEPARATOR || gc == HB_UNICODE_GENERAL_CATEGORY_CONTROL;
}

WordEdges word_edges(const TextItem& t) {
  WordEdges e;
  bool seen = false;  // a character that is neither white space nor a format character
  std::size_t i = 0;
  for (std::uint32_t n = t.ref.offset; n < t.ref.end && i < t.text.size(); ++n) {
    const char32_t c = next_utf8(t.text, i);
    const hb_unicode_general_category_t gc = general_category(c);
    if (gc == HB_UNICODE_GENERAL_CATEGORY_FORMAT) continue;
    const bool blank = tag_blank(c);
    if (!seen) e.blank_start = blank;
    seen = true;
    e.blank_end = blank;
    // A word of Latin letters and letters of another left-to-right script is Latin: the
    // Greek letter of "β-blockers" or "μg/mL" is a symbol of English text, not Greek.
    if (e.script != HB_SCRIPT_LATIN && is_letter_category(gc)) {
      const hb_script_t s = script_of(c);
      if (e.script == HB_SCRIPT_INVALID || s == HB_SCRIPT_LATIN) e.script = s;
    }
  }
  if (!seen) e.blank_start = e.blank_end = true;
  return e;
}

// Whether two text items belong to one element of the article's own text (not an inline
// element's, not an artifact's).
bool same_leaf(const TextItem& a, const TextItem& b) {
  return a.ref.side == b.ref.side && a.block == b.block && a.role == b.role && a.ref.part == b.ref.part &&
         a.ref.cell == b.ref.cell && b.ref.span < 0 && !text_is_artifact(b);
}

}  // namespace

std::string PdfTags::foreign_lang(std::size_t side, hb_script_t script) const {
  if (script == HB_SCRIPT_INVALID || script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED ||
      script == HB_SCRIPT_UNKNOWN) {
    return {};
  }
  char code[5] = {};
  hb_tag_to_string(hb_script_to_iso15924_tag(script), code);
  // The other side of a bilingual handout, when it is written in that script, names the
  // language (French beside Arabic, Yiddish beside English); else the language most
  // likely written in it (English for Latin letters, Arabic for Arabic, Hebrew for Hebrew).
  for (std::size_t s = 0; s < side_langs_.size(); ++s) {
    if (s != side && script_of_language(side_langs_[s]) == code) return side_langs_[s];
  }
  return language_of_script(code);
}

void PdfTags::find_foreign_words(const std::vector<DisplayItem>& items) {
  word_of_item_.clear();
  words_.clear();
  std::vector<std::size_t> joined;  // the items of one word
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto* t = std::get_if<TextItem>(&items[i]);
    if (!t || t->ref.span >= 0 || text_is_artifact(*t) || (!word_of_item_.empty() && word_of_item_[i] >= 0)) continue;
    const std::size_t side = std::min<std::size_t>(t->ref.side, side_rtl_.size() - 1);
    // A run in the other direction (Latin letters in Arabic, Arabic in English).
    if (t->rtl == side_rtl_[side]) continue;
    const WordEdges edges = word_edges(*t);
    if (edges.script == HB_SCRIPT_INVALID) continue;  // no letter: a number, a sign
    ForeignWord w{t->ref.offset, t->ref.end, edges.blank_start, edges.blank_end, {}};
    hb_script_t script = edges.script;
    joined.assign(1, i);
    // The rest of the word: the items it touches with no white space between them (in either
    // order: a right-to-left run in a left-to-right line is drawn last character first) that
    // hold no letter, or letters in the word's direction: "°" of "°C" and "4" of "4B" (a
    // symbol and a digit set in another font or run), the brackets of "(MRI)", the Greek
    // letter of "β-blockers" (a run of its own script). A Span boundary inside a word made
    // two words of it for a reader of the structure tree.
    for (const int dir : {-1, 1}) {
      const TextItem* cur = t;
      WordEdges cur_edges = edges;
      for (std::size_t j = i; (dir < 0 ? j > 0 : j + 1 < items.size());) {
        j = dir < 0 ? j - 1 : j + 1;
        if (std::holds_alternative<LinkItem>(items[j])) continue;
        const auto* u = std::get_if<TextItem>(&items[j]);
        if (!u || !same_leaf(*t, *u)) break;
        const bool before = u->ref.end == cur->ref.offset && u->ref.offset < cur->ref.offset;
        if (!before && !(u->ref.offset == cur->ref.end && u->ref.end > cur->ref.end)) break;
        const WordEdges ue = word_edges(*u);
        if (before ? ue.blank_end || cur_edges.blank_start : cur_edges.blank_end || ue.blank_start) break;
        if (ue.script != HB_SCRIPT_INVALID && ue.script != edges.script && u->rtl != t->rtl) break;
        if (ue.script == HB_SCRIPT_LATIN) script = HB_SCRIPT_LATIN;  // as in word_edges
        joined.push_back(j);
        if (u->ref.offset < w.start) {
          w.start = u->ref.offset;
          w.blank_start = ue.blank_start;
        }
        if (u->ref.end > w.end) {
          w.end = u->ref.end;
          w.blank_end = ue.blank_end;
        }
        cur = u;
        cur_edges = ue;
      }
    }
    w.lang = foreign_lang(side, script);
    if (w.lang.empty()) continue;
    if (word_of_item_.empty()) word_of_item_.assign(items.size(), -1);
    for (const std::size_t k : joined) word_of_item_[k] = static_cast<std::int32_t>(words_.size());
    words_.push_back(std::move(w));
  }
}

int PdfTags::foreign_span(int leaf_elem, const TextItem& t) {
  if (word_of_item_.empty() || !items_) return -1;
  // The item's index in the page's items (it is one of them: the writers and
  // read_sheets_in_order pass the items of items_).
  const auto* base = reinterpret_cast<const char*>(items_->data());
  const auto* at = reinterpret_cast<const char*>(&t);
  if (at < base || at >= base + items_->size() * sizeof(DisplayItem)) return -1;
  const auto i = static_cast<std::size_t>(at - base) / sizeof(DisplayItem);
  if (std::get_if<TextItem>(&(*items_)[i]) != &t || word_of_item_[i] < 0) return -1;
  const ForeignWord& w = words_[static_cast<std::size_t>(word_of_item_[i])];
  const std::uint64_t layer = u32(kInline) | (u32(leaf_elem) << 32);
  const Key key{layer, (std::uint64_t{1} << 32) | w.start};
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  int id = -1;
  // A word broken at a line end with no white space there (a web address after its "/")
  // goes on in the Span of its part on the line before.
  if (!w.blank_start) {
    if (auto it = by_key_.find(Key{layer, (std::uint64_t{2} << 32) | w.start}); it != by_key_.end() &&
        extras_[elems_[static_cast<std::size_t>(it->second)].extra].lang == w.lang) {
      id = it->second;
    }
  }
  if (id < 0) {
    // After the paragraph's own text at the same place (a direction mark drawn before the
    // run, an item of its own), whichever is marked first (a booklet's sheets make the
    // elements before their content).
    id = add(Type::kSpan, leaf_elem, static_cast<std::uint64_t>(w.start) * 2 + 1);
    elems_[static_cast<std::size_t>(id)].text = true;
    extra(id).lang = w.lang;
  }
  by_key_.emplace(key, id);
  if (!w.blank_end) by_key_.emplace(Key{layer, (std::uint64_t{2} << 32) | w.end}, id);
  return id;
}

int PdfTags::element_for(const TextItem& t) {
  const int l = leaf(t.ref.side, t.block, t.role, t.ref.part, t.ref.cell);
  if (t.ref.span >= 0) return inline_elem(l, t);
  // Words in another language that the author did not mark ("MRI" in an Arabic sentence):
  // a Span with that language, so that a screen reader speaks them in it.
  const int span = foreign_span(l, t);
  return span >= 0 ? span : l;
}

void PdfTags::read_sheets_in_order(const Document& doc) {
  // (sheet, first item, end of items) of each page, by its place in reading order.
  std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> pages;
  for (std::size_t s = 0; s < doc.pages.size(); ++s) {
    const auto& reading = doc.pages[s].reading;
    for (std::size_t h = 0; h < reading.size(); ++h) {
      const std::size_t end = h + 1 < reading.size() ? reading[h + 1].first : doc.pages[s].items.size();
      if (pages.size() <= reading[h].second) pages.resize(reading[h].second + 1, {SIZE_MAX, 0, 0});
      pages[reading[h].second] = {s, reading[h].first, end};
    }
  }
  for (const auto& [sheet, from, to] : pages) {
    if (sheet == SIZE_MAX) continue;
    const std::vector<DisplayItem>& items = doc.pages[sheet].items;
    if (items_ != &items) find_foreign_words(items);
    items_ = &items;
    for (std::size_t i = from; i < to; ++i) {
      if (const auto* t = std::get_if<TextItem>(&items[i])) {
        if (!text_is_artifact(*t)) element_for(*t);
      } else if (const auto* im = std::get_if<ImageItem>(&items[i])) {
        if (!im->artifact && !im->alt.empty() && im->block >= 0) {
          figure_blocks_[{im->side, im->block}] = true;
          figure_elems_.emplace(std::make_pair(im->side, im->block), reserve_figure(im->side, false));
        } else if (im->block >= 0) {
          figure_blocks_.emplace(std::make_pair(im->side, im->block), false);  // a decorative picture
        }
      } else if (const auto* q = std::get_if<SquaresItem>(&items[i])) {
        if (!q->alt.empty() && q->block >= 0) {
          figure_blocks_[{q->side, q->block}] = true;
          figure_elems_.emplace(std::make_pair(q->side, q->block), reserve_figure(q->side, false));
        }
      }
    }
  }
  items_ = nullptr;
  word_of_item_.clear();
}

void PdfTags::begin_page(std::size_t page, const std::vector<DisplayItem>& items) {
  page_ = page;
  items_ = &items;
  find_foreign_words(items);
  if (parent_tree_.size() <= page) parent_tree_.resize(page + 1);
  open_ = Open::kNone;
}

PdfTags::Paused PdfTags::pause() const {
  return Paused{static_cast<std::uint8_t>(open_), open_artifact_, open_elem_, open_end_};
}

void PdfTags::resume(std::size_t page, const Paused& state, const std::vector<DisplayItem>& items) {
  begin_page(page, items);
  open_ = static_cast<Open>(state.open);
  open_artifact_ = state.artifact;
  open_elem_ = state.elem;
  open_end_ = state.end;
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
  add_kid(elem, KidKind::kMcid, mcid, order);
  content += '/';
  content += type_name(elems_[static_cast<std::size_t>(elem)].type);
  content += " <</MCID ";
  content += std::to_string(mcid);
  content += ">> BDC\n";
  open_ = Open::kMcid;
  open_elem_ = elem;
}

void PdfTags::mark_text(std::string& content, const TextItem& t) {
  if (text_is_artifact(t)) {
    mark_artifact(content, t.separator                ? ArtifactKind::kLayout
                           : t.role == Role::kHeader ? ArtifactKind::kHeader
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

void PdfTags::mark_empty(const TextItem& t) {
  if (text_is_artifact(t) || (t.role != Role::kTableHeader && t.role != Role::kTableCell)) return;
  element_for(t);
}

bool PdfTags::begin_hyphen(std::string& content) {
  if (open_ != Open::kMcid) return false;
  mark_artifact(content, ArtifactKind::kLayout);
  return true;
}

void PdfTags::end_hyphen(std::string& content, const TextItem& t, bool more) {
  close(content);
  if (!more) return;
  open_mcid(content, element_for(t), static_cast<std::uint64_t>(t.ref.offset) * 2);
  open_end_ = t.ref.end;
}

void PdfTags::mark_artifact(std::string& content, ArtifactKind kind) {
  if (open_ == Open::kArtifact && open_artifact_ == kind) return;
  close(content);
  content += artifact_dict(kind);
  open_ = Open::kArtifact;
  open_artifact_ = kind;
}

int PdfTags::reserve_figure(std::uint8_t side, bool lead) { return add(Type::kFigure, root(side), encounter_++, lead); }

int PdfTags::mark_figure(std::string& content, const std::string& alt, const std::array<double, 4>& bbox,
                         std::uint8_t side, bool lead, int block, int reserved, const std::string& lang, bool link) {
  if (block >= 0) figure_blocks_[{side, block}] = true;
  if (reserved < 0 && block >= 0) {
    if (auto it = figure_elems_.find({side, block}); it != figure_elems_.end()) reserved = it->second;
  }
  const int place = reserved >= 0 ? reserved : reserve_figure(side, lead);
  // A linked picture: the element in the Figure's place becomes its Link (which holds the
  // link's annotation), and the Figure its only element.
  if (link) elems_[static_cast<std::size_t>(place)].type = Type::kLink;
  const int fig = link ? add(Type::kFigure, place, 0) : place;
  Extra& x = extra(fig);
  x.alt = alt;
  if (!lang.empty()) x.lang = lang;
  x.has_bbox = true;
  x.bbox = bbox;
  open_mcid(content, fig, 0);
  return place;
}

int PdfTags::add_annot(int link) {
  const int index = static_cast<int>(annot_obj_.size());
  annot_obj_.push_back(0);
  annot_elem_.push_back(link);
  add_kid(link, KidKind::kAnnot, index, 0);
  return index;
}

int PdfTags::add_link(const LinkItem& l) {
  TextItem probe;
  probe.block = l.block;
  probe.role = l.role;
  probe.ref = l.ref;
  probe.lang = l.ref.side < side_langs_.size() ? side_langs_[l.ref.side] : lang_;
  const int leaf_elem = leaf(l.ref.side, l.block, l.role, l.ref.part, l.ref.cell);
  const int elem = l.ref.span >= 0 ? inline_elem(leaf_elem, probe) : leaf_elem;
  const int index = static_cast<int>(annot_obj_.size());
  annot_obj_.push_back(0);
  annot_elem_.push_back(elem);
  add_kid(elem, KidKind::kAnnot, index, static_cast<std::uint64_t>(l.ref.offset) * 2 + 1);
  return index;
}

int PdfTags::set_link_annot(int index, HPDF_Annotation annot) {
  annot_obj_[static_cast<std::size_t>(index)] = object_number(annot);
  return static_cast<int>(parent_tree_.size()) + index;
}

bool PdfTags::build(HPDF_Doc pdf, const std::vector<HPDF_Page>& pages, DiagSink& sink) {
  HPDF_MMgr mmgr = pdf->mmgr;
  bool ok = true;
  auto check = [&ok](HPDF_STATUS s) { ok = ok && s == HPDF_OK; };
  end_marking();
  // An empty dictionary the catalog refers to: the object-stream pass writes its value.
  HPDF_Dict tree_root = HPDF_Dict_New(mmgr);
  if (!tree_root) return false;
  check(HPDF_Xref_Add(pdf->xref, tree_root));
  check(HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", tree_root));
  root_obj_ = object_number(tree_root);
  parent_tree_.resize(pages.size());
  page_obj_.clear();
  for (std::size_t p = 0; p < pages.size() && ok; ++p) {
    page_obj_.push_back(object_number(pages[p]));
    check(HPDF_Dict_AddNumber(pages[p], "StructParents", static_cast<HPDF_INT32>(p)));
    check(HPDF_Dict_AddName(pages[p], "Tabs", "S"));
  }
  HPDF_Dict mark_info = HPDF_Dict_New(mmgr);
  check(HPDF_Dict_Add(mark_info, "Marked", HPDF_Boolean_New(mmgr, HPDF_TRUE)));
  check(HPDF_Dict_Add(pdf->catalog, "MarkInfo", mark_info));
  if (!ok) {
    sink.error(Location{}, "cannot write PDF: libharu could not add the structure tree's entries");
    return false;
  }
  objects_.placeholder = root_obj_;
  objects_.count = elems_.size() + 1;
  objects_.write = [this](std::string& out, std::size_t i, std::uint64_t first) { write_object(out, i, first); };
  return true;
}

void PdfTags::end_marking() {
  if (marking_ended_) return;
  marking_ended_ = true;
  // Every page is marked: what found elements by their place goes (a long document's
  // index of elements is as large as the elements), and the kids are put in order into a
  // list of their own size.
  decltype(by_key_)().swap(by_key_);
  decltype(figure_blocks_)().swap(figure_blocks_);
  elems_.shrink_to_fit();
  sort_kids();
}

void PdfTags::sort_kids() {
  // Grouped by parent (a counting sort keeps each parent's kids in insertion order), then
  // each group by its key.
  kid_begin_.assign(elems_.size() + 1, 0);
  for (const Kid& k : added_kids_) ++kid_begin_[static_cast<std::size_t>(k.parent) + 1];
  for (std::size_t e = 1; e < kid_begin_.size(); ++e) kid_begin_[e] += kid_begin_[e - 1];
  std::vector<std::uint32_t> next(kid_begin_.begin(), kid_begin_.end() - 1);
  kids_.assign(added_kids_.size(), Kid{});
  for (const Kid& k : added_kids_) kids_[next[static_cast<std::size_t>(k.parent)]++] = k;
  std::deque<Kid>().swap(added_kids_);
  auto by_key = [](const Kid& a, const Kid& b) { return a.key < b.key; };
  for (std::size_t e = 0; e < elems_.size(); ++e) {
    const auto first = kids_.begin() + kid_begin_[e];
    const auto last = kids_.begin() + kid_begin_[e + 1];
    if (!std::is_sorted(first, last, by_key)) std::stable_sort(first, last, by_key);
  }
}

namespace {

void append_int(std::string& out, std::uint64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_ref(std::string& out, std::uint64_t num) {
  append_int(out, num);
  out += " 0 R";
}

}  // namespace

void PdfTags::write_object(std::string& out, std::size_t i, std::uint64_t first) const {
  const std::uint64_t parent_tree = first + elems_.size();
  if (i < elems_.size()) {
    write_elem(out, i, first);
  } else if (i == elems_.size()) {
    // ParentTree: page i -> the element of each of its MCIDs; annotations after the pages.
    out += "<</Nums[";
    for (std::size_t p = 0; p < parent_tree_.size(); ++p) {
      if (parent_tree_[p].empty()) continue;
      append_int(out, p);
      out += " [";
      for (std::size_t m = 0; m < parent_tree_[p].size(); ++m) {
        if (m) out += ' ';
        append_ref(out, first + static_cast<std::uint64_t>(parent_tree_[p][m]));
      }
      out += "]\n";
    }
    for (std::size_t a = 0; a < annot_elem_.size(); ++a) {
      append_int(out, parent_tree_.size() + a);
      out += ' ';
      append_ref(out, first + static_cast<std::uint64_t>(annot_elem_[a]));
      out += '\n';
    }
    out += "]>>";
  } else {
    // The StructTreeRoot; custom types mapped to the standard ones of PDF 1.7 (PDF 2.0 has
    // them as its own).
    out += "<</Type/StructTreeRoot/K ";
    append_ref(out, first);
    out += "/RoleMap<</Aside/Sect/Strong/Span/Em/Span>>/ParentTree ";
    append_ref(out, parent_tree);
    out += "/ParentTreeNextKey ";
    append_int(out, parent_tree_.size() + annot_elem_.size());
    out += ">>";
  }
}

void PdfTags::write_elem(std::string& out, std::size_t i, std::uint64_t first) const {
  const Elem& e = elems_[i];
  const Kid* begin = kids_.data() + kid_begin_[i];
  const Kid* end = kids_.data() + kid_begin_[i + 1];
  out += "<</S/";
  out += type_name(e.type);
  out += "/P ";
  append_ref(out, e.parent >= 0 ? first + static_cast<std::uint64_t>(e.parent) : root_obj_);
  // The element's page: that of its first marked content; content on other pages
  // (a paragraph continued overleaf) is referenced with its own page.
  const Kid* with_page = std::find_if(begin, end, [](const Kid& k) { return k.kind == KidKind::kMcid; });
  const bool has_page = with_page != end;
  const std::uint32_t pg = has_page ? with_page->page : 0;
  if (has_page) {
    out += "/Pg ";
    append_ref(out, page_obj_[pg]);
  }
  if (e.extra != kNoExtra) {
    const Extra& x = extras_[e.extra];
    if (!x.lang.empty()) {
      out += "/Lang";
      append_literal_string(out, x.lang);
    }
    if (!x.alt.empty()) {
      out += "/Alt";
      append_text_string(out, x.alt);
    }
    if (x.has_bbox) {
      out += "/A<</O/Layout/Placement/Block/BBox[";
      for (std::size_t k = 0; k < 4; ++k) {
        if (k) out += ' ';
        append_pdf_number(out, x.bbox[k]);
      }
      out += "]>>";
    }
  }
  if (e.type == Type::kTH) out += "/A<</O/Table/Scope/Column>>";
  if (begin == end) {  // an empty table cell
    out += ">>";
    return;
  }
  out += "/K";
  if (end - begin == 1 && begin->kind == KidKind::kMcid && begin->page == pg) {
    out += ' ';
    append_int(out, static_cast<std::uint64_t>(begin->target));
    out += ">>";
    return;
  }
  out += '[';
  for (const Kid* k = begin; k != end; ++k) {
    if (k != begin) out += ' ';
    switch (k->kind) {
      case KidKind::kElem: append_ref(out, first + static_cast<std::uint64_t>(k->target)); break;
      case KidKind::kMcid:
        if (k->page == pg) {
          append_int(out, static_cast<std::uint64_t>(k->target));
        } else {
          out += "<</Type/MCR/Pg ";
          append_ref(out, page_obj_[k->page]);
          out += "/MCID ";
          append_int(out, static_cast<std::uint64_t>(k->target));
          out += ">>";
        }
        break;
      case KidKind::kAnnot:
        out += "<</Type/OBJR/Obj ";
        append_ref(out, annot_obj_[static_cast<std::size_t>(k->target)]);
        out += "/Pg ";
        append_ref(out, page_obj_[k->page]);
        out += ">>";
        break;
    }
  }
  out += "]>>";
}

}  // namespace handout
