// Incremental batches: a job whose output is newer than everything it was made from is
// not made again. "Everything" is the articles, the layout, the files the layout names
// (fonts, logos, hyphenation dictionaries) and the handout executable itself, so that a
// new engine build remakes every handout.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "batch/manifest.h"

namespace handout {

class FreshnessCheck {
 public:
  using Time = std::filesystem::file_time_type;

  /// Reads each distinct layout of `jobs` once and notes the newest of its files and of
  /// `executable`. A file that cannot be read or timed makes its jobs always stale.
  FreshnessCheck(const std::vector<const BatchJob*>& jobs, const std::string& executable,
                 const InputLimits& limits);

  /// True when `output_path` exists and is strictly newer than every input of `job`.
  /// Only reads the file system and this object: safe to call from many threads.
  [[nodiscard]] bool up_to_date(const BatchJob& job, const std::string& output_path) const;

  /// The files a layout depends on besides itself (fonts, logos, hyphenation
  /// dictionaries); nothing when the layout cannot be read.
  [[nodiscard]] static std::optional<std::vector<std::string>> layout_inputs(
      const std::string& layout_path, const InputLimits& limits);

 private:
  /// Newest time of a layout and its files; unset when something could not be timed.
  std::map<std::string, std::optional<Time>> layouts_;
  std::optional<Time> executable_;
};

}  // namespace handout
