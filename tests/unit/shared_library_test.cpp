// The libraries opened when first used (src/core/shared_library.h): each is found by the
// SONAME handout was built against and does its work through the functions bound from it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "block/figure.h"
#include "core/image.h"
#include "core/utf.h"
#include "core/jpeg.h"

namespace handout {
namespace {

TEST(SharedLibrary, CharacterNamesComeFromLibunistring) {
  EXPECT_EQ(codepoint_name(U'a'), "LATIN SMALL LETTER A");
  EXPECT_EQ(codepoint_name(U'\u0628'), "ARABIC LETTER BEH");
  EXPECT_EQ(codepoint_name(U'\U0010FFFF'), "");  // a noncharacter has no name
}

// Batch outputs that are one file where case and Unicode normalization are ignored.
TEST(SharedLibrary, FileNamesFoldCaseAndNormalizationThroughLibunistring) {
  EXPECT_EQ(file_name_fold("Knee/X.PDF"), "knee/x.pdf");
  EXPECT_EQ(file_name_fold("\u00C4rzte.pdf"), file_name_fold("\u00E4rzte.pdf"));            // Ä, ä
  EXPECT_EQ(file_name_fold("\u0391\u03A3\u0398\u039C\u0391"), "\u03B1\u03C3\u03B8\u03BC\u03B1");  // ΑΣΘΜΑ
  EXPECT_EQ(file_name_fold("caf\u00E9.pdf"), file_name_fold("cafe\u0301.pdf"));              // é, e + acute
  EXPECT_NE(file_name_fold("caf\u00E9.pdf", false), file_name_fold("cafe\u0301.pdf", false));
  // Simple case mapping only: Windows keeps "Straße" and "STRASSE" apart.
  EXPECT_NE(file_name_fold("Stra\u00DFe.pdf"), file_name_fold("STRASSE.pdf"));
  // Arabic has no case: only the same letters fold together.
  EXPECT_EQ(file_name_fold("\u0631\u0643\u0628\u0629.pdf"), "\u0631\u0643\u0628\u0629.pdf");
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

// The fixture tests/data/images/turned-exif6.jpg without its EXIF segment, with one that says
// `orientation` instead (none for 0), written to a temporary file.
std::string with_orientation(int orientation, const std::string& name) {
  std::ifstream in(std::string(HANDOUT_SOURCE_DIR) + "/tests/data/images/turned-exif6.jpg", std::ios::binary);
  const std::string b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string out = b.substr(0, 2);
  std::size_t pos = 2;
  while (pos + 4 <= b.size() && static_cast<unsigned char>(b[pos + 1]) != 0xDA) {  // up to the scan
    const std::size_t len = (static_cast<std::size_t>(static_cast<unsigned char>(b[pos + 2])) << 8) |
                            static_cast<unsigned char>(b[pos + 3]);
    if (static_cast<unsigned char>(b[pos + 1]) != 0xE1) out += b.substr(pos, len + 2);
    pos += len + 2;
  }
  if (orientation != 0) {
    // Big-endian TIFF, one IFD0 entry: Orientation (0x0112), SHORT, 1 value.
    const std::string tiff = std::string("MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0", 19) +
                             static_cast<char>(orientation) + std::string("\0\0\0\0\0\0", 6);
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    out += "\xFF\xE1";
    out += static_cast<char>((payload.size() + 2) >> 8);
    out += static_cast<char>((payload.size() + 2) & 0xFF);
    out += payload;
  }
  out += b.substr(pos);
  const auto path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path, std::ios::binary) << out;
  return path;
}

// Stored 40 x 60, the picture is red in its bottom-left quarter and blue in its top-right:
// as seen after each EXIF orientation (turned and mirrored as the tag says), the red quarter
// is where the table puts it and the picture is a plain upright JPEG of the size seen.
TEST(SharedLibrary, JpegsStoredTurnedAreMadeUprightOnLoad) {
  struct Case {
    int orientation;
    bool red_left, red_top;
  };
  const Case cases[] = {{0, true, false}, {1, true, false},  {2, false, false}, {3, false, true},
                        {4, true, true},  {5, false, true},  {6, true, true},   {7, true, false},
                        {8, false, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE("orientation " + std::to_string(c.orientation));
    const std::string path = with_orientation(c.orientation, "handout-orientation-" + std::to_string(c.orientation) +
                                                                 "-" + std::to_string(::getpid()) + ".jpg");
    std::string error;
    auto image = load_image(path, ImageLimits{}, error);
    std::filesystem::remove(path);
    ASSERT_TRUE(image) << error;
    const bool turned = c.orientation >= 5;
    EXPECT_EQ(image->width, turned ? 60u : 40u);
    EXPECT_EQ(image->height, turned ? 40u : 60u);
    EXPECT_EQ(image->components, 3);
    std::vector<std::uint8_t> rgba;
    std::string why;
    ASSERT_TRUE(decode_jpeg_rgba(*image, rgba, why)) << why;
    const std::size_t w = image->width, h = image->height;
    auto red_at = [&](std::size_t x, std::size_t y) {
      const std::uint8_t* p = &rgba[(y * w + x) * 4];
      return p[0] > 170 && p[2] < 90;
    };
    const std::size_t x = c.red_left ? w / 8 : w - 1 - w / 8, y = c.red_top ? h / 8 : h - 1 - h / 8;
    EXPECT_TRUE(red_at(x, y));
    EXPECT_FALSE(red_at(w - 1 - x, h - 1 - y));
  }
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
