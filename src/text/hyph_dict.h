// Builds libhyphen's automaton (a HyphenDict) from a pattern dictionary file ourselves,
// checking every line first. libhyphen still hyphenates (hnj_hyphen_hyphenate3 reads the
// same structure); only loading is ours: libhyphen's loader costs about a third of a
// one-handout process (a hash table entry and several allocations per state, fallback
// states by hashing every suffix), and it trusts its input (a digit before a word-start
// dot makes it write before its buffer). This builds the same states, transitions,
// fallback states and matches from a flat trie into a few arrays, and refuses a malformed
// file with its line. tests/unit/hyph_dict_test.cpp checks both hyphenate alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct _HyphenDict;

namespace handout {

/// Why a dictionary was refused: the 1-based line (0: the file as a whole) and a message.
struct HyphDictError {
  int line = 0;
  std::string message;
};

struct BuiltLevel;

/// A loaded dictionary: libhyphen's structure, in arrays this object owns.
class HyphDict {
 public:
  HyphDict() = default;
  ~HyphDict();
  HyphDict(const HyphDict&) = delete;
  HyphDict& operator=(const HyphDict&) = delete;
  /// What hnj_hyphen_hyphenate3 takes; valid while this object lives.
  [[nodiscard]] _HyphenDict* get() const;

 private:
  friend std::unique_ptr<HyphDict> build_hyph_dict(std::string_view, const std::string&, HyphDictError&, bool);
  friend std::string hyph_dict_image(const HyphDict&);
  friend std::unique_ptr<HyphDict> hyph_dict_from_image(std::string_view);
  std::vector<std::unique_ptr<BuiltLevel>> levels_;
  std::size_t top_ = 0;
  _HyphenDict* libhyphen_ = nullptr;  ///< unused since replacement rules are refused
};

/// A dictionary built from `text` (the whole file), or null with `error` set. Files using
/// non-standard hyphenation (`/` replacements) are refused: libhyphen trusts their numbers.
/// `checked`: the text passed check_hyphenation_dictionary (text/hyphenator.h), which is
/// stricter than this builder's own checks of patterns and keywords, so those are skipped.
[[nodiscard]] std::unique_ptr<HyphDict> build_hyph_dict(std::string_view text, const std::string& path,
                                                        HyphDictError& error, bool checked = false);

/// Reads and builds `path` (at most `max_bytes`); a missing or non-regular file is an error.
[[nodiscard]] std::unique_ptr<HyphDict> load_hyph_dict(const std::string& path, HyphDictError& error,
                                                       std::size_t max_bytes = 8u << 20);

/// The built automaton as bytes (a precompiled dictionary), and back. The image holds
/// what hnj_hyphen_hyphenate3 reads (states, transitions, fallback states, matches,
/// keywords), so a dictionary made from it hyphenates exactly as the one it was made from.
/// hyph_dict_from_image returns null for bytes that are not such an image.
[[nodiscard]] std::string hyph_dict_image(const HyphDict& dict);
[[nodiscard]] std::unique_ptr<HyphDict> hyph_dict_from_image(std::string_view image);

/// A dictionary image read where it lies (the bundled ones are in the program's read-only
/// data): hyphenate() walks the image's states for a word of the letters a-z as
/// hnj_hyphen_hyphenate3 walks libhyphen's structure, and touches only the states the word
/// reaches. Building that structure from the English image zero-fills about 0.9 MB of
/// states and transitions (about 230 page faults, a sixth of an English render's).
class HyphImage {
 public:
  /// The image's levels, or nothing when `image` is not an image. Only the headers and
  /// sizes are checked here; each state and transition is checked when it is read. The
  /// walker keeps views into `image`: the image must outlive it (the bundled images are in
  /// the program's read-only data).
  [[nodiscard]] static std::optional<HyphImage> open(std::string_view image);
  /// hnj_hyphen_hyphenate3(dict, word, ..., lhmin, rhmin, lhmin, rhmin) for `word` of the
  /// letters a-z: `hyphens` gets what libhyphen writes there (hyphens[i] odd: a break after
  /// letter i). False when libhyphen must answer instead: a letter outside a-z, a first
  /// level that splits the word as a compound, a NOHYPHEN string that could occur in it,
  /// or an image that does not hold together.
  [[nodiscard]] bool hyphenate(std::string_view word, int lhmin, int rhmin, std::vector<char>& hyphens) const;

 private:
  struct Level {
    int lhmin = 0;
    int rhmin = 0;
    bool has_nohyphen = false;
    int num_states = 0;
    std::string_view states, firsts, trans, matches, nohyphen;
  };
  bool walk(const Level& lv, std::string_view prep, std::vector<char>& raw) const;
  Level levels_[2];
  int count_ = 0;
  int top_ = 0;
};

/// hnj_hyphen_hyphenate3(dict, word, ..., lhmin, rhmin, lhmin, rhmin), with the replacement
/// arrays libhyphen allocates freed: `hyphens` is set to word.size() + 5 entries of `fill`
/// first and gets what libhyphen writes (hyphens[i] odd: a break after letter i). Returns
/// libhyphen's result (0: hyphenated).
int libhyphen_hyphenate(_HyphenDict* dict, std::string_view word, int lhmin, int rhmin, std::vector<char>& hyphens,
                        char fill = '0');

/// A 64-bit hash of a dictionary's text (to recognise a bundled dictionary's file).
[[nodiscard]] std::uint64_t hyph_text_hash(std::string_view text);

/// A dictionary of layouts/hyphenation, checked (check_hyphenation_dictionary) and built
/// when handout was built (tools/hyph_precompile.cpp writes them into the program).
struct BundledHyphDict {
  const char* name;        ///< file name, such as "hyph_en.dic"
  std::size_t text_size;   ///< the file's size and hash
  std::uint64_t text_hash;
  const unsigned char* image;  ///< hyph_dict_image of the built dictionary
  std::size_t image_size;
};

}  // namespace handout
