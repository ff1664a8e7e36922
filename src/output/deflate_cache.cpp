#include "output/deflate_cache.h"

#include <cstring>
#include <functional>

#include "output/pdf_deflate.h"

namespace handout {

namespace {

thread_local DeflateCache* tl_current = nullptr;

// A hit is confirmed by comparing every byte, so the key need only tell streams apart as a
// rule: it hashes the length, the first and last kEdge bytes and kSamples bytes spread over
// the rest (hashing all of a seed's 150 KB of streams cost 0.23 M instructions a handout).
std::uint64_t stream_key(std::string_view data, int level) {
  constexpr std::size_t kEdge = 256;
  constexpr std::size_t kSamples = 256;
  std::hash<std::string_view> hash;
  const std::uint64_t salt = (static_cast<std::uint64_t>(level) << 56) ^ (data.size() * 0x9E3779B97F4A7C15ull);
  if (data.size() <= 2 * kEdge + kSamples) return hash(data) ^ salt;
  char sample[2 * kEdge + kSamples];
  std::memcpy(sample, data.data(), kEdge);
  std::memcpy(sample + kEdge, data.data() + data.size() - kEdge, kEdge);
  const std::size_t middle = data.size() - 2 * kEdge;
  for (std::size_t i = 0; i < kSamples; ++i) sample[2 * kEdge + i] = data[kEdge + i * middle / kSamples];
  return hash(std::string_view(sample, sizeof sample)) ^ salt;
}

}  // namespace

const std::string* DeflateCache::find(std::string_view data, int level) {
  auto it = map_.find(stream_key(data, level));
  if (it == map_.end() || it->second.level != level || it->second.input != data) return nullptr;
  ages_.splice(ages_.begin(), ages_, it->second.age);
  ++hits_;
  return &it->second.output;
}

void DeflateCache::erase(std::unordered_map<std::uint64_t, Entry>::iterator it) {
  bytes_ -= cost(it->second);
  ages_.erase(it->second.age);
  map_.erase(it);
}

void DeflateCache::store(std::string_view data, int level, std::string_view deflated) {
  const std::size_t need = data.size() + deflated.size() + kEntryOverhead;
  if (need > max_bytes_) return;
  const std::uint64_t key = stream_key(data, level);
  if (auto it = map_.find(key); it != map_.end()) erase(it);  // another stream with this hash
  while (bytes_ + need > max_bytes_ && !ages_.empty()) erase(map_.find(ages_.back()));
  ages_.push_front(key);
  map_.emplace(key, Entry{level, std::string(data), std::string(deflated), ages_.begin()});
  bytes_ += need;
}

DeflateCache::Use::Use(DeflateCache* cache) : previous_(tl_current) { tl_current = cache; }
DeflateCache::Use::~Use() { tl_current = previous_; }
DeflateCache* DeflateCache::current() { return tl_current; }

void deflate_append_reusing(std::string_view data, std::string& out, int level) {
  DeflateCache* cache = tl_current;
  if (!cache || data.size() < DeflateCache::kMinInput) {
    deflate_append(data, out, level);
    return;
  }
  if (const std::string* kept = cache->find(data, level)) {
    out += *kept;
    return;
  }
  const std::size_t start = out.size();
  deflate_append(data, out, level);
  cache->store(data, level, std::string_view(out).substr(start));
}

std::string deflate_bytes_reusing(std::string_view data, int level) {
  std::string out;
  deflate_append_reusing(data, out, level);
  return out;
}

}  // namespace handout
