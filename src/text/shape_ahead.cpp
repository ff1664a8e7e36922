#include "text/shape_ahead.h"

#include <chrono>
#include <thread>

#include "text/shaper.h"

namespace handout {

namespace {
std::atomic<ShapeAhead::TestMode> g_test_mode{ShapeAhead::TestMode::kNormal};
std::atomic<std::size_t> g_taken{0};
}  // namespace

void ShapeAhead::set_test_mode(TestMode mode) { g_test_mode.store(mode, std::memory_order_relaxed); }
ShapeAhead::TestMode ShapeAhead::test_mode() { return g_test_mode.load(std::memory_order_relaxed); }
std::size_t ShapeAhead::taken_in_process() { return g_taken.load(std::memory_order_relaxed); }

void ShapeAhead::post_warm_up(std::function<void()> work) {
  auto task = std::make_shared<SideTask>([this, work = std::move(work)] {
    if (!warm_up_skipped_.load(std::memory_order_acquire)) work();
  });
  warm_ups_.push_back(task);
  warmed_ = false;
  if (lane_ && test_mode() != TestMode::kNever) lane_->post(std::move(task));
}

void ShapeAhead::finish_warm_up() {
  warmed_ = true;
  // Layout never waits for the lane: a warm-up it has not started is dropped (layout's own
  // shapes make what they need, as with one thread), and one it is in goes on beside
  // layout (HarfBuzz and the font book fill what both make once, thread-safely). A thread
  // that sleeps waiting may not get its CPU back for milliseconds on a busy machine.
  warm_up_skipped_.store(true, std::memory_order_release);
  for (auto& task : warm_ups_) (void)task->try_run();
  warm_ups_.clear();
}

void ShapeAhead::post_group(const void* owner, int index, std::function<void(Group&)> work) {
  Group& g = groups_.emplace_back();
  g.owner = owner;
  g.index = index;
  g.pos = groups_.size() - 1;
  const bool slow = test_mode() == TestMode::kSlow;
  g.task = std::make_shared<SideTask>([this, &g, slow, work = std::move(work)] {
    if (slow) std::this_thread::sleep_for(std::chrono::milliseconds(3));
    // No further ahead of layout than the window (the lane waits, layout never does).
    for (std::size_t r = reached_.load(std::memory_order_acquire);
         g.pos >= r + kWindow && !g.skip.load(std::memory_order_acquire); r = reached_.load(std::memory_order_acquire)) {
      reached_.wait(r, std::memory_order_acquire);
    }
    if (g.skip.load(std::memory_order_acquire)) return;
    try {
      work(g);
    } catch (...) {
      // What was shaped before stays (each result is whole); the rest layout shapes.
    }
  });
  by_owner_[owner].first.push_back(&g);
  if (lane_ && test_mode() != TestMode::kNever) lane_->post(g.task);
}

bool ShapeAhead::offer(Group& group, StyledText text, const FontChains& chains, TextShaper& shaper) {
  if (group.skip.load(std::memory_order_acquire)) return false;
  normalise_shown(text);
  std::string key = shaping_key(text, chains);
  // Diagnostics would locate the text in its file: the lane leaves that to layout, which
  // shapes again any text that reports something.
  text.source = nullptr;
  text.origins.clear();
  DiagSink local;
  auto p = shaper.shape_fresh(std::move(text), chains, local);
  if (p && local.all().empty()) group.shaped.emplace_back(std::move(key), std::move(*p));
  return true;
}

void ShapeAhead::settle(Group& g) {
  if (!g.task || g.task->done()) return;
  if (test_mode() == TestMode::kLaneFirst && lane_) {
    while (!g.task->done()) std::this_thread::yield();  // (a test's: the lane does every group)
    return;
  }
  g.skip.store(true, std::memory_order_release);
  if (g.task->try_run()) ++claimed_;  // not started: done here, as nothing
}

bool ShapeAhead::done_with(const void* owner, int index) const {
  auto it = by_owner_.find(owner);
  if (it == by_owner_.end()) return true;
  for (const Group* g : it->second.first) {
    if (g->index == index) return !g->task || g->task->done();
    if (g->index > index) break;
  }
  return true;
}

void ShapeAhead::reach(const void* owner, int index) {
  auto it = by_owner_.find(owner);
  if (it == by_owner_.end()) return;
  auto& [list, settled] = it->second;
  std::size_t last = 0;
  bool any = false;
  while (settled < list.size() && list[settled]->index <= index) {
    last = list[settled]->pos;
    any = true;
    settle(*list[settled++]);
  }
  if (any && last + 1 > reached_.load(std::memory_order_relaxed)) {
    reached_.store(last + 1, std::memory_order_release);
    if (groups_.size() > kWindow) reached_.notify_one();  // (only a long document's lane can be waiting)
  }
  harvest();
}

void ShapeAhead::harvest() {
  while (harvested_ < groups_.size() && (!groups_[harvested_].task || groups_[harvested_].task->done())) {
    for (auto& [key, p] : groups_[harvested_].shaped) results_.emplace(std::move(key), std::move(p));
    std::vector<std::pair<std::string, ShapedParagraph>>().swap(groups_[harvested_].shaped);
    groups_[harvested_].task.reset();  // done: what it held goes
    ++harvested_;
  }
}

std::optional<ShapedParagraph> ShapeAhead::take(const std::string& key) {
  harvest();
  auto it = results_.find(key);
  if (it == results_.end()) return std::nullopt;
  ShapedParagraph p = std::move(it->second);
  results_.erase(it);
  ++taken_;
  g_taken.fetch_add(1, std::memory_order_relaxed);
  return p;
}

void ShapeAhead::stop() {
  for (Group& g : groups_) g.skip.store(true, std::memory_order_release);
  reached_.store(groups_.size(), std::memory_order_release);
  reached_.notify_all();
}

}  // namespace handout
