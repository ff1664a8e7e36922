// Hostile input, stage by stage (issue 9): what the libraries below must never be handed,
// and the located refusals that replace their crashes. The whole corpus, end to end and
// under valgrind, is tests/hostile/.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/json_doc.h"
#include "engine/engine.h"
#include "model/article.h"
#include "text/hyphenator.h"
#include "text/shaper.h"

namespace handout {
namespace {

std::vector<std::string> article_errors(const std::string& blocks_json) {
  DiagSink sink;
  const std::string text = "{\"lang\": \"en\", \"title\": \"t\", \"blocks\": " + blocks_json + "}";
  auto doc = parse_json_text("a.json", text, sink);
  if (doc) (void)read_article(std::move(*doc), sink);
  std::vector<std::string> out;
  for (const auto& d : sink.all()) out.push_back(format_diag(d));
  return out;
}

std::string para(const std::string& inline_json) {
  return "[{\"type\": \"paragraph\", \"text\": " + inline_json + "}]";
}

TEST(Hostile, LinksAreRefusedWithTheirPointer) {
  auto e = article_errors(para("[{\"text\": \"x\", \"href\": \"\"}]"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("\"href\" is empty"), std::string::npos) << e[0];
  EXPECT_NE(e[0].find("(at /blocks/0/text/0/href)"), std::string::npos) << e[0];

  e = article_errors(para("[{\"text\": \"x\", \"href\": \"https://a.org/\\u0000b\"}]"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("control character U+0000"), std::string::npos) << e[0];

  e = article_errors(para("[{\"text\": \"x\", \"href\": \"https://a.org/" + std::string(70000, 'a') + "\"}]"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("longer than the limit of 4096 bytes"), std::string::npos) << e[0];

  EXPECT_TRUE(article_errors(para("[{\"text\": \"x\", \"href\": \"https://a.org/" + std::string(4000, 'a') + "\"}]")).empty());
}

TEST(Hostile, ControlCharactersInTextAreRefused) {
  auto e = article_errors(para("[\"ok \", {\"text\": \"a\\u0007b\"}]"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("control character U+0007"), std::string::npos) << e[0];
  EXPECT_NE(e[0].find("(at /blocks/0/text/1/text)"), std::string::npos) << e[0];
  EXPECT_FALSE(article_errors(para("\"a\\u0085b\"")).empty());  // C1 (NEL)
  // Tab, line feed and carriage return are white space.
  EXPECT_TRUE(article_errors(para("\"a\\tb\\nc\\r\\nd\"")).empty());
}

TEST(Hostile, MoreThanThirtyCombiningMarksInARowAreRefused) {
  std::string thirty;
  for (int i = 0; i < 30; ++i) thirty += "\\u0301";
  EXPECT_TRUE(article_errors(para("\"a" + thirty + "\"")).empty());
  auto e = article_errors(para("\"a" + thirty + "\\u0301\""));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("31 combining marks in a row after U+0061"), std::string::npos) << e[0];
  // A run continues across spans, and enclosing marks (combining class 0) count too.
  e = article_errors(para("[\"a" + thirty + "\", {\"text\": \"\\u20dd\", \"em\": true}]"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("(at /blocks/0/text/1/text)"), std::string::npos) << e[0];
}

TEST(Hostile, BidiOverflowIsNeutralisedBeforeFriBidi) {
  std::u32string deep;
  for (int i = 0; i < 200; ++i) deep += U"\u2067a";
  deep += U"b";
  for (int i = 0; i < 200; ++i) deep += U"\u2069";
  std::size_t neutralised = 0;
  const auto levels = bidi_levels(deep, Direction::kLtr, &neutralised);
  // RLI from level 0 gives 1, then each LRI/RLI... only odd levels here: 1, 3, ..., 125.
  EXPECT_EQ(neutralised, 2u * (200 - 63));
  for (auto l : levels) EXPECT_LE(l, 126);
  std::u32string shallow = U"\u2067abc\u2069 \u202bdef\u202c \u2069\u202c";  // unmatched closers too
  EXPECT_EQ(bidi_levels(shallow, Direction::kRtl, &neutralised).size(), shallow.size());
  EXPECT_EQ(neutralised, 0u);
}

TEST(Hostile, EmptyBracketPairsDoNotChangeLevels) {
  // "()" pairs with nothing strong inside are left out of FriBidi's N0 (it is quadratic in
  // them); a pair around a strong character still takes its direction.
  const std::u32string text = U"\u0627 (a) () \u0628";
  const auto levels = bidi_levels(text, Direction::kRtl);
  EXPECT_EQ(levels[2], 1);  // "(" around a left-to-right letter in RTL: N0 c, context R
  EXPECT_EQ(levels[4], 1);
  std::u32string many;
  for (int i = 0; i < 50000; ++i) many += U"()";
  EXPECT_EQ(bidi_levels(many, Direction::kLtr).size(), many.size());
}

TEST(Hostile, HyphenationDictionariesAreCheckedBeforeLibhyphen) {
  std::ifstream in(std::string(HANDOUT_SOURCE_DIR) + "/layouts/hyphenation/hyph_en.dic", std::ios::binary);
  const std::string bundled{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  ASSERT_FALSE(bundled.empty());
  EXPECT_FALSE(check_hyphenation_dictionary(bundled).has_value());
  struct Case {
    std::string line;
    int column;
    const char* words;
  };
  const Case cases[] = {{"3.d45399", 1, "digit before"},  // the line that overflowed libhyphen
                        {"ab12c", 4, "two digits"},
                        {"ab.3", 4, "digit after"},
                        {"a.b", 2, "middle"},
                        {"a1b/a=b,1,3", 4, "replacement"},
                        {std::string(120, 'a'), 97, "longer than"},
                        {"NOHYPHEN", 9, "NOHYPHEN"},
                        {"LEFTHYPHENMIN 99999", 14, "0 to 20"},
                        {"ab\x01" "c", 3, "control"},
                        {"a1b extra", 5, "after the pattern"},
                        {"1", 1, "without letters"}};
  for (const auto& c : cases) {
    const auto p = check_hyphenation_dictionary("UTF-8\nLEFTHYPHENMIN 2\n.ab1c\n" + c.line + "\n");
    ASSERT_TRUE(p.has_value()) << c.line;
    EXPECT_EQ(p->line, 4) << c.line;
    EXPECT_EQ(p->column, c.column) << c.line << ": " << p->message;
    EXPECT_NE(p->message.find(c.words), std::string::npos) << p->message;
  }
  EXPECT_TRUE(check_hyphenation_dictionary("a very long encoding name\n.ab1c\n").has_value());
  EXPECT_TRUE(check_hyphenation_dictionary(std::string("UTF-8\n.a\0b1c\n", 13)).has_value());
}

TEST(Hostile, SourceDateEpochPastTheYear9999IsIgnoredWithAWarning) {
  DiagSink sink;
  EXPECT_EQ(parse_source_date_epoch("253402300799", sink), 253402300799LL);
  EXPECT_TRUE(sink.all().empty());
  EXPECT_FALSE(parse_source_date_epoch("253402300800", sink).has_value());
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].severity, Severity::kWarning);
  EXPECT_NE(sink.all()[0].message.find("9999"), std::string::npos);
}

// A hundred warnings (a text with an override in each of a hundred blocks) filled the sink,
// and the error that refused the file was only counted: the listing showed warnings alone.
TEST(Hostile, WarningsNeverCrowdOutTheErrorThatRefusesAFile) {
  DiagSink sink;
  for (std::size_t i = 0; i < DiagSink::kMaxKept + 5; ++i) {
    sink.warning(Location{"a.json", static_cast<int>(i + 1), 1, ""}, "a warning");
  }
  sink.error(Location{"a.json", 500, 3, "/blocks/7"}, "the error");
  ASSERT_EQ(sink.all().size(), DiagSink::kMaxKept);
  EXPECT_EQ(sink.all().back().severity, Severity::kError);
  EXPECT_EQ(sink.all().back().message, "the error");
  EXPECT_EQ(sink.error_count(), 1);
  EXPECT_EQ(sink.dropped_errors(), 0);
  EXPECT_EQ(sink.dropped_warnings(), 6);
  // Once only errors are kept, further errors are counted.
  for (std::size_t i = 0; i < DiagSink::kMaxKept; ++i) sink.error(Location{"a.json", static_cast<int>(600 + i), 1, ""}, "e");
  EXPECT_EQ(sink.error_count(), 1 + static_cast<int>(DiagSink::kMaxKept));
  EXPECT_EQ(sink.dropped_errors(), 1);
  for (const Diag& d : sink.all()) EXPECT_EQ(d.severity, Severity::kError);
}

TEST(Hostile, PageLimitAboveWhatAPdfHoldsIsRefused) {
  DiagSink sink;
  RenderOptions o;
  o.max_pages = 32767;
  EXPECT_TRUE(check_max_pages(o, sink));
  o.max_pages = 40000;
  EXPECT_FALSE(check_max_pages(o, sink));
  ASSERT_EQ(sink.error_count(), 1);
  EXPECT_NE(format_diag(sink.all()[0]).find("--max-pages"), std::string::npos);
}

}  // namespace
}  // namespace handout
