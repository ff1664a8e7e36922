#include "fuzz/entry.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diag.h"
#include "core/json_doc.h"
#include "engine/engine.h"
#include "model/article.h"
#include "output/pdf_writer.h"
#include "spec/layout_spec.h"

namespace handout::fuzz {

namespace {

// Where a fuzzed article or layout claims to come from. The layout's name is inside the
// bundled layouts/ folder so that its relative font paths ("../fonts") resolve; the
// article's is in the sample topic with pictures, so that its figures ("images/...")
// resolve and fuzzing reaches the picture checks with real PNG and JPEG files.
const std::string kArticleName = std::string(HANDOUT_SOURCE_DIR) + "/content/wound-care/fuzz-article.json";
const std::string kLayoutName = std::string(HANDOUT_SOURCE_DIR) + "/layouts/fuzz-layout.json";
const std::string kRenderLayout = std::string(HANDOUT_SOURCE_DIR) + "/layouts/a4.json";

[[noreturn]] void broken(const char* what, const DiagSink& sink) {
  std::fprintf(stderr, "handout fuzz: contract broken: %s\n", what);
  for (const Diag& d : sink.all()) std::fprintf(stderr, "  %s\n", format_diag(d).c_str());
  std::fflush(stderr);
  std::abort();
}

// Every diagnostic must format, and a location in the fuzzed file must be inside its text.
void check_diags(const DiagSink& sink, const std::string& name, const std::string& text) {
  // Lines as the reader counts them (and editors show them): each LF, CRLF or lone CR ends one.
  std::size_t lines = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++lines;
  }
  int errors = 0;
  for (const Diag& d : sink.all()) {
    if (d.severity == Severity::kError) ++errors;
    if (d.message.empty()) broken("a diagnostic without a message", sink);
    if (d.where.line < 0 || d.where.column < 0) broken("a negative line or column", sink);
    if (d.where.file == name && static_cast<std::size_t>(d.where.line) > lines) broken("a line past the end of the text", sink);
    if ((d.where.line == 0) != (d.where.column == 0)) broken("a line without a column (or the reverse)", sink);
    if (!d.where.pointer.empty() && d.where.pointer.front() != '/') broken("a JSON pointer not starting with '/'", sink);
    (void)format_diag(d);
  }
  if (errors + sink.dropped_errors() != sink.error_count()) broken("the sink's error count differs from its errors", sink);
  // A full sink keeps an error in place of a warning: errors are dropped only when it holds no warning.
  if (sink.dropped_errors() > 0 && sink.warning_count() > sink.dropped_warnings()) {
    for (const Diag& d : sink.all()) {
      if (d.severity == Severity::kWarning) broken("a warning was kept and an error dropped", sink);
    }
  }
}

std::optional<JsonDoc> parse(std::string name, const std::uint8_t* data, std::size_t size,
                             DiagSink& sink) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto doc = parse_json_text(std::move(name), text, sink);
  if (!doc && !sink.has_errors()) broken("parse_json_text failed without an error", sink);
  if (doc && sink.has_errors()) broken("parse_json_text reported an error but returned a document", sink);
  if (doc && doc->text() != text) broken("the parsed document does not keep its text", sink);
  return doc;
}

struct RenderContext {
  Engine engine;
  LayoutSpec spec;
};

RenderContext& render_context() {
  static RenderContext* ctx = [] {
    auto* c = new RenderContext;
    DiagSink sink;
    auto spec = load_layout(kRenderLayout, sink);
    if (!spec) broken("the bundled layouts/a4.json does not load", sink);
    c->spec = std::move(*spec);
    return c;
  }();
  return *ctx;
}

