#include "batch/freshness.h"

#include <algorithm>

#include "spec/brand.h"
#include "spec/layout_spec.h"

namespace handout {

namespace {

namespace fs = std::filesystem;

std::optional<FreshnessCheck::Time> modified(const std::string& path) {
  std::error_code ec;
  const auto t = fs::last_write_time(path, ec);
  if (ec) return std::nullopt;
  return t;
}

/// The newest modification time of `paths`; nothing if any cannot be timed.
std::optional<FreshnessCheck::Time> newest(const std::vector<std::string>& paths) {
  auto best = FreshnessCheck::Time::min();
  for (const auto& p : paths) {
    const auto t = modified(p);
    if (!t) return std::nullopt;
    best = std::max(best, *t);
  }
  return best;
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
  if (!spec->hyphenation_dir.empty()) {
    // The dictionary depends on the article's language; any of them counts.
    const fs::path dir = spec->hyphenation_dir;
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

FreshnessCheck::FreshnessCheck(const std::vector<const BatchJob*>& jobs,
                               const std::string& executable, const InputLimits& limits)
    : executable_(modified(executable)) {
  for (const BatchJob* job : jobs) {
    if (layouts_.contains(job->layout)) continue;
    auto files = layout_inputs(job->layout, limits);
    std::optional<Time> t;
    if (files) {
      files->push_back(job->layout);
      t = newest(*files);
    }
    layouts_.emplace(job->layout, t);
  }
}

bool FreshnessCheck::up_to_date(const BatchJob& job, const std::string& output_path) const {
  std::error_code ec;
  if (!fs::is_regular_file(output_path, ec)) return false;
  const auto out = modified(output_path);
  if (!out || !executable_ || *out <= *executable_) return false;
  const auto layout = layouts_.find(job.layout);
  if (layout == layouts_.end() || !layout->second || *out <= *layout->second) return false;
  // Pictures live in the article's folder (or --allow-path folders): any file there that
  // is newer counts; and the brand file with its logo.
  std::vector<std::string> inputs = job.articles;
  for (const auto& a : job.articles) {
    std::error_code walk;
    int budget = 10000;
    for (fs::recursive_directory_iterator it(fs::path(a).parent_path(), walk), end; !walk && it != end && budget-- > 0;
         it.increment(walk)) {
      if (it->is_regular_file(walk)) inputs.push_back(it->path().string());
    }
  }
  if (!job.brand.empty()) {
    inputs.push_back(job.brand);
    DiagSink ignored;
    if (auto brand = load_brand(job.brand, ignored); brand && brand->logo) inputs.push_back(brand->logo->file);
  }
  const auto newest_input = newest(inputs);
  return newest_input && *out > *newest_input;
}

}  // namespace handout
