// Pictures (PNG and JPEG): checked and prepared once, before libharu or any layout sees
// them. Logos and figures both come through here. A picture is refused with a reason
// (not a PNG or JPEG, truncated, 0×0, over the pixel limit) instead of reaching a C library
// that would abort the process; a picture within the limits is ready to embed: a JPEG's
// bytes as they are (the PDF's DCTDecode reads them), an opaque grey, RGB or palette PNG's
// compressed rows as they are (FlateDecode with the PNG predictor), any other PNG's pixels
// decoded and deflated once.
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
  /// JPEG: the file's bytes. PNG: 8-bit samples, deflated; or, when `png_rows`, the file's
  /// own zlib stream of filtered rows.
  std::string data;
  /// `data` is the PNG's IDAT stream as it is: each row a filter byte and its samples, which
  /// a PDF reads through FlateDecode with /Predictor 15 (see load_image).
  bool png_rows = false;
  /// Bits a sample (a palette index) of `data` when `png_rows`: 1, 2, 4 or 8; else 8.
  int bits = 8;
  /// A palette picture kept as its rows: RGB triples, 2^bits of them (`components` is 1,
  /// the index); empty otherwise.
  std::string palette;
  /// PNG with transparency: 8-bit alpha, deflated; empty when the picture is opaque.
  std::string alpha;
  /// Identifies the content: equal pictures (one file used twice) embed once.
  std::uint64_t digest = 0;

  [[nodiscard]] const char* format_name() const { return format == Format::kPng ? "PNG" : "JPEG"; }
};

/// A decoded PNG picture's samples (and alpha), deflated once when the picture is loaded (a
/// PNG that keeps its own rows is not deflated again: see load_image). At 7 the
/// bundled pictures come out smaller in all than with zlib's default level, which they were
/// deflated with before (12,479 bytes against 12,588 the three) for about half the
/// instructions (showcase's 562 KB of samples: 33.4 M with zlib, ~18 M here).
inline constexpr int kImageDeflateLevel = 7;

/// A PNG picture's 8-bit samples, row after row (`components` a pixel, or 3 for a palette
/// picture: its colours), and its alpha (empty when opaque), unpacked from `data` and
/// `alpha`; false if they do not unpack (for a JPEG too: its samples are libjpeg's to decode).
[[nodiscard]] bool png_samples(const Image& img, std::string& samples, std::string& alpha);

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
