// Language tags: BCP 47 tags checked and understood with ICU (likely subtags), so that the
// direction of text comes from its script, whatever way the tag names it ("ar",
// "ar-Latn", "pa-Arab", "ks", "ckb", "syr-Syrc", ...), never from a list of prefixes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.h"

namespace handout {

/// The primary language subtag, lower-cased ("ar" for "ar-EG").
[[nodiscard]] std::string primary_language(std::string_view tag);
/// The paragraph direction of text in this language: right to left when the tag's script
/// subtag, or else the language's likely script (CLDR, through ICU), is written right to
/// left. Left to right for a tag ICU cannot read.
[[nodiscard]] Direction direction_of_language(std::string_view tag);
/// The ISO 15924 code of the script text in this language is written in: the tag's script
/// subtag, or else the language's likely script (CLDR, through ICU): "Arab" for "ar", "ur",
/// "ckb" and "pa-Arab", "Hebr" for "he" and "yi", "Latn" for "en" and "ar-Latn". "" for a
/// tag ICU cannot read.
[[nodiscard]] std::string script_of_language(std::string_view tag);
/// The language most likely written in a script, by its ISO 15924 code (CLDR's likely
/// subtags of "und-<script>", through ICU): "ar" for "Arab", "he" for "Hebr", "en" for
/// "Latn". "" when there is none.
[[nodiscard]] std::string language_of_script(std::string_view script);
/// Whether `tag` is well formed enough to be a BCP 47 tag (letters, digits, hyphens).
[[nodiscard]] bool is_plausible_language_tag(std::string_view tag);
/// Why `tag` is not a usable BCP 47 language tag (not well formed, no language, or a
/// language nobody has: with a suggestion for "arabic" or "en_US"), or "" when it is.
[[nodiscard]] std::string language_tag_problem(std::string_view tag);
/// A better spelling of a usable tag ("ar" for "ara"), or "" when it is already the
/// shortest: BCP 47 uses a two-letter code where ISO 639-1 has one.
[[nodiscard]] std::string preferred_language_tag(std::string_view tag);

/// The tags answered from a built-in table rather than ICU (which handout opens only when a
/// tag outside it needs it), and the same questions always put to ICU: for tests that
/// check the table against ICU.
[[nodiscard]] std::vector<std::string> builtin_language_tags();
[[nodiscard]] Direction direction_of_language_from_icu(std::string_view tag);
[[nodiscard]] std::string script_of_language_from_icu(std::string_view tag);
[[nodiscard]] std::vector<std::string> builtin_scripts();
[[nodiscard]] std::string language_of_script_from_icu(std::string_view script);
[[nodiscard]] std::string language_tag_problem_from_icu(std::string_view tag);

/// Counts of strongly left-to-right and right-to-left characters (Unicode bidi classes
/// L, and R or AL) in UTF-8 text.
struct StrongCounts {
  std::size_t ltr = 0;
  std::size_t rtl = 0;
};
void count_strong_directions(std::string_view utf8, StrongCounts& counts);

}  // namespace handout
