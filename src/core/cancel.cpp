#include "core/cancel.h"

namespace handout {

thread_local CancelScope* CancelScope::current_ = nullptr;

CancelScope::CancelScope(std::optional<std::chrono::steady_clock::time_point> deadline) {
  if (!deadline) return;
  deadline_ = *deadline;
  outer_ = current_;
  current_ = this;
  active_ = true;
}

CancelScope::~CancelScope() {
  if (active_) current_ = outer_;
}

void CancelScope::read_clock() {
  if (passed_ || std::chrono::steady_clock::now() >= deadline_) {
    passed_ = true;
    throw RenderCancelled{};
  }
}

}  // namespace handout
