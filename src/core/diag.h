// Diagnostics: the first kind of failure (bad input) travels as values, never as
// exceptions, and always carries a location a person can find in their file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace handout {

enum class Severity : std::uint8_t { kError, kWarning, kNote };

/// Where a problem is: a file, a 1-based line and column, and a JSON pointer.
/// Any part may be empty/zero when it is not known.
struct Location {
  Location() = default;
  Location(std::string file_, int line_ = 0, int column_ = 0, std::string pointer_ = {})
      : file(std::move(file_)), line(line_), column(column_), pointer(std::move(pointer_)) {}

  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;
  /// The text of the source line (cut around the column when it is long), for showing
  /// it with a caret under the column; empty when not known.
  std::string source_line;
  /// The column in `source_line` that `column` stands for (1-based; 0: not shown).
  int source_column = 0;
  /// How many characters from the column the problem spans (0 or 1: just the column).
  int span = 0;
};

/// One diagnostic message.
struct Diag {
  Severity severity = Severity::kError;
  Location where;
  std::string message;
};

/// "error", "warning" or "note".
[[nodiscard]] const char* severity_name(Severity s);

/// Formats as `file:line:col: error: message (at /json/pointer)`, with control
/// characters from the input escaped so they never reach a terminal.
[[nodiscard]] std::string format_diag(const Diag& d);

/// `s` with C0 and C1 control characters, DEL, the bidi embedding/override/isolate controls
/// and the direction marks (U+200E, U+200F, U+061C) written as "\x1B" or "<U+202E>", and
/// ill-formed UTF-8 as "\xNN": safe to print on a terminal, where they could otherwise move the
/// cursor, change colours or reorder the line.
[[nodiscard]] std::string terminal_safe(std::string_view s);

/// JSON text `json` with the same bidi controls and marks written as "\u202E" escapes: the
/// same JSON to a parser, but a log viewer or terminal showing the text as it is no longer
/// reorders it (an article's "\u202E" echoed in a message). Other characters, Arabic letters
/// included, are kept as they are.
[[nodiscard]] std::string json_safe(std::string json);

/// Collects diagnostics of one run (one document, or one batch job). Keeps the first
/// `kMaxKept` and only counts the rest, so a file with a million mistakes costs little; an
/// error met when the sink is full takes the place of the last warning kept.
class DiagSink {
 public:
  static constexpr std::size_t kMaxKept = 100;

  void error(Location where, std::string message);
  void warning(Location where, std::string message);
  void add(Diag d);

  [[nodiscard]] bool has_errors() const { return errors_ > 0; }
  [[nodiscard]] int error_count() const { return errors_; }
  [[nodiscard]] int warning_count() const { return warnings_; }
  /// Whether a new diagnostic would only be counted (callers may skip locating it).
  [[nodiscard]] bool full() const { return diags_.size() >= kMaxKept; }
  /// Diagnostics counted but not kept, by severity.
  [[nodiscard]] int dropped_errors() const { return dropped_errors_; }
  [[nodiscard]] int dropped_warnings() const { return dropped_warnings_; }
  [[nodiscard]] const std::vector<Diag>& all() const { return diags_; }
  /// With strict set, warnings count as errors (batch jobs that must be clean).
  void set_strict(bool strict) { strict_ = strict; }
  [[nodiscard]] bool failed() const { return errors_ > 0 || (strict_ && warnings_ > 0); }

 private:
  std::vector<Diag> diags_;
  int errors_ = 0;
  int warnings_ = 0;
  int dropped_errors_ = 0;
  int dropped_warnings_ = 0;
  bool strict_ = false;
};

}  // namespace handout
