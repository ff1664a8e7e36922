// Hyphenation points from libhyphen's pattern dictionaries. Each dictionary is loaded
// once per process, on first use, and then only read (shared by all threads).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "text/hyph_dict.h"

struct _HyphenDict;

namespace handout {

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

 private:
  _HyphenDict* dict_for(const std::string& lang, const std::string& dir) const;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::unique_ptr<HyphDict>> dicts_;  ///< by path; null = none there
  mutable std::map<std::string, HyphDictError> errors_;  ///< why a present file was refused
};

}  // namespace handout
