// One article through every stage, in process, with fonts loaded once (the Engine is
// shared across iterations as a batch worker shares it). Also each stage alone, so the
// next optimisation is chosen by measurement. Run: build/bench/handout_bench
#include <benchmark/benchmark.h>

#include "engine/engine.h"
#include "output/pdf_writer.h"

namespace {

using namespace handout;

std::string path(const char* rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

Engine& engine() {
  static Engine e;  // fonts parsed once for the whole run
  return e;
}

void BM_Render(benchmark::State& state, const char* article) {
  const std::string a = path(article), l = path("layouts/a4.json");
  std::size_t bytes = 0, pages = 0;
  for (auto _ : state) {
    DiagSink sink;
    auto r = engine().render(a, l, sink);
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
BENCHMARK_CAPTURE(BM_Render, seed_en, "content/stem-cell-therapy/en.json")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, seed_ar, "content/stem-cell-therapy/ar.json")->Unit(benchmark::kMillisecond);

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
  auto spec = load_layout(path("layouts/a4.json"), sink);
  auto art = load_article(path("content/stem-cell-therapy/ar.json"), sink);
  auto doc = engine().layout(*art, *spec, sink, {});
  for (auto _ : state) {
    auto pdf = write_pdf(*doc, engine().fonts(), sink);
    benchmark::DoNotOptimize(pdf);
  }
}
BENCHMARK(BM_WritePdf)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
