// The line breaker with constant-width fake text: no fonts, no shaping. Each word is
// a run of "letters" 10 pt wide; spaces are 5 pt and may stretch by half and shrink by a third.
#include <gtest/gtest.h>

#include "para/line_breaker.h"

namespace handout {
namespace {

constexpr double kLetter = 10;
constexpr double kSpace = 5;

// Break points after each word of `words` (word lengths in letters), as the real
// collector would make them from a shaped paragraph; `kashida`: the stretch each word
// takes by kashida justification (Arabic words stretched between their letters).
std::vector<Breakpoint> fake_paragraph(const std::vector<int>& words, double kashida = 0) {
  std::vector<Breakpoint> pts(1);
  double width = 0, stretch = 0, shrink = 0;
  std::uint32_t pos = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    width += words[i] * kLetter;
    stretch += kashida;
    pos += static_cast<std::uint32_t>(words[i]);
    Breakpoint b;
    b.end_width = Pt(width);
    b.end_stretch = Pt(stretch);
    b.end_shrink = Pt(shrink);
    const bool last = i + 1 == words.size();
    if (!last) {
      width += kSpace;
      stretch += kSpace / 2;
      shrink += kSpace / 3;
      pos += 1;
    }
    b.pos = pos;
    b.start_width = Pt(width);
    b.start_stretch = Pt(stretch);
    b.start_shrink = Pt(shrink);
    b.forced = last;
    pts.push_back(b);
  }
  return pts;
}

std::vector<Pt> line_widths(const std::vector<Breakpoint>& pts, const std::vector<std::size_t>& ends) {
  std::vector<Pt> out;
  std::size_t prev = 0;
  for (auto e : ends) {
    out.push_back(pts[e].end_width - pts[prev].start_width);
    prev = e;
  }
  return out;
}

TEST(LineBreaker, GreedyFillsEachLine) {
  // 4 words of 3 letters: "aaa aaa aaa aaa"; a line of 70 pt holds two (30+5+30).
  auto pts = fake_paragraph({3, 3, 3, 3});
  auto ends = break_lines(pts, [](std::size_t) { return Pt(70); }, {BreakMode::kGreedy, false});
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[0], 2u);
  EXPECT_EQ(ends[1], 4u);
}

TEST(LineBreaker, EveryLineFitsInBothModes) {
  std::vector<int> words;
  for (int i = 0; i < 60; ++i) words.push_back(1 + (i * 7) % 9);
  auto pts = fake_paragraph(words);
  for (auto mode : {BreakMode::kGreedy, BreakMode::kOptimal}) {
    for (bool justify : {false, true}) {
      auto ends = break_lines(pts, [](std::size_t) { return Pt(200); }, {mode, justify});
      ASSERT_FALSE(ends.empty());
      EXPECT_EQ(ends.back(), pts.size() - 1);
      for (Pt w : line_widths(pts, ends)) {
        // Justified lines may shrink their spaces by a third; ragged lines never overflow.
        EXPECT_LE(w.value(), 200 + (justify ? 20 : 0.01));
      }
    }
  }
}

TEST(LineBreaker, OptimalAvoidsAVeryLooseLine) {
  // Greedy puts 3+3 on line 1 and leaves a long word alone, optimal balances.
  auto pts = fake_paragraph({4, 4, 4, 9, 2});
  auto w = [](std::size_t) { return Pt(140); };
  auto greedy = break_lines(pts, w, {BreakMode::kGreedy, true});
  auto optimal = break_lines(pts, w, {BreakMode::kOptimal, true});
  auto worst_gap = [&](const std::vector<std::size_t>& ends) {
    double worst = 0;
    auto widths = line_widths(pts, ends);
    for (std::size_t i = 0; i + 1 < widths.size(); ++i) worst = std::max(worst, 140 - widths[i].value());
    return worst;
  };
  EXPECT_LE(worst_gap(optimal), worst_gap(greedy));
}

TEST(LineBreaker, UsesThePerLineWidth) {
  // A hanging first line: 40 pt, then 200 pt.
  auto pts = fake_paragraph({3, 3, 3, 3, 3, 3});
  auto ends = break_lines(pts, [](std::size_t i) { return Pt(i == 0 ? 40 : 200); },
                          {BreakMode::kGreedy, false});
  ASSERT_GE(ends.size(), 2u);
  EXPECT_EQ(ends[0], 1u);  // one word on the narrow first line
}

