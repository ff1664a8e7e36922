// JSON reading: every error names file, line:col and JSON pointer.
#include <gtest/gtest.h>

#include "core/diag.h"
#include "core/json_doc.h"
#include "core/json_reader.h"
#include "model/article.h"

namespace handout {
namespace {

std::string first_error(const std::string& text) {
  DiagSink sink;
  auto doc = parse_json_text("a.json", text, sink);
  if (doc) {
    auto art = read_article(std::move(*doc), sink);
    (void)art;
  }
  return sink.all().empty() ? "" : format_diag(sink.all().front());
}

// A block's text is limited in code points, counted over all its spans (two-, three- and
// four-byte characters each count one).
TEST(Json, TextLimitCountsCodePointsOverTheSpans) {
  const std::string text =
      "{\"lang\": \"en\", \"title\": \"T\", \"blocks\": [{\"type\": \"paragraph\", \"text\": "
      "[\"ab\\u00e9\", {\"text\": \"\xE2\x82\xAC\xF0\x9D\x84\x9E\", \"strong\": true}]}]}";
  for (std::size_t limit : {5, 4}) {
    InputLimits limits;
    limits.max_text_chars = limit;
    DiagSink sink;
    auto doc = parse_json_text("a.json", text, sink, limits);
    ASSERT_TRUE(doc);
    const auto art = read_article(std::move(*doc), sink, limits);
    EXPECT_EQ(art.has_value(), limit == 5) << limit;
    if (limit == 4) {
      ASSERT_FALSE(sink.all().empty());
      EXPECT_NE(sink.all().front().message.find("text of 5 characters is over the limit of 4"), std::string::npos)
          << sink.all().front().message;
      EXPECT_EQ(sink.all().front().where.pointer, "/blocks/0/text");
    }
  }
}

TEST(Json, SyntaxErrorHasLineAndColumn) {
  const std::string e = first_error("{\n  \"lang\": \"en\",\n  \"title\": tru\n}");
  EXPECT_EQ(e.rfind("a.json:3:", 0), 0u) << e;
  EXPECT_NE(e.find("error: invalid JSON"), std::string::npos) << e;
}

TEST(Json, TruncatedFile) {
  const std::string e = first_error("{\"lang\": \"en\", \"blocks\": [");
  EXPECT_NE(e.find("a.json:1:"), std::string::npos) << e;
}

TEST(Json, LocatesValuesByPointer) {
  DiagSink sink;
  auto doc = parse_json_text("a.json", "{\n  \"a\": [1,\n    {\"b\": \"x\"}]\n}", sink);
  ASSERT_TRUE(doc);
  const Location l = doc->locate("/a/1/b");
  EXPECT_EQ(l.line, 3);
  EXPECT_EQ(l.column, 11);
  EXPECT_EQ(doc->locate("/a/0").column, 9);
  EXPECT_EQ(doc->locate("/a").line, 2);
}

// Locations come from the text and the index of where values start, not from the parsed
// values: a document that let go of them (as an article does once read) locates the same.
TEST(Json, LocatesTheSameWithoutItsParsedValues) {
  DiagSink sink;
  const std::string text =
      "{\n  \"blocks\": [\n    {\"type\": \"p\", \"te\\u0078t\": \"ab\\u00e9cd\"},\n"
      "    \"xyz\",\n    {\"a/b\": [\"q\", \"r\"], \"~k\": 2}\n  ]\n}";
  auto doc = parse_json_text("a.json", text, sink);
  ASSERT_TRUE(doc) << (sink.all().empty() ? "" : format_diag(sink.all().front()));
  ASSERT_EQ(doc->root()["blocks"][0]["text"], "ab\u00e9cd");
  const std::vector<std::string> pointers = {"",         "/blocks",     "/blocks/0",   "/blocks/0/text", "/blocks/1",
                                             "/blocks/2/a~1b/1", "/blocks/2/~0k", "/blocks/9", "/blocks/0/nope",
                                             "/blocks/x"};
  auto where = [](const Location& l) { return std::to_string(l.line) + ":" + std::to_string(l.column) + ":" +
                                              std::to_string(l.span) + " " + l.pointer; };
  std::vector<std::string> before;
  for (const auto& p : pointers) before.push_back(where(doc->locate(p)) + " / " + where(doc->locate_key(p)));
  const std::string char_before = where(doc->locate_char("/blocks/0/text", U'c'));
  const std::string in_array_before = where(doc->locate_char("/blocks", U'y'));
  const std::string in_member_before = where(doc->locate_char("/blocks", U'd'));
  doc->drop_tree();
  EXPECT_TRUE(doc->root().is_null());
  for (std::size_t i = 0; i < pointers.size(); ++i) {
    EXPECT_EQ(where(doc->locate(pointers[i])) + " / " + where(doc->locate_key(pointers[i])), before[i]) << pointers[i];
  }
  // "c" after an escaped "é": the fourth code point of the decoded string, column 41.
  EXPECT_EQ(where(doc->locate_char("/blocks/0/text", U'c')), char_before);
  EXPECT_EQ(char_before.substr(0, 5), "3:41:");
  // In an array: a string item, or an item's "text" (its key written with an escape).
  EXPECT_EQ(where(doc->locate_char("/blocks", U'y')), in_array_before);
  EXPECT_EQ(in_array_before.substr(0, 4), "4:7:");
  EXPECT_EQ(where(doc->locate_char("/blocks", U'd')), in_member_before);
  EXPECT_EQ(in_member_before.substr(0, 5), "3:42:");
  EXPECT_EQ(doc->locate("/blocks/2/a~1b/1").column, 19);
}

TEST(Json, ColumnsCountCharactersNotBytes) {
  DiagSink sink;
  auto doc = parse_json_text("a.json", "{\"عنوان\": 1, \"b\": 2}", sink);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->locate("/b").column, 19);
}

// Every byte offset of a long text of mixed one-, two-, three- and four-byte characters and
// line breaks (blocks of code point counts and the line index cross each other) is located
// at the line and column counted here character by character.
TEST(Json, LocatesEveryOffsetOfALongMixedText) {
  std::string text = "[";
  const char* values[] = {"\"a\"", "\"\xD8\xB9\"", "\"\xE2\x82\xAC\"", "\"\xF0\x9D\x84\x9E\xD8\xB9\"", "1"};
  for (int i = 0; i < 700; ++i) {
    if (i > 0) text += i % 7 == 0 ? ",\n" : ", ";
    text += values[(i * 3 + i / 4) % 5];
  }
  text += "]";
  ASSERT_GT(text.size(), 2000u);
  DiagSink sink;
  auto doc = parse_json_text("a.json", text, sink);
  ASSERT_TRUE(doc) << (sink.all().empty() ? "" : format_diag(sink.all().front()));
  int line = 1, column = 1;
  std::size_t lines = 0;
  for (std::size_t offset = 0; offset < text.size(); ++offset) {
    const auto b = static_cast<unsigned char>(text[offset]);
    if ((b & 0xC0) == 0x80) continue;  // inside a character
    const Location loc = doc->locate_offset(offset, "");
    ASSERT_EQ(loc.line, line) << offset;
    ASSERT_EQ(loc.column, column) << offset;
    if (text[offset] == '\n') {
      ++line;
      ++lines;
      column = 1;
    } else {
      ++column;
    }
  }
  EXPECT_GT(lines, 50u);
}

// Columns count code points across the 256-byte blocks the line index counts them in: a
// line of two-byte letters several blocks long, then values on later lines.
TEST(Json, ColumnsAcrossLongLinesOfWideCharacters) {
  DiagSink sink;
  std::string letters;
  for (int i = 0; i < 300; ++i) letters += "\u0639";  // 600 bytes, 300 code points
  const std::string text = "{\"a\": \"" + letters + "\", \"b\": 1,\n\n  \"c\": \"" + letters + "\", \"d\": 2}";
  auto doc = parse_json_text("a.json", text, sink);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->locate("/b").line, 1);
  EXPECT_EQ(doc->locate("/b").column, 1 + 7 + 300 + 8);
  EXPECT_EQ(doc->locate("/c").line, 3);
  EXPECT_EQ(doc->locate("/d").line, 3);
  EXPECT_EQ(doc->locate("/d").column, 2 + 6 + 300 + 9);
}

