#include "para/line_builder.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/bidi_nesting.h"
#include "core/cancel.h"
#include "core/heap_bytes.h"
#include "para/kashida.h"
#include "text/shape_cache.h"

namespace handout {

namespace {

// TeX's interword glue for a justified paragraph: a space may grow by half its width and
// shrink by a third.
constexpr double kSpaceStretch = 0.5;
constexpr double kSpaceShrink = 1.0 / 3.0;
// TeX's \hyphenpenalty, and the cost of breaking inside a word that fits nowhere.
constexpr double kHyphenPenalty = 50;
constexpr double kEmergencyPenalty = 5000;
// Inside a word too wide for any line, cheaper than a break between letters: after a space,
// "/" or dash that a number with its unit or a range keeps unbroken ("100 mg/|5 mL",
// "months–|2"), then at a hyphenation point of a capitalised name, with a hyphen
// ("Ibupro-|fen"). Dearer: between two joined Arabic letters, which parts the word's shapes.
constexpr double kEmergencySoftPenalty = 1000;
constexpr double kEmergencyHyphenPenalty = 2000;
constexpr double kEmergencyJoinedPenalty = 4 * kEmergencyPenalty;
// TeX's \exhyphenpenalty: a break after a word's own hyphen ("long-|term"), which
// readers of the text layer (pdftotext) take for a hyphenation and drop.
constexpr double kExplicitHyphenPenalty = 50;
// A break inside a web or e-mail address: no reader can join the two pieces again, so it
// is the line breaker's last resort (TeX's url.sty prices them as penalties too). After a
// "/" of the path or an e-mail address's "@", before a "?" or "&" (BreakKind::kAllowLink): taken only
// when setting the address whole would stretch a line's spaces beyond about twice their
// width (a glue ratio of 2, badness 800) or leave a ragged line about a third full.
constexpr double kLinkBreakPenalty = 1000;
// After a "." of a path or an e-mail address's name (BreakKind::kAllowWeak: "guide.|html"
// reads worse than a break after "/").
constexpr double kWeakLinkBreakPenalty = 3000;
// After a "." of a host or e-mail domain (BreakKind::kAllowHost): a typesetter parts a
// domain name only when it does not fit a line. The breaker's badness grows without bound
// (a justified line holding a long address and one space reaches glue ratios of 50 and
// more), so this is of the order of an overfull line's cost (kMaxBadness), below it: taken
// only where every other setting overflows or stretches a line to a glue ratio of some
// hundreds.
constexpr double kHostLinkBreakPenalty = 1e8;

// A line may end after the character (hyphenation points aside).
bool line_may_end(BreakKind k) {
  return k == BreakKind::kAllow || k == BreakKind::kAllowLink || k == BreakKind::kAllowWeak ||
         k == BreakKind::kAllowHost || k == BreakKind::kMust;
}

bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == 0x3000; }
bool is_justifiable(char32_t c) { return c == U' '; }

bool is_mark(char32_t c) {
  const auto gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
  return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
         gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
         gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

const ShapedRun* run_at(const ShapedParagraph& p, std::uint32_t i) {
  for (const auto& r : p.runs) {
    if (r.chars.contains(i)) return &r;
  }
  return nullptr;
}

// Whether the letter at or before `i` (its marks skipped) joins the next character, an
// Arabic letter (a break between them changes both letters' shapes).
bool joins_next(const ShapedParagraph& p, std::uint32_t i) {
  const std::u32string& text = p.source.text;
  if (i + 1 >= text.size() || p.scripts[i + 1] != HB_SCRIPT_ARABIC) return false;
  while (i > 0 && is_mark(text[i])) --i;
  return p.scripts[i] == HB_SCRIPT_ARABIC && letters_join(text[i], text[i + 1]);
}

struct Totals {
  std::vector<Pt> width, stretch, shrink;  // prefix sums, size n + 1
};

Totals prefix_totals(const ShapedParagraph& p, const std::vector<Pt>* kashida) {
  const std::size_t n = p.source.text.size();
  Totals t;
  t.width.assign(n + 1, Pt(0));
  t.stretch.assign(n + 1, Pt(0));
  t.shrink.assign(n + 1, Pt(0));
  for (std::size_t i = 0; i < n; ++i) {
    const Pt adv = p.advance[i];
    const bool space = is_justifiable(p.source.text[i]);
    t.width[i + 1] = t.width[i] + adv;
    t.stretch[i + 1] = t.stretch[i] + (space ? adv * kSpaceStretch : Pt(0)) + (kashida ? (*kashida)[i] : Pt(0));
    t.shrink[i + 1] = t.shrink[i] + (space ? adv * kSpaceShrink : Pt(0));
  }
  return t;
}

// The end of a line that breaks before `pos`, with trailing white space dropped.
std::uint32_t trim_end(const std::u32string& text, std::uint32_t begin, std::uint32_t pos) {
  while (pos > begin && is_space(text[pos - 1])) --pos;
  return pos;
}

Pt hyphen_width(const ShapedParagraph& p, TextShaper& shaper, std::uint32_t before,
                std::map<std::pair<FontId, double>, Pt>& cache) {
  const ShapedRun* run = run_at(p, before);
  if (!run) return Pt(0);
  const Pt size = run->size;
  auto key = std::make_pair(run->font, size.value());
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  Pt w;
  for (const auto& g : shaper.shape_string(U"-", run->font, size, Direction::kLtr, "")) w += g.x_advance;
  cache[key] = w;
  return w;
}

}  // namespace

std::vector<Breakpoint> collect_breakpoints(const ShapedParagraph& para, TextShaper& shaper,
                                            Pt narrowest, const std::vector<Pt>* kashida) {
  const std::u32string& text = para.source.text;
  const auto n = static_cast<std::uint32_t>(text.size());
  const Totals t = prefix_totals(para, kashida);
  std::map<std::pair<FontId, double>, Pt> hyphen_cache;
  // Characters of addresses before each index (most paragraphs have none: left empty).
  std::vector<std::uint32_t> link_chars;
  if (!para.links.empty()) {
    link_chars.assign(n + 1, 0);
    std::vector<bool> in_link(n, false);
    for (const Range& r : para.links) {
      for (std::uint32_t k = r.begin; k < r.end && k < n; ++k) in_link[k] = true;
    }
    for (std::uint32_t k = 0; k < n; ++k) link_chars[k + 1] = link_chars[k] + (in_link[k] ? 1 : 0);
  }

  auto make = [&](std::uint32_t line_begin, std::uint32_t pos) {
    Breakpoint b;
    b.pos = pos;
    if (!link_chars.empty()) {
      b.link_chars = link_chars[pos];
      // The next line starts with an address also when a direction mark or an isolate's
      // opening stands before it: an English link in Arabic text is an isolate (LRI ...
      // PDI), and the line before it was stretched across the measure ("اقرأ    النشرة
      // كاملة    على") where the same line in English is set ragged.
      std::uint32_t q = pos;
      while (q < n && is_bidi_control(text[q])) ++q;
      b.link_next = q < n && link_chars[q + 1] != link_chars[q];
    }
    const std::uint32_t end = trim_end(text, line_begin, pos);
    b.end_width = t.width[end];
    b.end_stretch = t.stretch[end];
    b.end_shrink = t.shrink[end];
    b.start_width = t.width[pos];
    b.start_stretch = t.stretch[pos];
    b.start_shrink = t.shrink[pos];
    return b;
  };

  std::vector<Breakpoint> normal;
  // Sized once: the start, each break opportunity and the paragraph's end.
  normal.reserve(2 + static_cast<std::size_t>(std::count_if(para.breaks.begin(), para.breaks.end(), [](BreakKind k) {
                   return line_may_end(k) || k == BreakKind::kHyphen;
                 })));
  normal.push_back(Breakpoint{});
  for (std::uint32_t i = 0; i < n; ++i) {
    const BreakKind k = para.breaks[i];
    const std::uint32_t pos = i + 1;
    if (k == BreakKind::kAllow || k == BreakKind::kAllowWeak || k == BreakKind::kAllowLink || k == BreakKind::kAllowHost || k == BreakKind::kMust ||
        pos == n) {
      Breakpoint b = make(normal.back().pos, pos);
      b.forced = k == BreakKind::kMust || pos == n;
      if (!b.forced && (text[i] == U'-' || text[i] == 0x2010) && pos < n && !is_space(text[pos])) {
        b.penalty = kExplicitHyphenPenalty;
      }
      if (!b.forced && k == BreakKind::kAllowLink) b.penalty = kLinkBreakPenalty;
      if (!b.forced && k == BreakKind::kAllowWeak) b.penalty = kWeakLinkBreakPenalty;
      if (!b.forced && k == BreakKind::kAllowHost) b.penalty = kHostLinkBreakPenalty;
      normal.push_back(b);
    } else if (k == BreakKind::kHyphen) {
      Breakpoint b = make(pos, pos);
      b.end_width += hyphen_width(para, shaper, i, hyphen_cache);
      b.penalty = kHyphenPenalty;
      b.hyphen = true;
      normal.push_back(b);
    }
  }
  if (n == 0) {
    Breakpoint end;
    end.forced = true;
    normal.push_back(end);
  }

  // A word wider than the narrowest line gets emergency breaks between its clusters
  // (never inside a ligature or before a mark), so it is broken rather than overflowing.
  // Most paragraphs have none: then the points are returned as they are, not copied.
  bool any_wide = false;
  for (std::size_t k = 1; k < normal.size() && !any_wide; ++k) {
    any_wide = (normal[k].end_width - normal[k - 1].start_width) > narrowest;
  }
  if (!any_wide) return normal;
  std::vector<Breakpoint> out;
  out.reserve(normal.size());
  out.push_back(normal[0]);
  for (std::size_t k = 1; k < normal.size(); ++k) {
    const Breakpoint& a = normal[k - 1];
    const Breakpoint& b = normal[k];
    if ((b.end_width - a.start_width) > narrowest) {
      for (std::uint32_t pos = a.pos + 1; pos < b.pos; ++pos) {
        if (para.advance[pos].value() == 0 || is_mark(text[pos]) || is_space(text[pos])) continue;
        const char32_t before = text[pos - 1];
        Breakpoint e = make(a.pos, pos);
        e.emergency = true;
        if (is_space(before) || before == U'/' || before == 0x2013 || before == 0x2014 || before == U'-' ||
            before == 0x2010) {
          e.penalty = kEmergencySoftPenalty;
        } else if (para.breaks[pos - 1] == BreakKind::kHyphenLastResort) {
          e.end_width += hyphen_width(para, shaper, pos - 1, hyphen_cache);
          e.penalty = kEmergencyHyphenPenalty;
          e.hyphen = true;
        } else {
          e.penalty = joins_next(para, pos - 1) ? kEmergencyJoinedPenalty : kEmergencyPenalty;
          // As a hyphenation keeps two letters before and three after, so here: a letter
          // alone on a line ("باراسيتامو|ل") reads worst.
          if (pos - a.pos < 2 || trim_end(text, a.pos, b.pos) - pos < 3) e.penalty += kEmergencyPenalty;
        }
        out.push_back(e);
      }
    }
    out.push_back(b);
  }
  return out;
}

namespace {

// The glyphs of `run` whose clusters are in `part`. Clusters are monotone (HarfBuzz's
// MONOTONE_CHARACTERS level): increasing in a left-to-right run, decreasing in a
// right-to-left one, so the glyphs of a character range are one slice, found by binary
// search (a line takes time in its own length, not the run's).
std::pair<std::size_t, std::size_t> glyph_slice(const ShapedRun& run, Range part) {
  const auto& g = run.glyphs;
  if (run.rtl()) {
    const auto first = std::partition_point(g.begin(), g.end(), [&](const ShapedGlyph& x) { return x.cluster >= part.end; });
    const auto last = std::partition_point(first, g.end(), [&](const ShapedGlyph& x) { return x.cluster >= part.begin; });
    return {static_cast<std::size_t>(first - g.begin()), static_cast<std::size_t>(last - g.begin())};
  }
  const auto first = std::partition_point(g.begin(), g.end(), [&](const ShapedGlyph& x) { return x.cluster < part.begin; });
  const auto last = std::partition_point(first, g.end(), [&](const ShapedGlyph& x) { return x.cluster < part.end; });
  return {static_cast<std::size_t>(first - g.begin()), static_cast<std::size_t>(last - g.begin())};
}

// Glyphs of `run` for the characters `part`, reshaping when a cut edge is unsafe to break.
std::vector<PlacedGlyph> glyphs_for(const ShapedParagraph& para, const ShapedRun& run, Range part,
                                    TextShaper& shaper) {
  std::vector<PlacedGlyph> out;
  bool unsafe = false;
  const bool cut_begin = part.begin > run.chars.begin;
  const bool cut_end = part.end < run.chars.end;
  const auto [first, last] = glyph_slice(run, part);
  if (cut_begin || cut_end) {
    // A cut is unsafe where HarfBuzz says so, and where it falls inside a cluster (a
    // hyphen inside the "ff" ligature of "of-fers"): no glyph starts there.
    bool begin_starts = !cut_begin, end_starts = !cut_end;
    auto look = [&](std::uint32_t at, bool& starts) {
      const auto [a, b] = glyph_slice(run, Range{at, at + 1});
      for (std::size_t i = a; i < b; ++i) {
        if (run.glyphs[i].cluster != at) continue;
        starts = true;
        unsafe |= run.glyphs[i].unsafe_to_break;
      }
    };
    if (cut_begin) look(part.begin, begin_starts);
    if (cut_end) look(part.end, end_starts);
    unsafe |= !begin_starts || !end_starts;
  }
  auto place = [&](const ShapedGlyph& g) {
    out.push_back(PlacedGlyph{g.gid, g.cluster, g.x_advance, g.x_offset, g.y_offset});
  };
  if (unsafe) {
    for (const auto& g : shaper.reshape(para, run, part)) place(g);
  } else {
    out.reserve(last - first);
    for (std::size_t i = first; i < last; ++i) place(run.glyphs[i]);
  }
  return out;
}

// The line box is a strut, as TeX's \baselineskip: the style's size times the leading,
// with the ascent and descent in the proportions of the paragraph's primary font (the
// first run in the script of the paragraph's direction). A fallback font (Arabic in an
// English sentence) or a family's size scale never moves the baselines apart.
FontId strut_font(const ShapedParagraph& para) {
  const bool rtl = para.source.base == Direction::kRtl;
  for (const auto& r : para.runs) {
    if (rtl == (hb_script_get_horizontal_direction(r.script) == HB_DIRECTION_RTL)) return r.font;
  }
  return para.runs.empty() ? FontId{0} : para.runs.front().font;
}

void vertical_metrics(const ShapedParagraph& para, const TextShaper& shaper, double leading,
                      FontId strut, Line& line) {
  Pt size = para.source.styles.empty() ? Pt(10) : para.source.styles[0].size;
  for (const auto& r : line.runs) size = max(size, para.source.styles[r.style].size);
  const Pt height = size * leading;
  if (para.runs.empty()) {
    line.ascent = height * 0.75;
    line.descent = height * 0.25;
    return;
  }
  const FontFace& f = shaper.book().face(strut);
  const double asc = f.ascender.value();
  const double desc = f.descender.value();
  // Half-leading above and below the font's own extent, as CSS places one inline box.
  const Pt ascent = to_pt(FontUnits(asc), size, f.upem);
  const Pt descent = to_pt(FontUnits(desc), size, f.upem);
  const Pt half = (height - ascent - descent) / 2;
  line.ascent = ascent + half;
  line.descent = height - line.ascent;
}

// UAX #9 rule L2: from the highest level down to the lowest odd one, reverse every
// maximal sequence of runs at that level or higher.
void reorder_visual(std::vector<LineRun>& runs) {
  if (runs.empty()) return;
  std::uint8_t highest = 0;
  std::uint8_t lowest_odd = 255;
  for (const auto& r : runs) {
    highest = std::max(highest, r.level);
    if (r.level & 1) lowest_odd = std::min(lowest_odd, r.level);
  }
  for (int level = highest; level >= lowest_odd && level > 0; --level) {
    for (std::size_t i = 0; i < runs.size();) {
      if (runs[i].level < level) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < runs.size() && runs[j].level >= level) ++j;
      std::reverse(runs.begin() + static_cast<std::ptrdiff_t>(i), runs.begin() + static_cast<std::ptrdiff_t>(j));
      i = j;
    }
  }
}

}  // namespace

