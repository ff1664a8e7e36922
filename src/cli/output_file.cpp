#include "cli/output_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <cstdlib>

namespace handout {

namespace {

// A folder's name as it is typed in a shell: quoted when it holds anything but letters,
// digits and ._/+-.
std::string folder_for_shell(const std::string& name) {
  if (!name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/+-") ==
                           std::string::npos) {
    return name;
  }
  std::string out = "'";
  for (char c : name) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

namespace fs = std::filesystem;

constexpr std::string_view kTempMark = ".tmp-hd-";
constexpr std::size_t kTempSuffix = 6;  // mkstemp's XXXXXX

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// This machine's name as it appears in temporary file names: letters and digits, at most 16.
const std::string& host_tag() {
  static const std::string tag = [] {
    char buf[256] = {};
    std::string out;
    if (::gethostname(buf, sizeof buf - 1) == 0) {
      for (const char* p = buf; *p && out.size() < 16; ++p) {
        if (is_alnum(*p)) out.push_back(*p);
      }
    }
    return out.empty() ? std::string("host") : out;
  }();
  return tag;
}

// A new file at `tmpl`, whose last six characters (XXXXXX) become letters and digits as
// mkostemp makes them, opened for writing with mode 0666: the kernel takes the umask (or the
// folder's default ACL) off it, so the output gets the mode any new file would, without
// reading the umask (/proc/self/status cost about 90 µs a render here) or an fchmod. -1 and
// errno on failure.
int make_temp_file(std::string& tmpl) {
  static constexpr char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static std::atomic<std::uint64_t> counter{0};
  const std::size_t at = tmpl.size() - kTempSuffix;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    std::uint64_t r = 0;
    if (::getrandom(&r, sizeof r, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof r)) {
      // No entropy yet (early boot): the clock, the process and a count, mixed.
      r = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
          (static_cast<std::uint64_t>(::getpid()) << 32) ^ (counter.fetch_add(1) * 0x9E3779B97F4A7C15u);
    }
    for (std::size_t i = 0; i < kTempSuffix; ++i, r /= 62) tmpl[at + i] = kLetters[r % 62];
    const int fd = ::open(tmpl.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

bool write_all(int fd, std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// The file a symbolic link finally names (relative links resolved against their folder).
fs::path follow_links(fs::path p) {
  std::error_code ec;
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(p, ec)); ++hops) {
    fs::path next = fs::read_symlink(p, ec);
    if (ec) break;
    p = next.is_absolute() ? next : p.parent_path() / next;
  }
  return p;
}

bool names_stdout(const std::string& path) {
  return path == "/dev/stdout" || path == "/dev/fd/1" || path == "/proc/self/fd/1";
}

}  // namespace

bool is_temp_file_name(std::string_view file_name, std::string_view target) {
  if (file_name.size() < 2 || file_name.front() != '.') return false;
  const std::size_t mark = file_name.rfind(kTempMark);
  if (mark == std::string_view::npos || mark < 2) return false;
  // HOST-PID-XXXXXX
  const std::string_view rest = file_name.substr(mark + kTempMark.size());
  const std::size_t dash1 = rest.find('-');
  const std::size_t dash2 = dash1 == std::string_view::npos ? dash1 : rest.find('-', dash1 + 1);
  if (dash1 == 0 || dash2 == std::string_view::npos || dash2 == dash1 + 1) return false;
  if (rest.size() != dash2 + 1 + kTempSuffix) return false;
  for (char c : rest.substr(0, dash1)) if (!is_alnum(c)) return false;
  for (char c : rest.substr(dash1 + 1, dash2 - dash1 - 1)) if (c < '0' || c > '9') return false;
  for (char c : rest.substr(dash2 + 1)) if (!is_alnum(c)) return false;
  return target.empty() || file_name.substr(1, mark - 1) == target;
}

bool is_stale_temp_file(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  if (!is_temp_file_name(name)) return false;
  const std::string rest = name.substr(name.rfind(kTempMark) + kTempMark.size());
  const std::size_t dash1 = rest.find('-');
  const std::size_t dash2 = rest.find('-', dash1 + 1);
  const std::string host = rest.substr(0, dash1);
  if (host == host_tag()) {
    const long pid = std::strtol(rest.substr(dash1 + 1, dash2 - dash1 - 1).c_str(), nullptr, 10);
    if (pid <= 0 || pid == ::getpid()) return false;  // our own are removed by whoever made them
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
  }
  // Another machine sharing the folder: we cannot see its processes; a day is long enough.
  std::error_code ec;
  const auto t = fs::last_write_time(path, ec);
  return !ec && fs::file_time_type::clock::now() - t > std::chrono::hours(24);
}

std::optional<PendingOutput> PendingOutput::prepare(const std::string& path, std::string_view bytes,
                                                    DiagSink& sink, Flush flush) {
  auto refuse = [&](const std::string& why) {
    sink.error(Location{path, 0, 0, ""}, "cannot write output: " + why);
    return std::nullopt;
  };
  PendingOutput out;
  out.path_ = path;
  if (path == "-" || names_stdout(path)) {
    out.is_direct_ = true;
    out.direct_ = std::string(bytes);
    return out;
  }
  const fs::path target = follow_links(fs::path(path));
  struct stat st {};
  bool replaces = false;
  if (::stat(target.c_str(), &st) == 0) {
    replaces = true;
    if (S_ISDIR(st.st_mode)) return refuse("it is a directory");
    if (!S_ISREG(st.st_mode)) {  // a device or a pipe: written as it is, at commit
      out.is_direct_ = true;
      out.target_ = target.string();
      out.direct_ = std::string(bytes);
      return out;
    }
  }
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    const bool exists = fs::exists(dir, ec);
    // What to do, too: the guides' own commands write to out/, which a new checkout has not.
    return refuse("\"" + dir.string() + "\" " +
                  (exists ? "is a file, not a folder" : "does not exist; make the folder first (mkdir -p " +
                                                            folder_for_shell(dir.string()) + "), or write to one that exists"));
  }
  std::string tmpl = (dir / ("." + target.filename().string() + std::string(kTempMark) + host_tag() + "-" +
                             std::to_string(::getpid()) + "-XXXXXX"))
                         .string();
  const int fd = make_temp_file(tmpl);
  if (fd < 0) return refuse(std::strerror(errno));
  out.temp_ = tmpl;
  out.target_ = target.string();
  int err = 0;
  // kNow flushes the file to disk before it takes its name only when it replaces one: a
  // power cut then leaves the old file or the new one, never a truncated file in place of a
  // good one. A new name has nothing to lose, and the flush is most of a render's wall time
  // on a busy disk (4-16 ms here); a crash of this process still leaves no file.
  if (!write_all(fd, bytes) || (flush == Flush::kNow && replaces && ::fsync(fd) != 0)) {
    err = errno;
  }
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    out.discard();
    // Written to a temporary file, now removed: say so (a full disk leaves no half PDF).
    return refuse(std::string(std::strerror(err)) + "; nothing was written" +
                  (replaces ? " (the existing file is kept as it was)" : ""));
  }
  return out;
}

namespace {

// Whether `fd` is a regular file of exactly `bytes` (read and compared a block at a time).
bool holds_exactly(int fd, const struct stat& st, std::string_view bytes) {
  if (!S_ISREG(st.st_mode) || static_cast<unsigned long long>(st.st_size) != bytes.size()) return false;
  char buf[1 << 16];
  std::size_t done = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return done == bytes.size();
    const auto got = static_cast<std::size_t>(n);
    if (got > bytes.size() - done || std::memcmp(buf, bytes.data() + done, got) != 0) return false;
    done += got;
  }
}

// What tells whether a file was replaced or changed: device, inode, size, modification time.
std::array<long long, 5> identity_of(const struct stat& st) {
  return {static_cast<long long>(st.st_dev), static_cast<long long>(st.st_ino), static_cast<long long>(st.st_size),
          static_cast<long long>(st.st_mtim.tv_sec), static_cast<long long>(st.st_mtim.tv_nsec)};
}

}  // namespace

