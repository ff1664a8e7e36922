// What a batch did: a result per job, the one-line summary for stderr, and report.json.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "batch/manifest.h"
#include "batch/shard.h"
#include "core/diag.h"

namespace handout {

enum class JobStatus : std::uint8_t {
  kWritten,  ///< rendered and written
  kSkipped,  ///< the output was already newer than every input
  kFailed,   ///< see the job's diagnostics; no output was written
  kNotRun,   ///< the run was interrupted (SIGINT, SIGTERM) before this job started
};

/// The outcome of one job.
struct JobResult {
  JobStatus status = JobStatus::kFailed;
  std::optional<std::size_t> pages;     ///< set when written
  std::optional<std::uintmax_t> bytes;  ///< size of the output when written or skipped
  double milliseconds = 0;              ///< wall time the job took in its worker
  std::vector<Diag> diagnostics;        ///< everything the job's own sink collected
};

/// Counts of a finished batch.
struct BatchTotals {
  std::size_t jobs = 0;
  std::size_t written = 0;
  std::size_t skipped = 0;
  std::size_t failed = 0;
  std::size_t not_run = 0;  ///< jobs an interruption left unstarted
  int signal = 0;           ///< the signal that interrupted the run, or 0
  double seconds = 0;
};

[[nodiscard]] BatchTotals count_results(const std::vector<JobResult>& results, double seconds);

/// "batch: 8 jobs, 7 written, 0 skipped, 1 failed in 0.41 s", plus the shard when split.
[[nodiscard]] std::string summary_line(const BatchTotals& totals, const Shard& shard);

/// "report.json", or "report-K-of-N.json" for a sharded run, so that shards writing to
/// one shared folder do not overwrite each other's reports.
[[nodiscard]] std::string report_file_name(const Shard& shard);

/// Facts about the run recorded at the top of the report.
struct ReportHeader {
  std::string manifest;
  std::string out_dir;
  Shard shard;
};

/// The report as JSON text: header, totals, and per job (in manifest order) output,
/// articles, layout, status, pages, bytes, milliseconds and diagnostics.
[[nodiscard]] std::string report_json(const ReportHeader& header,
                                      const std::vector<const BatchJob*>& jobs,
                                      const std::vector<JobResult>& results,
                                      const BatchTotals& totals);

}  // namespace handout
