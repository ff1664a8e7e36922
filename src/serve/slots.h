// The render slots of `handout serve`: at most N renders at once, given out first come,
// first served.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <list>
#include <mutex>

namespace handout {

// At most `n` renders at once; a request waits for a slot up to a time limit, and waiting
// requests get slots in the order they asked (first come, first served). With a condition
// variable alone, any waiter (or a request that just arrived) may take a freed slot, so an
// unlucky request can wait out many renders: at 8 requests in flight on 2 workers, its wait
// would be geometric, and the 99th percentile several times the median.
//
// A freed slot is handed to the first waiter directly, and only that waiter is woken: each
// waiter sleeps on a condition variable of its own. (Waking every waiter for each freed slot
// cost a context switch per waiter per render, 62 of them at 64 requests in flight, and
// the one that was due competed with them for the cores.)
class Slots {
 public:
  explicit Slots(unsigned n) : free_(n) {}
  bool acquire(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    // A slot is free only when no waiter is left to give it to: taking it overtakes no one.
    if (free_ > 0) {
      --free_;
      return true;
    }
    const auto me = queue_.emplace(queue_.end());
    bool asleep = false;
    const bool granted = me->cv.wait_for(lock, wait, [&] {
      wakeups_ += asleep;
      asleep = true;
      return me->granted;
    });
    queue_.erase(me);
    return granted;
  }
  void release() {
    std::lock_guard lock(mutex_);
    for (Waiter& w : queue_) {
      if (w.granted) continue;  // given a slot, not yet awake
      w.granted = true;
      w.cv.notify_one();  // under the lock: the waiter cannot leave (and free `cv`) meanwhile
      return;
    }
    ++free_;
  }
  /// Slots neither taken nor promised to a waiter, requests waiting, and the times a waiting
  /// request woke (for tests).
  [[nodiscard]] unsigned free_slots() {
    std::lock_guard lock(mutex_);
    return free_;
  }
  [[nodiscard]] std::size_t waiting() {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }
  [[nodiscard]] std::size_t wakeups() {
    std::lock_guard lock(mutex_);
    return wakeups_;
  }

 private:
  struct Waiter {
    std::condition_variable cv;
    bool granted = false;
  };
  std::mutex mutex_;
  unsigned free_;
  std::list<Waiter> queue_;  ///< waiting requests, oldest first (a list: each keeps its place)
  std::size_t wakeups_ = 0;
};

}  // namespace handout
