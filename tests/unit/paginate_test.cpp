// The paginator with fixed-height fake boxes: no fonts, no text.
#include <gtest/gtest.h>

#include <algorithm>

#include "block/table.h"
#include "flow/paginate.h"
#include "flow/parallel.h"
#include "page/compose.h"

namespace handout {
namespace {

// A box of height `h` whose one item is a rectangle tagged by its width (the box's id).
VElem box(double h, int id) {
  VElem e = VElem::box(Pt(h));
  e.items.push_back(RectItem{Rect{Pt(0), Pt(0), Pt(id), Pt(h)}, Color{}, std::nullopt, Pt(0)});
  return e;
}

// Ids of the boxes on each region, in order (a repeated header shows as its id again).
std::vector<std::vector<int>> ids(const Pagination& p) {
  std::vector<std::vector<int>> out;
  for (const auto& r : p.regions) {
    out.emplace_back();
    for (const auto& it : r.items) {
      if (const auto* rect = std::get_if<RectItem>(&it)) out.back().push_back(static_cast<int>(rect->rect.width.value()));
    }
  }
  return out;
}

// A paragraph of `n` lines of 10 pt with widow and orphan control, as blocks make it.
BlockFlow paragraph(int n, int first_id) {
  BlockFlow f;
  for (int i = 0; i < n; ++i) {
    if (i > 0) f.list.push_back(VElem::penalty_of(i == 1 || i == n - 1 ? kNeverBreak : 0));
    f.list.push_back(box(10, first_id + i));
  }
  return f;
}

TEST(Paginate, FillsRegionsInOrder) {
  BlockFlow a = paragraph(6, 1);
  auto p = paginate(assemble({a}), Pt(35));
  // 3 lines fit; breaking after line 3 leaves 3 lines: no widow, no orphan.
  EXPECT_EQ(ids(p), (std::vector<std::vector<int>>{{1, 2, 3}, {4, 5, 6}}));
}

TEST(Paginate, NoOrphansOrWidows) {
  // Region of 45 pt: 4 lines would fit, but that would leave one line (a widow) of 5.
  auto p = paginate(assemble({paragraph(5, 1)}), Pt(45));
  EXPECT_EQ(ids(p), (std::vector<std::vector<int>>{{1, 2, 3}, {4, 5}}));
  // A region of 15 pt holds one line only: an orphan is not allowed, so the paginator
  // must break anyway (keep rules cannot all be met) but still make progress.
  auto q = paginate(assemble({paragraph(4, 1)}), Pt(15));
  std::size_t total = 0;
  for (auto& r : ids(q)) total += r.size();
  EXPECT_EQ(total, 4u);
  EXPECT_FALSE(q.events.empty());
}

TEST(Paginate, HeadingKeptWithTwoLinesOfWhatFollows) {
  BlockFlow intro = paragraph(2, 1);
  BlockFlow heading = paragraph(1, 10);
  heading.keep_with_next = true;
  BlockFlow body = paragraph(6, 20);
  // 2 + heading + 1 line would fit in 40 pt, but the heading must not end a region and
  // needs two lines of the next paragraph with it.
  auto p = paginate(assemble({intro, heading, body}), Pt(40));
  ASSERT_GE(p.regions.size(), 2u);
  EXPECT_EQ(ids(p)[0], (std::vector<int>{1, 2}));
  EXPECT_EQ(ids(p)[1][0], 10);
  EXPECT_EQ(ids(p)[1][1], 20);
  EXPECT_EQ(ids(p)[1][2], 21);
}

TEST(Paginate, GlueVanishesAtTheTopOfARegion) {
  BlockFlow a = paragraph(2, 1);
  a.space_after = Pt(8);
  BlockFlow b = paragraph(2, 10);
  auto p = paginate(assemble({a, b}), Pt(25));
  ASSERT_EQ(p.regions.size(), 2u);
  EXPECT_DOUBLE_EQ(p.regions[1].used.value(), 20);  // no leading space on region 2
}

VList table(int rows, double row_h, int header_id = 100) {
  VList l;
  VElem h = box(10, header_id);
  h.header_of = 7;
  l.push_back(h);
  for (int r = 0; r < rows; ++r) {
    l.push_back(VElem::penalty_of(r == 0 ? kNeverBreak : 0));
    VElem row = box(row_h, 200 + r);
    row.row_of = 7;
    l.push_back(row);
  }
  return l;
}

TEST(Paginate, TableHeaderRepeatsOnEveryRegion) {
  auto p = paginate(table(6, 10), Pt(35));
  auto r = ids(p);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0], (std::vector<int>{100, 200, 201}));
  EXPECT_EQ(r[1], (std::vector<int>{100, 202, 203}));
  EXPECT_EQ(r[2], (std::vector<int>{100, 204, 205}));
}

TEST(Paginate, TableHeaderNeverAloneAtTheBottom) {
  BlockFlow before = paragraph(2, 1);
  BlockFlow t;
  t.list = table(2, 10);
  // 20 pt of text + a 10 pt header fill 30 pt; the header must move with its first row.
  auto p = paginate(assemble({before, t}), Pt(35));
  auto r = ids(p);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], (std::vector<int>{1, 2}));
  EXPECT_EQ(r[1], (std::vector<int>{100, 200, 201}));
}

TEST(Paginate, RowTallerThanARegionIsSplitWithTheHeaderRepeated) {
  VList l = table(1, 100);
  l.back().splits = {Pt(20), Pt(40), Pt(60), Pt(80)};
  auto p = paginate(l, Pt(50));
  ASSERT_GE(p.regions.size(), 3u);
  for (const auto& r : ids(p)) EXPECT_EQ(r.front(), 100);  // header on every region
  bool split_reported = false;
  for (const auto& e : p.events) split_reported |= e.kind == PaginationEvent::Kind::kRowSplit;
  EXPECT_TRUE(split_reported);
  Pt total;
  for (const auto& r : p.regions) total += r.used - Pt(10);
  EXPECT_NEAR(total.value(), 100, 0.01);  // nothing lost
}

