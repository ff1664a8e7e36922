// Typed, located reading of a JsonDoc: every wrong type, unknown key or bad value
// becomes a diagnostic with file, line:col and JSON pointer. Readers never throw.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag.h"
#include "core/json_doc.h"

namespace handout {

class JsonReader {
 public:
  JsonReader(const JsonDoc& doc, DiagSink& sink) : doc_(doc), sink_(sink) {}

  /// Reports an error at `pointer`.
  void error(const std::string& pointer, const std::string& message);
  void warning(const std::string& pointer, const std::string& message);
  /// Reports an error at a location found otherwise (a key, a character in a string).
  void error_at(Location where, const std::string& message) { sink_.error(std::move(where), message); }
  [[nodiscard]] Location locate(const std::string& pointer) const { return doc_.locate(pointer); }
  /// Code points `index`.. `index + length` of the string at `pointer` (see JsonDoc).
  [[nodiscard]] Location locate_in_string(const std::string& pointer, std::size_t index, std::size_t length) const {
    return doc_.locate_in_string(pointer, index, length);
  }

  /// Checks that `j` is an object whose keys are all in `allowed` (an unknown key is an
  /// error with a "did you mean" suggestion, or what `hint` says of it when it says
  /// something), and that every key of `required` is present.
  /// `shape`, when given, is said after "expected an object, found ..." when `j` is not
  /// one: what the value is for and how it is written ("a FAQ item is a question and its
  /// answer: {...}"), as it is for expect_array.
  bool expect_object(const nlohmann::json& j, const std::string& pointer,
                     std::initializer_list<std::string_view> allowed,
                     std::initializer_list<std::string_view> required = {},
                     std::string (*hint)(std::string_view key) = nullptr, std::string_view shape = {}) {
    return expect_object(j, pointer, std::span<const std::string_view>(allowed.begin(), allowed.size()),
                         std::span<const std::string_view>(required.begin(), required.size()), hint, shape);
  }
  /// The same with the keys in arrays (a list of keys that something else reads too).
  bool expect_object(const nlohmann::json& j, const std::string& pointer, std::span<const std::string_view> allowed,
                     std::span<const std::string_view> required, std::string (*hint)(std::string_view key) = nullptr,
                     std::string_view shape = {});

  /// Checks that `j` is an array; if not, an error "expected an array, found a string" and,
  /// when given, `shape`: what the array is for and an example of it written out
  /// ("a list's \"items\" is an array of strings: \"items\": [\"first\", \"second\"]").
  bool expect_array(const nlohmann::json& j, const std::string& pointer, std::string_view shape = {});
  /// "expected WANTED, found TYPE-OF-J", then "; SHAPE" when a shape is given: the message of
  /// every wrong type, so that they all read alike.
  [[nodiscard]] static std::string type_message(std::string_view wanted, const nlohmann::json& j,
                                                std::string_view shape = {});

  [[nodiscard]] std::optional<std::string> get_string(const nlohmann::json& obj,
                                                      const std::string& pointer,
                                                      std::string_view key);
  [[nodiscard]] std::optional<bool> get_bool(const nlohmann::json& obj, const std::string& pointer,
                                             std::string_view key);
  [[nodiscard]] std::optional<double> get_number(const nlohmann::json& obj,
                                                 const std::string& pointer, std::string_view key,
                                                 double min, double max);
  [[nodiscard]] std::optional<long long> get_integer(const nlohmann::json& obj,
                                                     const std::string& pointer,
                                                     std::string_view key, long long min,
                                                     long long max);
  /// A string that must be one of `choices` (with a suggestion when it is not).
  [[nodiscard]] std::optional<std::string> get_enum(const nlohmann::json& obj,
                                                    const std::string& pointer,
                                                    std::string_view key,
                                                    std::initializer_list<std::string_view> choices);

  [[nodiscard]] static const char* type_name(const nlohmann::json& j);

 private:
  const nlohmann::json* member(const nlohmann::json& obj, std::string_view key) const;
  const JsonDoc& doc_;
  DiagSink& sink_;
};

/// Whether `a` and `b` are the same word but for the case of ASCII letters.
[[nodiscard]] bool same_letters(std::string_view a, std::string_view b);

/// The closest of `candidates` to `word` by edit distance, if close enough to be a likely
/// misspelling; else the candidate that names what `word` names in HTML, Markdown or a word
/// processor ("image" -> "figure", "bold" -> "strong"), if it is one; empty otherwise.
[[nodiscard]] std::string did_you_mean(std::string_view word,
                                       const std::vector<std::string_view>& candidates);

}  // namespace handout
