#include "batch/freshness.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/output_file.h"
#include "core/confine.h"
#include "spec/brand.h"
#include "spec/layout_spec.h"

namespace handout {

namespace {

namespace fs = std::filesystem;

// "path size mtime\n" for one file; nothing when it cannot be read or timed.
std::optional<std::string> describe_file(const std::string& path) {
  std::error_code ec;
  const auto t = fs::last_write_time(path, ec);
  if (ec) return std::nullopt;
  const auto size = fs::file_size(path, ec);
  if (ec) return std::nullopt;
  const std::string abs = fs::absolute(path, ec).lexically_normal().string();
  return abs + '\t' + std::to_string(size) + '\t' + std::to_string(t.time_since_epoch().count()) + '\n';
}

// 64-bit FNV-1a, written as 16 hex digits: a short key to store and compare.
std::string digest(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

std::optional<std::vector<std::string>> FreshnessCheck::layout_inputs(
    const std::string& layout_path, const InputLimits& limits) {
  DiagSink ignored;  // a broken layout is reported by the job that renders it
  const auto spec = load_layout(layout_path, ignored, limits);
  if (!spec) return std::nullopt;
  std::vector<std::string> files;
  for (const auto& [name, family] : spec->families) {
    for (const auto* f : {&family.regular, &family.bold, &family.italic, &family.bold_italic}) {
      if (!f->empty()) files.push_back(*f);
    }
  }
  for (const auto* logo : {&spec->header.logo, &spec->footer.logo, &spec->panels.logo}) {
    if (*logo) files.push_back((*logo)->file);
  }
  if (!spec->cell_hyphenation_dir.empty()) {
    // The dictionary depends on the article's language; any of them counts (a layout that
    // does not hyphenate still parts a table's overwide words with it).
    const fs::path dir = spec->cell_hyphenation_dir;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.starts_with("hyph_") && name.ends_with(".dic")) files.push_back(it->path().string());
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

FreshnessCheck::FreshnessCheck(const std::vector<const BatchJob*>& jobs, const std::string& executable,
                               const RenderOptions& render) {
  if (auto exe = describe_file(executable)) {
    std::ostringstream s;
    s << "handout-key 1\n" << *exe << "break " << static_cast<int>(render.break_mode) << "\ndate "
      << (render.creation_time ? std::to_string(*render.creation_time) : "-") << "\nmax-pages " << render.max_pages
      << "\nstandard " << static_cast<int>(render.pdf_standard) << "\n";
    settings_ = s.str();
  }
  for (const BatchJob* job : jobs) {
    if (layouts_.contains(job->layout)) continue;
    std::optional<std::string> described;
    if (auto files = layout_inputs(job->layout, render.limits)) {
      files->insert(files->begin(), job->layout);
      std::string all = "layout\n";
      bool ok = true;
      for (const auto& f : *files) {
        auto d = describe_file(f);
        if (!d) ok = false;
        else all += *d;
      }
      if (ok) described = all;
    }
    layouts_.emplace(job->layout, described);
  }
}

std::vector<std::string> FreshnessCheck::pictures_of(const std::string& article) const {
  // Keyed by the article's path, size and modification time (what the key itself trusts):
  // a batch that names one article in many jobs parses it once.
  const std::optional<std::string> described = describe_file(article);
  if (described) {
    std::lock_guard lock(pictures_mutex_);
    if (auto it = pictures_.find(*described); it != pictures_.end()) return it->second;
  }
  std::vector<std::string> pictures;
  DiagSink ignored;
  const auto doc = load_json_file(article, ignored);
  if (doc && doc->root().is_object() && doc->root().contains("blocks") && doc->root()["blocks"].is_array()) {
    for (const auto& blk : doc->root()["blocks"]) {
      if (blk.is_object() && blk.value("type", nlohmann::json()).is_string() && blk["type"] == "figure" &&
          blk.contains("src") && blk["src"].is_string()) {
        pictures.push_back((fs::path(article).parent_path() / blk["src"].get<std::string>()).lexically_normal().string());
      }
    }
  }
  if (described) {
    std::lock_guard lock(pictures_mutex_);
    // Bounded: a long list of distinct articles kept a line for each (they are read once).
    if (pictures_.size() >= kKeptPictureLists) pictures_.clear();
    pictures_.emplace(*described, pictures);
  }
  return pictures;
}

std::string FreshnessCheck::key(const BatchJob& job) const {
  if (settings_.empty()) return "";
  const auto layout = layouts_.find(job.layout);
  if (layout == layouts_.end() || !layout->second) return "";
  std::string all = settings_ + *layout->second + "articles\n";
  for (const auto& a : job.articles) {
    auto d = describe_file(a);
    if (!d) return "";
    all += *d;
  }
  // The pictures an article's figures name (the article is parsed, not laid out); and the
  // brand file with its logo.
  all += "pictures\n";
  for (const auto& a : job.articles) {
    for (const std::string& pic : pictures_of(a)) {
      auto d = describe_file(pic);
      all += d ? *d : pic + "\tmissing\n";
    }
  }
  if (!job.brand.empty()) {
    auto d = describe_file(job.brand);
    if (!d) return "";
    all += "brand\n" + *d;
    DiagSink ignored;
    if (auto brand = load_brand(job.brand, ignored); brand && brand->logo) {
      if (auto l = describe_file(brand->logo->file)) all += *l;
    }
  }
  return digest(all);
}

std::string FreshnessCheck::key_path(const std::string& output_path) {
  const fs::path p(output_path);
  return (p.parent_path() / ("." + p.filename().string() + ".key")).string();
}

bool FreshnessCheck::up_to_date(const std::string& k, const std::string& output_path) {
  std::error_code ec;
  if (k.empty() || !fs::is_regular_file(output_path, ec)) return false;
  std::ifstream in(key_path(output_path));
  std::string stored;
  std::getline(in, stored);
  return stored == k;
}

std::optional<PendingOutput> FreshnessCheck::prepare_record(const std::string& k, const std::string& output_path,
                                                            PendingOutput::Flush flush) {
  if (k.empty()) {
    std::error_code ec;
    fs::remove(key_path(output_path), ec);
    return std::nullopt;
  }
  DiagSink ignored;
  return PendingOutput::prepare_unless_same(key_path(output_path), k + "\n", ignored, flush);
}

}  // namespace handout