TEST(Paginate, RowTallerThanARegionStartsUnderItsHeader) {
  // A first row taller than any region is cut wherever it starts: it starts under its
  // header, which was left alone on a region of its own, the rest of it empty.
  VList l = table(1, 100);
  for (int s = 10; s < 100; s += 10) l.back().splits.push_back(Pt(s));
  auto p = paginate(l, Pt(50));
  auto r = ids(p);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0], (std::vector<int>{100, 200}));
  EXPECT_NEAR(p.regions[0].used.value(), 50, 0.01);
  EXPECT_EQ(r[1], (std::vector<int>{100, 200}));
  EXPECT_EQ(r[2], (std::vector<int>{100, 200}));
  for (const auto& e : p.events) EXPECT_NE(e.kind, PaginationEvent::Kind::kKeepBroken);
  Pt total;
  for (const auto& reg : p.regions) total += reg.used - Pt(10);
  EXPECT_NEAR(total.value(), 100, 0.01);
}

TEST(Paginate, RowTallerThanARegionStartsOnThePageOfWhatComesBefore) {
  // Text, then a table whose first row is taller than any region: the row starts under the
  // text (it is cut wherever it starts), not on the next region with this one mostly empty.
  BlockFlow before = paragraph(2, 1);
  BlockFlow t;
  t.list = table(1, 100);
  for (int s = 10; s < 100; s += 10) t.list.back().splits.push_back(Pt(s));
  auto p = paginate(assemble({before, t}), Pt(50));
  auto r = ids(p);
  ASSERT_GE(r.size(), 3u);
  EXPECT_EQ(r[0], (std::vector<int>{1, 2, 100, 200}));
  EXPECT_NEAR(p.regions[0].used.value(), 50, 0.01);
  // Where only one of its lines would fit, the table moves on whole (no lone line under a
  // header at the page's foot).
  BlockFlow longer = paragraph(3, 1);
  auto q = paginate(assemble({longer, t}), Pt(50));
  EXPECT_EQ(ids(q)[0], (std::vector<int>{1, 2, 3}));
}

TEST(Paginate, StickyRunLongerThanARegionTerminates) {
  // Everything joined by never-break penalties and far taller than a region.
  VList l;
  for (int i = 0; i < 40; ++i) {
    if (i) l.push_back(VElem::penalty_of(kNeverBreak));
    l.push_back(box(10, i + 1));
  }
  auto p = paginate(l, Pt(35));
  std::size_t total = 0;
  for (auto& r : ids(p)) total += r.size();
  EXPECT_EQ(total, 40u);
  EXPECT_LE(p.regions.size(), 14u);
}

TEST(Paginate, BoxWithoutSplitsTallerThanARegionIsCutNotLost) {
  VList l;
  l.push_back(box(120, 1));
  auto p = paginate(l, Pt(50));
  EXPECT_EQ(p.regions.size(), 3u);
}

TEST(Paginate, BoxCutOverManyRegionsKeepsEveryLineOnceInOrder) {
  // One box of 300 lines of 10 pt (a long table cell): cut at its lines, region after region.
  VElem big = VElem::box(Pt(3000));
  for (int i = 0; i < 300; ++i) {
    big.items.push_back(RectItem{Rect{Pt(0), Pt(10.0 * i), Pt(i + 1), Pt(10)}, Color{}, std::nullopt, Pt(0)});
    if (i > 0) big.splits.push_back(Pt(10.0 * i));
  }
  VList l;
  l.push_back(box(10, 1000));
  l.push_back(VElem::glue(Pt(0)));
  l.push_back(std::move(big));
  l.push_back(VElem::glue(Pt(0)));
  l.push_back(box(10, 2000));
  auto p = paginate(std::move(l), Pt(35));
  std::vector<int> seen;
  for (const auto& r : ids(p)) seen.insert(seen.end(), r.begin(), r.end());
  std::vector<int> want{1000};
  for (int i = 1; i <= 300; ++i) want.push_back(i);
  want.push_back(2000);
  EXPECT_EQ(seen, want);
  EXPECT_EQ(p.regions.size(), 102u);  // 1000 alone (the box moves on), 100 of three lines, then 2000
}

// Blocks of every kind the paginator treats apart, chosen by a fixed pseudo-random sequence:
// paragraphs with widow and orphan control, headings kept with what follows (with a
// bookmark), tables with repeated headers, rows taller than a region, boxes with no splits
// taller than a region, and varying space between blocks.
std::vector<BlockFlow> mixed_blocks(unsigned seed, int count) {
  std::vector<BlockFlow> blocks;
  int id = 1;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7FFF;
  };
  for (int b = 0; b < count; ++b) {
    BlockFlow f;
    switch (next() % 6) {
      case 0: {
        f.list.push_back(box(14, id++));
        f.list.back().outline_title = "heading " + std::to_string(b);
        f.list.back().outline_level = 1;
        f.keep_with_next = true;
        break;
      }
      case 1: {
        const int rows = 1 + static_cast<int>(next() % 9);
        VElem h = box(10, id++);
        h.header_of = b;
        f.list.push_back(h);
        for (int r = 0; r < rows; ++r) {
          f.list.push_back(VElem::penalty_of(r == 0 ? kNeverBreak : 0));
          VElem row = box(next() % 7 == 0 ? 95 : 10 + next() % 20, id++);
          for (Pt s(10); s < row.height; s += Pt(10)) row.splits.push_back(s);
          row.row_of = b;
          f.list.push_back(row);
        }
        break;
      }
      case 2:
        // A picture (a figure may float; see FigureFloats*).
        f.list.push_back(box(40 + next() % 120, id++));
        f.list.back().floats = true;
        break;
      default: f = paragraph(1 + static_cast<int>(next() % 12), id); id += 20; break;
    }
    f.space_before = Pt(next() % 8);
    f.space_after = Pt(next() % 8);
    blocks.push_back(std::move(f));
  }
  return blocks;
}

