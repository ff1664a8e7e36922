#include "text/together.h"

#include <algorithm>
#include <iterator>
#include <string_view>

#include "core/bidi_nesting.h"
#include "core/char_props.h"
#include "core/utf.h"

namespace handout {

namespace {

bool is_ascii_letter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool is_arabic_letter(char32_t c) { return c >= 0x0620 && c <= 0x064A; }
bool is_letter(char32_t c) {
  return is_ascii_letter(c) || is_arabic_letter(c) || c == 0x00B5 || c == 0x03BC || (c >= 0x00C0 && c <= 0x024F) ||
         (c >= 0x0671 && c <= 0x06D3);
}
// Spaces that may sit inside a number with its unit or a phone number.
bool is_inner_space(char32_t c) { return c == U' ' || c == 0x00A0 || c == 0x202F || c == 0x2009; }
bool is_dash(char32_t c) { return c == 0x2013 || c == U'-' || c == 0x2012; }

// Units a number keeps on its line: SI and clinical units, and their common Arabic forms.
// "24 hours" may break, so time words are not units; units of measure spelt out are.
constexpr std::u32string_view kUnits[] = {
    U"mg", U"g", U"kg", U"mcg", U"µg", U"μg", U"ng", U"l", U"L", U"ml", U"mL", U"dl", U"dL", U"cl", U"cL",
    U"mmol", U"µmol", U"μmol", U"mol", U"mEq", U"IU", U"U", U"mm", U"cm", U"m", U"km", U"mmHg", U"kcal", U"cal",
    U"kJ", U"bpm", U"Hz", U"kPa", U"h", U"hr", U"min", U"ms", U"day", U"mSv", U"Gy", U"ppm", U"ملغ", U"مغ", U"ملغم", U"مل", U"ملل", U"غ", U"غم", U"كغ", U"سم", U"مم", U"ملم", U"لتر",
    // Units spelt out: never hyphenated, never parted from their number ("100 micro-|grams"
    // in a narrow dose column).
    U"microgram", U"micrograms", U"milligram", U"milligrams", U"nanogram", U"nanograms", U"gram", U"grams",
    U"kilogram", U"kilograms", U"millilitre", U"millilitres", U"milliliter", U"milliliters", U"litre", U"litres",
    U"liter", U"liters", U"millimole", U"millimoles", U"unit", U"units", U"ميكروغرام", U"ملليغرام", U"مليغرام",
    U"غرام", U"كيلوغرام", U"ملليلتر", U"مليلتر"};

// The symbols of units that take an SI prefix in medicine ("mIU", "MBq", "µL", "nmol",
// "pg", "mGy", "kPa"), without the prefix.
constexpr std::u32string_view kPrefixable[] = {U"g", U"L", U"l", U"mol", U"Bq", U"Gy", U"Sv", U"Hz", U"Pa", U"J",
                                               U"W", U"V", U"Da", U"Osm", U"Eq", U"IU", U"U", U"m", U"cal"};

bool is_listed_unit(std::u32string_view w) {
  return std::find(std::begin(kUnits), std::end(kUnits), w) != std::end(kUnits);
}

// A unit: one of kUnits, or a symbol of kPrefixable after an SI prefix (pico to giga, and
// "mc" for micro as prescriptions write it): "10 mIU/mL" and "3 MBq" read as "10 mg" does.
bool is_unit_word(std::u32string_view w) {
  if (is_listed_unit(w)) return true;
  // (A prefixed symbol is short and starts with a Latin letter or a micro sign.)
  if (w.size() < 2 || w.size() > 5 || !(is_ascii_letter(w[0]) || w[0] == 0x00B5 || w[0] == 0x03BC)) return false;
  for (std::u32string_view prefix : {U"mc", U"p", U"n", U"\u00B5", U"\u03BC", U"m", U"c", U"d", U"k", U"M", U"G"}) {
    if (w.size() > prefix.size() && w.substr(0, prefix.size()) == prefix &&
        std::find(std::begin(kPrefixable), std::end(kPrefixable), w.substr(prefix.size())) != std::end(kPrefixable)) {
      return true;
    }
  }
  return false;
}

// A superscript exponent of a unit: "m²", "m³", "s⁻¹".
bool is_unit_exponent(char32_t c) {
  return c == 0x00B2 || c == 0x00B3 || c == 0x00B9 || c == 0x207B || (c >= 0x2074 && c <= 0x2079);
}

// The end of a number ("37", "37.5", "1,000") starting at i, or i when there is none.
std::size_t number_end(const std::u32string& t, std::size_t i) {
  std::size_t j = i;
  while (j < t.size() && is_decimal_digit(t[j])) ++j;
  if (j == i) return i;
  // Thousands grouped by spaces, as SI and many countries write them ("1 250 000",
  // "100 000"): groups of three after a first of one to three.
  // Not inside a longer run of numbers parted by spaces ("+971 4 123 4567").
  auto digit = [&t](std::size_t k) { return k < t.size() && is_decimal_digit(t[k]); };
  if (j - i <= 3 && !(i >= 2 && is_inner_space(t[i - 1]) && digit(i - 2))) {
    std::size_t g = j;
    while (g + 3 < t.size() && is_inner_space(t[g]) && digit(g + 1) && digit(g + 2) && digit(g + 3) && !digit(g + 4)) g += 4;
    if (!(g + 1 < t.size() && is_inner_space(t[g]) && digit(g + 1))) j = g;
  }
  while (j + 1 < t.size() && (t[j] == U'.' || t[j] == U',' || t[j] == 0x066B || t[j] == 0x066C) &&
         is_decimal_digit(t[j + 1])) {
    ++j;
    while (j < t.size() && is_decimal_digit(t[j])) ++j;
  }
  // A power of ten's exponent: "10⁶", "10⁻³".
  if (j - i == 2 && t[i] == U'1' && t[i + 1] == U'0') {
    std::size_t k = j;
    if (k < t.size() && t[k] == 0x207B) ++k;
    const std::size_t digits = k;
    while (k < t.size() && (t[k] == 0x00B9 || t[k] == 0x00B2 || t[k] == 0x00B3 || t[k] == 0x2070 || (t[k] >= 0x2074 && t[k] <= 0x2079))) ++k;
    if (k > digits) j = k;
  }
  return j;
}

// The end of a unit starting at i ("mg", "°C", "%", "mmol/L", "m²"), or i when there is
// none. `latin` is set when the unit has Latin letters or is a degree sign.
std::size_t unit_end(const std::u32string& t, std::size_t i, bool& latin) {
  const std::size_t n = t.size();
  if (i >= n) return i;
  std::size_t j = i;
  if (t[i] == U'/') {
    // Per unit, against a number ("10⁹/L", "60/min"): in Arabic text "20 × 10⁹/L" was
    // printed "L/10⁹ × ٢٠", the unit turned to the number's other side.
    if (i == 0 || !(is_decimal_digit(t[i - 1]) || is_unit_exponent(t[i - 1]) || t[i - 1] == 0x2070) || i + 1 >= n ||
        !is_letter(t[i + 1])) {
      return i;
    }
    bool lat = false;
    const std::size_t e = unit_end(t, i + 1, lat);
    if (e == i + 1) return i;
    latin = latin || lat;
    return e;
  }
  if (t[i] == 0x00B0) {  // a degree sign, with its scale letter if any
    j = i + 1;
    if (j < n && is_letter(t[j]) && (j + 1 >= n || !is_letter(t[j + 1]))) ++j;
    latin = true;
  } else if (t[i] == 0x2103 || t[i] == 0x2109) {  // DEGREE CELSIUS, DEGREE FAHRENHEIT: "37 ℃" as "37 °C"
    j = i + 1;
    latin = true;
  } else if (t[i] == U'%' || t[i] == 0x066A || t[i] == 0x2030) {
    j = i + 1;
  } else {
    auto word = [&](std::size_t k) {
      std::size_t e = k;
      while (e < n && is_letter(t[e])) ++e;
      return e;
    };
    j = word(i);
    if (j == i) return i;
    const bool unit = is_unit_word(std::u32string_view(t).substr(i, j - i));
    while (j < n && is_unit_exponent(t[j])) ++j;  // "m²"
    // A rate: a unit, or a counted word, per unit: "mmol/L", "mcg/kg/min", "cells/m²".
    bool per = false;
    while (j + 1 < n && t[j] == U'/') {
      const std::size_t e = word(j + 1);
      if (e == j + 1 || !is_unit_word(std::u32string_view(t).substr(j + 1, e - j - 1))) break;
      j = e;
      while (j < n && is_unit_exponent(t[j])) ++j;
      per = true;
    }
    if (!unit && !per) return i;
    for (std::size_t k = i; k < j; ++k) latin = latin || (is_letter(t[k]) && !is_arabic_letter(t[k]));
  }
  if (j < n && (is_letter(t[j]) || is_decimal_digit(t[j]))) return i;  // part of a longer word
  return j;
}

// A quantity starting at i: NUMBER [dash NUMBER] [space] UNIT, then optionally
// dash NUMBER [space] UNIT ("500 mg–1 g"). Returns its end, or i.
std::size_t quantity_end(const std::u32string& t, std::size_t i, bool& latin) {
  const std::size_t n = t.size();
  auto number_unit = [&](std::size_t k, bool& lat) -> std::size_t {
    std::size_t e = number_end(t, k);
    if (e == k) return k;
    // A range ("15–20 mg") or a pair of readings ("120/80 mmHg").
    if (e + 1 < n && (is_dash(t[e]) || t[e] == U'/') && is_decimal_digit(t[e + 1])) e = number_end(t, e + 1);
    std::size_t u = e < n && is_inner_space(t[e]) ? e + 1 : e;
    const std::size_t ue = unit_end(t, u, lat);
    return ue == u ? k : ue;
  };
  std::size_t e = number_unit(i, latin);
  if (e == i) return i;
  if (e + 1 < n && is_dash(t[e]) && is_decimal_digit(t[e + 1])) {
    bool lat = false;
    const std::size_t e2 = number_unit(e + 1, lat);
    if (e2 > e + 1) {
      latin = latin || lat;
      e = e2;
    }
  }
  return e;
}

// A count or quantity times another written with a spaced multiplication sign, from a
// number or quantity ending at e (started at i): "2 × 10", "2 × 500 mg", "10 cm × 5 cm",
// "3 × daily" (a count and a word). A line neither ends with the sign nor starts with it:
// "2 ×| 10 repetitions" reads as an unfinished sum. Returns the end, or e when no sign follows.
std::size_t product_end(const std::u32string& t, std::size_t e, bool& latin) {
  const std::size_t n = t.size();
  std::size_t k = e < n && is_inner_space(t[e]) ? e + 1 : e;
  if (k >= n) return e;
  // The sign as typed on a keyboard: a letter x between spaces, a number after it ("2 x 10⁶").
  const bool letter_x = (t[k] == U'x' || t[k] == U'X') && k > e && k + 2 < n && is_inner_space(t[k + 1]) &&
                        is_decimal_digit(t[k + 2]);
  if (t[k] != 0x00D7 && !letter_x) return e;
  ++k;
  if (k < n && is_inner_space(t[k])) ++k;
  if (k >= n) return e;
  if (is_decimal_digit(t[k])) {
    bool lat = false;
    std::size_t f = quantity_end(t, k, lat);
    if (f == k) f = number_end(t, k);
    latin = latin || lat;
    return f;
  }
  if (!is_letter(t[k])) return e;
  // A word after the count ("3 × daily", "1 × يوميًا"), its marks with it.
  std::size_t f = k;
  while (f < n && (is_letter(t[f]) || is_nonspacing_mark(t[f]))) ++f;
  return f;
}

// A quantity ("500 mg", "15–20 mg") or a product of counts or quantities ("2 × 10") starting
// at the digit t[i], kept whole as one: its end, or i.
std::size_t counted_end(const std::u32string& t, std::size_t i, bool& latin) {
  const std::size_t e = quantity_end(t, i, latin);
  const std::size_t base = e > i ? e : number_end(t, i);
  const std::size_t product = product_end(t, base, latin);
  return product > base ? product : e;
}

// A number's sign: hyphen-minus, MINUS SIGN, plus, plus-minus.
bool is_sign(char32_t c) { return c == U'-' || c == 0x2212 || c == U'+' || c == 0x00B1; }

// A phone number starting at i: "+" or "(" or a digit, then groups of digits separated by
// one space, hyphen or dot (a group may be in parentheses: "(0)20"). Returns its end, or i.
std::size_t phone_end(const std::u32string& t, std::size_t i) {
  const std::size_t n = t.size();
  std::size_t j = i;
  const bool plus = t[j] == U'+';
  if (plus) ++j;
  int digits = 0, groups = 0, first_group = 0, second_group = 0;
  std::size_t end = i;
  while (j < n) {
    std::size_t k = j;
    const bool paren = t[k] == U'(';
    if (paren) ++k;
    const std::size_t d = k;
    while (k < n && is_decimal_digit(t[k])) ++k;
    if (k == d) break;
    if (paren) {
      if (k >= n || t[k] != U')') break;
      ++k;
      if (k < n && is_decimal_digit(t[k])) {  // "(0)20": the group goes on after the bracket
        while (k < n && is_decimal_digit(t[k])) ++k;
      }
    }
    const auto group = static_cast<int>(std::count_if(t.begin() + static_cast<std::ptrdiff_t>(d),
                                                       t.begin() + static_cast<std::ptrdiff_t>(k), is_decimal_digit));
    digits += group;
    if (groups == 0) first_group = group;
    if (groups == 1) second_group = group;
    ++groups;
    end = k;
    // A separator counts only when another group follows it.
    if (k < n && t[k] == U'(') {  // "+44 (0)20" written without a space
      j = k;
      continue;
    }
    if (k + 1 < n && (is_inner_space(t[k]) || t[k] == U'-' || t[k] == U'.') &&
        (is_decimal_digit(t[k + 1]) || t[k + 1] == U'(')) {
      j = k + 1;
      continue;
    }
    break;
  }
  if (groups < 2 || digits < 7) return i;
  if (end < n && (is_letter(t[end]) || is_decimal_digit(t[end]))) return i;
  const bool lead = plus || t[i] == U'(' || t[i] == U'0' || t[i] == 0x0660 || t[i] == 0x06F0;
  // Without a leading "+", "(" or "0": three groups or more of nine digits or more
  // ("800 555 0199"), or a group of three and one of four or five, the way toll-free and
  // local numbers are written ("800 1234", "123 4567"), so that "in 2020 1500 people" is
  // not taken for one.
  // Not the tail of a longer run of numbers ("x+971 4 123 4567" is none).
  const bool after_number = i >= 2 && is_inner_space(t[i - 1]) && is_decimal_digit(t[i - 2]);
  const bool local = groups == 2 && first_group == 3 && (second_group == 4 || second_group == 5) && !after_number;
  if (!lead && !local && (groups < 3 || digits < 9 || first_group > 4)) return i;
  return end;
}

// A date written with hyphens, year first or last ("2026-12-06", "06-12-2026", "6-12-2026"),
// starting at i: its end, or i. In right-to-left text the bidi algorithm sets each group
// apart (a hyphen between two numbers after Arabic letters joins nothing, UAX #9 W4), and
// the groups read from right to left: "2026-12-06" was printed "06-12-2026". A range
// ("5-10") has two groups and keeps the bidi algorithm's order.
std::size_t date_end(const std::u32string& t, std::size_t i) {
  const std::size_t n = t.size();
  std::size_t j = i;
  std::size_t len[3] = {0, 0, 0};
  for (int g = 0; g < 3; ++g) {
    const std::size_t d = j;
    while (j < n && is_decimal_digit(t[j])) ++j;
    len[g] = j - d;
    if (len[g] == 0) return i;
    if (g < 2) {
      if (j + 1 >= n || !(t[j] == U'-' || t[j] == 0x2010 || t[j] == 0x2011)) return i;
      ++j;
    }
  }
  const bool year_first = len[0] == 4 && len[1] <= 2 && len[2] <= 2;
  const bool year_last = len[2] == 4 && len[0] <= 2 && len[1] <= 2;
  if (!year_first && !year_last) return i;
  // Not part of a longer number or word ("2026-12-06-01", "2026-12-06a", "2026-12-06.5").
  if (j < n && (is_letter(t[j]) || is_decimal_digit(t[j]) ||
                ((t[j] == U'-' || t[j] == U'.' || t[j] == U',') && j + 1 < n && is_decimal_digit(t[j + 1])))) {
    return i;
  }
  return j;
}

// Bidi controls count as punctuation around an address: a layout's {clinic.website} is an
// isolate (LRI ... PDI) around it.
bool is_leading_punct(char32_t c) {
  return is_bidi_control(c) || c == U'(' || c == U'[' || c == U'{' || c == U'"' || c == U'\'' || c == 0x00AB || c == 0x201C ||
         c == 0x2018 || c == U'<';
}
bool is_trailing_punct(char32_t c) {
  return is_bidi_control(c) || c == U'.' || c == U',' || c == U';' || c == U':' || c == U'!' || c == U'?' || c == U')' || c == U']' ||
         c == U'}' || c == U'"' || c == U'\'' || c == 0x00BB || c == 0x201D || c == 0x2019 || c == U'>' ||
         c == 0x060C || c == 0x061B || c == 0x061F;
}
bool is_url_char(char32_t c) {
  return c > 0x20 && c < 0x7F && c != U'"' && c != U'<' && c != U'>' && c != U'\\' && c != U'^' && c != U'`' &&
         c != U'{' && c != U'|' && c != U'}';
}

// The end of the link t[b, ...)'s scheme with its "//" ("https://", "mailto:") and a
// following "www.": the part of an address that never ends a line.
std::size_t prefix_end(const std::u32string& t, std::size_t b) {
  std::size_t k = b;
  while (k < t.size() && is_ascii_letter(t[k])) ++k;
  if (k > b && k < t.size() && t[k] == U':') {
    ++k;
    while (k < t.size() && t[k] == U'/') ++k;
  } else {
    k = b;
  }
  auto w = [&](std::size_t at) { return at < t.size() && (t[at] == U'w' || t[at] == U'W'); };
  if (w(k) && w(k + 1) && w(k + 2) && k + 3 < t.size() && t[k + 3] == U'.') k += 4;
  return k;
}

// Whether the token t[b, e) (outer punctuation already removed) is a web address, an
// e-mail address or a file name.
bool is_link(const std::u32string& t, std::size_t b, std::size_t e) {
  if (e - b < 4) return false;
  // Every form below has a "." or a ":" ("://", "www.", "mailto:", "@" then ".", a name
  // with a dot): a plain word is no link, without the searches.
  bool dot_or_colon = false;
  for (std::size_t k = b; k < e; ++k) {
    if (!is_url_char(t[k])) return false;
    dot_or_colon = dot_or_colon || t[k] == U'.' || t[k] == U':';
  }
  if (!dot_or_colon) return false;
  const std::u32string_view s = std::u32string_view(t).substr(b, e - b);
  if (s.find(U"://") != std::u32string_view::npos) return true;
  auto lower_starts = [&](std::u32string_view p) {
    if (s.size() < p.size()) return false;
    for (std::size_t k = 0; k < p.size(); ++k) {
      char32_t c = s[k];
      if (c >= U'A' && c <= U'Z') c += 32;
      if (c != p[k]) return false;
    }
    return true;
  };
  if (lower_starts(U"www.") || lower_starts(U"mailto:")) return true;
  const std::size_t at = s.find(U'@');
  if (at != std::u32string_view::npos && at > 0 && s.find(U'.', at) != std::u32string_view::npos) return true;
  // A name with a dot between a letter or digit and two lowercase letters or more:
  // "example.org/ar", "leaflet.pdf" (but not "e.g", "U.S" or "3.5").
  for (std::size_t k = 1; k + 2 < s.size() + 1; ++k) {
    if (s[k] != U'.' || !(is_ascii_letter(s[k - 1]) || is_decimal_digit(s[k - 1]))) continue;
    std::size_t m = k + 1;
    while (m < s.size() && s[m] >= U'a' && s[m] <= U'z') ++m;
    if (m - k - 1 >= 2 && (m == s.size() || s[m] == U'/' || s[m] == U'.' || s[m] == U'?' || s[m] == U'#' ||
                           s[m] == U':')) {
      return true;
    }
  }
  return false;
}

// The parts of the link t[b, e) whose breaks are priced apart: where its prefix
// (prefix_end) ends, and its host or e-mail domain (from the prefix or after the "@" to
// the first "/", "?" or "#").
struct LinkParts {
  std::size_t prefix = 0;
  std::size_t host_begin = 0;
  std::size_t host_end = 0;
};

LinkParts link_parts(const std::u32string& t, std::size_t b, std::size_t e) {
  LinkParts p;
  p.prefix = prefix_end(t, b);
  p.host_begin = p.prefix;
  auto ends_host = [&](std::size_t k) { return t[k] == U'/' || t[k] == U'?' || t[k] == U'#'; };
  for (std::size_t k = p.prefix; k < e && !ends_host(k); ++k) {
    if (t[k] == U'@') p.host_begin = k + 1;  // an e-mail address (or a URL's user name)
  }
  p.host_end = p.host_begin;
  while (p.host_end < e && !ends_host(p.host_end)) ++p.host_end;
  return p;
}

// The break after t[k] inside a link. Every break inside an address costs the line
// breaker a penalty (no reader can join the two pieces again): a path reads best broken
// after its "/" or before a "?" or "&", an e-mail address after its "@" (BreakKind::kAllowLink);
// after a "." of a path or of an e-mail address's name dearer (BreakKind::kAllowWeak);
// after a "." of the host or domain dearest (BreakKind::kAllowHost: "respiratory-clinic.|
// example." parts the name, ends the line with what reads as a full stop and can leave
// "example." alone). Never inside the scheme and its "//" or "www." ("https://|www",
// "www.|example"): the host starts the line with them. Not after the link's own "-"
// either: readers (pdftotext) take a hyphen at a line end for a hyphenation and drop it,
// and the copied address would be wrong.
BreakKind link_break_after(const std::u32string& t, const LinkParts& parts, std::size_t k) {
  const char32_t c = t[k];
  if (k < parts.prefix || (c == U'/' && k + 1 < t.size() && t[k + 1] == U'/')) return BreakKind::kNone;
  if (c == U'/' || c == U'@') return BreakKind::kAllowLink;
  // Before a query's "?" or "&", not after: a line ending in "?" reads as a question's end,
  // and in right-to-left text poppler took a "?" at the end of a left-to-right line piece
  // for right-to-left and returned it before the address ("عبر ?https://…").
  if (c == U'?' || c == U'&') return BreakKind::kNone;
  if (k + 1 < t.size() && (t[k + 1] == U'?' || t[k + 1] == U'&')) return BreakKind::kAllowLink;
  if (c == U'.') return k >= parts.host_begin && k < parts.host_end ? BreakKind::kAllowHost : BreakKind::kAllowWeak;
  return BreakKind::kNone;
}

// Whether t[b, e), which starts with a digit, is a Latin name led by a number and joined
// by a hyphen, stop or slash ("5-FU", "25-OH", "5-HT3", "800-HELP"): Latin letters and
// digits with a joiner. In right-to-left text the bidi algorithm takes its number for the
// Arabic text's and sets its letters after it from the right ("FU-5").
bool is_number_led_code(const std::u32string& t, std::size_t b, std::size_t e) {
  bool letter = false, joiner = false;
  for (std::size_t k = b; k < e; ++k) {
    const char32_t c = t[k];
    if (is_ascii_letter(c)) letter = true;
    else if (c == U'-' || c == U'.' || c == U'/' || c == U'+') joiner = true;
    else if (!is_decimal_digit(c) || c > U'9') return false;
  }
  if (!letter || !joiner) return false;
  bool latin = false;  // a quantity ("2.5mg", "5-10mg") is a quantity's
  return counted_end(t, b, latin) < e;
}

// Whether t[b, e) is a Latin abbreviation written with stops inside it and t[e] its
// final stop: segments of one to three letters, each after a stop but the first ("i.v",
// "e.g", "p.o", "b.i.d", "Ph.D", "U.S.A"). A segment of two lowercase letters or more after
// a stop is a domain's ("ox.ac.uk"), not an abbreviation's.
bool is_abbreviation(const std::u32string& t, std::size_t b, std::size_t e) {
  if (e >= t.size() || t[e] != U'.' || e - b < 3) return false;
  std::size_t k = b;
  int segments = 0;
  while (true) {
    const std::size_t start = k;
    std::size_t lower = 0;
    while (k < e && is_ascii_letter(t[k])) lower += (t[k++] >= U'a') ? 1 : 0;
    if (k == start || k - start > 3 || (segments > 0 && lower >= 2)) return false;
    ++segments;
    if (k == e) break;
    if (t[k] != U'.') return false;
    ++k;
  }
  return segments >= 2;
}

// The one-letter Arabic words written joined to the word after them, a number too: "and"
// (و), "so" (ف), "with" (ب), "for" (ل), "as" (ك): "بين 2 و8 °C", "ب5 مل".
bool is_proclitic(char32_t c) { return c == 0x0648 || c == 0x0641 || c == 0x0628 || c == 0x0644 || c == 0x0643; }

bool starts_token(const std::u32string& t, std::size_t i) {
  if (i == 0) return true;
  const char32_t p = t[i - 1];
  // After a proclitic that starts a word, as after a space.
  if (is_proclitic(p)) {
    const char32_t q = i >= 2 ? t[i - 2] : U' ';
    if (!(is_letter(q) || is_decimal_digit(q) || is_nonspacing_mark(q))) return true;
  }
  return !(is_letter(p) || is_decimal_digit(p) || p == U'.' || p == U',' || p == U'+' || p == U'-' || p == 0x2013);
}

// Whether t[b, e) is a short Latin name of a test or measure written in capitals: two to
// six letters and digits, a letter first, two capitals or more, no lowercase letter
// after a digit ("INR", "TSH", "LDL", "HbA1c", "eGFR", "PSA").
bool is_test_label(const std::u32string& t, std::size_t b, std::size_t e) {
  if (e - b < 2 || e - b > 6 || !is_ascii_letter(t[b])) return false;
  int capitals = 0;
  for (std::size_t k = b; k < e; ++k) {
    if (t[k] >= U'A' && t[k] <= U'Z') ++capitals;
    else if (!is_ascii_letter(t[k]) && !(t[k] >= U'0' && t[k] <= U'9')) return false;
  }
  return capitals >= 2;
}

// The longest run of text a tie below may make unbreakable (code points from the first
// word's start to the next break after the second): short enough for any measure the
// layouts set (a tri-fold panel's line holds about 30); a wider one would be broken
// anyway, at the space, by the line builder's emergency breaks.
constexpr std::size_t kMaxTied = 24;

// The next break opportunity at or after k (the end of the text when there is none).
std::size_t next_break(const std::vector<BreakKind>& breaks, std::size_t k) {
  while (k < breaks.size() && breaks[k] != BreakKind::kAllow && breaks[k] != BreakKind::kMust &&
         breaks[k] != BreakKind::kAllowLink && breaks[k] != BreakKind::kAllowWeak && breaks[k] != BreakKind::kAllowHost) {
    ++k;
  }
  return k;
}

// A name and what it names, read as one, never parted by a line end (the space between
// them is no break): a test's label and its reading or range ("INR 2.0–3.0", "TSH 0.4–4.0
// mU/L", in Arabic text too, "نسبة INR 2.6"), and a disease, vitamin or type and its
// letter ("Hepatitis B", "Vitamin D", "التهاب الكبد B", "فيتامين K"): a line ending in
// "INR" or "التهاب الكبد" and the next starting "2.0–3.0" or "B" reads as two things. Only
// where the tied run is short (kMaxTied); a letter "I" (the English pronoun) and an "A"
// after a word in lowercase ("then A") are not letters of a name.
void tie_names_to_what_they_name(const std::u32string& t, std::vector<BreakKind>& breaks) {
  const std::size_t n = t.size();
  for (std::size_t s = 1; s + 1 < n; ++s) {
    if (t[s] != U' ' || breaks[s] != BreakKind::kAllow) continue;
    const char32_t c = t[s + 1];
    if (!is_decimal_digit(c) && !(c >= U'A' && c <= U'Z')) continue;  // (most spaces: checked first)
    // The word before the space: t[b, s).
    std::size_t b = s;
    while (b > 0 && (is_letter(t[b - 1]) || is_decimal_digit(t[b - 1]) || is_nonspacing_mark(t[b - 1]))) --b;
    if (b == s || (b > 0 && !is_inner_space(t[b - 1]) && t[b - 1] != U'\n' && t[b - 1] != U'(')) continue;
    bool tie = false;
    if (is_decimal_digit(c)) {
      tie = is_test_label(t, b, s);
    } else if (c >= U'A' && c <= U'Z' && c != U'I' && (s + 2 == n || !(is_letter(t[s + 2]) || is_decimal_digit(t[s + 2]) ||
                                                                         t[s + 2] == U'\'' || t[s + 2] == 0x2019 ||
                                                                         t[s + 2] == U'-'))) {
      // A capital letter alone, the word before it a capitalised Latin word ("Vitamin",
      // "Hepatitis") or an Arabic one.
      const bool arabic = is_arabic_letter(t[b]) || (t[b] >= 0x0671 && t[b] <= 0x06D3);
      const bool capital = t[b] >= U'A' && t[b] <= U'Z' && s - b >= 2;
      tie = arabic || (capital && !is_decimal_digit(t[s - 1]));
    }
    if (!tie) continue;
    if (next_break(breaks, s + 1) + 1 - b > kMaxTied) continue;
    breaks[s] = BreakKind::kNone;
  }
}

}  // namespace

std::vector<TogetherSpan> find_together(const std::u32string& t) {
  std::vector<TogetherSpan> out;
  const std::size_t n = t.size();
  std::size_t i = 0;
  while (i < n) {
    // A letter after a character that is not a space starts neither a token nor a number,
    // and neither do the letters that follow it.
    if ((is_ascii_letter(t[i]) || is_arabic_letter(t[i])) && i > 0 && !is_inner_space(t[i - 1]) &&
        t[i - 1] != U'\n') {
      ++i;
      while (i < n && (is_ascii_letter(t[i]) || is_arabic_letter(t[i]))) ++i;
      continue;
    }
    // Links, a whitespace-delimited token at a time.
    if (!is_inner_space(t[i]) && (i == 0 || is_inner_space(t[i - 1]) || t[i - 1] == U'\n')) {
      std::size_t e = i;
      while (e < n && !is_inner_space(t[e]) && t[e] != U'\n' && t[e] != U'\t') ++e;
      std::size_t b = i;
      std::size_t f = e;
      while (b < f && is_leading_punct(t[b])) ++b;
      while (f > b && is_trailing_punct(t[f - 1])) --f;
      if (f > b && is_link(t, b, f)) {
        out.push_back({Range{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(f)}, TogetherKind::kLink, true});
        i = e;
        continue;
      }
      if (f > b && is_decimal_digit(t[b]) && is_number_led_code(t, b, f)) {
        out.push_back({Range{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(f)}, TogetherKind::kCode, true});
        i = e;
        continue;
      }
      if (f > b && f < e && is_abbreviation(t, b, f)) {
        out.push_back({Range{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(f + 1)}, TogetherKind::kAbbreviation,
                       true});
        i = e;
        continue;
      }
    }
    const char32_t c = t[i];
    if ((is_decimal_digit(c) || ((c == U'+' || c == U'(') && i + 1 < n && (is_decimal_digit(t[i + 1]) || t[i + 1] == U'+'))) &&
        starts_token(t, i)) {
      std::size_t e = i;
      if (is_decimal_digit(c) && (e = date_end(t, i)) > i) {
        out.push_back({Range{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(e)}, TogetherKind::kDate, true});
        i = e;
        continue;
      }
      e = phone_end(t, i);
      if (e > i) {
        out.push_back({Range{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(e)}, TogetherKind::kPhone, true});
        i = e;
        continue;
      }
      bool latin = false;
      if (is_decimal_digit(c)) {
        e = counted_end(t, i, latin);
        // A number of groups parted by spaces: never broken, and read left to right in
        // right-to-left text (its groups were set from right to left: "000 250 1").
        std::size_t lead = i;  // the first group's end: a space and a digit after it may group
        while (lead < n && lead - i < 4 && is_decimal_digit(t[lead])) ++lead;
        const bool may_group = lead + 1 < n && is_inner_space(t[lead]) && is_decimal_digit(t[lead + 1]);
        // A whole number and a vulgar fraction ("1½", "2¾"): one number, read left to right
        // (the fraction is a neutral the bidi algorithm set on the number's far side, "½1").
        const bool fraction = lead < n && is_vulgar_fraction(t[lead]);
        const std::size_t number = may_group ? number_end(t, i) : fraction ? lead + 1 : lead;
        const bool grouped = (may_group && number > lead) || fraction;
        if (e > i || grouped) {
          TogetherSpan s{Range{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(e > i ? e : number)},
                         e > i ? TogetherKind::kQuantity : TogetherKind::kNumber, latin || e == i};
          s.grouped = grouped;
          s.number_end = static_cast<std::uint32_t>(number);
          out.push_back(s);
          i = s.chars.end;
          continue;
        }
      }
    }
    // A number with its sign ("-5 °C", "+2", "−10%", "±0.5"): one unit, the sign kept on
    // the number's left when it reads left to right (isolate_ltr_spans).
    if (is_sign(c) && i + 1 < n && is_decimal_digit(t[i + 1]) && starts_token(t, i)) {
      bool latin = false;
      const std::size_t number = number_end(t, i + 1);
      std::size_t e = counted_end(t, i + 1, latin);
      if (e == i + 1) e = number;
      TogetherSpan s{Range{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(e)}, TogetherKind::kQuantity, latin};
      s.sign = true;
      s.number_end = static_cast<std::uint32_t>(number);
      // "-1 250": its groups read left to right whatever its digits (isolate_ltr_spans).
      s.grouped = std::any_of(t.begin() + static_cast<std::ptrdiff_t>(i + 1), t.begin() + static_cast<std::ptrdiff_t>(number),
                              is_inner_space);
      out.push_back(s);
      i = e;
      continue;
    }
    ++i;
  }
  return out;
}

namespace {
// A digit after which a sign reads on the number's left, the number left to right: Western
// (CLDR "ar-u-nu-latn", "‎-5") and Extended Arabic-Indic (CLDR "fa", "‎−۵"; "ur" with
// "arabext", "‎-‎۵"), not Arabic-Indic (CLDR "arab", "؜-٥": the sign on the right).
bool western_sign_digit(char32_t c) { return (c >= U'0' && c <= U'9') || is_extended_arabic_indic_digit(c); }
}  // namespace

void isolate_ltr_spans(const std::vector<TogetherSpan>& spans, std::vector<std::uint8_t>& levels,
                       const std::u32string& shown) {
  for (const TogetherSpan& s : spans) {
    if (s.chars.empty() || s.chars.end > levels.size()) continue;
    // (Extended Arabic-Indic digits, "-۵", as Western ones: CLDR's Persian "‎−۵" and Urdu
    // "‎-‎۵" put the sign on the left with a left-to-right mark.)
    const bool western = s.sign && s.chars.begin + 1 < shown.size() && western_sign_digit(shown[s.chars.begin + 1]);
    if (!s.ltr && !western && !s.grouped) continue;
    // A signed number of grouped thousands in Arabic-Indic digits ("-١ ٢٥٠"): its groups read
    // left to right, its sign stays where the bidi algorithm put it, on their right, read
    // first (as for "-١٢"); "٢٥٠ ١-" was printed.
    const bool sign_apart = s.sign && !s.ltr && !western;
    const auto first = levels.begin() + s.chars.begin + (sign_apart ? 1 : 0);
    const auto last = levels.begin() + (s.ltr ? s.chars.end : s.number_end);
    const auto [lowest, highest] = std::minmax_element(first, last);
    const std::uint8_t low = *lowest;
    if ((low & 1) == 0) {
      // Left to right at its lowest, as inside an isolate (a layout's {clinic.phone} is
      // LRI ... PDI) or in left-to-right text; but Arabic-Indic digits are Arabic numbers
      // there too, and a bracket, hyphen or spaced slash between two of them a neutral
      // between Arabic numbers, set right to left (UAX #9 N1): "+٩٦٦ (١١) ٢٣٤-٥٦٧٨" in an
      // Arabic footer was printed "+٢٣٤ ٥٦٧٨)١١( ٩٦٦". The whole span reads at its lowest.
      if (*highest != low) std::fill(first, last, low);
      continue;
    }
    std::fill(first, last, static_cast<std::uint8_t>(low + 1));
  }
  // A percent or per mille sign right after a number shown in Western digits reads after it,
  // on its right, as Arabic with Latin digits writes it (CLDR "ar-u-nu-latn": "25‎%‎", the
  // sign isolated with marks): "25%". After an Arabic letter the number is an Arabic number
  // (UAX #9 W2) and the sign, a neutral, went to its left ("%25"), while a table cell's or a
  // list item's "25%" with no letter before it read "25%". In Arabic-Indic digits the sign
  // stays on the number's left, read after it, as CLDR's "arab" writes it ("٢٥٪؜"), and so
  // it does in Extended Arabic-Indic digits (Persian, Urdu), as a number after a letter of
  // theirs sets "۲۵٪" (bidi_levels) -- except after a signed one, which reads left to right
  // whole: CLDR's Persian "‎−۲۵٪" and Urdu "‎-‎۲۵%", the sign on the left, the percent on the
  // right.
  for (const TogetherSpan& s : spans) {
    if (s.kind != TogetherKind::kQuantity || s.chars.end > levels.size() || s.chars.end > shown.size()) continue;
    for (std::uint32_t k = s.chars.begin + 1; k < s.chars.end; ++k) {
      if (shown[k] != U'%' && shown[k] != 0x2030) continue;
      const char32_t d = shown[k - 1];
      const bool western = (d >= U'0' && d <= U'9') || (s.sign && is_extended_arabic_indic_digit(d));
      if (western && (levels[k - 1] & 1) == 0 && levels[k] < levels[k - 1]) levels[k] = levels[k - 1];
    }
  }
}

void attach_word_symbol(const std::u32string& text, std::vector<std::uint8_t>& levels, std::size_t i) {
  if (i == 0 || i >= text.size() || i >= levels.size() || levels[i] == levels[i - 1]) return;
  if (general_category(text[i]) != HB_UNICODE_GENERAL_CATEGORY_OTHER_SYMBOL) return;
  std::size_t j = i - 1;  // the word's last character, past its marks and symbols
  while (j > 0 && (is_nonspacing_mark(text[j]) || general_category(text[j]) == HB_UNICODE_GENERAL_CATEGORY_OTHER_SYMBOL)) --j;
  if (is_letter_category(general_category(text[j]))) levels[i] = levels[i - 1];
}

void tailor_breaks(const std::u32string& t, const std::vector<TogetherSpan>& spans, std::vector<BreakKind>& breaks) {
  const std::size_t n = t.size();
  // A numeric range ("30–45", "1.5–3", "٣٠–٤٥", "۳۰–۴۵") never breaks at its dash. A unit
  // per unit, or a counted word per unit ("mg/kg", "mL/min", "cells/m²"), never breaks at
  // its "/" (UAX #14 allows a break after a solidus), with a number before it or not.
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const char32_t c = t[i];
    if (is_dash(c) && is_decimal_digit(t[i - 1]) && is_decimal_digit(t[i + 1])) {
      breaks[i - 1] = BreakKind::kNone;
      breaks[i] = BreakKind::kNone;
    } else if (c == U'/' && is_letter(t[i - 1]) && is_letter(t[i + 1])) {
      std::size_t b = i;
      while (b > 0 && is_letter(t[b - 1])) --b;
      std::size_t e = i + 1;
      while (e < n && is_letter(t[e])) ++e;
      const std::u32string_view v(t);
      if (is_unit_word(v.substr(b, i - b)) || is_unit_word(v.substr(i + 1, e - i - 1))) {
        if (breaks[i - 1] != BreakKind::kMust) breaks[i - 1] = BreakKind::kNone;
        if (breaks[i] != BreakKind::kMust) breaks[i] = BreakKind::kNone;
      }
    }
  }
  for (const TogetherSpan& s : spans) {
    const LinkParts parts = s.kind == TogetherKind::kLink ? link_parts(t, s.chars.begin, s.chars.end) : LinkParts{};
    for (std::uint32_t k = s.chars.begin; k + 1 < s.chars.end; ++k) {
      if (breaks[k] == BreakKind::kMust) continue;
      if (s.kind != TogetherKind::kLink) {
        breaks[k] = BreakKind::kNone;
        continue;
      }
      breaks[k] = k > s.chars.begin ? link_break_after(t, parts, k) : BreakKind::kNone;
    }
  }
  tie_names_to_what_they_name(t, breaks);
  // A spaced dash ("the dose – 500 mg – is") never starts a line: it stays with the word
  // before it.
  for (std::size_t i = 1; i < n; ++i) {
    if ((t[i] == 0x2013 || t[i] == 0x2014) && t[i - 1] == U' ' && (i + 1 == n || t[i + 1] == U' ') &&
        breaks[i - 1] == BreakKind::kAllow) {
      breaks[i - 1] = BreakKind::kNone;
    }
  }
}

}  // namespace handout
