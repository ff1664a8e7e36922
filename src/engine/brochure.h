// Folded brochures (a tri-fold sheet): the cover and back panels show what the layout
// names, the article flows through the other panels in reading order, and text that does
// not fit shrinks within the layout's bound (reported) or is refused with its location.
#pragma once

#include <optional>
#include <vector>

#include "core/display.h"
#include "model/article.h"
#include "spec/layout_spec.h"

namespace handout {

class Engine;
struct RenderOptions;

/// A laid-out brochure: its two sides (outside, inside) and the x of each side's folds.
struct Brochure {
  Document document;
  std::vector<std::vector<Pt>> folds;
};

[[nodiscard]] std::optional<Brochure> layout_brochure(Engine& engine, const Article& article,
                                                      const LayoutSpec& spec, DiagSink& sink,
                                                      const RenderOptions& options);

}  // namespace handout
