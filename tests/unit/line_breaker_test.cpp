// The line breaker with constant-width fake text: no fonts, no shaping. Each word is
// a run of "letters" 10 pt wide; spaces are 5 pt and may stretch by half and shrink by a third.
#include <gtest/gtest.h>

#include "fake_breaks.h"
#include "para/line_breaker.h"

namespace handout {
namespace {

constexpr double kLetter = 10;
constexpr double kSpace = 5;

// Break points after each word of `words` (word lengths in letters), as the real
// collector would make them from a shaped paragraph; `kashida`: the stretch each word
// takes by kashida justification (Arabic words stretched between their letters).
std::vector<Breakpoint> fake_paragraph(const std::vector<int>& words, double kashida = 0) {
  fake::Breaks text;
  for (std::size_t i = 0; i < words.size(); ++i) {
    text.text(words[i] * kLetter, static_cast<std::uint32_t>(words[i])).stretch(kashida);
    if (i + 1 == words.size()) {
      text.end();
    } else {
      text.space({kSpace, kSpace / 2, kSpace / 3});
    }
  }
  return text.points;
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

// Equal words with a hyphenation point in the middle of each: the breaker may hyphenate
// every line, but never three in a row.
TEST(LineBreakerRules, NoThreeHyphenatedLinesInARow) {
  fake::Breaks text;
  for (int i = 0; i < 60; ++i) {
    text.text(30).hyphen(5);
    text.text(30);
    if (i == 59) {
      text.end();
    } else {
      text.space({5, 2.5, 0});
    }
  }
  const auto& pts = text.points;
  BreakOptions o;
  o.justify = true;
  const auto ends = break_lines(pts, [](std::size_t) { return Pt(100); }, o);
  int run = 0, worst = 0;
  for (std::size_t e : ends) {
    run = pts[e].hyphen ? run + 1 : 0;
    worst = std::max(worst, run);
  }
  EXPECT_LE(worst, 2);
}

// A word of many syllables in a column one syllable wide ("in-|flam-|ma-|to-|ry)" in a
// tri-fold panel's nine-column table): only a ladder of hyphens sets it without overflowing
// a line. It is taken, line by line; the breaker found no way that kept to two hyphens in a
// row and set the whole cell on one line, across the cells beside it.
TEST(LineBreakerRules, AHyphenLadderRatherThanOneOverfullLine) {
  fake::Breaks text;
  text.text(20).space({5, 2.5, 0});  // "(an-" ... : a short word, then six syllables
  for (int i = 0; i < 6; ++i) {
    text.text(20);
    if (i < 5) text.hyphen(4);
  }
  text.end();
  const auto& pts = text.points;
  for (auto mode : {BreakMode::kGreedy, BreakMode::kOptimal}) {
    const auto ends = break_lines(pts, [](std::size_t) { return Pt(25); }, {mode, false});
    ASSERT_EQ(ends.size(), 7u) << static_cast<int>(mode);
    for (Pt w : line_widths(pts, ends)) EXPECT_LE(w.value(), 25.01) << static_cast<int>(mode);
  }
  // Where the column holds two syllables a line, the ladder is not needed and not taken.
  const auto ends = break_lines(pts, [](std::size_t) { return Pt(45); }, {BreakMode::kOptimal, false});
  int run = 0, worst = 0;
  for (std::size_t e : ends) {
    run = pts[e].hyphen ? run + 1 : 0;
    worst = std::max(worst, run);
  }
  EXPECT_LE(worst, 2);
}

TEST(LineBreakerRules, NoLastLineOfOneShortWord) {
  // Eight words of 40 pt and a last one of 15 pt on 190 pt lines: greedy-like fits leave the
  // short word alone; the breaker carries a word down instead.
  fake::Breaks text;
  const std::vector<double> words = {40, 40, 40, 40, 40, 40, 40, 40, 15};
  for (std::size_t i = 0; i < words.size(); ++i) {
    text.text(words[i], 2);
    if (i + 1 == words.size()) {
      text.end();
    } else {
      text.space({5, 2.5, 0});
    }
  }
  const auto& pts = text.points;
  BreakOptions o;
  const auto ends = break_lines(pts, [](std::size_t) { return Pt(190); }, o);
  ASSERT_GE(ends.size(), 2u);
  EXPECT_NE(ends[ends.size() - 2], pts.size() - 2) << "the last line holds only the short word";
}

TEST(LineBreakerRules, NoHyphenBeforeTheLastLine) {
  // 24 one-letter words (10 pt, spaces 5 pt stretching by half) and "pro-|grammes." on
  // 400 pt justified lines. "... a pro-" fills line 1 with hardly any stretch, the words
  // alone stretch its spaces by 0.78 of what they can give: without the final-hyphen cost
  // the hyphen won ("pro-|grammes." ends the paragraph, as TeX's \finalhyphendemerits
  // prevents).
  fake::Breaks text;
  for (int i = 0; i < 24; ++i) text.text(10).space();
  text.text(30, 3).hyphen(5);  // "pro-"
  text.text(90, 8).end();      // "grammes."
  const auto& pts = text.points;
  BreakOptions o;
  o.justify = true;
  const auto ends = break_lines(pts, [](std::size_t) { return Pt(400); }, o);
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_FALSE(pts[ends[0]].hyphen) << "the paragraph ends with a word part: pro-|grammes.";
  EXPECT_EQ(ends[0], 24u);
}

TEST(LineBreakerRules, NoStretchedLineBeforeALongAddress) {
  // "You can watch the exercise videos at https://example.org/orthopaedics/knee-replacement/
  // exercises/week-by-week-programme or write to ..." justified on 249 pt (the held-out A6
  // booklet at 8 pt): the words before the address stretched their spaces to about ten times
  // their width (glue ratio 18), as no piece of the address fitted after them. A line at an
  // address that cannot be filled within a glue ratio of 2 is set ragged instead, and no
  // ordinary word is left alone on a line for it.
  struct Piece {
    double width;
    bool link;
    bool space_after;  // else a break inside the address (after its "/")
  };
  const std::vector<Piece> words = {
      {15, false, true}, {15, false, true}, {25, false, true}, {14, false, true}, {33, false, true},
      {28, false, true}, {8, false, true},  {80, true, false}, {52, true, false}, {68, true, false},
      {40, true, false}, {90, true, true},  {9, false, true},  {22, false, true}, {9, false, true},
      {14, false, true}, {55, false, true}, {21, false, true}, {8, false, true},  {24, false, false}};
  fake::Breaks text;
  for (std::size_t i = 0; i < words.size(); ++i) {
    text.text(words[i].width, static_cast<std::uint32_t>(words[i].width / 4), words[i].link);
    const bool last = i + 1 == words.size();
    Breakpoint& b = last ? text.end()
                    : words[i].space_after ? text.space({2.2, 1.1, 2.2 / 3})
                                           : text.inside(1000);  // kLinkBreakPenalty
    b.link_next = !last && words[i + 1].link;
  }
  const auto& pts = text.points;
  BreakOptions o;
  o.justify = true;
  const Pt width(249);
  const auto ends = break_lines(pts, [&](std::size_t) { return width; }, o);
  std::size_t prev = 0;
  for (std::size_t e : ends) {
    const Breakpoint& a = pts[prev];
    const Breakpoint& b = pts[e];
    const Pt natural = b.end_width - a.start_width;
    const Pt stretch = b.end_stretch - a.start_stretch;
    if (!b.forced && stretch.value() > 0 && !set_ragged(a, b, width, o)) {
      EXPECT_LE((width - natural) / stretch, 2.0) << "line ending at point " << e << " stretched";
    }
    const bool link_piece = b.link_chars != a.link_chars;
    if (e == prev + 1 && !link_piece && !b.forced) {
      EXPECT_GE(natural.value(), 0.2 * width.value()) << "a short word alone at point " << e;
    }
    prev = e;
  }
}

}  // namespace
}  // namespace handout
