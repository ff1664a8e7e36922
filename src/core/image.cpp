#include "core/image.h"

#include "core/big_endian.h"
#include "core/deflate.h"
#include "core/jpeg.h"
#include "core/lib_deflate.h"

#include <png.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string_view>
#include <tuple>

namespace handout {

namespace {

constexpr unsigned char kPngSignature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

std::uint32_t be32(const std::string& b, std::size_t at) { return read_be32(b.data() + at); }
std::uint32_t be16(const std::string& b, std::size_t at) { return read_be16(b.data() + at); }
unsigned byte_at(const std::string& b, std::size_t at) { return static_cast<unsigned char>(b[at]); }

// The JPEG's frame header (SOF) and whether it is an Adobe CMYK file; checks that every
// segment before the scan lies inside the file and that the file ends with EOI.
struct JpegInfo {
  std::uint32_t width = 0, height = 0;
  int components = 0;
  bool adobe = false;
  int orientation = 1;  ///< EXIF Orientation (1: as stored)
};

// The EXIF Orientation (tag 0x0112 of IFD0) of an APP1 segment's `len` bytes at `at`, or 1
// when it has none or is not EXIF. Every offset is checked against the segment.
int exif_orientation(const std::string& b, std::size_t at, std::size_t len) {
  if (len < 6 + 8 || b.compare(at, 6, std::string("Exif\0\0", 6)) != 0) return 1;
  const std::size_t tiff = at + 6, size = len - 6;
  const bool little = b.compare(tiff, 2, "II") == 0;
  if (!little && b.compare(tiff, 2, "MM") != 0) return 1;
  auto u16 = [&](std::size_t off) {
    const unsigned x = byte_at(b, tiff + off), y = byte_at(b, tiff + off + 1);
    return little ? (y << 8) | x : (x << 8) | y;
  };
  auto u32 = [&](std::size_t off) {
    return little ? (static_cast<std::size_t>(u16(off + 2)) << 16) | u16(off)
                  : (static_cast<std::size_t>(u16(off)) << 16) | u16(off + 2);
  };
  const std::size_t ifd = u32(4);
  if (ifd + 2 > size) return 1;
  const std::size_t entries = u16(ifd);
  for (std::size_t k = 0; k < entries && ifd + 2 + (k + 1) * 12 <= size; ++k) {
    const std::size_t e = ifd + 2 + k * 12;
    if (u16(e) == 0x0112 && u16(e + 2) == 3) {
      const unsigned v = u16(e + 8);
      return v >= 1 && v <= 8 ? static_cast<int>(v) : 1;
    }
  }
  return 1;
}

std::optional<JpegInfo> parse_jpeg(const std::string& b, std::string& error) {
  JpegInfo info;
  bool have_frame = false;
  std::size_t pos = 2;
  while (true) {
    while (pos < b.size() && byte_at(b, pos) != 0xFF) ++pos;  // tolerate stray bytes
    while (pos < b.size() && byte_at(b, pos) == 0xFF) ++pos;  // fill bytes
    if (pos >= b.size()) {
      error = "truncated JPEG: the file ends before the image data";
      return std::nullopt;
    }
    const unsigned marker = byte_at(b, pos++);
    if (marker == 0xD9) {
      error = "truncated JPEG: it ends before the image data";
      return std::nullopt;
    }
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) continue;  // no length
    if (pos + 2 > b.size()) {
      error = "truncated JPEG: a segment runs past the end of the file";
      return std::nullopt;
    }
    const std::size_t len = be16(b, pos);
    if (len < 2 || pos + len > b.size()) {
      error = "truncated JPEG: a segment runs past the end of the file";
      return std::nullopt;
    }
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (marker > 0xC2) {
        error = "JPEG uses a coding (lossless, hierarchical or arithmetic) that PDF readers do not all show; "
                "save it as a baseline or progressive JPEG";
        return std::nullopt;
      }
      if (len < 8) {
        error = "damaged JPEG: its frame header is too short";
        return std::nullopt;
      }
      if (byte_at(b, pos + 2) != 8) {
        error = "JPEG has " + std::to_string(byte_at(b, pos + 2)) + "-bit samples; only 8-bit JPEGs are supported";
        return std::nullopt;
      }
      info.height = be16(b, pos + 3);
      info.width = be16(b, pos + 5);
      info.components = static_cast<int>(byte_at(b, pos + 7));
      have_frame = true;
    } else if (marker == 0xEE && len >= 7 && b.compare(pos + 2, 5, "Adobe") == 0) {
      info.adobe = true;
    } else if (marker == 0xE1 && info.orientation == 1) {
      info.orientation = exif_orientation(b, pos + 2, len - 2);
    } else if (marker == 0xDA) {
      if (!have_frame) {
        error = "damaged JPEG: image data before its frame header";
        return std::nullopt;
      }
      break;
    }
    pos += len;
  }
  // After the scan: the file must end with EOI (a cut-off download does not).
  std::size_t end = b.size();
  while (end > pos && (byte_at(b, end - 1) == 0x00 || byte_at(b, end - 1) == 0x0A || byte_at(b, end - 1) == 0x0D)) --end;
  if (end < pos + 2 || byte_at(b, end - 2) != 0xFF || byte_at(b, end - 1) != 0xD9) {
    error = "truncated JPEG: the image data has no end marker";
    return std::nullopt;
  }
  if (info.components != 1 && info.components != 3 && info.components != 4) {
    error = "JPEG has " + std::to_string(info.components) + " colour components; expected 1 (gray), 3 (colour) or 4 (CMYK)";
    return std::nullopt;
  }
  return info;
}

