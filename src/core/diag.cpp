#include "core/diag.h"

namespace handout {

std::string format_diag(const Diag& d) {
  std::string out;
  if (!d.where.file.empty()) {
    out += d.where.file;
    if (d.where.line > 0) {
      out += ':' + std::to_string(d.where.line) + ':' + std::to_string(d.where.column);
    }
    out += ": ";
  }
  switch (d.severity) {
    case Severity::kError: out += "error: "; break;
    case Severity::kWarning: out += "warning: "; break;
    case Severity::kNote: out += "note: "; break;
  }
  out += d.message;
  if (!d.where.pointer.empty()) out += " (at " + d.where.pointer + ")";
  return out;
}

void DiagSink::error(Location where, std::string message) {
  add(Diag{Severity::kError, std::move(where), std::move(message)});
}

void DiagSink::warning(Location where, std::string message) {
  add(Diag{Severity::kWarning, std::move(where), std::move(message)});
}

void DiagSink::add(Diag d) {
  if (d.severity == Severity::kError) ++errors_;
  if (d.severity == Severity::kWarning) ++warnings_;
  diags_.push_back(std::move(d));
}

}  // namespace handout
