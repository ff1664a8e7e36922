#include "core/lang.h"

#include <fribidi.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>
#include <unordered_map>

#include "core/utf.h"

namespace handout {

namespace {

constexpr int32_t kCap = ULOC_FULLNAME_CAPACITY;

// The ICU locale id of a tag ("ar_Latn"), or "" when ICU cannot read all of it.
std::string icu_locale(std::string_view tag) {
  if (tag.empty() || tag.size() > 64) return "";
  const std::string t(tag);
  char loc[ULOC_FULLNAME_CAPACITY] = {};
  int32_t parsed = 0;
  UErrorCode status = U_ZERO_ERROR;
  uloc_forLanguageTag(t.c_str(), loc, kCap, &parsed, &status);
  if (U_FAILURE(status) || parsed != static_cast<int32_t>(t.size())) return "";
  return loc;
}

std::string language_of(const std::string& locale) {
  char lang[ULOC_LANG_CAPACITY] = {};
  UErrorCode status = U_ZERO_ERROR;
  uloc_getLanguage(locale.c_str(), lang, ULOC_LANG_CAPACITY, &status);
  return U_FAILURE(status) ? std::string() : std::string(lang);
}

const std::set<std::string>& iso_languages() {
  static const std::set<std::string> all = [] {
    std::set<std::string> s;
    for (const char* const* p = uloc_getISOLanguages(); *p; ++p) s.insert(*p);
    return s;
  }();
  return all;
}

// Whether ICU knows the language: a listed ISO 639 code, or one likely subtags give a
// script to (deprecated codes such as "iw").
bool is_known_language(const std::string& locale, const std::string& lang) {
  if (iso_languages().contains(lang)) return true;
  char max[ULOC_FULLNAME_CAPACITY] = {};
  UErrorCode status = U_ZERO_ERROR;
  uloc_addLikelySubtags(locale.c_str(), max, kCap, &status);
  char script[ULOC_SCRIPT_CAPACITY] = {};
  UErrorCode s2 = U_ZERO_ERROR;
  uloc_getScript(max, script, ULOC_SCRIPT_CAPACITY, &s2);
  return U_SUCCESS(status) && U_SUCCESS(s2) && script[0] != '\0';
}

std::string english_name(const std::string& code) {
  UChar buf[128];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = uloc_getDisplayLanguage(code.c_str(), "en", buf, 128, &status);
  if (U_FAILURE(status) || n <= 0) return "";
  char out[512];
  int32_t len = 0;
  UErrorCode s2 = U_ZERO_ERROR;
  u_strToUTF8(out, 512, &len, buf, n, &s2);
  return U_FAILURE(s2) ? std::string() : std::string(out, static_cast<std::size_t>(len));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The two-letter code whose three-letter (ISO 639-2) code is `three`, or "".
std::string two_letter_for(const std::string& three) {
  for (const auto& code : iso_languages()) {
    if (code.size() == 2 && uloc_getISO3Language(code.c_str()) == three) return code;
  }
  return "";
}

}  // namespace

std::string primary_language(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

Direction direction_of_language(std::string_view tag) {
  // Asked once per span: a few tags per thread, remembered.
  thread_local std::unordered_map<std::string, Direction> known;
  const std::string key(tag);
  if (auto it = known.find(key); it != known.end()) return it->second;
  const std::string locale = icu_locale(tag);
  const Direction d =
      !locale.empty() && uloc_isRightToLeft(locale.c_str()) ? Direction::kRtl : Direction::kLtr;
  if (known.size() > 64) known.clear();
  known.emplace(key, d);
  return d;
}

bool is_plausible_language_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  std::size_t sub = 0;
  bool first = true;
  for (char c : tag) {
    if (c == '-') {
      if (sub == 0) return false;
      sub = 0;
      first = false;
      continue;
    }
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    if (first && !std::isalpha(static_cast<unsigned char>(c))) return false;
    if (++sub > 8) return false;
  }
  return sub > 0;
}

std::string language_tag_problem(std::string_view tag) {
  const std::string t(tag);
  if (t.find('_') != std::string::npos) {
    std::string fixed = t;
    std::replace(fixed.begin(), fixed.end(), '_', '-');
    return "is not a BCP 47 tag: subtags are joined with hyphens, e.g. \"" + fixed + "\"";
  }
  const std::string locale = is_plausible_language_tag(tag) ? icu_locale(tag) : "";
  if (locale.empty()) return "is not a well-formed BCP 47 tag (such as \"en\", \"ar\" or \"pt-BR\")";
  const std::string lang = language_of(locale);
  if (lang.empty()) return "names no language (a BCP 47 tag starts with one, such as \"en\" or \"ar\")";
  if (is_known_language(locale, lang)) return "";
  // "arabic" for "ar": a language's English name instead of its code.
  const std::string wanted = lower(primary_language(tag));
  for (const auto& code : iso_languages()) {
    if (code.size() == 2 && lower(english_name(code)) == wanted) {
      return "is a language's name, not its code; did you mean \"" + code + "\" (" + english_name(code) + ")?";
    }
  }
  return "names no known language (\"" + lang + "\"); use an ISO 639 code such as \"en\" or \"ar\"";
}

std::string preferred_language_tag(std::string_view tag) {
  const std::string lang = primary_language(tag);
  if (lang.size() != 3) return "";
  const std::string two = two_letter_for(lang);
  if (two.empty()) return "";
  return two + std::string(tag.substr(3));
}

void count_strong_directions(std::string_view utf8, StrongCounts& counts) {
  for (char32_t c : utf8_to_utf32(utf8)) {
    const FriBidiCharType t = fribidi_get_bidi_type(c);
    if (t == FRIBIDI_TYPE_LTR) ++counts.ltr;
    else if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL) ++counts.rtl;
  }
}

}  // namespace handout
