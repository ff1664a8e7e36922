#include "preview/preview.h"

#include <png.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "cli/output_file.h"

namespace handout {

namespace {

// A rendered glyph: an 8-bit coverage bitmap and where it goes from the pen's pixel.
struct GlyphBitmap {
  int left = 0;  ///< from the pen's pixel to the bitmap's left column
  int top = 0;   ///< from the baseline's pixel row up to the bitmap's top row
  int width = 0;
  int rows = 0;
  std::vector<std::uint8_t> coverage;
};

// A decoded picture, RGBA, straight alpha.
struct Picture {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;
};

// Glyphs are placed across to a quarter pixel: four horizontal phases.
constexpr int kPhases = 4;
// Pictures larger than this (in pixels) are refused rather than decoded.
constexpr long long kMaxPicturePixels = 64LL * 1024 * 1024;

std::uint8_t blend(std::uint8_t dst, std::uint8_t src, unsigned alpha) {
  return static_cast<std::uint8_t>((dst * (255u - alpha) + src * alpha + 127u) / 255u);
}

}  // namespace

struct PagePainter::Impl {
  const FontBook& book;
  FT_Library library = nullptr;
  std::vector<FT_Face> faces;         // by FontId; null until first used
  std::vector<FT_F26Dot6> face_size;  // the size each face is set to
  std::unordered_map<std::uint64_t, GlyphBitmap> glyphs;
  std::map<std::string, Picture> pictures;
  RgbImage* canvas = nullptr;

  explicit Impl(const FontBook& b) : book(b) {
    if (FT_Init_FreeType(&library) != 0) library = nullptr;
  }
  ~Impl() {
    for (FT_Face f : faces)
      if (f) FT_Done_Face(f);
    if (library) FT_Done_FreeType(library);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  FT_Face face(FontId id) {
    if (id >= faces.size()) {
      faces.resize(id + 1u, nullptr);
      face_size.resize(id + 1u, 0);
    }
    if (!faces[id] && library) {
      const FontFace& f = book.face(id);
      unsigned length = 0;
      const char* data = hb_blob_get_data(f.blob.get(), &length);
      FT_Face ft = nullptr;
      if (FT_New_Memory_Face(library, reinterpret_cast<const FT_Byte*>(data), static_cast<FT_Long>(length), 0, &ft) == 0) {
        faces[id] = ft;
      }
    }
    return faces[id];
  }

  // Renders one glyph at a size (26.6 pixels) and horizontal phase; an empty bitmap when FreeType
  // cannot (the PDF viewer would draw nothing either).
  GlyphBitmap render_glyph(FontId font, std::uint32_t gid, FT_F26Dot6 size, int phase_x) {
    GlyphBitmap out;
    FT_Face ft = face(font);
    if (!ft) return out;
    if (face_size[font] != size) {
      if (FT_Set_Char_Size(ft, 0, size, 72, 72) != 0) return out;
      face_size[font] = size;
    }
    FT_Vector delta{phase_x * 64 / kPhases, 0};
    FT_Set_Transform(ft, nullptr, &delta);
    if (FT_Load_Glyph(ft, gid, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP | FT_LOAD_RENDER) != 0) return out;
    const FT_GlyphSlot slot = ft->glyph;
    const FT_Bitmap& bm = slot->bitmap;
    if (bm.pixel_mode != FT_PIXEL_MODE_GRAY) return out;
    out.left = slot->bitmap_left;
    out.top = slot->bitmap_top;
    out.width = static_cast<int>(bm.width);
    out.rows = static_cast<int>(bm.rows);
    out.coverage.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.rows));
    for (int r = 0; r < out.rows; ++r) {
      const unsigned char* src = bm.buffer + static_cast<std::ptrdiff_t>(r) * bm.pitch;
      std::copy(src, src + out.width, out.coverage.begin() + static_cast<std::ptrdiff_t>(r) * out.width);
    }
    return out;
  }

