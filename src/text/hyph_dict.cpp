#include "text/hyph_dict.h"

#include "core/lib_hyphen.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sys/stat.h>
#include <vector>

namespace handout {

// The finished level: libhyphen's structure, backed by arrays this object owns.
struct BuiltLevel {
  HyphenDict dict{};
  std::vector<HyphenState> states;
  std::vector<HyphenTrans> trans;
  std::string matches;
  std::string nohyphen;
};

namespace {

// libhyphen reads lines of at most MAX_CHARS - 1 bytes (fgets) and a charset name of at
// most MAX_NAME - 1; longer lines would be split in two, so they are refused here.
constexpr std::size_t kMaxLine = MAX_CHARS - 2;

// One level of the automaton while it is built: a trie of pattern words, its edges in a
// flat open-addressing table (no allocation per state), matches in one string pool.
struct Level {
  struct Edge {
    int from;
    int to;
    char ch;
  };
  std::vector<Edge> edges;            // in insertion order
  std::vector<std::uint64_t> table;   // edge index + 1, 0 = empty; hashed by (from, byte)
  std::vector<int> match_at{-1};      // per state: offset into `matches`, -1 = none
  std::vector<int> word_length{0};
  std::string matches;
  int lhmin = 0, rhmin = 0, clhmin = 0, crhmin = 0;
  std::string nohyphen;  // as libhyphen keeps it: commas replaced by NULs
  bool has_nohyphen = false;
  int nohyphenl = 0;

