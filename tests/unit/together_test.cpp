// Words that belong together (phone numbers, quantities, links), without fonts.
#include <gtest/gtest.h>

#include "core/utf.h"
#include "text/shaper.h"
#include "text/together.h"

namespace handout {
namespace {

// The spans of `s` as (kind letter, text) strings: "P:+971 4 123 4567".
std::vector<std::string> spans_of(const std::string& s) {
  const std::u32string t = utf8_to_utf32(s);
  std::vector<std::string> out;
  for (const TogetherSpan& sp : find_together(t)) {
    const char k = sp.kind == TogetherKind::kPhone      ? 'P'
                   : sp.kind == TogetherKind::kQuantity ? 'Q'
                   : sp.kind == TogetherKind::kDate     ? 'D'
                   : sp.kind == TogetherKind::kAbbreviation ? 'A'
                   : sp.kind == TogetherKind::kNumber   ? 'N'
                   : sp.kind == TogetherKind::kCode     ? 'C'
                                                        : 'L';
    out.push_back(std::string(1, k) + (sp.ltr ? ">" : ":") + utf32_to_utf8(t.substr(sp.chars.begin, sp.chars.size())));
  }
  return out;
}

using V = std::vector<std::string>;

// The bidi levels of `t` in right-to-left text, with its together spans isolated left to
// right (what the shaper does).
std::vector<std::uint8_t> isolated_levels(const std::u32string& t) {
  std::vector<std::uint8_t> levels = bidi_levels(t, Direction::kRtl);
  isolate_ltr_spans(find_together(t), levels, t);
  return levels;
}

// The break opportunities of `t`, a break allowed after every character, as tailor_breaks
// leaves them.
std::vector<BreakKind> tailored(const std::u32string& t) {
  std::vector<BreakKind> breaks(t.size(), BreakKind::kAllow);
  tailor_breaks(t, find_together(t), breaks);
  return breaks;
}

TEST(Together, PhoneNumbers) {
  EXPECT_EQ(spans_of("Call +971 4 123 4567 today."), V{"P>+971 4 123 4567"});
  EXPECT_EQ(spans_of("Ring +44 (0)20 7946 0018, or 0123-456-789."), (V{"P>+44 (0)20 7946 0018", "P>0123-456-789"}));
  EXPECT_EQ(spans_of("US: 800 555 0199."), V{"P>800 555 0199"});
  // Toll-free and local numbers of a group of three and one of four or five, without a
  // leading "+" or "0" ("800 7848" read "7848 800" in Arabic text).
  EXPECT_EQ(spans_of("hotline 800 1234 or (800 7848), 123 45678."),
            (V{"P>800 1234", "P>800 7848", "P>123 45678"}));
  EXPECT_EQ(spans_of("خط الإقلاع عن التدخين (800 7848) مجاني"), V{"P>800 7848"});
  // Years and counts are not phone numbers.
  EXPECT_EQ(spans_of("In 2020 1500 people came."), V{});
  // (A number of thousands parted by a space is one number, not a phone number.)
  EXPECT_EQ(spans_of("In 2020 150 people, 100 000 doses, 12 3456 and 800 123456."), V{"N>100 000"});
  EXPECT_EQ(spans_of("اتصل على +971 4 123 4567."), V{"P>+971 4 123 4567"});
  // A leading zero in each digit set: Western, Arabic-Indic and Extended Arabic-Indic.
  EXPECT_EQ(spans_of("رقم 050 1234567"), V{"P>050 1234567"});
  EXPECT_EQ(spans_of("رقم ٠٥٠ ١٢٣٤٥٦٧"), V{"P>٠٥٠ ١٢٣٤٥٦٧"});
  EXPECT_EQ(spans_of("رقم ۰۵۰ ۱۲۳۴۵۶۷"), V{"P>۰۵۰ ۱۲۳۴۵۶۷"});
}

// A numeric range never breaks at its dash, in any of the three digit sets; a dash between
// words still may.
TEST(Together, RangesDoNotBreakAtTheirDash) {
  for (const char* s : {"15–20 a-b", "١٥–٢٠ a-b", "۱۵–۲۰ a-b", "1.5-3 a-b"}) {
    const std::u32string t = utf8_to_utf32(s);
    const std::vector<BreakKind> breaks = tailored(t);
    const std::size_t dash = t.find_first_of(U"–-");
    EXPECT_EQ(breaks[dash - 1], BreakKind::kNone) << s;
    EXPECT_EQ(breaks[dash], BreakKind::kNone) << s;
    EXPECT_EQ(breaks[t.rfind(U'-')], BreakKind::kAllow) << s;
  }
}

TEST(Together, Quantities) {
  EXPECT_EQ(spans_of("above 37.5 °C after 500 mg"), (V{"Q>37.5 °C", "Q>500 mg"}));
  EXPECT_EQ(spans_of("below 15 mmol/L; take 500 mg–1 g"), (V{"Q>15 mmol/L", "Q>500 mg–1 g"}));
  EXPECT_EQ(spans_of("15–20 mg and 5 %"), (V{"Q>15–20 mg", "Q:5 %"}));
  EXPECT_EQ(spans_of("الجرعة 500–1000 ملغ و5 مل"), (V{"Q:500–1000 ملغ", "Q:5 مل"}));
  // Units spelt out are units: "100 micrograms" is never hyphenated or broken (a narrow dose
  // column set "100 micro-|grams"); after a number in Arabic text, a Latin one reads left to right.
  EXPECT_EQ(spans_of("Vitamin K 100 micrograms, insulin 10 units"), (V{"Q>100 micrograms", "Q>10 units"}));
  EXPECT_EQ(spans_of("بمقدار 100 micrograms أو 100 ميكروغرام"), (V{"Q>100 micrograms", "Q:100 ميكروغرام"}));
  // A pair of readings with its unit, and the letterlike degree signs.
  EXPECT_EQ(spans_of("BP 120/80 mmHg, 37 ℃ or 99 ℉; 05/12/2026"), (V{"Q>120/80 mmHg", "Q>37 ℃", "Q>99 ℉"}));
  // Words are not units; a unit must end where its word ends.
  EXPECT_EQ(spans_of("for 24 hours, 3 mgs, 2 good"), V{});
}

// A spaced multiplication sign between counts or quantities: "2 ×| 10 repetitions" ended a
// line with the sign (held-out knee leaflet, A4, English and Arabic).
TEST(Together, Products) {
  EXPECT_EQ(spans_of("Do 2 × 10 repetitions, 2 × 500 mg, 10 cm × 5 cm, 3 × daily."),
            (V{"Q:2 × 10", "Q>2 × 500 mg", "Q>10 cm × 5 cm", "Q:3 × daily"}));
  EXPECT_EQ(spans_of("أدِّ التمارين 2 × 10 تكرارات، 1 × يوميًا"), (V{"Q:2 × 10", "Q:1 × يوميًا"}));
  // A sign with nothing after it, or a letter before the number, makes no product.
  EXPECT_EQ(spans_of("2 × , x2 × 10"), V{});
  const std::u32string t = U"do 2 × 10 reps";
  std::vector<BreakKind> breaks(t.size(), BreakKind::kNone);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == U' ') breaks[i] = BreakKind::kAllow;
  }
  tailor_breaks(t, find_together(t), breaks);
  EXPECT_EQ(breaks[4], BreakKind::kNone);  // "2 |×"
  EXPECT_EQ(breaks[6], BreakKind::kNone);  // "× |10"
  EXPECT_EQ(breaks[9], BreakKind::kAllow);  // "10 |reps"
  EXPECT_EQ(breaks[2], BreakKind::kAllow);  // "do |2"
}

