// handout serve's render slots: at most N at once, and waiting requests served in the
// order they came.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

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
    // Each waiter is queued before the next one starts.
    while (waiting.load() <= i) std::this_thread::yield();
    std::this_thread::sleep_for(20ms);
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
  std::this_thread::sleep_for(50ms);  // `first` is waiting now
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

}  // namespace
}  // namespace handout
