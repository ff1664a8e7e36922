// uax14_breaks hands ASCII characters to libunibreak as stand-ins of the same class; the
// breaks must be exactly libunibreak's own (set_linebreaks_utf32) for any text and language.
#include <gtest/gtest.h>
#include <linebreak.h>
extern "C" {  // linebreakdef.h (libunibreak 1.1) declares its functions without C linkage
#include <linebreakdef.h>
}

#include <random>
#include <string>
#include <vector>

#include "text/uax14.h"

namespace handout {
namespace {

// Every ASCII character, both ends of every range of libunibreak's table (every class) and
// of every language's own table, and characters past the table. Not the regional indicators
// (U+1F1E6-1F1FF, class RI): libunibreak 1.1 stops on an assertion for them
// (linebreak.c:663, `lbcNew <= LBP_JT`), stand-ins or not.
std::vector<char32_t> uax14_pool() {
  std::vector<char32_t> pool;
  for (char32_t c = 0; c < 128; ++c) pool.push_back(c);
  for (const LineBreakProperties* p = lb_prop_default; p->prop != LBP_Undefined; ++p) {
    if (p->prop == LBP_RI) continue;
    pool.push_back(p->start);
    pool.push_back(p->end);
  }
  for (const LineBreakPropertiesLang* l = lb_prop_lang_map; l->lang != nullptr; ++l) {
    for (const LineBreakProperties* p = l->lbp; p->prop != LBP_Undefined; ++p) pool.push_back(p->start);
  }
  for (char32_t c : {0x10FFFFu, 0xE0001u, 0xFFFFFu, 0xD800u}) pool.push_back(c);
  return pool;
}

std::vector<char> uax14_reference(const std::u32string& text, const char* lang) {
  std::vector<char> brks(text.size());
  set_linebreaks_utf32(reinterpret_cast<const utf32_t*>(text.data()), text.size(), lang, brks.data());
  return brks;
}

TEST(Uax14, SameBreaksAsLibunibreakOnRandomTexts) {
  const std::vector<char32_t> pool = uax14_pool();
  std::mt19937 rng(17);
  std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
  std::uniform_int_distribution<int> ascii(0, 127);
  std::uniform_int_distribution<int> length(1, 40);
  const char* langs[] = {nullptr, "", "en", "en-US", "de", "fr", "es", "ru", "zh", "ja", "ko", "ar"};
  int differ = 0;
  for (int round = 0; round < 20000; ++round) {
    std::u32string text;
    const int n = length(rng);
    for (int i = 0; i < n; ++i) {
      // Mostly ASCII (what is replaced), the rest from the whole pool.
      text.push_back(rng() % 3 == 0 ? pool[pick(rng)] : static_cast<char32_t>(ascii(rng)));
    }
    for (const char* lang : langs) {
      std::vector<char> ours(text.size());
      uax14_breaks(text.data(), text.size(), lang, ours.data());
      if (ours != uax14_reference(text, lang) && ++differ <= 5) {
        std::string hex;
        for (char32_t c : text) hex += " " + std::to_string(static_cast<unsigned>(c));
        ADD_FAILURE() << "breaks differ for lang " << (lang ? lang : "(null)") << ":" << hex;
      }
    }
  }
  EXPECT_EQ(differ, 0);
}

TEST(Uax14, EveryAsciiPairAndTriple) {
  int differ = 0;
  std::u32string text(3, U'a');
  for (char32_t a = 0; a < 128; ++a) {
    for (char32_t b = 0; b < 128; ++b) {
      for (char32_t c : {U' ', U'a', U'1', U'(', U')', U'-', U'\n', U'.', U'\u05D0', U'\u0627', U'\u4E00'}) {
        text[0] = a;
        text[1] = b;
        text[2] = c;
        std::vector<char> ours(3);
        uax14_breaks(text.data(), 3, "en", ours.data());
        if (ours != uax14_reference(text, "en") && ++differ <= 5) {
          ADD_FAILURE() << "breaks differ for " << static_cast<unsigned>(a) << " " << static_cast<unsigned>(b) << " "
                        << static_cast<unsigned>(c);
        }
      }
    }
  }
  EXPECT_EQ(differ, 0);
}

TEST(Uax14, EmptyText) {
  char none = 'x';
  uax14_breaks(U"", 0, "en", &none);
  EXPECT_EQ(none, 'x');
}

// Flags: libunibreak 1.1 aborts on a regional indicator (the process died on "a🇦🇪b" once a
// layout's font had flag letters). Breaks as UAX #14 gives them: around a flag (LB31) and
// between two flags, never inside a flag's pair (LB30a, pairs counted from the run's start).
TEST(Uax14, RegionalIndicatorsDoNotAbortAndKeepEachFlagWhole) {
  const std::u32string text = U"a\U0001F1E6\U0001F1EA\U0001F1FA\U0001F1F8\U0001F1EFb c";
  std::vector<char> brks(text.size());
  uax14_breaks(text.data(), text.size(), "en", brks.data());
  EXPECT_EQ(brks[0], LINEBREAK_ALLOWBREAK);  // a | AE
  EXPECT_EQ(brks[1], LINEBREAK_NOBREAK);     // A E: one flag
  EXPECT_EQ(brks[2], LINEBREAK_ALLOWBREAK);  // AE | US
  EXPECT_EQ(brks[3], LINEBREAK_NOBREAK);     // U S
  EXPECT_EQ(brks[4], LINEBREAK_ALLOWBREAK);  // US | J (a lone indicator)
  EXPECT_EQ(brks[5], LINEBREAK_ALLOWBREAK);  // J | b
  EXPECT_EQ(brks[6], LINEBREAK_NOBREAK);     // b before its space
  EXPECT_EQ(brks[7], LINEBREAK_ALLOWBREAK);  // after the space
  EXPECT_EQ(brks[8], LINEBREAK_MUSTBREAK);   // the end of the text
}

}  // namespace
}  // namespace handout
