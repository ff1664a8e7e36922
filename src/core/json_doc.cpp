#include "core/json_doc.h"

#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <clocale>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <optional>
#include <utility>

#include "core/utf.h"

namespace handout {

std::string pointer_append(const std::string& base, std::string_view token) {
  std::string out = base;
  out.push_back('/');
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out.push_back(c);
  }
  return out;
}

std::string pointer_append(const std::string& base, std::size_t index) {
  return base + '/' + std::to_string(index);
}

JsonDoc JsonDoc::take_part(const std::string& pointer) {
  // The part shares nothing of the tree: with the tree set aside, copying the document
  // copies the text and the index of where values start, and the value is moved in (a
  // request's article was two copies of the whole tree before).
  nlohmann::json tree = std::exchange(root_, nlohmann::json());
  std::optional<JsonDoc> out;
  try {
    out.emplace(*this);
  } catch (...) {
    root_ = std::move(tree);
    throw;
  }
  root_ = std::move(tree);
  out->root_ = std::move(root_.at(nlohmann::json::json_pointer(pointer)));
  out->prefix_ = prefix_ + pointer;
  return std::move(*out);
}

std::string JsonDoc::base_dir() const {
  if (base_dir_) return *base_dir_;
  return std::filesystem::path(file_).parent_path().string();
}

namespace {

constexpr std::size_t kCheckpointBytes = 256;
// A source line longer than this is shown cut around the column.
constexpr std::size_t kShownLineBytes = 160;

// Where the string literal that starts at `at` (its opening quote) ends: its closing
// quote, or npos. `escaped` tells whether it has escapes.
std::size_t literal_end(const std::string& t, std::size_t at, bool* escaped = nullptr) {
  std::size_t q = at + 1;
  while (q < t.size() && t[q] != '"') {
    if (escaped && t[q] == '\\') *escaped = true;
    q += t[q] == '\\' ? 2 : 1;
  }
  return q < t.size() ? q : std::string::npos;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The code points in `s`: its bytes that do not continue a character (10xxxxxx). Eight bytes
// at a time: a byte continues one when its top bit is set and the next is not, so the top bits
// of w & ~(w << 1) mark them, and a multiplication adds those eight bits up (the build targets
// x86-64 without POPCNT, and GCC does not vectorise at -O2; byte by byte, the index of a 17 KB
// article cost 190,000 instructions, this a quarter of that).
std::size_t count_code_points(std::string_view s) {
  constexpr std::uint64_t kHigh = 0x8080808080808080u;
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  const char* p = s.data();
  const std::size_t words = s.size() / 8;
  std::size_t continuations = 0;
  for (std::size_t i = 0; i < words; ++i, p += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    continuations += static_cast<std::size_t>((((w & ~(w << 1) & kHigh) >> 7) * kOnes) >> 56);
  }
  for (const char* end = s.data() + s.size(); p < end; ++p) continuations += is_continuation(*p);
  return s.size() - continuations;
}


}  // namespace

JsonDoc::JsonDoc(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {}

const JsonDoc::LineIndex& JsonDoc::lines() const {
  LineIndex& index = *lines_;
  index.made([&] {
    // Two fast passes: code points counted a block at a time (eight bytes at once), then line
    // breaks found with memchr.
    const char* const data = text_.data();
    const std::size_t n = text_.size();
    index.checkpoints.reserve(n / kCheckpointBytes + 1);
    std::uint32_t cps = 0;
    for (std::size_t block = 0; block < n; block += kCheckpointBytes) {
      index.checkpoints.push_back(cps);
      cps += static_cast<std::uint32_t>(count_code_points(std::string_view(data + block, std::min(n - block, kCheckpointBytes))));
    }
    index.line_starts.push_back(0);
    if (std::memchr(data, '\r', n) != nullptr) {
      // Carriage returns: a line ends at LF, CRLF or a lone CR (a classic Mac OS file, or one
      // edited on several systems), as editors count lines.
      for (std::size_t i = 0; i < n; ++i) {
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == n || data[i + 1] != '\n'))) {
          index.line_starts.push_back(static_cast<std::uint32_t>(i + 1));
        }
      }
      return;
    }
    for (const char* p = data; (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(data + n - p)))) != nullptr;) {
      ++p;
      index.line_starts.push_back(static_cast<std::uint32_t>(p - data));
    }
  });
  return index;
}

std::size_t JsonDoc::code_points_before(std::size_t offset) const {
  const std::vector<std::uint32_t>& checkpoints = lines().checkpoints;
  const std::size_t block = offset / kCheckpointBytes;
  if (block >= checkpoints.size()) return count_code_points(text_);
  const std::size_t from = block * kCheckpointBytes;
  return checkpoints[block] + count_code_points(std::string_view(text_).substr(from, offset - from));
}

Location JsonDoc::locate_offset(std::size_t offset, std::string pointer) const {
  offset = std::min(offset, text_.size());
  const std::vector<std::uint32_t>& line_starts = lines().line_starts;
  const auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  const std::size_t line_index = static_cast<std::size_t>(it - line_starts.begin()) - 1;
  const std::size_t start = line_starts[line_index];
  Location loc{file_, static_cast<int>(line_index + 1), 1, std::move(pointer)};
  loc.column = static_cast<int>(code_points_before(offset) - code_points_before(start)) + 1;
  // The line as shown: at most kShownLineBytes around the offset, on character boundaries.
  // Only the part of the line that is shown is looked at (a minified file is one line).
  const std::size_t window_end = std::min(text_.size(), offset + kShownLineBytes);
  std::size_t end = window_end;
  if (auto nl = std::string_view(text_).substr(offset, window_end - offset).find_first_of("\r\n");
      nl != std::string_view::npos) {
    end = offset + nl;
  }
  if (end > start && text_[end - 1] == '\r') --end;
  std::size_t from = start;
  if (offset - start > kShownLineBytes / 2) from = offset - kShownLineBytes / 2;
  while (from > start && is_continuation(text_[from])) --from;
  std::size_t to = std::min(end, from + kShownLineBytes);
  while (to < end && is_continuation(text_[to])) ++to;
  std::string shown = text_.substr(from, to - from);
  std::size_t caret = count_code_points(std::string_view(text_).substr(from, std::min(offset, to) - from));
  // Tabs shown as one space so the caret lines up.
  std::replace(shown.begin(), shown.end(), '\t', ' ');
  if (from > start) {
    shown = "…" + shown;
    ++caret;
  }
  if (to < end) shown += "…";
  loc.source_line = std::move(shown);
  loc.source_column = static_cast<int>(caret) + 1;
  return loc;
}

