// Printing diagnostics for people (file:line:col: error: ...) or for editors and CI (JSON).
#pragma once

#include <ostream>
#include <string>

#include "core/diag.h"

namespace handout {

enum class DiagFormat { kText, kJson };

/// Writes every diagnostic of `sink` to `out` in `format`.
void print_diagnostics(std::ostream& out, const DiagSink& sink, DiagFormat format);

/// One diagnostic as a JSON object text: severity, file, line, column, pointer, message.
[[nodiscard]] std::string diag_to_json(const Diag& d);

}  // namespace handout
