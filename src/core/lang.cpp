#include "core/lang.h"

#include <fribidi.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <unicode/uvernum.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <set>
#include <type_traits>
#include <vector>
#include <unordered_map>
#include <utility>

#include "core/shared_library.h"
#include "core/utf.h"

namespace handout {

namespace {

constexpr int32_t kCap = ULOC_FULLNAME_CAPACITY;

// ICU's common library, opened when a tag first needs it (dlopen), not when handout starts:
// loading and relocating it (with libicudata and the shared C++ library it needs) cost
// every process about 3 M instructions, and a render in the bundled languages never asks it.
#define HANDOUT_STR2(x) #x
#define HANDOUT_STR(x) HANDOUT_STR2(x)  // the name after ICU's renaming ("uloc_getScript_72")
constexpr const char* kIcuLibrary = "libicuuc.so." HANDOUT_STR(U_ICU_VERSION_MAJOR_NUM);

struct Icu {
  decltype(&uloc_forLanguageTag) for_language_tag = nullptr;
  decltype(&uloc_getLanguage) get_language = nullptr;
  decltype(&uloc_getISOLanguages) iso_languages = nullptr;
  decltype(&uloc_addLikelySubtags) add_likely_subtags = nullptr;
  decltype(&uloc_getScript) get_script = nullptr;
  decltype(&uloc_getDisplayLanguage) display_language = nullptr;
  decltype(&u_strToUTF8) to_utf8 = nullptr;
  decltype(&uloc_getISO3Language) iso3_language = nullptr;
  decltype(&uloc_isRightToLeft) is_right_to_left = nullptr;
};

// Null when the library or one of its functions is missing.
const Icu* icu() {
  static const Icu* const lib = load_function_table<Icu>(kIcuLibrary, [](Icu& i, auto get) {
    get(i.for_language_tag, HANDOUT_STR(uloc_forLanguageTag));
    get(i.get_language, HANDOUT_STR(uloc_getLanguage));
    get(i.iso_languages, HANDOUT_STR(uloc_getISOLanguages));
    get(i.add_likely_subtags, HANDOUT_STR(uloc_addLikelySubtags));
    get(i.get_script, HANDOUT_STR(uloc_getScript));
    get(i.display_language, HANDOUT_STR(uloc_getDisplayLanguage));
    get(i.to_utf8, HANDOUT_STR(u_strToUTF8));
    get(i.iso3_language, HANDOUT_STR(uloc_getISO3Language));
    get(i.is_right_to_left, HANDOUT_STR(uloc_isRightToLeft));
  });
  return lib;
}

// Tags answered without ICU: a plain language code, with what ICU answers for it (direction
// from its likely script; every one a listed ISO 639 language). tests/unit/lang_test.cpp
// checks each against ICU.
struct BuiltinTag {
  const char* tag;
  Direction direction;
  const char* script;  ///< ISO 15924, the likely script
};
constexpr BuiltinTag kBuiltinTags[] = {
    {"ar", Direction::kRtl, "Arab"}, {"de", Direction::kLtr, "Latn"}, {"en", Direction::kLtr, "Latn"},
    {"es", Direction::kLtr, "Latn"}, {"fa", Direction::kRtl, "Arab"}, {"fr", Direction::kLtr, "Latn"},
    {"he", Direction::kRtl, "Hebr"}, {"it", Direction::kLtr, "Latn"}, {"nl", Direction::kLtr, "Latn"},
    {"pt", Direction::kLtr, "Latn"}, {"ru", Direction::kLtr, "Cyrl"}, {"tr", Direction::kLtr, "Latn"},
    {"ur", Direction::kRtl, "Arab"}, {"zh", Direction::kLtr, "Hans"}};

// The likely language of the scripts whose letters a handout in the bundled languages meets
// (Latin words in Arabic, Arabic in English), answered without ICU; checked against ICU as
// kBuiltinTags is.
struct BuiltinScript {
  const char* script;
  const char* language;
};
constexpr BuiltinScript kBuiltinScripts[] = {{"Arab", "ar"}, {"Latn", "en"}, {"Hebr", "he"}, {"Cyrl", "ru"}};

const BuiltinTag* builtin_tag(std::string_view tag) {
  for (const BuiltinTag& b : kBuiltinTags) {
    if (tag == b.tag) return &b;
  }
  return nullptr;
}

// The ICU locale id of a tag ("ar_Latn"), or "" when ICU cannot read all of it.
std::string icu_locale(std::string_view tag) {
  if (tag.empty() || tag.size() > 64) return "";
  const std::string t(tag);
  char loc[ULOC_FULLNAME_CAPACITY] = {};
  int32_t parsed = 0;
  UErrorCode status = U_ZERO_ERROR;
  const Icu* lib = icu();
  if (!lib) return "";
  lib->for_language_tag(t.c_str(), loc, kCap, &parsed, &status);
  if (U_FAILURE(status) || parsed != static_cast<int32_t>(t.size())) return "";
  return loc;
}

std::string language_of(const std::string& locale) {
  char lang[ULOC_LANG_CAPACITY] = {};
  UErrorCode status = U_ZERO_ERROR;
  const Icu* lib = icu();
  if (!lib) return "";
  lib->get_language(locale.c_str(), lang, ULOC_LANG_CAPACITY, &status);
  return U_FAILURE(status) ? std::string() : std::string(lang);
}

const std::set<std::string>& iso_languages() {
  static const std::set<std::string> all = [] {
    std::set<std::string> s;
    if (const Icu* lib = icu()) {
      for (const char* const* p = lib->iso_languages(); *p; ++p) s.insert(*p);
    }
    return s;
  }();
  return all;
}

// Whether ICU knows the language: a listed ISO 639 code, or one likely subtags give a
// script to (deprecated codes such as "iw").
bool is_known_language(const std::string& locale, const std::string& lang) {
  if (iso_languages().contains(lang)) return true;
  const Icu* lib = icu();
  if (!lib) return false;
  char max[ULOC_FULLNAME_CAPACITY] = {};
  UErrorCode status = U_ZERO_ERROR;
  lib->add_likely_subtags(locale.c_str(), max, kCap, &status);
  char script[ULOC_SCRIPT_CAPACITY] = {};
  UErrorCode s2 = U_ZERO_ERROR;
  lib->get_script(max, script, ULOC_SCRIPT_CAPACITY, &s2);
  return U_SUCCESS(status) && U_SUCCESS(s2) && script[0] != '\0';
}

std::string english_name(const std::string& code) {
  UChar buf[128];
  UErrorCode status = U_ZERO_ERROR;
  const Icu* lib = icu();
  if (!lib) return "";
  const int32_t n = lib->display_language(code.c_str(), "en", buf, 128, &status);
  if (U_FAILURE(status) || n <= 0) return "";
  char out[512];
  int32_t len = 0;
  UErrorCode s2 = U_ZERO_ERROR;
  lib->to_utf8(out, 512, &len, buf, n, &s2);
  return U_FAILURE(s2) ? std::string() : std::string(out, static_cast<std::size_t>(len));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The two-letter code whose three-letter (ISO 639-2) code is `three`, or "".
std::string two_letter_for(const std::string& three) {
  const Icu* lib = icu();
  if (!lib) return "";
  for (const auto& code : iso_languages()) {
    if (code.size() == 2 && lib->iso3_language(code.c_str()) == three) return code;
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
  if (const BuiltinTag* b = builtin_tag(tag)) return b->direction;
  return direction_of_language_from_icu(tag);
}

Direction direction_of_language_from_icu(std::string_view tag) {
  // Asked once per span: a few tags per thread, remembered.
  thread_local std::unordered_map<std::string, Direction> known;
  const std::string key(tag);
  if (auto it = known.find(key); it != known.end()) return it->second;
  const std::string locale = icu_locale(tag);
  const Icu* lib = locale.empty() ? nullptr : icu();  // a locale comes only from a loaded ICU
  const Direction d = lib && lib->is_right_to_left(locale.c_str()) ? Direction::kRtl : Direction::kLtr;
  if (known.size() > 64) known.clear();
  known.emplace(key, d);
  return d;
}

std::string script_of_language(std::string_view tag) {
  if (const BuiltinTag* b = builtin_tag(tag)) return b->script;
  return script_of_language_from_icu(tag);
}

std::string script_of_language_from_icu(std::string_view tag) {
  thread_local std::unordered_map<std::string, std::string> known;
  const std::string key(tag);
  if (auto it = known.find(key); it != known.end()) return it->second;
  std::string out;
  const std::string locale = icu_locale(tag);
  if (const Icu* lib = locale.empty() ? nullptr : icu()) {
    char max[ULOC_FULLNAME_CAPACITY] = {};
    UErrorCode status = U_ZERO_ERROR;
    lib->add_likely_subtags(locale.c_str(), max, kCap, &status);
    char script[ULOC_SCRIPT_CAPACITY] = {};
    // A tag whose language has no likely subtags keeps its own script subtag, if any.
    UErrorCode s2 = U_ZERO_ERROR;
    lib->get_script(U_SUCCESS(status) ? max : locale.c_str(), script, ULOC_SCRIPT_CAPACITY, &s2);
    if (U_SUCCESS(s2)) out = script;
  }
  if (known.size() > 64) known.clear();
  known.emplace(key, out);
  return out;
}

std::string language_of_script(std::string_view script) {
  for (const BuiltinScript& b : kBuiltinScripts) {
    if (script == b.script) return b.language;
  }
  return language_of_script_from_icu(script);
}

std::string language_of_script_from_icu(std::string_view code) {
  if (code.size() != 4) return "";
  thread_local std::unordered_map<std::string, std::string> known;
  const std::string key(code);
  if (auto it = known.find(key); it != known.end()) return it->second;
  std::string out;
  const std::string locale = icu_locale("und-" + key);
  if (const Icu* lib = locale.empty() ? nullptr : icu()) {
    auto likely = [lib](const char* loc) {
      char max[ULOC_FULLNAME_CAPACITY] = {};
      UErrorCode status = U_ZERO_ERROR;
      lib->add_likely_subtags(loc, max, kCap, &status);
      char found[ULOC_SCRIPT_CAPACITY] = {};
      UErrorCode s2 = U_ZERO_ERROR;
      lib->get_script(max, found, ULOC_SCRIPT_CAPACITY, &s2);
      return U_SUCCESS(status) && U_SUCCESS(s2) ? std::pair{language_of(max), std::string(found)}
                                                 : std::pair{std::string(), std::string()};
    };
    // A script CLDR has no language for ("Zzzz") is given the root's ("en" of "und"),
    // which is not written in it.
    const std::string lang = likely(locale.c_str()).first;
    const auto root = likely("und");
    if (lang != "und" && !(lang == root.first && key != root.second)) out = lang;
  }
  if (known.size() > 64) known.clear();
  known.emplace(key, out);
  return out;
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
  if (builtin_tag(tag)) return "";
  return language_tag_problem_from_icu(tag);
}

std::string language_tag_problem_from_icu(std::string_view tag) {
  const std::string t(tag);
  if (t.find('_') != std::string::npos) {
    std::string fixed = t;
    std::replace(fixed.begin(), fixed.end(), '_', '-');
    return "is not a BCP 47 tag: subtags are joined with hyphens, e.g. \"" + fixed + "\"";
  }
  if (!icu()) return std::string("cannot be checked: ICU (") + kIcuLibrary + ") could not be loaded";
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

std::vector<std::string> builtin_language_tags() {
  std::vector<std::string> out;
  for (const BuiltinTag& b : kBuiltinTags) out.emplace_back(b.tag);
  return out;
}

std::vector<std::string> builtin_scripts() {
  std::vector<std::string> out;
  for (const BuiltinScript& b : kBuiltinScripts) out.emplace_back(b.script);
  return out;
}

namespace {

// A code point's strong direction as FriBidi classes it: bit 0 left to right (L), bit 1
// right to left (R, AL).
std::uint8_t strong_direction(char32_t c) {
  const FriBidiCharType t = fribidi_get_bidi_type(c);
  if (t == FRIBIDI_TYPE_LTR) return 1;
  if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL) return 2;
  return 0;
}

// strong_direction of the Arabic block U+0600-U+06FF (nearly every letter of an Arabic
// article), asked of FriBidi once: a look-up instead of a call per letter.
const std::array<std::uint8_t, 256>& arabic_block_directions() {
  static const std::array<std::uint8_t, 256> table = [] {
    std::array<std::uint8_t, 256> t{};
    for (char32_t c = 0; c < 256; ++c) t[c] = strong_direction(0x0600 + c);
    return t;
  }();
  return table;
}

}  // namespace

void count_strong_directions(std::string_view utf8, StrongCounts& counts) {
  const std::size_t n = utf8.size();
  const std::array<std::uint8_t, 256>* arabic = nullptr;  // built at the first Arabic letter
  std::size_t ltr = 0;
  std::size_t rtl = 0;
  for (std::size_t i = 0; i < n;) {
    const auto b0 = static_cast<unsigned char>(utf8[i]);
    // In ASCII only the letters are strong (left to right); digits, punctuation and space
    // are weak or neutral.
    if (b0 < 0x80) {
      ltr += static_cast<unsigned>((b0 | 0x20) - 'a') < 26;
      ++i;
      continue;
    }
    std::uint8_t d = 0;
    // U+0600-U+06FF is written 0xD8-0xDB and a continuation byte.
    if ((b0 & 0xFC) == 0xD8 && i + 1 < n && (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80) {
      if (arabic == nullptr) arabic = &arabic_block_directions();
      d = (*arabic)[((b0 & 0x03u) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu)];
      i += 2;
    } else {
      d = strong_direction(next_utf8(utf8, i));
    }
    ltr += d & 1u;
    rtl += d >> 1;
  }
  counts.ltr += ltr;
  counts.rtl += rtl;
}

}  // namespace handout
