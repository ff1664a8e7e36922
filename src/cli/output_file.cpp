#include "cli/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace handout {

bool write_file_atomically(const std::string& path, std::string_view bytes, DiagSink& sink) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (fs::is_directory(target, ec)) {
    sink.error(Location{path, 0, 0, ""}, "cannot write output: it is a directory");
    return false;
  }
  if (!fs::is_directory(dir, ec)) {
    const bool exists = fs::exists(dir, ec);
    sink.error(Location{path, 0, 0, ""}, "cannot write output: \"" + dir.string() + "\" " +
                                             (exists ? "is a file, not a folder" : "does not exist"));
    return false;
  }
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) {
    sink.error(Location{path, 0, 0, ""}, std::string("cannot write output: ") + std::strerror(errno));
    return false;
  }
  auto fail = [&](int err) {
    ::close(fd);
    ::unlink(tmpl.c_str());
    sink.error(Location{path, 0, 0, ""}, std::string("cannot write output: ") + std::strerror(err));
    return false;
  };
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errno);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail(errno);
  if (::fchmod(fd, 0644) != 0) return fail(errno);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmpl.c_str());
    sink.error(Location{path, 0, 0, ""}, std::string("cannot write output: ") + std::strerror(err));
    return false;
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmpl.c_str());
    sink.error(Location{path, 0, 0, ""}, std::string("cannot write output: ") + std::strerror(err));
    return false;
  }
  return true;
}

}  // namespace handout
