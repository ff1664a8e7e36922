// Instructions per warm render, in process: the noise-free figure for what a render costs a
// long-lived process (the service, a batch worker) once fonts are loaded. Renders ARTICLE
// with LAYOUT once to warm up (fonts, dictionaries, HarfBuzz's plans), then N times with
// callgrind counting only those (started with --collect-atstart=no). bench/instr.sh runs it.
//
//   valgrind --tool=callgrind --collect-atstart=no build/bench/handout_instr_render \
//     ARTICLE[,ARTICLE2] LAYOUT ua|none [N]
#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.h"

int main(int argc, char** argv) {
  using namespace handout;
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s ARTICLE[,ARTICLE2] LAYOUT ua|none [N]\n", argv[0]);
    return 64;
  }
  std::vector<std::string> articles;
  std::stringstream list(argv[1]);
  for (std::string a; std::getline(list, a, ',');) articles.push_back(a);
  const std::string layout = argv[2];
  RenderOptions options;
  options.pdf_standard = std::string(argv[3]) == "none" ? PdfStandard::kNone : PdfStandard::kUa1A2a;
  const int n = argc > 4 ? std::atoi(argv[4]) : 5;
  Engine engine;
  std::size_t bytes = 0;
  for (int i = 0; i <= n; ++i) {
    if (i == 1) CALLGRIND_TOGGLE_COLLECT;
    DiagSink sink;
    auto r = engine.render(articles, layout, sink, options);
    if (!r) {
      std::fprintf(stderr, "render failed\n");
      return 1;
    }
    bytes = r->pdf.size();
  }
  CALLGRIND_TOGGLE_COLLECT;
  std::printf("%d renders, %zu bytes each\n", n, bytes);
  return 0;
}
