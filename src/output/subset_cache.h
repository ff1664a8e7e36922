// Font subsets already made, shared by every document and thread of a process: the same
// article in several layouts (or rebuilt) uses the same glyphs, and subsetting plus
// deflating the font is the largest cost of writing a PDF.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/display.h"

namespace handout {

/// A subset font file, deflated, and where each original glyph went.
struct SubsetFont {
  std::string deflated;              ///< the FontFile2 stream's bytes, FlateDecode
  std::size_t length = 0;            ///< the font file's size before deflating (Length1)
  std::map<std::uint32_t, std::uint32_t> old_to_new;
};

/// Thread-safe; lookups take a lock (a few per document, never per glyph). Bounded: when
/// full it starts again empty, so memory stays flat in long batches.
class SubsetCache {
 public:
  explicit SubsetCache(std::size_t capacity = 256) : capacity_(capacity) {}

  [[nodiscard]] std::shared_ptr<const SubsetFont> find(FontId font, const std::vector<std::uint32_t>& gids) const {
    std::lock_guard lock(mutex_);
    auto it = map_.find(key(font, gids));
    return it == map_.end() ? nullptr : it->second;
  }
  void store(FontId font, const std::vector<std::uint32_t>& gids, std::shared_ptr<const SubsetFont> subset) {
    std::lock_guard lock(mutex_);
    if (map_.size() >= capacity_) map_.clear();
    map_.emplace(key(font, gids), std::move(subset));
  }

 private:
  static std::string key(FontId font, const std::vector<std::uint32_t>& gids) {
    std::string k(reinterpret_cast<const char*>(&font), sizeof font);
    k.append(reinterpret_cast<const char*>(gids.data()), gids.size() * sizeof(std::uint32_t));
    return k;
  }
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const SubsetFont>> map_;
};

}  // namespace handout
