#include "core/json_reader.h"

#include <algorithm>
#include <cmath>

namespace handout {

namespace {

// A number as a message shows it: its JSON text, or, for one too large for a double (1e400,
// read as infinity, which nlohmann writes as null), what it is.
std::string shown_number(const nlohmann::json& v) {
  if (v.is_number_float() && !std::isfinite(v.get<double>())) return "a number too large to hold";
  return v.dump();
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// Words authors bring from HTML, Markdown and word processors, and the name this format uses
// for the same thing: suggested when the format has that name where the word was used
// ("image" for a block type is "figure", "bold" for a text run "strong").
constexpr std::pair<std::string_view, std::string_view> kOtherNames[] = {
    // block types
    {"image", "figure"}, {"img", "figure"}, {"picture", "figure"}, {"photo", "figure"}, {"diagram", "figure"},
    {"note", "callout"}, {"warning", "callout"}, {"caution", "callout"}, {"tip", "callout"}, {"alert", "callout"},
    {"important", "callout"}, {"info", "callout"}, {"box", "callout"}, {"aside", "callout"},
    {"ul", "list"}, {"ol", "list"}, {"bullets", "list"}, {"h1", "heading"}, {"h2", "heading"}, {"h3", "heading"},
    {"header", "heading"}, {"title", "heading"}, {"subheading", "heading"}, {"p", "paragraph"},
    {"para", "paragraph"}, {"text", "paragraph"}, {"questions", "faq"}, {"qa", "faq"}, {"qrcode", "qr"},
    {"barcode", "qr"},
    // keys of text runs and blocks
    {"bold", "strong"}, {"b", "strong"}, {"italic", "em"}, {"i", "em"}, {"emphasis", "em"}, {"link", "href"},
    {"url", "href"}, {"a", "href"}, {"language", "lang"}, {"locale", "lang"}, {"numbered", "ordered"},
    {"li", "items"}, {"size", "level"}, {"image", "src"}, {"file", "src"}, {"path", "src"}, {"url", "src"},
    {"description", "alt"}, {"alt_text", "alt"}, {"url", "data"}, {"link", "data"}, {"href", "data"},
    {"text", "data"}, {"columns", "header"}, {"head", "header"}, {"thead", "header"}, {"th", "header"},
    {"body", "rows"}, {"tr", "rows"}, {"q", "question"}, {"a", "answer"}, {"definition", "text"},
    {"description", "text"}, {"body", "text"}, {"content", "text"},
};

// A string holding what a scalar key wanted, written as the JSON value it should have been
// ("2" for a number, "true" for true): that value, else empty.
std::string scalar_meant(const nlohmann::json& v, bool want_bool, bool want_integer) {
  if (!v.is_string()) return {};
  std::string s = v.get<std::string>();
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  if (want_bool) {
    std::string lower;
    for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "true" || lower == "yes") return "true";
    if (lower == "false" || lower == "no") return "false";
    return {};
  }
  if (s.empty() || s.size() > 24) return {};
  const nlohmann::json n = nlohmann::json::parse(s, nullptr, false);
  if (!n.is_number() || (want_integer && !n.is_number_integer())) return {};
  return n.dump();
}

// `"key": value`, as a message shows how a key is written.
std::string key_written(std::string_view key, std::string_view value) {
  return "\"" + std::string(key) + "\": " + std::string(value);
}

std::string quoted_list(std::span<const std::string_view> items) {
  std::string out;
  for (auto it = items.begin(); it != items.end(); ++it) {
    if (it != items.begin()) out += ", ";
    out += '"';
    out += *it;
    out += '"';
  }
  return out;
}

}  // namespace

bool same_letters(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  // A word another format uses for what this one names otherwise is what the author meant,
  // though a short one is within a letter or two of something unrelated ("h2" of "qr").
  for (const auto& [other, ours] : kOtherNames) {
    if (!same_letters(word, other)) continue;
    if (std::find(candidates.begin(), candidates.end(), ours) != candidates.end()) return std::string(ours);
  }
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (auto c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = std::string(c);
    }
  }
  return best;
}

const char* JsonReader::type_name(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "a number";
    default: return "a value";
  }
}

std::string JsonReader::type_message(std::string_view wanted, const nlohmann::json& j, std::string_view shape) {
  std::string msg = "expected " + std::string(wanted) + ", found " + type_name(j);
  if (!shape.empty()) msg += "; " + std::string(shape);
  return msg;
}

void JsonReader::error(const std::string& pointer, const std::string& message) {
  // Past the sink's limit a diagnostic is only counted: do not spend time locating it.
  sink_.error(sink_.full() ? Location{doc_.file(), 0, 0, pointer} : doc_.locate(pointer), message);
}

void JsonReader::warning(const std::string& pointer, const std::string& message) {
  sink_.warning(sink_.full() ? Location{doc_.file(), 0, 0, pointer} : doc_.locate(pointer), message);
}