std::optional<PendingOutput> PendingOutput::prepare_unless_same(const std::string& path, std::string_view bytes,
                                                                DiagSink& sink, Flush flush) {
  if (path != "-" && !names_stdout(path)) {
    const fs::path target = follow_links(fs::path(path));
    // O_NONBLOCK: a FIFO is not waited for (it is not a regular file: written as prepare() does).
    const int fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd >= 0) {
      struct stat st {};
      const bool same = ::fstat(fd, &st) == 0 && holds_exactly(fd, st, bytes);
      ::close(fd);
      if (same) {
        PendingOutput out;
        out.path_ = path;
        out.target_ = target.string();
        out.kept_ = true;
        out.kept_as_ = identity_of(st);
        out.direct_ = std::string(bytes);  // to write after all if the file is changed meanwhile
        return out;
      }
    }
  }
  return prepare(path, bytes, sink, flush);
}

PendingOutput::PendingOutput(PendingOutput&& o) noexcept
    : path_(std::move(o.path_)),
      target_(std::move(o.target_)),
      temp_(std::move(o.temp_)),
      direct_(std::move(o.direct_)),
      is_direct_(o.is_direct_),
      kept_(o.kept_),
      kept_as_(o.kept_as_) {
  o.temp_.clear();
  o.is_direct_ = false;
  o.kept_ = false;
}

