// handout serve's render slots: at most N at once, and waiting requests served in the
// order they came.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "serve/render_threads.h"
#include "serve/slots.h"

namespace handout {
namespace {

using namespace std::chrono_literals;

TEST(ServeSlots, WaitersAreServedInTheOrderTheyCame) {
  Slots slots(1);
  ASSERT_TRUE(slots.acquire(1s));  // the only slot is busy
  std::mutex m;
  std::vector<int> order;
  std::atomic<int> waiting{0};
  std::vector<std::thread> threads;
  constexpr int kWaiters = 8;
  for (int i = 0; i < kWaiters; ++i) {
    threads.emplace_back([&, i] {
      ++waiting;
      ASSERT_TRUE(slots.acquire(10s));
      {
        std::lock_guard lock(m);
        order.push_back(i);
      }
      slots.release();
    });
    // Each waiter is queued before the next one starts (counted in the queue, not by a
    // sleep that a busy host may outlast).
    while (waiting.load() <= i) std::this_thread::yield();
    while (slots.waiting() < static_cast<std::size_t>(i) + 1) std::this_thread::sleep_for(1ms);
  }
  slots.release();
  for (auto& t : threads) t.join();
  std::vector<int> expected;
  for (int i = 0; i < kWaiters; ++i) expected.push_back(i);
  EXPECT_EQ(order, expected);
}

TEST(ServeSlots, ANewcomerDoesNotOvertakeAWaiterAndATimedOutWaiterLeavesTheQueue) {
  Slots slots(1);
  ASSERT_TRUE(slots.acquire(1s));
  EXPECT_FALSE(slots.acquire(30ms));  // times out, and must not block the queue
  std::atomic<bool> first_got{false};
  std::thread first([&] {
    ASSERT_TRUE(slots.acquire(10s));
    first_got = true;
    std::this_thread::sleep_for(50ms);
    slots.release();
  });
  while (slots.waiting() < 1) std::this_thread::sleep_for(1ms);  // `first` is waiting now
  slots.release();
  // A request arriving now finds the slot taken by (or promised to) `first`.
  ASSERT_TRUE(slots.acquire(10s));
  EXPECT_TRUE(first_got.load());
  slots.release();
  first.join();
}

TEST(ServeSlots, NAtOnce) {
  Slots slots(2);
  EXPECT_TRUE(slots.acquire(10ms));
  EXPECT_TRUE(slots.acquire(10ms));
  EXPECT_FALSE(slots.acquire(10ms));
  slots.release();
  EXPECT_TRUE(slots.acquire(10ms));
}

// A freed slot goes to the first waiter, and only that waiter wakes: with 8 requests queued
// behind one slot, 8 wakeups in all (waking every waiter at each release made 8+7+...+1).
TEST(ServeSlots, AReleaseWakesOnlyTheWaiterItServes) {
  Slots slots(1);
  ASSERT_TRUE(slots.acquire(1s));
  std::atomic<int> served{0};
  std::vector<std::thread> threads;
  constexpr int kWaiters = 8;
  for (int i = 0; i < kWaiters; ++i) {
    threads.emplace_back([&] {
      ASSERT_TRUE(slots.acquire(10s));
      ++served;
      slots.release();
    });
  }
  while (slots.waiting() < kWaiters) std::this_thread::sleep_for(1ms);
  slots.release();
  for (auto& t : threads) t.join();
  EXPECT_EQ(served.load(), kWaiters);
  // A spurious wakeup may add one now and then; every waiter woken per release adds 28.
  EXPECT_GE(slots.wakeups(), static_cast<std::size_t>(kWaiters));
  EXPECT_LE(slots.wakeups(), static_cast<std::size_t>(kWaiters) + 4);
  EXPECT_EQ(slots.free_slots(), 1u);
  EXPECT_EQ(slots.waiting(), 0u);
}

// The slot is the waiter's as soon as it is released: a request arriving before the waiter
// wakes does not find it free, and a waiter whose time runs out leaves no trace.
TEST(ServeSlots, AReleasedSlotIsPromisedToTheWaiterAndATimeoutLeavesNoTrace) {
  Slots slots(1);
  ASSERT_TRUE(slots.acquire(1s));
  EXPECT_FALSE(slots.acquire(20ms));
  EXPECT_EQ(slots.waiting(), 0u);
  EXPECT_EQ(slots.free_slots(), 0u);
  std::atomic<bool> got{false};
  std::atomic<bool> checked{false};
  std::thread waiter([&] {
    got = slots.acquire(10s);
    while (!checked.load()) std::this_thread::sleep_for(1ms);
    slots.release();
  });
  while (slots.waiting() < 1) std::this_thread::sleep_for(1ms);
  slots.release();
  // Promised (or taken): not free, whether or not the waiter has woken yet.
  EXPECT_EQ(slots.free_slots(), 0u);
  EXPECT_FALSE(slots.acquire(0ms));
  checked = true;
  waiter.join();
  EXPECT_TRUE(got.load());
  EXPECT_EQ(slots.free_slots(), 1u);
}

// Work from many callers runs on the pool's threads only, never on a caller's, and the
// caller returns once it is done.
TEST(ServeRenderThreads, WorkRunsOnThePoolsThreadsOnly) {
  RenderThreads pool(2);
  std::mutex m;
  std::set<std::thread::id> ran_on;
  std::set<std::thread::id> callers;
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 4; ++j) {
        bool done = false;
        pool.run([&] {
          std::this_thread::sleep_for(1ms);
          std::lock_guard lock(m);
          ran_on.insert(std::this_thread::get_id());
          done = true;
        });
        EXPECT_TRUE(done);
      }
      std::lock_guard lock(m);
      callers.insert(std::this_thread::get_id());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_GE(ran_on.size(), 1u);
  EXPECT_LE(ran_on.size(), 2u);
  for (const auto& id : ran_on) EXPECT_EQ(callers.count(id), 0u);
  EXPECT_EQ(ran_on.count(std::this_thread::get_id()), 0u);
}

TEST(ServeRenderThreads, AnExceptionReachesTheCallerAndThePoolGoesOn) {
  RenderThreads pool(1);
  EXPECT_THROW(pool.run([] { throw std::runtime_error("out of memory"); }), std::runtime_error);
  int n = 0;
  pool.run([&] { ++n; });
  EXPECT_EQ(n, 1);
}

}  // namespace
}  // namespace handout
