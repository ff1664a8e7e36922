#include "core/json_doc.h"

#include <cstdio>

#include "core/utf.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <vector>

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

Location JsonDoc::locate_offset(std::size_t offset, std::string pointer) const {
  Location loc{file_, 1, 1, std::move(pointer)};
  offset = std::min(offset, text_.size());
  for (std::size_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text_[i]);
    if (c == '\n') {
      ++loc.line;
      loc.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // count code points, not bytes
      ++loc.column;
    }
  }
  return loc;
}

Location JsonDoc::locate(const std::string& pointer) const {
  const std::string full = prefix_ + pointer;
  std::string p = full;
  while (true) {
    if (auto it = offsets_.find(p); it != offsets_.end()) {
      return locate_offset(it->second, full);
    }
    if (p.empty()) break;
    p.erase(p.rfind('/'));
  }
  return Location{file_, 0, 0, full};
}

JsonDoc JsonDoc::part(const std::string& pointer) const {
  JsonDoc out(file_, text_);
  out.root_ = root_.at(nlohmann::json::json_pointer(pointer));
  out.offsets_ = offsets_;
  out.prefix_ = prefix_ + pointer;
  out.base_dir_ = base_dir_;
  return out;
}

std::string JsonDoc::base_dir() const {
  if (base_dir_) return *base_dir_;
  return std::filesystem::path(file_).parent_path().string();
}

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

}  // namespace

// Builds the DOM from SAX events, recording the start offset of every value and key.
class JsonDocBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  JsonDocBuilder(JsonDoc& doc, DiagSink& sink, const InputLimits& limits)
      : doc_(doc), sink_(sink), limits_(limits), progress_(doc.text_.data()) {}

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
      sink_.error(doc_.locate_offset(at, pointer_append(f.pointer, k)),
                  "duplicate key \"" + k + "\" in object");
      failed_ = true;
      return false;
    }
    key_ = std::move(k);
    key_offset_ = at;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    // Drop nlohmann's "[json.exception...] parse error at line X, column Y: " prefix;
    // we print our own location.
    if (auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    const std::size_t offset = position > 0 ? position - 1 : 0;
    std::string message = "invalid JSON: " + printable_utf8(what);
    const std::string& text = doc_.text();
    if (offset < text.size() && static_cast<unsigned char>(text[offset]) >= 0x80 &&
        !is_valid_utf8(std::string_view(text).substr(offset, std::min<std::size_t>(4, text.size() - offset)))) {
      char buf[64];
      std::snprintf(buf, sizeof buf, " (byte 0x%02X here is not UTF-8 text; save the file as UTF-8)",
                    static_cast<unsigned>(static_cast<unsigned char>(text[offset])));
      message += buf;
    }
    sink_.error(doc_.locate_offset(offset, current_pointer()), message);
    failed_ = true;
    return false;
  }

 private:
  struct Frame {
    nlohmann::json* node;
    std::string pointer;
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

  std::string current_pointer() const {
    if (stack_.empty()) return "";
    const Frame& f = stack_.back();
    if (f.node->is_array()) return pointer_append(f.pointer, f.node->size());
    return key_.empty() ? f.pointer : pointer_append(f.pointer, key_);
  }

  // Places `v` at the current position and returns where it now lives.
  nlohmann::json* place(nlohmann::json&& v, std::string& pointer) {
    std::uint32_t at = 0;
    if (stack_.empty()) {
      at = token_start();
      doc_.root_ = std::move(v);
      pointer.clear();
      doc_.offsets_[pointer] = at;
      return &doc_.root_;
    }
    Frame& f = stack_.back();
    nlohmann::json* slot = nullptr;
    if (f.node->is_array()) {
      at = token_start();
      pointer = pointer_append(f.pointer, f.node->size());
      f.node->push_back(std::move(v));
      slot = &f.node->back();
    } else {
      at = token_start();
      pointer = pointer_append(f.pointer, key_);
      doc_.offsets_[pointer + "#key"] = key_offset_;
      slot = &((*f.node)[key_] = std::move(v));
      key_.clear();
    }
    doc_.offsets_[pointer] = at;
    return slot;
  }

  bool value(nlohmann::json v) {
    std::string pointer;
    place(std::move(v), pointer);
    return true;
  }

  bool open(nlohmann::json v) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      sink_.error(doc_.locate_offset(token_start(), current_pointer()),
                  "JSON nested deeper than " + std::to_string(limits_.max_depth) + " levels");
      failed_ = true;
      return false;
    }
    std::string pointer;
    nlohmann::json* node = place(std::move(v), pointer);
    stack_.push_back(Frame{node, std::move(pointer)});
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
  const char* progress_;
  const char* last_end_ = nullptr;
  std::vector<Frame> stack_;
  std::string key_;
  std::uint32_t key_offset_ = 0;
  bool failed_ = false;

 public:
  void start() { last_end_ = doc_.text_.data(); }
};

std::optional<JsonDoc> parse_json_text(std::string name, std::string text, DiagSink& sink,
                                       const InputLimits& limits) {
  if (text.size() > limits.max_file_bytes) {
    sink.error(Location{name, 0, 0, ""},
               "input is " + std::to_string(text.size()) + " bytes, over the limit of " +
                   std::to_string(limits.max_file_bytes) + " bytes");
    return std::nullopt;
  }
  JsonDoc doc(std::move(name), std::move(text));
  JsonDocBuilder builder(doc, sink, limits);
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
  return doc;
}

std::optional<JsonDoc> load_json_file(const std::string& path, DiagSink& sink,
                                      const InputLimits& limits) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    sink.error(Location{path, 0, 0, ""}, "cannot open file: no such file");
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    sink.error(Location{path, 0, 0, ""}, "cannot read file: it is a directory");
    return std::nullopt;
  }
  const auto size = fs::file_size(path, ec);
  if (!ec && size > limits.max_file_bytes) {
    sink.error(Location{path, 0, 0, ""},
               "file is " + std::to_string(size) + " bytes, over the limit of " +
                   std::to_string(limits.max_file_bytes) + " bytes");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    sink.error(Location{path, 0, 0, ""}, "cannot open file for reading");
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    sink.error(Location{path, 0, 0, ""}, "cannot read file");
    return std::nullopt;
  }
  if (text.empty()) {
    sink.error(Location{path, 1, 1, ""}, "file is empty; expected a JSON object");
    return std::nullopt;
  }
  return parse_json_text(path, std::move(text), sink, limits);
}

}  // namespace handout