// A part of a request body (one article of several) is a document of its own: its root is the
// value, moved out of the whole; its locations are in the whole text, under the part's pointer.
TEST(Json, TakesAPartWithItsLocations) {
  DiagSink sink;
  auto doc = parse_json_text("request", "{\"articles\": [\n  {\"x\": 1},\n  {\"y\": [true, \"z\"]}\n], \"layout\": \"a4\"}", sink);
  ASSERT_TRUE(doc);
  JsonDoc second = doc->take_part("/articles/1");
  EXPECT_EQ(second.root(), nlohmann::json::parse("{\"y\": [true, \"z\"]}"));
  const Location z = second.locate("/y/1");
  EXPECT_EQ(z.line, 3);
  EXPECT_EQ(z.column, 16);
  EXPECT_EQ(z.pointer, "/articles/1/y/1");
  // The whole keeps its other values and every location; the part's place is null.
  EXPECT_TRUE(doc->root()["articles"][1].is_null());
  EXPECT_EQ(doc->root()["articles"][0], nlohmann::json::parse("{\"x\": 1}"));
  EXPECT_EQ(doc->root()["layout"], "a4");
  EXPECT_EQ(doc->locate("/articles/1/y/1").column, 16);
  JsonDoc first = doc->take_part("/articles/0");
  EXPECT_EQ(first.root()["x"], 1);
  EXPECT_EQ(first.locate("/x").line, 2);
}

