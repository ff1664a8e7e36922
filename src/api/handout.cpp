// The public API (include/handout/handout.h): a thin layer over the engine that takes JSON
// text from memory and gives diagnostics back as values.
#include "handout/handout.h"

#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "cli/diag_output.h"
#include "core/json_reader.h"
#include "engine/data_dir.h"
#include "engine/engine.h"
#include "output/deflate_cache.h"
#include "spec/brand.h"
#include "text/shared_shapes.h"

#ifndef HANDOUT_VERSION
#error "HANDOUT_VERSION must be defined by the build"
#endif

namespace handout {

const char* version() { return HANDOUT_VERSION; }

namespace {

Severity internal_severity(Diagnostic::Severity s) {
  switch (s) {
    case Diagnostic::Severity::kError: return Severity::kError;
    case Diagnostic::Severity::kWarning: return Severity::kWarning;
    case Diagnostic::Severity::kNote: return Severity::kNote;
  }
  return Severity::kError;
}

Diagnostic::Severity public_severity(Severity s) {
  switch (s) {
    case Severity::kError: return Diagnostic::Severity::kError;
    case Severity::kWarning: return Diagnostic::Severity::kWarning;
    case Severity::kNote: return Diagnostic::Severity::kNote;
  }
  return Diagnostic::Severity::kError;
}

Diag internal_diag(const Diagnostic& d) {
  return Diag{internal_severity(d.severity), Location{d.file, d.line, d.column, d.pointer}, d.message};
}

// Errors that say the input is over a limit rather than wrong (HTTP 422 rather than 400).
bool is_limit_error(const Diag& d) {
  return d.severity == Severity::kError && (d.message.find("over the limit") != std::string::npos ||
                                            d.message.find("nested deeper than") != std::string::npos);
}

static_assert(Settings{}.max_input_bytes == kDefaultMaxInputBytes, "the library's default is the command's");

InputLimits input_limits(const Settings& s) {
  InputLimits limits;
  limits.max_file_bytes = s.max_input_bytes;
  limits.max_depth = s.max_depth;
  limits.max_text_chars = s.max_text;
  return limits;  // no allowed_paths: only the bundled data is read
}

// Fills a result's status and diagnostics from a finished call.
Result finish(const DiagSink& sink, bool produced) {
  Result r;
  for (const auto& d : sink.all()) {
    r.diagnostics.push_back(Diagnostic{public_severity(d.severity), d.where.file, d.where.line,
                                       d.where.column, d.where.pointer, d.message});
  }
  if (produced && !sink.failed()) {
    r.status = Status::kOk;
  } else {
    r.status = Status::kBadInput;
    for (const auto& d : sink.all()) {
      if (d.severity == Severity::kError && d.message == kCancelledMessage) r.status = Status::kTimedOut;
    }
    if (r.status == Status::kBadInput) {
      for (const auto& d : sink.all()) {
        if (is_limit_error(d)) r.status = Status::kOverLimit;
      }
    }
  }
  return r;
}

}  // namespace

std::string Diagnostic::to_string() const { return format_diag(internal_diag(*this)); }

std::string Result::diagnostics_json() const {
  DiagSink sink;
  for (const auto& d : diagnostics) sink.add(internal_diag(d));
  std::ostringstream out;
  print_diagnostics(out, sink, DiagFormat::kJson);
  return out.str();
}

struct Typesetter::Impl {
  std::string data_dir;
  std::string layouts_dir;
  std::vector<std::string> layout_names;
  mutable Engine engine;
  // Shaping caches (a render's text stage, kept in font units) and deflated streams, one set
  // per render running at once: a render takes a free set, or makes one, and gives it back.
  // The same bytes with or without them.
  static constexpr std::size_t kCacheBytes = 16u << 20;
  struct Caches {
    ShapeCache shape{kCacheBytes};
    DeflateCache deflated;
  };
  mutable std::mutex caches_mutex;
  mutable std::vector<std::unique_ptr<Caches>> free_caches;
  // The slots tell each other what they shaped (a slot made for a burst of requests takes
  // the seed's paragraphs from the others instead of shaping them again).
  mutable SharedShapes shared_shapes;

  // Bundled layouts, parsed on first use (they do not change while the process runs).
  mutable std::mutex layouts_mutex;
  mutable std::map<std::string, LayoutSpec, std::less<>> layouts;

