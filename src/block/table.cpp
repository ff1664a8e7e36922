#include "block/table.h"

#include <algorithm>
#include <cmath>

#include "core/cancel.h"
#include "core/char_props.h"
#include "core/utf.h"

namespace handout {

namespace {

// Widths w[i] = clamp(t, lo[i], hi[i]) with one threshold t chosen so that they sum to
// `avail` (which must lie between the sums of lo and hi): narrow columns get all they
// want, and the room that is left is shared equally by the columns that want more.
std::vector<Pt> fill_to_threshold(const std::vector<Pt>& lo, const std::vector<Pt>& hi, Pt avail) {
  const std::size_t n = lo.size();
  auto total = [&](double t) {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += std::clamp(t, lo[i].value(), std::max(lo[i], hi[i]).value());
    return s;
  };
  double a = 0, b = 0;
  for (std::size_t i = 0; i < n; ++i) b = std::max(b, std::max(lo[i], hi[i]).value());
  for (int k = 0; k < 60; ++k) {  // bisection: total() is monotone in t
    const double m = (a + b) / 2;
    (total(m) < avail.value() ? a : b) = m;
  }
  std::vector<Pt> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = Pt(std::clamp(b, lo[i].value(), std::max(lo[i], hi[i]).value()));
  return w;
}

}  // namespace

// A column left blank for the reader to write in is given this much room when the table has
// it: a date written by hand ("12/11/2026") takes about 25 mm.
constexpr Pt kWriteInWidth = mm(28);

std::vector<Pt> distribute_columns(const std::vector<Pt>& min_w, const std::vector<Pt>& max_w, Pt avail,
                                   Pt readable, const std::vector<bool>& blank) {
  const std::size_t n = min_w.size();
  Pt sum_min, sum_max;
  for (std::size_t i = 0; i < n; ++i) {
    sum_min += min_w[i];
    sum_max += max_w[i];
  }
  std::vector<Pt> w(n);
  if (n == 0) return w;
  if (sum_max <= avail) {
    // Everything fits on one line per cell: share the spare room in proportion to content.
    const Pt spare = avail - sum_max;
    // Columns left blank to be written in are first widened, alike, towards room for a
    // handwritten date (shared by content they got next to nothing: a "Date" column as
    // narrow as its header); what is left is shared by content as below.
    if (std::count(blank.begin(), blank.end(), true) > 0 && blank.size() == n) {
      std::vector<Pt> hi = max_w;
      Pt sum_hi;
      for (std::size_t i = 0; i < n; ++i) {
        if (blank[i]) hi[i] = max(max_w[i], kWriteInWidth);
        sum_hi += hi[i];
      }
      if (sum_hi >= avail) return fill_to_threshold(max_w, hi, avail);
      for (std::size_t i = 0; i < n; ++i) w[i] = hi[i] + (avail - sum_hi) * (max_w[i] / sum_max);
      return w;
    }
    for (std::size_t i = 0; i < n; ++i) {
      w[i] = max_w[i] + (sum_max.value() > 0 ? spare * (max_w[i] / sum_max) : spare / static_cast<double>(n));
    }
    return w;
  }
  if (sum_min <= avail) {
    // No word need break. A column whose whole content fits in its share is never
    // wrapped; the others share what is left (so "Day 1" or "500 mg" stays on one line
    // while a notes column wraps).
    return fill_to_threshold(min_w, max_w, avail);
  }
  // Some column's longest word does not fit. Every column keeps at least a readable width
  // (or its own content, when that is narrower), short columns keep their whole content
  // when the threshold allows, and the long words are broken where they must be, in the
  // columns that get less than their minimum.
  std::vector<Pt> floor(n);
  Pt sum_floor;
  for (std::size_t i = 0; i < n; ++i) {
    floor[i] = min(min_w[i], readable);
    sum_floor += floor[i];
  }
  if (sum_floor <= avail) return fill_to_threshold(floor, max_w, avail);
  // Too many columns for the width even at the readable minimum: equal shares of what
  // there is (the caller warns).
  for (std::size_t i = 0; i < n; ++i) w[i] = avail * (floor[i] / sum_floor);
  return w;
}

std::vector<std::vector<Pt>> column_width_candidates(const std::vector<Pt>& min_w, const std::vector<Pt>& max_w,
                                                     Pt avail, Pt readable, const std::vector<bool>& blank) {
  std::vector<std::vector<Pt>> out{distribute_columns(min_w, max_w, avail, readable, blank)};
  const std::vector<Pt> first = out[0];  // a copy: `out` grows below
  const std::size_t n = min_w.size();
  Pt sum_min, sum_max, sum_floor;
  std::vector<Pt> lo(n);
  for (std::size_t i = 0; i < n; ++i) {
    sum_min += min_w[i];
    sum_max += max_w[i];
    lo[i] = min(min_w[i], readable);
    sum_floor += lo[i];
  }
  // Only when some cell must wrap and every column can have its lower bound.
  if (n < 2 || sum_max <= avail) return out;
  if (sum_min <= avail) {
    lo = min_w;
  } else if (sum_floor > avail) {
    return out;
  }
  auto add = [&out](std::vector<Pt> w) {
    for (const auto& have : out) {
      bool same = true;
      for (std::size_t i = 0; i < w.size() && same; ++i) same = std::abs((w[i] - have[i]).value()) < 1e-6;
      if (same) return;
    }
    out.push_back(std::move(w));
  };
  // The columns `first` leaves wrapped share what it gives them in proportion to how much
  // more than their lower bound they want (browsers' share), the others keep their content.
  auto proportional = [&](const std::vector<bool>& in) {
    Pt total, sum_lo, sum_hi;
    for (std::size_t i = 0; i < n; ++i) {
      if (!in[i]) continue;
      total += first[i];
      sum_lo += lo[i];
      sum_hi += max(lo[i], max_w[i]);
    }
    std::vector<Pt> w = first;
    if (sum_hi - sum_lo <= Pt(1e-9) || total < sum_lo) return w;
    const double f = std::clamp(((total - sum_lo) / (sum_hi - sum_lo)), 0.0, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (in[i]) w[i] = lo[i] + (max(lo[i], max_w[i]) - lo[i]) * f;
    }
    return w;
  };
  std::vector<bool> wrapped(n), all(n, true);
  for (std::size_t i = 0; i < n; ++i) wrapped[i] = first[i] + Pt(1e-6) < max_w[i];
  if (std::count(wrapped.begin(), wrapped.end(), true) >= 2) add(proportional(wrapped));
  // And every column so (CSS 2.1's automatic table layout).
  add(proportional(all));
  // When the longest words cannot all fit: only the longest break. The columns of the
  // longest words, as few as can make room, share what the others leave (each at least its
  // readable width); every other column keeps its longest word whole. The shares above give
  // every wrapped column about as much, so a column of short words ("As needed", "Week 1" in
  // seven columns of a schedule) came out a point narrower than its word and broke it
  // between letters in every row, while the column of the long names ("Chloramphenicol",
  // which hyphenates) kept room beyond its own.
  if (sum_min > avail) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return min_w[a] > min_w[b]; });
    Pt rest = sum_min, floors;
    for (std::size_t k = 0; k < n; ++k) {
      rest -= min_w[order[k]];
      floors += lo[order[k]];
      if (rest + floors > avail) continue;
      std::vector<Pt> s_lo, s_hi;
      for (std::size_t j = 0; j <= k; ++j) {
        s_lo.push_back(lo[order[j]]);
        s_hi.push_back(min_w[order[j]]);
      }
      const std::vector<Pt> shared = fill_to_threshold(s_lo, s_hi, avail - rest);
      std::vector<Pt> w = min_w;
      for (std::size_t j = 0; j <= k; ++j) w[order[j]] = shared[j];
      add(std::move(w));
      break;
    }
  }
  return out;
}

