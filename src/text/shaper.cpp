#include "text/shaper.h"

#include <fribidi.h>

#include <algorithm>
#include <set>

#include "core/cancel.h"
#include "core/char_props.h"
#include "core/heap_bytes.h"
#include "core/utf.h"
#include "text/shape_ahead.h"
#include "text/together.h"
#include "text/uax14.h"

namespace handout {

void StyledText::append(std::u32string_view s, const TextStyle& style, std::u32string_view shown_as) {
  if (shown_as.size() == s.size() && shown_as != s && shown.size() != text.size()) shown = text;
  if (shown.size() == text.size() && !shown.empty()) shown.append(shown_as.size() == s.size() ? shown_as : s);
  else if (text.empty() && shown_as.size() == s.size() && shown_as != s) shown = shown_as;
  auto it = std::find(styles.begin(), styles.end(), style);
  std::uint16_t index = 0;
  if (it == styles.end()) {
    index = static_cast<std::uint16_t>(styles.size());
    styles.push_back(style);
  } else {
    index = static_cast<std::uint16_t>(it - styles.begin());
  }
  text.append(s);
  style_of.insert(style_of.end(), s.size(), index);
}

Location StyledText::locate() const {
  if (!source) return Location{"", 0, 0, pointer};
  return source->locate(pointer);
}

Location StyledText::locate_char(char32_t c) const {
  for (const TextOrigin& o : origins) {
    if (o.source && utf8_to_utf32(o.text).find(c) != std::u32string::npos) return o.source->locate_char(o.pointer, c);
  }
  if (!source) return Location{"", 0, 0, pointer};
  return source->locate_char(pointer, c);
}

namespace {

// UAX #9's limit on explicit embedding levels (BD2).
constexpr int kMaxBidiDepth = 125;

bool is_bidi_initiator(FriBidiCharType t) {
  return t == FRIBIDI_TYPE_LRE || t == FRIBIDI_TYPE_RLE || t == FRIBIDI_TYPE_LRO || t == FRIBIDI_TYPE_RLO ||
         t == FRIBIDI_TYPE_LRI || t == FRIBIDI_TYPE_RLI || t == FRIBIDI_TYPE_FSI;
}

// FriBidi 1.0.8 (Debian 12) reads freed memory when explicit embeddings or isolates
// overflow the depth of 125 (found with valgrind on a correct call: exact buffer sizes,
// bracket types from fribidi_get_bracket_types). UAX #9 ignores such overflow controls
// (X5a-X5c, X6a, X7: they change no level), so they are handed to FriBidi as BN, which
// it ignores too, and it never sees an overflow. This follows rules X1-X8 over the
// explicit formatting characters only; an FSI is counted at the higher of its two
// possible levels, so the levels here are never below FriBidi's. Returns how many were
// neutralised.
std::size_t neutralise_overflow(std::vector<FriBidiCharType>& types, Direction base) {
  struct Entry {
    int level;
    bool isolate;
  };
  std::vector<Entry> stack{{base == Direction::kRtl ? 1 : 0, false}};
  int overflow_isolates = 0;
  int overflow_embeddings = 0;
  int valid_isolates = 0;
  std::size_t neutralised = 0;
  auto neutralise = [&](FriBidiCharType& t) {
    t = FRIBIDI_TYPE_BN;
    ++neutralised;
  };
  for (FriBidiCharType& t : types) {
    if (is_bidi_initiator(t)) {
      const int cur = stack.back().level;
      const int odd = (cur + 1) | 1;
      const int even = (cur + 2) & ~1;
      const bool rtl = t == FRIBIDI_TYPE_RLE || t == FRIBIDI_TYPE_RLO || t == FRIBIDI_TYPE_RLI;
      const int level = t == FRIBIDI_TYPE_FSI ? std::max(odd, even) : rtl ? odd : even;
      const bool isolate = t == FRIBIDI_TYPE_LRI || t == FRIBIDI_TYPE_RLI || t == FRIBIDI_TYPE_FSI;
      if (level <= kMaxBidiDepth && overflow_isolates == 0 && overflow_embeddings == 0) {
        stack.push_back({level, isolate});
        if (isolate) ++valid_isolates;
      } else {
        if (isolate) ++overflow_isolates;
        else if (overflow_isolates == 0) ++overflow_embeddings;
        neutralise(t);
      }
    } else if (t == FRIBIDI_TYPE_PDI) {
      if (overflow_isolates > 0) {
        --overflow_isolates;
        neutralise(t);
      } else if (valid_isolates > 0) {
        overflow_embeddings = 0;
        while (!stack.back().isolate) stack.pop_back();
        stack.pop_back();
        --valid_isolates;
      }  // else an unmatched PDI, which FriBidi ignores as the algorithm does
    } else if (t == FRIBIDI_TYPE_PDF) {
      if (overflow_isolates > 0) {
        neutralise(t);  // inside an overflow isolate FriBidi no longer knows about
      } else if (overflow_embeddings > 0) {
        --overflow_embeddings;
        neutralise(t);
      } else if (!stack.back().isolate && stack.size() >= 2) {
        stack.pop_back();
      }
    } else if (t == FRIBIDI_TYPE_BS) {
      stack.resize(1);
      overflow_isolates = overflow_embeddings = valid_isolates = 0;
    }
  }
  return neutralised;
}

// FriBidi's rule N0 takes time quadratic in the number of bracket pairs that enclose no
// strong character ("()" x 50,000 took seconds). Such a pair changes nothing in N0 ("no
// strong type within the bracket pair: do not set the type"), so its brackets are handed
// to FriBidi as plain neutrals. Pairs are found as BD16 finds them (a stack of 63; on
// overflow, no more pairs), over the whole paragraph.
void drop_empty_bracket_pairs(const std::vector<FriBidiCharType>& types, std::vector<FriBidiBracketType>& brackets) {
  constexpr std::size_t kBracketStack = 63;
  struct Open {
    std::size_t at;
    FriBidiBracketType id;
    std::size_t strong_before;
  };
  std::vector<Open> open;
  std::size_t strong = 0;  // strong types so far (EN and AN count as R in N0)
  for (std::size_t i = 0; i < types.size(); ++i) {
    const FriBidiCharType t = types[i];
    if (t == FRIBIDI_TYPE_LTR || t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL || t == FRIBIDI_TYPE_EN ||
        t == FRIBIDI_TYPE_AN) {
      ++strong;
      continue;
    }
    const FriBidiBracketType b = brackets[i];
    if (b == FRIBIDI_NO_BRACKET) continue;
    const FriBidiBracketType id = FRIBIDI_BRACKET_ID(b);
    if (FRIBIDI_IS_BRACKET_OPEN(b)) {
      if (open.size() == kBracketStack) return;
      open.push_back({i, id, strong});
      continue;
    }
    for (std::size_t k = open.size(); k-- > 0;) {
      if (open[k].id != id) continue;
      if (open[k].strong_before == strong) {
        brackets[open[k].at] = FRIBIDI_NO_BRACKET;
        brackets[i] = FRIBIDI_NO_BRACKET;
      }
      open.resize(k);
      break;
    }
  }
}

// Extended Arabic-Indic digits (U+06F0–06F9, Persian and Urdu) are European numbers (EN)
// to the bidi algorithm, Arabic-Indic ones (U+0660–0669) Arabic numbers (AN). After an
// Arabic letter EN becomes AN (UAX #9 W2), but where no strong character comes before it,
// at the start of a right-to-left paragraph, table cell or list item, it stays EN: a percent
// sign after it joined the number (W5: "۲۵%" on the number's right in a cell, "%۲۵" in text)
// and a range written with a hyphen read left to right (W4: "۵-۱۰" at a cell's start, "۱۰-۵"
// after a word). Such a digit is made AN here: it reads as it does after a letter of its own
// script, as an Arabic-Indic digit does everywhere. One after Latin text (a strong L, or the
// start of a left-to-right paragraph or isolate) stays EN and joins the Latin run (W7).
void arabic_numbers_from_the_start(const std::u32string& text, std::vector<FriBidiCharType>& types, Direction base) {
  // Most text has none (looked for first, by the character: cheaper than the walk below).
  if (std::none_of(text.begin(), text.end(), [](char32_t c) { return c - 0x06F0U < 10U; })) return;
  bool latin = base == Direction::kLtr;  // the last strong type before, or the start's: L
  std::vector<bool> outer;               // `latin` outside each open isolate or embedding
  for (std::size_t i = 0; i < types.size(); ++i) {
    const FriBidiCharType t = types[i];
    if (t == FRIBIDI_TYPE_LTR) {
      latin = true;
    } else if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL) {
      latin = false;
    } else if (t == FRIBIDI_TYPE_EN) {
      if (!latin && is_extended_arabic_indic_digit(text[i])) types[i] = FRIBIDI_TYPE_AN;
    } else if (FRIBIDI_IS_ISOLATE(t) || FRIBIDI_IS_EXPLICIT(t)) {
      if (t == FRIBIDI_TYPE_PDI || t == FRIBIDI_TYPE_PDF) {
        if (!outer.empty()) {
          latin = outer.back();
          outer.pop_back();
        }
      } else {
        outer.push_back(latin);
        // An isolate or embedding starts with its own direction (an FSI's is its first strong
        // character's: taken as the text around it).
        if (t == FRIBIDI_TYPE_LRI || t == FRIBIDI_TYPE_LRE || t == FRIBIDI_TYPE_LRO) latin = true;
        if (t == FRIBIDI_TYPE_RLI || t == FRIBIDI_TYPE_RLE || t == FRIBIDI_TYPE_RLO) latin = false;
      }
    }
  }
}

}  // namespace

