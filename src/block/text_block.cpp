#include <hb.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <span>
#include <utility>

#include "block/context.h"
#include "core/bidi_nesting.h"
#include "core/cancel.h"
#include "core/char_props.h"
#include "core/heap_bytes.h"
#include "core/lang.h"
#include "core/utf.h"
#include "text/together.h"

namespace handout {

namespace {

bool is_collapsible(char32_t c) { return c == U' ' || c == U'\t' || c == U'\r'; }

// The bidi controls a glyph's text and a link's address leave out: the embeddings, overrides
// and isolates and the two direction marks, not U+061C ARABIC LETTER MARK. A list marker
// carries ALMs in its glyphs' text ("١؜.؜"), and text extractors need them there to read the
// number before its full stop (without them pdftotext read " .١").
bool is_bidi_control_but_alm(char32_t c) { return c != 0x061C && is_bidi_control(c); }

// Whether UTF-8 `s` holds an embedding, override or isolate or a closing one (U+202A-U+202E:
// E2 80 AA-AE; U+2066-U+2069: E2 81 A6-A9), found by their first byte, which most text
// has none of (Arabic has none; dashes and quotation marks have it).
bool has_bidi_control(std::string_view s) {
  for (std::size_t at = s.find('\xE2'); at != std::string_view::npos && at + 2 < s.size(); at = s.find('\xE2', at + 1)) {
    const auto b1 = static_cast<unsigned char>(s[at + 1]);
    const auto b2 = static_cast<unsigned char>(s[at + 2]);
    if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) return true;
  }
  return false;
}

// A glyph as it is placed, before it is stored compactly in its item (TextItem::add_glyph).
struct PlacingGlyph {
  std::uint32_t gid = 0;
  Pt x;
  Pt y_offset;
  Pt advance;
  std::uint32_t text_begin = 0;
  std::uint32_t text_length = 0;
  bool starts_with_mark = false;  ///< in a right-to-left run: its text starts with a non-spacing mark
  bool has_mark = false;  ///< in a right-to-left run: its text holds a non-spacing mark anywhere
};

// The text a placing glyph stands for (bytes of the item's text).
std::string_view text_of(const TextItem& item, const PlacingGlyph& g) {
  return {item.text.data() + g.text_begin, g.text_length};
}

// Whether UTF-8 `text` holds more than one code point (more than its first sequence), from
// its first byte and length alone: most glyphs stand for one letter.
bool several_code_points(std::string_view text) {
  if (text.size() < 2) return false;
  const auto b = static_cast<unsigned char>(text[0]);
  const std::size_t first = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  return text.size() > first;
}

// Whether the text a glyph stands for starts with a non-spacing mark. The first code point is
// enough (a mark has its own cluster). Marks are never ASCII; two- and three-byte sequences
// are decoded here without allocating.
bool starts_with_mark(const std::string& text, std::uint32_t begin, std::uint32_t length) {
  if (length == 0) return false;
  const auto* b = reinterpret_cast<const unsigned char*>(text.data() + begin);
  char32_t c = 0;
  if (b[0] < 0x80) return false;
  if ((b[0] & 0xE0) == 0xC0 && length >= 2) c = (char32_t{b[0] & 0x1Fu} << 6) | (b[1] & 0x3Fu);
  else if ((b[0] & 0xF0) == 0xE0 && length >= 3)
    c = (char32_t{b[0] & 0x0Fu} << 12) | (char32_t{b[1] & 0x3Fu} << 6) | (b[2] & 0x3Fu);
  else c = utf8_to_utf32(std::string_view(text).substr(begin, std::min(length, 4u))).front();
  return is_nonspacing_mark(c);
}

// A glyph that stands for text starting with a mark. Its text only ever grows at the end
// (give_marks_to_bases), so `starts_with_mark`, found once when it was placed, still holds.
bool is_mark_glyph(const PlacingGlyph& g) { return g.text_length != 0 && g.starts_with_mark; }

// A mark that keeps text of its own (one with no base before it in the text: after a space,
// at a run's start; give_marks_to_bases takes the others). HarfBuzz lists a right-to-left run
// in visual order with each mark before its base, which
// is what poppler and pdf.js need: they reverse the run, so the mark comes back after its
// letter. But poppler starts a new word at a glyph that begins more than 0.1 em after the
// right end of the word so far, or more than 0.2 em before it (by the widths in the font),
// and a mark set inside a wide letter, or the base after it, can: then the marks are
// written after their base instead (the word stays whole; those marks come back before
// their letter). The limits here keep a margin. Positions are unchanged.
void order_marks_for_readers(const FontFace& face, const TextItem& item, std::vector<PlacingGlyph>& glyphs) {
  const double k = item.size.value() / face.upem;
  const double overlap_limit = -0.15 * item.size.value();
  const double gap_limit = 0.08 * item.size.value();
  auto right = [&](const PlacingGlyph& g) { return g.x.value() + face.glyph_advance(g.gid).value() * k; };
  // Without a mark that keeps its text, every glyph stays where it is.
  if (std::none_of(glyphs.begin(), glyphs.end(), is_mark_glyph)) return;
  std::vector<PlacingGlyph> out;
  out.reserve(glyphs.size());
  std::vector<PlacingGlyph> pending;  // marks waiting for their base
  double x_max = -1e300;              // the right end of what is written so far
  for (const PlacingGlyph& g : glyphs) {
    if (is_mark_glyph(g)) {
      pending.push_back(g);
      continue;
    }
    double x = x_max;
    bool before = true;
    for (const PlacingGlyph& m : pending) {
      before = before && m.x.value() - x >= overlap_limit && m.x.value() - x <= gap_limit;
      x = std::max(x, right(m));
    }
    before = before && g.x.value() - x >= overlap_limit;
    if (before) out.insert(out.end(), pending.begin(), pending.end());
    out.push_back(g);
    if (!before) out.insert(out.end(), pending.begin(), pending.end());
    x_max = std::max(x, right(g));
    pending.clear();
  }
  out.insert(out.end(), pending.begin(), pending.end());
  glyphs = std::move(out);
}

// Empty, a space or a no-break space (U+00A0). By length first: asked of nearly every glyph
// of a right-to-left run.
bool blank_text(std::string_view s) {
  switch (s.size()) {
    case 0: return true;
    case 1: return s[0] == ' ';
    case 2: return s[0] == '\xC2' && s[1] == '\xA0';
    default: return false;
  }
}

// The text of the invisible glyphs direction_mark makes: U+061C ARABIC LETTER MARK, U+200E
// LEFT-TO-RIGHT MARK. The Arabic letter mark in Hebrew and Yiddish text too: U+200F
// RIGHT-TO-LEFT MARK is no right-to-left character to poppler (it read a Hebrew line's list
// numbers after their items and lost the space after a Latin word) nor to pdf.js (its bidi
// table counts it left to right, and a pointed word went to the line before); tagged.spanlang.
constexpr std::string_view kArabicLetterMark = "\xD8\x9C";
constexpr std::string_view kLeftToRightMark = "\xE2\x80\x8E";
// U+2060 WORD JOINER: the text of the invisible glyphs set for pdf.js's reading (below).
constexpr char32_t kWordJoiner = 0x2060;
constexpr std::string_view kWordJoinerUtf8 = "\xE2\x81\xA0";
// A tatweel starting less than this (in em) after the tatweel before it stands for U+2060
// (emit_line): poppler's limit for duplicated text is 0.1 em, with a margin.
constexpr double kTatweelOverlapEm = 0.12;
bool is_direction_mark(std::string_view s) { return s == kArabicLetterMark || s == kLeftToRightMark; }

bool blank_glyph(const TextItem& t, std::size_t i) { return blank_text(t.glyph_text(i)); }

// Whether the item's text, in drawing order, starts (at_end: ends) with a blank: glyphs that
// stand for no text (marks, written after the others) are passed over.
bool blank_edge(const TextItem& t, bool at_end) {
  const std::size_t n = t.glyphs.size();
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = at_end ? n - 1 - k : k;
    if (t.text_length(i) != 0 && !is_direction_mark(t.glyph_text(i))) return blank_glyph(t, i);
  }
  return true;
}

// In a right-to-left run the text of a mark (harakat, shadda, tanween) and of a letter drawn
// with no advance over its neighbour (the alef of lam-alef) goes to the glyph whose text it
// follows, the base: that glyph's ToUnicode then holds the whole letter ("يُ", "لا", stored
// reversed as any right-to-left ligature), and the mark (or the alef), written after the
// run's other glyphs, stands for no text (the PDF writer draws such glyphs in a sequence
// with an empty /ActualText, pdf_writer.cpp, append_text). Both readers reverse the run character by character, so the
// marks come back after their letter; poppler no longer splits the word at a mark off the
// baseline or next to its base, and pdf.js no longer starts a word at the alef of a
// word-final lam-alef (a glyph without advance is read as overlapping). Positions are
// unchanged.
// `by_text` is scratch space, kept by the caller across runs.
void give_marks_to_bases(const TextItem& item, std::vector<PlacingGlyph>& glyphs, std::vector<std::uint32_t>& by_text) {
  by_text.clear();
  by_text.reserve(glyphs.size());
  for (std::uint32_t i = 0; i < glyphs.size(); ++i) {
    if (glyphs[i].text_length != 0) by_text.push_back(i);
  }
  // Text offsets are distinct, so any sort gives one order. A right-to-left run's glyphs
  // are in visual order, its text nearly always backwards: reversed, then sorted only if
  // that did not order it.
  const auto by_offset = [&glyphs](std::uint32_t a, std::uint32_t b) {
    return glyphs[a].text_begin < glyphs[b].text_begin;
  };
  if (!std::is_sorted(by_text.begin(), by_text.end(), by_offset)) {
    std::reverse(by_text.begin(), by_text.end());
    if (!std::is_sorted(by_text.begin(), by_text.end(), by_offset)) {
      std::sort(by_text.begin(), by_text.end(), by_offset);
    }
  }
  const auto blank = [&item](const PlacingGlyph& g) {
    return blank_text(text_of(item, g));
  };
  PlacingGlyph* base = nullptr;
  for (std::uint32_t i : by_text) {
    PlacingGlyph& g = glyphs[i];
    const bool follows = base && base->text_begin + base->text_length == g.text_begin;
    if (follows && (is_mark_glyph(g) || (g.advance == Pt(0) && !blank(g)))) {
      base->text_length += g.text_length;
      base->has_mark = base->has_mark || g.has_mark;  // its text now ends with g's
      g.text_length = 0;
      g.has_mark = false;
      continue;
    }
    base = g.advance != Pt(0) && !blank(g) ? &g : nullptr;
  }
}

// A run set against its paragraph's direction (in a right-to-left paragraph a number, a
// range's number or a Latin word; in a left-to-right one an Arabic phrase) gets an invisible
// glyph at its edge that faces the paragraph's flow: the space glyph, with no advance, set
// half its width over the edge, standing for a strong character of the paragraph's direction
// (U+061C ARABIC LETTER MARK at a left-to-right run's left edge, U+200E LEFT-TO-RIGHT MARK at
// a right-to-left run's right edge). poppler reorders a line itself but takes each stretch
// of the other direction together with the neutral characters (space, dash, colon, bracket)
// beyond it: in Arabic "15–20" came back "20–15" and the space after a number before it
// ("24ساعة"); in English "(العلاج) session" came back " )العلاجsession". The mark ends the
// stretch at the run's edge. It is a glyph of its own, not part of another glyph's text
// (ghostscript reads a ToUnicode entry of several characters as one wrong character), and
// half over the edge (poppler reads a character printed exactly over the next one as a
// duplicate). The Arabic letter mark is written with the run on the left (when there is one),
// after its glyphs: mutool puts a right-to-left character on the line it is reading however
// far away it lies, so written first in the number's run it joined the number to text written
// just before it (an Arabic word to its right, a bracket). pdf.js skips format characters.
// Nothing is drawn, and every other glyph keeps its place.
// The advance of the face's space glyph at `size` (0 without one).
Pt space_advance(const FontFace& face, Pt size) {
  const std::optional<std::uint32_t> space = face.space_glyph();
  return space ? Pt(face.glyph_advance(*space).value() * size.value() / face.upem) : Pt(0);
}

PlacingGlyph direction_mark(const FontFace& face, Pt size, Pt x, char32_t mark, TextItem& item) {
  const std::optional<std::uint32_t> space = face.space_glyph();
  if (!space) return PlacingGlyph{};
  PlacingGlyph g{*space, x - space_advance(face, size) / 2, Pt(0), Pt(0), static_cast<std::uint32_t>(item.text.size()), 0};
  append_utf8(item.text, mark);
  g.text_length = static_cast<std::uint32_t>(item.text.size()) - g.text_begin;
  return g;
}

// Whether text holds a nonspacing mark anywhere (a base given its marks: "ةً").
bool text_has_mark(std::string_view text) {
  if (text.size() < 2) return false;  // a mark is never ASCII
  for (std::size_t i = 0; i < text.size();) {
    if (is_nonspacing_mark(next_utf8(text, i))) return true;
  }
  return false;
}

// pdf.js takes a glyph whose text holds a nonspacing mark for a zero-width diacritic: it
// does not move its pen past it and does not compare its place with the glyph before. So
// when such a glyph comes first after a space (in a right-to-left run, the last letter of a
// word, "ةً" of "عادةً", drawn first), the next letter seemed to lie a space's width after
// the word on the left, and pdf.js put a second space inside the word ("عاد ةً"). An
// invisible glyph standing for U+2060 WORD JOINER, drawn just before it where the space
// starts, mends that: pdf.js skips a format character's glyph without moving its pen, so
// its pen stays at the space's start and the next letter lies where the word on the left
// ended (no space). The glyph is the font's empty glyph (FontFace::empty_glyph) at the
// space's start; one character of text (ghostscript reads a ToUnicode entry of several
// characters as one wrong character).
void keep_marked_word_whole(const FontFace& face, TextItem& item, std::vector<PlacingGlyph>& glyphs) {
  const std::optional<std::uint32_t> space = face.space_glyph();
  const std::optional<std::uint32_t> empty = face.empty_glyph();
  if (!space || !empty) return;
  for (std::size_t i = 1; i < glyphs.size(); ++i) {
    if (glyphs[i].text_length == 0 || !glyphs[i].has_mark) continue;
    // The space, with at most glyphs standing for no text between it and this glyph.
    std::size_t at = i;
    while (at > 0 && glyphs[at - 1].text_length == 0) --at;
    if (at == 0) continue;
    const PlacingGlyph& before = glyphs[at - 1];
    if (before.gid != *space || !blank_text(text_of(item, before))) {
      continue;
    }
    PlacingGlyph joiner{*empty, before.x, Pt(0), Pt(0), static_cast<std::uint32_t>(item.text.size()), 0};
    append_utf8(item.text, kWordJoiner);
    joiner.text_length = static_cast<std::uint32_t>(item.text.size()) - joiner.text_begin;
    glyphs.insert(glyphs.begin() + static_cast<std::ptrdiff_t>(at), joiner);
    ++i;
  }
}

