// Object streams for libharu's output. libharu 2.3.0 writes every object at the top level
// with a classic cross-reference table; a tagged handout has hundreds of small dictionaries
// (structure elements, MCRs, annotations, pages) that then cost more than its text. This pass
// takes the saved file apart by its own cross-reference table and writes it again (PDF 1.5,
// ISO 32000-1 7.5.7 and 7.5.8): streams stay where they were, byte for byte; every other
// object goes into deflated object streams; a cross-reference stream (PNG Up predictor)
// replaces the table and carries the trailer's entries (Root, Info, ID). Object numbers do
// not change, so nothing inside an object is rewritten; objects the caller adds (AddedObjects)
// are numbered after the file's own. Deterministic: the same file gives the same bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace handout {

/// Objects the pass writes besides the file's own (the structure tree and the outline, which
/// are never built as libharu objects): `count` objects numbered from the file's /Size up, in the same object
/// streams after the file's objects, and the value of `placeholder`, an object of the file
/// (an empty dictionary the caller had libharu write, so that the file refers to it).
struct AddedObjects {
  std::uint64_t placeholder = 0;
  std::size_t count = 0;
  /// Appends the value of added object `i` (numbered first + i), or for i == count the
  /// placeholder's value.
  std::function<void(std::string& out, std::size_t i, std::uint64_t first)> write;
};

struct RepackOptions {
  bool compress = true;                 ///< deflate the object and cross-reference streams
  std::size_t objects_per_stream = 1000;  ///< bounds what a reader decodes to reach one object
  /// Groups of added objects, numbered one group after another.
  std::vector<const AddedObjects*> added;
  /// Called once every added object is written (before the file is put together): what
  /// wrote them may go then (a long document's structure tree is megabytes).
  std::function<void()> added_written;
};

/// The file `pdf` (as libharu writes it: one cross-reference section, every object of
/// generation 0) with its non-stream objects in object streams and a cross-reference
/// stream. Nothing when `pdf` is not laid out that way; `why` then says what was wrong.
[[nodiscard]] std::optional<std::string> pack_object_streams(std::string_view pdf, const RepackOptions& options,
                                                             std::string* why = nullptr);

}  // namespace handout
