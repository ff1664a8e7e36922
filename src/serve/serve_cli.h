// The `serve` subcommand's command line, for src/cli/main.cpp (the only file that sees CLI11).
#pragma once

#include <CLI/CLI.hpp>

#include "serve/serve.h"

namespace handout {

/// Adds `serve` to `app`, filling `options` when it is parsed.
inline CLI::App* add_serve_subcommand(CLI::App& app, ServeOptions& options) {
  auto* serve = app.add_subcommand("serve", "Serve renders over HTTP (see docs/deploy.md)");
  serve->add_option("--listen", options.listen, "Address and port to listen on (default 127.0.0.1:8080)");
  serve->add_option("--workers", options.workers, "Renders at once (default: one per hardware thread)")
      ->check(CLI::Range(1u, 1024u));
  serve->add_option("--connections", options.connections, "Connections served at once (default 32)")
      ->check(CLI::Range(1u, 4096u));
  serve->add_option("--max-body", options.max_body, "Largest request body in bytes (default 4 MiB; 413 beyond)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{1} << 30));
  serve->add_option("--time-limit", options.time_limit_ms,
                    "Milliseconds a render may take before it is cancelled (default 10000; 422)")
      ->check(CLI::Range(1L, 3600L * 1000L));
  serve->add_option("--queue-wait", options.queue_wait_ms,
                    "Milliseconds a request may wait for a free worker (default 10000; then 503)")
      ->check(CLI::Range(1L, 3600L * 1000L));
  serve->add_option("--max-depth", options.settings.max_depth, "Deepest JSON nesting (default 64)")
      ->check(CLI::Range(2, 10000));
  serve->add_option("--max-text", options.settings.max_text, "Most characters in one block's text (default 100000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  serve->add_option("--max-pages", options.settings.max_pages, "Most pages one handout may have (default 500)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  serve->add_option("--data-dir", options.data_dir, "Data folder (default: the installed data)");
  serve->add_flag("--quiet", options.quiet, "No access log");
  return serve;
}

}  // namespace handout
