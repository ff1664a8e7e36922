// `handout watch`: renders a handout, then again each time one of its inputs changes
// (the articles, the layout, a picture, a font, a hyphenation dictionary). Inputs are
// watched through their folders with inotify, so an editor that saves by writing a new
// file and renaming it over the old one is seen too. A broken edit prints its diagnostics
// and leaves the last good PDF (and previews) in place; every file is written atomically.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/diag_output.h"
#include "engine/engine.h"

namespace handout {

struct WatchOptions {
  std::vector<std::string> articles;  ///< one article, or two translations
  std::string layout;
  std::string output;   ///< the PDF
  std::string png_dir;  ///< also page previews here (empty: none)
  double dpi = 96;
  bool strict = false;
  DiagFormat format = DiagFormat::kText;
  RenderOptions render;
  /// How long the inputs must be quiet after a change before rendering (an editor's save
  /// is often several events).
  int settle_ms = 100;
};

/// Runs until SIGINT, SIGTERM or SIGHUP; returns the exit status (0, or 2 when the inputs
/// cannot be watched at all). Diagnostics and one status line per render go to `err`.
[[nodiscard]] int run_watch(const WatchOptions& options, std::ostream& err);

}  // namespace handout