bool JsonReader::expect_object(const nlohmann::json& j, const std::string& pointer,
                               std::span<const std::string_view> allowed, std::span<const std::string_view> required,
                               std::string (*hint)(std::string_view key), std::string_view shape) {
  if (!j.is_object()) {
    error(pointer, type_message("an object", j, shape));
    return false;
  }
  bool ok = true;
  const std::vector<std::string_view> names(allowed.begin(), allowed.end());
  for (const auto& [key, value] : j.items()) {
    if (std::find(names.begin(), names.end(), key) != names.end()) continue;
    std::string msg = "unknown key \"" + key + "\"";
    if (std::string said = hint ? hint(key) : std::string(); !said.empty()) {
      msg += "; " + said;
    } else if (auto guess = did_you_mean(key, names); !guess.empty()) {
      msg += "; did you mean \"" + guess + "\"?";
    } else {
      msg += "; expected one of " + quoted_list(allowed);
    }
    const std::string kp = pointer_append(pointer, key);
    sink_.error(sink_.full() ? Location{doc_.file(), 0, 0, kp} : doc_.locate_key(kp), msg);
    ok = false;
  }
  for (auto key : required) {
    if (!j.contains(std::string(key))) {
      error(pointer, "missing required key \"" + std::string(key) + "\"");
      ok = false;
    }
  }
  return ok;
}

bool JsonReader::expect_array(const nlohmann::json& j, const std::string& pointer, std::string_view shape) {
  if (j.is_array()) return true;
  error(pointer, type_message("an array", j, shape));
  return false;
}

const nlohmann::json* JsonReader::member(const nlohmann::json& obj, std::string_view key) const {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(key));
  return it == obj.end() ? nullptr : &*it;
}

std::optional<std::string> JsonReader::get_string(const nlohmann::json& obj,
                                                  const std::string& pointer,
                                                  std::string_view key) {
  const auto* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    // A number or true written where a string belongs ("version": 1.0): the same in quotes.
    const bool scalar = v->is_number() || v->is_boolean();
    error(pointer_append(pointer, key),
          "\"" + std::string(key) + "\" must be a string, found " + type_name(*v) +
              (scalar ? "; write it in quotes: " + key_written(key, nlohmann::json(v->dump()).dump())
                      : "; write one string in quotes: " + key_written(key, "\"...\"")));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<bool> JsonReader::get_bool(const nlohmann::json& obj, const std::string& pointer,
                                         std::string_view key) {
  const auto* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    const std::string meant = scalar_meant(*v, true, false);
    error(pointer_append(pointer, key),
          "\"" + std::string(key) + "\" must be true or false, found " + type_name(*v) + "; write " +
              (meant.empty() ? key_written(key, "true") + " or " + key_written(key, "false")
                             : key_written(key, meant) + ", without quotes"));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<double> JsonReader::get_number(const nlohmann::json& obj, const std::string& pointer,
                                             std::string_view key, double min, double max) {
  const auto* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    const std::string meant = scalar_meant(*v, false, false);
    error(pointer_append(pointer, key),
          "\"" + std::string(key) + "\" must be a number, found " + type_name(*v) + "; write " +
              (meant.empty() ? "a number from " + nlohmann::json(min).dump() + " to " + nlohmann::json(max).dump() +
                                   ", such as " + key_written(key, nlohmann::json(min).dump())
                             : key_written(key, meant) + ", without quotes"));
    return std::nullopt;
  }
  const double d = v->get<double>();
  if (!(d >= min && d <= max)) {
    error(pointer_append(pointer, key), "\"" + std::string(key) + "\" is " + shown_number(*v) +
                                            ", expected a number from " + nlohmann::json(min).dump() +
                                            " to " + nlohmann::json(max).dump());
    return std::nullopt;
  }
  return d;
}

std::optional<long long> JsonReader::get_integer(const nlohmann::json& obj,
                                                 const std::string& pointer, std::string_view key,
                                                 long long min, long long max) {
  const auto* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    const std::string meant = scalar_meant(*v, false, true);
    std::string msg = "\"" + std::string(key) + "\" must be a whole number, found " +
                      (v->is_number() ? shown_number(*v) : std::string(type_name(*v)));
    if (!meant.empty()) {
      msg += "; write " + key_written(key, meant) + ", without quotes";
    } else if (!v->is_number()) {
      msg += "; write a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", such as " +
             key_written(key, std::to_string(min));
    }
    error(pointer_append(pointer, key), msg);
    return std::nullopt;
  }
  const auto n = v->get<long long>();
  if (n < min || n > max) {
    error(pointer_append(pointer, key), "\"" + std::string(key) + "\" is " + std::to_string(n) +
                                            ", expected " + std::to_string(min) + " to " +
                                            std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> JsonReader::get_enum(const nlohmann::json& obj,
                                                const std::string& pointer, std::string_view key,
                                                std::initializer_list<std::string_view> choices) {
  auto s = get_string(obj, pointer, key);
  if (!s) return std::nullopt;
  const std::vector<std::string_view> names(choices);
  if (std::find(names.begin(), names.end(), *s) != names.end()) return s;
  std::string msg = "\"" + std::string(key) + "\" is \"" + *s + "\", expected one of " +
                    quoted_list({choices.begin(), choices.size()});
  if (auto guess = did_you_mean(*s, names); !guess.empty()) msg += "; did you mean \"" + guess + "\"?";
  error(pointer_append(pointer, key), msg);
  return std::nullopt;
}

}  // namespace handout
