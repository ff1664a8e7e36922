// Page previews drawn by one painter, page after page, as `render --png`, watch and batch
// thumbnails draw them: the painter reuses its canvas and clears only the rows drawn on, so
// every page must come out exactly as a fresh painter draws it. Uses the seed article and
// the bundled fonts (not fakes).
#include "preview/preview.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "engine/engine.h"

namespace handout {
namespace {

std::string source_path(const std::string& rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

// One engine: its font book loads faces as layouts ask for them, and the painter draws
// the faces the document names in that book.
Engine& engine() {
  static Engine e;
  return e;
}

Document seed(const char* lang) {
  DiagSink sink;
  auto spec = load_layout(source_path("layouts/a4.json"), sink);
  auto article = load_article(source_path(std::string("content/stem-cell-therapy/") + lang + ".json"), sink);
  EXPECT_TRUE(spec && article);
  return *engine().layout(*article, *spec, sink, {});
}

const FontBook& fonts() { return engine().fonts(); }

void pages_as_fresh(const Document& doc) {
  ASSERT_GE(doc.pages.size(), 2U);
  PagePainter kept(fonts());
  // Last page first, then the rest: each page drawn over another page's rows.
  for (std::size_t k = 0; k < doc.pages.size(); ++k) {
    const std::size_t i = (k + doc.pages.size() - 1) % doc.pages.size();
    DiagSink sink;
    PagePainter fresh(fonts());
    const auto reused = kept.png(doc.pages[i], 96, sink);
    const auto alone = fresh.png(doc.pages[i], 96, sink);
    ASSERT_TRUE(reused && alone);
    EXPECT_TRUE(*reused == *alone) << "page " << i + 1;
    const PageImage* image = fresh.paint(doc.pages[i], 96, sink);
    ASSERT_NE(image, nullptr);
    // The rows marked blank are white, inked rows are white outside the columns marked drawn
    // on (the encoder reads only those), and some rows carry ink.
    std::size_t inked = 0;
    const std::size_t row = static_cast<std::size_t>(image->width) * image->channels;
    for (int y = 0; y < image->height; ++y) {
      if (image->inked[y] != 0) {
        ++inked;
        const auto begin = static_cast<std::size_t>(image->ink_begin[y]) * image->channels;
        const auto end = static_cast<std::size_t>(image->ink_end[y]) * image->channels;
        ASSERT_LE(end, row);
        for (std::size_t x = 0; x < row; ++x) {
          if (x < begin || x >= end) ASSERT_EQ(image->pixels[y * row + x], 255) << "page " << i + 1 << " row " << y;
        }
        continue;
      }
      for (std::size_t x = 0; x < row; ++x) {
        ASSERT_EQ(image->pixels[y * row + x], 255) << "page " << i + 1 << " row " << y << " is marked blank";
      }
    }
    EXPECT_GT(inked, 100U) << "page " << i + 1;
  }
}

TEST(Preview, ReusedPainterDrawsEveryPageAsAFreshOne) {
  pages_as_fresh(seed("en"));
  pages_as_fresh(seed("ar"));
}

// A page with colour is RGB (the seed's headings are blue); the same page with every colour
// made grey is drawn in grey, with the pixels the RGB drawing has in each channel.
TEST(Preview, PageTooLargeForItsResolutionIsRefusedNotAllocated) {
  // A layout may have pages up to 14,400 pt (5 m) square: at 300 dpi that is 3.5 billion
  // pixels, whose canvas the painter allocated (10 GB: the process aborted). Refused with
  // the resolution the page allows; a page within the limit is still drawn.
  DisplayPage big;
  big.width = Pt(14400);
  big.height = Pt(14400);
  PagePainter painter(fonts());
  DiagSink sink;
  EXPECT_EQ(painter.paint(big, 300, sink), nullptr);
  ASSERT_EQ(sink.error_count(), 1);
  EXPECT_NE(sink.all().front().message.find("at most 61 dpi"), std::string::npos)
      << sink.all().front().message;
  DisplayPage a4;
  a4.width = Pt(595.28);
  a4.height = Pt(841.89);
  DiagSink ok;
  EXPECT_NE(painter.paint(a4, 96, ok), nullptr);
  EXPECT_EQ(ok.error_count(), 0);
}

TEST(Preview, GreyOnlyWithoutColour) {
  const Document doc = seed("en");
  DisplayPage page = doc.pages[0];
  PagePainter painter(fonts());
  DiagSink sink;
  const PageImage* rgb = painter.paint(page, 96, sink);
  ASSERT_NE(rgb, nullptr);
  EXPECT_EQ(rgb->channels, 3);
  const auto to_grey = [](Color& c) { c.g = c.b = c.r; };
  for (DisplayItem& item : page.items) {
    if (auto* t = std::get_if<TextItem>(&item)) to_grey(t->color);
    if (auto* r = std::get_if<RectItem>(&item)) {
      if (r->fill) to_grey(*r->fill);
      if (r->stroke) to_grey(*r->stroke);
    }
    if (auto* q = std::get_if<SquaresItem>(&item)) to_grey(q->fill);
  }
  PagePainter rgb_painter(fonts());
  const PageImage* red = rgb_painter.paint(doc.pages[0], 96, sink);  // the red channel of the RGB page
  const PageImage* grey = painter.paint(page, 96, sink);
  ASSERT_TRUE(red && grey);
  ASSERT_EQ(grey->channels, 1);
  ASSERT_EQ(grey->pixels.size() * 3, red->pixels.size());
  for (std::size_t i = 0; i < grey->pixels.size(); ++i) {
    ASSERT_EQ(grey->pixels[i], red->pixels[i * 3]) << "pixel " << i;
  }
}

// Watch keeps one painter while it makes a new engine (and font book) for each render. Glyphs
// are filed by the font's bytes, so a book that numbers the same fonts otherwise (its last
// face loaded first) gets the right glyphs from the cache: pages come out as a fresh painter
// on that book draws them. Between books the painter draws nothing.
TEST(Preview, PainterKeptAcrossFontBooks) {
  const Document first = seed("en");
  PagePainter painter(fonts());
  DiagSink sink;
  for (const DisplayPage& page : first.pages) ASSERT_TRUE(painter.png(page, 96, sink));
  painter.let_go_of_fonts();
  EXPECT_EQ(painter.paint(first.pages[0], 96, sink), nullptr);
  EXPECT_TRUE(sink.failed());

  Engine other;
  DiagSink other_sink;
  ASSERT_TRUE(other.fonts().load(fonts().face(static_cast<FontId>(fonts().size() - 1)).path, other_sink, Location{}));
  auto spec = load_layout(source_path("layouts/a4.json"), other_sink);
  std::optional<Document> docs[2];
  for (const char* lang : {"ar", "en"}) {
    auto article = load_article(source_path(std::string("content/stem-cell-therapy/") + lang + ".json"), other_sink);
    ASSERT_TRUE(spec && article);
    docs[lang[0] == 'e'] = other.layout(*article, *spec, other_sink, {});
    ASSERT_TRUE(docs[lang[0] == 'e']);
  }
  // The same font files under other ids: else this would not tell bytes from ids.
  bool renumbered = false;
  for (std::size_t i = 0; i < std::min(fonts().size(), other.fonts().size()); ++i) {
    renumbered = renumbered || fonts().face(static_cast<FontId>(i)).path != other.fonts().face(static_cast<FontId>(i)).path;
  }
  ASSERT_TRUE(renumbered);
  painter.use_fonts(other.fonts());
  for (const auto& doc : docs) {
    for (std::size_t i = 0; i < doc->pages.size(); ++i) {
      PagePainter fresh(other.fonts());
      const auto kept = painter.png(doc->pages[i], 96, other_sink);
      const auto alone = fresh.png(doc->pages[i], 96, other_sink);
      ASSERT_TRUE(kept && alone);
      EXPECT_TRUE(*kept == *alone) << "page " << i + 1;
    }
  }
  painter.let_go_of_fonts();
}

}  // namespace
}  // namespace handout
