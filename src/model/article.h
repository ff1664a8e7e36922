// The article: what content authors write (CONTENT.md), as plain values.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/diag.h"
#include "core/hyphen_exceptions.h"
#include "core/geometry.h"
#include "core/image.h"
#include "core/units.h"
#include "core/json_doc.h"

namespace handout {

class JsonDoc;

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
  /// The file `pointer` is in when it is not the article's (a layout's header text or
  /// contact box): diagnostics about the text name that file. Null: the article.
  const JsonDoc* source = nullptr;
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

/// How wide a figure is set: a share of the column, or a length; unset: its pixels at
/// 150 ppi, no wider than the column.
struct FigureWidth {
  enum class Kind : std::uint8_t { kAuto, kPercent, kLength };
  Kind kind = Kind::kAuto;
  double value = 0;  ///< percent, or points
};
/// Where a block narrower than the column stands, in start/end terms (mirrored in RTL).
enum class BlockAlign : std::uint8_t { kStart, kCenter, kEnd };

/// A picture with its alt text and caption; never split from its caption.
struct FigureBlock {
  std::string src;                      ///< as written
  std::shared_ptr<const Image> image;   ///< checked and loaded
  std::string alt;                      ///< empty only when decorative
  bool decorative = false;
  std::optional<Inline> caption;
  FigureWidth width;
  BlockAlign align = BlockAlign::kCenter;
};

/// A QR code of `data` (a link), with an optional caption.
struct QrBlock {
  std::string data;
  std::optional<Inline> caption;
  Pt size = mm(25);
  BlockAlign align = BlockAlign::kCenter;
  char level = 'M';  ///< error correction: L, M (default), Q or H
};

using BlockContent = std::variant<HeadingBlock, ParagraphBlock, ListBlock, TableBlock, FaqBlock,
                                  CalloutBlock, FigureBlock, QrBlock>;

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
  std::string url;  ///< meta.url: the online version (a QR code slot in the layout draws it)
  std::vector<Block> blocks;
  /// The article's "hyphenation" list (null when it has none).
  std::shared_ptr<const HyphenExceptions> hyphenation;
  /// The parsed source, kept so that any later stage can turn a JSON pointer into
  /// file:line:col for its diagnostics.
  std::shared_ptr<const JsonDoc> source;

  [[nodiscard]] Location locate(const std::string& pointer) const;
};

/// Validates and converts a parsed article. Reports every problem it finds (not only
/// the first) and returns nothing if there was any error.
/// The article keeps `doc` for its locations, without its parsed values (drop_tree()).
[[nodiscard]] std::optional<Article> read_article(JsonDoc doc, DiagSink& sink, const InputLimits& limits = {});
/// Whether `href` is a link handout accepts: http(s), mailto or tel, with something after it.
[[nodiscard]] bool is_allowed_link(const std::string& href);

/// Loads, parses and validates an article file.
[[nodiscard]] std::optional<Article> load_article(const std::string& path, DiagSink& sink,
                                                  const InputLimits& limits = {});

}  // namespace handout
