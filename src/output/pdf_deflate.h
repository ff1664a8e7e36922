// FlateDecode for the streams the PDF writer compresses itself (page content, font files,
// CIDToGIDMap, ToUnicode): libdeflate, which compresses a whole buffer at once and faster
// than zlib at the same or a better ratio. One compressor per thread, made on first use.
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

/// `data` as a zlib stream (what FlateDecode reads), appended to `out`.
void deflate_append(std::string_view data, std::string& out, int level = kPdfDeflateLevel);

/// `data` as a zlib stream.
[[nodiscard]] std::string deflate_bytes(std::string_view data, int level = kPdfDeflateLevel);

}  // namespace handout