namespace {

// TeX's \pretolerance: a paragraph whose lines all stretch by at most this ratio (badness
// 100) without hyphenation is set without it; otherwise it is broken again with hyphens.
constexpr double kPretolerance = 1.0;

bool sets_well(const std::vector<Breakpoint>& points, const std::vector<std::size_t>& ends,
               const LineWidthFn& width, const BreakOptions& bo) {
  std::size_t prev = 0;
  for (std::size_t li = 0; li < ends.size(); ++li) {
    const Breakpoint& to = points[ends[li]];
    if (to.emergency) return false;
    if (!to.forced && line_ratio(points[prev], to, width(li), bo, false) > kPretolerance) return false;
    prev = ends[li];
  }
  return true;
}

// Kashida justification (the layout's "justify": "kashida"). Each Arabic word offers its
// best kashida point (para/kashida.h). A justified line's missing width goes first to
// kashida, priority by priority (all words whose best point is after a seen or sad, then
// those before a final heh or dal, and so on), shared evenly among the words of one
// priority, each word stretched by at least one tatweel and at most kKashidaMaxEm; what
// kashida cannot take goes to the spaces, as without it. Kashida never shrinks, and a line
// without spaces (one long word) is not stretched by it either. The breaker knows: a
// word's kashida counts as stretch (TeX-like), so lines are chosen knowing what they can
// absorb. A stretched word is shaped again by HarfBuzz with U+0640 TATWEEL inserted, so
// its letters take the forms that join to it; a kashida longer than one tatweel is drawn
// as overlapping tatweel glyphs.
constexpr double kKashidaMaxEm = 0.5;  // the longest kashida in one word, in ems of its size

struct KashidaSlot {
  KashidaPoint point;
  Pt tatweel;  ///< the font's tatweel advance: the shortest kashida
  Pt cap;      ///< the longest
};

// The best point of every word that can be stretched: both letters in one right-to-left
// Arabic run whose font has a tatweel.
std::vector<KashidaSlot> plan_kashida(const ShapedParagraph& para, TextShaper& shaper) {
  std::vector<KashidaSlot> out;
  const std::u32string& text = para.source.text;
  for (const auto& run : para.runs) {
    if (!run.rtl() || run.script != HB_SCRIPT_ARABIC || !shaper.book().face(run.font).covers(0x0640)) continue;
    const auto points = best_kashida_per_word(text, run.chars);
    if (points.empty()) continue;
    Pt tatweel;
    for (const auto& g : shaper.shape_string(U"\u0640", run.font, run.size, Direction::kRtl, "")) tatweel += g.x_advance;
    const Pt cap = run.size * kKashidaMaxEm;
    if (tatweel.value() <= 0 || tatweel > cap) continue;
    for (const KashidaPoint& k : points) {
      if (run.chars.contains(k.before)) out.push_back(KashidaSlot{k, tatweel, cap});
    }
  }
  std::sort(out.begin(), out.end(), [](const KashidaSlot& a, const KashidaSlot& b) { return a.point.after < b.point.after; });
  return out;
}

// `run`'s characters `part` shaped again with a tatweel before each letter of `lengths`
// (text index -> kashida length). A kashida of length L is drawn as n = ceil(L / t)
// tatweels (advance t) evenly overlapped, so that they cover exactly L.
std::vector<PlacedGlyph> stretched_glyphs(const ShapedParagraph& para, const ShapedRun& run, Range part,
                                          const std::map<std::uint32_t, Pt>& lengths, TextShaper& shaper) {
  const std::u32string& gt = para.source.glyph_text();
  constexpr std::uint32_t kContext = 5;  // HarfBuzz's context on each side
  const std::uint32_t from = part.begin - std::min(part.begin, kContext);
  const std::uint32_t to = std::min<std::uint32_t>(static_cast<std::uint32_t>(gt.size()), part.end + kContext);
  std::u32string local;
  std::vector<std::uint32_t> origin;  // local index -> text index, or kKashidaCluster
  std::vector<Pt> length;             // of the kashida at a local index
  local.reserve(to - from + lengths.size());
  Range chars;
  for (std::uint32_t i = from; i < to; ++i) {
    if (i == part.begin) chars.begin = static_cast<std::uint32_t>(local.size());
    if (i == part.end) chars.end = static_cast<std::uint32_t>(local.size());
    if (auto it = lengths.find(i); it != lengths.end() && part.contains(i)) {
      local.push_back(0x0640);
      origin.push_back(kKashidaCluster);
      length.push_back(it->second);
    }
    local.push_back(gt[i]);
    origin.push_back(i);
    length.push_back(Pt(0));
  }
  if (to == part.end) chars.end = static_cast<std::uint32_t>(local.size());
  std::vector<PlacedGlyph> out;
  for (const ShapedGlyph& g : shaper.shape_in_run(para, run, local, chars)) {
    const std::uint32_t o = origin[g.cluster];
    if (o != kKashidaCluster || g.x_advance.value() <= 0) {
      out.push_back(PlacedGlyph{g.gid, o, g.x_advance, g.x_offset, g.y_offset});
      continue;
    }
    const Pt len = max(length[g.cluster], g.x_advance);
    const auto n = static_cast<int>(std::ceil(len / g.x_advance - 1e-6));
    const Pt step = n > 1 ? (len - g.x_advance) / (n - 1) : g.x_advance;
    for (int k = 0; k < n; ++k) {
      out.push_back(PlacedGlyph{g.gid, kKashidaCluster, k + 1 < n ? step : g.x_advance, g.x_offset, g.y_offset});
    }
  }
  return out;
}

// Stretches `line` by up to `need` with kashida; returns whether it did.
bool stretch_with_kashida(const ShapedParagraph& para, const std::vector<KashidaSlot>& plan, Range content,
                          Pt need, TextShaper& shaper, Line& line) {
  const auto first = std::partition_point(plan.begin(), plan.end(),
                                          [&](const KashidaSlot& k) { return k.point.after < content.begin; });
  std::vector<const KashidaSlot*> slots;
  for (auto it = first; it != plan.end() && it->point.before < content.end; ++it) slots.push_back(&*it);
  if (slots.empty()) return false;
  std::vector<Pt> given(slots.size());
  Pt left = need;
  for (int priority = 1; priority <= kKashidaLowestPriority; ++priority) {
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      // A word takes at least one tatweel: only as many words as the width allows.
      if (slots[i]->point.priority == priority && left >= slots[i]->tatweel) {
        open.push_back(i);
        given[i] = slots[i]->tatweel;
        left -= slots[i]->tatweel;
      }
    }
    // Then even shares, each word up to its cap; what a full word cannot take goes to the others.
    while (!open.empty() && left > kEpsilon) {
      const Pt share = left / static_cast<double>(open.size());
      std::vector<std::size_t> still;
      for (std::size_t i : open) {
        const Pt add = min(share, slots[i]->cap - given[i]);
        given[i] += add;
        left -= add;
        if (slots[i]->cap - given[i] > kEpsilon) still.push_back(i);
      }
      if (still.size() == open.size()) break;  // everyone took a full share
      open = std::move(still);
    }
  }
  bool any = false;
  for (auto& lr : line.runs) {
    std::map<std::uint32_t, Pt> lengths;  // by the letter the kashida leads into
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (given[i].value() > 0 && lr.chars.contains(slots[i]->point.after) && lr.chars.contains(slots[i]->point.before)) {
        lengths[slots[i]->point.before] = given[i];
      }
    }
    if (lengths.empty()) continue;
    if (std::any_of(lr.glyphs.begin(), lr.glyphs.end(), [](const PlacedGlyph& g) { return g.cluster == kNoCluster; })) {
      continue;  // a hyphen was added to it (Arabic is not hyphenated; be safe)
    }
    const ShapedRun* run = run_at(para, lr.chars.begin);
    if (!run) continue;
    lr.glyphs = stretched_glyphs(para, *run, lr.chars, lengths, shaper);
    any = true;
  }
  return any;
}

}  // namespace

