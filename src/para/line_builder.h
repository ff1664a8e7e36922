// Line building: break a shaped paragraph into lines (through the pure breaker), then
// for each line reshape unsafe edges, trim trailing spaces, reorder runs to visual order
// (UAX #9 L2), add a hyphen where one was chosen, and align or justify.
#pragma once

#include <memory>
#include <vector>

#include "para/line_breaker.h"
#include "style/style.h"
#include "text/shaper.h"

namespace handout {

/// A glyph placed on a line, with its advance after justification.
struct PlacedGlyph {
  std::uint32_t gid = 0;
  std::uint32_t cluster = 0;  ///< code point index in the paragraph; kNoCluster for a hyphen, kKashidaCluster for a kashida
  Pt advance;
  Pt x_offset;
  Pt y_offset;
  bool operator==(const PlacedGlyph&) const = default;
};
inline constexpr std::uint32_t kNoCluster = 0xFFFFFFFFu;
/// The cluster of a tatweel glyph added by kashida justification (it stands for no text).
inline constexpr std::uint32_t kKashidaCluster = 0xFFFFFFFEu;

/// A run on a line, in visual order, positioned from the line's left edge.
struct LineRun {
  FontId font = 0;
  std::uint16_t style = 0;
  std::uint8_t level = 0;
  Pt size;
  Range chars;
  Pt x;
  Pt width;
  std::vector<PlacedGlyph> glyphs;
  [[nodiscard]] bool rtl() const { return (level & 1) != 0; }
  bool operator==(const LineRun&) const = default;
};

/// One line: its runs in visual order, its box, and which text it holds.
struct Line {
  Range chars;
  Pt width;      ///< width of the content after alignment (justified lines fill the measure)
  Pt ascent;     ///< above the baseline, leading included (CSS inline box model)
  Pt descent;    ///< below the baseline, leading included
  bool hyphenated = false;
  bool emergency = false;  ///< broken inside a word that was wider than the line
  std::vector<LineRun> runs;
  [[nodiscard]] Pt height() const { return ascent + descent; }
  bool operator==(const Line&) const = default;
};

struct ParagraphOptions {
  Align align = Align::kStart;
  double leading = 1.4;  ///< line height as a multiple of each run's size
  BreakMode mode = BreakMode::kOptimal;
  /// Justified Arabic is stretched by kashida before spaces (the layout's "justify": "kashida").
  bool kashida = false;
  /// Hyphenate only a word wider than the measure, which would otherwise be broken between
  /// letters (table cells: a short ragged line reads better there than a hyphen,
  /// "Inhaler | (preventer)" rather than "Inhaler (pre-|venter)").
  bool hyphenate_long_words_only = false;
};

/// Lines of a shaped paragraph for the widths that `width` gives per line index.
/// Breaks first without hyphenation, and again with it only when some line would be too
/// loose (so `para` may gain hyphenation points).
/// With a shaping cache, `kept` (when given) receives the cache's record of these lines
/// when they were taken from it (else it is reset): an identity that later steps may key
/// their own results by (kept_line reads the record). Only lines set before get one, so
/// that what is set once (most of a batch of different articles) costs nothing more.
[[nodiscard]] std::vector<Line> build_lines(ShapedParagraph& para, TextShaper& shaper,
                                            const LineWidthFn& width,
                                            const ParagraphOptions& options,
                                            std::shared_ptr<const void>* kept = nullptr);

/// Line `i` as the cache's record `kept` (from build_lines) holds it, and the paragraph
/// those lines were built from; null when it holds no such line.
[[nodiscard]] const Line* kept_line(const void* kept, std::size_t i);
[[nodiscard]] const ShapedParagraph* kept_origin(const void* kept);

/// The break points of a paragraph (exposed for tests and tracing).
/// `kashida`, when given, is the stretch kashida adds after each code point (TeX-like: a
/// line's stretch is its spaces' and its words' kashida).
[[nodiscard]] std::vector<Breakpoint> collect_breakpoints(const ShapedParagraph& para,
                                                          TextShaper& shaper, Pt narrowest,
                                                          const std::vector<Pt>* kashida = nullptr);

}  // namespace handout
