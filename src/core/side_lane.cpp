#include "core/side_lane.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <thread>
#include <tuple>

namespace handout {

bool SideTask::try_run(std::atomic<std::size_t>* ran) {
  int expected = kPending;
  if (!state_.compare_exchange_strong(expected, kRunning, std::memory_order_acq_rel)) return false;
  try {
    work_();
  } catch (...) {
    failure_ = std::current_exception();
  }
  work_ = nullptr;  // what the work captured goes with the thread that did it
  // Counted before it shows as done: whoever sees it done sees it counted.
  if (ran) ran->fetch_add(1, std::memory_order_relaxed);
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
  stop(true);
  for (pthread_t t : ended_) (void)::pthread_join(t, nullptr);
}

void SideLane::close() {
  if (!thread_) return;  // no thread (never needed, or none could start): nothing to end
  stop(false);
  ran_before_ += state_->ran.load(std::memory_order_relaxed);
  closed_.push_back(std::move(state_));
  state_ = std::make_shared<State>();  // a later post starts a thread of its own
  started_ = false;
}

void SideLane::stop(bool join) {
  State& s = *state_;
  {
    std::lock_guard lock(s.mutex);
    s.stopping = true;
    s.queue.clear();
  }
  s.wake.notify_one();
  if (!thread_) return;
  const pthread_t thread = *thread_;
  thread_.reset();
  if (join) {
    (void)::pthread_join(thread, nullptr);
    return;
  }
  // No task is taken after `stopping`: once the one it is in is done (what it reads is the
  // owners', which may go after this returns), the thread touches only its State.
  for (bool busy = s.busy.load(std::memory_order_acquire); busy; busy = s.busy.load(std::memory_order_acquire)) {
    s.busy.wait(true, std::memory_order_acquire);
  }
  ended_.push_back(thread);
}

void SideLane::post(std::shared_ptr<SideTask> task) {
  State& s = *state_;
  {
    std::lock_guard lock(s.mutex);
    if (unavailable_ || s.stopping) return;
    if (!started_) {
      started_ = true;
      start_thread();
      if (!thread_) {
        unavailable_ = true;  // no thread: the owners do every task in finish()
        return;
      }
    }
    s.queue.push_back(std::move(task));
  }
  s.wake.notify_one();
}

// The lane's thread keeps off the CPU its owner is on when it is made. Left to the
// scheduler, a new thread was put on its owner's CPU in about a third of the Arabic seed's
// renders on an otherwise idle two-CPU machine, and waited there for its share of that CPU
// (median 9.6 ms, 90th percentile 11.7 ms; kept off: 8.6 and 9.9 ms). The thread is made
// with its affinity (pthread_attr_setaffinity_np: glibc sets it before the thread's first
// instruction); set by the thread itself, it took effect only once the thread had first
// run, which on its owner's CPU waited for the owner to be preempted (up to 1.3 ms). It runs
// at the owner's priority: at nice 19 beside a busy process it was starved while holding a
// task, and the owner waited for it at the end (25-65 ms).
void SideLane::start_thread() {
  pthread_attr_t attr;
  if (::pthread_attr_init(&attr) != 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  const int owner_cpu = ::sched_getcpu();
  if (owner_cpu >= 0 && ::sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) >= 2 &&
      CPU_ISSET(owner_cpu, &set)) {
    CPU_CLR(owner_cpu, &set);
    if (::pthread_attr_setaffinity_np(&attr, sizeof set, &set) == 0) kept_off_ = owner_cpu;
  }
  state_->probation = probation_;
  // The thread holds its state too: a closed thread ends after the lane has a new one.
  auto* held = new std::shared_ptr<State>(state_);
  auto run = [](void* arg) -> void* {
    std::shared_ptr<State> state = std::move(*static_cast<std::shared_ptr<State>*>(arg));
    delete static_cast<std::shared_ptr<State>*>(arg);
    loop(*state);
    return nullptr;
  };
  pthread_t thread;
  if (::pthread_create(&thread, &attr, run, held) == 0) {
    thread_ = thread;
  } else {
    delete held;
  }
  (void)::pthread_attr_destroy(&attr);
}

std::pair<double, long> SideLane::thread_usage() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  const long us = (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000L + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
  return {static_cast<double>(us) / 1e3, u.ru_minflt};
}

std::pair<double, long> SideLane::closed_usage() const {
  std::pair<double, long> sum{};
  for (const auto& s : closed_) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
    while (!s->ended.load(std::memory_order_acquire) && std::chrono::steady_clock::now() < until) {
      std::this_thread::yield();
    }
    if (!s->ended.load(std::memory_order_acquire)) continue;
    sum.first += s->cpu_ms;
    sum.second += s->faults;
  }
  return sum;
}

