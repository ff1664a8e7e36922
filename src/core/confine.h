// Confinement of the files an input names (fonts, pictures; a manifest's articles and
// layouts): a path is accepted only when, resolved with links followed, it lies inside one
// of a few allowed folders: the input's own folder, the project's fonts/, content/ and
// layouts/ folders beside it, and any --allow-path folder.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace handout {

/// `path` made absolute, with links and ".." resolved as far as it exists.
inline std::filesystem::path resolved_path(const std::filesystem::path& path) {
  std::error_code ec;
  // An empty path is the current folder (the folder of "en.json"); absolute("") is empty.
  if (path.empty()) return std::filesystem::weakly_canonical(std::filesystem::current_path(ec), ec);
  return std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
}

/// Resolves paths as resolved_path does, asking the system about each folder once: a render
/// resolved its fonts' folder and that folder's parents once per font and per allowed
/// folder (43 readlink calls for one article, 41 failing). A link anywhere is still
/// followed: a name the system reports as a link is resolved in full (weakly_canonical).
/// Meant for one reading of a file (what it has learnt is not refreshed).
class PathResolver {
 public:
  [[nodiscard]] std::filesystem::path resolve(const std::filesystem::path& path);
  /// Whether `path` (resolved) lies inside one of `roots` (already resolved).
  [[nodiscard]] bool inside_any(const std::filesystem::path& path, const std::vector<std::filesystem::path>& roots);

 private:
  // `abs`: absolute, lexically normal, without "..", as a string.
  std::string resolve_normal(const std::string& abs);
  std::vector<std::pair<std::string, std::string>> known_;  // a few dozen: looked through
  std::string cwd_;  // the current folder, asked once
};

/// A project's folders for files named in a file of folder `dir`: `dir` itself and the
/// fonts/, content/, layouts/ and brands/ folders beside it, resolved.
[[nodiscard]] std::vector<std::filesystem::path> project_folders(const std::filesystem::path& dir);
[[nodiscard]] std::vector<std::filesystem::path> project_folders(const std::filesystem::path& dir,
                                                                 PathResolver& resolver);

class Confinement {
 public:
  /// The folders allowed for files named in `input_file` (with `extra` folders).
  Confinement(const std::filesystem::path& input_file, const std::vector<std::string>& extra);
  /// Whether `path` (resolved, links followed) lies inside one of the allowed folders.
  [[nodiscard]] bool allows(const std::filesystem::path& path) const;
  /// `path` resolved, for messages.
  [[nodiscard]] static std::string resolved(const std::filesystem::path& path);

 private:
  mutable PathResolver resolver_;
  std::vector<std::filesystem::path> roots_;
};

/// What a message says of a file a service request names (a picture, a logo, a font): in the
/// request's terms only. The client cannot pass --allow-path (the server's command line has
/// it), and where the server keeps its data is none of its business; the request's files are
/// read from the folders of handout's data (`data`: that folder, with fonts/, content/,
/// layouts/ and brands/).
struct ServedFiles {
  std::filesystem::path data;
  /// `path` (inside `data`, lexically normal) as the request knows it: "fonts/x.ttf".
  [[nodiscard]] std::string shown(const std::filesystem::path& path) const;
  /// WHAT "WRITTEN" is outside FOLDERS; name one of the PLURAL there, as "EXAMPLE".
  [[nodiscard]] static std::string outside(std::string_view what, std::string_view written, std::string_view folders,
                                           std::string_view plural, std::string_view example);
};

/// Whether `path` resolved lies inside `folder` resolved (or is it).
[[nodiscard]] bool is_inside(const std::filesystem::path& path, const std::filesystem::path& folder);

}  // namespace handout
