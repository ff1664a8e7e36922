#pragma once
// PostScript (CFF) outlines made TrueType outlines, for embedding.
//
// The PDF writer embeds every font as a CIDFontType2 (FontFile2, TrueType outlines) with a
// CIDToGIDMap, so that one glyph may have a CID for each text it stands for (ToUnicode). A
// CIDFontType0 (FontFile3) has no such map: its CIDs are its glyphs. So a font with CFF
// outlines (most .otf files) has its subset rewritten here with TrueType outlines: each
// glyph's cubic Béziers, read by FreeType in font units, become quadratic splines within
// kCffToGlyfTolerance font units, the contours turned clockwise as TrueType draws them, and
// the font's glyf, loca and maxp (1.0) tables written in place of its CFF table. Metrics
// (hmtx, hhea, OS/2, head's box) are kept; hinting is dropped, as for every subset.

#include <string>
#include <string_view>

namespace handout {

/// How far (font units; a font has 1,000-2,048 to the em) a quadratic spline may stray from
/// the cubic it replaces: 0.001 em at most, about 0.01 pt in 10 pt text.
inline constexpr double kCffToGlyfTolerance = 1.0;

/// `otf`, an OpenType font with a CFF or CFF2 table, as a TrueType font with the same glyphs
/// (ids, advances) and outlines within kCffToGlyfTolerance. False, with `error` set, when
/// the font's tables are missing or damaged or the outlines do not fit TrueType's limits.
bool truetype_from_cff(std::string_view otf, std::string& out, std::string& error);

}  // namespace handout