  Level() : table(1u << 16, 0) {}
  [[nodiscard]] int states() const { return static_cast<int>(match_at.size()); }
  static std::uint64_t key(int n, char c) {
    return ((static_cast<std::uint64_t>(n) << 8) | static_cast<unsigned char>(c)) + 1;
  }
  // The slot holding edge (n, c), or the empty slot where it would go.
  [[nodiscard]] std::size_t find(int n, char c) const {
    const std::uint64_t k = key(n, c);
    std::size_t i = static_cast<std::size_t>((k * 0x9E3779B97F4A7C15ull) >> 20) & (table.size() - 1);
    while (table[i] != 0) {
      const Edge& e = edges[static_cast<std::size_t>(table[i] - 1)];
      if (e.from == n && e.ch == c) break;
      i = (i + 1) & (table.size() - 1);
    }
    return i;
  }
  [[nodiscard]] int child(int n, char c) const {
    const std::size_t i = find(n, c);
    return table[i] ? edges[static_cast<std::size_t>(table[i] - 1)].to : -1;
  }
  int add(int n, char c) {
    const std::size_t i = find(n, c);
    if (table[i]) return edges[static_cast<std::size_t>(table[i] - 1)].to;
    const int to = states();
    match_at.push_back(-1);
    word_length.push_back(0);
    edges.push_back({n, to, c});
    table[i] = edges.size();
    if (edges.size() * 2 > table.size()) grow();
    return to;
  }
  void grow() {
    std::vector<std::uint64_t> old(table.size() * 2, 0);
    table.swap(old);
    for (std::size_t e = 0; e < edges.size(); ++e) {
      const std::uint64_t k = key(edges[e].from, edges[e].ch);
      std::size_t i = static_cast<std::size_t>((k * 0x9E3779B97F4A7C15ull) >> 20) & (table.size() - 1);
      while (table[i] != 0) i = (i + 1) & (table.size() - 1);
      table[i] = e + 1;
    }
  }
};


bool starts_with(std::string_view line, std::string_view key) { return line.substr(0, key.size()) == key; }

// A keyword's number, as libhyphen's atoi reads it, kept to a sane range.
bool keyword_number(std::string_view rest, int& out) {
  std::size_t i = 0;
  while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
  int v = 0;
  std::size_t digits = 0;
  while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9' && digits < 3) {
    v = v * 10 + (rest[i] - '0');
    ++i;
    ++digits;
  }
  if (digits == 0 || v > 64) return false;
  out = v;
  return true;
}

// Checks a pattern token (bytes above space) and returns why it is malformed, or "".
std::string check_pattern(std::string_view tok) {
  bool prev_digit = false;
  std::size_t letters = 0;
  for (std::size_t i = 0; i < tok.size(); ++i) {
    const auto c = static_cast<unsigned char>(tok[i]);
    const bool digit = c >= '0' && c <= '9';
    if (digit && prev_digit) return "two digits in a row in pattern '" + std::string(tok) + "'";
    prev_digit = digit;
    if (digit) continue;
    if (c == '.') {
      const bool first = letters == 0;
      const bool last = tok.find_first_not_of("0123456789", i + 1) == std::string_view::npos;
      if (!first && !last) return "'.' inside pattern '" + std::string(tok) + "' (only at a word's start or end)";
      if (first && i > 0) return "a digit before the word-start '.' in pattern '" + std::string(tok) + "'";
      if (last && !first && i + 1 < tok.size())
        return "a digit after the word-end '.' in pattern '" + std::string(tok) + "'";
    } else if (c == 0x7f) {
      return "a control character in pattern";
    }
    ++letters;
  }
  if (letters == 0) return "pattern '" + std::string(tok) + "' has no letters";
  return "";
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

// One line into a level, as hnj_hyphen_load_line reads it (`line` without its newline).
void load_line(Level& lv, std::string_view line, bool had_newline) {
  if (!line.empty() && line[0] >= 'A' && line[0] <= 'Z') {
    if (starts_with(line, "LEFTHYPHENMIN")) return void(keyword_number(line.substr(13), lv.lhmin));
    if (starts_with(line, "RIGHTHYPHENMIN")) return void(keyword_number(line.substr(14), lv.rhmin));
    if (starts_with(line, "COMPOUNDLEFTHYPHENMIN")) return void(keyword_number(line.substr(21), lv.clhmin));
    if (starts_with(line, "COMPOUNDRIGHTHYPHENMIN")) return void(keyword_number(line.substr(22), lv.crhmin));
  }
  if (starts_with(line, "NOHYPHEN")) {
    std::string_view rest = line.substr(8);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    lv.nohyphen.clear();
    lv.has_nohyphen = false;
    lv.nohyphenl = 0;
    // libhyphen drops the last byte, assuming it is the newline.
    std::string s(rest);
    if (had_newline) s.push_back('\n');
    if (s.empty()) return;
    s.pop_back();
    for (std::size_t i = s.size(); i-- > 1;) {
      if (s[i] == ',') {
        s[i] = '\0';
        ++lv.nohyphenl;
      }
    }
    lv.nohyphen = s;
    lv.has_nohyphen = true;
    return;
  }
  // The word's letters walk (and grow) the trie; the digits between them are the match.
  char pattern[MAX_CHARS + 1];
  std::size_t j = 0;
  pattern[0] = '0';
  int state = 0;
  for (std::size_t i = 0; i < line.size() && static_cast<unsigned char>(line[i]) > ' '; ++i) {
    const char c = line[i];
    if (c >= '0' && c <= '9') {
      pattern[j] = c;
    } else {
      state = lv.add(state, c);
      pattern[++j] = '0';
    }
  }
  std::size_t lead = 0;
  while (lead <= j && pattern[lead] == '0') ++lead;
  lv.match_at[static_cast<std::size_t>(state)] = static_cast<int>(lv.matches.size());
  lv.matches.append(pattern + lead, j + 1 - lead);
  lv.matches.push_back('\0');
  lv.word_length[static_cast<std::size_t>(state)] = static_cast<int>(j);
}

// Transitions grouped by state (in insertion order, as libhyphen adds them), fallback
// states as the longest proper suffix that is a state (Aho–Corasick failure links, breadth
// first: what libhyphen finds by hashing every suffix), matches and keywords.
void finish(Level& lv, BuiltLevel& out, const char* cset, bool utf8) {
  const std::size_t n = static_cast<std::size_t>(lv.states());
  std::vector<int> first(n + 1, 0);
  for (const auto& e : lv.edges) ++first[static_cast<std::size_t>(e.from) + 1];
  for (std::size_t i = 0; i < n; ++i) first[i + 1] += first[i];
  out.trans.resize(lv.edges.size());
  std::vector<int> fill(first.begin(), first.end() - 1);
  for (const auto& e : lv.edges) {
    auto& t = out.trans[static_cast<std::size_t>(fill[static_cast<std::size_t>(e.from)]++)];
    t.ch = e.ch;
    t.new_state = e.to;
  }
  out.matches = std::move(lv.matches);
  out.states.assign(n, HyphenState{});
  for (std::size_t i = 0; i < n; ++i) {
    HyphenState& s = out.states[i];
    s.match = lv.match_at[i] < 0 ? nullptr : out.matches.data() + lv.match_at[i];
    s.replcut = static_cast<signed char>(lv.word_length[i]);
    s.fallback_state = -1;
    s.num_trans = first[i + 1] - first[i];
    s.trans = s.num_trans ? out.trans.data() + first[i] : nullptr;
  }
  std::vector<int> queue{0};
  queue.reserve(n);
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const int u = queue[q];
    const HyphenState& su = out.states[static_cast<std::size_t>(u)];
    for (int k = 0; k < su.num_trans; ++k) {
      const char c = su.trans[k].ch;
      const int v = su.trans[k].new_state;
      int to = 0;
      for (int f = su.fallback_state; f >= 0; f = out.states[static_cast<std::size_t>(f)].fallback_state) {
        const int t = lv.child(f, c);
        if (t >= 0) {
          to = t;
          break;
        }
      }
      out.states[static_cast<std::size_t>(v)].fallback_state = to;
      queue.push_back(v);
    }
  }
  HyphenDict& d = out.dict;
  d.lhmin = static_cast<char>(lv.lhmin);
  d.rhmin = static_cast<char>(lv.rhmin);
  d.clhmin = static_cast<char>(lv.clhmin);
  d.crhmin = static_cast<char>(lv.crhmin);
  out.nohyphen = lv.nohyphen;
  d.nohyphen = lv.has_nohyphen ? out.nohyphen.data() : nullptr;
  d.nohyphenl = lv.nohyphenl;
  d.num_states = static_cast<int>(n);
  std::memcpy(d.cset, cset, MAX_NAME);  // cset is MAX_NAME bytes, NUL-padded
  d.utf8 = utf8 ? 1 : 0;
  d.states = out.states.data();
  d.nextlevel = nullptr;
}

}  // namespace

