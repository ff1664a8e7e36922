// A request validated (Typesetter::validate_request, the service's POST /validate) gives what
// rendering it gives (render_request, POST /render), short of the PDF: the same status, the
// same diagnostics in the same order, the same page count. It read the request and stopped
// there, so it missed what only laying out finds: a header's or footer's text cut short, a
// word broken between letters, a picture scaled down, the page limit.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "handout/handout.h"

namespace handout {
namespace {

std::string validate_source(const std::string& rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

nlohmann::ordered_json read_json(const std::string& rel) {
  std::ifstream in(validate_source(rel));
  return nlohmann::ordered_json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
}

// An article of content/TOPIC/ as a request carries it: its pictures named from content/.
nlohmann::ordered_json in_request(nlohmann::ordered_json j, const std::string& topic) {
  if (j.is_object()) {
    for (auto& [key, value] : j.items()) {
      if (key == "src" && value.is_string()) value = topic + "/" + value.get<std::string>();
      else value = in_request(value, topic);
    }
  } else if (j.is_array()) {
    for (auto& value : j) value = in_request(value, topic);
  }
  return j;
}

std::string describe(const Result& r) {
  std::ostringstream out;
  out << "status " << static_cast<int>(r.status) << ", " << r.pages << " pages";
  for (const auto& d : r.diagnostics) out << "\n  " << d.to_string();
  return out.str();
}

// Validates and renders `body` and expects the same answer; returns the validation's.
Result expect_same(const Typesetter& ts, const std::string& body, const Settings& settings, const std::string& what) {
  const Result rendered = ts.render_request(body, settings);
  const Result validated = ts.validate_request(body, settings);
  EXPECT_EQ(validated.status, rendered.status) << what << "\nrendered: " << describe(rendered)
                                              << "\nvalidated: " << describe(validated);
  EXPECT_EQ(validated.diagnostics_json(), rendered.diagnostics_json()) << what;
  EXPECT_EQ(validated.pages, rendered.pages) << what;
  EXPECT_TRUE(validated.pdf.empty()) << what;
  EXPECT_EQ(rendered.ok(), !rendered.pdf.empty()) << what;
  return validated;
}

std::string request(const std::vector<nlohmann::ordered_json>& articles, const nlohmann::ordered_json& layout,
                    const nlohmann::ordered_json* brand = nullptr) {
  nlohmann::ordered_json body;
  body["articles"] = articles;
  body["layout"] = layout;
  if (brand) body["brand"] = *brand;
  return body.dump(2);
}

TEST(Validate, EveryBundledRequestValidatesAsItRenders) {
  const Typesetter ts(HANDOUT_SOURCE_DIR);
  Settings settings;
  settings.creation_time = 1700000000;
  int requests = 0, warnings = 0, valid = 0;
  const nlohmann::ordered_json brand = "al-noor";
  for (const char* topic : {"stem-cell-therapy", "wound-care", "showcase"}) {
    const auto en = in_request(read_json(std::string("content/") + topic + "/en.json"), topic);
    const auto ar = in_request(read_json(std::string("content/") + topic + "/ar.json"), topic);
    for (const auto& article : {en, ar}) {
      for (const char* layout : {"a4", "a4-kashida", "letter", "large-print", "a5-booklet", "a4-clinic", "trifold-a4",
                                 "booklet-a5"}) {
        const std::string what = std::string(topic) + " " + article["lang"].get<std::string>() + " " + layout;
        Result r = expect_same(ts, request({article}, layout), settings, what);
        ++requests;
        valid += r.ok();
        warnings += static_cast<int>(r.diagnostics.size());
        if (std::string(layout) == "a4-clinic" || std::string(layout) == "trifold-a4") {
          r = expect_same(ts, request({article}, layout, &brand), settings, what + " al-noor");
          ++requests;
          valid += r.ok();
          warnings += static_cast<int>(r.diagnostics.size());
        }
      }
    }
    for (const char* layout : {"bilingual-parallel", "bilingual-sequential"}) {
      const Result r = expect_same(ts, request({en, ar}, layout), settings, std::string(topic) + " " + layout);
      ++requests;
      valid += r.ok();
      warnings += static_cast<int>(r.diagnostics.size());
    }
  }
  // The held-out articles (written to catch what the samples do not show) with A4, their
  // pictures (tests/data/images) in the content/ folder of a data folder of their own.
  const auto data = std::filesystem::temp_directory_path() / ("handout-validate-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(data);
  for (const char* dir : {"layouts", "fonts", "brands"}) std::filesystem::create_directory_symlink(validate_source(dir), data / dir);
  std::filesystem::create_directory_symlink(validate_source("tests/data"), data / "content");
  const Typesetter held(data.string());
  std::vector<std::string> heldout;
  for (const auto& e : std::filesystem::directory_iterator(validate_source("tests/data"))) {
    const std::string name = e.path().filename().string();
    if (name.rfind("heldout-", 0) == 0 && e.path().extension() == ".json") heldout.push_back(name);
  }
  std::sort(heldout.begin(), heldout.end());
  ASSERT_GE(heldout.size(), 20u);
  for (const auto& name : heldout) {
    const Result r = expect_same(held, request({read_json("tests/data/" + name)}, "a4"), settings, name);
    ++requests;
    valid += r.ok();
    warnings += static_cast<int>(r.diagnostics.size());
  }
  std::filesystem::remove_all(data);
  EXPECT_GT(requests, 70);
  EXPECT_GT(valid, requests * 9 / 10);
  // Some of them warn (a brochure's panels part empty, a booklet's blank pages): compared, not
  // empty.
  EXPECT_GT(warnings, 0);
}

// A clinic's address too long for its footer slot: the footer's text is cut short with an
// ellipsis on every page, which only laying the pages out finds (validate said nothing).
TEST(Validate, AFooterTextCutShortIsAWarningOfTheValidation) {
  const Typesetter ts(HANDOUT_SOURCE_DIR);
  auto layout = read_json("layouts/a4.json");
  layout["footer"] = {{"start", "{clinic.address} · {clinic.phone}"},
                      {"end", {{"en", "Page {page} of {pages}"}, {"ar", "صفحة {page} من {pages}"}}}};
  const nlohmann::ordered_json brand = {
      {"name", {{"en", "Riverside Clinic"}}},
      {"address", {{"en", "Building 14, Floor 3, Wing C, 1234 King Abdulaziz International Boulevard, "
                          "Al Olaya District, Riyadh 12345-6789, Kingdom of Saudi Arabia"}}},
      {"phone", "+966 11 234 5678"}};
  const std::string body = request({read_json("content/stem-cell-therapy/en.json")}, layout, &brand);
  const Result r = expect_same(ts, body, {}, "cut footer");
  ASSERT_TRUE(r.ok()) << describe(r);
  EXPECT_GT(r.pages, 1);
  const auto cut = std::find_if(r.diagnostics.begin(), r.diagnostics.end(), [](const Diagnostic& d) {
    return d.message.find("footer's text here does not fit its share of the line") != std::string::npos;
  });
  ASSERT_NE(cut, r.diagnostics.end()) << describe(r);
  EXPECT_EQ(cut->severity, Diagnostic::Severity::kWarning);
  EXPECT_EQ(cut->file, "request");
  EXPECT_EQ(cut->pointer, "/layout/footer/start");
  EXPECT_NE(cut->message.find("leaving out \""), std::string::npos) << cut->message;
  // Located at the footer's text in the body.
  std::istringstream lines(body);
  std::string line;
  for (int n = 0; n < cut->line; ++n) std::getline(lines, line);
  EXPECT_EQ(line.find("\"{clinic.address}", 0), static_cast<std::size_t>(cut->column - 1)) << line;
  // With --strict's setting the warning is an error of both, the same.
  Settings strict;
  strict.strict = true;
  const Result refused = expect_same(ts, body, strict, "cut footer, strict");
  EXPECT_EQ(refused.status, Status::kBadInput);
}

// Over the page limit: refused by both alike (422 in the service), located in the article.
TEST(Validate, APageLimitPassedIsRefusedAsTheRenderRefusesIt) {
  const Typesetter ts(HANDOUT_SOURCE_DIR);
  Settings settings;
  settings.max_pages = 2;
  const Result r = expect_same(ts, request({in_request(read_json("content/wound-care/en.json"), "wound-care")}, "large-print"), settings,
                               "over --max-pages");
  EXPECT_EQ(r.status, Status::kOverLimit) << describe(r);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_NE(r.diagnostics.back().message.find("over the limit of 2"), std::string::npos) << describe(r);
  EXPECT_EQ(r.diagnostics.back().file, "request");
}

// A picture wider than its column (scaled down to fit) and a word wider than its column
// (broken between letters): warnings only laying the article out finds.
TEST(Validate, APictureScaledDownAndAWordBrokenBetweenLettersAreWarningsOfTheValidation) {
  const Typesetter ts(HANDOUT_SOURCE_DIR);
  const nlohmann::ordered_json article = {
      {"lang", "en"},
      {"title", "Dressings"},
      {"blocks",
       {{{"type", "paragraph"},
         {"text", "Ask for Pneumonoultramicroscopicsilicovolcanoconiosisandhippopotomonstrosesquippedaliophobia"
                  "andfloccinaucinihilipilification at the desk."}},
        {{"type", "figure"},
         {"src", "wound-care/images/hand-washing.png"},
         {"alt", "Washing hands"},
         {"width", "400mm"}}}}};
  const Result r = expect_same(ts, request({article}, "large-print"), {}, "scaled down, broken");
  ASSERT_TRUE(r.ok()) << describe(r);
  std::string messages;
  for (const auto& d : r.diagnostics) messages += d.to_string() + "\n";
  EXPECT_NE(messages.find("request:"), std::string::npos) << messages;
  EXPECT_NE(messages.find("was broken between letters (at /articles/0/blocks/0/text)"), std::string::npos) << messages;
  EXPECT_NE(messages.find("it was scaled down to fit (at /articles/0/blocks/1/width)"), std::string::npos) << messages;
}

// The time limit holds for a validation as for a render: cancelled, 422, naming the block.
TEST(Validate, AValidationOverTheTimeLimitIsCancelled) {
  const Typesetter ts(HANDOUT_SOURCE_DIR);
  nlohmann::ordered_json article = {{"lang", "en"}, {"title", "Rows"}, {"blocks", nlohmann::ordered_json::array()}};
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (int i = 0; i < 20000; ++i) rows.push_back({"Row " + std::to_string(i), "Take one tablet with water"});
  article["blocks"].push_back({{"type", "table"}, {"header", {"Name", "Dose"}}, {"rows", rows}});
  Settings settings;
  settings.max_pages = 32767;
  settings.time_limit = std::chrono::milliseconds(50);
  const auto start = std::chrono::steady_clock::now();
  const Result r = ts.validate_request(request({article}, "a4"), settings);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, Status::kTimedOut) << describe(r);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics.back().pointer, "/articles/0/blocks/0") << describe(r);
  EXPECT_LT(took, std::chrono::seconds(20));
}

}  // namespace
}  // namespace handout
