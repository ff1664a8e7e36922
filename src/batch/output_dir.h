// The output folder of a batch: its subfolders made before the workers start, and the
// temporary files a killed run left behind removed. write_file_atomically names its
// temporary files ".NAME.tmp-XXXXXX" next to NAME, so they are easy to recognise.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "batch/manifest.h"
#include "core/diag.h"

namespace handout {

/// True when `file_name` is a temporary file of write_file_atomically: ".NAME.tmp-XXXXXX"
/// with six letters or digits. With `target` non-empty, only one made for that NAME.
[[nodiscard]] bool is_temp_file_name(std::string_view file_name, std::string_view target = {});

/// Makes `out_dir` and every folder the jobs' outputs need. Reports what it cannot make.
[[nodiscard]] bool make_output_folders(const std::string& out_dir,
                                       const std::vector<const BatchJob*>& jobs, DiagSink& sink);

/// Removes temporary files left in the folders of `jobs` by a killed run. With `own_only`
/// (a sharded run, whose siblings may be writing to the same folders right now) only those
/// of this run's outputs and of `report_name`; otherwise every ".*.tmp-XXXXXX" there.
/// Returns how many were removed.
std::size_t remove_stray_temp_files(const std::string& out_dir,
                                    const std::vector<const BatchJob*>& jobs,
                                    const std::string& report_name, bool own_only);

}  // namespace handout