HyphDict::~HyphDict() {
  if (libhyphen_) hnj_hyphen_free(libhyphen_);
}

HyphenDict* HyphDict::get() const {
  if (libhyphen_) return libhyphen_;
  return levels_.empty() ? nullptr : &levels_[top_]->dict;
}

std::unique_ptr<HyphDict> build_hyph_dict(std::string_view text, const std::string& /*path*/,
                                          HyphDictError& error, bool checked) {
  if (text.find('\0') != std::string_view::npos) {
    error = {1, "the file holds a NUL byte: not a pattern dictionary"};
    return nullptr;
  }
  // Lines as libhyphen's fgets sees them; the first names the character set.
  std::vector<std::pair<std::string_view, bool>> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = text.find('\n', pos);
    const bool has_nl = nl != std::string_view::npos;
    lines.emplace_back(text.substr(pos, (has_nl ? nl : text.size()) - pos), has_nl);
    pos = has_nl ? nl + 1 : text.size();
  }
  char cset[MAX_NAME] = {};
  if (!lines.empty()) {
    std::string_view first = lines[0].first;
    if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
    if (first.size() > MAX_NAME - 2) {
      error = {1, "the first line must name the character set (e.g. UTF-8 or ISO8859-1)"};
      return nullptr;
    }
    std::memcpy(cset, first.data(), first.size());
  }
  const bool utf8 = std::strcmp(cset, "UTF-8") == 0;
  Level levels[2];
  int k = 0;
  bool nextlevel = false;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto [line, had_nl] = lines[i];
    const int lineno = static_cast<int>(i + 1);
    if (line.size() > kMaxLine) {
      error = {lineno, "line longer than " + std::to_string(kMaxLine) + " bytes"};
      return nullptr;
    }
    if (utf8 && !std::all_of(line.begin(), line.end(), [](char c) { return static_cast<signed char>(c) >= 0; }) &&
        !valid_utf8(line)) {
      error = {lineno, "not valid UTF-8 (the dictionary says UTF-8)"};
      return nullptr;
    }
    if (starts_with(line, "NEXTLEVEL")) {
      if (k == 1) continue;  // libhyphen reads two levels at most: a third goes into the second
      nextlevel = true;
      k = 1;
      continue;
    }
    if (line.empty() || line[0] == '%') continue;
    if (checked) {
      load_line(levels[k], line, had_nl);
      continue;
    }
    const bool upper = line[0] >= 'A' && line[0] <= 'Z';
    if (upper && (starts_with(line, "LEFTHYPHENMIN") || starts_with(line, "RIGHTHYPHENMIN") ||
                  starts_with(line, "COMPOUNDLEFTHYPHENMIN") || starts_with(line, "COMPOUNDRIGHTHYPHENMIN"))) {
      int v = 0;
      const std::size_t at = line.find_first_of(" \t");
      if (at == std::string_view::npos || !keyword_number(line.substr(at), v)) {
        error = {lineno, "expected a number from 0 to 64 after " + std::string(line.substr(0, at))};
        return nullptr;
      }
    } else if (!(upper && starts_with(line, "NOHYPHEN"))) {
      std::size_t n = 0;  // libhyphen's token: the bytes above space
      while (n < line.size() && static_cast<unsigned char>(line[n]) > ' ') ++n;
      std::string_view tok = line.substr(0, n);
      if (tok.find('/') != std::string_view::npos) {
        // libhyphen indexes its buffers by a replacement rule's numbers unchecked
        // ("a1b/a=b,200,1" writes past them): such dictionaries are refused.
        error = {lineno, "replacement rules (\"/\", non-standard hyphenation) are not supported"};
        return nullptr;
      }
      if (!tok.empty()) {
        if (std::string why = check_pattern(tok); !why.empty()) {
          error = {lineno, why};
          return nullptr;
        }
      }
    }
    load_line(levels[k], line, had_nl);
  }
  auto out = std::make_unique<HyphDict>();
  if (!nextlevel) {
    // libhyphen's default first level: no break at hyphens and apostrophes (compounds).
    Level& d = levels[1];
    load_line(d, utf8 ? "NOHYPHEN ',\xe2\x80\x93,\xe2\x80\x99,-" : "NOHYPHEN ',-", true);
    load_line(d, "1-1", true);
    load_line(d, "1'1", true);
    if (utf8) {
      load_line(d, "1\xe2\x80\x93" "1", true);
      load_line(d, "1\xe2\x80\x99" "1", true);
    }
  }
  for (auto& lv : levels) {
    out->levels_.push_back(std::make_unique<BuiltLevel>());
    finish(lv, *out->levels_.back(), cset, utf8);
  }
  HyphenDict& d0 = out->levels_[0]->dict;
  HyphenDict& d1 = out->levels_[1]->dict;
  if (nextlevel) {
    d0.nextlevel = &d1;
    out->top_ = 0;
    return out;
  }
  d1.nextlevel = &d0;
  d1.lhmin = d0.lhmin;
  d1.rhmin = d0.rhmin;
  d1.clhmin = d0.clhmin ? d0.clhmin : (d0.lhmin ? d0.lhmin : 3);
  d1.crhmin = d0.crhmin ? d0.crhmin : (d0.rhmin ? d0.rhmin : 3);
  out->top_ = 1;
  return out;
}

