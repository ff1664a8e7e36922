// The handout command: render, batch, validate, fonts.
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "batch/batch_cli.h"
#include "cli/diag_output.h"
#include "cli/output_file.h"
#include "cli/validate.h"
#include "engine/engine.h"
#include "output/dump.h"

namespace {

using namespace handout;

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;

// The limits every command that reads input takes.
void add_limit_options(CLI::App* cmd, InputLimits& limits, std::size_t* max_pages) {
  cmd->add_option("--max-input-bytes", limits.max_file_bytes, "Largest JSON file read (default 16 MiB)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{1} << 32));
  cmd->add_option("--max-depth", limits.max_depth, "Deepest JSON nesting (default 64)")->check(CLI::Range(2, 10000));
  cmd->add_option("--max-text", limits.max_text_chars, "Most characters in one block's text (default 100000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  cmd->add_option("--allow-path", limits.allowed_paths,
                  "A folder fonts and images may also be read from (besides the project's)");
  cmd->add_option("--max-image-pixels", limits.images.max_pixels,
                  "Most pixels (width × height) in one picture (default 25,000,000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 30));
  if (max_pages) cmd->add_option("--max-pages", *max_pages, "Most pages one handout may have (default 500)")->check(CLI::Range(1, 100000));
}

std::string default_layout() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file("layouts/a4.json", ec)) return "layouts/a4.json";
  return std::string(HANDOUT_SOURCE_DIR) + "/layouts/a4.json";
}


}  // namespace

int main(int argc, char** argv) {
  // A full disk or a file size limit must come back as an error from write(), not kill us.
  std::signal(SIGXFSZ, SIG_IGN);

  CLI::App app{"handout: typesets patient handouts (JSON article + JSON layout) into print-ready PDF"};
  app.set_version_flag("--version", std::string("handout ") + HANDOUT_VERSION);
  app.require_subcommand(1);

  std::vector<std::string> articles;
  std::string layout = default_layout(), output, dump, brand_file;
  bool strict = false, greedy = false, glyphs = false, reader_order = false;
  auto* render = app.add_subcommand("render", "Render an article to PDF");
  render->add_option("articles", articles,
                     "Article JSON file (two translations for a bilingual layout)")
      ->required()
      ->expected(1, 2);
  render->add_option("-l,--layout", layout, "Layout JSON file (default: layouts/a4.json)");
  render->add_option("-o,--output", output, "Output PDF file")->required();
  render->add_option("--dump", dump, "Also write a text dump of the laid-out pages");
  render->add_option("--brand", brand_file, "Clinic brand JSON file (brands/<name>.json)");
  render->add_flag("--dump-glyphs", glyphs, "Include glyph ids and advances in the dump");
  render->add_flag("--strict", strict, "Treat layout warnings as errors");
  render->add_flag("--greedy", greedy, "Greedy line breaking instead of optimal");
  render->add_flag("--reader-order", reader_order,
                   "Pages in reading order, for screens: no imposition, bleed or printer's marks");

  RenderOptions options;
  std::string diag_format = "text";
  render->add_option("--diagnostics", diag_format, "How to print diagnostics: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  add_limit_options(render, options.limits, &options.max_pages);

  std::vector<std::string> files;
  std::string kind = "auto";
  auto* validate = app.add_subcommand("validate", "Check articles and layouts without rendering");
  validate->add_option("files", files, "Article or layout JSON files")->required();
  validate->add_option("--kind", kind, "What the files are: auto, article, layout or brand")
      ->check(CLI::IsMember({"auto", "article", "layout", "brand"}));
  validate->add_option("--diagnostics", diag_format, "How to print diagnostics: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  add_limit_options(validate, options.limits, nullptr);

  auto* fonts = app.add_subcommand("fonts", "List the fonts a layout uses");
  fonts->add_option("-l,--layout", layout, "Layout JSON file");

  BatchOptions batch_options;
  auto* batch = add_batch_subcommand(app, batch_options);
  add_limit_options(batch, batch_options.render.limits, &batch_options.render.max_pages);

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
  const DiagFormat format = diag_format == "json" ? DiagFormat::kJson : DiagFormat::kText;
  auto print_diags = [&](const DiagSink& s) { print_diagnostics(std::cerr, s, format); };

  if (*render) {
    options.break_mode = greedy ? BreakMode::kGreedy : BreakMode::kOptimal;
    options.print_sheets = !reader_order;
    options.creation_time = parse_source_date_epoch(std::getenv("SOURCE_DATE_EPOCH"), sink);
    std::optional<Brand> brand;
    if (!brand_file.empty()) {
      brand = load_brand(brand_file, sink, options.limits);
      if (!brand) {
        print_diags(sink);
        return kExitBadInput;
      }
      options.brand = &*brand;
    }
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
    const FileKind k = kind == "article"  ? FileKind::kArticle
                       : kind == "layout" ? FileKind::kLayout
                       : kind == "brand"  ? FileKind::kBrand
                                          : FileKind::kAuto;
    validate_files(files, k, options.limits, sink);
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