int count_lines(const CellBreaks& cell, Pt measure) {
  const std::size_t n = cell.end.size();
  if (n < 2) return 1;
  constexpr double kFit = 1e-6;
  const double m = std::max(measure.value(), 1e-3);
  int lines = 1;
  double line_start = cell.start[0].value();
  std::size_t fit = 0;  // the last place the line being filled may end (0: none yet)
  std::size_t k = 1;
  while (k < n) {
    const double w = cell.end[k].value() - line_start;
    if (w > m + kFit && fit != 0) {  // the line ends at the last place it fitted
      ++lines;
      line_start = cell.start[fit].value();
      fit = 0;
      continue;
    }
    if (w > m + kFit) {  // one piece wider than the measure fills lines of its own
      const double full = std::ceil(w / m - kFit) - 1;
      lines += static_cast<int>(full);
      line_start += full * m;
    }
    fit = k;
    if (cell.forced[k] && k + 1 < n) {
      ++lines;
      line_start = cell.start[k].value();
      fit = 0;
    }
    ++k;
  }
  return lines;
}

namespace {

// What the column-width search minimises, in this order: the table's height (its rows'
// lines times their line height), the lines its body cells wrap to past their first, the
// lines of its header cells.
struct TableCost {
  double height = 0;
  int wrapped = 0;
  int header = 0;
  [[nodiscard]] bool better_than(const TableCost& o) const {
    constexpr double kSame = 0.01;  // pt: rounding, not a line
    if (height < o.height - kSame) return true;
    if (height > o.height + kSame) return false;
    return wrapped != o.wrapped ? wrapped < o.wrapped : header < o.header;
  }
};

// The column-width search's view of the cells: for each, the narrowest width (padding
// included) at which it takes at most 1, 2, ... lines, down to the lines it takes at its
// column's lower bound, found once; a cell's lines at a width are then a look-up.
class ColumnSearch {
 public:
  ColumnSearch(const TableShape& t, const std::vector<Pt>& lo, const std::vector<Pt>& hi)
      : t_(t), lo_(lo), hi_(hi), at_most_(t.cells.size()) {
    for (std::size_t r = 0; r < t.cells.size(); ++r) {
      cancellation_point();
      at_most_[r].resize(lo.size());
      for (std::size_t c = 0; c < lo.size(); ++c) {
        const CellBreaks& cell = t.cells[r][c];
        const int most = count_lines(cell, lo[c] - t.padding);
        // At most kKeptLines thresholds: each costs a bisection of line counts, each a pass
        // over the cell's breaks, so a cell of thousands of breaks taking thousands of lines
        // at its lower bound cost minutes (a fuzzed table). Narrower than the last kept
        // threshold, lines() counts.
        const int kept = std::min(most, kKeptLines);
        std::vector<Pt>& th = at_most_[r][c];
        th.assign(static_cast<std::size_t>(kept) + 1, lo[c]);
        Pt upper = cell.end.empty() ? lo[c] : max(lo[c], cell.end.back() + t.padding);
        for (int l = 1; l < (kept < most ? kept + 1 : most); ++l) {
          th[static_cast<std::size_t>(l)] = narrowest(cell, l, lo[c], upper);
          upper = th[static_cast<std::size_t>(l)];
        }
      }
    }
  }

  [[nodiscard]] int lines(std::size_t r, std::size_t c, Pt width) const {
    const std::vector<Pt>& th = at_most_[r][c];
    for (std::size_t l = 1; l < th.size(); ++l) {
      if (th[l] <= width + kFit) return static_cast<int>(l);
    }
    return count_lines(t_.cells[r][c], width - t_.padding);  // below the lower bound
  }

  // (Each pass over the rows below is a point where a render past its deadline stops:
  // the search makes hundreds of them over a long table.)
  [[nodiscard]] std::vector<int> lines_of(std::size_t c, Pt width) const {
    cancellation_point();
    std::vector<int> out(t_.cells.size());
    for (std::size_t r = 0; r < out.size(); ++r) out[r] = lines(r, c, width);
    return out;
  }

  // The cost with the lines of columns `a` and `b` (by column) replaced.
  [[nodiscard]] TableCost cost(const std::vector<std::vector<int>>& lines, std::size_t a = SIZE_MAX,
                               const std::vector<int>* la = nullptr, std::size_t b = SIZE_MAX,
                               const std::vector<int>* lb = nullptr) const {
    cancellation_point();
    TableCost out;
    for (std::size_t r = 0; r < t_.cells.size(); ++r) {
      int most = 1;
      for (std::size_t c = 0; c < lines.size(); ++c) {
        const int l = c == a ? (*la)[r] : c == b ? (*lb)[r] : lines[c][r];
        most = std::max(most, l);
        (r == 0 ? out.header : out.wrapped) += r == 0 ? l : l - 1;
      }
      out.height += t_.line_height[r].value() * most;
    }
    return out;
  }

  // The narrowest width above `w` (at most hi) at which a cell of column c takes a line
  // less, if any.
  [[nodiscard]] std::optional<Pt> next_wider(std::size_t c, Pt w) const {
    cancellation_point();
    std::optional<Pt> best;
    for (std::size_t r = 0; r < t_.cells.size(); ++r) {
      const int now = lines(r, c, w);
      const std::vector<Pt>& th = at_most_[r][c];
      if (now <= 1 || static_cast<std::size_t>(now) >= th.size()) continue;
      const Pt at = th[static_cast<std::size_t>(now - 1)];
      if (at <= hi_[c] + kFit && (!best || at < *best)) best = at;
    }
    return best;
  }

  // Every width above `w` (at most hi) at which a cell of column c takes fewer lines,
  // narrowest first.
  [[nodiscard]] std::vector<Pt> wider_steps(std::size_t c, Pt w) const {
    cancellation_point();
    std::vector<Pt> out;
    for (std::size_t r = 0; r < t_.cells.size(); ++r) {
      const int now = lines(r, c, w);
      const std::vector<Pt>& th = at_most_[r][c];
      for (int l = 1; l < now && static_cast<std::size_t>(l) < th.size(); ++l) {
        const Pt at = th[static_cast<std::size_t>(l)];
        if (at > w + kFit && at <= hi_[c] + kFit) out.push_back(at);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end(), [](Pt a, Pt b) { return std::abs((a - b).value()) < 1e-9; }),
              out.end());
    return out;
  }

  // The narrowest width, at least lo, at which column c keeps the lines it has at `w`.
  [[nodiscard]] Pt tight(std::size_t c, Pt w) const {
    cancellation_point();
    Pt out = lo_[c];
    for (std::size_t r = 0; r < t_.cells.size(); ++r) {
      const int now = lines(r, c, w);
      const std::vector<Pt>& th = at_most_[r][c];
      if (static_cast<std::size_t>(now) < th.size()) out = max(out, th[static_cast<std::size_t>(now)]);
    }
    return min(out, w);
  }

 private:
  static constexpr Pt kFit{1e-6};
  static constexpr int kKeptLines = 64;

