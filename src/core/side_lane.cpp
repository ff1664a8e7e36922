#include "core/side_lane.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

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
  // The lane's thread yields to every other thread of the machine (nice 19): on an idle CPU
  // it runs at full speed; where each CPU is wanted, it takes almost nothing from this
  // render's own thread or from anyone else's, and the owners do its tasks themselves.
  // (Linux applies a thread's nice value to that thread alone.)
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19);
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

unsigned render_threads_for(int allowed_cpus, std::string_view loadavg) {
  if (allowed_cpus < 2) return 1;
  // /proc/loadavg: "0.52 0.58 0.59 2/345 6789": the fourth field's first number is the
  // threads runnable right now, this one included.
  std::size_t at = 0;
  for (int field = 0; field < 3; ++field) {
    at = loadavg.find(' ', at);
    if (at == std::string_view::npos) return 1;
    ++at;
  }
  long runnable = 0;
  const char* p = loadavg.data() + at;
  const char* end = loadavg.data() + loadavg.size();
  if (p == end || *p < '0' || *p > '9') return 1;
  for (; p != end && *p >= '0' && *p <= '9' && runnable < 1000000; ++p) runnable = runnable * 10 + (*p - '0');
  if (p == end || *p != '/') return 1;
  // A second thread pays only on a CPU nobody else wants. Counted: this render and,
  // often, the program that has just started it and has not yet gone to wait for it (on
  // an idle two-CPU machine, 2 as often as 1). More than the allowed CPUs: every CPU is
  // busy, and a second thread would only add work (its nice 19 keeps it off the others).
  return runnable <= allowed_cpus ? 2 : 1;
}

unsigned default_render_threads() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  const int allowed = CPU_COUNT(&set);
  if (allowed < 2) return 1;
  const int fd = ::open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 1;
  char buf[128];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n <= 0) return 1;
  return render_threads_for(allowed, std::string_view(buf, static_cast<std::size_t>(n)));
}

}  // namespace handout