std::uint64_t fnv1a(const std::string& s, std::uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Decodes a PNG with libpng's simplified API, which catches libpng's errors itself (no
// longjmp reaches us). The header is read first, so a picture over the pixel limit is
// refused before a row is decoded.
bool decode_png(const std::string& bytes, Image& img, std::string& error) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&png, bytes.data(), bytes.size())) {
    error = std::string("damaged PNG (libpng: ") + png.message + ")";
    png_image_free(&png);
    return false;
  }
  // A 16-bit file with no gAMA or sRGB chunk (as image editors save "16 bits per channel")
  // is taken by the simplified API as linear light and re-encoded for sRGB, printing its
  // mid-tones washed out (a grey of 76 as 147); every viewer shows such a file as sRGB.
  png.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
  const bool color = (png.format & PNG_FORMAT_FLAG_COLOR) != 0;
  const bool alpha = (png.format & PNG_FORMAT_FLAG_ALPHA) != 0;
  png.format = (color ? PNG_FORMAT_FLAG_COLOR : 0u) | (alpha ? PNG_FORMAT_FLAG_ALPHA : 0u);
  const std::size_t channels = (color ? 3u : 1u) + (alpha ? 1u : 0u);
  std::string pixels(static_cast<std::size_t>(png.width) * png.height * channels, '\0');
  if (!png_image_finish_read(&png, nullptr, pixels.data(), 0, nullptr)) {
    const std::string msg = png.message;
    png_image_free(&png);
    error = msg.find("Read Error") != std::string::npos || msg.find("end") != std::string::npos
                ? "truncated PNG (libpng: " + msg + ")"
                : "damaged PNG (libpng: " + msg + ")";
    return false;
  }
  img.components = color ? 3 : 1;
  std::string samples;
  std::string mask;
  if (alpha) {
    const std::size_t n = static_cast<std::size_t>(png.width) * png.height;
    const std::size_t c = channels - 1;
    samples.resize(n * c);
    mask.resize(n);
    const auto* from = reinterpret_cast<const unsigned char*>(pixels.data());
    auto* to = reinterpret_cast<unsigned char*>(samples.data());
    auto* alpha_to = reinterpret_cast<unsigned char*>(mask.data());
    unsigned all = 0xFF;
    for (std::size_t i = 0; i < n; ++i, from += channels, to += c) {
      to[0] = from[0];
      if (c == 3) {
        to[1] = from[1];
        to[2] = from[2];
      }
      alpha_to[i] = from[c];
      all &= from[c];
    }
    if (all == 0xFF) mask.clear();
  } else {
    samples = std::move(pixels);
  }
  img.data.clear();
  img.alpha.clear();
  deflate_append(samples, img.data, kImageDeflateLevel);
  if (!mask.empty()) deflate_append(mask, img.alpha, kImageDeflateLevel);
  return true;
}

