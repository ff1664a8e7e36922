// Articles and layouts parsed once per batch (src/batch/input_cache): the same file is parsed
// once, a changed file again, and a load that reported anything is never kept.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "batch/input_cache.h"

namespace {

using namespace handout;
namespace fs = std::filesystem;

std::string source(const char* rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

InputLimits limits_for(const fs::path& dir) {
  InputLimits limits;
  limits.allowed_paths.push_back(dir.string());
  return limits;
}

TEST(InputCache, SameFileParsedOnce) {
  InputCache cache;
  DiagSink sink;
  const InputLimits limits;
  auto a = cache.article(source("content/stem-cell-therapy/en.json"), sink, limits);
  auto b = cache.article(source("content/stem-cell-therapy/en.json"), sink, limits);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a.get(), b.get());
  auto l1 = cache.layout(source("layouts/a4.json"), sink, limits);
  auto l2 = cache.layout(source("layouts/a4.json"), sink, limits);
  ASSERT_TRUE(l1 && l2);
  EXPECT_EQ(l1.get(), l2.get());
  EXPECT_EQ(sink.all().size(), 0u);
}

TEST(InputCache, ChangedFileParsedAgain) {
  const fs::path dir = fs::temp_directory_path() / ("input-cache-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "en.json";
  const std::string text = read(source("content/stem-cell-therapy/en.json"));
  write(file, text);
  InputCache cache;
  DiagSink sink;
  const InputLimits limits = limits_for(dir);
  auto a = cache.article(file.string(), sink, limits);
  ASSERT_TRUE(a) << (sink.all().empty() ? "" : sink.all().front().message);
  // The same JSON with a newline more: another size and modification time.
  write(file, text + "\n");
  fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(2));
  auto b = cache.article(file.string(), sink, limits);
  ASSERT_TRUE(b);
  EXPECT_NE(a.get(), b.get());
  // And unchanged since: kept.
  EXPECT_EQ(cache.article(file.string(), sink, limits).get(), b.get());
  fs::remove_all(dir);
}

TEST(InputCache, LoadsWithDiagnosticsAreNotKept) {
  const fs::path dir = fs::temp_directory_path() / ("input-cache-bad-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "bad.json";
  write(file, "{\"lang\": \"en\", \"title\": \"T\", \"blocks\": 3}");
  InputCache cache;
  const InputLimits limits = limits_for(dir);
  for (int i = 0; i < 2; ++i) {  // each job is told again
    DiagSink sink;
    EXPECT_FALSE(cache.article(file.string(), sink, limits));
    EXPECT_GT(sink.error_count(), 0) << "load " << i;
  }
  fs::remove_all(dir);
}

}  // namespace
