// Text traces of the text and para stages (libraqm-style): bidi levels, runs with their
// glyph strings, and lines in visual order. Golden tests diff them.
#pragma once

#include <string>
#include <vector>

#include "para/line_builder.h"

namespace handout {

/// Levels (one digit per code point), runs (range, level, script, font, glyphs as
/// gid=cluster+advance) and lines (range, then runs in visual order with their text).
[[nodiscard]] std::string trace_paragraph(const ShapedParagraph& para, const std::vector<Line>& lines,
                                          const FontBook& book);

}  // namespace handout
