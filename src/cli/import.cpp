#include "cli/import.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <tuple>

#include <unistd.h>

#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "cli/process.h"
#include "core/lang.h"
#include "core/utf.h"
#include "model/article.h"

namespace handout {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ojson = nlohmann::ordered_json;

// The style of a run of imported text.
struct Style {
  bool strong = false;
  bool em = false;
  std::string href;
  std::string lang;
  bool operator==(const Style&) const = default;
};

struct Piece {
  std::string text;
  Style style;
};

using Pieces = std::vector<Piece>;

const json& field(const json& node, std::size_t i) {
  static const json empty;
  const json& c = node.contains("c") ? node["c"] : empty;
  return c.is_array() && i < c.size() ? c[i] : empty;
}

const json& contents(const json& node) {
  static const json empty = json::array();
  return node.contains("c") ? node["c"] : empty;
}

std::string tag(const json& node) { return node.is_object() && node.contains("t") && node["t"].is_string() ? node["t"].get<std::string>() : ""; }

// Key-value attributes of a pandoc Attr [id, classes, [[k, v], ...]].
std::string attribute(const json& attr, const std::string& key) {
  if (!attr.is_array() || attr.size() < 3 || !attr[2].is_array()) return "";
  for (const auto& kv : attr[2]) {
    if (kv.is_array() && kv.size() == 2 && kv[0] == key && kv[1].is_string()) return kv[1].get<std::string>();
  }
  return "";
}

bool has_class(const json& attr, const std::string& name) {
  if (!attr.is_array() || attr.size() < 2 || !attr[1].is_array()) return false;
  for (const auto& c : attr[1]) {
    if (c == name) return true;
  }
  return false;
}

bool allowed_link(const std::string& url) {
  for (const char* scheme : {"http://", "https://", "mailto:", "tel:"}) {
    if (url.starts_with(scheme)) return true;
  }
  return false;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string trim(std::string s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string plain_text(const Pieces& pieces) {
  std::string s;
  for (const auto& p : pieces) s += p.text;
  return s;
}

// Merges runs of the same style, folds white space and trims both ends.
Pieces tidy(const Pieces& in) {
  Pieces out;
  for (const auto& p : in) {
    std::string text;
    for (char c : p.text) {
      const bool space = is_space(c);
      const bool after_space = text.empty() ? (out.empty() || out.back().text.empty() || is_space(out.back().text.back()))
                                            : is_space(text.back());
      if (space && after_space) continue;
      text.push_back(space ? ' ' : c);
    }
    if (text.empty()) continue;
    Style style = p.style;
    if (trim(text).empty()) style = Style{.href = p.style.href, .lang = p.style.lang};  // no bold blanks
    if (!out.empty() && out.back().style == style) out.back().text += text;
    else out.push_back({text, style});
  }
  // A space between two runs of one style is of that style: Word (pandoc's reading of a
  // .docx) puts each word of an italic phrase in a run of its own, and "four times a day"
  // became seven runs, four spans.
  Pieces joined;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!joined.empty() && i + 1 < out.size() && trim(out[i].text).empty() && joined.back().style == out[i + 1].style &&
        out[i].style.href == out[i + 1].style.href && out[i].style.lang == out[i + 1].style.lang) {
      joined.back().text += out[i].text + out[i + 1].text;
      ++i;
      continue;
    }
    joined.push_back(std::move(out[i]));
  }
  out = std::move(joined);
  while (!out.empty() && !out.back().text.empty() && is_space(out.back().text.back())) {
    out.back().text.pop_back();
    if (out.back().text.empty()) out.pop_back();
  }
  return out;
}

// The article's Inline: a string, or strings and spans.
ojson to_inline(const Pieces& raw, const std::string& article_lang) {
  const Pieces pieces = tidy(raw);
  auto is_plain = [&](const Style& s) { return !s.strong && !s.em && s.href.empty() && (s.lang.empty() || s.lang == article_lang); };
  if (pieces.empty()) return "";
  if (pieces.size() == 1 && is_plain(pieces[0].style)) return pieces[0].text;
  ojson out = ojson::array();
  for (const auto& p : pieces) {
    if (is_plain(p.style)) {
      out.push_back(p.text);
      continue;
    }
    ojson span = {{"text", p.text}};
    if (!p.style.lang.empty() && p.style.lang != article_lang) span["lang"] = p.style.lang;
    if (p.style.strong) span["strong"] = true;
    if (p.style.em) span["em"] = true;
    if (!p.style.href.empty()) span["href"] = p.style.href;
    out.push_back(span);
  }
  return out;
}

bool ends_with_question_mark(const std::string& text) {
  const std::string t = trim(text);
  return t.ends_with("?") || t.ends_with("\xD8\x9F");  // ؟ U+061F ARABIC QUESTION MARK
}

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

// A heading that opens a "Questions" section.
bool is_questions_heading(const std::string& text) {
  const std::string t = lower_ascii(text);
  return t.find("question") != std::string::npos || t.find("faq") != std::string::npos ||
         t.find("\xD8\xA3\xD8\xB3\xD8\xA6\xD9\x84\xD8\xA9") != std::string::npos ||  // أسئلة
         t.find("\xD8\xA7\xD8\xB3\xD8\xA6\xD9\x84\xD8\xA9") != std::string::npos;   // اسئلة
}

std::size_t count_code_points(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A text document's lines ended by a carriage return alone (classic Mac OS, some old
// editors and exports) read by pandoc as one line: it drops every CR, so a whole Markdown
// file was one paragraph run together (and "nothing to import" when it began with a
// heading), and a web page's words either side of a line end were joined. Each lone CR is
// a line feed here, as CommonMark and HTML both say; a CR LF pair stays one line end.
bool has_lone_cr(const std::string& text) {
  for (std::size_t i = text.find('\r'); i != std::string::npos; i = text.find('\r', i + 1)) {
    if (i + 1 == text.size() || text[i + 1] != '\n') return true;
  }
  return false;
}

std::string lone_cr_as_lf(std::string text) {
  for (std::size_t i = text.find('\r'); i != std::string::npos; i = text.find('\r', i + 1)) {
    if (i + 1 == text.size() || text[i + 1] != '\n') text[i] = '\n';
  }
  return text;
}

// The offset of the first byte of `text` that is not part of well-formed UTF-8, or npos.
std::size_t first_non_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (length == 1 || i + length > text.size() || !is_valid_utf8(text.substr(i, length))) return i;
    i += length;
  }
  return std::string_view::npos;
}

