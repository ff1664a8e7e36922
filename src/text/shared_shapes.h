// What a batch's workers have shaped, told to each other. Each worker keeps its own
// ShapeCache (no lock on the hot path); when it shapes a paragraph, breaks it into lines or
// makes a line's display items, it also names them here. A worker that misses in its own
// cache looks here (under a lock, only on a miss) before shaping: a topic in several layouts
// or languages is shaped once for the batch, not once per worker.
//
// Nothing is owned here: entries are weak references to what the workers' caches keep, so
// sharing adds no copies and no memory beyond the keys. An entry whose owner let it go is a
// miss. Bounded: when the keys pass `max_bytes` it starts again empty.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "text/shape_cache.h"

namespace handout {

class SharedShapes {
 public:
  explicit SharedShapes(std::size_t max_bytes = 8u << 20) : max_bytes_(max_bytes) {}

  /// A paragraph another worker shaped and still keeps, with its warnings and the bytes it
  /// was counted at.
  std::optional<CachedParagraph> paragraph(const std::string& key, std::size_t& bytes);
  void publish_paragraph(const std::string& key, const CachedParagraph& value, std::size_t bytes);

  /// Lines (KeptLines) and a line's display items (EmittedLine), opaque here: which of the
  /// two a key names.
  enum class Opaque { kLines, kEmitted };
  /// What another worker keeps under `key` (and the bytes it was counted at), or null.
  std::shared_ptr<const void> find(Opaque kind, const std::string& key, std::size_t& bytes);
  void publish(Opaque kind, const std::string& key, const std::shared_ptr<const void>& value, std::size_t bytes);

  /// How many misses of a worker's own cache were answered here.
  [[nodiscard]] std::size_t hits() const { return hits_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::size_t entries() const;

 private:
  struct Paragraph {
    std::weak_ptr<const ShapedParagraph> paragraph;
    std::vector<std::string> warnings;
    std::size_t bytes;
  };
  struct Held {
    std::weak_ptr<const void> value;
    std::size_t bytes;
  };
  using Opaques = std::unordered_map<std::string, Held>;
  Opaques& map_of(Opaque kind) { return kind == Opaque::kLines ? lines_ : emitted_; }
  /// Counts a new entry of `bytes` (its node, its copy of the key and what else it holds on
  /// the heap, as ShapeCache counts: core/heap_bytes.h); empties every map first when it
  /// would pass the bound. False when the entry alone is over the bound.
  bool room_for(std::size_t bytes);
  mutable std::mutex mutex_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::unordered_map<std::string, Paragraph> paragraphs_;
  Opaques lines_;
  Opaques emitted_;
  std::atomic<std::size_t> hits_{0};
};

}  // namespace handout
