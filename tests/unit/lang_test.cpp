// The built-in language tags (answered without opening ICU) against ICU's own answers.
#include <gtest/gtest.h>

#include "core/lang.h"

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

}  // namespace
}  // namespace handout