TEST(Together, Links) {
  EXPECT_EQ(spans_of("See https://orthoclinic.example/knee-replacement?lang=en&print=yes."),
            V{"L>https://orthoclinic.example/knee-replacement?lang=en&print=yes"});
  EXPECT_EQ(spans_of("(www.example.org) or team@example.org, file leaflet.pdf; example.org/ar"),
            (V{"L>www.example.org", "L>team@example.org", "L>leaflet.pdf", "L>example.org/ar"}));
  // Abbreviations are no links (they are kept together as abbreviations).
  EXPECT_EQ(spans_of("e.g. U.S. 3.5 Dr.Smith etc."), (V{"A>e.g.", "A>U.S."}));
  // A layout's {clinic.website} comes inside a left-to-right isolate: still a link.
  EXPECT_EQ(spans_of("موقع \u2066https://riverside-clinic.example\u2069 ·"), V{"L>https://riverside-clinic.example"});
}

// The shortcuts over letters inside a word and over words with no "." or ":" find what
// the full scan finds: a token after a line break, a scheme with a colon only, none of a
// number glued to a word.
TEST(Together, ShortcutsMissNothing) {
  EXPECT_EQ(spans_of("mailto:team@example.org"), V{"L>mailto:team@example.org"});
  EXPECT_EQ(spans_of("Visit\nwww.example.org now"), V{"L>www.example.org"});
  EXPECT_EQ(spans_of("Plainwordsonly andlongerwords"), V{});
  EXPECT_EQ(spans_of("abc 500 mg, abc500 mg"), V{"Q>500 mg"});
  EXPECT_EQ(spans_of("وزن500 ملغ و 500 ملغ"), V{"Q:500 ملغ"});
  EXPECT_EQ(spans_of("x+971 4 123 4567 or +971 4 123 4567"), V{"P>+971 4 123 4567"});
}

