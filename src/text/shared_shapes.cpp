#include "text/shared_shapes.h"

#include "core/heap_bytes.h"

namespace handout {

namespace {

/// The heap a map's copy of `key` takes: none when it fits in the string itself, else its
/// size (a copy's capacity is its size) and the terminator.
std::size_t key_bytes(const std::string& key) {
  return key.size() <= std::string().capacity() ? 0 : heap_block(key.size() + 1);
}

}  // namespace

bool SharedShapes::room_for(std::size_t bytes) {
  if (bytes > max_bytes_) return false;
  if (bytes_ + bytes > max_bytes_) {
    paragraphs_.clear();
    lines_.clear();
    emitted_.clear();
    bytes_ = 0;
  }
  bytes_ += bytes;
  return true;
}

std::optional<CachedParagraph> SharedShapes::paragraph(const std::string& key, std::size_t& bytes) {
  const std::lock_guard lock(mutex_);
  auto it = paragraphs_.find(key);
  if (it == paragraphs_.end()) return std::nullopt;
  auto kept = it->second.paragraph.lock();
  if (!kept) return std::nullopt;  // its worker let it go
  bytes = it->second.bytes;
  hits_.fetch_add(1, std::memory_order_relaxed);
  return CachedParagraph{std::move(kept), it->second.warnings};
}

void SharedShapes::publish_paragraph(const std::string& key, const CachedParagraph& value, std::size_t bytes) {
  const std::lock_guard lock(mutex_);
  if (auto it = paragraphs_.find(key); it != paragraphs_.end()) {
    it->second = Paragraph{value.paragraph, value.warnings, bytes};  // the newer holder
    return;
  }
  std::size_t entry = key_bytes(key) + hash_node_bytes<decltype(paragraphs_)::value_type>() + heap_bytes(value.warnings);
  for (const auto& w : value.warnings) entry += heap_bytes(w);
  if (room_for(entry)) paragraphs_.emplace(key, Paragraph{value.paragraph, value.warnings, bytes});
}

std::shared_ptr<const void> SharedShapes::find(Opaque kind, const std::string& key, std::size_t& bytes) {
  const std::lock_guard lock(mutex_);
  Opaques& map = map_of(kind);
  auto it = map.find(key);
  if (it == map.end()) return nullptr;
  auto kept = it->second.value.lock();
  if (!kept) return nullptr;
  bytes = it->second.bytes;
  hits_.fetch_add(1, std::memory_order_relaxed);
  return kept;
}

void SharedShapes::publish(Opaque kind, const std::string& key, const std::shared_ptr<const void>& value,
                           std::size_t bytes) {
  const std::lock_guard lock(mutex_);
  Opaques& map = map_of(kind);
  if (auto it = map.find(key); it != map.end()) {
    it->second = Held{value, bytes};  // the newer holder
    return;
  }
  if (room_for(key_bytes(key) + hash_node_bytes<Opaques::value_type>())) map.emplace(key, Held{value, bytes});
}

std::size_t SharedShapes::entries() const {
  const std::lock_guard lock(mutex_);
  return paragraphs_.size() + lines_.size() + emitted_.size();
}

}  // namespace handout