TEST(Paginate, BlockByBlockEqualsAllAtOnce) {
  // The paginator fed one block at a time makes exactly the regions of the whole list.
  for (unsigned seed = 1; seed <= 40; ++seed) {
    for (double height : {35.0, 60.0, 100.0}) {
      std::vector<BlockFlow> blocks = mixed_blocks(seed, 60);
      const Pagination whole = paginate(assemble(blocks, Pt(height)), Pt(height));
      Paginator paginator{Pt(height)};
      Pagination streamed;
      std::size_t filled_early = 0;
      for (auto& b : blocks) {
        paginator.add(std::move(b), streamed);
        filled_early = streamed.regions.size();
      }
      paginator.finish(streamed);
      EXPECT_EQ(ids(streamed), ids(whole)) << "seed " << seed << ", height " << height;
      ASSERT_EQ(streamed.regions.size(), whole.regions.size());
      for (std::size_t r = 0; r < whole.regions.size(); ++r) {
        EXPECT_EQ(streamed.regions[r].used, whole.regions[r].used);
        ASSERT_EQ(streamed.regions[r].outline.size(), whole.regions[r].outline.size());
        for (std::size_t o = 0; o < whole.regions[r].outline.size(); ++o) {
          EXPECT_EQ(streamed.regions[r].outline[o].title, whole.regions[r].outline[o].title);
          EXPECT_EQ(streamed.regions[r].outline[o].y, whole.regions[r].outline[o].y);
        }
      }
      ASSERT_EQ(streamed.events.size(), whole.events.size());
      for (std::size_t e = 0; e < whole.events.size(); ++e) {
        EXPECT_EQ(streamed.events[e].kind, whole.events[e].kind);
        EXPECT_EQ(streamed.events[e].region, whole.events[e].region);
      }
      // Regions were filled while blocks were still coming, not all at the end.
      EXPECT_GT(filled_early, whole.regions.size() / 2) << "seed " << seed;
    }
  }
}

// A block of `n` boxes of 10 pt that may break between any two of them (a list's items).
BlockFlow items(int n, int first_id) {
  BlockFlow f;
  for (int i = 0; i < n; ++i) {
    if (i > 0) f.list.push_back(VElem::penalty_of(0));
    f.list.push_back(box(10, first_id + i));
  }
  return f;
}

BlockFlow one_box(double h, int id) {
  BlockFlow f;
  f.list.push_back(box(h, id));
  return f;
}

// A figure: its picture of `h` pt (which may float) and a caption line of 10 kept with it.
BlockFlow figure(double h, int id) {
  BlockFlow f;
  f.list.push_back(box(h, id));
  f.list.back().floats = true;
  f.list.push_back(VElem::penalty_of(kNeverBreak));
  f.list.push_back(box(10, id + 1));
  return f;
}

TEST(Paginate, FigureFloatsPastTheBlocksThatFillTheGap) {
  // 100 pt regions. Six lines (60) then a figure of 50 + 10: it does not fit, and moving it
  // would leave 40% of the region blank. The three-line paragraph after it fills the gap,
  // and the figure heads the next region, before the rest.
  const std::vector<BlockFlow> blocks = {paragraph(6, 1), figure(50, 100), paragraph(3, 20), paragraph(7, 30)};
  auto p = paginate(assemble(blocks, Pt(100)), Pt(100));
  ASSERT_GE(p.regions.size(), 2u);
  EXPECT_EQ(ids(p)[0], (std::vector<int>{1, 2, 3, 4, 5, 6, 20, 21, 22}));
  EXPECT_EQ(ids(p)[1][0], 100);
  EXPECT_EQ(ids(p)[1][2], 30);
  // Fed block by block, the same.
  Paginator paginator{Pt(100)};
  Pagination streamed;
  for (auto b : blocks) paginator.add(std::move(b), streamed);
  paginator.finish(streamed);
  EXPECT_EQ(ids(streamed), ids(p));
  // A paragraph too long for the gap fills it with its first lines (no orphan, no widow),
  // and goes on under the figure.
  auto split = paginate(assemble({paragraph(6, 1), figure(50, 100), paragraph(5, 20), paragraph(7, 40)}, Pt(100)),
                        Pt(100));
  EXPECT_EQ(ids(split)[0], (std::vector<int>{1, 2, 3, 4, 5, 6, 20, 21, 22}));
  EXPECT_EQ(ids(split)[1][0], 100);
  EXPECT_EQ(ids(split)[1][2], 23);
}