// Inline content from text: a '\x01' switches between the article's language and the
// other one (a span with "lang"), '\x02' toggles bold, so that mixed-direction runs
// (English inside Arabic and the reverse) and style changes come up often.
nlohmann::json inline_from(std::string_view text, const std::string& other_lang) {
  nlohmann::json spans = nlohmann::json::array();
  std::string cur;
  bool other = false;
  bool strong = false;
  auto flush = [&] {
    if (cur.empty()) return;
    nlohmann::json span = {{"text", cur}};
    if (other) span["lang"] = other_lang;
    if (strong) span["strong"] = true;
    spans.push_back(std::move(span));
    cur.clear();
  };
  for (char c : text) {
    if (c == '\x01' || c == '\x02') {
      flush();
      if (c == '\x01') other = !other;
      else strong = !strong;
    } else if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\r') || c == '\x7f') {
      // Other control bytes: an article with them is refused (the article fuzzer covers
      // that), so they are left out to keep the text stages fuzzed.
    } else {
      cur.push_back(c);
    }
  }
  flush();
  if (spans.empty()) spans.push_back("x");
  return spans;
}

std::vector<std::string_view> split(std::string_view s, char sep, std::size_t max) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < max) {
    const auto at = s.find(sep);
    if (at == std::string_view::npos) break;
    out.push_back(s.substr(0, at));
    s.remove_prefix(at + 1);
  }
  out.push_back(s);
  return out;
}

// Bytes that are not JSON become the text of a small article, so that the text stages
// (bidi, itemization, shaping, line breaking, hyphenation, pagination) get fuzzed directly
// rather than only through JSON that happens to stay valid. The first byte picks the
// language and the block kind; lines ('\n') become paragraphs, list items, table rows
// (cells split at '|'), FAQ questions and answers.
std::string article_from_text(const std::uint8_t* data, std::size_t size) {
  const unsigned mode = size > 0 ? data[0] : 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + (size > 0 ? 1 : 0),
                              size > 0 ? size - 1 : 0);
  const bool arabic = (mode & 1u) != 0;
  const std::string lang = arabic ? "ar" : "en";
  const std::string other = arabic ? "en" : "ar";
  const auto lines = split(text, '\n', 400);
  nlohmann::json blocks = nlohmann::json::array();
  switch ((mode >> 1) % 6) {
    case 0:
      for (auto l : lines) blocks.push_back({{"type", "paragraph"}, {"text", inline_from(l, other)}});
      break;
    case 1:
      for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i % 3 == 0) {
          blocks.push_back({{"type", "heading"}, {"level", 1 + static_cast<int>((mode >> 4) % 3)},
                            {"text", inline_from(lines[i], other)}});
        } else {
          blocks.push_back({{"type", "paragraph"}, {"text", inline_from(lines[i], other)}});
        }
      }
      break;
    case 2: {
      nlohmann::json items = nlohmann::json::array();
      for (auto l : lines) {
        const auto parts = split(l, '|', 2);
        if (parts.size() == 2) {
          items.push_back({{"term", inline_from(parts[0], other)}, {"text", inline_from(parts[1], other)}});
        } else {
          items.push_back(inline_from(l, other));
        }
      }
      blocks.push_back({{"type", "list"}, {"ordered", (mode & 0x10u) != 0}, {"items", items}});
      break;
    }
    case 3: {
      const auto head = split(lines[0], '|', 8);
      nlohmann::json header = nlohmann::json::array();
      for (auto c : head) header.push_back(inline_from(c, other));
      nlohmann::json rows = nlohmann::json::array();
      for (std::size_t i = 1; i < lines.size(); ++i) {
        auto cells = split(lines[i], '|', head.size());
        nlohmann::json row = nlohmann::json::array();
        for (std::size_t c = 0; c < head.size(); ++c) {
          row.push_back(inline_from(c < cells.size() ? cells[c] : std::string_view("-"), other));
        }
        rows.push_back(std::move(row));
      }
      if (rows.empty()) rows.push_back(header);
      nlohmann::json table = {{"type", "table"}, {"header", header}, {"rows", rows}};
      if ((mode & 0x10u) != 0) table["caption"] = inline_from(lines[0], other);
      blocks.push_back(std::move(table));
      break;
    }
    case 4: {
      nlohmann::json items = nlohmann::json::array();
      for (std::size_t i = 0; i < lines.size(); i += 2) {
        items.push_back({{"question", inline_from(lines[i], other)},
                         {"answer", inline_from(i + 1 < lines.size() ? lines[i + 1] : lines[i], other)}});
      }
      blocks.push_back({{"type", "faq"}, {"items", items}});
      break;
    }
    default:
      for (std::size_t i = 0; i < lines.size(); i += 2) {
        nlohmann::json callout = {{"type", "callout"}, {"text", inline_from(lines[i], other)}};
        if (i + 1 < lines.size()) callout["title"] = inline_from(lines[i + 1], other);
        blocks.push_back(std::move(callout));
      }
      break;
  }
  // The title is short: a long title is a known, separate case (it is set again in the
  // running header of every page; see regressions/render/hang-title-in-running-header.json).
  nlohmann::json article = {{"lang", lang}, {"title", inline_from(lines[0].substr(0, 256), other)},
                            {"blocks", blocks}};
  // Bytes that are not UTF-8 are dropped: the text stages are the target here.
  return article.dump(1, ' ', false, nlohmann::json::error_handler_t::ignore);
}

}  // namespace