std::vector<std::uint8_t> bidi_levels(const std::u32string& text, Direction base, std::size_t* neutralised) {
  const auto n = static_cast<FriBidiStrIndex>(text.size());
  std::vector<std::uint8_t> levels(text.size(), base == Direction::kRtl ? 1 : 0);
  if (neutralised) *neutralised = 0;
  if (n == 0) return levels;
  std::vector<FriBidiCharType> types(text.size());
  const auto* chars = reinterpret_cast<const FriBidiChar*>(text.data());
  fribidi_get_bidi_types(chars, n, types.data());
  // A left-to-right paragraph with nothing right-to-left in it (no R, AL or AN, no
  // explicit embedding, override or isolate) is level 0 throughout: every European number
  // follows an L or the start (W7), and rules I1-I2 raise nothing at an even level.
  auto may_raise = [](FriBidiCharType t) {
    return t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL || t == FRIBIDI_TYPE_AN || FRIBIDI_IS_EXPLICIT(t) ||
           FRIBIDI_IS_ISOLATE(t);
  };
  if (base == Direction::kLtr && std::none_of(types.begin(), types.end(), may_raise)) return levels;
  // Likewise a right-to-left paragraph with nothing left-to-right and no number in it (no
  // L, EN or AN, no explicit embedding, override or isolate) is level 1 throughout: with
  // no number, W1-W7 leave only R, AL and neutrals (NSM takes its neighbour's type, ES,
  // ET and CS become ON); N0-N2 resolve every neutral, bracket pairs included, between R
  // (or the paragraph's R start and end) to R; I1-I2 raise nothing at an odd level, and L1
  // sets separators and trailing white space to the paragraph's level 1. A paragraph
  // separator (a newline) is left to FriBidi: after one, FriBidi 1.0.8 sets the neutrals
  // before the last white space to level 0.
  auto may_change = [](FriBidiCharType t) {
    return t == FRIBIDI_TYPE_LTR || t == FRIBIDI_TYPE_EN || t == FRIBIDI_TYPE_AN || t == FRIBIDI_TYPE_BS ||
           FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t);
  };
  if (base == Direction::kRtl && std::none_of(types.begin(), types.end(), may_change)) return levels;
  arabic_numbers_from_the_start(text, types, base);
  std::vector<FriBidiBracketType> brackets(text.size());
  std::vector<FriBidiLevel> lv(text.size());
  fribidi_get_bracket_types(chars, n, types.data(), brackets.data());
  const std::size_t dropped = neutralise_overflow(types, base);
  if (neutralised) *neutralised = dropped;
  drop_empty_bracket_pairs(types, brackets);
  FriBidiParType dir = base == Direction::kRtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
  if (fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), n, &dir, lv.data()) == 0) {
    return levels;  // FriBidi failed (out of memory): every character at the base level
  }
  for (std::size_t i = 0; i < text.size(); ++i) levels[i] = static_cast<std::uint8_t>(lv[i]);
  return levels;
}

