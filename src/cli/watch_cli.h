// The `watch` subcommand's command line, for src/cli/main.cpp (header only: the engine
// library does not see CLI11).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/watch.h"

namespace handout {

/// Adds `watch` to `app`, filling `options` when it is parsed (limits are added by main).
inline CLI::App* add_watch_subcommand(CLI::App& app, WatchOptions& options, std::string& diag_format) {
  auto* watch = app.add_subcommand("watch", "Render, then render again whenever an input changes");
  watch->add_option("articles", options.articles, "Article JSON file (two translations for a bilingual layout)")
      ->required()
      ->expected(1, 2);
  watch->add_option("-l,--layout", options.layout, "Layout JSON file (default: layouts/a4.json)");
  watch->add_option("-o,--output", options.output, "Output PDF file")->required();
  watch->add_option("--png", options.png_dir, "Also write page previews (PNG) into this folder");
  watch->add_option("--dpi", options.dpi, "Resolution of the previews (default 96)")->check(CLI::Range(1.0, 1200.0));
  watch->add_flag("--strict", options.strict, "Treat layout warnings as errors");
  watch->add_option("--diagnostics", diag_format, "How to print diagnostics: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  return watch;
}

}  // namespace handout
