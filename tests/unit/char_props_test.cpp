// The kept answers of core/char_props.h, FontFace::glyph_advance and covers, and a face's invisible glyphs
// agree with HarfBuzz's, asked first and asked again (from what was kept); put_utf8 writes
// what append_utf8 does.
#include <gtest/gtest.h>

#include <hb.h>

#include <optional>
#include <string>

#include "core/char_props.h"
#include "core/utf.h"
#include "font/font_book.h"

namespace handout {
namespace {

bool hb_nonspacing_mark(char32_t c) {
  return hb_unicode_general_category(hb_unicode_funcs_get_default(), c) == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK;
}

bool hb_non_starter(char32_t c) {
  if (c < 0x300) return false;
  hb_unicode_funcs_t* uf = hb_unicode_funcs_get_default();
  if (hb_unicode_combining_class(uf, c) != HB_UNICODE_COMBINING_CLASS_NOT_REORDERED) return true;
  const auto gc = hb_unicode_general_category(uf, c);
  return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK || gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
         gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

TEST(CharProps, AgreeWithHarfBuzzEverywhereTwice) {
  std::size_t marks = 0;
  std::size_t non_starters = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (char32_t c = 0; c < 0x30000; ++c) {
      ASSERT_EQ(is_nonspacing_mark(c), hb_nonspacing_mark(c)) << "U+" << std::hex << static_cast<unsigned>(c);
      ASSERT_EQ(is_non_starter(c), hb_non_starter(c)) << "U+" << std::hex << static_cast<unsigned>(c);
      marks += is_nonspacing_mark(c);
      non_starters += is_non_starter(c);
    }
  }
  // Harakat, shadda and the Latin combining accents are marks; letters and spacing marks are not.
  EXPECT_TRUE(is_nonspacing_mark(0x064E));  // ARABIC FATHA
  EXPECT_TRUE(is_nonspacing_mark(0x0651));  // ARABIC SHADDA
  EXPECT_TRUE(is_nonspacing_mark(0x0301));  // COMBINING ACUTE ACCENT
  EXPECT_FALSE(is_nonspacing_mark(0x0628));  // ARABIC LETTER BEH
  EXPECT_FALSE(is_nonspacing_mark(U'a'));
  EXPECT_FALSE(is_nonspacing_mark(0x0903));  // DEVANAGARI SIGN VISARGA (Mc)
  EXPECT_TRUE(is_non_starter(0x0903));
  EXPECT_GT(marks, 1000u);
  EXPECT_GT(non_starters, marks);
}

TEST(CharProps, CategoryAndScriptAreHarfBuzzsAskedTwice) {
  hb_unicode_funcs_t* uf = hb_unicode_funcs_get_default();
  for (int pass = 0; pass < 2; ++pass) {
    for (char32_t c = 0; c < 0x30000; ++c) {
      ASSERT_EQ(general_category(c), hb_unicode_general_category(uf, c)) << "U+" << std::hex << static_cast<unsigned>(c);
      ASSERT_EQ(script_of(c), hb_unicode_script(uf, c)) << "U+" << std::hex << static_cast<unsigned>(c);
    }
  }
  EXPECT_EQ(script_of(U'a'), HB_SCRIPT_LATIN);
  EXPECT_EQ(script_of(0x0628), HB_SCRIPT_ARABIC);
  EXPECT_EQ(general_category(0x064E), HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK);
  EXPECT_EQ(general_category(0x200D), HB_UNICODE_GENERAL_CATEGORY_FORMAT);
}

// The face of a bundled font, loaded into `book`.
const FontFace& bundled_face(FontBook& book, const char* file) {
  DiagSink sink;
  const auto id = book.load(std::string(HANDOUT_SOURCE_DIR) + "/fonts/" + file, sink, Location{});
  EXPECT_TRUE(id) << file;
  return book.face(id.value_or(0));
}

TEST(CharProps, GlyphAdvancesAreHarfBuzzsAskedTwice) {
  for (const char* file : {"NotoSans-Regular.ttf", "NotoNaskhArabic-Regular.ttf"}) {
    FontBook book;
    const FontFace& face = bundled_face(book, file);
    const unsigned count = hb_face_get_glyph_count(face.face.get());
    ASSERT_GT(count, 100u);
    std::size_t differing = 0;
    for (int pass = 0; pass < 2; ++pass) {
      for (unsigned gid = 0; gid < count + 3; ++gid) {  // and past the last glyph
        const auto expected = static_cast<double>(hb_font_get_glyph_h_advance(face.font.get(), gid));
        ASSERT_EQ(face.glyph_advance(gid).value(), expected) << file << " glyph " << gid;
        differing += gid > 0 && face.glyph_advance(gid).value() != face.glyph_advance(gid - 1).value();
      }
    }
    EXPECT_GT(differing, 50u) << file;  // real, varied advances
  }
}

TEST(CharProps, CoversIsTheCmapsSetAskedTwice) {
  for (const char* file : {"NotoSans-Regular.ttf", "NotoNaskhArabic-Regular.ttf"}) {
    FontBook book;
    const FontFace& face = bundled_face(book, file);
    hb_set_t* set = hb_set_create();
    hb_face_collect_unicodes(face.face.get(), set);
    std::size_t covered = 0;
    for (int pass = 0; pass < 2; ++pass) {
      for (char32_t c = 0; c < 0x30000; ++c) {
        ASSERT_EQ(face.covers(c), static_cast<bool>(hb_set_has(set, c))) << file << " U+" << std::hex << static_cast<unsigned>(c);
        covered += face.covers(c);
      }
    }
    hb_set_destroy(set);
    EXPECT_GT(covered, 400u) << file;
  }
}

TEST(FontFaceInvisibleGlyphs, SpaceAndEmptyGlyphsAreHarfBuzzsKept) {
  for (const char* file : {"NotoSans-Regular.ttf", "NotoNaskhArabic-Regular.ttf"}) {
    FontBook book;
    const FontFace& face = bundled_face(book, file);
    hb_codepoint_t space = 0;
    ASSERT_TRUE(hb_font_get_nominal_glyph(face.font.get(), U' ', &space)) << file;
    for (int pass = 0; pass < 2; ++pass) {  // found, then kept
      ASSERT_EQ(face.space_glyph(), std::optional<std::uint32_t>(space)) << file;
      const std::optional<std::uint32_t> empty = face.empty_glyph();
      ASSERT_TRUE(empty) << file;  // Noto has a glyph for the zero-width joiner and its kin
      EXPECT_NE(*empty, space) << file;
      EXPECT_EQ(face.glyph_advance(*empty).value(), 0) << file;
      hb_glyph_extents_t ext{};
      if (hb_font_get_glyph_extents(face.font.get(), *empty, &ext)) {
        EXPECT_EQ(ext.width, 0) << file;
        EXPECT_EQ(ext.height, 0) << file;
      }
      // It is the glyph of one of the invisible characters.
      bool invisible = false;
      for (char32_t c : {U'\u200D', U'\u200C', U'\u2060', U'\u200B', U'\uFEFF'}) {
        hb_codepoint_t g = 0;
        invisible = invisible || (hb_font_get_nominal_glyph(face.font.get(), c, &g) && g == *empty);
      }
      EXPECT_TRUE(invisible) << file;
    }
  }
}

}  // namespace
}  // namespace handout

namespace handout {
namespace {

TEST(Utf8, PutUtf8WritesWhatNextUtf8Reads) {
  EXPECT_EQ(utf32_to_utf8(U"e\u00E9\u20AC\U0001D11E"), "e\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E");
  for (char32_t c = 0; c < 0x110000; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;  // surrogates are no characters
    char buf[4];
    const char* end = put_utf8(buf, c);
    const std::string_view s(buf, static_cast<std::size_t>(end - buf));
    ASSERT_EQ(s.size(), utf8_length(c)) << static_cast<unsigned>(c);
    std::string appended;
    append_utf8(appended, c);
    ASSERT_EQ(appended, s) << static_cast<unsigned>(c);
    ASSERT_TRUE(is_valid_utf8(s)) << static_cast<unsigned>(c);
    std::size_t i = 0;
    ASSERT_EQ(next_utf8(s, i), c);
    ASSERT_EQ(i, s.size());
  }
}

}  // namespace
}  // namespace handout
