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

/// Where a job's parts are written in the manifest. The jobs of a matrix share them (one per
/// layout and brand): a million jobs each holding four copies, source lines included, took
/// about 1 KB a job.
struct JobSites {
  /// Where the job is written (for a matrix: its "output" pattern).
  Location where;
  /// Where each input path is written (for a matrix: its pattern or its named entry),
  /// so a refused path is reported at its own key.
  std::vector<Location> articles;
  Location layout;
  Location brand;
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
  [[nodiscard]] const Location& where() const { return sites->where; }
};

/// A validated manifest.
struct Manifest {
  std::string file;            ///< the manifest's own path
  std::vector<BatchJob> jobs;  ///< "jobs" first, then each matrix expanded in order
};

/// The most jobs one manifest may make; a matrix that multiplies past it is refused
/// before it can exhaust memory.
inline constexpr std::size_t kMaxBatchJobs = 1'000'000;

/// Validates a parsed manifest and expands its matrices. Nothing on any error.
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