void JsonDoc::index_children() {
  // A counting sort of the nodes by parent keeps each parent's children in text order.
  child_begin_.assign(nodes_.size() + 1, 0);
  for (const Node& n : nodes_) {
    if (n.parent != kNone) ++child_begin_[n.parent + 1];
  }
  for (std::size_t i = 1; i < child_begin_.size(); ++i) child_begin_[i] += child_begin_[i - 1];
  children_.assign(child_begin_.back(), 0);
  std::vector<std::uint32_t> next(child_begin_.begin(), child_begin_.end() - 1);
  for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].parent != kNone) children_[next[nodes_[i].parent]++] = i;
  }
}

std::uint32_t JsonDoc::child(std::uint32_t node, std::string_view token) const {
  if (node + 1 >= child_begin_.size()) return kNone;
  const std::uint32_t* begin = children_.data() + child_begin_[node];
  const std::uint32_t* end = children_.data() + child_begin_[node + 1];
  const char kind = text_[nodes_[node].offset];
  if (kind == '[') {
    if (token.empty() || token.size() >= 10 || token.find_first_not_of("0123456789") != std::string_view::npos) {
      return kNone;
    }
    const std::size_t index = std::stoul(std::string(token));
    return index < static_cast<std::size_t>(end - begin) ? begin[index] : kNone;
  }
  if (kind != '{') return kNone;
  for (const std::uint32_t* c = begin; c != end; ++c) {
    // The key as written: compared directly unless it has escapes (then decoded).
    const std::size_t at = nodes_[*c].key_offset;
    if (at >= text_.size() || text_[at] != '"') continue;
    bool escaped = false;
    const std::size_t q = literal_end(text_, at, &escaped);
    if (q == std::string::npos) continue;
    const std::string_view raw = std::string_view(text_).substr(at + 1, q - at - 1);
    if (!escaped) {
      if (raw == token) return *c;
      continue;
    }
    try {
      if (nlohmann::json::parse(std::string_view(text_).substr(at, q + 1 - at)).get<std::string>() == token) return *c;
    } catch (const std::exception&) {
    }
  }
  return kNone;
}

std::uint32_t JsonDoc::find(const std::string& pointer, bool& exact) const {
  exact = false;
  if (nodes_.empty()) return kNone;
  std::uint32_t node = 0;
  std::size_t i = 0;
  while (i < pointer.size()) {
    // pointer[i] == '/': read the next reference token.
    std::size_t next = pointer.find('/', i + 1);
    if (next == std::string::npos) next = pointer.size();
    std::string token;
    for (std::size_t k = i + 1; k < next; ++k) {
      if (pointer[k] == '~' && k + 1 < next) {
        token.push_back(pointer[k + 1] == '1' ? '/' : '~');
        ++k;
      } else {
        token.push_back(pointer[k]);
      }
    }
    const std::uint32_t next_node = child(node, token);
    if (next_node == kNone) return node;
    node = next_node;
    i = next;
  }
  exact = true;
  return node;
}

Location JsonDoc::locate(const std::string& relative) const {
  const std::string pointer = prefix_ + relative;  // in the whole text (part())
  bool exact = false;
  const std::uint32_t node = find(pointer, exact);
  if (node == kNone) return Location{file_, 0, 0, pointer};
  return locate_offset(nodes_[node].offset, pointer);
}

Location JsonDoc::locate_key(const std::string& relative) const {
  const std::string pointer = prefix_ + relative;  // in the whole text (part())
  bool exact = false;
  const std::uint32_t node = find(pointer, exact);
  if (node == kNone) return Location{file_, 0, 0, pointer};
  if (exact && nodes_[node].key_offset != kNone) {
    Location loc = locate_offset(nodes_[node].key_offset, pointer);
    // The key's span: its characters and quotes.
    const std::size_t at = nodes_[node].key_offset;
    std::size_t end = at + 1;
    while (end < text_.size() && text_[end] != '"') end += text_[end] == '\\' ? 2 : 1;
    loc.span = static_cast<int>(count_code_points(std::string_view(text_).substr(at, end + 1 - at)));
    return loc;
  }
  return locate_offset(nodes_[node].offset, pointer);
}

Location JsonDoc::locate_in_string(const std::string& relative, std::size_t index, std::size_t length) const {
  const std::string pointer = prefix_ + relative;  // in the whole text (part())
  bool exact = false;
  const std::uint32_t node = find(pointer, exact);
  if (node == kNone) return Location{file_, 0, 0, pointer};
  std::size_t at = nodes_[node].offset;
  if (!exact || at >= text_.size() || text_[at] != '"') return locate_offset(at, pointer);
  // Walk the raw string: an escape (\n, \uXXXX, a surrogate pair) is one decoded character.
  auto step = [&](std::size_t p) {
    if (text_[p] != '\\') {
      ++p;
      while (p < text_.size() && is_continuation(text_[p])) ++p;
      return p;
    }
    if (p + 1 < text_.size() && text_[p + 1] == 'u') {
      p += 6;
      // A high surrogate's pair is one character.
      if (p + 1 < text_.size() && text_[p] == '\\' && text_[p + 1] == 'u' &&
          (text_[p - 4] == 'd' || text_[p - 4] == 'D') && std::strchr("89abAB", text_[p - 3])) {
        p += 6;
      }
      return p;
    }
    return p + 2;
  };
  std::size_t p = at + 1;
  for (std::size_t k = 0; k < index && p < text_.size() && text_[p] != '"'; ++k) p = step(p);
  Location loc = locate_offset(p, pointer);
  std::size_t q = p;
  int span = 0;
  for (std::size_t k = 0; k < length && q < text_.size() && text_[q] != '"'; ++k) {
    const std::size_t r = step(q);
    span += static_cast<int>(count_code_points(std::string_view(text_).substr(q, r - q)));
    q = r;
  }
  loc.span = span;
  return loc;
}

