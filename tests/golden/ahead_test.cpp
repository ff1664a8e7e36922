// A render with a second thread (RenderOptions::threads == 2: fonts and shape plans readied
// and paragraphs shaped ahead on a SideLane) writes the same bytes as one with one thread,
// whatever the lane does: every bundled article and layout (content/manifest.json), with the
// lane as it runs, never running, slow, and doing every group while layout waits.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "batch/manifest.h"
#include "engine/engine.h"
#include "spec/brand.h"
#include "text/shape_ahead.h"

namespace handout {
namespace {

std::string source(const char* rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

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
  auto manifest = load_manifest(source("content/manifest.json"), sink);
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

}  // namespace
}  // namespace handout
