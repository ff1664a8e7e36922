#include "batch/batch.h"

#include <unistd.h>

#include <atomic>
#include <csignal>

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
#include "cli/diag_output.h"
#include "cli/output_file.h"
#include "engine/engine.h"

namespace handout {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// In file order, as `handout render` prints them (they were in the order the checks ran:
// "7:22" before "7:5", a line's keys from its last).
void print_diags(std::ostream& err, const std::vector<Diag>& diags) {
  for (const Diag* d : in_file_order(diags)) err << diag_to_text(*d);
}

/// The run's settings, or nothing (after reporting why) when the options are bad.
std::optional<RunSettings> settings_for(const BatchOptions& o, const BatchEnvironment& e,
                                        DiagSink& sink) {
  RunSettings s;
  s.render = o.render;
  s.out_dir = o.out_dir;
  s.strict = o.strict;
  s.thumbnail_dpi = o.thumbnail_dpi;
  s.force = o.force;
  s.threads = o.threads != 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  s.render.creation_time = parse_source_date_epoch(e.env("SOURCE_DATE_EPOCH"), sink);
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

/// What a run will do, all checked before any file is touched.
struct Plan {
  Manifest manifest;
  Shard shard;
  RunSettings settings;
};

std::optional<Plan> plan_batch(const BatchOptions& options, const BatchEnvironment& environment,
                               DiagSink& sink) {
  const auto shard = resolve_shard(options.shard, environment.env, sink);
  auto settings = settings_for(options, environment, sink);
  if (!shard || !settings) return std::nullopt;
  auto manifest = load_manifest(options.manifest, sink, options.render.limits);
  if (!manifest) return std::nullopt;
  return Plan{std::move(*manifest), *shard, std::move(*settings)};
}

/// Prints the failures, writes the report, prints the summary; returns the exit status.
int finish_batch(const BatchOptions& options, const Plan& plan,
                 const std::vector<const BatchJob*>& jobs, const std::vector<JobResult>& results,
                 double seconds, int stopped_by, std::ostream& err) {
  BatchTotals totals = count_results(results, seconds);
  totals.signal = stopped_by;
  print_failures(err, jobs, results);
  DiagSink sink;
  const std::string report =
      report_json({options.manifest, options.out_dir, plan.shard}, jobs, results, totals);
  const std::string path = (fs::path(options.out_dir) / report_file_name(plan.shard)).string();
  const bool reported = write_file_atomically(path, report, sink);
  print_diags(err, sink.all());
  if (!options.quiet) err << summary_line(totals, plan.shard) << "\n";
  if (!reported) return kBatchNoOutput;
  if (totals.signal != 0) return 128 + totals.signal;  // as a shell reports a run the signal ended
  return totals.failed > 0 ? kBatchJobFailed : kBatchOk;
}

}  // namespace

namespace {

std::atomic<int> g_interrupted{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_stop_signal(int signal) { g_interrupted.store(signal, std::memory_order_relaxed); }

}  // namespace

int run_batch(const BatchOptions& options) {
  // SIGINT (Ctrl-C) and SIGTERM (a service stopped, a CI timeout) stop the run politely:
  // the jobs under way finish and are put in place, no temporary file is left, and the
  // report says what was not run. A second signal ends the process at once (SA_RESETHAND).
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  for (int s : {SIGINT, SIGTERM}) ::sigaction(s, &sa, nullptr);
  const BatchEnvironment environment{
      std::cerr, [](const char* name) -> const char* { return std::getenv(name); },
      ::isatty(STDERR_FILENO) == 1, "/proc/self/exe", &g_interrupted};
  return run_batch(options, environment);
}

int run_batch(const BatchOptions& options, const BatchEnvironment& environment) {
  std::ostream& err = environment.err;
  const auto start = Clock::now();
  DiagSink setup;
  setup.set_strict(options.strict);
  const auto plan = plan_batch(options, environment, setup);
  std::vector<const BatchJob*> jobs;
  if (plan) {
    for (const auto& job : plan->manifest.jobs) {
      if (in_shard(job.output, plan->shard)) jobs.push_back(&job);
    }
  }
  print_diags(err, setup.all());  // errors, or warnings such as a bad SOURCE_DATE_EPOCH
  if (!plan) return kBatchBadInput;
  DiagSink folders;
  // The report replaces what has its name: only an earlier report may (an article the
  // manifest reads from the output folder was replaced by the report of its own run).
  const bool report_ok =
      check_report_path((fs::path(options.out_dir) / report_file_name(plan->shard)).string(), folders);
  if (!check_output_paths(options.out_dir, jobs, folders) || !report_ok) {
    print_diags(err, folders.all());
    return kBatchBadInput;
  }
  if (!make_output_folders(options.out_dir, jobs, folders)) {
    print_diags(err, folders.all());
    return kBatchNoOutput;
  }
  if (!check_distinct_files(options.out_dir, jobs, folders)) {
    print_diags(err, folders.all());
    return kBatchBadInput;
  }
  (void)remove_stray_temp_files(options.out_dir, jobs);

  Engine engine;
  // Keys are recorded even with --force, so that the next run can skip.
  std::optional<FreshnessCheck> freshness;
  freshness.emplace(jobs, environment.executable, plan->settings.render);
  const ProgressStyle style = options.quiet                 ? ProgressStyle::kNone
                              : environment.err_is_terminal ? ProgressStyle::kBar
                                                            : ProgressStyle::kLines;
  Progress progress(err, style, jobs.size(), start);
  RunSettings settings = plan->settings;
  settings.interrupted = environment.interrupted;
  const auto results = run_jobs(engine, jobs, settings, freshness ? &*freshness : nullptr, progress);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const int stopped_by = environment.interrupted ? environment.interrupted->load() : 0;
  return finish_batch(options, *plan, jobs, results, seconds, stopped_by, err);
}

}  // namespace handout
