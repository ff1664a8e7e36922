// A render on two threads (RenderOptions::threads == 2: the writer deflates page content,
// font files and CMaps on a second thread) gives the bytes of one thread, by either of the
// writer's paths (page by page, or the whole document), and a render cancelled by its
// deadline while the second thread has work stops cleanly, with no file.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace handout {
namespace {

std::string thread_test_source(const std::string& rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

RenderOptions thread_test_options(unsigned threads, bool keep_items) {
  RenderOptions o;
  o.creation_time = 1700000000;
  o.threads = threads;
  o.keep_page_items = keep_items;
  return o;
}

TEST(Threads, TwoThreadsGiveTheBytesOfOneOnEitherPath) {
  Engine engine;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{thread_test_source("content/stem-cell-therapy/ar.json")}, "layouts/a4.json"},
      {{thread_test_source("content/stem-cell-therapy/en.json")}, "layouts/a4.json"},
      {{thread_test_source("content/showcase/ar.json")}, "layouts/trifold-a4.json"},
      {{thread_test_source("content/stem-cell-therapy/en.json"), thread_test_source("content/stem-cell-therapy/ar.json")},
       "layouts/bilingual-parallel.json"},
      {{thread_test_source("content/wound-care/en.json"), thread_test_source("content/wound-care/ar.json")},
       "layouts/bilingual-sequential.json"},
  };
  for (const auto& [articles, layout] : cases) {
    for (const bool keep : {false, true}) {
      DiagSink one_sink, two_sink;
      const auto one = engine.render(articles, thread_test_source(layout), one_sink, thread_test_options(1, keep));
      ASSERT_TRUE(one.has_value()) << articles.front() << " " << layout;
      const auto two = engine.render(articles, thread_test_source(layout), two_sink, thread_test_options(2, keep));
      ASSERT_TRUE(two.has_value()) << articles.front() << " " << layout;
      EXPECT_TRUE(one->pdf == two->pdf) << articles.front() << " " << layout << (keep ? " (whole)" : " (streamed)");
    }
  }
}

// Deadlines from none to past the render's end: each render is either cancelled (no PDF,
// an error) or whole and the same bytes, and some of each happen.
TEST(Threads, ADeadlineCancelsATwoThreadRenderCleanly) {
  Engine engine;
  const std::vector<std::string> articles = {thread_test_source("content/stem-cell-therapy/ar.json")};
  const std::string layout = thread_test_source("layouts/a4.json");
  DiagSink sink;
  const auto want = engine.render(articles, layout, sink, thread_test_options(1, false));
  ASSERT_TRUE(want.has_value());
  int cancelled = 0, finished = 0;
  for (int micros = 0; micros <= 400000 && finished < 3; micros = micros < 250 ? micros + 50 : micros * 3 / 2) {
    for (const bool keep : {false, true}) {
      RenderOptions o = thread_test_options(2, keep);
      o.deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(micros);
      DiagSink s;
      const auto got = engine.render(articles, layout, s, o);
      if (got) {
        ++finished;
        EXPECT_TRUE(got->pdf == want->pdf) << micros << " us";
      } else {
        ++cancelled;
        EXPECT_GT(s.error_count(), 0) << micros << " us";
      }
    }
  }
  EXPECT_GT(cancelled, 0);
  EXPECT_GT(finished, 0);
}

}  // namespace
}  // namespace handout
