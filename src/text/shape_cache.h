// A cache of shaping results for one worker thread: a batch renders the same paragraphs
// again and again (every layout of a topic, every rebuild), and HarfBuzz is the largest
// single cost of a layout. Results are kept in font units, so they serve every size.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/heap_bytes.h"

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

struct ShapedParagraph;
class SharedShapes;

/// A whole paragraph after every text step, with the warnings shaping it gave (replayed
/// on a hit, at the new paragraph's location).
struct CachedParagraph {
  std::shared_ptr<const ShapedParagraph> paragraph;
  std::vector<std::string> warnings;
};

/// Not thread-safe: one per worker (workers tell each other through a SharedShapes).
/// Bounded: when full it starts again empty, which keeps memory flat however long a batch
/// runs. What is counted against the bounds is what the entries take on the heap
/// (heap_bytes.h): allocations, spare capacity and the maps' nodes included. Lines are kept by
/// the identity of their paragraph (which they hold) and display items by that of their
/// lines: when the paragraphs start again empty, so do the lines and items, which no
/// paragraph shaped from then on can find again (they held their old paragraphs alive,
/// outside every bound).
class ShapeCache {
 public:
  /// At most `max_bytes` of keys and glyphs (64 MiB by default) are kept, and as much of
  /// whole paragraphs; lines and display items take at most `max_line_bytes` each (0: a
  /// sixteenth of `max_bytes`).
  explicit ShapeCache(std::size_t max_bytes = 64u << 20, std::size_t max_line_bytes = 0)
      : max_bytes_(max_bytes), max_line_bytes_(max_line_bytes ? max_line_bytes : max_bytes / 16) {}

  [[nodiscard]] const std::vector<CachedGlyph>* find(const std::u32string& key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }
  void store(std::u32string key, std::vector<CachedGlyph> glyphs) {
    const std::size_t bytes =
        heap_bytes(key) + heap_bytes(glyphs) + hash_node_bytes<decltype(map_)::value_type>();
    if (bytes > max_bytes_) return;
    if (bytes_ + bytes > max_bytes_) {
      map_.clear();
      bytes_ = 0;
    }
    if (map_.emplace(std::move(key), std::move(glyphs)).second) bytes_ += bytes;
  }
  [[nodiscard]] std::size_t size() const { return map_.size(); }
  /// How many paragraphs were looked up (each one a paragraph a layout shaped).
  [[nodiscard]] std::size_t paragraph_lookups() const { return paragraph_lookups_; }

  /// Tells this cache's paragraphs, lines and display items to the batch's other workers,
  /// and looks there on a miss (nullptr: this worker alone).
  void share(SharedShapes* shared) { shared_ = shared; }

  /// A paragraph this worker (or, when shared, another) shaped. Not const: one found among
  /// the other workers' is kept here too.
  [[nodiscard]] const CachedParagraph* find_paragraph(const std::string& key);
  /// `bytes`: what `value`'s paragraph takes on the heap (shaper.cpp counts it).
  void store_paragraph(std::string key, CachedParagraph value, std::size_t bytes);

  /// A paragraph's lines as para/line_builder.cpp keeps them (opaque here), by its key.
  /// Lines take at most `max_line_bytes` more (4 MiB a batch worker: some ten seed
  /// handouts' lines).
  [[nodiscard]] const std::shared_ptr<const void>* find_lines(const std::string& key);
  /// `bytes`: what `value` takes on the heap, without the paragraph it holds (which the
  /// paragraphs' bound counts).
  void store_lines(std::string key, std::shared_ptr<const void> value, std::size_t bytes);
  [[nodiscard]] std::size_t line_sets() const { return lines_.size(); }
  /// How many paragraphs took their lines from here (line_builder.cpp counts them).
  void count_line_hit() { ++line_hits_; }
  [[nodiscard]] std::size_t line_hits() const { return line_hits_; }
  [[nodiscard]] std::size_t line_bytes() const { return line_bytes_; }

  /// A line's display items as block/text_block.cpp made them (opaque here), by its key.
  /// They take at most `max_line_bytes` more, like lines.
  [[nodiscard]] const std::shared_ptr<const void>* find_emitted(const std::string& key);
  /// `bytes`: what `value` takes on the heap, without the lines it holds.
  void store_emitted(std::string key, std::shared_ptr<const void> value, std::size_t bytes);
  /// How many lines took their items from here, and how many are kept.
  void count_emitted_hit() { ++emitted_hits_; }
  [[nodiscard]] std::size_t emitted_hits() const { return emitted_hits_; }
  [[nodiscard]] std::size_t emitted_lines() const { return emitted_.size(); }

  /// What is kept, as counted against the bounds: shaped runs, paragraphs, lines, items.
  [[nodiscard]] std::size_t run_bytes() const { return bytes_; }
  [[nodiscard]] std::size_t paragraph_bytes() const { return paragraph_bytes_; }
  [[nodiscard]] std::size_t emitted_bytes() const { return emitted_bytes_; }

 private:
  // Lines start again empty, and so do the display items, which are kept by their lines.
  void clear_lines() {
    lines_.clear();
    line_bytes_ = 0;
    emitted_.clear();
    emitted_bytes_ = 0;
  }
  // Each keeps an entry here (`bytes` counted as `store_*` counts them: the value and the
  // entry) and returns it, or nullptr when it is larger than the bound; the `store_*` also
  // tell the shared index.
  const CachedParagraph* keep_paragraph(std::string key, CachedParagraph value, std::size_t bytes);
  const std::shared_ptr<const void>* keep_lines(std::string key, std::shared_ptr<const void> value,
                                                std::size_t bytes);
  const std::shared_ptr<const void>* keep_emitted(std::string key, std::shared_ptr<const void> value,
                                                  std::size_t bytes);

  SharedShapes* shared_ = nullptr;
  std::size_t max_bytes_;
  std::size_t max_line_bytes_;
  std::size_t bytes_ = 0;
  std::unordered_map<std::u32string, std::vector<CachedGlyph>> map_;
  std::size_t paragraph_bytes_ = 0;
  std::unordered_map<std::string, CachedParagraph> paragraphs_;
  std::size_t line_bytes_ = 0;
  std::size_t line_hits_ = 0;
  std::unordered_map<std::string, std::pair<std::shared_ptr<const void>, std::size_t>> lines_;
  std::size_t paragraph_lookups_ = 0;
  std::size_t emitted_bytes_ = 0;
  std::size_t emitted_hits_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const void>> emitted_;
};

}  // namespace handout
