// The built-in language tags (answered without opening ICU) against ICU's own answers.
#include <gtest/gtest.h>

#include <fribidi.h>

#include "core/lang.h"
#include "core/utf.h"

namespace handout {
namespace {

TEST(Lang, BuiltinTagsAnswerAsIcuDoes) {
  const auto tags = builtin_language_tags();
  ASSERT_FALSE(tags.empty());
  bool rtl = false;
  bool ltr = false;
  for (const std::string& tag : tags) {
    const Direction icu = direction_of_language_from_icu(tag);
    EXPECT_EQ(direction_of_language(tag), icu) << tag;
    EXPECT_EQ(language_tag_problem(tag), "") << tag;
    EXPECT_EQ(language_tag_problem_from_icu(tag), "") << tag;
    rtl = rtl || icu == Direction::kRtl;
    ltr = ltr || icu == Direction::kLtr;
  }
  EXPECT_TRUE(rtl && ltr);  // ICU was really asked: both directions occur
}

TEST(Lang, TagsOutsideTheTableStillReachIcu) {
  EXPECT_EQ(direction_of_language("pa-Arab"), Direction::kRtl);
  EXPECT_EQ(direction_of_language("ckb"), Direction::kRtl);
  EXPECT_EQ(direction_of_language("ar-Latn"), Direction::kLtr);
  EXPECT_EQ(direction_of_language("en-US"), Direction::kLtr);
  EXPECT_NE(language_tag_problem("arabic").find("did you mean \"ar\""), std::string::npos);
  EXPECT_EQ(language_tag_problem("iw"), "");
  EXPECT_EQ(preferred_language_tag("ara"), "ar");
}

// A language's script, one look-up for every part of handout that asks (the tagged PDF's
// words in another script): the built-in answers are ICU's, and tags outside the table
// (Yiddish, Sorani, Punjabi in Arabic letters, Arabic in Latin letters) reach ICU.
TEST(Lang, ScriptsOfLanguagesAndLanguagesOfScripts) {
  for (const std::string& tag : builtin_language_tags()) {
    EXPECT_EQ(script_of_language(tag), script_of_language_from_icu(tag)) << tag;
  }
  for (const std::string& script : builtin_scripts()) {
    EXPECT_EQ(language_of_script(script), language_of_script_from_icu(script)) << script;
  }
  EXPECT_EQ(script_of_language("he"), "Hebr");
  EXPECT_EQ(script_of_language("yi"), "Hebr");
  EXPECT_EQ(script_of_language("ckb"), "Arab");
  EXPECT_EQ(script_of_language("ps"), "Arab");
  EXPECT_EQ(script_of_language("pa-Arab"), "Arab");
  EXPECT_EQ(script_of_language("pa"), "Guru");
  EXPECT_EQ(script_of_language("ar-Latn"), "Latn");
  EXPECT_EQ(script_of_language("en-US"), "Latn");
  EXPECT_EQ(script_of_language("not a tag"), "");
  EXPECT_EQ(language_of_script("Arab"), "ar");
  EXPECT_EQ(language_of_script("Hebr"), "he");
  EXPECT_EQ(language_of_script("Grek"), "el");
  EXPECT_EQ(language_of_script("Thaa"), "dv");
  EXPECT_EQ(language_of_script("Zzzz"), "");
  EXPECT_EQ(language_of_script("x"), "");
}

// The article reader counts strong letters to check the "lang" tag's direction; ASCII is
// counted without asking FriBidi. Every code point below U+0800 (ASCII included) counts as
// FriBidi classes it, alone and inside other text.
TEST(Lang, StrongDirectionsCountAsFriBidiClassesThem) {
  for (char32_t c = 1; c < 0x800; ++c) {
    std::string one;
    append_utf8(one, c);
    StrongCounts got;
    count_strong_directions("1 " + one + " 2", got);
    const FriBidiCharType t = fribidi_get_bidi_type(c);
    EXPECT_EQ(got.ltr, t == FRIBIDI_TYPE_LTR ? 1u : 0u) << static_cast<unsigned>(c);
    EXPECT_EQ(got.rtl, t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL ? 1u : 0u) << static_cast<unsigned>(c);
  }
  StrongCounts mixed;
  count_strong_directions("Stem cells \xD8\xA7\xD9\x84\xD8\xAE\xD9\x84\xD8\xA7\xD9\x8A\xD8\xA7 (2024)", mixed);
  EXPECT_EQ(mixed.ltr, 9u);
  EXPECT_EQ(mixed.rtl, 7u);
}

// next_utf8 walks text as utf8_to_utf32 decodes it, malformed bytes included.
TEST(Utf, NextUtf8DecodesAsUtf8ToUtf32) {
  for (const std::string s : {std::string("a\xC3\xA9\xE2\x80\x8E\xF0\x9F\x98\x80z"), std::string("\xC3"),
                              std::string("\xE2\x28\xA1x"), std::string("\xFFok\xF0\x9F")}) {
    std::u32string walked;
    for (std::size_t i = 0; i < s.size();) walked.push_back(next_utf8(s, i));
    EXPECT_EQ(walked, utf8_to_utf32(s));
  }
}

}  // namespace
}  // namespace handout
