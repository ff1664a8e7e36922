// Shaping ahead: a render with a second thread (RenderOptions::threads == 2) shapes the
// article's paragraphs on its SideLane, block by block in the order layout will ask for
// them, while layout sets the ones before. Layout takes a result only when it was made from
// exactly the text it would shape (the same key as a shaping cache's: text, shown text,
// styles, direction, language, hyphenation, font chains) and shaping it reported nothing;
// otherwise it shapes the text itself. A block whose group the lane has not started is
// claimed by layout (done in place, never waited for), so nothing is shaped twice and the
// output never depends on the lane's timing.
#pragma once

#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/side_lane.h"
#include "text/paragraph.h"

namespace handout {

class TextShaper;
struct FontChains;

class ShapeAhead {
 public:
  /// For tests: how the lane behaves. kNever: nothing is handed to it (layout claims every
  /// group); kSlow: it sleeps 3 ms before each group; kLaneFirst: layout waits for the lane
  /// to finish a group instead of claiming it (every result comes from the lane).
  enum class TestMode { kNormal, kNever, kSlow, kLaneFirst };
  static void set_test_mode(TestMode mode);
  [[nodiscard]] static TestMode test_mode();
  /// Results taken by every ShapeAhead of the process so far (for tests).
  [[nodiscard]] static std::size_t taken_in_process();

  /// The texts of one block (or the title: index -1) of one article, shaped by one task.
  struct Group {
    const void* owner = nullptr;
    int index = 0;
    std::size_t pos = 0;  ///< in post order
    std::shared_ptr<SideTask> task;
    std::atomic<bool> skip{false};  ///< set by layout: the lane stops at the next text
    /// (key, paragraph) pairs, written only by the task.
    std::vector<std::pair<std::string, ShapedParagraph>> shaped;
  };

  /// The most groups the lane shapes beyond the last one layout reached, so that what it
  /// holds for layout stays a few pages' worth however long the document is.
  static constexpr std::size_t kWindow = 48;

  explicit ShapeAhead(SideLane* lane) : lane_(lane) {}
  ShapeAhead(const ShapeAhead&) = delete;
  ShapeAhead& operator=(const ShapeAhead&) = delete;

  /// Posts work that readies what the first shapes would make (faces, tables, shape plans).
  /// Layout's first shape drops it if the lane has not started it, and goes on without
  /// waiting if the lane is in it.
  void post_warm_up(std::function<void()> work);
  /// Posts a group for `owner`'s block `index`; `work` (run on the lane, unless layout has
  /// claimed the group first) hands its texts to offer().
  void post_group(const void* owner, int index, std::function<void(Group&)> work);

  /// On the lane, inside a group's work: shapes `text` with `shaper` (the lane's own) and
  /// keeps the result when shaping reported nothing. False once layout has claimed the group.
  static bool offer(Group& group, StyledText text, const FontChains& chains, TextShaper& shaper);

  /// Layout is about to lay out `owner`'s block `index` (-1: its title): every group of the
  /// owner up to it that the lane has not started is claimed (done here, as nothing); one the
  /// lane is in is told to stop at its next text, and never waited for (what it shaped is
  /// taken if it is done in time).
  void reach(const void* owner, int index);
  /// Whether the lane will not read `owner`'s block `index` again (its group is done, or
  /// there is none): its content may then be released.
  [[nodiscard]] bool done_with(const void* owner, int index) const;
  /// Settles the warm-up work (once): called before layout's first HarfBuzz call.
  void before_first_shape() {
    if (!warmed_) finish_warm_up();
  }
  /// Whether a result may be waiting (worth computing a text's key for).
  [[nodiscard]] bool active() const { return harvested_ < groups_.size() || !results_.empty(); }
  /// The result shaped ahead for `key`, taken (each result is taken once), or nothing.
  [[nodiscard]] std::optional<ShapedParagraph> take(const std::string& key);
  /// Claims every group not started, and tells the one running to stop: called before the
  /// lane is destroyed (which waits for the group it is in).
  void stop();

  /// Results taken, and groups claimed by layout (for tests and statistics).
  [[nodiscard]] std::size_t taken() const { return taken_; }
  [[nodiscard]] std::size_t claimed() const { return claimed_; }
  [[nodiscard]] std::size_t groups() const { return groups_.size(); }
  /// Results shaped ahead and never taken (texts layout shaped differently, or not at all).
  [[nodiscard]] std::size_t left() const { return results_.size(); }

 private:
  void finish_warm_up();
  void settle(Group& g);
  void harvest();

  SideLane* lane_;
  std::atomic<std::size_t> reached_{0};  ///< groups (in post order) up to the last one reached
  std::vector<std::shared_ptr<SideTask>> warm_ups_;
  bool warmed_ = true;
  std::atomic<bool> warm_up_skipped_{false};
  std::deque<Group> groups_;  ///< in post order (stable addresses)
  std::unordered_map<const void*, std::pair<std::vector<Group*>, std::size_t>> by_owner_;  ///< groups, settled
  std::size_t harvested_ = 0;
  std::unordered_multimap<std::string, ShapedParagraph> results_;
  std::size_t taken_ = 0;
  std::size_t claimed_ = 0;
};

}  // namespace handout