Outcome article(const std::uint8_t* data, std::size_t size) {
  DiagSink sink;
  auto doc = parse(kArticleName, data, size, sink);
  if (!doc) {
    check_diags(sink, kArticleName, std::string(reinterpret_cast<const char*>(data), size));
    return Outcome::kRejected;
  }
  const std::string text = doc->text();
  auto art = read_article(std::move(*doc), sink);
  check_diags(sink, kArticleName, text);
  if (art.has_value() == sink.has_errors()) broken("read_article's result disagrees with its errors", sink);
  if (!art) return Outcome::kRejected;
  if (!art->source || art->source->text() != text) broken("the article does not keep its source", sink);
  (void)art->title.plain_text();
  for (const Block& b : art->blocks) {
    if (b.pointer.empty()) broken("a block without a JSON pointer", sink);
    (void)block_kind_name(b.content);
    (void)art->locate(b.pointer);
  }
  return Outcome::kAccepted;
}

Outcome layout(const std::uint8_t* data, std::size_t size) {
  DiagSink sink;
  auto doc = parse(kLayoutName, data, size, sink);
  if (!doc) {
    check_diags(sink, kLayoutName, std::string(reinterpret_cast<const char*>(data), size));
    return Outcome::kRejected;
  }
  auto spec = read_layout(*doc, sink);
  check_diags(sink, kLayoutName, doc->text());
  if (spec.has_value() == sink.has_errors()) broken("read_layout's result disagrees with its errors", sink);
  if (!spec) return Outcome::kRejected;
  if (!spec->chains.count("default")) broken("a layout without a default font chain", sink);
  if (spec->columns < 1) broken("a layout with fewer than one column", sink);
  return Outcome::kAccepted;
}

Outcome render(const std::uint8_t* data, std::size_t size) {
  if (size > kMaxRenderBytes) return Outcome::kSkipped;
  RenderContext& ctx = render_context();
  DiagSink sink;
  auto doc = parse(kArticleName, data, size, sink);
  if (!doc) {
    // Not JSON: render the bytes as the text of an article.
    const std::string wrapped = article_from_text(data, size);
    sink = DiagSink();
    doc = parse(kArticleName, reinterpret_cast<const std::uint8_t*>(wrapped.data()), wrapped.size(), sink);
    if (!doc) return Outcome::kRejected;
  }
  auto art = read_article(std::move(*doc), sink);
  if (!art) return Outcome::kRejected;
  const RenderOptions options;
  auto laid_out = ctx.engine.layout(*art, ctx.spec, sink, options);
  check_diags(sink, kArticleName, art->source->text());
  if (laid_out.has_value() == sink.has_errors()) broken("Engine::layout's result disagrees with its errors", sink);
  if (!laid_out) return Outcome::kRejected;
  auto pdf = write_pdf(*laid_out, ctx.engine.fonts(), sink);
  if (pdf.has_value() == sink.has_errors()) broken("write_pdf's result disagrees with its errors", sink);
  if (!pdf) return Outcome::kRejected;
  if (pdf->rfind("%PDF-", 0) != 0) broken("the PDF does not start with %PDF-", sink);
  if (pdf->find("%%EOF", pdf->size() > 32 ? pdf->size() - 32 : 0) == std::string::npos) {
    broken("the PDF does not end with %%EOF", sink);
  }
  return Outcome::kAccepted;
}

}  // namespace handout::fuzz
