#include "core/diag.h"

namespace handout {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

std::string format_diag(const Diag& d) {
  std::string out;
  if (!d.where.file.empty()) {
    out += d.where.file;
    if (d.where.line > 0) {
      out += ':' + std::to_string(d.where.line) + ':' + std::to_string(d.where.column);
    }
    out += ": ";
  }
  out += severity_name(d.severity);
  out += ": ";
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