TEST(Paginate, FigureStaysWhenTheGapIsSmallOrNothingFitsIt) {
  // Nine lines leave 10% of the region: under the 20% that moving blocks is worth.
  auto small = paginate(assemble({paragraph(9, 1), figure(50, 100), paragraph(3, 20), paragraph(7, 30)}, Pt(100)),
                        Pt(100));
  EXPECT_EQ(ids(small)[0].size(), 9u);
  EXPECT_EQ(ids(small)[1].front(), 100);
  // The block after the figure cannot be broken and is too tall for the gap: nothing moves.
  auto tall = paginate(assemble({paragraph(6, 1), figure(50, 100), one_box(50, 20), paragraph(7, 40)}, Pt(100)),
                       Pt(100));
  EXPECT_EQ(ids(tall)[0], (std::vector<int>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(ids(tall)[1].front(), 100);
  // Everything after the figure fits in the gap: the figure would only go to the end alone.
  auto end = paginate(assemble({paragraph(6, 1), figure(50, 100), paragraph(3, 20)}), Pt(100));
  EXPECT_EQ(ids(end)[0], (std::vector<int>{1, 2, 3, 4, 5, 6}));
}

TEST(Paginate, FigureNeverFloatsPastAHeadingOrAnotherPicture) {
  // A heading after the figure: the figure's section would end under another's heading.
  BlockFlow heading = paragraph(1, 10);
  heading.list.front().outline_title = "Next section";
  heading.keep_with_next = true;
  auto h = paginate(assemble({paragraph(6, 1), figure(50, 100), heading, paragraph(2, 20), paragraph(7, 30)}, Pt(100)),
                    Pt(100));
  EXPECT_EQ(ids(h)[0], (std::vector<int>{1, 2, 3, 4, 5, 6}));
  // Step pictures stay in their order.
  auto f = paginate(assemble({paragraph(6, 1), figure(50, 100), figure(20, 200), paragraph(7, 30)}, Pt(100)), Pt(100));
  EXPECT_EQ(ids(f)[0], (std::vector<int>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(ids(f)[1].front(), 100);
}

TEST(Paginate, ShortLastBlockNeverAloneOnTheLastRegion) {
  // Six lines fill 60 of 65 pt; a 15 pt QR code after them does not fit. Alone it would
  // stand on the last region: the paragraph's last lines go along with it instead.
  auto p = paginate(assemble({paragraph(6, 1), one_box(15, 50)}, Pt(65)), Pt(65));
  EXPECT_EQ(ids(p), (std::vector<std::vector<int>>{{1, 2, 3, 4}, {5, 6, 50}}));
  EXPECT_TRUE(p.events.empty());
  // Without the region's height, assemble() joins as before.
  auto q = paginate(assemble({paragraph(6, 1), one_box(15, 50)}), Pt(65));
  EXPECT_EQ(ids(q), (std::vector<std::vector<int>>{{1, 2, 3, 4, 5, 6}, {50}}));
}

TEST(Paginate, ShortLastBlockIsKeptWhole) {
  // A last list of three items that may break between them: neither all of it nor its last
  // items alone on the last region; the end of the paragraph before goes with it.
  auto p = paginate(assemble({paragraph(6, 1), items(3, 50)}, Pt(75)), Pt(75));
  EXPECT_EQ(ids(p), (std::vector<std::vector<int>>{{1, 2, 3, 4}, {5, 6, 50, 51, 52}}));
  // A figure before it (one box) goes along whole.
  auto q = paginate(assemble({paragraph(2, 1), one_box(30, 20), one_box(15, 50)}, Pt(60)), Pt(60));
  EXPECT_EQ(ids(q), (std::vector<std::vector<int>>{{1, 2}, {20, 50}}));
}

TEST(Paginate, LongOrUnkeepableLastBlockStandsAlone) {
  // A last block over half a region fills much of its page: it may stand alone.
  auto p = paginate(assemble({paragraph(6, 1), one_box(40, 50)}, Pt(65)), Pt(65));
  EXPECT_EQ(ids(p), (std::vector<std::vector<int>>{{1, 2, 3, 4, 5, 6}, {50}}));
  // The block before cannot go along (a figure that with it overfills a region): no keep
  // rule is broken for it.
  auto q = paginate(assemble({paragraph(1, 1), one_box(55, 20), one_box(15, 50)}, Pt(60)), Pt(60));
  EXPECT_EQ(ids(q), (std::vector<std::vector<int>>{{1}, {20}, {50}}));
  EXPECT_TRUE(q.events.empty());
}

TEST(Paginate, LastBlockWithRoomStaysAndTheSpaceBeforeItCounts) {
  // When everything fits, nothing moves.
  auto p = paginate(assemble({paragraph(3, 1), one_box(15, 50)}, Pt(65)), Pt(65));
  EXPECT_EQ(ids(p), (std::vector<std::vector<int>>{{1, 2, 3, 50}}));
  // Space between the blocks counts: 60 + 8 + 15 does not fit, 20 + 8 + 15 does.
  BlockFlow last = one_box(15, 50);
  last.space_before = Pt(8);
  auto q = paginate(assemble({paragraph(6, 1), last}, Pt(80)), Pt(80));
  EXPECT_EQ(ids(q), (std::vector<std::vector<int>>{{1, 2, 3, 4}, {5, 6, 50}}));
}

TEST(Paginate, StreamedLastBlockKeptLikeAllAtOnce) {
  // The paginator does not know which block is the last until finish(): a short block waits.
  for (const double height : {65.0, 75.0}) {
    std::vector<BlockFlow> blocks{paragraph(6, 1), items(3, 50)};
    const Pagination whole = paginate(assemble(blocks, Pt(height)), Pt(height));
    Paginator paginator{Pt(height)};
    Pagination streamed;
    for (auto& b : blocks) paginator.add(std::move(b), streamed);
    paginator.finish(streamed);
    EXPECT_EQ(ids(streamed), ids(whole)) << height;
    EXPECT_EQ(ids(streamed).back().front(), 5) << height;
  }
}

// A list of `n` items of 10 pt as blocks make it: a break after the first item or before
// the last costs a stranded item's penalty (1600), other breaks between items nothing.
BlockFlow list_items(int n, int first_id) {
  BlockFlow f;
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (i == 1 || i == n - 1)) {
      VElem strand = VElem::penalty_of(1600);
      strand.strands = true;
      f.list.push_back(strand);
    }
    if (i > 0) f.list.push_back(VElem::glue(Pt(0)));
    f.list.push_back(box(10, first_id + i));
  }
  return f;
}

// paginate(assemble()) and the streaming Paginator, which must agree.
std::vector<std::vector<int>> both_ways(std::vector<BlockFlow> blocks, double height) {
  const auto whole = ids(paginate(assemble(blocks, Pt(height)), Pt(height)));
  Paginator paginator{Pt(height)};
  Pagination streamed;
  for (auto& b : blocks) paginator.add(std::move(b), streamed);
  paginator.finish(streamed);
  EXPECT_EQ(ids(streamed), whole) << height;
  return whole;
}

TEST(Paginate, ListLastItemNotAloneWhenNothingGrows) {
  // 60 pt of text and three items fill 90 of 95 pt; the fourth item alone would start the
  // next region. The third goes along with it: the article still takes two regions.
  const auto p = both_ways({paragraph(6, 1), list_items(4, 50), paragraph(6, 70)}, 95);
  EXPECT_EQ(p, (std::vector<std::vector<int>>{{1, 2, 3, 4, 5, 6, 50, 51}, {52, 53, 70, 71, 72, 73, 74, 75}}));
  // The first item is not left alone at a region's bottom either.
  const auto q = both_ways({paragraph(8, 1), list_items(4, 50), paragraph(4, 70)}, 95);
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(q[1].front(), 50);
}

TEST(Paginate, ListItemLeftAloneRatherThanAddAPage) {
  // As above, but eight lines after the list: 10 + 80 pt fill the second region, and with
  // the third item there too the article would take a third region. The item stays alone.
  const auto p = both_ways({paragraph(6, 1), list_items(4, 50), paragraph(8, 70)}, 95);
  EXPECT_EQ(p, (std::vector<std::vector<int>>{{1, 2, 3, 4, 5, 6, 50, 51, 52}, {53, 70, 71, 72, 73, 74, 75, 76, 77}}));
}

// The streaming Paginator with `spare` regions the document may grow by.
std::vector<std::vector<int>> with_spare(std::vector<BlockFlow> blocks, double height, std::size_t spare) {
  Paginator paginator{Pt(height), spare};
  Pagination out;
  for (auto& b : blocks) paginator.add(std::move(b), out);
  paginator.finish(out);
  return ids(out);
}

TEST(Paginate, SpareRegionsTakenAgainstALoneItem) {
  // ListItemLeftAloneRatherThanAddAPage with a region to spare (an imposed booklet's blank
  // page): the third item goes along and the article takes three regions.
  const auto blocks = [] { return std::vector<BlockFlow>{paragraph(6, 1), list_items(4, 50), paragraph(8, 70)}; };
  EXPECT_EQ(with_spare(blocks(), 95, 0), both_ways(blocks(), 95));
  const auto p = with_spare(blocks(), 95, 1);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].back(), 51);
  EXPECT_EQ(p[1].front(), 52);
}

