// The `handout batch` command: many handouts from one manifest, in one process, with
// the fonts parsed once. See docs/batch.md for the manifest format and cluster recipes.
#pragma once

#include <atomic>
#include <ostream>
#include <string>

#include "batch/shard.h"
#include "cli/exit_codes.h"
#include "engine/engine.h"

namespace handout {

/// The command line of `handout batch`.
struct BatchOptions {
  std::string manifest;  ///< manifest JSON file
  std::string out_dir;   ///< folder the outputs (and report.json) go to
  unsigned threads = 0;  ///< -j: worker threads; 0 = one per hardware thread
  ShardFlags shard;      ///< --shard K/N and --shards N, as written
  bool force = false;    ///< remake outputs that are up to date
  bool quiet = false;    ///< no progress and no summary line; failures are still printed
  bool strict = false;   ///< warnings fail a job, as `handout render --strict`
  /// Page previews (PNG) beside each PDF, <pdf name>-N.png, at this resolution; 0: none.
  double thumbnail_dpi = 0;
  /// Input limits, line breaking and page limit, as `handout render` takes them; the
  /// creation time is always read from SOURCE_DATE_EPOCH, as render does.
  RenderOptions render;
};

/// What the command sees of its process, injected so that tests can run it in-process.
struct BatchEnvironment {
  std::ostream& err;             ///< progress, failures and the summary line
  EnvLookup env;                 ///< environment variables
  bool err_is_terminal = false;  ///< draw a progress bar instead of lines
  std::string executable;        ///< the program file; outputs older than it are remade
  /// Set to a signal's number to stop the run (see RunSettings::interrupted); null: never.
  const std::atomic<int>* interrupted = nullptr;
};

/// Exit statuses of the command (the same scheme as every command, cli/exit_codes.h).
inline constexpr int kBatchOk = kExitOk;                ///< every job written or up to date
inline constexpr int kBatchJobFailed = kExitJobsFailed; ///< at least one job failed (see the report)
inline constexpr int kBatchBadInput = kExitRefused;     ///< bad manifest or options: nothing written
inline constexpr int kBatchNoOutput = kExitOutput;      ///< output folder or report could not be written

/// Runs the command with the real process: stderr, getenv, /proc/self/exe.
[[nodiscard]] int run_batch(const BatchOptions& options);
/// Runs the command in a given environment.
[[nodiscard]] int run_batch(const BatchOptions& options, const BatchEnvironment& environment);

}  // namespace handout
