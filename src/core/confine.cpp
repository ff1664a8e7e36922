#include "core/confine.h"

#include <algorithm>

namespace handout {

namespace fs = std::filesystem;

namespace {

fs::path real(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  fs::path r = fs::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : r;
}

bool under(const fs::path& path, const fs::path& root) {
  auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return r == root.end() || (std::next(r) == root.end() && r->empty());
}

}  // namespace

std::vector<fs::path> project_folders(const fs::path& dir) {
  const fs::path d = real(dir);
  std::vector<fs::path> out{d};
  for (const char* sibling : {"fonts", "content", "layouts", "brands"}) out.push_back(real(d.parent_path() / sibling));
  return out;
}

Confinement::Confinement(const fs::path& input_file, const std::vector<std::string>& extra)
    : roots_(project_folders(real(input_file).parent_path())) {
  for (const auto& e : extra) roots_.push_back(real(e));
}

bool Confinement::allows(const fs::path& path) const {
  const fs::path r = real(path);
  return std::any_of(roots_.begin(), roots_.end(), [&](const fs::path& root) { return under(r, root); });
}

std::string Confinement::resolved(const fs::path& path) { return real(path).string(); }

bool is_inside(const fs::path& path, const fs::path& folder) { return under(real(path), real(folder)); }

}  // namespace handout