TEST(Paginate, ListItemMovesWhenTheRegionsAfterMeet) {
  // A 90 pt figure after the list must start a region of its own whichever way the list
  // breaks: both ways meet there, and moving the third item costs less.
  const auto p = both_ways({paragraph(6, 1), list_items(4, 50), paragraph(4, 70), one_box(90, 90),
                            paragraph(6, 100), paragraph(6, 110)}, 95);
  ASSERT_GE(p.size(), 3u);
  EXPECT_EQ(p[0].back(), 51);
  EXPECT_EQ(p[1], (std::vector<int>{52, 53, 70, 71, 72, 73}));
  EXPECT_EQ(p[2].front(), 90);
  // With no place to meet within the regions looked at (lines that may break anywhere, so
  // the way that moves the item stays a line behind), the paginator cannot know that the
  // document does not grow: the item stays.
  const auto q = both_ways({paragraph(6, 1), list_items(4, 50), items(40, 100)}, 95);
  EXPECT_EQ(q[0].back(), 52);
}

TEST(Paginate, ParallelShortLastPairNeverAloneOnTheLastPage) {
  // Two pages' columns: six lines on each side fill 60 of 65 pt, and the last pair (a
  // contact box, 15 pt on the left, 20 on the right) does not fit after them. The pair
  // before it sends its last lines along, and the last pair starts level right after them.
  std::vector<BlockPair> pairs;
  pairs.push_back(BlockPair{paragraph(6, 1), paragraph(6, 101)});
  pairs.push_back(BlockPair{one_box(15, 50), one_box(20, 150)});
  auto p = paginate_parallel(pairs, Pt(65));
  const auto r = ids(p);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0], (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(r[1], (std::vector<int>{101, 102, 103, 104}));
  EXPECT_EQ(r[2], (std::vector<int>{5, 6, 50}));
  EXPECT_EQ(r[3], (std::vector<int>{105, 106, 150}));
  // Level: both sides' last blocks start at the same height, under the lines that came along.
  auto top_of = [&p](std::size_t region, int id) {
    for (const auto& it : p.regions[region].items) {
      if (const auto* rect = std::get_if<RectItem>(&it); rect && rect->rect.width.value() == id) return rect->rect.y.value();
    }
    return -1.0;
  };
  EXPECT_DOUBLE_EQ(top_of(2, 50), 20);
  EXPECT_DOUBLE_EQ(top_of(3, 150), 20);
  EXPECT_DOUBLE_EQ(p.regions[3].used.value(), 40);
  EXPECT_TRUE(p.events.empty());
  // With room for it, the last pair follows on the same page as before.
  std::vector<BlockPair> roomy;
  roomy.push_back(BlockPair{paragraph(3, 1), paragraph(3, 101)});
  roomy.push_back(BlockPair{one_box(15, 50), one_box(20, 150)});
  const auto q = ids(paginate_parallel(roomy, Pt(65)));
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0], (std::vector<int>{1, 2, 3, 50}));
  EXPECT_EQ(q[1], (std::vector<int>{101, 102, 103, 150}));
}