std::unique_ptr<HyphDict> load_hyph_dict(const std::string& path, HyphDictError& error,
                                         std::size_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    error = {0, "not a regular file"};
    return nullptr;
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    error = {0, "larger than " + std::to_string(max_bytes) + " bytes"};
    return nullptr;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size()))) {
    error = {0, "cannot be read"};
    return nullptr;
  }
  return build_hyph_dict(text, path, error);
}

namespace {

// "HYD2": since session 13 each level also lists the index of every state's first
// transition, so HyphImage can walk a state without summing those before it.
constexpr std::uint32_t kImageMagic = 0x32445948;
constexpr std::size_t kImageLevelHeader = 11 * 4 + MAX_NAME;
constexpr std::size_t kImageStateBytes = 16;  // match, fallback, transitions, replcut
constexpr std::size_t kImageTransBytes = 5;   // byte, new state

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_i32(std::string& out, int v) { put_u32(out, static_cast<std::uint32_t>(v)); }

// Reads an image front to back; any read past its end leaves it failed.
struct ImageReader {
  std::string_view in;
  bool failed = false;
  std::uint32_t u32() {
    if (in.size() < 4) return fail();
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[static_cast<std::size_t>(i)])) << (8 * i);
    in.remove_prefix(4);
    return v;
  }
  int i32() { return static_cast<int>(u32()); }
  std::string_view bytes(std::size_t n) {
    if (in.size() < n) return fail(), std::string_view();
    std::string_view v = in.substr(0, n);
    in.remove_prefix(n);
    return v;
  }
  std::uint32_t fail() {
    failed = true;
    in = {};
    return 0;
  }
};

}  // namespace

