// Printing diagnostics for people (file:line:col: error: ..., the source line and a caret
// under the column, like a compiler) or for editors and CI (JSON).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "core/diag.h"

namespace handout {

enum class DiagFormat { kText, kJson };

struct DiagPrintOptions {
  DiagFormat format = DiagFormat::kText;
  bool colour = false;  ///< ANSI colours (only when printing to a terminal)
  bool source = true;   ///< show the source line and a caret (text format)
};

/// Writes every diagnostic of `sink` to `out`: each file's in the order of their place in
/// the file (files in the order they were first reported), then how many were not kept.
void print_diagnostics(std::ostream& out, const DiagSink& sink, const DiagPrintOptions& options);
inline void print_diagnostics(std::ostream& out, const DiagSink& sink, DiagFormat format) {
  print_diagnostics(out, sink, DiagPrintOptions{format, false, true});
}

/// `all` in file order: files as first reported, then by line and column; a note stays
/// right after the diagnostic it explains.
[[nodiscard]] std::vector<const Diag*> in_file_order(const std::vector<Diag>& all);

/// One diagnostic as a JSON object text: severity, file, line, column, pointer, message.
[[nodiscard]] std::string diag_to_json(const Diag& d);

/// One diagnostic as text: the message line, then the source line with a caret.
[[nodiscard]] std::string diag_to_text(const Diag& d, bool colour = false, bool source = true);

}  // namespace handout