std::optional<std::string> JsonDoc::string_at(std::uint32_t node) const {
  // A string literal of the text (already checked by the parser) decoded by nlohmann: the
  // tree may be gone (drop_tree()), the text is always there.
  const std::size_t at = nodes_[node].offset;
  if (at >= text_.size() || text_[at] != '"') return std::nullopt;
  const std::size_t q = literal_end(text_, at);
  if (q == std::string::npos) return std::nullopt;
  try {
    return nlohmann::json::parse(std::string_view(text_).substr(at, q + 1 - at)).get<std::string>();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Location JsonDoc::locate_char(const std::string& pointer, char32_t c) const {
  // `pointer` is relative to this document's root; find() takes it in the whole text, and
  // locate and locate_in_string add prefix_ themselves.
  bool exact = false;
  const std::uint32_t node = find(prefix_ + pointer, exact);
  if (node == kNone || !exact) return locate(pointer);
  auto find_in = [&](std::uint32_t n, const std::string& p) -> std::optional<Location> {
    const auto s = string_at(n);
    if (!s) return std::nullopt;
    const std::u32string text = utf8_to_utf32(*s);
    const std::size_t at = text.find(c);
    if (at == std::u32string::npos) return std::nullopt;
    return locate_in_string(p, at, 1);
  };
  if (auto l = find_in(node, pointer)) return *l;
  if (text_[nodes_[node].offset] == '[') {
    for (std::uint32_t i = child_begin_[node]; i < child_begin_[node + 1]; ++i) {
      const std::uint32_t item = children_[i];
      const std::string p = pointer_append(pointer, i - child_begin_[node]);
      if (auto l = find_in(item, p)) return *l;
      if (const std::uint32_t text = child(item, "text"); text != kNone) {
        if (auto l = find_in(text, pointer_append(p, "text"))) return *l;
      }
    }
  }
  return locate(pointer);
}

void JsonDoc::drop_tree() { nlohmann::json().swap(root_); }

namespace {

// An input iterator over the text that publishes how far the lexer has read, so
// SAX events can be tied to byte offsets (nlohmann's SAX interface has no positions).
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* p, const char** progress) : p_(p), progress_(progress) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    ++p_;
    *progress_ = p_;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const CountingIterator& o) const { return p_ == o.p_; }

 private:
  const char* p_;
  const char** progress_;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The offset of the last byte before `offset` that is not white space; npos if none.
std::size_t previous_token_end(const std::string& t, std::size_t offset) {
  while (offset > 0) {
    --offset;
    if (!is_space(t[offset])) return offset;
  }
  return std::string::npos;
}

bool starts_value(char c) {
  return c == '"' || c == '{' || c == '[' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' ||
         c == 'n';
}

bool ends_value(char c) {
  return c == '"' || c == '}' || c == ']' || (c >= '0' && c <= '9') || c == 'e' || c == 'l';
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// Whether `offset` lies inside a string literal (counting quotes from the line's start is
// not enough: strings cannot span lines in JSON, so scanning the line suffices).
bool inside_string(const std::string& t, std::size_t offset) {
  std::size_t line = t.rfind('\n', offset == 0 ? 0 : offset - 1);
  line = line == std::string::npos ? 0 : line + 1;
  bool in = false;
  for (std::size_t i = line; i < offset; ++i) {
    if (in && t[i] == '\\') {
      ++i;
      continue;
    }
    if (t[i] == '"') in = !in;
  }
  return in;
}

// nlohmann's message without its "[json.exception...] parse error at ...: " prefix and
// without the "last read: '...'" part, which quotes raw (possibly cut) input.
std::string plain_parser_message(std::string what) {
  if (auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
  if (auto lr = what.find("; last read: '"); lr != std::string::npos) {
    const std::size_t close = what.find("'; ", lr + 14);
    what.erase(lr, close == std::string::npos ? std::string::npos : close + 1 - lr);
  }
  if (auto dash = what.find(" - "); dash != std::string::npos) what = what.substr(dash + 3);
  return what;
}

struct SyntaxExplanation {
  SyntaxExplanation(std::string m, std::size_t o, int s = 1) : message(std::move(m)), offset(o), span(s) {}
  std::string message;
  std::size_t offset;
  int span;
};

// Names the common mistake behind a parse error at byte `offset`, in plain words.
// `token` is where the token after the last good one starts (white space skipped).
// `subject` names the text: "the file" or "the request body".
SyntaxExplanation explain_syntax_error(const std::string& t, std::size_t offset, std::size_t token,
                                       const std::string& what, const std::string& subject) {
  const std::string parser = plain_parser_message(what);
  if (t.find_first_not_of(" \t\r\n") == std::string::npos) {
    return {subject + " is empty (only white space); expected a JSON object", 0};
  }
  if (offset >= t.size() || parser.find("unexpected end of input") != std::string::npos) {
    if (inside_string(t, std::min(offset, t.size()))) {
      return {"unexpected end of " + subject + " inside a string: a closing \" is missing", offset};
    }
    return {"unexpected end of " + subject + ": a closing } or ] is missing (every { and [ needs its partner)",
            std::min(offset, t.size())};
  }
  if (parser.find("expected end of input") != std::string::npos) {
    return {"unexpected text after the end of the JSON value (a stray } or ], or a second value?)", offset};
  }
  const char c = t[offset];
  const std::size_t prev_at = previous_token_end(t, offset);
  const char prev = prev_at == std::string::npos ? '\0' : t[prev_at];
  if (parser.find("control character") != std::string::npos) {
    if (c == '\n' || c == '\r') {
      return {"a string runs past the end of its line: a line break inside a string must be written \\n, "
              "or a closing \" is missing",
              offset};
    }
    if (c == '\t') return {"a tab character inside a string must be written \\t", offset};
    char buf[96];
    std::snprintf(buf, sizeof buf, "the control character U+%04X inside a string must be written \\u%04X",
                  static_cast<unsigned>(static_cast<unsigned char>(c)),
                  static_cast<unsigned>(static_cast<unsigned char>(c)));
    return {buf, offset};
  }
  if (static_cast<unsigned char>(c) == 0xE2 && offset + 2 < t.size() &&
      static_cast<unsigned char>(t[offset + 1]) == 0x80) {
    const auto third = static_cast<unsigned char>(t[offset + 2]);
    const char* name = third == 0x9C   ? "U+201C LEFT DOUBLE QUOTATION MARK"
                       : third == 0x9D ? "U+201D RIGHT DOUBLE QUOTATION MARK"
                       : third == 0x98 ? "U+2018 LEFT SINGLE QUOTATION MARK"
                       : third == 0x99 ? "U+2019 RIGHT SINGLE QUOTATION MARK"
                                       : nullptr;
    if (name) {
      return {std::string("a typographic quote (") + name +
                  ") where JSON needs a straight double quote \"; a word processor may have replaced it",
              offset};
    }
  }
  if (parser.find("surrogate") != std::string::npos) {
    const std::size_t from = offset > 12 ? offset - 12 : 0;
    const std::size_t esc = t.rfind("\\u", offset);
    if (esc != std::string::npos && esc >= from && esc + 6 <= t.size()) {
      return {"invalid JSON: the escape " + t.substr(esc, 6) +
                  " is half of a UTF-16 surrogate pair (" + parser.substr(parser.find("surrogate")) +
                  "); write the character itself, or both halves in order",
              esc, 6};
    }
  }
  if (c == '/' && offset + 1 < t.size() && (t[offset + 1] == '/' || t[offset + 1] == '*')) {
    // Not "put the note in a \"$comment\" key": no article, layout, brand or request takes one.
    return {"JSON does not allow comments; remove the comment", offset, 2};
  }
  // An error page, or a document saved as HTML or XML.
  if (c == '<' && t.find_first_not_of(" \t\r\n") == offset) {
    return {subject + " is HTML or XML (it starts with \"<\"), not JSON", offset};
  }
  if (c == '\'') return {"JSON strings need double quotes (\"), not single quotes (')", offset};
  if ((c == ']' || c == '}') && prev == ',') {
    return {std::string("trailing comma: remove the comma after the last ") + (c == ']' ? "item" : "member") +
                " (JSON allows no comma before " + c + ")",
            prev_at};
  }
  if (prev == '"' && (is_letter(c) || static_cast<unsigned char>(c) >= 0x80) &&
      parser.find("literal") != std::string::npos) {
    return {"text follows the end of a string: a \" inside a string must be written \\\" (or a comma or "
            "colon is missing)",
            prev_at};
  }
  if (parser.find("expected ':'") != std::string::npos) {
    return {"missing colon between a key and its value (\"key\": value)", offset};
  }
  if (token < t.size()) {
    const std::size_t before = previous_token_end(t, token);
    // "He said "hi"": a word right after a string's closing quote.
    if (before != std::string::npos && t[before] == '"' && (is_letter(t[token]) || static_cast<unsigned char>(t[token]) >= 0x80) &&
        parser.find("literal") != std::string::npos) {
      return {"text follows the end of a string: a \" inside a string must be written \\\" (or a comma or "
              "colon is missing)",
              before};
    }
    if (starts_value(t[token]) && before != std::string::npos && ends_value(t[before])) {
      return {"missing comma between two items (or two members of an object)", token};
    }
  }
  if (is_letter(c) && (prev == '{' || prev == ',') && parser.find("object key") != std::string::npos) {
    return {"keys must be strings in double quotes, e.g. \"text\": ...", offset};
  }
  if (is_letter(c)) {
    return {"invalid value: words must be strings in double quotes; only true, false and null are written bare",
            offset};
  }
  if (c == ',' && (prev == ',' || prev == '[' || prev == '{')) {
    return {"an extra comma: a value is missing before this comma", offset};
  }
  return {"invalid JSON: " + printable_utf8(parser), offset};
}

}  // namespace

// Builds the DOM from SAX events, recording the start offset of every value and key.
class JsonDocBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  JsonDocBuilder(JsonDoc& doc, DiagSink& sink, const InputLimits& limits, JsonText kind)
      : doc_(doc), sink_(sink), limits_(limits), kind_(kind), progress_(doc.text_.data()) {}

  const char** progress() { return &progress_; }
  [[nodiscard]] bool failed() const { return failed_; }

  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v); }
  bool number_integer(number_integer_t v) override { return value(v); }
  bool number_unsigned(number_unsigned_t v) override { return value(v); }
  bool number_float(number_float_t v, const string_t&) override { return value(v); }
  bool string(string_t& v) override { return value(std::move(v)); }
  bool binary(binary_t&) override { return value(nullptr); }

  bool start_object(std::size_t) override { return open(nlohmann::json::object()); }
  bool start_array(std::size_t) override { return open(nlohmann::json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    const std::uint32_t at = token_start();
    Frame& f = stack_.back();
    if (f.node->contains(k)) {
      Location loc = doc_.locate_offset(at, pointer_append(pointer_of(stack_.size()), k));
      loc.span = static_cast<int>(count_code_points(k)) + 2;
      // Where the object has it already (a key written without escapes; else not said).
      std::string first;
      const std::string quoted = "\"" + k + "\"";
      for (std::size_t n = f.id + 1; n < doc_.nodes_.size(); ++n) {
        const JsonDoc::Node& node = doc_.nodes_[n];
        if (node.parent != f.id || node.key_offset == JsonDoc::kNone ||
            doc_.text_.compare(node.key_offset, quoted.size(), quoted) != 0) {
          continue;
        }
        const Location at_first = doc_.locate_offset(node.key_offset, "");
        first = " (first at line " + std::to_string(at_first.line) + ", column " + std::to_string(at_first.column) + ")";
        break;
      }
      sink_.error(std::move(loc), "duplicate key \"" + k + "\" in object" + first +
                                      ": an object has each key once; keep one of the two");
      failed_ = true;
      return false;
    }
    key_ = std::move(k);
    key_offset_ = at;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    const std::size_t offset = position > 0 ? position - 1 : 0;
    const std::string& text = doc_.text();
    std::string pointer = pointer_of(stack_.size());
    // The parser takes a NUL byte outside a string for the end of the input.
    // The parser reports a lead byte without its continuation bytes ("Caf\xE9 au lait", as
    // Latin-1 or Windows-1252 write "é"; "\xDA\xE4" in Windows-1256) at the byte after it:
    // the lead byte, whose sequence the error falls in, is the one to show.
    std::size_t bad = offset;
    if (offset < text.size() && std::string_view(ex.what()).find("ill-formed UTF-8") != std::string_view::npos) {
      for (std::size_t back = 1; back <= 3 && back <= offset; ++back) {
        const auto lead = static_cast<unsigned char>(text[offset - back]);
        if (lead < 0xC0) continue;
        const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (back < length) bad = offset - back;
        break;
      }
    }
    const auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
    if (const std::size_t nul = text.find('\0'); nul != std::string::npos && nul <= offset + 1 &&
                                                  !(byte(0) == 0xFF && byte(1) == 0xFE)) {
      report_nul(nul);
    } else if ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) == 0xFE && byte(1) == 0xFF)) {
      // A byte order mark of UTF-16 (Windows Notepad's "Unicode"): every character is two
      // bytes, and the first is not UTF-8. An author saves the file again; a client encodes
      // what it sends.
      const std::string mark = std::string("UTF-16 text (it starts with a UTF-16 ") +
                               (byte(0) == 0xFF ? "little" : "big") + "-endian byte order mark), not UTF-8; ";
      sink_.error(doc_.locate_offset(0, ""),
                  kind_ == JsonText::kFile
                      ? "the file is " + mark + "save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"
                      : "the request body is " + mark + "send it encoded as UTF-8 (Content-Type: application/json)");
    } else if (bad < text.size() && static_cast<unsigned char>(text[bad]) >= 0x80 &&
        !is_valid_utf8(std::string_view(text).substr(bad, std::min<std::size_t>(4, text.size() - bad)))) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "byte 0x%02X here is not UTF-8 text; ",
                    static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
      sink_.error(doc_.locate_offset(bad, value_pointer(pointer, bad)),
                  std::string("invalid UTF-8: ") + buf +
                      (kind_ == JsonText::kFile ? "save the file as UTF-8" : "send the request body encoded as UTF-8"));
    } else {
      std::size_t token = static_cast<std::size_t>(last_end_ - text.data());
      while (token < text.size() && is_space(text[token])) ++token;
      const SyntaxExplanation e = explain_syntax_error(text, offset, token, ex.what(), subject());
      Location loc = doc_.locate_offset(e.offset, value_pointer(pointer, offset));
      loc.span = e.span;
      sink_.error(std::move(loc), e.message);
    }
    failed_ = true;
    return false;
  }

  /// A NUL byte at `offset`, outside any string: JSON text has none.
  void report_nul(std::size_t offset) {
    sink_.error(doc_.locate_offset(offset, ""),
                "a NUL byte (0x00) here is not JSON text (is " + subject() + " UTF-16, or not text?); "
                "nothing after it would be read");
    failed_ = true;
  }

  /// The text in the words of a message.
  [[nodiscard]] std::string subject() const { return kind_ == JsonText::kFile ? "the file" : "the request body"; }

 private:
  struct Frame {
    nlohmann::json* node;
    std::uint32_t id;
    std::string token;  ///< how this container is reached from its parent
  };

  // The token that an event reports starts at the first character after the previous
  // event's end that is not white space or a separator.
  std::uint32_t token_start() {
    const char* begin = doc_.text_.data();
    const char* end = begin + doc_.text_.size();
    const char* p = last_end_;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',' ||
                       *p == ':')) {
      ++p;
    }
    last_end_ = progress_;
    return static_cast<std::uint32_t>(p - begin);
  }

  // The pointer of a parse error at `offset`: inside a string, the value being read (a
  // member after its key, or the next array element); elsewhere its container, since the
  // item after a stray comma does not exist.
  std::string value_pointer(const std::string& container, std::size_t offset) const {
    if (stack_.empty() || !inside_string(doc_.text(), offset)) return container;
    const Frame& f = stack_.back();
    if (f.node->is_array()) return pointer_append(container, f.node->size());
    return key_.empty() ? container : pointer_append(container, key_);
  }

  // The pointer of the container `depth` frames deep (built only for a diagnostic).
  std::string pointer_of(std::size_t depth) const {
    std::string p;
    for (std::size_t i = 1; i < depth && i < stack_.size(); ++i) p = pointer_append(p, stack_[i].token);
    return p;
  }

  // Places `v` at the current position and returns where it now lives; `token` (for a
  // container, nullptr for a value, which needs none) gets how it is reached from its parent.
  nlohmann::json* place(nlohmann::json&& v, std::uint32_t& id, std::string* token) {
    const std::uint32_t at = token_start();
    id = static_cast<std::uint32_t>(doc_.nodes_.size());
    doc_.nodes_.push_back(JsonDoc::Node{at, JsonDoc::kNone, stack_.empty() ? JsonDoc::kNone : stack_.back().id});
    if (stack_.empty()) {
      doc_.root_ = std::move(v);
      return &doc_.root_;
    }
    Frame& f = stack_.back();
    if (f.node->is_array()) {
      if (token) *token = std::to_string(f.node->size());
      f.node->push_back(std::move(v));
      return &f.node->back();
    }
    doc_.nodes_.back().key_offset = key_offset_;
    // The key is new (key() refused a duplicate): inserted with its value, not as null first.
    auto& members = f.node->get_ref<nlohmann::json::object_t&>();
    nlohmann::json* slot = nullptr;
    if (token) {
      slot = &members.emplace(key_, std::move(v)).first->second;
      *token = std::move(key_);
    } else {
      slot = &members.emplace(std::move(key_), std::move(v)).first->second;
    }
    key_.clear();
    return slot;
  }

  bool value(nlohmann::json v) {
    std::uint32_t id = 0;
    place(std::move(v), id, nullptr);
    return true;
  }

  bool open(nlohmann::json v) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      sink_.error(doc_.locate_offset(token_start(), pointer_of(stack_.size())),
                  "JSON nested deeper than " + std::to_string(limits_.max_depth) + " levels");
      failed_ = true;
      return false;
    }
    std::uint32_t id = 0;
    std::string token;
    nlohmann::json* node = place(std::move(v), id, &token);
    stack_.push_back(Frame{node, id, std::move(token)});
    return true;
  }

  bool close() {
    last_end_ = progress_;
    stack_.pop_back();
    return true;
  }

  JsonDoc& doc_;
  DiagSink& sink_;
  const InputLimits& limits_;
  JsonText kind_;
  const char* progress_;
  const char* last_end_ = nullptr;
  std::vector<Frame> stack_;
  std::string key_;
  std::uint32_t key_offset_ = 0;
  bool failed_ = false;

 public:
  void start() { last_end_ = doc_.text_.data(); }
  void finish() { doc_.index_children(); }
};