// How many UTF-16 units a reader gets from a glyph's text (its ToUnicode entry).
std::uint32_t utf16_units(std::string_view text) {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < text.size();) n += next_utf8(text, i) > 0xFFFF ? 2 : 1;
  return n;
}

// poppler spreads the characters of a glyph's text evenly over the glyph's width (its width
// in the font) and starts a new word at a glyph that begins within 0.1 em of the start of the
// last character before it (it takes it for duplicated text), and at the glyph after that one
// too. A narrow letter carrying two marks (بِّ of يُسَبِّبُ, تَّ of فَاتَّصِلْ: three characters
// over 0.28 em) leaves its last character less than 0.1 em before the next letter, and
// poppler cut the word there twice ("يُ سَ بِّبُ"). The text of a right-to-left run is written
// as a whole backwards (each glyph's text reversed, glyphs in visual order), so which glyph
// carries which character does not change what the readers put together: such a glyph gives
// its first character (the base letter; last in the glyph's reversed text) to the glyph drawn
// after it, the letter before it in the word, or else its last character (a mark) to the glyph
// drawn before it, whichever leaves every character of both at least 0.115 em before the next
// glyph. Only letters of the run's own text (`text_end`), next to each other in the word, are
// touched. Positions are unchanged.
void spread_text_for_poppler(const FontFace& face, Pt size, const TextItem& item, std::uint32_t text_end,
                             std::vector<PlacingGlyph>& glyphs) {
  const double k = size.value() / face.upem;
  const double limit = 0.115 * size.value();
  const auto units = [&](const PlacingGlyph& g) { return utf16_units(text_of(item, g)); };
  const auto letter = [&](const PlacingGlyph& g) {
    return g.text_length != 0 && g.text_begin + g.text_length <= text_end && !blank_text(text_of(item, g));
  };
  // Whether `b`, drawn right after `a`, starts far enough from a's last character.
  const auto clear = [&](const PlacingGlyph& a, const PlacingGlyph& b) {
    const std::uint32_t n = units(a);
    const double w = face.glyph_advance(a.gid).value() * k;
    return b.x.value() - (a.x.value() + w * (n - 1) / n) >= limit;
  };
  // Whether glyphs[i + 1] holds the text just before glyphs[i]'s (the letter before it in the word).
  const auto pair = [&](std::size_t i) {
    return i + 1 < glyphs.size() && letter(glyphs[i]) && letter(glyphs[i + 1]) &&
           glyphs[i + 1].text_begin + glyphs[i + 1].text_length == glyphs[i].text_begin;
  };
  for (std::size_t i = 0; i + 1 < glyphs.size(); ++i) {
    // A glyph of one code point has nothing to give: checked first.
    if (!several_code_points(text_of(item, glyphs[i])) || !pair(i) || clear(glyphs[i], glyphs[i + 1])) continue;
    PlacingGlyph a = glyphs[i];
    PlacingGlyph b = glyphs[i + 1];
    // The first character of a's text, to b.
    std::size_t at = 0;
    const std::string_view a_text = text_of(item, a);
    static_cast<void>(next_utf8(a_text, at));
    const auto first = static_cast<std::uint32_t>(at);
    a.text_begin += first;
    a.text_length -= first;
    b.text_length += first;
    if (clear(a, b) && (!pair(i + 1) || clear(b, glyphs[i + 2]))) {
      glyphs[i] = a;
      glyphs[i + 1] = b;
      continue;
    }
    // Else the last character of a's text, to the glyph before it (the letter after it).
    if (i == 0 || !pair(i - 1)) continue;
    a = glyphs[i];
    PlacingGlyph p = glyphs[i - 1];
    std::size_t last = a_text.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(a_text[last]) & 0xC0) == 0x80) --last;
    const auto moved = static_cast<std::uint32_t>(a_text.size() - last);
    a.text_length -= moved;
    p.text_begin -= moved;
    p.text_length += moved;
    if (clear(p, a) && clear(a, glyphs[i + 1])) {
      glyphs[i - 1] = p;
      glyphs[i] = a;
    }
  }
}

// In a right-to-left run, a percent sign next to another punctuation mark with no space
// between them ("60%." or "20–40%،" in Arabic, the number's left-to-right run drawn beside
// them): poppler takes every character it does not class as right to left, the two marks
// included, for one left-to-right stretch and returns it in drawing order, the reverse of
// the text's ("60.%", "40،%"; pdf.js too for "60%."). An invisible Arabic letter mark drawn
// between the two (direction_mark: the space glyph with no advance, half over the edge)
// parts them, and each comes back in its place. Positions are unchanged; only runs holding a
// percent sign are looked at (U+066A ARABIC PERCENT SIGN is right to left to poppler).
// The same between the percent sign and a space or a bracket beside it, where the number is
// shown in Arabic-Indic digits (the sign on its left, "%٣٣"): poppler returned "33% من" as
// "33 %من" (the space moved inside the number's stretch, the sign glued to the next word)
// and "(25%)" as "(25 )%". And, in a run holding a percent sign, between a punctuation mark
// and a space beside it: "20–40%. و" came back "20–40% .و" (the full stop glued to the next
// word).
bool is_percent(std::string_view t) { return t == "%"; }

bool is_punctuation_glyph(std::string_view t) {
  if (t.size() == 1) {
    const char c = t[0];
    return c == '.' || c == ',' || c == ':' || c == ';' || c == '!' || c == '?' || c == '%';
  }
  return t == "\xD8\x8C" || t == "\xD8\x9B" || t == "\xD8\x9F";  // ، ؛ ؟
}

void part_percent_from_punctuation(const FontFace& face, Pt size, TextItem& item, std::vector<PlacingGlyph>& glyphs) {
  for (std::size_t i = 0; i + 1 < glyphs.size(); ++i) {
    const PlacingGlyph& a = glyphs[i];
    const PlacingGlyph& b = glyphs[i + 1];
    if (a.text_length == 0 || b.text_length == 0) break;  // textless glyphs come last
    const std::string_view at = text_of(item, a);
    const std::string_view bt = text_of(item, b);
    auto parted = [](std::string_view t) { return is_punctuation_glyph(t) || blank_text(t) || t == "(" || t == ")"; };
    if (!((is_percent(at) && parted(bt)) || (is_percent(bt) && parted(at)) ||
          (blank_text(at) && is_punctuation_glyph(bt)) || (is_punctuation_glyph(at) && blank_text(bt)))) {
      continue;
    }
    const PlacingGlyph mark = direction_mark(face, size, a.x + a.advance, 0x061C, item);
    if (mark.text_length == 0) return;
    glyphs.insert(glyphs.begin() + static_cast<std::ptrdiff_t>(i + 1), mark);
    ++i;
  }
}

// The same between two right-to-left items of a line (a run in another font: "%" in the
// Latin face beside the Arabic comma of "40%،"): the mark is written last in the item on the
// left, at its right edge.
std::string_view edge_text(const TextItem& t, bool right) {
  const std::size_t n = t.glyphs.size();
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = right ? n - 1 - k : k;
    if (t.text_length(i) != 0 && !is_direction_mark(t.glyph_text(i))) return t.glyph_text(i);
  }
  return {};
}

void part_percent_between_items(const BlockContext& ctx, std::vector<std::pair<std::optional<LinkItem>, TextItem>>& made) {
  for (std::size_t i = 0; i + 1 < made.size(); ++i) {
    TextItem& left = made[i].second;
    const TextItem& right = made[i + 1].second;
    if (!left.rtl || !right.rtl || left.glyphs.empty()) continue;
    const std::string_view a = edge_text(left, true);
    const std::string_view b = edge_text(right, false);
    if (!(is_percent(a) || is_percent(b)) || !is_punctuation_glyph(a) || !is_punctuation_glyph(b)) continue;
    const PlacingGlyph mark = direction_mark(ctx.shaper.book().face(left.font), left.size, left.width(), 0x061C, left);
    if (mark.text_length == 0) continue;
    left.glyphs.reserve(left.glyphs.size() + 2);
    left.add_glyph(mark.gid, mark.x, Pt(0), Pt(0), mark.text_begin, mark.text_length);
    // A space on the left of that punctuation mark ("40%، و": the Arabic comma, then a space,
    // then the next word): parted from it too, or poppler took the mark for the next word's
    // ("40% ،و"), as part_percent_from_punctuation does inside a run.
    std::size_t e = left.glyphs.size();
    while (e > 0 && (left.text_length(e - 1) == 0 || is_direction_mark(left.glyph_text(e - 1)))) --e;
    if (e >= 2 && blank_glyph(left, e - 2)) {
      const PlacingGlyph inner = direction_mark(ctx.shaper.book().face(left.font), left.size, left.glyphs[e - 1].x, 0x061C, left);
      if (inner.text_length != 0) {  // (a mark's text: 2 bytes)
        left.insert_glyph(e - 1, inner.gid, inner.x, Pt(0), inner.text_begin,
                          static_cast<std::uint16_t>(inner.text_length));
      }
    }
  }
}

// The mark after a right-to-left run in left-to-right text: after its last glyph that stands
// for text (marks and other textless glyphs come after it). None at a line's right edge.
void mark_right_to_left_run(const FontFace& face, Pt size, TextItem& item, std::vector<PlacingGlyph>& glyphs) {
  std::size_t at = glyphs.size();
  while (at > 0 && glyphs[at - 1].text_length == 0) --at;
  if (at == 0) return;
  const PlacingGlyph& last = glyphs[at - 1];
  if (blank_text(text_of(item, last))) return;  // blank_edge
  Pt right;
  for (const PlacingGlyph& g : glyphs) right += g.advance;
  const PlacingGlyph mark = direction_mark(face, size, right, 0x200E, item);
  if (mark.text_length != 0) glyphs.insert(glyphs.begin() + static_cast<std::ptrdiff_t>(at), mark);
}

// The mark before a left-to-right run in right-to-left text: written last in the item on its
// left. None at a line's left edge (nothing lies beyond it, and the mark would stand in the
// margin), nor after another left-to-right run: the two are one stretch, whether they touch
// (a Latin word and its digits in two fonts) or a space of the stretch lies between them (a
// quantity "420–480 L/min" or a phone number read as one left-to-right unit: the space is set
// left to right with them); a mark there cut the stretch in two, and poppler read its halves
// in the wrong order ("لك: L/min 420–480").
// Nor between a number that starts its paragraph and the full stop after it (a list number:
// a mark there split "١." into "١ ." in poppler).
bool ends_in_full_stop(const TextItem& t) {
  for (std::size_t k = t.glyphs.size(); k-- > 0;) {
    const std::string_view text = t.glyph_text(k);
    if (text.empty() || is_direction_mark(text)) continue;  // marks, written last
    return text.back() == '.';  // the last code point, a full stop: its one byte ends the text
  }
  return false;
}

void mark_left_to_right_run(const BlockContext& ctx, TextItem* left, const TextItem& item,
                            const std::vector<PlacingGlyph>& glyphs) {
  if (glyphs.empty() || !left || !left->rtl) return;
  if (item.ref.offset == 0 && ends_in_full_stop(*left)) return;
  const PlacingGlyph& first = glyphs.front();
  if (first.text_length != 0 && blank_text(text_of(item, first))) {
    return;  // blank_edge
  }
  const PlacingGlyph mark =
      direction_mark(ctx.shaper.book().face(left->font), left->size, item.origin.x - left->origin.x, 0x061C, *left);
  if (mark.text_length == 0) return;
  left->glyphs.reserve(left->glyphs.size() + 1);  // one more, not twice as many
  left->add_glyph(mark.gid, mark.x, Pt(0), Pt(0), mark.text_begin, mark.text_length);
}

