// What every block layouter reads: the resolved spec and styles, the fonts, the shaper,
// the article's language and direction, and the measure it lays out to.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "block/vlist.h"
#include "font/font_book.h"
#include "model/article.h"
#include "para/line_builder.h"
#include "spec/brand.h"
#include "spec/layout_spec.h"
#include "style/style.h"
#include "text/shaper.h"

namespace handout {

struct BlockContext {
  const LayoutSpec& spec;
  const StyleSheet& styles;
  const FontChains& fonts;
  TextShaper& shaper;
  DiagSink& sink;
  const Article& article;
  Pt width;  ///< the column's width
  BreakMode break_mode = BreakMode::kOptimal;
  std::string hyphenation_dir;
  /// The clinic's branding for furniture placeholders, or null.
  const Brand* brand = nullptr;
  /// What fill_template put into the layout texts being set (the brand's, the article's),
  /// or null: diagnostics about their characters name those files.
  const std::vector<TextOrigin>* origins = nullptr;
  /// Asked after each part of a block made of many (a list item, a question and its answer)
  /// with that part's list: false stops the block there, because the page limit is already
  /// certainly passed (the caller reports it). So a list of millions of items costs what
  /// the pages allowed cost, not what the whole list would. A table asks once, with lower
  /// bounds of its rows, before shaping them. Unset: never stops.
  std::function<bool(const VList&)> within_budget = nullptr;

