// The `batch` subcommand's command line, for src/cli/main.cpp (the only file that sees
// CLI11; this header is not part of the engine library).
#pragma once

#include <CLI/CLI.hpp>

#include "batch/batch.h"

namespace handout {

/// Adds `batch` to `app`, filling `options` when it is parsed.
inline CLI::App* add_batch_subcommand(CLI::App& app, BatchOptions& options) {
  auto* batch = app.add_subcommand("batch", "Render many handouts listed in a manifest");
  batch->add_option("manifest", options.manifest, "Manifest JSON file (see docs/batch.md)")
      ->required();
  batch->add_option("--out-dir", options.out_dir, "Folder for the PDFs and report.json")
      ->required();
  batch
      ->add_option("-j,--jobs", options.threads,
                   "Worker threads (default: one per hardware thread)")
      ->check(CLI::Range(1u, 1024u));
  batch->add_option("--shard", options.shard.shard,
                    "Run only shard K of N (0-based), e.g. --shard 1/4");
  batch->add_option("--shards", options.shard.shards,
                    "Shard count N, with JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID as K");
  batch->add_flag("--force", options.force, "Remake outputs that are already up to date");
  batch->add_flag("--quiet", options.quiet, "No progress and no summary line");
  batch->add_flag("--strict", options.strict, "Treat layout warnings as errors");
  batch->add_flag_function(
      "--thumbnails", [&options](std::int64_t) { if (options.thumbnail_dpi == 0) options.thumbnail_dpi = 40; },
      "Also write page previews (PNG) beside each PDF: <name>-1.png, <name>-2.png, ...");
  batch->add_option("--thumbnail-dpi", options.thumbnail_dpi, "Resolution of the thumbnails (default 40; implies --thumbnails)")
      ->check(CLI::Range(1.0, 1200.0));
  batch->add_flag_function(
      "--greedy", [&options](std::int64_t) { options.render.break_mode = BreakMode::kGreedy; },
      "Greedy line breaking instead of optimal");
  return batch;
}

}  // namespace handout
