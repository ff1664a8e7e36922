// Text items store glyphs in 24 bytes each; what few glyphs have beyond that (an offset
// above the baseline, a text longer than 65,534 bytes) is kept beside them, and reads back
// exactly, in place, whatever the mix.
#include <gtest/gtest.h>

#include "core/display.h"

namespace handout {
namespace {

TEST(DisplayGlyph, IsCompact) { EXPECT_EQ(sizeof(DisplayGlyph), 24u); }

TEST(DisplayGlyph, RareFieldsReadBackByIndex) {
  TextItem t;
  t.text = "ab" + std::string(70000, 'x') + "c";
  t.add_glyph(7, Pt(0), Pt(0), Pt(5.25), 0, 1);                       // plain
  t.add_glyph(8, Pt(5.25), Pt(3.125), Pt(0), 1, 1);                   // a raised mark
  t.add_glyph(9, Pt(6), Pt(0), Pt(2), 2, 70000);                      // a long text
  t.add_glyph(10, Pt(8), Pt(-1.5), Pt(1), 70002, 1);                  // a lowered mark
  t.add_glyph(11, Pt(9), Pt(0), Pt(1), 70003, 0);                     // no text
  t.add_glyph(0x12345, Pt(10), Pt(0), Pt(1), 70003, 0);               // no such glyph in OpenType
  ASSERT_EQ(t.glyphs.size(), 6u);
  EXPECT_EQ(t.extras.size(), 3u);
  EXPECT_EQ(t.y_offset(0), Pt(0));
  EXPECT_EQ(t.y_offset(1), Pt(3.125));
  EXPECT_EQ(t.y_offset(2), Pt(0));
  EXPECT_EQ(t.y_offset(3), Pt(-1.5));
  EXPECT_EQ(t.y_offset(4), Pt(0));
  EXPECT_EQ(t.text_length(2), 70000u);
  EXPECT_EQ(t.glyph_text(0), "a");
  EXPECT_EQ(t.glyph_text(1), "b");
  EXPECT_EQ(t.glyph_text(2), std::string(70000, 'x'));
  EXPECT_EQ(t.glyph_text(3), "c");
  EXPECT_TRUE(t.glyph_text(4).empty());
  EXPECT_EQ(t.glyphs[3].gid, 10);
  EXPECT_EQ(t.glyphs[5].gid, 0);  // drawn as .notdef, never as another glyph
  EXPECT_EQ(t.width(), Pt(10.25));
}

// A glyph inserted before others (text_block.cpp, keep_item_starts_for_pdfjs) moves the
// rare fields of the glyphs after it along: each still reads back at its glyph.
TEST(DisplayGlyph, InsertedGlyphKeepsTheOthersRareFields) {
  TextItem t;
  t.text = "ab" + std::string(70000, 'x') + " ";
  t.add_glyph(7, Pt(0), Pt(3.125), Pt(0), 0, 1);   // a raised mark
  t.add_glyph(8, Pt(1), Pt(0), Pt(2), 1, 1);       // plain
  t.add_glyph(9, Pt(3), Pt(0), Pt(2), 2, 70000);   // a long text
  t.insert_glyph(1, 3, Pt(-2), Pt(0), 70002, 1);
  ASSERT_EQ(t.glyphs.size(), 4u);
  EXPECT_EQ(t.y_offset(0), Pt(3.125));
  EXPECT_EQ(t.y_offset(1), Pt(0));
  EXPECT_EQ(t.glyph_text(1), " ");
  EXPECT_EQ(t.glyphs[1].gid, 3);
  EXPECT_EQ(t.glyphs[1].x, Pt(-2));
  EXPECT_EQ(t.glyph_text(2), "b");
  EXPECT_EQ(t.glyph_text(3), std::string(70000, 'x'));
  EXPECT_EQ(t.width(), Pt(4));  // no advance: the item's width is unchanged
}

}  // namespace
}  // namespace handout
