// Progress of a batch on stderr: a bar redrawn in place on a terminal, a plain line now
// and then otherwise (logs, CI), nothing when quiet. Only the thread that waits for the
// workers draws; workers just count.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace handout {

enum class ProgressStyle : std::uint8_t {
  kNone,   ///< --quiet
  kBar,    ///< a terminal: one line redrawn with \r
  kLines,  ///< not a terminal: a line every kLineInterval or every 10% of the jobs
};

/// "[########------------]  120/200  58.3 jobs/s  ETA 1.4 s"
[[nodiscard]] std::string progress_bar_text(std::size_t done, std::size_t total, double seconds);
/// "batch: 120/200 jobs (60%), 58.3 jobs/s, ETA 1.4 s"
[[nodiscard]] std::string progress_line_text(std::size_t done, std::size_t total, double seconds);

class Progress {
 public:
  using Clock = std::chrono::steady_clock;

  Progress(std::ostream& out, ProgressStyle style, std::size_t total, Clock::time_point start)
      : out_(out), style_(style), total_(total), start_(start), last_(start) {}

  /// How long the waiting thread may sleep between two calls to update().
  [[nodiscard]] Clock::duration poll_interval() const;
  /// Shows `done` of the jobs finished at `now`, if it is time to.
  void update(std::size_t done, Clock::time_point now);
  /// Clears the bar, so that what is printed next starts on a clean line.
  void finish();

 private:
  std::ostream& out_;
  ProgressStyle style_;
  std::size_t total_;
  Clock::time_point start_;
  Clock::time_point last_;
  std::size_t last_tenth_ = 0;
  std::size_t drawn_width_ = 0;
};

}  // namespace handout
