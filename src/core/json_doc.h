// A JSON file parsed with nlohmann/json, plus where every value starts, so that a
// later stage can say `file:line:col` for any JSON pointer it finds wrong.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diag.h"
#include "core/image.h"
#include "core/once.h"

namespace handout {

/// The default of --max-input-bytes (InputLimits::max_file_bytes).
inline constexpr std::size_t kDefaultMaxInputBytes = 2u * 1024u * 1024u;

/// Input limits, configurable; the defaults are generous for handouts and small
/// enough that hostile input fails fast instead of exhausting memory.
struct InputLimits {
  /// 2 MiB: 500 pages of prose (the default page limit) are about 1.3 MB of JSON, and the
  /// costliest shape measured (millions of one-word list items, two such articles in a
  /// bilingual layout) stays within 512 MB at this size; at 16 MiB it took 1.5 GB.
  std::size_t max_file_bytes = kDefaultMaxInputBytes;
  /// What raises max_file_bytes, named where an input is refused for its size (the command
  /// line's "--max-input-bytes"); empty where nothing does (the service's own limit).
  std::string raise_with;
  int max_depth = 64;
  /// Code points in the text of one block (a paragraph, a table cell, a list item).
  std::size_t max_text_chars = 100000;
  /// Folders a layout may read fonts and images from besides the project's own
  /// (the layout's folder and the fonts/, content/ and layouts/ folders beside it).
  std::vector<std::string> allowed_paths;
  /// Pictures (figures, logos): pixel and file size limits.
  ImageLimits images;
};

/// What a JSON text is, for the words of its syntax errors: a file (an author saves it again)
/// or the body of a request to the service (a client sends it again).
enum class JsonText { kFile, kRequestBody };

/// The name diagnostics give to standard input ("-" on the command line).
inline constexpr std::string_view kStdinName = "<stdin>";

/// A parsed JSON document that remembers where its values are. Positions are kept as a
/// tree of value offsets (memory linear in the file, whatever its depth), and lines are
/// indexed once (when first needed), so locating any number of diagnostics costs little.
class JsonDoc {
 public:
  JsonDoc(std::string file, std::string text);

  /// The parsed values (null after drop_tree()).
  [[nodiscard]] const nlohmann::json& root() const { return root_; }
  /// Lets go of the parsed values once they have been read into a model: the text and the
  /// index of where each value starts stay, so every locate function still works (a long
  /// article's tree is several times its text).
  void drop_tree();
  /// The parsed values, moved out (this document is then as after drop_tree()): for a reader
  /// that lets go of each part once it has read it.
  [[nodiscard]] nlohmann::json take_tree() { return std::exchange(root_, nlohmann::json()); }
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const std::string& text() const { return text_; }
  /// The location of the value at `pointer` (or of its nearest located ancestor).
  [[nodiscard]] Location locate(const std::string& pointer) const;
  /// The location of the key of the object member at `pointer` (its value's when unknown).
  [[nodiscard]] Location locate_key(const std::string& pointer) const;
  /// The location of the code point `index` (counted in the decoded string) of the string
  /// value at `pointer`, spanning `length` code points; the string's start if not a string.
  [[nodiscard]] Location locate_in_string(const std::string& pointer, std::size_t index,
                                          std::size_t length = 1) const;
  /// The location of the first `c` in the text at `pointer`: a string, or an inline's
  /// strings and span texts; the value's own location when `c` is not found there.
  [[nodiscard]] Location locate_char(const std::string& pointer, char32_t c) const;
  /// The location of a byte offset in the text.
  [[nodiscard]] Location locate_offset(std::size_t offset, std::string pointer) const;

  /// The value at `pointer` (which must exist) as a document of its own, such as one article
  /// of a request body: its root is that value, and the locations it reports are in the whole
  /// text, with pointers that start with `pointer`. The value is moved out, not copied: this
  /// document's tree has null in its place afterwards (its text and locations stay whole).
  /// Not after drop_tree().
  [[nodiscard]] JsonDoc take_part(const std::string& pointer);
  /// The folder that relative paths in this document (fonts, logos) resolve against: by
  /// default the file's folder; set for documents that come from memory.
  [[nodiscard]] std::string base_dir() const;
  void set_base_dir(std::string dir) { base_dir_ = std::move(dir); }
  /// Whether set_base_dir() named the folder (else it is the file's).
  [[nodiscard]] bool has_base_dir() const { return base_dir_.has_value(); }

