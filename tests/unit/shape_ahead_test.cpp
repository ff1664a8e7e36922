#include "text/shape_ahead.h"

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace handout {
namespace {

ShapedParagraph paragraph(char32_t c) {
  ShapedParagraph p;
  p.source.text = std::u32string(1, c);
  return p;
}

TEST(ShapeAhead, GroupsTheLaneHasNotStartedAreClaimedAndNeverRun) {
  ShapeAhead ahead(nullptr);  // no lane: layout settles every group itself
  int a = 0;
  std::vector<int> runs(3, 0);
  for (int i = 0; i < 3; ++i) {
    ahead.post_group(&a, i, [&runs, i](ShapeAhead::Group& g) {
      ++runs[static_cast<std::size_t>(i)];
      g.shaped.emplace_back("k", paragraph(U'x'));
    });
  }
  EXPECT_TRUE(ahead.active());
  ahead.reach(&a, 1);  // groups 0 and 1
  EXPECT_EQ(ahead.claimed(), 2u);
  EXPECT_EQ(runs, (std::vector<int>{0, 0, 0}));
  EXPECT_FALSE(ahead.take("k"));
  ahead.reach(&a, 5);
  EXPECT_EQ(ahead.claimed(), 3u);
  EXPECT_FALSE(ahead.active());
}

TEST(ShapeAhead, ResultsAreTakenOnceByExactKey) {
  SideLane lane;
  ShapeAhead ahead(&lane);
  int a = 0;
  std::atomic<bool> done{false};
  ahead.post_group(&a, 0, [&done](ShapeAhead::Group& g) {
    g.shaped.emplace_back("one", paragraph(U'1'));
    g.shaped.emplace_back("one", paragraph(U'2'));  // the same text twice in a block
    g.shaped.emplace_back("two", paragraph(U'3'));
    done = true;
  });
  while (!done || !ahead.done_with(&a, 0)) std::this_thread::yield();
  ahead.reach(&a, 0);
  EXPECT_FALSE(ahead.take("on"));
  EXPECT_FALSE(ahead.take("one "));
  auto first = ahead.take("one");
  auto second = ahead.take("one");
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->source.text, second->source.text);
  EXPECT_FALSE(ahead.take("one"));
  auto two = ahead.take("two");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->source.text, U"3");
  EXPECT_EQ(ahead.taken(), 3u);
  EXPECT_EQ(ahead.claimed(), 0u);
}

TEST(ShapeAhead, AGroupThatThrowsKeepsWhatItShapedBefore) {
  SideLane lane;
  ShapeAhead ahead(&lane);
  int a = 0;
  ahead.post_group(&a, 0, [](ShapeAhead::Group& g) {
    g.shaped.emplace_back("kept", paragraph(U'k'));
    throw std::runtime_error("out of memory");
  });
  ahead.post_group(&a, 1, [](ShapeAhead::Group& g) { g.shaped.emplace_back("later", paragraph(U'l')); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ahead.reach(&a, 1);
  EXPECT_TRUE(ahead.take("kept") || ahead.claimed() > 0);
}

TEST(ShapeAhead, ReachNeverWaitsForTheGroupTheLaneIsIn) {
  SideLane lane;
  ShapeAhead ahead(&lane);
  int a = 0;
  std::atomic<bool> started{false};
  std::atomic<bool> release{false};
  std::atomic<bool> saw_skip{false};
  ahead.post_group(&a, 0, [&](ShapeAhead::Group& g) {
    g.shaped.emplace_back("x", paragraph(U'x'));
    started = true;
    while (!release) std::this_thread::yield();  // a long text, being shaped
    saw_skip = g.skip.load();
  });
  while (!started) std::this_thread::yield();
  ahead.reach(&a, 0);  // returns at once: layout shapes the block itself
  EXPECT_FALSE(ahead.done_with(&a, 0));  // so its content is kept for the lane
  EXPECT_EQ(ahead.claimed(), 0u);
  release = true;
  while (!ahead.done_with(&a, 0)) std::this_thread::yield();
  EXPECT_TRUE(saw_skip);
  EXPECT_TRUE(ahead.take("x"));  // what it shaped before is still taken
  EXPECT_TRUE(ahead.done_with(&a, 7));  // no such group
}

TEST(ShapeAhead, AWarmUpIsDroppedUnlessTheLaneHasStartedIt) {
  std::atomic<int> runs{0};
  {
    ShapeAhead ahead(nullptr);
    ahead.post_warm_up([&runs] { ++runs; });
    ahead.before_first_shape();
    ahead.before_first_shape();
  }
  EXPECT_EQ(runs, 0);
  {
    SideLane lane;
    ShapeAhead ahead(&lane);
    std::atomic<bool> ran{false};
    ahead.post_warm_up([&] {
      ++runs;
      ran = true;
    });
    while (!ran) std::this_thread::yield();
    ahead.before_first_shape();
  }
  EXPECT_EQ(runs, 1);
}

TEST(ShapeAhead, TheLaneStaysWithinAWindowAheadOfLayout) {
  SideLane lane;
  ShapeAhead ahead(&lane);
  int a = 0;
  std::atomic<int> worked{0};
  for (int i = 0; i < 100; ++i) ahead.post_group(&a, i, [&worked](ShapeAhead::Group&) { ++worked; });
  // The lane does the window's groups (however long a busy host makes it take), then has
  // time to overrun it: it must not.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (worked.load() < static_cast<int>(ShapeAhead::kWindow) && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(worked.load(), static_cast<int>(ShapeAhead::kWindow));
  // The lane waits in group 48 (told to stop) or, if it has not yet taken it, 48 is claimed
  // with 49-59.
  ahead.reach(&a, 59);
  while (!ahead.done_with(&a, 99)) std::this_thread::yield();
  EXPECT_EQ(worked.load(), static_cast<int>(ShapeAhead::kWindow) + 40);
  EXPECT_GE(ahead.claimed(), 11u);
  EXPECT_LE(ahead.claimed(), 12u);
}

TEST(ShapeAhead, StopTellsTheRunningGroupToStop) {
  std::optional<SideLane> lane(std::in_place);
  ShapeAhead ahead(&*lane);
  int a = 0;
  std::atomic<bool> started{false};
  std::atomic<int> texts{0};
  ahead.post_group(&a, 0, [&](ShapeAhead::Group& g) {
    started = true;
    while (!g.skip.load()) {
      ++texts;
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  });
  while (!started) std::this_thread::yield();
  ahead.stop();
  lane.reset();  // waits for the group, which ends because the flag is set
  EXPECT_GT(texts.load(), 0);
}

}  // namespace
}  // namespace handout