TEST(Paginate, SplitBoxCutsRectangles) {
  VElem b = box(30, 5);
  auto [top, rest] = split_box(b, Pt(10));
  ASSERT_EQ(top.items.size(), 1u);
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_DOUBLE_EQ(std::get<RectItem>(top.items[0]).rect.height.value(), 10);
  EXPECT_DOUBLE_EQ(std::get<RectItem>(rest.items[0]).rect.height.value(), 20);
  EXPECT_DOUBLE_EQ(std::get<RectItem>(rest.items[0]).rect.y.value(), 0);
}

TEST(TableColumns, DistributeLikeAutomaticTableLayout) {
  // Everything fits: widths proportional to content, filling the measure.
  auto w = distribute_columns({Pt(20), Pt(20)}, {Pt(50), Pt(150)}, Pt(400));
  EXPECT_NEAR(w[0].value() + w[1].value(), 400, 1e-9);
  EXPECT_NEAR(w[1].value() / w[0].value(), 3, 1e-9);
  // Between min and max: each gets its minimum plus a share of what it wants more.
  w = distribute_columns({Pt(40), Pt(60)}, {Pt(100), Pt(300)}, Pt(200));
  EXPECT_NEAR(w[0].value() + w[1].value(), 200, 1e-9);
  EXPECT_GE(w[0].value(), 40);
  EXPECT_GE(w[1].value(), 60);
  // Too narrow even for the minimums: scaled down, never wider than the measure.
  w = distribute_columns({Pt(100), Pt(100)}, {Pt(200), Pt(200)}, Pt(100));
  EXPECT_NEAR(w[0].value() + w[1].value(), 100, 1e-9);
}

TEST(TableColumns, BlankColumnsToWriteInTakeTheSpareRoom) {
  // A record: a long "Vaccine" column, then "Date" left blank for the patient, and "Dose".
  // Shared by content, "Date" got 29 pt (10 mm): no room to write a date. It gets 28 mm
  // first; the little left is shared by content as before.
  auto w = distribute_columns({Pt(60), Pt(20), Pt(20)}, {Pt(100), Pt(20), Pt(20)}, Pt(200), Pt(0),
                              {false, true, false});
  EXPECT_GE(w[1].value(), mm(28).value() - 1e-6);
  EXPECT_GE(w[0].value(), 100 - 1e-6);
  EXPECT_GE(w[2].value(), 20 - 1e-6);
  EXPECT_NEAR(w[0].value() + w[1].value() + w[2].value(), 200, 1e-6);
  // Too little room for 28 mm each: the blank columns come out alike, a header wider than
  // that share ("Weight (kg)") keeping its width.
  auto t = distribute_columns({Pt(20), Pt(20), Pt(40)}, {Pt(30), Pt(30), Pt(70)}, Pt(160), Pt(0),
                              {false, true, true});
  EXPECT_NEAR(t[0].value(), 30, 1e-6);
  EXPECT_NEAR(t[1].value(), 60, 1e-6);
  EXPECT_NEAR(t[2].value(), 70, 1e-6);
  // Without blank columns, the share follows the content as before.
  auto p = distribute_columns({Pt(20), Pt(20), Pt(40)}, {Pt(30), Pt(30), Pt(70)}, Pt(430));
  EXPECT_DOUBLE_EQ(p[0].value(), 30 + 300 * 0.23076923076923078);
}

TEST(TableColumns, ShortColumnsNeverWrapWhileAnotherHasRoom) {
  // "Day 1" (min "Day" 30, whole 45), "500 mg" (40/60) and a long notes column: the short
  // ones get their whole content, the notes column the rest.
  auto w = distribute_columns({Pt(30), Pt(40), Pt(80)}, {Pt(45), Pt(60), Pt(900)}, Pt(400));
  EXPECT_NEAR(w[0].value(), 45, 1e-6);
  EXPECT_NEAR(w[1].value(), 60, 1e-6);
  EXPECT_NEAR(w[2].value(), 295, 1e-6);
}

TEST(TableColumns, CandidatesShareWrappedRoomInProportion) {
  // "Day 1" and "08:00 and 20:00" kept whole; a dose column ("Metformin 500 mg", longest
  // word 50) and a notes column (300 on one line) both wrap. distribute_columns gives them
  // 95 each (the notes five lines deep in a narrow column); the next candidate shares those
  // 190 in proportion to what each wants beyond its longest word.
  const std::vector<Pt> lo{Pt(30), Pt(50), Pt(80), Pt(60)};
  const std::vector<Pt> hi{Pt(30), Pt(100), Pt(80), Pt(300)};
  auto c = column_width_candidates(lo, hi, Pt(300));
  ASSERT_EQ(c.size(), 2u);  // the CSS share of every column is the same here
  EXPECT_NEAR(c[0][1].value(), 95, 1e-6);
  EXPECT_NEAR(c[0][3].value(), 95, 1e-6);
  const double f = 80.0 / 290.0;
  EXPECT_NEAR(c[1][0].value(), 30, 1e-6);
  EXPECT_NEAR(c[1][1].value(), 50 + 50 * f, 1e-6);
  EXPECT_NEAR(c[1][2].value(), 80, 1e-6);
  EXPECT_NEAR(c[1][3].value(), 60 + 240 * f, 1e-6);
  for (const auto& w : c) {
    double sum = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
      sum += w[i].value();
      EXPECT_GE(w[i].value() + 1e-9, lo[i].value());
    }
    EXPECT_NEAR(sum, 300, 1e-6);
  }
  // Nothing wraps: one candidate. Only one column wraps: the CSS share of all is the other.
  EXPECT_EQ(column_width_candidates(lo, hi, Pt(600)).size(), 1u);
  c = column_width_candidates({Pt(30), Pt(40)}, {Pt(45), Pt(900)}, Pt(400));
  ASSERT_EQ(c.size(), 2u);
  EXPECT_NEAR(c[0][0].value(), 45, 1e-6);
  EXPECT_NEAR(c[1][0].value() + c[1][1].value(), 400, 1e-6);
}

