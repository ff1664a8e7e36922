// The socket stream of `handout serve`'s connections: what httplib's own does, plus a
// deadline for reading. cpp-httplib 0.11 only times out each read (30 s between two bytes), so a client
// sending one byte now and then held a connection thread for as long as it liked; here a
// request's head, then its body, must have arrived by a point in time. Reads waiting past
// it fail, and the stream says so (the server answers 408 when it can).
#pragma once

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include <httplib.h>

namespace handout {

class DeadlineStream : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  /// `wait` bounds each wait for one read or write (httplib's read and write timeouts);
  /// `head_by` is when the first request's head must have arrived.
  DeadlineStream(int sock, std::chrono::milliseconds wait, Clock::time_point head_by)
      : sock_(sock), wait_(wait), deadline_(head_by) {}

  /// Sets the time by which the head (or, with `body`, the body) of a request must arrive.
  void set_deadline(Clock::time_point deadline, bool body) {
    deadline_ = deadline;
    body_ = body;
    if (!body) {
      chunk_ = Chunk::kOff;
      head_bytes_ = 0;
      head_start_ = 0;
      field_ = Field::kRequestLine;
      field_line_ = 0;
    }
  }
  /// The most bytes a request's line and headers may take together. httplib 0.11 bounds each
  /// line (8 KiB) but not their number: a client sending header lines for --header-timeout
  /// grew the server by the megabytes it sent (150 MB in 8 s from one connection here).
  static constexpr std::size_t kMaxHeadBytes = 64 * 1024;
  /// Whether a read failed because the head went over kMaxHeadBytes.
  [[nodiscard]] bool head_too_large() const { return head_too_large_; }
  /// Why a read failed on a header line that is not "Name: value" CRLF (RFC 9112 section 5),
  /// or null. httplib 0.11 dropped such a line without a word (a line without a colon, a
  /// name with a space before its colon, a folded continuation line, a line ended by LF
  /// alone) and went on with the request as if it had not been sent.
  [[nodiscard]] const char* bad_field() const { return bad_field_; }
  /// The number of that header line (1: the first after the request line).
  [[nodiscard]] std::size_t bad_field_line() const { return field_line_; }
  /// What a chunked body's framing has shown so far.
  enum class Framing { kOk, kMalformed, kTooLarge };
  /// From now on the bytes read are a chunked body, checked as they pass: httplib 0.11's
  /// parser reads a chunk size with strtoul, so "-5" became a size of 2^64 - 5 and the
  /// request waited for bytes that never came (408 after --request-timeout), and "0x5" or
  /// " 5" passed. Here a size line must be hexadecimal digits (at most 15), then optional
  /// white space and extensions after ";"; each chunk's data must end with CRLF; the sizes
  /// together must stay within `limit`. A read that meets anything else fails at once, and
  /// framing() says why.
  void expect_chunked(std::uint64_t limit) {
    chunk_ = Chunk::kSize;
    chunk_limit_ = limit;
    chunk_total_ = 0;
    framing_ = Framing::kOk;
    start_size_line();
  }
  [[nodiscard]] Framing framing() const { return framing_; }
  /// Whether the deadline is the body's.
  [[nodiscard]] bool reading_body() const { return body_; }
  /// Whether a read failed because the deadline had passed.
  [[nodiscard]] bool timed_out() const { return timed_out_; }
  /// Marks the connection to be closed after the answer (the body's end is not known).
  void close_after() { closing_ = true; }
  [[nodiscard]] bool closing() const { return closing_; }
  /// Bytes read from the socket and not yet taken (the start of a pipelined request).
  [[nodiscard]] bool has_buffered() const { return buffered_ < filled_; }

  bool is_readable() const override { return wait_for(POLLIN, true); }
  bool is_writable() const override { return wait_for(POLLOUT, false) && alive(); }

