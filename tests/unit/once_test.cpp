// Once (core/once.h): what std::call_once promises, without its system call.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/once.h"

namespace handout {
namespace {

TEST(Once, RunsOnceWhateverTheThreads) {
  for (int round = 0; round < 50; ++round) {
    Once once;
    std::atomic<int> runs{0};
    std::atomic<int> saw_done{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        once([&] { runs.fetch_add(1); });
        // Whoever returns sees the work done.
        if (runs.load() == 1) saw_done.fetch_add(1);
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(runs.load(), 1);
    EXPECT_EQ(saw_done.load(), 4);
  }
}

TEST(Once, AThrowRunsItAgainNextTime) {
  Once once;
  int runs = 0;
  EXPECT_THROW(once([&] {
                 ++runs;
                 throw std::runtime_error("no");
               }),
               std::runtime_error);
  once([&] { ++runs; });
  once([&] { ++runs; });
  EXPECT_EQ(runs, 2);
}

}  // namespace
}  // namespace handout