  const GlyphBitmap& glyph(FontId font, std::uint32_t gid, FT_F26Dot6 size, int phase_x, GlyphBitmap& scratch) {
    // Font (16 bits), glyph (16), size (24), phase (8); anything wider is not cached.
    if (gid > 0xFFFF || size <= 0 || size >= (1 << 24)) {
      scratch = render_glyph(font, gid, size, phase_x);
      return scratch;
    }
    const std::uint64_t key = (std::uint64_t{font} << 48) | (std::uint64_t{gid} << 32) |
                              (static_cast<std::uint64_t>(size) << 8) | static_cast<std::uint64_t>(phase_x);
    auto it = glyphs.find(key);
    if (it == glyphs.end()) it = glyphs.emplace(key, render_glyph(font, gid, size, phase_x)).first;
    return it->second;
  }

  void put(int x, int y, Color c, unsigned alpha) {
    if (x < 0 || y < 0 || x >= canvas->width || y >= canvas->height || alpha == 0) return;
    std::uint8_t* p = canvas->pixels.data() + (static_cast<std::size_t>(y) * canvas->width + x) * 3;
    if (alpha >= 255) {
      p[0] = c.r;
      p[1] = c.g;
      p[2] = c.b;
      return;
    }
    p[0] = blend(p[0], c.r, alpha);
    p[1] = blend(p[1], c.g, alpha);
    p[2] = blend(p[2], c.b, alpha);
  }

  void draw_text(const TextItem& t, double scale) {
    const auto size = static_cast<FT_F26Dot6>(std::lround(t.size.value() * scale * 64.0));
    GlyphBitmap scratch;
    for (const DisplayGlyph& g : t.glyphs) {
      // Across, a quarter pixel (rounded down); down, the nearest whole pixel, so that
      // horizontal strokes stay sharp. pdftoppm places glyphs the same way.
      const double fx = (t.origin.x + g.x).value() * scale;
      const int px = static_cast<int>(std::floor(fx));
      const int phase_x = std::min(kPhases - 1, static_cast<int>(std::floor((fx - px) * kPhases)));
      const int py = static_cast<int>(std::round((t.origin.y - g.y_offset).value() * scale));
      const GlyphBitmap& bm = glyph(t.font, g.gid, size, phase_x, scratch);
      const int x0 = px + bm.left, y0 = py - bm.top;
      for (int r = 0; r < bm.rows; ++r) {
        const std::uint8_t* row = bm.coverage.data() + static_cast<std::ptrdiff_t>(r) * bm.width;
        for (int c = 0; c < bm.width; ++c) put(x0 + c, y0 + r, t.color, row[c]);
      }
    }
  }

  // Fills [x0, x1) x [y0, y1) (pixels) with its edges moved to the nearest pixel boundary
  // and at least one pixel wide, so that rules and cell borders are sharp and never vanish
  // (PDF viewers adjust strokes the same way).
  void fill(double x0, double y0, double x1, double y1, Color c) {
    if (!(x1 > x0 && y1 > y0)) return;
    auto snap = [](double a, double b) {
      int lo = static_cast<int>(std::lround(a)), hi = static_cast<int>(std::lround(b));
      if (hi <= lo) hi = lo + 1;
      return std::pair{lo, hi};
    };
    auto [c0, c1] = snap(x0, x1);
    auto [r0, r1] = snap(y0, y1);
    c0 = std::max(c0, 0);
    r0 = std::max(r0, 0);
    c1 = std::min(c1, canvas->width);
    r1 = std::min(r1, canvas->height);
    for (int r = r0; r < r1; ++r) {
      for (int col = c0; col < c1; ++col) put(col, r, c, 255);
    }
  }

  void draw_rect(const RectItem& item, double scale) {
    const double x0 = item.rect.x.value() * scale, y0 = item.rect.y.value() * scale;
    const double x1 = item.rect.right().value() * scale, y1 = item.rect.bottom().value() * scale;
    if (item.fill) fill(x0, y0, x1, y1, *item.fill);
    if (item.stroke) {
      // The stroke is centred on the path: four bands, the corners in the top and bottom ones.
      const double h = item.stroke_width.value() * scale / 2;
      fill(x0 - h, y0 - h, x1 + h, y0 + h, *item.stroke);
      fill(x0 - h, y1 - h, x1 + h, y1 + h, *item.stroke);
      fill(x0 - h, y0 + h, x0 + h, y1 - h, *item.stroke);
      fill(x1 - h, y0 + h, x1 + h, y1 - h, *item.stroke);
    }
  }