namespace {

bool is_mark(hb_unicode_general_category_t gc) {
  return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
         gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
         gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

// Characters that need no glyph: controls, format characters (ZWJ, bidi marks, soft
// hyphen; not the prepended concatenation marks, which are drawn). HarfBuzz hides them;
// they take the font of their neighbour.
[[gnu::always_inline]] inline bool needs_no_glyph(char32_t c, hb_unicode_general_category_t gc) {
  if (gc == HB_UNICODE_GENERAL_CATEGORY_FORMAT) return !is_prepended_concatenation_mark(c);
  return c == '\n' || c == '\t' || gc == HB_UNICODE_GENERAL_CATEGORY_CONTROL || is_default_ignorable(c);
}

std::string chain_name(hb_script_t s) {
  switch (s) {
    case HB_SCRIPT_ARABIC: return "arabic";
    case HB_SCRIPT_LATIN: return "latin";
    default: return "default";
  }
}

// Scripts per code point, with Common and Inherited resolved from their neighbours and
// paired brackets given the script of their opening bracket (as libraqm does).
std::vector<hb_script_t> resolve_scripts(const std::u32string& text) {
  hb_unicode_funcs_t* uf = hb_unicode_funcs_get_default();
  std::vector<hb_script_t> out(text.size(), HB_SCRIPT_COMMON);
  std::vector<std::pair<char32_t, hb_script_t>> open;  // expected closer, script
  hb_script_t current = HB_SCRIPT_COMMON;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    const hb_script_t s = script_of(c);
    if (s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN) {
      const FriBidiBracketType bt = fribidi_get_bracket(c);
      if (FRIBIDI_IS_BRACKET_OPEN(bt)) {
        open.emplace_back(hb_unicode_mirroring(uf, c), current);
      } else if (bt != FRIBIDI_NO_BRACKET) {
        for (std::size_t k = open.size(); k-- > 0;) {
          if (open[k].first == c) {
            current = open[k].second;
            open.resize(k);
            break;
          }
        }
      }
      out[i] = current;
    } else {
      current = s;
      out[i] = s;
    }
  }
  // Leading Common characters take the first real script that follows.
  hb_script_t next = HB_SCRIPT_COMMON;
  for (std::size_t i = text.size(); i-- > 0;) {
    if (out[i] == HB_SCRIPT_COMMON) out[i] = next;
    else next = out[i];
  }
  return out;
}

// A stand-in a character no font of the chains (nor handout's own, Noto Sans Math, missing
// from an odd installation) has is drawn with, when one has it: the minus sign (U+2212, pasted
// from a lab report or a web page) is in neither Noto Sans nor Noto Naskh Arabic and is then
// drawn as the hyphen-minus, which is in every Latin font and reads the same to the bidi
// algorithm (both European separators). 0: none. (shape_uncached looks for the characters
// that have one before it asks.)
char32_t stand_in_for(char32_t c) { return c == 0x2212 ? U'-' : 0; }

// Whether some family of the chains has `c` in the face `st` picks.
bool chains_cover(const FontBook& book, const FontChains& chains, char32_t c, const TextStyle& st) {
  for (const auto& entry : chains.by_script) {
    for (const FamilyFaces& fam : entry.second) {
      if (book.face(fam.pick(st.bold, st.italic, st.em)).covers(c)) return true;
    }
  }
  return false;
}

// "U+10300 OLD ITALIC LETTER A "𐌀"" for diagnostics.
std::string describe(char32_t c) {
  std::string out = codepoint_label(c);
  const std::string name = codepoint_name(c);
  if (!name.empty()) out += " " + name;
  out += " \"";
  append_utf8(out, c);
  out += "\"";
  return out;
}

// The characters no font of the chain covers (`missing`, indices into `text` in order), one
// error for each stretch of them with nothing between but spaces and invisible characters:
// a word pasted in a script no font has ("इंसुलिन", "胰岛素") is one error naming the word, not
// one a letter. A stretch of one character (the same character alone, "😊") is named as it
// was. Characters already in `reported` are not named again.
template <class Tried>
void report_missing(const StyledText& source, const std::u32string& text, const std::vector<std::uint32_t>& missing,
                    const Tried& tried, std::set<char32_t>& reported, DiagSink& sink) {
  auto gap = [&text](std::uint32_t a, std::uint32_t b) {  // only spaces and invisibles in (a, b)
    for (std::uint32_t k = a + 1; k < b; ++k) {
      const auto gc = general_category(text[k]);
      if (gc != HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR && !needs_no_glyph(text[k], gc)) return false;
    }
    return true;
  };
  for (std::size_t a = 0; a < missing.size();) {
    std::size_t b = a + 1;
    while (b < missing.size() && gap(missing[b - 1], missing[b])) ++b;
    std::vector<char32_t> chars;  // distinct, in order
    for (std::size_t k = a; k < b; ++k) {
      const char32_t c = text[missing[k]];
      if (std::find(chars.begin(), chars.end(), c) == chars.end()) chars.push_back(c);
    }
    const char32_t first = text[missing[a]];
    const bool news = std::any_of(chars.begin(), chars.end(), [&](char32_t c) { return !reported.count(c); });
    if (news && chars.size() == 1) {
      sink.error(source.locate_char(first), "character " + describe(first) +
                                                " is not in any font of the fallback chain (tried " + tried(missing[a]) +
                                                "); add a font that has it to the layout's /fonts, or remove the character");
    } else if (news) {
      std::string shown;
      for (std::uint32_t k = missing[a]; k <= missing[b - 1]; ++k) append_utf8(shown, text[k]);
      std::string named;
      constexpr std::size_t kNamed = 3;
      for (std::size_t k = 0; k < chars.size() && k < kNamed; ++k) named += (k ? ", " : "") + describe(chars[k]);
      if (chars.size() > kNamed) named += ", and " + std::to_string(chars.size() - kNamed) + " more";
      sink.error(source.locate_char(first), "the text \"" + shown + "\" has " + std::to_string(chars.size()) +
                                                " characters that are not in any font of the fallback chain (" + named +
                                                "; tried " + tried(missing[a]) +
                                                "); add a font that has them to the layout's /fonts, or remove the text");
    }
    reported.insert(chars.begin(), chars.end());
    a = b;
  }
}

}  // namespace

TextShaper::TextShaper(const FontBook& book, const Hyphenator* hyphenator, ShapeCache* cache)
    : book_(book), hyphenator_(hyphenator), cache_(cache), runs_(cache ? cache : &own_runs_),
      buffer_(hb_buffer_create()) {}

