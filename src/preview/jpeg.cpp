#include "preview/jpeg.h"

#include <csetjmp>
#include <cstdio>

#include <jpeglib.h>

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

// The decoder proper, with no object that has a destructor between setjmp and the calls
// that may jump (the caller owns the output and the error text).
bool decode(const Image& image, std::uint8_t* rgba, std::size_t size, ErrorManager& err) {
  jpeg_decompress_struct cinfo{};
  cinfo.err = jpeg_std_error(&err.base);
  err.base.error_exit = on_error;
  err.base.output_message = on_message;
  if (setjmp(err.jump) != 0) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(image.data.data()),
               static_cast<unsigned long>(image.data.size()));
  jpeg_read_header(&cinfo, TRUE);
  const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  cinfo.out_color_space = cmyk ? JCS_CMYK : cinfo.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&cinfo);
  const std::size_t width = cinfo.output_width, height = cinfo.output_height;
  const auto comps = static_cast<std::size_t>(cinfo.output_components);
  if (width != image.width || height != image.height || width * height * 4 != size || comps > 4) {
    std::snprintf(err.message, sizeof err.message, "its decoded size differs from its header");
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  // One row of samples, kept in the caller's buffer past the RGBA rows already written: the
  // last row's samples (at most 4 per pixel) fit in the row's own RGBA space.
  while (cinfo.output_scanline < height) {
    const std::size_t row = cinfo.output_scanline;
    std::uint8_t* out = rgba + row * width * 4;
    JSAMPROW samples = out;
    jpeg_read_scanlines(&cinfo, &samples, 1);
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
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

}  // namespace

bool decode_jpeg_rgba(const Image& image, std::vector<std::uint8_t>& rgba, std::string& why) {
  if (image.format != Image::Format::kJpeg) {
    why = "not a JPEG";
    return false;
  }
  rgba.assign(static_cast<std::size_t>(image.width) * image.height * 4, 0);
  ErrorManager err;
  if (!decode(image, rgba.data(), rgba.size(), err)) {
    why = std::string("libjpeg cannot decode it (") + err.message + ")";
    rgba.clear();
    return false;
  }
  return true;
}

}  // namespace handout
