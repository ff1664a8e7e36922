#include "serve/serve.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <httplib.h>

#include "core/diag.h"
#include "serve/deadline_stream.h"
#include "serve/render_threads.h"
#include "serve/slots.h"

namespace handout {

namespace {

using Clock = std::chrono::steady_clock;

// One diagnostic as the body of an error the server itself reports (not the engine).
std::string error_json(const std::string& message) {
  Result r;
  r.diagnostics.push_back(Diagnostic{Diagnostic::Severity::kError, "request", 0, 0, "", message});
  return r.diagnostics_json();
}

// The page and warning counts of a render (or of a validation: the render's) as headers.
void set_counts(httplib::Response& res, const Result& r) {
  int warnings = 0;
  for (const auto& d : r.diagnostics) warnings += d.severity == Diagnostic::Severity::kWarning;
  res.set_header("X-Handout-Pages", std::to_string(r.pages));
  res.set_header("X-Handout-Warnings", std::to_string(warnings));
}

int http_status(Status s) {
  switch (s) {
    case Status::kOk: return 200;
    case Status::kBadInput: return 400;
    case Status::kOverLimit:
    case Status::kTimedOut: return 422;
  }
  return 400;
}

// Splits "host:port" or "[v6]:port".
bool parse_listen(const std::string& listen, std::string& host, int& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 >= listen.size()) return false;
  host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) return false;
  try {
    std::size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    return used == listen.size() - colon - 1 && port >= 0 && port <= 65535;
  } catch (const std::exception&) {
    return false;
  }
}

// The start of the request a connection thread is serving, for the access log.
thread_local std::optional<Clock::time_point> request_start;

void log_line(const std::string& line) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

