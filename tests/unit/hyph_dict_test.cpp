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
#include "text/hyphenator.h"

namespace handout {

// Written at build time by tools/hyph_precompile.cpp.
extern const BundledHyphDict kBundledHyphDicts[];
extern const std::size_t kBundledHyphDictCount;

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
  std::vector<char> hyphens;
  const int rc = libhyphen_hyphenate(d, w, l, r, hyphens, '\0');
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

// Every word hyphenates alike in `a` and `b`, at both sets of minimums.
void expect_same_points(HyphenDict* a, HyphenDict* b, const std::vector<std::string>& words) {
  std::size_t differ = 0;
  for (const auto& w : words) {
    for (auto [l, r] : {std::pair{2, 3}, std::pair{1, 1}}) {
      const auto x = hyphenate(a, w, l, r), y = hyphenate(b, w, l, r);
      if (x != y && ++differ <= 5) ADD_FAILURE() << "'" << w << "': " << x << " against " << y;
    }
  }
  EXPECT_EQ(differ, 0u);
}

TEST(HyphDict, ImageHyphenatesAsTheBuiltDictionary) {
  const std::string bundled = read_file(std::string(HANDOUT_SOURCE_DIR) + "/layouts/hyphenation/hyph_en.dic");
  const std::string two_levels = "UTF-8\nLEFTHYPHENMIN 1\nNOHYPHEN -,'\n1b1\n.a2b\nb3c\nc4d.\nNEXTLEVEL\na1a\n1-1\n";
  for (const std::string& text : {bundled, two_levels}) {
    HyphDictError err;
    auto built = build_hyph_dict(text, "unused", err);
    ASSERT_TRUE(built) << err.message;
    const std::string image = hyph_dict_image(*built);
    auto loaded = hyph_dict_from_image(image);
    ASSERT_TRUE(loaded);
    HyphenDict* a = built->get();
    HyphenDict* b = loaded->get();
    EXPECT_EQ(a->num_states, b->num_states);
    EXPECT_EQ(std::string(a->cset), std::string(b->cset));
    EXPECT_EQ(a->nohyphenl, b->nohyphenl);
    ASSERT_EQ(!a->nextlevel, !b->nextlevel);
    expect_same_points(a, b, words_for(text, 20000));
    expect_same_points(a, b, {"abcd", "aab", "bbbb", "ab-cd", "a'bc"});
    // The same image again from the loaded one: nothing was lost on the way.
    EXPECT_EQ(hyph_dict_image(*loaded), image);
    // Not an image, or one cut short: refused, never handed to libhyphen.
    EXPECT_FALSE(hyph_dict_from_image(image.substr(0, image.size() - 1)));
    EXPECT_FALSE(hyph_dict_from_image(image.substr(0, image.size() / 2)));
    EXPECT_FALSE(hyph_dict_from_image("HYD0" + image.substr(4)));
    EXPECT_FALSE(hyph_dict_from_image(""));
  }
}

// A dictionary image walked in place (HyphImage) hyphenates every word of the letters a-z
// as libhyphen does with the structure built from that image, or leaves the word to it.
void expect_image_same(HyphenDict* d, const HyphImage& image, const std::vector<std::string>& words,
                       std::size_t& answered) {
  std::size_t differ = 0;
  for (const auto& w : words) {
    for (auto [l, r] : {std::pair{2, 3}, std::pair{1, 1}, std::pair{3, 4}}) {
      std::vector<char> h;
      if (!image.hyphenate(w, l, r, h)) continue;
      ++answered;
      const auto ours = "0:" + std::string(h.data(), w.size());
      const auto theirs = hyphenate(d, w, l, r);
      if (ours != theirs && ++differ <= 5) ADD_FAILURE() << "'" << w << "': image " << ours << ", libhyphen " << theirs;
    }
  }
  EXPECT_EQ(differ, 0u);
}

TEST(HyphDict, ImageWalkedInPlaceHyphenatesAsLibhyphen) {
  const std::string bundled = read_file(std::string(HANDOUT_SOURCE_DIR) + "/layouts/hyphenation/hyph_en.dic");
  const std::string two_levels = "UTF-8\nLEFTHYPHENMIN 1\nNOHYPHEN -,'\n1b1\n.a2b\nb3c\nc4d.\nNEXTLEVEL\na1a\n1-1\n";
  // A first level that splits "abab" and friends as compounds (left to libhyphen), and a
  // NOHYPHEN of letters (every word left to libhyphen when it is the first level's).
  const std::string compound = "UTF-8\nb1a\nNEXTLEVEL\na1b\n1c\n";
  const std::string letters = "UTF-8\nNOHYPHEN xy\n1a1\nb2a\n";
  const std::string one_level = "ISO8859-1\nRIGHTHYPHENMIN 4\n1a1\nb2a\n.c1a\n";
  for (const std::string& text : {bundled, two_levels, compound, letters, one_level}) {
    HyphDictError err;
    auto built = build_hyph_dict(text, "unused", err);
    ASSERT_TRUE(built) << err.message;
    const std::string image = hyph_dict_image(*built);
    auto walked = HyphImage::open(image);
    ASSERT_TRUE(walked);
    std::vector<std::string> words = words_for(text, 20000);
    for (const char* w : {"abcd", "aab", "bbbb", "ababab", "cabab", "aaaaaaa", "xyxyxy", "abcxyabc", "a", "ab"}) words.emplace_back(w);
    std::size_t answered = 0;
    expect_image_same(built->get(), *walked, words, answered);
    if (&text != &letters) EXPECT_GT(answered, 0u);
    std::vector<char> h;
    EXPECT_FALSE(walked->hyphenate("ab-cd", 2, 3, h));
    EXPECT_FALSE(walked->hyphenate("Abcd", 2, 3, h));
    if (&text == &compound) EXPECT_FALSE(walked->hyphenate("ababab", 2, 3, h));  // split by the first level
    // Not an image, or one cut short: nothing to walk.
    EXPECT_FALSE(HyphImage::open(image.substr(0, image.size() - 1)));
    EXPECT_FALSE(HyphImage::open(image.substr(0, image.size() / 2)));
    EXPECT_FALSE(HyphImage::open("HYD0" + image.substr(4)));
    EXPECT_FALSE(HyphImage::open(""));
  }
  // Every word of a bundled English article is answered from the image.
  HyphDictError err;
  auto built = build_hyph_dict(bundled, "unused", err);
  // The image outlives the walker: HyphImage reads it where it lies.
  const std::string bundled_image = hyph_dict_image(*built);
  auto walked = HyphImage::open(bundled_image);
  ASSERT_TRUE(walked);
  std::vector<std::string> article_words;
  std::string w;
  for (char c : read_file(std::string(HANDOUT_SOURCE_DIR) + "/content/stem-cell-therapy/en.json") + " ") {
    if (c >= 'a' && c <= 'z') {
      w.push_back(c);
    } else {
      if (w.size() >= 5) article_words.push_back(w);
      w.clear();
    }
  }
  ASSERT_GT(article_words.size(), 300u);
  std::size_t answered = 0;
  expect_image_same(built->get(), *walked, article_words, answered);
  EXPECT_EQ(answered, article_words.size() * 3);
}

// Through Hyphenator: the bundled file (walked in its image) and a copy that is not the
// bundled file (one comment more: checked, built and hyphenated by libhyphen) give the
// same points for every word of the English seed.
TEST(HyphDict, HyphenatorAnswersAlikeFromTheImageAndFromLibhyphen) {
  const std::string bundled_dir = std::string(HANDOUT_SOURCE_DIR) + "/layouts/hyphenation";
  std::string text = read_file(bundled_dir + "/hyph_en.dic");
  if (!text.empty() && text.back() != '\n') text += '\n';
  const std::string copy = temp_file("hyph_en.dic", text + "% a copy, not the bundled file\n");
  const std::string other_dir = std::filesystem::path(copy).parent_path().string();
  Hyphenator hyph;
  DiagSink sink;
  EXPECT_TRUE(hyph.check_dir(other_dir, sink));
  std::size_t words = 0, with_points = 0;
  std::u32string w;
  for (char c : read_file(std::string(HANDOUT_SOURCE_DIR) + "/content/stem-cell-therapy/en.json") + " ") {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      w.push_back(static_cast<char32_t>(c));
      continue;
    }
    if (w.size() >= 5) {
      const auto a = hyph.points(w, "en", bundled_dir);
      const auto b = hyph.points(w, "en", other_dir);
      EXPECT_EQ(a, b) << std::string(w.begin(), w.end());
      ++words;
      with_points += !a.empty();
    }
    w.clear();
  }
  EXPECT_GT(words, 300u);
  EXPECT_GT(with_points, 100u);
}

