// Work one render does not do twice, checked to change nothing: a run shaped again in the
// same context comes from the shaper's own glyphs instead of HarfBuzz, a running header's or
// footer's text is shaped once (RunsShapedOnce... compares every bundled render with a
// render that keeps nothing), and the parallel
// layout shapes each table cell once (it used to lay both tables out twice, once to
// measure).
#include <gtest/gtest.h>

#include <malloc.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "core/utf.h"
#include "engine/engine.h"
#include "model/article.h"
#include "spec/layout_spec.h"
#include "output/deflate_cache.h"
#include "text/shaper.h"
#include "text/shared_shapes.h"

namespace handout {
namespace {

std::string source(const std::string& rel) { return std::string(HANDOUT_SOURCE_DIR) + "/" + rel; }

RenderOptions fixed_time() {
  RenderOptions o;
  o.creation_time = 1700000000;
  return o;
}

// Every article of content/ and tests/data/, on its own, and the pairs the bilingual
// layouts take.
std::vector<std::vector<std::string>> article_sets() {
  std::vector<std::vector<std::string>> out;
  for (const char* dir : {"content", "tests/data"}) {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(source(dir))) {
      if (e.is_regular_file() && e.path().extension() == ".json" && e.path().filename() != "manifest.json") {
        files.push_back(e.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) out.push_back({f});
  }
  for (const char* base : {"content/stem-cell-therapy/", "content/wound-care/", "content/showcase/",
                           "tests/data/textlayer-bi-", "tests/data/long-table-"}) {
    out.push_back({source(std::string(base) + "en.json"), source(std::string(base) + "ar.json")});
  }
  return out;
}

TEST(Reuse, RunsShapedOnceGiveTheBytesOfShapingEveryRun) {
  Engine engine;
  int rendered = 0;
  // A batch worker's cache, kept across every render of the test: runs of every length
  // from other documents, in contexts that differ only where HarfBuzz does not look.
  ShapeCache worker;
  for (const auto& set : article_sets()) {
    const bool pair = set.size() == 2;
    const std::vector<std::string> layouts =
        pair ? std::vector<std::string>{"layouts/bilingual-parallel.json", "layouts/bilingual-sequential.json"}
             : std::vector<std::string>{"layouts/a4.json", "layouts/a4-kashida.json", "layouts/trifold-a4.json"};
    for (const auto& layout : layouts) {
      DiagSink reused_sink, shaped_sink;
      // The shaper's own runs (no cache given) against a cache that keeps nothing, so
      // that HarfBuzz shapes every run.
      auto reused = engine.render(set, source(layout), reused_sink, fixed_time());
      ShapeCache keeps_nothing(0);
      RenderOptions every = fixed_time();
      every.shape_cache = &keeps_nothing;
      auto shaped = engine.render(set, source(layout), shaped_sink, every);
      ASSERT_EQ(reused.has_value(), shaped.has_value()) << set[0] << " " << layout;
      if (!reused) continue;  // an article this layout refuses (it refuses it both ways)
      EXPECT_EQ(reused->pdf, shaped->pdf) << set[0] << " " << layout;
      EXPECT_EQ(reused_sink.all().size(), shaped_sink.all().size()) << set[0] << " " << layout;
      DiagSink batch_sink;
      RenderOptions batch = fixed_time();
      batch.shape_cache = &worker;
      auto batched = engine.render(set, source(layout), batch_sink, batch);
      ASSERT_TRUE(batched) << set[0] << " " << layout;
      EXPECT_EQ(batched->pdf, shaped->pdf) << set[0] << " " << layout;
      // Twice again, as rebuilds: lines come from the worker's cache, and their display
      // items are kept (the first time) and taken from it (the second).
      const std::size_t hits = worker.emitted_hits();
      for (int again = 0; again < 2; ++again) {
        DiagSink again_sink;
        auto r = engine.render(set, source(layout), again_sink, batch);
        ASSERT_TRUE(r) << set[0] << " " << layout;
        EXPECT_EQ(r->pdf, shaped->pdf) << set[0] << " " << layout << " again " << again;
      }
      EXPECT_GT(worker.emitted_hits(), hits) << set[0] << " " << layout;
      ++rendered;
    }
  }
  EXPECT_GT(rendered, 40);
}

// Arabic text in one style of `size` and `role`.
StyledText arabic(const char* text, double size, Role role = Role::kBody) {
  StyledText st;
  st.lang = "ar";
  st.base = Direction::kRtl;
  TextStyle style;
  style.size = Pt(size);
  style.role = role;
  st.append(utf8_to_utf32(text), style);
  return st;
}

// The A4 layout's font chains.
std::optional<FontChains> a4_chains(FontBook& book, DiagSink& sink) {
  auto spec = load_layout(source("layouts/a4.json"), sink);
  if (!spec) return std::nullopt;
  return resolve_font_chains(book, *spec, sink);
}

// A shaper without a cache (as `handout render` has) and the A4 layout's fonts.
struct UncachedShaper {
  DiagSink sink;
  FontBook book;
  std::optional<FontChains> chains = a4_chains(book, sink);
  TextShaper shaper{book, nullptr};
};

TEST(Reuse, TheSameShortRunInTheSameContextIsShapedByHarfBuzzOnce) {
  UncachedShaper u;
  ASSERT_TRUE(u.chains);
  DiagSink& sink = u.sink;
  FontBook& book = u.book;
  const FontChains& chains = *u.chains;
  TextShaper& shaper = u.shaper;
  auto shape = [&](const char* text, double size) {
    auto p = shaper.shape(arabic(text, size), chains, sink);
    EXPECT_TRUE(p);
    return p ? p->runs.size() : 0;
  };
  const std::size_t bullet_runs = shape("\u2022", 10);
  const std::size_t after_one = shaper.harfbuzz_calls();
  EXPECT_EQ(after_one, bullet_runs);
  shape("\u2022", 10);  // a list's second bullet
  EXPECT_EQ(shaper.harfbuzz_calls(), after_one);
  // A short word, then the same at another size: glyphs are kept in font units.
  const std::size_t word_runs = shape("\u0635\u0641\u062D\u0629", 10);
  const std::size_t after_word = shaper.harfbuzz_calls();
  EXPECT_EQ(after_word, after_one + word_runs);
  shape("\u0635\u0641\u062D\u0629", 14);
  EXPECT_EQ(shaper.harfbuzz_calls(), after_word);
  // Other text is shaped, and so is a long run again: the shaper keeps short runs only.
  shape("\u0645\u0627\u0630\u0627", 10);
  EXPECT_EQ(shaper.harfbuzz_calls(), after_word + 1);
  const char* sentence = "\u0645\u0627\u0630\u0627 \u062A\u062A\u0648\u0642\u0639 \u062E\u0644\u0627\u0644";
  shape(sentence, 10);
  shape(sentence, 10);
  EXPECT_EQ(shaper.harfbuzz_calls(), after_word + 3);
  // With a caller's cache (a batch worker's) every run is kept.
  ShapeCache cache;
  TextShaper cached(book, nullptr, &cache);
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(cached.shape(arabic(sentence, 10 + i), chains, sink));
  EXPECT_EQ(cached.harfbuzz_calls(), 1u);
}

// A running header's or footer's text is measured, then set in its slot, and comes again on
// other pages: shape_kept shapes it once even without a cache, and gives what shape gives.
// Running text (shape) is not kept (its key would cost more than its rare repeats save).
TEST(Reuse, AFurnitureTextIsShapedOnceWithoutACache) {
  UncachedShaper u;
  ASSERT_TRUE(u.chains);
  TextShaper& shaper = u.shaper;
  auto styled = [](const char* text) { return arabic(text, 9, Role::kHeader); };
  const char* title = "\u0627\u0644\u0639\u0644\u0627\u062C \u0628\u0627\u0644\u062E\u0644\u0627\u064A\u0627 \u0627\u0644\u062C\u0630\u0639\u064A\u0629";
  auto first = shaper.shape_kept(styled(title), *u.chains, u.sink);
  ASSERT_TRUE(first);
  const std::size_t once = shaper.harfbuzz_calls();
  auto again = shaper.shape_kept(styled(title), *u.chains, u.sink);
  ASSERT_TRUE(again);
  EXPECT_EQ(shaper.harfbuzz_calls(), once);
  auto fresh = shaper.shape(styled(title), *u.chains, u.sink);
  ASSERT_TRUE(fresh);
  EXPECT_GT(shaper.harfbuzz_calls(), once);
  ASSERT_EQ(again->runs.size(), fresh->runs.size());
  for (std::size_t r = 0; r < fresh->runs.size(); ++r) {
    ASSERT_EQ(again->runs[r].glyphs.size(), fresh->runs[r].glyphs.size());
    for (std::size_t g = 0; g < fresh->runs[r].glyphs.size(); ++g) {
      EXPECT_EQ(again->runs[r].glyphs[g].gid, fresh->runs[r].glyphs[g].gid);
      EXPECT_EQ(again->runs[r].glyphs[g].x_advance, fresh->runs[r].glyphs[g].x_advance);
    }
  }
  EXPECT_EQ(again->breaks, fresh->breaks);
  EXPECT_EQ(again->levels, fresh->levels);
  EXPECT_EQ(u.sink.warning_count() + u.sink.error_count(), 0);
}

// A table article in `lang` with `rows` body rows of two cells.
std::string table_article(const std::string& lang, int rows) {
  std::string j = R"({"lang":")" + lang + R"(","title":"T","blocks":[{"type":"table","header":["A","B"],"rows":[)";
  for (int r = 0; r < rows; ++r) {
    if (r > 0) j += ",";
    j += "[\"x" + std::to_string(r) + "\",\"" + std::to_string(r * 7) + "\"]";
  }
  return j + "]}]}";
}

// How many paragraphs the parallel layout shapes for the two translations of a table.
std::size_t paragraphs_shaped(Engine& engine, int rows) {
  DiagSink sink;
  auto ja = parse_json_text("a.json", table_article("en", rows), sink);
  auto jb = parse_json_text("b.json", table_article("ar", rows), sink);
  auto a = read_article(std::move(*ja), sink);
  auto b = read_article(std::move(*jb), sink);
  auto spec = load_layout(source("layouts/bilingual-parallel.json"), sink);
  EXPECT_TRUE(a && b && spec);
  if (!a || !b || !spec) return 0;
  ShapeCache cache;
  RenderOptions o = fixed_time();
  o.shape_cache = &cache;
  auto doc = engine.layout(std::vector<const Article*>{&*a, &*b}, *spec, sink, o);
  EXPECT_TRUE(doc);
  return cache.paragraph_lookups();
}

// How many paragraphs the A4 layout shapes for a list of `items` items (ordered or not).
std::size_t list_paragraphs_shaped(Engine& engine, bool ordered, int items) {
  std::string j = std::string(R"({"lang":"en","title":"T","blocks":[{"type":"list","ordered":)") +
                  (ordered ? "true" : "false") + R"(,"items":[)";
  for (int i = 0; i < items; ++i) j += (i > 0 ? ",\"item " : "\"item ") + std::to_string(i) + "\"";
  j += "]}]}";
  DiagSink sink;
  auto doc = parse_json_text("l.json", j, sink);
  auto article = read_article(std::move(*doc), sink);
  auto spec = load_layout(source("layouts/a4.json"), sink);
  EXPECT_TRUE(article && spec);
  if (!article || !spec) return 0;
  ShapeCache cache;
  RenderOptions o = fixed_time();
  o.shape_cache = &cache;
  EXPECT_TRUE(engine.layout(*article, *spec, sink, o));
  EXPECT_EQ(sink.warning_count() + sink.error_count(), 0);
  return cache.paragraph_lookups();
}

// A bullet is the same for every item: it is shaped once per list. An ordered list's
// numbers are shaped item by item.
TEST(Reuse, AListsBulletIsShapedOnce) {
  Engine engine;
  EXPECT_EQ(list_paragraphs_shaped(engine, false, 4) - list_paragraphs_shaped(engine, false, 3), 1u);
  EXPECT_EQ(list_paragraphs_shaped(engine, true, 4) - list_paragraphs_shaped(engine, true, 3), 2u);
}

TEST(Reuse, ParallelTablesShapeEachCellOnce) {
  Engine engine;
  // One more row is two more cells on each side: four paragraphs, not eight.
  const std::size_t three = paragraphs_shaped(engine, 3);
  const std::size_t four = paragraphs_shaped(engine, 4);
  EXPECT_EQ(four - three, 4u);
}


// Jobs of several layouts and forms, as a batch worker meets them.
std::vector<std::pair<std::vector<std::string>, std::string>> worker_jobs() {
  return {
      {{source("content/stem-cell-therapy/en.json")}, "layouts/a4.json"},
      {{source("content/stem-cell-therapy/ar.json")}, "layouts/a4.json"},
      {{source("content/stem-cell-therapy/ar.json")}, "layouts/a4-kashida.json"},
      {{source("content/wound-care/en.json")}, "layouts/trifold-a4.json"},
      {{source("content/showcase/ar.json")}, "layouts/a4.json"},
      {{source("content/stem-cell-therapy/en.json"), source("content/stem-cell-therapy/ar.json")},
       "layouts/bilingual-parallel.json"},
  };
}

// Each job rendered with no cache.
std::vector<std::string> plain_renders(Engine& engine,
                                       const std::vector<std::pair<std::vector<std::string>, std::string>>& jobs) {
  std::vector<std::string> plain;
  for (const auto& [articles, layout] : jobs) {
    DiagSink sink;
    auto r = engine.render(articles, source(layout), sink, fixed_time());
    EXPECT_TRUE(r) << articles[0] << " " << layout;
    plain.push_back(r ? r->pdf : std::string());
  }
  return plain;
}

// A batch worker renders the same documents again: the second time every paragraph's lines
// come from its shaping cache and the page content and object streams from its deflate
// cache, the third time their display items too, and the bytes are those of a render with
// no cache at all.
TEST(Reuse, LinesAndDeflatedStreamsKeptByAWorkerGiveTheSameBytes) {
  Engine engine;
  ShapeCache worker;
  DeflateCache deflated;
  const auto jobs = worker_jobs();
  const std::vector<std::string> plain = plain_renders(engine, jobs);
  std::size_t line_sets = 0;
  std::size_t line_hits = 0;
  std::size_t stream_hits = 0;
  std::size_t emitted_lines = 0;
  std::size_t emitted_hits = 0;
  // Lines are kept the first time a paragraph is set, its lines' items the second time.
  for (int round = 0; round < 3; ++round) {
    const DeflateCache::Use use(&deflated);
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      DiagSink sink;
      RenderOptions o = fixed_time();
      o.shape_cache = &worker;
      auto r = engine.render(jobs[j].first, source(jobs[j].second), sink, o);
      ASSERT_TRUE(r) << jobs[j].first[0] << " " << jobs[j].second;
      EXPECT_EQ(r->pdf, plain[j]) << "round " << round << ": " << jobs[j].first[0] << " " << jobs[j].second;
    }
    if (round == 0) {
      line_sets = worker.line_sets();
      line_hits = worker.line_hits();
      stream_hits = deflated.hits();
      EXPECT_GT(line_sets, 100u);  // kept on the first round
    } else if (round == 1) {
      // The second round took every paragraph's lines from the cache (nothing new kept)
      // and every page's content stream.
      EXPECT_EQ(worker.line_sets(), line_sets);
      EXPECT_GE(worker.line_hits() - line_hits, line_sets);
      EXPECT_GE(deflated.hits() - stream_hits, 2 * jobs.size());  // each has 2 pages or more
      emitted_lines = worker.emitted_lines();
      emitted_hits = worker.emitted_hits();
      EXPECT_GT(emitted_lines, 500u);  // kept on the second round
    }
  }
  // The third took every line's display items (text, tables, headings), the same bytes as
  // a render with no cache.
  EXPECT_EQ(worker.emitted_lines(), emitted_lines);
  EXPECT_GE(worker.emitted_hits() - emitted_hits, emitted_lines);
}

// A batch's workers tell each other what they shaped: a worker that misses in its own cache
// takes the paragraph, its lines and their display items from another's, and the bytes are
// those of a render with no cache. Nothing is owned by the shared index: once the workers
// that kept them are gone, it answers nothing.
TEST(Reuse, WorkersTakeWhatAnotherWorkerShaped) {
  Engine engine;
  const auto jobs = worker_jobs();
  const std::vector<std::string> plain = plain_renders(engine, jobs);
  auto render_all = [&](ShapeCache& worker, const char* who) {
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      DiagSink sink;
      RenderOptions o = fixed_time();
      o.shape_cache = &worker;
      auto r = engine.render(jobs[j].first, source(jobs[j].second), sink, o);
      ASSERT_TRUE(r) << who << ": " << jobs[j].first[0] << " " << jobs[j].second;
      EXPECT_EQ(r->pdf, plain[j]) << who << ": " << jobs[j].first[0] << " " << jobs[j].second;
    }
  };
  SharedShapes shared;
  {
    ShapeCache first;
    first.share(&shared);
    render_all(first, "first worker");
    EXPECT_EQ(shared.hits(), 0u);  // a worker's own paragraphs come from its own cache
    EXPECT_GT(shared.entries(), 100u);
    // Twice, so that the first worker keeps display items too.
    render_all(first, "first worker again");
    ShapeCache second;
    second.share(&shared);
    render_all(second, "second worker");
    // Every paragraph, every paragraph's lines and lines' items: from the first worker.
    EXPECT_GE(shared.hits(), first.line_sets() + first.emitted_lines());
    EXPECT_EQ(second.line_sets(), first.line_sets());
  }
  // Both workers are gone: what they kept is gone, and the index answers nothing.
  const std::size_t hits = shared.hits();
  ShapeCache third;
  third.share(&shared);
  render_all(third, "third worker");
  EXPECT_EQ(shared.hits(), hits);
}

// Two workers at once, each with its own cache, sharing one index (as `batch -j2` runs them):
// each takes what the other has shaped while it shapes, and every render's bytes are those of
// a render with no cache.
TEST(Reuse, TwoWorkersAtOnceShareWhatTheyShape) {
  Engine engine;
  const auto jobs = worker_jobs();
  const std::vector<std::string> plain = plain_renders(engine, jobs);
  SharedShapes shared;
  std::vector<std::string> failures[2];
  auto work = [&](int me) {
    ShapeCache mine;
    mine.share(&shared);
    for (int round = 0; round < 3; ++round) {
      for (std::size_t k = 0; k < jobs.size(); ++k) {
        // The two go through the jobs in opposite orders, so each meets the other's.
        const std::size_t j = me == 0 ? k : jobs.size() - 1 - k;
        DiagSink sink;
        RenderOptions o = fixed_time();
        o.shape_cache = &mine;
        auto r = engine.render(jobs[j].first, source(jobs[j].second), sink, o);
        if (!r || r->pdf != plain[j]) failures[me].push_back(jobs[j].first[0] + " " + jobs[j].second);
      }
    }
  };
  std::thread other(work, 1);
  work(0);
  other.join();
  EXPECT_TRUE(failures[0].empty()) << failures[0].front();
  EXPECT_TRUE(failures[1].empty()) << failures[1].front();
  EXPECT_GT(shared.hits(), 0u);
}

// What a worker's cache keeps stays within its bounds on a long run of small, different
// handouts (a title and two sentences each). It counted only glyphs and per-character arrays
// against them, not the allocations, spare capacity and other members, which on such small
// paragraphs were as much again; and lines it kept held their paragraphs alive after the
// paragraphs had been let go. The heap is read from the C library (glibc's malloc: the test
// program does not use mimalloc).
TEST(Reuse, ACacheKeepsToItsBoundsOnSmallDifferentParagraphs) {
  auto heap = [] {
    const struct mallinfo2 m = ::mallinfo2();
    return m.uordblks + m.hblkhd;
  };
  {
    const std::size_t before = heap();
    auto probe = std::make_unique<std::vector<char>>(std::size_t{1} << 20, 'x');
    if (heap() < before + (std::size_t{1} << 20)) GTEST_SKIP() << "the allocator does not report to mallinfo2 (a sanitizer)";
  }
  Engine engine;
  DiagSink layout_sink;
  const auto spec = load_layout(source("layouts/a4.json"), layout_sink);
  ASSERT_TRUE(spec);
  const char* const words[] = {"wound", "dressing", "clean", "water", "change", "daily", "redness", "swelling",
                               "fever", "doctor", "nurse", "bandage", "keep", "dry", "shower", "pain"};
  auto article = [&](int i) {
    std::string text = R"({"lang": "en", "title": "Topic )" + std::to_string(i) + R"(", "blocks": [)";
    for (int k = 0; k < 2; ++k) {
      text += std::string(k ? "," : "") + R"({"type": "paragraph", "text": ")";
      for (int w = 0; w < 12; ++w) text += std::string(words[(i * 7 + k * 5 + w * w) % 16]) + " ";
      text += std::to_string(i) + "." + std::to_string(k) + R"("})";
    }
    text += "]}";
    DiagSink sink;
    auto doc = parse_json_text("t" + std::to_string(i) + ".json", text, sink);
    return read_article(std::move(*doc), sink);
  };
  auto render = [&](int i, ShapeCache& cache) {
    const auto a = article(i);
    ASSERT_TRUE(a);
    DiagSink sink;
    RenderOptions o = fixed_time();
    o.shape_cache = &cache;
    ASSERT_TRUE(engine.render(std::vector<const Article*>{&*a}, *spec, sink, o));
  };
  {
    ShapeCache warm;  // the fonts' own tables and caches, made once
    for (int i = 0; i < 20; ++i) render(100000 + i, warm);
  }
  constexpr std::size_t kBound = 512u << 10, kLineBound = 128u << 10;  // 1.25 MiB in all
  std::size_t most = 0;
  // After n different handouts (about 20 KB of shaped text each: the bounds are reached and
  // the cache starts again several times), what the cache keeps is what its end gives back.
  for (int n = 20; n <= 120; n += 5) {
    auto cache = std::make_unique<ShapeCache>(kBound, kLineBound);
    for (int i = 0; i < n; ++i) render(n * 1000 + i, *cache);
    const std::size_t counted =
        cache->run_bytes() + cache->paragraph_bytes() + cache->line_bytes() + cache->emitted_bytes();
    const std::size_t with = heap();
    cache.reset();
    const std::size_t kept = with - std::min(with, heap());
    most = std::max(most, kept);
    EXPECT_LE(kept, counted + counted / 10 + (16u << 10)) << "after " << n << " handouts";
    EXPECT_LE(kept, 2 * kBound + 2 * kLineBound) << "after " << n << " handouts";
  }
  EXPECT_GT(most, kBound);  // the bounds were reached
}

}  // namespace
}  // namespace handout