  // The narrowest width in [from, to] at which `cell` takes at most `lines` lines (it does at
  // `to`); line counts only fall as the width grows.
  [[nodiscard]] Pt narrowest(const CellBreaks& cell, int lines, Pt from, Pt to) const {
    double a = from.value(), b = to.value();
    if (count_lines(cell, from - t_.padding) <= lines) return from;
    for (int k = 0; k < 40 && b - a > 1e-4; ++k) {
      const double m = (a + b) / 2;
      (count_lines(cell, Pt(m) - t_.padding) <= lines ? b : a) = m;
    }
    return Pt(b);
  }

  const TableShape& t_;
  const std::vector<Pt>& lo_;
  const std::vector<Pt>& hi_;
  std::vector<std::vector<std::vector<Pt>>> at_most_;  // [row][column][lines]
};

}  // namespace

std::vector<Pt> balance_columns(const TableShape& table, const std::vector<Pt>& lo, const std::vector<Pt>& hi,
                                std::vector<Pt> w, Pt avail, const KeptWhole* kept) {
  const std::size_t n = w.size();
  if (n < 2 || table.cells.empty()) return w;
  const ColumnSearch search(table, lo, hi);
  std::vector<Pt> bound = lo;  // a column's lower bound in the descent (a trade lowers one)
  std::vector<std::vector<int>> lines(n);
  for (std::size_t c = 0; c < n; ++c) lines[c] = search.lines_of(c, w[c]);
  TableCost now = search.cost(lines);
  // A header cell takes at most two lines, or as many as it has at the start (a header
  // wider than its column in two lines): "Paracetamol | 120 mg/5 mL" may wrap, but not into
  // five pieces so that the notes below save lines.
  std::vector<int> header_cap(n);
  for (std::size_t c = 0; c < n; ++c) header_cap[c] = std::max(2, lines[c][0]);
  constexpr Pt kRoom(1e-6);
  // Each step gives one column the width at which one of its cells takes a line less, from
  // the room other columns do not use or from one column (which may take a line more); the
  // step that lowers the cost most is taken. Each lowers it, so this ends; the bound is a
  // guard.
  auto descend = [&] {
    for (std::size_t step = 0; step < 32 * n; ++step) {
      std::vector<Pt> tight(n);
      for (std::size_t c = 0; c < n; ++c) tight[c] = search.tight(c, w[c]);
      std::optional<TableCost> best;
      std::vector<Pt> best_w;
      auto consider = [&](std::vector<Pt> cand, std::size_t a, std::size_t b) {
        const std::vector<int> la = a < n ? search.lines_of(a, cand[a]) : std::vector<int>();
        const std::vector<int> lb = search.lines_of(b, cand[b]);
        if ((a < n && la[0] > std::max(header_cap[a], lines[a][0])) || lb[0] > std::max(header_cap[b], lines[b][0])) {
          return;
        }
        const TableCost cost = a < n ? search.cost(lines, a, &la, b, &lb) : search.cost(lines, b, &lb);
        if (cost.better_than(best ? *best : now)) {
          best = cost;
          best_w = std::move(cand);
        }
      };
      for (std::size_t b = 0; b < n; ++b) {
        const std::optional<Pt> to = search.next_wider(b, w[b]);
        if (!to) continue;
        const Pt need = *to - w[b];
        Pt spare;
        for (std::size_t a = 0; a < n; ++a) spare += a == b ? Pt(0) : w[a] - tight[a];
        if (spare + kRoom >= need && spare > Pt(0)) {
          std::vector<Pt> cand = w;
          for (std::size_t a = 0; a < n; ++a) {
            if (a != b) cand[a] -= need * ((w[a] - tight[a]) / spare);
          }
          cand[b] = *to;
          consider(std::move(cand), SIZE_MAX, b);
        }
        for (std::size_t a = 0; a < n; ++a) {
          if (a == b || w[a] - need + kRoom < bound[a]) continue;
          std::vector<Pt> cand = w;
          cand[a] -= need;
          cand[b] = *to;
          consider(std::move(cand), a, b);
        }
      }
      if (!best) break;
      w = std::move(best_w);
      now = *best;
      for (std::size_t c = 0; c < n; ++c) lines[c] = search.lines_of(c, w[c]);
    }
  };
  descend();
  // Short cells kept on one line (`kept`: "Left arm", "DTaP-IPV", "500 mg") hold their
  // columns' bounds, so the descent cannot wrap one of them even where that keeps many
  // others whole: "2 months" wrapped after its number in nine rows of a tri-fold panel's
  // schedule beside "Left arm" kept whole in one. A trade lowers one column below its bound
  // (to its floor) when it sets more of those cells on one line than it wraps and makes the
  // table no worse (shorter, or as tall with fewer wrapped lines); the descent then goes on.
  // The trades search every column pair at every width a cell changes its lines: on a
  // schedule of a few dozen rows that is quick, but its cost grows with the square of the
  // rows (a 1,000-row table took 7 s), so a longer table keeps the descent's widths, and the
  // rounds are bounded.
  constexpr std::size_t kTradeCells = 400;
  if (kept != nullptr && table.cells.size() * n <= kTradeCells) {
    auto broken = [&](std::size_t a, const std::vector<int>& la, std::size_t b, const std::vector<int>& lb) {
      int count = 0;
      for (std::size_t r = 1; r < table.cells.size(); ++r) {
        for (std::size_t c = 0; c < n; ++c) {
          if (r >= kept->keep.size() || c >= kept->keep[r].size() || !kept->keep[r][c]) continue;
          const int l = c == a ? la[r] : c == b ? lb[r] : lines[c][r];
          count += l > 1 ? 1 : 0;
        }
      }
      return count;
    };
    const std::vector<int> none;
    for (std::size_t round = 0; round < 2 * n; ++round) {
      const int broken_now = broken(SIZE_MAX, none, SIZE_MAX, none);
      std::optional<TableCost> best;
      int best_broken = broken_now;
      std::vector<Pt> best_w;
      std::size_t traded = SIZE_MAX;
      for (std::size_t b = 0; b < n; ++b) {
        for (const Pt to : search.wider_steps(b, w[b])) {
          const Pt need = to - w[b];
          const std::vector<int> lb = search.lines_of(b, to);
          if (lb[0] > std::max(header_cap[b], lines[b][0])) continue;
          for (std::size_t a = 0; a < n; ++a) {
            if (a == b || w[a] - need + kRoom >= bound[a] || w[a] - need + kRoom < kept->floor[a]) continue;
            const std::vector<int> la = search.lines_of(a, w[a] - need);
            if (la[0] > std::max(header_cap[a], lines[a][0])) continue;
            const TableCost cost = search.cost(lines, a, &la, b, &lb);
            const int after = broken(a, la, b, lb);
            if (after >= broken_now || !cost.better_than(now)) continue;
            if (best && !(after < best_broken || (after == best_broken && cost.better_than(*best)))) continue;
            best = cost;
            best_broken = after;
            best_w = w;
            best_w[a] -= need;
            best_w[b] = to;
            traded = a;
          }
        }
      }
      if (!best) break;
      w = std::move(best_w);
      now = *best;
      bound[traded] = min(bound[traded], w[traded]);
      for (std::size_t c = 0; c < n; ++c) lines[c] = search.lines_of(c, w[c]);
      descend();
    }
  }
  // Room no line needs goes to the columns that still wrap, the narrowest first (as
  // distribute_columns shares it); more room only takes lines away.
  std::vector<Pt> tight(n);
  Pt sum_hi;
  for (std::size_t c = 0; c < n; ++c) {
    tight[c] = search.tight(c, w[c]);
    sum_hi += max(tight[c], hi[c]);
  }
  if (sum_hi <= avail) return w;
  return fill_to_threshold(tight, hi, avail);
}

