#include "cli/validate.h"

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "batch/manifest.h"
#include "model/article.h"
#include "model/correspondence.h"
#include "output/pdf_writer.h"
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

// Lays out and writes (in memory) articles with a layout: what render would find.
void check_render(Engine& engine, const std::vector<const Article*>& articles, const LayoutSpec& spec,
                  const RenderOptions& options, DiagSink& sink) {
  auto doc = engine.layout(articles, spec, sink, options);
  if (!doc) return;
  (void)write_pdf(*doc, engine.fonts(), sink, PdfOptions{});
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
  }
  each(spec.contact.title, "/contact/title", Role::kCalloutTitle);
  each(spec.contact.text, "/contact/text", Role::kCallout);
  if (spec.panels.enabled() && root && root->contains("panels")) {
    each(spec.panels.contact, "/panels/contact", Role::kBody);
    if (root->at("panels").contains("reviewed")) each(spec.panels.reviewed, "/panels/reviewed", Role::kBody);
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
        auto spec = read_layout(std::make_shared<const JsonDoc>(std::move(*doc)), sink, options.render.limits);
        if (!spec) continue;
        if (auto chains = resolve_font_chains(engine.fonts(), *spec, sink)) check_layout_texts(engine, *spec, *chains, sink);
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
