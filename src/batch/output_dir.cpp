#include "batch/output_dir.h"

#include "cli/output_file.h"
#include "core/confine.h"

#include <filesystem>
#include <set>

namespace handout {

namespace {

namespace fs = std::filesystem;

}  // namespace

bool make_output_folders(const std::string& out_dir, const std::vector<const BatchJob*>& jobs,
                         DiagSink& sink) {
  std::set<fs::path> folders{fs::path(out_dir)};
  for (const BatchJob* job : jobs) folders.insert((fs::path(out_dir) / job->output).parent_path());
  for (const auto& folder : folders) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec || !fs::is_directory(folder, ec)) {
      sink.error(Location{folder.string(), 0, 0, ""},
                 "cannot make output folder: " + (ec ? ec.message() : "not a folder"));
      return false;
    }
    // A link inside the output folder must not send outputs elsewhere.
    if (!is_inside(folder, out_dir)) {
      sink.error(Location{folder.string(), 0, 0, ""},
                 "output folder resolves to " + Confinement::resolved(folder) + ", outside --out-dir " + out_dir +
                     " (a symbolic link?); outputs are written only inside it");
      return false;
    }
  }
  return true;
}

std::size_t remove_stray_temp_files(const std::string& out_dir,
                                    const std::vector<const BatchJob*>& jobs) {
  std::set<fs::path> folders{fs::path(out_dir)};
  for (const BatchJob* job : jobs) folders.insert((fs::path(out_dir) / job->output).parent_path());
  // Listed first, removed after: a folder is not changed while it is being read. Only our
  // own temporary files whose writer is gone: another run on this folder may be writing.
  std::vector<fs::path> stray;
  for (const auto& folder : folders) {
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code type;
      if (it->is_regular_file(type) && is_stale_temp_file(it->path().string())) stray.push_back(it->path());
    }
  }
  std::size_t removed = 0;
  for (const auto& path : stray) {
    std::error_code ec;
    if (fs::remove(path, ec)) ++removed;
  }
  return removed;
}

}  // namespace handout
