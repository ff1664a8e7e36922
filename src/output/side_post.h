// How the PDF writer hands work to the render's second thread (PdfOptions::lane): each piece
// is a SideTask that the lane may start, and that the writer finishes itself where it needs
// the result (SideTask::finish), so the bytes never depend on which thread did the work.
// With no lane, posting does nothing and every task is done by finish().
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <utility>

#include "core/side_lane.h"

namespace handout {

class SidePoster {
 public:
  /// A test-only hook, HANDOUT_TEST_SIDE_LANE: "never" posts nothing (the writer does every
  /// task itself, as with no lane), "slow" has the lane sleep before each task (so that the
  /// two threads race for them), "all" waits after posting a task until the lane has done
  /// it (so that the lane does every one), "stall" has the lane sleep 2 ms inside each task
  /// it starts (so that the owner, tired of waiting, does the work too: side_patience).
  /// Read once per writer.
  enum class Mode : std::uint8_t { kNormal, kNever, kSlow, kAll, kStall };

  explicit SidePoster(SideLane* lane) : lane_(lane) {
    if (const char* hook = std::getenv("HANDOUT_TEST_SIDE_LANE")) {
      if (std::strcmp(hook, "never") == 0) mode_ = Mode::kNever;
      if (std::strcmp(hook, "slow") == 0) mode_ = Mode::kSlow;
      if (std::strcmp(hook, "all") == 0) mode_ = Mode::kAll;
      if (std::strcmp(hook, "stall") == 0) mode_ = Mode::kStall;
    }
  }

  /// Whether tasks go to another thread at all (false: no lane, or the hook says never).
  [[nodiscard]] bool active() const { return lane_ != nullptr && mode_ != Mode::kNever; }
  /// The writer has given the lane its last task: its thread may end (SideLane::close).
  void close_lane() {
    if (lane_) lane_->close();
  }

  /// A task for `work`, queued on the lane when there is one.
  template <typename Work>
  std::shared_ptr<SideTask> post(Work&& work) {
    if (mode_ == Mode::kStall && active()) {
      auto stalled = [work = std::forward<Work>(work), owner = std::this_thread::get_id()] {
        if (std::this_thread::get_id() != owner) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        work();
      };
      auto task = std::make_shared<SideTask>(std::move(stalled));
      lane_->post(task);
      return task;
    }
    auto task = std::make_shared<SideTask>(std::forward<Work>(work));
    if (!active()) return task;
    if (mode_ == Mode::kSlow) {
      lane_->post(std::make_shared<SideTask>([] { std::this_thread::sleep_for(std::chrono::microseconds(300)); }));
    }
    lane_->post(task);
    if (mode_ == Mode::kAll) {
      // At most ten seconds: a lane whose thread could not start leaves it to finish().
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!task->done() && std::chrono::steady_clock::now() < until) std::this_thread::yield();
    }
    return task;
  }

 private:
  SideLane* lane_;
  Mode mode_ = Mode::kNormal;
};

/// How long a thread that needs a task's result waits at least for the lane that has
/// started it before it does the same work itself (for work whose result it can make
/// alone: the same bytes either way). A lane the machine has stopped scheduling (more
/// runnable threads than cores) holds its task for a time slice, milliseconds.
inline constexpr std::chrono::microseconds kSidePatience{100};
/// The most a thread waits for the lane's run of a task (below the 2 ms a "stall" lane sleeps).
inline constexpr std::chrono::microseconds kSidePatienceMost{1500};

/// How long to wait for the lane's run of a task this thread would do in about `work`:
/// kSidePatience and twice that, at most kSidePatienceMost. A lane that is running has
/// started the task and is done well within it; one the machine has stopped scheduling
/// costs at most that before the work is done here too. (With kSidePatience alone, a font
/// the lane was making in 0.3 ms was made again by the owner in about one Arabic seed
/// render in four, on the render's critical path.)
inline std::chrono::microseconds side_patience(std::chrono::microseconds work) {
  return std::min(kSidePatience + 2 * work, kSidePatienceMost);
}

/// Whether `task` is done within `patience` (false: another thread is still at it).
inline bool done_within(const SideTask& task, std::chrono::microseconds patience) {
  if (task.done()) return true;
  const auto until = std::chrono::steady_clock::now() + patience;
  while (!task.done()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::yield();
  }
  return true;
}

/// A task for `work`: posted through `side`, or (null) left for its owner's finish().
template <typename Work>
std::shared_ptr<SideTask> side_task(SidePoster* side, Work&& work) {
  if (side) return side->post(std::forward<Work>(work));
  return std::make_shared<SideTask>(std::forward<Work>(work));
}

}  // namespace handout
