// A cache of shaping results for one worker thread: a batch renders the same paragraphs
// again and again (every layout of a topic, every rebuild), and HarfBuzz is the largest
// single cost of a layout. Results are kept in font units, so they serve every size.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace handout {

/// A glyph as HarfBuzz shaped it at scale = units per em.
struct CachedGlyph {
  std::uint32_t gid;
  std::uint32_t cluster_offset;  ///< cluster minus the run's first index
  std::int32_t x_advance;
  std::int32_t x_offset;
  std::int32_t y_offset;
  bool unsafe_to_break;
};

/// Not thread-safe: one per worker. Bounded: when full it starts again empty, which keeps
/// memory flat however long a batch runs.
class ShapeCache {
 public:
  explicit ShapeCache(std::size_t capacity = 50000) : capacity_(capacity) {}

  [[nodiscard]] const std::vector<CachedGlyph>* find(const std::u32string& key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }
  void store(std::u32string key, std::vector<CachedGlyph> glyphs) {
    if (map_.size() >= capacity_) map_.clear();
    map_.emplace(std::move(key), std::move(glyphs));
  }
  [[nodiscard]] std::size_t size() const { return map_.size(); }

 private:
  std::size_t capacity_;
  std::unordered_map<std::u32string, std::vector<CachedGlyph>> map_;
};

}  // namespace handout