std::string hyph_dict_image(const HyphDict& dict) {
  std::string out;
  put_u32(out, kImageMagic);
  put_u32(out, static_cast<std::uint32_t>(dict.levels_.size()));
  put_u32(out, static_cast<std::uint32_t>(dict.top_));
  for (const auto& level : dict.levels_) {
    const BuiltLevel& lv = *level;
    const HyphenDict& d = lv.dict;
    for (int v : {int{d.lhmin}, int{d.rhmin}, int{d.clhmin}, int{d.crhmin}, d.nohyphenl, d.nohyphen ? 1 : 0, d.utf8,
                  d.num_states, static_cast<int>(lv.trans.size()), static_cast<int>(lv.matches.size()),
                  static_cast<int>(lv.nohyphen.size())}) {
      put_i32(out, v);
    }
    out.append(d.cset, MAX_NAME);
    for (const HyphenState& s : lv.states) {
      put_i32(out, s.match ? static_cast<int>(s.match - lv.matches.data()) : -1);
      put_i32(out, s.fallback_state);
      put_i32(out, s.num_trans);
      put_i32(out, s.replcut);
    }
    for (const HyphenState& s : lv.states) put_i32(out, s.trans ? static_cast<int>(s.trans - lv.trans.data()) : 0);
    for (const HyphenTrans& t : lv.trans) {
      out.push_back(t.ch);
      put_i32(out, t.new_state);
    }
    out += lv.matches;
    out += lv.nohyphen;
  }
  return out;
}