TEST(Json, DuplicateKeyIsAnError) {
  const std::string e = first_error("{\"lang\": \"en\", \"lang\": \"ar\"}");
  EXPECT_NE(e.find("duplicate key \"lang\""), std::string::npos) << e;
  EXPECT_NE(e.find("a.json:1:16"), std::string::npos) << e;
}

// The second of two keys names where the first is, in the same object (not the one of
// another object), and what to do.
TEST(Json, DuplicateKeySaysWhereTheFirstIs) {
  const std::string e = first_error("{\"blocks\": [{\"text\": \"a\"}],\n \"text\": 1,\n  \"text\": 2}");
  EXPECT_NE(e.find("a.json:3:3: error: duplicate key \"text\" in object (first at line 2, column 2): an object has "
                   "each key once; keep one of the two"),
            std::string::npos)
      << e;
}

// A comment's error does not tell to put the note in a "$comment" key: no article, layout,
// brand or request takes one (the fix it gave was an "unknown key" error).
TEST(Json, CommentErrorGivesAFixThatValidates) {
  const std::string e = first_error("{\n  // a note\n  \"lang\": \"en\"}");
  EXPECT_NE(e.find("a.json:2:3: error: JSON does not allow comments; remove the comment"), std::string::npos) << e;
  EXPECT_EQ(e.find("$comment"), std::string::npos) << e;
  EXPECT_NE(first_error("{\"$comment\": \"a note\", \"lang\": \"en\", \"title\": \"T\", \"blocks\": []}")
                .find("unknown key \"$comment\""),
            std::string::npos);
}

// An error page or a saved web page is named as what it is.
TEST(Json, HtmlIsNamed) {
  const std::string e = first_error("\n  <!DOCTYPE html><html></html>");
  EXPECT_NE(e.find("a.json:2:3: error: the file is HTML or XML (it starts with \"<\"), not JSON"), std::string::npos)
      << e;
}

// A request body's syntax errors speak of the request body: a client sends it again, it
// does not save a file (in Notepad).
TEST(Json, RequestBodyIsNotAFile) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "request:1:1: error: the request body is empty"},
      {"{\"articles\": [", "request:1:15: error: unexpected end of the request body: a closing } or ]"},
      {std::string("\xFF\xFE{\0}\0", 6), "request:1:1: error: the request body is UTF-16 text (it starts with a UTF-16 little-endian "
                          "byte order mark), not UTF-8; send it encoded as UTF-8"},
      {"{\"a\": \"Caf\xE9\"}", "request:1:11: error: invalid UTF-8: byte 0xE9 here is not UTF-8 text; send the "
                                 "request body encoded as UTF-8"},
      {std::string("{}\0", 3), "request:1:3: error: a NUL byte (0x00) here is not JSON text (is the request body UTF-16, or not text?)"},
      {"<html>", "request:1:1: error: the request body is HTML or XML"},
  };
  for (const auto& [text, want] : cases) {
    DiagSink sink;
    EXPECT_FALSE(parse_json_text("request", text, sink, {}, JsonText::kRequestBody));
    ASSERT_EQ(sink.all().size(), 1u) << want;
    const std::string e = format_diag(sink.all().front());
    EXPECT_EQ(e.rfind(want, 0), 0u) << e;
    EXPECT_EQ(e.find("file"), std::string::npos) << e;
    EXPECT_EQ(e.find("Notepad"), std::string::npos) << e;
  }
}