// A reader for well-formed JSON that builds the same tree and the same value and key offsets
// as JsonDocBuilder over nlohmann's SAX parser, at a fraction of its cost: nlohmann's lexer
// copies every byte into a token buffer and walks a UTF-8 state machine one byte at a time
// (about 80 instructions a byte of an Arabic article). It gives up, leaving nothing certain,
// at anything it does not take as nlohmann would (an error of any kind, a byte order mark, a
// NUL byte, a surrogate escape, a long integer, a duplicate key, nesting at the limit, a
// locale whose decimal point is not '.'); the caller then parses with nlohmann, which reports
// the error with its explanation. So the fast path never decides what is an error.
class JsonFastReader {
 public:
  explicit JsonFastReader(JsonDoc& doc, int max_depth)
      : doc_(doc),
        begin_(doc.text_.data()),
        end_(begin_ + doc.text_.size()),
        p_(begin_),
        // Past this, recursion is deeper than this reader's stack should go; nlohmann's parser
        // keeps its own stack.
        max_depth_(std::min(max_depth, 256)) {}

  // Reads the whole of `doc`'s text into its tree and index of locations; false when it
  // leaves that to nlohmann's parser (doc's tree and index are then as before).
  static bool read(JsonDoc& doc, int max_depth) {
    bool done = false;
    try {
      done = JsonFastReader(doc, max_depth).run();
    } catch (const std::exception&) {  // allocation failure: nlohmann's path reports it
    }
    if (done) {
      doc.index_children();
      return true;
    }
    doc.root_ = nlohmann::json();
    doc.nodes_.clear();
    return false;
  }

