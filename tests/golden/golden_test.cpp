// Golden traces of the text and para stages: bidi levels, runs, glyph strings and lines
// in visual order for the everyday mixed-direction cases. Diffed against
// tests/golden/expected/NAME.txt; run with HANDOUT_UPDATE_GOLDEN=1 to rewrite them
// (then review the diff before committing).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/utf.h"
#include "font/font_book.h"
#include "para/trace.h"
#include "spec/layout_spec.h"
#include "text/shaper.h"

namespace handout {
namespace {

struct Case {
  const char* name;
  const char* lang;
  const char* text;
  double width;
  Align align;
};

const Case kCases[] = {
    {"en_arabic_phrase", "en", "a typical stem cell therapy(العلاج بالخلايا الجذعية) session", 400, Align::kStart},
    {"ar_latin_in_brackets", "ar", "العلاج بالخلايا الجذعية (Stem Cell) يستغرق 1.5 إلى 3 ساعات", 400, Align::kStart},
    {"ar_range", "ar", "تستغرق العملية 30–45 دقيقة", 400, Align::kStart},
    {"ar_harakat", "ar", "مُسْتَشْفَى", 400, Align::kStart},
    {"en_ligatures", "en", "office affirm fjord", 400, Align::kStart},
    {"en_wrap_arabic", "en", "we write يتم جمع الخلايا الجذعية من نخاع العظم أو الأنسجة الدهنية and continue", 150, Align::kStart},
    {"ar_wrap_latin", "ar", "نكتب عبارة stem cell therapy treatment session with local anesthesia ثم نكمل", 150, Align::kJustify},
    {"en_justified_hyphenated", "en", "Regenerative treatments are commonly applied in orthopedics, neurology, dermatology, and more.", 120, Align::kJustify},
};

std::string source_dir() { return HANDOUT_SOURCE_DIR; }

class Golden : public ::testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    DiagSink sink;
    spec_ = load_layout(source_dir() + "/layouts/a4.json", sink);
    ASSERT_TRUE(spec_) << (sink.all().empty() ? "" : format_diag(sink.all()[0]));
    book_ = new FontBook();
    chains_ = resolve_font_chains(*book_, *spec_, sink);
    ASSERT_TRUE(chains_);
  }
  static inline std::optional<LayoutSpec> spec_;
  static inline FontBook* book_ = nullptr;
  static inline std::optional<FontChains> chains_;
};

TEST_P(Golden, TraceMatches) {
  const Case& c = GetParam();
  Hyphenator hyph;
  TextShaper shaper(*book_, &hyph);
  StyledText st;
  st.lang = c.lang;
  st.base = std::string(c.lang) == "ar" ? Direction::kRtl : Direction::kLtr;
  st.hyphenation_dir = source_dir() + "/layouts/hyphenation";
  TextStyle style;
  style.size = Pt(10.5);
  style.lang = c.lang;
  st.append(utf8_to_utf32(c.text), style);
  DiagSink sink;
  auto para = shaper.shape(std::move(st), *chains_, sink);
  ASSERT_TRUE(para);
  ParagraphOptions o;
  o.align = c.align;
  const Pt w(c.width);
  auto lines = build_lines(*para, shaper, [w](std::size_t) { return w; }, o);
  const std::string trace = trace_paragraph(*para, lines, *book_);

  const std::string path = source_dir() + "/tests/golden/expected/" + c.name + ".txt";
  if (std::getenv("HANDOUT_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << trace;
    GTEST_SKIP() << "updated " << path;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << "; run with HANDOUT_UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(trace, expected.str()) << "golden trace differs: " << path;
}

INSTANTIATE_TEST_SUITE_P(Text, Golden, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace handout
