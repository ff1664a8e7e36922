// The preview's PNG writer: libpng (an independent decoder) reads back exactly the pixels
// written, for greyscale and RGB, small and wide images, flat and noisy content.
#include "preview/png_encode.h"

#include <gtest/gtest.h>
#include <png.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace handout {
namespace {

struct Decoded {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<unsigned char> pixels;
};

Decoded decode(const std::string& file) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  Decoded out;
  if (!png_image_begin_read_from_memory(&image, file.data(), file.size())) {
    ADD_FAILURE() << "libpng: " << image.message;
    return out;
  }
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.channels = (image.format & PNG_FORMAT_FLAG_COLOR) != 0 ? 3 : 1;
  image.format = out.channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  out.pixels.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, out.pixels.data(), 0, nullptr)) {
    ADD_FAILURE() << "libpng: " << image.message;
  }
  return out;
}

// A page-like image: white, with rows that repeat, runs, and noisy "anti-aliased" spots.
std::vector<unsigned char> page_like(int width, int height, int channels, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<unsigned char> px(static_cast<std::size_t>(width) * height * channels, 255);
  for (int y = 0; y < height; ++y) {
    if (rng() % 3 == 0) continue;  // a blank row
    for (int x = 0; x < width; ++x) {
      const unsigned r = rng() % 10;
      for (int c = 0; c < channels; ++c) {
        unsigned char& v = px[(static_cast<std::size_t>(y) * width + x) * channels + c];
        if (r == 0) v = static_cast<unsigned char>(rng());
        if (r == 1) v = 0;
      }
    }
  }
  return px;
}

// The data a PNG of these rows deflates: each row behind its filter byte 0.
std::string filtered_rows(const unsigned char* px, std::size_t row, std::size_t height) {
  std::string out;
  for (std::size_t y = 0; y < height; ++y) {
    out.push_back('\0');
    out.append(reinterpret_cast<const char*>(px) + y * row, row);
  }
  return out;
}

// `z` inflated by zlib (which checks its Adler-32), or "" when zlib refuses it.
std::string inflated(const std::string& z, std::size_t size) {
  std::string got(size, '\0');
  uLongf n = got.size();
  if (uncompress(reinterpret_cast<Bytef*>(got.data()), &n, reinterpret_cast<const Bytef*>(z.data()), z.size()) != Z_OK) {
    return "";
  }
  got.resize(n);
  return got;
}

void round_trip(int width, int height, int channels, unsigned seed) {
  const auto px = page_like(width, height, channels, seed);
  const std::string file = png_file(px.data(), width, height, channels);
  const Decoded back = decode(file);
  ASSERT_EQ(back.width, width);
  ASSERT_EQ(back.height, height);
  ASSERT_EQ(back.channels, channels);
  EXPECT_TRUE(back.pixels == px) << width << "x" << height << "x" << channels;
}

TEST(PngEncode, GreyAndRgbRoundTrip) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    round_trip(97, 61, 1, seed);
    round_trip(97, 61, 3, seed);
  }
}

TEST(PngEncode, TinyImages) {
  round_trip(1, 1, 1, 7);
  round_trip(1, 1, 3, 7);
  round_trip(2, 5, 3, 8);
  round_trip(5, 2, 1, 9);
}

// Rows wider than deflate's 32 KB window: the encoder must not refer to the row above.
TEST(PngEncode, RowsWiderThanTheWindow) { round_trip(11000, 4, 3, 3); }

TEST(PngEncode, FlatPagesCompress) {
  std::vector<unsigned char> white(static_cast<std::size_t>(800) * 1100 * 3, 255);
  const std::string file = png_file(white.data(), 800, 1100, 3);
  EXPECT_LT(file.size(), 40000U);  // 2.6 MB of white: one 258-byte match (26 bits) per 258 bytes
  const Decoded back = decode(file);
  EXPECT_TRUE(back.pixels == white);
}

// The stream alone is a valid zlib stream of the filtered rows (filter byte 0 per row).
TEST(PngEncode, ZlibStreamInflates) {
  const int width = 33;
  const int height = 17;
  const auto px = page_like(width, height, 3, 11);
  const std::string z = deflate_image_rows(px.data(), width * 3, height, 3);
  const std::string expected = filtered_rows(px.data(), width * 3, height);
  EXPECT_EQ(inflated(z, expected.size()), expected);
}

