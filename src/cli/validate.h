// `handout validate`: check articles, layouts and batch manifests with every check `render`
// makes (formats, fonts that cover every character, layout, page limit, the PDF itself in
// memory), short of writing the PDF; translations must correspond and be current.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/diag.h"
#include "core/json_doc.h"
#include "engine/engine.h"

namespace handout {

enum class FileKind { kAuto, kArticle, kLayout, kBrand, kManifest };

struct ValidateOptions {
  FileKind kind = FileKind::kAuto;
  RenderOptions render;
  /// The layout articles are laid out with (render's default unless given).
  std::string layout;
  bool layout_given = false;
  /// When no layout is given: whether the default one is there, reporting to the sink why
  /// not (handout's data folder not found), before articles are laid out with it.
  std::function<bool(const std::string&, DiagSink&)> default_layout_found;
};

/// What `root` looks like: a JSON Schema, a batch manifest, a layout, a brand or an article.
enum class JsonKind { kSchema, kManifest, kLayout, kBrand, kArticle };
[[nodiscard]] JsonKind guess_kind(const nlohmann::json& root);

/// Validates `files`; reports every problem to `sink`. Articles in the same folder, and
/// two articles named together, are taken as translations of one topic.
void validate_files(Engine& engine, const std::vector<std::string>& files, const ValidateOptions& options,
                    DiagSink& sink);

}  // namespace handout
