#include "batch/progress.h"

#include <cstdio>

namespace handout {

namespace {

constexpr std::size_t kBarWidth = 24;
// A terminal is redrawn often enough to look alive, seldom enough to cost nothing.
constexpr auto kBarInterval = std::chrono::milliseconds(100);
// A log gets a line every couple of seconds, and at each tenth of the jobs after that.
constexpr auto kLineInterval = std::chrono::seconds(2);

std::string duration_text(double seconds) {
  char buf[48];
  if (seconds < 60) {
    std::snprintf(buf, sizeof buf, "%.1f s", seconds);
  } else {
    const auto s = static_cast<long long>(seconds + 0.5);
    if (s < 3600)
      std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    else
      std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  }
  return buf;
}

/// "58.3 jobs/s, ETA 1.4 s" (with `sep` between), or dashes before the first job ends.
std::string rate_text(std::size_t done, std::size_t total, double seconds, const char* sep) {
  if (done == 0 || seconds <= 0) return std::string("-- jobs/s") + sep + "ETA --";
  const double rate = static_cast<double>(done) / seconds;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f jobs/s", rate);
  return buf + std::string(sep) + "ETA " + duration_text(static_cast<double>(total - done) / rate);
}

}  // namespace

std::string progress_bar_text(std::size_t done, std::size_t total, double seconds) {
  const std::size_t filled = total == 0 ? kBarWidth : done * kBarWidth / total;
  std::string bar = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '-') + "]";
  return bar + "  " + std::to_string(done) + "/" + std::to_string(total) + "  " +
         rate_text(done, total, seconds, "  ");
}

std::string progress_line_text(std::size_t done, std::size_t total, double seconds) {
  const std::size_t percent = total == 0 ? 100 : done * 100 / total;
  return "batch: " + std::to_string(done) + "/" + std::to_string(total) + " jobs (" +
         std::to_string(percent) + "%), " + rate_text(done, total, seconds, ", ");
}

Progress::Clock::duration Progress::poll_interval() const {
  return style_ == ProgressStyle::kLines ? Clock::duration(std::chrono::milliseconds(250))
                                         : Clock::duration(kBarInterval);
}

void Progress::update(std::size_t done, Clock::time_point now) {
  if (style_ == ProgressStyle::kNone || total_ == 0) return;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  if (style_ == ProgressStyle::kBar) {
    if (now - last_ < kBarInterval && done < total_) return;
    const std::string text = progress_bar_text(done, total_, seconds);
    // Pad over a longer previous line instead of relying on terminal escape codes.
    const std::size_t pad = drawn_width_ > text.size() ? drawn_width_ - text.size() : 0;
    out_ << '\r' << text << std::string(pad, ' ') << std::flush;
    drawn_width_ = text.size();
    last_ = now;
    return;
  }
  // A batch that ends within the first interval needs no progress in its log.
  const std::size_t tenth = done * 10 / total_;
  if (now - start_ < kLineInterval) return;
  if (tenth == last_tenth_ && now - last_ < kLineInterval) return;
  out_ << progress_line_text(done, total_, seconds) << '\n' << std::flush;
  last_tenth_ = tenth;
  last_ = now;
}

void Progress::finish() {
  if (style_ == ProgressStyle::kBar && drawn_width_ > 0) {
    out_ << '\r' << std::string(drawn_width_, ' ') << '\r' << std::flush;
    drawn_width_ = 0;
  }
}

}  // namespace handout
