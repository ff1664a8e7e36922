// Articles and layouts parsed once per batch: a batch names the same few files in many jobs
// (a topic in several layouts, one layout for every topic). A file is read again when its
// path, device, inode, size or modification time differ, and only loads that reported
// nothing (no error, no warning) are kept, so every job reports what `handout render`
// would. Shared by the workers: a lookup takes a lock, a parse does not.
// What is kept is bounded: the files used last, up to kKeptFileBytes of them (by their size
// on disk) and kKeptFiles files for articles and as much for layouts; older ones are parsed
// again when a job names them. A batch over a library of thousands of topics held every
// article it had read until it ended (an article takes about 9 times its file's size in
// memory, more with many spans). The count bounds what small files keep: 4 MiB of tiny
// articles (a title and two sentences, 2.3 KB each parsed) was some 15,000 of them, and a
// batch of 10,000 such handouts grew by each one it read.
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
  /// The most files kept of each kind: as many as reuse needs (a topic's jobs in every
  /// layout, a list by layout over hundreds of topics), for small files too.
  static constexpr std::size_t kKeptFiles = 1024;

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