TEST(Together, LinksBreakOnlyAfterTheirPunctuation) {
  const std::u32string t = U"a https://www.ex.org/a-b.html?c=1&d x.z@y.org x";
  std::vector<BreakKind> breaks(t.size(), BreakKind::kNone);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == U' ' || t[i] == U'/' || t[i] == U'-') breaks[i] = BreakKind::kAllow;
  }
  tailor_breaks(t, find_together(t), breaks);
  // Each break inside the links: its character for a break at a cost after "/" or "@", or
  // before "?" or "&" (BreakKind::kAllowLink: "l" of "html?", "1" of "=1&"), "~" after it for a dearer one after a "." of a path or
  // an address's name, "=" for the dearest after a "." of a host or domain, and "!" for a
  // free one (there is none: every break inside an address is the line breaker's last resort).
  std::string after;
  for (std::size_t i = 2; i + 2 < t.size(); ++i) {
    if (t[i] == U' ') continue;
    if (breaks[i] == BreakKind::kAllow) after += std::string(1, static_cast<char>(t[i])) + "!";
    if (breaks[i] == BreakKind::kAllowWeak) after += std::string(1, static_cast<char>(t[i])) + "~";
    if (breaks[i] == BreakKind::kAllowHost) after += std::string(1, static_cast<char>(t[i])) + "=";
    if (breaks[i] == BreakKind::kAllowLink) after.push_back(static_cast<char>(t[i]));
  }
  // Never inside "https://www." (the host starts the line with its scheme) nor after the
  // link's own "-"; after "." dearer (a path reads better broken after its "/").
  EXPECT_EQ(after, ".=/.~l1.~@.=");
  // An "@" in a path does not start a host: its "." is a path's.
  const std::u32string u = U"a https://ex.org/@team.page x";
  std::vector<BreakKind> ub(u.size(), BreakKind::kNone);
  tailor_breaks(u, find_together(u), ub);
  EXPECT_EQ(ub[u.find(U'.')], BreakKind::kAllowHost);
  EXPECT_EQ(ub[u.rfind(U'.')], BreakKind::kAllowWeak);
}

