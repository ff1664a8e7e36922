#include "model/article.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <unordered_map>
#include <utility>

#include "core/confine.h"
#include <hb.h>

#include "core/bidi_nesting.h"
#include "core/char_props.h"
#include "core/json_reader.h"
#include "core/lang.h"
#include "core/utf.h"

namespace handout {

bool Inline::empty() const {
  for (const auto& s : spans) {
    if (!s.text.empty()) return false;
  }
  return true;
}

std::string Inline::plain_text() const {
  std::string out;
  for (const auto& s : spans) out += s.text;
  return out;
}

const char* block_kind_name(const BlockContent& c) {
  static constexpr const char* kNames[] = {"heading", "paragraph", "list",   "table",
                                           "faq",     "callout",   "figure", "qr"};
  return kNames[c.index()];
}

Location Article::locate(const std::string& pointer) const {
  if (!source) return Location{"", 0, 0, pointer};
  return source->locate(pointer);
}

bool is_allowed_link(const std::string& href) {
  for (const char* scheme : {"http://", "https://", "mailto:", "tel:"}) {
    if (href.rfind(scheme, 0) == 0 && href.size() > std::char_traits<char>::length(scheme)) {
      return true;
    }
  }
  return false;
}

namespace {

// A block's text takes bold, italics, links and other languages in its runs, not as keys of
// the block: what to write instead, for a key of a run (or another format's word for one)
// given to a heading, paragraph or callout.
std::string run_key_hint(std::string_view key) {
  struct Run {
    std::initializer_list<std::string_view> names;
    const char* what;
    const char* example;
  };
  static const Run runs[] = {
      {{"strong", "bold", "b"}, "in bold", "\"strong\": true"},
      {{"em", "italic", "italics", "i", "emphasis"}, "in italics", "\"em\": true"},
      {{"href", "link", "url", "a"}, "as a link", "\"href\": \"https://...\""},
      {{"lang", "language"}, "in another language", "\"lang\": \"ar\""},
  };
  for (const Run& run : runs) {
    for (std::string_view name : run.names) {
      if (!same_letters(name, key)) continue;
      return std::string("to set words ") + run.what + ", give \"text\" as a list of runs: \"text\": [\"...\", {\"text\": \"...\", " +
             run.example + "}]";
    }
  }
  return {};
}

namespace fs = std::filesystem;

constexpr const char* kLinkRule = "links must start with http://, https://, mailto: or tel:";

// Why `href` (not allowed) is refused: a scheme with nothing after it ("tel:", a number
// left out) was told it must start with what it starts with.
// A telephone number as people print it ("0123 456 789", "+44 (20) 7946-0958"): its tel:
// link; empty for anything else.
std::string telephone_link(std::string_view text) {
  std::string number;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      number += c;
    } else if (c == '+' && number.empty()) {
      number += c;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '/') {
      return {};
    }
  }
  const auto digits = std::count_if(number.begin(), number.end(), [](char c) { return c != '+'; });
  return digits >= 3 && digits <= 20 ? "tel:" + number : std::string();
}

