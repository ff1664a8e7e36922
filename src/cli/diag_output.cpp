#include "cli/diag_output.h"

#include <nlohmann/json.hpp>

namespace handout {

namespace {

nlohmann::json to_json(const Diag& d) {
  return nlohmann::json{{"severity", severity_name(d.severity)}, {"file", d.where.file},    {"line", d.where.line},
                        {"column", d.where.column}, {"pointer", d.where.pointer}, {"message", d.message}};
}

}  // namespace

std::string diag_to_json(const Diag& d) { return to_json(d).dump(); }

void print_diagnostics(std::ostream& out, const DiagSink& sink, DiagFormat format) {
  if (format == DiagFormat::kText) {
    for (const auto& d : sink.all()) out << format_diag(d) << "\n";
    return;
  }
  nlohmann::json list = nlohmann::json::array();
  int warnings = 0;
  for (const auto& d : sink.all()) {
    list.push_back(to_json(d));
    warnings += d.severity == Severity::kWarning;
  }
  out << nlohmann::json{{"diagnostics", list}, {"errors", sink.error_count()}, {"warnings", warnings}}.dump(2)
      << "\n";
}

}  // namespace handout