// pandoc replaces a picture it cannot find with its description and says so only on its
// stderr ("[WARNING] Could not fetch resource pic.png: replacing image with description"):
// the picture would be lost without a word. Each is a warning at the document, at the
// first place its name is written in a text document (Markdown, a web page).
void report_unfetched_pictures(const std::string& pandoc_err, const std::string& input, bool text_document,
                               DiagSink& sink) {
  static constexpr std::string_view kSaid = "Could not fetch resource ";
  std::string doc;
  bool doc_read = false;
  for (std::size_t at = pandoc_err.find(kSaid); at != std::string::npos; at = pandoc_err.find(kSaid, at + 1)) {
    const std::size_t begin = at + kSaid.size();
    std::size_t end = pandoc_err.find('\n', begin);
    if (end == std::string::npos) end = pandoc_err.size();
    std::string name = pandoc_err.substr(begin, end - begin);
    if (const auto reason = name.rfind(": "); reason != std::string::npos) name.resize(reason);
    if (name.size() >= 2 && (name.front() == '\'' || name.front() == '"') && name.back() == name.front()) {
      name = name.substr(1, name.size() - 2);
    }
    Location where{input, 0, 0, ""};
    if (text_document && !name.empty()) {
      if (!doc_read) {
        std::ifstream in(input, std::ios::binary);
        doc.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        doc = lone_cr_as_lf(std::move(doc));  // its lines as pandoc was given them
        doc_read = true;
      }
      if (const auto found = doc.find(name); found != std::string::npos) {
        const std::string before = doc.substr(0, found);
        const auto line_start = before.rfind('\n');
        where.line = static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1;
        where.column = static_cast<int>(
            count_code_points(line_start == std::string::npos ? before : before.substr(line_start + 1))) + 1;
      }
    }
    sink.warning(where, "picture \"" + name +
                            "\" not found beside the document: pandoc put its description in the text instead; put "
                            "the picture there and import again, or add it to the article as a figure block");
  }
}

class Mapper {
 public:
  Mapper(std::string lang, std::string source, bool page_title_is_h1, DiagSink& sink, PictureMap picture,
         PictureMap media_name)
      : lang_(std::move(lang)), source_(std::move(source)), h1_title_(page_title_is_h1), sink_(sink),
        picture_(std::move(picture)), media_name_(std::move(media_name)) {}

  std::optional<ojson> run(const json& ast) {
    if (!ast.is_object() || !ast.contains("blocks") || !ast["blocks"].is_array()) {
      sink_.error(Location{source_, 0, 0, ""}, "pandoc gave no document to import");
      return std::nullopt;
    }
    ojson article = {{"lang", lang_}};
    Pieces title, subtitle;
    if (ast.contains("meta") && ast["meta"].is_object()) {
      const json& meta = ast["meta"];
      if (meta.contains("title")) meta_inlines(meta["title"], title);
      if (meta.contains("subtitle")) meta_inlines(meta["subtitle"], subtitle);
    }
    // The first level-1 heading is the title when the metadata has none, and for a web
    // page, whose <title> names a browser tab.
    title_from_h1_ = tidy(title).empty() || h1_title_;
    blocks(ast["blocks"], /*top=*/true);
    flush_faq();
    flush_figures();
    if (h1_title_found_) {
      article["title"] = to_inline(h1_title_pieces_, lang_);
    } else if (!tidy(title).empty()) {
      article["title"] = to_inline(title, lang_);
    } else {
      article["title"] = fs::path(source_).stem().string();
      sink_.warning(Location{source_, 0, 0, "/title"},
                    "the document has no title and no level-1 heading; the file name is used as the title");
    }
    if (!tidy(subtitle).empty()) article["subtitle"] = to_inline(subtitle, lang_);
    if (out_.empty()) {
      sink_.error(Location{source_, 0, 0, ""}, "nothing to import: the document has no text the article format can hold");
      return std::nullopt;
    }
    article["blocks"] = out_;
    return article;
  }

 private:
  // Where in the source the walk is, for warnings: pandoc's source position when it gives
  // one (Markdown), else the number of the document's top-level block and the last heading.
  Location here() const {
    Location l{source_, line_, column_, "/blocks/" + std::to_string(out_.size())};
    return l;
  }
  std::string where_text() const {
    if (line_ > 0) return "";
    std::string s = " (block " + std::to_string(top_index_) + " of the document";
    if (!last_heading_.empty()) s += ", under \"" + last_heading_ + "\"";
    return s + ")";
  }
  void drop(const std::string& what) { sink_.warning(here(), what + where_text()); }

  void note_position(const json& attr) {
    const std::string pos = attribute(attr, "data-pos");
    const auto at = pos.rfind('@');
    if (at == std::string::npos) return;
    int line = 0, column = 0;
    if (std::sscanf(pos.c_str() + at + 1, "%d:%d", &line, &column) == 2) {
      line_ = line;
      column_ = column;
    }
  }

  void meta_inlines(const json& value, Pieces& out) {
    const std::string t = tag(value);
    if (t == "MetaInlines") inlines(contents(value), Style{}, out);
    else if (t == "MetaString" && contents(value).is_string()) out.push_back({contents(value).get<std::string>(), {}});
    else if (t == "MetaBlocks") {
      for (const auto& b : contents(value)) inlines(block_inlines(b), Style{}, out);
    }
  }

  // The inlines of a Para, Plain or Header.
  static const json& block_inlines(const json& b) {
    static const json empty = json::array();
    const std::string t = tag(b);
    if (t == "Para" || t == "Plain") return contents(b);
    if (t == "Header") return field(b, 2);
    return empty;
  }

  void inlines(const json& list, const Style& style, Pieces& out) {
    if (!list.is_array()) return;
    for (const auto& node : list) inline_node(node, style, out);
  }

