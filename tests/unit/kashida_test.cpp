// Kashida opportunities (para/kashida.h): which joins of an Arabic word may be stretched,
// with which priority, and which never.
#include <gtest/gtest.h>

#include "core/utf.h"
#include "para/kashida.h"

namespace handout {
namespace {

// Each point as "<letter before>|<letter after>:<priority>": all points of `s`, or the best
// of each word.
std::vector<std::string> describe(const std::string& s, bool best) {
  const std::u32string t = utf8_to_utf32(s);
  const Range all{0, static_cast<std::uint32_t>(t.size())};
  std::vector<std::string> out;
  for (const KashidaPoint& p : best ? best_kashida_per_word(t, all) : kashida_points(t, all)) {
    out.push_back(utf32_to_utf8(t.substr(p.after, 1)) + "|" + utf32_to_utf8(t.substr(p.before, 1)) + ":" +
                  std::to_string(p.priority));
  }
  return out;
}
std::vector<std::string> points_of(const std::string& s) { return describe(s, false); }
std::vector<std::string> best_of(const std::string& s) { return describe(s, true); }

using V = std::vector<std::string>;

TEST(Kashida, AfterInitialAndMedialSeenAndSad) {
  // سلام: after the initial seen (2); before the final meem (7). lam-alef is never split.
  EXPECT_EQ(points_of("سلام"), V{"س|ل:2"});
  EXPECT_EQ(best_of("سلام"), V{"س|ل:2"});
  // يستخدم: after the medial seen.
  EXPECT_EQ(best_of("يستخدم"), V{"س|ت:2"});
  // الشفاء and مصدر: sheen and sad.
  EXPECT_EQ(best_of("الشفاء"), V{"ش|ف:2"});
  EXPECT_EQ(best_of("مصدر"), V{"ص|د:2"});
}

TEST(Kashida, BeforeFinalHehTehMarbutaDal) {
  EXPECT_EQ(best_of("الجذعية"), V{"ي|ة:3"});
  EXPECT_EQ(best_of("وجهه"), V{"ه|ه:3"});
  EXPECT_EQ(best_of("عمد"), V{"م|د:3"});
}

TEST(Kashida, BeforeFinalAlefLamKafAndTheRest) {
  EXPECT_EQ(best_of("كتاب"), V{"ت|ا:4"});  // alef (the beh after it does not join)
  EXPECT_EQ(best_of("جمل"), V{"م|ل:4"});
  EXPECT_EQ(best_of("تحرير"), V{"ي|ر:7"});
  EXPECT_EQ(best_of("علق"), V{"ل|ق:6"});
  // Beh before a final reh: the kashida goes before the beh (5), better than before the reh.
  EXPECT_EQ(best_of("صبر"), V{"ص|ب:2"});
  EXPECT_EQ(best_of("كبر"), V{"ك|ب:5"});
}

TEST(Kashida, NeverAcrossLamAlefAllahOrNonJoiningLetters) {
  // لا and الله have no point at all; a word of letters that do not join to their left has none.
  EXPECT_EQ(points_of("لا"), V{});
  EXPECT_EQ(points_of("الله"), V{});
  EXPECT_EQ(points_of("لله"), V{});
  EXPECT_EQ(points_of("ورد"), V{});
  EXPECT_EQ(points_of("دار"), V{});
  // After alef, dal, reh, waw (they do not join the next letter): never.
  for (const std::string& p : points_of("أدوية الإدارة")) {
    EXPECT_NE(p.substr(0, 2), "ا") << p;
    EXPECT_NE(p.substr(0, 2), "د") << p;
    EXPECT_NE(p.substr(0, 2), "و") << p;
  }
  // The lam-alef inside a longer word: the point before the alef is not taken.
  EXPECT_EQ(points_of("الإقبال"), V{"ب|ا:4"});
}

TEST(Kashida, OneBestPointPerWordOnlyInArabicWords) {
  EXPECT_EQ(best_of("Stem Cell 2026 — يتساءل كثير من المرضى"),
            (V{"س|ا:2", "ث|ي:5", "م|ن:7", "ض|ى:2"}));
  // A mark stays on its letter: the kashida comes after the shadda and fatha.
  const std::u32string t = utf8_to_utf32("يُفضَّل");
  const auto best = best_kashida_per_word(t, Range{0, static_cast<std::uint32_t>(t.size())});
  ASSERT_EQ(best.size(), 1u);
  EXPECT_EQ(t[best[0].after], U'\u0636');  // dad
  EXPECT_EQ(t[best[0].before], U'\u0644');  // lam, after the marks
  // Latin, digits and punctuation never.
  EXPECT_EQ(points_of("Stem Cell Therapy, 15–20 mg."), V{});
  // A tatweel the author typed is the best place.
  EXPECT_EQ(best_of("كتـاب"), V{"ـ|ا:1"});
}

}  // namespace
}  // namespace handout
