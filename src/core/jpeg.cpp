#include "core/jpeg.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>

#include <jpeglib.h>

#include "core/shared_library.h"

namespace handout {

namespace {

// libjpeg's default error handler exits the process: this one jumps back to the decoder
// with the library's message instead.
struct ErrorManager {
  jpeg_error_mgr base{};
  std::jmp_buf jump{};
  char message[JMSG_LENGTH_MAX] = {};
};

void on_error(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

void on_message(j_common_ptr) {}  // warnings (a corrupt but decodable file) are not printed

// libjpeg, opened when a picture is first decoded or compressed (core/shared_library.h).
struct JpegLib {
  decltype(&jpeg_std_error) std_error = nullptr;
  decltype(&jpeg_CreateDecompress) create = nullptr;
  decltype(&jpeg_destroy_decompress) destroy = nullptr;
  decltype(&jpeg_mem_src) mem_src = nullptr;
  decltype(&jpeg_read_header) read_header = nullptr;
  decltype(&jpeg_start_decompress) start = nullptr;
  decltype(&jpeg_read_scanlines) read_scanlines = nullptr;
  decltype(&jpeg_finish_decompress) finish = nullptr;
  decltype(&jpeg_CreateCompress) create_compress = nullptr;
  decltype(&jpeg_destroy_compress) destroy_compress = nullptr;
  decltype(&jpeg_mem_dest) mem_dest = nullptr;
  decltype(&jpeg_set_defaults) set_defaults = nullptr;
  decltype(&jpeg_set_quality) set_quality = nullptr;
  decltype(&jpeg_start_compress) start_compress = nullptr;
  decltype(&jpeg_write_scanlines) write_scanlines = nullptr;
  decltype(&jpeg_finish_compress) finish_compress = nullptr;
};

// Null when the library (or one of its functions) is missing.
const JpegLib* jpeg_library() {
  static const JpegLib* const lib = load_function_table<JpegLib>(HANDOUT_JPEG_SONAME, [](JpegLib& j, auto get) {
    get(j.std_error, "jpeg_std_error");
    get(j.create, "jpeg_CreateDecompress");
    get(j.destroy, "jpeg_destroy_decompress");
    get(j.mem_src, "jpeg_mem_src");
    get(j.read_header, "jpeg_read_header");
    get(j.start, "jpeg_start_decompress");
    get(j.read_scanlines, "jpeg_read_scanlines");
    get(j.finish, "jpeg_finish_decompress");
    get(j.create_compress, "jpeg_CreateCompress");
    get(j.destroy_compress, "jpeg_destroy_compress");
    get(j.mem_dest, "jpeg_mem_dest");
    get(j.set_defaults, "jpeg_set_defaults");
    get(j.set_quality, "jpeg_set_quality");
    get(j.start_compress, "jpeg_start_compress");
    get(j.write_scanlines, "jpeg_write_scanlines");
    get(j.finish_compress, "jpeg_finish_compress");
  });
  return lib;
}

// libjpeg's error handler for one (de)compression: `err`, which jumps back with the message.
jpeg_error_mgr* error_handler(const JpegLib& lib, ErrorManager& err) {
  jpeg_error_mgr* handler = lib.std_error(&err.base);
  err.base.error_exit = on_error;
  err.base.output_message = on_message;
  return handler;
}

// The decoder proper, with no object that has a destructor between setjmp and the calls
// that may jump (the caller owns the output and the error text).
bool decode(const JpegLib& lib, const Image& image, std::uint8_t* rgba, std::size_t size, ErrorManager& err) {
  jpeg_decompress_struct cinfo{};
  cinfo.err = error_handler(lib, err);
  if (setjmp(err.jump) != 0) {
    lib.destroy(&cinfo);
    return false;
  }
  lib.create(&cinfo, JPEG_LIB_VERSION, sizeof cinfo);
  lib.mem_src(&cinfo, reinterpret_cast<const unsigned char*>(image.data.data()),
               static_cast<unsigned long>(image.data.size()));
  lib.read_header(&cinfo, TRUE);
  const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  cinfo.out_color_space = cmyk ? JCS_CMYK : cinfo.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  lib.start(&cinfo);
  const std::size_t width = cinfo.output_width, height = cinfo.output_height;
  const auto comps = static_cast<std::size_t>(cinfo.output_components);
  if (width != image.width || height != image.height || width * height * 4 != size || comps > 4) {
    std::snprintf(err.message, sizeof err.message, "its decoded size differs from its header");
    lib.destroy(&cinfo);
    return false;
  }
  // One row of samples, kept in the caller's buffer past the RGBA rows already written: the
  // last row's samples (at most 4 per pixel) fit in the row's own RGBA space.
  while (cinfo.output_scanline < height) {
    const std::size_t row = cinfo.output_scanline;
    std::uint8_t* out = rgba + row * width * 4;
    JSAMPROW samples = out;
    lib.read_scanlines(&cinfo, &samples, 1);
    // Expand in place from the end, so no sample is overwritten before it is read.
    for (std::size_t x = width; x-- > 0;) {
      const std::uint8_t* s = out + x * comps;
      std::uint8_t r, g, b;
      if (comps == 1) {
        r = g = b = s[0];
      } else if (comps == 3) {
        r = s[0], g = s[1], b = s[2];
      } else {
        // CMYK as a naive conversion (as PDF viewers do without a profile); Adobe's files
        // store the inks inverted, which libjpeg passes through.
        const unsigned k = image.inverted_cmyk ? s[3] : 255u - s[3];
        const auto ink = [&](std::uint8_t v) {
          const unsigned c = image.inverted_cmyk ? v : 255u - v;
          return static_cast<std::uint8_t>((c * k + 127u) / 255u);
        };
        r = ink(s[0]), g = ink(s[1]), b = ink(s[2]);
      }
      std::uint8_t* d = out + x * 4;
      d[0] = r, d[1] = g, d[2] = b, d[3] = 0xFF;
    }
  }
  lib.finish(&cinfo);
  lib.destroy(&cinfo);
  return true;
}

// Where the stored pixel of the upright picture's pixel (x, y) is, for EXIF orientation
// 1-8 ("the 0th row is the visual top / bottom / left / right side, the 0th column the visual
// left / right / top / bottom"); `w` and `h` are the stored picture's size.
struct Source {
  std::size_t x, y;
};
Source stored_pixel(int orientation, std::size_t x, std::size_t y, std::size_t w, std::size_t h) {
  switch (orientation) {
    case 2: return {w - 1 - x, y};          // mirrored left to right
    case 3: return {w - 1 - x, h - 1 - y};  // upside down
    case 4: return {x, h - 1 - y};          // mirrored top to bottom
    case 5: return {y, x};                  // turned and mirrored: rows are the left side
    case 6: return {y, h - 1 - x};          // a quarter clockwise: rows are the right side
    case 7: return {w - 1 - y, h - 1 - x};  // turned and mirrored: rows are the right side, reversed
    case 8: return {w - 1 - y, x};          // a quarter anticlockwise: rows are the left side
    default: return {x, y};
  }
}

// The upright picture of `rgba` (stored `w` × `h`) compressed into `out` (malloc'd by
// libjpeg: the caller frees it), with `components` 1 or 3. No object with a destructor lives
// between setjmp and the calls that may jump.
bool encode(const JpegLib& lib, const std::uint8_t* rgba, std::size_t w, std::size_t h, int orientation,
            int components, std::uint8_t* row, unsigned char** out, unsigned long* out_size, ErrorManager& err) {
  jpeg_compress_struct cinfo{};
  cinfo.err = error_handler(lib, err);
  if (setjmp(err.jump) != 0) {
    lib.destroy_compress(&cinfo);
    return false;
  }
  lib.create_compress(&cinfo, JPEG_LIB_VERSION, sizeof cinfo);
  lib.mem_dest(&cinfo, out, out_size);
  const bool turned = orientation >= 5;
  const std::size_t uw = turned ? h : w, uh = turned ? w : h;
  cinfo.image_width = static_cast<JDIMENSION>(uw);
  cinfo.image_height = static_cast<JDIMENSION>(uh);
  cinfo.input_components = components;
  cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  lib.set_defaults(&cinfo);
  lib.set_quality(&cinfo, kJpegQuality, TRUE);
  lib.start_compress(&cinfo, TRUE);
  for (std::size_t y = 0; y < uh; ++y) {
    for (std::size_t x = 0; x < uw; ++x) {
      const Source s = stored_pixel(orientation, x, y, w, h);
      const std::uint8_t* p = rgba + (s.y * w + s.x) * 4;
      if (components == 1) {
        row[x] = p[0];
      } else {
        row[3 * x] = p[0], row[3 * x + 1] = p[1], row[3 * x + 2] = p[2];
      }
    }
    JSAMPROW samples = row;
    lib.write_scanlines(&cinfo, &samples, 1);
  }
  lib.finish_compress(&cinfo);
  lib.destroy_compress(&cinfo);
  return true;
}

}  // namespace

bool decode_jpeg_rgba(const Image& image, std::vector<std::uint8_t>& rgba, std::string& why) {
  if (image.format != Image::Format::kJpeg) {
    why = "not a JPEG";
    return false;
  }
  const JpegLib* lib = jpeg_library();
  if (!lib) {
    why = "the JPEG library (" HANDOUT_JPEG_SONAME ") is not installed";
    return false;
  }
  rgba.assign(static_cast<std::size_t>(image.width) * image.height * 4, 0);
  ErrorManager err;
  if (!decode(*lib, image, rgba.data(), rgba.size(), err)) {
    why = std::string("libjpeg cannot decode it (") + err.message + ")";
    rgba.clear();
    return false;
  }
  return true;
}

bool make_jpeg_upright_rgb(Image& image, int orientation, std::string& why) {
  std::vector<std::uint8_t> rgba;
  if (!decode_jpeg_rgba(image, rgba, why)) return false;
  const JpegLib* lib = jpeg_library();  // opened by the decoder
  const int components = image.components == 1 ? 1 : 3;
  const std::size_t w = image.width, h = image.height;
  std::vector<std::uint8_t> row(static_cast<std::size_t>(components) * std::max(w, h));
  unsigned char* out = nullptr;
  unsigned long out_size = 0;
  ErrorManager err;
  const bool ok = encode(*lib, rgba.data(), w, h, orientation, components, row.data(), &out, &out_size, err) &&
                  out != nullptr && out_size > 0;
  if (ok) {
    image.data.assign(reinterpret_cast<const char*>(out), out_size);
    if (orientation >= 5) std::swap(image.width, image.height);
    image.components = components;
    image.inverted_cmyk = false;
  } else {
    why = std::string("libjpeg cannot compress it again (") + err.message + ")";
  }
  std::free(out);  // libjpeg's buffer (malloc), whether or not it was finished
  return ok;
}

}  // namespace handout