namespace {

// HarfBuzz looks at up to this many characters on each side of a run for context
// (HB_BUFFER_CONTEXT_LENGTH): a cache key must include what of them can matter.
constexpr std::uint32_t kContext = 5;
// The longest run a shaper without a caller's cache keeps (a bullet, a bracket, a number).
constexpr std::uint32_t kOwnRunChars = 8;

// A character that is certainly of Arabic joining type U (non-joining) for HarfBuzz:
// printable ASCII and the no-break space are not in Unicode's ArabicShaping.txt and are
// not marks or format characters, which HarfBuzz would take as transparent (T).
bool joins_nothing(char32_t c) { return (c >= 0x20 && c <= 0x7E) || c == 0xA0; }

// The context HarfBuzz 6 can use, nearest character first, or the whole five characters.
// It reads context in two places only: whether there is any before the run (a dotted
// circle is put before a leading mark only at the text's start), and Arabic joining (for
// every joining script), which steps over transparent characters to the first other one
// and reads its joining type alone. So what lies beyond a non-joining character changes
// nothing, and " (" in one sentence and in another is the same run in the same context.
std::uint32_t context_that_matters(const std::u32string& text, std::uint32_t from, std::uint32_t count,
                                   int step) {
  for (std::uint32_t k = 0; k < count; ++k) {
    if (joins_nothing(text[from + static_cast<std::uint32_t>(step * static_cast<int>(k))])) return k + 1;
  }
  return count;
}

std::u32string cache_key(const std::u32string& text, Range chars, FontId font, bool rtl,
                         hb_script_t script, hb_language_t lang) {
  std::u32string key;
  std::uint32_t pre = std::min(chars.begin, kContext);
  std::uint32_t post = std::min<std::uint32_t>(static_cast<std::uint32_t>(text.size()) - chars.end, kContext);
  if (pre > 0) pre = context_that_matters(text, chars.begin - 1, pre, -1);
  if (post > 0) post = context_that_matters(text, chars.end, post, 1);
  key.reserve(chars.size() + pre + post + 8);
  const auto lang_bits = reinterpret_cast<std::uintptr_t>(lang);
  key.push_back(font);
  key.push_back(rtl ? 1 : 0);
  key.push_back(static_cast<char32_t>(script));
  key.push_back(static_cast<char32_t>(lang_bits & 0xFFFFFFFFu));
  key.push_back(static_cast<char32_t>((static_cast<std::uint64_t>(lang_bits) >> 32) & 0xFFFFFFFFu));
  key.push_back(pre);
  key.push_back(post);
  key.append(text, chars.begin - pre, chars.size() + pre + post);
  return key;
}

}  // namespace

void TextShaper::shape_into(const std::u32string& text, Range chars, FontId font, Pt size,
                            bool rtl, hb_script_t script, const std::string& lang,
                            std::vector<ShapedGlyph>& out) {
  const FontFace& face = book_.face(font);
  const hb_language_t language = hb_language_from_string(lang.c_str(), -1);
  // (Font units; a mark stacked on marks is raised or lowered past it.)
  const auto far = static_cast<std::uint32_t>(kMarksLookAt * face.upem);
  auto emit = [&](const std::vector<CachedGlyph>& glyphs) {
    out.reserve(out.size() + glyphs.size());
    bool raised = false;
    for (const auto& c : glyphs) {
      raised |= static_cast<std::uint32_t>(c.y_offset) + far > 2 * far;  // |y_offset| > far
      ShapedGlyph g;
      g.gid = c.gid;
      g.cluster = chars.begin + c.cluster_offset;
      g.x_advance = to_pt(FontUnits(c.x_advance), size, face.upem);
      g.x_offset = to_pt(FontUnits(c.x_offset), size, face.upem);
      g.y_offset = to_pt(FontUnits(c.y_offset), size, face.upem);
      g.unsafe_to_break = c.unsafe_to_break;
      out.push_back(g);
    }
    raised_far_ |= raised;
  };
  // A caller's cache keeps every run; the shaper's own keeps short ones, which are what
  // one document repeats (longer ones would cost more to key than they give back).
  const bool keep = cache_ || chars.size() <= kOwnRunChars;
  std::u32string key;
  if (keep) {
    key = cache_key(text, chars, font, rtl, script, language);
    if (const auto* hit = runs_->find(key)) {
      emit(*hit);
      return;
    }
  }

  hb_buffer_t* buf = buffer_.get();
  hb_buffer_clear_contents(buf);
  hb_buffer_add_utf32(buf, reinterpret_cast<const std::uint32_t*>(text.data()),
                      static_cast<int>(text.size()), chars.begin, static_cast<int>(chars.size()));
  hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
  hb_buffer_set_script(buf, script);
  hb_buffer_set_language(buf, language);
  // One cluster per character, so that marks keep their own text in the PDF's ToUnicode.
  hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
  // Bidi controls and other default-ignorables leave no glyph (and so no stray text).
  unsigned flags = HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES;
  if (chars.begin == 0) flags |= HB_BUFFER_FLAG_BOT;
  if (chars.end == text.size()) flags |= HB_BUFFER_FLAG_EOT;
  hb_buffer_set_flags(buf, static_cast<hb_buffer_flags_t>(flags));
  if (ahead_) ahead_->before_first_shape();
  hb_shape(face.shaping_font.get(), buf, nullptr, 0);
  ++harfbuzz_calls_;

  unsigned n = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
  const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);
  std::vector<CachedGlyph> glyphs(n);
  bool notdef = false;
  for (unsigned i = 0; i < n; ++i) {
    glyphs[i] = CachedGlyph{info[i].codepoint, info[i].cluster - chars.begin, pos[i].x_advance,
                            pos[i].x_offset, pos[i].y_offset,
                            (hb_glyph_info_get_glyph_flags(&info[i]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) != 0};
    notdef |= info[i].codepoint == 0;
  }
  emit(glyphs);
  // A run with an empty box is counted (shape_uncached names its character), never kept:
  // shaped again, it is counted again.
  if (notdef) ++notdef_runs_;
  else if (keep) runs_->store(std::move(key), std::move(glyphs));
}

std::vector<ShapedGlyph> TextShaper::reshape(const ShapedParagraph& para, const ShapedRun& run,
                                             Range chars) {
  return shape_in_run(para, run, para.source.glyph_text(), chars);
}

std::vector<ShapedGlyph> TextShaper::shape_in_run(const ShapedParagraph& para, const ShapedRun& run,
                                                  const std::u32string& text, Range chars) {
  std::vector<ShapedGlyph> out;
  const TextStyle& st = para.source.styles[run.style];
  shape_into(text, chars, run.font, run.size, run.rtl(), run.script, st.lang.empty() ? para.source.lang : st.lang,
             out);
  return out;
}

