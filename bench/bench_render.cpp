// One article through every stage, in process, with fonts loaded once (the Engine is
// shared across iterations as a batch worker shares it). Also each stage alone, so the
// next optimisation is chosen by measurement. Run: build/bench/handout_bench
#include <benchmark/benchmark.h>

#include <map>

#include "block/blocks.h"
#include "engine/engine.h"
#include "flow/paginate.h"
#include "output/pdf_writer.h"
#include "style/style.h"

namespace {

using namespace handout;

std::string path(const char* rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

Engine& engine() {
  static Engine e;  // fonts parsed once for the whole run
  return e;
}

// The Arabic seed laid out with a4.json (the heavier of the two seeds).
Document arabic_seed_document() {
  DiagSink sink;
  auto spec = load_layout(path("layouts/a4.json"), sink);
  auto art = load_article(path("content/stem-cell-therapy/ar.json"), sink);
  return *engine().layout(*art, *spec, sink, {});
}

// Tagged PDF/UA-1 + PDF/A-2a (the default) or a plain PDF (--pdf-standard none): the
// difference is what tagging, XMP, the OutputIntent and the file ID cost.
void BM_Render(benchmark::State& state, const char* article, PdfStandard standard) {
  const std::string a = path(article), l = path("layouts/a4.json");
  std::size_t bytes = 0, pages = 0;
  RenderOptions options;
  options.pdf_standard = standard;
  for (auto _ : state) {
    DiagSink sink;
    auto r = engine().render(a, l, sink, options);
    if (!r) {
      state.SkipWithError("render failed");
      break;
    }
    bytes = r->pdf.size();
    pages = r->document.pages.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["pages"] = static_cast<double>(pages);
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK_CAPTURE(BM_Render, seed_en, "content/stem-cell-therapy/en.json", PdfStandard::kUa1A2a)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, seed_ar, "content/stem-cell-therapy/ar.json", PdfStandard::kUa1A2a)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, seed_en_plain, "content/stem-cell-therapy/en.json", PdfStandard::kNone)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, seed_ar_plain, "content/stem-cell-therapy/ar.json", PdfStandard::kNone)->Unit(benchmark::kMillisecond);

void BM_Parse(benchmark::State& state) {
  const std::string a = path("content/stem-cell-therapy/ar.json"), l = path("layouts/a4.json");
  for (auto _ : state) {
    DiagSink sink;
    auto spec = load_layout(l, sink);
    auto art = load_article(a, sink);
    benchmark::DoNotOptimize(spec);
    benchmark::DoNotOptimize(art);
  }
}
BENCHMARK(BM_Parse)->Unit(benchmark::kMicrosecond);

void BM_Layout(benchmark::State& state) {
  DiagSink sink;
  auto spec = load_layout(path("layouts/a4.json"), sink);
  auto art = load_article(path("content/stem-cell-therapy/ar.json"), sink);
  for (auto _ : state) {
    auto doc = engine().layout(*art, *spec, sink, {});
    benchmark::DoNotOptimize(doc);
  }
}
BENCHMARK(BM_Layout)->Unit(benchmark::kMicrosecond);

void BM_WritePdf(benchmark::State& state) {
  DiagSink sink;
  const Document doc = arabic_seed_document();
  for (auto _ : state) {
    auto pdf = write_pdf(doc, engine().fonts(), sink);
    benchmark::DoNotOptimize(pdf);
  }
}
BENCHMARK(BM_WritePdf)->Unit(benchmark::kMicrosecond);

// The stages inside layout and writing, one by one, on the Arabic seed (the heavier one).
struct Fixture {
  DiagSink sink;
  std::optional<LayoutSpec> spec = load_layout(path("layouts/a4.json"), sink);
  std::optional<Article> article = load_article(path("content/stem-cell-therapy/ar.json"), sink);
  std::optional<FontChains> chains = resolve_font_chains(engine().fonts(), *spec, sink);
  StyleSheet styles{*spec};
  TextShaper shaper{engine().fonts(), &engine().hyphenator()};
  BlockContext ctx{*spec, styles, *chains, shaper, sink, *article, Pt(459), BreakMode::kOptimal,
                   path("layouts/hyphenation")};
  std::vector<const Inline*> inlines() const {
    std::vector<const Inline*> out;
    for (const auto& b : article->blocks) {
      if (const auto* p = std::get_if<ParagraphBlock>(&b.content)) out.push_back(&p->text);
      if (const auto* l = std::get_if<ListBlock>(&b.content))
        for (const auto& i : l->items) out.push_back(&i.text);
    }
    return out;
  }
};

void BM_Stage_Shape(benchmark::State& state) {
  Fixture f;
  const auto ins = f.inlines();
  for (auto _ : state) {
    for (const Inline* in : ins) {
      auto p = f.shaper.shape(flatten_inline(f.ctx, *in, Role::kBody), *f.chains, f.sink);
      benchmark::DoNotOptimize(p);
    }
  }
}
BENCHMARK(BM_Stage_Shape)->Unit(benchmark::kMicrosecond);

void BM_Stage_Break(benchmark::State& state) {
  Fixture f;
  std::vector<ShapedParagraph> shaped;
  for (const Inline* in : f.inlines()) shaped.push_back(*f.shaper.shape(flatten_inline(f.ctx, *in, Role::kBody), *f.chains, f.sink));
  for (auto& p : shaped) f.shaper.hyphenate(p);  // dictionary loaded outside the timing
  ParagraphOptions o;
  o.align = Align::kJustify;
  for (auto _ : state) {
    for (auto& p : shaped) {
      auto lines = build_lines(p, f.shaper, [](std::size_t) { return Pt(459); }, o);
      benchmark::DoNotOptimize(lines);
    }
  }
}
BENCHMARK(BM_Stage_Break)->Unit(benchmark::kMicrosecond);

void BM_Stage_Paginate(benchmark::State& state) {
  Fixture f;
  std::vector<BlockFlow> flows{layout_title(f.ctx)};
  for (std::size_t i = 0; i < f.article->blocks.size(); ++i) flows.push_back(layout_block(f.ctx, f.article->blocks[i], static_cast<int>(i)));
  const VList list = assemble(flows);
  for (auto _ : state) {
    auto pages = paginate(list, Pt(770));
    benchmark::DoNotOptimize(pages);
  }
}
BENCHMARK(BM_Stage_Paginate)->Unit(benchmark::kMicrosecond);

// Writing without compression; the difference to BM_WritePdf is the cost of deflate.
void BM_Stage_WriteUncompressed(benchmark::State& state) {
  DiagSink sink;
  const Document doc = arabic_seed_document();
  PdfOptions o;
  o.compress = false;
  for (auto _ : state) {
    auto pdf = write_pdf(doc, engine().fonts(), sink, o);
    benchmark::DoNotOptimize(pdf);
  }
}
BENCHMARK(BM_Stage_WriteUncompressed)->Unit(benchmark::kMicrosecond);

// hb-subset alone: the glyphs the Arabic seed uses, from each of its fonts.
void BM_Stage_Subset(benchmark::State& state) {
  DiagSink sink;
  const Document doc = arabic_seed_document();
  std::map<FontId, std::vector<std::uint32_t>> glyphs;
  for (const auto& p : doc.pages)
    for (const auto& it : p.items)
      if (const auto* t = std::get_if<TextItem>(&it))
        for (const auto& g : t->glyphs) glyphs[t->font].push_back(g.gid);
  for (auto _ : state) {
    for (const auto& [font, gids] : glyphs) {
      HbSubsetInput input(hb_subset_input_create_or_fail());
      for (auto g : gids) hb_set_add(hb_subset_input_glyph_set(input.get()), g);
      HbFace sub(hb_subset_or_fail(engine().fonts().face(font).subset_face(), input.get()));
      benchmark::DoNotOptimize(sub);
    }
  }
}
BENCHMARK(BM_Stage_Subset)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
