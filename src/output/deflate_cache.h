// Deflated streams kept for reuse: a batch or a service that makes the same pages again (a
// handout in several output names, a rebuild with --force, the same request posted twice)
// gives the compressor the same bytes at the same level, and libdeflate's output depends on
// nothing else. One cache per worker thread (no lock); a thread names the one it uses with
// DeflateCache::Use, and the writer's page content and object streams go through it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace handout {

class DeflateCache {
 public:
  /// At most `max_bytes` of streams (input and output, plus a fixed overhead per entry) are
  /// kept; the least recently used go first.
  static constexpr std::size_t kDefaultBytes = 2u << 20;
  /// Shorter streams are deflated every time (the look-up would cost about as much).
  static constexpr std::size_t kMinInput = 256;

  explicit DeflateCache(std::size_t max_bytes = kDefaultBytes) : max_bytes_(max_bytes) {}
  DeflateCache(const DeflateCache&) = delete;
  DeflateCache& operator=(const DeflateCache&) = delete;

  /// The deflated form of `data` at `level` when kept, else null.
  [[nodiscard]] const std::string* find(std::string_view data, int level);
  /// Keeps `deflated` as `data`'s deflated form at `level` (unless it is larger than the bound).
  void store(std::string_view data, int level, std::string_view deflated);

  [[nodiscard]] std::size_t size() const { return map_.size(); }
  [[nodiscard]] std::size_t bytes() const { return bytes_; }
  [[nodiscard]] std::size_t hits() const { return hits_; }

  /// While alive, this thread's deflate_append_reusing goes through `cache` (null: none).
  class Use {
   public:
    explicit Use(DeflateCache* cache);
    ~Use();
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

   private:
    DeflateCache* previous_;
  };
  /// The cache this thread uses, or null.
  [[nodiscard]] static DeflateCache* current();

 private:
  struct Entry {
    int level;
    std::string input;
    std::string output;
    std::list<std::uint64_t>::iterator age;
  };
  static constexpr std::size_t kEntryOverhead = 128;  // node, bucket, strings, list node
  static std::size_t cost(const Entry& e) { return e.input.size() + e.output.size() + kEntryOverhead; }
  void erase(std::unordered_map<std::uint64_t, Entry>::iterator it);

  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::size_t hits_ = 0;
  std::unordered_map<std::uint64_t, Entry> map_;  // by hash of level and bytes
  std::list<std::uint64_t> ages_;                 // most recently used first
};

/// deflate_append(data, out, level), reusing the deflated bytes kept in this thread's
/// DeflateCache when there is one: the same bytes either way.
void deflate_append_reusing(std::string_view data, std::string& out, int level);
/// deflate_bytes(data, level) likewise.
[[nodiscard]] std::string deflate_bytes_reusing(std::string_view data, int level);

}  // namespace handout
