// The libraries opened when first used (src/core/shared_library.h): each is found by the
// SONAME handout was built against and does its work through the functions bound from it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "block/figure.h"
#include "core/image.h"
#include "core/utf.h"
#include "preview/jpeg.h"

namespace handout {
namespace {

TEST(SharedLibrary, CharacterNamesComeFromLibunistring) {
  EXPECT_EQ(codepoint_name(U'a'), "LATIN SMALL LETTER A");
  EXPECT_EQ(codepoint_name(U'\u0628'), "ARABIC LETTER BEH");
  EXPECT_EQ(codepoint_name(U'\U0010FFFF'), "");  // a noncharacter has no name
}

TEST(SharedLibrary, QrCodesComeFromLibqrencode) {
  std::string error;
  auto small = qr_symbol("https://example.org/a", Pt(72), Color{}, error);
  ASSERT_TRUE(small) << error;
  EXPECT_FALSE(small->squares.empty());
  // More data needs more modules: the symbol really is encoded from the text.
  auto large = qr_symbol(std::string(300, 'x'), Pt(72), Color{}, error);
  ASSERT_TRUE(large) << error;
  EXPECT_LT(small->squares.front().height.value(), 72.0 / 21);  // at least 21 modules a side
  EXPECT_GT(large->squares.size(), small->squares.size());
}

TEST(SharedLibrary, JpegPicturesDecodeWithLibjpeg) {
  std::string error;
  auto image = load_image(std::string(HANDOUT_SOURCE_DIR) + "/content/wound-care/images/wound-check.jpg", ImageLimits{}, error);
  ASSERT_TRUE(image) << error;
  std::vector<std::uint8_t> rgba;
  std::string why;
  ASSERT_TRUE(decode_jpeg_rgba(*image, rgba, why)) << why;
  ASSERT_EQ(rgba.size(), static_cast<std::size_t>(image->width) * image->height * 4);
  // Opaque, and not one flat colour: real pixels came out of the decoder.
  bool varied = false;
  for (std::size_t i = 0; i + 4 < rgba.size(); i += 4) {
    EXPECT_EQ(rgba[i + 3], 0xFF);
    if (rgba[i] != rgba[0] || rgba[i + 1] != rgba[1] || rgba[i + 2] != rgba[2]) varied = true;
    if (varied && i > 4096) break;
  }
  EXPECT_TRUE(varied);
}

}  // namespace
}  // namespace handout
