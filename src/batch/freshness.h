// Incremental batches: a job is not made again when its output was made from exactly the
// inputs and settings it would be made from now. That is a key over everything that can
// change the bytes: the article and layout files named (paths, and each file's size and
// modification time), the files the layout names (fonts, logos, hyphenation dictionaries),
// the handout executable, the line-breaking mode, the PDF's date (SOURCE_DATE_EPOCH) and
// the page limit. The key is kept beside the output as ".NAME.key" (written after the PDF).
// A job's key is taken before its inputs are read: an input edited while the job renders
// then leaves a key that no longer matches, and the next run makes the job again (taken
// after the render, it described the edited file beside a PDF made from the old one, and
// every later run skipped the job).
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "batch/manifest.h"
#include "cli/output_file.h"
#include "engine/engine.h"

namespace handout {

class FreshnessCheck {
 public:
  /// Reads each distinct layout of `jobs` once and notes its files and `executable`.
  FreshnessCheck(const std::vector<const BatchJob*>& jobs, const std::string& executable,
                 const RenderOptions& render);

  /// The job's key now; empty when an input cannot be read or timed (always remade).
  [[nodiscard]] std::string key(const BatchJob& job) const;

  /// True when `output_path` exists and its key file holds `key` (a job's key()).
  /// Only reads the file system: safe to call from many threads.
  [[nodiscard]] static bool up_to_date(const std::string& key, const std::string& output_path);

  /// The record that `output_path` was made with `key`, the job's key() taken before its
  /// inputs were read: the key file, written to a temporary file for the caller to put in
  /// place after the output (best effort: a key that cannot be written only means the job is
  /// made again next time). Nothing when there is no key: an old key file is removed at once.
  [[nodiscard]] static std::optional<PendingOutput> prepare_record(const std::string& key, const std::string& output_path,
                                                                   PendingOutput::Flush flush);

  /// ".NAME.key" beside NAME.
  [[nodiscard]] static std::string key_path(const std::string& output_path);

  /// The files a layout depends on besides itself (fonts, logos, hyphenation
  /// dictionaries); nothing when the layout cannot be read.
  [[nodiscard]] static std::optional<std::vector<std::string>> layout_inputs(
      const std::string& layout_path, const InputLimits& limits);

 private:
  /// Per layout: the description of it and its files; unset when something failed.
  std::map<std::string, std::optional<std::string>> layouts_;
  std::string settings_;  ///< executable and options, described once

  /// The pictures `article`'s figures name (paths as the key lists them), parsed once per
  /// version of the file (path, size, modification time). Safe from many threads.
  [[nodiscard]] std::vector<std::string> pictures_of(const std::string& article) const;
  /// At most this many articles' pictures are remembered (then it starts again empty).
  static constexpr std::size_t kKeptPictureLists = 1024;
  mutable std::mutex pictures_mutex_;
  mutable std::map<std::string, std::vector<std::string>> pictures_;  ///< by describe_file()
};

}  // namespace handout
