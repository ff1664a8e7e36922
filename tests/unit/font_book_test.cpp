// FontBook reads a font's italic angle from its 'post' table itself (HarfBuzz's way builds an
// index of every glyph name first); the angle must be the one HarfBuzz gives.
#include <gtest/gtest.h>
#include <hb-ot.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/diag.h"
#include "font/font_book.h"

namespace handout {
namespace {

const std::string kFonts = std::string(HANDOUT_SOURCE_DIR) + "/fonts/";

double angle_from_harfbuzz(const std::string& path) {
  hb_blob_t* blob = hb_blob_create_from_file(path.c_str());
  hb_face_t* face = hb_face_create(blob, 0);
  hb_font_t* font = hb_font_create(face);
  const double angle = static_cast<double>(hb_style_get_value(font, HB_STYLE_TAG_SLANT_ANGLE));
  hb_font_destroy(font);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  return angle;
}

double angle_from_book(const std::string& path) {
  FontBook book;
  DiagSink sink;
  const auto id = book.load(path, sink, Location{});
  if (!id) {
    ADD_FAILURE() << "cannot load " << path;
    return -1000;
  }
  return book.face(*id).italic_angle;
}

TEST(FontBook, ItalicAngleIsHarfBuzzs) {
  for (const char* name : {"NotoSans-Regular.ttf", "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf",
                           "NotoNaskhArabic-Regular.ttf"}) {
    EXPECT_EQ(angle_from_book(kFonts + name), angle_from_harfbuzz(kFonts + name)) << name;
  }
  EXPECT_EQ(angle_from_book(kFonts + "NotoSans-Italic.ttf"), -12.0);
}

// A 'post' table HarfBuzz refuses (a version it does not know, or a glyph name index longer
// than the table) gives 0, as HarfBuzz's does, not the angle written in it.
TEST(FontBook, ItalicAngleOfARefusedPostTableIsZero) {
  std::ifstream in(kFonts + "NotoSans-Italic.ttf", std::ios::binary);
  const std::string font((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(font.size(), 1000u);
  auto u16 = [&](std::size_t at) {
    return static_cast<unsigned>((static_cast<unsigned char>(font[at]) << 8) | static_cast<unsigned char>(font[at + 1]));
  };
  std::size_t post = 0, post_length = 0;
  for (unsigned i = 0; i < u16(4); ++i) {
    const std::size_t record = 12 + 16 * std::size_t{i};
    if (font.compare(record, 4, "post") == 0) {
      post = (std::size_t{u16(record + 8)} << 16) | u16(record + 10);
      post_length = (std::size_t{u16(record + 12)} << 16) | u16(record + 14);
    }
  }
  ASSERT_GT(post, 0u);
  ASSERT_GT(post_length, 34u);
  const std::string dir = ::testing::TempDir();
  int n = 0;
  auto check = [&](std::string changed, const char* what) {
    const std::string path = dir + "/post-" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".ttf";
    std::ofstream(path, std::ios::binary) << changed;
    EXPECT_EQ(angle_from_harfbuzz(path), 0.0) << what;
    EXPECT_EQ(angle_from_book(path), angle_from_harfbuzz(path)) << what;
    std::remove(path.c_str());
  };
  std::string version = font;
  version[post + 1] = 0x04;  // version 4.0
  check(version, "version 4");
  std::string names = font;
  names[post + 32] = static_cast<char>(0xFF);  // 65,280 or more glyph name indices
  names[post + 33] = static_cast<char>(0xFF);
  check(names, "glyph name index past the table");
  // Unchanged, the same file gives the angle written in it.
  const std::string path = dir + "/post-ok-" + std::to_string(getpid()) + ".ttf";
  std::ofstream(path, std::ios::binary) << font;
  EXPECT_EQ(angle_from_book(path), -12.0);
  std::remove(path.c_str());
}

// The shaping font answers a character's glyph from kept answers (FontFace::nominal_glyph);
// every answer, asked first and asked again after others have taken its slot, must be the
// cmap's, and shaping with it must give HarfBuzz's glyphs and positions with the plain font.
TEST(FontBook, KeptGlyphInkIsHarfBuzzsExtents) {
  for (const char* name : {"NotoSans-Regular.ttf", "NotoSans-BoldItalic.ttf", "NotoNaskhArabic-Regular.ttf",
                           "NotoNaskhArabic-Bold.ttf"}) {
    FontBook book;
    DiagSink sink;
    const auto id = book.load(kFonts + name, sink, Location{});
    ASSERT_TRUE(id) << name;
    const FontFace& f = book.face(*id);
    const unsigned n = hb_face_get_glyph_count(f.face.get());
    ASSERT_GT(n, 300u) << name;
    // HarfBuzz's extents as the kept ink: left, right, bottom, top; empty without an outline.
    auto expected = [&f](std::uint32_t gid) {
      hb_glyph_extents_t e{};
      if (!hb_font_get_glyph_extents(f.font.get(), gid, &e) || e.width == 0 || e.height == 0) return FontFace::Ink{};
      return FontFace::Ink{std::min(e.x_bearing, e.x_bearing + e.width), std::max(e.x_bearing, e.x_bearing + e.width),
                           std::min(e.y_bearing, e.y_bearing + e.height), std::max(e.y_bearing, e.y_bearing + e.height)};
    };
    auto same = [](const FontFace::Ink& a, const FontFace::Ink& b) {
      return a.left == b.left && a.right == b.right && a.bottom == b.bottom && a.top == b.top;
    };
    std::size_t negative = 0;
    std::size_t empty = 0;
    // Three passes: asked, then kept; glyph ids past the font's are asked each time.
    for (int pass = 0; pass < 3; ++pass) {
      for (std::uint32_t gid = 0; gid < n + 5; ++gid) {
        const FontFace::Ink got = f.glyph_ink(gid);
        ASSERT_TRUE(same(got, expected(gid))) << name << " glyph " << gid << " pass " << pass;
        if (pass == 0 && !got.empty() && got.left < 0) ++negative;
        if (pass == 0 && got.empty()) ++empty;
      }
    }
    // Both signs of bearing and glyphs without ink were among them.
    EXPECT_GT(negative, 0u) << name;
    EXPECT_GT(empty, 0u) << name;
  }
}

TEST(FontBook, KeptNominalGlyphsAreTheCmaps) {
  for (const char* name : {"NotoSans-Regular.ttf", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"}) {
    FontBook book;
    DiagSink sink;
    const auto id = book.load(kFonts + name, sink, Location{});
    ASSERT_TRUE(id) << name;
    const FontFace& f = book.face(*id);
    std::size_t found = 0;
    for (int pass = 0; pass < 3; ++pass) {
      for (char32_t c = 0; c < 0x30000; c += (c < 0x3000 ? 1 : 7)) {
        hb_codepoint_t want = 0;
        const bool has = hb_font_get_nominal_glyph(f.font.get(), c, &want);
        std::uint32_t got = 0;
        const bool kept = f.nominal_glyph(c, got);
        ASSERT_EQ(kept, has) << name << " U+" << std::hex << static_cast<std::uint32_t>(c) << " pass " << pass;
        if (has) {
          ASSERT_EQ(got, want) << name << " U+" << std::hex << static_cast<std::uint32_t>(c) << " pass " << pass;
          hb_codepoint_t through = 0;
          ASSERT_TRUE(hb_font_get_nominal_glyph(f.shaping_font.get(), c, &through));
          ASSERT_EQ(through, want);
          ++found;
        }
      }
    }
    EXPECT_GT(found, 300u) << name;

    const std::u32string texts[] = {U"The cells (50–100%) ﬁnd their way: office, “quoted” text.",
                                    U"العلاج بالخلايا الجذعية: ١٫٥ إلى ٣ ساعات (٣٠–٤٥ دقيقة)، لِلْمَرِيضِ.",
                                    U"لا إله، وعلى الطبيب؛ «مرحبا» [x] {y} <z>"};
    for (const std::u32string& text : texts) {
      auto shape = [&](hb_font_t* font, std::vector<hb_glyph_info_t>& info, std::vector<hb_glyph_position_t>& pos) {
        hb_buffer_t* buf = hb_buffer_create();
        hb_buffer_add_utf32(buf, reinterpret_cast<const std::uint32_t*>(text.data()), static_cast<int>(text.size()), 0,
                            -1);
        hb_buffer_guess_segment_properties(buf);
        hb_shape(font, buf, nullptr, 0);
        unsigned n = 0;
        const hb_glyph_info_t* i = hb_buffer_get_glyph_infos(buf, &n);
        const hb_glyph_position_t* p = hb_buffer_get_glyph_positions(buf, &n);
        info.assign(i, i + n);
        pos.assign(p, p + n);
        hb_buffer_destroy(buf);
      };
      std::vector<hb_glyph_info_t> info_plain, info_kept;
      std::vector<hb_glyph_position_t> pos_plain, pos_kept;
      shape(f.font.get(), info_plain, pos_plain);
      shape(f.shaping_font.get(), info_kept, pos_kept);
      ASSERT_EQ(info_kept.size(), info_plain.size()) << name;
      for (std::size_t k = 0; k < info_plain.size(); ++k) {
        EXPECT_EQ(info_kept[k].codepoint, info_plain[k].codepoint) << name << " glyph " << k;
        EXPECT_EQ(info_kept[k].cluster, info_plain[k].cluster) << name << " glyph " << k;
        EXPECT_EQ(pos_kept[k].x_advance, pos_plain[k].x_advance) << name << " glyph " << k;
        EXPECT_EQ(pos_kept[k].x_offset, pos_plain[k].x_offset) << name << " glyph " << k;
        EXPECT_EQ(pos_kept[k].y_offset, pos_plain[k].y_offset) << name << " glyph " << k;
      }
    }
  }
}

}  // namespace
}  // namespace handout