namespace {

using Cell = PreparedTable::Cell;

// A cell's content widths: its widest unbreakable piece, the whole on one line, and the
// places its lines may end for the column-width search (not inside a web address or at a
// hyphenation point: those are a line breaker's last resort).
struct ContentWidths {
  Pt min;
  Pt max;
  CellBreaks breaks;
};

ContentWidths content_widths(const ShapedParagraph& p, TextShaper& shaper) {
  constexpr double kLastResort = 1000;  // line_builder's price of a break inside an address
  const auto points = collect_breakpoints(p, shaper, Pt(1e9));
  ContentWidths out;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0) out.min = max(out.min, points[i].end_width - points[i - 1].start_width);
    const bool last = i + 1 == points.size();
    if (i > 0 && !last && (points[i].hyphen || points[i].emergency || points[i].penalty >= kLastResort)) continue;
    out.breaks.end.push_back(points[i].end_width);
    out.breaks.start.push_back(points[i].start_width);
    out.breaks.forced.push_back(points[i].forced);
  }
  out.max = points.back().end_width;
  return out;
}

// A cell reads as a number when it is one: optional sign or currency, digits with their
// separators (a range "30–45", a time "08:00", "1.5"), and then at most a short unit
// ("mg", "mmol/L", "%", "°C"). "Day 1" starts with a word and "08:00 and 20:00" has one in
// the middle: they are text.
bool numeric_cell(const Inline& in) {
  const std::u32string t = utf8_to_utf32(in.plain_text());
  auto gc = [](char32_t c) { return hb_unicode_general_category(hb_unicode_funcs_get_default(), c); };
  auto is_letter = [&](char32_t c) {
    const auto g = gc(c);
    return g >= HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER && g <= HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER;
  };
  std::size_t i = 0;
  while (i < t.size() && (t[i] == U' ' || t[i] == U'+' || t[i] == U'-' || t[i] == 0x2212 || t[i] == U'~' ||
                          t[i] == U'<' || t[i] == U'>' || t[i] == 0x2264 || t[i] == 0x2265 ||
                          gc(t[i]) == HB_UNICODE_GENERAL_CATEGORY_CURRENCY_SYMBOL)) {
    ++i;
  }
  int digits = 0;
  std::size_t last_digit = 0;
  for (std::size_t k = i; k < t.size(); ++k) {
    if (gc(t[k]) == HB_UNICODE_GENERAL_CATEGORY_DECIMAL_NUMBER) {
      ++digits;
      last_digit = k;
    }
  }
  if (digits == 0 || gc(t[i]) != HB_UNICODE_GENERAL_CATEGORY_DECIMAL_NUMBER) return false;
  // Nothing but digits and separators up to the last digit.
  for (std::size_t k = i; k < last_digit; ++k) {
    if (is_letter(t[k])) return false;
  }
  // A short unit after it: one word ("mmol/L", "°C", "months"; "38 °C or more" is text).
  int unit_letters = 0;
  bool word = false, spaced = false;
  for (std::size_t k = last_digit + 1; k < t.size(); ++k) {
    unit_letters += is_letter(t[k]) ? 1 : 0;
    if (t[k] == U' ') {
      spaced = spaced || word;
    } else if (spaced) {
      return false;
    } else {
      word = true;
    }
  }
  return unit_letters <= 6;
}

// How a column's cells are aligned: as the article says, or by what they hold. A column of
// numbers is set to the end side, header too. A column of numbers with a few words among
// them ("Not advised" among doses, "100 micrograms" among "5 mg") keeps its words and header
// at the start side and sets its numbers to the end of a block as wide as the widest of
// them, at the start side (`numbers`): the numbers line up on their units as in a column of
// numbers, and none stands a column's width away from its row's next cell, as they did when
// the whole column was set to the end ("5 mg      08:00 and 20:00").
struct ColumnAlign {
  Align align = Align::kStart;
  bool numbers = false;
};

// At most one body cell in kMostlyNumbers is text (empty cells count for neither).
constexpr int kMostlyNumbers = 5;

std::vector<ColumnAlign> column_alignment(const TableBlock& table, std::size_t ncols) {
  std::vector<ColumnAlign> out(ncols);
  for (std::size_t c = 0; c < ncols; ++c) {
    const CellAlign a = c < table.align.size() ? table.align[c] : CellAlign::kAuto;
    if (a == CellAlign::kStart) continue;
    if (a == CellAlign::kCenter) { out[c].align = Align::kCenter; continue; }
    if (a == CellAlign::kEnd) { out[c].align = Align::kEnd; continue; }
    int numbers = 0, words = 0, empty = 0;
    for (const auto& row : table.rows) {
      if (c >= row.size() || row[c].plain_text().find_first_not_of(' ') == std::string::npos) {
        ++empty;
        continue;
      }
      ++(numeric_cell(row[c]) ? numbers : words);
    }
    if (numbers > 0 && words == 0 && empty == 0) {
      out[c].align = Align::kEnd;
    } else if (numbers >= 2 && words * kMostlyNumbers <= numbers + words) {
      out[c].numbers = true;
    }
  }
  return out;
}

// In a column of numbers with words among them (ColumnAlign::numbers), each number set on
// one line moves to the end of a block as wide as the widest of them, which stands at the
// column's start side.
void align_numbers(std::vector<std::vector<Cell>>& rows, const TableBlock& table,
                   const std::vector<ColumnAlign>& align) {
  for (std::size_t c = 0; c < align.size(); ++c) {
    if (!align[c].numbers) continue;
    auto number = [&](std::size_t r) {
      const Cell& cell = rows[r][c];
      return cell.shaped && cell.lines.size() == 1 && c < table.rows[r - 1].size() &&
             numeric_cell(table.rows[r - 1][c]);
    };
    Pt block;
    for (std::size_t r = 1; r < rows.size(); ++r) {
      if (number(r)) block = max(block, rows[r][c].lines[0].width);
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
      if (!number(r)) continue;
      Line& line = rows[r][c].lines[0];
      const Pt by = block - line.width;
      const bool left = physical_align(Align::kStart, rows[r][c].shaped->source.base) == PhysicalAlign::kLeft;
      for (auto& run : line.runs) run.x += left ? by : Pt(0) - by;
    }
  }
}

// Whether a line of the cell ends between two letters or digits with no hyphen (a word
// wider than its column parted where no reader expects it), rather than at a hyphenation
// point or after a space, "/" or dash.
bool broken_between_letters(const Cell& cell) {
  const std::u32string& text = cell.shaped->source.text;
  auto alnum = [](char32_t c) {
    const auto g = general_category(c);
    return (g >= HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER && g <= HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER) ||
           g == HB_UNICODE_GENERAL_CATEGORY_DECIMAL_NUMBER || g == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK;
  };
  for (const Line& line : cell.lines) {
    const std::uint32_t end = line.chars.end;
    if (line.emergency && !line.hyphenated && end > 0 && end < text.size() && alnum(text[end - 1]) && alnum(text[end])) {
      return true;
    }
  }
  return false;
}

