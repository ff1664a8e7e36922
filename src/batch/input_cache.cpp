#include "batch/input_cache.h"

#include <sys/stat.h>

#include <algorithm>

namespace handout {

namespace {

using Key = std::tuple<std::string, unsigned long, unsigned long, long, long, long>;

std::optional<Key> key_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return Key{path, st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
}

}  // namespace

template <class T, class Load>
std::shared_ptr<const T> InputCache::get(Kept<T>& kept, const std::string& path, DiagSink& sink, Load&& load) {
  const auto before = key_of(path);
  if (before) {
    std::lock_guard lock(mutex_);
    if (auto it = kept.by_key.find(*before); it != kept.by_key.end()) {
      kept.order.splice(kept.order.begin(), kept.order, it->second);  // used last now
      return it->second->second;
    }
  }
  const int reported = sink.error_count() + sink.warning_count();
  const std::size_t said = sink.all().size();
  auto loaded = load();
  if (!loaded) return nullptr;
  auto shared = std::make_shared<const T>(std::move(*loaded));
  // Kept only when the load said nothing and the file did not change while it was read.
  if (before && sink.error_count() + sink.warning_count() == reported && sink.all().size() == said && key_of(path) == before) {
    const auto size = static_cast<std::size_t>(std::max(0L, std::get<3>(*before)));
    std::lock_guard lock(mutex_);
    if (size <= kKeptFileBytes && kept.by_key.find(*before) == kept.by_key.end()) {
      kept.order.emplace_front(*before, shared);
      kept.by_key.emplace(*before, kept.order.begin());
      kept.bytes += size;
      // The files used longest ago go first, down to the bounds.
      while (kept.bytes > kKeptFileBytes || kept.order.size() > kKeptFiles) {
        const Key& key = kept.order.back().first;
        kept.bytes -= static_cast<std::size_t>(std::max(0L, std::get<3>(key)));
        kept.by_key.erase(key);
        kept.order.pop_back();
      }
    }
  }
  return shared;
}

std::shared_ptr<const Article> InputCache::article(const std::string& path, DiagSink& sink,
                                                   const InputLimits& limits) {
  return get(articles_, path, sink, [&] { return load_article(path, sink, limits); });
}

std::shared_ptr<const LayoutSpec> InputCache::layout(const std::string& path, DiagSink& sink,
                                                     const InputLimits& limits) {
  return get(layouts_, path, sink, [&] { return load_layout(path, sink, limits); });
}

}  // namespace handout
