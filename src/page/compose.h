// The page stage: once the page count is known, place the regions on pages (columns
// mirrored in right-to-left articles), add the running header and footer with
// "page N of M" in the document's language and digits, and fill in the metadata.
#pragma once

#include <array>

#include "block/context.h"
#include "flow/paginate.h"

namespace handout {

struct ComposeOptions {
  long long creation_time = 0;  ///< seconds since the epoch
  /// Column geometry; 0 columns: the spec's. Regions fill columns in order.
  int columns = 0;
  Pt column_gap;
  /// Whether the first column is on the right in a right-to-left article (true for an
  /// article's own columns; false for the language columns of a parallel layout).
  bool mirror_columns = true;
  bool rule_between_columns = false;
};

[[nodiscard]] Document compose_pages(BlockContext& ctx, Pagination pagination,
                                     const ComposeOptions& options);

/// Fills a furniture template (placeholders in spec/placeholders.h) for the context's
/// article and brand: numbers and dates in the digits the spec sets for the language
/// ({page:LANG} for another's), links and the phone number as one left-to-right run.
/// Widths of a header's or footer's start, center and end texts (natural widths in, 0 for
/// none) on one line of `width` with at least `gap` between them: a text that fits its
/// share keeps its width, the longest gives (it is cut with an ellipsis); a centred text
/// stays centred. Pure; exposed for tests.
[[nodiscard]] std::array<Pt, 3> share_slots(const std::array<Pt, 3>& natural, Pt width, Pt gap);

[[nodiscard]] std::string fill_template(const BlockContext& ctx, const std::string& tmpl, long page, long pages);

}  // namespace handout
