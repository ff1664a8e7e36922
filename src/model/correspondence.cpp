#include "model/correspondence.h"

namespace handout {

namespace {

struct Difference {
  std::string pointer;  ///< where, in both files (the structures agree up to here)
  std::string what_a;
  std::string what_b;
  std::string what;     ///< what differs
};

std::optional<Difference> first_difference(const Block& x, const Block& y) {
  const std::string p = x.pointer;
  if (x.content.index() != y.content.index()) {
    return Difference{p + "/type", block_kind_name(x.content), block_kind_name(y.content), "block type"};
  }
  auto count = [&](const char* what, const std::string& ptr, std::size_t n, std::size_t m) -> std::optional<Difference> {
    if (n == m) return std::nullopt;
    return Difference{ptr, std::to_string(n), std::to_string(m), what};
  };
  // An optional part (a caption, a title) present in one translation and not the other.
  auto presence = [&](const char* key, const char* noun, bool a, bool b, const char* what) -> std::optional<Difference> {
    if (a == b) return std::nullopt;
    const std::string some = std::string("a ") + noun, none = std::string("no ") + noun;
    return Difference{p + "/" + key, a ? some : none, b ? some : none, what};
  };
  if (const auto* h = std::get_if<HeadingBlock>(&x.content)) {
    const auto& h2 = std::get<HeadingBlock>(y.content);
    if (h->level != h2.level) {
      return Difference{p + "/level", std::to_string(h->level), std::to_string(h2.level), "heading level"};
    }
  } else if (const auto* l = std::get_if<ListBlock>(&x.content)) {
    const auto& l2 = std::get<ListBlock>(y.content);
    if (auto d = count("number of list items", p + "/items", l->items.size(), l2.items.size())) return d;
    if (l->ordered != l2.ordered) return Difference{p + "/ordered", l->ordered ? "ordered" : "bulleted", l2.ordered ? "ordered" : "bulleted", "list kind"};
    for (std::size_t i = 0; i < l->items.size(); ++i) {
      if (l->items[i].term.has_value() != l2.items[i].term.has_value()) {
        return Difference{p + "/items/" + std::to_string(i), l->items[i].term ? "a term" : "no term",
                          l2.items[i].term ? "a term" : "no term", "list item form"};
      }
    }
  } else if (const auto* t = std::get_if<TableBlock>(&x.content)) {
    const auto& t2 = std::get<TableBlock>(y.content);
    if (auto d = count("number of header cells", p + "/header", t->header.size(), t2.header.size())) return d;
    if (auto d = count("number of rows", p + "/rows", t->rows.size(), t2.rows.size())) return d;
    for (std::size_t r = 0; r < t->rows.size(); ++r) {
      if (auto d = count("number of cells", p + "/rows/" + std::to_string(r), t->rows[r].size(), t2.rows[r].size())) return d;
    }
    if (auto d = presence("caption", "caption", t->caption.has_value(), t2.caption.has_value(), "table caption")) return d;
  } else if (const auto* f = std::get_if<FaqBlock>(&x.content)) {
    if (auto d = count("number of FAQ items", p + "/items", f->items.size(), std::get<FaqBlock>(y.content).items.size())) return d;
  } else if (const auto* fg = std::get_if<FigureBlock>(&x.content)) {
    const auto& fg2 = std::get<FigureBlock>(y.content);
    if (auto d = presence("caption", "caption", fg->caption.has_value(), fg2.caption.has_value(), "figure caption")) return d;
  } else if (const auto* q = std::get_if<QrBlock>(&x.content)) {
    const auto& q2 = std::get<QrBlock>(y.content);
    if (auto d = presence("caption", "caption", q->caption.has_value(), q2.caption.has_value(), "QR code caption")) return d;
  } else if (const auto* c = std::get_if<CalloutBlock>(&x.content)) {
    const auto& c2 = std::get<CalloutBlock>(y.content);
    if (auto d = presence("title", "title", c->title.has_value(), c2.title.has_value(), "callout title")) return d;
  }
  return std::nullopt;
}

// Compares dotted version numbers ("1.10" > "1.9"); non-numeric parts compare as text.
int compare_versions(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const std::size_t ea = std::min(a.find('.', i), a.size()), eb = std::min(b.find('.', j), b.size());
    const std::string pa = i < a.size() ? a.substr(i, ea - i) : "0", pb = j < b.size() ? b.substr(j, eb - j) : "0";
    const bool na = !pa.empty() && pa.size() < 10 && pa.find_first_not_of("0123456789") == std::string::npos;
    const bool nb = !pb.empty() && pb.size() < 10 && pb.find_first_not_of("0123456789") == std::string::npos;
    if (na && nb) {
      const long x = std::stol(pa), y = std::stol(pb);
      if (x != y) return x < y ? -1 : 1;
    } else if (pa != pb) {
      return pa < pb ? -1 : 1;
    }
    i = ea + 1;
    j = eb + 1;
  }
  return 0;
}

// Older: a lower version, or the same version reviewed earlier (dates are YYYY-MM-DD).
bool is_older(const Article& x, const Article& y) {
  if (!x.version.empty() && !y.version.empty()) {
    const int c = compare_versions(x.version, y.version);
    if (c != 0) return c < 0;
  }
  return !x.reviewed.empty() && !y.reviewed.empty() && x.reviewed < y.reviewed;
}

std::string describe_revision(const Article& a) {
  std::string out;
  if (!a.version.empty()) out += "version " + a.version;
  if (!a.reviewed.empty()) out += (out.empty() ? "reviewed " : ", reviewed ") + a.reviewed;
  return out.empty() ? "no version" : out;
}

}  // namespace

