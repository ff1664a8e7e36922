#include "text/shape_cache.h"

#include "text/shared_shapes.h"

namespace handout {

const CachedParagraph* ShapeCache::keep_paragraph(std::string key, CachedParagraph value, std::size_t bytes) {
  if (bytes > max_bytes_) return nullptr;
  if (paragraph_bytes_ + bytes > max_bytes_) {
    paragraphs_.clear();
    paragraph_bytes_ = 0;
    clear_lines();  // kept by paragraphs no longer here
  }
  auto [it, added] = paragraphs_.emplace(std::move(key), std::move(value));
  if (added) paragraph_bytes_ += bytes;
  return &it->second;
}

const CachedParagraph* ShapeCache::find_paragraph(const std::string& key) {
  ++paragraph_lookups_;
  if (auto it = paragraphs_.find(key); it != paragraphs_.end()) return &it->second;
  if (!shared_) return nullptr;
  std::size_t bytes = 0;
  auto theirs = shared_->paragraph(key, bytes);
  return theirs ? keep_paragraph(key, std::move(*theirs), bytes) : nullptr;
}

void ShapeCache::store_paragraph(std::string key, CachedParagraph value, std::size_t bytes) {
  bytes += heap_bytes(key) + hash_node_bytes<decltype(paragraphs_)::value_type>() + heap_bytes(value.warnings);
  for (const auto& w : value.warnings) bytes += heap_bytes(w);
  if (shared_ && bytes <= max_bytes_) shared_->publish_paragraph(key, value, bytes);
  keep_paragraph(std::move(key), std::move(value), bytes);
}

const std::shared_ptr<const void>* ShapeCache::keep_lines(std::string key, std::shared_ptr<const void> value,
                                                          std::size_t bytes) {
  if (bytes > max_line_bytes_) return nullptr;
  if (auto it = lines_.find(key); it != lines_.end()) {  // the same paragraph, another measure
    line_bytes_ -= it->second.second;
    lines_.erase(it);
  }
  if (line_bytes_ + bytes > max_line_bytes_) clear_lines();
  auto it = lines_.emplace(std::move(key), std::make_pair(std::move(value), bytes)).first;
  line_bytes_ += bytes;
  return &it->second.first;
}

const std::shared_ptr<const void>* ShapeCache::find_lines(const std::string& key) {
  if (auto it = lines_.find(key); it != lines_.end()) return &it->second.first;
  if (!shared_) return nullptr;
  std::size_t bytes = 0;
  auto theirs = shared_->find(SharedShapes::Opaque::kLines, key, bytes);
  return theirs ? keep_lines(key, std::move(theirs), bytes) : nullptr;
}

void ShapeCache::store_lines(std::string key, std::shared_ptr<const void> value, std::size_t bytes) {
  bytes += heap_bytes(key) + hash_node_bytes<decltype(lines_)::value_type>();
  if (shared_ && bytes <= max_line_bytes_) shared_->publish(SharedShapes::Opaque::kLines, key, value, bytes);
  keep_lines(std::move(key), std::move(value), bytes);
}

const std::shared_ptr<const void>* ShapeCache::keep_emitted(std::string key, std::shared_ptr<const void> value,
                                                            std::size_t bytes) {
  if (bytes > max_line_bytes_) return nullptr;
  if (emitted_bytes_ + bytes > max_line_bytes_) {
    emitted_.clear();
    emitted_bytes_ = 0;
  }
  auto [it, added] = emitted_.insert_or_assign(std::move(key), std::move(value));
  if (added) emitted_bytes_ += bytes;
  return &it->second;
}

const std::shared_ptr<const void>* ShapeCache::find_emitted(const std::string& key) {
  if (auto it = emitted_.find(key); it != emitted_.end()) return &it->second;
  if (!shared_) return nullptr;
  std::size_t bytes = 0;
  auto theirs = shared_->find(SharedShapes::Opaque::kEmitted, key, bytes);
  return theirs ? keep_emitted(key, std::move(theirs), bytes) : nullptr;
}

void ShapeCache::store_emitted(std::string key, std::shared_ptr<const void> value, std::size_t bytes) {
  bytes += heap_bytes(key) + hash_node_bytes<decltype(emitted_)::value_type>();
  if (shared_ && bytes <= max_line_bytes_) shared_->publish(SharedShapes::Opaque::kEmitted, key, value, bytes);
  keep_emitted(std::move(key), std::move(value), bytes);
}

}  // namespace handout
