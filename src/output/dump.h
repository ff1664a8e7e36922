// A text dump of a Document: the same layout result the PDF writer reads, as lines a
// golden test can diff. Coordinates in points, rounded to 0.01.
#pragma once

#include <string>

#include "core/display.h"

namespace handout {

/// One line per item: page, kind, position, and for text the role, direction, text and
/// glyphs as gid+advance.
[[nodiscard]] std::string dump_document(const Document& doc, bool with_glyphs = false);

}  // namespace handout
