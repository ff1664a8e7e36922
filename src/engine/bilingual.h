// Bilingual handouts: two translations of a topic in one PDF, side by side (parallel)
// or one after the other behind a bilingual cover (sequential).
#pragma once

#include <optional>

#include "block/context.h"
#include "core/display.h"

namespace handout {

class Engine;
struct RenderOptions;

/// Lays out `first` and `second` (already in the spec's order) with the spec's bilingual
/// mode. The articles must correspond (checked by the caller).
[[nodiscard]] std::optional<Document> layout_bilingual(Engine& engine, const Article& first,
                                                       const Article& second, const LayoutSpec& spec,
                                                       DiagSink& sink, const RenderOptions& options);

}  // namespace handout
