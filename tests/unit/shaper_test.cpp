// The shaper's shortcuts give exactly what the long way gives: the bidi levels of a
// left-to-right paragraph with nothing right-to-left in it, and of a right-to-left one with
// nothing left-to-right and no number in it (FriBidi is skipped).
#include <fribidi.h>
#include <gtest/gtest.h>

#include <vector>

#include "core/utf.h"
#include "text/shaper.h"

namespace handout {
namespace {

// The levels FriBidi gives `text`, called directly as the shaper did before its shortcut.
std::vector<std::uint8_t> fribidi_levels(const std::u32string& text, Direction base) {
  const auto n = static_cast<FriBidiStrIndex>(text.size());
  std::vector<FriBidiCharType> types(text.size());
  std::vector<FriBidiBracketType> brackets(text.size());
  std::vector<FriBidiLevel> lv(text.size());
  const auto* chars = reinterpret_cast<const FriBidiChar*>(text.data());
  fribidi_get_bidi_types(chars, n, types.data());
  fribidi_get_bracket_types(chars, n, types.data(), brackets.data());
  FriBidiParType dir = base == Direction::kRtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
  EXPECT_NE(fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), n, &dir, lv.data()), 0);
  return {lv.begin(), lv.end()};
}

TEST(Shaper, BidiLevelsOfLeftToRightTextMatchFriBidi) {
  const char* cases[] = {
      // Nothing right-to-left: the shortcut, all level 0.
      "Stem cells (from bone marrow) are taken 2–3 times, 37.5 °C, +44 20 7946 0018.",
      "1990s: 15% of 2,000 — \"quoted\" [brackets] {braces} a/b; x = y + 1.",
      "\u200Eleft mark, tab\tand\nnewline, soft\u00ADhyphen, nbsp\u00A0here",
      "123 456", "...", "",
      // Something right-to-left: FriBidi decides (levels above 0 appear).
      "Arabic \u0627\u0644\u0639\u0631\u0628\u064A\u0629 inside",
      "an Arabic-Indic number \u0661\u0662\u0663 in English",     // AN: level 2
      "a right mark \u200F here", "Hebrew \u05E9\u05DC\u05D5\u05DD 12",
      "embedded \u202Aleft\u202C and \u202Bright\u202C",          // LRE, RLE
      "isolated \u2066left\u2069 and \u2067right\u2069 and \u2068first\u2069",
      "override \u202Dabc\u202C and \u202Eabc\u202C",
      // Right-to-left text with nothing left-to-right and no number: the shortcut for a
      // right-to-left paragraph, all level 1 (neutrals, brackets, marks, controls).
      "\u0627\u0644\u0639\u0644\u0627\u062C (\u0628\u0627\u0644\u062E\u0644\u0627\u064A\u0627)\u060C "
      "\u064A\u064E\u0633\u0652\u062A\u063A\u0631\u0642: \u00AB\u0633\u0627\u0639\u0627\u062A\u00BB\u061F ",
      "\u0628\u200D\u0640\u200C\u0629\t\u0641\u064A\n[\u0645] {\u0646}. ... \u2014 \u0643 / \u0644 + \u0645 % ",
      "\u05E9\u05DC\u05D5\u05DD \u0627 \u00A0\u200F\u061C!",
      "( ) [ ] -- ,,", "\u0300\u0627",
      // ... and with one: FriBidi decides.
      "\u0627\u0644\u0639\u0644\u0627\u062C 3 \u0633\u0627\u0639\u0627\u062A", "\u0627 (a) \u0628",
      "\u0627 \u0661\u0662 \u0628", "\u0627 \u2066x\u2069 \u0628", "\u0627 \u202Ax\u202C \u0628",
  };
  bool saw_raised = false;
  bool saw_other_than_one = false;
  for (const char* c : cases) {
    const std::u32string text = utf8_to_utf32(c);
    const auto expected = fribidi_levels(text, Direction::kLtr);
    for (auto l : expected) saw_raised = saw_raised || l > 0;
    EXPECT_EQ(bidi_levels(text, Direction::kLtr), expected) << c;
    const auto expected_rtl = fribidi_levels(text, Direction::kRtl);
    for (auto l : expected_rtl) saw_other_than_one = saw_other_than_one || l != 1;
    EXPECT_EQ(bidi_levels(text, Direction::kRtl), expected_rtl) << c;
  }
  EXPECT_TRUE(saw_raised);  // the cases reach levels the shortcuts must not give
  EXPECT_TRUE(saw_other_than_one);
}

// Many right-to-left paragraphs made of letters, marks, controls, brackets, separators and
// other neutrals (the shortcut's ground, with now and then a character that leaves it):
// the same levels as FriBidi's.
TEST(Shaper, BidiLevelsOfRightToLeftTextMatchFriBidi) {
  const std::u32string pool =
      U"\u0627\u0644\u0645\u0628\u0629\u0640\u064E\u0652\u0670\u05D0\u200F\u061C"  // AL, R, NSM
      U"  \t\u00A0\u200D\u200C\u00AD\u2028"                                           // WS, S, BN, B-like
      U"()[]{}\u00AB\u00BB.,:;!?\u060C\u061F/+-%#$\u2014\u2013'\"*&@_~";              // ON, ES, ET, CS
  const std::u32string rare = U"a5\u0661\n\u2067\u2069\u202B\u202C";  // L, EN, AN, B, explicit
  std::uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return state >> 8;
  };
  std::size_t shortcut_ground = 0;
  for (int round = 0; round < 3000; ++round) {
    std::u32string text;
    const std::size_t n = next() % 24;
    for (std::size_t i = 0; i < n; ++i) {
      text += next() % 40 == 0 ? rare[next() % rare.size()] : pool[next() % pool.size()];
    }
    const auto expected = fribidi_levels(text, Direction::kRtl);
    if (text.find_first_of(rare) == std::u32string::npos) ++shortcut_ground;
    EXPECT_EQ(bidi_levels(text, Direction::kRtl), expected) << utf32_to_utf8(text);
  }
  EXPECT_GT(shortcut_ground, 1000u);
}

}  // namespace
}  // namespace handout
