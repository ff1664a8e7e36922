// Which folders a file named in an input may be read from: the input's own folder, the
// project's fonts/, content/ and layouts/ folders beside it, and any --allow-path folder.
// Paths are compared after resolving links, so a link cannot lead outside.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace handout {

class Confinement {
 public:
  /// The folders allowed for files named in `input_file` (with `extra` folders).
  Confinement(const std::filesystem::path& input_file, const std::vector<std::string>& extra);
  /// Whether `path` (resolved, links followed) lies inside one of the allowed folders.
  [[nodiscard]] bool allows(const std::filesystem::path& path) const;
  /// `path` resolved, for messages.
  [[nodiscard]] static std::string resolved(const std::filesystem::path& path);

 private:
  std::vector<std::filesystem::path> roots_;
};

/// Whether `path` resolved lies inside `folder` resolved (or is it).
[[nodiscard]] bool is_inside(const std::filesystem::path& path, const std::filesystem::path& folder);

}  // namespace handout
