// The display list: pages of absolutely positioned items. It is what layout produces
// and what every output (the PDF writer, the text dump) reads. Each item keeps its role
// and language so tagged PDF can be written without going back to the article.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/geometry.h"
#include "core/image.h"
#include "core/role.h"
#include "core/units.h"

namespace handout {

/// Index of a loaded font in the process's FontBook.
using FontId = std::uint16_t;

/// One glyph of a text item, placed at `x` from the item's origin (HarfBuzz's pen position
/// plus its x offset). Glyphs are listed in the order they are written, which need not be
/// visual order (marks come after the other glyphs). 24 bytes: a long document holds every page's
/// glyphs until its page count is known, so what is rare (a glyph off the baseline, a glyph
/// standing for more than 65,534 bytes of text) is kept beside the glyphs (TextItem::extras).
struct DisplayGlyph {
  Pt x;
  Pt advance;  ///< the pen's advance after it (its share of the item's width)
  std::uint32_t text_begin = 0;  ///< the Unicode text it stands for: bytes of TextItem::text
  std::uint16_t gid = 0;         ///< a glyph index (OpenType fonts have at most 65,535 glyphs)
  /// The text's length in bytes, or kLongText: TextItem::text_length() has it.
  std::uint16_t short_length = 0;
  static constexpr std::uint16_t kLongText = 0xFFFF;
};

/// What a few glyphs of a text item have beyond a DisplayGlyph, by glyph index.
struct GlyphExtra {
  std::uint32_t index = 0;
  Pt y_offset;                   ///< upwards, as in fonts
  std::uint32_t text_length = 0;  ///< when the glyph's short_length is kLongText
};

/// Where an item belongs in the article's logical structure, beyond its role and block:
/// what tagged PDF needs to rebuild the structure tree from the display list.
struct StructRef {
  std::uint8_t side = 0;    ///< which article of a bilingual handout (0: the first)
  bool artifact = false;    ///< a repetition (a repeated table header, a cover title): not content
  std::int32_t part = -1;   ///< list item, FAQ item or table row (0: the header row)
  std::int32_t cell = -1;   ///< table column
  /// The first character of the item's text in its paragraph (logical order: what a
  /// right-to-left line drawn in visual order is sorted back by).
  std::uint32_t offset = 0;
  std::uint32_t end = 0;  ///< one past its last character
  /// An inline element (a link, a phrase in another language, a list term): the first
  /// character of that stretch in its paragraph; -1: the paragraph's own text.
  std::int32_t span = -1;
};

/// The text of a separator (TextItem::separator), logical order: U+2009 THIN SPACE, then
/// U+200F RIGHT-TO-LEFT MARK. Its glyph is right to left, so the font's ToUnicode gives the
/// mark first: pdf.js takes a glyph whose text starts with white space for a move, not a
/// character. ghostscript 10.0 reads a two-character glyph's second character as the low
/// bytes of both (U+0F09, a Tibetan punctuation mark: no word; U+061C and a space gave
/// U+1C20, a letter, a word on a line of its own between two lines of the other column).
/// The PDF writer keeps the mark (it drops other bidi controls from ToUnicode).
inline constexpr std::string_view kSeparatorText = "\xE2\x80\x89\xE2\x80\x8F";

/// A run of glyphs in one font, size and colour, drawn left to right from `origin`
/// (the baseline at the left edge of the first glyph, in page coordinates).
struct TextItem {
  FontId font = 0;
  Pt size;
  Color color;
  Point origin;
  bool rtl = false;
  std::vector<DisplayGlyph> glyphs;
  std::vector<GlyphExtra> extras;  ///< by glyph index, ascending: glyphs off the baseline, long texts
  std::string text;  ///< UTF-8, logical order; glyphs point into it
  std::string lang;
  Role role = Role::kBody;
  int block = -1;  ///< index of the article block it belongs to; -1 for page furniture
  StructRef ref;
  bool strong = false;  ///< the author's strong emphasis (and `em` emphasis): tagged Strong, Em
  bool em = false;
  /// Not text: the invisible separator a right-to-left line written right to left puts
  /// between two of its stretches (text_block.cpp, write_line_right_to_left), a layout
  /// artifact with an empty /ActualText.
  bool separator = false;
  [[nodiscard]] Pt width() const {
    Pt w;
    for (const auto& g : glyphs) w += g.advance;
    return w;
  }
  /// Glyph i's offset above the baseline.
  [[nodiscard]] Pt y_offset(std::size_t i) const {
    const GlyphExtra* e = extra(i);
    return e ? e->y_offset : Pt(0);
  }
  /// The length in bytes of the text glyph i stands for.
  [[nodiscard]] std::uint32_t text_length(std::size_t i) const {
    const DisplayGlyph& g = glyphs[i];
    if (g.short_length != DisplayGlyph::kLongText) return g.short_length;
    return extra(i)->text_length;
  }
  /// The text glyph i stands for.
  [[nodiscard]] std::string_view glyph_text(std::size_t i) const {
    return std::string_view(text).substr(glyphs[i].text_begin, text_length(i));
  }
  /// Appends a glyph (in writing order).
  void add_glyph(std::uint32_t gid, Pt x, Pt y_offset, Pt advance, std::uint32_t text_begin,
                 std::uint32_t text_length);
  /// Inserts a glyph on the baseline before glyph `at` (in writing order).
  void insert_glyph(std::size_t at, std::uint32_t gid, Pt x, Pt advance, std::uint32_t text_begin,
                    std::uint16_t text_length);
  [[nodiscard]] const GlyphExtra* extra(std::size_t i) const;
};

/// A filled and/or stroked rectangle (table fills and rules, callout boxes and bars).
struct RectItem {
  Rect rect;
  std::optional<Color> fill;
  std::optional<Color> stroke;
  Pt stroke_width;
};

/// A clickable area that opens a URI. It carries the role, block and place of the text
/// it covers, so the link's annotation joins that text's Link element.
struct LinkItem {
  Rect rect;
  std::string uri;
  Role role = Role::kBody;
  int block = -1;
  StructRef ref;
  std::string text;  ///< the linked text (the annotation's description)
};

/// A picture (a figure or a logo), drawn to fill `rect` (its aspect is kept by layout).
struct ImageItem {
  Rect rect;
  std::shared_ptr<const Image> image;
  std::string alt;  ///< empty: decorative
  int block = -1;   ///< index of the article block it belongs to; -1 for page furniture
  bool artifact = false;  ///< decoration or a repetition (a logo on every page after the first)
  std::uint8_t side = 0;  ///< which article of a bilingual handout its block is in (0: the first)
};

/// Filled rectangles drawn as one path in one colour (a QR code's modules).
struct SquaresItem {
  Rect rect;                   ///< the whole symbol, quiet zone included
  std::vector<Rect> squares;   ///< relative to rect's top left corner
  Color fill;
  std::string alt;             ///< what it is and where it leads, for tagged output (qr_alt)
  std::string uri;             ///< where it leads: a link over the code on screen (empty: none)
  std::string alt_lang;        ///< the language of `alt` when it is not its side's (empty: the side's)
  int block = -1;
  std::uint8_t side = 0;       ///< which article of a bilingual handout its block is in
  bool artifact = false;       ///< a repetition (the page furniture's code after its first page)
};

using DisplayItem = std::variant<TextItem, RectItem, LinkItem, ImageItem, SquaresItem>;

/// Marks every text, link and picture item as belonging to side `side` of a bilingual handout.
void set_struct_side(std::vector<DisplayItem>& items, std::uint8_t side);

/// Moves an item by (dx, dy).
void translate(DisplayItem& item, Pt dx, Pt dy);
/// The item's vertical extent [top, bottom) in its coordinates (text: from the baseline
/// by size, approximately).
[[nodiscard]] std::pair<Pt, Pt> vertical_extent(const DisplayItem& item);

/// The print-shop boxes of a page, in page coordinates (the page is the MediaBox).
struct PageBoxes {
  Rect trim;   ///< the finished sheet after cutting
  Rect bleed;  ///< the trim and the colour that runs past it
};

/// A printer's mark: a line outside the trim, drawn in registration colour (every
/// separation). Not content: a tagged PDF marks it as an artifact.
struct PrinterMark {
  enum class Kind : std::uint8_t { kCrop, kFold };
  Kind kind = Kind::kCrop;
  Point from;
  Point to;
  Pt width{0.25};
};

struct DisplayPage {
  Pt width;
  Pt height;
  std::vector<DisplayItem> items;
  std::optional<PageBoxes> boxes;  ///< set for print-shop output
  std::vector<PrinterMark> marks;
  /// A booklet's press sheet (impose_saddle_stitch): where the items of each page it holds
  /// begin, and that page's number in reading order (0-based), in item order. Empty for a
  /// page that is read as it stands.
  std::vector<std::pair<std::size_t, std::size_t>> reading;
};

/// A bookmark: a heading's text, its level (1 = top) and where it is.
struct OutlineEntry {
  std::string title;
  int level = 1;
  std::size_t page = 0;
  Pt y;
};

/// Page labels as the PDF shows them in a viewer's page box: from `first_page` on,
/// pages are numbered from `start` with `prefix`.
struct PageLabelRange {
  std::size_t first_page = 0;
  std::string prefix;
  int start = 1;
};

/// The whole laid-out document.
struct Document {
  std::vector<DisplayPage> pages;
  std::string title;
  std::string subject;
  std::string lang;
  std::string keywords;
  std::vector<OutlineEntry> outline;
  std::vector<PageLabelRange> page_labels;
  /// The language of each side (StructRef::side): one entry, or two in bilingual handouts.
  std::vector<std::string> side_langs;
  long long creation_time = 0;  ///< seconds since the epoch (SOURCE_DATE_EPOCH, or fixed)
};

}  // namespace handout
