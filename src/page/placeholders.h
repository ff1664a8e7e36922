// The placeholders a running header or footer may use ("Page {page} of {pages}"), in ONE
// table: the layout reader checks templates against it (an unknown name is refused with
// a did-you-mean) and compose fills them from it. To add one, add a row to kPlaceholders
// in placeholders.cpp with its value function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace handout {

struct LayoutSpec;

/// What a placeholder's value is made from on one page.
struct PlaceholderContext {
  const LayoutSpec& spec;
  const std::string& lang;   ///< the page's language
  long page = 0;
  long pages = 0;
  const std::string& title;  ///< the article's title, as plain text
};

struct Placeholder {
  std::string_view name;
  std::string_view meaning;  ///< for messages and docs
  bool takes_language;       ///< may be written {name:LANG} (digits of that language)
  std::string (*value)(const PlaceholderContext& ctx, const std::string& lang);
};

/// Every placeholder, in the order documentation lists them.
[[nodiscard]] const std::vector<Placeholder>& placeholders();
[[nodiscard]] const Placeholder* find_placeholder(std::string_view name);

/// A placeholder written wrong in a template: where (code points from the string's
/// start), how long, and what to say.
struct PlaceholderProblem {
  std::size_t at = 0;
  std::size_t length = 0;
  std::string message;
};
/// Checks every "{name}" or "{name:LANG}" in `text`.
[[nodiscard]] std::vector<PlaceholderProblem> check_placeholders(std::string_view text);

/// `text` with its placeholders replaced by their values (unknown ones, which the layout
/// reader refuses, are left as written).
[[nodiscard]] std::string fill_placeholders(std::string_view text, const PlaceholderContext& ctx);

}  // namespace handout
