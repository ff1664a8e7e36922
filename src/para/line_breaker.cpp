#include "para/line_breaker.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "core/cancel.h"

namespace handout {

namespace {

// Penalties and tolerances, in TeX's units (badness 100 = stretched by all the glue can give).
constexpr double kLinePenalty = 10;          // every line costs a little: prefer fewer lines
constexpr double kMaxBadness = 1e8;          // the cost of an overfull line, allowed only as a last resort
constexpr double kAdjacentHyphens = 3000;    // two hyphenated lines in a row look bad
// TeX's \finalhyphendemerits ("pro-|gramme." ends a paragraph), dearer than TeX's 5000: the
// badness here is not capped, and a lone word part is the last thing read. Another break is
// taken while it costs less than a line stretched to a glue ratio of about 1.6 (badness 440).
constexpr double kFinalHyphen = 2e5;
constexpr double kFitnessMismatch = 100;     // a very loose line next to a tight one
constexpr double kShortLastLine = 40000;     // a last line of one short word
constexpr double kShortLastLineFraction = 0.2;  // "short": under this share of the measure
constexpr std::size_t kMaxHyphensInRow = 2;  // at most two hyphenated lines in a row
// A third hyphenated line in a row and each one after it, when nothing else reaches the
// paragraph's end: a word of many syllables in a narrow table column ("in-|flam-|ma-|to-|ry)"
// in a tri-fold panel's nine-column schedule) has no other way through but overflowing
// lines, and with none the paragraph was set on one line across the next cells. Far dearer
// than any badness, cheaper than an overfull line (kMaxBadness squared).
constexpr double kHyphenLadder = 1e12;

// Ragged (non-justified) text has no glue to stretch; its raggedness is judged as if each
// line could stretch by this fraction of the line width (TeX's \rightskip idea).
constexpr double kRaggedStretchFraction = 0.3;

// A justified line at a web or e-mail address (holding a piece of one, or before one) that
// its spaces cannot fill within this glue ratio is set ragged, as a typesetter leaves a line
// before a long address short rather than stretch its spaces. It is priced as a line stretched
// to this ratio plus its raggedness (the ratio of a ragged line, kRaggedStretchFraction): a
// short ragged line ("You can watch the exercise videos at" a third full in A4) stays dearer
// than parting the address (kLinkBreakPenalty, about this ratio) on well-filled lines.
constexpr double kLinkRaggedRatio = 2;

bool touches_link(const Breakpoint& a, const Breakpoint& b) {
  return b.link_next || b.link_chars != a.link_chars;
}

struct Fit {
  double ratio = 0;  // how far the line is stretched (>0) or shrunk (<0)
  bool fits = true;
};

// Inlined: the optimal breaker asks it for every candidate line (a call and the Fit's
// return cost as much as the arithmetic).
[[gnu::always_inline]] inline Fit measure(const Breakpoint& a, const Breakpoint& b, Pt width, const BreakOptions& o,
                                          bool last) {
  const Pt natural = b.end_width - a.start_width;
  const Pt room = width - natural;
  // In ragged text (nothing to shrink) within kEpsilon of the width counts as fitting: a
  // table column is sized to its cell's whole content ("100 micrograms"), and the rounding
  // of the widths' sums must not set that content on two lines ("100 micro-|grams").
  if (room.value() >= 0 || (!o.justify && room.value() >= -kEpsilon.value())) {
    if (last) return Fit{0, true};
    const Pt stretch = o.justify ? b.end_stretch - a.start_stretch : width * kRaggedStretchFraction;
    // A line with no spaces to stretch is judged as if it had one point of stretch, so
    // that fuller lines are still preferred to emptier ones.
    const double ratio = room / max(stretch, Pt(1));
    if (o.justify && ratio > kLinkRaggedRatio && touches_link(a, b)) [[unlikely]] {
      return Fit{kLinkRaggedRatio + room / (width * kRaggedStretchFraction), true};
    }
    return Fit{ratio, true};
  }
  const Pt shrink = o.justify ? b.end_shrink - a.start_shrink : Pt(0);
  if (shrink.value() <= 0 || -room.value() > shrink.value() + kEpsilon.value()) {
    return Fit{-2, false};
  }
  return Fit{room / shrink, true};
}

// TeX's badness, not capped at 10000: very loose lines still rank by how loose they are,
// so a narrow measure gets full lines where it can instead of one syllable per line.
double badness(double ratio) {
  const double r = std::abs(ratio);
  return 100.0 * r * r * r;
}

int fitness_class(double ratio) {
  if (ratio < -0.5) return 0;  // tight
  if (ratio <= 0.5) return 1;  // decent
  if (ratio <= 1.0) return 2;  // loose
  return 3;                    // very loose
}

// Greedy: each line takes as much as fits. The fallback when a word is wider than the
// line is the next break anyway (the caller adds emergency breaks inside such words).
std::vector<std::size_t> greedy(const std::vector<Breakpoint>& pts, const LineWidthFn& width,
                                const BreakOptions& o) {
  std::vector<std::size_t> ends;
  std::size_t start = 0;
  CancelScope* const cancel = CancelScope::current();  // a render's deadline, per line
  while (start + 1 < pts.size()) {
    if (cancel) cancel->tick();
    const Pt w = width(ends.size());
    std::size_t best = 0;
    std::size_t best_emergency = 0;
    for (std::size_t j = start + 1; j < pts.size(); ++j) {
      if (!measure(pts[start], pts[j], w, o, pts[j].forced).fits) break;
      if (pts[j].emergency) best_emergency = j;
      else best = j;
      if (pts[j].forced) break;
    }
    if (best == 0) best = best_emergency;
    if (best == 0) {
      // Nothing fits: take the next normal break, or an emergency one if it comes first.
      best = start + 1;
    }
    ends.push_back(best);
    start = best;
  }
  return ends;
}

// Optimal (total-fit) breaking by dynamic programming over the break points. The line
// number of a candidate is that of the best path reaching it, which is exact while only
// the first lines differ in width (indents), as in handouts. Each break point is reached
// in up to three states: after 0, 1 or 2 (or more) hyphenated lines in a row (a third is
// chosen only where every other way overflows a line, kHyphenLadder).
std::vector<std::size_t> optimal(const std::vector<Breakpoint>& pts, const LineWidthFn& width,
                                 const BreakOptions& o) {
  const std::size_t n = pts.size();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  constexpr std::size_t kStates = kMaxHyphensInRow + 1;
  struct Node {
    double demerits = kInf;
    std::size_t prev = 0;  // index of the previous node (point * kStates + state)
    std::size_t lines = 0;
    int fitness = 1;
  };
  std::vector<Node> best(n * kStates);
  best[0].demerits = 0;
  // Which states of each point are reached (bit h: state h): most points are reached in
  // one state only, and the look-back visits just those.
  std::vector<std::uint8_t> reached(n, 0);
  reached[0] = 1;
  std::size_t first_live = 0;  // earlier starts can no longer reach anything
  // The width of a line depends only on its number, which is nearly always the one asked
  // before: kept, rather than asked of `width` for every candidate.
  std::size_t width_line = std::numeric_limits<std::size_t>::max();
  Pt width_of_line;
  auto line_width = [&](std::size_t line) {
    if (line != width_line) {
      width_of_line = width(line);
      width_line = line;
    }
    return width_of_line;
  };
  CancelScope* const cancel = CancelScope::current();  // a render's deadline, per break point
  for (std::size_t j = 1; j < n; ++j) {
    if (cancel) cancel->tick();
    const Breakpoint& end = pts[j];
    const bool last = end.forced;
    const bool hyphen = end.hyphen;
    const bool penalised = end.penalty > 0;
    const double penalty = end.penalty * end.penalty;
    auto offer = [&](std::size_t from, std::size_t h_from, double d, int fc) {
      std::size_t h = hyphen ? h_from + 1 : 0;
      if (h >= kStates) {  // a ladder of three hyphens or more: the last resort before overflow
        h = kStates - 1;
        d += kHyphenLadder;
      }
      Node& to = best[j * kStates + h];
      if (d < to.demerits) {
        to = Node{d, from, best[from].lines + 1, fc};
        reached[j] = static_cast<std::uint8_t>(reached[j] | (1u << h));
      }
    };
    for (std::size_t i = j; i-- > first_live;) {
      bool stop = false;  // an unreachable point (no state reached) is passed over
      for (unsigned states = reached[i]; states != 0; states &= states - 1) {
        const auto h = static_cast<std::size_t>(__builtin_ctz(states));
        const std::size_t from = i * kStates + h;
        const Node& src = best[from];
        const Pt w = line_width(src.lines);
        const Fit fit = measure(pts[i], end, w, o, last);
        if (!fit.fits) {
          if (i + 1 == j) {
            // Even one step overflows: accept it as a last resort so the paragraph is set.
            offer(from, h, src.demerits + kMaxBadness * kMaxBadness * 100, 1);
          }
          // Longer lines (smaller i) only get wider: stop looking further back.
          if (i + 1 < j) stop = true;
          continue;
        }
        const double b = badness(fit.ratio);
        double d = (kLinePenalty + b) * (kLinePenalty + b);
        if (penalised) d += penalty;
        if (hyphen && h > 0) d += kAdjacentHyphens;
        // The paragraph's last line continues a word hyphenated on the line before.
        if (last && h > 0) d += kFinalHyphen;
        const int fc = last ? 1 : fitness_class(fit.ratio);
        if (std::abs(fc - src.fitness) > 1) d += kFitnessMismatch * kFitnessMismatch;
        // A last line of one short word ("table." alone) when the paragraph has more
        // lines: costly, so a break that carries a word down wins when it sets well. One
        // word is a line with no space, known by its shrink: only spaces shrink, while
        // kashida justification gives an Arabic word stretch of its own ("قليلةٍ." alone).
        if (last && i > 0 && (end.end_shrink - pts[i].start_shrink).value() <= 0 &&
            end.end_width - pts[i].start_width < w * kShortLastLineFraction) {
          d += kShortLastLine;
        }
        offer(from, h, d + src.demerits, fc);
      }
      if (stop) break;
    }
    // No line may span a forced break: later lines start at it or after it.
    if (last) first_live = j;
  }
  std::size_t k = (n - 1) * kStates;
  for (std::size_t h = 1; h < kStates; ++h) {
    if (best[(n - 1) * kStates + h].demerits < best[k].demerits) k = (n - 1) * kStates + h;
  }
  std::vector<std::size_t> ends;
  while (k >= kStates) {
    ends.push_back(k / kStates);
    assert(best[k].prev / kStates < k / kStates);
    k = best[k].prev;
  }
  return {ends.rbegin(), ends.rend()};
}

}  // namespace

bool set_ragged(const Breakpoint& a, const Breakpoint& b, Pt width, const BreakOptions& options) {
  if (!options.justify || b.forced || !touches_link(a, b)) return false;
  const Pt room = width - (b.end_width - a.start_width);
  return room.value() >= 0 && room / max(b.end_stretch - a.start_stretch, Pt(1)) > kLinkRaggedRatio;
}

double line_ratio(const Breakpoint& a, const Breakpoint& b, Pt width, const BreakOptions& options,
                  bool last) {
  const Fit f = measure(a, b, width, options, last);
  return f.fits ? f.ratio : std::numeric_limits<double>::infinity();
}

std::vector<std::size_t> break_lines(const std::vector<Breakpoint>& points,
                                     const LineWidthFn& width, const BreakOptions& options) {
  if (points.size() < 2) return {};
  if (options.mode == BreakMode::kGreedy) return greedy(points, width, options);
  return optimal(points, width, options);
}

}  // namespace handout