// The mark at a number's right edge in right-to-left text, where an Arabic run
// (with punctuation such as the colon of "الإجراء: 30–45") follows it: written last in the
// left-to-right item. poppler otherwise took the colon and space into the number's stretch
// ("الإجراء30 :"). The same at the right edge of a Latin word when its left-to-right stretch
// holds a digit (a quantity's unit: "لك: 420–480 L/min،" came back "لكL/min :") or when
// punctuation comes just before the stretch ("الجراحة: example.org/recovery" came back
// "الجراحةexample.org/recovery :").
bool has_latin_letter(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

// Punctuation that ends an Arabic phrase before a left-to-right stretch: colon, comma,
// semicolon, full stop (Latin and Arabic forms).
bool is_punctuation(char32_t c) {
  return c == U':' || c == U',' || c == U';' || c == U'.' || c == 0x060C || c == 0x061B || c == 0x06D4;
}

// Whether every glyph of the item stands for a space, a direction mark or nothing.
bool only_blank(const TextItem& t) {
  for (std::size_t k = 0; k < t.glyphs.size(); ++k) {
    const std::string_view text = t.glyph_text(k);
    if (!blank_text(text) && !is_direction_mark(text)) return false;
  }
  return true;
}

bool has_digit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void mark_right_edges(const BlockContext& ctx, const std::u32string& text,
                      std::vector<std::pair<std::optional<LinkItem>, TextItem>>& made) {
  for (std::size_t i = 0; i + 1 < made.size(); ++i) {
    TextItem& item = made[i].second;
    const TextItem& right = made[i + 1].second;
    if (item.rtl || !right.rtl || blank_edge(item, true) || item.glyphs.empty()) continue;
    // Not when only a space lies between this run and the next left-to-right one
    // ("800 1234": two numbers): that one's mark, written with the space, already ends the
    // stretch, and a second one, as wide as a space in poppler's eyes, covered the gap (poppler
    // then ran the numbers together).
    if (i + 2 < made.size() && !made[i + 2].second.rtl && only_blank(right)) continue;
    // After any other Latin word the mark cost poppler (bilingual parallel pages) and mutool
    // the word.
    if (has_latin_letter(item.text)) {
      bool digit = false;
      std::size_t k = i + 1;
      while (k > 0 && !made[k - 1].second.rtl) {
        --k;
        digit = digit || has_digit(made[k].second.text);
      }
      std::uint32_t before = made[k].second.ref.offset;
      while (before > 0 && (text[before - 1] == U' ' || is_bidi_control_but_alm(text[before - 1]))) --before;
      const bool punctuated = before > 0 && is_punctuation(text[before - 1]);
      if (!digit && !punctuated) continue;
    }
    const PlacingGlyph mark =
        direction_mark(ctx.shaper.book().face(item.font), item.size, item.width(), 0x061C, item);
    if (mark.text_length == 0) continue;
    item.glyphs.reserve(item.glyphs.size() + 1);
    item.add_glyph(mark.gid, mark.x, Pt(0), Pt(0), mark.text_begin, mark.text_length);
  }
}

// A hyphen-minus at the right edge of a right-to-left line, its first character: the sign of
// a negative number in Arabic-Indic digits, which stands on the number's right ("٥-", read
// first, as CLDR's "arab" numbers write it: U+061C ARABIC LETTER MARK, then the sign), when the
// number starts a paragraph, a table cell or a line. poppler takes a hyphen at a line's right
// end for a word broken there: it dropped the sign and ran the line into the next one ("-5 في
// أول الفقرة" came back "5 في أول الفقرة" joined to the next line). The mark (direction_mark:
// the space glyph, no advance) is drawn on the sign's right, inside the line, standing for the
// Arabic letter mark that CLDR writes before the sign: the line then ends, to poppler, with a
// character that is no hyphen, and the text layer reads the mark and the sign in that order.
void mark_sign_at_line_start(const BlockContext& ctx, std::vector<std::pair<std::optional<LinkItem>, TextItem>>& made) {
  if (made.empty()) return;
  TextItem& item = made.back().second;  // the rightmost
  if (item.text.find('-') == std::string::npos) return;  // nearly every line: no glyph to look at
  std::size_t right = item.glyphs.size();
  for (std::size_t k = 0; k < item.glyphs.size(); ++k) {
    const std::string_view t = item.glyph_text(k);
    if (t.empty() || is_direction_mark(t)) continue;
    if (right == item.glyphs.size() || item.glyphs[k].x > item.glyphs[right].x) right = k;
  }
  if (right == item.glyphs.size() || item.glyph_text(right) != "-") return;
  const FontFace& face = ctx.shaper.book().face(item.font);
  const Pt space = space_advance(face, item.size);
  // direction_mark sets the glyph half over x: this one ends at the sign's right edge.
  const PlacingGlyph mark =
      direction_mark(face, item.size, item.glyphs[right].x + item.glyphs[right].advance - space / 2, 0x061C, item);
  if (mark.text_length == 0) return;
  item.glyphs.reserve(item.glyphs.size() + 1);
  item.add_glyph(mark.gid, mark.x, Pt(0), Pt(0), mark.text_begin, mark.text_length);
}

// Text items of one line, given in visual order, go to the display list in the order a
// reader of the text layer meets them: runs that touch with no space between them (one
// word set in several runs, such as "15–20" in Arabic: two numbers and a dash from another
// font, or "0123-456-789") are written in logical order, so readers that join the pieces
// in content order get the word as written. So are left-to-right runs next to each other
// with a space between them (a quantity set left to right as one unit, "500 mg": the number
// in the Arabic font, the unit in the Latin one) together with what touches them: the
// brackets around "(500 mg)", drawn ")" "500 " and "(" "mg", came back from pdf.js, which
// joins a line's pieces in content order, as "500) (mg". Positions are unchanged.
// `ends` (for a right-to-left line) gets where each such stretch ends in `out`, left to right.
void emit_in_reading_order(std::vector<std::pair<std::optional<LinkItem>, TextItem>>& made, bool rtl,
                           std::vector<DisplayItem>& out, std::vector<std::size_t>& ends) {
  auto put = [&out](std::pair<std::optional<LinkItem>, TextItem>& m) {
    if (m.first) out.push_back(std::move(*m.first));
    out.push_back(std::move(m.second));
  };
  // Room for them all at once (a line's box starts empty: growing 1, 2, 4 moved the items),
  // still doubling where `out` gathers many lines (a table cell's).
  const std::size_t need = out.size() + made.size() +
                           static_cast<std::size_t>(std::count_if(made.begin(), made.end(), [](const auto& m) {
                             return m.first.has_value();
                           }));
  if (out.capacity() < need) out.reserve(std::max(need, 2 * out.capacity()));
  if (!rtl) {
    for (auto& m : made) put(m);
    return;
  }
  for (std::size_t i = 0; i < made.size();) {
    std::size_t j = i + 1;
    while (j < made.size() && ((!blank_edge(made[j - 1].second, true) && !blank_edge(made[j].second, false)) ||
                               (!made[j - 1].second.rtl && !made[j].second.rtl))) {
      ++j;
    }
    // Logical order: a range "15–20" (numbers left to right, the dash between them
    // right to left) and a phone number "0123-456-789" (all left to right) alike.
    // (Most stretches are one item, or already in order: checked first, since the sort takes a buffer.)
    const auto logical = [](const auto& a, const auto& b) { return a.second.ref.offset < b.second.ref.offset; };
    const auto from = made.begin() + static_cast<std::ptrdiff_t>(i);
    const auto to = made.begin() + static_cast<std::ptrdiff_t>(j);
    if (!std::is_sorted(from, to, logical)) std::stable_sort(from, to, logical);
    for (std::size_t k = i; k < j; ++k) put(made[k]);
    ends.push_back(out.size());
    i = j;
  }
}

// The ink of a line's stretch: the left edge of its glyphs' outlines within an em of its
// left end (`left`), or the right edge of those within an em of its right end.
double stretch_ink_edge(const BlockContext& ctx, const std::vector<DisplayItem>& out, std::size_t from,
                        std::size_t to, bool left, double edge) {
  double ink = left ? std::numeric_limits<double>::max() : std::numeric_limits<double>::lowest();
  for (std::size_t i = from; i < to; ++i) {
    const auto* t = std::get_if<TextItem>(&out[i]);
    if (!t) continue;
    const FontFace& face = ctx.shaper.book().face(t->font);
    const double scale = t->size.value() / face.upem;
    for (const DisplayGlyph& g : t->glyphs) {
      const double x = (t->origin.x + g.x).value();
      if (left ? x > edge + t->size.value() : x + g.advance.value() < edge - t->size.value()) continue;
      const FontFace::Ink ext = face.glyph_ink(g.gid);
      if (ext.empty()) continue;
      ink = left ? std::min(ink, x + ext.left * scale) : std::max(ink, x + ext.right * scale);
    }
  }
  return ink;
}

// A right-to-left line is written to the content stream right to left, stretch by stretch
// (emit_in_reading_order's stretches, each still left to right inside): pdf.js joins a
// line's text items in content order and reorders each item by itself, so a line written
// left to right came back with its stretches in visual order ("... 5 ملغ لمدة 40
// (prednisolone) البريدنيزولون" for "البريدنيزولون (prednisolone) 40 ملغ لمدة 5 ..."). Between two stretches goes a separator, a text item
// of its own: the space glyph standing for a right-to-left mark and a thin space
// (kSeparatorText), with no advance, raised a tenth of an em, in the middle of the gap.
// pdf.js ends an item at a move back and writes no space there: the separator is its space.
// ghostscript, which sorts a line's pieces by position (blind to content order), puts the
// raised glyph on a line of its own, away from the words; mutool, which glues a
// right-to-left character to the text before it, reads the space. poppler reads the
// separator's empty /ActualText, and tagged PDF makes it a layout artifact, outside every
// element's marked content (pdfinfo -struct-text lost words after a separator inside it).
// Two stretches whose glyphs' ink comes within a point of each other keep today's order
// (as one stretch), so no glyph is drawn over another in another order. Positions are
// unchanged; readers add up the relative moves (Td) in another order, which moves some
// glyphs by 0.00001 pt or so in poppler, mutool and ghostscript (a few anti-aliased pixels of
// a glyph differ at some resolutions; written with absolute moves, both orders render alike).
// Table cells are written so too (`lead`: see below; table.cpp puts a cell's end space).
// A separator (see write_line_right_to_left) at `x` on the line of `like`, in its font, size,
// colour, language, role, block and place in the structure; none when the font has no space.
std::optional<TextItem> separator_like(const BlockContext& ctx, const TextItem& like, Pt x) {
  const std::optional<std::uint32_t> space = ctx.shaper.book().face(like.font).space_glyph();
  if (!space) return std::nullopt;
  TextItem sep = like;
  sep.glyphs.clear();
  sep.extras.clear();
  sep.strong = sep.em = false;
  sep.origin = Point{x, like.origin.y};
  sep.rtl = true;
  sep.text = kSeparatorText;
  sep.separator = true;
  sep.add_glyph(*space, Pt(0), like.size * 0.1, Pt(0), 0, static_cast<std::uint32_t>(sep.text.size()));
  return sep;
}

void write_line_right_to_left(const BlockContext& ctx, std::vector<DisplayItem>& out, std::size_t first,
                              const std::vector<std::size_t>& ends, bool lead) {
  if (ends.size() < 2) return;
  struct Stretch {
    std::size_t from, to;
    double left, right;  // the advance box
  };
  thread_local std::vector<Stretch> stretches;
  thread_local std::vector<DisplayItem> moved;
  stretches.clear();
  std::size_t from = first;
  for (const std::size_t to : ends) {
    Stretch s{from, to, std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()};
    for (std::size_t i = from; i < to; ++i) {
      if (const auto* t = std::get_if<TextItem>(&out[i])) {
        s.left = std::min(s.left, t->origin.x.value());
        s.right = std::max(s.right, (t->origin.x + t->width()).value());
      }
    }
    from = to;
    if (!stretches.empty() && s.left <= s.right) {
      // Ink that touches (within a point) its neighbour's: one stretch, drawn as today.
      Stretch& before = stretches.back();
      constexpr double kInkApart = 1.0;
      if (stretch_ink_edge(ctx, out, before.from, before.to, false, before.right) + kInkApart >
          stretch_ink_edge(ctx, out, s.from, s.to, true, s.left)) {
        before.to = s.to;
        before.left = std::min(before.left, s.left);
        before.right = std::max(before.right, s.right);
        continue;
      }
    }
    stretches.push_back(s);
  }
  if (stretches.size() < 2) return;
  moved.clear();
  moved.reserve(out.size() - first + stretches.size());
  if (lead) {
    // (Table cells.) A line whose rightmost stretch, now written first, starts left to right
    // ("1–2 شهر", "08:00 و 20:00") gets a separator before it too, at its right end: its mark
    // is the first right-to-left character of the line. mutool takes the direction of a digit
    // or dash from the strong character before it in content order, which was the end of the
    // cell drawn before on the row ("2.5 mL"), and broke the range at each move across it
    // ("1", "–2" on lines of their own) when it took them for left to right.
    const Stretch& s = stretches.back();
    for (std::size_t i = s.from; i < s.to; ++i) {
      const auto* t = std::get_if<TextItem>(&out[i]);
      if (!t) continue;
      if (!t->rtl) {
        if (auto sep = separator_like(ctx, *t, Pt(s.right))) moved.emplace_back(std::move(*sep));
      }
      break;
    }
  }
  for (std::size_t k = stretches.size(); k-- > 0;) {
    const Stretch& s = stretches[k];
    if (k + 1 < stretches.size()) {
      // The separator, in the font of the last text item written (the stretch to the right).
      const TextItem* last = nullptr;
      for (std::size_t i = moved.size(); i-- > 0 && !last;) last = std::get_if<TextItem>(&moved[i]);
      const Stretch& right = stretches[k + 1];
      if (last) {
        if (auto sep = separator_like(ctx, *last, Pt(right.left > s.right ? (s.right + right.left) / 2 : s.right))) {
          moved.emplace_back(std::move(*sep));
        }
      }
    }
    for (std::size_t i = s.from; i < s.to; ++i) moved.push_back(std::move(out[i]));
  }
  out.resize(first);
  for (auto& m : moved) out.push_back(std::move(m));
  moved.clear();
}

// An empty glyph (FontFace::empty_glyph) standing for U+2060 WORD JOINER at the item's right end.
void end_with_joiner(const BlockContext& ctx, TextItem& item) {
  const std::optional<std::uint32_t> empty = ctx.shaper.book().face(item.font).empty_glyph();
  if (!empty) return;
  const auto at = static_cast<std::uint32_t>(item.text.size());
  append_utf8(item.text, kWordJoiner);
  item.glyphs.reserve(item.glyphs.size() + 1);
  item.add_glyph(*empty, item.width(), Pt(0), Pt(0), at, static_cast<std::uint32_t>(item.text.size()) - at);
}

// A line that ends at a word boundary (a space or a forced break, dropped from the line)
// gets a space glyph after the last glyph of the run that ends its text, at that run's
// right edge with no advance: invisible and moving nothing, but readers that join an
// element's lines as they stand (pdfinfo -struct-text, screen readers reading the
// structure tree) keep the line's last word apart from the next line's first.
void mark_word_boundary_at_line_end(const BlockContext& ctx, const SetParagraph& p, std::size_t line_index,
                                    std::vector<DisplayItem>& out, std::size_t first) {
  if (line_index + 1 >= p.lines.size() || first >= out.size()) return;
  const auto made = std::span(out).subspan(first);
  const Line& line = p.lines[line_index];
  if (line.hyphenated) return;
  const std::u32string& text = p.shaped.source.text;
  std::uint32_t end = 0;
  for (const auto& m : made) {
    if (const auto* t = std::get_if<TextItem>(&m)) end = std::max(end, t->ref.end);
  }
  const std::uint32_t next = p.lines[line_index + 1].chars.begin;
  bool boundary = false;
  for (std::uint32_t i = end; i < next && i < text.size(); ++i) boundary = boundary || text[i] == U' ' || text[i] == U'\n';
  if (!boundary) {
    // A word broken after its own hyphen ("pre-|treatment"): poppler takes a line that ends in
    // U+002D for one hyphenated by the typesetter and drops the hyphen ("pretreatment"). An
    // empty glyph standing for U+2060 after the hyphen ends the line instead; pdf.js skips it.
    if (end == 0 || end > text.size() || text[end - 1] != U'-' || end != next) return;
    for (auto& m : made) {
      auto* t = std::get_if<TextItem>(&m);
      if (t && t->ref.end == end && !t->rtl) end_with_joiner(ctx, *t);
    }
    return;
  }
  for (auto& m : made) {
    auto* t = std::get_if<TextItem>(&m);
    if (!t || t->ref.end != end) continue;
    end_with_space(ctx, *t);
    return;
  }
}

// What pdf.js makes of a glyph from its text as the font's ToUnicode gives it (bidi controls
// dropped, a right-to-left glyph's characters reversed): pdf.js's getCharUnicodeCategory
// takes a text that starts with white space for a space (a move, no character), one that
// holds a nonspacing mark for a zero-width diacritic, and one that ends in a format
// character for nothing at all.
enum class PdfJsReads : std::uint8_t { kNothing, kDiacritic, kCharacter };

bool is_js_space(char32_t c) {
  return c == U' ' || (c >= U'\t' && c <= U'\r') || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_format_character(char32_t c) {
  return hb_unicode_general_category(hb_unicode_funcs_get_default(), c) == HB_UNICODE_GENERAL_CATEGORY_FORMAT;
}

PdfJsReads pdfjs_reads(std::string_view text, bool rtl) {
  // The first and last code points that are not bidi controls, decoded in place (called for
  // glyphs at every item's start: a copy of the text took an allocation each).
  bool any = false;
  char32_t front = 0;
  char32_t back = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = next_utf8(text, i);
    if (is_bidi_control_but_alm(c)) continue;
    if (!any) front = c;
    back = c;
    any = true;
  }
  if (!any) return PdfJsReads::kNothing;  // U+2060
  if (is_js_space(rtl ? back : front)) return PdfJsReads::kNothing;
  if (text_has_mark(text)) return PdfJsReads::kDiacritic;
  return is_format_character(rtl ? front : back) ? PdfJsReads::kNothing : PdfJsReads::kCharacter;
}

// The advance of the item's space glyph.
Pt space_width(const BlockContext& ctx, const TextItem& t) { return space_advance(ctx.shaper.book().face(t.font), t.size); }

// The space glyph standing for U+2060 and a space (keep_item_start_for_pdfjs), set at `x`
// before glyph `at` of the item; in a right-to-left item, for U+061C ARABIC LETTER MARK and a
// space. It lies there on the left of the glyph of a word's last letter and its mark, which
// the font reverses ("ِء"). poppler reads a line of English text left to right and starts a
// right-to-left stretch at its first right-to-left character, so with U+2060 (none) the mark
// went before the word ("(ِالْمَاء)", "called ُالدَّوَاء"); the Arabic letter mark starts the
// stretch there and comes back after the word with the space. pdf.js, which reorders each of
// its text items by itself and takes one for left to right when under 30% of its characters
// are right to left, counted U+2060 as left to right and read a short vocalised word so
// ("َّكُل" for "كُلَّ" after a number); it counts the Arabic letter mark as Arabic. Either text
// is a character that is not a space, then a space, for pdf.js; mutool and ghostscript read
// one glyph of two characters, as before.
void insert_pdfjs_space(const BlockContext& ctx, TextItem& t, std::size_t at, Pt x) {
  const std::optional<std::uint32_t> space = ctx.shaper.book().face(t.font).space_glyph();
  if (!space) return;
  const auto begin = static_cast<std::uint32_t>(t.text.size());
  // Written in logical order: a right-to-left glyph's text is reversed in the font.
  if (t.rtl) {
    t.text += ' ';
    t.text += kArabicLetterMark;
  } else {
    t.text += kWordJoinerUtf8;
    t.text += ' ';
  }
  t.insert_glyph(at, *space, x, Pt(0), begin, static_cast<std::uint16_t>(t.text.size() - begin));
}

// Whether the item's text ends (in reading order) with punctuation that opens or sets off a
// phrase: a bracket, a quotation mark, a colon or comma (general categories Ps, Pi, Pf, Po),
// not a dash or connector (a range or compound, one word set in two runs).
bool ends_in_opening(const TextItem& t) {
  const std::string_view text = t.text;
  std::size_t i = text.size();
  while (i > 0) {
    --i;
    while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
    std::size_t at = i;
    const char32_t c = next_utf8(text, at);
    if (is_bidi_control_but_alm(c) || is_format_character(c)) continue;
    switch (general_category(c)) {
      case HB_UNICODE_GENERAL_CATEGORY_OPEN_PUNCTUATION:
      case HB_UNICODE_GENERAL_CATEGORY_INITIAL_PUNCTUATION:
      case HB_UNICODE_GENERAL_CATEGORY_FINAL_PUNCTUATION:
      case HB_UNICODE_GENERAL_CATEGORY_OTHER_PUNCTUATION: return true;
      default: return false;
    }
  }
  return false;
}

// pdf.js adds a zero-width diacritic to the text item it is building without comparing its
// place with the glyph before. When the first glyph pdf.js reads on a line is one (in a
// right-to-left line, the last letter of the line's last word when it carries a mark: "لًا"
// of "طويلًا", drawn first), it went to the end of the line before ("الرفضلًا") and the rest
// of its word began the next line; when it starts a text item after a space (a word before a
// number in Arabic, drawn after the number: "استرحْ 10–15"), it was joined to the number and
// its word came back in two ("10–15حْ استر"). A glyph pdf.js reads as a character goes before
// it: the space glyph (invisible, no advance), ending where that glyph starts, standing for
// U+2060 WORD JOINER and a space (pdf.js neither skips a text that starts with a format
// character nor takes it for a space). pdf.js then compares its place with the glyph before
// (a new line, or a space), and the glyphs after it follow on. Not where the item touches the
// one before (one word set in two runs), unless that one ends in punctuation: an Arabic word
// in brackets or quotation marks in English text ("(الْمَاءِ)", drawn after the bracket),
// whose last letter and mark pdf.js returned before the rest ("(ءِالْمَا)"). Every other
// glyph keeps its place.
void keep_item_start_for_pdfjs(const BlockContext& ctx, TextItem& t, const TextItem* before) {
  for (std::size_t k = 0; k < t.glyphs.size(); ++k) {
    const PdfJsReads read = pdfjs_reads(t.glyph_text(k), t.rtl);
    if (read == PdfJsReads::kNothing) continue;
    if (read == PdfJsReads::kCharacter) return;
    const Pt start = t.origin.x + t.glyphs[k].x;
    // (Touching on either side: in right-to-left text the item read before lies to the
    // right, and one far to the right touches nothing: "15–15: تناوَلْ" drew "لْ" and "وَ"
    // just after the number, and pdf.js ran them into it, "15 ْوَل: تنا".)
    const Pt gap = before ? start - (before->origin.x + before->width()) : Pt(0);
    const bool touching = before && !blank_edge(*before, true) && max(gap, -gap) < t.size * 0.1;
    if (touching && !ends_in_opening(*before)) return;
    const Pt w = space_width(ctx, t);
    // Against a bracket or quotation mark, half over the word's edge: poppler puts the glyph's
    // text where the glyph starts, and a whole space back it lay before a narrow quotation mark
    // ("‘") and poppler read the mark inside the word. pdf.js runs the glyph and the word
    // together while the next letter lies less than 0.2 em back of the glyph's end, and the
    // glyph, less than 0.2 em back of the bracket's end, starts a text item of its own with no
    // space (the bracket is set in another font, which ended pdf.js's item before).
    Pt x = t.glyphs[k].x - (touching ? w / 2 : w);
    // After an item on the same line that ends to its left with a space between them (a
    // number or a Latin word before a vocalised word in Arabic text, "بَعْدَ 24"), pdf.js
    // compares this glyph's start with where its pen stood after the last character of that
    // item, and writes a space between the two only when it lies more than 0.03 em beyond
    // (0.102 em when no space glyph came between): ending where a space no wider than the
    // font's ends, it lay at or before that character's end, and pdf.js ran the number into
    // the item ("24وألبس"). It starts 0.11 em after that character, then, overlapping the
    // marked glyph by at most 0.15 em (the next glyph pdf.js compares lies that far back of
    // it, and one 0.2 em back starts a new item). A joiner before it (keep_marked_word_whole,
    // at the space's start) goes there too: pdf.js skips a joiner and the move after it, so
    // its pen stayed at the space's start whatever followed.
    if (before && before->origin.y == t.origin.y && gap > -t.size * 0.1) {
      Pt end = before->origin.x + before->width() - t.origin.x;
      bool space = false;
      for (std::size_t j = before->glyphs.size(); j-- > 0;) {
        const std::string_view text = before->glyph_text(j);
        if (pdfjs_reads(text, before->rtl) != PdfJsReads::kNothing) {
          end = before->origin.x + before->glyphs[j].x + before->glyphs[j].advance - t.origin.x;
          break;
        }
        space = space || (!text.empty() && blank_text(text));
      }
      for (std::size_t j = 0; j < k; ++j) space = space || (t.text_length(j) != 0 && blank_glyph(t, j));
      if (space) {
        x = max(x, min(end + t.size * 0.11, t.glyphs[k].x - w + t.size * 0.15));
        for (std::size_t j = 0; j < k; ++j) {
          if (t.glyph_text(j) == kWordJoinerUtf8) t.glyphs[j].x = x;
        }
      }
    }
    insert_pdfjs_space(ctx, t, k, x);
    return;
  }
}

// pdf.js reads a text item's glyphs in content order and turns them round only when they hold
// a right-to-left letter or an Arabic number (not U+061C, not punctuation). An item of a
// right-to-left run that holds a percent sign and punctuation only ("%." of "60%.", "%)" of
// "(25%)", "% (" of "0.1% (", drawn beside a number in Arabic-Indic digits in another font)
// came back in drawing order: "60.%", "(25)%", "0.1( %". Its glyphs are written right to
// left instead (those that stand for text, in reverse order; positions unchanged): pdf.js
// ends an item at each move back and reads them in the text's order; poppler, mutool and
// ghostscript place each glyph by its position. Only such items, so nothing else changes.
bool percent_item_glyph(std::string_view t) {
  if (t.size() == 1) {
    const char c = t[0];
    return c == '%' || c == '.' || c == ',' || c == ':' || c == ';' || c == '!' || c == '?' || c == '(' ||
           c == ')' || c == '[' || c == ']' || c == ' ';
  }
  // (The Arabic comma is a separator to pdf.js, not a right-to-left letter.)
  return blank_text(t) || is_direction_mark(t) || t == kWordJoinerUtf8 || t == "\xD8\x8C";
}

// Reverses the order of the glyphs of `t` that stand for text (those that stand for none stay
// where they are).
void reverse_text_glyphs(TextItem& t) {
  std::size_t a = 0;
  std::size_t b = t.glyphs.size();
  while (true) {
    while (a < b && t.text_length(a) == 0) ++a;
    while (b > a && t.text_length(b - 1) == 0) --b;
    if (b - a < 2) break;
    std::swap(t.glyphs[a], t.glyphs[b - 1]);
    ++a;
    --b;
  }
}

// Where a space lies between two of them ("% (" of "0.1% ("), pdf.js drops it before the move
// back ("0.1%(مرة)" lost two words of a held-out article to a search; giving the space glyph
// a second character, a letter mark, made ghostscript read one wrong letter, U+1C20, for the
// two): the item is cut in two at the space, the right part (the space with it) written
// first, and a separator (write_line_right_to_left's) between them stands for the space.
void write_percent_punctuation_right_to_left(const BlockContext& ctx, std::vector<DisplayItem>& out, std::size_t first) {
  for (std::size_t i = first; i < out.size(); ++i) {
    auto* t = std::get_if<TextItem>(&out[i]);
    if (!t || !t->rtl || t->separator || !t->extras.empty() || t->text.find('%') == std::string::npos) continue;
    std::size_t shown = 0;  // glyphs of text that pdf.js reads as a character
    bool only = true;
    bool textless = false;
    std::size_t blank_at = 0;    // the last blank after a character
    std::size_t cut = 0;         // a blank between two characters
    std::size_t cuts = 0;
    for (std::size_t k = 0; k < t->glyphs.size() && only; ++k) {
      if (t->text_length(k) == 0) {
        textless = true;
        continue;
      }
      const std::string_view text = t->glyph_text(k);
      only = percent_item_glyph(text);
      const bool blank = blank_text(text);
      const bool character = !blank && !is_direction_mark(text) && text != kWordJoinerUtf8;
      if (character && blank_at != 0) {
        cut = blank_at;
        ++cuts;
        blank_at = 0;
      }
      if (blank && shown > 0) blank_at = k;
      shown += character ? 1 : 0;
    }
    if (!only || shown < 2) continue;
    if (cuts == 0) {
      reverse_text_glyphs(*t);
      continue;
    }
    if (cuts > 1 || textless) continue;
    const Pt gap = t->origin.x + t->glyphs[cut].x + t->glyphs[cut].advance / 2;  // the blank's middle
    std::optional<TextItem> sep = separator_like(ctx, *t, gap);
    if (!sep) continue;
    TextItem right = *t;
    right.glyphs.erase(right.glyphs.begin(), right.glyphs.begin() + static_cast<std::ptrdiff_t>(cut));
    reverse_text_glyphs(right);
    TextItem left = *t;
    left.glyphs.resize(cut);
    reverse_text_glyphs(left);
    out[i] = std::move(right);
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(i + 1), std::move(*sep));
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(i + 2), std::move(left));
    i += 2;
  }
}

