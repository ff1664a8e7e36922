#include "batch/manifest.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>

#include "cli/output_file.h"
#include "core/confine.h"
#include "core/json_reader.h"
#include "core/utf.h"

namespace handout {

namespace {

namespace fs = std::filesystem;

// The temporary name adds a few characters around the file name (see output_file.h); the
// result must still fit in one directory entry (NAME_MAX is 255 on Linux filesystems).
constexpr std::size_t kMaxOutputFileName = 255 - kTempNameExtra;
// A manifest with a systematic mistake (a bad pattern, a matrix listed twice) would
// otherwise report the same problem once per job.
constexpr int kMaxDuplicateReports = 10;

// report.json, or report-K-of-N.json of a shard (report.cpp): the batch writes it at the top
// of --out-dir, so no output's folder may take that name.
bool is_report_name(std::string_view name) {
  if (name == "report.json") return true;
  constexpr std::string_view kStart = "report-", kEnd = ".json";
  if (name.size() <= kStart.size() + kEnd.size() || name.substr(0, kStart.size()) != kStart ||
      name.substr(name.size() - kEnd.size()) != kEnd) {
    return false;
  }
  const std::string_view mid = name.substr(kStart.size(), name.size() - kStart.size() - kEnd.size());
  const auto of = mid.find("-of-");
  auto digits = [](std::string_view d) {
    return !d.empty() && d.find_first_not_of("0123456789") == std::string_view::npos;
  };
  return of != std::string_view::npos && digits(mid.substr(0, of)) && digits(mid.substr(of + 4));
}

bool has_control_char(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

bool ends_with_pdf(std::string_view s) {
  if (s.size() < 4) return false;
  const std::string_view ext = s.substr(s.size() - 4);
  return ext[0] == '.' && (ext[1] | 0x20) == 'p' && (ext[2] | 0x20) == 'd' &&
         (ext[3] | 0x20) == 'f';
}

/// The placeholders a matrix pattern may use.
const std::vector<std::string_view> kPlaceholders = {"topic", "lang", "layout", "brand"};

/// One point of a matrix: the values its placeholders stand for.
struct MatrixPoint {
  const std::string* topic;
  const std::string* lang;
  const std::string* layout;
  const std::string* brand;
};

/// The placeholder `name` was probably meant to be: a near spelling, or one it
/// abbreviates or extends ("{language}" for "{lang}").
std::string placeholder_guess(std::string_view name) {
  if (auto guess = did_you_mean(name, kPlaceholders); !guess.empty()) return guess;
  for (auto p : kPlaceholders) {
    if (name.size() >= 3 && (name.starts_with(p) || p.starts_with(name))) return std::string(p);
  }
  return "";
}

std::string expand(const std::string& pattern, const MatrixPoint& at) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out.push_back(pattern[i]);
      continue;
    }
    const std::size_t close = pattern.find('}', i);
    const std::string_view name(pattern.data() + i + 1, close - i - 1);
    out += name == "topic" ? *at.topic : name == "lang" ? *at.lang : name == "layout" ? *at.layout : *at.brand;
    i = close;
  }
  return out;
}

std::string describe(const MatrixPoint& at) {
  std::string s = "topic \"" + *at.topic + "\", lang \"" + *at.lang + "\", layout \"" + *at.layout + "\"";
  if (!at.brand->empty()) s += ", brand \"" + *at.brand + "\"";
  return s;
}

// The keys of a job and of a matrix entry: what read_job and read_matrix accept, and what
// top_key_hint says belongs in one of them.
constexpr std::string_view kJobKeys[] = {"articles", "layout", "brand", "output"};
constexpr std::string_view kJobRequired[] = {"articles", "layout", "output"};
constexpr std::string_view kMatrixKeys[] = {"articles", "topics", "langs", "layouts", "brands", "output"};
constexpr std::string_view kMatrixRequired[] = {"articles", "layouts", "output"};

