// The page stage: once the page count is known, place the regions on pages (columns
// mirrored in right-to-left articles), add the running header and footer with
// "page N of M" in the document's language and digits, and fill in the metadata.
#pragma once

#include "block/context.h"
#include "flow/paginate.h"

namespace handout {

struct ComposeOptions {
  long long creation_time = 0;  ///< seconds since the epoch
};

[[nodiscard]] Document compose_pages(BlockContext& ctx, Pagination pagination,
                                     const ComposeOptions& options);

/// Fills a furniture template: {page}, {pages} and {title}.
[[nodiscard]] std::string fill_template(const std::string& tmpl, const std::string& page,
                                        const std::string& pages, const std::string& title);

}  // namespace handout
