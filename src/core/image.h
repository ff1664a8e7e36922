// Pictures (PNG and JPEG): checked and prepared once, before libharu or any layout sees
// them. Logos and figures both come through here. A picture is refused with a reason
// (not a PNG or JPEG, truncated, 0×0, over the pixel limit) instead of reaching a C library
// that would abort the process; a picture within the limits is ready to embed: a JPEG's
// bytes as they are (the PDF's DCTDecode reads them), a PNG's pixels deflated once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace handout {

/// Limits on one picture; the defaults allow any photo a handout prints and refuse
/// decompression bombs before they are decoded.
struct ImageLimits {
  std::uint64_t max_pixels = 25'000'000;       ///< width × height
  std::uint64_t max_file_bytes = 32u << 20;    ///< the file's size
};

/// A picture ready to embed.
struct Image {
  enum class Format : std::uint8_t { kPng, kJpeg };
  Format format = Format::kPng;
  std::string file;  ///< the path it was read from
  std::uint32_t width = 0;   ///< pixels
  std::uint32_t height = 0;
  int components = 3;        ///< 1 gray, 3 RGB, 4 CMYK (JPEG only)
  bool inverted_cmyk = false;  ///< an Adobe CMYK JPEG (stored inverted)
  /// JPEG: the file's bytes. PNG: 8-bit samples, deflated.
  std::string data;
  /// PNG with transparency: 8-bit alpha, deflated; empty when the picture is opaque.
  std::string alpha;
  /// Identifies the content: equal pictures (one file used twice) embed once.
  std::uint64_t digest = 0;

  [[nodiscard]] const char* format_name() const { return format == Format::kPng ? "PNG" : "JPEG"; }
};

/// A PNG picture's samples (and alpha), deflated once when the picture is loaded. At 7 the
/// bundled pictures come out smaller in all than with zlib's default level, which they were
/// deflated with before (12,479 bytes against 12,588 the three) for about half the
/// instructions (showcase's 562 KB of samples: 33.4 M with zlib, ~18 M here).
inline constexpr int kImageDeflateLevel = 7;

/// Reads and checks the picture at `path` (a PNG or a JPEG). On failure returns null and
/// sets `error` to a sentence without the file name. Results are cached per process
/// (keyed by path, size and modification time), so a batch decodes each picture once.
[[nodiscard]] std::shared_ptr<const Image> load_image(const std::string& path, const ImageLimits& limits,
                                                      std::string& error);

/// Reads only a picture's header from `bytes`: its format and size in pixels, or an error.
/// Used by load_image before anything is decoded.
struct ImageHeader {
  Image::Format format = Image::Format::kPng;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};
[[nodiscard]] std::optional<ImageHeader> read_image_header(const std::string& bytes, std::string& error);

}  // namespace handout