std::unique_ptr<HyphDict> hyph_dict_from_image(std::string_view image) {
  ImageReader r{image};
  if (r.u32() != kImageMagic) return nullptr;
  const std::uint32_t levels = r.u32();
  const std::uint32_t top = r.u32();
  if (levels == 0 || levels > 2 || top >= levels) return nullptr;
  auto out = std::make_unique<HyphDict>();
  for (std::uint32_t k = 0; k < levels && !r.failed; ++k) {
    auto lv = std::make_unique<BuiltLevel>();
    HyphenDict& d = lv->dict;
    d.lhmin = static_cast<char>(r.i32());
    d.rhmin = static_cast<char>(r.i32());
    d.clhmin = static_cast<char>(r.i32());
    d.crhmin = static_cast<char>(r.i32());
    d.nohyphenl = r.i32();
    const bool has_nohyphen = r.i32() != 0;
    d.utf8 = r.i32();
    const int states = r.i32();
    const int trans = r.i32();
    const int matches = r.i32();
    const int nohyphen = r.i32();
    const std::string_view cset = r.bytes(MAX_NAME);
    if (r.failed || states <= 0 || trans < 0 || matches < 0 || nohyphen < 0 ||
        static_cast<std::size_t>(states) > r.in.size() / 16) {
      return nullptr;
    }
    std::memcpy(d.cset, cset.data(), MAX_NAME);
    d.cset[MAX_NAME - 1] = '\0';
    lv->states.assign(static_cast<std::size_t>(states), HyphenState{});
    lv->trans.resize(static_cast<std::size_t>(trans));
    std::vector<int> match_at(static_cast<std::size_t>(states));
    int first = 0;
    for (int i = 0; i < states; ++i) {
      HyphenState& s = lv->states[static_cast<std::size_t>(i)];
      match_at[static_cast<std::size_t>(i)] = r.i32();
      s.fallback_state = r.i32();
      s.num_trans = r.i32();
      s.replcut = static_cast<signed char>(r.i32());
      if (s.num_trans < 0 || s.num_trans > trans - first || s.fallback_state < -1 || s.fallback_state >= states) {
        return nullptr;
      }
      s.trans = s.num_trans ? lv->trans.data() + first : nullptr;
      first += s.num_trans;
    }
    if (first != trans) return nullptr;
    for (int i = 0; i < states; ++i) {
      const HyphenState& s = lv->states[static_cast<std::size_t>(i)];
      const int at = r.i32();
      if (s.trans && at != static_cast<int>(s.trans - lv->trans.data())) return nullptr;
    }
    for (HyphenTrans& t : lv->trans) {
      const std::string_view ch = r.bytes(1);
      t.ch = ch.empty() ? '\0' : ch[0];
      t.new_state = r.i32();
      if (t.new_state < 0 || t.new_state >= states) return nullptr;
    }
    lv->matches = std::string(r.bytes(static_cast<std::size_t>(matches)));
    lv->nohyphen = std::string(r.bytes(static_cast<std::size_t>(nohyphen)));
    if (r.failed || (!lv->matches.empty() && lv->matches.back() != '\0')) return nullptr;
    for (std::size_t i = 0; i < match_at.size(); ++i) {
      const int m = match_at[i];
      if (m < -1 || m >= matches) return nullptr;
      lv->states[i].match = m < 0 ? nullptr : lv->matches.data() + m;
    }
    d.nohyphen = has_nohyphen ? lv->nohyphen.data() : nullptr;
    d.num_states = states;
    d.states = lv->states.data();
    d.nextlevel = nullptr;
    out->levels_.push_back(std::move(lv));
  }
  if (r.failed || !r.in.empty()) return nullptr;
  out->top_ = top;
  if (levels == 2) out->levels_[top]->dict.nextlevel = &out->levels_[1 - top]->dict;
  return out;
}

namespace {

std::int32_t image_i32(std::string_view bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)])) << (8 * i);
  return static_cast<std::int32_t>(v);
}

}  // namespace

std::optional<HyphImage> HyphImage::open(std::string_view image) {
  ImageReader r{image};
  if (r.u32() != kImageMagic) return std::nullopt;
  HyphImage out;
  const std::uint32_t levels = r.u32();
  const std::uint32_t top = r.u32();
  if (r.failed || levels == 0 || levels > 2 || top >= levels) return std::nullopt;
  out.count_ = static_cast<int>(levels);
  out.top_ = static_cast<int>(top);
  for (std::uint32_t k = 0; k < levels; ++k) {
    Level& lv = out.levels_[k];
    const std::string_view header = r.bytes(kImageLevelHeader);
    if (r.failed) return std::nullopt;
    lv.lhmin = static_cast<signed char>(image_i32(header, 0));
    lv.rhmin = static_cast<signed char>(image_i32(header, 4));
    lv.has_nohyphen = image_i32(header, 20) != 0;
    lv.num_states = image_i32(header, 28);
    const int trans = image_i32(header, 32), matches = image_i32(header, 36), nohyphen = image_i32(header, 40);
    if (lv.num_states <= 0 || trans < 0 || matches < 0 || nohyphen < 0 ||
        static_cast<std::size_t>(lv.num_states) > r.in.size() / (kImageStateBytes + 4)) {
      return std::nullopt;
    }
    const auto states = static_cast<std::size_t>(lv.num_states);
    lv.states = r.bytes(states * kImageStateBytes);
    lv.firsts = r.bytes(states * 4);
    lv.trans = r.bytes(static_cast<std::size_t>(trans) * kImageTransBytes);
    lv.matches = r.bytes(static_cast<std::size_t>(matches));
    lv.nohyphen = r.bytes(static_cast<std::size_t>(nohyphen));
    if (r.failed || (!lv.matches.empty() && lv.matches.back() != '\0')) return std::nullopt;
  }
  if (!r.in.empty()) return std::nullopt;
  return out;
}

