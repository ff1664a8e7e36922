// handout: typesets patient handouts (JSON article + JSON layout) into PDF, as a library.
//
// The stable public API (version 1). Everything else in the handout sources is internal and
// may change; this header uses only the standard library.
//
//   handout::Typesetter typesetter;                       // loads fonts lazily, once
//   handout::Result r = typesetter.render({{"en.json", article_json}}, "a4");
//   if (r.ok()) write(r.pdf); else for (auto& d : r.diagnostics) std::cerr << d.to_string() << "\n";
//
// One Typesetter keeps the fonts, hyphenation dictionaries, parsed bundled layouts and the
// font-subset cache for every render; it is safe to call from many threads at once.
// Bad input never throws: it comes back as Result::status and Result::diagnostics.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#define HANDOUT_API_VERSION 1
#if defined(__GNUC__)
#define HANDOUT_API __attribute__((visibility("default")))
#else
#define HANDOUT_API
#endif

namespace handout {

/// The library's version, "MAJOR.MINOR.PATCH".
[[nodiscard]] HANDOUT_API const char* version();

/// One problem found in the input, located in the JSON text it came from.
struct Diagnostic {
  enum class Severity { kError, kWarning, kNote };
  Severity severity = Severity::kError;
  std::string file;     ///< the Source::name (or "request" for render_request), or a data file
  int line = 0;         ///< 1-based; 0 when not known
  int column = 0;       ///< 1-based, in code points; 0 when not known
  std::string pointer;  ///< JSON pointer (RFC 6901) of the value at fault, "" for the root
  std::string message;
  /// `file:line:col: error: message (at /pointer)`, as the `handout` command prints it.
  [[nodiscard]] HANDOUT_API std::string to_string() const;
};

/// What became of a render or a validation.
enum class Status {
  kOk,         ///< done (render: Result::pdf holds the PDF)
  kBadInput,   ///< the input is wrong; the diagnostics say where (HTTP 400, exit status 2)
  kOverLimit,  ///< the input is over one of the Settings' limits (HTTP 422)
  kTimedOut,   ///< the render ran past Settings::time_limit and was cancelled (HTTP 422)
};

/// Limits and choices for one call. The defaults are those of the `handout` command.
struct Settings {
  std::size_t max_input_bytes = 2u * 1024u * 1024u;   ///< largest JSON text
  int max_depth = 64;                                  ///< deepest JSON nesting
  std::size_t max_text = 100000;                       ///< most code points in one block's text
  std::size_t max_pages = 500;                         ///< most pages in one handout
  bool strict = false;  ///< layout warnings fail the render (as `--strict`)
  bool greedy = false;  ///< greedy line breaking instead of optimal (total-fit)
  /// Seconds since the epoch for the PDF's dates (as SOURCE_DATE_EPOCH); unset: the
  /// article's "reviewed" date. Never the clock, so the same input gives the same bytes.
  std::optional<long long> creation_time;
  /// Time a render may take before it is cancelled (checked between blocks and before the
  /// PDF is written); zero: no limit.
  std::chrono::milliseconds time_limit{0};
};

/// The outcome of a call: a status, the PDF bytes (render, when ok), and every diagnostic
/// (warnings too, when ok).
struct Result {
  Status status = Status::kBadInput;
  std::string pdf;
  std::vector<Diagnostic> diagnostics;
  int pages = 0;
  [[nodiscard]] bool ok() const { return status == Status::kOk; }
  /// The diagnostics as JSON, the same document `handout render --diagnostics json` prints:
  /// {"diagnostics": [{"severity", "file", "line", "column", "pointer", "message"}, ...],
  ///  "errors": N, "warnings": N}.
  [[nodiscard]] HANDOUT_API std::string diagnostics_json() const;
};

/// A JSON document in memory. `name` is what diagnostics call it (a file name, say).
struct Source {
  std::string name;
  std::string json;
};

/// The engine: fonts, dictionaries, caches and the bundled data. Thread-safe; make one per
/// process and share it.
class HANDOUT_API Typesetter {
 public:
  /// Uses the data (fonts, layouts, hyphenation patterns) in `data_dir`, or when empty the
  /// installed data: share/handout beside the library, then $HANDOUT_DATA_DIR.
  /// Throws std::runtime_error when there is no data there (an installation problem).
  explicit Typesetter(std::string data_dir = {});
  ~Typesetter();
  Typesetter(const Typesetter&) = delete;
  Typesetter& operator=(const Typesetter&) = delete;

  /// The data folder in use.
  [[nodiscard]] const std::string& data_dir() const;
  /// The bundled layouts by name ("a4", "letter", "bilingual-parallel", ...), sorted.
  [[nodiscard]] std::vector<std::string> layouts() const;

  /// Renders one article (or two translations, for a bilingual layout) with a bundled
  /// layout, by name.
  [[nodiscard]] Result render(const std::vector<Source>& articles, std::string_view layout_name,
                              const Settings& settings = {}) const;
  /// The same with a layout given as JSON text. Its fonts and logos are read from the
  /// bundled data only (its relative paths resolve as if it were in data_dir()/layouts).
  [[nodiscard]] Result render(const std::vector<Source>& articles, const Source& layout,
                              const Settings& settings = {}) const;

  /// Renders a request: one JSON object
  ///   {"articles": [article, ...], "layout": "a4" | {layout}, "brand": "name" | {brand}}
  /// (layout defaults to "a4"; brand, optional: a brand object in the format of
  /// brands/brand.schema.json, its logo among the data's brands/, or the name of a bundled
  /// brand; the same as `handout render --brand`). An article's pictures (a figure's "src")
  /// are read as if it were in data_dir()/content, and never from outside that folder.
  /// Diagnostics are located in `body` (file "request", pointers such as /articles/0/blocks/3).
  [[nodiscard]] Result render_request(std::string_view body, const Settings& settings = {}) const;
  /// Checks a request as render_request() renders it, every stage short of writing the PDF:
  /// the JSON, the articles, the layout, the brand, that two translations correspond, and
  /// what laying the pages out finds (a header's or footer's text cut short, a word broken
  /// between letters, a picture scaled down to fit, the page limit). The same status and
  /// diagnostics as render_request(), and Result::pages; Result::pdf stays empty. The time
  /// limit applies as to a render.
  [[nodiscard]] Result validate_request(std::string_view body, const Settings& settings = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace handout