// The bytes of one PNG row of `width` pixels of `channels` samples of `bits` each, without
// its filter byte.
std::size_t png_stride(std::uint32_t width, std::size_t channels, int bits) {
  return (static_cast<std::size_t>(width) * channels * static_cast<std::size_t>(bits) + 7) / 8;
}

// Undoes PNG's row filters (None, Sub, Up, Average, Paeth) of `rows` (each `stride` bytes
// after its filter byte; `bpp` bytes a pixel, at least 1) into `out`; false on a filter type
// over 4.
bool unfilter_png_rows(const std::string& rows, std::size_t stride, std::uint32_t height, std::size_t bpp,
                       std::string& out) {
  out.resize(stride * height);
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  const auto* in = reinterpret_cast<const unsigned char*>(rows.data());
  for (std::uint32_t y = 0; y < height; ++y) {
    const unsigned filter = in[y * (stride + 1)];
    const unsigned char* src = in + y * (stride + 1) + 1;
    unsigned char* row = dst + y * stride;
    const unsigned char* up = y > 0 ? row - stride : nullptr;
    for (std::size_t i = 0; i < stride; ++i) {
      const unsigned a = i >= bpp ? row[i - bpp] : 0;
      const unsigned b = up ? up[i] : 0;
      const unsigned c = up && i >= bpp ? up[i - bpp] : 0;
      unsigned predicted = 0;
      switch (filter) {
        case 0: break;
        case 1: predicted = a; break;
        case 2: predicted = b; break;
        case 3: predicted = (a + b) / 2; break;
        case 4: {
          const int p = static_cast<int>(a + b) - static_cast<int>(c);
          const int pa = std::abs(p - static_cast<int>(a)), pb = std::abs(p - static_cast<int>(b)),
                    pc = std::abs(p - static_cast<int>(c));
          predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: return false;
      }
      row[i] = static_cast<unsigned char>(src[i] + predicted);
    }
  }
  return true;
}

// A PNG without transparency whose pixels libpng would hand over unchanged (8-bit RGB, or
// grey or palette indices of 1, 2, 4 or 8 bits; not interlaced; no gamma to correct: none,
// the sRGB chunk, or a gAMA of sRGB's 1/2.2) keeps its own compressed rows: the PDF reads
// them through FlateDecode with /Predictor 15, the PNG predictor, a palette's through an
// /Indexed colour space. Decoding the picture and deflating its samples again took 25 M
// instructions for a 5 KB 720×260 picture, half of a handout's render, and gave a larger
// stream (6,691 bytes against the file's 5,366). The rows are still checked: every chunk's
// CRC, and the stream inflated to exactly the picture's rows with a valid filter on each.
// A palette is padded with black to all 2^bits entries, as libpng reads an index past its
// end. Anything else (alpha or tRNS, 16 bits, interlace, a colour profile or
// chromaticities, a damaged or short stream, a stream barely compressed) returns false and
// the picture is decoded as before, with its own error if it is damaged.
bool take_png_rows(const std::string& bytes, Image& img) {
  std::size_t at = sizeof kPngSignature;
  std::string stream, palette;
  bool header = false, ended = false, idat_done = false;
  std::size_t channels = 0;
  int bits = 8;
  unsigned color = 0;
  while (!ended) {
    if (bytes.size() - at < 12) return false;
    const std::uint32_t length = be32(bytes, at);
    if (length > bytes.size() - at - 12) return false;
    const std::string_view type(bytes.data() + at + 4, 4);
    const char* data = bytes.data() + at + 8;
    if (static_cast<std::uint32_t>(libdeflate_crc32(0, bytes.data() + at + 4, length + 4)) !=
        be32(bytes, at + 8 + length)) {
      return false;
    }
    if (!header) {
      if (type != "IHDR" || length != 13) return false;
      bits = static_cast<unsigned char>(data[8]);
      color = static_cast<unsigned char>(data[9]);
      const bool low = bits == 1 || bits == 2 || bits == 4;
      if (!((color == 2 && bits == 8) || ((color == 0 || color == 3) && (low || bits == 8)))) return false;
      if (data[10] != 0 || data[11] != 0 || data[12] != 0) return false;
      channels = color == 2 ? 3 : 1;
      header = true;
    } else if (type == "IDAT") {
      if (idat_done || (color == 3 && palette.empty())) return false;
      stream.append(data, length);
    } else {
      if (!stream.empty()) idat_done = true;
      if (type == "IEND") {
        ended = true;
      } else if (type == "PLTE" && color == 3) {
        if (!palette.empty() || !stream.empty() || length == 0 || length % 3 != 0 || length / 3 > (1u << bits)) {
          return false;
        }
        palette.assign(data, length);
      } else if (type == "gAMA") {
        // sRGB's 1/2.2 is 45455; libpng takes a gamma within 5% of it as sRGB.
        const std::uint32_t gamma = length == 4 ? be32(bytes, at + 8) : 0;
        if (gamma < 44000 || gamma > 47000) return false;
      } else if (type == "tRNS" || type == "iCCP" || type == "cHRM" || (type[0] & 0x20) == 0) {
        // Transparency, a profile or chromaticities, or a critical chunk (a PLTE in a
        // picture without a palette, or one of a later PNG) that this reading would not honour.
        return false;
      }
    }
    at += 12 + length;
  }
  const std::size_t stride = png_stride(img.width, channels, bits);
  const std::size_t raw = (stride + 1) * img.height;
  if (stream.empty() || stream.size() > raw / 10 * 9) return false;
  std::string rows;
  if (!inflate_zlib(stream, raw, rows)) return false;
  for (std::size_t y = 0; y < img.height; ++y) {
    if (static_cast<unsigned char>(rows[y * (stride + 1)]) > 4) return false;
  }
  if (color == 3) palette.resize(std::size_t{3} << bits, '\0');
  img.components = static_cast<int>(channels);
  img.bits = bits;
  img.palette = std::move(palette);
  img.data = std::move(stream);
  img.alpha.clear();
  img.png_rows = true;
  return true;
}

struct CacheKey {
  std::string path;
  std::uint64_t size;
  std::int64_t mtime_ns;
  bool operator<(const CacheKey& o) const {
    return std::tie(path, size, mtime_ns) < std::tie(o.path, o.size, o.mtime_ns);
  }
};

// Pictures already prepared in this process; bounded in bytes (emptied when full).
class ImageCache {
 public:
  std::shared_ptr<const Image> find(const CacheKey& k) {
    std::lock_guard lock(mutex_);
    auto it = map_.find(k);
    return it == map_.end() ? nullptr : it->second;
  }
  void store(const CacheKey& k, std::shared_ptr<const Image> img) {
    std::lock_guard lock(mutex_);
    const std::size_t cost = img->data.size() + img->alpha.size();
    if (bytes_ + cost > kCapacity) {
      map_.clear();
      bytes_ = 0;
    }
    bytes_ += cost;
    map_.emplace(k, std::move(img));
  }

 private:
  static constexpr std::size_t kCapacity = 128u << 20;
  std::mutex mutex_;
  std::map<CacheKey, std::shared_ptr<const Image>> map_;
  std::size_t bytes_ = 0;
};

ImageCache& cache() {
  static ImageCache c;
  return c;
}

// Why a file that is neither PNG nor JPEG is refused, naming what it is by its first bytes
// (a phone's HEIC photo, a GIF, a WebP, a TIFF, a BMP, an SVG drawing, a PDF) and what to do.
std::string not_png_or_jpeg(const std::string& b) {
  auto at = [&](std::size_t pos, std::string_view s) { return b.size() >= pos + s.size() && b.compare(pos, s.size(), s) == 0; };
  auto is = [](const char* what, const char* how) {
    return std::string("is ") + what + ", not a PNG or JPEG picture: " + how;
  };
  if (at(4, "ftyp")) {
    for (std::string_view brand : {"heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"}) {
      if (at(8, brand)) return is("a HEIC photo (as iPhones save them)", "export it as JPEG");
    }
    if (at(8, "avif") || at(8, "avis")) return is("an AVIF picture", "save it as PNG or JPEG");
  }
  if (at(0, "GIF87a") || at(0, "GIF89a")) return is("a GIF picture", "save it as PNG");
  if (at(0, "RIFF") && at(8, "WEBP")) return is("a WebP picture", "save it as PNG or JPEG");
  if (at(0, std::string_view("II*\0", 4)) || at(0, std::string_view("MM\0*", 4))) {
    return is("a TIFF picture", "save it as PNG or JPEG");
  }
  if (at(0, "BM")) return is("a BMP picture", "save it as PNG");
  if (at(0, "%PDF")) return is("a PDF", "export the picture in it as PNG");
  const std::size_t text = b.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (text != std::string::npos && (at(text, "<svg") || at(text, "<?xml"))) {
    return is("an SVG drawing", "export it as PNG at the size it prints");
  }
  return "is not a PNG or JPEG picture (its first bytes are neither signature)";
}

std::string pixels_text(std::uint64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(n) / 1e6);
  return std::string(buf) + " million pixels";
}

}  // namespace

