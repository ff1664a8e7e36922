#include "batch/output_dir.h"

#include <filesystem>
#include <map>
#include <set>

namespace handout {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTempMark = ".tmp-";
constexpr std::size_t kTempSuffix = 6;  // mkstemp's XXXXXX

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

bool is_temp_file_name(std::string_view file_name, std::string_view target) {
  // "." + NAME + ".tmp-" + six characters, NAME not empty.
  if (file_name.size() < 1 + 1 + kTempMark.size() + kTempSuffix || file_name.front() != '.') {
    return false;
  }
  const std::size_t mark = file_name.size() - kTempSuffix - kTempMark.size();
  if (file_name.substr(mark, kTempMark.size()) != kTempMark) return false;
  for (char c : file_name.substr(file_name.size() - kTempSuffix)) {
    if (!is_alnum(c)) return false;
  }
  return target.empty() || file_name.substr(1, mark - 1) == target;
}

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
  }
  return true;
}

std::size_t remove_stray_temp_files(const std::string& out_dir,
                                    const std::vector<const BatchJob*>& jobs,
                                    const std::string& report_name, bool own_only) {
  // Folder → names whose temporary files are ours to remove.
  std::map<fs::path, std::set<std::string>> owned;
  owned[fs::path(out_dir)].insert(report_name);
  for (const BatchJob* job : jobs) {
    const fs::path out = fs::path(out_dir) / job->output;
    owned[out.parent_path()].insert(out.filename().string());
  }
  // Listed first, removed after: a folder is not changed while it is being read.
  std::vector<fs::path> stray;
  for (const auto& [folder, names] : owned) {
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!is_temp_file_name(name)) continue;
      const std::size_t mark = name.size() - kTempSuffix - kTempMark.size();
      if (own_only && !names.contains(name.substr(1, mark - 1))) continue;
      std::error_code type;
      if (it->is_regular_file(type)) stray.push_back(it->path());
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
