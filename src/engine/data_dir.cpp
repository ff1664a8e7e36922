#include "engine/data_dir.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace handout {

namespace fs = std::filesystem;

bool is_data_dir(const std::string& dir) {
  std::error_code ec;
  return !dir.empty() && fs::is_regular_file(fs::path(dir) / "layouts" / "a4.json", ec);
}

namespace {

// share/handout in the module's folder or up to three folders above it.
std::string data_dir_near(const fs::path& module) {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(module, ec).parent_path();
  if (ec) return "";
  for (int up = 0; up < 4 && !dir.empty(); ++up) {
    const fs::path candidate = dir / "share" / "handout";
    if (is_data_dir(candidate.string())) return candidate.string();
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return "";
}

}  // namespace

std::string find_data_dir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&find_data_dir), &info) != 0 && info.dli_fname &&
      info.dli_fname[0] == '/') {
    if (auto dir = data_dir_near(info.dli_fname); !dir.empty()) return dir;
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    if (auto dir = data_dir_near(exe); !dir.empty()) return dir;
  }
  if (const char* env = std::getenv("HANDOUT_DATA_DIR"); env && is_data_dir(env)) {
    return fs::absolute(env, ec).lexically_normal().string();
  }
  return "";
}

std::vector<std::string> bundled_layouts(const std::string& data_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(data_dir) / "layouts", ec)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".json" || !entry.is_regular_file(ec)) continue;
    const std::string stem = p.stem().string();
    if (stem.find(".schema") != std::string::npos) continue;
    names.push_back(stem);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace handout
