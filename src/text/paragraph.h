// The text stage's values: a paragraph flattened to one UTF-32 string with style runs
// (StyledText), and the same paragraph after bidi, itemization and shaping
// (ShapedParagraph). Indices are code point offsets into the flattened text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <hb.h>

#include "core/diag.h"
#include "core/hyphen_exceptions.h"
#include "core/geometry.h"
#include "core/json_doc.h"
#include "core/role.h"
#include "core/units.h"
#include "font/font_book.h"

namespace handout {

/// Attributes shared by a stretch of a paragraph's text.
struct TextStyle {
  Pt size{10};
  bool bold = false;
  bool italic = false;
  Color color;
  std::string lang;  ///< BCP 47 tag of this stretch
  std::string href;  ///< link target, or empty
  Role role = Role::kBody;
  bool strong = false;  ///< the author's strong emphasis (a Strong element when tagged)
  bool em = false;      ///< the author's emphasis: italic, or bold in a family without an italic face;
                        ///< an Em element when tagged
  bool operator==(const TextStyle&) const = default;
};

/// One paragraph's text, flattened, with its styles.
struct StyledText {
  std::u32string text;
  /// The text as its glyphs show it, when that differs (a layout's Arabic-Indic digits for
  /// Western ones): shaped and measured in place of `text`, while bidi, line breaking and
  /// the PDF's text layer use `text`, as written. Empty, or as long as `text` (a longer
  /// one is cut to it).
  std::u32string shown;
  std::vector<TextStyle> styles;         ///< distinct styles used
  std::vector<std::uint16_t> style_of;   ///< style index per code point
  Direction base = Direction::kLtr;      ///< from the language, never from the first letter
  std::string lang;                      ///< the paragraph's language
  /// Where the text came from, for diagnostics (may be null in tests).
  const JsonDoc* source = nullptr;
  std::string pointer;
  /// Texts of other files filled into this one (a brand's name in a layout's footer):
  /// a character found in one of them is reported there.
  std::vector<TextOrigin> origins;
  /// Folder of hyphenation dictionaries; empty: no hyphenation.
  std::string hyphenation_dir;
  /// The article's own hyphenation of words (may be null).
  std::shared_ptr<const HyphenExceptions> hyphen_exceptions;

  /// Appends `s` with `style` (adds the style if new), shown as `shown` (same length) when
  /// that is not empty.
  void append(std::u32string_view s, const TextStyle& style, std::u32string_view shown = {});
  [[nodiscard]] Location locate() const;
  /// `shown` if it is in use, else `text`.
  [[nodiscard]] const std::u32string& glyph_text() const { return shown.size() == text.size() ? shown : text; }
  /// Where the character `c` is in the source (its first occurrence in this text).
  [[nodiscard]] Location locate_char(char32_t c) const;
};

/// One glyph as HarfBuzz placed it, in points.
struct ShapedGlyph {
  std::uint32_t gid = 0;
  std::uint32_t cluster = 0;  ///< index of the first code point of its cluster
  Pt x_advance;
  Pt x_offset;
  Pt y_offset;
  bool unsafe_to_break = false;
};

/// A maximal stretch of text with one bidi level, script, font and style, shaped once.
/// Glyphs are in visual order (HarfBuzz returns right-to-left runs reversed).
struct ShapedRun {
  Range chars;
  FontId font = 0;
  std::uint16_t style = 0;
  std::uint8_t level = 0;
  hb_script_t script = HB_SCRIPT_COMMON;
  Pt size;  ///< the style's size times the family's scale
  std::vector<ShapedGlyph> glyphs;
  [[nodiscard]] bool rtl() const { return (level & 1) != 0; }
};

/// Break opportunity after a code point, as libunibreak reports it, plus hyphenation and
/// the breaks allowed, at a cost, inside a link (an address broken across lines cannot be
/// copied or searched whole): kAllowLink after a "/" of its path or an e-mail
/// address's "@" and before a "?" or "&" of its query; kAllowWeak, dearer, after a "." of its path or of an e-mail address's
/// name ("guide.|html", where a break after "/" reads better); kAllowHost, dearest, after a
/// "." of its host or domain, which parts the name ("clinic.|example", read as a full stop).
/// kHyphenLastResort is a hyphenation point of a word that is not hyphenated in running text
/// (a capitalised name: "Ibupro-fen"): taken, with a hyphen, only inside a word wider than
/// its line, before a break between letters.
enum class BreakKind : std::uint8_t {
  kMust = 0,
  kAllow = 1,
  kNone = 2,
  kInside = 3,
  kHyphen = 4,
  kAllowWeak = 5,
  kAllowLink = 6,
  kAllowHost = 7,
  kHyphenLastResort = 8
};

/// A paragraph after bidi, itemization, shaping and break analysis.
struct ShapedParagraph {
  StyledText source;
  std::vector<std::uint8_t> levels;  ///< bidi embedding level per code point
  std::vector<hb_script_t> scripts;  ///< resolved script per code point
  std::vector<ShapedRun> runs;       ///< in logical order
  std::vector<Pt> advance;           ///< per code point: its cluster's advance on the first one
  std::vector<BreakKind> breaks;     ///< break opportunity after each code point
  bool hyphenated = false;           ///< hyphenation points have been added to `breaks`
  /// Phone numbers, quantities, web and e-mail addresses and file names: never hyphenated.
  std::vector<Range> unhyphenated;
  /// Web and e-mail addresses and file names, in order: a justified line at one that cannot
  /// be filled is set ragged (para/line_breaker.h).
  std::vector<Range> links;
  /// The shaping cache's copy of this paragraph (null without a cache): the paragraph as
  /// shaped, before any hyphenation. Lines built from it are kept by that identity
  /// (para/line_builder.cpp); holding it keeps the address from being reused.
  std::shared_ptr<const ShapedParagraph> origin;
};

}  // namespace handout