// Rows made from the row above with a few changes (spans of noise, runs of one pixel
// repeated, runs of the row above): repeats of every length, starting and ending anywhere,
// across the encoder's 64-byte words and deflate's 258-byte matches, for pixels of 1 to 70
// bytes and rows from narrower than 16 bytes to wider than a page. zlib checks the stream and
// its Adler-32; the rows must come back.
TEST(PngEncode, RepeatsOfEveryLengthInflate) {
  std::mt19937 rng(17);
  for (const std::size_t pixel_bytes : {1U, 2U, 3U, 4U, 70U}) {
    for (const std::size_t pixels_wide : {1U, 5U, 16U, 22U, 63U, 65U, 130U, 794U}) {
      const std::size_t row = pixels_wide * pixel_bytes;
      const std::size_t height = 12;
      std::vector<unsigned char> px(row * height, 255);
      for (std::size_t y = 0; y < height; ++y) {
        unsigned char* r = px.data() + y * row;
        if (y > 0) std::copy(r - row, r, r);
        for (int edit = 0; edit < 6; ++edit) {
          const std::size_t at = rng() % row;
          const std::size_t len = std::min<std::size_t>(row - at, 1 + rng() % 600);
          switch (rng() % 3) {
            case 0:  // noise
              for (std::size_t k = 0; k < len; ++k) r[at + k] = static_cast<unsigned char>(rng() % 4 == 0 ? rng() : 255);
              break;
            case 1:  // one pixel repeated (a run at the pixel's distance)
              for (std::size_t k = at + pixel_bytes; k < at + len; ++k) r[k] = r[k - pixel_bytes];
              break;
            default:  // a flat value
              std::fill(r + at, r + at + len, static_cast<unsigned char>(rng()));
          }
        }
      }
      const std::string expected = filtered_rows(px.data(), row, height);
      EXPECT_EQ(inflated(deflate_image_rows(px.data(), row, height, pixel_bytes), expected.size()), expected)
          << pixels_wide << "x" << pixel_bytes;
    }
  }
}

// Rows marked blank (all white) are written as repeats of the row above without being read,
// with their Adler-32 computed, not summed: the stream must still inflate to the rows (zlib
// checks the Adler-32), for grey and RGB, narrow rows and rows near the window's size.
TEST(PngEncode, BlankRowsMarkedAsSuch) {
  for (const auto& [width, channels] : {std::pair{1, 1}, {2, 1}, {97, 3}, {10900, 3}, {32000, 1}}) {
    const int height = 9;
    std::vector<unsigned char> px(static_cast<std::size_t>(width) * height * channels, 255);
    std::vector<unsigned char> inked(height, 0);
    for (int y : {2, 5, 6}) {  // ink between blank rows; rows 0-1, 3-4 and 7-8 are blank
      inked[y] = 1;
      for (int x = 0; x < width * channels; x += 7) px[static_cast<std::size_t>(y) * width * channels + x] = 40 + y;
    }
    const std::size_t row = static_cast<std::size_t>(width) * channels;
    const std::string z = deflate_image_rows(px.data(), row, height, channels, inked.data());
    const std::string expected = filtered_rows(px.data(), row, height);
    EXPECT_EQ(inflated(z, expected.size()), expected) << width << "x" << channels;
    // The same pixels without the marks give a stream of the same length: a blank row under
    // another is the same repeat either way.
    EXPECT_EQ(deflate_image_rows(px.data(), row, height, channels).size(), z.size()) << width << "x" << channels;
    const Decoded back = decode(png_file(px.data(), width, height, channels, inked.data()));
    EXPECT_TRUE(back.pixels == px) << width << "x" << channels;
  }
}

// Rows white outside a span the painter gives (what it drew on): the encoder then neither
// compares nor sums the rest. Spans starting and ending anywhere, across its 64-byte words
// (the pixel just past a span is compared with the span's last pixel), empty spans and blank
// rows: the stream must inflate to the rows and be the very bytes written without the spans.
TEST(PngEncode, InkedSpansGiveTheSameStream) {
  std::mt19937 rng(23);
  for (const std::size_t channels : {1U, 3U}) {
    for (const int width : {1, 5, 22, 63, 64, 65, 130, 794, 816}) {
      const int height = 60;
      const std::size_t row = static_cast<std::size_t>(width) * channels;
      std::vector<unsigned char> px(row * height, 255);
      std::vector<unsigned char> inked(height, 0);
      std::vector<int> begin(height, 0), end(height, 0);
      for (int y = 0; y < height; ++y) {
        if (rng() % 4 == 0) continue;  // blank
        inked[y] = 1;
        begin[y] = static_cast<int>(rng() % static_cast<unsigned>(width));
        end[y] = begin[y] + static_cast<int>(rng() % static_cast<unsigned>(width - begin[y] + 1));
        unsigned char* r = px.data() + static_cast<std::size_t>(y) * row;
        for (std::size_t k = begin[y] * channels; k < end[y] * channels; ++k) {
          switch (rng() % 4) {
            case 0: r[k] = static_cast<unsigned char>(rng()); break;
            case 1: if (y > 0) r[k] = (r - row)[k]; break;  // the byte above
            case 2: if (k >= channels) r[k] = r[k - channels]; break;
            default: r[k] = 0;
          }
        }
        // The span's last pixel ink, often: its right neighbour is white.
        if (end[y] > begin[y] && rng() % 2 == 0) r[end[y] * channels - 1] = 7;
      }
      const std::string z = deflate_image_rows(px.data(), row, height, channels, inked.data(), begin.data(), end.data());
      const std::string expected = filtered_rows(px.data(), row, height);
      EXPECT_EQ(inflated(z, expected.size()), expected) << width << "x" << channels;
      EXPECT_EQ(z, deflate_image_rows(px.data(), row, height, channels, inked.data())) << width << "x" << channels;
      const Decoded back = decode(png_file(px.data(), width, height, static_cast<int>(channels), inked.data(),
                                           begin.data(), end.data()));
      EXPECT_TRUE(back.pixels == px) << width << "x" << channels;
    }
  }
}

}  // namespace
}  // namespace handout
