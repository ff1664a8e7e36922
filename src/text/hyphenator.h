// Hyphenation points from libhyphen's pattern dictionaries. Each dictionary is read and
// checked once, then built from that text into libhyphen's automaton by text/hyph_dict
// (faster than libhyphen's own loader) when first used, and then only read (shared by all
// threads). A file with the text of a bundled dictionary (same size and hash) is neither
// checked nor built: its automaton was, when handout was built (tools/hyph_precompile.cpp).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag.h"
#include "text/hyph_dict.h"

struct _HyphenDict;

namespace handout {

/// What is wrong with a hyphenation dictionary, and where (1-based line and column).
struct DictionaryProblem {
  int line = 0;
  int column = 0;
  std::string message;
};

/// Largest hyphenation dictionary read: libhyphen builds a state per pattern prefix, so
/// memory grows with the file (the bundled English one is 104 KB).
inline constexpr std::size_t kMaxDictionaryBytes = 1024 * 1024;

/// Checks the text of a libhyphen dictionary before libhyphen reads it. libhyphen trusts
/// its input: a digit before a leading "." (as in "3.d45399") makes it write before its
/// buffer, a replacement rule ("/") indexes by numbers from the file, an empty NOHYPHEN
/// writes before its string, and lines too long for its buffer are skipped. So only the
/// plain pattern format is accepted: the encoding on line 1; then comments ("%"), the
/// keywords LEFTHYPHENMIN, RIGHTHYPHENMIN, COMPOUNDLEFTHYPHENMIN, COMPOUNDRIGHTHYPHENMIN
/// (with a number up to 20), NOHYPHEN (with a list), NEXTLEVEL, and patterns: letters with
/// single digits between them, "." only at either end and no digit outside it.
[[nodiscard]] std::optional<DictionaryProblem> check_hyphenation_dictionary(std::string_view text);

class Hyphenator {
 public:
  Hyphenator() = default;
  ~Hyphenator();
  Hyphenator(const Hyphenator&) = delete;
  Hyphenator& operator=(const Hyphenator&) = delete;

  /// Positions i (0 < i < word.size()) before which `word` may be hyphenated, using
  /// `dir`/hyph_<lang>.dic. Empty when there is no dictionary or the word has letters
  /// the dictionary does not know.
  [[nodiscard]] std::vector<std::size_t> points(const std::u32string& word, const std::string& lang,
                                                const std::string& dir) const;

  /// Checks every hyph_*.dic in `dir` (each file once per process) and reports what is
  /// wrong with one as an error at its file:line:col. True when all are sound. A
  /// dictionary that fails is never handed to libhyphen (points() then finds none).
  bool check_dir(const std::string& dir, DiagSink& sink) const;

 private:
  _HyphenDict* dict_for(const std::string& path) const;
  /// The bundled dictionary's image when `path` is one (read in place), else null.
  const HyphImage* image_for(const std::string& path) const;
  /// The file's problem, if any (checked once; the caller holds mutex_).
  const std::optional<Diag>& problem_locked(const std::string& path) const;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::unique_ptr<HyphDict>> dicts_;  ///< by path; null = none there
  mutable std::map<std::string, std::optional<Diag>> checked_;  ///< by file path
  mutable std::map<std::string, std::string> sound_texts_;  ///< checked, not yet built, by path
  mutable std::map<std::string, const BundledHyphDict*> bundled_;  ///< files that are a bundled dictionary
  mutable std::map<std::string, std::optional<HyphImage>> images_;  ///< by path; none: not a bundled one
};

}  // namespace handout