std::vector<ShapedGlyph> TextShaper::shape_string(std::u32string_view s, FontId font, Pt size,
                                                  Direction dir, const std::string& lang) {
  hb_script_t script = HB_SCRIPT_COMMON;  // the first character's that has one
  for (char32_t c : s) {
    const hb_script_t sc = script_of(c);
    if (sc != HB_SCRIPT_COMMON && sc != HB_SCRIPT_INHERITED) { script = sc; break; }
  }
  return shape_string(s, font, size, dir, lang, script);
}

std::vector<ShapedGlyph> TextShaper::shape_string(std::u32string_view s, FontId font, Pt size, Direction dir,
                                                  const std::string& lang, hb_script_t script) {
  std::vector<ShapedGlyph> out;
  const std::u32string text(s);
  shape_into(text, Range{0, static_cast<std::uint32_t>(text.size())}, font, size, dir == Direction::kRtl, script,
             lang, out);
  return out;
}

namespace {

// Everything a paragraph's shaping depends on, as bytes: its text and styles, direction,
// language, hyphenation folder and the font chains (as font ids and scales).
std::string paragraph_key(const StyledText& t, const FontChains& chains) {
  std::string k;
  auto put = [&k](const void* data, std::size_t n) { k.append(static_cast<const char*>(data), n); };
  auto put_str = [&](const std::string& s) {
    const std::size_t n = s.size();
    put(&n, sizeof n);
    k += s;
  };
  const std::size_t n = t.text.size();
  put(&n, sizeof n);
  put(t.text.data(), n * sizeof(char32_t));
  const std::u32string& shown = t.glyph_text();
  if (&shown != &t.text) put(shown.data(), n * sizeof(char32_t));
  put(t.style_of.data(), t.style_of.size() * sizeof(std::uint16_t));
  for (const TextStyle& st : t.styles) {
    const double size = st.size.value();
    put(&size, sizeof size);
    const char flags[5] = {st.bold ? '1' : '0', st.italic ? '1' : '0', static_cast<char>(st.role), st.strong ? '1' : '0',
                           st.em ? '1' : '0'};
    put(flags, sizeof flags);
    put(&st.color, sizeof st.color);
    put_str(st.lang);
    put_str(st.href);
  }
  k += t.base == Direction::kRtl ? 'R' : 'L';
  put_str(t.lang);
  put_str(t.hyphenation_dir);
  put_str(t.hyphen_exceptions ? t.hyphen_exceptions->key : std::string());
  for (const auto& [script, families] : chains.by_script) {
    put_str(script);
    for (const auto& f : families) {
      put(f.ids.data(), sizeof(FontId) * f.ids.size());
      put(&f.scale, sizeof f.scale);
    }
  }
  return k;
}

// What the cache's copy of `p` takes on the heap (made by std::make_shared): every member's
// storage, not only the glyphs and per-character arrays (a small paragraph's other members
// and allocations took as much again).
std::size_t paragraph_bytes(const ShapedParagraph& p) {
  const StyledText& t = p.source;
  std::size_t b = shared_block<ShapedParagraph>() + heap_bytes(t.text) + heap_bytes(t.shown) + heap_bytes(t.styles) +
                  heap_bytes(t.style_of) + heap_bytes(t.lang) + heap_bytes(t.pointer) + heap_bytes(t.origins) +
                  heap_bytes(t.hyphenation_dir);
  for (const TextStyle& st : t.styles) b += heap_bytes(st.lang) + heap_bytes(st.href);
  for (const TextOrigin& o : t.origins) b += heap_bytes(o.pointer) + heap_bytes(o.text);
  b += heap_bytes(p.levels) + heap_bytes(p.scripts) + heap_bytes(p.runs) + heap_bytes(p.advance) + heap_bytes(p.breaks) +
       heap_bytes(p.unhyphenated) + heap_bytes(p.links);
  for (const ShapedRun& r : p.runs) b += heap_bytes(r.glyphs);
  return b;
}

}  // namespace

void normalise_shown(StyledText& text) {
  if (text.shown.size() > text.text.size()) text.shown.resize(text.text.size());
  if (text.shown.size() < text.text.size()) text.shown.clear();
}

std::string shaping_key(const StyledText& text, const FontChains& chains) { return paragraph_key(text, chains); }

std::optional<ShapedParagraph> TextShaper::shape(StyledText styled, const FontChains& chains,
                                                 DiagSink& sink) {
  if (ahead_ && ahead_->active()) {
    // shape_uncached's first step, done first so that the key is of what it would shape.
    normalise_shown(styled);
    std::string key = paragraph_key(styled, chains);
    // A text the cache holds is taken from it, as without shaping ahead.
    if (cache_ && cache_->find_paragraph(key)) return shape_in(*cache_, std::move(styled), chains, sink, std::move(key));
    if (auto hit = ahead_->take(key)) {
      ShapedParagraph p = std::move(*hit);
      p.source = std::move(styled);  // the same in all that shaping read; this one's locations
      if (cache_) {
        auto kept = std::make_shared<const ShapedParagraph>(p);
        p.origin = kept;
        const std::size_t bytes = paragraph_bytes(*kept);
        cache_->store_paragraph(std::move(key), CachedParagraph{std::move(kept), {}}, bytes);
      }
      return p;
    }
  }
  if (!cache_) return shape_uncached(std::move(styled), chains, sink);
  return shape_in(*cache_, std::move(styled), chains, sink);
}

std::optional<ShapedParagraph> TextShaper::shape_kept(StyledText styled, const FontChains& chains,
                                                      DiagSink& sink) {
  return shape_in(*runs_, std::move(styled), chains, sink);
}

std::optional<ShapedParagraph> TextShaper::shape_in(ShapeCache& store, StyledText styled, const FontChains& chains,
                                                    DiagSink& sink, std::optional<std::string> known_key) {
  std::string key = known_key ? std::move(*known_key) : paragraph_key(styled, chains);
  if (const CachedParagraph* hit = store.find_paragraph(key)) {
    ShapedParagraph p = *hit->paragraph;
    p.origin = hit->paragraph;
    p.source.source = styled.source;
    p.source.pointer = std::move(styled.pointer);
    for (const auto& w : hit->warnings) sink.warning(p.source.locate(), w);
    return p;
  }
  DiagSink local;
  auto p = shape_uncached(std::move(styled), chains, local);
  std::vector<std::string> warnings;
  for (const auto& d : local.all()) {
    if (d.severity == Severity::kWarning) warnings.push_back(d.message);
    sink.add(d);
  }
  if (p && !local.has_errors()) {
    auto kept = std::make_shared<const ShapedParagraph>(*p);
    p->origin = kept;
    const std::size_t bytes = paragraph_bytes(*kept);
    store.store_paragraph(std::move(key), CachedParagraph{std::move(kept), std::move(warnings)}, bytes);
  }
  return p;
}