 private:
  friend class JsonDocBuilder;
  friend class JsonFastReader;
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  struct Node {
    std::uint32_t offset = 0;
    std::uint32_t key_offset = kNone;
    std::uint32_t parent = kNone;
  };
  /// The node at `pointer`, or its nearest ancestor that exists; `exact` tells which.
  [[nodiscard]] std::uint32_t find(const std::string& pointer, bool& exact) const;
  [[nodiscard]] std::size_t code_points_before(std::size_t offset) const;
  /// The decoded string that node `node` is, from the text; nothing when not a string.
  [[nodiscard]] std::optional<std::string> string_at(std::uint32_t node) const;
  /// The child of `node` reached by the reference token `token` (a member's key, or an
  /// element's index), or kNone.
  [[nodiscard]] std::uint32_t child(std::uint32_t node, std::string_view token) const;
  /// Lists each node's children (after parsing, from the nodes' parents).
  void index_children();

  std::string file_;
  std::string text_;
  nlohmann::json root_;
  /// Every value in the order of the text (a container before its children).
  std::vector<Node> nodes_;
  /// The children of node n, in order, are children_[child_begin_[n] .. child_begin_[n + 1]):
  /// 8 bytes a value, where maps of members and elements took about ten times that.
  std::vector<std::uint32_t> child_begin_;
  std::vector<std::uint32_t> children_;
  /// Byte offset where each line starts, and code points before every 256th byte: made on
  /// the first location asked (a document that nothing is reported about never needs them),
  /// by whichever thread asks; shared by copies, which have the same text.
  struct LineIndex {
    Once made;
    std::vector<std::uint32_t> line_starts;
    std::vector<std::uint32_t> checkpoints;
  };
  [[nodiscard]] const LineIndex& lines() const;
  std::shared_ptr<LineIndex> lines_ = std::make_shared<LineIndex>();
  std::string prefix_;  ///< pointer of root_ in the text's document (part())
  std::optional<std::string> base_dir_;
};

/// A text taken from a document into another's (a brand's {clinic.name} filled into a
/// layout's footer), so that diagnostics about its characters name where it came from.
struct TextOrigin {
  const JsonDoc* source = nullptr;
  std::string pointer;  ///< of the string in `source`
  std::string text;
};

/// Parses `text` as parse_json_text does, but only with nlohmann's SAX parser (the path that
/// explains every error); parse_json_text first tries a faster reader that accepts only what
/// this one accepts and builds the same values and locations. For tests.
[[nodiscard]] std::optional<JsonDoc> parse_json_text_sax(std::string name, std::string text,
                                                         DiagSink& sink,
                                                         const InputLimits& limits = {},
                                                         JsonText kind = JsonText::kFile);

/// Reads and parses `path` ("-": standard input). Refuses what is not a regular file
/// (devices, pipes other than standard input) and reads at most the size limit. On
/// failure reports to `sink` (with line:col) and returns nothing.
[[nodiscard]] std::optional<JsonDoc> load_json_file(const std::string& path, DiagSink& sink,
                                                    const InputLimits& limits = {});
/// Parses `text`, reporting errors as coming from `name`; `kind` says what the text is in
/// the messages ("the file is empty", "the request body is empty").
[[nodiscard]] std::optional<JsonDoc> parse_json_text(std::string name, std::string text,
                                                     DiagSink& sink,
                                                     const InputLimits& limits = {},
                                                     JsonText kind = JsonText::kFile);
/// Reads a whole file (or standard input for "-") of at most `max_bytes`; on failure
/// reports why at `path` and returns nothing. Non-regular files are refused; one over
/// `max_bytes` is refused naming `raise_with` (InputLimits::raise_with) when not empty.
[[nodiscard]] std::optional<std::string> read_input_file(const std::string& path, std::size_t max_bytes,
                                                         DiagSink& sink, std::string_view raise_with = {});

/// Appends one reference token to a JSON pointer, escaping '~' and '/'.
[[nodiscard]] std::string pointer_append(const std::string& base, std::string_view token);
[[nodiscard]] std::string pointer_append(const std::string& base, std::size_t index);

}  // namespace handout
