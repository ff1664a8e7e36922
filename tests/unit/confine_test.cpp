// PathResolver resolves as weakly_canonical does (links anywhere followed, ".." after a link
// taken from its target), asking about each folder once.
#include "core/confine.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

namespace handout {
namespace {

namespace fs = std::filesystem;

class ConfineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/handout-confine-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    fs::create_directories(root_ / "proj" / "fonts");
    fs::create_directories(root_ / "proj" / "layouts");
    fs::create_directories(root_ / "outside" / "deep");
    std::ofstream(root_ / "proj" / "fonts" / "a.ttf") << "x";
    std::ofstream(root_ / "outside" / "secret.ttf") << "x";
    fs::create_symlink(root_ / "outside" / "secret.ttf", root_ / "proj" / "fonts" / "link.ttf");
    fs::create_symlink(root_ / "outside", root_ / "proj" / "fonts" / "out");
    fs::create_symlink("../../outside/deep", root_ / "proj" / "layouts" / "rel");
    fs::create_symlink("loop", root_ / "proj" / "fonts" / "loop");
    fs::create_symlink(root_ / "nowhere" / "x.ttf", root_ / "proj" / "fonts" / "dangling.ttf");
    fs::create_symlink(root_ / "proj", root_ / "proj-link");
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(ConfineTest, ResolvesAsWeaklyCanonical) {
  const fs::path p = root_ / "proj";
  const std::vector<fs::path> paths = {
      p / "fonts" / "a.ttf", p / "fonts" / "link.ttf", p / "fonts" / "out" / "secret.ttf",
      p / "fonts" / "out" / "deep" / "new.ttf", p / "layouts" / "rel" / "x.json", p / "layouts" / "rel" / ".." / "secret.ttf",
      p / "fonts" / "out" / ".." / "proj" / "fonts" / "a.ttf", p / "fonts" / "." / "a.ttf", p / "fonts" / "dangling.ttf",
      p / "fonts" / "loop" / "x.ttf", p / "fonts" / "loop", p / "fonts" / "a.ttf" / "under-a-file",
      p / "no" / "such" / "folder" / "x.ttf", root_ / "proj-link" / "fonts" / "a.ttf", root_ / "proj-link" / "fonts" / "out",
      p / "fonts" / "", fs::path("/"), p / "fonts" / "a.ttf", fs::relative(p / "fonts" / "out" / "secret.ttf"),
      fs::relative(p / "fonts" / "a.ttf"), fs::path("no-such-file.ttf"), p / "fonts" / "." , fs::path("//") / p / "fonts//a.ttf",
  };
  PathResolver resolver;  // one for all: what it learnt of one path must not mislead another
  for (int round = 0; round < 2; ++round) {
    for (const auto& path : paths) {
      std::error_code ec;
      const fs::path want = fs::weakly_canonical(fs::absolute(path), ec);
      EXPECT_EQ(resolver.resolve(path), want) << path;
    }
  }
}

TEST_F(ConfineTest, LinksOutOfTheRootsAreRefused) {
  PathResolver resolver;
  const std::vector<fs::path> roots = project_folders(root_ / "proj" / "layouts", resolver);
  EXPECT_TRUE(resolver.inside_any(root_ / "proj" / "fonts" / "a.ttf", roots));
  EXPECT_TRUE(resolver.inside_any(root_ / "proj-link" / "fonts" / "a.ttf", roots));
  EXPECT_FALSE(resolver.inside_any(root_ / "proj" / "fonts" / "link.ttf", roots));
  EXPECT_FALSE(resolver.inside_any(root_ / "proj" / "fonts" / "out" / "secret.ttf", roots));
  EXPECT_FALSE(resolver.inside_any(root_ / "proj" / "layouts" / "rel" / "x.json", roots));
  EXPECT_FALSE(resolver.inside_any(root_ / "proj" / "fonts" / "loop" / "x.ttf", roots));
  // A dangling link stays where it is, as weakly_canonical has it (opening it finds nothing).
  const Confinement confinement(root_ / "proj" / "layouts" / "a4.json", {});
  EXPECT_TRUE(confinement.allows(root_ / "proj" / "fonts" / "a.ttf"));
  EXPECT_FALSE(confinement.allows(root_ / "proj" / "fonts" / "link.ttf"));
  EXPECT_FALSE(confinement.allows(root_ / "proj" / "fonts" / "out" / "deep"));
}

}  // namespace
}  // namespace handout
