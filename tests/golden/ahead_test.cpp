// A render with a second thread (RenderOptions::threads == 2: fonts and shape plans readied
// and paragraphs shaped ahead on a SideLane) writes the same bytes as one with one thread,
// whatever the lane does: every bundled article and layout (content/manifest.json), with the
// lane as it runs, never running, slow, and doing every group while layout waits.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "batch/manifest.h"
#include "engine/engine.h"
#include "spec/brand.h"
#include "text/shape_ahead.h"

namespace handout {
namespace {

std::string source_path(const char* rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

struct ModeGuard {
  explicit ModeGuard(ShapeAhead::TestMode m) { ShapeAhead::set_test_mode(m); }
  ~ModeGuard() { ShapeAhead::set_test_mode(ShapeAhead::TestMode::kNormal); }
};

// Each render in a fresh engine, as `handout render` does (the first shapes of a process
// are what the lane's warm-up readies). `keep`: keep page items (the non-streaming path).
std::string render(const BatchJob& job, unsigned threads, bool keep, DiagSink& sink) {
  RenderOptions options;
  options.creation_time = 1700000000;
  options.threads = threads;
  options.keep_page_items = keep;
  std::optional<Brand> brand;
  if (!job.brand.empty()) {
    brand = load_brand(job.brand, sink, options.limits);
    if (!brand) return "(no brand)";
    options.brand = &*brand;
  }
  Engine engine;
  auto r = engine.render(job.articles, job.layout, sink, options);
  return r ? r->pdf : std::string("(failed)");
}

void expect_same_bytes(ShapeAhead::TestMode mode, bool keep) {
  DiagSink sink;
  auto manifest = load_manifest(source_path("content/manifest.json"), sink);
  ASSERT_TRUE(manifest) << sink.all().size();
  ASSERT_GE(manifest->jobs.size(), 40u);
  const std::size_t taken_before = ShapeAhead::taken_in_process();
  for (const BatchJob& job : manifest->jobs) {
    DiagSink one;
    const std::string a = render(job, 1, keep, one);
    ASSERT_NE(a, "(failed)") << job.output;
    DiagSink two;
    std::string b;
    {
      ModeGuard guard(mode);
      b = render(job, 2, keep, two);
    }
    EXPECT_TRUE(a == b) << job.output << ": " << a.size() << " bytes with one thread, " << b.size() << " with two";
    EXPECT_EQ(one.all().size(), two.all().size()) << job.output;
  }
  // The lane shaped what layout used (all of it when layout waits for it), or nothing when it never ran.
  const std::size_t taken = ShapeAhead::taken_in_process() - taken_before;
  if (mode == ShapeAhead::TestMode::kNever) EXPECT_EQ(taken, 0u);
  else EXPECT_GT(taken, mode == ShapeAhead::TestMode::kLaneFirst ? 3000u : 0u);
}

TEST(ShapeAhead, SameBytesWithTwoThreads) { expect_same_bytes(ShapeAhead::TestMode::kNormal, false); }
TEST(ShapeAhead, SameBytesWithTwoThreadsKeepingItems) { expect_same_bytes(ShapeAhead::TestMode::kNormal, true); }
TEST(ShapeAhead, SameBytesWhenTheLaneNeverRuns) { expect_same_bytes(ShapeAhead::TestMode::kNever, false); }
TEST(ShapeAhead, SameBytesWhenTheLaneIsSlow) { expect_same_bytes(ShapeAhead::TestMode::kSlow, false); }
TEST(ShapeAhead, SameBytesWhenTheLaneShapesEverything) { expect_same_bytes(ShapeAhead::TestMode::kLaneFirst, false); }

// A text whose shaping reports something is shaped again by layout, which reports it at its
// place: the same diagnostics, and the same result, as with one thread, even when the lane
// shapes every text first.
std::vector<std::string> render_reporting(const std::string& bad_text, unsigned threads, bool& rendered) {
  const std::string path = source_path("tests/data/.shape-ahead-test.json");
  {
    std::ofstream(path) << R"({"lang": "en", "title": "Reports", "blocks": [
      {"type": "paragraph", "text": "Fine text."},
      {"type": "paragraph", "text": ")" << bad_text << R"("},
      {"type": "paragraph", "text": "More fine text."}]})";
  }
  RenderOptions options;
  options.creation_time = 1700000000;
  options.threads = threads;
  DiagSink sink;
  Engine engine;
  auto r = engine.render(path, source_path("layouts/a4.json"), sink, options);
  std::remove(path.c_str());
  rendered = r.has_value();
  std::vector<std::string> out;
  for (const auto& d : sink.all()) {
    out.push_back(d.where.file + ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " +
                  d.where.pointer + " " + d.message);
  }
  if (r) out.push_back(r->pdf);
  return out;
}

TEST(ShapeAhead, TextsThatReportSomethingAreShapedByLayout) {
  std::string deep = "Nested too deep: ";
  for (int i = 0; i < 130; ++i) deep += "\xE2\x80\xAB";  // U+202B RIGHT-TO-LEFT EMBEDDING: a warning
  for (const std::string& bad : {deep, std::string("A letter no font has: \xF0\x90\x8C\x80.")}) {
    bool one_ok = false, two_ok = false;
    const auto one = render_reporting(bad, 1, one_ok);
    const std::size_t taken_before = ShapeAhead::taken_in_process();
    std::vector<std::string> two;
    {
      ModeGuard guard(ShapeAhead::TestMode::kLaneFirst);  // the lane shapes every text first
      two = render_reporting(bad, 2, two_ok);
    }
    EXPECT_EQ(one_ok, two_ok);
    ASSERT_FALSE(one.empty());  // the diagnostics, then the PDF when it rendered
    EXPECT_TRUE(one == two) << one.front();
    EXPECT_GT(ShapeAhead::taken_in_process(), taken_before);  // the fine texts came from the lane
  }
}

}  // namespace
}  // namespace handout
