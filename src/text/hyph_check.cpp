// check_hyphenation_dictionary (text/hyphenator.h): on its own, so that the build's
// dictionary precompiler (tools/hyph_precompile.cpp) runs the same check as the engine.
#include <algorithm>
#include <string>

#include "text/hyphenator.h"

namespace handout {

namespace {

// libhyphen reads a line into a buffer of 100 bytes (MAX_CHARS, with the line end and
// the NUL) and the encoding name into one of 20 (MAX_NAME).
constexpr std::size_t kMaxLine = 96;
constexpr std::size_t kMaxEncoding = 19;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::optional<DictionaryProblem> check_keyword(std::string_view line, int n) {
  for (std::string_view key : {"COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN", "LEFTHYPHENMIN", "RIGHTHYPHENMIN"}) {
    if (!starts_with(line, key)) continue;
    std::size_t i = key.size();
    while (i < line.size() && is_blank(line[i])) ++i;
    std::size_t digits = 0;
    int value = 0;
    while (i < line.size() && line[i] >= '0' && line[i] <= '9' && digits < 3) value = value * 10 + (line[i++] - '0'), ++digits;
    while (i < line.size() && is_blank(line[i])) ++i;
    if (digits == 0 || i != line.size() || value > 20) {
      return DictionaryProblem{n, static_cast<int>(key.size()) + 1,
                               std::string(key) + " needs one number from 0 to 20"};
    }
    return std::nullopt;
  }
  if (starts_with(line, "NEXTLEVEL")) {
    if (std::any_of(line.begin() + 9, line.end(), [](char c) { return !is_blank(c); })) {
      return DictionaryProblem{n, 10, "NEXTLEVEL takes nothing after it"};
    }
    return std::nullopt;
  }
  if (starts_with(line, "NOHYPHEN")) {
    if (std::all_of(line.begin() + 8, line.end(), is_blank)) {
      return DictionaryProblem{n, 9, "NOHYPHEN needs a list of characters"};
    }
    return std::nullopt;
  }
  return DictionaryProblem{};  // not a keyword line (line 0 says so)
}

std::optional<DictionaryProblem> check_pattern(std::string_view line, int n) {
  auto at = [n](std::size_t i, std::string message) {
    return DictionaryProblem{n, static_cast<int>(i) + 1, std::move(message)};
  };
  std::size_t end = 0;
  while (end < line.size() && !is_blank(line[end])) ++end;
  for (std::size_t i = end; i < line.size(); ++i) {
    if (!is_blank(line[i])) return at(i, "text after the pattern (one pattern per line)");
  }
  const std::string_view p = line.substr(0, end);
  std::size_t letters = 0;
  bool digit_before = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c >= '0' && c <= '9') {
      if (digit_before) return at(i, "two digits in a row in a pattern (one digit between two letters)");
      digit_before = true;
      continue;
    }
    digit_before = false;
    if (c == '/') return at(i, "replacement rules (\"/\") are not supported; use plain patterns");
    if (c == '.') {
      const bool first = letters == 0;
      const bool last = std::none_of(p.begin() + static_cast<std::ptrdiff_t>(i) + 1, p.end(),
                                     [](char x) { return x < '0' || x > '9'; });
      if (!first && !last) return at(i, "\".\" in the middle of a pattern (it marks a word's start or end)");
      if (first && i > 0) return at(0, "a digit before the \".\" that starts a word (no position is there)");
      if (last && i + 1 < p.size() && letters > 0) {
        return at(i + 1, "a digit after the \".\" that ends a word (no position is there)");
      }
    } else if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c != '\'' && c != '-') {
      return at(i, "unexpected character in a pattern (letters, \".\" and digits only)");
    }
    ++letters;
  }
  if (letters == 0) return at(0, "a pattern without letters");
  return std::nullopt;
}

}  // namespace

std::optional<DictionaryProblem> check_hyphenation_dictionary(std::string_view text) {
  if (text.size() > kMaxDictionaryBytes) {
    return DictionaryProblem{1, 1, "the dictionary is " + std::to_string(text.size()) + " bytes, over the limit of " +
                                       std::to_string(kMaxDictionaryBytes)};
  }
  if (text.find('\0') != std::string_view::npos) {
    const std::string_view before = text.substr(0, text.find('\0'));
    return DictionaryProblem{static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1, 1,
                             "a NUL byte (this is not a text file)"};
  }
  int n = 0;
  while (!text.empty()) {
    ++n;
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (n == 1) {
      if (line.empty() || line.size() > kMaxEncoding ||
          std::any_of(line.begin(), line.end(), [](char c) { return c <= ' ' || c > '~'; })) {
        return DictionaryProblem{1, 1, "line 1 must name the encoding (such as UTF-8)"};
      }
      continue;
    }
    if (line.empty() || line.front() == '%') continue;  // libhyphen skips comments
    if (line.size() > kMaxLine) {
      return DictionaryProblem{n, static_cast<int>(kMaxLine) + 1,
                               "line longer than " + std::to_string(kMaxLine) + " bytes (libhyphen would skip it)"};
    }
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      if ((c < ' ' && c != '\t') || c == 0x7F) {
        return DictionaryProblem{n, static_cast<int>(i) + 1, "a control character (byte " + std::to_string(c) + ")"};
      }
    }
    if (line.front() >= 'A' && line.front() <= 'Z') {
      auto kw = check_keyword(line, n);
      if (!kw) continue;
      if (kw->line != 0) return kw;
    }
    if (auto problem = check_pattern(line, n)) return problem;
  }
  return std::nullopt;
}

}  // namespace handout
