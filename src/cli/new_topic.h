// `handout new TOPIC --langs en,ar`: a new topic's articles, copied from the template in
// content/_template/<lang>.json (every block kind, ready to fill in).
#pragma once

#include <string>
#include <vector>

#include "core/diag.h"

namespace handout {

struct NewTopicOptions {
  std::string topic;
  std::vector<std::string> langs{"en", "ar"};
  std::string content_dir = "content";
};

/// Copies the template for each language into content_dir/topic/, and the template's
/// images/ folder beside them, and the schema the templates name ("$schema", relative) where
/// the new articles' editor looks for it, when it is not there; never overwrites a file. Reports each file written on `written`.
/// Returns the exit status (cli/exit_codes.h): 0 made, 2 refused (a bad topic or language, a
/// file that exists), 3 a folder or file could not be written; nothing is kept unless 0.
[[nodiscard]] int new_topic(const NewTopicOptions& options, std::vector<std::string>& written, DiagSink& sink);

}  // namespace handout
