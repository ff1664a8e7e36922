#include "cli/validate.h"

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "batch/manifest.h"
#include "core/json_doc.h"
#include "model/article.h"
#include "model/correspondence.h"
#include "core/lang.h"
#include "core/utf.h"
#include "spec/brand.h"
#include "spec/layout_spec.h"
#include "spec/placeholders.h"
#include "style/style.h"
#include "text/shaper.h"

namespace handout {

JsonKind guess_kind(const nlohmann::json& root) {
  if (!root.is_object()) return JsonKind::kArticle;
  if (auto s = root.find("$schema"); s != root.end() && s->is_string() &&
                                     s->get<std::string>().find("json-schema.org") != std::string::npos &&
                                     !root.contains("blocks")) {
    return JsonKind::kSchema;
  }
  if ((root.contains("jobs") || root.contains("matrix")) && !root.contains("blocks")) return JsonKind::kManifest;
  // A layout names its fonts; an article has blocks; a brand has a phone number.
  if ((root.contains("fonts") || root.contains("page")) && !root.contains("blocks")) return JsonKind::kLayout;
  if (root.contains("phone") && !root.contains("blocks")) return JsonKind::kBrand;
  return JsonKind::kArticle;
}

namespace {

// Renders articles with a layout short of writing the PDF (RenderOptions::write_pdf): what
// render would find, found by render's own stages. It made its own list of them, which missed
// some: a clinic layout given no brand (render warns), a logo without alternative text in the
// article's language (render refuses the PDF/UA file).
void check_render(Engine& engine, const std::vector<const Article*>& articles, const LayoutSpec& spec,
                  const RenderOptions& options, DiagSink& sink) {
  RenderOptions checking = options;
  checking.write_pdf = false;
  (void)engine.render(articles, spec, sink, checking);
}

// The texts a layout prints whatever the article says (a list's bullet, the words of the
// running header and footer, of the contact box and of a brochure's panels), shaped with
// its fonts as a render shapes them, placeholders left out: a character no font of the
// layout has is reported at its place in the layout. Render refuses every article with a
// list when the bullet is "▸" and the fonts lack it, and every article when the footer has
// "☎"; validate of the layout alone said nothing. A text for one language only stops
// articles in that language (a Latin-only layout may keep an Arabic header it never
// prints): a warning there.
void check_layout_texts(Engine& engine, const LayoutSpec& spec, const FontChains& chains, DiagSink& sink) {
  const StyleSheet styles(spec);
  TextShaper shaper(engine.fonts(), nullptr);
  auto check = [&](const std::string& text, const std::string& pointer, Role role, const std::string& lang,
                   bool one_language) {
    if (text.empty()) return;
    StyledText t;
    t.lang = lang;
    t.base = direction_of_language(lang);
    t.source = spec.source.get();
    t.pointer = pointer;
    const ComputedStyle& cs = styles[role];
    t.append(utf8_to_utf32(text), TextStyle{cs.size, cs.bold, cs.italic, cs.color, lang, "", role});
    if (!one_language) {
      (void)shaper.shape(std::move(t), chains, sink);
      return;
    }
    DiagSink found;
    (void)shaper.shape(std::move(t), chains, found);
    for (Diag d : found.all()) {
      if (d.severity == Severity::kError) {
        d.severity = Severity::kWarning;
        d.message += "; an article in \"" + lang + "\" would be refused";
      }
      sink.add(std::move(d));
    }
  };
  const nlohmann::json* root = spec.source ? &spec.source->root() : nullptr;
  auto each = [&](const LocalizedText& text, const std::string& pointer, Role role) {
    bool by_language = false;
    if (root) {
      try {
        by_language = root->at(nlohmann::json::json_pointer(pointer)).is_object();
      } catch (const nlohmann::json::exception&) {
      }
    }
    for (const auto& [key, tmpl] : text.by_lang) {
      const std::string words = fill_placeholders(tmpl, [](std::string_view, std::string_view) { return std::string(); });
      const bool one_language = by_language && key != "default";
      check(words, by_language ? pointer_append(pointer, key) : pointer, role, one_language ? key : "und", one_language);
    }
  };
  if (root && root->contains("list")) check(spec.list.bullet, "/list/bullet", Role::kListMarker, "und", false);
  for (const auto& [furniture, pointer, role] : {std::tuple{&spec.header, "/header", Role::kHeader},
                                                 std::tuple{&spec.footer, "/footer", Role::kFooter}}) {
    each(furniture->start, std::string(pointer) + "/start", role);
    each(furniture->center, std::string(pointer) + "/center", role);
    each(furniture->end, std::string(pointer) + "/end", role);
    each(furniture->inside, std::string(pointer) + "/inside", role);
    each(furniture->outside, std::string(pointer) + "/outside", role);
  }
  each(spec.contact.title, "/contact/title", Role::kCalloutTitle);
  each(spec.contact.text, "/contact/text", Role::kCallout);
  if (spec.panels.enabled() && root && root->contains("panels")) {
    each(spec.panels.contact, "/panels/contact", Role::kBody);
    if (root->at("panels").contains("reviewed")) each(spec.panels.reviewed, "/panels/reviewed", Role::kBody);
  }
}

// A layout checked alone is also laid out with probe articles, in English and in Arabic (or
// the pair, for a bilingual layout), short and long, that have all the running furniture may
// show (a link for a footer QR code, a version, a review date) and, when long, text for
// several pages (a header may be kept off the first): so that what render finds only with an
// article, such as a header or footer taller than its margin, is found by validating the
// layout. The errors it reports at new places in the layout are kept, once; what is about
// the probes (and warnings, which depend on how much an article says) goes.
void check_with_probes(Engine& engine, const LayoutSpec& spec, const RenderOptions& options, DiagSink& sink) {
  if (!spec.source) return;
  auto probe = [](const char* lang, const char* title, const char* words, int paragraphs) {
    std::string json = std::string("{\"lang\": \"") + lang + "\", \"title\": \"" + title +
                       "\", \"meta\": {\"version\": \"1.0\", \"reviewed\": \"2026-01-01\", "
                       "\"url\": \"https://example.org/handouts/probe\"}, \"blocks\": [";
    for (int i = 0; i < paragraphs; ++i) {
      json += std::string(i ? ", " : "") + "{\"type\": \"paragraph\", \"text\": \"" + words + "\"}";
    }
    return json + "]}";
  };
  DiagSink dropped;
  std::vector<Article> made;
  // (A brochure's panels hold what fits: the long probe would only be told to shrink.)
  for (const int paragraphs : {3, 90}) {
    if (paragraphs > 3 && spec.panels.enabled()) continue;
    for (const auto& [lang, title, words] :
         {std::tuple{"en", "Probe", "Rest for a day after the visit, drink water, and call the clinic if the pain grows."},
          std::tuple{"ar", "\u0646\u0634\u0631\u0629",
                     "\u0627\u0633\u062a\u0631\u062d \u064a\u0648\u0645\u064b\u0627 \u0628\u0639\u062f "
                     "\u0627\u0644\u0632\u064a\u0627\u0631\u0629\u060c \u0648\u0627\u0634\u0631\u0628 "
                     "\u0627\u0644\u0645\u0627\u0621\u060c \u0648\u0627\u062a\u0635\u0644 "
                     "\u0628\u0627\u0644\u0639\u064a\u0627\u062f\u0629 \u0625\u0630\u0627 \u0632\u0627\u062f "
                     "\u0627\u0644\u0623\u0644\u0645."}}) {
      auto doc = parse_json_text(std::string("probe-") + lang + ".json", probe(lang, title, words, paragraphs), dropped);
      if (!doc) continue;
      if (auto a = read_article(std::move(*doc), dropped)) made.push_back(std::move(*a));
    }
  }
  const std::string& file = spec.source->file();
  // A place already reported (or a value within it, or the value it is in) is not reported
  // again: a text the layout has for one language only, which the probe in that language
  // cannot print, was a warning above.
  auto within = [](const std::string& inner, const std::string& outer) {
    return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 && inner[outer.size()] == '/';
  };
  auto seen = [&sink, &within](const Diag& d) {
    for (const Diag& e : sink.all()) {
      if (e.where.file != d.where.file) continue;
      const std::string& a = e.where.pointer;
      const std::string& b = d.where.pointer;
      if (a.empty() || b.empty()) {  // (the whole file: no value holds another)
        if (a == b && e.where.line == d.where.line && e.where.column == d.where.column) return true;
        continue;
      }
      if (a == b || within(a, b) || within(b, a)) return true;
    }
    return false;
  };
  const bool bilingual = spec.bilingual.mode != BilingualSpec::Mode::kNone;
  for (std::size_t i = 0; i + (bilingual ? 1 : 0) < made.size(); i += bilingual ? 2 : 1) {
    DiagSink found;
    std::vector<const Article*> articles{&made[i]};
    if (bilingual) articles.push_back(&made[i + 1]);
    check_render(engine, articles, spec, options, found);
    for (const Diag& d : found.all()) {
      if (d.severity == Severity::kError && d.where.file == file && !seen(d)) sink.add(d);
    }
  }
}

// Checks a manifest and renders every job in memory, each distinct job once.
void validate_manifest(Engine& engine, const JsonDoc& doc, const ValidateOptions& options, DiagSink& sink) {
  auto manifest = read_manifest(doc, sink);
  if (!manifest || !check_manifest_paths(*manifest, options.render.limits, sink)) return;
  std::set<std::tuple<std::vector<std::string>, std::string, std::string>> seen;
  for (const auto& job : manifest->jobs) {
    if (!seen.insert({job.articles, job.layout, job.brand}).second) continue;
    // As batch makes the job: with its brand (without it, a clinic layout was warned about
    // as having no brand, and a brand file was never read), and a missing input reported
    // where the manifest names it.
    DiagSink own;
    RenderOptions render = options.render;
    std::optional<Brand> brand;
    if (!job.brand.empty()) {
      brand = load_brand(job.brand, own, render.limits);
      render.brand = brand ? &*brand : nullptr;
    }
    render.write_pdf = false;
    if (job.brand.empty() || brand) (void)engine.render(job.articles, job.layout, own, render);
    for (Diag d : own.all()) {
      locate_in_manifest(job, d);
      sink.add(std::move(d));
    }
  }
}

}  // namespace

void validate_files(Engine& engine, const std::vector<std::string>& files, const ValidateOptions& options,
                    DiagSink& sink) {
  std::vector<std::pair<std::string, Article>> articles;  // folder, article
  for (const auto& f : files) {
    auto doc = load_json_file(f, sink, options.render.limits);
    if (!doc) continue;
    JsonKind k = guess_kind(doc->root());
    if (options.kind == FileKind::kArticle) k = JsonKind::kArticle;
    if (options.kind == FileKind::kLayout) k = JsonKind::kLayout;
    if (options.kind == FileKind::kManifest) k = JsonKind::kManifest;
    if (options.kind == FileKind::kBrand) k = JsonKind::kBrand;
    switch (k) {
      case JsonKind::kSchema:
        sink.add(Diag{Severity::kNote, Location{doc->file(), 0, 0, ""},
                      "a JSON Schema (well-formed JSON); validate checks articles, layouts and manifests"});
        continue;
      case JsonKind::kManifest: validate_manifest(engine, *doc, options, sink); continue;
      case JsonKind::kBrand:
        (void)read_brand(std::make_shared<const JsonDoc>(std::move(*doc)), sink, options.render.limits);
        continue;
      case JsonKind::kLayout: {
        const int before = sink.error_count();
        auto spec = read_layout(std::make_shared<const JsonDoc>(std::move(*doc)), sink, options.render.limits);
        if (!spec) continue;
        if (auto chains = resolve_font_chains(engine.fonts(), *spec, sink)) {
          check_layout_texts(engine, *spec, *chains, sink);
          if (sink.error_count() == before) check_with_probes(engine, *spec, options.render, sink);
        }
        continue;
      }
      case JsonKind::kArticle: break;
    }
    auto article = read_article(std::move(*doc), sink, options.render.limits);
    if (!article) continue;
    articles.emplace_back(std::filesystem::path(f).parent_path().lexically_normal().string(), std::move(*article));
  }
  if (articles.empty()) return;
  // Translations: articles in one folder, or the two articles of the command line.
  std::map<std::string, std::vector<const Article*>> by_folder;
  for (const auto& [folder, a] : articles) by_folder[folder].push_back(&a);
  if (articles.size() == 2 && by_folder.size() == 2 && articles[0].second.lang != articles[1].second.lang) {
    (void)check_correspondence(articles[0].second, articles[1].second, sink);
  }
  for (const auto& [folder, group] : by_folder) {
    for (std::size_t i = 1; i < group.size(); ++i) (void)check_correspondence(*group[0], *group[i], sink);
  }
  // Everything render checks, with the layout render would use.
  if (!options.layout_given && options.default_layout_found && !options.default_layout_found(options.layout, sink)) {
    return;
  }
  DiagSink layout_sink;
  auto spec = load_layout(options.layout, layout_sink, options.render.limits);
  if (!spec) {
    for (const auto& d : layout_sink.all()) sink.add(d);
    return;
  }
  for (const auto& [folder, a] : articles) {
    const bool bilingual = spec->bilingual.mode != BilingualSpec::Mode::kNone;
    if (bilingual) continue;  // a bilingual layout is checked with pairs below
    check_render(engine, {&a}, *spec, options.render, sink);
  }
  if (spec->bilingual.mode != BilingualSpec::Mode::kNone && articles.size() == 2) {
    check_render(engine, {&articles[0].second, &articles[1].second}, *spec, options.render, sink);
  }
}

}  // namespace handout