// A key of a job or of a matrix entry written at the top of the manifest: where it belongs
// (a singular or spelled-out name of a matrix's key too: "topic", "languages").
std::string top_key_hint(std::string_view key) {
  static constexpr std::pair<std::string_view, std::string_view> kAlias[] = {
      {"topic", "topics"}, {"lang", "langs"}, {"languages", "langs"}, {"article", "articles"}};
  for (const auto& [alias, name] : kAlias) {
    if (key == alias) key = name;
  }
  auto in = [&](const auto& list) { return std::find(std::begin(list), std::end(list), key) != std::end(list); };
  const bool job = in(kJobKeys);
  const bool matrix = in(kMatrixKeys);
  if (job && matrix) return "it belongs in an entry of \"jobs\" or \"matrix\", not at the top of the manifest";
  if (job) return "a job's keys go in an entry of \"jobs\": {\"jobs\": [{\"articles\": [...], \"layout\": ..., \"output\": ...}]}";
  if (matrix) {
    return "a matrix's keys go in an entry of \"matrix\": {\"matrix\": [{\"articles\": \"{topic}/{lang}.json\", "
           "\"topics\": [...], \"langs\": [...], \"layouts\": {...}, \"output\": ...}]}";
  }
  return "";
}

class ManifestReader {
 public:
  /// Reads the values of `doc`; the jobs locate their sites in `kept` (its text and locations).
  ManifestReader(const JsonDoc& doc, std::shared_ptr<const JsonDoc> kept, DiagSink& sink)
      : kept_(std::move(kept)), doc_(doc), sink_(sink), r_(doc, sink), base_(fs::path(doc.file()).parent_path()) {}

  std::optional<Manifest> read() {
    const int before = sink_.error_count();
    const auto& root = doc_.root();
    if (!r_.expect_object(root, "", {"$schema", "jobs", "matrix"}, {}, top_key_hint)) return std::nullopt;
    if (!root.contains("jobs") && !root.contains("matrix")) {
      r_.error("", "a manifest needs \"jobs\", \"matrix\" or both");
      return std::nullopt;
    }
    if (root.contains("jobs")) read_jobs(root["jobs"], "/jobs");
    if (root.contains("matrix")) read_matrices(root["matrix"], "/matrix");
    check_unique_outputs();  // among the jobs that are valid so far, to report all at once
    if (sink_.error_count() > before) return std::nullopt;
    if (jobs_.empty()) {
      // At the empty list that made it so, when there is one.
      const bool jobs_empty = root.contains("jobs") && root["jobs"].is_array() && root["jobs"].empty();
      const bool matrix_empty = root.contains("matrix") && root["matrix"].is_array() && root["matrix"].empty();
      r_.error(jobs_empty ? "/jobs" : matrix_empty ? "/matrix" : "", "the manifest has no jobs");
      return std::nullopt;
    }
    return Manifest{doc_.file(), std::move(jobs_)};
  }

 private:
  std::string resolve(const std::string& path) const {
    return (base_ / path).lexically_normal().string();
  }

  std::optional<std::string> nonempty_string(const nlohmann::json& obj, const std::string& p,
                                             std::string_view key) {
    auto s = r_.get_string(obj, p, key);
    if (s && s->empty()) {
      r_.error(pointer_append(p, key), "\"" + std::string(key) + "\" must not be empty");
      return std::nullopt;
    }
    return s;
  }

  void read_jobs(const nlohmann::json& j, const std::string& p) {
    if (!r_.expect_array(j, p, "\"jobs\" is an array of handouts to make: \"jobs\": [{\"articles\": "
                               "[\"wound-care/en.json\"], \"layout\": \"../layouts/a4.json\", \"output\": \"wound-care-en.pdf\"}]")) {
      return;
    }
    for (std::size_t i = 0; i < j.size(); ++i) read_job(j[i], pointer_append(p, i));
  }

