// The writer's own stream compression (libdeflate) and its page-by-page release of the
// display list, with pages of rectangles: no fonts; and the numbers content streams hold.
#include <gtest/gtest.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <libdeflate.h>
#include <png.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/image.h"
#include "output/pdf_deflate.h"
#include "output/pdf_number.h"
#include "output/pdf_strings.h"
#include "output/pdf_writer.h"

namespace handout {
namespace {

std::string inflate_all(const std::string& z, std::size_t most = 1 << 22) {
  std::string out(most, '\0');
  uLongf n = out.size();
  EXPECT_EQ(uncompress(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(z.data()), z.size()),
            Z_OK);
  out.resize(n);
  return out;
}

// A content stream like the writer's: text and rectangle operators.
std::string content_like(int lines) {
  std::string s;
  for (int i = 0; i < lines; ++i) {
    s += "BT\n/F1 10 Tf\n0 0 0 rg\n1 0 0 1 56.69 " + std::to_string(700 - i * 12) + " Tm\n[<0012><00";
    s += std::to_string(10 + i % 80) + ">-12.5<0040>] TJ\nET\nq\n0.9 0.9 0.9 rg\n56 " + std::to_string(i) +
         " 480 0.5 re\nf\nQ\n";
  }
  return s;
}

TEST(PdfDeflate, ZlibReadsWhatItWrites) {
  for (const std::string& s : {std::string(), std::string("q Q\n"), content_like(200), std::string(100000, 'x')}) {
    EXPECT_TRUE(inflate_all(deflate_bytes(s)) == s) << s.size() << " bytes";
  }
}

TEST(PdfDeflate, TheChosenLevelIsNoLargerThanZlibsDefault) {
  const std::string s = content_like(400);
  uLongf n = compressBound(s.size());
  std::string z(n, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(z.data()), &n, reinterpret_cast<const Bytef*>(s.data()), s.size(),
                      Z_DEFAULT_COMPRESSION),
            Z_OK);
  EXPECT_LE(deflate_bytes(s).size(), n);
}

// A PNG's samples and alpha are deflated once, when the picture is loaded, by the writer's
// compressor at kImageDeflateLevel (libdeflate: smaller in all than zlib's default level
// was on the bundled pictures, for about half the instructions).
TEST(PdfDeflate, PngSamplesAreDeflatedAtTheImageLevel) {
  std::string error;
  const auto img = load_image(std::string(HANDOUT_SOURCE_DIR) + "/content/_template/images/picture.png", ImageLimits{},
                              error);
  ASSERT_TRUE(img) << error;
  ASSERT_FALSE(img->alpha.empty());  // a picture with transparency: both streams
  const std::size_t pixels = std::size_t{img->width} * img->height;
  const std::string samples = inflate_all(img->data);
  const std::string alpha = inflate_all(img->alpha);
  ASSERT_EQ(samples.size(), pixels * static_cast<std::size_t>(img->components));
  ASSERT_EQ(alpha.size(), pixels);
  EXPECT_TRUE(img->data == deflate_bytes(samples, kImageDeflateLevel));
  EXPECT_TRUE(img->alpha == deflate_bytes(alpha, kImageDeflateLevel));
}

// The IDAT bytes of a PNG file, joined, and where the first IDAT chunk starts.
std::string idat_of(const std::string& png, std::size_t* first = nullptr) {
  std::string out;
  for (std::size_t at = 8; at + 12 <= png.size();) {
    const std::size_t n = (std::size_t{static_cast<unsigned char>(png[at])} << 24) |
                          (std::size_t{static_cast<unsigned char>(png[at + 1])} << 16) |
                          (std::size_t{static_cast<unsigned char>(png[at + 2])} << 8) |
                          static_cast<unsigned char>(png[at + 3]);
    if (png.compare(at + 4, 4, "IDAT") == 0) {
      if (first && out.empty()) *first = at;
      out.append(png, at + 8, n);
    }
    at += 12 + n;
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// An opaque 8-bit RGB PNG keeps the file's own compressed rows (the PDF reads them with the
// PNG predictor); png_samples unpacks them to what libpng decodes from the file.
TEST(PdfDeflate, OpaquePngKeepsItsOwnRows) {
  const std::string path = std::string(HANDOUT_SOURCE_DIR) + "/content/showcase/images/hand-washing.png";
  std::string error;
  const auto img = load_image(path, ImageLimits{}, error);
  ASSERT_TRUE(img) << error;
  const std::string file = read_file(path);
  EXPECT_TRUE(img->png_rows);
  EXPECT_TRUE(img->alpha.empty());
  EXPECT_TRUE(img->data == idat_of(file));
  std::string samples, alpha;
  ASSERT_TRUE(png_samples(*img, samples, alpha));
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  ASSERT_TRUE(png_image_begin_read_from_memory(&png, file.data(), file.size()));
  png.format = PNG_FORMAT_RGB;
  std::string want(PNG_IMAGE_SIZE(png), '\0');
  ASSERT_TRUE(png_image_finish_read(&png, nullptr, want.data(), 0, nullptr));
  EXPECT_EQ(samples.size(), want.size());
  EXPECT_TRUE(samples == want);
  EXPECT_TRUE(alpha.empty());
}

// Rows whose chunks check out but whose stream is damaged are not kept: the picture goes to
// libpng, which names the damage, as before.
TEST(PdfDeflate, DamagedPngRowsAreRefusedNotKept) {
  const std::string good = read_file(std::string(HANDOUT_SOURCE_DIR) + "/content/showcase/images/hand-washing.png");
  std::size_t first = 0;
  const std::string idat = idat_of(good, &first);
  ASSERT_GT(idat.size(), 100u);
  const std::string dir = ::testing::TempDir();
  for (const bool fix_crc : {true, false}) {
    std::string bad = good;
    bad[first + 8 + 40] = static_cast<char>(bad[first + 8 + 40] ^ 0x5A);
    if (fix_crc) {
      const std::size_t n = idat.size();  // one IDAT chunk in this file
      const auto crc = static_cast<std::uint32_t>(
          crc32(0, reinterpret_cast<const Bytef*>(bad.data() + first + 4), static_cast<uInt>(n + 4)));
      for (int k = 0; k < 4; ++k) bad[first + 8 + n + k] = static_cast<char>(crc >> (24 - 8 * k));
    }
    const std::string path = dir + "/damaged-rows-" + std::to_string(fix_crc) + ".png";
    std::ofstream(path, std::ios::binary) << bad;
    std::string error;
    EXPECT_FALSE(load_image(path, ImageLimits{}, error)) << "fix_crc " << fix_crc;
    EXPECT_NE(error.find("PNG"), std::string::npos) << error;
    std::remove(path.c_str());
  }
}

// `data` as a zlib stream from a compressor of its own, made for this call.
std::string deflate_fresh(const std::string& data, int level) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  std::string out(libdeflate_zlib_compress_bound(c, data.size()), '\0');
  out.resize(libdeflate_zlib_compress(c, data.data(), data.size(), out.data(), out.size()));
  libdeflate_free_compressor(c);
  return out;
}

// A thread's compressors are made one after another in one block of memory: switching
// levels back and forth gives what a compressor of its own gives, and only a larger
// compressor (level 1's is a third of the others') needs a new block.
TEST(PdfDeflate, OneBlockServesEveryLevelOfAThread) {
  const std::string s = content_like(300);
  std::size_t blocks_before_large = 0, blocks_after_large = 0;
  std::vector<std::string> got, want;
  std::thread([&] {
    for (int level : {1, 4, 8, 5, 4, 5, 6, 7, 8, 9, 2, 1}) {
      got.push_back(deflate_bytes(s, level));
      pack_bytes(s, got.emplace_back());  // level 1, raw deflate
    }
    blocks_before_large = deflate_blocks_made();
    got.push_back(deflate_bytes(s, 10));  // a near-optimal compressor: 9 MB
    got.push_back(deflate_bytes(s, 4));
    blocks_after_large = deflate_blocks_made();
  }).join();
  for (int level : {1, 4, 8, 5, 4, 5, 6, 7, 8, 9, 2, 1}) {
    want.push_back(deflate_fresh(s, level));
    std::string packed;
    pack_bytes(s, packed);
    want.push_back(packed);
  }
  want.push_back(deflate_fresh(s, 10));
  want.push_back(deflate_fresh(s, 4));
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(got[i] == want[i]) << "call " << i;
  EXPECT_EQ(blocks_before_large, 2u);  // level 1's, then one for levels 2 to 9
  EXPECT_EQ(blocks_after_large, 3u);
}

// A block readied by one thread (a render's second thread, for the main thread's first
// compressor) is taken by the next thread that needs one of its size, and what that thread
// deflates is what a compressor of its own gives.
TEST(PdfDeflate, AThreadTakesTheBlockAnotherReadied) {
  const std::string s = content_like(300);
  std::thread([] { ready_deflate_block(1); }).join();
  const std::size_t waiting = deflate_blocks_ready();
  ASSERT_GE(waiting, 1u);
  std::thread([] { ready_deflate_block(1); }).join();  // one waits already: nothing more
  EXPECT_EQ(deflate_blocks_ready(), waiting);
  std::string got;
  std::thread([&] { got = deflate_bytes(s, 1); }).join();
  EXPECT_EQ(deflate_blocks_ready(), waiting - 1);
  EXPECT_TRUE(got == deflate_fresh(s, 1));
}

// `n` pages, each with `per_page` rectangles.
Document rectangles(std::size_t n, int per_page) {
  Document doc;
  doc.title = "Rectangles";
  doc.lang = "en";
  for (std::size_t i = 0; i < n; ++i) {
    DisplayPage p{mm(210), mm(297), {}, std::nullopt, {}};
    for (int k = 0; k < per_page; ++k) {
      p.items.push_back(RectItem{Rect{Pt(10 + k), Pt(10 + static_cast<double>(i)), Pt(100), Pt(5)}, Color{},
                                 std::nullopt, Pt(0)});
    }
    doc.pages.push_back(std::move(p));
  }
  return doc;
}

// Every stream of a PDF, raw.
std::vector<std::string> streams(const std::string& pdf) {
  std::vector<std::string> out;
  for (std::size_t at = pdf.find("stream\r\n"); at != std::string::npos; at = pdf.find("stream\r\n", at + 1)) {
    const std::size_t begin = at + 8;
    const std::size_t end = pdf.find("\nendstream", begin);
    if (end == std::string::npos) break;
    out.push_back(pdf.substr(begin, end - begin));
    at = end;
  }
  return out;
}

// rectangles() written as a PDF of `standard` (a failure, with the error count, if refused).
std::optional<std::string> rectangles_pdf(std::size_t n, int per_page, PdfStandard standard) {
  FontBook book;
  DiagSink sink;
  PdfOptions options;
  options.standard = standard;
  auto pdf = write_pdf(rectangles(n, per_page), book, sink, options);
  EXPECT_TRUE(pdf) << sink.error_count();
  return pdf;
}

TEST(PdfWriter, PageContentIsDeflatedAsItIsWritten) {
  const auto pdf = rectangles_pdf(3, 50, PdfStandard::kNone);
  ASSERT_TRUE(pdf);
  // libharu's own deflate wrote an array (/Filter [/FlateDecode]); ours is the plain name.
  EXPECT_EQ(pdf->find("[/FlateDecode]"), std::string::npos);
  int contents = 0;
  for (const auto& s : streams(*pdf)) {
    const std::string text = inflate_all(s);
    if (text.find(" re\n") != std::string::npos) ++contents;
  }
  EXPECT_EQ(contents, 3);
}

// Tagged output: the bookmarks are written by the object-stream pass (PdfOutline), nested
// by level, each open (its /Count all its descendants) and opening its page at the heading.
TEST(PdfWriter, TaggedBookmarksAreWrittenWithTheObjectStreams) {
  FontBook book;
  DiagSink sink;
  PdfOptions options;
  options.compress = false;  // the object streams readable as they are
  Document doc = rectangles(2, 1);
  doc.outline = {{"One", 1, 0, Pt(100)}, {"One a", 2, 0, Pt(300)}, {"One b", 2, 1, Pt(50)}, {"Two", 1, 1, Pt(400)}};
  const auto pdf = write_pdf(doc, book, sink, options);
  ASSERT_TRUE(pdf) << sink.error_count();
  auto line_of = [&](const std::string& start) {
    const std::size_t at = pdf->find(start);
    return at == std::string::npos ? std::string() : pdf->substr(at, pdf->find('\n', at) - at);
  };
  auto title = [](const std::string& t) {
    std::string s = "<</Title";
    append_text_string(s, t);
    return s;
  };
  const std::string root = line_of("<</Type/Outlines");
  const std::string one = line_of(title("One")), one_a = line_of(title("One a")), one_b = line_of(title("One b")),
                    two = line_of(title("Two"));
  ASSERT_FALSE(root.empty());
  ASSERT_FALSE(one.empty());
  ASSERT_FALSE(one_b.empty());
  ASSERT_FALSE(two.empty());
  EXPECT_EQ(pdf->find("/Type /Outlines"), std::string::npos);  // none of libharu's
  // A4 is 841.89 points high: One is 100 points down, its destination 4 above it.
  const std::vector<std::tuple<const std::string*, const char*, bool>> keys = {
      {&root, "/Count 4>>", true}, {&one, "/Count 2", true},  {&one, "/Prev", false},  {&one, "/Next ", true},
      {&one, "/First ", true},     {&one_a, "/Next ", true},  {&one_a, "/Count", false}, {&one_b, "/Prev ", true},
      {&one_b, "/Next", false},    {&two, "/Prev ", true},    {&two, "/Count", false},  {&one, "/FitH 745.89]", true},
      {&two, "/FitH 445.89]", true}};
  for (const auto& [entry, key, present] : keys) {
    EXPECT_EQ(entry->find(key) != std::string::npos, present) << key << " in " << *entry;
  }
  // One's and Two's pages differ; One b opens Two's page.
  const auto page_of = [](const std::string& e) { return e.substr(e.find("/Dest[") + 6, e.find(" 0 R/FitH") - e.find("/Dest[") - 6); };
  EXPECT_NE(page_of(one), page_of(two));
  EXPECT_EQ(page_of(one_b), page_of(two));
  EXPECT_EQ(page_of(one_a), page_of(one));
  EXPECT_NE(pdf->find("/PageMode /UseOutlines"), std::string::npos);
}

// The OutputIntent's profile, deflated at build time (tools/icc_deflate.cpp), is the file in
// resources/icc byte for byte once inflated, and no larger deflated than at run time's level.
TEST(PdfWriter, TheOutputIntentProfileInflatesToTheBundledFile) {
  std::ifstream in(std::string(HANDOUT_SOURCE_DIR) + "/resources/icc/sRGB.icc", std::ios::binary);
  const std::string icc{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  ASSERT_GT(icc.size(), 128u);
  const auto pdf = rectangles_pdf(1, 1, PdfStandard::kUa1A2a);
  ASSERT_TRUE(pdf);
  int found = 0;
  for (const auto& s : streams(*pdf)) {
    std::string out(icc.size() + 1, '\0');  // the XMP is not deflated: uncompress fails on it
    uLongf n = out.size();
    if (uncompress(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(s.data()), s.size()) ==
            Z_OK &&
        out.substr(0, n) == icc) {
      ++found;
      EXPECT_LE(s.size(), deflate_bytes(icc).size());
    }
  }
  EXPECT_EQ(found, 1);
}

TEST(PdfWriter, ReleasingPagesGivesTheSameBytesAndFreesTheirItems) {
  FontBook book;
  for (const PdfStandard standard : {PdfStandard::kNone, PdfStandard::kUa1A2a}) {
    DiagSink sink;
    PdfOptions options;
    options.standard = standard;
    const Document kept = rectangles(5, 20);
    const auto a = write_pdf(kept, book, sink, options);
    Document released = rectangles(5, 20);
    const auto b = write_pdf_releasing(released, book, sink, options);
    ASSERT_TRUE(a && b) << sink.error_count();
    EXPECT_EQ(*a, *b);
    ASSERT_EQ(released.pages.size(), 5u);
    for (const auto& p : released.pages) {
      EXPECT_TRUE(p.items.empty());
      EXPECT_NEAR(p.height.value(), mm(297).value(), 1e-9);
    }
    EXPECT_EQ(kept.pages[4].items.size(), 20u);
  }
}

}  // namespace
}  // namespace handout

namespace handout {
namespace {

// What append_pdf_number wrote before it formatted integers itself: to_chars of the value
// rounded to thousandths, three decimals, trailing zeros trimmed, -0 as 0.
std::string number_by_to_chars(double v) {
  double r = std::round(v * 1000.0) / 1000.0;
  if (r == 0 || !std::isfinite(r)) r = 0;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, 3);
  if (ec != std::errc()) return "0";
  char* p = end;
  while (p > buf && p[-1] == '0') --p;
  if (p > buf && p[-1] == '.') --p;
  return std::string(buf, p);
}

TEST(PdfNumber, TheSameTextAsToCharsWithThreeDecimals) {
  std::vector<double> values = {0,      -0.0,    0.0004, -0.0004, 0.0005, -0.0005, 0.001,  -0.001, 1,
                                -1,     10,      0.5,    -0.25,   12.5,   841.89,  595.276, 1e-9,  123456789.1235,
                                999.9995, -999.9995, 1e14,  -1e14,  1e16,   -1e16,   1e300,  std::nan(""),
                                HUGE_VAL, -HUGE_VAL};
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> page(-2000.0, 2000.0);
  std::uniform_int_distribution<int> exponent(-6, 15);
  for (int i = 0; i < 200000; ++i) {
    values.push_back(page(rng));
    values.push_back(page(rng) * std::pow(10.0, exponent(rng)));
    values.push_back(std::round(page(rng) * 1000.0) / 1000.0);  // exactly on a thousandth
    // Halves of a thousandth, exactly (m * 125 / 256 when m * 125 % 256 == 128), on both sides.
    values.push_back(static_cast<double>(static_cast<long long>(rng() % 8000000) - 4000000) / 2048.0);
    values.push_back((std::floor(page(rng) * 1000.0) + 0.5) / 1000.0);
  }
  for (double edge : {999999999999.9995, 999999999999.999, 1e12 - 0.0005, 4503599627370.4995, 0.49999999999999994 / 1000}) {
    values.push_back(edge);
    values.push_back(-edge);
  }
  for (double v : values) {
    std::string got = "x";
    append_pdf_number(got, v);
    ASSERT_EQ(got.substr(1), number_by_to_chars(v)) << "value " << v;
  }
}

TEST(PdfNumber, ShortFormDropsTheZeroBeforeThePoint) {
  for (const auto& [v, want] : std::vector<std::pair<double, std::string>>{
           {0.5, ".5"}, {-0.25, "-.25"}, {0, "0"}, {-0.0001, "0"}, {1.5, "1.5"}, {-10.125, "-10.125"}, {0.133, ".133"}}) {
    std::string got;
    append_short_pdf_number(got, v);
    EXPECT_EQ(got, want) << v;
  }
}

// The pointer forms write what the string forms append, short form included (the reference
// without the zero before the point), and never more than kMaxPdfNumber bytes.
TEST(PdfNumber, PutFormsWriteTheReferenceText) {
  std::vector<double> values = {0, -0.0, 0.0004, -0.0005, 0.5, -0.25, 0.999, -0.999, 1, -1, 1e11, -1e11, 1e12,
                                1e13, 1e16, -1e16, 1e300, -1e300, std::nan(""), HUGE_VAL, -HUGE_VAL};
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> page(-2000.0, 2000.0);
  std::uniform_int_distribution<int> exponent(-6, 15);
  for (int i = 0; i < 100000; ++i) {
    values.push_back(page(rng) * std::pow(10.0, exponent(rng)));
    values.push_back(page(rng) / 1000.0);
  }
  for (double v : values) {
    const std::string reference = number_by_to_chars(v);
    std::string short_reference = reference;
    const std::size_t zero = short_reference[0] == '-' ? 1 : 0;
    if (short_reference.compare(zero, 2, "0.") == 0) short_reference.erase(zero, 1);
    char buf[kMaxPdfNumber + 8];
    std::fill(std::begin(buf), std::end(buf), '#');
    char* end = put_pdf_number(buf, v);
    ASSERT_LE(end - buf, static_cast<std::ptrdiff_t>(kMaxPdfNumber)) << "value " << v;
    ASSERT_EQ(std::string(buf, static_cast<std::size_t>(end - buf)), reference) << "value " << v;
    end = put_short_pdf_number(buf, v);
    ASSERT_EQ(std::string(buf, static_cast<std::size_t>(end - buf)), short_reference) << "value " << v;
    std::string appended = "x";
    append_short_pdf_number(appended, v);
    ASSERT_EQ(appended.substr(1), short_reference) << "value " << v;
  }
}

// A document with one stream dictionary, given its bytes by `give` (set_stream_bytes or
// set_stream_file), saved: the file's bytes. `before_save` runs between the two.
std::string saved_with_stream(const std::function<HPDF_STATUS(HPDF_Dict)>& give,
                              const std::function<void()>& before_save = {}) {
  HPDF_Doc pdf = HPDF_New(nullptr, nullptr);
  EXPECT_NE(pdf, nullptr);
  HPDF_Dict dict = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
  EXPECT_NE(dict, nullptr);
  EXPECT_EQ(HPDF_Dict_Add(pdf->catalog, "Held", dict), HPDF_OK);
  EXPECT_EQ(give(dict), HPDF_OK);
  if (before_save) before_save();
  EXPECT_EQ(HPDF_SaveToStream(pdf), HPDF_OK);
  const HPDF_UINT32 n = HPDF_GetStreamSize(pdf);
  std::string file(n, '\0');
  HPDF_UINT32 got = n;
  EXPECT_EQ(HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(file.data()), &got), HPDF_OK);
  file.resize(got);
  HPDF_Free(pdf);
  return file;
}

std::string letters(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + i % 23);
  return bytes;
}

