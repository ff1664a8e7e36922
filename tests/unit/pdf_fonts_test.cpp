// The PDF's fonts address glyphs by two-byte CIDs, one per distinct glyph and text pair
// (issue 9): a document that needs more in one font is refused with the place of the text
// that ran out, never written with a CID that wrapped round to another glyph.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <hpdf.h>
#include <hpdf_utils.h>
#include <zlib.h>

#include "core/diag.h"
#include "core/display.h"
#include "core/side_lane.h"
#include "font/font_book.h"
#include "output/pdf_fonts.h"
#include "output/pdf_writer.h"
#include "output/subset_cache.h"

namespace handout {
namespace {

// One page whose text items use `pairs` distinct (glyph, text) pairs of `font`: glyph 3
// standing for the numbers 0, 1, 2, … (a CID per distinct text), 1000 glyphs an item.
Document document_with_pairs(FontId font, int pairs) {
  Document doc;
  doc.title = "t";
  doc.lang = "en";
  doc.side_langs = {"en"};
  DisplayPage page;
  page.width = Pt(595);
  page.height = Pt(842);
  for (int first = 0; first < pairs; first += 1000) {
    TextItem t;
    t.font = font;
    t.size = Pt(10);
    t.origin = Point{Pt(10), Pt(20)};
    t.lang = "en";
    t.block = first / 1000;
    for (int n = first; n < std::min(pairs, first + 1000); ++n) {
      const auto begin = static_cast<std::uint32_t>(t.text.size());
      t.text += std::to_string(n);
      t.add_glyph(3, Pt(0), Pt(0), Pt(1), begin, static_cast<std::uint32_t>(t.text.size()) - begin);
    }
    page.items.emplace_back(std::move(t));
  }
  doc.pages.push_back(std::move(page));
  return doc;
}

// Subsets are made from the font without cmap and the layout tables: a PDF viewer reads
// neither (CIDToGIDMap picks the glyphs), and hb-subset spends most of a subset on the cmap.
TEST(PdfFonts, SubsetsComeFromAFaceWithoutCmapOrLayoutTables) {
  FontBook book;
  DiagSink sink;
  const auto font = book.load(std::string(HANDOUT_SOURCE_DIR) + "/fonts/NotoNaskhArabic-Regular.ttf", sink, Location{});
  ASSERT_TRUE(font);
  const FontFace& face = book.face(*font);
  auto length = [](hb_face_t* f, hb_tag_t tag) {
    hb_blob_t* blob = hb_face_reference_table(f, tag);
    const unsigned n = hb_blob_get_length(blob);
    hb_blob_destroy(blob);
    return n;
  };
  ASSERT_GT(length(face.face.get(), HB_TAG('c', 'm', 'a', 'p')), 0u);
  ASSERT_GT(length(face.face.get(), HB_TAG('G', 'S', 'U', 'B')), 0u);
  hb_face_t* subset_from = face.subset_face();
  for (hb_tag_t tag : {HB_TAG('c', 'm', 'a', 'p'), HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
                       HB_TAG('G', 'D', 'E', 'F')}) {
    EXPECT_EQ(length(subset_from, tag), 0u);
  }
  for (hb_tag_t tag : {HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'm', 't', 'x'),
                       HB_TAG('h', 'e', 'a', 'd')}) {
    EXPECT_EQ(length(subset_from, tag), length(face.face.get(), tag));
  }
  EXPECT_EQ(hb_face_get_glyph_count(subset_from), hb_face_get_glyph_count(face.face.get()));
}

// The mapping of /proc/self/maps that holds `p` ("" when none), by its file name.
std::string mapped_file_at(const void* p) {
  std::ifstream maps("/proc/self/maps");
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  for (std::string line; std::getline(maps, line);) {
    const auto dash = line.find('-');
    const std::uintptr_t begin = std::stoull(line.substr(0, dash), nullptr, 16);
    const std::uintptr_t end = std::stoull(line.substr(dash + 1), nullptr, 16);
    if (at < begin || at >= end) continue;
    const auto slash = line.find('/');
    return slash == std::string::npos ? std::string() : line.substr(slash);
  }
  return "";
}

std::string table_bytes(hb_face_t* f, hb_tag_t tag, const char** data = nullptr) {
  hb_blob_t* blob = hb_face_reference_table(f, tag);
  unsigned n = 0;
  const char* bytes = hb_blob_get_data(blob, &n);
  std::string out(bytes ? bytes : "", n);
  if (data) *data = bytes;
  hb_blob_destroy(blob);
  return out;
}

// The font file at `path` loaded into `book`; null (and a test failure) if it cannot be.
const FontFace* load_bundled(FontBook& book, const std::string& path) {
  DiagSink sink;
  const auto font = book.load(path, sink, Location{});
  if (!font) {
    ADD_FAILURE() << "cannot load " << path;
    return nullptr;
  }
  return &book.face(*font);
}

// Threads subsetting one font at once, right after its preprocessed face is made (a new book
// each round, so the face's table cache starts empty), get the bytes one thread gets.
// HarfBuzz 6.0 (Debian 12) left that cache unlocked (FontFace::subset_source): two batch
// workers filling it at once leaked a glyf table (LeakSanitizer, CI of 62b5601, 362 KB) or
// could tear the map. Under the sanitizer build a leak or a torn map fails this test.
TEST(PdfFonts, ThreadsSubsettingOneFontAtOnceGetTheBytesOfOne) {
  const std::string path = std::string(HANDOUT_SOURCE_DIR) + "/fonts/NotoSans-Regular.ttf";
  std::vector<std::vector<std::uint32_t>> sets;
  // Small subsets: each is mostly the lookups of the face's tables, where the race was.
  for (std::uint32_t k = 0; k < 6; ++k) sets.push_back({3 + k, 40 + 7 * k, 300 + 11 * k});
  struct Made {
    std::string file;
    std::map<std::uint32_t, std::uint32_t> old_to_new;
  };
  auto make = [](const FontFace& face, const std::vector<std::uint32_t>& gids) {
    std::string error;
    auto sub = subset_font(face, gids, false, error);
    return sub ? Made{sub->deflated, sub->old_to_new} : Made{"error: " + error, {}};
  };
  std::vector<Made> want;
  {
    FontBook book;
    const FontFace* face = load_bundled(book, path);
    ASSERT_NE(face, nullptr);
    for (const auto& gids : sets) want.push_back(make(*face, gids));
  }
  for (const Made& m : want) ASSERT_GT(m.file.size(), 200u) << m.file;
  constexpr int kThreads = 8;
  for (int round = 0; round < 40; ++round) {
    FontBook book;
    const FontFace* face = load_bundled(book, path);
    ASSERT_NE(face, nullptr);
    // The plain face's few subsets: the next ones come from the preprocessed face.
    for (int i = 0; i < 4; ++i) ASSERT_EQ(make(*face, sets[0]).file, want[0].file);
    std::atomic<int> ready{0};
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        ready.fetch_add(1);
        while (ready.load() < kThreads) std::this_thread::yield();
        for (std::size_t j = 0; j < sets.size(); ++j) {
          const std::size_t k = (t + j) % sets.size();
          const Made got = make(*face, sets[k]);
          if (got.file != want[k].file || got.old_to_new != want[k].old_to_new) wrong.fetch_add(1);
        }
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(wrong.load(), 0) << "round " << round;
  }
}

// The face subsets come from is the font file mapped again with a shorter table directory:
// its tables are the file's pages (shared with the face's mapping), not a copy in memory.
TEST(PdfFonts, TheSubsetFaceIsTheFontFileMappedAgain) {
  FontBook book;
  const std::string path = std::string(HANDOUT_SOURCE_DIR) + "/fonts/NotoSans-Regular.ttf";
  const FontFace* loaded = load_bundled(book, path);
  ASSERT_NE(loaded, nullptr);
  const FontFace& face = *loaded;
  hb_face_t* subset_from = face.subset_face();
  const char* glyf = nullptr;
  const std::string bytes = table_bytes(subset_from, HB_TAG('g', 'l', 'y', 'f'), &glyf);
  EXPECT_EQ(bytes, table_bytes(face.face.get(), HB_TAG('g', 'l', 'y', 'f')));
  EXPECT_GT(bytes.size(), 100000u);
  EXPECT_EQ(mapped_file_at(glyf), path);
  EXPECT_EQ(table_bytes(subset_from, HB_TAG('c', 'm', 'a', 'p')), "");
}

// A loaded font is its file mapped, and the identity kept for it (device, inode, size,
// modification time) is that file's, taken from the same open file.
TEST(PdfFonts, ALoadedFontIsItsFileMappedWithItsIdentity) {
  FontBook book;
  const std::string path = std::string(HANDOUT_SOURCE_DIR) + "/fonts/NotoNaskhArabic-Bold.ttf";
  const FontFace* loaded = load_bundled(book, path);
  ASSERT_NE(loaded, nullptr);
  const FontFace& face = *loaded;
  unsigned size = 0;
  const char* data = hb_blob_get_data(face.blob.get(), &size);
  EXPECT_EQ(mapped_file_at(data), path);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(size, static_cast<unsigned>(st.st_size));
  const std::array<std::int64_t, 4> want = {
      static_cast<std::int64_t>(st.st_dev), static_cast<std::int64_t>(st.st_ino), static_cast<std::int64_t>(st.st_size),
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
  EXPECT_EQ(face.file_id, want);
}

// A font that cannot be mapped (an empty file) is read by HarfBuzz and refused as before.
TEST(PdfFonts, AnEmptyFontFileIsRefused) {
  const std::string path = ::testing::TempDir() + "/handout-empty-font.ttf";
  std::ofstream(path, std::ios::binary).close();
  FontBook book;
  DiagSink sink;
  EXPECT_FALSE(book.load(path, sink, Location{}));
  ASSERT_EQ(sink.error_count(), 1);
  EXPECT_NE(format_diag(sink.all()[0]).find("not a font file"), std::string::npos) << format_diag(sink.all()[0]);
  std::remove(path.c_str());
}

// A font file replaced after it was loaded (another file now has its name): the subset face
// is made from the bytes the face was read from, copied, not from the new file.
TEST(PdfFonts, AFontFileReplacedSinceLoadingIsNotMappedAgain) {
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "/handout-replaced-font.ttf";
  const std::string other = dir + "/handout-replacing-font.ttf";
  auto copy = [](const std::string& from, const std::string& to) {
    std::ifstream in(from, std::ios::binary);
    std::ofstream(to, std::ios::binary) << in.rdbuf();
  };
  copy(std::string(HANDOUT_SOURCE_DIR) + "/fonts/NotoNaskhArabic-Regular.ttf", path);
  copy(std::string(HANDOUT_SOURCE_DIR) + "/fonts/NotoNaskhArabic-Bold.ttf", other);
  FontBook book;
  DiagSink sink;
  const auto font = book.load(path, sink, Location{});
  ASSERT_TRUE(font);
  ASSERT_EQ(std::rename(other.c_str(), path.c_str()), 0);
  const FontFace& face = book.face(*font);
  hb_face_t* subset_from = face.subset_face();
  const char* glyf = nullptr;
  EXPECT_EQ(table_bytes(subset_from, HB_TAG('g', 'l', 'y', 'f'), &glyf), table_bytes(face.face.get(), HB_TAG('g', 'l', 'y', 'f')));
  EXPECT_EQ(table_bytes(subset_from, HB_TAG('h', 'm', 't', 'x')), table_bytes(face.face.get(), HB_TAG('h', 'm', 't', 'x')));
  EXPECT_NE(mapped_file_at(glyf).rfind(path, 0), 0u);  // not in a mapping of either file
  EXPECT_EQ(table_bytes(subset_from, HB_TAG('G', 'S', 'U', 'B')), "");
  std::remove(path.c_str());
}

TEST(PdfFonts, MoreThan65535GlyphTextPairsInOneFontAreRefusedWithTheirPlace) {
  FontBook book;
  DiagSink sink;
  const auto font = book.load(std::string(HANDOUT_SOURCE_DIR) + "/fonts/NotoSans-Regular.ttf", sink, Location{});
  ASSERT_TRUE(font.has_value()) << (sink.all().empty() ? "" : format_diag(sink.all()[0]));
  PdfOptions options;
  options.compress = false;
  options.standard = PdfStandard::kNone;
  std::vector<int> located;
  options.locate = [&](const TextItem& t) {
    located.push_back(t.block);
    return Location{"a.json", 1, 1, "/blocks/" + std::to_string(t.block)};
  };

  // 65,535 pairs fit (CIDs 1 to 65535; 0 is .notdef).
  const auto full = write_pdf(document_with_pairs(*font, 65535), book, sink, options);
  ASSERT_TRUE(full.has_value());
  // The widths go in runs of at most 8191 (PDF 1.4's array limit; libharu's is 32767).
  EXPECT_NE(full->find("/W [ 1 ["), std::string::npos);
  EXPECT_NE(full->find("] 57338 ["), std::string::npos);
  if (const char* out = std::getenv("HANDOUT_TEST_PDF")) std::ofstream(out, std::ios::binary) << *full;
  EXPECT_EQ(sink.error_count(), 0) << (sink.all().empty() ? "" : format_diag(sink.all()[0]));

  // One more is refused at the item that ran out (the 66th, block 65), with no PDF.
  const auto pdf = write_pdf(document_with_pairs(*font, 65536), book, sink, options);
  EXPECT_FALSE(pdf.has_value());
  ASSERT_EQ(sink.error_count(), 1);
  const std::string message = format_diag(sink.all().back());
  EXPECT_NE(message.find("a.json:1:1: error:"), std::string::npos) << message;
  EXPECT_NE(message.find("(at /blocks/65)"), std::string::npos) << message;
  EXPECT_NE(message.find("more than 65535 distinct glyphs"), std::string::npos) << message;
  ASSERT_EQ(located.size(), 1u);
  EXPECT_EQ(located[0], 65);
}

// Checking without writing (PdfOptions::check_only, POST /validate) gives each glyph its code
// as writing does: it refuses what writing refuses, at the same item, with the same words,
// and makes no PDF (an empty one when nothing is refused). Page by page (PdfPageWriter), a
// font that runs out in the furniture, given at the end, is refused there.
TEST(PdfFonts, CheckingWithoutWritingRefusesWhatWritingRefuses) {
  FontBook book;
  DiagSink loading;
  const auto font = book.load(std::string(HANDOUT_SOURCE_DIR) + "/fonts/NotoSans-Regular.ttf", loading, Location{});
  ASSERT_TRUE(font.has_value());
  auto options = [](bool check) {
    PdfOptions o;
    o.check_only = check;
    o.locate = [](const TextItem& t) { return Location{"a.json", 1, 1, "/blocks/" + std::to_string(t.block)}; };
    return o;
  };
  for (const int pairs : {65535, 65536}) {
    std::vector<std::string> said[2];
    std::optional<std::string> made[2];
    for (const bool check : {false, true}) {
      DiagSink sink;
      Document doc = document_with_pairs(*font, pairs);
      made[check] = write_pdf_releasing(doc, book, sink, options(check));
      for (const auto& d : sink.all()) said[check].push_back(format_diag(d));
    }
    EXPECT_EQ(said[1], said[0]) << pairs;
    EXPECT_EQ(made[1].has_value(), made[0].has_value()) << pairs;
    EXPECT_EQ(made[0].has_value(), pairs == 65535);
    if (made[1]) EXPECT_TRUE(made[1]->empty());
  }
  // The body's 65,000 pairs, then furniture of 536 more.
  Document doc = document_with_pairs(*font, 65000);
  Document furniture = document_with_pairs(*font, 65536);
  furniture.pages[0].items.erase(furniture.pages[0].items.begin(), furniture.pages[0].items.begin() + 65);
  DiagSink sink;
  PdfPageWriter checker(doc, book, sink, options(true));
  ASSERT_TRUE(checker.add_page(doc.pages[0], 0));
  EXPECT_EQ(sink.error_count(), 0);
  EXPECT_FALSE(checker.finish([&](std::size_t) { return furniture.pages[0].items; }).has_value());
  ASSERT_EQ(sink.error_count(), 1);
  const std::string message = format_diag(sink.all().back());
  EXPECT_NE(message.find("more than 65535 distinct glyphs"), std::string::npos) << message;
  EXPECT_NE(message.find("(at /blocks/65)"), std::string::npos) << message;
}

// A literal string's bytes as a PDF reader reads them (ISO 32000-1, 7.3.4.2): escapes, nested
// parentheses, and an end of line (CR, LF or CR LF) as one line feed. `at` is just past the
// "(" and ends just past the ")".
std::string read_literal(const std::string& s, std::size_t& at) {
  std::string out;
  int depth = 1;
  while (at < s.size()) {
    const char c = s[at++];
    if (c == '\\') {
      const char e = s[at++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case '\r':
          if (at < s.size() && s[at] == '\n') ++at;
          break;
        case '\n': break;
        default:
          if (e >= '0' && e <= '7') {
            int v = e - '0';
            for (int k = 0; k < 2 && at < s.size() && s[at] >= '0' && s[at] <= '7'; ++k) v = v * 8 + (s[at++] - '0');
            out += static_cast<char>(v);
          } else {
            out += e;  // ( ) \ and any other character stand for themselves
          }
      }
    } else if (c == '\r') {
      if (at < s.size() && s[at] == '\n') ++at;
      out += '\n';
    } else if (c == '(') {
      ++depth;
      out += c;
    } else if (c == ')') {
      if (--depth == 0) return out;
      out += c;
    } else {
      out += c;
    }
  }
  ADD_FAILURE() << "a literal string is not closed";
  return out;
}

// Glyphs are shown as literal strings of two-byte CIDs (half as long as hex), with the bytes
// a reader would take otherwise escaped: CIDs 13 (carriage return), 40 and 41 (parentheses),
// 92 (backslash), 296 and 297 (0x0128, 0x0129: a parenthesis as the low byte), and those
// bytes as the high byte (0x0D00, 0x2800, 0x2900, 0x5C00 and the CIDs around them) come back.
TEST(PdfFonts, ContentShowsGlyphsAsLiteralStringsReadBackToTheirCids) {
  FontBook book;
  DiagSink sink;
  const auto font = book.load(std::string(HANDOUT_SOURCE_DIR) + "/fonts/NotoSans-Regular.ttf", sink, Location{});
  ASSERT_TRUE(font.has_value());
  PdfOptions options;
  options.compress = false;  // the content as written
  options.standard = PdfStandard::kNone;
  constexpr int kPairs = 0x5C02;  // CIDs 1 to 0x5C02, in order of first use
  const auto pdf = write_pdf(document_with_pairs(*font, kPairs), book, sink, options);
  ASSERT_TRUE(pdf.has_value()) << sink.error_count();
  const std::size_t begin = pdf->find("BT\n");
  const std::size_t end = pdf->find("ET\n", begin);
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const std::string content = pdf->substr(begin, end - begin);
  std::vector<unsigned> cids;
  int hex_strings = 0;
  for (std::size_t at = 0; at < content.size();) {
    const char c = content[at++];
    if (c == '(') {
      const std::string bytes = read_literal(content, at);
      EXPECT_EQ(bytes.size() % 2, 0u);
      for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        cids.push_back(static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 8 |
                       static_cast<unsigned char>(bytes[i + 1]));
      }
    } else if (c == '<') {
      ++hex_strings;
    }
  }
  EXPECT_EQ(hex_strings, 0);
  ASSERT_EQ(cids.size(), static_cast<std::size_t>(kPairs));
  for (int i = 0; i < kPairs; ++i) EXPECT_EQ(cids[static_cast<std::size_t>(i)], static_cast<unsigned>(i + 1)) << i;
}

// Noto Sans and Noto Naskh Arabic in a book, and a font set over it (not compressed).
struct SansAndNaskh {
  FontBook book;
  DiagSink sink;
  std::optional<FontId> sans = book.load(std::string(HANDOUT_SOURCE_DIR) + "/fonts/NotoSans-Regular.ttf", sink, Location{});
  std::optional<FontId> naskh =
      book.load(std::string(HANDOUT_SOURCE_DIR) + "/fonts/NotoNaskhArabic-Regular.ttf", sink, Location{});
  PdfFontSet set{book, nullptr, false};
};

// A code per distinct (font, glyph, text): the lookup by font and glyph alone that finds
// a glyph's usual code must still tell its texts apart (a glyph drawn for two texts, as
// a mirrored bracket or a ligature can be), in either order of first use.
TEST(PdfFonts, OneCodePerFontGlyphAndText) {
  SansAndNaskh fonts;
  ASSERT_TRUE(fonts.sans && fonts.naskh);
  const FontId sans = *fonts.sans, naskh = *fonts.naskh;
  PdfFontSet& set = fonts.set;
  const std::uint32_t a = set.code(sans, 5, "a");
  EXPECT_EQ(set.code(sans, 5, "a"), a);
  const std::uint32_t b = set.code(sans, 5, "b");
  EXPECT_NE(b, a);
  EXPECT_EQ(set.code(sans, 5, "b"), b);
  EXPECT_EQ(set.code(sans, 5, "a"), a);
  const std::uint32_t other_glyph = set.code(sans, 6, "a");
  const std::uint32_t other_font = set.code(naskh, 5, "a");
  EXPECT_NE(other_glyph, a);
  EXPECT_NE(other_font, a);
  EXPECT_NE(other_font, other_glyph);
  EXPECT_EQ(set.code(naskh, 5, "a"), other_font);
  // Right to left, a ligature's text is kept reversed: "ab" and "ba" meet in one code.
  const std::uint32_t lig = set.code(naskh, 9, "ab", true);
  EXPECT_EQ(set.code(naskh, 9, "ba"), lig);
  EXPECT_EQ(set.code(naskh, 9, "ab", true), lig);
  EXPECT_NE(set.code(naskh, 9, "ab"), lig);
}

// A glyph's first code is found again by font and glyph for a call with the first call's
// text and direction; any other call goes by the text kept: the same text written left to
// right and right to left gives two codes (kept as "ba" and as "ab"), a text with a bidi
// control is the text without it, and glyph ids past the table of first codes still work.
TEST(PdfFonts, FirstCodeOnlyForTheSameTextAndDirection) {
  SansAndNaskh fonts;
  ASSERT_TRUE(fonts.sans && fonts.naskh);
  const FontId sans = *fonts.sans, naskh = *fonts.naskh;
  PdfFontSet& set = fonts.set;
  const std::uint32_t ba = set.code(naskh, 12, "ba");
  const std::uint32_t ab = set.code(naskh, 12, "ba", true);  // kept as "ab"
  EXPECT_NE(ab, ba);
  EXPECT_EQ(set.code(naskh, 12, "ab"), ab);
  EXPECT_EQ(set.code(naskh, 12, "ba"), ba);
  EXPECT_EQ(set.code(naskh, 12, "ba", true), ab);
  EXPECT_EQ(set.code(naskh, 12, "ab", true), ba);
  const std::uint32_t x = set.code(sans, 7, "x");
  EXPECT_EQ(set.code(sans, 7, "x\xE2\x80\x8F"), x);  // RIGHT-TO-LEFT MARK dropped
  EXPECT_EQ(set.code(sans, 7, "\xE2\x80\xAAx"), x);  // LEFT-TO-RIGHT EMBEDDING dropped
  EXPECT_EQ(set.code(sans, 7, "x"), x);
  const std::uint32_t far = set.code(sans, 0x10005, "y");
  EXPECT_NE(far, 0u);
  EXPECT_EQ(set.code(sans, 0x10005, "y"), far);
  EXPECT_NE(set.code(sans, 0x10005, "z"), far);
  EXPECT_NE(set.code(sans, 0x10006, "y"), far);
}

// A font's CIDToGIDMap and ToUnicode streams are kept in the subset cache by the glyphs and
// texts of its CIDs: the same document again takes them from there, one whose CIDs stand
// for other texts (with the same glyph, so the same subset) gets its own; the bytes are
// those of a write without the cache.
TEST(PdfFonts, FontStreamsAreCachedByTheirCidsGlyphsAndTexts) {
  SansAndNaskh fonts;
  ASSERT_TRUE(fonts.sans.has_value());
  FontBook& book = fonts.book;
  DiagSink& sink = fonts.sink;
  const FontId font = *fonts.sans;
  SubsetCache cache;
  PdfOptions cached;
  cached.subsets = &cache;
  const Document fifty = document_with_pairs(font, 50);
  const Document sixty = document_with_pairs(font, 60);
  const auto first = write_pdf(fifty, book, sink, cached);
  ASSERT_TRUE(first.has_value()) << sink.error_count();
  EXPECT_EQ(cache.streams_stored(), 1u);
  const auto again = write_pdf(fifty, book, sink, cached);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(cache.streams_stored(), 1u);  // found, not made again
  EXPECT_TRUE(*again == *first);
  EXPECT_TRUE(*write_pdf(fifty, book, sink) == *first);
  const auto other = write_pdf(sixty, book, sink, cached);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(cache.streams_stored(), 2u);
  EXPECT_TRUE(*write_pdf(sixty, book, sink) == *other);
}

// With a second thread (PdfOptions::lane) the page content, the font files and the CMaps
// may be deflated by either thread: the bytes are those of one thread, whichever did what,
// and what goes into the cache is what one thread would have put there. The test-only hook
// (HANDOUT_TEST_SIDE_LANE) that leaves the lane idle ("never"), has it sleep before each
// task ("slow"), gives it every task ("all") or has it stall inside each task it starts, so
// that the writer does that work too ("stall"), changes nothing either.
TEST(PdfFonts, ALaneDeflatingAnyPartGivesTheBytesOfOneThread) {
  SansAndNaskh fonts;
  ASSERT_TRUE(fonts.sans.has_value());
  ASSERT_TRUE(fonts.naskh.has_value());
  FontBook& book = fonts.book;
  DiagSink& sink = fonts.sink;
  Document doc = document_with_pairs(*fonts.sans, 300);
  for (int p = 0; p < 3; ++p) {
    DisplayPage page = document_with_pairs(p == 1 ? *fonts.naskh : *fonts.sans, 200 + 100 * p).pages.front();
    doc.pages.push_back(std::move(page));
  }
  SubsetCache alone_cache;
  PdfOptions alone;
  alone.subsets = &alone_cache;
  const auto want = write_pdf(doc, book, sink, alone);
  ASSERT_TRUE(want.has_value()) << sink.error_count();
  for (const char* hook : {"", "slow", "never", "all", "stall"}) {
    if (*hook) setenv("HANDOUT_TEST_SIDE_LANE", hook, 1);
    else unsetenv("HANDOUT_TEST_SIDE_LANE");
    std::size_t ran = 0;
    for (int attempt = 0; attempt < 20; ++attempt) {
      SideLane lane;
      SubsetCache cache;
      PdfOptions two;
      two.subsets = &cache;
      two.lane = &lane;
      const auto got = write_pdf(doc, book, sink, two);
      ASSERT_TRUE(got.has_value()) << hook;
      EXPECT_TRUE(*got == *want) << hook;
      EXPECT_EQ(cache.streams_stored(), alone_cache.streams_stored()) << hook;
      ran += lane.ran();
    }
    // The lane did none of the work when the hook kept it idle, all of it (its warm-up, four
    // pages, and a subset and streams per font, each write) when the hook waited for it;
    // otherwise what it did depends on when its thread ran.
    if (std::string(hook) == "never") EXPECT_EQ(ran, 0u);
    if (std::string(hook) == "all") EXPECT_EQ(ran, 20u * 7u);
  }
  unsetenv("HANDOUT_TEST_SIDE_LANE");
}

// The tags of a TrueType font file's table directory.
std::vector<std::string> table_tags(const std::string& font) {
  std::vector<std::string> tags;
  if (font.size() < 12) return tags;
  const std::size_t n = (static_cast<unsigned char>(font[4]) << 8) | static_cast<unsigned char>(font[5]);
  for (std::size_t i = 0; i < n && 12 + 16 * (i + 1) <= font.size(); ++i) tags.push_back(font.substr(12 + 16 * i, 4));
  return tags;
}

// An embedded subset keeps what a PDF reader draws with (ISO 32000-1, 9.9) and not the name
// table: the PDF names the font itself (BaseFont, FontName).
TEST(PdfFonts, SubsetFontFilesHaveNoNameTable) {
  SansAndNaskh fonts;
  ASSERT_TRUE(fonts.sans.has_value());
  {
    hb_blob_t* blob = hb_face_reference_table(fonts.book.face(*fonts.sans).face.get(), HB_TAG('n', 'a', 'm', 'e'));
    ASSERT_GT(hb_blob_get_length(blob), 0u);  // the font has one to drop
    hb_blob_destroy(blob);
  }
  SubsetCache cache;
  PdfOptions options;
  options.subsets = &cache;
  ASSERT_TRUE(write_pdf(document_with_pairs(*fonts.sans, 50), fonts.book, fonts.sink, options).has_value());
  const auto sub = cache.find(*fonts.sans, {3});  // the document's one glyph
  ASSERT_NE(sub, nullptr);
  std::string font(sub->length, '\0');
  uLongf n = font.size();
  ASSERT_EQ(uncompress(reinterpret_cast<Bytef*>(font.data()), &n, reinterpret_cast<const Bytef*>(sub->deflated.data()),
                       sub->deflated.size()),
            Z_OK);
  ASSERT_EQ(n, sub->length);
  const std::vector<std::string> tags = table_tags(font);
  for (const char* need : {"glyf", "head", "hhea", "hmtx", "loca", "maxp"}) {
    EXPECT_NE(std::find(tags.begin(), tags.end(), need), tags.end()) << need;
  }
  EXPECT_EQ(std::find(tags.begin(), tags.end(), "name"), tags.end());
}

// Whole widths go into /W as libharu numbers, the others as reals: the two write the same
// text for every whole number within the real's limits (so the file is unchanged).
TEST(PdfFonts, WholeWidthsWrittenAsIntegersReadAsTheyDidAsReals) {
  for (int v = HPDF_LIMIT_MIN_REAL; v <= HPDF_LIMIT_MAX_REAL; ++v) {
    char as_real[HPDF_REAL_LEN + 1];
    char as_int[HPDF_INT_LEN + 1];
    HPDF_FToA(as_real, static_cast<HPDF_REAL>(v), as_real + HPDF_REAL_LEN);
    HPDF_IToA(as_int, v, as_int + HPDF_INT_LEN);
    ASSERT_STREQ(as_real, as_int) << v;
  }
}

}  // namespace
}  // namespace handout