// A number with its sign is one unit; in right-to-left text it reads left to right when
// shown in Western digits ("-5", not "5-"), with a Latin unit as a whole ("-5 °C", not
// "C° 5-"), and keeps the bidi algorithm's order in Arabic-Indic digits.
TEST(Together, SignedNumbers) {
  EXPECT_EQ(spans_of("الحرارة -5 °C أو −12 أو +2.5 أو -10% أو ±0.5 مل"),
            (V{"Q>-5 °C", "Q:−12", "Q:+2.5", "Q:-10%", "Q:±0.5 مل"}));
  EXPECT_EQ(spans_of("in (-5 °C) and [+8 °C]"), (V{"Q>-5 °C", "Q>+8 °C"}));
  // A dash between numbers or after a letter is no sign.
  EXPECT_EQ(spans_of("10-20, 2026-12-05, COVID-19, 5 - 3, x-5, وزن-5"), V{"D>2026-12-05"});
  // A phone number's "+" stays the phone number's.
  EXPECT_EQ(spans_of("+44 20 7946 0958"), V{"P>+44 20 7946 0958"});

  auto levels_of = [](const std::u32string& t, const std::u32string& shown) {
    std::vector<std::uint8_t> levels = bidi_levels(t, Direction::kRtl);
    isolate_ltr_spans(find_together(t), levels, shown);
    return levels;
  };
  const std::u32string t = U"الحرارة -5 درجات";
  const std::size_t sign = t.find(U'-');
  std::vector<std::uint8_t> levels = levels_of(t, t);
  EXPECT_EQ(levels[sign], 2);
  EXPECT_EQ(levels[sign + 1], 2);
  EXPECT_EQ(levels[sign + 2], 1);
  // Shown in Arabic-Indic digits the sign stays on the number's right (read first).
  std::u32string shown = t;
  shown[sign + 1] = 0x0665;
  levels = levels_of(t, shown);
  EXPECT_EQ(levels[sign], 1);
  // A unit in Arabic letters keeps its place after the number: only "-5" turns.
  const std::u32string ml = U"خذ -5 مل";
  levels = levels_of(ml, ml);
  EXPECT_EQ(levels[3], 2);
  EXPECT_EQ(levels[4], 2);
  EXPECT_EQ(levels[6], 1);
  // With a Latin unit the whole quantity reads left to right.
  const std::u32string c = U"خذ -5 °C";
  levels = levels_of(c, c);
  for (std::size_t i = 3; i < c.size(); ++i) EXPECT_EQ(levels[i], 2) << i;
}

// A one-letter Arabic word joined to a number ("و8", "and 8") starts it as a space does:
// "بين 2 و8 °C" showed "C° 8", the unit split off and turned.
TEST(Together, NumbersAfterAnArabicProclitic) {
  EXPECT_EQ(spans_of("بين 2 و8 °C، ب5 mg أو ف-3 °C («و10 mg»)"), (V{"Q>8 °C", "Q>5 mg", "Q>-3 °C", "Q>10 mg"}));
  EXPECT_EQ(spans_of("اتصل و+971 4 123 4567"), V{"P>+971 4 123 4567"});
  // A letter inside a word is no proclitic.
  EXPECT_EQ(spans_of("وزن500 ملغ، مو8 °C"), V{});
}

// A symbol written against a word's end takes the word's level: "(Coumadin®)" in Arabic
// printed "(®Coumadin)", "Panadol™" as "™Panadol".
TEST(Together, SymbolsStayAtTheirWordsEnd) {
  auto levels_of = [](const std::u32string& t, Direction base) {
    std::vector<std::uint8_t> levels = bidi_levels(t, base);
    for (std::size_t i = 0; i < t.size(); ++i) attach_word_symbol(t, levels, i);
    return levels;
  };
  const std::u32string t = U"دواء (Coumadin®) و Panadol™© مهم";
  std::vector<std::uint8_t> levels = levels_of(t, Direction::kRtl);
  EXPECT_EQ(levels[t.find(U'®')], 2);
  EXPECT_EQ(levels[t.find(U'™')], 2);
  EXPECT_EQ(levels[t.find(U'©')], 2);
  EXPECT_EQ(levels[t.find(U')')], 1);
  // After a space a symbol is no word's: the bidi algorithm decides.
  const std::u32string spaced = U"دواء Coumadin ® مهم";
  EXPECT_EQ(levels_of(spaced, Direction::kRtl)[spaced.find(U'®')], 1);
  // An Arabic word's symbol in English text stays at that word's end (its left).
  const std::u32string en = U"Ask for بنادول® today";
  EXPECT_EQ(levels_of(en, Direction::kLtr)[en.find(U'®')], 1);
}