  // A bundled layout by name, or nothing (with an error at `where`).
  std::optional<LayoutSpec> bundled(std::string_view name, const Location& where, DiagSink& sink) const {
    bool known = false;
    for (const auto& n : layout_names) known = known || n == name;
    if (!known) {
      std::string list;
      for (const auto& n : layout_names) list += (list.empty() ? "" : ", ") + n;
      sink.error(where, "unknown layout \"" + std::string(name) + "\"; the bundled layouts are " + list);
      return std::nullopt;
    }
    {
      std::lock_guard lock(layouts_mutex);
      if (auto it = layouts.find(name); it != layouts.end()) return it->second;
    }
    auto spec = load_layout(layouts_dir + "/" + std::string(name) + ".json", sink);
    if (!spec) return std::nullopt;
    std::lock_guard lock(layouts_mutex);
    layouts.emplace(std::string(name), *spec);
    return spec;
  }

  // A brand of the data's brands/ folder by name (brands/<name>.json), or nothing (with an
  // error at `where`). Only plain names: no path reaches outside the folder.
  std::optional<Brand> bundled_brand(const std::string& name, const Location& where, DiagSink& sink,
                                     const InputLimits& limits) const {
    const std::string dir = data_dir + "/brands";
    const bool plain = !name.empty() && name.size() <= 64 &&
                       name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
    std::error_code ec;
    if (!plain || name == "brand" || !std::filesystem::is_regular_file(dir + "/" + name + ".json", ec)) {
      std::string list;
      for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto& f = entry.path();
        if (f.extension() == ".json" && f.stem() != "brand.schema") list += (list.empty() ? "" : ", ") + f.stem().string();
      }
      sink.error(where, "unknown brand \"" + name + "\"; give a brand object or one of the bundled brands: " +
                            (list.empty() ? std::string("(none)") : list));
      return std::nullopt;
    }
    return load_brand(dir + "/" + name + ".json", sink, limits);
  }

  // A layout given as JSON, read as if it were a file in the bundled layouts folder.
  std::optional<LayoutSpec> inline_layout(JsonDoc doc, DiagSink& sink, const InputLimits& limits) const {
    doc.set_base_dir(layouts_dir);
    return read_layout(std::make_shared<const JsonDoc>(std::move(doc)), sink, limits);
  }

  std::optional<Article> article(JsonDoc doc, DiagSink& sink, const InputLimits& limits) const {
    return read_article(std::move(doc), sink, limits);
  }

  // Parsed input of one call.
  struct Input {
    std::vector<Article> articles;
    std::optional<LayoutSpec> spec;
    std::optional<Brand> brand;  ///< applied to spec already; its placeholders fill at render
  };

  // Reads article sources; false when any failed (all are read, so every error is reported).
  bool read_articles(const std::vector<Source>& sources, const InputLimits& limits, Input& in,
                     DiagSink& sink) const {
    bool ok = !sources.empty();
    if (sources.empty()) sink.error(Location{}, "no article given");
    for (const auto& src : sources) {
      auto doc = parse_json_text(src.name, src.json, sink, limits);
      auto art = doc ? article(std::move(*doc), sink, limits) : std::nullopt;
      if (art) in.articles.push_back(std::move(*art));
      else ok = false;
    }
    return ok;
  }

