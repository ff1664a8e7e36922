// Putting a batch's outputs in place in groups. Each output is still complete or absent
// (a temporary file renamed over its name), and on disk before it takes its name; but the
// flush to disk is done once for many files instead of once a file. A flush costs a few
// milliseconds of waiting on most disks (4.3 ms here for a 36 KB file), as much as
// rendering a handout, and a worker that waits for it renders nothing meanwhile. Workers
// write their files to temporary names without flushing and hand them over; the thread
// that draws the progress commits a group: one syncfs per file system, the renames in the
// order the files were handed over (a PDF before its freshness key), then one fsync per
// folder so that the new names are on disk too.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "cli/output_file.h"
#include "core/diag.h"

namespace handout {

class GroupCommit {
 public:
  using Clock = std::chrono::steady_clock;
  /// A group is committed when it holds `max_jobs` jobs or its oldest waited `max_wait`.
  struct Limits {
    std::size_t max_jobs = 64;
    Clock::duration max_wait = std::chrono::milliseconds(100);
  };
  GroupCommit() = default;
  explicit GroupCommit(Limits limits) : limits_(limits) {}

  /// Job `job`'s outputs, put in place in this order (one that cannot be stops the rest),
  /// then, only if they all were, a file that may fail without failing the job (its
  /// freshness key); all prepared with PendingOutput::Flush::kByCaller. Thread-safe.
  void add(std::size_t job, std::vector<PendingOutput> outputs, std::optional<PendingOutput> after);
  void add(std::size_t job, PendingOutput output, std::optional<PendingOutput> after);
  /// Whether the group is due at `now`. Thread-safe.
  [[nodiscard]] bool due(Clock::time_point now) const;
  /// Flushes and puts in place everything added so far. One thread at a time.
  void commit();
  /// The jobs whose files could not be flushed or put in place, each with why.
  [[nodiscard]] std::vector<std::pair<std::size_t, Diag>> take_failures();

 private:
  struct Job {
    std::size_t index;
    std::vector<PendingOutput> outputs;
    std::optional<PendingOutput> after;
  };
  Limits limits_;
  mutable std::mutex mutex_;
  std::vector<Job> pending_;
  Clock::time_point oldest_{};
  std::vector<std::pair<std::size_t, Diag>> failures_;
};

}  // namespace handout