  void inline_node(const json& node, const Style& style, Pieces& out) {
    const std::string t = tag(node);
    if (t == "Str") {
      if (contents(node).is_string()) out.push_back({contents(node).get<std::string>(), style});
    } else if (t == "Space" || t == "SoftBreak" || t == "LineBreak") {
      out.push_back({" ", style});
    } else if (t == "Strong") {
      Style s = style;
      s.strong = true;
      inlines(contents(node), s, out);
    } else if (t == "Emph") {
      Style s = style;
      s.em = true;
      inlines(contents(node), s, out);
    } else if (t == "Underline" || t == "Strikeout" || t == "SmallCaps" || t == "Superscript" || t == "Subscript") {
      inlines(contents(node), style, out);
    } else if (t == "Quoted") {
      const bool single = tag(field(node, 0)) == "SingleQuote";
      out.push_back({single ? "\xE2\x80\x98" : "\xE2\x80\x9C", style});
      inlines(field(node, 1), style, out);
      out.push_back({single ? "\xE2\x80\x99" : "\xE2\x80\x9D", style});
    } else if (t == "Cite") {
      inlines(field(node, 1), style, out);
    } else if (t == "Code" || t == "Math") {
      if (field(node, 1).is_string()) out.push_back({field(node, 1).get<std::string>(), style});
    } else if (t == "Span") {
      note_position(field(node, 0));
      Style s = style;
      std::string lang = attribute(field(node, 0), "lang");
      if (!lang.empty() && is_plausible_language_tag(lang)) s.lang = lang;
      inlines(field(node, 1), s, out);
    } else if (t == "Link") {
      note_position(field(node, 0));
      Style s = style;
      const json& target = field(node, 2);
      const std::string url = target.is_array() && !target.empty() && target[0].is_string() ? target[0].get<std::string>() : "";
      // A web page's footnote: a link to its note at the end of the page (pandoc, Word's HTML).
      if (has_class(field(node, 0), "footnote-ref") || url.starts_with("#fn")) {
        const std::string number = url.starts_with("#fn") ? url.substr(3) + " " : "";
        drop("footnote " + number + "dropped: the article format has no footnotes; put it in the text");
        return;
      }
      if (allowed_link(url)) s.href = url;
      else if (!url.empty()) drop("link target \"" + url + "\" dropped, its text kept: links must be http, https, mailto or tel");
      inlines(field(node, 1), s, out);
    } else if (t == "Image") {
      note_position(field(node, 0));
      const int line = line_, column = column_;
      Pieces alt;
      inlines(field(node, 1), Style{}, alt);
      line_ = line;
      column_ = column;
      const std::string alt_text = trim(plain_text(tidy(alt)));
      const json& target = field(node, 2);
      const std::string src = target.is_array() && !target.empty() && target[0].is_string() ? target[0].get<std::string>() : "";
      const std::string name = picture_name(src);
      // The format has pictures only as figure blocks: one inside a line of text (or a list
      // item, a table cell) is kept as a figure after the block it stood in.
      if (const auto figure_src = alt_text.empty() || !picture_ ? std::nullopt : picture_(src)) {
        pending_figures_.push_back({{"type", "figure"}, {"src", *figure_src}, {"alt", alt_text}});
        drop("picture \"" + name + "\" (\"" + shortened(alt_text, 40) +
             "\") inside a line of text: the article format has pictures only as blocks of their own; it follows "
             "the block it was in as a figure");
        return;
      }
      if (alt_text.empty()) {
        drop("picture \"" + name + "\" without a description dropped: a figure needs one; add it as a figure block "
             "with \"src\" and \"alt\"" + (is_media(src) ? " (the picture is there)" : std::string()));
      } else {
        drop("picture \"" + name + "\" (\"" + shortened(alt_text, 40) + "\") dropped: " +
             (is_media(src) ? "a figure's picture must be PNG or JPEG; convert it and add it as a figure block"
                            : "add it to the article by hand as a figure block"));
      }
    } else if (t == "Note") {
      // Reported where the reference stands, not where the note's text is.
      const int line = line_, column = column_;
      Pieces note;
      for (const auto& b : contents(node)) inlines(block_inlines(b), Style{}, note);
      line_ = line;
      column_ = column;
      std::string text = trim(plain_text(tidy(note)));
      text = shortened(text, 40);
      drop("footnote dropped (\"" + text + "\"): the article format has no footnotes; put it in the text");
    } else if (t == "RawInline") {
      drop("raw " + (field(node, 0).is_string() ? field(node, 0).get<std::string>() : std::string("markup")) +
           " dropped");
    }
  }

  void emit(ojson block) {
    flush_faq_if_not_in_section();
    out_.push_back(std::move(block));
  }

  // Figures made of pictures inside text, after the block they stood in.
  void flush_figures() {
    for (auto& f : pending_figures_) out_.push_back(std::move(f));
    pending_figures_.clear();
  }

  // Whether pandoc extracted the picture `src` beside the article (a path under its media
  // folder, given as media_name_).
  bool is_media(const std::string& src) const { return media_name_ && media_name_(src).has_value(); }

  // A picture as the author can find it: where pandoc extracted it, from the article's
  // folder (not the absolute path of this machine's folders), or a data: URI by its type
  // (not its thousands of characters of base64), else as the document wrote it.
  std::string picture_name(const std::string& src) const {
    if (media_name_) {
      if (auto name = media_name_(src)) return *name;
    }
    if (src.starts_with("data:")) {
      const auto end = src.find_first_of(";,");
      return "data:" + shortened(src.substr(5, end == std::string::npos ? std::string::npos : end - 5), 40) +
             ",\xE2\x80\xA6";
    }
    return shortened(src, 120);
  }

  void emit_paragraph(const Pieces& p) {
    if (tidy(p).empty()) return;
    // Word writes a picture's caption as the next paragraph (pandoc keeps it so): the
    // figure's caption, not a paragraph of its own.
    if (!out_.empty() && out_.back().value("type", "") == "figure" && !out_.back().contains("caption")) {
      if (std::string text = trim(plain_text(tidy(p))); text == out_.back().value("alt", "")) {
        out_.back()["caption"] = std::move(text);
        return;
      }
    }
    emit({{"type", "paragraph"}, {"text", to_inline(p, lang_)}});
  }

