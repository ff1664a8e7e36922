// The output folder of a batch: its subfolders made before the workers start, and the
// temporary files a killed run left behind removed (see is_stale_temp_file: only ours, and
// only those whose writer is gone, so runs sharing a folder never remove each other's).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "batch/manifest.h"
#include "core/diag.h"

namespace handout {

/// Checks that each job's output path (in `out_dir`) is within the system's path length;
/// reports each that is not at its place in the manifest.
[[nodiscard]] bool check_output_paths(const std::string& out_dir, const std::vector<const BatchJob*>& jobs,
                                      DiagSink& sink);

/// Checks that the run may write its report at `path`: nothing is there, or an earlier
/// run's report (or an empty file, or a link, which the report replaces and not what it
/// points to). Any other file (an article the manifest reads, a file of the user's that
/// shares the name) or a folder is reported, and the run must not start.
[[nodiscard]] bool check_report_path(const std::string& path, DiagSink& sink);

/// Makes `out_dir` and every folder the jobs' outputs need. Reports what it cannot make.
[[nodiscard]] bool make_output_folders(const std::string& out_dir,
                                       const std::vector<const BatchJob*>& jobs, DiagSink& sink);

/// Checks, once the folders exist, that no two jobs write one file through a link inside
/// `out_dir` ("a" a link to "b": "a/x.pdf" and "b/x.pdf"); reports each later job at its
/// place in the manifest. The manifest's own check compares the names as written.
[[nodiscard]] bool check_distinct_files(const std::string& out_dir, const std::vector<const BatchJob*>& jobs,
                                        DiagSink& sink);

/// Removes the temporary files that killed runs left in the folders of `jobs`: our own
/// (".NAME.tmp-hd-HOST-PID-XXXXXX") whose process is gone. Returns how many were removed.
std::size_t remove_stray_temp_files(const std::string& out_dir, const std::vector<const BatchJob*>& jobs);

}  // namespace handout
