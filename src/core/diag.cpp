#include "core/diag.h"

#include <cstdio>
#include <iterator>

#include "core/bidi_nesting.h"

namespace handout {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 when it is ill-formed.
std::size_t utf8_length(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  char32_t min = 0;
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  if ((b & 0xE0) == 0xC0) n = 2, cp = b & 0x1F, min = 0x80;
  else if ((b & 0xF0) == 0xE0) n = 3, cp = b & 0x0F, min = 0x800;
  else if ((b & 0xF8) == 0xF0) n = 4, cp = b & 0x07, min = 0x10000;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

std::string terminal_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char buf[16];
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_length(s, i, cp);
    if (n == 0) {
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(s[i])));
      out += buf;
      ++i;
      continue;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      std::snprintf(buf, sizeof buf, cp < 0x80 ? "\\x%02X" : "<U+%04X>", static_cast<unsigned>(cp));
      out += buf;
    } else if (is_bidi_control(cp)) {
      std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string json_safe(std::string json) {
  // In UTF-8 the controls are D8 9C (U+061C) and E2 80 8E-8F, E2 80 AA-AE, E2 81 A6-A9; no other
  // code point's bytes contain these sequences, and JSON text holds them only inside strings.
  std::size_t i = json.find_first_of("\xD8\xE2");
  if (i == std::string::npos) return json;
  std::string out;
  out.reserve(json.size() + 16);
  out.append(json, 0, i);
  char buf[8];
  while (i < json.size()) {
    const auto b = static_cast<unsigned char>(json[i]);
    char32_t cp = 0;
    const std::size_t n = (b == 0xD8 || b == 0xE2) ? utf8_length(json, i, cp) : 0;
    if (n != 0 && is_bidi_control(cp)) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      out += buf;
      i += n;
    } else {
      out += json[i++];
    }
  }
  return out;
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
  return terminal_safe(out);
}

void DiagSink::error(Location where, std::string message) {
  add(Diag{Severity::kError, std::move(where), std::move(message)});
}

void DiagSink::warning(Location where, std::string message) {
  add(Diag{Severity::kWarning, std::move(where), std::move(message)});
}

void DiagSink::add(Diag d) {
  // The same message at the same place once (a layout's bullet lacking from the fonts is
  // met at every item, a footer text on every page).
  for (const Diag& k : diags_) {
    if (k.severity == d.severity && k.where.line == d.where.line && k.where.column == d.where.column &&
        k.message == d.message && k.where.pointer == d.where.pointer && k.where.file == d.where.file) {
      return;
    }
  }
  if (d.severity == Severity::kError) ++errors_;
  if (d.severity == Severity::kWarning) ++warnings_;
  if (full()) {
    // An error takes the place of the last warning kept: a file's warnings (a hundred texts
    // with an override in each) never hide the error that refuses it.
    if (d.severity == Severity::kError) {
      for (auto it = diags_.rbegin(); it != diags_.rend(); ++it) {
        if (it->severity == Severity::kWarning) {
          diags_.erase(std::next(it).base());
          ++dropped_warnings_;
          diags_.push_back(std::move(d));
          return;
        }
      }
    }
    if (d.severity == Severity::kError) ++dropped_errors_;
    if (d.severity == Severity::kWarning) ++dropped_warnings_;
    return;
  }
  diags_.push_back(std::move(d));
}

}  // namespace handout
