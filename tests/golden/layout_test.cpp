// Layout behaviour checked on the display list, with the bundled fonts and a4.json.
#include <gtest/gtest.h>

#include "engine/engine.h"

namespace handout {
namespace {

std::optional<Document> lay_out(Engine& engine, const std::string& json) {
  DiagSink sink;
  auto doc = parse_json_text("t.json", json, sink);
  auto article = read_article(std::move(*doc), sink);
  auto spec = load_layout(std::string(HANDOUT_SOURCE_DIR) + "/layouts/a4.json", sink);
  if (!article || !spec) return std::nullopt;
  return engine.layout(*article, *spec, sink, {});
}

// The item whose text is `text`, less the invisible characters the text layer adds at its
// end (a space after a table cell, an Arabic letter mark after a number in Arabic).
const TextItem* find_text(const Document& d, const std::string& text) {
  auto shown = [](std::string s) {
    for (;;) {
      if (!s.empty() && s.back() == ' ') s.pop_back();
      else if (s.size() >= 2 && s.compare(s.size() - 2, 2, "\xD8\x9C") == 0) s.resize(s.size() - 2);
      else return s;
    }
  };
  for (const auto& p : d.pages)
    for (const auto& it : p.items)
      if (const auto* t = std::get_if<TextItem>(&it); t && shown(t->text) == text) return t;
  return nullptr;
}

TEST(TableLayout, NumberColumnsAlignToTheEndSide) {
  Engine engine;
  for (const char* lang : {"en", "ar"}) {
    const std::string json = std::string(R"({"lang":")") + lang + R"(","title":"t","blocks":[
      {"type":"table","header":["Name","Dose"],"rows":[["Paracetamol","500"],["Ibuprofen","20000"]]}]})";
    auto doc = lay_out(engine, json);
    ASSERT_TRUE(doc);
    const TextItem* short_num = find_text(*doc, "500");
    const TextItem* long_num = find_text(*doc, "20000");
    const TextItem* a = find_text(*doc, "Paracetamol");
    const TextItem* b = find_text(*doc, "Ibuprofen");
    ASSERT_TRUE(short_num && long_num && a && b);
    const bool rtl = std::string(lang) == "ar";
    if (!rtl) {
      // Numbers end at the same right edge; names start at the same left edge.
      EXPECT_NEAR((short_num->origin.x + short_num->width()).value(), (long_num->origin.x + long_num->width()).value(), 0.01);
      EXPECT_NEAR(a->origin.x.value(), b->origin.x.value(), 0.01);
    } else {
      // In Arabic the end side is the left: numbers start at the same left edge, names
      // (the first column, on the right) end at the same right edge.
      EXPECT_NEAR(short_num->origin.x.value(), long_num->origin.x.value(), 0.01);
      EXPECT_NEAR((a->origin.x + a->width()).value(), (b->origin.x + b->width()).value(), 0.01);
      EXPECT_GT(a->origin.x.value(), short_num->origin.x.value());
    }
  }
}

TEST(TableLayout, ExplicitAlignmentWins) {
  Engine engine;
  auto doc = lay_out(engine, R"({"lang":"en","title":"t","blocks":[
      {"type":"table","header":["A","B"],"align":["end","start"],"rows":[["x","1"],["longer text","22"]]}]})");
  ASSERT_TRUE(doc);
  const TextItem* x = find_text(*doc, "x");
  const TextItem* longer = find_text(*doc, "longer text");
  const TextItem* one = find_text(*doc, "1");
  const TextItem* two = find_text(*doc, "22");
  ASSERT_TRUE(x && longer && one && two);
  EXPECT_NEAR((x->origin.x + x->width()).value(), (longer->origin.x + longer->width()).value(), 0.01);
  EXPECT_NEAR(one->origin.x.value(), two->origin.x.value(), 0.01);
}

// A signed number in Arabic text keeps its sign where the reader expects it: shown in Western
// digits, left to right with the sign first ("-5 °C"; it printed "C° 5-"); shown in
// Arabic-Indic digits (a4.json's Arabic), on the number's right, read first (CLDR's "arab").
// A number joined to "و" ("and") is a number with its unit too ("و8 °C" printed "C° 8").
TEST(ArabicNumbers, SignsAndUnitsStayWithTheirNumber) {
  Engine engine;
  // The left edges of the items with these texts in an Arabic paragraph, left to right
  // as they should stand.
  auto in_order = [&engine](const std::string& text, const std::vector<std::string>& items) {
    auto doc = lay_out(engine, R"({"lang":"ar","title":"t","blocks":[{"type":"paragraph","text":")" + text + R"("}]})");
    ASSERT_TRUE(doc) << text;
    double last = -1;
    for (const std::string& item : items) {
      const TextItem* t = find_text(*doc, item);
      ASSERT_TRUE(t) << text << ": no item \"" << item << "\"";
      EXPECT_GT(t->origin.x.value(), last) << text << ": \"" << item << "\" is not right of the item before";
      last = t->origin.x.value();
    }
  };
  in_order("إذا انخفضت الحرارة إلى -5 °C فتخلّص منه.", {"-", "5", "°", "C"});
  in_order("احفظه بين 2 و8 °C دائمًا.", {"8", "°", "C"});
  in_order("قد تصل الحرارة إلى -12 درجة.", {"12", "-"});
  // A product's mark stays at its name's end ("(®Coumadin)" was printed).
  in_order("تناول دواء (Coumadin®) يوميًا.", {")", "Coumadin®", "("});
}

// A drawn format character (a prepended concatenation mark: U+06DD ARABIC END OF AYAH, U+0600
// ARABIC NUMBER SIGN) needs a glyph: after Latin text it took the Latin font and printed its
// empty box (.notdef) without a word; now it takes a font that has it, and one that no font
// has (U+0605 ARABIC NUMBER MARK ABOVE) is named, as any character is.
TEST(MissingGlyphs, DrawnFormatCharactersTakeAFontThatHasThem) {
  Engine engine;
  for (const char* text : {"Latin then \u06dd after", "\u0627\u0644\u0622\u064a\u0629 \u06dd\u0661\u0662 \u0600\u0661",
                           "see (\u0600) here"}) {
    auto doc = lay_out(engine, std::string(R"({"lang":"ar","title":"t","blocks":[{"type":"paragraph","text":")") + text +
                                   R"("}]})");
    ASSERT_TRUE(doc) << text;
    int glyphs = 0;
    for (const auto& p : doc->pages)
      for (const auto& it : p.items)
        if (const auto* t = std::get_if<TextItem>(&it)) {
          for (const auto& g : t->glyphs) {
            EXPECT_NE(g.gid, 0) << text << ": .notdef in \"" << t->text << "\"";
            ++glyphs;
          }
        }
    EXPECT_GT(glyphs, 0);
  }
  DiagSink sink;
  auto doc = parse_json_text("t.json", R"({"lang":"ar","title":"t","blocks":[{"type":"paragraph","text":"x \u0605\u0661 y"}]})",
                             sink);
  auto article = read_article(std::move(*doc), sink);
  auto spec = load_layout(std::string(HANDOUT_SOURCE_DIR) + "/layouts/a4.json", sink);
  ASSERT_TRUE(article && spec);
  EXPECT_FALSE(engine.layout(*article, *spec, sink, {}));
  bool named = false;
  for (const auto& d : sink.all()) named = named || d.message.find("U+0605") != std::string::npos;
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace handout