 private:
  // Whether the whole text was read.
  bool run() {
    if (std::memchr(begin_, '\0', doc_.text_.size()) != nullptr) return false;
    // Room for the values at once: grown by doubling, the index passed through a block of
    // each size (the bundled files have a value every 23-55 bytes), each in a fresh page of
    // mimalloc's (9 page faults for an Arabic article).
    doc_.nodes_.reserve(doc_.text_.size() / 16 + 1);
    skip_space();
    if (!value(doc_.root_, JsonDoc::kNone, JsonDoc::kNone, 0)) return false;
    skip_space();
    return p_ == end_;
  }

  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  std::uint32_t add_node(std::uint32_t parent, std::uint32_t key_offset) {
    const auto id = static_cast<std::uint32_t>(doc_.nodes_.size());
    doc_.nodes_.push_back(JsonDoc::Node{static_cast<std::uint32_t>(p_ - begin_), key_offset, parent});
    return id;
  }

  // The value at p_ (not white space) into `out`; p_ then follows it.
  bool value(nlohmann::json& out, std::uint32_t parent, std::uint32_t key_offset, int depth) {
    if (p_ >= end_) return false;
    const std::uint32_t id = add_node(parent, key_offset);
    switch (*p_) {
      case '{': return object(out, id, depth);
      case '[': return array(out, id, depth);
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = std::move(s);
        return true;
      }
      case 't': return literal("true", 4) && (out = true, true);
      case 'f': return literal("false", 5) && (out = false, true);
      case 'n': return literal("null", 4) && (out = nullptr, true);
      default: return number(out);
    }
  }

  bool literal(const char* word, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  // Takes `c` at p_, and the white space after it, when it is there.
  bool take(char c) {
    if (p_ >= end_ || *p_ != c) return false;
    ++p_;
    skip_space();
    return true;
  }

  // After a member or an element: 1 when `close` ends the container, 0 when a comma leads to
  // another, -1 at anything else.
  int after_item(char close) {
    skip_space();
    if (take(close)) return 1;
    return take(',') ? 0 : -1;
  }

  bool object(nlohmann::json& out, std::uint32_t id, int depth) {
    if (depth >= max_depth_) return false;
    out = nlohmann::json::object();
    auto& members = out.get_ref<nlohmann::json::object_t&>();
    ++p_;
    skip_space();
    if (take('}')) return true;
    while (true) {
      if (p_ >= end_ || *p_ != '"') return false;
      const auto key_offset = static_cast<std::uint32_t>(p_ - begin_);
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (!take(':')) return false;
      auto [it, inserted] = members.emplace(std::move(key), nullptr);
      if (!inserted) return false;  // a duplicate key: nlohmann's path reports it
      if (!value(it->second, id, key_offset, depth + 1)) return false;
      if (const int next = after_item('}'); next != 0) return next > 0;
    }
  }

  bool array(nlohmann::json& out, std::uint32_t id, int depth) {
    if (depth >= max_depth_) return false;
    out = nlohmann::json::array();
    auto& items = out.get_ref<nlohmann::json::array_t&>();
    ++p_;
    skip_space();
    if (take(']')) return true;
    while (true) {
      // Each element is read in place: nothing else grows `items` while it is read.
      items.emplace_back();
      if (!value(items.back(), id, JsonDoc::kNone, depth + 1)) return false;
      if (const int next = after_item(']'); next != 0) return next > 0;
    }
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // What a byte is inside a string literal: kPlain bytes (printable ASCII but the quote and
  // the backslash) are taken as they are; a lead byte says which continuation bytes must
  // follow (RFC 3629's ranges, as nlohmann's lexer checks them).
  enum ByteClass : std::uint8_t { kPlain, kQuote, kEscape, kRefused, kLead2, kLeadE0, kLead3, kLeadED, kLeadF0, kLead4, kLeadF4 };
  static constexpr std::array<std::uint8_t, 256> kByteClass = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
      std::uint8_t k = kRefused;
      if (c >= 0x20 && c < 0x80) k = kPlain;
      if (c == '"') k = kQuote;
      if (c == '\\') k = kEscape;
      if (c >= 0xC2 && c <= 0xDF) k = kLead2;
      if (c == 0xE0) k = kLeadE0;
      if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) k = kLead3;
      if (c == 0xED) k = kLeadED;
      if (c == 0xF0) k = kLeadF0;
      if (c >= 0xF1 && c <= 0xF3) k = kLead4;
      if (c == 0xF4) k = kLeadF4;
      t[static_cast<std::size_t>(c)] = k;
    }
    return t;
  }();

  // The continuation bytes after a lead byte of three or four bytes: how many, and the range
  // of the first (the others are 0x80-0xBF).
  struct Lead {
    std::size_t continuations;
    unsigned lo, hi;
  };
  static constexpr Lead kLeads[] = {{2, 0xA0, 0xBF}, {2, 0x80, 0xBF}, {2, 0x80, 0x9F},
                                    {3, 0x90, 0xBF}, {3, 0x80, 0xBF}, {3, 0x80, 0x8F}};

  // Whether the `n` bytes after p_ are continuation bytes, the first of them from `lo` to `hi`.
  bool continues(std::size_t n, unsigned lo, unsigned hi) const {
    if (static_cast<std::size_t>(end_ - p_) <= n) return false;
    const auto first = static_cast<unsigned char>(p_[1]);
    if (first < lo || first > hi) return false;
    for (std::size_t i = 2; i <= n; ++i) {
      if ((static_cast<unsigned char>(p_[i]) & 0xC0) != 0x80) return false;
    }
    return true;
  }

  // The string literal at p_ (its opening quote), decoded into `out`.
  bool string(std::string& out) {
    ++p_;
    const char* run = p_;  // the start of bytes copied as they are
    while (true) {
      if (p_ >= end_) return false;
      switch (kByteClass[static_cast<unsigned char>(*p_)]) {
        case kPlain: ++p_; continue;
        case kQuote:
          out.append(run, static_cast<std::size_t>(p_ - run));
          ++p_;
          return true;
        case kEscape: break;
        case kLead2:
          if (!continues(1, 0x80, 0xBF)) return false;
          p_ += 2;
          continue;
        case kLeadE0:
        case kLead3:
        case kLeadED:
        case kLeadF0:
        case kLead4:
        case kLeadF4: {
          const Lead& lead = kLeads[kByteClass[static_cast<unsigned char>(*p_)] - kLeadE0];
          if (!continues(lead.continuations, lead.lo, lead.hi)) return false;
          p_ += lead.continuations + 1;
          continue;
        }
        default: return false;  // a control character, or a byte that starts no character
      }
      // An escape.
      out.append(run, static_cast<std::size_t>(p_ - run));
      if (p_ + 1 >= end_) return false;
      const char e = p_[1];
      p_ += 2;
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          if (end_ - p_ < 4) return false;
          int cp = 0;
          for (int i = 0; i < 4; ++i) {
            const int h = hex(p_[i]);
            if (h < 0) return false;
            cp = cp * 16 + h;
          }
          p_ += 4;
          if (cp >= 0xD800 && cp <= 0xDFFF) return false;  // surrogates: left to nlohmann
          append_utf8(out, static_cast<char32_t>(cp));
          break;
        }
        default: return false;
      }
      run = p_;
    }
  }

  // A number as nlohmann reads it: an integer is unsigned, or signed when negative, and
  // a fraction or exponent makes it a double from strtod.
  bool number(nlohmann::json& out) {
    const char* start = p_;
    bool negative = false;
    if (*p_ == '-') {
      negative = true;
      ++p_;
    }
    if (p_ >= end_ || *p_ < '0' || *p_ > '9') return false;
    std::uint64_t v = 0;
    int digits = 0;
    if (*p_ == '0') {
      ++p_;
      if (p_ < end_ && *p_ >= '0' && *p_ <= '9') return false;
    } else {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
        v = v * 10 + static_cast<std::uint64_t>(*p_ - '0');
        ++p_;
        ++digits;
      }
    }
    bool fraction = false;
    if (p_ < end_ && *p_ == '.') {
      fraction = true;
      ++p_;
      if (p_ >= end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      fraction = true;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ >= end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (!fraction) {
      if (digits > 18) return false;  // overflow and its doubles: left to nlohmann
      if (negative) {
        out = static_cast<std::int64_t>(-static_cast<std::int64_t>(v));
      } else {
        out = v;
      }
      return true;
    }
    // nlohmann gives strtod the token with the locale's decimal point.
    if (!decimal_point_checked_) {
      const lconv* loc = std::localeconv();
      decimal_point_ok_ = loc == nullptr || loc->decimal_point == nullptr || *loc->decimal_point == '.';
      decimal_point_checked_ = true;
    }
    const auto length = static_cast<std::size_t>(p_ - start);
    if (!decimal_point_ok_ || length >= 64) return false;
    char buf[64];
    std::memcpy(buf, start, length);
    buf[length] = '\0';
    char* stop = nullptr;
    out = std::strtod(buf, &stop);
    return stop == buf + length;
  }

  JsonDoc& doc_;
  const char* const begin_;
  const char* const end_;
  const char* p_;
  const int max_depth_;
  bool decimal_point_checked_ = false;
  bool decimal_point_ok_ = false;
};

