// Work done once, by whichever thread asks first, for objects that make parts of themselves
// when first asked (a font's tables). std::call_once (glibc's pthread_once) makes a futex
// system call each time one completes, whether or not another thread waits: 20-odd a render.
// This takes an uncontended mutex instead, and costs one load once done.
#pragma once

#include <atomic>
#include <mutex>
#include <utility>

namespace handout {

class Once {
 public:
  /// Runs `f` unless it has run to its end (here or in another thread, which is then waited
  /// for). If `f` throws, nothing is marked done and the exception goes on, as with
  /// std::call_once.
  template <class F>
  void operator()(F&& f) {
    if (done_.load(std::memory_order_acquire)) return;
    std::lock_guard lock(mutex_);
    if (done_.load(std::memory_order_relaxed)) return;
    std::forward<F>(f)();
    done_.store(true, std::memory_order_release);
  }

 private:
  std::atomic<bool> done_{false};
  std::mutex mutex_;
};

}  // namespace handout