// An address written as people write it on paper ("www.clinic.org/knee", "0123-456-789",
// "info@clinic.org") gets the link it stands for.
std::string link_rule_for(const std::string& href) {
  for (const char* scheme : {"http://", "https://", "mailto:", "tel:"}) {
    if (href == scheme) return std::string("it has nothing after \"") + scheme + "\": write the address or number";
  }
  const std::string rule = kLinkRule;
  if (href.empty() || href.size() > 200 || href.find_first_of(" \t\r\n\"<>:") != std::string::npos) return rule;
  if (const std::string tel = telephone_link(href); !tel.empty()) return rule + "; did you mean \"" + tel + "\"?";
  const auto at = href.find('@');
  if (at != std::string::npos) {
    const bool mail = at > 0 && href.find('@', at + 1) == std::string::npos && href.find('.', at) != std::string::npos &&
                      href.find('/') == std::string::npos;
    return mail ? rule + "; did you mean \"mailto:" + href + "\"?" : rule;
  }
  // A host: names joined by dots, the last of letters only and not a file's extension
  // ("knee.pdf" is a file, not a web address).
  const std::string host = href.substr(0, href.find_first_of("/?#"));
  const auto last_dot = host.rfind('.');
  if (last_dot == std::string::npos || last_dot == 0 || last_dot + 1 == host.size()) return rule;
  std::string top = host.substr(last_dot + 1);
  for (char& c : top) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool letters = top.size() >= 2 && top.size() <= 24 &&
                       std::all_of(top.begin(), top.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  static constexpr std::string_view kFileKinds[] = {"pdf", "doc", "docx", "odt", "htm", "html", "txt", "json",
                                                    "png", "jpg", "jpeg", "gif", "svg", "md", "rtf", "xls", "xlsx"};
  const bool file = std::find(std::begin(kFileKinds), std::end(kFileKinds), top) != std::end(kFileKinds);
  return letters && (!file || host.rfind("www.", 0) == 0) ? rule + "; did you mean \"https://" + href + "\"?" : rule;
}
// Unicode's stream-safe text format (UAX #15) allows at most 30 non-starters in a row;
// no writing system needs more, and a longer pile makes one pathological cluster
// (HarfBuzz took minutes, then aborted, on 100,000).
constexpr std::size_t kMaxMarksInRow = 30;
// Longer links are not addresses anyone types or a reader follows (and libharu refuses
// strings over 65,535 bytes).
constexpr std::size_t kMaxLinkBytes = 4096;

// The picture an author most likely meant by `written` (relative to `dir`) when it is not
// there: each part of the path that is missing replaced by the entry of its folder that has
// the same letters in another case ("Picture.PNG": the system's names are case-sensitive,
// the author's computer's often not), else by a close spelling ("image/" for "images/").
// Empty when no such file is found.
std::string picture_meant(const fs::path& dir, const std::string& written) {
  fs::path at = dir.empty() ? fs::path(".") : dir;
  std::string meant;
  std::size_t start = 0;
  bool changed = false;
  while (start <= written.size()) {
    const std::size_t end = std::min(written.find('/', start), written.size());
    const std::string part = written.substr(start, end - start);
    const bool last = end == written.size();
    start = end + 1;
    std::error_code ec;
    if (part.empty() || part == "." || part == ".." || fs::exists(at / part, ec)) {
      if (last && part.empty()) return "";
      at /= part;
      meant += part + (last ? "" : "/");
      continue;
    }
    std::vector<std::string> names;
    for (fs::directory_iterator it(at, ec), e; !ec && it != e && names.size() < 1000; it.increment(ec)) {
      if (last ? it->is_regular_file(ec) : it->is_directory(ec)) names.push_back(it->path().filename().string());
    }
    std::string pick;
    for (const auto& n : names) {
      if (same_letters(n, part)) pick = n;
    }
    if (pick.empty()) pick = did_you_mean(part, std::vector<std::string_view>(names.begin(), names.end()));
    if (pick.empty()) return "";
    at /= pick;
    meant += pick + (last ? "" : "/");
    changed = true;
  }
  return changed ? meant : "";
}

// C0 and C1 controls and DEL, but not tab, line feed and carriage return (white space).
bool is_forbidden_control(char32_t c) {
  return (c < 0x20 && c != U'\t' && c != U'\n' && c != U'\r') || (c >= 0x7F && c <= 0x9F);
}

class ArticleReader {
 public:
  ArticleReader(const JsonDoc& doc, DiagSink& sink, const InputLimits& limits)
      : doc_(doc), r_(doc, sink), limits_(limits) {
    // Pictures come from the article's own folder (its file's, or the folder a service
    // request's articles are read as if in: JsonDoc::set_base_dir) and --allow-path folders.
    roots_.push_back(resolver_.resolve(fs::path(doc.base_dir())));
    for (const auto& p : limits.allowed_paths) roots_.push_back(resolver_.resolve(p));
  }

  // `tree`: the article's values, each block's let go once it is read.
  std::optional<Article> read(nlohmann::json& tree) {
    const nlohmann::json& root = tree;
    Article a;
    if (!r_.expect_object(root, "", {"$schema", "lang", "title", "subtitle", "meta", "hyphenation", "blocks"},
                          {"lang", "title", "blocks"}, nullptr,
                          "an article is one object: {\"lang\": \"en\", \"title\": \"Caring for your wound\", "
                          "\"blocks\": [{\"type\": \"paragraph\", \"text\": \"...\"}]}")) {
      if (!root.is_object()) return std::nullopt;
    }
    bool lang_refused = false;
    if (auto lang = r_.get_string(root, "", "lang")) {
      a.lang = check_lang("/lang", *lang, &lang_refused);
      a.direction = direction_of_language(*lang);
    }
    if (root.contains("title")) {
      a.title = read_inline(root["title"], "/title");
      require_visible(root["title"], a.title,
                      "a handout needs a title (it heads the first page and names the PDF for readers and "
                      "screen readers)");
    }
    if (root.contains("subtitle")) a.subtitle = read_inline(root["subtitle"], "/subtitle");
    if (root.contains("meta")) read_meta(root["meta"], a);
    if (root.contains("hyphenation")) read_hyphenation(root["hyphenation"], a);
    // The letters of each direction (check_direction), counted in each block before it goes.
    StrongCounts counts;
    // A refused tag names no language, so it has no direction to compare with ("arabic" was
    // refused and then called "a left-to-right language").
    const bool count = !a.lang.empty() && !lang_refused;
    if (root.contains("blocks")) {
      auto& blocks = tree.at("blocks");
      if (r_.expect_array(blocks, "/blocks",
                          "\"blocks\" is the article's content, an array of blocks in reading order: "
                          "\"blocks\": [{\"type\": \"heading\", \"level\": 2, \"text\": \"Before you start\"}, "
                          "{\"type\": \"paragraph\", \"text\": \"...\"}]")) {
        if (blocks.empty()) r_.error("/blocks", "\"blocks\" is empty; an article needs at least one block");
        a.blocks.reserve(blocks.size());
        std::unordered_map<std::string, std::string> ids;  // a block's id -> its pointer
        for (std::size_t i = 0; i < blocks.size(); ++i) {
          if (auto b = read_block(std::as_const(blocks)[i], pointer_append("/blocks", i))) {
            if (!b->id.empty()) check_unique_id(*b, ids);
            a.blocks.push_back(std::move(*b));
          }
          if (count) count_text(std::as_const(blocks)[i], counts);
          blocks[i] = nullptr;  // read: a long article's values are several times its model
        }
      } else if (count) {
        count_text(blocks, counts);
      }
    }
    if (count) check_direction(root, a, counts);
    return a;
  }

 private:
  // Two plain strings in a row are joined as they are: a word or sentence that ends one and
  // a word that starts the next run together ("Use the drops." "Wash your hands." reads
  // "drops.Wash"; a list written inside a list item, ["nested", "list"], read "nestedlist").
  // Nothing is lost, but the page prints words nobody wrote: a warning at the second.
  void check_glued(const std::string& before, const std::string& after, const std::string& pointer,
                   const std::string& at) {
    if (before.empty() || after.empty()) return;
    std::size_t back = before.size() - 1;
    while (back > 0 && (static_cast<unsigned char>(before[back]) & 0xC0) == 0x80) --back;
    std::size_t k = back, f = 0;
    const char32_t last = next_utf8(before, k), first = next_utf8(after, f);
    const auto letter = [](char32_t c) { return is_letter_category(general_category(c)); };
    const bool ends = letter(last) || is_decimal_digit(last) ||
                      std::u32string_view(U".!?;:,\u060C\u061B\u061F").find(last) != std::u32string_view::npos;
    if (!ends || !letter(first)) return;
    // The words that meet, as they print (at most a few dozen bytes of each, whole letters).
    std::size_t from = before.find_last_of(" \t\n") == std::string::npos ? 0 : before.find_last_of(" \t\n") + 1;
    while (before.size() - from > 24) {
      ++from;
      while (from < before.size() && (static_cast<unsigned char>(before[from]) & 0xC0) == 0x80) ++from;
    }
    std::size_t to = std::min(after.find_first_of(" \t\n"), after.size());
    while (to > 24) {
      --to;
      while (to > 0 && (static_cast<unsigned char>(after[to]) & 0xC0) == 0x80) --to;
    }
    const std::string seen = before.substr(from) + after.substr(0, to);
    // A list item given as a list of strings: an attempt at a list inside the list.
    const auto slash = pointer.rfind('/');
    const bool item = slash != std::string::npos && slash >= 6 && pointer.compare(slash - 6, 6, "/items") == 0;
    r_.warning(at, "this text is joined to the text before it with no space, and prints \"" + seen +
                       "\": strings in a list of text are set one after the other as they are; end the one before "
                       "with a space, or write them as one string" +
                       (item ? std::string("; lists do not nest: for items of their own, write a second list") : ""));
  }

  // A block's "id" names one block of the article (the schema says so; tools that link to
  // a block by it would find two). It was not checked: two blocks with one id were taken.
  void check_unique_id(const Block& b, std::unordered_map<std::string, std::string>& ids) {
    const auto [it, added] = ids.emplace(b.id, b.pointer);
    if (added) return;
    const Location first = doc_.locate(it->second + "/id");
    r_.error(pointer_append(b.pointer, "id"), "\"id\" \"" + b.id + "\" is already the id of the block at line " +
                                                  std::to_string(first.line) + " (" + it->second +
                                                  "); each block's id must be its own: give this one another, or leave it out");
  }

  // "hyphenation": words with hyphens where they may break ("Tra-ma-dol"); a word written
  // without hyphens is never broken. Letters and hyphens only, one word per string.
  void read_hyphenation(const nlohmann::json& j, Article& a) {
    const std::string p = "/hyphenation";
    if (!r_.expect_array(j, p, "\"hyphenation\" is an array of words, with hyphens where each may break: "
                               "\"hyphenation\": [\"Tra-ma-dol\", \"Emirates\"]")) {
      return;
    }
    auto ex = std::make_shared<HyphenExceptions>();
    for (std::size_t i = 0; i < j.size(); ++i) {
      const std::string ip = pointer_append(p, i);
      if (!j[i].is_string()) {
        r_.error(ip, std::string("a hyphenation entry must be a string (a word with hyphens where it may break), not ") +
                         JsonReader::type_name(j[i]));
        continue;
      }
      const std::string& s = j[i].get_ref<const std::string&>();
      std::u32string word;
      std::vector<std::size_t> points;
      bool ok = !s.empty() && s.front() != '-' && s.back() != '-' && s.find("--") == std::string::npos;
      for (char32_t c : utf8_to_utf32(s)) {
        if (c == U'-') {
          points.push_back(word.size());
          continue;
        }
        const auto gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
        if (gc != HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER && gc != HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER) ok = false;
        word.push_back(latin_lower(c));
      }
      if (!ok) {
        r_.error(ip, "hyphenation entry \"" + s + "\" must be one word of letters, with single hyphens between "
                                                 "letters where it may break (\"Tra-ma-dol\"; \"Emirates\" never breaks)");
        continue;
      }
      ex->key += s;
      ex->key += '\n';
      ex->words[word] = std::move(points);
    }
    a.hyphenation = std::move(ex);
  }

  // A language tag must be BCP 47 and name a language (its direction comes from it).
  // Returns the tag to use: a three-letter code that has a two-letter one becomes that.
  std::string check_lang(const std::string& pointer, const std::string& tag, bool* refused = nullptr) {
    if (auto problem = language_tag_problem(tag); !problem.empty()) {
      r_.error(pointer, "\"lang\" is \"" + tag + "\", which " + problem);
      if (refused) *refused = true;
    } else if (auto better = preferred_language_tag(tag); !better.empty()) {
      r_.warning(pointer, "\"lang\" is \"" + tag + "\"; BCP 47 uses the two-letter code: \"" + better +
                              "\" (read as that)");
      return better;
    }
    return tag;
  }

  // The text's own direction (its strong characters) should agree with the tag's.
  void check_direction(const nlohmann::json& root, const Article& a, StrongCounts counts) {
    for (const char* key : {"title", "subtitle"}) {
      if (root.contains(key)) count_text(root[key], counts);
    }
    const std::size_t strong = counts.ltr + counts.rtl;
    const bool rtl_text = counts.rtl * 2 > strong, ltr_text = counts.ltr * 2 > strong;
    if (strong < 8 || (a.direction == Direction::kRtl ? !ltr_text : !rtl_text)) return;
    r_.warning("/lang", "\"lang\" is \"" + a.lang + "\", a " +
                            (a.direction == Direction::kRtl ? "right-to-left" : "left-to-right") +
                            " language, but most of the text (" +
                            std::to_string(a.direction == Direction::kRtl ? counts.ltr : counts.rtl) + " of " +
                            std::to_string(strong) + " letters) is written " +
                            (a.direction == Direction::kRtl ? "left to right" : "right to left") +
                            "; is the tag right?");
  }

  // The article's own text: strings, except keys that hold no text and spans in another language.
  // A figure's file name ("src"), a QR code's data (a web address, never printed as text), and
  // the lengths and levels written as strings ("width", "size", "level") are not text either:
  // counted, an Arabic leaflet with two pictures and a QR code was "mostly left to right".
  static bool holds_text(std::string_view key) {
    for (std::string_view k : {"type", "href", "id", "align", "src", "data", "width", "size", "level"}) {
      if (key == k) return false;
    }
    return true;
  }
  static void count_text(const nlohmann::json& j, StrongCounts& counts) {
    if (j.is_string()) {
      count_strong_directions(j.get_ref<const std::string&>(), counts);
    } else if (j.is_array()) {
      for (const auto& v : j) count_text(v, counts);
    } else if (j.is_object()) {
      // The object's members directly: items() builds a proxy per member.
      const auto& members = j.get_ref<const nlohmann::json::object_t&>();
      if (members.count("lang") != 0) return;
      for (const auto& [key, v] : members) {
        if (holds_text(key)) count_text(v, counts);
      }
    }
  }

  void read_meta(const nlohmann::json& meta, Article& a) {
    if (!meta.is_object()) {
      r_.error("/meta", JsonReader::type_message("an object", meta,
                                                 "\"meta\" is an object of the handout's details, each a string: "
                                                 "\"meta\": {\"version\": \"1.0\", \"reviewed\": \"2026-11-01\"}"));
      return;
    }
    // Every value is a string: one error for each that is not, saying how to write it ("version":
    // 1.5 was reported twice, as a meta value and as "version").
    for (const auto& [key, value] : meta.items()) {
      if (!value.is_string()) (void)r_.get_string(meta, "/meta", key);
    }
    const auto text = [&meta](const char* key) {
      const auto it = meta.find(key);
      return it != meta.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    a.version = text("version");
    a.reviewed = text("reviewed");
    a.url = text("url");
    if (!a.url.empty() && !is_allowed_link(a.url)) {
      r_.error("/meta/url", "\"url\" is \"" + a.url + "\", which is not allowed; " + link_rule_for(a.url));
    } else if (a.url.size() > 1000) {
      r_.error("/meta/url", "\"url\" of " + std::to_string(a.url.size()) + " bytes is too long for a QR code scanned from paper; keep it under 1000");
    }
    if (!a.reviewed.empty() && !is_date(a.reviewed)) {
      r_.error("/meta/reviewed", "\"reviewed\" is \"" + a.reviewed + "\", expected a date YYYY-MM-DD");
    }
  }

  static bool is_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    const int year = std::stoi(s.substr(0, 4));
    const int month = std::stoi(s.substr(5, 2));
    const int day = std::stoi(s.substr(8, 2));
    if (month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  }

  Inline read_inline(const nlohmann::json& j, const std::string& pointer) {
    std::size_t chars = 0;  // code points of all its spans, counted as check_text reads them
    Inline in = read_inline_spans(j, pointer, chars);
    if (chars > limits_.max_text_chars) {
      r_.error(pointer, "text of " + std::to_string(chars) + " characters is over the limit of " +
                            std::to_string(limits_.max_text_chars) + " for one block; split it into paragraphs");
      in.spans.clear();
    }
    return in;
  }

  // A block written where text or a list item goes (a list inside a list, a callout inside a
  // paragraph): one error that says so, not "missing required key" and an unknown key for
  // each of the block's own. No span or term item has a "type".
  bool block_inside(const nlohmann::json& j, const std::string& pointer) {
    if (!j.is_object() || !j.contains("type")) return false;
    const auto& type = j["type"];
    if (type.is_string() && type.get_ref<const std::string&>() == "list") {
      r_.error(pointer, "a list inside a list: lists do not nest; write its items as a second list after this "
                        "one, or as term items ({\"term\": \"...\", \"text\": \"...\"})");
    } else {
      r_.error(pointer, "a block" + (type.is_string() ? " (\"" + type.get<std::string>() + "\")" : std::string()) +
                            " inside text: blocks stand one after another in the article's \"blocks\"; put it "
                            "after this block");
    }
    return true;
  }

  Inline read_inline_spans(const nlohmann::json& j, const std::string& pointer, std::size_t& chars) {
    Inline in;
    in.pointer = pointer;
    std::size_t marks = 0;  // non-starters in a row, across spans
    if (j.is_string()) {
      in.spans.push_back(Span{j.get<std::string>(), "", false, false, ""});
      chars += check_text(in.spans.back().text, pointer, marks);
      return in;
    }
    if (!j.is_array()) {
      r_.error(pointer, JsonReader::type_message("text: a string or an array of strings and spans", j,
                                                 "write \"Wash your hands.\", or, with a run in bold, "
                                                 "[\"Wash your hands \", {\"text\": \"before\", \"strong\": true}, \" eating.\"]"));
      return in;
    }
    in.spans.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
      const auto& item = j[i];
      const std::string p = pointer_append(pointer, i);
      if (item.is_string()) {
        in.spans.push_back(Span{item.get<std::string>(), "", false, false, ""});
        chars += check_text(in.spans.back().text, p, marks);
        if (i > 0 && j[i - 1].is_string()) check_glued(j[i - 1].get_ref<const std::string&>(), item.get_ref<const std::string&>(), pointer, p);
        continue;
      }
      if (!item.is_object()) {
        r_.error(p, JsonReader::type_message("a string or a span object", item,
                                             "each piece of text is a string, or a span: {\"text\": \"before\", \"strong\": true}"));
        continue;
      }
      if (block_inside(item, p)) continue;
      r_.expect_object(item, p, {"text", "lang", "strong", "em", "href"}, {"text"});
      Span s;
      s.text = r_.get_string(item, p, "text").value_or("");
      chars += check_text(s.text, pointer_append(p, "text"), marks);
      s.lang = r_.get_string(item, p, "lang").value_or("");
      if (!s.lang.empty()) {
        s.lang = check_lang(pointer_append(p, "lang"), s.lang);
      }
      s.strong = r_.get_bool(item, p, "strong").value_or(false);
      s.em = r_.get_bool(item, p, "em").value_or(false);
      s.href = r_.get_string(item, p, "href").value_or("");
      if (item.contains("href") && item["href"].is_string()) check_link(s.href, pointer_append(p, "href"));
      if (item.contains("href") && item.contains("text") && item["text"].is_string() && !has_visible(s.text)) {
        // Nothing to see or click: the link would be lost (PDF/UA wants a link's text too).
        r_.error(pointer_append(p, "text"), std::string(s.text.empty() ? "a link's text is empty"
                                                                        : "a link's text is only spaces or invisible characters") +
                                                ", so nobody could see or click the link; give it the words to click, "
                                                "or remove \"href\"");
      }
      in.spans.push_back(std::move(s));
    }
    return in;
  }

  // A character pasted with text that the author rarely means. An override prints what
  // follows reversed, in the text layer too: "override" as "edirrevo"; U+FFFD is what a
  // converter writes for a character it could not read: the text was damaged when it was
  // copied or saved (a dash read in the wrong encoding: "2<U+FFFD>8 °C" for "2–8 °C"), and the
  // reader would see the mark where the character was. (Out of check_text's loop.)
  [[gnu::noinline]] void warn_pasted(char32_t c, const std::string& pointer) {
    if (c == 0xFFFD) {
      r_.warning(pointer, "text contains U+FFFD REPLACEMENT CHARACTER \"\xEF\xBF\xBD\", which stands for a character "
                          "lost when the text was copied or converted; write the character that was meant");
      return;
    }
    r_.warning(pointer, std::string("text contains ") +
                            (c == 0x202E ? "U+202E RIGHT-TO-LEFT OVERRIDE" : "U+202D LEFT-TO-RIGHT OVERRIDE") +
                            ", which draws the letters after it in " + (c == 0x202E ? "reverse" : "left-to-right") +
                            " order whatever their script, up to U+202C or the paragraph's end; remove it "
                            "unless that is meant");
  }

  // An embedding, override or isolate the text opens and never closes (pasted from a web
  // page or a word processor, which wrote its closing character elsewhere) would reorder
  // everything after it in the paragraph; the text is closed where it ends
  // (append_inline), so the damage stays in it, and the author is told.
  [[gnu::noinline]] void warn_unclosed(const BidiNesting& nesting, const std::string& pointer) {
    const char32_t c = nesting.first_open();
    const bool isolate = BidiNesting::is_isolate(c);
    const std::size_t more = nesting.open_count() - 1;
    r_.warning(pointer, std::string("text opens ") + bidi_control_name(c) + " and does not close it with " +
                            bidi_control_name(isolate ? 0x2069 : 0x202C) +
                            (more ? " (and leaves " + std::to_string(more) + " more open inside it)" : std::string()) +
                            ", which would reorder the rest of the paragraph; handout closes it at the end of this "
                            "text: add the closing character where the " +
                            (isolate ? "isolated" : c == 0x202D || c == 0x202E ? "overridden" : "embedded") +
                            " text ends, or remove it");
  }

  // Control characters have no glyph and no meaning in a handout; they would reach the
  // PDF's text layer. A pile of combining marks is refused by Unicode's stream-safe rule.
  // Returns the number of code points (the text is UTF-8 that the parser checked).
  std::size_t check_text(const std::string& text, const std::string& pointer, std::size_t& marks) {
    bool reported_control = false;
    bool reported_override = false;
    bool reported_replacement = false;
    std::size_t longest = 0;
    char32_t base = 0;
    char32_t longest_base = 0;
    std::size_t count = 0;
    BidiNesting nesting;  // what the text opens (embeddings, overrides, isolates) and leaves open
    std::size_t in_row = marks;  // kept in a register, not stored through `marks` per character
    // The bytes through a local pointer: the character properties' acquire loads would make
    // the string's own pointer be read again for every character.
    const auto* const bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n; ++count) {
      // Printable ASCII is neither a control nor a mark; two-byte characters (Arabic letters)
      // are decoded here, not by next_utf8's general loop.
      const unsigned b0 = bytes[i];
      char32_t c = b0;
      if (b0 < 0x80) {
        ++i;
        if (b0 >= 0x20 && b0 != 0x7F) {
          in_row = 0;
          base = c;
          continue;
        }
      } else if ((b0 & 0xE0) == 0xC0 && i + 1 < n && (bytes[i + 1] & 0xC0) == 0x80) {
        c = (static_cast<char32_t>(b0 & 0x1Fu) << 6) | (bytes[i + 1] & 0x3Fu);
        i += 2;
      } else {
        c = next_utf8(text, i);
        if (BidiNesting::counts(c)) nesting.feed(c);
        // An override or a replacement character: said once a text (warn_pasted).
        if ((c == 0x202D || c == 0x202E || c == 0xFFFD) && !(c == 0xFFFD ? reported_replacement : reported_override)) {
          warn_pasted(c, pointer);
          (c == 0xFFFD ? reported_replacement : reported_override) = true;
        }
      }
      if (is_forbidden_control(c) && !reported_control) {
        r_.error(pointer, "text contains the control character " + codepoint_label(c) +
                              ", which a handout cannot show; remove it");
        reported_control = true;
      }
      if (is_non_starter(c)) {
        if (++in_row > longest) {
          longest = in_row;
          longest_base = base;
        }
      } else {
        in_row = 0;
        base = c;
      }
    }
    marks = in_row;
    if (nesting.any_open()) warn_unclosed(nesting, pointer);
    if (longest > kMaxMarksInRow) {
      r_.error(pointer, "text has " + std::to_string(longest) + " combining marks in a row" +
                            (longest_base ? " after " + codepoint_label(longest_base) : std::string()) +
                            "; at most " + std::to_string(kMaxMarksInRow) +
                            " are allowed (Unicode's stream-safe text, UAX #15)");
    }
    return count;
  }

  void check_link(const std::string& href, const std::string& pointer) {
    if (href.empty()) {
      r_.error(pointer, "\"href\" is empty; give the link's address or remove \"href\"");
      return;
    }
    if (href.size() > kMaxLinkBytes) {
      r_.error(pointer, "link of " + std::to_string(href.size()) + " bytes is longer than the limit of " +
                            std::to_string(kMaxLinkBytes) + " bytes");
      return;
    }
    for (char32_t c : utf8_to_utf32(href)) {
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        r_.error(pointer, "link contains the control character " + codepoint_label(c) + "; remove it");
        return;
      }
    }
    for (char32_t c : utf8_to_utf32(href)) {
      if (general_category(c) == HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR || c == U'\t' || c == U'\n' || c == U'\r') {
        // A telephone number as it is printed ("0123 456 789") is a tel: link without its spaces.
        if (const std::string tel = telephone_link(href); !tel.empty()) {
          r_.error(pointer, "link \"" + href + "\" is not allowed; " + kLinkRule + "; did you mean \"" + tel + "\"?");
          return;
        }
        r_.error(pointer, "link \"" + href + "\" contains a space, which no address has; remove it (or write %20 "
                          "where the address really has one)");
        return;
      }
    }
    if (!is_allowed_link(href)) {
      r_.error(pointer, "link \"" + href + "\" is not allowed; " + link_rule_for(href));
    }
  }

  // Whether `text` has a character that prints: decoded only up to the first that does (a
  // whole paragraph turned into UTF-32 first cost an allocation of four bytes a byte).
  static bool has_visible(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
      if (is_visible(next_utf8(text, i))) return true;
    }
    return false;
  }

  // What is wrong with `in`, read from `j`, when it prints nothing: "this text is empty" or
  // "... only spaces or invisible characters"; "" when it prints something, or when `j` was
  // refused already (not text, or its spans dropped: over the length limit).
  static std::string blank_text(const nlohmann::json& j, const Inline& in) {
    if (!j.is_string() && !j.is_array()) return "";
    if (in.spans.empty() && !(j.is_array() && j.empty())) return "";
    for (const Span& s : in.spans) {
      if (has_visible(s.text)) return "";
    }
    return in.plain_text().empty() ? "this text is empty" : "this text is only spaces or invisible characters";
  }

  // Text that must print something: an error when `in`, read from `j`, is empty or only
  // spaces and invisible characters.
  void require_visible(const nlohmann::json& j, const Inline& in, const std::string& why) {
    if (const std::string blank = blank_text(j, in); !blank.empty()) r_.error(in.pointer, blank + "; " + why);
  }

  // Text an author meant to fill: a warning (the handout is still made) when it prints
  // nothing, which would leave an unexplained gap on the page.
  void warn_if_blank(const nlohmann::json& obj, const Inline& in, const char* key, const std::string& what) {
    if (!obj.contains(key)) return;
    if (const std::string blank = blank_text(obj[key], in); !blank.empty()) r_.warning(in.pointer, blank + "; " + what);
  }

  Inline required_text(const nlohmann::json& obj, const std::string& pointer, const char* key) {
    if (!obj.contains(key)) return Inline{{}, pointer_append(pointer, key)};
    return read_inline(obj[key], pointer_append(pointer, key));
  }

  std::optional<Block> read_block(const nlohmann::json& j, const std::string& p) {
    if (!j.is_object()) {
      r_.error(p, JsonReader::type_message("a block object", j,
                                           "each block is an object with its \"type\": "
                                           "{\"type\": \"paragraph\", \"text\": \"...\"}"));
      return std::nullopt;
    }
    if (!j.contains("type")) {
      r_.error(p, "block has no \"type\"; expected one of \"heading\", \"paragraph\", \"list\", \"table\", \"faq\", \"callout\", \"figure\", \"qr\"");
      return std::nullopt;
    }
    auto type = r_.get_enum(j, p, "type", {"heading", "paragraph", "list", "table", "faq", "callout", "figure", "qr"});
    if (!type) return std::nullopt;
    Block b;
    b.pointer = p;
    b.id = r_.get_string(j, p, "id").value_or("");
    if (j.contains("id") && j["id"].is_string() && b.id.empty()) {
      r_.error(pointer_append(p, "id"), "\"id\" is empty; give the block a short name of its own (\"eye-drops\"), "
                                        "or leave \"id\" out");
    }
    if (*type == "heading") {
      r_.expect_object(j, p, {"type", "id", "level", "text"}, {"level", "text"}, run_key_hint);
      HeadingBlock h;
      h.level = static_cast<int>(r_.get_integer(j, p, "level", 1, 3).value_or(1));
      h.text = required_text(j, p, "text");
      if (j.contains("text")) require_visible(j["text"], h.text, "a heading needs text");
      b.content = std::move(h);
    } else if (*type == "paragraph") {
      r_.expect_object(j, p, {"type", "id", "text"}, {"text"}, run_key_hint);
      ParagraphBlock para{required_text(j, p, "text")};
      warn_if_blank(j, para.text, "text", "the paragraph would be an empty gap; give it text or remove the block");
      b.content = std::move(para);
    } else if (*type == "list") {
      r_.expect_object(j, p, {"type", "id", "ordered", "items"}, {"items"});
      b.content = read_list(j, p);
    } else if (*type == "table") {
      r_.expect_object(j, p, {"type", "id", "caption", "header", "rows", "align"}, {"header", "rows"});
      b.content = read_table(j, p);
    } else if (*type == "faq") {
      r_.expect_object(j, p, {"type", "id", "items"}, {"items"});
      b.content = read_faq(j, p);
    } else if (*type == "figure") {
      r_.expect_object(j, p, {"type", "id", "src", "alt", "decorative", "caption", "width", "align"}, {"src"});
      b.content = read_figure(j, p);
    } else if (*type == "qr") {
      r_.expect_object(j, p, {"type", "id", "data", "caption", "size", "align", "level"}, {"data"});
      b.content = read_qr(j, p);
    } else {
      r_.expect_object(j, p, {"type", "id", "title", "text"}, {"text"}, run_key_hint);
      CalloutBlock c;
      if (j.contains("title")) {
        c.title = read_inline(j["title"], pointer_append(p, "title"));
        warn_if_blank(j, *c.title, "title", "the callout's title would be an empty line; give it text or remove \"title\"");
      }
      c.text = required_text(j, p, "text");
      warn_if_blank(j, c.text, "text", "the callout would be an empty box; give it text or remove the block");
      b.content = std::move(c);
    }
    return b;
  }

  BlockAlign read_align(const nlohmann::json& j, const std::string& p) {
    auto a = r_.get_enum(j, p, "align", {"start", "center", "end"});
    if (!a || *a == "center") return BlockAlign::kCenter;
    return *a == "start" ? BlockAlign::kStart : BlockAlign::kEnd;
  }

  FigureBlock read_figure(const nlohmann::json& j, const std::string& p) {
    FigureBlock f;
    f.decorative = r_.get_bool(j, p, "decorative").value_or(false);
    f.alt = r_.get_string(j, p, "alt").value_or("");
    const bool blank_alt = f.alt.find_first_not_of(" \t\n") == std::string::npos;
    if (!j.contains("alt") && !f.decorative) {
      r_.error(p, "figure has no \"alt\": describe the picture for readers who cannot see it "
                  "(or mark a purely decorative picture with \"decorative\": true and \"alt\": \"\")");
    } else if (blank_alt && !f.decorative && j.contains("alt") && j["alt"].is_string()) {
      r_.error(pointer_append(p, "alt"), "\"alt\" is empty; describe the picture, or mark it \"decorative\": true");
    } else if (!blank_alt && f.decorative) {
      r_.error(pointer_append(p, "alt"), "a decorative figure has no alt text (\"alt\": \"\"); remove \"decorative\" to describe it");
    }
    if (j.contains("caption")) f.caption = read_inline(j["caption"], pointer_append(p, "caption"));
    if (j.contains("width")) {
      const std::string wp = pointer_append(p, "width");
      const auto& w = j["width"];
      const std::string s = w.is_string() ? w.get<std::string>() : "";
      double pct = 0;
      if (!s.empty() && s.back() == '%') {
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size() - 1, pct);
        if (ec != std::errc() || ptr != s.data() + s.size() - 1 || !(pct > 0 && pct <= 100)) {
          r_.error(wp, "\"width\" is \"" + s + "\", expected a share of the column from 1% to 100%");
        } else {
          f.width = FigureWidth{FigureWidth::Kind::kPercent, pct};
        }
      } else if (auto len = w.is_string() ? parse_length(s) : std::nullopt; len && len->value() > 0 && len->value() <= 2000) {
        f.width = FigureWidth{FigureWidth::Kind::kLength, len->value()};
      } else {
        r_.error(wp, "\"width\" must be a share of the column (\"60%\") or a length (\"80mm\", \"3in\")");
      }
    }
    f.align = read_align(j, p);
    if (auto src = r_.get_string(j, p, "src")) {
      f.src = *src;
      const std::string sp = pointer_append(p, "src");
      const fs::path path = (fs::path(doc_.base_dir()) / *src).lexically_normal();
      if (src->empty()) {
        r_.error(sp, "\"src\" is empty; name a PNG or JPEG file in the article's folder");
      } else if (!resolver_.inside_any(path, roots_)) {
        if (doc_.has_base_dir()) {
          // A service request's article: its folder is the data's content/; the server's
          // own paths are not the client's business.
          r_.error(sp, ServedFiles::outside("picture", *src,
                                            "the folder a request's pictures are read from (the content/ folder "
                                            "of handout's data)",
                                            "pictures", "wound-care/images/hand-washing.png"));
        } else {
          r_.error(sp, "picture \"" + *src + "\" resolves to " + resolver_.resolve(path).string() +
                           ", outside the article's folder; pass --allow-path with its folder to permit it");
        }
      } else {
        std::string why;
        f.image = load_image(path.string(), limits_.images, why);
        if (!f.image && why == "not found") {
          const std::string meant = picture_meant(fs::path(doc_.base_dir()), *src);
          if (!meant.empty()) {
            why = "not found; did you mean \"" + meant + "\"?" +
                  (same_letters(meant, *src) ? " (file names are case-sensitive here: write the name exactly as it is)"
                                             : "");
          } else {
            why = doc_.has_base_dir()
                      ? "not found; \"src\" names a picture by its path from the content/ folder of handout's data, "
                        "as \"wound-care/images/hand-washing.png\""
                  : doc_.file() == kStdinName
                      ? "not found; the article came from standard input, so \"src\" names a file by its path from "
                        "the current folder"
                      : "not found; \"src\" names a file by its path from the article's own folder";
          }
        }
        if (!f.image) {
          // The path in brackets only when it says more than the "src" (a service's article
          // gives none: its folder is the server's).
          const bool show = !doc_.has_base_dir() && path.string() != *src;
          r_.error(sp, "picture \"" + *src + "\"" + (show ? " (" + path.string() + ")" : std::string()) + ": " + why);
        }
      }
    }
    return f;
  }

  QrBlock read_qr(const nlohmann::json& j, const std::string& p) {
    QrBlock q;
    q.data = r_.get_string(j, p, "data").value_or("");
    if (j.contains("data") && j["data"].is_string() && !is_allowed_link(q.data)) {
      r_.error(pointer_append(p, "data"), "QR code data \"" + q.data + "\" is not allowed; " + link_rule_for(q.data));
    }
    if (q.data.size() > 1000) {
      r_.error(pointer_append(p, "data"), "QR code data of " + std::to_string(q.data.size()) +
                                              " bytes is too long to scan from paper; keep it under 1000");
    }
    if (j.contains("caption")) q.caption = read_inline(j["caption"], pointer_append(p, "caption"));
    if (j.contains("size")) {
      const auto& v = j["size"];
      auto len = v.is_string() ? parse_length(v.get<std::string>()) : v.is_number() ? std::optional<Pt>(Pt(v.get<double>())) : std::nullopt;
      if (!len || *len < kMinQrSide || *len > mm(100)) {
        r_.error(pointer_append(p, "size"), "\"size\" must be a length from 10mm to 100mm (e.g. \"25mm\")");
      } else {
        q.size = *len;
      }
    }
    q.align = read_align(j, p);
    if (auto level = r_.get_enum(j, p, "level", {"L", "M", "Q", "H"})) q.level = (*level)[0];
    return q;
  }

  ListBlock read_list(const nlohmann::json& j, const std::string& p) {
    ListBlock l;
    l.ordered = r_.get_bool(j, p, "ordered").value_or(false);
    if (!j.contains("items")) return l;
    const std::string ip = pointer_append(p, "items");
    const auto& items = j["items"];
    if (!r_.expect_array(items, ip, "a list's \"items\" is an array of strings, one a bullet: "
                                    "\"items\": [\"first\", \"second\"]")) {
      return l;
    }
    if (items.empty()) r_.error(ip, "a list needs at least one item");
    l.items.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string p2 = pointer_append(ip, i);
      const auto& it = items[i];
      ListItem li;
      if (block_inside(it, p2)) continue;
      if (it.is_object()) {
        r_.expect_object(it, p2, {"term", "text"}, {"text"});
        if (it.contains("term")) li.term = read_inline(it["term"], pointer_append(p2, "term"));
        li.text = required_text(it, p2, "text");
        if (!li.term) warn_if_blank(it, li.text, "text", "the list item would be a bullet with no text; give it text or remove the item");
      } else {
        li.text = read_inline(it, p2);
        if (const std::string blank = blank_text(it, li.text); !blank.empty()) {
          r_.warning(p2, blank + "; the list item would be a bullet with no text; give it text or remove the item");
        }
      }
      l.items.push_back(std::move(li));
    }
    return l;
  }

  TableBlock read_table(const nlohmann::json& j, const std::string& p) {
    TableBlock t;
    if (j.contains("caption")) t.caption = read_inline(j["caption"], pointer_append(p, "caption"));
    if (j.contains("align")) {
      const std::string ap = pointer_append(p, "align");
      if (r_.expect_array(j["align"], ap, "a table's \"align\" is an array of one alignment a column: "
                                          "\"align\": [\"start\", \"end\"]")) {
        for (std::size_t i = 0; i < j["align"].size(); ++i) {
          const auto& v = j["align"][i];
          const std::string s = v.is_string() ? v.get<std::string>() : "";
          if (s == "auto") t.align.push_back(CellAlign::kAuto);
          else if (s == "start") t.align.push_back(CellAlign::kStart);
          else if (s == "center") t.align.push_back(CellAlign::kCenter);
          else if (s == "end") t.align.push_back(CellAlign::kEnd);
          else r_.error(pointer_append(ap, i), "expected \"start\", \"center\", \"end\" or \"auto\"");
        }
        if (j.contains("header") && j["header"].is_array() && j["align"].size() != j["header"].size()) {
          r_.error(ap, "\"align\" has " + std::to_string(j["align"].size()) + " entries, but the header has " +
                           std::to_string(j["header"].size()) + " cells");
        }
      }
    }
    if (j.contains("header")) {
      const std::string hp = pointer_append(p, "header");
      const auto& header = j["header"];
      if (r_.expect_array(header, hp, "a table's \"header\" is an array of its column headings: "
                                      "\"header\": [\"Medicine\", \"Dose\"]")) {
        if (header.empty()) r_.error(hp, "a table header needs at least one cell");
        t.header.reserve(header.size());
        for (std::size_t i = 0; i < header.size(); ++i) {
          t.header.push_back(read_inline(header[i], pointer_append(hp, i)));
        }
      }
    }
    if (!j.contains("rows")) return t;
    const std::string rp = pointer_append(p, "rows");
    const auto& rows = j["rows"];
    if (!r_.expect_array(rows, rp, "a table's \"rows\" is an array of rows, each an array of cells: "
                                   "\"rows\": [[\"Paracetamol\", \"500 mg\"], [\"Ibuprofen\", \"200 mg\"]]")) {
      return t;
    }
    t.rows.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::string p2 = pointer_append(rp, i);
      if (!r_.expect_array(rows[i], p2, "each row is an array of cells, one a column: [\"Paracetamol\", \"500 mg\"]")) continue;
      if (!t.header.empty() && rows[i].size() != t.header.size()) {
        r_.error(p2, "row has " + std::to_string(rows[i].size()) + (rows[i].size() == 1 ? " cell" : " cells") +
                         ", but the header has " + std::to_string(t.header.size()) +
                         "; every row must be as long as the header (write \"\" for an empty cell)");
      }
      std::vector<Inline> row;
      if (rows[i].is_array()) row.reserve(rows[i].size());
      for (std::size_t c = 0; c < rows[i].size(); ++c) {
        row.push_back(read_inline(rows[i][c], pointer_append(p2, c)));
      }
      t.rows.push_back(std::move(row));
    }
    return t;
  }

  FaqBlock read_faq(const nlohmann::json& j, const std::string& p) {
    FaqBlock f;
    if (!j.contains("items")) return f;
    const std::string ip = pointer_append(p, "items");
    const auto& items = j["items"];
    if (!r_.expect_array(items, ip, "a FAQ's \"items\" is an array of questions with their answers: "
                                    "\"items\": [{\"question\": \"Can I shower?\", \"answer\": \"Yes, after two days.\"}]")) {
      return f;
    }
    if (items.empty()) r_.error(ip, "a FAQ needs at least one item");
    f.items.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string p2 = pointer_append(ip, i);
      if (!r_.expect_object(items[i], p2, {"question", "answer"}, {"question", "answer"}, nullptr,
                            "each FAQ item is a question with its answer: "
                            "{\"question\": \"Can I shower?\", \"answer\": \"Yes, after two days.\"}") &&
          !items[i].is_object()) {
        continue;
      }
      Inline question = required_text(items[i], p2, "question");
      if (items[i].contains("question")) require_visible(items[i]["question"], question, "a question needs text");
      Inline answer = required_text(items[i], p2, "answer");
      warn_if_blank(items[i], answer, "answer", "the question would have no answer; give it one or remove the item");
      f.items.push_back(FaqItem{std::move(question), std::move(answer)});
    }
    return f;
  }

  const JsonDoc& doc_;
  JsonReader r_;
  const InputLimits& limits_;
  PathResolver resolver_;
  std::vector<fs::path> roots_;
};

}  // namespace

std::optional<Article> read_article(JsonDoc doc, DiagSink& sink, const InputLimits& limits) {
  const int before = sink.error_count();
  std::optional<Article> article;
  {
    ArticleReader reader(doc, sink, limits);
    nlohmann::json tree = doc.take_tree();
    article = reader.read(tree);
  }
  if (!article || sink.error_count() > before) return std::nullopt;
  // The tree was taken: diagnostics need only the text and where values start.
  article->source = std::make_shared<const JsonDoc>(std::move(doc));
  return article;
}

std::optional<Article> load_article(const std::string& path, DiagSink& sink,
                                    const InputLimits& limits) {
  auto doc = load_json_file(path, sink, limits);
  if (!doc) return std::nullopt;
  return read_article(std::move(*doc), sink, limits);
}

}  // namespace handout
