// Words that belong together (phone numbers, quantities, links) and the breaker's
// hyphenation rules, without fonts.
#include <gtest/gtest.h>

#include "core/utf.h"
#include "para/line_breaker.h"
#include "text/shaper.h"
#include "text/together.h"

namespace handout {
namespace {

// The spans of `s` as (kind letter, text) strings: "P:+971 4 123 4567".
std::vector<std::string> spans_of(const std::string& s) {
  const std::u32string t = utf8_to_utf32(s);
  std::vector<std::string> out;
  for (const TogetherSpan& sp : find_together(t)) {
    const char k = sp.kind == TogetherKind::kPhone ? 'P' : sp.kind == TogetherKind::kQuantity ? 'Q' : 'L';
    out.push_back(std::string(1, k) + (sp.ltr ? ">" : ":") + utf32_to_utf8(t.substr(sp.chars.begin, sp.chars.size())));
  }
  return out;
}

using V = std::vector<std::string>;

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
  EXPECT_EQ(spans_of("In 2020 150 people, 100 000 doses, 12 3456 and 800 123456."), V{});
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
    std::vector<BreakKind> breaks(t.size(), BreakKind::kAllow);
    tailor_breaks(t, find_together(t), breaks);
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
  EXPECT_EQ(spans_of("الجرعة 500–1000 ملغ و5 مل"), (V{"Q:500–1000 ملغ"}));
  // Units spelt out are units: "100 micrograms" is never hyphenated or broken (a narrow dose
  // column set "100 micro-|grams"); after a number in Arabic text, a Latin one reads left to right.
  EXPECT_EQ(spans_of("Vitamin K 100 micrograms, insulin 10 units"), (V{"Q>100 micrograms", "Q>10 units"}));
  EXPECT_EQ(spans_of("بمقدار 100 micrograms أو 100 ميكروغرام"), (V{"Q>100 micrograms", "Q:100 ميكروغرام"}));
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
  EXPECT_EQ(spans_of("e.g. U.S. 3.5 Dr.Smith etc."), V{});
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

TEST(Together, IsolatesLeftToRightInRightToLeftText) {
  const std::u32string t = utf8_to_utf32("اتصل +971 4 123 4567 الآن");
  std::vector<std::uint8_t> levels = bidi_levels(t, Direction::kRtl);
  isolate_ltr_spans(find_together(t), levels);
  for (std::size_t i = 5; i < 20; ++i) EXPECT_EQ(levels[i], 2) << i;
  EXPECT_EQ(levels[0], 1);
  EXPECT_EQ(levels[21], 1);
}

// Break points of equal words with a hyphenation point in the middle of each: the
// breaker may hyphenate every line, but never three in a row.
TEST(LineBreakerRules, NoThreeHyphenatedLinesInARow) {
  std::vector<Breakpoint> pts(1);
  double w = 0, st = 0;
  std::uint32_t pos = 0;
  for (int i = 0; i < 60; ++i) {
    // half word, hyphen point, half word, space
    w += 30;
    ++pos;
    Breakpoint h;
    h.pos = pos;
    h.end_width = Pt(w + 5);
    h.start_width = Pt(w);
    h.end_stretch = h.start_stretch = Pt(st);
    h.penalty = 50;
    h.hyphen = true;
    pts.push_back(h);
    w += 30;
    ++pos;
    Breakpoint b;
    b.end_width = Pt(w);
    b.end_stretch = Pt(st);
    w += 5;
    st += 2.5;
    ++pos;
    b.pos = pos;
    b.start_width = Pt(w);
    b.start_stretch = Pt(st);
    b.forced = i == 59;
    pts.push_back(b);
  }
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

TEST(LineBreakerRules, NoLastLineOfOneShortWord) {
  // Ten words of 40 pt and a last one of 15 pt on 200 pt lines: greedy-like fits leave the
  // short word alone; the breaker carries a word down instead.
  std::vector<Breakpoint> pts(1);
  double w = 0, st = 0;
  std::uint32_t pos = 0;
  const std::vector<double> words = {40, 40, 40, 40, 40, 40, 40, 40, 15};
  for (std::size_t i = 0; i < words.size(); ++i) {
    w += words[i];
    pos += 2;
    Breakpoint b;
    b.end_width = Pt(w);
    b.end_stretch = Pt(st);
    const bool last = i + 1 == words.size();
    if (!last) {
      w += 5;
      st += 2.5;
    }
    b.pos = pos;
    b.start_width = Pt(w);
    b.start_stretch = Pt(st);
    b.forced = last;
    pts.push_back(b);
  }
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
  std::vector<Breakpoint> pts(1);
  double w = 0, st = 0, sh = 0;
  std::uint32_t pos = 0;
  auto word_end = [&](bool last) {
    Breakpoint b;
    b.end_width = Pt(w);
    b.end_stretch = Pt(st);
    b.end_shrink = Pt(sh);
    if (!last) {
      w += 5;
      st += 2.5;
      sh += 5.0 / 3;
      ++pos;
    }
    b.pos = pos;
    b.start_width = Pt(w);
    b.start_stretch = Pt(st);
    b.start_shrink = Pt(sh);
    b.forced = last;
    pts.push_back(b);
  };
  for (int i = 0; i < 24; ++i) {
    w += 10;
    ++pos;
    word_end(false);
  }
  w += 30;  // "pro"
  pos += 3;
  Breakpoint h;
  h.pos = pos;
  h.end_width = Pt(w + 5);  // with its hyphen
  h.start_width = Pt(w);
  h.end_stretch = h.start_stretch = Pt(st);
  h.end_shrink = h.start_shrink = Pt(sh);
  h.penalty = 50;
  h.hyphen = true;
  pts.push_back(h);
  w += 90;  // "grammes."
  pos += 8;
  word_end(true);
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
  const std::vector<Piece> text = {
      {15, false, true}, {15, false, true}, {25, false, true}, {14, false, true}, {33, false, true},
      {28, false, true}, {8, false, true},  {80, true, false}, {52, true, false}, {68, true, false},
      {40, true, false}, {90, true, true},  {9, false, true},  {22, false, true}, {9, false, true},
      {14, false, true}, {55, false, true}, {21, false, true}, {8, false, true},  {24, false, false}};
  std::vector<Breakpoint> pts(1);
  std::vector<std::size_t> words(1, 0);  // pieces before each point
  double w = 0, st = 0, sh = 0;
  std::uint32_t pos = 0, link_chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    w += text[i].width;
    const auto chars = static_cast<std::uint32_t>(text[i].width / 4);
    pos += chars;
    if (text[i].link) link_chars += chars;
    Breakpoint b;
    b.end_width = Pt(w);
    b.end_stretch = Pt(st);
    b.end_shrink = Pt(sh);
    const bool last = i + 1 == text.size();
    if (!last && text[i].space_after) {
      w += 2.2;
      st += 1.1;
      sh += 2.2 / 3;
      ++pos;
    }
    if (!last && !text[i].space_after) b.penalty = 1000;  // kLinkBreakPenalty
    b.pos = pos;
    b.link_chars = link_chars;
    b.link_next = !last && text[i + 1].link;
    b.start_width = Pt(w);
    b.start_stretch = Pt(st);
    b.start_shrink = Pt(sh);
    b.forced = last;
    pts.push_back(b);
  }
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
