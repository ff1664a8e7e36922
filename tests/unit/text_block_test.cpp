// The layout's Arabic-Indic digits change only what they must.
#include <gtest/gtest.h>

#include <string>

#include "block/context.h"

namespace handout {
namespace {

TEST(ArabicIndicDigits, OnlyDigitsOutsideLatinTokensAndQuantitiesChange) {
  std::u32string none = U"لا أرقام هنا";
  to_arabic_indic_digits(none);
  EXPECT_EQ(none, U"لا أرقام هنا");
  // A number before a Latin quantity: the first changes, the quantity's digits stay (the
  // quantities are found on the text as written, before any digit changes).
  std::u32string mixed = U"خذ 2 ثم 10 mg و COVID-19 بعد 24 ساعة";
  to_arabic_indic_digits(mixed);
  EXPECT_EQ(mixed, U"خذ \u0662 ثم 10 mg و COVID-19 بعد \u0662\u0664 ساعة");
  std::u32string latin_only = U"B12 10 mg";
  to_arabic_indic_digits(latin_only);
  EXPECT_EQ(latin_only, U"B12 10 mg");
}

}  // namespace
}  // namespace handout