TEST(TableColumns, WhenWordsMustBreakOnlyTheLongestDo) {
  // A drug name (longest word 74 pt) beside a colour and seven week columns whose one word
  // takes 36 pt: 359 pt of words in 320. One candidate keeps every short word whole and gives
  // the names' column the rest (35 pt, where "Chloram-|phenicol" hyphenates); the shares of
  // distribute_columns set each week column short of its word.
  std::vector<Pt> lo{Pt(74), Pt(33)}, hi{Pt(200), Pt(51)};
  for (int i = 0; i < 7; ++i) {
    lo.push_back(Pt(36));
    hi.push_back(Pt(48));
  }
  const auto c = column_width_candidates(lo, hi, Pt(320), Pt(31.5));
  const auto whole = std::find_if(c.begin(), c.end(), [&](const std::vector<Pt>& w) {
    for (std::size_t i = 1; i < w.size(); ++i) {
      if (w[i].value() + 1e-6 < lo[i].value()) return false;
    }
    return true;
  });
  ASSERT_NE(whole, c.end());
  EXPECT_NEAR((*whole)[0].value(), 35, 1e-6);
  EXPECT_LT(c[0][2].value(), 36);
  // Less room: the fewest columns of the longest words break, each at least readable.
  const auto d = column_width_candidates(lo, hi, Pt(300), Pt(31.5)).back();
  int broken = 0;
  double sum = 0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    broken += d[i].value() + 1e-6 < lo[i].value() ? 1 : 0;
    sum += d[i].value();
    EXPECT_GE(d[i].value() + 1e-6, std::min(lo[i].value(), 31.5));
  }
  EXPECT_EQ(broken, 5);  // the name and four week columns (four columns would need 303 pt)
  EXPECT_NEAR(d[1].value(), 33, 1e-6);
  EXPECT_NEAR(sum, 300, 1e-6);
}

TEST(TableColumns, OneLongWordDoesNotStarveTheOthers) {
  // A 2,000-letter word (min 9,000 pt) beside two ordinary columns: the short one keeps its
  // whole content, the others share the rest equally and the long word breaks.
  auto w = distribute_columns({Pt(9000), Pt(50), Pt(60)}, {Pt(9000), Pt(120), Pt(200)}, Pt(400), Pt(40));
  EXPECT_NEAR(w[0].value() + w[1].value() + w[2].value(), 400, 1e-6);
  EXPECT_NEAR(w[1].value(), 120, 1e-6);
  EXPECT_NEAR(w[2].value(), 140, 1e-6);
  // Many long words: each column at least the readable width.
  w = distribute_columns({Pt(900), Pt(800), Pt(700), Pt(30)}, {Pt(900), Pt(800), Pt(700), Pt(30)}, Pt(400), Pt(40));
  for (Pt x : w) EXPECT_GE(x.value(), 30 - 1e-6);
  EXPECT_NEAR(w[3].value(), 30, 1e-6);
  EXPECT_NEAR(w[0].value(), w[1].value(), 1e-6);
  EXPECT_GE(w[0].value(), 40);
}

// A cell of words of the given widths with a 3 pt space between them.
CellBreaks words(std::initializer_list<double> widths) {
  CellBreaks c;
  c.end.push_back(Pt(0));
  c.start.push_back(Pt(0));
  c.forced.push_back(false);
  double x = 0;
  for (double w : widths) {
    x += w;
    c.end.push_back(Pt(x));
    x += 3;
    c.start.push_back(Pt(x));
    c.forced.push_back(false);
  }
  c.forced.back() = true;
  return c;
}

TEST(TableColumns, CountLinesFirstFit) {
  const CellBreaks c = words({20, 20, 20, 20});  // 89 on one line
  EXPECT_EQ(count_lines(c, Pt(89)), 1);
  EXPECT_EQ(count_lines(c, Pt(88.9)), 2);
  EXPECT_EQ(count_lines(c, Pt(43)), 2);
  EXPECT_EQ(count_lines(c, Pt(42.9)), 4);
  EXPECT_EQ(count_lines(words({50}), Pt(20)), 3);  // a word wider than the measure fills lines
  EXPECT_EQ(count_lines(CellBreaks{}, Pt(10)), 1);
}

// The held-out fever dose table's trouble in miniature: a header "Ibuprofen 100 mg/5 mL"
// (words 45 and 60, 108 on one line) over short doses, beside a notes column. Counted as the
// column's content, the header's one line kept 40 pt the notes wrapped for; balance_columns
// lets it take a second line when that saves the notes lines in more rows.
TEST(TableColumns, HeaderWrapsAtItsSpacesBeforeBodyCellsWrapDeep) {
  TableShape t;
  t.padding = Pt(8);
  t.cells = {{words({30}), words({45, 60}), words({30})},
             {words({25}), words({30}), words({40, 30, 40, 30, 40, 30, 40})},
             {words({25}), words({50}), words({40, 30, 40, 30, 40, 30})},
             {words({25}), words({30}), words({30, 40, 30, 40, 30, 40, 30})}};
  t.line_height = {Pt(12), Pt(12), Pt(12), Pt(12)};
  const Pt avail(260);
  const std::vector<Pt> lo{Pt(38), Pt(68), Pt(48)};
  const std::vector<Pt> hi{Pt(38), Pt(116), Pt(8 + 268)};
  // Where the old shares put it: the header on one line, the notes 4 lines deep.
  const std::vector<Pt> old{Pt(38), Pt(116), Pt(106)};
  EXPECT_EQ(count_lines(t.cells[1][2], old[2] - t.padding), 4);
  const std::vector<Pt> w = balance_columns(t, lo, hi, old, avail);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_NEAR(w[0].value() + w[1].value() + w[2].value(), 260, 1e-6);
  EXPECT_NEAR(w[0].value(), 38, 1e-6);
  EXPECT_EQ(count_lines(t.cells[0][1], w[1] - t.padding), 2);  // "Ibuprofen | 100 mg/5 mL"
  int before = 0, after = 0;
  for (std::size_t r = 0; r < t.cells.size(); ++r) {
    int b = 0, a = 0;
    for (std::size_t c = 0; c < 3; ++c) {
      b = std::max(b, count_lines(t.cells[r][c], old[c] - t.padding));
      a = std::max(a, count_lines(t.cells[r][c], w[c] - t.padding));
    }
    before += b;
    after += a;
  }
  EXPECT_EQ(before, 12);
  EXPECT_LT(after, before);
  for (std::size_t c = 0; c < 3; ++c) EXPECT_GE(w[c].value() + 1e-9, lo[c].value());
}