  // A list item "Term: text": the term before a colon and a space, at most 60 characters
  // and no sentence in it (no full stop); often in bold.
  std::optional<std::pair<Pieces, Pieces>> split_term(const Pieces& raw) {
    const Pieces pieces = tidy(raw);
    std::string seen;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const std::string& text = pieces[i].text;
      for (std::size_t k = 0; k < text.size(); ++k) {
        const char c = text[k];
        if (c == '.' || c == '?' || c == '!') return std::nullopt;
        if (c != ':') {
          seen.push_back(c);
          continue;
        }
        // The colon must end the term: a space (or the end of this bold run) after it.
        const bool space_after = k + 1 < text.size() ? is_space(text[k + 1])
                                                     : (i + 1 < pieces.size() && is_space(pieces[i + 1].text[0]));
        if (!space_after || trim(seen).empty() || count_code_points(trim(seen)) > 60) return std::nullopt;
        Pieces term(pieces.begin(), pieces.begin() + static_cast<std::ptrdiff_t>(i));
        term.push_back({text.substr(0, k), pieces[i].style});
        Pieces rest{{text.substr(k + 1), pieces[i].style}};
        rest.insert(rest.end(), pieces.begin() + static_cast<std::ptrdiff_t>(i) + 1, pieces.end());
        for (auto& p : term) p.style.strong = false;  // the layout sets terms in bold
        // Bold that only marked the term ("**Rest:** sleep") ends with it.
        if (!rest.empty() && rest.front().style.strong && trim(rest.front().text).empty()) rest.erase(rest.begin());
        if (trim(plain_text(tidy(rest))).empty()) return std::nullopt;
        return std::make_pair(term, rest);
      }
    }
    return std::nullopt;
  }

  // The text of a list item, a table cell or a quote: its paragraphs joined by spaces.
  Pieces blocks_text(const json& list, const char* where) {
    Pieces out;
    bool nested_dropped = false;
    for (const auto& b : list) {
      const std::string t = tag(b);
      if (t == "Div") {
        note_position(field(b, 0));
        Pieces inner = blocks_text(field(b, 1), where);
        if (!out.empty()) out.push_back({" ", {}});
        out.insert(out.end(), inner.begin(), inner.end());
      } else if (t == "Para" || t == "Plain" || t == "Header") {
        if (!out.empty()) out.push_back({" ", {}});
        inlines(block_inlines(b), Style{}, out);
      } else if (t == "LineBlock") {
        for (const auto& line : contents(b)) {
          if (!out.empty()) out.push_back({" ", {}});
          inlines(line, Style{}, out);
        }
      } else if (is_list(t)) {
        // A list in a table cell, a quote or a definition: the format has text there, not
        // lists; its items are joined to the text ("Bring: your card; your medicines"),
        // where they were dropped.
        const auto at = first_position(b);
        Pieces items;
        append_items_text(list_items(b), items);
        if (at) std::tie(line_, column_) = *at;
        items = tidy(items);
        if (items.empty()) continue;
        drop(std::string("a list inside ") + where + ": the article format has no lists there; its items were joined "
             "to the text (\"" + shortened(trim(plain_text(items)), 40) + "\")");
        if (const std::string before = trim(plain_text(tidy(out))); !before.empty()) {
          out.push_back({ends_sentence_or_clause(before) ? " " : ": ", {}});
        }
        out.insert(out.end(), items.begin(), items.end());
      } else if (!nested_dropped && t != "Null") {
        nested_dropped = true;
        drop(std::string("a ") + pandoc_kind(t) + " inside " + where +
             " dropped: the article format cannot hold it there; put it after the block");
      }
    }
    return out;
  }

  static const char* pandoc_kind(const std::string& t) {
    if (t == "Table") return "table";
    if (t == "CodeBlock") return "code block";
    if (t == "BlockQuote") return "quote";
    if (t == "DefinitionList") return "definition list";
    return "block";
  }

  // The first source position written anywhere in `node` (a nested list's first item).
  static std::optional<std::pair<int, int>> first_position(const json& node) {
    if (node.is_array()) {
      for (const auto& n : node) {
        if (auto p = first_position(n)) return p;
      }
      return std::nullopt;
    }
    if (!node.is_object()) return std::nullopt;
    const std::string t = tag(node);
    if (t == "Div" || t == "Span") {
      const std::string pos = attribute(field(node, 0), "data-pos");
      int line = 0, column = 0;
      if (const auto at = pos.rfind('@');
          at != std::string::npos && std::sscanf(pos.c_str() + at + 1, "%d:%d", &line, &column) == 2) {
        return std::make_pair(line, column);
      }
    }
    return node.contains("c") ? first_position(node["c"]) : std::nullopt;
  }

  // The block under a chain of Divs that hold one block each (pandoc's source positions).
  const json& unwrap(const json& b) {
    const json* block = &b;
    while (tag(*block) == "Div" && field(*block, 1).is_array() && field(*block, 1).size() == 1) {
      note_position(field(*block, 0));
      block = &field(*block, 1)[0];
    }
    return *block;
  }

  static bool is_list(const std::string& t) { return t == "BulletList" || t == "OrderedList"; }
  static const json& list_items(const json& b) { return tag(b) == "BulletList" ? contents(b) : field(b, 1); }

  // Whether `text` ends with punctuation after which a next piece of text needs only a space.
  static bool ends_sentence_or_clause(const std::string& text) {
    // . : ; , ! ? and the Arabic question mark, semicolon and comma
    static const char* const kEnds[] = {".", ":", ";", ",", "!", "?", "\xD8\x9F", "\xD8\x9B", "\xD8\x8C"};
    for (const char* e : kEnds) {
      if (text.ends_with(e)) return true;
    }
    return false;
  }

  // The text of a list's items, each after the one before as in a sentence: "Get ready:
  // gauze; tape" (a list inside them too).
  void append_items_text(const json& items, Pieces& out) {
    const bool rtl = direction_of_language(lang_) == Direction::kRtl;
    bool first = true;
    for (const auto& item : items) {
      Pieces own;
      json blocks = json::array();
      auto add_blocks = [&] {
        if (blocks.empty()) return;
        Pieces p = tidy(blocks_text(blocks, "a list item"));
        blocks = json::array();
        if (p.empty()) return;
        if (!own.empty()) own.push_back({" ", {}});
        own.insert(own.end(), p.begin(), p.end());
      };
      for (const auto& b : item) {
        const json& block = unwrap(b);
        if (is_list(tag(block))) {
          add_blocks();
          append_items_text(list_items(block), own);
        } else {
          blocks.push_back(block);
        }
      }
      add_blocks();
      own = tidy(own);
      if (own.empty()) continue;
      const std::string before = trim(plain_text(tidy(out)));
      if (!before.empty()) {
        // After a sentence or a colon a space; else the items are a series, and the first
        // item after the text that leads into the list is as after a colon.
        out.push_back({ends_sentence_or_clause(before) ? " " : first ? ": " : rtl ? "\xD8\x9B " : "; ", {}});  // ؛
      }
      first = false;
      out.insert(out.end(), own.begin(), own.end());
    }
  }

  // The article format has no nested lists. A list inside an item of a bulleted list, or
  // inside the last item of a numbered one, becomes a list of its own after that item (the
  // parent's other items a list again after it: bullets have no numbers to lose). Inside a
  // numbered item that has items after it, a list of its own would restart the numbers
  // after it (and its items, taken into the parent, renumbered every step after them): its
  // items are joined to the item's text instead. Each is a warning at the nested list.
  void list(const json& items, bool ordered) {
    ojson out = ojson::array();
    auto emit_list = [&] {
      if (out.empty()) return;
      ojson block = {{"type", "list"}};
      if (ordered) block["ordered"] = true;
      block["items"] = std::move(out);
      out = ojson::array();
      emit(block);
    };
    const std::size_t count = items.is_array() ? items.size() : 0;
    for (std::size_t i = 0; i < count; ++i) {
      const json& item = items[i];
      Pieces text;  // the item's text so far
      json own = json::array();  // its blocks not yet in `text`
      auto take_own = [&] {
        if (own.empty()) return;
        Pieces p = blocks_text(own, "a list item");
        own = json::array();
        if (tidy(p).empty()) return;
        if (!text.empty()) text.push_back({" ", {}});
        text.insert(text.end(), p.begin(), p.end());
      };
      for (std::size_t k = 0; item.is_array() && k < item.size(); ++k) {
        const json& block = unwrap(item[k]);
        const std::string t = tag(block);
        if (!is_list(t)) {
          own.push_back(block);
          continue;
        }
        take_own();
        const auto at = first_position(block);
        if (at) std::tie(line_, column_) = *at;
        bool rest_is_lists = true;
        for (std::size_t r = k + 1; r < item.size(); ++r) rest_is_lists = rest_is_lists && is_list(tag(unwrap(item[r])));
        if (!ordered || (i + 1 == count && rest_is_lists)) {
          drop(std::string("a ") + (t == "OrderedList" ? "numbered" : "bulleted") +
               " list inside a list item: the article format has no nested lists; it follows the item as a list "
               "of its own, not indented");
          add_item(text, out);
          text.clear();
          emit_list();
          list(list_items(block), t == "OrderedList");
        } else {
          Pieces nested;
          append_items_text(list_items(block), nested);
          if (at) std::tie(line_, column_) = *at;  // not where its last item's words are
          drop("a list inside item " + std::to_string(i + 1) +
               " of a numbered list: the article format has no nested lists; its items were joined to the item's "
               "text (\"" + shortened(trim(plain_text(tidy(nested))), 40) +
               "\") so that the items after it keep their numbers");
          append_items_text(list_items(block), text);
        }
      }
      take_own();
      add_item(text, out);
    }
    emit_list();
  }

  // `s` cut to at most `n` code points, with an ellipsis when cut.
  static std::string shortened(const std::string& s, std::size_t n) {
    std::size_t points = 0, i = 0;
    for (; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && points++ == n) break;
    }
    return i < s.size() ? s.substr(0, i) + "\xE2\x80\xA6" : s;
  }

  void add_item(const Pieces& text, ojson& items) {
    if (tidy(text).empty()) return;
    if (auto term = split_term(text)) {
      items.push_back({{"term", to_inline(term->first, lang_)}, {"text", to_inline(term->second, lang_)}});
    } else {
      items.push_back(to_inline(text, lang_));
    }
  }

  void definition_list(const json& items) {
    ojson out = ojson::array();
    for (const auto& item : items) {
      if (!item.is_array() || item.size() != 2) continue;
      Pieces term;
      inlines(item[0], Style{}, term);
      Pieces text;
      for (const auto& definition : item[1]) {
        Pieces d = blocks_text(definition, "a definition");
        if (!text.empty()) text.push_back({" ", {}});
        text.insert(text.end(), d.begin(), d.end());
      }
      if (tidy(term).empty()) continue;
      out.push_back({{"term", to_inline(term, lang_)}, {"text", to_inline(text, lang_)}});
    }
    if (!out.empty()) emit({{"type", "list"}, {"items", out}});
  }

  std::vector<Pieces> row_cells(const json& row, bool& spans) {
    std::vector<Pieces> cells;
    if (!row.is_array() || row.size() < 2) return cells;
    for (const auto& cell : row[1]) {
      if (!cell.is_array() || cell.size() < 5) continue;
      const int row_span = cell[2].is_number_integer() ? cell[2].get<int>() : 1;
      const int col_span = cell[3].is_number_integer() ? cell[3].get<int>() : 1;
      cells.push_back(blocks_text(cell[4], "a table cell"));
      if (row_span > 1 || col_span > 1) spans = true;
      for (int k = 1; k < col_span && k < 64; ++k) cells.emplace_back();
    }
    return cells;
  }

  void table(const json& node) {
    note_position(field(node, 0));
    bool spans = false;
    std::vector<std::vector<Pieces>> head, body;
    const json& thead = field(node, 3);
    if (thead.is_array() && thead.size() >= 2) {
      for (const auto& row : thead[1]) head.push_back(row_cells(row, spans));
    }
    const json& bodies = field(node, 4);
    if (bodies.is_array()) {
      for (const auto& tb : bodies) {
        if (!tb.is_array() || tb.size() < 4) continue;
        for (const auto& row : tb[2]) body.push_back(row_cells(row, spans));
        for (const auto& row : tb[3]) body.push_back(row_cells(row, spans));
      }
    }
    const json& tfoot = field(node, 5);
    if (tfoot.is_array() && tfoot.size() >= 2) {
      for (const auto& row : tfoot[1]) body.push_back(row_cells(row, spans));
    }
    if (spans) drop("table cells spanning several rows or columns were split into single cells");
    std::erase_if(head, [](const auto& r) { return r.empty(); });
    std::erase_if(body, [](const auto& r) { return r.empty(); });
    if (head.empty()) {
      if (body.empty()) return;
      drop("table without a header row: its first row is used as the header");
      head.push_back(body.front());
      body.erase(body.begin());
    }
    if (head.size() > 1) drop("table with several header rows: only the last is kept");
    const std::vector<Pieces>& header = head.back();
    const std::size_t columns = header.size();
    ojson h = ojson::array();
    for (const auto& c : header) h.push_back(to_inline(c, lang_));
    ojson rows = ojson::array();
    bool reshaped = false;
    for (auto row : body) {
      if (row.size() != columns) reshaped = true;
      row.resize(columns);
      ojson r = ojson::array();
      for (const auto& c : row) r.push_back(to_inline(c, lang_));
      rows.push_back(r);
    }
    if (reshaped) drop("table rows of another length than the header were padded or cut to its length");
    ojson block = {{"type", "table"}};
    Pieces caption;
    const json& cap = field(node, 1);
    if (cap.is_array() && cap.size() == 2) caption = blocks_text(cap[1], "a caption");
    if (!tidy(caption).empty()) block["caption"] = to_inline(caption, lang_);
    block["header"] = h;
    block["rows"] = rows;
    // Column alignment, from left/right to start/end in the article's direction.
    const json& specs = field(node, 2);
    const bool rtl = direction_of_language(lang_) == Direction::kRtl;
    ojson align = ojson::array();
    bool any = false;
    for (std::size_t i = 0; i < columns; ++i) {
      std::string a = "auto";
      if (specs.is_array() && i < specs.size() && specs[i].is_array() && !specs[i].empty()) {
        const std::string t = tag(specs[i][0]);
        if (t == "AlignLeft") a = rtl ? "end" : "start";
        else if (t == "AlignRight") a = rtl ? "start" : "end";
        else if (t == "AlignCenter") a = "center";
      }
      any = any || a != "auto";
      align.push_back(a);
    }
    if (any) block["align"] = align;
    emit(block);
  }

  void quote(const json& list) {
    // "> **Important:** text" or a first paragraph all in bold: the title.
    Pieces text = tidy(blocks_text(list, "a quote"));
    if (text.empty()) return;
    ojson block = {{"type", "callout"}};
    if (text.front().style.strong && text.size() > 1) {
      std::string title = trim(text.front().text);
      if (title.ends_with(":")) title.pop_back();
      block["title"] = trim(title);
      text.erase(text.begin());
    }
    block["text"] = to_inline(text, lang_);
    emit(block);
  }

  void heading(const json& node) {
    note_position(field(node, 1));
    Pieces text;
    inlines(field(node, 2), Style{}, text);
    if (tidy(text).empty()) return;
    int level = field(node, 0).is_number_integer() ? field(node, 0).get<int>() : 1;
    last_heading_ = trim(plain_text(tidy(text)));
    // A heading ends a Questions section of its level or deeper.
    if (faq_level_ > 0 && level <= faq_level_) {
      flush_faq();
      faq_level_ = 0;
    }
    if (faq_level_ > 0 && ends_with_question_mark(last_heading_)) {
      start_question(text);
      return;
    }
    if (level == 1 && title_from_h1_ && !h1_title_found_) {
      h1_title_found_ = true;
      h1_title_pieces_ = text;
      return;
    }
    if (level > 3) {
      drop("heading level " + std::to_string(level) + " shown as level 3 (the deepest the format has)");
      level = 3;
    }
    emit({{"type", "heading"}, {"level", std::max(level, 1)}, {"text", to_inline(text, lang_)}});
    if (is_questions_heading(last_heading_)) faq_level_ = level;
  }

  void start_question(const Pieces& question) {
    if (faq_question_) close_question();
    faq_question_ = question;
    faq_answer_.clear();
  }

  void close_question() {
    if (!faq_question_) return;
    if (tidy(faq_answer_).empty()) {
      drop("question \"" + trim(plain_text(tidy(*faq_question_))) + "\" has no answer: kept as a paragraph");
      const Pieces q = *faq_question_;
      faq_question_.reset();
      flush_faq();
      out_.push_back({{"type", "paragraph"}, {"text", to_inline(q, lang_)}});
      return;
    }
    // Strong that marks every question is the layout's business.
    Pieces q = *faq_question_;
    for (auto& p : q) p.style.strong = false;
    faq_items_.push_back({{"question", to_inline(q, lang_)}, {"answer", to_inline(faq_answer_, lang_)}});
    faq_question_.reset();
    faq_answer_.clear();
  }

  void flush_faq() {
    close_question();
    if (!faq_items_.empty()) {
      out_.push_back({{"type", "faq"}, {"items", faq_items_}});
      faq_items_ = ojson::array();
    }
    for (auto& f : faq_figures_) out_.push_back(std::move(f));
    faq_figures_.clear();
  }

  // Something other than a question or an answer ends the FAQ block (not the section).
  void flush_faq_if_not_in_section() { flush_faq(); }

  // A paragraph inside a Questions section: a question, part of an answer, or text.
  bool faq_paragraph(const Pieces& p) {
    if (faq_level_ == 0) return false;
    if (ends_with_question_mark(plain_text(p))) {
      start_question(p);
      return true;
    }
    if (faq_question_) {
      if (!faq_answer_.empty()) faq_answer_.push_back({" ", {}});
      faq_answer_.insert(faq_answer_.end(), p.begin(), p.end());
      return true;
    }
    return false;
  }

  void blocks(const json& list, bool top) {
    if (!list.is_array()) return;
    for (const auto& b : list) {
      if (top) ++top_index_;
      block(b);
    }
  }

  // The one Image of an inline list that holds nothing else but spaces, or null.
  static const json* lone_image(const json& list) {
    const json* image = nullptr;
    if (!list.is_array()) return nullptr;
    for (const auto& i : list) {
      const std::string t = tag(i);
      if (t == "Space" || t == "SoftBreak") continue;
      if (t != "Image" || image) return nullptr;
      image = &i;
    }
    return image;
  }

  // A figure block from a picture pandoc extracted: its alt text from the image's own
  // description (a picture without one is dropped: figures need alt text). False when the
  // picture cannot be used, so the caller drops it with its reason.
  bool figure(const json& image) {
    if (!picture_) return false;
    const json& target = field(image, 2);
    if (!target.is_array() || target.empty() || !target[0].is_string()) return false;
    Pieces alt;
    inlines(field(image, 1), Style{}, alt);
    const std::string alt_text = trim(plain_text(tidy(alt)));
    if (alt_text.empty()) return false;
    const auto src = picture_(target[0].get<std::string>());
    if (!src) return false;
    emit({{"type", "figure"}, {"src", *src}, {"alt", alt_text}});
    return true;
  }

  void block(const json& b) {
    block_content(b);
    // A question's answer may go on in the next paragraph: its figures wait for the FAQ.
    if (faq_question_) {
      for (auto& f : pending_figures_) faq_figures_.push_back(std::move(f));
      pending_figures_.clear();
    }
    flush_figures();
  }

  void block_content(const json& b) {
    const std::string t = tag(b);
    if (t == "Para" || t == "Plain") {
      // A paragraph that is only a picture is a figure (when its file can be used).
      if (const json* image = lone_image(contents(b)); image && figure(*image)) return;
      // Otherwise a paragraph that is only an image is a dropped image, not an empty paragraph.
      Pieces p;
      inlines(contents(b), Style{}, p);
      if (faq_paragraph(tidy(p))) return;
      emit_paragraph(p);
    } else if (t == "Header") {
      heading(b);
    } else if (t == "Div") {
      note_position(field(b, 0));
      // A web page's footnotes section: each reference was reported where it stood.
      if (has_class(field(b, 0), "footnotes")) return;
      blocks(field(b, 1), false);
    } else if (t == "BulletList") {
      list(contents(b), false);
    } else if (t == "OrderedList") {
      list(field(b, 1), true);
    } else if (t == "DefinitionList") {
      definition_list(contents(b));
    } else if (t == "Table") {
      table(b);
    } else if (t == "BlockQuote") {
      quote(contents(b));
    } else if (t == "LineBlock") {
      Pieces p;
      for (const auto& line : contents(b)) {
        if (!p.empty()) p.push_back({" ", {}});
        inlines(line, Style{}, p);
      }
      emit_paragraph(p);
    } else if (t == "CodeBlock") {
      note_position(field(b, 0));
      drop("code block dropped: the article format has no code");
    } else if (t == "RawBlock") {
      drop("raw " + (field(b, 0).is_string() ? field(b, 0).get<std::string>() : std::string("markup")) + " dropped");
    } else if (t == "HorizontalRule") {
      drop("horizontal rule dropped");
    } else if (t == "Figure") {
      note_position(field(b, 0));
      const json& body = field(b, 2);
      const json* image = nullptr;
      if (body.is_array() && body.size() == 1 && (tag(body[0]) == "Plain" || tag(body[0]) == "Para")) {
        image = lone_image(contents(body[0]));
      }
      if (!image || !figure(*image)) drop("figure dropped: add the picture to the article by hand");
    }
  }

  std::string lang_;
  std::string source_;
  bool h1_title_ = false;
  DiagSink& sink_;
  bool title_from_h1_ = false;
  bool h1_title_found_ = false;
  Pieces h1_title_pieces_;
  ojson out_ = ojson::array();
  PictureMap picture_;
  PictureMap media_name_;
  ojson pending_figures_ = ojson::array();  ///< of the block being read
  ojson faq_figures_ = ojson::array();      ///< of the answers of the FAQ being read
  int line_ = 0, column_ = 0;
  int top_index_ = 0;
  std::string last_heading_;
  int faq_level_ = 0;  ///< level of the Questions heading we are under; 0: none
  std::optional<Pieces> faq_question_;
  Pieces faq_answer_;
  ojson faq_items_ = ojson::array();
};

}  // namespace

