// The handout command: render, batch, validate, fonts.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "batch/batch_cli.h"
#include "cli/author_cli.h"
#include "cli/diag_output.h"
#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "cli/usage.h"
#include "cli/validate.h"
#include "cli/watch_cli.h"
#include "core/side_lane.h"
#include "engine/data_dir.h"
#include "engine/engine.h"
#include "output/dump.h"
#include "preview/preview.h"
#include "serve/serve_cli.h"

namespace {

using namespace handout;

// The option that raises the input limit, named where an input is refused for its size.
constexpr const char* kRaiseInputLimit = "--max-input-bytes";

// The limits every command that reads input takes.
void add_limit_options(CLI::App* cmd, InputLimits& limits, std::size_t* max_pages) {
  limits.raise_with = kRaiseInputLimit;
  cmd->add_option("--max-input-bytes", limits.max_file_bytes, "Largest JSON file read (default 2 MiB; import: its document may be 8 times this)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{1} << 32));
  cmd->add_option("--max-depth", limits.max_depth, "Deepest JSON nesting (default 64)")->check(CLI::Range(2, 10000));
  cmd->add_option("--max-text", limits.max_text_chars, "Most characters in one block's text (default 100000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  // One folder per flag (repeat the flag for more), so the files after it stay files.
  cmd->add_option("--allow-path", limits.allowed_paths,
                  "A folder inputs, fonts and images may also be read from (besides the project's); repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--max-image-pixels", limits.images.max_pixels,
                  "Most pixels (width × height) in one picture (default 25,000,000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 30));
  // At most what one PDF can hold (libharu's page tree): a larger limit is a wrong command line,
  // as one over the range's end was (50000 was taken, then refused by every render or job).
  if (max_pages) {
    cmd->add_option("--max-pages", *max_pages, "Most pages one handout may have (default 500)")
        ->check(CLI::Range(std::size_t{1}, kMaxPdfPages));
  }
}

// `--pdf-standard` (render and batch): the value is checked here and read with
// parse_pdf_standard once the command line is parsed.
void add_pdf_standard_option(CLI::App* cmd, std::string& value) {
  cmd->add_option("--pdf-standard", value,
                  "ua-1,a-2a: tagged, accessible PDF/UA-1 and archival PDF/A-2a (default); "
                  "none: a plain untagged PDF")
      ->check(CLI::Validator(
          [](std::string& v) { return parse_pdf_standard(v) ? std::string() : "expected ua-1,a-2a or none"; },
          "ua-1,a-2a|none"));
}

// The bundled A4 layout in the installed data (see engine/data_dir.h).
std::string default_layout() {
  const std::string data = find_data_dir();
  return data.empty() ? "layouts/a4.json" : data + "/layouts/a4.json";
}

// Whether `layout`, the default layout, is there. If not, handout's data folder was not found
// (a program copied away from its share/handout, a HANDOUT_DATA_DIR naming the wrong folder):
// an error saying so and where it was looked for ("layouts/a4.json: cannot open file" alone
// sent clinic IT looking for a layouts folder of their own).
bool default_layout_found(const std::string& layout, DiagSink& sink) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(layout, ec)) return true;
  const std::string exe = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  const char* env = std::getenv("HANDOUT_DATA_DIR");
  sink.error(Location{layout, 0, 0, ""},
             "no --layout was given, and handout's data folder, which holds the default layout, was not found: "
             "looked for share/handout beside " + (exe.empty() ? std::string("the program") : exe) +
                 " and up to three folders above it, then in HANDOUT_DATA_DIR (" +
                 (env && *env ? "\"" + terminal_safe(env) + "\" holds no layouts/a4.json" : std::string("not set")) +
                 "); install handout with its data (cmake --install, or the .deb package), set HANDOUT_DATA_DIR "
                 "to its share/handout folder, or pass --layout");
  return false;
}

int usage_error(const std::string& message) {
  std::cerr << "handout: " << terminal_safe(message) << "\n" << "Run 'handout --help' for the commands and options.\n";
  return kExitUsage;
}

// Writes the PDF (and the dump) only when both can be written: neither is left alone.
int write_outputs(const std::string& output, const std::string& pdf, const std::string& dump_path,
                  const std::string& dump_text, DiagSink& sink) {
  if (const std::string why = replaces_non_pdf(output); !why.empty()) {
    sink.error(Location{output, 0, 0, ""}, "cannot write output: " + why);
    return kExitOutput;
  }
  auto pdf_out = PendingOutput::prepare(output, pdf, sink);
  if (!pdf_out) return kExitOutput;
  auto dump_out = dump_path.empty() ? std::optional<PendingOutput>() : PendingOutput::prepare(dump_path, dump_text, sink);
  if (!dump_path.empty() && !dump_out) return kExitOutput;
  if (dump_out && !dump_out->commit(sink)) return kExitOutput;
  if (!pdf_out->commit(sink)) return kExitOutput;
  return kExitOk;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HANDOUT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define HANDOUT_SANITIZED 1
#endif
#endif

// The end of a render: the output is written and closed, so what is left is freeing the
// fonts, the document and the caches, which the kernel does faster when the process ends
// (0.2 ms, 2.5 M instructions a seed render). Under the sanitizers the destructors still
// run, so leaks and use-after-free stay visible.
int exit_without_cleanup(int rc) {
#ifdef HANDOUT_SANITIZED
  return rc;
#else
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(rc);
#endif
}

// `handout serve`: its arguments were checked above; the server program (serve_main.cpp),
// beside this one in the build tree or in HANDOUT_SERVE_PROGRAM relative to it when
// installed, runs with them in this process.
int exec_serve(int argc, char** argv) {
  int first = 1;
  while (first < argc && std::string_view(argv[first]) != "serve") ++first;
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::vector<std::filesystem::path> candidates;
  if (!ec) {
    candidates.push_back(self.parent_path() / "handout-serve");
    candidates.push_back((self.parent_path() / HANDOUT_SERVE_PROGRAM).lexically_normal());
  }
  for (const auto& program : candidates) {
    if (::access(program.c_str(), X_OK) != 0) continue;
    std::vector<char*> args;
    std::string name = program.string();
    args.push_back(name.data());
    for (int i = first + 1; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    ::execv(name.c_str(), args.data());
    std::cerr << "handout serve: cannot run " << terminal_safe(name) << ": " << std::strerror(errno) << "\n";
    return kExitInternal;
  }
  std::cerr << "handout serve: the server program handout-serve is not installed beside handout"
            << (candidates.empty() ? std::string() : " (looked for " + terminal_safe(candidates.back().string()) + ")")
            << "\n";
  return kExitInternal;
}

// The command named first on the command line when it is one of these: only its options are
// declared (CLI11 builds every option with several strings, a std::function and validators:
// all eight commands' cost `handout render` 1.5 M instructions, a third of its start-up). With
// no command first (--help, an option first, a mistake), all are, for the help and the hints.
constexpr std::string_view kCommands[] = {"render", "validate", "fonts", "batch", "watch", "import", "new", "serve"};

std::string_view named_command(int argc, char** argv) {
  if (argc < 2) return {};
  const std::string_view first = argv[1];
  for (std::string_view c : kCommands) {
    if (first == c) return c;
  }
  return {};
}

// What `handout --version` (or -V) prints.
std::string version_text() { return std::string("handout ") + HANDOUT_VERSION; }

// `handout --version` or `handout -V` and nothing else: CLI11 would print the version (as
// App::exit does) once every command had been declared, 1.3 M instructions of the 3.1 M
// such a process costs. Any other command line goes through CLI11 as before.
bool only_version_asked(int argc, char** argv) {
  return argc == 2 && (std::string_view(argv[1]) == "--version" || std::string_view(argv[1]) == "-V");
}

// What `handout render` was given: by CLI11, or by plain_render_args for the plain form.
struct RenderArgs {
  std::vector<std::string> articles;
  std::string layout, output, dump, brand_file;
  bool strict = false, greedy = false, glyphs = false, reader_order = false;
  std::string png_dir;
  double dpi = 96;
  RenderOptions options;
  unsigned threads = 0;  // 0: default_render_threads()
  std::string diag_format = "text";
  std::string pdf_standard = "ua-1,a-2a";
  bool layout_defaulted = false;  ///< no --layout: `layout` is the data folder's a4.json
};

// The plain form of `handout render`, the command line of almost every render: one or two
// article files and -l/--layout and -o/--output once each at most, each value a word that
// does not start with '-'. Read here, CLI11's render command is not declared (its 25 options
// cost 0.34 M instructions and 30 page faults, 3% of an Arabic seed render's instructions
// outside layout); anything else (another option, "-" or "--", a value like "--layout=x", an
// option twice, a third article, a command's name among the files) goes through CLI11 as
// before, which also explains every mistake.
std::optional<RenderArgs> plain_render_args(int argc, char** argv) {
  if (argc < 3 || std::string_view(argv[1]) != "render") return std::nullopt;
  RenderArgs a;
  a.options.limits.raise_with = kRaiseInputLimit;
  bool layout_given = false, output_given = false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.empty()) return std::nullopt;
    if (arg[0] != '-') {
      if (arg == "help" || std::find(std::begin(kCommands), std::end(kCommands), arg) != std::end(kCommands)) {
        return std::nullopt;
      }
      a.articles.emplace_back(arg);
      continue;
    }
    const bool is_layout = arg == "-l" || arg == "--layout";
    if (!is_layout && arg != "-o" && arg != "--output") return std::nullopt;
    bool& given = is_layout ? layout_given : output_given;
    if (given || i + 1 >= argc) return std::nullopt;
    const std::string_view value = argv[++i];
    if (value.empty() || value[0] == '-') return std::nullopt;
    given = true;
    (is_layout ? a.layout : a.output) = std::string(value);
  }
  if (a.articles.empty() || a.articles.size() > 2) return std::nullopt;
  if (!layout_given) a.layout = default_layout();
  a.layout_defaulted = !layout_given;
  return a;
}

int run_render(RenderArgs& ra) {
  auto& articles = ra.articles;
  std::string &layout = ra.layout, &output = ra.output, &dump = ra.dump, &brand_file = ra.brand_file;
  RenderOptions& options = ra.options;
  Engine engine;
  DiagSink sink;
  sink.set_strict(ra.strict);
  DiagPrintOptions print_options;
  print_options.format = ra.diag_format == "json" ? DiagFormat::kJson : DiagFormat::kText;
  print_options.colour = ::isatty(STDERR_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  auto print_diags = [&](const DiagSink& s) { print_diagnostics(std::cerr, s, print_options); };

  // An article, the layout and the brand may each be "-"; only one of them can read it.
  if (std::count(articles.begin(), articles.end(), "-") + (layout == "-" ? 1 : 0) + (brand_file == "-" ? 1 : 0) > 1) {
    return usage_error("standard input (-) can be read only once");
  }
  if (output.empty()) {
    if (articles[0] == "-") return usage_error("reading standard input: name the output with -o FILE (or -o - for standard output)");
    output = std::filesystem::path(articles[0]).replace_extension(".pdf").string();
  }
  if (output == "-" && ::isatty(STDOUT_FILENO) == 1) {
    return usage_error("not writing a PDF to a terminal: redirect standard output, or name a file with -o");
  }
  if (ra.layout_defaulted && !default_layout_found(layout, sink)) {
    print_diags(sink);
    return kExitRefused;
  }
  std::vector<std::string> inputs = articles;
  inputs.push_back(layout);
  if (!brand_file.empty()) inputs.push_back(brand_file);
  if (!dump.empty() && !output_is_input(output, {dump}).empty()) {
    sink.error(Location{output, 0, 0, ""}, "the PDF (-o) and the dump (--dump) would be the same file; name two");
    print_diags(sink);
    return kExitOutput;
  }
  if (auto clash = output_is_input(output, inputs); !clash.empty()) {
    sink.error(Location{output, 0, 0, ""}, "refusing to write the output over " + clash);
    print_diags(sink);
    return kExitOutput;
  }
  if (!dump.empty()) {
    if (auto clash = output_is_input(dump, std::vector<std::string>(articles.begin(), articles.end())); !clash.empty()) {
      sink.error(Location{dump, 0, 0, ""}, "refusing to write the dump over " + clash);
      print_diags(sink);
      return kExitOutput;
    }
  }
  options.break_mode = ra.greedy ? BreakMode::kGreedy : BreakMode::kOptimal;
  options.pdf_standard = *parse_pdf_standard(ra.pdf_standard);
  options.print_sheets = !ra.reader_order;
  options.creation_time = parse_source_date_epoch(std::getenv("SOURCE_DATE_EPOCH"), sink);
  std::optional<Brand> brand;
  if (!brand_file.empty()) {
    brand = load_brand(brand_file, sink, options.limits);
    if (!brand) {
      print_diags(sink);
      return kExitRefused;
    }
    options.brand = &*brand;
  }
  options.keep_page_items = !ra.png_dir.empty() || !dump.empty();
  if (ra.threads != 0) {
    options.threads = ra.threads;
  } else {
    const ThreadChoice chosen = default_render_threads();
    options.threads = chosen.threads;
    options.lane_probation = chosen.probation;
  }
  auto result = engine.render(articles, layout, sink, options);
  if (!result || sink.failed()) {
    print_diags(sink);
    return exit_without_cleanup(kExitRefused);
  }
  if (!ra.png_dir.empty()) {  // before the PDF, so that a failure leaves no PDF
    PagePainter painter(engine.fonts());
    if (!write_previews(result->document, painter, ra.png_dir, std::filesystem::path(output).stem().string(), ra.dpi, sink)) {
      print_diags(sink);
      return exit_without_cleanup(kExitOutput);
    }
  }
  const int rc = write_outputs(output, result->pdf, dump,
                               dump.empty() ? std::string() : dump_document(result->document, ra.glyphs), sink);
  print_diags(sink);
  return exit_without_cleanup(rc);
}

int run(int argc, char** argv) {
  if (only_version_asked(argc, argv)) {
    std::cout << version_text() << std::endl;
    return kExitOk;
  }
  if (auto plain = plain_render_args(argc, argv)) return run_render(*plain);
  const std::string_view only = named_command(argc, argv);
  auto wanted = [&](std::string_view command) { return only.empty() || only == command; };
  CLI::App app{"handout: typesets patient handouts (JSON article + JSON layout) into print-ready PDF"};
  // The usage lines say "handout", also in `handout help render`, where CLI11 had no argv[0]
  // yet and printed "Usage: render [OPTIONS]" (and --help printed the path it was run by).
  app.name("handout");
  app.set_version_flag("-V,--version", version_text());
  app.require_subcommand(1);
  app.footer(kExitCodesHelp);

  RenderArgs ra;
  auto& articles = ra.articles;
  // The layout; the bundled A4 one (default_layout(), which looks for the data folder) is
  // filled in after parsing, only when no --layout was given.
  std::string &layout = ra.layout, &output = ra.output, &dump = ra.dump, &brand_file = ra.brand_file;
  std::vector<CLI::Option*> layout_options;
  bool &strict = ra.strict, &greedy = ra.greedy, &glyphs = ra.glyphs, &reader_order = ra.reader_order;
  std::string& png_dir = ra.png_dir;
  double& dpi = ra.dpi;
  RenderOptions& options = ra.options;
  unsigned& render_threads = ra.threads;
  std::string& diag_format = ra.diag_format;
  std::string& pdf_standard = ra.pdf_standard;
  CLI::App* render = nullptr;
  CLI::Option* output_option = nullptr;
  if (wanted("render")) {
    render = app.add_subcommand("render", "Render an article to PDF");
    render->add_option("articles", articles,
                       "Article JSON file, or - for standard input (two translations for a bilingual layout)")
        ->required()
        ->expected(1, 2);
    layout_options.push_back(render->add_option("-l,--layout", layout, "Layout JSON file (default: layouts/a4.json)"));
    output_option = render->add_option("-o,--output", output,
                                       "Output PDF file, or - for standard output (default: the article's name with .pdf)");
    render->add_option("--dump", dump, "Also write a text dump of the laid-out pages");
    render->add_option("--brand", brand_file, "Clinic brand JSON file (brands/<name>.json)");
    render->add_flag("--dump-glyphs", glyphs, "Include glyph ids and advances in the dump");
    render->add_flag("--strict", strict, "Treat layout warnings as errors");
    render->add_flag("--greedy", greedy, "Greedy line breaking instead of optimal");
    render->add_option("--png", png_dir, "Also write page previews (PNG, <output>-N.png) into this folder");
    render->add_option("--dpi", dpi, "Resolution of the previews (default 96)")->check(CLI::Range(1.0, 1200.0));
    render->add_flag("--reader-order", reader_order,
                     "Pages in reading order, for screens: no imposition, bleed or printer's marks");
    render->add_option("--diagnostics", diag_format, "How to print diagnostics: text or json")
        ->check(CLI::IsMember({"text", "json"}));
    add_limit_options(render, options.limits, &options.max_pages);
    render->add_option("--threads", render_threads,
                       "Threads for one render: 1, or 2 to use a second CPU (default: 2 where the process may run on two and one is idle)")
        ->check(CLI::Range(1u, 2u));
    add_pdf_standard_option(render, pdf_standard);
  }

  std::vector<std::string> files;
  std::string kind = "auto";
  bool validate_layout_given = false;
  CLI::App* validate = nullptr;
  if (wanted("validate")) {
    validate = app.add_subcommand(
        "validate", "Check articles, layouts, brands and manifests: every check render makes, short of writing the PDF");
    validate->add_option("files", files, "Article, layout, brand or manifest JSON files")->required();
    validate->add_option("--kind", kind, "What the files are: auto, article, layout, brand or manifest")
        ->check(CLI::IsMember({"auto", "article", "layout", "brand", "manifest"}));
    layout_options.push_back(
        validate->add_option("-l,--layout", layout, "Layout articles are checked with (default: layouts/a4.json)")
            ->each([&](const std::string&) { validate_layout_given = true; }));
    validate->add_flag("--strict", strict, "Treat warnings as errors");
    validate->add_option("--diagnostics", diag_format, "How to print diagnostics: text or json")
        ->check(CLI::IsMember({"text", "json"}));
    add_limit_options(validate, options.limits, nullptr);
  }

  CLI::App* fonts = nullptr;
  if (wanted("fonts")) {
    fonts = app.add_subcommand("fonts", "List the fonts a layout uses");
    layout_options.push_back(fonts->add_option("-l,--layout", layout, "Layout JSON file (default: layouts/a4.json)"));
  }

  BatchOptions batch_options;
  std::string batch_pdf_standard = "ua-1,a-2a";
  CLI::App* batch = nullptr;
  if (wanted("batch")) {
    batch = add_batch_subcommand(app, batch_options);
    add_limit_options(batch, batch_options.render.limits, &batch_options.render.max_pages);
    add_pdf_standard_option(batch, batch_pdf_standard);
  }

  WatchOptions watch_options;
  CLI::App* watch = nullptr;
  if (wanted("watch")) {
    watch = add_watch_subcommand(app, watch_options, diag_format);
    add_limit_options(watch, watch_options.render.limits, &watch_options.render.max_pages);
  }
  ImportOptions import_options;
  CLI::App* import = nullptr;
  if (wanted("import")) {
    import = add_import_subcommand(app, import_options);
    import->add_option("--diagnostics", diag_format, "How to print diagnostics: text or json")
        ->check(CLI::IsMember({"text", "json"}));
    add_limit_options(import, import_options.limits, nullptr);
  }
  NewTopicOptions new_options;
  CLI::App* new_cmd = wanted("new") ? add_new_subcommand(app, new_options) : nullptr;
  ServeOptions serve_options;
  CLI::App* serve = wanted("serve") ? add_serve_subcommand(app, serve_options) : nullptr;
  // Whether `command` (declared above, or not when another was named) was given.
  auto given = [](const CLI::App* command) { return command != nullptr && command->parsed(); };

  // Mistakes CLI11 words poorly: an unknown command or option, named with a suggestion.
  if (auto problem = check_command_line(app, argc, argv)) {
    if (problem->help_requested) {
      std::cout << problem->help;
      return kExitOk;
    }
    return usage_error(problem->message);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  if (std::none_of(layout_options.begin(), layout_options.end(), [](const CLI::Option* o) { return o->count() > 0; })) {
    layout = default_layout();
    ra.layout_defaulted = true;
  }
  if (given(batch)) {
    batch_options.render.pdf_standard = *parse_pdf_standard(batch_pdf_standard);
    return run_batch(batch_options);
  }
  if (given(watch)) {
    watch_options.format = diag_format == "json" ? DiagFormat::kJson : DiagFormat::kText;
    if (watch_options.layout.empty()) {
      DiagSink sink;
      if (!default_layout_found(layout, sink)) {
        DiagPrintOptions print_options;
        print_options.format = watch_options.format;
        print_diagnostics(std::cerr, sink, print_options);
        return kExitRefused;
      }
      watch_options.layout = layout;
    }
    return run_watch(watch_options, std::cerr);
  }
  if (given(serve)) return exec_serve(argc, argv);

  if (given(render)) {
    // `-o ""` (an unset shell variable) names no file: not the default name beside the article.
    if (output_option && output_option->count() > 0 && ra.output.empty()) {
      return usage_error("-o names no file (it is empty)");
    }
    return run_render(ra);
  }

  Engine engine;
  DiagSink sink;
  sink.set_strict(strict);
  DiagPrintOptions print_options;
  print_options.format = diag_format == "json" ? DiagFormat::kJson : DiagFormat::kText;
  print_options.colour = ::isatty(STDERR_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  auto print_diags = [&](const DiagSink& s) { print_diagnostics(std::cerr, s, print_options); };

  if (given(import)) {
    const int status = run_import(import_options, sink);
    print_diags(sink);
    return status;
  }
  if (given(new_cmd)) {
    std::vector<std::string> written;
    const int status = new_topic(new_options, written, sink);
    print_diags(sink);
    for (const auto& f : written) std::cout << f << "\n";
    return status;
  }
  if (given(validate)) {
    const FileKind k = kind == "article"    ? FileKind::kArticle
                       : kind == "layout"   ? FileKind::kLayout
                       : kind == "brand"    ? FileKind::kBrand
                       : kind == "manifest" ? FileKind::kManifest
                                            : FileKind::kAuto;
    ValidateOptions vo;
    vo.kind = k;
    vo.render = options;
    vo.render.creation_time = parse_source_date_epoch(std::getenv("SOURCE_DATE_EPOCH"), sink);
    vo.layout = layout;
    vo.layout_given = validate_layout_given;
    vo.default_layout_found = default_layout_found;
    validate_files(engine, files, vo, sink);
    print_diags(sink);
    return sink.failed() ? kExitRefused : kExitOk;
  }
  if (given(fonts)) {
    if (ra.layout_defaulted && !default_layout_found(layout, sink)) {
      print_diags(sink);
      return kExitRefused;
    }
    auto spec = load_layout(layout, sink);
    if (!spec) {
      print_diags(sink);
      return kExitRefused;
    }
    auto chains = resolve_font_chains(engine.fonts(), *spec, sink);
    if (!chains) {
      print_diags(sink);
      return kExitRefused;
    }
    // handout's own fonts, after every chain: listed (and so opened) too, as a print shop
    // may find them embedded.
    const std::vector<std::string> own = chains->last_resort ? chains->last_resort->names() : std::vector<std::string>{};
    for (std::size_t i = 0; i < engine.fonts().size(); ++i) {
      const FontFace& f = engine.fonts().face(static_cast<FontId>(i));
      std::cout << f.postscript_name << "\t" << f.family << "\t" << f.path << "\n";
    }
    for (const auto& [script, chain] : chains->by_script) {
      std::cout << script << ":";
      for (const auto& fam : chain) std::cout << " " << fam.name;
      std::cout << "\n";
    }
    if (!own.empty()) {
      std::cout << "then, for what no font of the layout has (handout's own):";
      for (const std::string& name : own) std::cout << " " << name;
      std::cout << "\n";
    }
    return kExitOk;
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // A full disk or a file size limit must come back as an error from write(), not kill
  // us; so must a closed pipe (-o - | head).
  std::signal(SIGXFSZ, SIG_IGN);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "handout: internal error: " << terminal_safe(e.what()) << "\n";
  } catch (...) {
    std::cerr << "handout: internal error\n";
  }
  return kExitInternal;
}
