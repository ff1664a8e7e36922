// Words that belong together (issue 16): phone numbers, numbers with their units and
// ranges of them are never broken; web addresses, e-mail addresses and file names are
// never hyphenated and break only after their own punctuation, as the line breaker's last
// resort. Found in the flattened text of a paragraph, before bidi and line breaking.
#pragma once

#include <string>
#include <vector>

#include "core/geometry.h"
#include "text/paragraph.h"

namespace handout {

/// A vulgar fraction character ("½", "¾", "⅓"): Unicode's No characters of U+00BC-U+00BE,
/// U+2150-U+215E and U+2189, neutral to the bidi algorithm (class ON).
[[nodiscard]] inline bool is_vulgar_fraction(char32_t c) {
  return (c >= 0x00BC && c <= 0x00BE) || (c >= 0x2150 && c <= 0x215E) || c == 0x2189;
}

enum class TogetherKind : std::uint8_t {
  kPhone,     ///< "+971 4 123 4567", "(0)20 7946 0018"
  kQuantity,  ///< "37.5 °C", "500 mg", "15 mmol/L", "500 mg–1 g", "15–20 mg", "120/80 mmHg"
  kLink,      ///< "https://example.org/a-b", "www.example.org", "info@example.org", "leaflet.pdf"
  kDate,      ///< a date written with hyphens, year first or last: "2026-12-06", "06-12-2026"
  kNumber,    ///< a number of thousands parted by spaces, or with a vulgar fraction, without a unit: "1 250 000", "1½"
  kCode,      ///< a Latin name led by a number and joined: "5-FU", "25-OH", "800-HELP"
  /// A Latin abbreviation written with stops, its final stop with it: "i.v.", "e.g.", "Ph.D."
  /// (in right-to-left text the bidi algorithm set that stop on the far side of the word:
  /// "أو p.o. مرتين" printed ". p.o").
  kAbbreviation,
};

struct TogetherSpan {
  Range chars;
  TogetherKind kind = TogetherKind::kQuantity;
  /// Read as a left-to-right unit inside right-to-left text (as if between FSI and PDI):
  /// a phone number, a date in hyphenated groups, a Latin abbreviation, or a quantity whose
  /// unit is written in Latin letters or symbols.
  bool ltr = false;
  /// A number with its sign ("-5", "+2.5", "−10%", "±2"): set left to right in
  /// right-to-left text when shown in Western digits, sign first ("-5", as CLDR's Arabic
  /// with Latin digits writes it), and so in Extended Arabic-Indic digits (CLDR's Persian
  /// "‎−۵"); in Arabic-Indic digits the bidi algorithm's order stands (the sign on the
  /// number's right, read first: CLDR's "arab" numbers).
  bool sign = false;
  /// A number of thousands parted by spaces ("1 250 000", "2 500 ملغ", "-1 250"), or a whole
  /// number and a vulgar fraction ("1½"): the number (up to number_end; a signed one in
  /// Arabic-Indic digits without its sign) is set left to right in right-to-left text,
  /// whatever its digits.
  bool grouped = false;
  /// For a signed or grouped number, the end of the sign and its number: what is set left
  /// to right when the span as a whole is not (a unit in Arabic letters, "-5 مل", keeps its
  /// place).
  std::uint32_t number_end = 0;
};

/// The spans of `text`, in order, not overlapping.
[[nodiscard]] std::vector<TogetherSpan> find_together(const std::u32string& text);

/// Makes each left-to-right span of `spans` an isolated left-to-right run in `levels`
/// (the bidi levels of the text): where its lowest level is odd, every character of the
/// span gets the next even level, which is what FSI ... PDI around it would give. A signed
/// number counts as left to right when `shown` (the text as its glyphs show it: its digits
/// perhaps made Arabic-Indic) has a Western or Extended Arabic-Indic digit after its sign. A
/// percent or per mille sign written right after a number shown in Western digits, or a
/// signed one in Extended Arabic-Indic digits, takes the number's level (it reads on the
/// number's right, "25%", wherever the number stands).
void isolate_ltr_spans(const std::vector<TogetherSpan>& spans, std::vector<std::uint8_t>& levels,
                       const std::u32string& shown);

/// When text[i] is a symbol (general category So) written against the end of a word, with no
/// space before it ("Coumadin®", "Panadol™", "NHS©"), gives it the word's level in `levels`,
/// so that it stays at the word's end in text of the other direction ("(Coumadin®)" in Arabic
/// printed "(®Coumadin)": the bidi algorithm sets such a neutral by the paragraph's direction).
void attach_word_symbol(const std::u32string& text, std::vector<std::uint8_t>& levels, std::size_t i);

/// Tailors the break opportunities of `breaks` (one per code point of `text`): no break
/// at the dash of a numeric range in any of the three digit sets, none inside a phone number or quantity, and none before a spaced dash that closes an
/// aside; inside a link, breaks only at a cost (BreakKind::kAllowLink after "/" or "@" and
/// before "?" or "&", kAllowWeak after a "." of a path or name, kAllowHost after a "." of a host or
/// domain), never inside the scheme, "//" or "www.", and not after its own "-", which
/// readers would drop as a hyphen at a line end.
void tailor_breaks(const std::u32string& text, const std::vector<TogetherSpan>& spans,
                   std::vector<BreakKind>& breaks);

}  // namespace handout
