// handout-serve: the program behind `handout serve` (see serve.h). It is a program of its own
// so that cpp-httplib, and OpenSSL and brotli with it, are loaded only by the service: in the
// `handout` command the dynamic loader spent 12 M instructions (10% of a seed render)
// relocating them. `handout serve ARGS` checks ARGS and then runs this program with them.
#include <CLI/CLI.hpp>

#include "serve/serve.h"
#include "serve/serve_cli.h"

int main(int argc, char** argv) {
  CLI::App app{"handout serve: renders over HTTP (see docs/deploy.md)", "handout serve"};
  handout::ServeOptions options;
  handout::add_serve_options(&app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 64;
  }
  return handout::run_serve(options);
}
