#include "cli/validate.h"

#include <filesystem>
#include <map>
#include <memory>

#include "model/article.h"
#include "model/correspondence.h"
#include "spec/brand.h"
#include "spec/layout_spec.h"

namespace handout {

void validate_files(const std::vector<std::string>& files, FileKind kind, const InputLimits& limits,
                    DiagSink& sink) {
  std::map<std::string, std::vector<Article>> by_folder;
  for (const auto& f : files) {
    auto doc = load_json_file(f, sink, limits);
    if (!doc) continue;
    FileKind k = kind;
    if (k == FileKind::kAuto) {
      const auto& root = doc->root();
      // A layout names its fonts; an article has blocks; a brand has a phone number.
      k = root.is_object() && (root.contains("fonts") || root.contains("page")) && !root.contains("blocks")
              ? FileKind::kLayout
          : root.is_object() && root.contains("phone") && !root.contains("blocks") ? FileKind::kBrand
                                                                                  : FileKind::kArticle;
    }
    if (k == FileKind::kBrand) {
      (void)read_brand(std::make_shared<const JsonDoc>(std::move(*doc)), sink, limits);
      continue;
    }
    if (k == FileKind::kLayout) {
      (void)read_layout(*doc, sink, limits);
      continue;
    }
    auto article = read_article(std::make_shared<const JsonDoc>(std::move(*doc)), sink, limits);
    if (article) {
      const std::string folder = std::filesystem::path(f).parent_path().lexically_normal().string();
      by_folder[folder].push_back(std::move(*article));
    }
  }
  for (const auto& [folder, articles] : by_folder) {
    for (std::size_t i = 1; i < articles.size(); ++i) (void)check_correspondence(articles[0], articles[i], sink);
  }
}

}  // namespace handout