bool PendingOutput::commit(DiagSink& sink) {
  auto fail = [&](int err) {
    discard();
    sink.error(Location{path_, 0, 0, ""}, std::string("cannot write output: ") + std::strerror(err));
    return false;
  };
  if (is_direct_) {
    is_direct_ = false;
    if (target_.empty()) return write_stdout(direct_, sink);
    const int fd = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return fail(errno);
    const bool ok = write_all(fd, direct_);
    const int err = errno;
    ::close(fd);
    return ok ? true : fail(err);
  }
  if (kept_) {
    kept_ = false;
    struct stat st {};
    if (::stat(target_.c_str(), &st) == 0 && identity_of(st) == kept_as_) {
      const struct timespec times[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
      if (::utimensat(AT_FDCWD, target_.c_str(), times, 0) != 0) return fail(errno);
      direct_.clear();
      return true;
    }
    // Another program replaced, changed or removed the file since it was compared (another
    // run writing the same output, say): written as any output, flushed before its rename.
    auto fresh = prepare(path_, direct_, sink, Flush::kByCaller);
    direct_.clear();
    if (!fresh) return false;
    const int fd = ::open(fresh->temp_.c_str(), O_RDONLY | O_CLOEXEC);
    const int err = fd < 0 || ::fsync(fd) != 0 ? errno : 0;
    if (fd >= 0) ::close(fd);
    if (err != 0) {
      sink.error(Location{path_, 0, 0, ""}, std::string("cannot write output: ") + std::strerror(err));
      return false;
    }
    return fresh->commit(sink);
  }
  if (temp_.empty()) return false;
  // Renaming over a file frees the old one inside rename(), while the folder is locked: on
  // ext4 that is most of the rename (a median 0.2 ms, 8 ms at the 90th percentile, here), and
  // a batch's workers, creating their next temporary files in that folder, wait for it. A
  // reference to the old file held across the rename moves the freeing to the close below,
  // after the folder is unlocked.
  const int old = ::open(target_.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
  const bool renamed = ::rename(temp_.c_str(), target_.c_str()) == 0;
  const int err = errno;
  if (old >= 0) ::close(old);
  if (!renamed) return fail(err);
  temp_.clear();
  return true;
}

void PendingOutput::discard() {
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  is_direct_ = false;
  kept_ = false;
}

std::string replaces_non_pdf(const std::string& path) {
  if (path == "-" || names_stdout(path)) return "";
  const fs::path target = follow_links(fs::path(path));
  const int fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return "";
  struct stat st {};
  char head[1024];
  ssize_t n = 0;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) n = ::read(fd, head, sizeof head);
  ::close(fd);
  if (n <= 0 || std::string_view(head, static_cast<std::size_t>(n)).find("%PDF-") != std::string_view::npos) return "";
  const std::string what = "a file of " + std::to_string(st.st_size) + " bytes that is not a PDF";
  return (target == fs::path(path) ? "it is " + what : "it links to \"" + target.string() + "\", " + what) +
         ", which writing the PDF would destroy; remove it or choose another output name";
}

bool write_file_atomically(const std::string& path, std::string_view bytes, DiagSink& sink) {
  auto out = PendingOutput::prepare(path, bytes, sink);
  return out && out->commit(sink);
}

bool write_stdout(std::string_view bytes, DiagSink& sink) {
  if (!write_all(STDOUT_FILENO, bytes)) {
    sink.error(Location{"<stdout>", 0, 0, ""}, std::string("cannot write output: ") + std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace handout

namespace handout {

std::string output_is_input(const std::string& output, const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  if (output == "-") return "";
  std::error_code ec;
  const fs::path out = follow_links(fs::path(output));
  for (const auto& in : inputs) {
    if (in == "-") continue;
    const bool same = fs::exists(out, ec) && fs::exists(in, ec) ? fs::equivalent(out, in, ec)
                                                               : fs::absolute(out, ec).lexically_normal() ==
                                                                     fs::absolute(in, ec).lexically_normal();
    if (same && !ec) {
      struct stat st {};
      // Writing to a device or a pipe (/dev/null as both) replaces nothing.
      if (::stat(out.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) continue;
      return "the input \"" + in + "\"";
    }
  }
  return "";
}

}  // namespace handout
