// FlateDecode levels for the streams the PDF writer compresses itself (page content, font
// files, CIDToGIDMap, ToUnicode, object and cross-reference streams). The compressor
// (libdeflate, one per thread) is core/deflate.h's, which pictures use too.
#pragma once

#include "core/deflate.h"

namespace handout {

/// The level of a caller that names none (tests): core/deflate.h's default.
inline constexpr int kPdfDeflateLevel = kDefaultDeflateLevel;

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
/// Measured again in session 14 (bench/deflate_levels.sh; whole renders, the four seeds'
/// bytes 227,333 and 307.2 M instructions with these levels; the 55 bundled renders
/// 2,613,344 bytes): 6 and 5 are kept. Content at 1 saves 9.1 M (-2.9%; ar 56.1 -> 54.5 M)
/// for 5,942 more bytes (+2.6%; the 55 renders +1.3%), which leaves English at 35,673 bytes
/// against issue 17's bound of 36 KB; at 4, 3.6 M (-1.2%) for +1.2% (the 55: +0.6%); at 5,
/// 1.1 M for +0.2%. Object streams at 1 save 5.5 M (-1.8%) for +2.3%; at 4, 1.7 M for +1.0%.
/// Both at 1 take English to 36,506 bytes, over the bound.
/// Object streams at 1 since session 23: a render's page content and fonts are deflated on its
/// second thread, but the object stream is the last thing made, on the main thread, after the
/// file is saved: at 5 it held the end of an Arabic seed render for 0.3 ms (100 alternating
/// runs: 8.14 -> 7.83 ms; 55.49 -> 54.53 M instructions with one thread). The seeds grow by
/// 826-832 bytes (English 34,791 -> 35,617, Arabic 52,915 -> 53,747; parallel 71,786 ->
/// 73,536), still under issue 17's bounds (36 / 56 / 84 KB); the 55 bundled renders +1.2%.
/// Level 2 saved 0.1 ms for +592 bytes.
inline constexpr int kFontFileDeflateLevel = 1;
inline constexpr int kCMapDeflateLevel = 1;
inline constexpr int kContentDeflateLevel = 6;
inline constexpr int kObjectStreamDeflateLevel = 1;
inline constexpr int kXrefDeflateLevel = 1;

}  // namespace handout
