// Our builder of libhyphen's automaton must hyphenate exactly as libhyphen's own loader
// does (same states reachable, same matches, same fallbacks), and must refuse malformed
// dictionaries with their line instead of handing them to libhyphen.
#include <gtest/gtest.h>
#include <hyphen.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "text/hyph_dict.h"

namespace handout {
namespace {

struct DictDeleter {
  void operator()(HyphenDict* d) const {
    if (d) hnj_hyphen_free(d);
  }
};
using DictPtr = std::unique_ptr<HyphenDict, DictDeleter>;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string temp_file(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "handout-hyph-test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// The hyphens vector (and the replacement-free hyphenated form) for one word.
std::string hyphenate(HyphenDict* d, const std::string& w, int l, int r) {
  std::vector<char> hyphens(w.size() + 5, '\0');
  char** rep = nullptr;
  int* pos = nullptr;
  int* cut = nullptr;
  const int rc = hnj_hyphen_hyphenate3(d, w.data(), static_cast<int>(w.size()), hyphens.data(),
                                       nullptr, &rep, &pos, &cut, l, r, l, r);
  if (rep) {
    for (std::size_t i = 0; i < w.size(); ++i) std::free(rep[i]);
    std::free(rep);
  }
  std::free(pos);
  std::free(cut);
  return std::to_string(rc) + ":" + std::string(hyphens.data(), w.size());
}

void expect_same(const std::string& path, const std::vector<std::string>& words) {
  DictPtr theirs(hnj_hyphen_load(path.c_str()));
  ASSERT_TRUE(theirs);
  HyphDictError err;
  auto owner = load_hyph_dict(path, err);
  ASSERT_TRUE(owner) << err.line << ": " << err.message;
  HyphenDict* ours = owner->get();
  EXPECT_EQ(ours->lhmin, theirs->lhmin);
  EXPECT_EQ(ours->rhmin, theirs->rhmin);
  EXPECT_EQ(ours->clhmin, theirs->clhmin);
  EXPECT_EQ(ours->crhmin, theirs->crhmin);
  EXPECT_EQ(ours->num_states, theirs->num_states);
  ASSERT_EQ(!ours->nextlevel, !theirs->nextlevel);
  if (ours->nextlevel) EXPECT_EQ(ours->nextlevel->num_states, theirs->nextlevel->num_states);
  std::size_t differ = 0;
  for (const auto& w : words) {
    for (auto [l, r] : {std::pair{2, 3}, std::pair{1, 1}}) {
      const auto a = hyphenate(ours, w, l, r), b = hyphenate(theirs.get(), w, l, r);
      if (a != b && ++differ <= 5) ADD_FAILURE() << "'" << w << "': ours " << a << ", libhyphen " << b;
    }
  }
  EXPECT_EQ(differ, 0u);
}

// (Words with hyphens or apostrophes are left out: libhyphen's compound path leaks a few
// bytes on them, and handout never passes them to it.)
// Words to try: every pattern's letters, those joined in pairs, and pseudo-random strings
// over the pattern alphabet (a fixed generator, so the test is the same every run).
std::vector<std::string> words_for(const std::string& dict_text, std::size_t randoms) {
  std::set<std::string> out;
  std::vector<std::string> stems;
  std::istringstream in(dict_text);
  std::string line;
  std::getline(in, line);
  std::string alphabet;
  while (std::getline(in, line)) {
    std::string w;
    for (char c : line) {
      if (static_cast<unsigned char>(c) <= ' ') break;
      if ((c >= '0' && c <= '9') || c == '.' || c == '/') continue;
      w.push_back(c);
      if (alphabet.find(c) == std::string::npos) alphabet.push_back(c);
    }
    if (w.size() >= 2 && w.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos) stems.push_back(w);
  }
  for (std::size_t i = 0; i < stems.size(); ++i) {
    out.insert(stems[i]);
    out.insert(stems[i] + stems[(i * 7919 + 13) % stems.size()]);
  }
  unsigned state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u, (state >> 16) & 0x7fff; };
  for (std::size_t i = 0; i < randoms && !alphabet.empty(); ++i) {
    std::string w;
    const std::size_t n = 3 + next() % 14;
    for (std::size_t k = 0; k < n; ++k) w.push_back(alphabet[next() % alphabet.size()]);
    out.insert(w);
  }
  return {out.begin(), out.end()};
}

TEST(HyphDict, BundledEnglishEqualsLibhyphen) {
  const std::string path = std::string(HANDOUT_SOURCE_DIR) + "/layouts/hyphenation/hyph_en.dic";
  expect_same(path, words_for(read_file(path), 30000));
}

TEST(HyphDict, LevelsKeywordsAndOddLinesEqualLibhyphen) {
  const std::string text =
      "UTF-8\r\n"
      "LEFTHYPHENMIN 1\n"
      "RIGHTHYPHENMIN 2\n"
      "COMPOUNDLEFTHYPHENMIN 2\n"
      "% a comment\n"
      "1b1\n"
      ".a2b\n"
      "b1c\n"
      "b3c\n"  // the later pattern for one word wins
      "c4d.\n"
      "\xc3\xa9" "1t\n"
      "  \n"
      "ab1cd\r\n"
      "NEXTLEVEL\n"
      "a1a\n"
      "1-1\n";
  const auto path = temp_file("levels.dic", text);
  expect_same(path, {"abcd", "abcdabcd", "aab", "bbbb", "\xc3\xa9tat", "xaxbx", "cd", "aaaa", "abcbcbcd"});
  const auto path2 = temp_file("onelevel.dic", "ISO8859-1\n1a1\nb2a\n.c1a");
  expect_same(path2, {"cabab", "aaaa", "cab"});
}

TEST(HyphDict, MalformedDictionariesAreRefusedWithTheirLine) {
  struct Case {
    std::string text;
    int line;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"UTF-8\na1b\n3.d45399\n", 3, "digit"},
      {"UTF-8\n3.d4\n", 2, "before the word-start"},
      {"UTF-8\nab.c\n", 2, "inside pattern"},
      {"UTF-8\nabc.5\n", 2, "after the word-end"},
      {"UTF-8\n5\n", 2, "no letters"},
      {"UTF-8\n" + std::string(150, 'a') + "\n", 2, "longer than"},
      {"UTF-8\na\xff" "b\n", 2, "UTF-8"},
      {"UTF-8\nLEFTHYPHENMIN many\n", 2, "number"},
      {std::string("UTF-8\nab\0c\n", 11), 1, "NUL"},
      {"a-very-long-charset-name-indeed\nab\n", 1, "character set"},
  };
  for (const auto& c : cases) {
    HyphDictError err;
    auto d = build_hyph_dict(c.text, "unused", err);
    EXPECT_FALSE(d) << c.text;
    EXPECT_EQ(err.line, c.line) << c.text;
    EXPECT_NE(err.message.find(c.says), std::string::npos) << err.message;
  }
}

}  // namespace
}  // namespace handout
