// Renders an article held in memory with the installed library, from several threads
// sharing one Typesetter, and shows a bad article's diagnostics as values.
//   consumer ARTICLE.json OUT.pdf
#include <handout/handout.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: consumer ARTICLE.json OUT.pdf\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string article = text.str();

  const handout::Typesetter typesetter;  // the installed data, found beside the library
  std::cout << "handout " << handout::version() << ", data " << typesetter.data_dir() << "\n";

  // Four threads render the same article with one shared engine: the same bytes each time.
  std::vector<handout::Result> results(4);
  std::vector<std::thread> threads;
  for (auto& r : results) {
    threads.emplace_back([&] { r = typesetter.render({{"article.json", article}}, "a4"); });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) {
    if (!r.ok() || r.pdf != results[0].pdf) {
      for (const auto& d : r.diagnostics) std::cerr << d.to_string() << "\n";
      std::cerr << "render failed or differed between threads\n";
      return 1;
    }
  }
  std::ofstream(argv[2], std::ios::binary) << results[0].pdf;
  std::cout << "rendered " << results[0].pages << " pages, " << results[0].pdf.size() << " bytes\n";

  // A bad article: no exception, a status and located diagnostics.
  const auto bad = typesetter.render({{"bad.json", "{\"lang\": \"en\", \"blocks\": 3}"}}, "a4");
  if (bad.ok() || bad.status != handout::Status::kBadInput || bad.diagnostics.empty()) {
    std::cerr << "a bad article was not reported\n";
    return 1;
  }
  for (const auto& d : bad.diagnostics) std::cout << d.to_string() << "\n";
  return 0;
}