std::optional<ImageHeader> read_image_header(const std::string& b, std::string& error) {
  ImageHeader h;
  if (b.size() >= 8 && b.compare(0, 8, reinterpret_cast<const char*>(kPngSignature), 8) == 0) {
    h.format = Image::Format::kPng;
    // The first chunk must be IHDR (13 bytes of data).
    if (b.size() < 8 + 8 + 13 || be32(b, 8) != 13 || b.compare(12, 4, "IHDR") != 0) {
      error = "truncated PNG: it has no complete IHDR header";
      return std::nullopt;
    }
    h.width = be32(b, 16);
    h.height = be32(b, 20);
  } else if (b.size() >= 3 && byte_at(b, 0) == 0xFF && byte_at(b, 1) == 0xD8 && byte_at(b, 2) == 0xFF) {
    h.format = Image::Format::kJpeg;
    auto info = parse_jpeg(b, error);
    if (!info) return std::nullopt;
    h.width = info->width;
    h.height = info->height;
  } else {
    error = not_png_or_jpeg(b);
    return std::nullopt;
  }
  if (h.width == 0 || h.height == 0) {
    error = std::to_string(h.width) + "×" + std::to_string(h.height) + " " +
            (h.format == Image::Format::kPng ? "PNG" : "JPEG") + ": a picture needs at least one pixel";
    return std::nullopt;
  }
  return h;
}

