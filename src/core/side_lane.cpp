#include "core/side_lane.h"

#include <sched.h>

#include <system_error>

namespace handout {

bool SideTask::try_run() {
  int expected = kPending;
  if (!state_.compare_exchange_strong(expected, kRunning, std::memory_order_acq_rel)) return false;
  try {
    work_();
  } catch (...) {
    failure_ = std::current_exception();
  }
  work_ = nullptr;  // what the work captured goes with the thread that did it
  state_.store(kDone, std::memory_order_release);
  state_.notify_all();
  return true;
}

void SideTask::finish() {
  if (!try_run()) {
    for (int s = state_.load(std::memory_order_acquire); s != kDone; s = state_.load(std::memory_order_acquire)) {
      state_.wait(s, std::memory_order_acquire);
    }
  }
  if (failure_) std::rethrow_exception(failure_);
}

SideLane::~SideLane() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void SideLane::post(std::shared_ptr<SideTask> task) {
  {
    std::lock_guard lock(mutex_);
    if (unavailable_ || stopping_) return;
    if (!started_) {
      started_ = true;
      try {
        thread_ = std::thread([this] { loop(); });
      } catch (const std::system_error&) {
        unavailable_ = true;  // no thread: the owners do every task in finish()
        return;
      }
    }
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void SideLane::loop() {
  for (;;) {
    std::shared_ptr<SideTask> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    if (task->try_run()) ran_.fetch_add(1, std::memory_order_relaxed);
  }
}

unsigned default_render_threads() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return CPU_COUNT(&set) >= 2 ? 2 : 1;
}

}  // namespace handout
