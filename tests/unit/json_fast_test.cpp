// parse_json_text's fast reader against nlohmann's SAX path (parse_json_text_sax): the same
// verdict, diagnostics, values (and their number types) and locations, for the project's own
// files and for texts at every edge of the grammar, valid and not.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json_doc.h"

namespace handout {
namespace {

// Values equal with their exact types (nlohmann's == takes 1 and 1u and 1.0 as equal).
void expect_same_tree(const nlohmann::json& a, const nlohmann::json& b, const std::string& pointer,
                      std::vector<std::string>& pointers, const std::string& what) {
  pointers.push_back(pointer);
  ASSERT_EQ(a.type(), b.type()) << what << " at " << pointer;
  if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << what << " at " << pointer;
    for (const auto& [k, v] : a.items()) {
      ASSERT_TRUE(b.contains(k)) << what << " at " << pointer << ": " << k;
      expect_same_tree(v, b.at(k), pointer_append(pointer, k), pointers, what);
    }
  } else if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << what << " at " << pointer;
    for (std::size_t i = 0; i < a.size(); ++i) expect_same_tree(a[i], b[i], pointer_append(pointer, i), pointers, what);
  } else if (a.is_number_float()) {
    // Bit for bit, and NaN never occurs in JSON.
    EXPECT_EQ(a.get<double>(), b.get<double>()) << what << " at " << pointer;
  } else {
    EXPECT_EQ(a, b) << what << " at " << pointer;
  }
}

std::string located(const Location& l) {
  return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column) + " " + l.pointer + " [" +
         l.source_line + "] " + std::to_string(l.source_column) + "+" + std::to_string(l.span);
}

std::string diagnostics(const DiagSink& sink) {
  std::string out;
  for (const Diag& d : sink.all()) out += format_diag(d) + " | " + located(d.where) + "\n";
  return out;
}

void expect_same(const std::string& text, const std::string& what, const InputLimits& limits = {}) {
  DiagSink fast_sink, sax_sink;
  auto fast = parse_json_text("a.json", text, fast_sink, limits);
  auto sax = parse_json_text_sax("a.json", text, sax_sink, limits);
  ASSERT_EQ(fast.has_value(), sax.has_value()) << what;
  EXPECT_EQ(diagnostics(fast_sink), diagnostics(sax_sink)) << what;
  if (!fast) return;
  std::vector<std::string> pointers;
  expect_same_tree(fast->root(), sax->root(), "", pointers, what);
  for (const std::string& p : pointers) {
    EXPECT_EQ(located(fast->locate(p)), located(sax->locate(p))) << what << " at " << p;
    EXPECT_EQ(located(fast->locate_key(p)), located(sax->locate_key(p))) << what << " at " << p;
  }
  // Pointers to nothing: the nearest ancestor.
  EXPECT_EQ(located(fast->locate("/nope/0")), located(sax->locate("/nope/0"))) << what;
}

TEST(JsonFast, ProjectFilesParseAsNlohmannsParserDoes) {
  namespace fs = std::filesystem;
  const fs::path root(HANDOUT_SOURCE_DIR);
  std::size_t files = 0;
  for (const char* dir : {"content", "layouts", "brands", "fuzz/regressions", "tests/data"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".json") continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      expect_same(ss.str(), e.path().string());
      ++files;
    }
  }
  EXPECT_GT(files, 20u);
}

