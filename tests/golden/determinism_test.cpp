// The same inputs give the same bytes whatever the process rendered before: a batch
// worker's Engine has loaded fonts in some order, and that order must not reach the PDF.
#include <gtest/gtest.h>

#include <fstream>

#include "engine/engine.h"

namespace handout {
namespace {

std::string source(const char* rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

TEST(Determinism, BytesDoNotDependOnFontLoadOrder) {
  // A layout whose only family is Noto Naskh Arabic's bold face as "regular", written next
  // to the bundled layouts so its font paths resolve: loading it first gives that file a
  // different font id than loading a4.json first does.
  const std::string odd = source("layouts/.determinism-test-layout.json");
  {
    std::ofstream(odd) << R"({"fonts": {"families": {"X": {"regular": "NotoNaskhArabic-Bold.ttf"},
                              "Y": {"regular": "NotoSans-Italic.ttf"}},
                              "scripts": {"default": ["Y", "X"]}}})";
  }
  RenderOptions options;
  options.creation_time = 1700000000;
  DiagSink sink;
  Engine first;
  auto a = first.render(source("content/stem-cell-therapy/ar.json"), source("layouts/a4.json"), sink, options);
  Engine second;
  auto warmup = second.render(source("tests/data/mixed-en.json"), odd, sink, options);
  auto b = second.render(source("content/stem-cell-therapy/ar.json"), source("layouts/a4.json"), sink, options);
  std::remove(odd.c_str());
  ASSERT_TRUE(a && warmup && b);
  EXPECT_EQ(a->pdf, b->pdf);
}

}  // namespace
}  // namespace handout