  void read_job(const nlohmann::json& j, const std::string& p) {
    if (!r_.expect_object(j, p, kJobKeys, kJobRequired)) {
      return;
    }
    const auto& list = j["articles"];
    const std::string lp = pointer_append(p, "articles");
    BatchJob job;
    if (!r_.expect_array(list, lp, "a job's \"articles\" is an array of one article file, or two for a bilingual "
                                   "layout: \"articles\": [\"wound-care/en.json\"]")) {
      return;
    }
    if (list.empty() || list.size() > 2) {
      r_.error(lp, "a job has one article, or two for a bilingual layout; found " +
                       std::to_string(list.size()));
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string ip = pointer_append(lp, i);
      if (!list[i].is_string() || list[i].get<std::string>().empty()) {
        r_.error(ip,
                 std::string("an article must be a non-empty path, found ") +
                     (list[i].is_string() ? "an empty string" : JsonReader::type_name(list[i])));
        return;
      }
      job.articles.push_back(resolve(list[i].get<std::string>()));
    }
    auto layout = nonempty_string(j, p, "layout");
    auto output = nonempty_string(j, p, "output");
    if (!layout || !output) return;
    const std::string op = pointer_append(p, "output");
    if (auto why = check_output_name(*output); !why.empty()) {
      r_.error(op, "output \"" + *output + "\" " + why);
      return;
    }
    job.layout = resolve(*layout);
    if (j.contains("brand")) {
      auto brand = nonempty_string(j, p, "brand");
      if (!brand) return;
      job.brand = resolve(*brand);
    }
    job.output = std::move(*output);
    job.sites = JobSites::of_job(kept_, p);
    jobs_.push_back(std::move(job));
  }

  void read_matrices(const nlohmann::json& j, const std::string& p) {
    if (j.is_array()) {
      if (j.empty()) r_.error(p, "\"matrix\" is an empty list");
      for (std::size_t i = 0; i < j.size(); ++i) read_matrix(j[i], pointer_append(p, i));
    } else if (j.is_object()) {
      read_matrix(j, p);
    } else {
      r_.error(p, std::string("\"matrix\" must be an object or a list of objects, found ") +
                      JsonReader::type_name(j));
    }
  }

