// Confinement of the files an input names (fonts, pictures): a path is accepted only when,
// resolved with links followed, it lies inside one of a few allowed folders.
#pragma once

#include <algorithm>
#include <filesystem>
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

}  // namespace handout
