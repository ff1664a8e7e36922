// `handout validate`: check articles and layouts against their formats and the rules a
// schema cannot say (rows as long as the header, translations that correspond).
#pragma once

#include <string>
#include <vector>

#include "core/diag.h"
#include "core/json_doc.h"

namespace handout {

enum class FileKind { kAuto, kArticle, kLayout, kBrand };

/// Validates `files`; reports every problem to `sink`. Articles in the same folder are
/// taken as translations of one topic and must correspond.
void validate_files(const std::vector<std::string>& files, FileKind kind, const InputLimits& limits,
                    DiagSink& sink);

}  // namespace handout