void TextShaper::warn_stacked_marks(const ShapedParagraph& p, DiagSink& sink) const {
  // Only a glyph raised or lowered far (a mark on a mark on a mark...) is looked at.
  constexpr double kAbove = 1.5;    // how far ink may rise above the baseline, in sizes
  constexpr double kBelow = 1.0;    // and reach below it
  for (const ShapedRun& run : p.runs) {
    const double size = run.size.value();
    for (const ShapedGlyph& g : run.glyphs) {
      const double y = g.y_offset.value();
      if (y < kMarksLookAt * size && y > -kMarksLookAt * size) continue;
      const FontFace& face = book_.face(run.font);
      const FontFace::Ink ink = face.glyph_ink(g.gid);
      if (ink.empty()) continue;
      const double scale = size / face.upem;
      const double top = y + ink.top * scale, bottom = y + ink.bottom * scale;
      const bool up = top > kAbove * size;
      if (!up && bottom >= -kBelow * size) continue;
      // The letter the marks are stacked on: the cluster's first character that is no mark.
      const std::u32string& text = p.source.text;
      std::uint32_t base = std::min<std::uint32_t>(g.cluster, static_cast<std::uint32_t>(text.size()) - 1);
      while (base > 0 && is_mark(general_category(text[base]))) --base;
      std::uint32_t marks = 0;
      for (std::uint32_t k = base + 1; k < text.size() && is_mark(general_category(text[k])); ++k) ++marks;
      std::string letter;
      append_utf8(letter, text[base]);
      sink.warning(p.source.locate(),
                   "\"" + letter + "\" with " + std::to_string(marks) + " combining mark" + (marks == 1 ? "" : "s") +
                       " stacked on it reaches " + mm_text(Pt(up ? top : -bottom), 1) + " mm " +
                       (up ? "above" : "below") + " its baseline, far past its line's room: it prints over the text " +
                       (up ? "above" : "below") + " it, or opens a gap in its paragraph; remove the marks that are not "
                       "meant to be there");
      return;  // once a paragraph
    }
  }
}