  // Reads a request body: {"articles": [...], "layout": "a4" | {...}, "brand": {...}}.
  bool read_request(std::string_view body, const InputLimits& limits, Input& in, DiagSink& sink) const {
    auto doc = parse_json_text("request", std::string(body), sink, limits, JsonText::kRequestBody);
    if (!doc) return false;
    const int errors = sink.error_count();
    JsonReader r(*doc, sink);
    const auto& root = doc->root();
    // An article posted as it is (its file sent with curl --data-binary @en.json): one error
    // that shows how to wrap it, not "missing articles" and an unknown key for each of its own.
    if (root.is_object() && !root.contains("articles") && root.contains("blocks")) {
      r.error("", "the body is an article, not a request: send it inside one, as {\"articles\": [ARTICLE], "
                  "\"layout\": \"a4\"} (two translations for a bilingual layout: \"articles\": [EN, AR])");
      return false;
    }
    if (!r.expect_object(root, "", {"articles", "layout", "brand"}, {"articles"}, nullptr,
                         "a request is one object: {\"articles\": [{\"lang\": \"en\", ...}], \"layout\": \"a4\"}") &&
        !root.is_object()) {
      return false;
    }
    if (root.contains("articles") &&
        r.expect_array(root["articles"], "/articles",
                       "\"articles\" is an array of one article, or of its two translations for a bilingual "
                       "layout: \"articles\": [{\"lang\": \"en\", \"title\": \"...\", \"blocks\": [...]}]")) {
      const auto& list = root["articles"];
      if (list.empty() || list.size() > 2) {
        r.error("/articles", "expected one article, or two translations for a bilingual layout; found " +
                                 std::to_string(list.size()));
      }
      for (std::size_t i = 0; i < list.size() && i < 2; ++i) {
        // Its pictures are read as if it were in the data's content/ folder (the bundled
        // pictures), and not outside it: the service reads no path a client sends. As the
        // part of "request", the article's folder was the server's current folder ("/" in
        // the container), and a figure read any file there.
        JsonDoc part = doc->take_part(pointer_append("/articles", i));
        part.set_base_dir(data_dir + "/content");
        auto art = article(std::move(part), sink, limits);
        if (art) in.articles.push_back(std::move(*art));
      }
    }
    if (!root.contains("layout")) {
      in.spec = bundled("a4", Location{}, sink);
    } else if (root["layout"].is_string()) {
      in.spec = bundled(root["layout"].get<std::string>(), doc->locate("/layout"), sink);
    } else if (root["layout"].is_object()) {
      in.spec = inline_layout(doc->take_part("/layout"), sink, limits);
    } else {
      r.error("/layout", std::string("expected a layout name or a layout object, found ") +
                             JsonReader::type_name(root["layout"]));
    }
    if (root.contains("brand")) {
      // A brand as `handout render --brand` takes it (brands/brand.schema.json): inline, with
      // its logo among the data's brands/, or a bundled brand's name.
      const auto& b = root["brand"];
      if (b.is_string()) {
        in.brand = bundled_brand(b.get<std::string>(), doc->locate("/brand"), sink, limits);
      } else if (b.is_object()) {
        JsonDoc brand = doc->take_part("/brand");
        brand.set_base_dir(data_dir + "/brands");
        in.brand = read_brand(std::make_shared<const JsonDoc>(std::move(brand)), sink, limits);
      } else {
        r.error("/brand", std::string("expected a brand name or a brand object, found ") + JsonReader::type_name(b));
      }
      if (in.brand && in.spec) in.spec = apply_brand(std::move(*in.spec), *in.brand);
    }
    // Whether the layout takes these articles, said in the request's terms (at its "articles",
    // naming the layout as the request did): the engine would say it of the layout's file on
    // the server, and only when rendering (POST /validate answered 200).
    if (sink.error_count() == errors && in.spec && root.contains("articles") && root["articles"].is_array() &&
        root["articles"].size() == in.articles.size()) {
      std::vector<const Article*> refs;
      for (const auto& a : in.articles) refs.push_back(&a);
      const std::string layout = root.contains("layout") && root["layout"].is_string()
                                     ? "layout \"" + root["layout"].get<std::string>() + "\""
                                     : std::string(root.contains("layout") ? "the request's layout" : "layout \"a4\"");
      const auto& order = in.spec->bilingual.order;
      switch (pairing(refs, *in.spec)) {
        case Pairing::kOk: break;
        case Pairing::kOneWanted:
          r.error("/articles", layout + " takes one article, but \"articles\" has " + std::to_string(refs.size()) +
                                   "; for two translations, name a bilingual layout (\"bilingual-parallel\" or "
                                   "\"bilingual-sequential\")");
          break;
        case Pairing::kTwoWanted:
          r.error("/articles", layout + " is bilingual: it takes two translations of one topic" +
                                   (order.size() == 2 ? " (in \"" + order[0] + "\" and \"" + order[1] + "\")" : std::string()) +
                                   ", but \"articles\" has " + std::to_string(refs.size()));
          break;
        case Pairing::kOtherLanguages:
          r.error("/articles", layout + " pairs \"" + order[0] + "\" with \"" + order[1] +
                                   "\", but the articles' \"lang\" are \"" + refs[0]->lang + "\" and \"" +
                                   refs[1]->lang + "\"");
          break;
      }
    }
    return sink.error_count() == errors && in.spec && !in.articles.empty();
  }

