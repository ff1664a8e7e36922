// A batch manifest: the list of handouts one `handout batch` run makes. Jobs are written
// one by one ("jobs"), or as a matrix of topics × languages × layouts × brands ("matrix"),
// or both.
// Reading is strict: every wrong type, unknown key, unsafe output name or duplicate output
// is a diagnostic with file:line:col and JSON pointer, and the whole manifest is refused.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag.h"
#include "core/json_doc.h"

namespace handout {

/// Where a job's parts are written in the manifest: JSON pointers into the manifest's text,
/// located (file, line:column, the source line for a caret) only when a diagnostic needs it.
/// The text and its index of positions are shared by every job; the jobs of a matrix share
/// their sites too (one per layout and brand). Each job once held four located copies, its
/// manifest line included: about 1 KB a job, and 14 KB a job in all with the caches' share on
/// a long list of tiny handouts.
class JobSites {
 public:
  /// A job of "jobs": `job` is its pointer ("/jobs/12").
  static std::shared_ptr<const JobSites> of_job(std::shared_ptr<const JsonDoc> manifest, std::string job);
  /// A point of a matrix: `matrix` is its pointer ("/matrix/0" or "/matrix"), `articles_listed`
  /// whether its "articles" is a list (each pattern located at its element) or one pattern;
  /// the layout and brand are the names of its "layouts" and "brands" ("": no brand).
  static std::shared_ptr<const JobSites> of_matrix(std::shared_ptr<const JsonDoc> manifest, std::string matrix,
                                                   bool articles_listed, std::string layout, std::string brand);

  /// Where the job is written (for a matrix: its "output" pattern).
  [[nodiscard]] Location where() const;
  /// Where its article `i` is written (for a matrix: its pattern), so that a refused path is
  /// reported at its own key.
  [[nodiscard]] Location article(std::size_t i) const;
  [[nodiscard]] Location layout() const;
  /// Where its brand is written (nowhere when the job has none).
  [[nodiscard]] Location brand() const;
  /// The manifest's file name.
  [[nodiscard]] const std::string& file() const;

 private:
  JobSites() = default;
  [[nodiscard]] Location at(const std::string& pointer) const;
  std::shared_ptr<const JsonDoc> manifest_;
  std::string base_;  ///< the job's or the matrix's pointer
  bool matrix_ = false;
  bool articles_listed_ = true;
  std::string layout_name_;  ///< a matrix's layout and brand names
  std::string brand_name_;
};

/// One handout to make.
struct BatchJob {
  /// Article files, resolved against the manifest's folder: one, or two translations for
  /// a bilingual layout (the engine checks that the layout takes that many).
  std::vector<std::string> articles;
  /// Layout file, resolved against the manifest's folder.
  std::string layout;
  /// Brand file (a clinic's branding), resolved against the manifest's folder; empty: none.
  std::string brand;
  /// A plain relative path inside the output folder (checked by check_output_name).
  std::string output;
  /// Where it is written in the manifest (never null in a read manifest).
  std::shared_ptr<const JobSites> sites;
  /// Where the job is written (located now: see JobSites).
  [[nodiscard]] Location where() const { return sites ? sites->where() : Location{}; }
};

/// A validated manifest.
struct Manifest {
  std::string file;            ///< the manifest's own path
  std::vector<BatchJob> jobs;  ///< "jobs" first, then each matrix expanded in order
};

/// The most jobs one manifest may make; a matrix that multiplies past it is refused
/// before it can exhaust memory.
inline constexpr std::size_t kMaxBatchJobs = 1'000'000;

/// Validates a parsed manifest and expands its matrices. Nothing on any error. The jobs keep
/// `doc` for their locations (a caller may drop_tree() it afterwards).
[[nodiscard]] std::optional<Manifest> read_manifest(std::shared_ptr<const JsonDoc> doc, DiagSink& sink);
/// The same, the jobs keeping a copy of `doc`'s text and locations (not of its values).
[[nodiscard]] std::optional<Manifest> read_manifest(const JsonDoc& doc, DiagSink& sink);
/// Checks that every article and layout of `manifest` lies in the manifest's folder, the
/// fonts/, content/ and layouts/ folders beside it, or a folder of `limits.allowed_paths`.
[[nodiscard]] bool check_manifest_paths(const Manifest& manifest, const InputLimits& limits, DiagSink& sink);
/// Reads, parses and validates a manifest file (its paths confined, as above).
[[nodiscard]] std::optional<Manifest> load_manifest(const std::string& path, DiagSink& sink,
                                                    const InputLimits& limits = {});

/// Moves a diagnostic about one of `job`'s input files as a whole (it cannot be opened, is a
/// folder, is over the size limit: located at the file with no line) to where the manifest
/// names that file, with the file in the message. Alone, "missing.json: error: cannot open
/// file" did not say which manifest entry named it. Other diagnostics are left as they are.
void locate_in_manifest(const BatchJob& job, Diag& d);

/// Why `name` cannot be an output name, or "" when it can. An output name is a relative
/// path of plain components ending in ".pdf": not absolute, no "." or "..", no empty or
/// hidden (dot-first) component, no backslash or control character, and a file name
/// short enough that its temporary sibling (see output_file.h) still fits.
[[nodiscard]] std::string check_output_name(std::string_view name);

}  // namespace handout