// Says where a table's columns came out narrower than their longest word (the word is
// hyphenated or broken between letters) and when there are more columns than fit at a
// readable width.
void warn_narrow_columns(const BlockContext& ctx, const std::vector<std::vector<Cell>>& rows,
                         const std::vector<Pt>& widths, const std::vector<Pt>& min_w, Pt readable) {
  const std::size_t ncols = widths.size();
  if (readable * static_cast<double>(ncols) > ctx.width && !rows.empty() && rows[0][0].shaped) {
    const auto fit = static_cast<long>(ctx.width / readable);
    ctx.sink.warning(rows[0][0].shaped->source.locate(),
                     "this table has " + std::to_string(ncols) + " columns; at most " + std::to_string(fit) +
                         " fit at a readable width here, so words in its cells are broken between letters");
    return;
  }
  for (std::size_t c = 0; c < ncols; ++c) {
    if (widths[c] + kEpsilon >= min_w[c]) continue;
    // The first cell of the column with a word wider than it, and the first whose word was
    // broken between letters when that is another: the first alone ("Portion" hyphenated in
    // the header) left "1 med|ium" and "Squa|sh" below it unsaid.
    bool said = false;
    for (const auto& row : rows) {
      const Cell& cell = row[c];
      if (!cell.shaped || cell.min_width <= widths[c] + kEpsilon) continue;
      const bool letters = broken_between_letters(cell);
      if (said && !letters) continue;
      ctx.sink.warning(cell.shaped->source.locate(),
                       "a word in this table cell is wider than any column can be (" +
                           std::to_string(static_cast<long>(cell.min_width.value())) + " pt, column " +
                           std::to_string(static_cast<long>(widths[c].value())) + " pt) and was " +
                           (letters ? "broken between letters" : "hyphenated, or broken after a space, slash or dash"));
      if (letters) break;
      said = true;
    }
  }
}

// A small table moves whole to the next page rather than splitting 2+2 or 2+3: one of
// at most kSmallTableRows body rows no taller than half the page's body, or one shorter than
// a third of it. A table of a few tall rows (an eye-drop schedule whose names wrap five lines
// deep, in large print) splits between rows with its header repeated: moved whole, it left
// the page before it more than half empty. One taller than the page breaks between rows
// (it must). A small table is split only when moving it whole would leave more than about a
// third of the page (or panel) empty: a break inside it costs kSmallTableSplit, what that gap
// costs (paginate.cpp: an empty share e costs 10000 e^2), where it cost kNeverBreak and a
// six-row table moved whole with its heading left a tri-fold's panel 45% empty (and the
// brochure's text was set smaller to fit the rest).
constexpr std::size_t kSmallTableRows = 6;
constexpr int kSmallTableSplit = 1100;

void keep_small_table_whole(const BlockContext& ctx, std::size_t body_rows, VList& list, std::size_t from) {
  Pt height;
  for (std::size_t i = from; i < list.size(); ++i) height += list[i].height;
  const LayoutSpec& spec = ctx.spec;
  const Pt page = spec.page_height - spec.margin_top - spec.margin_bottom;
  const bool small = (body_rows <= kSmallTableRows && height * 2.0 <= page) || height * 3.0 < page;
  if (!small || height > page) return;
  for (std::size_t i = from; i < list.size(); ++i) {
    if (list[i].kind == VKind::kPenalty) list[i].penalty = std::max(list[i].penalty, kSmallTableSplit);
  }
}

// Whether the table may fit in the pages the limit leaves, known before any cell is
// shaped: every row is at least its padding tall, and a row with text at least half a line
// more (a span may be set smaller than the cell's style). Those lower bounds go to the page
// budget as boxes no taller than a page, so a table of a million rows is refused at once
// instead of shaping every cell first (it needs them all for its column widths).
bool rows_within_budget(const BlockContext& ctx, const TableBlock& table) {
  if (!ctx.within_budget) return true;
  const LayoutSpec& spec = ctx.spec;
  const Pt page = spec.page_height - spec.margin_top - spec.margin_bottom;
  const Pt pad = spec.table.cell_padding * 2;
  const Pt line = ctx.styles[Role::kTableCell].line_height() * 0.5;
  VList bounds;
  Pt box;
  auto add_row = [&](const std::vector<Inline>& row) {
    const bool text = std::any_of(row.begin(), row.end(), [](const Inline& in) { return !in.empty(); });
    const Pt h = min(page, pad + (text ? line : Pt(0)));
    if (box + h > page) {
      bounds.push_back(VElem::box(box));
      box = Pt(0);
    }
    box += h;
  };
  add_row(table.header);
  for (const auto& row : table.rows) add_row(row);
  bounds.push_back(VElem::box(box));
  return ctx.within_budget(bounds);
}

// How far the cells of a row reach below its top padding when their first lines stand on
// `row_ascent` (cell heights, drops and line bottoms filled in when asked).
Pt row_extent(std::vector<Cell>& row, Pt row_ascent, std::vector<Pt>* drop = nullptr,
              std::vector<std::vector<Pt>>* line_bottoms = nullptr) {
  Pt content_h;
  for (std::size_t c = 0; c < row.size(); ++c) {
    Cell& cell = row[c];
    if (!cell.shaped || cell.lines.empty()) continue;
    const Pt d = row_ascent - cell.lines[0].ascent;
    if (drop) (*drop)[c] = d;
    Pt y = d;
    for (const Line& l : cell.lines) {
      y += l.height();
      if (line_bottoms) (*line_bottoms)[c].push_back(y);
    }
    cell.height = y;
    content_h = max(content_h, y);
  }
  return content_h;
}

// The cell's text item that ends its drawing from the left: the last text item, or, when its
// last line (from `line_begin`) was written right to left (write_line_right_to_left: its
// stretches from the right, a separator between two), the last of that line's first stretch,
// its rightmost. It gets the space that keeps the cell apart from the next one and the mark
// that keeps a next cell's left-to-right start apart: pdfinfo -struct-text reads a cell's
// pieces in logical order and ran "20" into "دقيقة" when the space went to the line's
// leftmost stretch, written last.
std::optional<std::size_t> last_drawn_left_to_right(const std::vector<DisplayItem>& items, std::size_t line_begin) {
  std::optional<std::size_t> last;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto* t = std::get_if<TextItem>(&items[i]);
    if (!t) continue;
    if (!t->separator) {
      last = i;
    } else if (last && *last >= line_begin) {
      return last;  // the separator after the line's first stretch
    }
  }
  return last;
}

// The baseline of a row's tallest first line: every cell's first line stands on it (a cell
// of Latin text in an Arabic row sits as high as its Arabic neighbours, whose font reaches
// higher). At least `from`.
Pt row_ascent_of(const std::vector<Cell>& row, Pt from) {
  for (const Cell& cell : row) {
    if (cell.shaped && !cell.lines.empty()) from = max(from, cell.lines[0].ascent);
  }
  return from;
}