  [[nodiscard]] Direction dir() const { return article.direction; }
  [[nodiscard]] bool rtl() const { return article.direction == Direction::kRtl; }
};

/// Inline content flattened with the style of `role` (spans add bold, italic, language
/// and links). White space is collapsed as a browser would; a prefix may be prepended
/// (a list term and its colon).
[[nodiscard]] StyledText flatten_inline(const BlockContext& ctx, const Inline& in, Role role);
/// Appends `in` to `out` with the style of `role`.
void append_inline(const BlockContext& ctx, const Inline& in, Role role, StyledText& out);

/// A paragraph set in lines, ready to be placed. Made by set_paragraph or
/// make_set_paragraph (which index its inline elements).
struct SetParagraph {
  ShapedParagraph shaped;
  std::vector<Line> lines;
  Pt start_indent;  ///< from the start edge of the measure
  Pt end_indent;
  /// Per code point: where the inline element it belongs to (a link, a list term, a phrase
  /// in another language) starts, found once per paragraph so that emitting its lines
  /// costs time linear in the text, however many lines one element spans.
  std::vector<std::uint32_t> inline_start;
  /// The shaping cache's record of `lines` (build_lines), when they came from a cache:
  /// emit_line keeps a line's items by it. Null otherwise.
  std::shared_ptr<const void> lines_kept;
};

/// A SetParagraph of already shaped and broken text, with its inline elements indexed.
[[nodiscard]] SetParagraph make_set_paragraph(ShapedParagraph shaped, std::vector<Line> lines,
                                              Pt start_indent = Pt(0), Pt end_indent = Pt(0));

/// What set_paragraph does to `text` before shaping it (trailing spaces dropped, the
/// hyphenation folder for `role`): shaping ahead (engine) prepares its texts with it too.
void prepare_paragraph(const BlockContext& ctx, StyledText& text, Role role);

/// Shapes and breaks `text` to the measure less the indents. Nothing on error (reported).
/// `align`, when given, replaces the role's alignment.
[[nodiscard]] std::optional<SetParagraph> set_paragraph(BlockContext& ctx, StyledText text,
                                                        Role role, Pt start_indent, Pt end_indent,
                                                        std::optional<Align> align = std::nullopt);

/// Refuses, with an error at its first letter, the first line of `lines` wider than
/// `measure`: a letter (or a cluster no break may part) wider than its column, which no line
/// break can help; printed, it would run `over` ("past the column's edge", "over the next
/// column") and be cut off or overprinted. `advice` says what to change. True when reported.
bool refuse_overfull_line(const BlockContext& ctx, const ShapedParagraph& para, const std::vector<Line>& lines,
                          Pt measure, std::string_view over, std::string_view advice);

/// The display items of one line of `p`, with the line box's top at `top` (x from the
/// column's left edge). Adds link areas for linked runs.
void emit_line(const BlockContext& ctx, const SetParagraph& p, std::size_t line_index, Pt top,
               Role role, int block, std::vector<DisplayItem>& out);

/// Adds a space glyph after the last glyph of `item`, at its right edge with no advance
/// (unless it ends in a space): invisible and moving nothing, it keeps the item's last word
/// apart from the next text written, for readers that join text in content order.
void end_with_space(const BlockContext& ctx, TextItem& item);
/// In right-to-left text, an invisible mark (U+061C ARABIC LETTER MARK, the space glyph with
/// no advance) written last in `left`, half over `x` (in `left`'s coordinates): the left edge
/// of a left-to-right run drawn after it. poppler then ends that run's stretch there.
void mark_left_to_right_edge(const BlockContext& ctx, TextItem& left, Pt x);
/// The same mark alone in an item of its own, half over `item`'s left edge (a left-to-right
/// run), to be drawn just before it (no glyphs without a space glyph in its font).
[[nodiscard]] TextItem left_to_right_start_mark(const BlockContext& ctx, const TextItem& item);
/// Whether the item is a left-to-right run whose text starts with a letter or digit (no
/// space at its left edge).
[[nodiscard]] bool starts_left_to_right(const TextItem& item);

/// One box per line, with penalties that forbid a lone first or last line on a page
/// (orphans and widows) and `inner_penalty` elsewhere.
void append_line_boxes(const BlockContext& ctx, const SetParagraph& p, Role role, int block,
                       VList& out, int inner_penalty = 0);

/// Marks text and links in `items` (or in every box of `list`) as part `part` (a list
/// item, FAQ item or table row) and column `cell` of their block, for tagged PDF.
void set_struct_part(std::vector<DisplayItem>& items, int part, int cell = -1);
void set_struct_part(VList& list, int part);

/// The physical x of a start-side offset within a measure of `width` (mirrored in RTL).
[[nodiscard]] Pt start_x(const BlockContext& ctx, Pt offset, Pt extent);

/// Numbers in the digits the spec chooses for the article's language.
[[nodiscard]] std::string localized_number(const LayoutSpec& spec, const std::string& lang, long n);
/// `s` with its ASCII digits in the digits the spec chooses for `lang`.
[[nodiscard]] std::string localized_digits(const LayoutSpec& spec, const std::string& lang, const std::string& s);
/// `s`, a text of the article or brand shown in page furniture (a date, a version, a phone
/// number), with its ASCII digits Arabic-Indic only when the layout sets text's digits so
/// ("arabic-indic", "extended-arabic-indic"); the "-numbering" styles change page and list
/// numbers only.
[[nodiscard]] std::string localized_text_digits(const LayoutSpec& spec, const std::string& lang, const std::string& s);
/// The zero of the digits the layout shows the article's own Western digits in, in text of
/// `lang`: U+0660 ("digits": {"ar": "arabic-indic"}), U+06F0 ({"fa":
/// "extended-arabic-indic"}, CLDR's "arabext" of Persian and Urdu), or 0 (as written).
[[nodiscard]] char32_t text_digit_zero(const LayoutSpec& spec, const std::string& lang);
/// Western digits to Arabic-Indic ones (from `zero`: U+0660, or U+06F0 for the extended
/// digits of Persian and Urdu), except in a token with a Latin letter or "@"
/// ("COVID-19", "B12", links and e-mail addresses keep theirs), in a quantity whose unit
/// is written in Latin letters or symbols ("10 mg", "2–8 °C", "10 mIU/mL") and in a token
/// after a Latin word with only spaces between ("Panadol 500", "Vitamin D 1000"): numbers
/// that read as part of Latin text. `before` is the text before `text` in its paragraph.
void to_arabic_indic_digits(std::u32string& text, std::u32string_view before = {}, char32_t zero = 0x0660);

}  // namespace handout
