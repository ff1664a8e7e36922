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

// One number is never set in two scripts: a blood pressure with its Latin unit ("١٢٠/80 mmHg"
// was printed), a number with a superscript or a fraction ("١٠⁶", "١½"), a temperature in
// "℃" (as "°C"), and a Latin quantity after a one-letter Arabic word ("و8 °C").
TEST(ArabicIndicDigits, NoNumberInTwoScripts) {
  std::u32string text = U"الضغط 120/80 mmHg و10⁶ خلية و1½ قرص والحرارة 37 ℃ وبين 2 و8 °C و120/80 فقط";
  to_arabic_indic_digits(text);
  EXPECT_EQ(text, U"الضغط 120/80 mmHg و10⁶ خلية و1½ قرص والحرارة 37 ℃ وبين ٢ و8 °C و١٢٠/"
                  U"٨٠ فقط");
}

// A fraction written with U+2044 FRACTION SLASH is drawn by the Latin font as one fraction:
// its digits stay Western ("١⁄٢", Naskh's digits around the Latin font's narrow slash, read as
// ٧٢), in parentheses too; a number beside it still changes.
TEST(ArabicIndicDigits, AFractionWithAFractionSlashKeepsItsDigits) {
  std::u32string text = U"تناول 1⁄2 قرص و(3⁄4) قرص بعد 2 يوم";
  to_arabic_indic_digits(text);
  EXPECT_EQ(text, U"تناول 1⁄2 قرص و(3⁄4) قرص بعد \u0662 يوم");
}

// A number that reads as part of Latin text keeps its digits: after a Latin word, across
// spaces ("Panadol ٥٠٠" was printed, the strength on the box is "Panadol 500"), and before a
// unit of any SI prefix ("١٠ mIU/mL", "٣ MBq"); the word may end the text before (`before`,
// another string of the paragraph). A number after an Arabic word still changes.
TEST(ArabicIndicDigits, NumbersOfLatinTextKeepTheirDigits) {
  std::u32string text = U"خذ Panadol 500 أو Vitamin D  1000 وحدة، ثم 10 mIU/mL و3 MBq و 2 x 10⁶ cells/kg بعد 2 يوم";
  to_arabic_indic_digits(text);
  EXPECT_EQ(text, U"خذ Panadol 500 أو Vitamin D  1000 وحدة، ثم 10 mIU/mL و3 MBq و 2 x 10⁶ cells/kg بعد \u0662 يوم");
  std::u32string next = U" 250 ملغ";
  to_arabic_indic_digits(next, U"خذ Amoxicillin");
  EXPECT_EQ(next, U" 250 ملغ");
  std::u32string after_arabic = U" 250 ملغ";
  to_arabic_indic_digits(after_arabic, U"خذ الدواء ");
  EXPECT_EQ(after_arabic, U" \u0662\u0665\u0660 ملغ");
}

TEST(ArabicIndicDigits, SeparatorsOfAnIndicNumberAreArabic) {
  // CLDR's symbols for the "arab" numbering system: U+066B decimal, U+066C group; the percent
  // sign stays (see to_arabic_indic_digits).
  std::u32string text = U"بنسبة 50% و 37.5 درجة و 1,000 وحدة و %20، وقال: نعم. ثم 10 mg.";
  to_arabic_indic_digits(text);
  EXPECT_EQ(text, U"بنسبة \u0665\u0660% و \u0663\u0667\u066B\u0665 درجة و \u0661\u066C\u0660\u0660\u0660 وحدة و "
                  U"%\u0662\u0660، وقال: نعم. ثم 10 mg.");
  // A full stop or comma after a number ends the sentence or clause: it stays.
  std::u32string end = U"خذ 2. ثم 3, 4";
  to_arabic_indic_digits(end);
  EXPECT_EQ(end, U"خذ \u0662. ثم \u0663, \u0664");
}

