// Deflate (zlib streams and raw packed bytes) with libdeflate, which compresses a whole
// buffer at once and faster than zlib at the same or a better ratio. One compressor per
// thread, made on first use and remade in the same memory when another level is asked for.
// Used by the PDF writer's streams (output/pdf_deflate.h has their levels) and by pictures.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace handout {

/// The level of a caller that names none; 7 was the first single level chosen by measurement
/// (against zlib's default that libharu used, the lowest that left none of the 72 bundled
/// samples larger). Each kind of PDF stream has its own (output/pdf_deflate.h).
inline constexpr int kDefaultDeflateLevel = 7;

/// `data` as a zlib stream (what FlateDecode reads), appended to `out`.
void deflate_append(std::string_view data, std::string& out, int level = kDefaultDeflateLevel);

/// Bytes kept packed in memory for a while (not written): raw deflate at the fastest
/// level, into `out` (replaced; sized to fit).
inline constexpr int kPackLevel = 1;
void pack_bytes(std::string_view data, std::string& out);
/// pack_bytes()'s `size` bytes back into `out`; false if `packed` is not that.
[[nodiscard]] bool unpack_bytes(std::string_view packed, std::size_t size, std::string& out);

/// A zlib stream (all of `zlib`, nothing after it) of exactly `size` bytes, into `out`
/// (replaced); false if it is not that (damaged, shorter, longer, or followed by more).
[[nodiscard]] bool inflate_zlib(std::string_view zlib, std::size_t size, std::string& out);

/// How many blocks of memory this thread's compressors were given (they share one: a new
/// level reuses the block of the previous one, unless it needs a larger one), made here or
/// readied by another thread. For tests.
[[nodiscard]] std::size_t deflate_blocks_made();
/// How many readied blocks wait for a thread (ready_deflate_block): 0 or 1. For tests.
[[nodiscard]] std::size_t deflate_blocks_ready();

/// Makes, on this thread, the memory of a compressor at `level` and touches it (one small
/// compression), then leaves it for the next thread whose first compressor fits in it: a
/// render's second thread readies the block the main thread's first deflate at the end of
/// the PDF would otherwise fault in (about 75 fresh pages at level 1). No-op while one block
/// waits already.
void ready_deflate_block(int level);

/// `data` as a zlib stream.
[[nodiscard]] std::string deflate_bytes(std::string_view data, int level = kDefaultDeflateLevel);

}  // namespace handout
