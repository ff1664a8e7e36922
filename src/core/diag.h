// Diagnostics: the first kind of failure (bad input) travels as values, never as
// exceptions, and always carries a location a person can find in their file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace handout {

enum class Severity : std::uint8_t { kError, kWarning, kNote };

/// Where a problem is: a file, a 1-based line and column, and a JSON pointer.
/// Any part may be empty/zero when it is not known.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;
};

/// One diagnostic message.
struct Diag {
  Severity severity = Severity::kError;
  Location where;
  std::string message;
};

/// "error", "warning" or "note".
[[nodiscard]] const char* severity_name(Severity s);

/// Formats as `file:line:col: error: message (at /json/pointer)`.
[[nodiscard]] std::string format_diag(const Diag& d);

/// Collects diagnostics of one run (one document, or one batch job).
class DiagSink {
 public:
  void error(Location where, std::string message);
  void warning(Location where, std::string message);
  void add(Diag d);

  [[nodiscard]] bool has_errors() const { return errors_ > 0; }
  [[nodiscard]] int error_count() const { return errors_; }
  [[nodiscard]] const std::vector<Diag>& all() const { return diags_; }
  /// With strict set, warnings count as errors (batch jobs that must be clean).
  void set_strict(bool strict) { strict_ = strict; }
  [[nodiscard]] bool failed() const { return errors_ > 0 || (strict_ && warnings_ > 0); }

 private:
  std::vector<Diag> diags_;
  int errors_ = 0;
  int warnings_ = 0;
  bool strict_ = false;
};

}  // namespace handout