std::optional<ShapedParagraph> TextShaper::shape_uncached(StyledText styled, const FontChains& chains,
                                                          DiagSink& sink) {
  // A render's deadline (core/cancel.h): asked between the passes over the text below (each
  // over at most --max-text characters) and before each run is shaped.
  CancelScope* const cancel = CancelScope::current();
  ShapedParagraph p;
  p.source = std::move(styled);
  normalise_shown(p.source);
  // Characters drawn with a stand-in (stand_in_for) are shown as it; the text layer keeps
  // them as written. Most text has none: looked for first.
  if (const std::u32string& as_shown = p.source.glyph_text(); as_shown.find(U'\u2212') != std::u32string::npos) {
    bool reported_stand_in = false;
    for (std::size_t i = 0; i < as_shown.size(); ++i) {
      const char32_t stand_in = stand_in_for(as_shown[i]);
      if (!stand_in) continue;
      const TextStyle& st = p.source.styles[p.source.style_of[i]];
      if (chains_cover(book_, chains, as_shown[i], st) || !chains_cover(book_, chains, stand_in, st) ||
          (chains.last_resort && chains.last_resort->find(as_shown[i]))) {
        continue;
      }
      if (p.source.shown.size() != p.source.text.size()) p.source.shown = p.source.text;
      if (!reported_stand_in) {
        reported_stand_in = true;
        sink.warning(p.source.locate_char(p.source.text[i]),
                     "character " + describe(p.source.text[i]) + " is in no font of the layout; drawn as " +
                         describe(stand_in) + ", and copied and read aloud as written");
      }
      p.source.shown[i] = stand_in;
    }
  }
  const std::u32string& text = p.source.text;
  const std::u32string& glyphs_of = p.source.glyph_text();
  const std::size_t n = text.size();
  std::size_t overflow_controls = 0;
  // Levels of the text as shown: a Western digit shown Arabic-Indic is an Arabic number
  // (class AN) wherever it stands, as the reader sees it. As written, one with no Arabic
  // letter before it (a table cell's "25%" or "-12.5%", a list item's first number) was a
  // European number, which takes a percent sign after it into the number: "٢٥%" in a cell
  // beside "%٢٥" in a paragraph, and "١٢٫٥%-" with its sign and percent read first.
  p.levels = bidi_levels(glyphs_of, p.source.base, &overflow_controls);
  if (overflow_controls > 0) {
    sink.warning(p.source.locate(), std::to_string(overflow_controls) +
                                        " bidi control character(s) would nest deeper than 125 levels, the most "
                                        "Unicode allows (UAX #9); they are ignored");
  }
  // Phone numbers, quantities and links: read left to right in right-to-left text, kept
  // unbroken (or broken only at their own punctuation), never hyphenated.
  if (cancel) cancel->check();
  const std::vector<TogetherSpan> together = find_together(text);
  if (cancel) cancel->check();
  isolate_ltr_spans(together, p.levels, glyphs_of);
  for (const TogetherSpan& s : together) {
    p.unhyphenated.push_back(s.chars);
    if (s.kind == TogetherKind::kLink) p.links.push_back(s.chars);
  }
  p.scripts = resolve_scripts(text);
  if (cancel) cancel->check();
  // One number, one font and size: the digits of a quantity or phone number take the script
  // of its first digit ("500 mg–1 g" in Arabic text set its "1", after the Latin unit, in the
  // Latin font at 1.0× beside a "500" in Naskh at 1.1×).
  for (const TogetherSpan& s : together) {
    if (s.kind == TogetherKind::kLink) continue;
    std::optional<hb_script_t> first;
    for (std::uint32_t k = s.chars.begin; k < s.chars.end && k < n; ++k) {
      if (general_category(text[k]) != HB_UNICODE_GENERAL_CATEGORY_DECIMAL_NUMBER) continue;
      if (!first) first = p.scripts[k];
      p.scripts[k] = *first;
    }
  }
  // A fraction written with U+2044 FRACTION SLASH ("1⁄2", "3⁄4") is drawn as one fraction
  // (HarfBuzz sets the digits before the slash as numerators and those after it as
  // denominators) only when its digits and its slash are one run in one font. In Arabic text
  // the digits took Noto Naskh and the slash, which Naskh lacks, the Latin font: "1⁄2" was
  // drawn as "١", a slash of almost no advance over it, then "٢", and read as ٧٢. Likewise a
  // whole number and a vulgar fraction ("1½"): "1" in Naskh and "½" in the Latin font were
  // two stretches to poppler, which read "½1". The digits and the slash or fraction take the
  // Latin script (one run), whose font has them.
  // (Western digits as shown: the Latin font has no Arabic-Indic ones.)
  auto western = [&glyphs_of](std::size_t k) { return glyphs_of[k] >= U'0' && glyphs_of[k] <= U'9'; };
  for (std::size_t k = 1; k < n; ++k) {
    const bool slash = glyphs_of[k] == 0x2044 && k + 1 < n && western(k + 1);
    if (!(slash || is_vulgar_fraction(glyphs_of[k])) || !western(k - 1)) continue;
    p.scripts[k] = HB_SCRIPT_LATIN;
    for (std::size_t a = k; a > 0 && western(a - 1); --a) p.scripts[a - 1] = HB_SCRIPT_LATIN;
    for (std::size_t b = k + 1; slash && b < n && western(b); ++b) p.scripts[b] = HB_SCRIPT_LATIN;
  }
  const std::vector<hb_script_t>& scripts = p.scripts;

  // Font per code point: along the chain of its script, the first family whose face
  // covers it. Marks, format characters and neutrals stay with the previous font when
  // it covers them, so that a run is not split for a space or a comma.
  std::vector<FontId> fonts(n, 0);
  std::vector<double> scales(n, 1.0);
  std::vector<bool> unresolved(n, false);
  bool ok = true;
  std::set<char32_t> reported;  // each missing or substituted character is reported once
  std::vector<std::uint32_t> missing;  // the characters no font covers, by index
  // The chains looked up once, not per character (a map keyed by name).
  const auto& arabic_chain = chains.chain(chain_name(HB_SCRIPT_ARABIC));
  const auto& latin_chain = chains.chain(chain_name(HB_SCRIPT_LATIN));
  const auto& default_chain = chains.chain("default");
  auto chain_of = [&](hb_script_t s) -> const std::vector<FamilyFaces>& {
    return s == HB_SCRIPT_ARABIC ? arabic_chain : s == HB_SCRIPT_LATIN ? latin_chain : default_chain;
  };
  const LastResortFonts* last_resort = chains.last_resort;
  bool rescued = false;  // some character is set in one of handout's own fonts
  for (std::size_t i = 0; i < n; ++i) {
    const char32_t c = glyphs_of[i];
    const TextStyle& st = p.source.styles[p.source.style_of[i]];
    const auto gc = general_category(c);
    // (Levels are read next when the runs are made, below.)
    if (gc == HB_UNICODE_GENERAL_CATEGORY_OTHER_SYMBOL) attach_word_symbol(text, p.levels, i);
    if (needs_no_glyph(c, gc)) {
      if (i > 0) {
        fonts[i] = fonts[i - 1];
        scales[i] = scales[i - 1];
      } else {
        unresolved[i] = true;
      }
      continue;
    }
    // (By the character as written: a Western digit shown as an Arabic-Indic one is
    // still a neutral digit.)
    const bool neutral = is_mark(gc) || script_of(text[i]) == HB_SCRIPT_COMMON ||
                         script_of(text[i]) == HB_SCRIPT_INHERITED;
    // Digits are the exception: they take the font of their script (as resolved from the
    // neighbouring letters), never the previous character's, so one number (and every
    // number of a paragraph in one script) is set in one font and size ("15–20" after a
    // dash from a fallback font).
    const bool digit = gc == HB_UNICODE_GENERAL_CATEGORY_DECIMAL_NUMBER;
    // (Not after a character set in one of handout's own fonts, which has only symbols of
    // its own: "≥ 38" keeps its space in the text's font.)
    if (neutral && !digit && i > 0 && !unresolved[i - 1] && p.source.style_of[i] == p.source.style_of[i - 1] &&
        !(rescued && last_resort->has(fonts[i - 1])) && book_.face(fonts[i - 1]).covers(c)) {
      fonts[i] = fonts[i - 1];
      scales[i] = scales[i - 1];
      continue;
    }
    // Along the chain of the character's script, then the default chain.
    const auto& script_chain = chain_of(scripts[i]);
    const FamilyFaces* chosen = nullptr;
    for (const auto* chain : {&script_chain, &default_chain}) {
      for (const FamilyFaces& fam : *chain) {
        if (book_.face(fam.pick(st.bold, st.italic, st.em)).covers(c)) {
          chosen = &fam;
          break;
        }
      }
      if (chosen) break;
    }
    // Then handout's own fonts, for what no font of the layout has (opened only now).
    if (!chosen && last_resort) {
      chosen = last_resort->find(c);
      rescued = rescued || chosen;
    }
    if (chosen) {
      fonts[i] = chosen->pick(st.bold, st.italic, st.em);
      scales[i] = chosen->scale;
      // A letter of the chain's own script that its first font lacks is worth a warning
      // (a neutral such as "(" taken from the next font is how chains are meant to work).
      if (!neutral && chosen != &script_chain.front() && reported.insert(c).second) {
        sink.warning(p.source.locate_char(c), "character " + describe(c) + " is not in " +
                                            script_chain.front().name + "; set in " + chosen->name +
                                            " from the fallback chain");
      }
      continue;
    }
    missing.push_back(static_cast<std::uint32_t>(i));
    ok = false;
  }
  if (!ok) {
    report_missing(p.source, glyphs_of, missing, [&](std::uint32_t i) -> std::string {
      std::string tried;
      for (const auto* chain : {&chain_of(scripts[i]), &default_chain}) {
        for (const FamilyFaces& fam : *chain) {
          if (tried.find(fam.name) != std::string::npos) continue;
          if (!tried.empty()) tried += ", ";
          tried += fam.name;
        }
      }
      if (last_resort) {
        const std::vector<std::string> own = last_resort->names();
        for (std::size_t k = 0; k < own.size(); ++k) {
          tried += k == 0 ? "; then handout's own " : k + 1 == own.size() ? " and " : ", ";
          tried += own[k];
        }
      }
      return tried;
    }, reported, sink);
    return std::nullopt;
  }
  for (std::size_t i = n; i-- > 0;) {  // leading format characters take the next font
    if (unresolved[i] && i + 1 < n) {
      fonts[i] = fonts[i + 1];
      scales[i] = scales[i + 1];
    }
  }

  // Runs: split wherever level, script, font or style changes.
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && p.levels[j] == p.levels[i] && scripts[j] == scripts[i] && fonts[j] == fonts[i] &&
           scales[j] == scales[i] && p.source.style_of[j] == p.source.style_of[i]) {
      ++j;
    }
    ShapedRun run;
    run.chars = Range{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)};
    run.font = fonts[i];
    run.style = p.source.style_of[i];
    run.level = p.levels[i];
    run.script = scripts[i];
    run.size = p.source.styles[run.style].size * scales[i];
    p.runs.push_back(std::move(run));
    i = j;
  }

  p.advance.assign(n, Pt(0));
  const std::size_t notdef_before = notdef_runs_;
  raised_far_ = false;
  for (ShapedRun& run : p.runs) {
    // (One run is shaped by HarfBuzz in one call, which nothing stops: a block's text is
    // at most --max-text characters, 100,000 by default, a tenth of a second.)
    if (cancel) cancel->check();
    const TextStyle& st = p.source.styles[run.style];
    shape_into(glyphs_of, run.chars, run.font, run.size, run.rtl(), run.script,
               st.lang.empty() ? p.source.lang : st.lang, run.glyphs);
    for (const ShapedGlyph& g : run.glyphs) p.advance[g.cluster] += g.x_advance;
  }
  if (raised_far_) warn_stacked_marks(p, sink);
  // A character the chosen font covers is never drawn as its empty box (.notdef): should
  // HarfBuzz give one all the same, the character is named, as one no font covers is.
  if (notdef_runs_ != notdef_before) {
    std::set<char32_t> boxed;
    for (const ShapedRun& run : p.runs) {
      const FontFace& face = book_.face(run.font);
      for (const ShapedGlyph& g : run.glyphs) {
        if (g.gid != 0) continue;
        std::uint32_t at = g.cluster;
        for (std::uint32_t k = g.cluster; k < run.chars.end; ++k) {
          const char32_t c = glyphs_of[k];
          if (!needs_no_glyph(c, general_category(c)) && !face.covers(c)) {
            at = k;
            break;
          }
        }
        const char32_t c = glyphs_of[at];
        if (!boxed.insert(c).second) continue;
        sink.error(p.source.locate_char(c), "character " + describe(c) + " has no glyph in " + face.family +
                                                " and would print as an empty box; add a font that has it to the "
                                                "layout's /fonts, or remove the character");
      }
    }
    return std::nullopt;
  }

  // Break opportunities (UAX #14), then hyphenation points inside long words.
  std::vector<char> brks(n);
  if (n > 0) {
    if (cancel) cancel->check();
    uax14_breaks(text.data(), n, p.source.lang.c_str(), brks.data());
  }
  p.breaks.resize(n);
  for (std::size_t i = 0; i < n; ++i) p.breaks[i] = static_cast<BreakKind>(brks[i]);
  // Tailoring of UAX #14: an em dash between words never starts a line ("cells—known"
  // may break after the dash, not before it).
  for (std::size_t i = 1; i < n; ++i) {
    if ((text[i] == 0x2014 || text[i] == 0x2015) && text[i - 1] != U' ' && p.breaks[i - 1] == BreakKind::kAllow) {
      p.breaks[i - 1] = BreakKind::kNone;
    }
  }
  tailor_breaks(text, together, p.breaks);
  return p;
}