// A date written with hyphens reads left to right in right-to-left text, as written:
// "2026-12-06" in Arabic printed "06-12-2026" (each group set apart by the bidi algorithm).
TEST(Together, HyphenatedDates) {
  EXPECT_EQ(spans_of("الموعد 2026-12-06 أو 6-12-2026 أو ٢٠٢٦-١٢-٠٦، و5-10 ملغ"),
            (V{"D>2026-12-06", "D>6-12-2026", "D>٢٠٢٦-١٢-٠٦", "Q:5-10 ملغ"}));
  // A phone number's groups are no date; nor is a longer run of numbers.
  EXPECT_EQ(spans_of("0123-456-789, 2026-12-06a, 12-12-12, 2026-123-1"), (V{"P>0123-456-789", "C>2026-12-06a"}));
  const std::u32string t = U"الموعد 2026-12-06 صباحًا";
  std::vector<std::uint8_t> levels = isolated_levels(t);
  const std::size_t b = t.find(U'2');
  for (std::size_t i = b; i < b + 10; ++i) EXPECT_EQ(levels[i], 2) << i;
  EXPECT_EQ(levels[b - 1], 1);
  EXPECT_EQ(levels[b + 10], 1);
}

// Units of any SI prefix ("mIU", "MBq") and rates of a unit or a counted word per unit
// ("mcg/kg/min", "cells/m²") are units: "١٠ mIU/mL" set a number of one script against a
// unit of the other, and "cells/|m²" ended a line.
TEST(Together, PrefixedUnitsAndRates) {
  EXPECT_EQ(spans_of("10 mIU/mL, 3 MBq, 5 mcg/kg/min, 200 cells/µL, 40 mg/m², 2 x 10⁶ cells/kg, 10⁻³ mol"),
            (V{"Q>10 mIU/mL", "Q>3 MBq", "Q>5 mcg/kg/min", "Q>200 cells/µL", "Q>40 mg/m²", "Q>2 x 10⁶ cells/kg",
               "Q>10⁻³ mol"}));
  // A unit in Arabic letters, with an Arabic rate, reads in Arabic order.
  EXPECT_EQ(spans_of("الجرعة 15 ملغ/كغ"), V{"Q:15 ملغ/كغ"});
  // Words per words are no rates; a letter x not between numbers is no sign.
  EXPECT_EQ(spans_of("2 and/or 3, 5 days/week, 2 x a day, 4 Mx"), V{});
  for (const char* s : {"of 1.5 million cells/m² of skin", "in mg/kg daily", "mL/min"}) {
    const std::u32string t = utf8_to_utf32(s);
    const std::vector<BreakKind> breaks = tailored(t);
    const std::size_t slash = t.find(U'/');
    EXPECT_EQ(breaks[slash - 1], BreakKind::kNone) << s;
    EXPECT_EQ(breaks[slash], BreakKind::kNone) << s;
  }
  // "and/or" may still break after its "/".
  const std::u32string t = U"you and/or me";
  EXPECT_EQ(tailored(t)[t.find(U'/')], BreakKind::kAllow);
}

// A Latin abbreviation with stops inside it keeps its final stop in Arabic text: "أو p.o.
// مرتين" printed the stop on the far side of the word (". p.o").
TEST(Together, AbbreviationsKeepTheirFinalStop) {
  EXPECT_EQ(spans_of("خذه p.o. مرتين أو (e.g. i.v.) و Ph.D. ثم Panadol. ثم ox.ac.uk. ثم U.S. و b.i.d."),
            (V{"A>p.o.", "A>e.g.", "A>i.v.", "A>Ph.D.", "L>ox.ac.uk", "A>U.S.", "A>b.i.d."}));
  // A sentence's stop after a word or an address, a stop inside a word, a long segment.
  EXPECT_EQ(spans_of("Panadol. ox.ac.uk. e.gx. abcd.e. a.b"), (V{"L>ox.ac.uk", "L>e.gx"}));
  const std::u32string t = U"خذه p.o. مرتين";
  std::vector<std::uint8_t> levels = bidi_levels(t, Direction::kRtl);
  EXPECT_EQ(levels[t.find(U"p.o.") + 3], 1);  // the bidi algorithm's: by the paragraph
  isolate_ltr_spans(find_together(t), levels, t);
  EXPECT_EQ(levels[t.find(U"p.o.") + 3], 2);
  EXPECT_EQ(levels[t.find(U"p.o.") + 4], 1);
}