  ssize_t read(char* ptr, std::size_t size) override {
    for (;;) {
      ssize_t n = read_bytes(ptr, size);
      if (n > 0 && !body_) {
        const std::size_t before = head_bytes_;
        if ((head_bytes_ += static_cast<std::size_t>(n)) > kMaxHeadBytes) {
          head_too_large_ = true;
          return -1;
        }
        // Empty lines before a request line are skipped (RFC 9112 section 2.2: a client may
        // send a CRLF after a POST's body). httplib read one as a request line: 400.
        if (before == head_start_) {
          std::size_t blank = 0;
          while (blank < static_cast<std::size_t>(n) && (ptr[blank] == '\r' || ptr[blank] == '\n')) ++blank;
          head_start_ += blank;
          if (blank == static_cast<std::size_t>(n)) continue;
          std::memmove(ptr, ptr + blank, static_cast<std::size_t>(n) - blank);
          n -= static_cast<ssize_t>(blank);
        }
      }
      if (n > 0 && !body_ && field_ != Field::kDone && !check_fields(ptr, static_cast<std::size_t>(n))) {
        closing_ = true;
        return -1;
      }
      if (n <= 0 || chunk_ == Chunk::kOff) return n;
      const std::ptrdiff_t kept = check_chunks(ptr, static_cast<std::size_t>(n));
      if (kept != 0) return kept;  // -1: malformed; else the bytes kept for httplib
      // All of it was trailer fields, which httplib 0.11 cannot read: read on.
    }
  }
  ssize_t write(const char* ptr, std::size_t size) override {
    if (!is_writable()) return -1;
    return httplib::detail::send_socket(sock_, ptr, size, MSG_NOSIGNAL);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override { address(false, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address(true, ip, port); }
  socket_t socket() const override { return sock_; }

 private:
  ssize_t read_bytes(char* ptr, std::size_t size) {
    if (framing_ != Framing::kOk || head_too_large_ || bad_field_) return -1;
    if (buffered_ < filled_) {
      const std::size_t n = std::min(size, filled_ - buffered_);
      std::memcpy(ptr, buffer_.data() + buffered_, n);
      buffered_ += n;
      return static_cast<ssize_t>(n);
    }
    if (!is_readable()) return -1;
    if (size >= buffer_.size()) return httplib::detail::read_socket(sock_, ptr, size, 0);
    // Small reads (httplib reads the head a byte at a time) go through the buffer.
    const ssize_t n = httplib::detail::read_socket(sock_, buffer_.data(), buffer_.size(), 0);
    if (n <= 0) return n;
    const std::size_t taken = std::min(size, static_cast<std::size_t>(n));
    std::memcpy(ptr, buffer_.data(), taken);
    buffered_ = taken;
    filled_ = static_cast<std::size_t>(n);
    return static_cast<ssize_t>(taken);
  }

  // The header lines (RFC 9112 section 5), one byte at a time, as httplib is given them: a
  // field name of token characters, a colon, a value without CR, LF or NUL, then CRLF; an
  // empty line ends them. False (bad_field() says why) at the first byte that breaks that.
  enum class Field { kRequestLine, kLineStart, kName, kValue, kValueLf, kEndLf, kDone };
  bool check_fields(const char* p, std::size_t n) {
    auto refuse = [this](const char* why) {
      bad_field_ = why;
      return false;
    };
    for (std::size_t i = 0; i < n && field_ != Field::kDone; ++i) {
      const char c = p[i];
      switch (field_) {
        case Field::kRequestLine:  // httplib reads and checks it
          if (c == '\n') field_ = Field::kLineStart;
          break;
        case Field::kLineStart:
          if (c == '\r') {
            field_ = Field::kEndLf;
            break;
          }
          ++field_line_;
          if (c == ' ' || c == '\t') return refuse("starts with white space (a folded line, which HTTP no longer allows)");
          if (c == ':') return refuse("has no name before its colon");
          if (c == '\n') return refuse("ends with a line feed alone (lines end with CR LF)");
          if (!token_char(c)) return refuse("has a name with a character a header name cannot have");
          field_ = Field::kName;
          break;
        case Field::kName:
          if (c == ':') field_ = Field::kValue;
          else if (c == '\r' || c == '\n') return refuse("has no colon");
          else if (c == ' ' || c == '\t') return refuse("has white space in its name or before its colon");
          else if (!token_char(c)) return refuse("has a name with a character a header name cannot have");
          break;
        case Field::kValue:
          if (c == '\r') field_ = Field::kValueLf;
          else if (c == '\n') return refuse("ends with a line feed alone (lines end with CR LF)");
          else if (c == '\0') return refuse("has a NUL byte in its value");
          break;
        case Field::kValueLf:
          if (c != '\n') return refuse("has a carriage return alone in its value");
          field_ = Field::kLineStart;
          break;
        case Field::kEndLf:
          if (c != '\n') return refuse("is followed by a carriage return alone where the empty line (CR LF) ends the headers");
          field_ = Field::kDone;
          break;
        case Field::kDone:
          break;
      }
    }
    return true;
  }
  // RFC 9110 section 5.6.2: tchar.
  static bool token_char(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
  }

  // The chunked framing (RFC 9112 section 7.1), one byte at a time: the size line, the data,
  // the CRLF after the data, then after the last (empty) chunk the trailer lines up to an
  // empty one. Extensions and trailers are skipped, each line at most kLine bytes.
  enum class Chunk { kOff, kSize, kExtension, kSizeEnd, kData, kDataCr, kDataLf, kTrailer, kField, kFieldLf, kEndLf };
  static constexpr std::size_t kLine = 4096;
  void start_size_line() {
    chunk_ = Chunk::kSize;
    digits_ = 0;
    line_ = 0;
    size_ = 0;
  }
  std::ptrdiff_t fail(Framing why) {
    framing_ = why;
    closing_ = true;
    return -1;
  }
  // Checks `n` bytes of the body in place and returns how many are kept (moved to the front):
  // all but the trailer fields, which httplib 0.11 refuses (it took a trailer for a
  // malformed body, and its bytes for a next request); -1 when the framing is wrong.
  std::ptrdiff_t check_chunks(char* p, std::size_t n) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = p[i];
      if (chunk_ == Chunk::kData) {
        const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(size_, n - i));
        std::memmove(p + kept, p + i, take);
        kept += take;
        size_ -= take;
        i += take - 1;
        if (size_ == 0) chunk_ = Chunk::kDataCr;
        continue;
      }
      if (++line_ > kLine) return fail(Framing::kMalformed);
      bool keep = true;
      switch (chunk_) {
        case Chunk::kSize: {
          const int d = hex(c);
          if (d >= 0 && digits_ < 15) {
            size_ = size_ * 16 + static_cast<std::uint64_t>(d);
            ++digits_;
          } else if (digits_ > 0 && (c == ' ' || c == '\t' || c == ';')) {
            chunk_ = Chunk::kExtension;
          } else if (digits_ > 0 && c == '\r') {
            chunk_ = Chunk::kSizeEnd;
          } else {
            return fail(Framing::kMalformed);
          }
          break;
        }
        case Chunk::kExtension:
          if (c == '\r') chunk_ = Chunk::kSizeEnd;
          else if (c == '\n') return fail(Framing::kMalformed);
          break;
        case Chunk::kSizeEnd:
          if (c != '\n') return fail(Framing::kMalformed);
          chunk_total_ += size_;
          if (chunk_total_ > chunk_limit_) return fail(Framing::kTooLarge);
          line_ = 0;
          chunk_ = size_ == 0 ? Chunk::kTrailer : Chunk::kData;
          break;
        case Chunk::kDataCr:
          if (c != '\r') return fail(Framing::kMalformed);
          chunk_ = Chunk::kDataLf;
          break;
        case Chunk::kDataLf:
          if (c != '\n') return fail(Framing::kMalformed);
          start_size_line();
          break;
        case Chunk::kTrailer:  // a line's first byte: the empty line's CR, or a field
          if (c == '\n') return fail(Framing::kMalformed);
          keep = c == '\r';
          chunk_ = keep ? Chunk::kEndLf : Chunk::kField;
          break;
        case Chunk::kField:
          keep = false;
          if (c == '\r') chunk_ = Chunk::kFieldLf;
          else if (c == '\n') return fail(Framing::kMalformed);
          break;
        case Chunk::kFieldLf:
          keep = false;
          if (c != '\n') return fail(Framing::kMalformed);
          chunk_ = Chunk::kTrailer;
          line_ = 0;
          break;
        case Chunk::kEndLf:
          if (c != '\n') return fail(Framing::kMalformed);
          chunk_ = Chunk::kOff;
          break;
        case Chunk::kOff:
        case Chunk::kData:
          break;
      }
      if (keep) p[kept++] = c;
      if (chunk_ == Chunk::kOff) {  // what follows is the next request: kept as it is
        std::memmove(p + kept, p + i + 1, n - i - 1);
        kept += n - i - 1;
        break;
      }
    }
    return static_cast<std::ptrdiff_t>(kept);
  }
  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Waits until the socket is ready for `events`, at most `wait_` and, for reads, until the
  // deadline. A signal does not end the wait early.
  bool wait_for(short events, bool reading) const {
    for (;;) {
      auto limit = Clock::now() + wait_;
      bool by_deadline = false;
      if (reading && deadline_ <= limit) {
        limit = deadline_;
        by_deadline = true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(limit - Clock::now());
      pollfd p{sock_, events, 0};
      const int r = ::poll(&p, 1, static_cast<int>(std::max<long long>(0, left.count())));
      if (r > 0) return true;
      if (r < 0 && errno == EINTR) continue;
      if (r == 0 && by_deadline) timed_out_ = true;
      return false;
    }
  }
  // Whether the peer is still there (httplib checks this before each write, so that a
  // client gone away is not written to). The end of its data is not the end of the peer:
  // a client that shuts down its sending side after the request (nc -N, a half-close)
  // still reads the answer, which was logged as sent but never written when an end of
  // data counted as gone. A peer that closed altogether fails the write itself.
  bool alive() const {
    pollfd p{sock_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return true;
    char c;
    const ssize_t n = ::recv(sock_, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return n >= 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  }
  void address(bool local, std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    auto* a = reinterpret_cast<sockaddr*>(&addr);
    if ((local ? ::getsockname(sock_, a, &len) : ::getpeername(sock_, a, &len)) != 0) return;
    if (addr.ss_family == AF_INET) {
      port = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      port = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    } else {
      return;
    }
    std::array<char, NI_MAXHOST> host{};
    if (::getnameinfo(a, len, host.data(), host.size(), nullptr, 0, NI_NUMERICHOST) == 0) ip = host.data();
  }

  int sock_;
  std::chrono::milliseconds wait_;
  Clock::time_point deadline_;
  mutable bool timed_out_ = false;
  bool closing_ = false;
  bool body_ = false;
  std::size_t head_bytes_ = 0;  ///< bytes of the current request's head read so far
  std::size_t head_start_ = 0;  ///< of those, the empty lines before its request line
  bool head_too_large_ = false;
  Field field_ = Field::kRequestLine;
  std::size_t field_line_ = 0;  ///< header lines of the current head begun so far
  const char* bad_field_ = nullptr;
  std::array<char, 4096> buffer_{};
  std::size_t buffered_ = 0;  ///< taken from buffer_
  std::size_t filled_ = 0;    ///< read into buffer_
  Chunk chunk_ = Chunk::kOff;
  Framing framing_ = Framing::kOk;
  std::uint64_t chunk_limit_ = 0;
  std::uint64_t chunk_total_ = 0;
  std::uint64_t size_ = 0;  ///< the size being read, then the data left of the chunk
  int digits_ = 0;
  std::size_t line_ = 0;  ///< bytes of the current line so far
};

}  // namespace handout
