#include "core/side_lane.h"

#include <gtest/gtest.h>

#include <sched.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace handout {
namespace {

TEST(SideLane, EveryTaskIsDoneOnceWhoeverStartsIt) {
  constexpr int kTasks = 2000;
  std::vector<std::atomic<int>> runs(kTasks);
  std::vector<std::shared_ptr<SideTask>> tasks;
  {
    SideLane lane;
    for (int i = 0; i < kTasks; ++i) {
      tasks.push_back(std::make_shared<SideTask>([&runs, i] { runs[static_cast<std::size_t>(i)].fetch_add(1); }));
      lane.post(tasks.back());
    }
    // The owner finishes them from the far end, racing the lane from the near end.
    for (int i = kTasks - 1; i >= 0; --i) tasks[static_cast<std::size_t>(i)]->finish();
    for (const auto& t : tasks) EXPECT_TRUE(t->done());
    EXPECT_LE(lane.ran(), static_cast<std::size_t>(kTasks));
  }
  for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
}

TEST(SideLane, FinishWaitsForATaskTheLaneHasStarted) {
  std::atomic<bool> started{false};
  std::atomic<bool> release{false};
  int result = 0;
  SideLane lane;
  auto task = std::make_shared<SideTask>([&] {
    started = true;
    while (!release.load()) std::this_thread::yield();
    result = 42;
  });
  lane.post(task);
  while (!started.load()) std::this_thread::yield();
  EXPECT_FALSE(task->try_run());  // the lane has it
  EXPECT_FALSE(task->done());
  release = true;
  task->finish();
  EXPECT_EQ(result, 42);
  EXPECT_EQ(lane.ran(), 1u);
}

TEST(SideLane, TasksLeftByAStoppedLaneAreDoneByTheirOwner) {
  std::vector<std::shared_ptr<SideTask>> tasks;
  int sum = 0;
  {
    SideLane lane;
    std::atomic<bool> release{false};
    auto blocker = std::make_shared<SideTask>([&] {
      while (!release.load()) std::this_thread::yield();
    });
    lane.post(blocker);
    for (int i = 1; i <= 10; ++i) {
      tasks.push_back(std::make_shared<SideTask>([&sum, i] { sum += i; }));
      lane.post(tasks.back());
    }
    release = true;
    blocker->finish();
  }  // the lane stops; what it had not started is the owner's
  for (auto& t : tasks) t->finish();
  EXPECT_EQ(sum, 55);
}

TEST(SideLane, ClosingWaitsForTheTaskTheThreadIsInButNotForTheThread) {
  for (int round = 0; round < 50; ++round) {
    std::atomic<bool> started{false}, release{false}, finished{false};
    {
      SideLane lane;
      lane.post(std::make_shared<SideTask>([&] {
        started = true;
        while (!release) std::this_thread::yield();
        finished = true;
      }));
      auto behind = std::make_shared<SideTask>([] { FAIL() << "a task queued behind is left to its owner"; });
      lane.post(behind);
      while (!started) std::this_thread::yield();
      // The first task is let go only once close() has dropped the lane's hold on the one
      // behind it (its count falls to ours alone), so that close() is known to have come
      // while the thread was in the first. (A timed release raced close() on a busy host:
      // the thread could finish the first and take the second before close() began.)
      std::atomic<bool> dropped{false};
      std::thread releaser([&release, &dropped, watched = std::weak_ptr<SideTask>(behind)] {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (watched.use_count() > 1 && std::chrono::steady_clock::now() < until) std::this_thread::yield();
        dropped = watched.use_count() <= 1;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // close() waits meanwhile
        release = true;
      });
      lane.close();  // what the running task reads may go once close() returns: it has finished
      EXPECT_TRUE(finished);
      releaser.join();
      EXPECT_TRUE(dropped) << "close() left the task behind queued";
      EXPECT_FALSE(behind->done());  // left for its owner's finish()
      EXPECT_EQ(lane.ran(), 1u);
    }
  }
  {
    SideLane idle;  // a thread waiting for work: nothing to wait for
    idle.post(std::make_shared<SideTask>([] {}));
    idle.close();
  }
}

TEST(SideLane, AClosedLaneEndsItsThreadAndAPostStartsANewOne) {
  for (int round = 0; round < 2; ++round) {
    SideLane lane;
    auto first = std::make_shared<SideTask>([] {});
    lane.post(first);
    for (int i = 0; i < 2000 && !first->done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    first->finish();
    const std::size_t before = lane.ran();
    lane.close();
    lane.close();  // (twice: nothing more)
    EXPECT_EQ(lane.ran(), before);
    const auto usage = lane.closed_usage();  // the ended thread's, read as it ended
    EXPECT_GE(usage.first, 0.0);
    auto second = std::make_shared<SideTask>([] {});
    lane.post(second);  // a new thread
    for (int i = 0; i < 2000 && !second->done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    second->finish();
    EXPECT_TRUE(second->done());
    EXPECT_LE(lane.ran(), before + 1);  // the closed thread's count is kept
  }
}

TEST(SideLane, TheThreadRunsOffItsOwnersCpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  ASSERT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
  if (CPU_COUNT(&set) < 2) GTEST_SKIP() << "one CPU allowed";
  for (int round = 0; round < 20; ++round) {
    SideLane lane;
    std::atomic<int> lane_cpu{-1};
    std::atomic<bool> allowed{true};
    auto task = std::make_shared<SideTask>([&] {
      cpu_set_t mine;
      CPU_ZERO(&mine);
      (void)sched_getaffinity(0, sizeof mine, &mine);
      allowed = lane.kept_off() < 0 || CPU_ISSET(lane.kept_off(), &mine);
      lane_cpu = sched_getcpu();
    });
    lane.post(task);
    // Made with its affinity: from its first instruction it is off its owner's CPU.
    ASSERT_GE(lane.kept_off(), 0);
    for (int i = 0; i < 2000 && !task->done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    task->finish();
    if (lane.ran() == 1) {  // (not the owner's doing, on a machine that never ran the lane)
      EXPECT_FALSE(allowed.load());
      EXPECT_NE(lane_cpu.load(), lane.kept_off());
    }
  }
}

TEST(SideLane, FinishRethrowsWhatTheWorkThrew) {
  SideTask task([] { throw std::runtime_error("no"); });
  EXPECT_THROW(task.finish(), std::runtime_error);
  EXPECT_TRUE(task.done());
}

TEST(SideLane, DefaultThreadsAreOneOrTwo) {
  const ThreadChoice n = default_render_threads();
  EXPECT_TRUE(n.threads == 1 || n.threads == 2);
  EXPECT_TRUE(n.threads == 2 || !n.probation);
}

TEST(SideLane, ASecondThreadWhereACpuIsIdleOnProbationWhereOneTaskTooManyRuns) {
  auto rule = [](int cpus, const char* loadavg, bool parent = false) {
    const ThreadChoice r = render_threads_for(cpus, loadavg, parent);
    return std::pair<unsigned, bool>{r.threads, r.probation};
  };
  using R = std::pair<unsigned, bool>;
  EXPECT_EQ(rule(2, "0.10 0.20 0.30 1/345 6789\n"), R(2, false));       // this render alone
  EXPECT_EQ(rule(2, "1.10 0.20 0.30 2/345 6789\n"), R(2, true));        // and one other
  EXPECT_EQ(rule(2, "1.10 0.20 0.30 2/345 6789\n", true), R(2, false));  // its parent
  EXPECT_EQ(rule(2, "2.10 0.20 0.30 3/345 6789\n", true), R(2, true));   // and another
  EXPECT_EQ(rule(2, "2.10 0.20 0.30 3/345 6789\n"), R(1, false));       // two others
  EXPECT_EQ(rule(4, "3.00 3.00 3.00 3/345 6789\n"), R(2, false));
  EXPECT_EQ(rule(4, "4.00 4.00 4.00 4/345 6789\n"), R(2, true));
  EXPECT_EQ(rule(4, "5.00 5.00 5.00 5/345 6789\n"), R(1, false));
  EXPECT_EQ(rule(1, "0.00 0.00 0.00 1/345 6789\n"), R(1, false));  // one CPU allowed
  EXPECT_EQ(rule(8, "0.00 0.00 0.00 12/345 6789\n"), R(1, false));
  for (const char* bad : {"", "0.1 0.2 0.3", "0.1 0.2 0.3 x/3 4", "0.1 0.2 0.3 5", "0.1 0.2 0.3 /3"}) {
    EXPECT_EQ(rule(2, bad), R(1, false)) << bad;
  }
}

// A lane on probation whose thread had its CPU too little of the time it was in its tasks
// (here a task that sleeps: 3 ms of wall time, no CPU) takes no further task: its owner does
// it. A lane not on probation goes on.
TEST(SideLane, ALaneOnProbationThatIsStarvedLeavesTheRestToItsOwners) {
  for (const bool probation : {true, false}) {
    SideLane lane(probation);
    std::atomic<bool> release{false}, entered{false};
    auto slow = std::make_shared<SideTask>([&] {
      entered = true;
      while (!release.load()) std::this_thread::sleep_for(std::chrono::microseconds(200));
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
    });
    auto next = std::make_shared<SideTask>([] {});
    lane.post(slow);
    while (!entered.load()) std::this_thread::yield();
    lane.post(next);  // queued while the lane is in `slow`
    release = true;
    slow->finish();
    // The lane either takes `next` at once (not on probation) or never (on probation).
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
    while (!next->done() && std::chrono::steady_clock::now() < until) std::this_thread::yield();
    EXPECT_EQ(next->done(), !probation) << (probation ? "on probation" : "not on probation");
    next->finish();  // the owner's, when the lane left it
    EXPECT_TRUE(next->done());
    EXPECT_EQ(lane.ran(), probation ? 1u : 2u);
  }
}

}  // namespace
}  // namespace handout