// A number of thousands parted by spaces is one number: in Arabic text "1 250 000" was
// printed "000 250 1" (each group set apart, from the right), and could break between groups.
TEST(Together, NumbersGroupedBySpaces) {
  EXPECT_EQ(spans_of("العدد 1 250 000 خلية أو 2 500 ملغ أو 12 500 mg أو 1 250 000.5"),
            (V{"N>1 250 000", "Q:2 500 ملغ", "Q>12 500 mg", "N>1 250 000.5"}));
  // Not a run of numbers, a year and a count, nor groups of another size.
  EXPECT_EQ(spans_of("In 2020 150 people, 12 3456, 100 00, 1 2 3"), V{});
  auto levels_of = [](const std::u32string& t) {
    std::vector<std::uint8_t> levels = bidi_levels(t, Direction::kRtl);
    isolate_ltr_spans(find_together(t), levels, t);
    return levels;
  };
  const std::u32string t = U"العدد 1 250 000 خلية";
  std::vector<std::uint8_t> levels = levels_of(t);
  for (std::size_t i = 6; i < 15; ++i) EXPECT_EQ(levels[i], 2) << i;
  // With a unit in Arabic letters the number alone turns; the unit keeps its place.
  const std::u32string ml = U"خذ 2 500 ملغ";
  levels = levels_of(ml);
  EXPECT_EQ(levels[4], 2);
  EXPECT_EQ(levels[ml.size() - 1], 1);
  // A quantity's number never breaks between its groups.
  const std::vector<BreakKind> breaks = tailored(ml);
  EXPECT_EQ(breaks[4], BreakKind::kNone);
}

// A signed number of grouped thousands in Arabic-Indic digits ("-١ ٢٥٠") was printed with its
// groups from right to left ("٢٥٠ ١-"): its groups read left to right, its sign stays on
// their right, read first, as for "-١٢". In Western digits the sign turns with them.
TEST(Together, SignedNumbersGroupedBySpaces) {
  const std::u32string t = U"الرصيد -1 250 درهم";
  const std::size_t sign = t.find(U'-');
  std::u32string shown = t;
  for (char32_t& c : shown) {
    if (c >= U'0' && c <= U'9') c = 0x0660 + (c - U'0');
  }
  std::vector<std::uint8_t> levels = bidi_levels(shown, Direction::kRtl);
  isolate_ltr_spans(find_together(t), levels, shown);
  EXPECT_EQ(levels[sign], 1);
  for (std::size_t i = sign + 1; i < sign + 6; ++i) EXPECT_EQ(levels[i], 2) << i;  // "1 250", its space too
  EXPECT_EQ(levels[sign + 6], 1);
  levels = bidi_levels(t, Direction::kRtl);
  isolate_ltr_spans(find_together(t), levels, t);
  for (std::size_t i = sign; i < sign + 6; ++i) EXPECT_EQ(levels[i], 2) << i;
}

// A whole number and a vulgar fraction ("1½ قرص") read as one number, left to right: the
// fraction, a neutral, was set on the number's far side in Arabic text ("½1").
TEST(Together, WholeNumberAndFraction) {
  EXPECT_EQ(spans_of("خذ 1½ قرص أو 2¾ أو ½ فقط"), (V{"N>1½", "N>2¾"}));
  const std::u32string t = U"خذ 1½ قرص";
  std::vector<std::uint8_t> levels = isolated_levels(t);
  EXPECT_EQ(levels[3], 2);
  EXPECT_EQ(levels[4], 2);
  EXPECT_EQ(levels[6], 1);
}