TEST(Json, DepthLimit) {
  DiagSink sink;
  InputLimits limits;
  limits.max_depth = 10;
  auto doc = parse_json_text("a.json", std::string(50, '[') + std::string(50, ']'), sink, limits);
  EXPECT_FALSE(doc);
  ASSERT_FALSE(sink.all().empty());
  EXPECT_NE(sink.all()[0].message.find("nested deeper than 10"), std::string::npos);
}

TEST(Json, InvalidUtf8AndLoneSurrogate) {
  EXPECT_NE(first_error("{\"lang\": \"\xff\"}").find("UTF-8"), std::string::npos);
  EXPECT_NE(first_error("{\"lang\": \"\\ud800\"}").find("surrogate"), std::string::npos);
}

TEST(Json, SizeLimit) {
  DiagSink sink;
  InputLimits limits;
  limits.max_file_bytes = 10;
  EXPECT_FALSE(parse_json_text("a.json", "{\"lang\": \"en\"}", sink, limits));
  EXPECT_NE(sink.all()[0].message.find("over the limit"), std::string::npos);
}

TEST(Article, WrongTypeNamesThePointer) {
  const std::string e = first_error("{\"lang\": \"en\", \"title\": 5, \"blocks\": [{\"type\": \"paragraph\", \"text\": \"x\"}]}");
  EXPECT_NE(e.find("(at /title)"), std::string::npos) << e;
  EXPECT_NE(e.find("a.json:1:25"), std::string::npos) << e;
}

TEST(Article, UnknownKeySuggestsTheRightOne) {
  const std::string e = first_error("{\"lang\": \"en\", \"title\": \"t\", \"blokcs\": []}");
  EXPECT_NE(e.find("did you mean \"blocks\""), std::string::npos) << e;
}

TEST(Article, UnknownBlockTypeAndHeadingLevel) {
  DiagSink sink;
  auto doc = parse_json_text("a.json",
                             R"({"lang":"en","title":"t","blocks":[{"type":"pargraph","text":"x"},)"
                             R"({"type":"heading","level":7,"text":"h"}]})",
                             sink);
  ASSERT_TRUE(doc);
  EXPECT_FALSE(read_article(std::move(*doc), sink));
  ASSERT_EQ(sink.error_count(), 2);
  EXPECT_NE(sink.all()[0].message.find("did you mean \"paragraph\""), std::string::npos);
  EXPECT_EQ(sink.all()[0].where.pointer, "/blocks/0/type");
  EXPECT_EQ(sink.all()[1].where.pointer, "/blocks/1/level");
}

// A list written inside a list (as a list item, or inside an item's text), or another block
// inside text: one error that says so, not "missing required key" and an unknown key for
// each of the block's keys.
TEST(Article, BlockInsideAListOrTextIsOneError) {
  const std::pair<std::string, std::string> cases[] = {
      {"\"items\": [\"a\", {\"type\": \"list\", \"items\": [\"b\"]}]",
       "a.json:1:73: error: a list inside a list: lists do not nest; write its items as a second list after this one"},
      {"\"items\": [[\"a \", {\"type\": \"list\", \"items\": [\"b\"]}]]", "a.json:1:75: error: a list inside a list"},
      {"\"items\": [[\"a \", {\"type\": \"callout\", \"text\": \"b\"}]]",
       "a.json:1:75: error: a block (\"callout\") inside text: blocks stand one after another in the article's "
       "\"blocks\"; put it after this block"},
  };
  for (const auto& [items, want] : cases) {
    DiagSink sink;
    auto doc = parse_json_text("a.json", "{\"lang\": \"en\", \"title\": \"T\", \"blocks\": [{\"type\": \"list\", " + items + "}]}", sink);
    ASSERT_TRUE(doc);
    (void)read_article(std::move(*doc), sink);
    ASSERT_EQ(sink.all().size(), 1u) << want << "\n" << (sink.all().empty() ? "" : format_diag(sink.all()[1]));
    const std::string e = format_diag(sink.all().front());
    EXPECT_EQ(e.rfind(want, 0), 0u) << e;
  }
}

TEST(Article, RowShorterThanHeader) {
  DiagSink sink;
  auto doc = parse_json_text("a.json",
                             R"({"lang":"en","title":"t","blocks":[{"type":"table","header":["a","b"],"rows":[["1"]]}]})",
                             sink);
  ASSERT_TRUE(doc);
  EXPECT_FALSE(read_article(std::move(*doc), sink));
  EXPECT_EQ(sink.all()[0].where.pointer, "/blocks/0/rows/0");
  EXPECT_NE(sink.all()[0].message.find("row has 1 cell, but the header has 2; every row must be as long as the header (write \"\" for an empty cell)"), std::string::npos);
}

