// A regular, non-empty file mapped read-only (private), from one open: what font files and
// hyphenation dictionaries are read through, so neither is copied into memory first.
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace handout {

class MappedFile {
 public:
  /// Maps `path` when it is a regular file of 1 to `max_size` bytes; else empty (ok() false),
  /// as when it cannot be opened or mapped.
  explicit MappedFile(const std::string& path, std::size_t max_size = static_cast<std::size_t>(-1)) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    if (::fstat(fd, &status_) == 0 && S_ISREG(status_.st_mode) && status_.st_size > 0 &&
        static_cast<std::size_t>(status_.st_size) <= max_size) {
      const auto size = static_cast<std::size_t>(status_.st_size);
      void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_NORESERVE, fd, 0);
      if (map != MAP_FAILED) at_ = map, size_ = size;
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (at_) ::munmap(at_, size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  [[nodiscard]] bool ok() const { return at_ != nullptr; }
  [[nodiscard]] std::string_view text() const { return {static_cast<const char*>(at_), size_}; }
  /// The open file's status (size, device, inode, times), valid when ok().
  [[nodiscard]] const struct stat& status() const { return status_; }
  /// Gives up the mapping: the caller unmaps text().data() (text().size() bytes) itself.
  void release() { at_ = nullptr; }

 private:
  void* at_ = nullptr;
  std::size_t size_ = 0;
  struct stat status_ {};
};

}  // namespace handout