  const Picture* picture(const std::string& path, DiagSink& sink) {
    auto it = pictures.find(path);
    if (it != pictures.end()) return &it->second;
    png_image img{};
    img.version = PNG_IMAGE_VERSION;
    Picture pic;
    bool ok = png_image_begin_read_from_file(&img, path.c_str()) != 0;
    if (ok && static_cast<long long>(img.width) * img.height > kMaxPicturePixels) {
      png_image_free(&img);
      sink.error(Location{path, 0, 0, ""}, "cannot preview PNG image: larger than 64 megapixels");
      return nullptr;
    }
    if (ok) {
      img.format = PNG_FORMAT_RGBA;
      pic.width = static_cast<int>(img.width);
      pic.height = static_cast<int>(img.height);
      pic.rgba.resize(PNG_IMAGE_SIZE(img));
      ok = png_image_finish_read(&img, nullptr, pic.rgba.data(), 0, nullptr) != 0;
    }
    if (!ok) {
      const std::string why = img.message[0] ? std::string(": ") + img.message : std::string();
      png_image_free(&img);
      sink.error(Location{path, 0, 0, ""}, "cannot read PNG image" + why);
      return nullptr;
    }
    return &pictures.emplace(path, std::move(pic)).first->second;
  }

  // Fits the picture in its box keeping its proportions, at the box's top-left corner (as
  // the PDF writer places it); each pixel averages the picture's pixels under it.
  bool draw_image(const ImageItem& item, double scale, DiagSink& sink) {
    const Picture* pic = picture(item.path, sink);
    if (!pic) return false;
    if (pic->width == 0 || pic->height == 0) return true;
    const double fit = std::min(item.rect.width.value() / pic->width, item.rect.height.value() / pic->height);
    if (!(fit * scale > 1e-6)) return true;  // an empty box: nothing to draw
    const double x0 = item.rect.x.value() * scale, y0 = item.rect.y.value() * scale;
    const double per_pixel = 1.0 / (fit * scale);  // picture pixels per canvas pixel
    const double x1 = x0 + pic->width * fit * scale, y1 = y0 + pic->height * fit * scale;
    const int c0 = std::max(0, static_cast<int>(std::floor(x0)));
    const int c1 = std::min(canvas->width, static_cast<int>(std::ceil(x1)));
    const int r0 = std::max(0, static_cast<int>(std::floor(y0)));
    const int r1 = std::min(canvas->height, static_cast<int>(std::ceil(y1)));
    for (int r = r0; r < r1; ++r) {
      const int sy0 = std::clamp(static_cast<int>((r - y0) * per_pixel), 0, pic->height - 1);
      const int sy1 = std::clamp(static_cast<int>(std::ceil((r + 1 - y0) * per_pixel)), sy0 + 1, pic->height);
      for (int col = c0; col < c1; ++col) {
        const int sx0 = std::clamp(static_cast<int>((col - x0) * per_pixel), 0, pic->width - 1);
        const int sx1 = std::clamp(static_cast<int>(std::ceil((col + 1 - x0) * per_pixel)), sx0 + 1, pic->width);
        unsigned long sum[4] = {0, 0, 0, 0};
        for (int sy = sy0; sy < sy1; ++sy) {
          const std::uint8_t* s = pic->rgba.data() + (static_cast<std::size_t>(sy) * pic->width + sx0) * 4;
          for (int sx = sx0; sx < sx1; ++sx, s += 4) {
            // Premultiplied, so transparent pixels add no colour.
            sum[0] += s[0] * s[3];
            sum[1] += s[1] * s[3];
            sum[2] += s[2] * s[3];
            sum[3] += s[3];
          }
        }
        if (sum[3] == 0) continue;
        const unsigned long n = static_cast<unsigned long>(sy1 - sy0) * static_cast<unsigned long>(sx1 - sx0);
        const Color c{static_cast<std::uint8_t>(sum[0] / sum[3]), static_cast<std::uint8_t>(sum[1] / sum[3]),
                      static_cast<std::uint8_t>(sum[2] / sum[3])};
        put(col, r, c, static_cast<unsigned>(sum[3] / n));
      }
    }
    return true;
  }
};

