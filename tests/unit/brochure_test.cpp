// Brochure geometry and imposition with fake pages: no fonts, no text.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/json_doc.h"
#include "flow/panels.h"
#include "spec/layout_spec.h"
#include "page/print.h"

namespace handout {
namespace {

using Pairs = std::vector<std::pair<std::size_t, std::size_t>>;

TEST(Imposition, PrintersSpreadsOfEightPages) {
  // 1-based 8|1, 2|7, 6|3, 4|5.
  EXPECT_EQ(saddle_stitch_order(8, false), (Pairs{{7, 0}, {1, 6}, {5, 2}, {3, 4}}));
  // Bound on the right (Arabic): 1|8, 7|2, 3|6, 5|4.
  EXPECT_EQ(saddle_stitch_order(8, true), (Pairs{{0, 7}, {6, 1}, {2, 5}, {4, 3}}));
  EXPECT_EQ(saddle_stitch_order(4, false), (Pairs{{3, 0}, {1, 2}}));
}

// A document of `n` pages, each holding one rectangle whose width is its page number.
Document numbered(std::size_t n) {
  Document doc;
  for (std::size_t i = 0; i < n; ++i) {
    DisplayPage p{mm(148), mm(210), {}, std::nullopt, {}};
    p.items.push_back(RectItem{Rect{Pt(10), Pt(10), Pt(static_cast<double>(i + 1)), Pt(5)}, Color{}, std::nullopt, Pt(0)});
    doc.pages.push_back(std::move(p));
  }
  doc.outline.push_back(OutlineEntry{"last", 1, n - 1, Pt(20)});
  return doc;
}

// Page numbers on the left and right half of each sheet side (0: blank).
std::vector<std::pair<int, int>> halves(const Document& doc) {
  std::vector<std::pair<int, int>> out;
  for (const auto& p : doc.pages) {
    std::pair<int, int> h{0, 0};
    for (const auto& it : p.items) {
      const auto& r = std::get<RectItem>(it);
      (r.rect.x < p.width / 2 ? h.first : h.second) = static_cast<int>(r.rect.width.value());
    }
    out.push_back(h);
  }
  return out;
}

TEST(Imposition, PadsWithBlanksAtTheEndOrBeforeTheLastPage) {
  Document doc = numbered(6);
  ImpositionSpec spec;
  spec.kind = ImpositionSpec::Kind::kSaddleStitch;
  const auto folds = impose_saddle_stitch(doc, spec, false);
  ASSERT_EQ(doc.pages.size(), 4u);
  EXPECT_EQ(halves(doc), (std::vector<std::pair<int, int>>{{0, 1}, {2, 0}, {6, 3}, {4, 5}}));
  EXPECT_NEAR(doc.pages[0].width.value(), 2 * mm(148).value(), 1e-9);
  ASSERT_EQ(folds.size(), 4u);
  EXPECT_NEAR(folds[0][0].value(), mm(148).value(), 1e-9);
  EXPECT_EQ(doc.outline[0].page, 2u);  // page 6 is on the third sheet side

  Document before_last = numbered(6);
  spec.blanks = ImpositionSpec::Blanks::kBeforeLast;
  (void)impose_saddle_stitch(before_last, spec, false);
  EXPECT_EQ(halves(before_last), (std::vector<std::pair<int, int>>{{6, 1}, {2, 0}, {0, 3}, {4, 5}}));

  Document rtl = numbered(8);
  spec.blanks = ImpositionSpec::Blanks::kEnd;
  (void)impose_saddle_stitch(rtl, spec, true);
  EXPECT_EQ(halves(rtl), (std::vector<std::pair<int, int>>{{1, 8}, {7, 2}, {3, 6}, {5, 4}}));
}

TEST(PrintMarks, BoxesAndMarksOutsideTheTrim) {
  Document doc = numbered(1);
  PrintSpec print;
  print.bleed = mm(3);
  print.crop_marks = true;
  print.fold_marks = true;
  add_print_marks(doc, print, {{mm(50)}});
  const DisplayPage& p = doc.pages[0];
  ASSERT_TRUE(p.boxes.has_value());
  const Pt m = print.media_margin();
  EXPECT_NEAR(m.value(), mm(11).value(), 1e-9);  // bleed 3 + 1 mm clear + mark 5 + 2 mm of paper
  EXPECT_NEAR(p.width.value(), (mm(148) + m * 2).value(), 1e-9);
  EXPECT_NEAR(p.boxes->trim.x.value(), m.value(), 1e-9);
  EXPECT_NEAR(p.boxes->bleed.width.value(), (mm(148) + mm(6)).value(), 1e-9);
  ASSERT_EQ(p.marks.size(), 8u + 2u);
  const Rect& bleed = p.boxes->bleed;
  for (const auto& mk : p.marks) {
    for (const Point& q : {mk.from, mk.to}) {
      const bool inside_bleed = q.x > bleed.x && q.x < bleed.right() && q.y > bleed.y && q.y < bleed.bottom();
      EXPECT_FALSE(inside_bleed) << q.x.value() << "," << q.y.value();
      EXPECT_TRUE(q.x >= Pt(0) && q.x <= p.width && q.y >= Pt(0) && q.y <= p.height);
    }
  }
  // Content moved with the trim.
  EXPECT_NEAR(std::get<RectItem>(p.items[0]).rect.x.value(), (Pt(10) + m).value(), 1e-9);
}

LayoutSpec trifold_a4() {
  LayoutSpec s;
  s.page_width = mm(297);
  s.page_height = mm(210);
  s.margin_start = mm(8);
  s.margin_end = mm(8);
  s.panels.fold = PanelSpec::Fold::kTriFold;
  s.panels.widths = {mm(97), mm(100), mm(100)};
  s.panels.gutter = mm(14);
  return s;
}

TEST(Panels, TriFoldOrderAndMirror) {
  const LayoutSpec s = trifold_a4();
  const FoldedSheet ltr = fold_sheet(s, Direction::kLtr);
  // Outside [flap 97 | back 100 | cover 100], inside [2 | 3 | 4] with the flap's back (97) last.
  EXPECT_NEAR(ltr.folds[0][0].value(), mm(97).value(), 1e-9);
  EXPECT_NEAR(ltr.folds[0][1].value(), mm(197).value(), 1e-9);
  EXPECT_NEAR(ltr.folds[1][0].value(), mm(100).value(), 1e-9);
  EXPECT_NEAR(ltr.folds[1][1].value(), mm(200).value(), 1e-9);
  EXPECT_EQ(ltr.cover.side, 0);
  EXPECT_EQ(ltr.cover.index, 2);
  EXPECT_EQ(ltr.back.index, 1);
  ASSERT_EQ(ltr.flow.size(), 4u);
  EXPECT_EQ(ltr.flow[0].side, 0);
  EXPECT_EQ(ltr.flow[0].index, 0);
  for (int i = 1; i < 4; ++i) {
    EXPECT_EQ(ltr.flow[static_cast<std::size_t>(i)].side, 1);
    EXPECT_EQ(ltr.flow[static_cast<std::size_t>(i)].index, i - 1);
  }
  const FoldedSheet rtl = fold_sheet(s, Direction::kRtl);
  EXPECT_NEAR(rtl.folds[0][0].value(), mm(100).value(), 1e-9);
  EXPECT_NEAR(rtl.folds[1][0].value(), mm(97).value(), 1e-9);
  EXPECT_EQ(rtl.cover.index, 0);
  EXPECT_EQ(rtl.flow[0].index, 2);
  EXPECT_EQ(rtl.flow[1].index, 2);
  EXPECT_EQ(rtl.flow[3].index, 0);
  // Every panel's text keeps clear of its folds and the sheet's edges, with one measure.
  for (const FoldedSheet* sheet : {&ltr, &rtl}) {
    for (const auto& side : sheet->sides) {
      for (const auto& p : side) {
        EXPECT_NEAR(p.text.width.value(), sheet->sides[0][0].text.width.value(), 1e-9);
        EXPECT_GE(p.text.x.value(), p.rect.x.value() + mm(7).value() - 1e-9);
        EXPECT_LE(p.text.right().value(), p.rect.right().value() - mm(7).value() + 1e-9);
      }
    }
  }
}

TEST(Panels, FillStopsAtTheLastPanel) {
  VList list;
  for (int i = 0; i < 12; ++i) {
    if (i) list.push_back(VElem::glue(Pt(0)));
    list.push_back(VElem::box(Pt(40)));
  }
  const PanelFill fits = fill_panels(list, 4, Pt(120));
  EXPECT_TRUE(fits.complete);
  EXPECT_EQ(fits.pages.regions.size(), 4u);
  const PanelFill over = fill_panels(list, 3, Pt(120));
  EXPECT_FALSE(over.complete);
  EXPECT_EQ(over.pages.regions.size(), 3u);
}

// A brochure's panel texts are templates of the one placeholder table (src/spec/placeholders):
// an unknown name is an error at its column, with the name it was probably meant to be.
TEST(Panels, PanelTextsUseThePlaceholderTable) {
  auto errors = [](const std::string& reviewed) {
    DiagSink sink;
    nlohmann::json spec = nlohmann::json::parse(
        std::ifstream(std::string(HANDOUT_SOURCE_DIR) + "/layouts/trifold-a4.json"));
    spec["panels"]["reviewed"] = {{"en", reviewed}};
    auto doc = parse_json_text(std::string(HANDOUT_SOURCE_DIR) + "/layouts/test.json", spec.dump(2), sink);
    EXPECT_TRUE(doc.has_value());
    if (doc) (void)read_layout(std::make_shared<const JsonDoc>(std::move(*doc)), sink);
    std::vector<std::string> out;
    for (const auto& d : sink.all()) out.push_back(format_diag(d));
    return out;
  };
  EXPECT_TRUE(errors("Reviewed {meta.reviewed} · version {meta.version} · {clinic.phone}").empty());
  const auto e = errors("Reviewed {reviewed}");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("unknown placeholder {reviewed} (known: {title}, {meta.version}, {meta.reviewed}"), std::string::npos) << e[0];
  EXPECT_NE(e[0].find("test.json:84:23: error:"), std::string::npos) << e[0];  // the line of /panels/reviewed/en in the dump
  EXPECT_NE(e[0].find("(at /panels/reviewed/en)"), std::string::npos) << e[0];
  EXPECT_EQ(errors("page {page}").size(), 1u);  // a panel is not a page
}

}  // namespace
}  // namespace handout
