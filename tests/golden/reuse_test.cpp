// Work one render does not do twice: the parallel layout shapes each table cell once (it
// used to lay both tables out twice, once to measure).
#include <gtest/gtest.h>

#include "engine/engine.h"

namespace handout {
namespace {

std::string source(const std::string& rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

RenderOptions fixed_time() {
  RenderOptions o;
  o.creation_time = 1700000000;
  return o;
}

// A table article in `lang` with `rows` body rows of two cells.
std::string table_article(const std::string& lang, int rows) {
  std::string j = R"({"lang":")" + lang + R"(","title":"T","blocks":[{"type":"table","header":["A","B"],"rows":[)";
  for (int r = 0; r < rows; ++r) {
    if (r > 0) j += ",";
    j += "[\"x" + std::to_string(r) + "\",\"" + std::to_string(r * 7) + "\"]";
  }
  return j + "]}]}";
}

// How many paragraphs the parallel layout shapes for the two translations of a table.
std::size_t paragraphs_shaped(Engine& engine, int rows) {
  DiagSink sink;
  auto ja = parse_json_text("a.json", table_article("en", rows), sink);
  auto jb = parse_json_text("b.json", table_article("ar", rows), sink);
  auto a = read_article(std::move(*ja), sink);
  auto b = read_article(std::move(*jb), sink);
  auto spec = load_layout(source("layouts/bilingual-parallel.json"), sink);
  EXPECT_TRUE(a && b && spec);
  if (!a || !b || !spec) return 0;
  ShapeCache cache;
  RenderOptions o = fixed_time();
  o.shape_cache = &cache;
  auto doc = engine.layout(std::vector<const Article*>{&*a, &*b}, *spec, sink, o);
  EXPECT_TRUE(doc);
  return cache.paragraph_lookups();
}

TEST(Reuse, ParallelTablesShapeEachCellOnce) {
  Engine engine;
  // One more row is two more cells on each side: four paragraphs, not eight.
  const std::size_t three = paragraphs_shaped(engine, 3);
  const std::size_t four = paragraphs_shaped(engine, 4);
  EXPECT_EQ(four - three, 4u);
}

}  // namespace
}  // namespace handout
