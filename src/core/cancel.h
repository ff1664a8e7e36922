// A render's time limit, reached inside long loops. RenderOptions::deadline was checked
// between blocks only, so one big block (a table of thousands of rows, a very long
// paragraph) ran on seconds past a service's limit. While a CancelScope is alive on a
// thread, cancellation_point() in those loops (a table's rows, a paragraph's break points
// and lines, pagination's elements, the pages written) throws RenderCancelled once the
// deadline has passed; the engine catches it and reports kCancelledMessage.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "core/diag.h"

namespace handout {

/// Thrown by cancellation_point() past the deadline. Not a std::exception: nothing on the
/// way up takes it for a failure of its own. The block being laid out, when known, is added
/// on the way up (`where`), for the error.
struct RenderCancelled {
  std::optional<Location> where;
};

/// The calling thread's deadline while alive (none: nothing changes). Scopes nest: the
/// innermost with a deadline is asked.
class CancelScope {
 public:
  explicit CancelScope(std::optional<std::chrono::steady_clock::time_point> deadline);
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

  /// Throws RenderCancelled when the deadline has passed: the clock is read every
  /// kEvery-th call (a few hundred nanoseconds of work apart at the least), and every call
  /// throws once it has passed.
  void tick() {
    if (passed_) throw RenderCancelled{};
    if (++ticks_ % kEvery == 0) read_clock();
  }
  /// The same, reading the clock now (between steps that each take a while).
  void check() { read_clock(); }

  /// The calling thread's innermost scope with a deadline, or null.
  [[nodiscard]] static CancelScope* current() { return current_; }

 private:
  static constexpr std::uint32_t kEvery = 32;
  void read_clock();

  static thread_local CancelScope* current_;
  std::chrono::steady_clock::time_point deadline_{};
  CancelScope* outer_ = nullptr;
  std::uint32_t ticks_ = 0;
  bool active_ = false;
  bool passed_ = false;
};

/// A point in a long loop where a render past its deadline stops (throws RenderCancelled).
/// Without a deadline (the command line, a batch) it costs a thread-local load and a branch;
/// in a loop run many times per render, hoist CancelScope::current() and tick() it instead.
inline void cancellation_point() {
  if (CancelScope* s = CancelScope::current()) [[unlikely]] s->tick();
}

}  // namespace handout