int libhyphen_hyphenate(_HyphenDict* dict, std::string_view word, int lhmin, int rhmin, std::vector<char>& hyphens,
                        char fill) {
  hyphens.assign(word.size() + 5, fill);
  char** rep = nullptr;
  int* pos = nullptr;
  int* cut = nullptr;
  const int rc = hnj_hyphen_hyphenate3(dict, word.data(), static_cast<int>(word.size()), hyphens.data(), nullptr, &rep,
                                       &pos, &cut, lhmin, rhmin, lhmin, rhmin);
  if (rep) {
    for (std::size_t i = 0; i < word.size(); ++i) std::free(rep[i]);
    std::free(rep);
  }
  std::free(pos);
  std::free(cut);
  return rc;
}

bool HyphImage::walk(const Level& lv, std::string_view prep, std::vector<char>& raw) const {
  const std::size_t num_trans = lv.trans.size() / kImageTransBytes;
  int state = 0;
  for (std::size_t i = 0; i < prep.size(); ++i) {
    const char ch = prep[i];
    // As libhyphen: follow fallback states until one has a transition on `ch`; from -1
    // (none left) start again at state 0 with the next letter, matching nothing here.
    bool found = false;
    for (int steps = 0; !found; ++steps) {
      if (state == -1) break;
      if (state < 0 || state >= lv.num_states || steps > lv.num_states) return false;
      const std::size_t at = static_cast<std::size_t>(state) * kImageStateBytes;
      const int n = image_i32(lv.states, at + 8);
      const int first = image_i32(lv.firsts, static_cast<std::size_t>(state) * 4);
      if (n < 0 || first < 0 || static_cast<std::size_t>(first) + static_cast<std::size_t>(n) > num_trans) return false;
      for (int k = 0; k < n; ++k) {
        const std::size_t t = (static_cast<std::size_t>(first) + static_cast<std::size_t>(k)) * kImageTransBytes;
        if (lv.trans[t] == ch) {
          state = image_i32(lv.trans, t + 1);
          found = true;
          break;
        }
      }
      if (!found) state = image_i32(lv.states, at + 4);
    }
    if (!found) {
      state = 0;
      continue;
    }
    if (state < 0 || state >= lv.num_states) return false;
    const int m = image_i32(lv.states, static_cast<std::size_t>(state) * kImageStateBytes);
    if (m < 0) continue;
    if (static_cast<std::size_t>(m) >= lv.matches.size()) return false;
    const std::string_view match(lv.matches.data() + m, std::strlen(lv.matches.data() + m));
    const std::ptrdiff_t offset = static_cast<std::ptrdiff_t>(i + 1) - static_cast<std::ptrdiff_t>(match.size());
    for (std::ptrdiff_t k = offset < 0 ? -offset : 0; k < static_cast<std::ptrdiff_t>(match.size()); ++k) {
      char& h = raw[static_cast<std::size_t>(offset + k)];
      if (h < match[static_cast<std::size_t>(k)]) h = match[static_cast<std::size_t>(k)];
    }
  }
  return true;
}