// `s` safe for the log: control characters, bidi controls and ill-formed UTF-8 escaped as
// for a terminal (terminal_safe), and a space as "\x20" (the log's fields are separated by
// spaces).
std::string loggable(std::string_view s) {
  std::string out;
  for (char c : terminal_safe(s)) out += c == ' ' ? std::string("\\x20") : std::string(1, c);
  return out;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// When the connection a connection thread is serving was accepted; when its current request
// started (the accept, or on a kept-alive connection the request's first byte); its stream.
thread_local Clock::time_point accepted_at;
thread_local Clock::time_point deadlines_from;
thread_local DeadlineStream* current_stream = nullptr;

// httplib's thread pool, noting when each connection was accepted: a connection that waited
// for a thread has had that long to send its head already.
class StampedPool : public httplib::TaskQueue {
 public:
  explicit StampedPool(std::size_t threads) : pool_(threads) {}
  void enqueue(std::function<void()> fn) override {
    pool_.enqueue([fn = std::move(fn), at = Clock::now()] {
      accepted_at = at;
      fn();
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
};

// httplib's server with deadlines for reading requests. cpp-httplib 0.11 bounds each read
// (30 s between two bytes) but not a request: a client sending a byte now and then held a
// connection thread as long as it liked, and the threads are few (--connections). Here a
// request's line and headers must have arrived within `header` of its start (the
// connection's accept or, on a kept-alive connection, the request's first byte), and the
// whole request, body included, within `request` of it (the pre-routing handler sets that
// deadline once the head is in). Counted from the accept, a connection that waited for a
// thread past its deadlines is cut as soon as it has one, unless what it sent is there
// already. A kept-alive connection without a next request is closed after `idle`. What is
// done after the body is read (the render, the answer) has no deadline here.
class Server : public httplib::Server {
 public:
  struct Timeouts {
    std::chrono::milliseconds header, idle, wait;
  };
  explicit Server(const Timeouts& t) : timeouts_(t) {}
  // Debian's cpp-httplib 0.11 listens with a backlog of 5 (compiled into the library), so a
  // burst of connections is reset; listen() again on the bound socket raises it.
  void raise_backlog(int backlog) { ::listen(svr_sock_, backlog); }

 private:
  // In place of httplib's (which reads with its own stream, without a deadline): the same
  // loop over a connection's requests.
  bool process_and_close_socket(socket_t sock) override {
    bool ok = false;
    deadlines_from = accepted_at;
    DeadlineStream stream(sock, timeouts_.wait, accepted_at + timeouts_.header);
    current_stream = &stream;
    for (std::size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
      if (left == keep_alive_max_count_) {
        if (!first_byte(sock, deadlines_from + timeouts_.header)) break;
      } else {
        if (!stream.has_buffered() && !first_byte(sock, Clock::now() + timeouts_.idle)) break;
        deadlines_from = Clock::now();
        stream.set_deadline(deadlines_from + timeouts_.header, false);
      }
      bool closed = false;
      ok = process_request(stream, left == 1, closed, nullptr);
      if (!ok || closed || stream.timed_out() || stream.closing()) break;
    }
    current_stream = nullptr;
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
  }
  // Waits until `until` for the first byte of a request, looking every 50 ms whether the
  // server is stopping (so that SIGTERM does not wait for connections that sent nothing).
  bool first_byte(socket_t sock, Clock::time_point until) const {
    for (;;) {
      if (svr_sock_ == INVALID_SOCKET) return false;
      // What was sent before `until` counts, however late the thread comes to it.
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
      pollfd p{sock, POLLIN, 0};
      const int r = ::poll(&p, 1, static_cast<int>(std::clamp<long long>(left, 0, 50)));
      if (r > 0) return true;
      if (left <= 0 || (r < 0 && errno != EINTR)) return false;
    }
  }
  Timeouts timeouts_;
};

}  // namespace

int run_serve(const ServeOptions& options) {
  std::string host;
  int port = 0;
  if (!parse_listen(options.listen, host, port)) {
    std::cerr << "handout serve: --listen " << options.listen << ": expected HOST:PORT, e.g. 127.0.0.1:8080\n";
    return 2;
  }
  std::optional<Typesetter> typesetter;
  try {
    typesetter.emplace(options.data_dir);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  const unsigned workers = options.workers ? options.workers : std::max(1u, std::thread::hardware_concurrency());
  Slots slots(workers);
  Settings settings = options.settings;
  settings.max_input_bytes = options.max_body;
  settings.time_limit = std::chrono::milliseconds(options.time_limit_ms);
  const auto slot_wait = std::chrono::milliseconds(options.queue_wait_ms);

  // SIGTERM and SIGINT are taken by one thread (blocked in every other) that stops the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  // Started after the mask is set, so they do not take the signals; stopped after the server.
  RenderThreads render_threads(workers);
  Server server(Server::Timeouts{std::chrono::milliseconds(options.header_timeout_ms),
                                 std::chrono::milliseconds(options.idle_timeout_ms), std::chrono::seconds(30)});
  const unsigned connections = std::max(options.connections, workers);
  server.new_task_queue = [connections] { return new StampedPool(connections); };
  server.set_payload_max_length(options.max_body);
  server.set_keep_alive_max_count(1000);
  // Only said in the Keep-Alive header: Server::first_byte() waits for the next request.
  server.set_keep_alive_timeout(std::max(1L, options.idle_timeout_ms / 1000));
  server.set_read_timeout(30);
  server.set_write_timeout(30);
  server.set_tcp_nodelay(true);
  // An answer that closes its connection (a refusal: the rest of what the client sent is not
  // read) says so only: httplib, which does not know the connection ends, adds its
  // "Keep-Alive: timeout=..., max=..." after the handlers run, and an answer saying both
  // "Connection: close" and how long the connection stays open contradicts itself.
  // httplib also gives every answer without a body "Content-Length: 0", which a 204 must not
  // have (RFC 9110 8.6: a server must not send Content-Length in a 204 or a 1xx; a 304's would
  // be the length of the body it did not send).
  // An HTTP/1.0 request without "Connection: keep-alive" is answered and its connection closed
  // (httplib does so), and its answer says so: it said "Keep-Alive: timeout=5, max=1000".
  server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    std::string asked = req.get_header_value("Connection");
    for (char& c : asked) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (req.version == "HTTP/1.0" && asked != "keep-alive") res.set_header("Connection", "close");
    if (res.get_header_value("Connection") == "close") res.headers.erase("Keep-Alive");
    if (res.status == 204 || res.status == 304 || (res.status >= 100 && res.status < 200))
      res.headers.erase("Content-Length");
  });

  const auto json = "application/json";
  const std::string late_head = "the request's line and headers did not arrive within " +
                                std::to_string(options.header_timeout_ms) + " ms";
  // The whole request's deadline; never before the head's.
  const auto request_timeout = std::chrono::milliseconds(std::max(options.request_timeout_ms, options.header_timeout_ms));
  const std::string late_body =
      "the request did not arrive within " + std::to_string(request_timeout.count()) + " ms";
  const std::string bad_chunks =
      "the chunked body is malformed: a chunk size must be hexadecimal digits followed by CRLF, "
      "and each chunk's data must end with CRLF";
  const std::string too_large = "the request body is over the limit of " + std::to_string(options.max_body) + " bytes";
  server.Get("/health", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string("{\"status\":\"ok\",\"version\":\"") + version() + "\"}\n", json);
  });
  server.Get("/layouts", [&](const httplib::Request&, httplib::Response& res) {
    std::string body = "{\"layouts\":[";
    const auto names = typesetter->layouts();
    for (std::size_t i = 0; i < names.size(); ++i) body += (i ? ",\"" : "\"") + names[i] + "\"";
    res.set_content(body + "]}\n", json);
  });
  // Renders or validates the body with a slot, on a render thread; 503 when no slot came free
  // in time.
  auto with_slot = [&](httplib::Response& res, auto&& work) {
    if (!slots.acquire(slot_wait)) {
      res.status = 503;
      res.set_header("Retry-After", "1");
      res.set_content(error_json("the service is busy; try again"), json);
      return;
    }
    try {
      render_threads.run(work);
    } catch (...) {
      slots.release();
      throw;
    }
    slots.release();
  };
  // Reads the body through the content reader, so a body over --max-body (with a length or
  // chunked) is refused with 413 without being held in memory.
  auto read_body = [&](const httplib::Request& req, const httplib::ContentReader& reader, httplib::Response& res,
                       std::string& body) {
    bool over = false;
    if (req.has_header("Content-Length")) {
      const std::string length = req.get_header_value("Content-Length");
      const unsigned long long declared = std::strtoull(length.c_str(), nullptr, 10);
      over = length.size() > 18 || declared > options.max_body;
      if (!over) body.reserve(declared);  // one buffer, not one per doubling
    }
    const bool read = over || reader([&](const char* data, std::size_t length) {
      if (body.size() + length > options.max_body) {
        over = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (over || body.size() > options.max_body) {
      res.status = 413;
      res.set_header("Connection", "close");
      if (current_stream) current_stream->close_after();  // the rest of the body is not read
      res.set_content(error_json(too_large), json);
      return false;
    }
    if (!read && current_stream && current_stream->framing() != DeadlineStream::Framing::kOk) {
      const bool large = current_stream->framing() == DeadlineStream::Framing::kTooLarge;
      res.status = large ? 413 : 400;
      res.set_header("Connection", "close");
      res.set_content(error_json(large ? too_large : bad_chunks), json);
      return false;
    }
    if (!read && current_stream && current_stream->timed_out()) {
      res.status = 408;
      res.set_header("Connection", "close");
      res.set_content(error_json(late_body), json);
      return false;
    }
    if (!read) {
      // Where the body stopped making sense is not known: what follows is not a next request.
      res.status = 400;
      res.set_header("Connection", "close");
      if (current_stream) current_stream->close_after();
      res.set_content(error_json(req.has_header("Content-Encoding")
                                     ? "the request body could not be read: it is not the " +
                                           terminal_safe(req.get_header_value("Content-Encoding").substr(0, 60)) +
                                           " data its Content-Encoding says"
                                     : std::string("the request body could not be read")),
                      json);
      return false;
    }
    return true;
  };
  server.Post("/render", [&](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    std::string body;
    if (!read_body(req, reader, res, body)) return;
    with_slot(res, [&] {
      Result r = typesetter->render_request(body, settings);
      res.status = http_status(r.status);
      if (r.ok()) {
        set_counts(res, r);
        // The PDF is moved into the response (set_content takes a const reference and copies).
        res.body = std::move(r.pdf);
        res.set_header("Content-Type", "application/pdf");
      } else {
        res.set_content(r.diagnostics_json(), json);
      }
    });
  });
  server.Post("/validate", [&](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    std::string body;
    if (!read_body(req, reader, res, body)) return;
    // Every stage of /render but writing the PDF, with the same slot, thread and time limit:
    // the diagnostics /render would give (a request it refuses is refused alike), and on 200
    // the headers it would send.
    with_slot(res, [&] {
      Result r = typesetter->validate_request(body, settings);
      res.status = http_status(r.status);
      if (r.ok()) set_counts(res, r);
      res.set_content(r.diagnostics_json(), json);
    });
  });
  for (const char* path : {"/render", "/validate"}) {
    server.Get(path, [](const httplib::Request&, httplib::Response& res) {
      res.status = 405;
      res.set_header("Allow", "POST, OPTIONS");
      res.set_content(error_json("use POST with a JSON body"), "application/json");
    });
  }
  // Errors the server finds before a handler runs (413, 404, a malformed request) get the
  // same JSON diagnostics as the engine's.
  server.set_error_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (current_stream && current_stream->framing() != DeadlineStream::Framing::kOk) {
      const bool large = current_stream->framing() == DeadlineStream::Framing::kTooLarge;
      res.status = large ? 413 : 400;
      res.set_header("Connection", "close");
      res.set_content(error_json(large ? too_large : bad_chunks), json);
      return;
    }
    // httplib answers 400 to a head or body cut short; it was cut by its deadline.
    if (current_stream && current_stream->timed_out()) {
      res.status = 408;
      res.set_header("Connection", "close");
      res.set_content(error_json(current_stream->reading_body() ? late_body : late_head), json);
      return;
    }
    if (res.status == 404) {
      res.set_content(error_json("no such endpoint; there are POST /render, POST /validate, GET /health, GET /layouts"),
                      json);
      return;
    }
    // Any other refusal here is httplib's: it could not read the request (a malformed request
    // line or header line, a path over 8 KiB, a head over kMaxHeadBytes, a body it would not
    // take). Where that request ends is not known, so the connection is closed after the
    // answer: kept open, httplib took each of the client's next lines for a request of its
    // own ("FOO / HTTP/1.1" and two header lines got three answers 400).
    res.set_header("Connection", "close");
    if (current_stream) current_stream->close_after();
    static const std::set<std::string, std::less<>> methods{"GET",    "HEAD",    "POST",  "PUT",   "DELETE",
                                                            "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"};
    std::string message;
    if (current_stream && current_stream->bad_field()) {
      res.status = 400;
      message = "the request's header line " + std::to_string(current_stream->bad_field_line()) + " " +
                current_stream->bad_field() + "; each header line must be \"Name: value\" ended by CR LF";
    } else if (current_stream && current_stream->head_too_large()) {
      res.status = 431;
      message = "the request's line and headers are over " + std::to_string(DeadlineStream::kMaxHeadBytes / 1024) +
                " KiB together";
    } else if (res.status == 413) {
      message = too_large;
    } else if (res.status == 414) {
      message = "the request's path is too long (at most 8 KiB)";
    } else if (res.status == 400 && req.path.empty() && !req.method.empty() && !methods.contains(req.method)) {
      res.status = 501;
      message = "the method \"" + terminal_safe(req.method.substr(0, 40)) +
                "\" is not supported; this service answers GET /health, GET /layouts, POST /render and POST /validate";
    } else if (res.status == 400) {
      message = "the request could not be read: it must start with a line \"METHOD /path HTTP/1.1\", then "
                "header lines \"Name: value\" (each at most 8 KiB), then an empty line";
    } else {
      message = "the request was refused (HTTP " + std::to_string(res.status) + ")";
    }
    res.set_content(error_json(message), json);
  });
  server.set_exception_handler([&](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(error_json("internal error"), json);
  });
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    request_start = Clock::now();
    // The head is in: the body, if any, must be in by the request's deadline.
    if (current_stream) current_stream->set_deadline(deadlines_from + request_timeout, true);
    // Answered here, before httplib reads a body (so the connection is closed after: what
    // the client sent past the head is not a next request).
    auto refuse = [&](int status, const std::string& message) {
      res.status = status;
      res.set_header("Connection", "close");
      res.set_content(error_json(message), json);
      if (current_stream) current_stream->close_after();
      return httplib::Server::HandlerResponse::Handled;
    };
    // RFC 9112 section 3.2: an HTTP/1.1 request names its host, once (httplib answered one
    // without it, and took the first of two; a proxy in front may have read the other).
    const std::size_t hosts = req.get_header_value_count("Host");
    if (hosts > 1) return refuse(400, "the request has more than one Host header");
    if (hosts == 0 && req.version == "HTTP/1.1")
      return refuse(400, "the request has no Host header, which HTTP version 1.1 requires");
    // A known endpoint asked with another method: 405 (httplib said 404 "no such endpoint").
    const bool post_path = req.path == "/render" || req.path == "/validate";
    const bool get_path = req.path == "/health" || req.path == "/layouts";
    if (req.method != "OPTIONS" && ((post_path && req.method != "POST" && req.method != "GET") ||
                                    (get_path && req.method != "GET" && req.method != "HEAD"))) {
      res.set_header("Allow", post_path ? "POST, OPTIONS" : "GET, HEAD, OPTIONS");
      return refuse(405, post_path ? "use POST with a JSON body" : "use GET");
    }
    // Settings travel in the JSON body: a query string (/render?layout=a4) was read by
    // nothing, and the render went on with the body's layout, or the default one.
    if (post_path && !req.params.empty()) {
      const std::string& name = req.params.begin()->first;
      const bool plain = !name.empty() && name.size() <= 40 &&
                         std::all_of(name.begin(), name.end(), [](char c) { return c > ' ' && c < 0x7F && c != '"'; });
      return refuse(400, req.path + " reads nothing from the query string: put " +
                             (plain ? "\"" + name + "\"" : std::string("its settings")) +
                             " in the JSON body instead (e.g. {\"articles\": [...], \"layout\": \"a4\"})");
    }
    // httplib reads a Content-Length of "-5" or "12abc" as a number (a huge one, or 12), takes
    // the first of two, and reads a body with a Transfer-Encoding other than chunked (or with
    // none and no length) until the client closes: a request it did not understand held a
    // connection for --request-timeout and got 408. Two framings of one body are what request
    // smuggling through a proxy uses.
    const std::size_t lengths = req.get_header_value_count("Content-Length");
    const bool has_encoding = req.has_header("Transfer-Encoding");
    if (lengths > 1) return refuse(400, "the request has more than one Content-Length");
    if (lengths == 1) {
      const std::string length = req.get_header_value("Content-Length");
      if (length.empty() || length.find_first_not_of("0123456789") != std::string::npos)
        return refuse(400, "Content-Length is not a number of bytes");
      if (has_encoding) return refuse(400, "the request has both Content-Length and Transfer-Encoding");
    }
    if (has_encoding) {
      std::string encoding = req.get_header_value("Transfer-Encoding");
      for (char& c : encoding) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (req.get_header_value_count("Transfer-Encoding") > 1 || encoding != "chunked")
        return refuse(501, "Transfer-Encoding \"" + req.get_header_value("Transfer-Encoding") +
                               "\" is not supported; send the body with a Content-Length, or chunked");
      if (current_stream) current_stream->expect_chunked(options.max_body);
    }
    if (req.method == "POST" && lengths == 0 && !has_encoding)
      return refuse(411, "a POST needs a Content-Length (or a chunked body)");
    if (req.method == "POST" && post_path) {
      // httplib parses a multipart/form-data body itself, with a handler this service does
      // not have: a form upload (curl -F) was answered 500 "internal error", and one whose
      // body was not multipart 400 "could not be read".
      std::string type = req.get_header_value("Content-Type");
      for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (type.rfind("multipart/", 0) == 0)
        return refuse(415, "the body must be the request's JSON itself, not a form upload (" +
                               terminal_safe(req.get_header_value("Content-Type").substr(0, 60)) +
                               "): send it with Content-Type: application/json, e.g. curl -H 'Content-Type: "
                               "application/json' --data-binary @request.json");
      // A body said to be something else than text (a Word document, a PDF, a picture, a web
      // page) was parsed as JSON all the same: "invalid JSON: invalid literal" at 1:1, or
      // "byte 0x89 here is not UTF-8 text". JSON, any text/plain, and what curl sends without
      // -H (application/x-www-form-urlencoded) or an HTTP library without a type
      // (application/octet-stream) are read as JSON.
      const std::string media = type.substr(0, std::min(type.find(';'), type.size()));
      const std::string bare = media.substr(0, media.find_last_not_of(" \t") + 1);
      if (!bare.empty() && bare != "application/json" && !bare.ends_with("+json") && bare != "text/json" &&
          bare != "text/plain" && bare != "application/x-www-form-urlencoded" && bare != "application/octet-stream") {
        const bool document = bare.find("word") != std::string::npos || bare.find("opendocument") != std::string::npos ||
                              bare == "text/html" || bare == "text/markdown";
        return refuse(415, "the body must be the request's JSON, not " +
                               terminal_safe(req.get_header_value("Content-Type").substr(0, 120)) +
                               ": send it with Content-Type: application/json" +
                               (document ? std::string("; to make an article of a document, run handout import on it")
                                         : std::string()));
      }
      // httplib decodes gzip, deflate and br (written so: "GZIP" it does not decode), and took
      // any other coding for none.
      if (req.has_header("Content-Encoding")) {
        const std::string coding = req.get_header_value("Content-Encoding");
        if (req.get_header_value_count("Content-Encoding") > 1 ||
            (coding != "gzip" && coding != "deflate" && coding != "br" && coding != "identity"))
          return refuse(415, "Content-Encoding \"" + terminal_safe(req.get_header_value("Content-Encoding").substr(0, 60)) +
                                 "\" is not supported; send the body as it is, or compressed with gzip, deflate or br");
      }
    }
    // httplib 0.11 reads a body only for POST and PUT (and DELETE with a length): the body
    // of a GET was left on the connection and read as the next request, so one request got
    // two answers (a proxy forwarding the GET whole would hand the second to another client).
    const bool declares_body =
        has_encoding || (lengths == 1 && req.get_header_value("Content-Length").find_first_not_of('0') != std::string::npos);
    if (req.method != "POST" && declares_body)
      return refuse(400, "a " + terminal_safe(req.method.substr(0, 40)) +
                             " request takes no body; only POST /render and POST /validate read one");
    // OPTIONS (RFC 9110 9.3.7): the methods of an endpoint, or of the server ("*"). It was
    // answered 405 "use POST with a JSON body" on /render, and 404 for "*".
    if (req.method == "OPTIONS" && (post_path || get_path || req.path == "*")) {
      res.status = 204;
      res.set_header("Allow", post_path ? "POST, OPTIONS" : get_path ? "GET, HEAD, OPTIONS" : "GET, HEAD, POST, OPTIONS");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  if (!options.quiet) {
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      double ms = 0;
      if (request_start) ms = std::chrono::duration<double, std::milli>(Clock::now() - *request_start).count();
      request_start.reset();
      char buf[64];
      std::snprintf(buf, sizeof buf, " %d %zu %.1f", res.status, res.body.size(), ms);
      // Method, path, status, bytes sent, milliseconds; never the body or the query.
      // The path is decoded ("%0A" is a line feed): control characters are escaped, so that
      // a request cannot write a line of its own into the log, or move a terminal's cursor.
      // A request httplib could not read has no address of its own; the connection has one.
      std::string client = req.remote_addr;
      int client_port = 0;
      if (client.empty() && current_stream) current_stream->get_remote_ip_and_port(client, client_port);
      if (client.empty()) client = "-";
      log_line(utc_now() + " " + client + " " + loggable(req.method) + " " + loggable(req.path) + buf + "ms\n");
    });
  }

  if (port == 0) {
    port = server.bind_to_any_port(host);
    if (port < 0) port = 0;
  } else if (!server.bind_to_port(host, port)) {
    port = 0;
  }
  if (port == 0) {
    std::cerr << "handout serve: cannot listen on " << options.listen << "\n";
    return 1;
  }
  server.raise_backlog(SOMAXCONN);
  std::thread([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    log_line("handout serve: " + std::string(sig == SIGTERM ? "SIGTERM" : "SIGINT") +
             ": finishing requests in flight\n");
    server.stop();
  }).detach();
  log_line("handout serve: listening on http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) +
           ":" + std::to_string(port) + " (" + std::to_string(workers) + " workers, data " +
           typesetter->data_dir() + ")\n");
  const bool ok = server.listen_after_bind();
  log_line("handout serve: stopped\n");
  return ok ? 0 : 1;
}

}  // namespace handout
