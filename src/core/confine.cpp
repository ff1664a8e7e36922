#include "core/confine.h"

#include <sys/stat.h>

#include <algorithm>

namespace handout {

namespace fs = std::filesystem;

namespace {

fs::path real(const fs::path& p) {
  std::error_code ec;
  fs::path abs = p.empty() ? fs::current_path(ec) : fs::absolute(p, ec);
  fs::path r = fs::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : r;
}

bool under(const fs::path& path, const fs::path& root) {
  // An empty root (a folder that could not be resolved) holds nothing: with it, every path
  // matched, and a confinement let any file through.
  if (root.empty()) return false;
  auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return r == root.end() || (std::next(r) == root.end() && r->empty());
}

}  // namespace

fs::path PathResolver::resolve(const fs::path& path) {
  // Made absolute and lexically normal as a string (fs::path parses itself into components
  // at each step: that cost more than the system calls saved).
  const std::string& given = path.native();
  std::string abs;
  if (given.empty() || given.front() != '/') {
    if (cwd_.empty()) {
      std::error_code ec;
      cwd_ = fs::current_path(ec).native();
      if (ec || cwd_.empty()) return resolved_path(path);
    }
    abs = cwd_;
  }
  std::string normal;
  normal.reserve(abs.size() + given.size() + 1);
  bool last_is_name = false;
  for (const std::string* part : {static_cast<const std::string*>(&abs), &given}) {
    for (std::size_t start = 0; start <= part->size();) {
      const std::size_t end = std::min(part->find('/', start), part->size());
      const std::string_view name(part->data() + start, end - start);
      start = end + 1;
      if (name.empty() || name == ".") {
        last_is_name = false;
        continue;
      }
      // ".." after a link is the link target's parent: left to weakly_canonical.
      if (name == "..") return resolved_path(path);
      normal += '/';
      normal += name;
      last_is_name = true;
    }
  }
  // A trailing "/" or "/." asks for a folder: left to weakly_canonical too. An empty path is
  // the current folder, as the folder of a file named without one ("en.json") is; given to
  // weakly_canonical it resolved to an empty path, and the confinement it rooted let every
  // file through.
  if (!last_is_name && !normal.empty() && !given.empty()) return resolved_path(path);
  return fs::path(normal.empty() ? std::string("/") : resolve_normal(normal));
}

std::string PathResolver::resolve_normal(const std::string& abs) {
  if (abs == "/") return abs;
  for (const auto& [name, resolved] : known_)
    if (name == abs) return resolved;
  struct stat st {};
  const bool link = ::lstat(abs.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
  // A link is resolved in full (its target may hold ".." or other links). Any other name
  // (not a link, not there, or not to be looked at) is its resolved folder and the name, as
  // weakly_canonical has it; an empty path: a link that cannot be resolved (a loop), and so
  // everything below it.
  std::string r;
  if (link) {
    r = resolved_path(abs).native();
  } else {
    const std::size_t slash = abs.rfind('/');
    const std::string parent = resolve_normal(slash == 0 ? std::string("/") : abs.substr(0, slash));
    if (!parent.empty()) r = (parent == "/" ? std::string() : parent) + abs.substr(slash);
  }
  known_.emplace_back(abs, r);
  return r;
}

bool PathResolver::inside_any(const fs::path& path, const std::vector<fs::path>& roots) {
  const fs::path r = resolve(path);
  return std::any_of(roots.begin(), roots.end(), [&](const fs::path& root) { return under(r, root); });
}

std::vector<fs::path> project_folders(const fs::path& dir) {
  PathResolver resolver;
  return project_folders(dir, resolver);
}

std::vector<fs::path> project_folders(const fs::path& dir, PathResolver& resolver) {
  const fs::path d = resolver.resolve(dir);
  std::vector<fs::path> out{d};
  for (const char* sibling : {"fonts", "content", "layouts", "brands"}) out.push_back(resolver.resolve(d.parent_path() / sibling));
  return out;
}

Confinement::Confinement(const fs::path& input_file, const std::vector<std::string>& extra)
    : roots_(project_folders(resolver_.resolve(input_file).parent_path(), resolver_)) {
  for (const auto& e : extra) roots_.push_back(resolver_.resolve(e));
}

bool Confinement::allows(const fs::path& path) const {
  const fs::path r = resolver_.resolve(path);
  return std::any_of(roots_.begin(), roots_.end(), [&](const fs::path& root) { return under(r, root); });
}

std::string Confinement::resolved(const fs::path& path) { return real(path).string(); }

bool is_inside(const fs::path& path, const fs::path& folder) { return under(real(path), real(folder)); }

std::string ServedFiles::shown(const fs::path& path) const {
  return path.lexically_normal().lexically_relative(data.lexically_normal()).generic_string();
}

std::string ServedFiles::outside(std::string_view what, std::string_view written, std::string_view folders,
                                 std::string_view plural, std::string_view example) {
  return std::string(what) + " \"" + std::string(written) + "\" is outside " + std::string(folders) + "; name one of the " +
         std::string(plural) + " there, as \"" + std::string(example) + "\"";
}

}  // namespace handout
