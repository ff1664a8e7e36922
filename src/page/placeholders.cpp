#include "page/placeholders.h"

#include "core/json_reader.h"
#include "core/lang.h"
#include "page/compose.h"

namespace handout {

namespace {

std::string page_number(const PlaceholderContext& ctx, const std::string& lang) {
  return localized_number(ctx.spec, lang, ctx.page);
}
std::string page_count(const PlaceholderContext& ctx, const std::string& lang) {
  return localized_number(ctx.spec, lang, ctx.pages);
}
std::string title(const PlaceholderContext& ctx, const std::string&) { return ctx.title; }

// A placeholder's name: letters, digits, '_', '.' and '-' ({clinic.name}).
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

struct Found {
  std::size_t begin;  ///< byte offset of '{'
  std::size_t end;    ///< byte offset past '}'
  std::string name;
  std::string arg;    ///< after ':', or empty
  bool has_arg;
};

// Each "{name}" or "{name:arg}" in `text`; other braces are text.
std::vector<Found> scan(std::string_view text) {
  std::vector<Found> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    std::size_t j = i + 1;
    while (j < text.size() && is_name_char(text[j])) ++j;
    if (j == i + 1) continue;
    std::size_t k = j;
    std::string arg;
    const bool has_arg = k < text.size() && text[k] == ':';
    if (has_arg) {
      ++k;
      while (k < text.size() && is_name_char(text[k])) arg.push_back(text[k++]);
    }
    if (k >= text.size() || text[k] != '}') continue;
    out.push_back(Found{i, k + 1, std::string(text.substr(i + 1, j - i - 1)), arg, has_arg});
    i = k;
  }
  return out;
}

}  // namespace

const std::vector<Placeholder>& placeholders() {
  static const std::vector<Placeholder> all = {
      {"page", "this page's number", true, page_number},
      {"pages", "the number of pages", true, page_count},
      {"title", "the article's title", false, title},
  };
  return all;
}

const Placeholder* find_placeholder(std::string_view name) {
  for (const auto& p : placeholders()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::vector<PlaceholderProblem> check_placeholders(std::string_view text) {
  std::vector<PlaceholderProblem> problems;
  for (const Found& f : scan(text)) {
    const std::size_t at = code_points(text.substr(0, f.begin));
    const std::size_t length = code_points(text.substr(f.begin, f.end - f.begin));
    const Placeholder* p = find_placeholder(f.name);
    if (!p) {
      std::vector<std::string_view> names;
      std::string list;
      for (const auto& known : placeholders()) {
        names.push_back(known.name);
        list += (list.empty() ? "" : ", ") + std::string("{") + std::string(known.name) + "}";
      }
      std::string message = "unknown placeholder \"{" + f.name + "}\"";
      if (auto guess = did_you_mean(f.name, names); !guess.empty()) message += "; did you mean \"{" + guess + "}\"?";
      message += " (known placeholders: " + list + ")";
      problems.push_back({at, length, message});
      continue;
    }
    if (f.has_arg && !p->takes_language) {
      problems.push_back({at, length, "\"{" + f.name + "}\" takes no language; write \"{" + f.name + "}\""});
    } else if (f.has_arg) {
      if (auto why = language_tag_problem(f.arg); !why.empty()) {
        problems.push_back({at, length, "the language of \"{" + f.name + ":" + f.arg + "}\" is \"" + f.arg + "\", which " + why});
      }
    }
  }
  return problems;
}

std::string fill_placeholders(std::string_view text, const PlaceholderContext& ctx) {
  std::string out;
  std::size_t from = 0;
  for (const Found& f : scan(text)) {
    const Placeholder* p = find_placeholder(f.name);
    if (!p) continue;
    out.append(text.substr(from, f.begin - from));
    out += p->value(ctx, f.has_arg && p->takes_language ? f.arg : ctx.lang);
    from = f.end;
  }
  out.append(text.substr(from));
  return out;
}

}  // namespace handout