void keep_item_starts_for_pdfjs(const BlockContext& ctx, std::vector<DisplayItem>& out, std::size_t first) {
  const TextItem* before = nullptr;
  for (std::size_t i = first; i < out.size(); ++i) {
    auto* t = std::get_if<TextItem>(&out[i]);
    if (!t) continue;
    keep_item_start_for_pdfjs(ctx, *t, before);
    before = t;
  }
}

// Whether the line's text is two or more words, each one code point long, and nothing else
// (a table cell "1 g"). Most lines are rejected at their first two-letter word.
bool only_one_letter_words(const std::vector<DisplayItem>& out, std::size_t first) {
  int words = 0;
  for (std::size_t i = first; i < out.size(); ++i) {
    const auto* t = std::get_if<TextItem>(&out[i]);
    if (!t) continue;
    const std::string_view text = t->text;
    std::size_t letters = 0;  // of the word being read
    for (std::size_t k = 0; k < text.size();) {
      const char32_t c = next_utf8(text, k);
      if (c == U' ' || c == 0x00A0) {
        letters = 0;
        continue;
      }
      if (++letters > 1) return false;
      ++words;
    }
  }
  return words >= 2;
}

// poppler (TextLine::coalesce) reads a line whose first two words are each one character long
// as letter-spaced text: it takes the smallest gap between its words for the letter spacing
// and runs words closer than 1.3 times that (at most 0.4 em) together with no space, so a
// table cell "1 g" came back "1g" (any PDF with that text gets the same). When the line's
// first or second word has two characters, it takes 0.03 em for the largest gap inside a word
// and a space is a space. The font's empty glyph standing for U+2060 WORD JOINER, set at the
// right end of the line's leftmost letter and written just after it, makes that word two
// characters long for poppler (a zero-width character right after a letter joins its word).
// pdf.js skips a format character; mutool and ghostscript give it back as part of the word,
// a format character. Nothing is drawn and every glyph keeps its place.
void keep_one_letter_words_apart(const BlockContext& ctx, std::vector<DisplayItem>& out, std::size_t first) {
  if (!only_one_letter_words(out, first)) return;
  TextItem* left = nullptr;
  std::size_t at = 0;
  Pt left_x;
  for (std::size_t i = first; i < out.size(); ++i) {
    auto* t = std::get_if<TextItem>(&out[i]);
    if (!t) continue;
    for (std::size_t k = 0; k < t->glyphs.size(); ++k) {
      if (blank_glyph(*t, k)) continue;
      const Pt x = t->origin.x + t->glyphs[k].x;
      if (!left || x < left_x) {
        left = t;
        at = k;
        left_x = x;
      }
    }
  }
  if (!left) return;
  const std::optional<std::uint32_t> empty = ctx.shaper.book().face(left->font).empty_glyph();
  if (!empty) return;
  const auto begin = static_cast<std::uint32_t>(left->text.size());
  left->text += kWordJoinerUtf8;
  const Pt x = left->glyphs[at].x + left->glyphs[at].advance;
  left->insert_glyph(at + 1, *empty, x, Pt(0), begin, static_cast<std::uint16_t>(left->text.size() - begin));
}

