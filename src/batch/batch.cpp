#include "batch/batch.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "batch/freshness.h"
#include "batch/manifest.h"
#include "batch/output_dir.h"
#include "batch/progress.h"
#include "batch/report.h"
#include "batch/runner.h"
#include "cli/output_file.h"
#include "engine/engine.h"

namespace handout {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void print_diags(std::ostream& err, const std::vector<Diag>& diags) {
  for (const auto& d : diags) err << format_diag(d) << "\n";
}

/// SOURCE_DATE_EPOCH exactly as `handout render` reads it (src/cli/main.cpp), so that a
/// batch job and a single render of it give the same bytes.
std::optional<long long> source_date_epoch(const EnvLookup& env, DiagSink& sink) {
  const char* v = env("SOURCE_DATE_EPOCH");
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  const long long t = std::strtoll(v, &end, 10);
  if (*end != '\0' || t < 0) {
    sink.warning(Location{"SOURCE_DATE_EPOCH", 0, 0, ""}, "is not a number of seconds; ignored");
    return std::nullopt;
  }
  return t;
}

/// The run's settings, or nothing (after reporting why) when the options are bad.
std::optional<RunSettings> settings_for(const BatchOptions& o, const BatchEnvironment& e,
                                        DiagSink& sink) {
  RunSettings s;
  s.out_dir = o.out_dir;
  s.strict = o.strict;
  s.threads = o.threads != 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  s.render.creation_time = source_date_epoch(e.env, sink);
  if (sink.failed()) return std::nullopt;  // with --strict, a bad SOURCE_DATE_EPOCH
  return s;
}

void print_failures(std::ostream& err, const std::vector<const BatchJob*>& jobs,
                    const std::vector<JobResult>& results) {
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (results[i].status != JobStatus::kFailed) continue;
    err << "batch: failed: " << jobs[i]->output << "\n";
    print_diags(err, results[i].diagnostics);
  }
}

}  // namespace

int run_batch(const BatchOptions& options) {
  const BatchEnvironment environment{
      std::cerr, [](const char* name) -> const char* { return std::getenv(name); },
      ::isatty(STDERR_FILENO) == 1, "/proc/self/exe"};
  return run_batch(options, environment);
}

int run_batch(const BatchOptions& options, const BatchEnvironment& environment) {
  std::ostream& err = environment.err;
  const auto start = Clock::now();
  DiagSink setup;
  setup.set_strict(options.strict);
  const auto shard = resolve_shard(options.shard, environment.env, setup);
  auto settings = settings_for(options, environment, setup);
  const auto manifest = shard && settings ? load_manifest(options.manifest, setup) : std::nullopt;
  if (!manifest) {
    print_diags(err, setup.all());
    return kBatchBadInput;
  }
  std::vector<const BatchJob*> jobs;
  for (const auto& job : manifest->jobs) {
    if (in_shard(job.output, *shard)) jobs.push_back(&job);
  }
  const std::string report_name = report_file_name(*shard);
  if (!make_output_folders(options.out_dir, jobs, setup)) {
    print_diags(err, setup.all());
    return kBatchBadInput;
  }
  print_diags(err, setup.all());  // warnings, e.g. about SOURCE_DATE_EPOCH
  (void)remove_stray_temp_files(options.out_dir, jobs, report_name, shard->count > 1);

  Engine engine;
  std::optional<FreshnessCheck> freshness;
  if (!options.force) freshness.emplace(jobs, environment.executable);
  const ProgressStyle style = options.quiet                    ? ProgressStyle::kNone
                              : environment.err_is_terminal ? ProgressStyle::kBar
                                                            : ProgressStyle::kLines;
  Progress progress(err, style, jobs.size(), start);
  const auto results =
      run_jobs(engine, jobs, *settings, freshness ? &*freshness : nullptr, progress);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const BatchTotals totals = count_results(results, seconds);

  print_failures(err, jobs, results);
  DiagSink report_sink;
  const std::string report = report_json({options.manifest, options.out_dir, *shard}, jobs,
                                         results, totals);
  const bool reported =
      write_file_atomically((fs::path(options.out_dir) / report_name).string(), report, report_sink);
  print_diags(err, report_sink.all());
  if (!options.quiet) err << summary_line(totals, *shard) << "\n";
  return totals.failed > 0 || !reported ? kBatchJobFailed : kBatchOk;
}

}  // namespace handout