// A unit per unit written against its number ("10⁹/L", "60/min") is the number's unit: in
// Arabic text "20 × 10⁹/L" was printed "L/10⁹ × ٢٠", the "/L" turned to the number's left.
TEST(Together, UnitPerUnitAgainstItsNumber) {
  EXPECT_EQ(spans_of("العدد 20 × 10⁹/L والنبض 60/min أو 5/مل أو 24/7 أو 3/4"),
            (V{"Q>20 × 10⁹/L", "Q>60/min", "Q:5/مل"}));
  const std::u32string t = U"العدد 20 × 10⁹/L فقط";
  std::vector<std::uint8_t> levels = isolated_levels(t);
  for (std::size_t i = 6; i < 16; ++i) EXPECT_EQ(levels[i], 2) << i;
  EXPECT_EQ(levels[17], 1);
}

// A Latin name led by a number and joined by a hyphen ("5-FU", "25-OH", "800-HELP") is one
// left-to-right word in Arabic text: it was printed "FU-5", its letters before its number.
TEST(Together, NumberLedLatinNames) {
  EXPECT_EQ(spans_of("العلاج (5-FU) و 25-OH و 5-HT3 أو 800-HELP، و 5-10mg و 2.5mg و 3D"),
            (V{"C>5-FU", "C>25-OH", "C>5-HT3", "C>800-HELP", "Q>5-10mg", "Q>2.5mg"}));
  const std::u32string t = U"العلاج 5-FU يوميًا";
  std::vector<std::uint8_t> levels = isolated_levels(t);
  for (std::size_t i = 7; i < 11; ++i) EXPECT_EQ(levels[i], 2) << i;
  EXPECT_EQ(levels[12], 1);
}

TEST(Together, IsolatesLeftToRightInRightToLeftText) {
  const std::u32string t = utf8_to_utf32("اتصل +971 4 123 4567 الآن");
  std::vector<std::uint8_t> levels = isolated_levels(t);
  for (std::size_t i = 5; i < 20; ++i) EXPECT_EQ(levels[i], 2) << i;
  EXPECT_EQ(levels[0], 1);
  EXPECT_EQ(levels[21], 1);
}

// A percent sign after a number shown in Western digits reads on the number's right in Arabic
// text wherever the number stands (CLDR ar-u-nu-latn, "25%"): after an Arabic letter the number
// became an Arabic number and the sign, a neutral, went to its left ("%25"), while at a table
// cell's start it read "25%". A number shown in Arabic-Indic digits keeps the sign on its left.
TEST(Together, PercentAfterWesternDigits) {
  const std::u32string t = U"النسبة 25% و10%–20% أو 5‰ فقط";
  std::vector<std::uint8_t> levels = isolated_levels(t);
  EXPECT_EQ(levels[7], 2);
  EXPECT_EQ(levels[9], 2);  // "%"
  EXPECT_EQ(levels[14], 2);  // "%" of 10%
  EXPECT_EQ(levels[15], 1);  // the range's dash: "20%–10%" left to right, read 10% first
  EXPECT_EQ(levels[18], 2);  // "%" of 20%
  EXPECT_EQ(levels[24], 2);  // "‰"
  EXPECT_EQ(levels[26], 1);
  // Shown in Arabic-Indic digits: the sign stays on the number's left, read after it.
  const std::u32string shown = U"النسبة ٢٥% فقط";
  std::vector<std::uint8_t> indic = bidi_levels(shown, Direction::kRtl);
  isolate_ltr_spans(find_together(t.substr(0, 10) + U" فقط"), indic, shown);
  EXPECT_EQ(indic[7], 2);
  EXPECT_EQ(indic[9], 1);
}

