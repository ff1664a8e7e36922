#pragma once
// A second thread for one render (RenderOptions::threads == 2): work handed to it in order,
// each piece done exactly once by whichever thread starts it first. The thread that needs a
// piece's result calls finish(), which does the work itself when the lane has not started
// it, so a render never waits on a thread the machine has not scheduled, and what it
// produces never depends on which thread did the work or when.

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace handout {

/// One piece of work for a SideLane, done once: by the lane's thread (try_run) or by its
/// owner (finish).
class SideTask {
 public:
  explicit SideTask(std::function<void()> work) : work_(std::move(work)) {}
  SideTask(const SideTask&) = delete;
  SideTask& operator=(const SideTask&) = delete;

  /// Does the work here unless another thread has started it; true if this call did it.
  /// `ran`, when given, is counted up before the task shows as done.
  bool try_run(std::atomic<std::size_t>* ran = nullptr);
  /// Makes sure the work is done: does it here if no thread has started it, or waits for
  /// the one that has. Rethrows what the work threw.
  void finish();
  /// Whether the work is done (its results may be read after this returns true).
  [[nodiscard]] bool done() const { return state_.load(std::memory_order_acquire) == kDone; }

 private:
  enum : int { kPending, kRunning, kDone };
  std::function<void()> work_;
  std::exception_ptr failure_;
  std::atomic<int> state_{kPending};
};

/// One thread, started by the first post(), that runs the tasks posted to it in order, on
/// the allowed CPUs but the one the first post() came from.
/// Destroying the lane stops the thread after the task it is running; tasks it has not
/// started are left to their owners' finish().
class SideLane {
 public:
  SideLane() = default;
  /// A lane on probation (default_render_threads(): one task too many was runnable as the
  /// render started, which may be a burst rather than a busy program): its thread stops
  /// taking tasks once, a millisecond or more after it started, it has had the CPU less than
  /// kProbationShare of the time since (it shares its CPU with a busy program). The owners
  /// then do what it has not started, as always.
  explicit SideLane(bool probation) : probation_(probation) {}
  SideLane(const SideLane&) = delete;
  SideLane& operator=(const SideLane&) = delete;
  ~SideLane();

  /// Queues `task` for the lane's thread. When the thread cannot be started, the task
  /// simply stays for its owner's finish().
  void post(std::shared_ptr<SideTask> task);
  /// No more work for now: the thread ends once it has left the task it is in, without
  /// being waited for (tasks it has not started are left to their owners' finish()). A later
  /// post() starts a new thread. Called where the render has given the lane its last task,
  /// so that the thread ends (and gives back its memory) while the render finishes: the
  /// Arabic seed 0.2 ms sooner, the bilingual one 0.36 ms (100-200 alternating runs).
  void close();
  /// Tasks that the lane's threads ran (for tests and statistics).
  [[nodiscard]] std::size_t ran() const { return ran_before_ + state_->ran.load(std::memory_order_relaxed); }
  /// The CPU the thread is kept off (its owner's when it was made), or -1 (for tests).
  [[nodiscard]] int kept_off() const { return kept_off_; }
  /// For measuring: the CPU time (ms) and page faults of the threads close() ended, each read
  /// as it ended (waiting up to 100 ms for one still ending).
  [[nodiscard]] std::pair<double, long> closed_usage() const;
  /// The calling thread's CPU time so far (ms, user and system) and page faults.
  [[nodiscard]] static std::pair<double, long> thread_usage();

 private:
  /// What a thread reads: its own, so that a closed thread may end after the lane has
  /// moved on to a new one.
  struct State {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::shared_ptr<SideTask>> queue;
    bool stopping = false;
    std::atomic<bool> busy{false};  ///< in a task (set under the mutex as it is taken)
    std::atomic<std::size_t> ran{0};
    double cpu_ms = 0;  ///< the thread's, written as it ends
    long faults = 0;
    std::atomic<bool> ended{false};
    bool probation = false;  ///< set before the thread starts
  };
  static void loop(State& state);
  void start_thread();
  /// Stops the thread: joins it, or waits until it has left its task (then it is joined
  /// by the destructor, by when it has ended).
  void stop(bool join);

  std::shared_ptr<State> state_ = std::make_shared<State>();
  bool started_ = false;
  bool unavailable_ = false;
  bool probation_ = false;
  int kept_off_ = -1;
  std::optional<pthread_t> thread_;  ///< started at the first post
  std::vector<pthread_t> ended_;     ///< closed, joined by the destructor
  std::vector<std::shared_ptr<State>> closed_;  ///< the closed threads' states
  std::size_t ran_before_ = 0;                  ///< by the threads closed
};

/// The share of the time since it started below which a lane on probation stops.
inline constexpr double kProbationShare = 0.6;

struct ThreadChoice {
  unsigned threads = 1;
  bool probation = false;  ///< the second thread's lane is on probation (SideLane(bool))
};

/// How many threads `handout render` uses by default: 2 when the process may run on at
/// least two CPUs (its affinity mask) and, as it starts, fewer other threads than those
/// less one are runnable on the machine (/proc/loadavg; its parent, if still running, not
/// counted): a CPU is idle for the second. With exactly one runnable thread too many, also
/// 2, on probation: one task seen runnable at an instant is as often a burst of a few
/// milliseconds (work the kernel or a monitor does after a process ends) as a busy program,
/// and the lane itself finds out which. Otherwise 1.
[[nodiscard]] ThreadChoice default_render_threads();
/// The rule of default_render_threads() for `allowed_cpus`, the text of /proc/loadavg and
/// whether the parent process is among the runnable.
[[nodiscard]] ThreadChoice render_threads_for(int allowed_cpus, std::string_view loadavg,
                                               bool parent_running = false);

}  // namespace handout