  // Renders the parsed input; with `write` false, every stage and check but the PDF's writing
  // (validate_request): the same diagnostics and status, the page count, no PDF.
  Result render(Input& in, bool ok, DiagSink& sink, const Settings& settings, bool write = true) const {
    if (!ok || !in.spec) return finish(sink, false);
    RenderOptions options;
    options.write_pdf = write;
    options.limits = input_limits(settings);
    options.break_mode = settings.greedy ? BreakMode::kGreedy : BreakMode::kOptimal;
    options.creation_time = settings.creation_time;
    options.max_pages = settings.max_pages;
    options.brand = in.brand ? &*in.brand : nullptr;
    if (settings.time_limit.count() > 0) options.deadline = std::chrono::steady_clock::now() + settings.time_limit;
    std::vector<const Article*> refs;
    for (const auto& a : in.articles) refs.push_back(&a);
    std::unique_ptr<Caches> cache;
    {
      std::lock_guard lock(caches_mutex);
      if (!free_caches.empty()) {
        cache = std::move(free_caches.back());
        free_caches.pop_back();
      }
    }
    if (!cache) {
      cache = std::make_unique<Caches>();
      cache->shape.share(&shared_shapes);
    }
    options.shape_cache = &cache->shape;
    options.keep_page_items = false;  // only the page count is read back
    std::optional<RenderResult> out;
    {
      const DeflateCache::Use use_deflated(&cache->deflated);  // this thread, for this render
      out = engine.render(refs, *in.spec, sink, options);
    }
    {
      std::lock_guard lock(caches_mutex);
      free_caches.push_back(std::move(cache));
    }
    Result r = finish(sink, out.has_value());
    if (r.ok()) {
      r.pdf = std::move(out->pdf);
      r.pages = static_cast<int>(out->document.pages.size());
    }
    return r;
  }
};

Typesetter::Typesetter(std::string data_dir) : impl_(std::make_unique<Impl>()) {
  if (data_dir.empty()) data_dir = find_data_dir();
  if (!is_data_dir(data_dir)) {
    throw std::runtime_error(
        data_dir.empty() ? "handout: cannot find its data (share/handout beside the library or program, or "
                           "HANDOUT_DATA_DIR)"
                         : "handout: " + data_dir + " does not hold handout's data (layouts/a4.json)");
  }
  impl_->data_dir = data_dir;
  impl_->layouts_dir = data_dir + "/layouts";
  impl_->layout_names = bundled_layouts(data_dir);
}

Typesetter::~Typesetter() = default;

const std::string& Typesetter::data_dir() const { return impl_->data_dir; }

std::vector<std::string> Typesetter::layouts() const { return impl_->layout_names; }

Result Typesetter::render(const std::vector<Source>& articles, std::string_view layout_name,
                          const Settings& settings) const {
  DiagSink sink;
  sink.set_strict(settings.strict);
  Impl::Input in;
  bool ok = impl_->read_articles(articles, input_limits(settings), in, sink);
  in.spec = impl_->bundled(layout_name, Location{}, sink);
  return impl_->render(in, ok, sink, settings);
}

Result Typesetter::render(const std::vector<Source>& articles, const Source& layout,
                          const Settings& settings) const {
  DiagSink sink;
  sink.set_strict(settings.strict);
  const InputLimits limits = input_limits(settings);
  Impl::Input in;
  bool ok = impl_->read_articles(articles, limits, in, sink);
  if (auto doc = parse_json_text(layout.name, layout.json, sink, limits)) {
    in.spec = impl_->inline_layout(std::move(*doc), sink, limits);
  }
  return impl_->render(in, ok, sink, settings);
}

Result Typesetter::render_request(std::string_view body, const Settings& settings) const {
  DiagSink sink;
  sink.set_strict(settings.strict);
  Impl::Input in;
  const bool ok = impl_->read_request(body, input_limits(settings), in, sink);
  return impl_->render(in, ok, sink, settings);
}

Result Typesetter::validate_request(std::string_view body, const Settings& settings) const {
  // As render_request, short of writing the PDF: what only laying out finds (a header's text
  // cut short, a word broken between letters, a picture scaled down, the page limit) is
  // reported too. It read the request and stopped there, answering "valid" to requests
  // render_request refused.
  DiagSink sink;
  sink.set_strict(settings.strict);
  Impl::Input in;
  const bool ok = impl_->read_request(body, input_limits(settings), in, sink);
  return impl_->render(in, ok, sink, settings, false);
}

}  // namespace handout
