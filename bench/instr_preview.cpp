// Instructions for one page preview against writing that page's PDF, in process: page 1 of
// ARTICLE laid out with LAYOUT, as a one-page document. Does the chosen work once to warm up,
// then N times with callgrind counting only those (started with --collect-atstart=no).
// bench/instr_preview.sh runs it for the seed in English and Arabic.
//
//   valgrind --tool=callgrind --collect-atstart=no build/bench/handout_instr_preview \
//     ARTICLE LAYOUT preview|cold|pdf [N] [DPI]
//
//   preview  paint + PNG bytes with one painter kept (glyphs cached: watch, batch thumbnails)
//   cold     the same with a fresh painter each time (FreeType renders every glyph anew)
//   pdf      write_pdf of the page (subset fonts, content stream, tagging, deflate)
#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "engine/engine.h"
#include "output/pdf_writer.h"
#include "preview/preview.h"

int main(int argc, char** argv) {
  using namespace handout;
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s ARTICLE LAYOUT preview|cold|pdf [N] [DPI]\n", argv[0]);
    return 64;
  }
  const std::string mode = argv[3];
  const int n = argc > 4 ? std::atoi(argv[4]) : 5;
  const double dpi = argc > 5 ? std::atof(argv[5]) : 96.0;
  Engine engine;
  DiagSink sink;
  auto spec = load_layout(argv[2], sink);
  auto article = spec ? load_article(argv[1], sink) : std::nullopt;
  std::optional<Document> doc;
  if (article) doc = engine.layout(*article, *spec, sink, {});
  if (!doc || doc->pages.empty()) {
    std::fprintf(stderr, "layout failed\n");
    return 1;
  }
  doc->pages.resize(1);
  std::optional<PagePainter> kept;
  if (mode == "preview") kept.emplace(engine.fonts());
  std::size_t bytes = 0;
  for (int i = 0; i <= n; ++i) {
    if (i == 1) CALLGRIND_TOGGLE_COLLECT;
    DiagSink s;
    std::optional<std::string> out;
    if (mode == "pdf") {
      out = write_pdf(*doc, engine.fonts(), s);
    } else {
      std::optional<PagePainter> fresh;
      PagePainter& painter = kept ? *kept : fresh.emplace(engine.fonts());
      out = painter.png(doc->pages[0], dpi, s);
    }
    if (!out) {
      std::fprintf(stderr, "%s failed\n", mode.c_str());
      return 1;
    }
    bytes = out->size();
  }
  CALLGRIND_TOGGLE_COLLECT;
  std::printf("%d x %s, %zu bytes each\n", n, mode.c_str(), bytes);
  return 0;
}
