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

/// A font's CIDToGIDMap and ToUnicode CMap streams, deflated: what they hold follows from
/// the glyph and the text of each CID, in CID order.
struct FontStreams {
  std::string cid_to_gid;  ///< the CIDToGIDMap stream's bytes, FlateDecode
  std::string to_unicode;  ///< the ToUnicode stream's bytes, FlateDecode
};

/// Thread-safe; lookups take a lock (a few per document, never per glyph). Bounded: when
/// full it starts again empty, so memory stays flat in long batches.
class SubsetCache {
 public:
  explicit SubsetCache(std::size_t capacity = 256) : capacity_(capacity) {}

  /// A font's streams made before for `key` (its CIDs' glyphs and texts, in CID order;
  /// PdfFontSet makes it), or null.
  [[nodiscard]] std::shared_ptr<const FontStreams> find_streams(FontId font, const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(std::make_pair(font, key));
    return it == streams_.end() ? nullptr : it->second;
  }
  void store_streams(FontId font, std::string key, std::shared_ptr<const FontStreams> streams) {
    std::lock_guard lock(mutex_);
    if (streams_.size() >= capacity_) streams_.clear();
    streams_.emplace(std::make_pair(font, std::move(key)), std::move(streams));
  }
  [[nodiscard]] std::size_t streams_stored() const {
    std::lock_guard lock(mutex_);
    return streams_.size();
  }

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
  std::map<std::pair<FontId, std::string>, std::shared_ptr<const FontStreams>> streams_;
};

}  // namespace handout
