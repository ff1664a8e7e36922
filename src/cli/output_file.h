// Writing an output file so that it is either complete or absent: a temporary file in
// the same folder, flushed to disk, then renamed over the final name.
#pragma once

#include <string>
#include <string_view>

#include "core/diag.h"

namespace handout {

/// Writes `bytes` to `path` atomically. On failure reports why and leaves no file.
[[nodiscard]] bool write_file_atomically(const std::string& path, std::string_view bytes,
                                         DiagSink& sink);

}  // namespace handout
