// The shaper's shortcut gives exactly what the long way gives: the bidi levels of a
// left-to-right paragraph with nothing right-to-left in it (FriBidi is skipped).
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
  };
  bool saw_raised = false;
  for (const char* c : cases) {
    const std::u32string text = utf8_to_utf32(c);
    const auto expected = fribidi_levels(text, Direction::kLtr);
    for (auto l : expected) saw_raised = saw_raised || l > 0;
    EXPECT_EQ(bidi_levels(text, Direction::kLtr), expected) << c;
    EXPECT_EQ(bidi_levels(text, Direction::kRtl), fribidi_levels(text, Direction::kRtl)) << c;
  }
  EXPECT_TRUE(saw_raised);  // the cases reach levels the shortcut must not give
}

}  // namespace
}  // namespace handout
