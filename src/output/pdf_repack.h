// Object streams for libharu's output. libharu 2.3.0 writes every object at the top level
// with a classic cross-reference table; a tagged handout has hundreds of small dictionaries
// (structure elements, MCRs, annotations, pages) that then cost more than its text. This pass
// takes the saved file apart by its own cross-reference table and writes it again (PDF 1.5,
// ISO 32000-1 7.5.7 and 7.5.8): streams stay where they were, byte for byte; every other
// object goes into deflated object streams; a cross-reference stream (PNG Up predictor)
// replaces the table and carries the trailer's entries (Root, Info, ID). Object numbers do
// not change, so nothing inside an object is rewritten. Deterministic: the same file gives
// the same bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace handout {

struct RepackOptions {
  bool compress = true;                 ///< deflate the object and cross-reference streams
  std::size_t objects_per_stream = 1000;  ///< bounds what a reader decodes to reach one object
};

/// The file `pdf` (as libharu writes it: one cross-reference section, every object of
/// generation 0) with its non-stream objects in object streams and a cross-reference
/// stream. Nothing when `pdf` is not laid out that way; `why` then says what was wrong.
[[nodiscard]] std::optional<std::string> pack_object_streams(std::string_view pdf, const RepackOptions& options,
                                                             std::string* why = nullptr);

}  // namespace handout
