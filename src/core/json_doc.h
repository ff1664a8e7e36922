// A JSON file parsed with nlohmann/json, plus where every value starts, so that a
// later stage can say `file:line:col` for any JSON pointer it finds wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diag.h"
#include "core/image.h"

namespace handout {

/// Input limits, configurable; the defaults are generous for handouts and small
/// enough that hostile input fails fast instead of exhausting memory.
struct InputLimits {
  std::size_t max_file_bytes = 16u * 1024u * 1024u;
  int max_depth = 64;
  /// Code points in the text of one block (a paragraph, a table cell, a list item).
  std::size_t max_text_chars = 100000;
  /// Folders a layout may read fonts and images from besides the project's own
  /// (the layout's folder and the fonts/, content/ and layouts/ folders beside it).
  std::vector<std::string> allowed_paths;
  /// Pictures (figures, logos): pixel and file size limits.
  ImageLimits images;
};

/// A parsed JSON document that remembers where its values are.
class JsonDoc {
 public:
  JsonDoc(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {}

  [[nodiscard]] const nlohmann::json& root() const { return root_; }
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const std::string& text() const { return text_; }
  /// The location of the value at `pointer` (or of its nearest located ancestor).
  [[nodiscard]] Location locate(const std::string& pointer) const;
  /// The location of a byte offset in the text.
  [[nodiscard]] Location locate_offset(std::size_t offset, std::string pointer) const;

 private:
  friend class JsonDocBuilder;
  std::string file_;
  std::string text_;
  nlohmann::json root_;
  std::unordered_map<std::string, std::uint32_t> offsets_;
};

/// Reads and parses `path`. On failure reports to `sink` (with line:col) and returns nothing.
[[nodiscard]] std::optional<JsonDoc> load_json_file(const std::string& path, DiagSink& sink,
                                                    const InputLimits& limits = {});
/// Parses `text`, reporting errors as coming from `name`.
[[nodiscard]] std::optional<JsonDoc> parse_json_text(std::string name, std::string text,
                                                     DiagSink& sink,
                                                     const InputLimits& limits = {});

/// Appends one reference token to a JSON pointer, escaping '~' and '/'.
[[nodiscard]] std::string pointer_append(const std::string& base, std::string_view token);
[[nodiscard]] std::string pointer_append(const std::string& base, std::size_t index);

}  // namespace handout
