#include "batch/group_commit.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace handout {

namespace {

namespace fs = std::filesystem;

// Runs `sync` on a descriptor of `path` opened read-only; 0 or the errno.
template <typename Sync>
int sync_path(const std::string& path, int flags, Sync sync) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
  if (fd < 0) return errno;
  const int err = sync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return err;
}

std::string folder_of(const std::string& file) {
  const fs::path parent = fs::path(file).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace

void GroupCommit::add(std::size_t job, std::vector<PendingOutput> outputs, std::optional<PendingOutput> after) {
  std::lock_guard lock(mutex_);
  if (pending_.empty()) oldest_ = Clock::now();
  pending_.push_back(Job{job, std::move(outputs), std::move(after)});
}

void GroupCommit::add(std::size_t job, PendingOutput output, std::optional<PendingOutput> after) {
  std::vector<PendingOutput> outputs;
  outputs.push_back(std::move(output));
  add(job, std::move(outputs), std::move(after));
}

bool GroupCommit::due(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  return !pending_.empty() && (pending_.size() >= limits_.max_jobs || now - oldest_ >= limits_.max_wait);
}

void GroupCommit::commit() {
  std::vector<Job> jobs;
  {
    std::lock_guard lock(mutex_);
    jobs.swap(pending_);
  }
  if (jobs.empty()) return;
  // The folders that get new names, and one of them per file system.
  std::set<std::string> folders;
  std::map<dev_t, std::string> systems;
  auto note = [&](const PendingOutput& o) {
    if (o.flush_path().empty()) return;  // a device or a pipe: written at commit
    const std::string folder = folder_of(o.flush_path());
    struct stat st {};
    if (folders.insert(folder).second && ::stat(folder.c_str(), &st) == 0) systems.emplace(st.st_dev, folder);
  };
  for (const auto& j : jobs) {
    for (const auto& o : j.outputs) note(o);
    if (j.after) note(*j.after);
  }
  // One flush per file system; where that fails, each file is flushed on its own.
  bool all_flushed = true;
  for (const auto& [dev, folder] : systems) {
    if (sync_path(folder, O_DIRECTORY, ::syncfs) != 0) all_flushed = false;
  }
  auto flushed = [&](const PendingOutput& o) {
    return all_flushed || o.flush_path().empty() ? 0 : sync_path(o.flush_path(), 0, ::fsync);
  };
  for (auto& j : jobs) {
    DiagSink sink;
    bool placed = true;
    for (auto& o : j.outputs) {  // those after a failure are discarded by their destructors
      if (const int err = flushed(o); err != 0) {
        sink.error(Location{o.path(), 0, 0, ""}, std::string("cannot write output: ") + std::strerror(err));
        placed = false;
      } else {
        placed = o.commit(sink);
      }
      if (!placed) break;
    }
    if (placed && j.after && flushed(*j.after) == 0) {
      DiagSink ignored;  // best effort: a key that is missing only means the job is made again
      (void)j.after->commit(ignored);
    }
    for (const auto& d : sink.all()) failures_.emplace_back(j.index, d);
  }
  // The new names on disk too (best effort, as a single output's rename is).
  for (const auto& folder : folders) (void)sync_path(folder, O_DIRECTORY, ::fsync);
}

std::vector<std::pair<std::size_t, Diag>> GroupCommit::take_failures() {
  return std::exchange(failures_, {});
}

}  // namespace handout