TEST(LineBreaker, ForcedBreakEndsALine) {
  auto pts = fake_paragraph({2, 2, 2, 2});
  pts[2].forced = true;  // a line separator after the second word
  for (auto mode : {BreakMode::kGreedy, BreakMode::kOptimal}) {
    auto ends = break_lines(pts, [](std::size_t) { return Pt(1000); }, {mode, false});
    ASSERT_EQ(ends.size(), 2u) << static_cast<int>(mode);
    EXPECT_EQ(ends[0], 2u);
  }
}

TEST(LineBreaker, AWordWiderThanTheLineStillProgresses) {
  auto pts = fake_paragraph({2, 30, 2});
  for (auto mode : {BreakMode::kGreedy, BreakMode::kOptimal}) {
    auto ends = break_lines(pts, [](std::size_t) { return Pt(50); }, {mode, false});
    ASSERT_EQ(ends.size(), 3u);
    for (std::size_t i = 1; i < ends.size(); ++i) EXPECT_GT(ends[i], ends[i - 1]);
  }
}

TEST(LineBreaker, EmergencyBreaksAreUsedOnlyWhenNeeded) {
  auto pts = fake_paragraph({2, 2});
  Breakpoint e = pts[1];
  e.emergency = true;
  e.penalty = 5000;
  // An emergency point inside the first word, which fits anyway: never chosen.
  e.pos = 1;
  e.end_width = Pt(10);
  e.start_width = Pt(10);
  e.end_stretch = e.start_stretch = Pt(0);
  e.end_shrink = e.start_shrink = Pt(0);
  pts.insert(pts.begin() + 1, e);
  for (auto mode : {BreakMode::kGreedy, BreakMode::kOptimal}) {
    auto ends = break_lines(pts, [](std::size_t) { return Pt(100); }, {mode, false});
    ASSERT_EQ(ends.size(), 1u);
  }
}

TEST(LineBreaker, RaggedTextExactlyAsWideAsTheLineFits) {
  // A table column is sized to its cell's whole content ("100 micrograms", 2 words here):
  // the width comes back from sums of other widths a rounding error short of the content's,
  // and the content must still take one line (it was set "100 micro-|grams").
  auto pts = fake_paragraph({3, 10});
  const Pt natural = pts.back().end_width;
  const Pt width = natural - Pt(1e-9);
  for (auto mode : {BreakMode::kGreedy, BreakMode::kOptimal}) {
    auto ends = break_lines(pts, [&](std::size_t) { return width; }, {mode, false});
    EXPECT_EQ(ends.size(), 1u) << static_cast<int>(mode);
  }
  // Clearly wider content still breaks.
  auto ends = break_lines(pts, [&](std::size_t) { return natural - Pt(0.5); }, {BreakMode::kOptimal, false});
  EXPECT_EQ(ends.size(), 2u);
}

TEST(LineBreaker, KashidaDoesNotHideAShortLastLine) {
  // Five words of 4 letters fill a line of 220 pt exactly; a last word of 3 letters alone
  // on line 2 reads badly ("قليلةٍ." alone), and carrying the fifth word down sets well when
  // each word can stretch 10 pt by kashida. The short-last-line cost took a line without
  // stretch for one word, and a kashida word has stretch of its own: the lone word won.
  const auto width = [](std::size_t) { return Pt(220); };
  auto ends = break_lines(fake_paragraph({4, 4, 4, 4, 4, 3}, 10), width, {BreakMode::kOptimal, true});
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[0], 4u);
  // Without kashida the spaces of that line would grow to four times their width: the word
  // stays alone.
  ends = break_lines(fake_paragraph({4, 4, 4, 4, 4, 3}), width, {BreakMode::kOptimal, true});
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[0], 5u);
}

TEST(LineBreaker, EmptyParagraph) {
  std::vector<Breakpoint> pts(2);
  pts[1].forced = true;
  auto ends = break_lines(pts, [](std::size_t) { return Pt(100); }, {});
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_TRUE(break_lines({Breakpoint{}}, [](std::size_t) { return Pt(1); }, {}).empty());
}

}  // namespace
}  // namespace handout
