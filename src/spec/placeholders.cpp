#include "spec/placeholders.h"

#include <algorithm>

#include "core/json_reader.h"
#include "core/lang.h"

namespace handout {

const std::vector<PlaceholderInfo>& known_placeholders() {
  static const std::vector<PlaceholderInfo> kAll = {
      {"page", "this page's number", true},
      {"pages", "the number of pages", true},
      {"title", "the article's title", false},
      {"meta.version", "the article's meta.version", false},
      {"meta.reviewed", "the article's meta.reviewed date", false},
      {"meta.url", "the article's meta.url", false},
      {"clinic.name", "the brand's clinic name, in the article's language", false},
      {"clinic.phone", "the brand's phone number (one left-to-right run)", false},
      {"clinic.address", "the brand's address, in the article's language", false},
      {"clinic.email", "the brand's e-mail address", false},
      {"clinic.website", "the brand's website", false},
  };
  return kAll;
}

namespace {

std::string known_list(bool page_numbers) {
  std::string out;
  for (const auto& p : known_placeholders()) {
    if (p.page_number && !page_numbers) continue;
    if (!out.empty()) out += ", ";
    out += "{" + std::string(p.name) + "}";
  }
  return out;
}

// Walks a template: literal text to `text`, placeholders (name, language) to `field`.
// Returns the error of a malformed brace or of `field`, at the brace or placeholder.
template <typename Text, typename Field>
std::optional<TemplateError> walk(std::string_view t, Text text, Field field) {
  for (std::size_t i = 0; i < t.size();) {
    if (t.compare(i, 2, "{{") == 0 || t.compare(i, 2, "}}") == 0) {
      text(t.substr(i, 1));
      i += 2;
      continue;
    }
    if (t[i] == '}') return TemplateError{"a \"}\" without its \"{\" (write \"}}\" for a brace)", i, 1};
    if (t[i] != '{') {
      const std::size_t next = t.find_first_of("{}", i);
      const std::size_t end = next == std::string_view::npos ? t.size() : next;
      text(t.substr(i, end - i));
      i = end;
      continue;
    }
    const std::size_t close = t.find('}', i);
    if (close == std::string_view::npos) return TemplateError{"a \"{\" without its \"}\" (write \"{{\" for a brace)", i, 1};
    const std::string_view key = t.substr(i + 1, close - i - 1);
    const std::size_t colon = key.find(':');
    if (auto err = field(key.substr(0, colon), colon == std::string_view::npos ? std::string_view() : key.substr(colon + 1))) {
      return TemplateError{std::move(*err), i, close + 1 - i};
    }
    i = close + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<TemplateError> check_template(std::string_view tmpl, bool page_numbers) {
  return walk(
      tmpl, [](std::string_view) {},
      [&](std::string_view name, std::string_view lang) -> std::optional<std::string> {
        const auto& all = known_placeholders();
        auto it = std::find_if(all.begin(), all.end(), [&](const PlaceholderInfo& p) { return p.name == name; });
        if (it != all.end() && (!it->page_number || page_numbers)) {
          if (!lang.empty() && (!it->page_number || !is_plausible_language_tag(std::string(lang)))) {
            return "placeholder {" + std::string(name) + ":" + std::string(lang) +
                   "}: only {page:LANG} and {pages:LANG} take a language (for their digits)";
          }
          return std::nullopt;
        }
        std::string msg = "unknown placeholder {" + std::string(name) + "}";
        if (it != all.end()) {
          msg = "placeholder {" + std::string(name) + "} is not allowed here (this text is not on one page)";
        } else {
          std::vector<std::string_view> names;
          for (const auto& p : all) {
            if (!p.page_number || page_numbers) names.push_back(p.name);
          }
          if (auto guess = did_you_mean(name, names); !guess.empty()) msg += "; did you mean {" + guess + "}?";
        }
        return msg + " (known: " + known_list(page_numbers) + ")";
      });
}

std::optional<TemplateError> first_brand_placeholder(std::string_view tmpl) {
  return walk(
      tmpl, [](std::string_view) {},
      [](std::string_view name, std::string_view) -> std::optional<std::string> {
        if (name.substr(0, 7) == "clinic.") return "{" + std::string(name) + "}";
        return std::nullopt;
      });
}

std::string fill_placeholders(std::string_view tmpl,
                              const std::function<std::string(std::string_view, std::string_view)>& value) {
  return fill_placeholders_after(
      tmpl, [&value](std::string_view name, std::string_view lang, std::string_view) { return value(name, lang); });
}

std::string fill_placeholders_after(
    std::string_view tmpl,
    const std::function<std::string(std::string_view, std::string_view, std::string_view)>& value) {
  std::string out;
  (void)walk(
      tmpl, [&](std::string_view s) { out += s; },
      [&](std::string_view name, std::string_view lang) -> std::optional<std::string> {
        out += value(name, lang, out);
        return std::nullopt;
      });
  return out;
}

}  // namespace handout