  /// Checks every "{name}" of a pattern; collects the names used.
  bool check_pattern(const std::string& text, const std::string& p, std::set<std::string>& used) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '}') {
        r_.error(p, "\"}\" without \"{\" in pattern \"" + text + "\"");
        return false;
      }
      if (text[i] != '{') continue;
      const std::size_t close = text.find_first_of("{}", i + 1);
      if (close == std::string::npos || text[close] != '}') {
        r_.error(p, "\"{\" without \"}\" in pattern \"" + text + "\"");
        return false;
      }
      const std::string name = text.substr(i + 1, close - i - 1);
      if (std::find(kPlaceholders.begin(), kPlaceholders.end(), name) == kPlaceholders.end()) {
        std::string msg = "unknown placeholder \"{" + name + "}\" in pattern \"" + text + "\"";
        if (auto guess = placeholder_guess(name); !guess.empty()) {
          msg += "; did you mean \"{" + guess + "}\"?";
        } else {
          msg += "; expected {topic}, {lang}, {layout} or {brand}";
        }
        r_.error(p, msg);
        return false;
      }
      used.insert(name);
      i = close;
    }
    return true;
  }

  /// A list of distinct, non-empty names without braces or control characters.
  std::vector<std::string> names(const nlohmann::json& j, const std::string& p) {
    std::vector<std::string> out;
    if (!r_.expect_array(j, p)) return out;
    if (j.empty()) r_.error(p, "the list is empty");
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (auto n = name_value(j[i], pointer_append(p, i), out)) out.push_back(std::move(*n));
    }
    return out;
  }

  std::optional<std::string> name_value(const nlohmann::json& v, const std::string& p,
                                        const std::vector<std::string>& seen) {
    if (!v.is_string()) {
      r_.error(p, std::string("expected a string, found ") + JsonReader::type_name(v));
      return std::nullopt;
    }
    std::string s = v.get<std::string>();
    if (s.empty() || s.find_first_of("{}") != std::string::npos || has_control_char(s)) {
      r_.error(p,
               "\"" + s + "\" is not a usable name (empty, or has braces or control characters)");
      return std::nullopt;
    }
    if (std::find(seen.begin(), seen.end(), s) != seen.end()) {
      r_.error(p, "\"" + s + "\" is listed twice");
      return std::nullopt;
    }
    return s;
  }

  /// A matrix's layouts or brands: name → path, in name order.
  std::vector<std::pair<std::string, std::string>> named_files(const nlohmann::json& j,
                                                               const std::string& p, const char* what) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!j.is_object()) {
      r_.error(p, std::string("expected an object of name: ") + what + " file, found " +
                      JsonReader::type_name(j));
      return out;
    }
    if (j.empty()) r_.error(p, "the object is empty");
    std::vector<std::string> seen;
    for (const auto& [name, path] : j.items()) {
      const std::string ip = pointer_append(p, name);
      if (!name_value(nlohmann::json(name), ip, seen)) continue;
      if (!path.is_string() || path.get<std::string>().empty()) {
        r_.error(ip, std::string("a ") + what + " must be a non-empty path");
        continue;
      }
      seen.push_back(name);
      out.emplace_back(name, resolve(path.get<std::string>()));
    }
    return out;
  }

  std::vector<std::string> article_patterns(const nlohmann::json& j, const std::string& p,
                                            std::set<std::string>& used) {
    std::vector<std::string> out;
    if (j.is_string()) {
      if (check_pattern(j.get<std::string>(), p, used)) out.push_back(j.get<std::string>());
      return out;
    }
    if (!j.is_array() || j.empty() || j.size() > 2) {
      r_.error(p, "\"articles\" must be a path pattern, or a list of one or two (bilingual)");
      return out;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
      const std::string ip = pointer_append(p, i);
      if (!j[i].is_string() || j[i].get<std::string>().empty()) {
        r_.error(ip, "an article pattern must be a non-empty string");
      } else if (check_pattern(j[i].get<std::string>(), ip, used)) {
        out.push_back(j[i].get<std::string>());
      }
    }
    return out;
  }

  /// An optional dimension ("topics", "langs"): its names, or one empty name when absent,
  /// in which case no pattern may use its placeholder.
  std::vector<std::string> dimension(const nlohmann::json& j, const std::string& p,
                                     std::string_view key, std::string_view placeholder,
                                     const std::set<std::string>& used) {
    if (j.contains(std::string(key))) return names(j[std::string(key)], pointer_append(p, key));
    if (used.contains(std::string(placeholder))) {
      r_.error(p, "a pattern uses {" + std::string(placeholder) + "} but the matrix has no \"" +
                      std::string(key) + "\"");
    }
    return {""};
  }

  void read_matrix(const nlohmann::json& j, const std::string& p) {
    const int before = sink_.error_count();
    if (!r_.expect_object(j, p, kMatrixKeys, kMatrixRequired)) {
      return;
    }
    std::set<std::string> in_articles, in_output;
    const auto patterns =
        article_patterns(j["articles"], pointer_append(p, "articles"), in_articles);
    const std::string op = pointer_append(p, "output");
    const auto output = nonempty_string(j, p, "output");
    if (output) (void)check_pattern(*output, op, in_output);
    std::set<std::string> used = in_articles;
    used.insert(in_output.begin(), in_output.end());
    const auto topics = dimension(j, p, "topics", "topic", used);
    const auto langs = dimension(j, p, "langs", "lang", used);
    const auto layout_list = named_files(j["layouts"], pointer_append(p, "layouts"), "layout");
    std::vector<std::pair<std::string, std::string>> brand_list;
    if (j.contains("brands")) {
      brand_list = named_files(j["brands"], pointer_append(p, "brands"), "brand");
    } else {
      if (used.contains("brand")) r_.error(p, "a pattern uses {brand} but the matrix has no \"brands\"");
      brand_list.emplace_back("", "");
    }
    if (sink_.error_count() > before) return;

    // A dimension with several values must show in the output name, or its jobs collide;
    // and several topics or languages that read the same article are surely a mistake.
    const std::array<std::pair<const char*, std::size_t>, 4> dims = {
        {{"topic", topics.size()}, {"lang", langs.size()}, {"layout", layout_list.size()}, {"brand", brand_list.size()}}};
    for (const auto& [dim, count] : dims) {
      if (count > 1 && !in_output.contains(dim)) {
        r_.error(op, "the output pattern lacks {" + std::string(dim) + "}, so the " +
                         std::to_string(count) + " " + dim + "s would write the same files");
      }
      if (count > 1 && std::string_view(dim) != "layout" && std::string_view(dim) != "brand" &&
          !in_articles.contains(dim)) {
        r_.error(pointer_append(p, "articles"), "the article pattern lacks {" + std::string(dim) +
                                                    "}, so the " + std::to_string(count) + " " +
                                                    dim + "s would read the same article");
      }
    }
    if (sink_.error_count() > before) return;
    expand_matrix(patterns, j["articles"].is_array(), topics, langs, layout_list, brand_list, *output, p);
  }

  void expand_matrix(const std::vector<std::string>& patterns, bool articles_listed,
                     const std::vector<std::string>& topics, const std::vector<std::string>& langs,
                     const std::vector<std::pair<std::string, std::string>>& layout_list,
                     const std::vector<std::pair<std::string, std::string>>& brand_list,
                     const std::string& output, const std::string& p) {
    const std::string op = pointer_append(p, "output");
    const std::size_t room = kMaxBatchJobs - jobs_.size();
    if (topics.size() > room || langs.size() > room || layout_list.size() > room || brand_list.size() > room ||
        topics.size() * langs.size() > room || topics.size() * langs.size() * layout_list.size() > room ||
        topics.size() * langs.size() * layout_list.size() * brand_list.size() > room) {
      r_.error(op, "the manifest would make more than " + std::to_string(kMaxBatchJobs) + " jobs");
      return;
    }
    // Shared by the jobs of a layout and brand, not one a job.
    std::vector<std::shared_ptr<const JobSites>> cell_sites;  // by layout, then brand
    for (const auto& [layout_name, layout_path] : layout_list) {
      for (const auto& [brand_name, brand_path] : brand_list) {
        cell_sites.push_back(JobSites::of_matrix(kept_, p, articles_listed, layout_name, brand_path.empty() ? "" : brand_name));
      }
    }
    for (const auto& topic : topics) {
      for (const auto& lang : langs) {
        for (std::size_t l = 0; l < layout_list.size(); ++l) {
         const auto& [layout_name, layout_path] = layout_list[l];
         for (std::size_t b = 0; b < brand_list.size(); ++b) {
          const auto& [brand_name, brand_path] = brand_list[b];
          const MatrixPoint at{&topic, &lang, &layout_name, &brand_name};
          BatchJob job;
          job.output = expand(output, at);
          if (auto why = check_output_name(job.output); !why.empty()) {
            // One report per matrix: the pattern is what is wrong, not each job.
            r_.error(op, "output \"" + job.output + "\" (" + describe(at) + ") " + why);
            return;
          }
          for (const auto& pattern : patterns) job.articles.push_back(resolve(expand(pattern, at)));
          job.layout = layout_path;
          job.brand = brand_path;
          job.sites = cell_sites[l * brand_list.size() + b];
          jobs_.push_back(std::move(job));
         }
        }
      }
    }
  }

  void check_unique_outputs() {
    std::map<std::string_view, std::size_t> first;
    int reported = 0, more = 0;
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      auto [it, fresh] = first.emplace(jobs_[i].output, i);
      if (fresh) continue;
      if (reported++ >= kMaxDuplicateReports) {
        ++more;
        continue;
      }
      const Location a = jobs_[it->second].where();
      sink_.error(jobs_[i].where(), "output \"" + jobs_[i].output + "\" is also made by the job at " +
                                      std::to_string(a.line) + ":" + std::to_string(a.column) +
                                      " (" + a.pointer + ")");
    }
    // Outputs that differ only in letter case ("x.PDF" and "X.pdf", "Knee/a.pdf" and
    // "knee/a.pdf", "Ärzte.pdf" and "ärzte.pdf") or in how an accent is encoded ("é" as one
    // character or as "e" and a combining accent) are one file on a file system that ignores
    // them (Windows and macOS, the SMB shares clinics keep handouts on): the later job would
    // silently replace the earlier. Only outputs with a capital letter or a character past
    // ASCII can meet another so: only they are folded (file_name_fold) and kept here.
    std::map<std::string, std::size_t> folded;  // those outputs, folded
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      const std::string& out = jobs_[i].output;
      if (std::none_of(out.begin(), out.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (static_cast<unsigned char>(c) & 0x80) != 0;
          }))
        continue;
      if (first.find(out)->second != i) continue;  // an exact duplicate, reported above
      std::string key = file_name_fold(out);
      std::size_t other = i;
      if (const auto lower = first.find(key); lower != first.end()) other = lower->second;
      if (const auto [it, fresh] = folded.emplace(std::move(key), i); !fresh) other = std::min(other, it->second);
      if (other == i) continue;
      if (reported++ >= kMaxDuplicateReports) {
        ++more;
        continue;
      }
      const BatchJob& a = jobs_[std::min(i, other)];
      const BatchJob& b = jobs_[std::max(i, other)];
      const bool case_only = file_name_fold(a.output, false) == file_name_fold(b.output, false);
      const Location at = a.where();
      sink_.error(b.where(), "output \"" + b.output + "\" differs only in " +
                                 (case_only ? "letter case" : "letter case or in how its accents are encoded") +
                                 " from \"" + a.output +
                                 "\", made by the job at " + std::to_string(at.line) + ":" +
                                 std::to_string(at.column) + " (" + at.pointer +
                               "): on a file system that ignores case (Windows, macOS, SMB shares) they are one "
                               "file; name them apart");
    }
    // A job's PDF where another job needs a folder ("x.pdf" and "x.pdf/y.pdf"): the folder
    // is made first and the PDF could not be written (exit 1 after the other jobs ran).
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      const std::string_view out = jobs_[i].output;
      for (auto slash = out.find('/'); slash != std::string_view::npos; slash = out.find('/', slash + 1)) {
        const auto it = first.find(out.substr(0, slash));
        if (it == first.end()) continue;
        if (reported++ >= kMaxDuplicateReports) {
          ++more;
          break;
        }
        const Location a = jobs_[it->second].where();
        sink_.error(jobs_[i].where(), "output \"" + jobs_[i].output + "\" needs a folder \"" +
                                        std::string(out.substr(0, slash)) + "\", which the job at " +
                                        std::to_string(a.line) + ":" + std::to_string(a.column) + " (" +
                                        a.pointer + ") writes as its PDF");
        break;
      }
    }
    if (more > 0) {
      sink_.error(doc_.locate(""), std::to_string(more) + " more duplicate outputs not listed");
    }
  }

  std::shared_ptr<const JsonDoc> kept_;  ///< what the jobs' sites locate in
  const JsonDoc& doc_;
  DiagSink& sink_;
  JsonReader r_;
  fs::path base_;
  std::vector<BatchJob> jobs_;
};

}  // namespace