void check_revisions(const Article& a, const Article& b, DiagSink& sink) {
  for (const auto& [older, newer] : {std::pair(&a, &b), std::pair(&b, &a)}) {
    if (!is_older(*older, *newer)) continue;
    const std::string pointer = !older->version.empty() && !newer->version.empty() &&
                                        compare_versions(older->version, newer->version) != 0
                                    ? "/meta/version"
                                    : "/meta/reviewed";
    sink.warning(older->locate(pointer),
                 "this translation may be stale: it is " + describe_revision(*older) + ", but its \"" +
                     newer->lang + "\" counterpart" + (newer->source ? " (" + newer->source->file() + ")" : "") +
                     " is " + describe_revision(*newer) + "; update it, or bring its meta up to date");
  }
}

bool check_correspondence(const Article& a, const Article& b, DiagSink& sink) {
  const std::size_t n = std::min(a.blocks.size(), b.blocks.size());
  std::optional<Difference> diff;
  for (std::size_t i = 0; i < n && !diff; ++i) diff = first_difference(a.blocks[i], b.blocks[i]);
  if (!diff && a.blocks.size() != b.blocks.size()) {
    const std::string p = "/blocks/" + std::to_string(n);
    diff = Difference{a.blocks.size() > n ? p : "/blocks", std::to_string(a.blocks.size()),
                      std::to_string(b.blocks.size()), "number of blocks"};
    if (b.blocks.size() > n && a.blocks.size() == n) diff->pointer = "/blocks";
  }
  check_revisions(a, b, sink);
  if (!diff) return true;
  const std::string fa = a.source ? a.source->file() : "first article";
  const std::string fb = b.source ? b.source->file() : "second article";
  sink.error(a.locate(diff->pointer), "translations do not correspond: " + diff->what + " is " +
                                          diff->what_a + " here but " + diff->what_b + " in " + fb);
  Diag note{Severity::kNote, b.locate(diff->pointer), "the differing " + diff->what + " in the other translation (" + fa + ")"};
  sink.add(std::move(note));
  return false;
}

}  // namespace handout
