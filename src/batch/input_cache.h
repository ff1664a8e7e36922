// Articles and layouts parsed once per batch: a batch names the same few files in many jobs
// (a topic in several layouts, one layout for every topic). A file is read again when its
// path, device, inode, size or modification time differ, and only loads that reported
// nothing (no error, no warning) are kept, so every job reports what `handout render`
// would. Shared by the workers: a lookup takes a lock, a parse does not.
#pragma once

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
  /// The article at `path` as load_article gives it (its diagnostics into `sink`).
  [[nodiscard]] std::shared_ptr<const Article> article(const std::string& path, DiagSink& sink,
                                                       const InputLimits& limits);
  /// The layout at `path` as load_layout gives it.
  [[nodiscard]] std::shared_ptr<const LayoutSpec> layout(const std::string& path, DiagSink& sink,
                                                         const InputLimits& limits);

 private:
  // Path, device, inode, size, modification time (seconds, nanoseconds).
  using Key = std::tuple<std::string, unsigned long, unsigned long, long, long, long>;
  template <class T, class Load>
  std::shared_ptr<const T> get(std::map<Key, std::shared_ptr<const T>>& map, const std::string& path,
                               DiagSink& sink, Load&& load);
  std::mutex mutex_;
  std::map<Key, std::shared_ptr<const Article>> articles_;
  std::map<Key, std::shared_ptr<const LayoutSpec>> layouts_;
};

}  // namespace handout