std::string check_output_name(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name.front() == '/') return "is an absolute path; outputs are relative to --out-dir";
  if (name.find('\\') != std::string_view::npos)
    return "has a backslash; use \"/\" between folders";
  if (has_control_char(name)) return "has a control character";
  if (!ends_with_pdf(name)) return "does not end in \".pdf\"";
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = name.find('/', start);
    const std::string_view part = name.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty()) return "has an empty folder name (\"//\" or a trailing \"/\")";
    if (part == "." || part == "..")
      return "has \"" + std::string(part) + "\"; outputs must stay inside --out-dir";
    if (part.front() == '.') return "has a name starting with \".\" (reserved for temporary files)";
    if (part.size() > kMaxOutputFileName)
      return "has a name longer than " + std::to_string(kMaxOutputFileName) + " bytes";
    if (slash == std::string_view::npos) break;
    if (start == 0 && is_report_name(part))
      return "has a folder \"" + std::string(part) + "\" in --out-dir, where the batch writes its report of that name";
    start = slash + 1;
  }
  return "";
}

std::shared_ptr<const JobSites> JobSites::of_job(std::shared_ptr<const JsonDoc> manifest, std::string job) {
  std::shared_ptr<JobSites> s(new JobSites());
  s->manifest_ = std::move(manifest);
  s->base_ = std::move(job);
  return s;
}

