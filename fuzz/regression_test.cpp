// Runs every reproducer in fuzz/regressions/<target>/ through the same entry function the
// fuzzer uses, in the ordinary (GCC, and sanitized) test builds. A reproducer that
// crashes, trips a sanitizer or breaks a contract (abort) fails the test process.
// The bundled articles and layouts go through the entries too, and must be accepted:
// that keeps the entries themselves honest (an entry that rejects everything finds nothing).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/entry.h"

namespace fs = std::filesystem;
using handout::fuzz::Outcome;

namespace {

using Entry = Outcome (*)(const std::uint8_t*, std::size_t);

std::vector<fs::path> files_in(const fs::path& dir, const std::string& ext = "") {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    if (!ext.empty() && e.path().extension() != ext) continue;
    out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Outcome run(Entry entry, const fs::path& file) {
  // Printed before the run, so that a crash names its reproducer.
  std::fprintf(stderr, "running %s\n", file.string().c_str());
  std::fflush(stderr);
  const std::string bytes = read_bytes(file);
  return entry(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

void run_regressions(const std::string& target, Entry entry) {
  const auto files = files_in(fs::path(HANDOUT_FUZZ_REGRESSIONS_DIR) / target);
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    (void)run(entry, f);
  }
  std::printf("%zu reproducer(s) for fuzz_%s\n", files.size(), target.c_str());
}

const fs::path kSource = HANDOUT_SOURCE_DIR;

// content/<topic>/<lang>.json: the bundled articles (not the schema or the manifest).
std::vector<fs::path> bundled_articles() {
  std::vector<fs::path> out;
  // The fuzz entries read every article as if it lived in content/wound-care/ (where the
  // fuzz seeds' pictures are), so an article with pictures of its own folder is left to
  // the tests that render it from its place (figures.*, author.*).
  for (const auto& f : files_in(kSource / "content", ".json")) {
    if (f.parent_path() == kSource / "content") continue;
    std::ifstream in(f);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const bool own_pictures = fs::is_directory(f.parent_path() / "images") && f.parent_path().filename() != "wound-care";
    if (!own_pictures || text.find("\"figure\"") == std::string::npos) out.push_back(f);
  }
  return out;
}

std::vector<fs::path> bundled_layouts() {
  std::vector<fs::path> out;
  for (const auto& f : files_in(kSource / "layouts", ".json")) {
    if (f.filename().string().find(".schema.") == std::string::npos) out.push_back(f);
  }
  return out;
}

}  // namespace

TEST(FuzzRegressions, Article) { run_regressions("article", handout::fuzz::article); }
TEST(FuzzRegressions, Layout) { run_regressions("layout", handout::fuzz::layout); }
TEST(FuzzRegressions, Render) { run_regressions("render", handout::fuzz::render); }

TEST(FuzzEntries, BundledArticlesAreAccepted) {
  const auto files = bundled_articles();
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    EXPECT_EQ(run(handout::fuzz::article, f), Outcome::kAccepted) << f;
    EXPECT_EQ(run(handout::fuzz::render, f), Outcome::kAccepted) << f;
  }
}

TEST(FuzzEntries, BundledLayoutsAreAccepted) {
  const auto files = bundled_layouts();
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) EXPECT_EQ(run(handout::fuzz::layout, f), Outcome::kAccepted) << f;
}

TEST(FuzzEntries, EveryEntryTakesAnyFileOfTheSeedCorpus) {
  // The seed corpus as the fuzzers get it: articles, layouts and test data, each through
  // every entry (a layout read as an article is rejected, never a crash).
  std::vector<fs::path> seeds = files_in(kSource / "content", ".json");
  for (const auto& f : files_in(kSource / "layouts", ".json")) seeds.push_back(f);
  for (const auto& f : files_in(kSource / "tests" / "data", ".json")) seeds.push_back(f);
  for (const auto& f : seeds) {
    (void)run(handout::fuzz::article, f);
    (void)run(handout::fuzz::layout, f);
  }
}

TEST(FuzzEntries, TextSeedsRender) {
  // fuzz/seeds/render/: text (not JSON) that the render entry wraps into an article.
  const auto files = files_in(fs::path(HANDOUT_FUZZ_SEEDS_DIR) / "render");
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) EXPECT_EQ(run(handout::fuzz::render, f), Outcome::kAccepted) << f;
}

TEST(FuzzEntries, RejectsWhatIsNotAnArticle) {
  const std::string cases[] = {"", "{", "[]", "null", "{\"lang\": 1}", std::string("\0\xff", 2)};
  for (const auto& c : cases) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(c.data());
    EXPECT_EQ(handout::fuzz::article(p, c.size()), Outcome::kRejected) << c;
    EXPECT_EQ(handout::fuzz::layout(p, c.size()), Outcome::kRejected) << c;
  }
  // A valid JSON value that is not an article is rejected; bytes that are not JSON at all
  // become the text of an article (see entry.h), which renders.
  const std::string not_article = "{\"lang\": 1}";
  EXPECT_EQ(handout::fuzz::render(reinterpret_cast<const std::uint8_t*>(not_article.data()),
                                  not_article.size()),
            Outcome::kRejected);
  const std::string texts[] = {"", std::string(1, '\0') + "Hello\n\x01\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7",
                               "\x01\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 (Hello) 1.5\n\x02bold",
                               "\x06A|B\n1|2|3\n4", "\x08Q?\nA.", "\x04term|text\nitem"};
  for (const auto& t : texts) {
    EXPECT_EQ(handout::fuzz::render(reinterpret_cast<const std::uint8_t*>(t.data()), t.size()),
              Outcome::kAccepted)
        << t;
  }
  const std::string big(handout::fuzz::kMaxRenderBytes + 1, ' ');
  EXPECT_EQ(handout::fuzz::render(reinterpret_cast<const std::uint8_t*>(big.data()), big.size()),
            Outcome::kSkipped);
}