namespace {

// The end of a refusal for size: what raises the limit, when something does.
std::string raised_by(std::string_view raise_with) {
  return raise_with.empty() ? std::string() : " (" + std::string(raise_with) + " raises it)";
}

std::optional<JsonDoc> parse_text(std::string name, std::string text, DiagSink& sink,
                                  const InputLimits& limits, bool fast, JsonText kind) {
  if (text.size() > limits.max_file_bytes) {
    sink.error(Location{name, 0, 0, ""},
               "input is " + std::to_string(text.size()) + " bytes, over the limit of " +
                   std::to_string(limits.max_file_bytes) + " bytes" + raised_by(limits.raise_with));
    return std::nullopt;
  }
  JsonDoc doc(std::move(name), std::move(text));
  if (fast && JsonFastReader::read(doc, limits.max_depth)) return doc;
  JsonDocBuilder builder(doc, sink, limits, kind);
  builder.start();
  const std::string& t = doc.text();
  const char* begin = t.data();
  const char* end = begin + t.size();
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(CountingIterator(begin, builder.progress()),
                                   CountingIterator(end, builder.progress()), &builder);
  } catch (const std::exception& e) {  // allocation failure and the like
    sink.error(Location{doc.file(), 0, 0, ""}, std::string("cannot read JSON: ") + e.what());
    return std::nullopt;
  }
  if (!ok || builder.failed()) return std::nullopt;
  // The parser stops at a NUL byte after the value as at the end of the input: what follows
  // it was never read.
  if (const std::size_t nul = t.find('\0'); nul != std::string::npos) {
    builder.report_nul(nul);
    return std::nullopt;
  }
  builder.finish();
  return doc;
}

}  // namespace