// A left-to-right stretch broken across two lines of right-to-left text (a web address
// broken after a "/"): its first part lies at the left end of the first line and its second
// at the right end of the next, so in drawing order (left to right) the first part was read
// first on its line and the second last on its, and pdf.js, which joins a line's pieces in
// drawing order, returned the address in two pieces with Arabic text between them. The first
// part is drawn last on its line and the second first on its, each with the space glyph
// standing for U+2060 and a space on the side that faces the Arabic text (pdf.js runs a
// piece that moves backwards into the one before with no space). Positions are unchanged.
// On a line written right to left (write_line_right_to_left) each part is already where
// this puts it, with a separator on its Arabic side.
void draw_broken_stretch_at_line_ends(const BlockContext& ctx, const SetParagraph& p, std::size_t line_index,
                                      std::vector<DisplayItem>& out, std::size_t first, bool cell) {
  const std::u32string& text = p.shaped.source.text;
  const Line& line = p.lines[line_index];
  const auto is_break_space = [](char32_t c) { return c == U' ' || c == U'\n' || c == U'\t'; };
  // The display items of the text item whose text ends (starts) at `at`, with its link.
  const auto find = [&](bool by_end, std::uint32_t at) -> std::pair<std::size_t, std::size_t> {
    for (std::size_t i = first; i < out.size(); ++i) {
      const auto* t = std::get_if<TextItem>(&out[i]);
      if (!t || (by_end ? t->ref.end : t->ref.offset) != at) continue;
      if (t->rtl) return {0, 0};
      const std::size_t from = i > first && std::holds_alternative<LinkItem>(out[i - 1]) ? i - 1 : i;
      return {from, i + 1};
    }
    return {0, 0};
  };
  // The line starts inside a stretch the line before ended in.
  if (line_index > 0 && !p.lines[line_index - 1].hyphenated && line.chars.begin > 0 &&
      line.chars.begin <= text.size() && !is_break_space(text[line.chars.begin - 1])) {
    const auto [from, to] = find(false, line.chars.begin);
    if (to != 0 && to - 1 != first) {
      // Drawn last in the piece but set at its left end, in the space before the Arabic text:
      // set at its right end, poppler read it first on the line ("/\n warfarin…").
      auto& t = std::get<TextItem>(out[to - 1]);
      insert_pdfjs_space(ctx, t, t.glyphs.size(), -space_width(ctx, t));
      std::rotate(out.begin() + static_cast<std::ptrdiff_t>(first), out.begin() + static_cast<std::ptrdiff_t>(from),
                  out.begin() + static_cast<std::ptrdiff_t>(to));
    }
  }
  // The line ends inside a stretch the next line goes on with.
  if (line_index + 1 < p.lines.size() && !line.hyphenated) {
    std::uint32_t end = 0;
    for (std::size_t i = first; i < out.size(); ++i) {
      if (const auto* t = std::get_if<TextItem>(&out[i])) end = std::max(end, t->ref.end);
    }
    const std::uint32_t next = p.lines[line_index + 1].chars.begin;
    if (end == 0 || end != next || end > text.size() || is_break_space(text[end - 1])) return;
    const auto [from, to] = find(true, end);
    if (to == out.size() && cell) {
      // (A table cell, written right to left.) The stretch is written last already, after
      // the line's last separator; its first text item gets a space glyph, read first, set
      // at its right end, on the Arabic side, with no advance. pdfinfo -struct-text reads a
      // cell's pieces in logical order and does not see the separator (an artifact): it
      // returned "القراءة (mmol/" as one word ("ةءارقلا(mmol/"). A space (not the mark and
      // space of insert_pdfjs_space) leaves pdftotext's reading of the bracket as it was.
      std::size_t sep = out.size();
      for (std::size_t i = out.size(); i-- > first && sep == out.size();) {
        const auto* t = std::get_if<TextItem>(&out[i]);
        if (t && t->separator) sep = i;
      }
      for (std::size_t i = sep + 1; i < out.size(); ++i) {
        auto* t = std::get_if<TextItem>(&out[i]);
        if (!t) continue;
        const std::optional<std::uint32_t> space = ctx.shaper.book().face(t->font).space_glyph();
        if (!space) break;
        const auto begin = static_cast<std::uint32_t>(t->text.size());
        t->text += ' ';
        t->insert_glyph(0, *space, t->width(), Pt(0), begin, 1);
        break;
      }
      return;
    }
    if (to == 0 || to == out.size()) return;
    auto& t = std::get<TextItem>(out[to - 1]);
    insert_pdfjs_space(ctx, t, 0, -space_width(ctx, t));
    std::rotate(out.begin() + static_cast<std::ptrdiff_t>(from), out.begin() + static_cast<std::ptrdiff_t>(to),
                out.end());
  }
}

// A stretch that tagged PDF writes as its own inline element: a link, a list term or a
// phrase in another language than its paragraph's.
bool is_inline_element(const TextStyle& st, const std::string& paragraph_lang) {
  return !st.href.empty() || st.role == Role::kListTerm || st.lang != paragraph_lang || st.strong || st.em;
}

bool same_inline(const TextStyle& a, const TextStyle& b) {
  return a.href == b.href && a.lang == b.lang && (a.role == Role::kListTerm) == (b.role == Role::kListTerm) &&
         a.strong == b.strong && a.em == b.em;
}

}  // namespace

void mark_left_to_right_edge(const BlockContext& ctx, TextItem& left, Pt x) {
  const PlacingGlyph mark = direction_mark(ctx.shaper.book().face(left.font), left.size, x, 0x061C, left);
  if (mark.text_length == 0) return;
  left.glyphs.reserve(left.glyphs.size() + 1);
  left.add_glyph(mark.gid, mark.x, Pt(0), Pt(0), mark.text_begin, mark.text_length);
}

TextItem left_to_right_start_mark(const BlockContext& ctx, const TextItem& item) {
  TextItem m = item;  // its font, place, language, role and structure part
  m.glyphs.clear();
  m.extras.clear();
  m.text.clear();
  const PlacingGlyph mark = direction_mark(ctx.shaper.book().face(item.font), item.size, Pt(0), 0x061C, m);
  if (mark.text_length != 0) m.add_glyph(mark.gid, mark.x, Pt(0), Pt(0), mark.text_begin, mark.text_length);
  return m;
}

bool starts_left_to_right(const TextItem& item) { return !item.rtl && !item.glyphs.empty() && !blank_edge(item, false); }

void end_with_space(const BlockContext& ctx, TextItem& item) {
  if (blank_edge(item, true)) return;  // it already ends in a space
  const std::optional<std::uint32_t> gid = ctx.shaper.book().face(item.font).space_glyph();
  if (!gid) return;
  const auto at = static_cast<std::uint32_t>(item.text.size());
  item.text += ' ';
  item.glyphs.reserve(item.glyphs.size() + 1);  // one more, not twice as many: every line keeps it
  item.add_glyph(*gid, item.width(), Pt(0), Pt(0), at, 1);
}

void append_inline(const BlockContext& ctx, const Inline& in, Role role, StyledText& out) {
  const ComputedStyle& cs = ctx.styles[role];
  for (const Span& span : in.spans) {
    TextStyle st;
    st.size = cs.size;
    st.bold = cs.bold || span.strong;
    st.italic = cs.italic || span.em;
    st.color = span.href.empty() ? cs.color : cs.link;
    st.lang = span.lang.empty() ? ctx.article.lang : span.lang;
    st.href = span.href;
    st.role = role;
    st.strong = span.strong;
    st.em = span.em;
    // Collapse white space as a browser does: runs of spaces and tabs become one space,
    // and none at the start of the paragraph. A newline is a forced line break.
    std::u32string text;
    text.reserve(span.text.size());
    for (std::size_t at = 0; at < span.text.size();) {
      char32_t c = next_utf8(span.text, at);
      if (c == 0x2028) c = U'\n';
      if (is_collapsible(c)) {
        const bool after_space = !text.empty() ? (text.back() == U' ' || text.back() == U'\n')
                                               : (out.text.empty() || out.text.back() == U' ' ||
                                                  out.text.back() == U'\n');
        if (!after_space) text.push_back(U' ');
        continue;
      }
      text.push_back(c);
    }
    if (text.empty()) continue;
    // An embedding, override or isolate the text leaves open ends with it (the reader
    // warned of it): it must not reorder the spans after it.
    if (has_bidi_control(span.text)) {
      BidiNesting nesting;
      for (char32_t c : text) nesting.feed(c);
      text += nesting.closers();
    }
    // A layout's Arabic-Indic digits are shown, never written into the text: bidi, line
    // breaking and the text layer keep the digits as the author wrote them.
    std::u32string shown;
    if (const char32_t zero = text_digit_zero(ctx.spec, st.lang)) {
      shown = text;
      to_arabic_indic_digits(shown, out.text, zero);
      if (shown == text) shown.clear();
    }
    // A phrase in a language of the other direction is a bidi isolate (as HTML's <bdi>):
    // it reads as one unit in its own direction, whatever its neighbours are.
    const Direction span_dir = span.lang.empty() ? out.base : direction_of_language(span.lang);
    if (span_dir != out.base) {
      text.insert(text.begin(), span_dir == Direction::kRtl ? char32_t{0x2067} : char32_t{0x2066});
      text.push_back(0x2069);
      if (!shown.empty()) {
        shown.insert(shown.begin(), text.front());
        shown.push_back(0x2069);
      }
    }
    out.append(text, st, shown);
  }
}

StyledText flatten_inline(const BlockContext& ctx, const Inline& in, Role role) {
  StyledText out;
  out.base = ctx.dir();
  out.lang = ctx.article.lang;
  out.source = in.source ? in.source : ctx.article.source.get();
  if (in.source && ctx.origins) out.origins = *ctx.origins;
  out.pointer = in.pointer;
  out.hyphen_exceptions = ctx.article.hyphenation;
  append_inline(ctx, in, role, out);
  return out;
}

void prepare_paragraph(const BlockContext& ctx, StyledText& text, Role role) {
  // Trailing white space never shows; dropping it keeps line ends clean.
  while (!text.text.empty() && text.text.back() == U' ') {
    text.text.pop_back();
    text.style_of.pop_back();
    if (text.shown.size() > text.text.size()) text.shown.pop_back();
  }
  // Running text is hyphenated; titles, headings and other display lines never are.
  const bool display = role == Role::kTitle || role == Role::kSubtitle || role == Role::kHeading1 ||
                       role == Role::kHeading2 || role == Role::kHeading3 ||
                       role == Role::kFaqQuestion || role == Role::kCalloutTitle ||
                       role == Role::kTableHeader || role == Role::kHeader || role == Role::kFooter;
  text.hyphenation_dir = display ? std::string() : ctx.hyphenation_dir;
}

std::optional<SetParagraph> set_paragraph(BlockContext& ctx, StyledText text, Role role,
                                          Pt start_indent, Pt end_indent, std::optional<Align> align) {
  prepare_paragraph(ctx, text, role);
  // A running header or footer text is measured before it is set in its slot, and the same
  // text comes on many pages: it is shaped once.
  const bool furniture = role == Role::kHeader || role == Role::kFooter;
  auto shaped = furniture ? ctx.shaper.shape_kept(std::move(text), ctx.fonts, ctx.sink)
                          : ctx.shaper.shape(std::move(text), ctx.fonts, ctx.sink);
  if (!shaped) return std::nullopt;
  const ComputedStyle& cs = ctx.styles[role];
  ParagraphOptions o;
  o.align = align.value_or(cs.align);
  o.leading = cs.leading;
  o.mode = ctx.break_mode;
  o.kashida = ctx.spec.kashida;
  const Pt measure = max(Pt(1), ctx.width - start_indent - end_indent);
  std::shared_ptr<const void> kept;
  auto lines = build_lines(*shaped, ctx.shaper, [measure](std::size_t) { return measure; }, o, &kept);
  SetParagraph p = make_set_paragraph(std::move(*shaped), std::move(lines), start_indent, end_indent);
  p.lines_kept = std::move(kept);
  if (refuse_overfull_line(ctx, p.shaped, p.lines, measure, "past the column's edge",
                           "use a smaller size for this text, or a wider column")) {
    return p;
  }
  for (const Line& line : p.lines) {
    if (line.emergency) {
      ctx.sink.warning(p.shaped.source.locate(),
                       "a word is wider than its column and was broken between letters");
      break;
    }
  }
  return p;
}

