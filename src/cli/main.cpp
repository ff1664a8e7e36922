// The handout command: render, batch, validate, fonts.
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "batch/batch_cli.h"
#include "cli/output_file.h"
#include "engine/engine.h"
#include "output/dump.h"

namespace {

using namespace handout;

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;

void print_diags(const DiagSink& sink) {
  for (const auto& d : sink.all()) std::cerr << format_diag(d) << "\n";
}

std::string default_layout() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file("layouts/a4.json", ec)) return "layouts/a4.json";
  return std::string(HANDOUT_SOURCE_DIR) + "/layouts/a4.json";
}

std::optional<long long> source_date_epoch(DiagSink& sink) {
  const char* v = std::getenv("SOURCE_DATE_EPOCH");
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  const long long t = std::strtoll(v, &end, 10);
  if (*end != '\0' || t < 0) {
    sink.warning(Location{"SOURCE_DATE_EPOCH", 0, 0, ""}, "is not a number of seconds; ignored");
    return std::nullopt;
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  // A full disk or a file size limit must come back as an error from write(), not kill us.
  std::signal(SIGXFSZ, SIG_IGN);

  CLI::App app{"handout: typesets patient handouts (JSON article + JSON layout) into print-ready PDF"};
  app.set_version_flag("--version", std::string("handout ") + HANDOUT_VERSION);
  app.require_subcommand(1);

  std::vector<std::string> articles;
  std::string layout = default_layout(), output, dump;
  bool strict = false, greedy = false, glyphs = false;
  auto* render = app.add_subcommand("render", "Render an article to PDF");
  render->add_option("articles", articles,
                     "Article JSON file (two translations for a bilingual layout)")
      ->required()
      ->expected(1, 2);
  render->add_option("-l,--layout", layout, "Layout JSON file (default: layouts/a4.json)");
  render->add_option("-o,--output", output, "Output PDF file")->required();
  render->add_option("--dump", dump, "Also write a text dump of the laid-out pages");
  render->add_flag("--dump-glyphs", glyphs, "Include glyph ids and advances in the dump");
  render->add_flag("--strict", strict, "Treat layout warnings as errors");
  render->add_flag("--greedy", greedy, "Greedy line breaking instead of optimal");

  std::vector<std::string> files;
  auto* validate = app.add_subcommand("validate", "Check articles and layouts without rendering");
  validate->add_option("files", files, "Article or layout JSON files")->required();

  auto* fonts = app.add_subcommand("fonts", "List the fonts a layout uses");
  fonts->add_option("-l,--layout", layout, "Layout JSON file");

  BatchOptions batch_options;
  auto* batch = add_batch_subcommand(app, batch_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitBadInput;
  }
  if (*batch) return run_batch(batch_options);

  Engine engine;
  DiagSink sink;
  sink.set_strict(strict);

  if (*render) {
    RenderOptions options;
    options.break_mode = greedy ? BreakMode::kGreedy : BreakMode::kOptimal;
    options.creation_time = source_date_epoch(sink);
    auto result = engine.render(articles, layout, sink, options);
    if (!result || sink.failed()) {
      print_diags(sink);
      return kExitBadInput;
    }
    if (!dump.empty() && !write_file_atomically(dump, dump_document(result->document, glyphs), sink)) {
      print_diags(sink);
      return kExitBadInput;
    }
    if (!write_file_atomically(output, result->pdf, sink)) {
      print_diags(sink);
      return kExitBadInput;
    }
    print_diags(sink);
    return kExitOk;
  }
  if (*validate) {
    for (const auto& f : files) {
      auto doc = load_json_file(f, sink);
      if (!doc) continue;
      const bool is_layout = doc->root().is_object() && doc->root().contains("fonts");
      if (is_layout) (void)read_layout(*doc, sink);
      else (void)read_article(std::make_shared<const JsonDoc>(std::move(*doc)), sink);
    }
    print_diags(sink);
    return sink.failed() ? kExitBadInput : kExitOk;
  }
  if (*fonts) {
    auto spec = load_layout(layout, sink);
    if (!spec) {
      print_diags(sink);
      return kExitBadInput;
    }
    auto chains = resolve_font_chains(engine.fonts(), *spec, sink);
    if (!chains) {
      print_diags(sink);
      return kExitBadInput;
    }
    for (std::size_t i = 0; i < engine.fonts().size(); ++i) {
      const FontFace& f = engine.fonts().face(static_cast<FontId>(i));
      std::cout << f.postscript_name << "\t" << f.family << "\t" << f.path << "\n";
    }
    for (const auto& [script, chain] : chains->by_script) {
      std::cout << script << ":";
      for (const auto& fam : chain) std::cout << " " << fam.name;
      std::cout << "\n";
    }
    return kExitOk;
  }
  return kExitOk;
}
