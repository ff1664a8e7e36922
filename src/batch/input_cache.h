// Articles and layouts parsed once per batch: a batch names the same few files in many jobs
// (a topic in several layouts, one layout for every topic). A file is read again when its
// path, device, inode, size or modification time differ, and only loads that reported
// nothing (no error, no warning) are kept, so every job reports what `handout render`
// would. Shared by the workers: a lookup takes a lock, a parse does not.
// What is kept is bounded: the files used last, up to kKeptFileBytes of them (by their size
// on disk) for articles and as much for layouts; older ones are parsed again when a job names
// them. A batch over a library of thousands of topics held every article it had read until
// it ended (an article takes about 9 times its file's size in memory, more with many spans).
#pragma once

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>

#include "core/diag.h"
#include "model/article.h"
#include "spec/layout_spec.h"

namespace handout {

class InputCache {
 public:
  /// The most file bytes kept of each kind (articles, layouts).
  static constexpr std::size_t kKeptFileBytes = std::size_t{4} << 20;

  /// The article at `path` as load_article gives it (its diagnostics into `sink`).
  [[nodiscard]] std::shared_ptr<const Article> article(const std::string& path, DiagSink& sink,
                                                       const InputLimits& limits);
  /// The layout at `path` as load_layout gives it.
  [[nodiscard]] std::shared_ptr<const LayoutSpec> layout(const std::string& path, DiagSink& sink,
                                                         const InputLimits& limits);

 private:
  // Path, device, inode, size, modification time (seconds, nanoseconds).
  using Key = std::tuple<std::string, unsigned long, unsigned long, long, long, long>;
  // The files kept, the one used last first, with the sum of their sizes.
  template <class T>
  struct Kept {
    std::list<std::pair<Key, std::shared_ptr<const T>>> order;
    std::map<Key, typename decltype(order)::iterator> by_key;
    std::size_t bytes = 0;
  };
  template <class T, class Load>
  std::shared_ptr<const T> get(Kept<T>& kept, const std::string& path, DiagSink& sink, Load&& load);
  std::mutex mutex_;
  Kept<Article> articles_;
  Kept<LayoutSpec> layouts_;
};

}  // namespace handout
