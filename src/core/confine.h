// Confinement of the files an input names (fonts, pictures; a manifest's articles and
// layouts): a path is accepted only when, resolved with links followed, it lies inside one
// of a few allowed folders: the input's own folder, the project's fonts/, content/ and
// layouts/ folders beside it, and any --allow-path folder.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace handout {

/// `path` made absolute, with links and ".." resolved as far as it exists.
inline std::filesystem::path resolved_path(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
}

/// Whether `path` (resolved) lies inside one of `roots` (already resolved).
inline bool inside_any(const std::filesystem::path& path, const std::vector<std::filesystem::path>& roots) {
  const std::filesystem::path real = resolved_path(path);
  for (const auto& root : roots) {
    auto [r, p] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
    if (r == root.end()) return true;
  }
  return false;
}

/// A project's folders for files named in a file of folder `dir`: `dir` itself and the
/// fonts/, content/, layouts/ and brands/ folders beside it, resolved.
[[nodiscard]] std::vector<std::filesystem::path> project_folders(const std::filesystem::path& dir);

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