namespace {

double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

void SideLane::loop(State& s) {
  // On probation: the wall and CPU time of the tasks run so far. A thread that had its CPU
  // less than kProbationShare of the time it was in its tasks, once that is a millisecond or
  // more, shares it with a busy program, and stops (waiting for work does not count).
  double task_wall = 0, task_cpu = 0;
  auto starved = [&] { return s.probation && task_wall >= 1e-3 && task_cpu < kProbationShare * task_wall; };
  for (;;) {
    std::shared_ptr<SideTask> task;
    {
      std::unique_lock lock(s.mutex);
      s.wake.wait(lock, [&s] { return s.stopping || !s.queue.empty(); });
      if (!s.stopping && starved()) s.stopping = true;
      if (s.stopping) {
        std::tie(s.cpu_ms, s.faults) = thread_usage();
        s.ended.store(true, std::memory_order_release);
        return;
      }
      task = std::move(s.queue.front());
      s.queue.pop_front();
      s.busy.store(true, std::memory_order_relaxed);
    }
    if (s.probation) {
      const auto wall_from = std::chrono::steady_clock::now();
      const double cpu_from = thread_cpu_seconds();
      (void)task->try_run(&s.ran);
      task_wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_from).count();
      task_cpu += thread_cpu_seconds() - cpu_from;
    } else {
      (void)task->try_run(&s.ran);
    }
    task.reset();
    s.busy.store(false, std::memory_order_release);
    s.busy.notify_all();
  }
}

ThreadChoice render_threads_for(int allowed_cpus, std::string_view loadavg, bool parent_running) {
  const ThreadChoice one{1, false};
  if (allowed_cpus < 2) return one;
  // /proc/loadavg: "0.52 0.58 0.59 2/345 6789": the fourth field's first number is the
  // threads runnable right now, this one included.
  std::size_t at = 0;
  for (int field = 0; field < 3; ++field) {
    at = loadavg.find(' ', at);
    if (at == std::string_view::npos) return one;
    ++at;
  }
  long runnable = 0;
  const char* p = loadavg.data() + at;
  const char* end = loadavg.data() + loadavg.size();
  if (p == end || *p < '0' || *p > '9') return one;
  for (; p != end && *p >= '0' && *p <= '9' && runnable < 1000000; ++p) runnable = runnable * 10 + (*p - '0');
  if (p == end || *p != '/') return one;
  // A second thread pays only on a CPU nobody else wants: with every other CPU busy it
  // would share one with another program (measured: +1.3 ms on the Arabic seed beside one
  // busy process on two CPUs). Counted: this render and, often, the program that has just
  // started it and has not yet gone to wait for it (on an idle two-CPU machine, 2 as often
  // as 1), which is not counted against it.
  // One too many (on two CPUs: one other task) gets the second thread on probation: on an
  // idle two-CPU machine, a render started right after another saw a task runnable for
  // 2-4 ms in about half the starts, and took one thread (11.4 ms for the Arabic seed
  // against 8.4 ms with two); beside a busy program two threads took 13.9 ms against 10.8.
  const long others = runnable - 1 - (parent_running ? 1 : 0);
  if (others < allowed_cpus - 1) return ThreadChoice{2, false};
  if (others == allowed_cpus - 1) return ThreadChoice{2, true};
  return one;
}

namespace {

// Whether the parent process is running or runnable now (its state in /proc/PID/stat is R).
bool parent_running() {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(::getppid()));
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[512];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n <= 0) return false;
  // "PID (COMM) S ...": COMM may hold spaces and parentheses; the state follows the last ')'.
  const std::string_view text(buf, static_cast<std::size_t>(n));
  const std::size_t close = text.rfind(')');
  return close != std::string_view::npos && close + 2 < text.size() && text[close + 2] == 'R';
}

}  // namespace

ThreadChoice default_render_threads() {
  const ThreadChoice one{1, false};
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return one;
  const int allowed = CPU_COUNT(&set);
  if (allowed < 2) return one;
  const int fd = ::open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return one;
  char buf[128];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n <= 0) return one;
  return render_threads_for(allowed, std::string_view(buf, static_cast<std::size_t>(n)), parent_running());
}

}  // namespace handout