TEST(JsonFast, EdgesOfTheGrammarParseAsNlohmannsParserDoes) {
  const std::vector<std::string> texts = {
      // Valid: every kind of value, white space, nesting, escapes, numbers.
      "{}", "[]", "0", "-0", "\"\"", "true", "false", "null", " \t\r\n{ \"a\" : [ 1 , 2 ] }\r\n",
      "{\"a\":{\"b\":{\"c\":[[],[{}],\"x\"]}}}", "[1,-1,0.5,-0.5,1e3,1E-3,1.5e+2,-0e0,123456789012345678]",
      "[-123456789012345678, 1234567890123456789, 18446744073709551615, 18446744073709551616, "
      "-9223372036854775808, -9223372036854775809, 1e400, 0.1, 2.2250738585072014e-308]",
      "{\"s\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"}", "[\"\\u0041\\u00e9\\u20AC\\u0000x\"]",
      "[\"\\ud834\\udd1e\", \"\\uD834\\uDD1E\"]", "{\"k\\u0041\": 1, \"a/b~c\": [2], \"\": 3}",
      "{\"عنوان\": \"نص عربي\", \"e\": \"é€𝄞\"}", "[\"\x7F\"]", "{\"a\":1,\"b\":{\"a\":1}}",
      "\xEF\xBB\xBF{\"bom\": true}", "{\n  \"a\": [1,\n    {\"b\": \"x\"}]\n}\n",
      "[\"\xED\x9F\xBF\", \"\xEE\x80\x80\", \"\xF0\x90\x80\x80\", \"\xF4\x8F\xBF\xBF\", \"\xE0\xA0\x80\"]",
      // Not valid: each is refused, with nlohmann's explanation.
      "", " ", "{", "[", "]", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[,1]", "[1 2]", "{\"a\" 1}",
      "{a:1}", "{'a':1}", "[01]", "[1.]", "[.5]", "[1e]", "[1e+]", "[+1]", "[-]", "[--1]", "[0x10]",
      "[tru]", "[truex]", "[nul]", "[True]", "[\"a]", "[\"a\nb\"]", "[\"a\tb\"]", "[\"\\x\"]",
      "[\"\\u12\"]", "[\"\\u12G4\"]", "[\"\\ud834\"]", "[\"\\udd1e\"]", "[\"\\ud834\\u0041\"]", "[1]x",
      "[1] [2]", "{\"a\":1}}", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}", "[1, // c\n 2]",
      "[1, /* c */ 2]", std::string("[1]\0", 4), std::string("[\"a\0b\"]", 7), std::string("\0[1]", 4),
      "[\"\xC0\xAF\"]", "[\"\xC2\"]", "[\"\xE0\x80\x80\"]", "[\"\xED\xA0\x80\"]", "[\"\xF4\x90\x80\x80\"]",
      "[\"\xF5\x80\x80\x80\"]", "[\"\xFF\"]", "[\"\x80\"]", "[\xC3\xA9]", "\xFF\xFE[]",
      "[\"\xE2\x80\x9Cquoted\xE2\x80\x9D\"]", "{\xE2\x80\x9C" "a\xE2\x80\x9D: 1}", "[\"a\" \"b\"]",
      "{\"a\":1 \"b\":2}", "[1,,2]", "{,}", "[\"x\"y]", "{\"a\":[1,{\"b\":[2,}]}",
  };
  for (const std::string& t : texts) expect_same(t, "text: " + t);
}

TEST(JsonFast, DepthLimitAsNlohmannsParser) {
  for (int depth : {1, 2, 3, 63, 64, 65, 255, 256, 257, 300}) {
    for (int limit : {1, 3, 64, 300, 1000}) {
      InputLimits limits;
      limits.max_depth = limit;
      expect_same(std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'),
                  "depth " + std::to_string(depth) + " limit " + std::to_string(limit), limits);
      std::string objects;
      for (int i = 0; i < depth; ++i) objects += "{\"k\":";
      objects += "1";
      objects += std::string(static_cast<std::size_t>(depth), '}');
      expect_same(objects, "object depth " + std::to_string(depth) + " limit " + std::to_string(limit), limits);
    }
  }
}

TEST(JsonFast, SizeLimitAsNlohmannsParser) {
  InputLimits limits;
  limits.max_file_bytes = 8;
  expect_same("[1,2,3,4,5]", "over the size limit", limits);
  expect_same("[1,2,3]", "under the size limit", limits);
}

}  // namespace
}  // namespace handout
