// Running a batch's jobs: N worker threads share one Engine (fonts are parsed once per
// process) and take jobs by an atomic index, so there is no lock between them. Each job
// has its own DiagSink; a failing job never stops the others.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "batch/freshness.h"
#include "batch/input_cache.h"
#include "batch/manifest.h"
#include "batch/progress.h"
#include "batch/report.h"
#include "engine/engine.h"
#include "preview/preview.h"

namespace handout {

/// How every job of a run is made.
struct RunSettings {
  std::string out_dir;
  RenderOptions render;  ///< the same options `handout render` would use
  bool strict = false;   ///< warnings fail a job
  bool force = false;    ///< make every job, even those up to date
  unsigned threads = 1;  ///< worker threads (at most one per job is started)
  /// Page previews beside each PDF at this resolution; 0: none.
  double thumbnail_dpi = 0;
  /// The calling thread's painter for the previews (a worker's), or null to make one per job.
  PagePainter* painter = nullptr;
  /// Articles and layouts parsed once for the run (run_jobs makes one), or null to parse
  /// them for every job.
  InputCache* inputs = nullptr;
  /// Set (to the signal's number) when the run is to stop: no job is started after it,
  /// the jobs under way finish and are put in place, the rest are "not run". Null: never.
  const std::atomic<int>* interrupted = nullptr;
};

/// Runs `jobs` on `settings.threads` workers; the calling thread draws `progress` while it
/// waits. Results are in the order of `jobs`.
[[nodiscard]] std::vector<JobResult> run_jobs(Engine& engine,
                                              const std::vector<const BatchJob*>& jobs,
                                              const RunSettings& settings,
                                              const FreshnessCheck* freshness, Progress& progress);

}  // namespace handout
