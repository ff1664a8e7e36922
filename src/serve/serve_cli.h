// The `serve` command line: `handout serve` (src/cli/main.cpp checks it, then runs the
// server program with the same arguments) and the server program itself (serve_main.cpp).
#pragma once

#include <CLI/CLI.hpp>

#include "serve/serve.h"

namespace handout {

/// Adds the service's options to `serve` (the subcommand, or the server program's own app),
/// filling `options` when it is parsed.
inline void add_serve_options(CLI::App* serve, ServeOptions& options) {
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
  serve->add_option("--header-timeout", options.header_timeout_ms,
                    "Milliseconds a request's line and headers may take to arrive, from the connection "
                    "(default 10000; then 408 and closed)")
      ->check(CLI::Range(1L, 3600L * 1000L));
  serve->add_option("--request-timeout", options.request_timeout_ms,
                    "Milliseconds a whole request, body included, may take to arrive, from the connection "
                    "(default 30000; then 408 and closed)")
      ->check(CLI::Range(1L, 3600L * 1000L));
  serve->add_option("--idle-timeout", options.idle_timeout_ms,
                    "Milliseconds a kept-alive connection may wait for its next request (default 5000)")
      ->check(CLI::Range(1L, 3600L * 1000L));
  serve->add_option("--max-depth", options.settings.max_depth, "Deepest JSON nesting (default 64)")
      ->check(CLI::Range(2, 10000));
  serve->add_option("--max-text", options.settings.max_text, "Most characters in one block's text (default 100000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  serve->add_option("--max-pages", options.settings.max_pages, "Most pages one handout may have (default 500)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{32767}));  // engine.h's kMaxPdfPages (libharu's page tree)
  serve->add_option("--data-dir", options.data_dir, "Data folder (default: the installed data)");
  serve->add_flag("--quiet", options.quiet, "No access log");
}

/// Adds `serve` to `app`, filling `options` when it is parsed.
inline CLI::App* add_serve_subcommand(CLI::App& app, ServeOptions& options) {
  auto* serve = app.add_subcommand("serve", "Serve renders over HTTP (see docs/deploy.md)");
  add_serve_options(serve, options);
  return serve;
}

}  // namespace handout
