// FlateDecode for the streams the PDF writer compresses itself (page content, font files,
// CIDToGIDMap, ToUnicode): libdeflate, which compresses a whole buffer at once and faster
// than zlib at the same or a better ratio. One compressor per thread, made on first use and
// remade in the same memory when another level is asked for.
#pragma once

#include <string>
#include <string_view>

namespace handout {

/// The level of a caller that names none (tests). Every stream the writer makes has its own
/// level below; 7 was the first single level chosen by measurement (against zlib's
/// default that libharu used, the lowest that left none of the 72 bundled samples larger).
inline constexpr int kPdfDeflateLevel = 7;

/// Levels per stream kind, chosen by measurement (session 11): every stream of the 80 bundled
/// sample renders deflated at each libdeflate level, instructions counted by callgrind on the
/// seed's four renders (en, ar, bilingual parallel and sequential, A4). Each of the 80 files
/// comes out at or below its size with session 10's levels (content 8, fonts 4, CMaps 5,
/// object streams 6, cross-reference 7), the font subsets having lost their name table.
/// - Font files at 1: 1.3% larger than at 4 (the 80 files) for 36% fewer instructions
///   (10.1 -> 6.4 M the four seeds); dropping the subsets' name table (pdf_fonts.cpp) more
///   than pays for it.
/// - ToUnicode CMaps at 1: +6% bytes (8,934 -> 9,516 the four seeds) for 1.3 M fewer (-46%).
/// - CIDToGIDMaps and the cross-reference stream at 1: smaller than at 5 and 7 (2,046 -> 1,999
///   and 1,106 -> 1,093 bytes) and cheaper (0.82 -> 0.62 M, 0.69 -> 0.39 M): a few hundred
///   bytes each, where the per-call set-up is most of the cost.
/// - Page content at 6: 73,208 bytes for 18.0 M, against 72,424 for 25.2 M at 8 (7: 72,841,
///   19.6 M; 5: 73,786, 16.8 M, which leaves both bilingual seeds larger than before).
/// - Object streams at 5: 34,308 bytes for 9.9 M, against 33,857 for 11.4 M at 6 (4: 36,561
///   for 8.1 M, which leaves 5 files larger than before).
/// Fonts, CMaps and the cross-reference stream share one level, so a render switches
/// compressors (about 32 K instructions each) 4 times rather than 11.
inline constexpr int kFontFileDeflateLevel = 1;
inline constexpr int kCMapDeflateLevel = 1;
inline constexpr int kContentDeflateLevel = 6;
inline constexpr int kObjectStreamDeflateLevel = 5;
inline constexpr int kXrefDeflateLevel = 1;

/// A PNG picture's samples (and alpha), deflated once when the picture is loaded. At 7 the
/// bundled pictures come out smaller in all than with zlib's default level, which they were
/// deflated with before (12,479 bytes against 12,588 the three) for about half the
/// instructions (showcase's 562 KB of samples: 33.4 M with zlib, ~18 M here).
inline constexpr int kImageDeflateLevel = 7;

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
