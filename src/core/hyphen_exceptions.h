// An article's own hyphenation (its "hyphenation" list, as TeX's \hyphenation): each word
// with hyphens where it may be broken; a word written without hyphens is never broken.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace handout {

struct HyphenExceptions {
  /// By the word in lower case, without its hyphens: positions before which it may break.
  std::map<std::u32string, std::vector<std::size_t>> words;
  /// The list as written, for cache keys.
  std::string key;
};

/// The lower case of a Latin letter (ASCII, Latin-1 and Latin Extended-A; other
/// characters unchanged).
[[nodiscard]] inline char32_t latin_lower(char32_t c) {
  if ((c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
  if (c >= 0x100 && c <= 0x137 && (c & 1) == 0) return c + 1;
  return c;
}

}  // namespace handout
