// Page previews against the PDF for the same page. Every case starts from page 1 of a seed
// laid out with a4.json (layout is not measured) and ends with the file's bytes in memory:
//   BM_PreviewPage      drawing the page at 96 dpi with FreeType and encoding it as PNG
//                       (cold: a fresh painter; warm: one painter kept, as batch and watch do)
//   BM_PreviewPaint     the drawing alone; BM_PreviewEncode the PNG encoding alone
//   BM_PreviewPdfOfPage writing that page as a PDF (subset fonts, content stream, tags,
//                       deflate: write_pdf, as `handout render` does it)
//   BM_PreviewPdftoppmPage  rasterising that PDF with pdftoppm at 96 dpi (a process, as a
//                       viewer or thumbnailer would; its CPU is in another process: wall time)
// Compare the CPU column. Run: build/bench/handout_bench --benchmark_filter=Preview
// Instruction counts of the same comparison: bash bench/instr_preview.sh
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include <unistd.h>

#include "engine/engine.h"
#include "output/pdf_writer.h"
#include "preview/preview.h"

namespace {

using namespace handout;

std::string source_path(const std::string& rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

Engine& preview_engine() {
  static Engine e;
  return e;
}

// Page 1 of a seed laid out with a4.json, as a one-page document.
Document first_page(const std::string& article) {
  DiagSink sink;
  auto spec = load_layout(source_path("layouts/a4.json"), sink);
  auto art = load_article(source_path(article), sink);
  Document doc = *preview_engine().layout(*art, *spec, sink, {});
  doc.pages.resize(1);
  return doc;
}

// Cold: a fresh painter each time (FreeType faces opened, every glyph rendered anew), as
// `handout render --png` draws one document. Warm: one painter for every page, as watch mode
// and batch thumbnails draw them (glyphs come from its cache).
void BM_PreviewPage(benchmark::State& state, const char* article, bool warm) {
  const Document doc = first_page(article);
  std::optional<PagePainter> kept;
  if (warm) kept.emplace(preview_engine().fonts());
  std::size_t bytes = 0;
  for (auto _ : state) {
    DiagSink sink;
    std::optional<PagePainter> fresh;
    PagePainter& painter = warm ? *kept : fresh.emplace(preview_engine().fonts());
    auto png = painter.png(doc.pages[0], 96, sink);
    bytes = png->size();
    benchmark::DoNotOptimize(png);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK_CAPTURE(BM_PreviewPage, seed_en, "content/stem-cell-therapy/en.json", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PreviewPage, seed_ar, "content/stem-cell-therapy/ar.json", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PreviewPage, seed_en_warm, "content/stem-cell-therapy/en.json", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PreviewPage, seed_ar_warm, "content/stem-cell-therapy/ar.json", true)->Unit(benchmark::kMillisecond);

// Drawing alone (warm), without the PNG encoding.
void BM_PreviewPaint(benchmark::State& state, const char* article) {
  const Document doc = first_page(article);
  PagePainter painter(preview_engine().fonts());
  for (auto _ : state) {
    DiagSink sink;
    const PageImage* image = painter.paint(doc.pages[0], 96, sink);
    benchmark::DoNotOptimize(image);
  }
}
BENCHMARK_CAPTURE(BM_PreviewPaint, seed_en, "content/stem-cell-therapy/en.json")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PreviewPaint, seed_ar, "content/stem-cell-therapy/ar.json")->Unit(benchmark::kMillisecond);

// PNG encoding alone, of the painted page.
void BM_PreviewEncode(benchmark::State& state, const char* article) {
  const Document doc = first_page(article);
  PagePainter painter(preview_engine().fonts());
  DiagSink paint_sink;
  const PageImage* image = painter.paint(doc.pages[0], 96, paint_sink);
  std::size_t bytes = 0;
  for (auto _ : state) {
    DiagSink sink;
    auto png = encode_png(*image, sink);
    bytes = png->size();
    benchmark::DoNotOptimize(png);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK_CAPTURE(BM_PreviewEncode, seed_en, "content/stem-cell-therapy/en.json")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PreviewEncode, seed_ar, "content/stem-cell-therapy/ar.json")->Unit(benchmark::kMillisecond);

// The same page written as a PDF (no subset cache: as `handout render` does it).
void BM_PreviewPdfOfPage(benchmark::State& state, const char* article) {
  const Document doc = first_page(article);
  std::size_t bytes = 0;
  for (auto _ : state) {
    DiagSink sink;
    auto pdf = write_pdf(doc, preview_engine().fonts(), sink);
    bytes = pdf->size();
    benchmark::DoNotOptimize(pdf);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK_CAPTURE(BM_PreviewPdfOfPage, seed_en, "content/stem-cell-therapy/en.json")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PreviewPdfOfPage, seed_ar, "content/stem-cell-therapy/ar.json")->Unit(benchmark::kMillisecond);

// The page's PDF rasterised by pdftoppm at 96 dpi, to PNG (skipped when it is missing).
void BM_PreviewPdftoppmPage(benchmark::State& state, const char* article) {
  namespace fs = std::filesystem;
  const Document doc = first_page(article);
  DiagSink sink;
  auto pdf = write_pdf(doc, preview_engine().fonts(), sink);
  const fs::path dir = fs::temp_directory_path() / ("handout-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "page.pdf", std::ios::binary) << *pdf;
  const std::string cmd = "pdftoppm -r 96 -png -singlefile " + (dir / "page.pdf").string() + " " +
                          (dir / "page").string() + " 2>/dev/null";
  if (std::system("command -v pdftoppm >/dev/null 2>&1") != 0) {
    state.SkipWithError("pdftoppm is not installed");
  } else {
    for (auto _ : state) {
      if (std::system(cmd.c_str()) != 0) {
        state.SkipWithError("pdftoppm failed");
        break;
      }
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}
BENCHMARK_CAPTURE(BM_PreviewPdftoppmPage, seed_en, "content/stem-cell-therapy/en.json")->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