bool refuse_overfull_line(const BlockContext& ctx, const ShapedParagraph& para, const std::vector<Line>& lines,
                          Pt measure, std::string_view over, std::string_view advice) {
  for (const Line& line : lines) {
    if (line.width <= measure + kEpsilon) continue;
    const std::u32string& text = para.source.text;
    std::uint32_t b = line.chars.begin;
    std::uint32_t e = std::min<std::uint32_t>(line.chars.end, static_cast<std::uint32_t>(text.size()));
    while (b < e && !is_visible(text[b])) ++b;
    while (e > b && !is_visible(text[e - 1])) --e;
    std::string shown;
    for (std::uint32_t i = b; i < e && i < b + 12; ++i) append_utf8(shown, text[i]);
    if (e > b + 12) shown += "…";
    auto mm = [](Pt v) { return mm_text(max(Pt(0), v), 1) + " mm"; };
    ctx.sink.error(b < e ? para.source.locate_char(text[b]) : para.source.locate(),
                   "\"" + shown + "\" is " + mm(line.width) + " wide and its column leaves " + mm(measure) +
                       " for text: no line break can make it fit, and it would print " + std::string(over) + "; " +
                       std::string(advice));
    return true;
  }
  return false;
}

SetParagraph make_set_paragraph(ShapedParagraph shaped, std::vector<Line> lines, Pt start_indent,
                                Pt end_indent) {
  SetParagraph p;
  p.shaped = std::move(shaped);
  p.lines = std::move(lines);
  p.start_indent = start_indent;
  p.end_indent = end_indent;
  const StyledText& src = p.shaped.source;
  p.inline_start.resize(src.style_of.size());
  for (std::size_t i = 0; i < src.style_of.size(); ++i) {
    // The same style continues the element; a new style continues it only if it is the
    // same inline element (a bold word inside a link).
    const bool continues = i > 0 && (src.style_of[i] == src.style_of[i - 1] ||
                                      same_inline(src.styles[src.style_of[i]], src.styles[src.style_of[i - 1]]));
    p.inline_start[i] = continues ? p.inline_start[i - 1] : static_cast<std::uint32_t>(i);
  }
  return p;
}

void set_struct_part(std::vector<DisplayItem>& items, int part, int cell) {
  for (auto& item : items) {
    if (auto* t = std::get_if<TextItem>(&item)) {
      t->ref.part = part;
      t->ref.cell = cell;
    } else if (auto* l = std::get_if<LinkItem>(&item)) {
      l->ref.part = part;
      l->ref.cell = cell;
    }
  }
}

void set_struct_part(VList& list, int part) {
  for (auto& e : list) set_struct_part(e.items, part);
}

Pt start_x(const BlockContext& ctx, Pt offset, Pt extent) {
  return ctx.rtl() ? ctx.width - offset - extent : offset;
}

