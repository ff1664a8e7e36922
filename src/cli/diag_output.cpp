#include "cli/diag_output.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

namespace handout {

namespace {

nlohmann::json to_json(const Diag& d) {
  nlohmann::json j{{"severity", severity_name(d.severity)}, {"file", d.where.file},    {"line", d.where.line},
                   {"column", d.where.column}, {"pointer", d.where.pointer}, {"message", d.message}};
  if (d.where.span > 1) j["span"] = d.where.span;
  return j;
}

const char* colour_of(Severity s) {
  switch (s) {
    case Severity::kError: return "\x1b[1;31m";
    case Severity::kWarning: return "\x1b[1;35m";
    case Severity::kNote: return "\x1b[1;36m";
  }
  return "";
}

}  // namespace

// Diagnostics in file order: files as first reported, then by line and column (a
// diagnostic without a line keeps its place before the located ones of its file).
std::vector<const Diag*> in_file_order(const std::vector<Diag>& all) {
  std::map<std::string, std::size_t> file_rank;
  for (const auto& d : all) file_rank.emplace(d.where.file, file_rank.size());
  // A note keeps its place right after the diagnostic it explains: it sorts with its key.
  using Key = std::tuple<std::size_t, int, int>;
  std::vector<std::pair<Key, const Diag*>> keyed;
  keyed.reserve(all.size());
  Key last{0, 0, 0};
  for (const auto& d : all) {
    if (d.severity != Severity::kNote || keyed.empty()) {
      last = Key{file_rank[d.where.file], d.where.line, d.where.column};
    }
    keyed.emplace_back(last, &d);
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const Diag*> order;
  order.reserve(all.size());
  for (const auto& [key, d] : keyed) order.push_back(d);
  return order;
}

// JSON with the bidi controls of the input escaped (json_safe): a log viewer or terminal shows
// a message quoting an article's "\u202E" in order.
std::string diag_to_json(const Diag& d) {
  return json_safe(to_json(d).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string diag_to_text(const Diag& d, bool colour, bool source) {
  std::string line = format_diag(d);
  if (colour) {
    // Colour the "error:" word.
    const std::string word = std::string(severity_name(d.severity)) + ":";
    if (auto at = line.find(word); at != std::string::npos) {
      line.insert(at + word.size(), "\x1b[0m");
      line.insert(at, colour_of(d.severity));
    }
  }
  std::string out = line + "\n";
  if (source && !d.where.source_line.empty() && d.where.source_column > 0) {
    const std::string shown = terminal_safe(d.where.source_line);
    // The caret's column in the shown text: escapes widen what comes before it.
    std::size_t cps = 0, col = 1;
    for (std::size_t i = 0; i < d.where.source_line.size() && cps + 1 < static_cast<std::size_t>(d.where.source_column);) {
      std::size_t n = 1;
      while (i + n < d.where.source_line.size() && (static_cast<unsigned char>(d.where.source_line[i + n]) & 0xC0) == 0x80) ++n;
      const std::string one = terminal_safe(d.where.source_line.substr(i, n));
      col += std::count_if(one.begin(), one.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
      ++cps;
      i += n;
    }
    out += "  | " + shown + "\n";
    out += "  | " + std::string(col - 1, ' ');
    if (colour) out += colour_of(d.severity);
    out += '^';
    if (d.where.span > 1) out += std::string(static_cast<std::size_t>(d.where.span - 1), '~');
    if (colour) out += "\x1b[0m";
    out += "\n";
  }
  return out;
}

void print_diagnostics(std::ostream& out, const DiagSink& sink, const DiagPrintOptions& options) {
  const auto order = in_file_order(sink.all());
  if (options.format == DiagFormat::kText) {
    for (const Diag* d : order) out << diag_to_text(*d, options.colour, options.source);
    if (sink.dropped_errors() + sink.dropped_warnings() > 0) {
      out << "handout: and " << sink.dropped_errors() << " more error" << (sink.dropped_errors() == 1 ? "" : "s")
          << " and " << sink.dropped_warnings() << " more warning" << (sink.dropped_warnings() == 1 ? "" : "s")
          << " (only the first " << DiagSink::kMaxKept << " diagnostics are shown)\n";
    }
    return;
  }
  nlohmann::json list = nlohmann::json::array();
  for (const Diag* d : order) list.push_back(to_json(*d));
  out << json_safe(nlohmann::json{{"diagnostics", list},
                                  {"errors", sink.error_count()},
                                  {"warnings", sink.warning_count()},
                                  {"not_shown", sink.dropped_errors() + sink.dropped_warnings()}}
                       .dump(2, ' ', false, nlohmann::json::error_handler_t::replace))
      << "\n";
}

}  // namespace handout
