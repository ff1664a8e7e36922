#include "batch/input_cache.h"

#include <sys/stat.h>

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
std::shared_ptr<const T> InputCache::get(std::map<Key, std::shared_ptr<const T>>& map, const std::string& path,
                                         DiagSink& sink, Load&& load) {
  const auto before = key_of(path);
  if (before) {
    std::lock_guard lock(mutex_);
    if (auto it = map.find(*before); it != map.end()) return it->second;
  }
  const int reported = sink.error_count() + sink.warning_count();
  const std::size_t kept = sink.all().size();
  auto loaded = load();
  if (!loaded) return nullptr;
  auto shared = std::make_shared<const T>(std::move(*loaded));
  // Kept only when the load said nothing and the file did not change while it was read.
  if (before && sink.error_count() + sink.warning_count() == reported && sink.all().size() == kept && key_of(path) == before) {
    std::lock_guard lock(mutex_);
    map.emplace(*before, shared);
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