// Extended Arabic-Indic digits (Persian, Urdu) are class EN, not AN. A signed number reads
// left to right, sign on the left, with its percent (CLDR "fa": "‎−۵", "‎−۲۵٪"); an unsigned
// percent and a range read as after a Persian word wherever the number stands (at the start of
// a cell, EN took the "%" into the number, "۲۵%", and read "۵-۱۰" left to right); after a
// Latin word the number joins the Latin run (W7).
TEST(Together, ExtendedArabicIndicDigits) {
  {
    const std::u32string t = U"-۵ درجه";
    const std::vector<std::uint8_t> levels = isolated_levels(t);
    EXPECT_EQ(levels[0], 2);  // the sign, left of the digit
    EXPECT_EQ(levels[1], 2);
  }
  {
    const std::u32string t = U"-۲۵% فقط";
    const std::vector<std::uint8_t> levels = isolated_levels(t);
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(levels[i], 2) << i;  // "-۲۵%" left to right
  }
  for (const std::u32string t : {U"۲۵% فقط", U"نسبت ۲۵% فقط"}) {
    const std::size_t d = t.find(U'۲');
    const std::vector<std::uint8_t> levels = isolated_levels(t);
    EXPECT_EQ(levels[d], 2);
    EXPECT_EQ(levels[d + 2], 1);  // "%" on the number's left, read after it
  }
  for (const std::u32string t : {U"۵-۱۰ روز", U"بازه ۵-۱۰ روز", U"۵–۱۰ روز"}) {
    const std::size_t d = t.find(U'۵');
    const std::vector<std::uint8_t> levels = isolated_levels(t);
    EXPECT_EQ(levels[d], 2);
    EXPECT_EQ(levels[d + 1], 1) << "the range's dash: \"۱۰-۵\" on the page, read 5 first";
  }
  {
    // After a Latin word: the Latin run's, as the bidi algorithm has it (W7).
    const std::u32string t = U"خذ Panadol ۵۰۰-۱۰۰۰ بعد";
    const std::vector<std::uint8_t> levels = isolated_levels(t);
    const std::size_t d = t.find(U'۵');
    for (std::size_t i = t.find(U'P'); i < d + 8; ++i) EXPECT_EQ(levels[i], 2) << i;
  }
  {
    // In a left-to-right paragraph they stay European numbers: "۵-۱۰" left to right.
    const std::u32string t = U"take ۵-۱۰ now";
    const std::vector<std::uint8_t> levels = bidi_levels(t, Direction::kLtr);
    for (std::size_t i = 5; i < 9; ++i) EXPECT_EQ(levels[i], 0) << i;
  }
  {
    // Arabic-Indic digits keep their sign on the right (CLDR "arab").
    const std::u32string t = U"-٥ درجة";
    const std::vector<std::uint8_t> levels = isolated_levels(t);
    EXPECT_EQ(levels[0], 1);
    EXPECT_EQ(levels[1], 2);
  }
}

// A test's label and its reading or range, and a disease's or vitamin's name and its
// letter, are never parted by a line end (the space between them is no break); a longer
// run is not tied, nor the English "I", nor a capital after a lowercase word.
TEST(Together, NamesStayWithWhatTheyName) {
  const auto tied = [](const std::string& s, const std::string& at) {
    const std::u32string t = utf8_to_utf32(s);
    const std::size_t space = t.find(utf8_to_utf32(at)) + utf8_to_utf32(at).size() - 1;
    return tailored(t)[space] == BreakKind::kNone;
  };
  EXPECT_TRUE(tied("Keep your INR 2.0–3.0 today.", "INR "));
  EXPECT_TRUE(tied("TSH 0.4–4.0 mU/L", "TSH "));
  EXPECT_TRUE(tied("نسبة INR 2.6 اليوم", "INR "));
  EXPECT_TRUE(tied("HbA1c 48 mmol/mol", "HbA1c "));
  EXPECT_TRUE(tied("Get the Hepatitis B vaccine and Vitamin D.", "Hepatitis "));
  EXPECT_TRUE(tied("Get the Hepatitis B vaccine and Vitamin D.", "Vitamin "));
  EXPECT_TRUE(tied("السل، والتهاب الكبد B، والتهاب السحايا", "الكبد "));
  EXPECT_TRUE(tied("فيتامين K يوميًا", "فيتامين "));
  // Not a name and its letter or reading.
  EXPECT_FALSE(tied("When I woke", "When "));
  EXPECT_FALSE(tied("and then A B", "then "));
  EXPECT_FALSE(tied("take 2 tablets", "take "));
  EXPECT_FALSE(tied("Hepatitis B-related", "Hepatitis "));
  EXPECT_FALSE(tied("Inr 2.0", "Inr "));
  // The tied run is at most kMaxTied (24) code points: a long reading is not tied to its label.
  EXPECT_FALSE(tied("INR 10–20 millilitres/kilogram", "INR "));
}

}  // namespace
}  // namespace handout