std::shared_ptr<const Image> load_image(const std::string& path, const ImageLimits& limits, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = "not found";
    return nullptr;
  }
  if (!S_ISREG(st.st_mode)) {
    error = "is not a regular file";
    return nullptr;
  }
  if (static_cast<std::uint64_t>(st.st_size) > limits.max_file_bytes) {
    error = "file of " + std::to_string(st.st_size) + " bytes is over the limit of " +
            std::to_string(limits.max_file_bytes) + " bytes for a picture";
    return nullptr;
  }
  const CacheKey key{path, static_cast<std::uint64_t>(st.st_size),
                     static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
  if (auto hit = cache().find(key)) return hit;

  std::string bytes;
  {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
      error = "cannot be opened";
      return nullptr;
    }
    bytes.resize(static_cast<std::size_t>(st.st_size));
    const std::size_t got = std::fread(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
    bytes.resize(got);
  }
  auto header = read_image_header(bytes, error);
  if (!header) return nullptr;
  const std::uint64_t pixels = static_cast<std::uint64_t>(header->width) * header->height;
  if (pixels > limits.max_pixels) {
    error = std::to_string(header->width) + "×" + std::to_string(header->height) + " pixels (" +
            pixels_text(pixels) + ") is over the limit of " + pixels_text(limits.max_pixels) +
            " for one picture; scale it down (300 pixels per inch at its printed size is enough)";
    return nullptr;
  }
  auto img = std::make_shared<Image>();
  img->file = path;
  img->format = header->format;
  img->width = header->width;
  img->height = header->height;
  if (header->format == Image::Format::kJpeg) {
    std::string unused;
    const auto info = parse_jpeg(bytes, unused);
    img->components = info->components;
    img->inverted_cmyk = info->components == 4 && info->adobe;
    img->data = std::move(bytes);
    // A camera stores a photo as its sensor saw it and tags how to turn it (viewers do; a
    // PDF draws the pixels as stored: a portrait phone photo printed on its side), and a
    // CMYK file cannot stand beside a PDF/A file's sRGB output intent: either is made an
    // upright RGB (or grey) JPEG once, here, so that layout, the PDF and previews all see
    // the picture as it is meant to be seen.
    if (info->orientation != 1 || info->components == 4) {
      std::string why;
      if (!make_jpeg_upright_rgb(*img, info->orientation, why)) {
        error = std::string(info->components == 4 ? "is a CMYK JPEG, which the handout needs in RGB"
                                                  : "is stored turned (EXIF Orientation " +
                                                        std::to_string(info->orientation) + "), which the handout turns upright") +
                ", and that failed: " + why + "; save it as an upright RGB JPEG";
        return nullptr;
      }
    }
  } else if (!take_png_rows(bytes, *img) && !decode_png(bytes, *img, error)) {
    return nullptr;
  }
  const std::string kept_as = img->png_rows ? "rows " + std::to_string(img->bits) + " " + img->palette : "";
  img->digest = fnv1a(kept_as, fnv1a(img->alpha, fnv1a(img->data))) ^
                (static_cast<std::uint64_t>(img->width) << 32 | img->height);
  cache().store(key, img);
  return img;
}

