// The article: what content authors write (CONTENT.md), as plain values.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/diag.h"
#include "core/geometry.h"
#include "core/json_doc.h"

namespace handout {

/// A piece of inline text with one set of attributes.
struct Span {
  std::string text;
  std::string lang;  ///< empty: the article's language
  bool strong = false;
  bool em = false;
  std::string href;  ///< empty: not a link
};

/// Inline content: spans in logical order, and where it came from.
struct Inline {
  std::vector<Span> spans;
  std::string pointer;  ///< JSON pointer of this inline in the article file
  [[nodiscard]] bool empty() const;
  [[nodiscard]] std::string plain_text() const;
};

struct HeadingBlock {
  int level = 1;
  Inline text;
};
struct ParagraphBlock {
  Inline text;
};
struct ListItem {
  std::optional<Inline> term;
  Inline text;
};
struct ListBlock {
  bool ordered = false;
  std::vector<ListItem> items;
};
/// How a table column's cells are aligned, in start/end terms.
enum class CellAlign : std::uint8_t { kAuto, kStart, kCenter, kEnd };

struct TableBlock {
  std::optional<Inline> caption;
  std::vector<Inline> header;
  std::vector<std::vector<Inline>> rows;
  /// Per column; empty or kAuto: numbers to the end side, everything else to the start.
  std::vector<CellAlign> align;
};
struct FaqItem {
  Inline question;
  Inline answer;
};
struct FaqBlock {
  std::vector<FaqItem> items;
};
struct CalloutBlock {
  std::optional<Inline> title;
  Inline text;
};

using BlockContent =
    std::variant<HeadingBlock, ParagraphBlock, ListBlock, TableBlock, FaqBlock, CalloutBlock>;

/// One block of the article, with its JSON pointer and optional author-given id.
struct Block {
  BlockContent content;
  std::string pointer;
  std::string id;
};

/// The block's kind as written in the article ("heading", "table", ...).
[[nodiscard]] const char* block_kind_name(const BlockContent& c);

/// A parsed, validated article.
struct Article {
  std::string lang;
  Direction direction = Direction::kLtr;
  Inline title;
  std::optional<Inline> subtitle;
  std::string version;
  std::string reviewed;
  std::vector<Block> blocks;
  /// The parsed source, kept so that any later stage can turn a JSON pointer into
  /// file:line:col for its diagnostics.
  std::shared_ptr<const JsonDoc> source;

  [[nodiscard]] Location locate(const std::string& pointer) const;
};

/// Validates and converts a parsed article. Reports every problem it finds (not only
/// the first) and returns nothing if there was any error.
[[nodiscard]] std::optional<Article> read_article(std::shared_ptr<const JsonDoc> doc,
                                                  DiagSink& sink, const InputLimits& limits = {});
/// Loads, parses and validates an article file.
[[nodiscard]] std::optional<Article> load_article(const std::string& path, DiagSink& sink,
                                                  const InputLimits& limits = {});

}  // namespace handout