std::shared_ptr<const JobSites> JobSites::of_matrix(std::shared_ptr<const JsonDoc> manifest, std::string matrix,
                                                    bool articles_listed, std::string layout, std::string brand) {
  std::shared_ptr<JobSites> s(new JobSites());
  s->manifest_ = std::move(manifest);
  s->base_ = std::move(matrix);
  s->matrix_ = true;
  s->articles_listed_ = articles_listed;
  s->layout_name_ = std::move(layout);
  s->brand_name_ = std::move(brand);
  return s;
}

Location JobSites::at(const std::string& pointer) const { return manifest_->locate(pointer); }

Location JobSites::where() const { return at(pointer_append(base_, "output")); }

Location JobSites::article(std::size_t i) const {
  const std::string list = pointer_append(base_, "articles");
  return at(articles_listed_ ? pointer_append(list, i) : list);
}

Location JobSites::layout() const {
  return at(matrix_ ? pointer_append(pointer_append(base_, "layouts"), layout_name_) : pointer_append(base_, "layout"));
}

Location JobSites::brand() const {
  if (matrix_ && brand_name_.empty()) return Location{};
  return at(matrix_ ? pointer_append(pointer_append(base_, "brands"), brand_name_) : pointer_append(base_, "brand"));
}

const std::string& JobSites::file() const { return manifest_->file(); }

