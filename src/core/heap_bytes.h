// What a value takes on the heap, for caches that keep to a memory budget. Counting only the
// elements (a paragraph's glyphs, a line's runs) left out each allocation's own cost, the
// vectors' spare capacity and the members nobody thought of; on the small paragraphs of a
// long batch of tiny handouts that was more than half of what was kept, so the caps let
// through about twice what they said.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace handout {

/// What one allocation of `n` bytes takes: rounded up to 16 bytes, plus 16 for the
/// allocator's own record (glibc's chunk header and alignment; mimalloc's size classes cost
/// about as much). Nothing for no allocation.
[[nodiscard]] constexpr std::size_t heap_block(std::size_t n) {
  return n == 0 ? 0 : ((n + 15) & ~std::size_t{15}) + 16;
}

/// A vector's element storage (its capacity, not its size); not what the elements hold.
template <class T>
[[nodiscard]] std::size_t heap_bytes(const std::vector<T>& v) {
  return heap_block(v.capacity() * sizeof(T));
}

/// A string's character storage; nothing when it fits in the string itself.
template <class C>
[[nodiscard]] std::size_t heap_bytes(const std::basic_string<C>& s) {
  const auto* data = reinterpret_cast<const unsigned char*>(s.data());
  const auto* self = reinterpret_cast<const unsigned char*>(&s);
  const std::less<const unsigned char*> before;
  if (!before(data, self) && before(data, self + sizeof s)) return 0;  // in place (a short string)
  return heap_block((s.capacity() + 1) * sizeof(C));
}

/// An object made by std::make_shared: the object and its control block, one allocation.
template <class T>
[[nodiscard]] constexpr std::size_t shared_block() {
  return heap_block(sizeof(T) + 2 * sizeof(long) + sizeof(void*));
}

/// One entry of a std::unordered_map with values of type `Value` (the pair of key and
/// value): its node (next pointer, the pair, the cached hash) and its share of the buckets.
template <class Value>
[[nodiscard]] constexpr std::size_t hash_node_bytes() {
  return heap_block(sizeof(void*) + sizeof(Value) + sizeof(std::size_t)) + 2 * sizeof(void*);
}

}  // namespace handout