bool png_samples(const Image& img, std::string& samples, std::string& alpha) {
  if (img.format != Image::Format::kPng || (img.components != 1 && img.components != 3)) return false;
  const auto channels = static_cast<std::size_t>(img.components);
  const std::size_t n = static_cast<std::size_t>(img.width) * img.height;
  alpha.clear();
  if (!img.png_rows) {
    return inflate_zlib(img.data, n * channels, samples) && (img.alpha.empty() || inflate_zlib(img.alpha, n, alpha));
  }
  const std::size_t stride = png_stride(img.width, channels, img.bits);
  std::string rows, packed;
  if (!inflate_zlib(img.data, (stride + 1) * img.height, rows) ||
      !unfilter_png_rows(rows, stride, img.height, std::max<std::size_t>(1, channels * img.bits / 8), packed)) {
    return false;
  }
  if (img.bits == 8 && img.palette.empty()) {
    samples = std::move(packed);
    return true;
  }
  // Grey of fewer bits scaled to 8 (as libpng and a PDF reader do), or palette indices
  // looked up (RGB).
  const bool indexed = !img.palette.empty();
  samples.resize(n * (indexed ? 3 : 1));
  const unsigned per_byte = 8 / static_cast<unsigned>(img.bits), most = (1u << img.bits) - 1;
  for (std::uint32_t y = 0; y < img.height; ++y) {
    for (std::uint32_t x = 0; x < img.width; ++x) {
      const auto byte = static_cast<unsigned char>(packed[y * stride + x / per_byte]);
      const unsigned shift = 8 - static_cast<unsigned>(img.bits) * (x % per_byte + 1);
      const unsigned v = (byte >> shift) & most;
      const std::size_t i = static_cast<std::size_t>(y) * img.width + x;
      if (indexed) {
        for (std::size_t k = 0; k < 3; ++k) samples[i * 3 + k] = img.palette[v * 3 + k];
      } else {
        samples[i] = static_cast<char>(v * 255 / most);
      }
    }
  }
  return true;
}

}  // namespace handout
