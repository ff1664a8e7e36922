#include "para/line_breaker.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace handout {

namespace {

// Penalties and tolerances, in TeX's units (badness 100 = stretched by all the glue can give).
constexpr double kLinePenalty = 10;          // every line costs a little: prefer fewer lines
constexpr double kMaxBadness = 1e8;          // the cost of an overfull line, allowed only as a last resort
constexpr double kAdjacentHyphens = 3000;    // two hyphenated lines in a row look bad
constexpr double kFitnessMismatch = 100;     // a very loose line next to a tight one
constexpr double kLastLineShort = 0;         // the last line may be short: no extra cost

// Ragged (non-justified) text has no glue to stretch; its raggedness is judged as if each
// line could stretch by this fraction of the line width (TeX's \rightskip idea).
constexpr double kRaggedStretchFraction = 0.3;

struct Fit {
  double ratio = 0;  // how far the line is stretched (>0) or shrunk (<0)
  bool fits = true;
};

Fit measure(const Breakpoint& a, const Breakpoint& b, Pt width, const BreakOptions& o, bool last) {
  const Pt natural = b.end_width - a.start_width;
  const Pt room = width - natural;
  if (room.value() >= 0) {
    if (last) return Fit{0, true};
    const Pt stretch = o.justify ? b.end_stretch - a.start_stretch : width * kRaggedStretchFraction;
    // A line with no spaces to stretch is judged as if it had one point of stretch, so
    // that fuller lines are still preferred to emptier ones.
    return Fit{room / max(stretch, Pt(1)), true};
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
  while (start + 1 < pts.size()) {
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
// the first lines differ in width (indents), as in handouts.
std::vector<std::size_t> optimal(const std::vector<Breakpoint>& pts, const LineWidthFn& width,
                                 const BreakOptions& o) {
  const std::size_t n = pts.size();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  struct Node {
    double demerits = kInf;
    std::size_t prev = 0;
    std::size_t lines = 0;
    int fitness = 1;
  };
  std::vector<Node> best(n);
  best[0].demerits = 0;
  std::size_t first_live = 0;  // earlier starts can no longer reach anything
  for (std::size_t j = 1; j < n; ++j) {
    for (std::size_t i = j; i-- > first_live;) {
      if (best[i].demerits == kInf) continue;
      const Pt w = width(best[i].lines);
      const bool last = pts[j].forced;
      const Fit fit = measure(pts[i], pts[j], w, o, last);
      if (!fit.fits) {
        if (i + 1 == j) {
          // Even one step overflows: accept it as a last resort so the paragraph is set.
          const double d = best[i].demerits + kMaxBadness * kMaxBadness * 100;
          if (d < best[j].demerits) best[j] = Node{d, i, best[i].lines + 1, 1};
        }
        // Longer lines (smaller i) only get wider: stop looking further back.
        if (i + 1 < j) break;
        continue;
      }
      const double b = badness(fit.ratio);
      double d = (kLinePenalty + b) * (kLinePenalty + b);
      if (pts[j].penalty > 0) d += pts[j].penalty * pts[j].penalty;
      if (pts[j].hyphen && pts[i].hyphen) d += kAdjacentHyphens;
      const int fc = last ? 1 : fitness_class(fit.ratio);
      if (std::abs(fc - best[i].fitness) > 1) d += kFitnessMismatch * kFitnessMismatch;
      if (last) d += kLastLineShort;
      d += best[i].demerits;
      if (d < best[j].demerits) best[j] = Node{d, i, best[i].lines + 1, fc};
    }
    // No line may span a forced break: later lines start at it or after it.
    if (pts[j].forced) first_live = j;
  }
  std::vector<std::size_t> ends;
  for (std::size_t k = n - 1; k > 0; k = best[k].prev) {
    ends.push_back(k);
    assert(best[k].prev < k);
  }
  return {ends.rbegin(), ends.rend()};
}

}  // namespace

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