bool TextShaper::hyphenate(ShapedParagraph& p) const {
  if (p.hyphenated || !hyphenator_ || p.source.hyphenation_dir.empty()) return false;
  p.hyphenated = true;
  const std::u32string& text = p.source.text;
  const std::size_t n = text.size();
  const std::vector<hb_script_t>& scripts = p.scripts;
  bool any = false;
  auto latin_letter = [&](std::size_t k) {
    const auto gc = general_category(text[k]);
    return scripts[k] == HB_SCRIPT_LATIN && (gc == HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER ||
                                             gc == HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER);
  };
  // Phone numbers, quantities and links are never hyphenated.
  std::vector<bool> kept(n, false);
  for (const Range& r : p.unhyphenated) {
    for (std::uint32_t k = r.begin; k < r.end && k < n; ++k) kept[k] = true;
  }
  const HyphenExceptions* exceptions = p.source.hyphen_exceptions.get();
  CancelScope* const cancel = CancelScope::current();  // a render's deadline, per word
  std::size_t i = 0;
  while (i < n) {
    if (!latin_letter(i)) {
      ++i;
      continue;
    }
    if (cancel) cancel->tick();
    std::size_t j = i;
    while (j < n && latin_letter(j)) ++j;
    const std::u32string word = text.substr(i, j - i);
    bool skip = false;
    for (std::size_t k = i; k < j; ++k) skip = skip || kept[k];
    std::vector<std::size_t> points;
    const std::vector<std::size_t>* listed = nullptr;
    if (exceptions && !skip) {
      std::u32string key;
      for (char32_t c : word) key.push_back(latin_lower(c));
      if (auto it = exceptions->words.find(key); it != exceptions->words.end()) listed = &it->second;
    }
    if (listed) {
      points = *listed;
    } else if (!skip) {
      const TextStyle& st = p.source.styles[p.source.style_of[i]];
      points = hyphenator_->points(word, st.lang.empty() ? p.source.lang : st.lang, p.source.hyphenation_dir);
    }
    // Capitalised words (names of people, places and medicines) are not hyphenated unless
    // the article's hyphenation list says where; their dictionary points serve only a name
    // wider than its line (a narrow table column), where a hyphen reads better than a break
    // between letters ("Ibupro-|fen", not "Ibup|rofen").
    const BreakKind kind = listed || general_category(text[i]) != HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER
                               ? BreakKind::kHyphen
                               : BreakKind::kHyphenLastResort;
    for (std::size_t k : points) {
      if (k > 0 && k < word.size() && p.breaks[i + k - 1] == BreakKind::kNone) {
        p.breaks[i + k - 1] = kind;
        any = true;
      }
    }
    i = j;
  }
  return any;
}

}  // namespace handout