// A header taking a second line costs a line of the table: it is not worth it for one row.
TEST(TableColumns, HeaderStaysOnOneLineWhenWrappingSavesNothing) {
  TableShape t;
  t.padding = Pt(8);
  t.cells = {{words({45, 60}), words({30})}, {words({30}), words({40, 30, 40, 30})}};
  t.line_height = {Pt(12), Pt(12)};
  const std::vector<Pt> w = balance_columns(t, {Pt(68), Pt(48)}, {Pt(116), Pt(157)}, {Pt(116), Pt(84)}, Pt(200));
  EXPECT_EQ(count_lines(t.cells[0][0], w[0] - t.padding), 1);
  EXPECT_NEAR(w[0].value() + w[1].value(), 200, 1e-6);
}

// The held-out vaccination schedule's trouble in a tri-fold panel, in miniature: "2 months"
// (6 + 30) in three rows beside "Left arm" (20 + 15) in one. At the start "Left arm" is on
// one line and holds its column's bound, so the search kept it whole and wrapped "2 months"
// after its number in every row; a trade wraps the one to keep the three whole, and the
// table is shorter.
TEST(TableColumns, OneShortCellWrapsToKeepMoreShortCellsWhole) {
  TableShape t;
  t.padding = Pt(4);
  t.cells = {{words({10}), words({10})},
             {words({6, 30}), words({20, 15})},
             {words({6, 30}), words({20})},
             {words({6, 30}), words({20})}};
  t.line_height = {Pt(10), Pt(10), Pt(10), Pt(10)};
  const Pt avail(76);
  const std::vector<Pt> lo{Pt(34), Pt(42)};  // "Left arm" kept whole: its column's bound
  const std::vector<Pt> hi{Pt(43), Pt(42)};
  const std::vector<Pt> start{Pt(34), Pt(42)};
  KeptWhole kept;
  kept.keep = {{false, false}, {true, true}, {true, true}, {true, true}};
  kept.floor = {Pt(34), Pt(24)};
  // Without the trade (as before): "2 | months" in all three rows.
  const std::vector<Pt> old = balance_columns(t, lo, hi, start, avail);
  EXPECT_EQ(count_lines(t.cells[2][0], old[0] - t.padding), 2);
  const std::vector<Pt> w = balance_columns(t, lo, hi, start, avail, &kept);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_NEAR(w[0].value() + w[1].value(), 76, 1e-6);
  for (std::size_t r = 1; r < 4; ++r) EXPECT_EQ(count_lines(t.cells[r][0], w[0] - t.padding), 1) << r;
  EXPECT_EQ(count_lines(t.cells[1][1], w[1] - t.padding), 2);  // "Left | arm"
  EXPECT_GE(w[1].value() + 1e-9, kept.floor[1].value());
  // A trade that wraps as many kept cells as it keeps whole is not taken.
  TableShape even = t;
  even.cells.resize(2);
  even.line_height.resize(2);
  KeptWhole one = kept;
  one.keep.resize(2);
  const std::vector<Pt> same = balance_columns(even, lo, hi, start, avail, &one);
  EXPECT_NEAR(same[1].value(), 42, 1e-6);
}

}  // namespace
}  // namespace handout

namespace handout {
namespace {

TEST(FurnitureSlots, ShortTextsStayWholeAndTheLongestGives) {
  // "Patient information" (80 pt) and a title of 400 pt on a 300 pt line: the start text
  // keeps its width, the title gets the rest less the gap.
  auto w = share_slots({Pt(80), Pt(0), Pt(400)}, Pt(300), Pt(12));
  EXPECT_NEAR(w[0].value(), 80, 0.01);
  EXPECT_NEAR(w[2].value(), 300 - 80 - 12, 0.01);
  // Everything fits: unchanged.
  w = share_slots({Pt(80), Pt(40), Pt(100)}, Pt(400), Pt(12));
  EXPECT_NEAR(w[0].value(), 80, 0.01);
  EXPECT_NEAR(w[1].value(), 40, 0.01);
  EXPECT_NEAR(w[2].value(), 100, 0.01);
  // A centred text keeps its centre: each side text gets half the line less half of it.
  w = share_slots({Pt(50), Pt(60), Pt(400)}, Pt(300), Pt(12));
  EXPECT_NEAR(w[1].value(), 60, 0.01);
  EXPECT_NEAR(w[2].value(), (300 - 60) / 2.0 - 12, 0.01);
  EXPECT_NEAR(w[0].value(), 50, 0.01);
  // Two long texts share the line equally.
  w = share_slots({Pt(500), Pt(0), Pt(500)}, Pt(300), Pt(12));
  EXPECT_NEAR(w[0].value(), 144, 0.01);
  EXPECT_NEAR(w[2].value(), 144, 0.01);
}

}  // namespace
}  // namespace handout
