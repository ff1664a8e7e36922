// The authoring subcommands' command lines (`import`, `new`), for src/cli/main.cpp (header
// only: the engine library does not see CLI11).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/import.h"
#include "cli/new_topic.h"

namespace handout {

inline CLI::App* add_import_subcommand(CLI::App& app, ImportOptions& options) {
  auto* cmd = app.add_subcommand("import", "Turn a Word document, a web page or Markdown into an article (needs pandoc)");
  cmd->add_option("document", options.input, "The document: .docx, .odt, .html or .md")->required();
  cmd->add_option("-o,--output", options.output, "The article JSON file to write")->required();
  cmd->add_option("--lang", options.lang, "The article's language (en, ar, ...); default: the document's own");
  cmd->add_option("--from", options.from, "pandoc's input format, when the file name does not tell");
  cmd->add_flag("--force", options.force, "Replace the output file when it exists (an article edited since is lost)");
  return cmd;
}

inline CLI::App* add_new_subcommand(CLI::App& app, NewTopicOptions& options) {
  auto* cmd = app.add_subcommand("new", "Start a topic: copy the template into content/TOPIC/<lang>.json");
  cmd->add_option("topic", options.topic, "The topic's folder name (lower-case letters, digits and hyphens)")->required();
  cmd->add_option("--langs", options.langs, "Languages, comma-separated (default en,ar)")->delimiter(',');
  cmd->add_option("--content", options.content_dir, "The content folder (default: content)");
  return cmd;
}

}  // namespace handout