// The widths balance_columns finds for a table whose cells must wrap, or none when nothing
// need wrap or the columns cannot all have a readable width. It starts where browsers would
// with a header's longest word as all the room it needs, and a short body cell (`keep_whole`:
// "Day 1", "500 mg", "08:00 and 20:00") set on one line there stays on one line. A phrase of
// three words or more without a digit ("Amber: getting worse", "Day of the test") may take a
// second line when that makes the table shorter: kept whole, it held its column at its full
// width while the instructions beside it ran 11 lines deep in a tri-fold panel.
std::optional<std::vector<Pt>> balanced_widths(const std::vector<Pt>& min_w, const std::vector<Pt>& body_max,
                                               const std::vector<Pt>& header_min, const std::vector<Pt>& max_w,
                                               const TableShape& shape, const std::vector<std::vector<bool>>& keep_whole,
                                               const std::vector<Pt>& old, Pt avail, Pt readable) {
  const std::size_t n = min_w.size();
  Pt sum_min, sum_max, sum_floor;
  std::vector<Pt> lo = min_w, hi_body(n);
  for (std::size_t c = 0; c < n; ++c) {
    sum_min += min_w[c];
    sum_max += max_w[c];
    sum_floor += min(min_w[c], readable);
    hi_body[c] = max(body_max[c], header_min[c]);
  }
  if (n < 2 || sum_max <= avail || sum_floor > avail) return std::nullopt;
  if (sum_min > avail) {
    for (std::size_t c = 0; c < n; ++c) lo[c] = min(min_w[c], readable);
  }
  // When words must break, from the widths chosen before: a header narrower than its words
  // would be broken into pieces, and the search keeps a header within two lines or the lines
  // it starts with.
  const std::vector<Pt> start = sum_min > avail ? old : distribute_columns(min_w, hi_body, avail, readable);
  const KeptWhole kept{keep_whole, lo};
  for (std::size_t r = 1; r < shape.cells.size(); ++r) {
    for (std::size_t c = 0; c < n; ++c) {
      const CellBreaks& cell = shape.cells[r][c];
      if (cell.end.empty() || !keep_whole[r][c]) continue;
      const Pt one_line = cell.end.back() + shape.padding;
      if (one_line <= start[c] + kEpsilon) lo[c] = max(lo[c], one_line);
    }
  }
  return balance_columns(shape, lo, max_w, start, avail, &kept);
}

}  // namespace

StyledText table_cell_text(const BlockContext& ctx, const Inline& in, Role role) {
  StyledText st = flatten_inline(ctx, in, role);
  while (!st.text.empty() && st.text.back() == U' ') {
    st.text.pop_back();
    st.style_of.pop_back();
  }
  // Header cells too: a table's cells are hyphenated only where a word is wider than its
  // column (hyphenate_long_words_only), and there "Ibupro-|fen" reads better than the
  // break between letters ("Ibup|rofen") a header cell got without a dictionary. So also in
  // a layout that does not hyphenate its text (large print): "potas-|sium", not "po|tassium".
  st.hyphenation_dir = ctx.hyphenation_dir.empty() ? ctx.spec.cell_hyphenation_dir : ctx.hyphenation_dir;
  return st;
}

