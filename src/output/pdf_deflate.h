// FlateDecode for the streams the PDF writer compresses itself (page content, font files,
// CIDToGIDMap, ToUnicode): libdeflate, which compresses a whole buffer at once and faster
// than zlib at the same or a better ratio. One compressor per thread, made on first use and
// remade in the same memory when another level is asked for.
#pragma once

#include <string>
#include <string_view>

namespace handout {

/// The compression level used for every stream (libdeflate's 1..12), chosen by measurement
/// on the bundled samples (72 PDFs) against zlib's default level that libharu used:
/// level 6 left 16 files larger; 7 leaves none larger (-0.3% in all) and costs fewer
/// instructions than zlib did (seed en 121.4 -> 117.7 M, ar 117.6 -> 111.3 M);
/// 8 and 9 cost more than zlib for another -0.3%; 10 and up cost +50 M a seed.
inline constexpr int kPdfDeflateLevel = 7;

/// Levels for the streams whose bytes deflate differently, measured on the seed's streams
/// (libdeflate, instructions by callgrind): font files at 4 rather than 7 are 0.7-0.9% larger
/// for 12-15% fewer instructions (English 11,045 -> 11,127 bytes, 1.53 -> 1.35 M; Arabic
/// 21,707 -> 21,910 bytes, 3.08 -> 2.64 M); ToUnicode CMaps and CIDToGIDMaps are the same
/// size (+-3 bytes) at 5 as at 7 for 20-24% fewer (English 0.53 -> 0.43 M, Arabic 0.88 ->
/// 0.67 M). Page content at 8 since its glyphs are written as two-byte literal strings
/// rather than hex (a quarter fewer bytes to deflate): the seed's content at 6 / 7 / 8,
/// English 10,381 / 10,334 / 10,294 bytes for 2.76 / 2.92 / 3.59 M instructions, Arabic
/// 13,458 / 13,378 / 13,308 for 3.17 / 3.47 / 4.37 M (hex at 6, as before: English 10,932
/// for 4.30 M, Arabic 13,749 for 4.36 M). 7 and below leave some bundled samples larger
/// than with hex at 6 (wound-care Arabic tri-fold: its QR codes are most of its content).
/// Object streams (the dictionaries and the structure tree) at 6: seed English / Arabic /
/// parallel 5,952 / 6,428 / 10,411 bytes at 6, 5,899 / 6,384 / 10,370 at 7, for 7.6
/// rather than 10.1 M instructions the three (8: -1% bytes for twice the instructions).
inline constexpr int kFontFileDeflateLevel = 4;
inline constexpr int kCMapDeflateLevel = 5;
inline constexpr int kContentDeflateLevel = 8;
inline constexpr int kObjectStreamDeflateLevel = 6;

/// `data` as a zlib stream (what FlateDecode reads), appended to `out`.
void deflate_append(std::string_view data, std::string& out, int level = kPdfDeflateLevel);

/// Bytes kept packed in memory for a while (not written): raw deflate at the fastest
/// level, into `out` (replaced; sized to fit).
inline constexpr int kPackLevel = 1;
void pack_bytes(std::string_view data, std::string& out);
/// pack_bytes()'s `size` bytes back into `out`; false if `packed` is not that.
[[nodiscard]] bool unpack_bytes(std::string_view packed, std::size_t size, std::string& out);

/// How many blocks of memory this thread's compressors were given (they share one: a new
/// level reuses the block of the previous one, unless it needs a larger one). For tests.
[[nodiscard]] std::size_t deflate_blocks_made();

/// `data` as a zlib stream.
[[nodiscard]] std::string deflate_bytes(std::string_view data, int level = kPdfDeflateLevel);

}  // namespace handout