namespace {

void emit_line_fresh(const BlockContext& ctx, const SetParagraph& p, std::size_t line_index, Pt top,
                     Role role, int block, std::vector<DisplayItem>& out);

// A line's items kept in the thread's shaping cache (a batch or the service sets the same
// paragraph in the same measure again: its lines come from the cache, and so do their
// items). Kept from the second time a paragraph's lines are set (the first time they are
// not in the cache yet), so that a batch of different articles stores no items it never
// reads again. Keyed by the record of the paragraph's lines (held alive here, so the address is
// of these lines alone) and by everything else emit_line reads: the line's index and its
// neighbours' starts and hyphens, the indents, where the line's top is, the role, block,
// direction and fonts. A hit is used only when the line is still the one kept (a caller
// that changed a line after build_lines gets a fresh one).
struct EmittedLine {
  std::shared_ptr<const void> lines_kept;
  std::vector<DisplayItem> items;
};

std::string emitted_key(const BlockContext& ctx, const SetParagraph& p, std::size_t line_index, Pt top, Role role,
                        int block) {
  std::string key;
  auto put = [&key](const auto& v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(p.lines_kept.get());
  put(&ctx.shaper.book());
  put(line_index);
  put(p.lines.size());
  const std::uint32_t next = line_index + 1 < p.lines.size() ? p.lines[line_index + 1].chars.begin : 0;
  put(next);
  key += line_index > 0 && p.lines[line_index - 1].hyphenated ? 'h' : '-';
  key += ctx.rtl() ? 'R' : 'L';
  put(p.start_indent);
  put(p.end_indent);
  put(top);
  put(role);
  put(block);
  return key;
}

// What a kept line's items take on the heap (the lines they are kept by are counted with the
// lines).
std::size_t emitted_bytes(const std::vector<DisplayItem>& items) {
  std::size_t bytes = shared_block<EmittedLine>() + heap_bytes(items);
  for (const DisplayItem& item : items) {
    if (const auto* t = std::get_if<TextItem>(&item)) {
      bytes += heap_bytes(t->glyphs) + heap_bytes(t->extras) + heap_bytes(t->text) + heap_bytes(t->lang);
    } else if (const auto* l = std::get_if<LinkItem>(&item)) {
      bytes += heap_bytes(l->uri) + heap_bytes(l->text);
    } else if (const auto* q = std::get_if<SquaresItem>(&item)) {
      bytes += heap_bytes(q->squares) + heap_bytes(q->alt) + heap_bytes(q->uri) + heap_bytes(q->alt_lang);
    } else if (const auto* img = std::get_if<ImageItem>(&item)) {
      bytes += heap_bytes(img->alt);  // the picture itself is shared with the image cache
    }
  }
  return bytes;
}

}  // namespace

void emit_line(const BlockContext& ctx, const SetParagraph& p, std::size_t line_index, Pt top,
               Role role, int block, std::vector<DisplayItem>& out) {
  ShapeCache* cache = ctx.shaper.cache();
  if (!cache || !p.lines_kept || !p.shaped.origin || kept_origin(p.lines_kept.get()) != p.shaped.origin.get()) {
    emit_line_fresh(ctx, p, line_index, top, role, block, out);
    return;
  }
  const Line* kept = kept_line(p.lines_kept.get(), line_index);
  if (!kept || !(*kept == p.lines[line_index])) {
    emit_line_fresh(ctx, p, line_index, top, role, block, out);
    return;
  }
  std::string key = emitted_key(ctx, p, line_index, top, role, block);
  if (const auto* slot = cache->find_emitted(key)) {
    const auto& e = *static_cast<const EmittedLine*>(slot->get());
    cache->count_emitted_hit();
    out.insert(out.end(), e.items.begin(), e.items.end());
    return;
  }
  const std::size_t first = out.size();
  emit_line_fresh(ctx, p, line_index, top, role, block, out);
  auto e = std::make_shared<EmittedLine>();
  e->lines_kept = p.lines_kept;
  e->items.assign(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  const std::size_t bytes = emitted_bytes(e->items);
  cache->store_emitted(std::move(key), std::move(e), bytes);
}

namespace {

void emit_line_fresh(const BlockContext& ctx, const SetParagraph& p, std::size_t line_index, Pt top,
                     Role role, int block, std::vector<DisplayItem>& out) {
  const Line& line = p.lines[line_index];
  const std::u32string& text = p.shaped.source.text;
  const Pt left = ctx.rtl() ? p.end_indent : p.start_indent;
  const Pt baseline = top + line.ascent;
  // Scratch kept across runs and lines (per thread: batch jobs lay out in parallel), so
  // that a line allocates none of it.
  struct Scratch {
    std::vector<PlacingGlyph> placing;  // one run's glyphs before they are stored
    std::vector<std::uint32_t> offset;
    std::vector<std::uint32_t> starts;
    std::vector<std::uint32_t> carrier;
    std::vector<std::uint32_t> by_text;
    std::string encoded;  // a run's text as UTF-8, before it is copied into its item
    std::vector<std::pair<std::optional<LinkItem>, TextItem>> made;  // the line's items, in visual order
    std::vector<std::size_t> ends;  // where each stretch of a right-to-left line ends in `out`
  };
  thread_local Scratch scratch;
  auto& [placing, offset, starts, carrier, by_text, encoded, made, ends] = scratch;
  made.clear();  // what the last line moved out
  bool percent = false;  // a right-to-left run of the line holds a percent sign (part_percent_from_punctuation)
  made.reserve(line.runs.size());  // the items are set in place: none moves while the line is made
  for (const LineRun& run : line.runs) {
    const TextStyle& st = p.shaped.source.styles[run.style];
    auto& [link, item] = made.emplace_back();
    item.font = run.font;
    item.size = run.size;
    item.color = st.color;
    item.origin = Point{left + run.x, baseline};
    item.rtl = run.rtl();
    item.lang = st.lang;
    item.role = st.role == Role::kBody ? role : st.role;
    item.block = block;
    item.strong = st.strong;
    item.em = st.em;
    item.ref.offset = run.chars.begin;
    item.ref.end = run.chars.end;
    if (is_inline_element(st, p.shaped.source.lang)) {
      item.ref.span = static_cast<std::int32_t>(p.inline_start.at(run.chars.begin));
    }
    // Byte offsets of each code point of the run in the item's UTF-8 text.
    // The run's text is encoded straight into the item's string, sized first.
    // One pass encodes the run into the line's scratch (room for four bytes a code point),
    // noting the offsets; the item's string is then sized once and copied.
    offset.resize(run.chars.size() + 1);
    if (encoded.size() < 4 * run.chars.size()) encoded.resize(4 * run.chars.size());
    char* const encoded_begin = encoded.data();
    char* out_text = encoded_begin;
    for (std::uint32_t i = run.chars.begin; i < run.chars.end; ++i) {
      offset[i - run.chars.begin] = static_cast<std::uint32_t>(out_text - encoded_begin);
      out_text = put_utf8(out_text, text[i]);
    }
    const auto bytes = static_cast<std::size_t>(out_text - encoded_begin);
    offset[run.chars.size()] = static_cast<std::uint32_t>(bytes);
    item.text.reserve(bytes + 2);  // and a soft hyphen at a hyphenated line end
    item.text.assign(encoded_begin, bytes);
    // A glyph stands for the code points from its cluster to the next cluster start.
    starts.clear();
    for (const auto& g : run.glyphs) {
      if (g.cluster != kNoCluster && g.cluster != kKashidaCluster) starts.push_back(g.cluster);
    }
    // HarfBuzz gives clusters in order (reversed in a right-to-left run): sorted without a sort.
    if (std::is_sorted(starts.begin(), starts.end(), std::greater<>())) std::reverse(starts.begin(), starts.end());
    if (!std::is_sorted(starts.begin(), starts.end())) std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    // A cluster of several glyphs (a letter the font draws as a base and a mark, such as
    // ئ before tanween: HarfBuzz lists the mark first) gives its text to its first glyph
    // with an advance, the base: text on a zero-width raised mark made poppler split the
    // word there, and the base left without text put an invisible character inside it.
    constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    carrier.assign(run.chars.size(), kNone);
    for (std::uint32_t i = 0; i < run.glyphs.size(); ++i) {
      const PlacedGlyph& g = run.glyphs[i];
      if (g.cluster == kNoCluster || !run.chars.contains(g.cluster)) continue;
      std::uint32_t& c = carrier[g.cluster - run.chars.begin];
      if (c == kNone || (run.glyphs[c].advance == Pt(0) && g.advance != Pt(0))) c = i;
    }
    // Glyphs stay in HarfBuzz's order (in a right-to-left run, visual order); below, a
    // right-to-left run's marks give their text to their bases and are written last.
    Pt pen;
    std::vector<PlacingGlyph>& glyphs = placing;
    glyphs.clear();
    glyphs.reserve(run.glyphs.size());
    // Found while the glyphs are placed, so that the passes below over a right-to-left run
    // are made only where they can change something (most Arabic runs carry no harakat):
    // a glyph holding a mark (keep_marked_word_whole acts only on words with one), and a glyph whose text give_marks_to_bases could hand to
    // the base before it (a mark, or a letter drawn without advance).
    bool any_mark = false;
    bool any_to_give = false;
    std::size_t last_start = static_cast<std::size_t>(-1);  // where the last carrier's cluster is in starts
    for (std::uint32_t gi = 0; gi < run.glyphs.size(); ++gi) {
      const PlacedGlyph& g = run.glyphs[gi];
      PlacingGlyph dg{g.gid, pen + g.x_offset, g.y_offset, g.advance, 0, 0};
      pen += g.advance;
      if (g.cluster == kNoCluster) {
        // A hyphen added at a line break: a soft hyphen in the text, so that copying
        // and searching find the whole word.
        dg.text_begin = static_cast<std::uint32_t>(item.text.size());
        append_utf8(item.text, 0x00AD);
        dg.text_length = static_cast<std::uint32_t>(item.text.size()) - dg.text_begin;
      } else if (g.cluster == kKashidaCluster) {
        // A tatweel drawn to stretch the word: U+200D ZERO WIDTH JOINER in the text (what
        // a kashida means: these letters join), which pdf.js drops and text tools treat as
        // a format character; the word's letters come back as written, no tatweel.
        // A tatweel set over the one before it (a kashida shorter than 1.5 tatweels: the
        // second starts less than 0.1 em after the first) stands for U+2060 WORD JOINER
        // instead. poppler takes a character starting within 0.1 em of the one before for
        // duplicated text and makes it a word of its own; when the first tatweel was one too
        // (it starts within 0.1 em of the last character of a narrow letter carrying marks,
        // such as نِّ), the two one-character words had the same text and poppler dropped the
        // second as a duplicate, leaving a gap it read as a space ("يُص ‍نِّف"). With
        // different texts both stay and join the word again. (pdf.js skips both alike.)
        dg.text_begin = static_cast<std::uint32_t>(item.text.size());
        const bool over_tatweel = gi > 0 && run.glyphs[gi - 1].cluster == kKashidaCluster &&
                                  run.glyphs[gi - 1].advance < run.size * kTatweelOverlapEm;
        append_utf8(item.text, over_tatweel ? kWordJoiner : 0x200D);
        dg.text_length = static_cast<std::uint32_t>(item.text.size()) - dg.text_begin;
      } else if (run.chars.contains(g.cluster) && carrier[g.cluster - run.chars.begin] == gi) {
        // The cluster's place among the starts: the place after the last glyph's in a
        // left-to-right run, before it in a right-to-left one; searched only otherwise.
        std::size_t at = last_start + 1;
        if (at >= starts.size() || starts[at] != g.cluster) {
          at = last_start - 1;  // wraps to past the end at 0
          if (at >= starts.size() || starts[at] != g.cluster) {
            at = static_cast<std::size_t>(std::lower_bound(starts.begin(), starts.end(), g.cluster) - starts.begin());
          }
        }
        last_start = at;
        const std::size_t next = at + 1;  // starts holds every carrier's cluster once
        std::uint32_t end = next >= starts.size() ? run.chars.end : std::min(starts[next], run.chars.end);
        while (end > g.cluster + 1 && is_bidi_control_but_alm(text[end - 1])) --end;
        dg.text_begin = offset[g.cluster - run.chars.begin];
        dg.text_length = offset[end - run.chars.begin] - dg.text_begin;
      }
      if (run.rtl()) {
        dg.starts_with_mark = starts_with_mark(item.text, dg.text_begin, dg.text_length);
        // Nearly every glyph stands for one code point: then that tells whether it holds a mark.
        const std::string_view own = text_of(item, dg);
        dg.has_mark = dg.starts_with_mark || (several_code_points(own) && text_has_mark(own));
        any_mark = any_mark || dg.has_mark;
        any_to_give = any_to_give || (dg.text_length != 0 && (dg.starts_with_mark || dg.advance == Pt(0)));
      }
      glyphs.push_back(dg);
    }
    if (run.rtl() && any_to_give) {
      give_marks_to_bases(item, glyphs, by_text);
      order_marks_for_readers(ctx.shaper.book().face(run.font), item, glyphs);
    }
    // Glyphs that stand for no text (marks, the alef of lam-alef, the mark of a base-and-mark
    // cluster) are written after the others: poppler starts a new word at any glyph off the
    // baseline or over the start of the glyph before, so in the middle they split the word
    // they sit on (the PDF writer keeps them last and out of poppler's sight). Positions are
    // unchanged.
    // (Most runs have no such glyph: checked first, since the partition takes a buffer.)
    const auto stands_for_text = [](const PlacingGlyph& g) { return g.text_length != 0; };
    if (!std::is_partitioned(glyphs.begin(), glyphs.end(), stands_for_text)) {
      std::stable_partition(glyphs.begin(), glyphs.end(), stands_for_text);
    }
    if (run.rtl()) {
      // give_marks_to_bases only moves has_mark from a glyph that had it to its base.
      if (any_mark) keep_marked_word_whole(ctx.shaper.book().face(run.font), item, glyphs);
      spread_text_for_poppler(ctx.shaper.book().face(run.font), run.size, item, static_cast<std::uint32_t>(bytes),
                              glyphs);
      if (item.text.find('%') != std::string::npos) {
        percent = true;
        part_percent_from_punctuation(ctx.shaper.book().face(run.font), run.size, item, glyphs);
      }
    }
    if (run.rtl() && p.shaped.source.base != Direction::kRtl && &run != &line.runs.back()) {
      mark_right_to_left_run(ctx.shaper.book().face(run.font), run.size, item, glyphs);
    } else if (!run.rtl() && p.shaped.source.base == Direction::kRtl) {
      mark_left_to_right_run(ctx, made.size() < 2 ? nullptr : &made[made.size() - 2].second, item, glyphs);
    }
    item.glyphs.reserve(glyphs.size());  // exactly: a long document keeps every line's glyphs
    for (const PlacingGlyph& g : glyphs) {
      // Most glyphs have nothing to keep aside: stored here without a call per glyph.
      if (g.y_offset == Pt(0) && g.text_length < DisplayGlyph::kLongText && g.gid <= 0xFFFF) {
        item.glyphs.push_back(DisplayGlyph{g.x, g.advance, g.text_begin, static_cast<std::uint16_t>(g.gid),
                                           static_cast<std::uint16_t>(g.text_length)});
      } else {
        item.add_glyph(g.gid, g.x, g.y_offset, g.advance, g.text_begin, g.text_length);
      }
    }
    // A run of only invisible characters (bidi controls) leaves no glyphs: nothing to draw.
    if (item.glyphs.empty()) {
      made.pop_back();
      continue;
    }
    if (!st.href.empty()) {
      link = LinkItem{Rect{item.origin.x, top, run.width, line.height()}, st.href, item.role, block, item.ref, {}};
      for (std::uint32_t i = run.chars.begin; i < run.chars.end; ++i) {
        if (!is_bidi_control_but_alm(text[i])) append_utf8(link->text, text[i]);
      }
    }
  }
  if (p.shaped.source.base == Direction::kRtl) {
    mark_right_edges(ctx, text, made);
    mark_sign_at_line_start(ctx, made);
    if (percent) part_percent_between_items(ctx, made);
  }
  const std::size_t first = out.size();
  ends.clear();
  emit_in_reading_order(made, p.shaped.source.base == Direction::kRtl, out, ends);
  mark_word_boundary_at_line_end(ctx, p, line_index, out, first);
  keep_item_starts_for_pdfjs(ctx, out, first);
  keep_one_letter_words_apart(ctx, out, first);
  // Table cells too, with a separator before a first stretch that starts left to right
  // (mutool), and the cell's end space where struct-text wants it (table.cpp).
  const bool cell = role == Role::kTableCell || role == Role::kTableHeader;
  write_line_right_to_left(ctx, out, first, ends, cell);
  if (p.shaped.source.base == Direction::kRtl) draw_broken_stretch_at_line_ends(ctx, p, line_index, out, first, cell);
  if (percent) write_percent_punctuation_right_to_left(ctx, out, first);
}

}  // namespace

namespace {
// The cost of ending a page or column with a hyphenated line: more than leaving a third of
// a page empty, so the break moves a line up or down instead.
constexpr int kBrokenPenalty = 5000;

// Lines of a paragraph whose glyphs' ink would touch, overlap or come closer than
// kLineSkipLimit of the larger text size are moved apart to kLineSkip of it, as TeX's
// \lineskiplimit and \lineskip do with its boxes, here measured from the glyphs themselves. A
// leading the schema allows (0.8) sets Noto Naskh Arabic lines whose marks and descenders cross
// the next line's letters. Of the bundled renders only the Arabic tri-folds of the seed come
// this close (a bold yeh's tail on the lam below it, 0.045 pt apart and 1.2 pt into it).
constexpr double kLineSkipLimit = 0.03;
constexpr double kLineSkip = 0.05;
// The width of the slices of a column in which two lines' ink is compared, in points.
constexpr double kInkSlice = 0.5;

// How far a line's text reaches above and below its baseline, in points: over the whole line
// (`above`, `below`), from each font's bounding box (a bound that costs a look at each text
// item only, and clears nearly every pair of lines), and with `slices`, from the glyphs'
// outlines (HarfBuzz's extents, kept per glyph by the face) slice by slice across the column.
struct LineInk {
  double above = std::numeric_limits<double>::lowest();
  double below = std::numeric_limits<double>::lowest();
  double size = 0;  ///< the largest text size on the line
  bool extents = false;  ///< `above` and `below` are the glyphs' extents, not the fonts' boxes
  std::vector<float> slice_above, slice_below;
};

constexpr float kNoInk = -1e30f;

// The slice (of `n`) that holds x: floor(x / kInkSlice) held to 0 … n - 1, without std::floor
// (a call into libm where the target has no rounding instruction, at every glyph's two edges).
std::size_t slice_of(double x, std::size_t n) {
  const double v = x / kInkSlice;
  if (!(v > 0)) return 0;
  return v >= static_cast<double>(n - 1) ? n - 1 : static_cast<std::size_t>(v);
}

LineInk line_ink_bound(const BlockContext& ctx, const VElem& box) {
  LineInk ink;
  for (const DisplayItem& item : box.items) {
    const auto* t = std::get_if<TextItem>(&item);
    if (!t || t->separator || t->glyphs.empty()) continue;
    const FontFace& face = ctx.shaper.book().face(t->font);
    const double scale = t->size.value() / face.upem;
    const double rise = (box.baseline - t->origin.y).value();  // its baseline above the box's
    ink.size = std::max(ink.size, t->size.value());
    double up = 0, down = 0;
    for (const GlyphExtra& e : t->extras) {
      up = std::max(up, e.y_offset.value());
      down = std::min(down, e.y_offset.value());
    }
    ink.above = std::max(ink.above, rise + up + face.bbox[3].value() * scale);
    ink.below = std::max(ink.below, -rise - down - face.bbox[1].value() * scale);
  }
  return ink;
}

// Calls f(item, its face, a reader of the face's glyph ink, points per font unit, the item's
// baseline above the box's) for each text item of a line box (not the separators).
template <typename F>
void for_each_text_item(const BlockContext& ctx, const VElem& box, F f) {
  for (const DisplayItem& item : box.items) {
    const auto* t = std::get_if<TextItem>(&item);
    if (!t || t->separator) continue;
    const FontFace& face = ctx.shaper.book().face(t->font);
    f(*t, face, FontFace::InkReader(face), t->size.value() / face.upem, (box.baseline - t->origin.y).value());
  }
}

// Calls f(face, glyph id, its extents, x of its origin, y of its origin above the box's
// baseline, points per font unit) for each glyph with ink on a line box.
template <typename F>
void for_each_inked_glyph(const BlockContext& ctx, const VElem& box, F f) {
  for_each_text_item(ctx, box, [&f](const TextItem& t, const FontFace& face, const FontFace::InkReader& glyph_ink,
                                    double scale, double rise) {
    auto extra = t.extras.begin();
    for (std::size_t g = 0; g < t.glyphs.size(); ++g) {
      const FontFace::Ink gi = glyph_ink(t.glyphs[g].gid);
      if (gi.empty()) continue;
      while (extra != t.extras.end() && extra->index < g) ++extra;
      const double y = rise + (extra != t.extras.end() && extra->index == g ? extra->y_offset.value() : 0.0);
      f(face, t.glyphs[g].gid, gi, (t.origin.x + t.glyphs[g].x).value(), y, scale);
    }
  });
}

// Fills `ink`'s slices from the glyphs' extents of `box` in a column `width` wide.
void line_ink_slices(const BlockContext& ctx, const VElem& box, double width, LineInk& ink) {
  const std::size_t n = static_cast<std::size_t>(std::max(1.0, std::ceil(width / kInkSlice)));
  ink.slice_above.assign(n, kNoInk);
  ink.slice_below.assign(n, kNoInk);
  auto slice = [n](double x) { return slice_of(x, n); };
  for_each_inked_glyph(ctx, box, [&](const FontFace&, std::uint32_t, const FontFace::Ink& gi, double x, double y,
                                     double scale) {
    const auto up = static_cast<float>(y + gi.top * scale);
    const auto down = static_cast<float>(-y - gi.bottom * scale);
    for (std::size_t k = slice(x + gi.left * scale), e = slice(x + gi.right * scale); k <= e; ++k) {
      ink.slice_above[k] = std::max(ink.slice_above[k], up);
      ink.slice_below[k] = std::max(ink.slice_below[k], down);
    }
  });
}

// Replaces `ink`'s bound by the glyphs' extents over the whole line. Every line of a paragraph
// comes here (the fonts' boxes rarely clear a pair), so the glyphs on an item's baseline (all
// but a few marks) are taken in font units and scaled once an item: the same values as
// scaling each (scaling and adding keep the order of the values).
void line_ink_extents(const BlockContext& ctx, const VElem& box, LineInk& ink) {
  if (ink.extents) return;
  ink.extents = true;
  ink.above = ink.below = std::numeric_limits<double>::lowest();
  for_each_text_item(ctx, box, [&ink](const TextItem& t, const FontFace&, const FontFace::InkReader& glyph_ink,
                                      double scale, double rise) {
    int top = std::numeric_limits<int>::min(), bottom = std::numeric_limits<int>::max();
    const std::size_t n = t.glyphs.size();
    std::size_t g = 0;
    auto on_baseline = [&](std::size_t end) {
      for (; g < end; ++g) {
        const FontFace::Ink gi = glyph_ink(t.glyphs[g].gid);
        if (gi.empty()) continue;
        top = std::max(top, gi.top);
        bottom = std::min(bottom, gi.bottom);
      }
    };
    for (const GlyphExtra& e : t.extras) {  // raised or lowered glyphs (marks), by index
      if (e.index >= n) break;
      on_baseline(e.index);
      if (g != e.index) continue;
      const FontFace::Ink gi = glyph_ink(t.glyphs[g].gid);
      ++g;
      if (gi.empty()) continue;
      const double y = rise + e.y_offset.value();
      ink.above = std::max(ink.above, y + gi.top * scale);
      ink.below = std::max(ink.below, -y - gi.bottom * scale);
    }
    on_baseline(n);
    if (top == std::numeric_limits<int>::min()) return;
    ink.above = std::max(ink.above, rise + top * scale);
    ink.below = std::max(ink.below, -rise - bottom * scale);
  });
}

// The points of glyph outlines (HarfBuzz's draw callbacks, curves and lines cut into pieces
// no longer than a slice) put into a line's slices: where the ink reaches highest (`up`) or
// lowest (`!up`), in the slices `wanted` marks.
struct OutlineInk {
  double ox = 0, oy = 0, scale = 1;  ///< the glyph's origin (points, y up from the box's baseline)
  bool up = true;
  const std::vector<char>* wanted = nullptr;
  std::vector<float>* out = nullptr;

  void point(double fx, double fy) {
    const double x = ox + fx * scale, y = oy + fy * scale;
    const std::size_t k = slice_of(x, out->size());
    if ((*wanted)[k]) (*out)[k] = std::max((*out)[k], static_cast<float>(up ? y : -y));
  }
  void segment(double x0, double y0, double x1, double y1) {
    const double step = kInkSlice / 2 / scale;
    const int n = 1 + static_cast<int>(std::max(std::fabs(x1 - x0), std::fabs(y1 - y0)) / step);
    for (int i = 1; i <= n; ++i) point(x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n);
  }
};

// Cuts the curve from the pen to its end into 8 straight pieces: `at(t)` is its point at t.
template <typename At>
void flatten(OutlineInk* o, const hb_draw_state_t* st, At at) {
  double px = st->current_x, py = st->current_y;
  for (int i = 1; i <= 8; ++i) {
    const auto [qx, qy] = at(i / 8.0);
    o->segment(px, py, qx, qy);
    px = qx;
    py = qy;
  }
}

hb_draw_funcs_t* outline_funcs() {
  static hb_draw_funcs_t* funcs = [] {
    hb_draw_funcs_t* f = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(
        f, [](hb_draw_funcs_t*, void* d, hb_draw_state_t*, float x, float y, void*) {
          static_cast<OutlineInk*>(d)->point(x, y);
        }, nullptr, nullptr);
    hb_draw_funcs_set_line_to_func(
        f, [](hb_draw_funcs_t*, void* d, hb_draw_state_t* st, float x, float y, void*) {
          static_cast<OutlineInk*>(d)->segment(st->current_x, st->current_y, x, y);
        }, nullptr, nullptr);
    hb_draw_funcs_set_quadratic_to_func(
        f, [](hb_draw_funcs_t*, void* d, hb_draw_state_t* st, float cx, float cy, float x, float y, void*) {
          flatten(static_cast<OutlineInk*>(d), st, [&](double t) {
            const double u = 1 - t;
            return std::pair{u * u * st->current_x + 2 * u * t * cx + t * t * x,
                             u * u * st->current_y + 2 * u * t * cy + t * t * y};
          });
        }, nullptr, nullptr);
    hb_draw_funcs_set_cubic_to_func(
        f, [](hb_draw_funcs_t*, void* d, hb_draw_state_t* st, float c1x, float c1y, float c2x, float c2y, float x,
              float y, void*) {
          flatten(static_cast<OutlineInk*>(d), st, [&](double t) {
            const double u = 1 - t;
            return std::pair{u * u * u * st->current_x + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * x,
                             u * u * u * st->current_y + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * y};
          });
        }, nullptr, nullptr);
    hb_draw_funcs_make_immutable(f);
    return f;
  }();
  return funcs;
}

// How far the outlines reach (the top when `up`, else the bottom) in the `wanted` slices of a line, drawing
// only the glyphs whose extents come near those slices.
void line_outline_slices(const BlockContext& ctx, const VElem& box, bool up, const std::vector<char>& wanted,
                         std::vector<float>& out) {
  out.assign(wanted.size(), kNoInk);
  const std::size_t n = wanted.size();
  OutlineInk sink;
  sink.up = up;
  sink.wanted = &wanted;
  sink.out = &out;
  for_each_inked_glyph(ctx, box, [&](const FontFace& face, std::uint32_t gid, const FontFace::Ink& gi, double x,
                                     double y, double scale) {
    const std::size_t k0 = slice_of(x + gi.left * scale, n), k1 = slice_of(x + gi.right * scale, n);
    bool near = false;
    for (std::size_t k = k0; k <= k1 && !near; ++k) near = wanted[k] != 0;
    if (!near) return;
    sink.ox = x;
    sink.oy = y;
    sink.scale = scale;
    hb_font_get_glyph_shape(face.font.get(), gid, outline_funcs(), &sink);
  });
}

// Moves `box` (a line) down within itself by what keeps its ink kLineSkipLimit from the ink of
// the line above (`up`, whose baseline is `distance` above this one's), when it would come
// closer. `ink` and `ink_up` are the two lines' bounds; their slices are found when needed.
// Four looks, each only where the one before finds the lines close: the fonts' bounding
// boxes over the whole line, the glyphs' extents over the whole line, the glyphs' extents
// slice by slice, the glyphs' outlines in the slices where their extents come close (Noto Naskh's wide descending tails and tall letters
// often overlap as boxes and stand well apart as ink).
void keep_lines_apart(const BlockContext& ctx, VElem& box, LineInk& ink, Pt distance, const VElem& up,
                      LineInk& ink_up) {
  const double size = std::max(ink.size, ink_up.size);
  const double want = kLineSkipLimit * size;
  const double d = distance.value();
  if (d - ink_up.below - ink.above >= want) return;
  line_ink_extents(ctx, up, ink_up);
  line_ink_extents(ctx, box, ink);
  if (d - ink_up.below - ink.above >= want) return;
  if (ink_up.slice_below.empty()) line_ink_slices(ctx, up, ctx.width.value(), ink_up);
  line_ink_slices(ctx, box, ctx.width.value(), ink);
  thread_local std::vector<char> close;
  thread_local std::vector<float> top, bottom;
  close.assign(ink.slice_above.size(), 0);
  bool any = false;
  for (std::size_t k = 0; k < close.size(); ++k) {
    if (ink.slice_above[k] == kNoInk || ink_up.slice_below[k] == kNoInk) continue;
    if (d - ink_up.slice_below[k] - ink.slice_above[k] < want) close[k] = any = 1;
  }
  if (!any) return;
  line_outline_slices(ctx, up, false, close, bottom);
  line_outline_slices(ctx, box, true, close, top);
  double gap = std::numeric_limits<double>::max();
  for (std::size_t k = 0; k < close.size(); ++k) {
    if (close[k] && top[k] != kNoInk && bottom[k] != kNoInk) gap = std::min(gap, d - bottom[k] - top[k]);
  }
  if (gap >= want) return;
  const Pt extra(kLineSkip * size - gap);
  box.height += extra;
  box.baseline += extra;
  for (DisplayItem& item : box.items) translate(item, Pt(0), extra);
}
}  // namespace

void append_line_boxes(const BlockContext& ctx, const SetParagraph& p, Role role, int block,
                       VList& out, int inner_penalty) {
  const std::size_t n = p.lines.size();
  std::size_t above = 0;  // the index in `out` of the line before
  LineInk ink_above;
  CancelScope* const cancel = CancelScope::current();  // a render's deadline, per line
  for (std::size_t i = 0; i < n; ++i) {
    if (cancel) cancel->tick();
    if (i > 0) {
      // No lone first line at a page bottom (orphan), no lone last line at a page top (widow).
      const bool orphan = i == 1;
      const bool widow = i == n - 1;
      // A page or column that ends in a hyphenated word is avoided whenever another break
      // will do (TeX's \brokenpenalty, here nearly forbidding).
      const int broken = p.lines[i - 1].hyphenated ? kBrokenPenalty : 0;
      out.push_back(VElem::penalty_of(orphan || widow ? kNeverBreak : std::max(inner_penalty, broken)));
    }
    VElem box = VElem::box(p.lines[i].height());
    box.baseline = p.lines[i].ascent;
    emit_line(ctx, p, i, Pt(0), role, block, box.items);
    LineInk ink = line_ink_bound(ctx, box);
    if (i > 0) {
      const VElem& up = out[above];
      keep_lines_apart(ctx, box, ink, up.height - up.baseline + box.baseline, up, ink_above);
    }
    ink_above = std::move(ink);
    above = out.size();
    out.push_back(std::move(box));
  }
}

std::string localized_number(const LayoutSpec& spec, const std::string& lang, long n) {
  return localized_digits(spec, lang, std::to_string(n));
}

namespace {

// The layout's digit style for a language ("latin" when it names none).
const std::string& digit_style(const LayoutSpec& spec, const std::string& lang) {
  static const std::string kLatin = "latin";
  auto it = spec.digits.find(lang);
  if (it == spec.digits.end()) it = spec.digits.find(lang.substr(0, lang.find('-')));
  return it == spec.digits.end() ? kLatin : it->second;
}

// The zero of the digits a digit style shows page and list numbers in: U+0660 ARABIC-INDIC
// DIGIT ZERO, U+06F0 EXTENDED ARABIC-INDIC DIGIT ZERO (CLDR's "arabext", Persian and Urdu:
// "۰۱۲۳"), or 0 for Western digits.
char32_t numbering_zero(const std::string& style) {
  if (style == "arabic-indic" || style == "arabic-indic-numbering") return 0x0660;
  if (style == "extended-arabic-indic" || style == "extended-arabic-indic-numbering") return 0x06F0;
  return 0;
}

// The form a character between two Arabic-Indic digits takes: the decimal and thousands
// separators of CLDR's "arab" numbering system ("٣٧٫٥", "١٬٠٠٠"; a full stop there reads as
// the digit zero, "٣٧.٥" as 3705), anything else as it is. CLDR's "arabext" digits of
// Persian and Urdu take the same two ("۳۷٫۵", "۱٬۰۰۰"). The percent sign stays "%": the
// Arabic "٪" comes from the Arabic font, which moved the number's item in the content stream,
// and mutool, reading in stream order, lost "20–40" of "20–40%".
char32_t arabic_separator(char32_t c) {
  if (c == U'.') return 0x066B;
  if (c == U',') return 0x066C;
  return c;
}

// Whether `t` holds a number with two full stops or more between its digits: a section or
// version number, an address or a date ("2.3.1", "10.2.15", "192.168.1.1", "06.12.2026").
// Such a number is not a decimal: in Arabic-Indic digits it took the decimal separator at
// each stop ("٢٫٣٫١", a malformed decimal), and a Latin full stop there reads as the digit
// zero ("٢.٣.١" as ٢٠٣٠١). CLDR's "arab" numbers have no other separator, so the number
// keeps its Western digits and stops, as an identifier ("COVID-19") does.
template <typename Char>
bool has_dotted_number(std::basic_string_view<Char> t) {
  auto digit = [&t](std::size_t k) { return k < t.size() && t[k] >= Char('0') && t[k] <= Char('9'); };
  int stops = 0;  // stops between digits in the number so far
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (digit(k)) continue;
    if (t[k] == Char('.') && k > 0 && digit(k - 1) && digit(k + 1)) {
      if (++stops == 2) return true;
    } else {
      stops = 0;
    }
  }
  return false;
}

}  // namespace

char32_t text_digit_zero(const LayoutSpec& spec, const std::string& lang) {
  // (A "-numbering" style leaves the article's own digits as written.)
  const std::string& style = digit_style(spec, lang);
  return style.ends_with("-numbering") ? 0 : numbering_zero(style);
}

void to_arabic_indic_digits(std::u32string& text, std::u32string_view before, char32_t zero) {
  auto space = [](char32_t c) { return c == U' ' || c == U'\n' || c == U'\t' || c == 0x00A0; };
  // A quantity whose unit is written in Latin letters or symbols ("10 mg", "420–480 L/min",
  // "2–8 °C") keeps its digits too: it reads left to right as one unit, and "١٠ mg" would set
  // a number of one script against a unit of the other.
  // Most text has no digit to change.
  if (std::none_of(text.begin(), text.end(), [](char32_t c) { return c >= U'0' && c <= U'9'; })) return;
  // Found when first needed, before any digit is changed: on the text as written.
  std::optional<std::vector<TogetherSpan>> found;
  auto in_latin_quantity = [&found, &text](std::size_t k) {
    if (!found) found = find_together(text);
    const std::vector<TogetherSpan>& together = *found;
    return std::any_of(together.begin(), together.end(), [k](const TogetherSpan& s) {
      return s.kind == TogetherKind::kQuantity && s.ltr && s.chars.contains(static_cast<std::uint32_t>(k));
    });
  };
  for (std::size_t i = 0; i < text.size();) {
    std::size_t j = i;
    while (j < text.size() && !space(text[j])) ++j;
    // A token with a Latin letter ("COVID-19", "B12", "example.org/ar2") keeps its digits, and
    // so does one with a digit that has no Arabic-Indic form, a superscript or a fraction
    // ("10⁶", "1½": "١٠⁶" would set one number in two scripts), a fraction written with
    // U+2044 FRACTION SLASH ("1⁄2", drawn by the Latin font as one fraction: "١⁄٢" read as
    // ٧٢), and one with a number of two stops or more ("2.3.1", has_dotted_number).
    bool latin = has_dotted_number(std::u32string_view(text).substr(i, j - i));
    for (std::size_t k = i; k < j && !latin; ++k) {
      const char32_t c = text[k];
      latin = (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'@' || c == 0x2044 ||
              (c >= 0x80 && general_category(c) == HB_UNICODE_GENERAL_CATEGORY_OTHER_NUMBER);
    }
    // After a Latin word ("Panadol 500", "Amoxicillin 250", "Vitamin D 1000"), across spaces
    // only, a number is part of the Latin text: the bidi algorithm sets it in the Latin
    // word's run (UAX #9 W7), and a pharmacist reads the product's strength as printed on
    // its box, "Panadol ٥٠٠" is neither script.
    if (!latin && text[i] >= U'0' && text[i] <= U'9') {
      std::size_t k = i;
      while (k > 0 && space(text[k - 1])) --k;
      std::size_t b = before.size();
      if (k == 0) {
        while (b > 0 && space(before[b - 1])) --b;
      }
      const char32_t prev = k > 0 ? text[k - 1] : b > 0 ? before[b - 1] : 0;
      latin = (prev >= U'a' && prev <= U'z') || (prev >= U'A' && prev <= U'Z') ||
              (prev >= 0xC0 && prev <= 0x24F && prev != 0xD7 && prev != 0xF7);
    }
    if (!latin) {
      for (std::size_t k = i; k < j; ++k) {
        if (text[k] >= U'0' && text[k] <= U'9' && !in_latin_quantity(k)) text[k] = zero + (text[k] - U'0');
      }
      // A separator between two digits now shown Arabic-Indic takes its Arabic form.
      auto indic = [&text, i, j, zero](std::size_t k) { return k >= i && k < j && text[k] >= zero && text[k] <= zero + 9; };
      for (std::size_t k = i + 1; k + 1 < j; ++k) {
        if (indic(k - 1) && indic(k + 1)) text[k] = arabic_separator(text[k]);
      }
    }
    i = j == i ? j + 1 : j;
  }
}

std::string localized_text_digits(const LayoutSpec& spec, const std::string& lang, const std::string& s) {
  const char32_t zero = text_digit_zero(spec, lang);
  if (zero == 0) return s;
  // By the rules of the article's own text: {meta.version} "v2.3" or "2.3.1" keeps its
  // digits as it would in a paragraph ("v٢٫٣" set one name in two scripts).
  std::u32string text;
  for (std::size_t at = 0; at < s.size();) text.push_back(next_utf8(s, at));
  to_arabic_indic_digits(text, {}, zero);
  std::string out;
  for (char32_t c : text) append_utf8(out, c);
  return out;
}

std::string localized_digits(const LayoutSpec& spec, const std::string& lang, const std::string& s) {
  const char32_t zero = numbering_zero(digit_style(spec, lang));
  if (zero == 0) return s;
  // As in text (to_arabic_indic_digits): a separator between two digits takes its Arabic
  // form, and a number of two stops or more is not changed.
  if (has_dotted_number(std::string_view(s))) return s;
  auto digit = [&s](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  std::string out;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const char c = s[k];
    if (digit(k)) append_utf8(out, static_cast<char32_t>(zero + static_cast<char32_t>(c - '0')));
    else if (k > 0 && digit(k - 1) && digit(k + 1)) append_utf8(out, arabic_separator(static_cast<unsigned char>(c)));
    else out.push_back(c);
  }
  return out;
}

}  // namespace handout
