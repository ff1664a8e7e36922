// Fonts with PostScript (CFF) outlines are embedded with TrueType outlines made from them
// (output/cff_to_glyf.h): every glyph must draw as the original does, with its advance.
#include "output/cff_to_glyf.h"

#include <gtest/gtest.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_FONT_FORMATS_H
#include FT_TRUETYPE_TABLES_H
#include FT_MODULE_H
#include FT_DRIVER_H

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace handout {
namespace {

// Debian's fonts-urw-base35 (scripts/setup.sh installs it): CFF faces of several designs.
const char* const kOtfDir = "/usr/share/fonts/opentype/urw-base35/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Ft {
  FT_Library lib = nullptr;
  Ft() {
    FT_Init_FreeType(&lib);
    FT_Bool no = 1;
    FT_Property_Set(lib, "cff", "no-stem-darkening", &no);
  }
  ~Ft() { FT_Done_FreeType(lib); }
};

// The glyph drawn unhinted at `ppem`, into a canvas with its origin at (pad, pad from the
// bottom), so that two drawings compare pixel for pixel.
std::vector<int> draw(FT_Face face, unsigned gid, int ppem, FT_Pos& advance) {
  constexpr int kSize = 160, kPad = 40;
  std::vector<int> canvas(kSize * kSize, 0);
  FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(ppem));
  if (FT_Load_Glyph(face, gid, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP | FT_LOAD_RENDER) != 0) return {};
  const FT_Bitmap& b = face->glyph->bitmap;
  for (unsigned r = 0; r < b.rows; ++r) {
    for (unsigned c = 0; c < b.width; ++c) {
      const int x = kPad + face->glyph->bitmap_left + static_cast<int>(c);
      const int y = kSize - kPad - face->glyph->bitmap_top + static_cast<int>(r);
      if (x < 0 || y < 0 || x >= kSize || y >= kSize) continue;
      canvas[static_cast<std::size_t>(y * kSize + x)] = b.buffer[r * static_cast<unsigned>(b.pitch) + c];
    }
  }
  FT_Load_Glyph(face, gid, FT_LOAD_NO_SCALE);
  advance = face->glyph->advance.x;
  return canvas;
}

TEST(CffToGlyf, EveryGlyphDrawsAsItsPostScriptOutline) {
  for (const char* name : {"NimbusSans-Regular.otf", "C059-Italic.otf", "NimbusMonoPS-BoldItalic.otf",
                           "URWBookman-Light.otf", "StandardSymbolsPS.otf"}) {
    const std::string otf = read_file(std::string(kOtfDir) + name);
    ASSERT_FALSE(otf.empty()) << kOtfDir << name << " is missing (Debian's fonts-urw-base35)";
    std::string ttf, error;
    ASSERT_TRUE(truetype_from_cff(otf, ttf, error)) << name << ": " << error;
    Ft ft;
    FT_Face a = nullptr, b = nullptr;
    ASSERT_EQ(FT_New_Memory_Face(ft.lib, reinterpret_cast<const FT_Byte*>(otf.data()), static_cast<FT_Long>(otf.size()), 0, &a), 0);
    ASSERT_EQ(FT_New_Memory_Face(ft.lib, reinterpret_cast<const FT_Byte*>(ttf.data()), static_cast<FT_Long>(ttf.size()), 0, &b), 0)
        << name << ": FreeType cannot read the TrueType font";
    EXPECT_STREQ(FT_Get_Font_Format(b), "TrueType") << name;
    EXPECT_EQ(FT_Get_Sfnt_Table(b, FT_SFNT_MAXP) != nullptr, true);
    ASSERT_EQ(a->num_glyphs, b->num_glyphs) << name;
    EXPECT_EQ(a->units_per_EM, b->units_per_EM) << name;
    long ink = 0, off = 0, drawn = 0;
    int worst_pixel = 0;
    double worst_share = 0;
    for (FT_Long gid = 0; gid < a->num_glyphs; ++gid) {
      FT_Pos adv_a = 0, adv_b = 0;
      const auto pa = draw(a, static_cast<unsigned>(gid), 48, adv_a);
      const auto pb = draw(b, static_cast<unsigned>(gid), 48, adv_b);
      ASSERT_FALSE(pa.empty() || pb.empty()) << name << " glyph " << gid;
      EXPECT_EQ(adv_a, adv_b) << name << " glyph " << gid << ": advance";
      long glyph_ink = 0, glyph_off = 0;
      int worst = 0;
      for (std::size_t i = 0; i < pa.size(); ++i) {
        glyph_ink += pa[i];
        glyph_off += std::abs(pa[i] - pb[i]);
        worst = std::max(worst, std::abs(pa[i] - pb[i]));
      }
      // Outlines within a font unit of each other (TrueType's are whole units) differ only in
      // how much of an edge pixel they cover: no pixel by more than a quarter of black, and
      // each glyph by a few percent of its ink at most.
      EXPECT_LE(worst, 64) << name << " glyph " << gid;
      EXPECT_LE(glyph_off, glyph_ink / 25 + 255) << name << " glyph " << gid;
      worst_pixel = std::max(worst_pixel, worst);
      if (glyph_ink > 0) worst_share = std::max(worst_share, static_cast<double>(glyph_off) / static_cast<double>(glyph_ink));
      ink += glyph_ink;
      off += glyph_off;
      drawn += glyph_ink > 0;
    }
    EXPECT_GT(drawn, 100) << name;
    EXPECT_LE(off, ink / 100) << name << ": the glyphs differ by " << off << " of " << ink;  // 1% in all
    std::printf("%s: %ld glyphs drawn, differing by %.2f%% of their ink (the most for one glyph %.2f%%, one pixel %d/255)\n",
                name, drawn, 100.0 * static_cast<double>(off) / static_cast<double>(ink), 100.0 * worst_share, worst_pixel);
    FT_Done_Face(a);
    FT_Done_Face(b);
  }
}

TEST(CffToGlyf, DamagedFontsAreRefusedNotRead) {
  const std::string otf = read_file(std::string(kOtfDir) + "NimbusSans-Regular.otf");
  ASSERT_FALSE(otf.empty());
  std::string ttf, error;
  EXPECT_FALSE(truetype_from_cff("", ttf, error));
  EXPECT_FALSE(truetype_from_cff(otf.substr(0, 11), ttf, error));
  // Cut at many places, and with bytes spoiled: refused with a reason, or made whole.
  for (std::size_t cut = 12; cut < otf.size(); cut += otf.size() / 37) {
    error.clear();
    if (!truetype_from_cff(otf.substr(0, cut), ttf, error)) EXPECT_FALSE(error.empty());
  }
  for (std::size_t at = 0; at < otf.size(); at += otf.size() / 53) {
    std::string spoiled = otf;
    spoiled[at] = static_cast<char>(spoiled[at] ^ 0x5a);
    error.clear();
    if (!truetype_from_cff(spoiled, ttf, error)) EXPECT_FALSE(error.empty());
  }
}

}  // namespace
}  // namespace handout