// A stream given its bytes by set_stream_bytes: libharu reads them from where they are when
// it saves (so a change made to them before then shows in the file), in its 4 KB reads,
// whatever their size: empty, one read, an exact multiple of a read, and more.
TEST(PdfStreamBytes, AreReadInPlaceWhenTheFileIsSaved) {
  for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{4096}, std::size_t{8192}, std::size_t{10000}}) {
    std::string bytes = letters(size);
    const std::string file = saved_with_stream([&](HPDF_Dict dict) { return set_stream_bytes(dict, bytes); }, [&] {
      if (size > 0) bytes[size - 1] = 'Z';  // after the call, before the save: the file has it
    });
    const std::string framed = "stream\r\n" + bytes + "\nendstream";
    EXPECT_NE(file.find(framed), std::string::npos) << size << " bytes";
  }
}

// A stream given its bytes by set_stream_file (a long document's pages wait in a temporary
// file): libharu reads them from the file, at their offset, when it saves, whatever their size.
TEST(PdfStreamBytes, AreReadFromTheFileWhenTheFileIsSaved) {
  std::FILE* tmp = std::tmpfile();
  ASSERT_NE(tmp, nullptr);
  const int fd = fileno(tmp);
  const std::string before = "bytes of another page";
  for (const std::size_t size : {std::size_t{1}, std::size_t{4096}, std::size_t{8192}, std::size_t{10000}}) {
    const std::string bytes = letters(size);
    const std::string in_file = before + bytes + "and after";
    ASSERT_EQ(pwrite(fd, in_file.data(), in_file.size(), 0), static_cast<ssize_t>(in_file.size()));
    const std::string file =
        saved_with_stream([&](HPDF_Dict dict) { return set_stream_file(dict, fd, before.size(), size); });
    EXPECT_NE(file.find("stream\r\n" + bytes + "\nendstream"), std::string::npos) << size << " bytes";
  }
  std::fclose(tmp);
}

}  // namespace
}  // namespace handout