bool HyphImage::hyphenate(std::string_view word, int lhmin, int rhmin, std::vector<char>& hyphens) const {
  const Level& top = levels_[top_];
  const std::size_t n = word.size();
  if (n == 0) return false;
  for (char c : word) {
    if (c < 'a' || c > 'z') return false;
  }
  // NOHYPHEN strings are searched in the word: one that could occur in a word of letters
  // (or an empty one) is left to libhyphen.
  if (top.has_nohyphen) {
    for (char c : top.nohyphen) {
      if (c >= 'a' && c <= 'z') return false;
    }
    for (std::size_t i = 0; i + 1 < top.nohyphen.size(); ++i) {
      if (top.nohyphen[i] == '\0' && top.nohyphen[i + 1] == '\0') return false;
    }
    if (top.nohyphen.empty() || top.nohyphen[0] == '\0') return false;
  }
  std::string prep;
  prep.reserve(n + 2);
  prep.push_back('.');
  prep.append(word);
  prep.push_back('.');
  std::vector<char> raw(n + 5, '0');
  if (!walk(top, prep, raw)) return false;
  if (count_ == 2) {
    // The first level splits compounds: a break it allows inside the word makes libhyphen
    // hyphenate each part on its own (with the compound minimums), which is left to it.
    for (std::size_t i = 0; i + 1 < n; ++i) {
      if (raw[i + 1] & 1) return false;
    }
    std::fill(raw.begin(), raw.end(), '0');
    if (!walk(levels_[1 - top_], prep, raw)) return false;
  }
  hyphens.assign(n + 5, '0');
  for (std::size_t i = 0; i + 1 < n; ++i) hyphens[i] = raw[i + 1];
  hyphens[n] = '\0';
  // The minimums as hnj_hyphen_hyphenate3 takes them: the larger of the caller's and the
  // first level's, 2 when neither is set.
  int lh = std::max(lhmin, top.lhmin);
  int rh = std::max(rhmin, top.rhmin);
  if (lh <= 0) lh = 2;
  if (rh <= 0) rh = 2;
  for (int i = 1, j = 0; i < lh && static_cast<std::size_t>(j) < n; ++i, ++j) hyphens[static_cast<std::size_t>(j)] = '0';
  for (int i = 0, j = static_cast<int>(n) - 1; i < rh && j > 0; ++i, --j) hyphens[static_cast<std::size_t>(j)] = '0';
  return true;
}

std::uint64_t hyph_text_hash(std::string_view text) {
  // 8 bytes a step, each mixed by a multiply and a shift (the rounds of a 64-bit finaliser),
  // into four lanes that take every fourth word: one lane's multiplications do not wait for
  // another's (one lane kept the English dictionary's check, which every process makes, at a
  // multiplication's latency twice a word: 0.15 M instructions and about 100,000 cycles).
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
  std::uint64_t h0 = 0x6A09E667F3BCC908ull ^ (text.size() * kMul), h1 = 0xBB67AE8584CAA73Bull,
                h2 = 0x3C6EF372FE94F82Bull, h3 = 0xA54FF53A5F1D36F1ull;
  auto mix = [](std::uint64_t& h, std::uint64_t w) {
    h ^= w * 0xBF58476D1CE4E5B9ull;
    h = (h ^ (h >> 31)) * kMul;
  };
  // Each step reads its 8 bytes as one little-endian word (one load on x86; assembling the
  // word a byte at a time was not folded into a load and cost 9 instructions a byte).
  auto word = [&text](std::size_t at) {
    std::uint64_t w = 0;
    std::memcpy(&w, text.data() + at, 8);
    if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
    return w;
  };
  std::size_t i = 0;
  for (; i + 32 <= text.size(); i += 32) {
    mix(h0, word(i));
    mix(h1, word(i + 8));
    mix(h2, word(i + 16));
    mix(h3, word(i + 24));
  }
  for (; i + 8 <= text.size(); i += 8) mix(h0, word(i));
  std::uint64_t tail = 0;
  for (int b = 0; i < text.size(); ++i, ++b) tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(text[i])) << (8 * b);
  mix(h0, tail);
  mix(h0, h1);
  mix(h0, h2);
  mix(h0, h3);
  return h0 ^ (h0 >> 29);
}

}  // namespace handout