void locate_in_manifest(const BatchJob& job, Diag& d) {
  if (d.where.line != 0 || d.where.file.empty() || !job.sites) return;
  // Located only for the diagnostic that needs it.
  auto move = [&](const char* what, const std::string& file, auto where) {
    if (d.where.file != file) return false;
    Location at = where();
    if (at.line == 0) return false;
    d.message = std::string(what) + " \"" + file + "\": " + d.message;
    d.where = std::move(at);
    return true;
  };
  const JobSites& sites = *job.sites;
  for (std::size_t i = 0; i < job.articles.size(); ++i) {
    if (move("article", job.articles[i], [&] { return sites.article(i); })) return;
  }
  if (move("layout", job.layout, [&] { return sites.layout(); })) return;
  if (!job.brand.empty()) (void)move("brand", job.brand, [&] { return sites.brand(); });
}

std::optional<Manifest> read_manifest(std::shared_ptr<const JsonDoc> doc, DiagSink& sink) {
  const JsonDoc& values = *doc;
  return ManifestReader(values, std::move(doc), sink).read();
}

std::optional<Manifest> read_manifest(const JsonDoc& doc, DiagSink& sink) {
  auto kept = std::make_shared<JsonDoc>(doc);
  kept->drop_tree();
  return ManifestReader(doc, std::move(kept), sink).read();
}

bool check_manifest_paths(const Manifest& manifest, const InputLimits& limits, DiagSink& sink) {
  const Confinement confinement(manifest.file, limits.allowed_paths);
  std::set<std::string> reported;
  // Each file is resolved once (a seed named by 2,000 jobs cost 2,000 resolutions, ten
  // system calls each, before the first job started).
  std::map<std::string, bool> allowed;
  bool ok = true;
  // Where a refused file is named is located only then.
  auto check = [&](const char* what, const std::string& file, auto where) {
    auto [it, fresh] = allowed.try_emplace(file, false);
    if (fresh) it->second = confinement.allows(file);
    if (it->second) return;
    ok = false;
    if (!reported.insert(file).second) return;
    sink.error(where(), std::string(what) + " \"" + file + "\" resolves to " + Confinement::resolved(file) +
                            ", outside the manifest's folders (its own folder and fonts/, content/, layouts/ "
                            "beside it); pass --allow-path with its folder to permit it");
  };
  for (const auto& job : manifest.jobs) {
    for (std::size_t i = 0; i < job.articles.size(); ++i) {
      check("article", job.articles[i], [&] { return job.sites->article(i); });
    }
    check("layout", job.layout, [&] { return job.sites->layout(); });
    if (!job.brand.empty()) check("brand", job.brand, [&] { return job.sites->brand(); });
  }
  return ok;
}

std::optional<Manifest> load_manifest(const std::string& path, DiagSink& sink,
                                      const InputLimits& limits) {
  auto loaded = load_json_file(path, sink, limits);
  if (!loaded) return std::nullopt;
  auto doc = std::make_shared<JsonDoc>(std::move(*loaded));
  auto manifest = read_manifest(std::shared_ptr<const JsonDoc>(doc), sink);
  doc->drop_tree();  // the jobs keep the text and locations, not the values
  if (!manifest || !check_manifest_paths(*manifest, limits, sink)) return std::nullopt;
  return manifest;
}

}  // namespace handout