PagePainter::PagePainter(const FontBook& book) : impl_(std::make_unique<Impl>(book)) {}
PagePainter::~PagePainter() = default;

std::optional<RgbImage> PagePainter::paint(const DisplayPage& page, double dpi, DiagSink& sink) {
  if (!impl_->library) {
    sink.error(Location{}, "cannot draw a preview: FreeType could not start");
    return std::nullopt;
  }
  const double scale = dpi / 72.0;
  RgbImage image;
  image.width = std::max(1, static_cast<int>(std::lround(page.width.value() * scale)));
  image.height = std::max(1, static_cast<int>(std::lround(page.height.value() * scale)));
  image.pixels.assign(static_cast<std::size_t>(image.width) * image.height * 3, 255);
  impl_->canvas = &image;
  bool ok = true;
  for (const DisplayItem& item : page.items) {
    if (const auto* t = std::get_if<TextItem>(&item)) {
      impl_->draw_text(*t, scale);
    } else if (const auto* r = std::get_if<RectItem>(&item)) {
      impl_->draw_rect(*r, scale);
    } else if (const auto* im = std::get_if<ImageItem>(&item)) {
      ok = impl_->draw_image(*im, scale, sink) && ok;
    }
  }
  impl_->canvas = nullptr;
  if (!ok) return std::nullopt;
  return image;
}

namespace {

void append_png_bytes(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

void flush_nothing(png_structp) {}

[[noreturn]] void png_failed(png_structp png, png_const_charp message) {
  *static_cast<std::string*>(png_get_error_ptr(png)) = message ? message : "libpng error";
  png_longjmp(png, 1);
}

void png_warned(png_structp, png_const_charp) {}

// Writes the image into `out`; false (with `error` set) when libpng fails. Nothing with a
// destructor lives in this frame, so libpng's longjmp out of a call is safe.
bool write_png(png_structp png, png_infop info, const RgbImage& image, std::string& out) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_write_fn(png, &out, append_png_bytes, flush_nothing);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height), 8,
               PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  // Speed over size (previews are made on every save in watch mode). Measured on the seed's
  // pages: no row filter and deflate's fastest level is the quickest of the filter, level
  // and strategy choices but storing, and gives the smallest files of them too (text on
  // white repeats whole runs of pixels, which filters only disturb).
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_compression_level(png, 1);
  png_write_info(png, info);
  const std::size_t stride = static_cast<std::size_t>(image.width) * 3;
  for (int y = 0; y < image.height; ++y) {
    png_write_row(png, image.pixels.data() + static_cast<std::size_t>(y) * stride);
  }
  png_write_end(png, info);
  return true;
}

}  // namespace

std::optional<std::string> encode_png(const RgbImage& image, DiagSink& sink) {
  std::string error;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, png_failed, png_warned);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(image.width) * image.height / 4);
  const bool ok = info && write_png(png, info, image, bytes);
  png_destroy_write_struct(&png, info ? &info : nullptr);
  if (!ok) {
    sink.error(Location{}, "cannot encode PNG: " + (error.empty() ? std::string("out of memory") : error));
    return std::nullopt;
  }
  return bytes;
}

std::string preview_file_name(const std::string& stem, std::size_t index) {
  return stem + "-" + std::to_string(index + 1) + ".png";
}

bool write_previews(const Document& doc, PagePainter& painter, const std::string& dir,
                    const std::string& stem, double dpi, DiagSink& sink) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!dir.empty() && !fs::is_directory(dir, ec) && !fs::create_directories(dir, ec)) {
    sink.error(Location{dir, 0, 0, ""}, "cannot make the preview folder" + (ec ? ": " + ec.message() : std::string()));
    return false;
  }
  for (std::size_t i = 0; i < doc.pages.size(); ++i) {
    auto image = painter.paint(doc.pages[i], dpi, sink);
    if (!image) return false;
    auto png = encode_png(*image, sink);
    if (!png) return false;
    if (!write_file_atomically((fs::path(dir) / preview_file_name(stem, i)).string(), *png, sink)) return false;
  }
  for (std::size_t i = doc.pages.size();; ++i) {
    if (!fs::remove(fs::path(dir) / preview_file_name(stem, i), ec)) break;
  }
  return true;
}

}  // namespace handout