std::optional<JsonDoc> parse_json_text(std::string name, std::string text, DiagSink& sink,
                                       const InputLimits& limits, JsonText kind) {
  return parse_text(std::move(name), std::move(text), sink, limits, true, kind);
}

std::optional<JsonDoc> parse_json_text_sax(std::string name, std::string text, DiagSink& sink,
                                           const InputLimits& limits, JsonText kind) {
  return parse_text(std::move(name), std::move(text), sink, limits, false, kind);
}

std::optional<std::string> read_input_file(const std::string& path, std::size_t max_bytes, DiagSink& sink,
                                           std::string_view raise_with) {
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? std::string(kStdinName) : path;
  auto refuse = [&](const std::string& why) {
    sink.error(Location{name, 0, 0, ""}, why);
    return std::nullopt;
  };
  int fd = STDIN_FILENO;
  // Bytes to read at first: what a file says it holds (from the open file's status) and one
  // more, to see its end or that it grew; 64 KiB at a time from standard input.
  std::size_t room = 65536;
  if (!is_stdin) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      return errno == ENOENT ? refuse("cannot open file: no such file")
                             : refuse(std::string("cannot open file: ") + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) return refuse("cannot read file: it is a directory");
    if (!S_ISREG(st.st_mode)) {
      return refuse(std::string("cannot read file: it is a ") +
                    (S_ISFIFO(st.st_mode) ? "pipe" : S_ISSOCK(st.st_mode) ? "socket" : "device") +
                    ", not a regular file (use \"-\" to read standard input)");
    }
    if (static_cast<std::size_t>(st.st_size) > max_bytes) {
      return refuse("file is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                    std::to_string(max_bytes) + " bytes" + raised_by(raise_with));
    }
    // O_NONBLOCK: a file swapped for a pipe after the check cannot block the open.
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return refuse(std::string("cannot open file for reading: ") + std::strerror(errno));
    struct stat opened {};
    if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
      ::close(fd);
      return refuse("cannot read file: it is not a regular file");
    }
    room = std::min(static_cast<std::size_t>(opened.st_size), max_bytes) + 1;
  }
  // Read at most one byte past the limit, whatever the file claims its size is, straight
  // into the text that is kept for diagnostics (JsonDoc), not through a 64 KiB buffer on
  // the stack (fresh pages of it for each file) copied from.
  const std::size_t most = max_bytes < SIZE_MAX ? max_bytes + 1 : max_bytes;
  std::string text;
  text.resize(std::min(room, most));
  std::size_t used = 0;
  bool over = false;
  while (true) {
    if (used == text.size()) {
      if (used > max_bytes) {
        over = true;
        break;
      }
      text.resize(std::min(std::max(used * 2, std::size_t{65536}), most));
    }
    const ssize_t n = ::read(fd, text.data() + used, text.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      if (!is_stdin) ::close(fd);
      return refuse(std::string("cannot read file: ") + std::strerror(err));
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (!is_stdin) ::close(fd);
  if (over) return refuse("input is over the limit of " + std::to_string(max_bytes) + " bytes" + raised_by(raise_with));
  text.resize(used);
  if (text.capacity() - text.size() > text.size() / 8) text.shrink_to_fit();
  return text;
}

std::optional<JsonDoc> load_json_file(const std::string& path, DiagSink& sink,
                                      const InputLimits& limits) {
  auto text = read_input_file(path, limits.max_file_bytes, sink, limits.raise_with);
  if (!text) return std::nullopt;
  const std::string name = path == "-" ? std::string(kStdinName) : path;
  if (text->empty()) {
    sink.error(Location{name, 1, 1, ""}, "file is empty; expected a JSON object");
    return std::nullopt;
  }
  return parse_json_text(name, std::move(*text), sink, limits);
}

}  // namespace handout