std::string pandoc_format_for(const std::string& path) {
  const std::string ext = lower_ascii(fs::path(path).extension().string());
  if (ext == ".docx") return "docx";
  if (ext == ".odt") return "odt";
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return "html";
  // CommonMark with pandoc's extensions, and source positions for the warnings.
  if (ext == ".md" || ext == ".markdown" || ext == ".txt") return "commonmark_x+sourcepos";
  if (ext == ".rtf") return "rtf";
  return "";
}

std::optional<ojson> article_from_pandoc(const json& ast, const std::string& lang, const std::string& source,
                                         bool page_title_is_h1, DiagSink& sink, const PictureMap& picture,
                                         const PictureMap& media_name) {
  return Mapper(lang, source, page_title_is_h1, sink, picture, media_name).run(ast);
}

int run_import(const ImportOptions& options, DiagSink& sink) {
  const Location at_input{options.input, 0, 0, ""};
  std::error_code ec;
  if (!fs::is_regular_file(options.input, ec)) {
    sink.error(at_input, "cannot read the document: no such file");
    return kExitRefused;
  }
  const auto size = fs::file_size(options.input, ec);
  // A document holds its pictures, so it may be larger than the article made from it (which
  // must be within --max-input-bytes to be rendered): 8 times, 16 MiB by default.
  const std::uintmax_t max_document = 8 * static_cast<std::uintmax_t>(options.limits.max_file_bytes);
  if (!ec && size > max_document) {
    sink.error(at_input, "the document is larger than 8 times --max-input-bytes (" + std::to_string(max_document) +
                             " bytes)");
    return kExitRefused;
  }
  // An existing article is the author's work since the last import (or another topic's
  // translation named by mistake): replaced only when asked.
  if (!options.force && (fs::exists(options.output, ec) || fs::is_symlink(fs::symlink_status(options.output, ec)))) {
    sink.error(Location{options.output, 0, 0, ""},
               "the output file exists; import does not replace it (what was edited in it would be lost): "
               "remove it, choose another name, or give --force");
    return kExitRefused;
  }
  const std::string format = options.from.empty() ? pandoc_format_for(options.input) : options.from;
  if (format.empty()) {
    sink.error(at_input, "cannot tell the document's format from its name: use .docx, .odt, .html, .md or --from FORMAT");
    return kExitRefused;
  }
  // A text document saved as UTF-16 (Windows Notepad's "Unicode"): pandoc reads it as UTF-8,
  // every other byte a NUL, and the article made of it was refused for "the control
  // character U+0000" at its first block, or (with a BOM-marked title) "nothing to import".
  if (format != "docx" && format != "odt") {
    char mark[2] = {0, 0};
    std::ifstream in(options.input, std::ios::binary);
    in.read(mark, 2);
    const auto b0 = static_cast<unsigned char>(mark[0]), b1 = static_cast<unsigned char>(mark[1]);
    if (in.gcount() == 2 && ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF))) {
      sink.error(at_input, std::string("the document is UTF-16 text (it starts with a UTF-16 ") +
                               (b0 == 0xFF ? "little" : "big") +
                               "-endian byte order mark), not UTF-8: save it as UTF-8 (in Notepad: Save As, "
                               "Encoding: UTF-8) and import it again");
      return kExitRefused;
    }
  }
  // A text document whose lines end with a lone CR is given to pandoc with line feeds, in a
  // temporary copy (removed when pandoc is done); its lines and columns are the same.
  std::string read_path = options.input;
  struct TempGuard {
    std::string path;
    ~TempGuard() {
      if (!path.empty()) ::unlink(path.c_str());
    }
  } temp_copy;
  const std::string base_format = format.substr(0, format.find_first_of("+-"));
  if (base_format != "docx" && base_format != "odt" && base_format != "epub" && base_format != "rtf" &&
      base_format != "pptx" && base_format != "xlsx") {
    std::ifstream in(options.input, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A text document in another encoding (Windows-1252, Latin-1, or Mac Roman as classic
    // Mac OS saved it): pandoc 2 reads bytes that are not UTF-8 as Latin-1, so Mac Roman's
    // "é" was refused as "the control character U+008E", its curly quotes printed as "Ò"
    // and "Ó" without a word. (A web page may declare its own encoding: left to pandoc.)
    if (const std::size_t bad = first_non_utf8(text); bad != std::string_view::npos && base_format != "html") {
      const std::string before = lone_cr_as_lf(text.substr(0, bad));
      const auto line_start = before.rfind('\n');
      Location where{options.input, static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1,
                     static_cast<int>(utf8_code_points(line_start == std::string::npos ? std::string_view(before)
                                                                                   : std::string_view(before).substr(line_start + 1))) + 1,
                     ""};
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
      sink.error(where, std::string("the document is not UTF-8 text: byte ") + byte +
                            " here is not UTF-8 (the document was saved as Windows-1252, Latin-1 or Mac Roman?); "
                            "save it as UTF-8 (in TextEdit: Format, Make Plain Text, then Save with encoding Unicode "
                            "(UTF-8); in Notepad: Save As, Encoding: UTF-8) and import it again");
      return kExitRefused;
    }
    if (has_lone_cr(text)) {
      text = lone_cr_as_lf(std::move(text));
      std::string name = (fs::temp_directory_path(ec) / "handout-import-XXXXXX").string();
      const int fd = ::mkstemp(name.data());
      bool written = fd >= 0;
      if (written) {
        temp_copy.path = name;
        for (std::size_t at = 0; written && at < text.size();) {
          const ssize_t n = ::write(fd, text.data() + at, text.size() - at);
          written = n > 0;
          if (written) at += static_cast<std::size_t>(n);
        }
        written = ::close(fd) == 0 && written;
      }
      if (!written) {
        sink.error(at_input, "cannot write a temporary copy of the document with its line ends (a lone carriage "
                             "return) made line feeds: " + std::string(std::strerror(errno)));
        return kExitOutput;
      }
      read_path = name;
    }
  }
  bool missing = false;
  // Pictures: pandoc extracts them into images/<article name>/ beside the article (a folder
  // of this import's own, removed again when the import fails); a picture alone in its
  // paragraph becomes a figure block.
  std::vector<std::string> argv = {options.pandoc, "--from", format, "--to", "json"};
  fs::path media;
  if (options.output != "-") {
    const fs::path out = fs::absolute(options.output).lexically_normal();
    media = out.parent_path() / "images" / out.stem();
    argv.push_back("--extract-media=" + media.string());
  }
  // A document's pictures are named from its own folder, wherever handout is run from
  // (pandoc looks in the working directory unless told).
  if (const std::string folder = fs::absolute(options.input).parent_path().string();
      folder.find(':') == std::string::npos) {
    argv.push_back("--resource-path=" + folder + ":.");
  }
  argv.push_back("--");
  argv.push_back(read_path);
  // Removes the extracted pictures unless the article was written.
  // (A folder left by an earlier import of the same name stays.)
  struct MediaGuard {
    const fs::path& dir;
    bool keep;
    ~MediaGuard() {
      std::error_code e;
      if (!keep && !dir.empty()) fs::remove_all(dir, e);
    }
  } media_guard{media, !media.empty() && fs::exists(media, ec)};
  // pandoc's own reading of a document is bounded: a minute, 8 times the input limit of
  // output, and (GHC's runtime, GHCRTS) a 1 GiB heap: a footnote that cites itself made
  // pandoc 2.17's commonmark reader take 2.3 GB in its minute. A document whose reading fits
  // the output limit needs about a quarter of that (2.4 MB of Markdown: 1.2 GB, 77 MB of JSON).
  std::string rts = "GHCRTS=";
  if (const char* own = std::getenv("GHCRTS")) rts += std::string(own) + " ";
  rts += "-M1g";
  auto result = run_process(argv, 60.0, 8 * options.limits.max_file_bytes, missing, {rts});
  // pandoc's words name the file it read: the author's document, not a temporary copy.
  if (result && !temp_copy.path.empty()) {
    for (std::size_t at = result->err.find(temp_copy.path); at != std::string::npos;
         at = result->err.find(temp_copy.path, at + options.input.size())) {
      result->err.replace(at, temp_copy.path.size(), options.input);
    }
  }
  if (!result) {
    sink.error(at_input, missing ? "import needs pandoc, which is not installed: install it (Debian: apt-get install pandoc)"
                                 : "cannot run pandoc");
    return kExitRefused;
  }
  if (result->timed_out || result->too_much_output || result->exit_status != 0) {
    std::string why = trim(result->err);
    if (why.size() > 400) why = why.substr(0, 400) + "…";
    sink.error(at_input, result->timed_out ? "pandoc took longer than a minute to read the document"
                         : result->too_much_output ? "pandoc's reading of the document is too large"
                         : why.find("Heap exhausted") != std::string::npos
                             ? "pandoc needed more than 1 GiB of memory to read the document"
                                                   : "pandoc cannot read the document" + (why.empty() ? "" : ": " + why));
    return kExitRefused;
  }
  report_unfetched_pictures(result->err, options.input, !format.starts_with("docx") && !format.starts_with("odt"), sink);
  const json ast = json::parse(result->out, nullptr, false);
  if (ast.is_discarded()) {
    sink.error(at_input, "pandoc gave output that is not JSON");
    return kExitRefused;
  }
  std::string lang = options.lang;
  if (lang.empty() && ast.contains("meta") && ast["meta"].contains("lang")) {
    Pieces p;
    const json& v = ast["meta"]["lang"];
    if (tag(v) == "MetaInlines")
      for (const auto& i : contents(v)) p.push_back({tag(i) == "Str" && contents(i).is_string() ? contents(i).get<std::string>() : "", {}});
    else if (tag(v) == "MetaString" && contents(v).is_string()) p.push_back({contents(v).get<std::string>(), {}});
    lang = trim(plain_text(p));
  }
  if (lang.empty()) {
    sink.error(at_input, "the document does not say its language: give --lang (en, ar, ...)");
    return kExitRefused;
  }
  if (!is_plausible_language_tag(lang)) {
    if (options.lang.empty())  // the document's own (HTML's lang attribute, a lang metadata field)
      sink.error(at_input, "the document says its language is \"" + lang +
                               "\", which is not a language tag such as en or ar: give --lang");
    else
      sink.error(Location{}, "--lang \"" + lang + "\" is not a language tag such as en or ar");
    return kExitRefused;
  }
  PictureMap picture, media_name;
  if (!media.empty()) {
    // A picture pandoc extracted, by its path from the article's folder.
    media_name = [&](const std::string& target) -> std::optional<std::string> {
      const fs::path path = fs::path(target).lexically_normal();
      std::error_code e;
      const auto [end, _] = std::mismatch(media.begin(), media.end(), path.begin(), path.end());
      if (end != media.end() || !fs::is_regular_file(path, e)) return std::nullopt;  // not extracted
      return path.lexically_relative(media.parent_path().parent_path()).generic_string();
    };
    picture = [&](const std::string& target) -> std::optional<std::string> {
      const std::string ext = lower_ascii(fs::path(target).extension().string());
      if (ext != ".png" && ext != ".jpg" && ext != ".jpeg") return std::nullopt;  // EMF, GIF, SVG...
      return media_name(target);
    };
  }
  auto article = article_from_pandoc(ast, lang, options.input, format == "html", sink, picture, media_name);
  if (!article) return kExitRefused;
  const std::string text = article->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  // The result must be an article handout reads without an error.
  DiagSink check;
  auto doc = parse_json_text(options.output, text, check, options.limits);
  if (doc) (void)read_article(std::move(*doc), check, options.limits);
  if (check.has_errors()) {
    // The article was not written, so its lines are nowhere to look: each problem is told at
    // the document, with its place in the article (the JSON pointer).
    for (const auto& d : check.all()) {
      Location at = at_input;
      at.pointer = d.where.pointer;
      sink.add(Diag{d.severity, std::move(at), "in the article made from it: " + d.message});
    }
    sink.error(at_input, "the article made from the document is not valid (see above); " +
                             (options.output == "-" ? std::string("nothing written") : options.output + " not written"));
    return kExitRefused;
  }
  if (!write_file_atomically(options.output, text, sink)) return kExitOutput;
  media_guard.keep = true;
  return kExitOk;
}

}  // namespace handout
