// Deflated streams kept for reuse (src/output/deflate_cache): the bytes are those of a fresh
// deflate, the level is part of the key, memory stays within the bound (least recently used
// first out), and each thread uses only the cache it names.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "output/deflate_cache.h"
#include "output/pdf_deflate.h"

namespace {

using namespace handout;

// A content-stream-like text of about `lines` lines, different for each `seed`.
std::string stream(int seed, int lines = 200) {
  std::string s;
  for (int i = 0; i < lines; ++i) {
    s += "BT /F" + std::to_string(seed % 7) + " 10.5 Tf " + std::to_string(seed * 31 + i) + " " +
         std::to_string(i * 13) + " Td (text " + std::to_string(seed) + ") Tj ET\n";
  }
  return s;
}

TEST(DeflateCache, ReusedBytesAreThoseOfAFreshDeflate) {
  DeflateCache cache;
  const DeflateCache::Use use(&cache);
  const std::string data = stream(1);
  const std::string fresh = deflate_bytes(data, 6);
  std::string first = "prefix";
  deflate_append_reusing(data, first, 6);
  EXPECT_EQ(first, "prefix" + fresh);
  EXPECT_EQ(cache.hits(), 0u);
  EXPECT_EQ(cache.size(), 1u);
  std::string second = "other";
  deflate_append_reusing(data, second, 6);
  EXPECT_EQ(second, "other" + fresh);
  EXPECT_EQ(deflate_bytes_reusing(data, 6), fresh);
  EXPECT_EQ(cache.hits(), 2u);
}

TEST(DeflateCache, TheLevelIsPartOfTheKey) {
  DeflateCache cache;
  const DeflateCache::Use use(&cache);
  const std::string data = stream(2);
  const std::string at1 = deflate_bytes(data, 1);
  const std::string at9 = deflate_bytes(data, 9);
  ASSERT_NE(at1, at9);
  EXPECT_EQ(deflate_bytes_reusing(data, 1), at1);
  EXPECT_EQ(deflate_bytes_reusing(data, 9), at9);
  EXPECT_EQ(deflate_bytes_reusing(data, 1), at1);
  EXPECT_EQ(deflate_bytes_reusing(data, 9), at9);
  EXPECT_EQ(cache.hits(), 2u);
}

TEST(DeflateCache, DifferentBytesAreNotTakenForEachOther) {
  DeflateCache cache;
  const DeflateCache::Use use(&cache);
  std::string a = stream(3);
  std::string b = a;
  b[b.size() / 2] ^= 1;  // one bit apart, same length
  EXPECT_EQ(deflate_bytes_reusing(a, 6), deflate_bytes(a, 6));
  EXPECT_EQ(deflate_bytes_reusing(b, 6), deflate_bytes(b, 6));
  EXPECT_EQ(cache.find(b, 6) != nullptr, true);
  EXPECT_EQ(*cache.find(a, 6), deflate_bytes(a, 6));
  // The key samples long streams: bytes it does not look at still tell them apart.
  for (std::size_t at = 0; at < a.size(); at += 97) {
    std::string c = a;
    c[at] ^= 0x20;
    const std::string* kept = cache.find(c, 6);
    EXPECT_EQ(kept, nullptr) << "byte " << at;
  }
}

TEST(DeflateCache, ShortStreamsAndThreadsWithoutACacheAreDeflatedEachTime) {
  EXPECT_EQ(DeflateCache::current(), nullptr);
  const std::string data = stream(4);
  EXPECT_EQ(deflate_bytes_reusing(data, 6), deflate_bytes(data, 6));  // no cache: plain deflate
  DeflateCache cache;
  {
    const DeflateCache::Use use(&cache);
    EXPECT_EQ(DeflateCache::current(), &cache);
    const std::string short_one(DeflateCache::kMinInput - 1, 'x');
    EXPECT_EQ(deflate_bytes_reusing(short_one, 6), deflate_bytes(short_one, 6));
    EXPECT_EQ(cache.size(), 0u);
  }
  EXPECT_EQ(DeflateCache::current(), nullptr);  // the scope gave the thread back its own
}

TEST(DeflateCache, StaysWithinItsBoundDroppingTheLeastRecentlyUsed) {
  std::size_t bound = 0;  // room for streams 0 to 3 and no more
  for (int i = 0; i < 4; ++i) bound += stream(i).size() + deflate_bytes(stream(i), 6).size() + 128;
  DeflateCache cache(bound);
  const DeflateCache::Use use(&cache);
  for (int i = 0; i < 4; ++i) (void)deflate_bytes_reusing(stream(i), 6);
  ASSERT_EQ(cache.size(), 4u);
  EXPECT_LE(cache.bytes(), bound);
  (void)deflate_bytes_reusing(stream(0), 6);  // 0 used again: now 1 is the oldest
  EXPECT_EQ(cache.hits(), 1u);
  (void)deflate_bytes_reusing(stream(10), 6);
  EXPECT_EQ(cache.find(stream(1), 6), nullptr);
  EXPECT_NE(cache.find(stream(0), 6), nullptr);
  for (int i = 11; i < 40; ++i) {
    (void)deflate_bytes_reusing(stream(i), 6);
    EXPECT_LE(cache.bytes(), bound);
    EXPECT_LE(cache.size(), 4u);
  }
  EXPECT_NE(cache.find(stream(39), 6), nullptr);
  // A stream larger than the whole bound is deflated but never kept.
  DeflateCache tiny(64);
  const DeflateCache::Use small(&tiny);
  EXPECT_EQ(deflate_bytes_reusing(stream(5), 6), deflate_bytes(stream(5), 6));
  EXPECT_EQ(tiny.size(), 0u);
  EXPECT_EQ(tiny.bytes(), 0u);
}

TEST(DeflateCache, EachThreadUsesTheCacheItNames) {
  const std::string data = stream(6);
  const std::string fresh = deflate_bytes(data, 6);
  constexpr int kThreads = 4;
  constexpr int kRounds = 50;
  std::vector<DeflateCache> caches(kThreads);
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const DeflateCache::Use use(&caches[t]);
      for (int r = 0; r < kRounds; ++r) {
        if (deflate_bytes_reusing(data, 6) != fresh) ++wrong[t];
        if (deflate_bytes_reusing(stream(100 + t), 6) != deflate_bytes(stream(100 + t), 6)) ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(wrong[t], 0);
    EXPECT_EQ(caches[t].size(), 2u);  // only its own streams
    EXPECT_EQ(caches[t].hits(), 2u * (kRounds - 1));
  }
  EXPECT_EQ(DeflateCache::current(), nullptr);
}

}  // namespace
