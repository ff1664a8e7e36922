// The render slots of `handout serve`: at most N renders at once, given out first come,
// first served.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace handout {

// At most `n` renders at once; a request waits for a slot up to a time limit, and waiting
// requests get slots in the order they asked (first come, first served). With a condition
// variable alone, any waiter (or a request that just arrived) may take a freed slot, so an
// unlucky request can wait out many renders: at 8 requests in flight on 2 workers, its wait
// would be geometric, and the 99th percentile several times the median.
class Slots {
 public:
  explicit Slots(unsigned n) : free_(n) {}
  bool acquire(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (free_ > 0 && queue_.empty()) {
      --free_;
      return true;
    }
    const std::uint64_t ticket = next_ticket_++;
    queue_.push_back(ticket);
    if (!cv_.wait_for(lock, wait, [&] { return free_ > 0 && queue_.front() == ticket; })) {
      queue_.erase(std::find(queue_.begin(), queue_.end(), ticket));
      lock.unlock();
      cv_.notify_all();  // the request behind this one may now be first
      return false;
    }
    queue_.pop_front();
    --free_;
    const bool more = free_ > 0 && !queue_.empty();
    lock.unlock();
    if (more) cv_.notify_all();
    return true;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      ++free_;
    }
    cv_.notify_all();  // the first in the queue takes it; the others wait on
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  unsigned free_;
  std::deque<std::uint64_t> queue_;  ///< waiting requests' tickets, oldest first
  std::uint64_t next_ticket_ = 0;
};

}  // namespace handout
