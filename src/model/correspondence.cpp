#include "model/correspondence.h"

#include <algorithm>

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

// Whether blocks a[i..] and b[j..] have the same kinds as far as `kWindow` blocks (or both
// end within it): the translations line up again from there.
constexpr std::size_t kWindow = 8;
bool kinds_agree(const Article& a, std::size_t i, const Article& b, std::size_t j) {
  const std::size_t left_a = i <= a.blocks.size() ? a.blocks.size() - i : 0;
  const std::size_t left_b = j <= b.blocks.size() ? b.blocks.size() - j : 0;
  const std::size_t n = std::min({kWindow, left_a, left_b});
  if (n < kWindow && left_a != left_b) return false;
  for (std::size_t k = 0; k < n; ++k) {
    if (a.blocks[i + k].content.index() != b.blocks[j + k].content.index()) return false;
  }
  return true;
}

// Where the blocks stop lining up at `i` (their kinds differ), the likely reason, as an
// author would fix it: a block of one translation left out of the other, or two blocks in
// the other order. Reported as such, at both places; false when it is none of them.
bool report_block_shift(const Article& a, const Article& b, std::size_t i, const std::string& fa,
                        const std::string& fb, DiagSink& sink) {
  const std::size_t na = a.blocks.size(), nb = b.blocks.size();
  if (i >= na || i >= nb) return false;
  const std::string pa = a.blocks[i].pointer, pb = b.blocks[i].pointer;
  const std::string ka = block_kind_name(a.blocks[i].content), kb = block_kind_name(b.blocks[i].content);
  auto report = [&](const std::string& error, const std::string& note) {
    sink.error(a.locate(pa + "/type"), "translations do not correspond: " + error);
    sink.add(Diag{Severity::kNote, b.locate(pb + "/type"), note});
    return true;
  };
  // Lines, as the author's editor shows them.
  auto line_a = [&](std::size_t k) { return "line " + std::to_string(a.locate(a.blocks[k].pointer + "/type").line); };
  auto line_b = [&](std::size_t k) { return "line " + std::to_string(b.locate(b.blocks[k].pointer + "/type").line); };
  const std::string counts = "; this translation has " + std::to_string(nb) + " blocks, the other " + std::to_string(na);
  if (kinds_agree(a, i + 1, b, i)) {
    return report("this " + ka + " block has no counterpart in " + fb + ": the blocks after it line up with " + fb +
                      "'s from its " + kb + " block (" + line_b(i) + ") on; translate it there, or remove it here",
                  "the " + ka + " block of " + fa + " (" + line_a(i) + ") is missing before this " + kb + " block" + counts);
  }
  if (kinds_agree(a, i, b, i + 1)) {
    return report(fb + " has a " + kb + " block (" + line_b(i) + ") with no counterpart here, before this " + ka +
                      " block; translate it here, or remove it there",
                  "this " + kb + " block has no counterpart in " + fa + ": it would go before " + fa + "'s " + ka +
                      " block (" + line_a(i) + ")" + counts);
  }
  // Two blocks in the other order (whatever follows them: a later difference is reported
  // once these are in order).
  if (i + 1 < na && i + 1 < nb && a.blocks[i + 1].content.index() == b.blocks[i].content.index() &&
      a.blocks[i].content.index() == b.blocks[i + 1].content.index()) {
    return report("this " + ka + " block and the " + kb + " block after it are in the other order in " + fb + " (lines " +
                      std::to_string(b.locate(pb + "/type").line) + " and " + std::to_string(b.locate(b.blocks[i + 1].pointer + "/type").line) + "); put them in the same order",
                  "this " + kb + " block and the " + ka + " block after it are in the other order in " + fa + " (lines " +
                      std::to_string(a.locate(pa + "/type").line) + " and " + std::to_string(a.locate(a.blocks[i + 1].pointer + "/type").line) + ")");
  }
  return false;
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
  if (diff->what == "block type") {
    std::size_t i = 0;
    while (i < n && a.blocks[i].content.index() == b.blocks[i].content.index()) ++i;
    if (report_block_shift(a, b, i, fa, fb, sink)) return false;
  }
  sink.error(a.locate(diff->pointer), "translations do not correspond: " + diff->what + " is " +
                                          diff->what_a + " here but " + diff->what_b + " in " + fb);
  Diag note{Severity::kNote, b.locate(diff->pointer), "the differing " + diff->what + " in the other translation (" + fa + ")"};
  sink.add(std::move(note));
  return false;
}

}  // namespace handout