PreparedTable prepare_table(BlockContext& ctx, const TableBlock& table, int index) {
  PreparedTable t;
  BlockFlow& f = t.flow;
  const ComputedStyle& body = ctx.styles[Role::kBody];
  f.space_before = max(body.space_after, ctx.styles[Role::kTableCaption].space_before);
  f.space_after = max(body.space_after, Pt(8));
  const TableSpec& ts = ctx.spec.table;
  const std::size_t ncols = table.header.size();
  if (ncols == 0) return t;
  const Pt pad = ts.cell_padding;
  const std::vector<ColumnAlign> col_align = column_alignment(table, ncols);
  if (!rows_within_budget(ctx, table)) return t;

  // Shape every cell once; widths and lines come from the same shaping.
  auto& rows = t.rows;
  rows.assign(table.rows.size() + 1, std::vector<Cell>(ncols));
  for (std::size_t r = 0; r <= table.rows.size(); ++r) {
    cancellation_point();
    const Role role = r == 0 ? Role::kTableHeader : Role::kTableCell;
    for (std::size_t c = 0; c < ncols; ++c) {
      const Inline& in = r == 0 ? table.header[c] : table.rows[r - 1][c];
      rows[r][c].shaped = ctx.shaper.shape(table_cell_text(ctx, in, role), ctx.fonts, ctx.sink);
    }
  }
  std::vector<Pt> min_w(ncols), max_w(ncols), body_max(ncols), header_min(ncols);
  TableShape shape;
  shape.padding = pad * 2;
  shape.cells.assign(rows.size(), std::vector<CellBreaks>(ncols));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    cancellation_point();
    auto& row = rows[r];
    shape.line_height.push_back(ctx.styles[r == 0 ? Role::kTableHeader : Role::kTableCell].line_height());
    for (std::size_t c = 0; c < ncols; ++c) {
      if (!row[c].shaped) continue;
      ContentWidths cw = content_widths(*row[c].shaped, ctx.shaper);
      row[c].min_width = cw.min + pad * 2;
      min_w[c] = max(min_w[c], cw.min + pad * 2);
      max_w[c] = max(max_w[c], cw.max + pad * 2);
      (r == 0 ? header_min[c] : body_max[c]) = max(r == 0 ? header_min[c] : body_max[c],
                                                   (r == 0 ? cw.min : cw.max) + pad * 2);
      shape.cells[r][c] = std::move(cw.breaks);
    }
  }
  // A readable column: a few letters of body text beside its padding.
  const Pt readable = pad * 2 + ctx.styles[Role::kTableCell].size * 3.0;
  // Break every cell at the given widths; the table's height (rows' content) comes back.
  std::vector<Pt> row_ascents(rows.size());
  std::vector<Pt> row_belows(rows.size());
  auto set_cells = [&](const std::vector<Pt>& widths) {
    Pt height;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      cancellation_point();
      const ComputedStyle& cs = ctx.styles[r == 0 ? Role::kTableHeader : Role::kTableCell];
      for (std::size_t c = 0; c < ncols; ++c) {
        Cell& cell = rows[r][c];
        if (!cell.shaped) continue;
        ParagraphOptions o;
        o.align = col_align[c].align;
        o.leading = cs.leading;
        o.mode = ctx.break_mode;
        o.kashida = ctx.spec.kashida;
        o.hyphenate_long_words_only = true;
        const Pt measure = max(Pt(1), widths[c] - pad * 2);
        cell.lines = build_lines(*cell.shaped, ctx.shaper, [measure](std::size_t) { return measure; }, o, &cell.lines_kept);
      }
      row_ascents[r] = row_ascent_of(rows[r], Pt(0));
      const Pt extent = row_extent(rows[r], row_ascents[r]);
      row_belows[r] = extent - row_ascents[r];
      height += extent;
    }
    return height;
  };
  // Lines past their first in body cells.
  auto wrapped_lines = [&] {
    int n = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
      for (const Cell& cell : rows[r]) n += cell.lines.size() > 1 ? static_cast<int>(cell.lines.size()) - 1 : 0;
    }
    return n;
  };
  // Lines of the header row.
  auto header_lines = [&] {
    std::size_t n = 1;
    for (const Cell& cell : rows[0]) n = std::max(n, cell.lines.size());
    return static_cast<int>(n);
  };
  // Widths as browsers' automatic layout gives them with short columns kept whole
  // (distribute_columns); when cells must wrap, the other shares worth trying
  // (column_width_candidates) win where they make the table shorter without wrapping a
  // body cell the first kept on one line ("Day 1", "500 mg" stay whole; a notes column set
  // five lines deep beside a dose column with room to give gets that room).
  // Columns with no text in any body cell (a diary to fill in) get the spare room.
  std::vector<bool> blank(ncols, !table.rows.empty());
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < ncols; ++c) {
      if (!blank[c]) continue;
      for (const Span& sp : row[c].spans) {
        if (sp.text.find_first_not_of(" ") != std::string::npos) blank[c] = false;
      }
    }
  }
  const std::vector<std::vector<Pt>> candidates = column_width_candidates(min_w, max_w, ctx.width, readable, blank);
  // Cells with a word parted between letters (not at a hyphenation point, space, "/" or
  // dash): a reader's stumble, where a taller table is not; fewer of them wins first.
  auto letter_breaks = [&] {
    int n = 0;
    for (const auto& row : rows) {
      for (const Cell& cell : row) n += cell.shaped && cell.lines.size() > 1 && broken_between_letters(cell) ? 1 : 0;
    }
    return n;
  };
  std::size_t chosen = 0;
  Pt best = set_cells(candidates[0]);
  int best_wrapped = wrapped_lines();
  int best_header = header_lines();
  int best_letters = letter_breaks();
  std::vector<Pt> set_at = candidates[0];  // the widths the cells are broken for
  if (candidates.size() > 1) {
    std::vector<std::vector<bool>> one_line(rows.size(), std::vector<bool>(ncols));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < ncols; ++c) one_line[r][c] = rows[r][c].lines.size() <= 1;
    }
    for (std::size_t k = 1; k < candidates.size(); ++k) {
      const Pt h = set_cells(candidates[k]);
      set_at = candidates[k];
      bool keeps = true;
      // Body cells only: a header ("Insulin dose") may take a second line as table headers do.
      for (std::size_t r = 1; r < rows.size() && keeps; ++r) {
        for (std::size_t c = 0; c < ncols && keeps; ++c) keeps = !one_line[r][c] || rows[r][c].lines.size() <= 1;
      }
      const int letters = letter_breaks();
      if (letters < best_letters || (letters == best_letters && keeps && h + Pt(0.5) < best)) {
        best = h;
        best_wrapped = wrapped_lines();
        best_header = header_lines();
        best_letters = letters;
        chosen = k;
      }
    }
  }
  t.widths = candidates[chosen];
  // Those shares count a header's one line as content it needs: "Ibuprofen 100 mg/5 mL"
  // kept room the notes beside it wrapped for. balance_columns lets a header wrap at its
  // spaces as a body cell's lines may, and looks for the shortest table; its widths are
  // taken when they make the table shorter or wrap fewer body lines, and neither longer nor
  // wrapping more, nor set the header in more than two lines or the lines it had (measured
  // on the cells as set).
  // A body cell kept on one line by the search: at most two words, or any with a digit (a
  // time, a dose, a range: "08:00 and 20:00", "7.5 mL (150 mg)").
  std::vector<std::vector<bool>> keep_whole(rows.size(), std::vector<bool>(ncols));
  for (std::size_t r = 1; r < rows.size(); ++r) {
    cancellation_point();
    for (std::size_t c = 0; c < ncols; ++c) {
      const Inline& in = table.rows[r - 1][c];
      // (Any script's digits: "٨٠–١٠٠" written in Arabic-Indic is a range as "80–100" is.)
      const bool digit = std::any_of(in.spans.begin(), in.spans.end(), [](const Span& s) {
        for (std::size_t i = 0; i < s.text.size();) {
          if (is_decimal_digit(next_utf8(s.text, i))) return true;
        }
        return false;
      });
      // (The breaks start with the cell's start: a word more than the places a line may end.)
      keep_whole[r][c] = digit || shape.cells[r][c].end.size() <= 3;
    }
  }
  if (auto balanced = balanced_widths(min_w, body_max, header_min, max_w, shape, keep_whole, t.widths, ctx.width,
                                      readable)) {
    const Pt h = set_cells(*balanced);
    set_at = *balanced;
    const int after = wrapped_lines();
    const bool header_kept = header_lines() <= std::max(2, best_header);
    if (header_kept && letter_breaks() <= best_letters && h <= best + Pt(0.5) && after <= best_wrapped &&
        (h + Pt(0.5) < best || after < best_wrapped)) {
      t.widths = *balanced;
    }
  }
  if (set_at != t.widths) set_cells(t.widths);
  align_numbers(rows, table, col_align);
  const std::vector<Pt>& widths = t.widths;
  warn_narrow_columns(ctx, rows, widths, min_w, readable);
  // A letter wider than its column, even broken between letters, prints over the next
  // column (or past the table's edge): refused, not overprinted.
  for (std::size_t r = 0; r < rows.size(); ++r) {
    cancellation_point();
    bool refused = false;
    for (std::size_t c = 0; c < ncols && !refused; ++c) {
      const Cell& cell = rows[r][c];
      const Pt measure = max(Pt(1), widths[c] - pad * 2);
      if (!cell.shaped || std::none_of(cell.lines.begin(), cell.lines.end(),
                                       [measure](const Line& l) { return l.width > measure + kEpsilon; })) {
        continue;
      }
      const auto fit = static_cast<long>(ctx.width / readable);
      refused = refuse_overfull_line(ctx, *cell.shaped, cell.lines, measure,
                                     c + 1 < ncols ? "over the next column" : "past the table's edge",
                                     static_cast<long>(ncols) > fit
                                         ? "this table has " + std::to_string(ncols) + " columns and at most " +
                                               std::to_string(fit) + " fit at a readable width here: split it " +
                                               "into narrower tables"
                                         : std::string("set the table's text or its cell padding smaller"));
    }
    if (refused) break;
  }
  // Physical x of each column: the first column at the start side.
  t.xs.resize(ncols);
  Pt acc;
  for (std::size_t c = 0; c < ncols; ++c) {
    t.xs[c] = ctx.rtl() ? ctx.width - acc - widths[c] : acc;
    acc += widths[c];
  }

  if (table.caption) {
    auto p = set_paragraph(ctx, flatten_inline(ctx, *table.caption, Role::kTableCaption),
                           Role::kTableCaption, Pt(0), Pt(0));
    if (p) {
      append_line_boxes(ctx, *p, Role::kTableCaption, index, f.list, kNeverBreak);
      Pt h;
      for (const auto& e : f.list) h += e.height;
      t.measured.caption = h;
      t.caption = true;
    }
  }

  t.measured.ascent = std::move(row_ascents);
  t.measured.below = std::move(row_belows);
  return t;
}

