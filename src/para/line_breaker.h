// Line breaking as a pure function (after minikin and TeX): break opportunities with
// running totals in, chosen breaks out. Knows nothing of fonts or text.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/units.h"

namespace handout {

/// A place where a line may end. Widths are running totals from the paragraph start,
/// so a candidate line's natural width is one subtraction.
struct Breakpoint {
  std::uint32_t pos = 0;  ///< text index where the next line starts
  std::uint32_t link_chars = 0;  ///< characters of web or e-mail addresses before `pos`
  Pt end_width;           ///< total up to the end of a line ending here (trailing spaces dropped, hyphen added)
  Pt start_width;         ///< total up to where the next line starts
  Pt end_stretch;         ///< total stretchability up to the line end
  Pt start_stretch;
  Pt end_shrink;          ///< total shrinkability up to the line end
  Pt start_shrink;
  double penalty = 0;     ///< cost of breaking here (hyphens, emergency breaks)
  bool forced = false;    ///< a mandatory break (end of paragraph, line separator)
  bool hyphen = false;    ///< the line ending here ends with a hyphen
  bool emergency = false; ///< inside a word too wide for any line
  bool link_next = false; ///< the next line starts with (a piece of) a web or e-mail address
};

/// The width available to line `index` (0-based) of the paragraph: a function of `index`
/// alone (the breaker asks once per line number it meets in a row).
using LineWidthFn = std::function<Pt(std::size_t index)>;

enum class BreakMode : std::uint8_t { kGreedy, kOptimal };

struct BreakOptions {
  BreakMode mode = BreakMode::kOptimal;
  bool justify = false;  ///< lines are stretched to the width (affects which fits are good)
};

/// Whether the justified line from `a` to `b` is set ragged: it holds or precedes (a piece
/// of) a web or e-mail address and would stretch its spaces beyond twice their width
/// ("You   can   watch ... at" before a long address in a narrow column).
[[nodiscard]] bool set_ragged(const Breakpoint& a, const Breakpoint& b, Pt width, const BreakOptions& options);

/// How far the line from `a` to `b` is stretched (> 0) or shrunk (< 0) to fill `width`,
/// as TeX's glue ratio (1 = all its stretch used); infinity when it does not fit.
[[nodiscard]] double line_ratio(const Breakpoint& a, const Breakpoint& b, Pt width,
                                const BreakOptions& options, bool last);

/// Chooses line ends. `points[0]` must be the paragraph start (pos 0, all totals 0) and
/// the last point a forced break at the paragraph end. Returns the indices into `points`
/// of each line's end, in order; never empty for a non-empty paragraph, and every line
/// advances by at least one point, so the result always terminates.
[[nodiscard]] std::vector<std::size_t> break_lines(const std::vector<Breakpoint>& points,
                                                   const LineWidthFn& width,
                                                   const BreakOptions& options);

}  // namespace handout
