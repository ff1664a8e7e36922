#include "preview/jpeg.h"

#include <csetjmp>
#include <cstdio>

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

// libjpeg, opened when a preview first decodes a JPEG picture (core/shared_library.h).
struct JpegLib {
  decltype(&jpeg_std_error) std_error = nullptr;
  decltype(&jpeg_CreateDecompress) create = nullptr;
  decltype(&jpeg_destroy_decompress) destroy = nullptr;
  decltype(&jpeg_mem_src) mem_src = nullptr;
  decltype(&jpeg_read_header) read_header = nullptr;
  decltype(&jpeg_start_decompress) start = nullptr;
  decltype(&jpeg_read_scanlines) read_scanlines = nullptr;
  decltype(&jpeg_finish_decompress) finish = nullptr;
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
  });
  return lib;
}

// The decoder proper, with no object that has a destructor between setjmp and the calls
// that may jump (the caller owns the output and the error text).
bool decode(const JpegLib& lib, const Image& image, std::uint8_t* rgba, std::size_t size, ErrorManager& err) {
  jpeg_decompress_struct cinfo{};
  cinfo.err = lib.std_error(&err.base);
  err.base.error_exit = on_error;
  err.base.output_message = on_message;
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

}  // namespace handout
