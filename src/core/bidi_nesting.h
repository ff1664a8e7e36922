// The explicit bidi formatting characters a text opens and leaves open (an embedding,
// override or isolate pasted without its closing character), matched as UAX #9 matches
// them (rules X1-X8): U+202C POP DIRECTIONAL FORMATTING closes the innermost embedding or
// override unless an isolate is open inside it (then it is ignored); U+2069 POP DIRECTIONAL
// ISOLATE closes the innermost isolate and whatever was opened inside it, and is ignored
// when no isolate is open.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace handout {

class BidiNesting {
 public:
  /// Whether `c` is one of the characters this class counts (LRE, RLE, PDF, LRO, RLO,
  /// LRI, RLI, FSI, PDI): none is ASCII or a two-byte UTF-8 sequence.
  [[nodiscard]] static constexpr bool counts(char32_t c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
  }
  [[nodiscard]] static constexpr bool is_isolate(char32_t c) { return c >= 0x2066 && c <= 0x2068; }

  /// Takes the next character of the text (any character; only those counted matter).
  void feed(char32_t c) {
    if (!counts(c)) return;
    if (c == 0x202C) {  // PDF
      if (!open_.empty() && !is_isolate(open_.back())) open_.pop_back();
    } else if (c == 0x2069) {  // PDI
      std::size_t k = open_.size();
      while (k > 0 && !is_isolate(open_[k - 1])) --k;
      if (k > 0) open_.resize(k - 1);
    } else {
      open_.push_back(c);
    }
  }

  [[nodiscard]] bool any_open() const { return !open_.empty(); }
  /// The outermost character still open (0 when none): the one whose effect reaches furthest.
  [[nodiscard]] char32_t first_open() const { return open_.empty() ? 0 : open_.front(); }
  [[nodiscard]] std::size_t open_count() const { return open_.size(); }
  /// The characters that close what is open, innermost first: PDI for an isolate, PDF for
  /// an embedding or override.
  [[nodiscard]] std::u32string closers() const {
    std::u32string out;
    for (std::size_t k = open_.size(); k > 0; --k) out.push_back(is_isolate(open_[k - 1]) ? char32_t{0x2069} : char32_t{0x202C});
    return out;
  }

 private:
  std::vector<char32_t> open_;
};

/// Whether `c` is one of Unicode's Bidi_Control characters: the embeddings, overrides and
/// isolates BidiNesting counts, and the three marks (U+200E LEFT-TO-RIGHT MARK, U+200F
/// RIGHT-TO-LEFT MARK, U+061C ARABIC LETTER MARK). Invisible characters that reorder the text
/// around them (a mark makes the neutrals beside it, and on many terminals and log viewers
/// the whole line, take its direction); a reader sees none of them.
[[nodiscard]] constexpr bool is_bidi_control(char32_t c) {
  return BidiNesting::counts(c) || c == 0x200E || c == 0x200F || c == 0x061C;
}

/// The name of a bidi formatting character BidiNesting counts, for messages.
[[nodiscard]] constexpr const char* bidi_control_name(char32_t c) {
  switch (c) {
    case 0x202A: return "U+202A LEFT-TO-RIGHT EMBEDDING";
    case 0x202B: return "U+202B RIGHT-TO-LEFT EMBEDDING";
    case 0x202C: return "U+202C POP DIRECTIONAL FORMATTING";
    case 0x202D: return "U+202D LEFT-TO-RIGHT OVERRIDE";
    case 0x202E: return "U+202E RIGHT-TO-LEFT OVERRIDE";
    case 0x2066: return "U+2066 LEFT-TO-RIGHT ISOLATE";
    case 0x2067: return "U+2067 RIGHT-TO-LEFT ISOLATE";
    case 0x2068: return "U+2068 FIRST STRONG ISOLATE";
    case 0x2069: return "U+2069 POP DIRECTIONAL ISOLATE";
    default: return "a bidi formatting character";
  }
}

}  // namespace handout
