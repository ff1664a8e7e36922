#include "batch/output_dir.h"

#include "cli/output_file.h"
#include "core/confine.h"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace handout {

namespace {

namespace fs = std::filesystem;

}  // namespace

bool check_output_paths(const std::string& out_dir, const std::vector<const BatchJob*>& jobs, DiagSink& sink) {
  // The system refuses a path of PATH_MAX bytes or more (ENAMETOOLONG); the temporary file
  // beside an output adds kTempNameExtra to its name.
  constexpr std::size_t kMaxPath = PATH_MAX - 1 - kTempNameExtra;
  std::size_t too_long = 0;
  for (const BatchJob* job : jobs) {
    const std::size_t size = (fs::path(out_dir) / job->output).native().size();
    if (size <= kMaxPath || ++too_long > 10) continue;  // a matrix's pattern: ten are enough
    std::size_t cut = std::min<std::size_t>(job->output.size(), 60);
    while (cut > 0 && cut < job->output.size() && (static_cast<unsigned char>(job->output[cut]) & 0xC0) == 0x80) --cut;
    const std::string shown = job->output.substr(0, cut) + (cut < job->output.size() ? "…" : "");
    sink.error(job->where(), "output \"" + shown + "\" in --out-dir " + out_dir + " makes a path of " +
                               std::to_string(size) + " bytes, longer than the system's limit for an output (" +
                               std::to_string(kMaxPath) + "); shorten its folders");
  }
  if (too_long > 10) sink.error(Location{jobs.front()->sites->file()}, std::to_string(too_long - 10) + " more outputs with paths too long");
  return too_long == 0;
}

bool check_report_path(const std::string& path, DiagSink& sink) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(path, ec);
  if (ec || !fs::exists(st) || fs::is_symlink(st)) return true;
  const Location at{path, 0, 0, ""};
  if (fs::is_directory(st)) {
    sink.error(at, "the batch report goes here, and this is a folder; remove it or choose another --out-dir");
    return false;
  }
  // A report starts with its header: {"manifest": ..., "out_dir": ..., "shard": ...,
  // "jobs_total": ...}; two paths of at most PATH_MAX bytes, escaped, fit in 64 KiB.
  std::string head(64 * 1024, '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  const std::size_t first = head.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || (head[first] == '{' && head.find("\"jobs_total\":") != std::string::npos))
    return true;
  const auto size = fs::file_size(path, ec);
  sink.error(at, "the batch report goes here, and this is a file" +
                     (ec ? std::string() : " of " + std::to_string(size) + " bytes") +
                     " that is not a batch report, which writing the report would destroy; remove it or "
                     "choose another --out-dir");
  return false;
}

bool make_output_folders(const std::string& out_dir, const std::vector<const BatchJob*>& jobs,
                         DiagSink& sink) {
  // Each folder with the first job that needs it, so that a failure names that job's place
  // in the manifest.
  std::map<fs::path, const BatchJob*> folders{{fs::path(out_dir), nullptr}};
  for (const BatchJob* job : jobs) folders.try_emplace((fs::path(out_dir) / job->output).parent_path(), job);
  for (const auto& [folder, job] : folders) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec || !fs::is_directory(folder, ec)) {
      const std::string why = ec ? ec.message() : "not a folder";
      if (job)
        sink.error(job->where(), "cannot make the folder of output \"" + job->output + "\" (" + folder.string() +
                                   "): " + why);
      else
        sink.error(Location{folder.string(), 0, 0, ""}, "cannot make output folder: " + why);
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

bool check_distinct_files(const std::string& out_dir, const std::vector<const BatchJob*>& jobs, DiagSink& sink) {
  // Each folder resolved once; only folders that resolve to one another can share a file.
  std::map<fs::path, std::string> resolved;
  std::map<std::string, std::set<fs::path>> names;  // a resolved folder, by the folders naming it
  for (const BatchJob* job : jobs) {
    const fs::path folder = (fs::path(out_dir) / job->output).parent_path();
    auto [it, added] = resolved.try_emplace(folder);
    if (added) {
      it->second = Confinement::resolved(folder);
      names[it->second].insert(folder);
    }
  }
  std::size_t same = 0;
  std::map<fs::path, const BatchJob*> first;  // a file, resolved, by the first job writing it
  for (const BatchJob* job : jobs) {
    const fs::path path = fs::path(out_dir) / job->output;
    const std::string& folder = resolved.at(path.parent_path());
    if (names.at(folder).size() < 2) continue;
    auto [it, added] = first.try_emplace(fs::path(folder) / path.filename(), job);
    if (added || ++same > 10) continue;  // a matrix's pattern: ten are enough
    const BatchJob& earlier = *it->second;
    const Location at = earlier.where();
    sink.error(job->where(), "output \"" + job->output + "\" is the same file as \"" + earlier.output +
                                 "\", made by the job at " + std::to_string(at.line) + ":" +
                                 std::to_string(at.column) + " (" + at.pointer +
                                 "): their folders in --out-dir are one folder (a symbolic link), so one PDF "
                                 "would replace the other; give them different names");
  }
  if (same > 10) sink.error(Location{jobs.front()->sites->file()}, std::to_string(same - 10) + " more outputs the same file as another");
  return same == 0;
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
