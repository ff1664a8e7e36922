// `handout serve`: the engine as an HTTP service (cpp-httplib). One Typesetter (fonts,
// shape and subset caches) is shared by every request; renders run at most `workers` at a
// time, each with a time limit; SIGTERM stops accepting and finishes requests in flight.
#pragma once

#include <cstddef>
#include <string>

#include "handout/handout.h"

namespace handout {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";  ///< host:port ([v6]:port); port 0 picks a free one
  unsigned workers = 0;                   ///< renders at once; 0: one per hardware thread
  unsigned connections = 32;              ///< connections served at once (threads)
  std::size_t max_body = 4u * 1024u * 1024u;  ///< largest request body (413 beyond)
  long time_limit_ms = 10000;             ///< a render running longer is cancelled (422)
  long queue_wait_ms = 10000;             ///< a request waiting longer for a worker gets 503
  long header_timeout_ms = 10000;         ///< a request's line and headers must arrive within this
  long request_timeout_ms = 30000;        ///< a whole request, body included, must arrive within this
  long idle_timeout_ms = 5000;            ///< a kept-alive connection without a request is closed
  Settings settings;                      ///< limits for the JSON and the handout
  std::string data_dir;                   ///< empty: the installed data
  bool quiet = false;                     ///< no access log
};

/// Runs the service until SIGTERM or SIGINT; returns the process exit status.
int run_serve(const ServeOptions& options);

}  // namespace handout
