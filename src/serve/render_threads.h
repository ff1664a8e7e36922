// The threads that run `handout serve`'s renders: a fixed few, rather than whichever of the
// many connection threads received the request.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace handout {

// `n` threads that run work handed to them, first come, first served; run() blocks until
// the work is done. The service admits at most `n` renders at once (Slots), so work never
// waits here for long. Renders on few threads keep the allocator's per-thread memory and
// the caches to those threads: rendering on each of 64 connection threads in turn, the
// service grew to 97 MB with glibc's malloc and 169 MB with mimalloc's per-thread heaps.
class RenderThreads {
 public:
  explicit RenderThreads(unsigned n) {
    threads_.reserve(n);
    for (unsigned i = 0; i < n; ++i) threads_.emplace_back([this] { loop(); });
  }
  RenderThreads(const RenderThreads&) = delete;
  RenderThreads& operator=(const RenderThreads&) = delete;
  ~RenderThreads() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

  /// Runs `work` on one of the threads and returns when it has; an exception it throws is
  /// thrown here.
  void run(const std::function<void()>& work) {
    Job job(work);
    std::unique_lock lock(mutex_);
    queue_.push_back(&job);
    work_cv_.notify_one();
    job.cv.wait(lock, [&] { return job.done; });
    if (job.error) std::rethrow_exception(job.error);
  }

 private:
  struct Job {
    explicit Job(const std::function<void()>& w) : work(w) {}
    const std::function<void()>& work;
    std::condition_variable cv;
    bool done = false;
    std::exception_ptr error;
  };
  void loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
      work_cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to do
      Job* job = queue_.front();
      queue_.pop_front();
      lock.unlock();
      try {
        job->work();
      } catch (...) {
        job->error = std::current_exception();
      }
      lock.lock();
      job->done = true;
      job->cv.notify_one();  // under the lock: the job (and its cv) lives until its caller sees done
    }
  }
  std::mutex mutex_;
  std::condition_variable work_cv_;
  std::deque<Job*> queue_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace handout