TEST(HyphDict, BundledDictionaryIsCompiledInFromTheFile) {
  const std::string text = read_file(std::string(HANDOUT_SOURCE_DIR) + "/layouts/hyphenation/hyph_en.dic");
  const BundledHyphDict* en = nullptr;
  for (std::size_t i = 0; i < kBundledHyphDictCount; ++i) {
    if (std::string(kBundledHyphDicts[i].name) == "hyph_en.dic") en = &kBundledHyphDicts[i];
  }
  ASSERT_TRUE(en);
  EXPECT_EQ(en->text_size, text.size());
  EXPECT_EQ(en->text_hash, hyph_text_hash(text));
  // Any change to the text changes the hash (so an edited file is checked and built).
  std::string edited = text;
  edited[edited.size() / 2] ^= 1;
  EXPECT_NE(hyph_text_hash(edited), en->text_hash);
  EXPECT_NE(hyph_text_hash(text + "\n"), en->text_hash);
  HyphDictError err;
  auto built = build_hyph_dict(text, "unused", err);
  ASSERT_TRUE(built);
  auto compiled = hyph_dict_from_image(std::string_view(reinterpret_cast<const char*>(en->image), en->image_size));
  ASSERT_TRUE(compiled);
  EXPECT_EQ(hyph_dict_image(*compiled), hyph_dict_image(*built));
}

}  // namespace
}  // namespace handout