namespace {

std::vector<Line> build_lines_fresh(ShapedParagraph& para, TextShaper& shaper, const LineWidthFn& width,
                                    const ParagraphOptions& options) {
  const std::u32string& text = para.source.text;
  const Pt narrowest = min(width(0), width(1));
  BreakOptions bo;
  bo.mode = options.mode;
  bo.justify = options.align == Align::kJustify;
  std::vector<KashidaSlot> kashida;
  std::vector<Pt> kashida_stretch;
  if (options.kashida && bo.justify) {
    kashida = plan_kashida(para, shaper);
    if (!kashida.empty()) {
      kashida_stretch.assign(text.size(), Pt(0));
      for (const auto& k : kashida) kashida_stretch[k.point.after] += k.cap;
    }
  }
  const std::vector<Pt>* stretch = kashida.empty() ? nullptr : &kashida_stretch;
  std::vector<Breakpoint> points = collect_breakpoints(para, shaper, narrowest, stretch);
  std::vector<std::size_t> ends = break_lines(points, width, bo);
  const bool hyphenate = options.hyphenate_long_words_only
                             ? std::any_of(ends.begin(), ends.end(), [&](std::size_t e) { return points[e].emergency; })
                             : !sets_well(points, ends, width, bo);
  if (!para.hyphenated && hyphenate && shaper.hyphenate(para)) {
    points = collect_breakpoints(para, shaper, narrowest, stretch);
    ends = break_lines(points, width, bo);
  }
  const FontId strut = strut_font(para);

  std::vector<Line> lines;
  lines.reserve(ends.size());
  std::size_t prev = 0;
  CancelScope* const cancel = CancelScope::current();  // a render's deadline, per line
  for (std::size_t li = 0; li < ends.size(); ++li) {
    if (cancel) cancel->tick();
    const Breakpoint& from = points[prev];
    const Breakpoint& to = points[ends[li]];
    prev = ends[li];
    Line line;
    line.chars = Range{from.pos, to.pos};
    line.hyphenated = to.hyphen;
    line.emergency = to.emergency;
    const std::uint32_t end = trim_end(text, from.pos, to.pos);
    const Range content{from.pos, end};

    // Runs are in logical order: start at the first that ends after the line's start.
    const auto first_run = std::partition_point(para.runs.begin(), para.runs.end(),
                                                [&](const ShapedRun& r) { return r.chars.end <= content.begin; });
    for (auto it = first_run; it != para.runs.end() && it->chars.begin < content.end; ++it) {
      const ShapedRun& run = *it;
      const Range part{std::max(run.chars.begin, content.begin), std::min(run.chars.end, content.end)};
      if (part.empty()) continue;
      LineRun lr;
      lr.font = run.font;
      lr.style = run.style;
      lr.level = run.level;
      lr.size = run.size;
      lr.chars = part;
      lr.glyphs = glyphs_for(para, run, part, shaper);
      line.runs.push_back(std::move(lr));
    }
    if (line.hyphenated && !line.runs.empty()) {
      LineRun& last = line.runs.back();  // logical last: the hyphen goes after the word
      for (const auto& g : shaper.shape_string(U"-", last.font, last.size, Direction::kLtr, "")) {
        last.glyphs.push_back(PlacedGlyph{g.gid, kNoCluster, g.x_advance, g.x_offset, g.y_offset});
      }
    }
    reorder_visual(line.runs);

    // Alignment and justification.
    const Pt avail = width(li);
    Pt natural;
    int spaces = 0;
    for (const auto& r : line.runs) {
      for (const auto& g : r.glyphs) {
        natural += g.advance;
        if (g.cluster < kKashidaCluster && is_justifiable(text[g.cluster])) ++spaces;
      }
    }
    Align align = options.align;
    // The last line of a justified paragraph is set at its natural width, unless the
    // breaker chose to shrink its spaces to fit it: then it is shrunk like any other.
    const bool overfull = natural > avail + kEpsilon;
    if (align == Align::kJustify && (spaces == 0 || (to.forced && !overfull) || set_ragged(from, to, avail, bo))) {
      align = Align::kStart;
    }
    if (align == Align::kJustify && !kashida.empty() && avail - natural > kEpsilon) {
      if (stretch_with_kashida(para, kashida, content, avail - natural, shaper, line)) {
        natural = Pt(0);  // measured again: a word without its ligature may be wider
        for (const auto& r : line.runs) {
          for (const auto& g : r.glyphs) natural += g.advance;
        }
      }
    }
    Pt extra;
    if (align == Align::kJustify) extra = (avail - natural) / spaces;
    Pt x;
    for (auto& r : line.runs) {
      r.x = x;
      for (auto& g : r.glyphs) {
        if (align == Align::kJustify && g.cluster < kKashidaCluster && is_justifiable(text[g.cluster])) {
          g.advance += extra;
        }
        r.width += g.advance;
      }
      x += r.width;
    }
    line.width = x;
    Pt shift;
    switch (physical_align(align, para.source.base)) {
      case PhysicalAlign::kLeft: case PhysicalAlign::kJustify: break;
      case PhysicalAlign::kRight: shift = avail - line.width; break;
      case PhysicalAlign::kCenter: shift = (avail - line.width) / 2; break;
    }
    for (auto& r : line.runs) r.x += shift;
    vertical_metrics(para, shaper, options.leading, strut, line);
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace

// Lines kept in the thread's shaping cache: a batch or a service sets the same paragraph in
// the same measure again (every rebuild, a topic in layouts that share a column width).
// Keyed by the cached paragraph they were built from (its identity, held alive here), the
// options, and every width the breaker asked for (checked again on a hit, so any width
// function is safe); the paragraph's hyphenation points are kept too, as build_lines adds
// them to `para`. The breaker is a function of these alone, so the lines are the same.
struct KeptLines {
  std::shared_ptr<const ShapedParagraph> origin;
  std::vector<Pt> widths;  // per line index the breaker asked for
  std::vector<Line> lines;
  bool hyphenated = false;
  std::vector<BreakKind> breaks;  // para's after hyphenation (when hyphenated)
};

const Line* kept_line(const void* kept, std::size_t i) {
  const auto* k = static_cast<const KeptLines*>(kept);
  return k && i < k->lines.size() ? &k->lines[i] : nullptr;
}

const ShapedParagraph* kept_origin(const void* kept) {
  const auto* k = static_cast<const KeptLines*>(kept);
  return k ? k->origin.get() : nullptr;
}

std::vector<Line> build_lines(ShapedParagraph& para, TextShaper& shaper, const LineWidthFn& width,
                              const ParagraphOptions& options, std::shared_ptr<const void>* kept_out) {
  if (kept_out) kept_out->reset();
  ShapeCache* cache = shaper.cache();
  if (!cache || !para.origin || para.hyphenated) return build_lines_fresh(para, shaper, width, options);
  std::string key;
  auto put = [&key](const auto& v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(para.origin.get());
  put(options.align);
  put(options.leading);
  put(options.mode);
  key += options.kashida ? 'k' : '-';
  key += options.hyphenate_long_words_only ? 'h' : '-';
  const Pt first = width(0);
  const Pt second = width(1);
  put(first);
  put(second);
  if (const auto* slot = cache->find_lines(key)) {
    const auto& kept = *static_cast<const KeptLines*>(slot->get());
    bool same = kept.origin == para.origin;
    for (std::size_t i = 0; same && i < kept.widths.size(); ++i) same = width(i) == kept.widths[i];
    if (same) {
      cache->count_line_hit();
      if (kept.hyphenated) {
        para.breaks = kept.breaks;
        para.hyphenated = true;
      }
      if (kept_out) *kept_out = *slot;
      return kept.lines;
    }
  }
  // Build them, noting every width asked for (a function that answers one line index with
  // two widths is not kept).
  std::vector<Pt> widths;
  std::vector<bool> asked;
  bool pure = true;
  const LineWidthFn noting = [&](std::size_t i) {
    const Pt w = width(i);
    if (i >= widths.size()) {
      if (i > 4096) {
        pure = false;  // not worth keeping
        return w;
      }
      widths.resize(i + 1);
      asked.resize(i + 1);
    }
    if (asked[i] && widths[i] != w) pure = false;
    widths[i] = w;
    asked[i] = true;
    return w;
  };
  auto lines = build_lines_fresh(para, shaper, noting, options);
  // Unasked indexes in between are checked too on a hit: they are asked for there.
  for (std::size_t i = 0; pure && i < widths.size(); ++i) {
    if (!asked[i]) widths[i] = width(i);
  }
  if (!pure || (widths.size() > 0 && widths[0] != first) || (widths.size() > 1 && widths[1] != second)) return lines;
  auto kept = std::make_shared<KeptLines>();
  kept->origin = para.origin;
  kept->widths = std::move(widths);
  kept->lines = lines;
  kept->hyphenated = para.hyphenated;
  if (para.hyphenated) kept->breaks = para.breaks;
  // What the record takes on the heap (its paragraph is counted with the paragraphs).
  std::size_t bytes = shared_block<KeptLines>() + heap_bytes(kept->widths) + heap_bytes(kept->breaks) +
                      heap_bytes(kept->lines);
  for (const Line& line : kept->lines) {
    bytes += heap_bytes(line.runs);
    for (const LineRun& run : line.runs) bytes += heap_bytes(run.glyphs);
  }
  cache->store_lines(std::move(key), std::move(kept), bytes);
  return lines;
}

}  // namespace handout