TEST(Article, OnlySafeLinks) {
  const std::string e = first_error(
      R"J({"lang":"en","title":"t","blocks":[{"type":"paragraph","text":[{"text":"x","href":"javascript:alert(1)"}]}]})J");
  EXPECT_NE(e.find("/blocks/0/text/0/href"), std::string::npos) << e;
  EXPECT_NE(e.find("not allowed"), std::string::npos) << e;
}

TEST(Article, ReadsEveryBlockKind) {
  DiagSink sink;
  auto doc = parse_json_text("a.json", R"({"lang":"ar","title":["t",{"text":"x","lang":"en","strong":true}],
    "blocks":[{"type":"heading","level":2,"text":"h"},{"type":"paragraph","text":"p"},
    {"type":"list","ordered":true,"items":["a",{"term":"T","text":"b"}]},
    {"type":"table","caption":"c","header":["a","b"],"rows":[["1","2"]]},
    {"type":"faq","items":[{"question":"q","answer":"a"}]},{"type":"callout","title":"t","text":"x"}]})", sink);
  ASSERT_TRUE(doc);
  auto a = read_article(std::move(*doc), sink);
  ASSERT_TRUE(a) << (sink.all().empty() ? "" : format_diag(sink.all()[0]));
  EXPECT_EQ(a->direction, Direction::kRtl);
  EXPECT_EQ(a->blocks.size(), 6u);
  EXPECT_TRUE(a->title.spans[1].strong);
  const auto& list = std::get<ListBlock>(a->blocks[2].content);
  EXPECT_TRUE(list.ordered);
  EXPECT_TRUE(list.items[1].term.has_value());
}

TEST(DidYouMean, FindsCloseWords) {
  EXPECT_EQ(did_you_mean("blokcs", {"lang", "title", "blocks"}), "blocks");
  EXPECT_EQ(did_you_mean("zzzzzz", {"lang", "title", "blocks"}), "");
}

TEST(DidYouMean, NamesWhatOtherFormatsCallIt) {
  const std::vector<std::string_view> types{"heading", "paragraph", "list", "table", "faq", "callout", "figure", "qr"};
  EXPECT_EQ(did_you_mean("image", types), "figure");
  EXPECT_EQ(did_you_mean("Note", types), "callout");
  EXPECT_EQ(did_you_mean("h2", types), "heading");
  EXPECT_EQ(did_you_mean("text", types), "paragraph");
  // The same word where the format calls it something else: the name of that place.
  EXPECT_EQ(did_you_mean("image", {"type", "src", "alt", "caption"}), "src");
  EXPECT_EQ(did_you_mean("bold", {"text", "strong", "em", "href", "lang"}), "strong");
  EXPECT_EQ(did_you_mean("url", {"text", "strong", "em", "href", "lang"}), "href");
  EXPECT_EQ(did_you_mean("url", {"type", "data", "size"}), "data");
  // Only a name the place has: a paragraph has no "strong".
  EXPECT_EQ(did_you_mean("bold", {"type", "id", "text"}), "");
  EXPECT_EQ(did_you_mean("figur", types), "figure");
}

// Bidi controls and direction marks quoted from the input are \u escapes in JSON text (a log
// viewer showing the JSON reordered the line around them) and <U+...> on a terminal; Arabic
// letters, and other characters whose UTF-8 starts with the same bytes, are kept.
TEST(Json, BidiControlsEscapedForLogsAndTerminals) {
  const std::string in = "{\"m\": \"a\u202Eb\u2067c\u2069\u200Ed\u200Fe\u061Cf \u0645\u0641\u062A\u0627\u062D \u2014 \u2212 \u0627\u061F\"}";
  EXPECT_EQ(json_safe(in),
            "{\"m\": \"a\\u202eb\\u2067c\\u2069\\u200ed\\u200fe\\u061cf \u0645\u0641\u062A\u0627\u062D \u2014 \u2212 \u0627\u061F\"}");
  EXPECT_EQ(json_safe("plain"), "plain");
  EXPECT_EQ(terminal_safe("a\u200Fb\u061Cc\u200Ed\u202Ee \u0645"), "a<U+200F>b<U+061C>c<U+200E>d<U+202E>e \u0645");
}

}  // namespace
}  // namespace handout