BlockFlow place_table(BlockContext& ctx, PreparedTable table, int index, const TableRows* match) {
  BlockFlow f = std::move(table.flow);
  auto& rows = table.rows;
  if (rows.empty()) return f;
  const TableSpec& ts = ctx.spec.table;
  const std::size_t ncols = rows[0].size();
  const Pt pad = ts.cell_padding;
  const std::vector<Pt>& widths = table.widths;
  const std::vector<Pt>& xs = table.xs;

  if (table.caption) {
    // A caption shorter than its translation's is padded to the same height.
    const Pt h = table.measured.caption;
    if (match && match->caption > h + kEpsilon) {
      f.list.push_back(VElem::penalty_of(kNeverBreak));
      f.list.push_back(VElem::box(match->caption - h));
    }
    f.list.push_back(VElem::penalty_of(kNeverBreak));
    f.list.push_back(VElem::glue(ctx.styles[Role::kTableCaption].space_after));
  }

  const std::size_t first_row = f.list.size();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    cancellation_point();
    const bool header = r == 0;
    const Role role = header ? Role::kTableHeader : Role::kTableCell;
    VElem box;
    std::vector<std::vector<Pt>> line_bottoms(ncols);
    const Pt row_ascent = row_ascent_of(rows[r], match && r < match->ascent.size() ? match->ascent[r] : Pt(0));
    std::vector<Pt> drop(ncols);
    Pt content_h = row_extent(rows[r], row_ascent, &drop, &line_bottoms);
    if (match && r < match->below.size()) content_h = max(content_h, row_ascent + match->below[r]);
    const Pt row_h = content_h + pad * 2;
    box.height = row_h;
    const std::optional<Color> fill = header ? ts.header_fill
                                             : (r % 2 == 0 ? ts.zebra_fill : std::optional<Color>());
    if (fill) box.items.push_back(RectItem{Rect{Pt(0), Pt(0), ctx.width, row_h}, fill, std::nullopt, Pt(0)});
    // Cells are drawn from the left in either direction: pdf.js starts a new text item
    // without a space at a move to the left, so a right-to-left row drawn from its first
    // column ran each cell's last word into the next cell's first. The structure tree reads
    // them by column.
    // The last text item of the cell drawn before, in box.items (right-to-left rows).
    std::optional<std::size_t> before;
    for (std::size_t k = 0; k < ncols; ++k) {
      const std::size_t c = ctx.rtl() ? ncols - 1 - k : k;
      Cell& cell = rows[r][c];
      if (!cell.shaped) continue;
      SetParagraph sp = make_set_paragraph(std::move(*cell.shaped), std::move(cell.lines));
      sp.lines_kept = cell.lines_kept;  // emit_line checks each line is still the one kept
      BlockContext cell_ctx = ctx;
      cell_ctx.width = max(Pt(1), widths[c] - pad * 2);
      std::vector<DisplayItem> items;
      Pt y = pad + drop[c];
      std::size_t first_line_end = 0;
      std::size_t last_line_begin = 0;
      for (std::size_t li = 0; li < sp.lines.size(); ++li) {
        last_line_begin = items.size();
        emit_line(cell_ctx, sp, li, y, role, index, items);
        if (li == 0) first_line_end = items.size();
        y += sp.lines[li].height();
      }
      std::optional<std::size_t> last = last_drawn_left_to_right(items, last_line_begin);
      // In a right-to-left row, a cell whose first line starts at its left with a
      // left-to-right run ("250 mg") gets an Arabic letter mark at that edge, written last in
      // the cell drawn before (on its left): poppler read the row's cells on one line and
      // took the space between the cells into the run's stretch ("250 mgمرتين").
      if (ctx.rtl() && before) {
        std::optional<std::size_t> leftmost;  // of the first line's text items
        for (std::size_t i = 0; i < first_line_end; ++i) {
          const auto* t = std::get_if<TextItem>(&items[i]);
          if (t && (!leftmost || t->origin.x < std::get<TextItem>(items[*leftmost]).origin.x)) leftmost = i;
        }
        auto* left = std::get_if<TextItem>(&box.items[*before]);
        TextItem* first = leftmost ? std::get_if<TextItem>(&items[*leftmost]) : nullptr;
        // When the cell on the left wrapped, its lines below this cell's first are drawn
        // after its mark, before this cell: poppler then took the mark for a word of its own
        // over the number's start, dropped it and read "20الأرز" (or it had none: its last
        // item was on a lower line). The mark is then drawn just before the run instead, in an
        // item of its own (as the run's first glyph, pdf.js took the run to start at the mark
        // and read "149 /94").
        bool wrapped = first && left && left->origin.y != first->origin.y;
        for (std::size_t i = *before + 1; first && !wrapped && i < box.items.size(); ++i) {
          const auto* t = std::get_if<TextItem>(&box.items[i]);
          wrapped = t && t->origin.y != first->origin.y;
        }
        if (wrapped && starts_left_to_right(*first)) {
          TextItem mark = left_to_right_start_mark(ctx, *first);
          if (!mark.glyphs.empty()) {
            items.insert(items.begin() + static_cast<std::ptrdiff_t>(*leftmost), std::move(mark));
            if (last && *last >= *leftmost) last = *last + 1;
          }
        } else if (first && left && left->origin.y == first->origin.y) {
          if (starts_left_to_right(*first)) {
            mark_left_to_right_edge(ctx, *left, first->origin.x + xs[c] + pad - left->origin.x);
          }
        }
      }
      // A space after the cell's text when another cell is drawn after it: mutool and
      // ghostscript join text in content order, and ran the cells' words together. After
      // the text drawn last, and, when the last line was written right to left, after its
      // rightmost stretch, which ends the cell's first piece in logical order (struct-text).
      if (k + 1 < ncols && last) {
        end_with_space(ctx, std::get<TextItem>(items[*last]));
        for (auto it = items.rbegin(); it != items.rend(); ++it) {
          if (auto* t = std::get_if<TextItem>(&*it)) {
            end_with_space(ctx, *t);
            break;
          }
        }
      }
      if (std::none_of(items.begin(), items.end(), [](const DisplayItem& d) { return std::holds_alternative<TextItem>(d); })) {
        // An empty cell (a write-in column, a blank row of a form) draws nothing, but a
        // screen reader must still find it in its place: a cell left out of its row moves
        // the cells after it under the wrong column header. An item with no glyphs stands
        // for it (tagged PDF makes it an empty TD or TH; nothing draws or dumps it).
        TextItem empty;
        empty.role = role;
        empty.block = index;
        empty.lang = ctx.article.lang;
        empty.origin = Point{Pt(0), pad};
        items.push_back(std::move(empty));
      }
      set_struct_part(items, static_cast<int>(r), static_cast<int>(c));
      if (last) before = box.items.size() + *last;
      for (auto& it : items) {
        translate(it, xs[c] + pad, Pt(0));
        box.items.push_back(std::move(it));
      }
    }
    // Rules: above the header, and below every row (heavier below the header).
    const Pt rule = ts.rule_width;
    if (header) box.items.push_back(RectItem{Rect{Pt(0), Pt(0), ctx.width, rule}, ts.rule_color, std::nullopt, Pt(0)});
    const Pt below = header ? rule * 2 : rule;
    box.items.push_back(RectItem{Rect{Pt(0), row_h - below, ctx.width, below}, ts.rule_color, std::nullopt, Pt(0)});
    // Where a row taller than a page may be cut: a line bottom that cuts no other line.
    for (std::size_t c = 0; c < ncols; ++c) {
      for (Pt b : line_bottoms[c]) {
        const Pt cut = b + pad;
        bool clean = true;
        for (std::size_t k = 0; k < ncols && clean; ++k) {
          Pt top;
          for (Pt bottom : line_bottoms[k]) {
            if (cut > top + pad + kEpsilon && cut < bottom + pad - kEpsilon) clean = false;
            top = bottom;
          }
        }
        if (clean && cut < row_h - pad) box.splits.push_back(cut);
      }
    }
    std::sort(box.splits.begin(), box.splits.end());
    box.splits.erase(std::unique(box.splits.begin(), box.splits.end(),
                                 [](Pt a, Pt b) { return std::abs((a - b).value()) < kEpsilon.value(); }),
                     box.splits.end());
    if (header) {
      if (ts.repeat_header) box.header_of = index;
    } else {
      box.row_of = index;
      // A header row is never left alone at a page bottom, and a table that breaks keeps
      // at least two body rows on each side of the break (the header repeats above the
      // second part).
      const std::size_t body_rows = rows.size() - 1;
      const bool keep = r <= 2 || r + 1 > body_rows;
      f.list.push_back(VElem::penalty_of(keep ? kNeverBreak : 0));
    }
    f.list.push_back(std::move(box));
  }
  keep_small_table_whole(ctx, rows.size() - 1, f.list, first_row);
  return f;
}

BlockFlow layout_table(BlockContext& ctx, const TableBlock& table, int index) {
  return place_table(ctx, prepare_table(ctx, table, index), index);
}

}  // namespace handout