TEST(ArabicIndicDigits, LayoutTextsTakeTheArabicSeparatorsToo) {
  // {meta.version} "1.2" in a footer of Arabic-Indic digits read "١.٢", like 102.
  LayoutSpec spec;
  spec.digits["ar"] = "arabic-indic";
  EXPECT_EQ(localized_digits(spec, "ar", "1.2, 2026-10-15, 50%"),
            "\u0661\u066B\u0662, \u0662\u0660\u0662\u0666-\u0661\u0660-\u0661\u0665, \u0665\u0660%");
  EXPECT_EQ(localized_digits(spec, "en", "1.2"), "1.2");
}

// A number with two stops or more is a section or version number, an address or a date,
// not a decimal: it was shown "٢٫٣٫١" (the decimal separator at each stop). It keeps its
// Western digits and stops, in text and in layout texts ({meta.version}) alike; a decimal
// beside it still changes.
TEST(ArabicIndicDigits, DottedNumbersAreNotDecimals) {
  std::u32string text = U"القسم 2.3.1 والإصدار 10.2.15 و(192.168.1.1) بتاريخ 06.12.2026، والجرعة 1.5 و2.5.";
  to_arabic_indic_digits(text);
  EXPECT_EQ(text, U"القسم 2.3.1 والإصدار 10.2.15 و(192.168.1.1) بتاريخ 06.12.2026، والجرعة ١٫٥ "
                  U"و٢٫٥.");
  LayoutSpec spec;
  spec.digits["ar"] = "arabic-indic";
  EXPECT_EQ(localized_text_digits(spec, "ar", "2.3.1"), "2.3.1");
  EXPECT_EQ(localized_digits(spec, "ar", "2.3.1"), "2.3.1");
  EXPECT_EQ(localized_text_digits(spec, "ar", "1.2"), "١٫٢");
  // A version named with a Latin letter keeps its digits, as in a paragraph ("v٢٫٣" was shown).
  EXPECT_EQ(localized_text_digits(spec, "ar", "v2.3"), "v2.3");
  EXPECT_EQ(localized_text_digits(spec, "en", "2.3.1"), "2.3.1");
}

// Persian and Urdu: the same rules with the Extended Arabic-Indic digits (CLDR "arabext")
// and Arabic's separators; "-numbering" changes page and list numbers only.
TEST(ArabicIndicDigits, ExtendedArabicIndicForPersianAndUrdu) {
  std::u32string text = U"خذ 2 قرص 1.5 و 1,000 و 10 mg و COVID-19 و 2.3.1";
  to_arabic_indic_digits(text, {}, 0x06F0);
  EXPECT_EQ(text, U"خذ ۲ قرص ۱٫۵ و ۱٬۰۰۰ و 10 mg و COVID-19 و 2.3.1");
  LayoutSpec spec;
  spec.digits["fa"] = "extended-arabic-indic";
  spec.digits["ur"] = "extended-arabic-indic-numbering";
  EXPECT_EQ(text_digit_zero(spec, "fa"), 0x06F0U);
  EXPECT_EQ(text_digit_zero(spec, "fa-IR"), 0x06F0U);
  EXPECT_EQ(text_digit_zero(spec, "ur"), 0U);
  EXPECT_EQ(text_digit_zero(spec, "ar"), 0U);
  EXPECT_EQ(localized_number(spec, "fa", 1405), "۱۴۰۵");
  EXPECT_EQ(localized_number(spec, "ur", 12), "۱۲");
  EXPECT_EQ(localized_number(spec, "ar", 12), "12");
  EXPECT_EQ(localized_text_digits(spec, "fa", "2026-12-06 v1.2"), "۲۰۲۶-۱۲-۰۶ v1.2");
  EXPECT_EQ(localized_text_digits(spec, "fa", "1.2"), "۱٫۲");
  EXPECT_EQ(localized_text_digits(spec, "ur", "1.2"), "1.2");
  spec.digits["ar"] = "arabic-indic";
  EXPECT_EQ(text_digit_zero(spec, "ar"), 0x0660U);
  EXPECT_EQ(localized_number(spec, "ar", 12), "١٢");
}

}  // namespace
}  // namespace handout
