#include "para/kashida.h"

#include <fribidi.h>
#include <hb.h>

namespace handout {

// Where Arabic typesetters stretch a word. W3C's "Text Layout Requirements for the Arabic
// Script" (alreq, section "Justification", "Kashida") asks for: stretching only between
// letters that really join, at the joins typographers prefer rather than at every join,
// preferably once per word, and never so much or so often that the text's colour goes
// uneven. It leaves the preferred joins to the typographer; the order used here is the
// one Microsoft published for its Arabic justification (and Word and LibreOffice follow),
// from best to worst:
//   1. after a tatweel the author already typed;
//   2. after an initial or medial seen or sad (and their relatives sheen, dad);
//   3. before a final heh, teh marbuta, dal or thal;
//   4. before a final alef (but never inside lam-alef), tah, zah, lam, kaf or gaf;
//   5. before a medial beh-like letter that is followed by a final reh, zain or yeh
//      (the beh-reh and beh-yeh pairs);
//   6. before a final waw, ain, ghain, qaf or feh;
//   7. before any other final letter.
// Joins between two medial letters (other than after seen and sad) are never stretched,
// nor lam-alef, nor the lam-lam-heh of "Allah" (one ligature in Naskh), nor anything next
// to a letter that does not join (alef, dal, reh, waw... on their left side), nor
// anything outside an Arabic word (Latin, digits, punctuation).

namespace {

bool is_arabic_letter(char32_t c) {
  if (c == 0x0640) return true;  // tatweel (script Common, but part of the word)
  if (!((c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) || c == 0x06D5 ||
        (c >= 0x06FA && c <= 0x06FC) || c == 0x06FF || (c >= 0x0750 && c <= 0x077F) ||
        (c >= 0x08A0 && c <= 0x08C9))) {
    return false;
  }
  const auto gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
  return gc == HB_UNICODE_GENERAL_CATEGORY_OTHER_LETTER;
}

bool is_mark(char32_t c) {
  const auto gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
  return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
         gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
         gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

FriBidiJoiningType joining(char32_t c) { return fribidi_get_joining_type(c); }
// Joins to the letter after it (on its left, in right-to-left text).
bool joins_next(char32_t c) {
  const auto j = joining(c);
  return j == FRIBIDI_JOINING_TYPE_D || j == FRIBIDI_JOINING_TYPE_C;
}
// Joins to the letter before it (on its right).
bool joins_prev(char32_t c) {
  const auto j = joining(c);
  return j == FRIBIDI_JOINING_TYPE_D || j == FRIBIDI_JOINING_TYPE_R || j == FRIBIDI_JOINING_TYPE_C;
}

bool any_of(char32_t c, std::u32string_view set) { return set.find(c) != std::u32string_view::npos; }

const std::u32string_view kSeenSad = U"\u0633\u0634\u0635\u0636\u069A\u069B\u069C\u069D\u069E\u06FA\u06FB";
const std::u32string_view kHehDal = U"\u0647\u0629\u062F\u0630\u06C0\u06C1\u06C3\u06D5\u0688\u0689\u068A\u068B\u068C\u068D\u068E\u068F\u0690";
const std::u32string_view kAlef = U"\u0627\u0622\u0623\u0625\u0671\u0672\u0673\u0675";
const std::u32string_view kTahLamKaf = U"\u0637\u0638\u0644\u0643\u06A9\u06AF\u06AA\u06AB\u06AC\u06AD\u06AE\u06B0\u06B1\u06B2\u06B3\u06B4\u06B5\u06B6\u06B7\u06B8";
const std::u32string_view kLam = U"\u0644\u06B5\u06B6\u06B7\u06B8";
const std::u32string_view kHeh = U"\u0647";
const std::u32string_view kBeh = U"\u0628\u062A\u062B\u0646\u064A\u0626\u067E\u06CC\u0679\u067B\u067C\u067D\u067F\u0680\u06BA\u06BB\u06BC\u06BD\u06CD\u06D0\u06D1";
const std::u32string_view kRehYeh = U"\u0631\u0632\u064A\u0649\u0698\u06CC\u0626\u06D2\u0691\u0692\u0693\u0694\u0695\u0696\u0697\u0699";
const std::u32string_view kWawAinQafFeh = U"\u0648\u0624\u0639\u063A\u0642\u0641\u06C4\u06C5\u06C6\u06C7\u06C8\u06C9\u06CA\u06CB\u06CF\u06A1\u06A2\u06A3\u06A4\u06A5\u06A6\u06A7\u06A8";

// Points of one word: `letters` are the indices of its letters (marks skipped).
void word_points(std::u32string_view text, const std::vector<std::uint32_t>& letters,
                 std::vector<KashidaPoint>& out) {
  const std::size_t n = letters.size();
  // Whether letter k is in its final form: joined to the previous one and not to the next.
  auto final_form = [&](std::size_t k) {
    const char32_t c = text[letters[k]];
    return k + 1 == n || !joins_next(c) || !joins_prev(text[letters[k + 1]]);
  };
  for (std::size_t k = 0; k + 1 < n; ++k) {
    const char32_t x = text[letters[k]];
    const char32_t y = text[letters[k + 1]];
    if (!joins_next(x) || !joins_prev(y)) continue;  // no join here: nothing to stretch
    if (y == 0x0640) continue;                      // the point after that tatweel is better
    // Ligatures a stretch would tear apart: lam-alef, and the lam-lam-heh of "Allah".
    if (any_of(x, kLam) && any_of(y, kAlef)) continue;
    if (any_of(x, kLam) && any_of(y, kLam)) continue;
    if (any_of(x, kLam) && any_of(y, kHeh) && k > 0 && any_of(text[letters[k - 1]], kLam)) continue;
    const bool y_final = final_form(k + 1);
    int priority = 0;
    if (x == 0x0640) {
      priority = 1;
    } else if (any_of(x, kSeenSad)) {
      priority = 2;
    } else if (y_final && any_of(y, kHehDal)) {
      priority = 3;
    } else if (y_final && (any_of(y, kAlef) || any_of(y, kTahLamKaf))) {
      priority = 4;
    } else if (!y_final && any_of(y, kBeh) && k + 2 < n && any_of(text[letters[k + 2]], kRehYeh) &&
               final_form(k + 2)) {
      priority = 5;
    } else if (y_final && any_of(y, kWawAinQafFeh)) {
      priority = 6;
    } else if (y_final) {
      priority = kKashidaLowestPriority;
    }
    if (priority > 0) out.push_back(KashidaPoint{letters[k], letters[k + 1], priority});
  }
}

template <typename Fn>
void for_each_word(std::u32string_view text, Range span, Fn&& fn) {
  std::vector<std::uint32_t> letters;
  std::uint32_t i = span.begin;
  const std::uint32_t end = std::min<std::uint32_t>(span.end, static_cast<std::uint32_t>(text.size()));
  while (i < end) {
    if (!is_arabic_letter(text[i])) {
      ++i;
      continue;
    }
    letters.clear();
    while (i < end && (is_arabic_letter(text[i]) || (!letters.empty() && is_mark(text[i])))) {
      if (!is_mark(text[i])) letters.push_back(i);
      ++i;
    }
    fn(letters);
  }
}

}  // namespace

std::vector<KashidaPoint> kashida_points(std::u32string_view text, Range span) {
  std::vector<KashidaPoint> out;
  for_each_word(text, span, [&](const std::vector<std::uint32_t>& letters) { word_points(text, letters, out); });
  return out;
}

std::vector<KashidaPoint> best_kashida_per_word(std::u32string_view text, Range span) {
  std::vector<KashidaPoint> out;
  std::vector<KashidaPoint> word;
  for_each_word(text, span, [&](const std::vector<std::uint32_t>& letters) {
    word.clear();
    word_points(text, letters, word);
    const KashidaPoint* best = nullptr;
    for (const auto& p : word) {
      if (!best || p.priority <= best->priority) best = &p;
    }
    if (best) out.push_back(*best);
  });
  return out;
}

bool letters_join(char32_t before, char32_t after) { return joins_next(before) && joins_prev(after); }

}  // namespace handout
