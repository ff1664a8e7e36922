#include "preview/preview.h"

#include "core/lib_deflate.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string_view>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <ft2build.h>
#include FT_FREETYPE_H

#include "cli/output_file.h"
#include "core/jpeg.h"
#include "preview/png_encode.h"

namespace handout {

namespace {

// A rendered glyph: an 8-bit coverage bitmap and where it goes from the pen's pixel.
struct GlyphBitmap {
  int left = 0;  ///< from the pen's pixel to the bitmap's left column
  int top = 0;   ///< from the baseline's pixel row up to the bitmap's top row
  int width = 0;
  int rows = 0;
  std::vector<std::uint8_t> coverage;
  // Per row, the columns [ink_begin, ink_end) between its first and last covered pixel (both 0
  // for a row with no coverage).
  std::vector<std::uint16_t> ink_begin, ink_end;
  // The glyph drawn in a colour over white paper, as grey (1 byte a pixel) or RGB pixels (3),
  // white where nothing is covered: copied as it is onto white parts of the page.
  struct Tinted {
    Color color;
    int channels;
    std::vector<std::uint8_t> pixels;
  };
  std::vector<Tinted> tinted;
};

// A picture's pixels, RGBA, straight alpha.
struct Picture {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;
  bool grey = false;  ///< every pixel has r == g == b
};

bool grey_pixels(const std::vector<std::uint8_t>& rgba) {
  for (std::size_t i = 0; i + 3 < rgba.size(); i += 4) {
    if (rgba[i] != rgba[i + 1] || rgba[i + 1] != rgba[i + 2]) return false;
  }
  return true;
}

bool grey(Color c) { return c.r == c.g && c.g == c.b; }

// Glyphs are placed across to a quarter pixel: four horizontal phases.
constexpr int kPhases = 4;

std::uint8_t blend(std::uint8_t dst, std::uint8_t src, unsigned alpha) {
  return static_cast<std::uint8_t>((dst * (255u - alpha) + src * alpha + 127u) / 255u);
}

// Whether the `n` bytes at `p` are all 255 (white), 16 at a time where SSE2 is there.
[[gnu::always_inline]] inline bool all_white(const std::uint8_t* p, std::size_t n) {
#if defined(__SSE2__)
  if (n >= 16) {
    __m128i acc = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
    for (std::size_t i = 0; i + 16 < n; i += 16) acc = _mm_and_si128(acc, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(acc, _mm_set1_epi8(-1))) == 0xFFFF;
  }
#endif
  if (n >= 8) {
    std::uint64_t a = 0, b = 0;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
    return (a & b) == ~std::uint64_t{0};
  }
  if (n >= 4) {
    std::uint32_t a = 0, b = 0;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    return (a & b) == ~std::uint32_t{0};
  }
  return (p[0] & p[n / 2] & p[n - 1]) == 255;  // n is 1 to 3
}

// Copies `n` > 0 bytes (a glyph's row: a few dozen) without a call: overlapping moves of 16, 8,
// 4 or 1 bytes.
[[gnu::always_inline]] inline void copy_short(std::uint8_t* to, const std::uint8_t* from, std::size_t n) {
#if defined(__SSE2__)
  if (n >= 16) {
    const __m128i last = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + n - 16));
    for (std::size_t i = 0; i + 16 < n; i += 16)
      _mm_storeu_si128(reinterpret_cast<__m128i*>(to + i), _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + i)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to + n - 16), last);
    return;
  }
#endif
  if (n >= 8) {
    std::uint64_t a = 0, b = 0;
    std::memcpy(&a, from, 8);
    std::memcpy(&b, from + n - 8, 8);
    std::memcpy(to, &a, 8);
    std::memcpy(to + n - 8, &b, 8);
  } else if (n >= 4) {
    std::uint32_t a = 0, b = 0;
    std::memcpy(&a, from, 4);
    std::memcpy(&b, from + n - 4, 4);
    std::memcpy(to, &a, 4);
    std::memcpy(to + n - 4, &b, 4);
  } else {
    const std::uint8_t a = from[0], b = from[n / 2], c = from[n - 1];
    to[0] = a;
    to[n / 2] = b;
    to[n - 1] = c;
  }
}

// Sets the `n` bytes at `p` to 255: 16 at a time where SSE2 is there (as valgrind counts it, a
// `rep stosb` in memset costs an instruction a byte, though it is no faster).
void fill_white(std::uint8_t* p, std::size_t n) {
#if defined(__SSE2__)
  if (n >= 16) {
    const __m128i ones = _mm_set1_epi8(-1);
    for (std::size_t i = 0; i + 16 < n; i += 16) _mm_storeu_si128(reinterpret_cast<__m128i*>(p + i), ones);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p + n - 16), ones);
    return;
  }
#endif
  std::memset(p, 255, n);
}

}  // namespace

struct PagePainter::Impl {
  const FontBook* book;
  FT_Library library = nullptr;
  std::vector<FT_Face> faces;         // by FontId; null until first used
  std::vector<FT_F26Dot6> face_size;  // the size each face is set to
  // Rendered glyphs, filed by the font's bytes (two hashes of them and their length) rather
  // than by its id in the book: so they outlive the book they were drawn from (watch reads
  // the fonts again for each render) but not a change to the font's file.
  using GlyphCache = std::unordered_map<std::uint64_t, GlyphBitmap>;
  using FontPrint = std::tuple<std::uint64_t, std::uint32_t, std::size_t>;
  std::map<FontPrint, GlyphCache> glyphs_by_font;
  std::vector<GlyphCache*> glyphs;  // by FontId, for this book; null until first used
  std::map<const Image*, Picture> pictures;
  PageImage canvas;

  explicit Impl(const FontBook& b) : book(&b) {
    if (FT_Init_FreeType(&library) != 0) library = nullptr;
  }
  ~Impl() { close_faces(); if (library) FT_Done_FreeType(library); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void close_faces() {
    for (FT_Face f : faces)
      if (f) FT_Done_Face(f);
    faces.clear();
    face_size.clear();
  }

  // Lets go of the book: its faces are closed and pictures forgotten; glyphs are kept for the
  // fonts it was used with (those of fonts not used then are dropped).
  void let_go() {
    if (!book) return;
    close_faces();
    pictures.clear();
    for (auto it = glyphs_by_font.begin(); it != glyphs_by_font.end();) {
      const bool used = std::find(glyphs.begin(), glyphs.end(), &it->second) != glyphs.end();
      it = used ? std::next(it) : glyphs_by_font.erase(it);
    }
    glyphs.clear();
    book = nullptr;
  }

  GlyphCache& glyphs_of(FontId id) {
    if (id >= glyphs.size()) glyphs.resize(id + 1u, nullptr);
    if (!glyphs[id]) {
      unsigned length = 0;
      const char* data = hb_blob_get_data(book->face(id).blob.get(), &length);
      const std::string_view bytes(data, length);
      const FontPrint print{std::hash<std::string_view>{}(bytes),
                            static_cast<std::uint32_t>(libdeflate_crc32(0, data, length)), bytes.size()};
      glyphs[id] = &glyphs_by_font[print];
    }
    return *glyphs[id];
  }

  FT_Face face(FontId id) {
    if (id >= faces.size()) {
      faces.resize(id + 1u, nullptr);
      face_size.resize(id + 1u, 0);
    }
    if (!faces[id] && library) {
      const FontFace& f = book->face(id);
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
    out.ink_begin.assign(static_cast<std::size_t>(out.rows), 0);
    out.ink_end.assign(static_cast<std::size_t>(out.rows), 0);
    for (int r = 0; r < out.rows; ++r) {
      const unsigned char* src = bm.buffer + static_cast<std::ptrdiff_t>(r) * bm.pitch;
      std::copy(src, src + out.width, out.coverage.begin() + static_cast<std::ptrdiff_t>(r) * out.width);
      int begin = 0, end = out.width;
      while (begin < end && src[begin] == 0) ++begin;
      while (end > begin && src[end - 1] == 0) --end;
      if (begin < end && end <= 0xFFFF) {
        out.ink_begin[static_cast<std::size_t>(r)] = static_cast<std::uint16_t>(begin);
        out.ink_end[static_cast<std::size_t>(r)] = static_cast<std::uint16_t>(end);
      }
    }
    return out;
  }

  GlyphBitmap& glyph(GlyphCache& cache, FontId font, std::uint32_t gid, FT_F26Dot6 size, int phase_x,
                     GlyphBitmap& scratch) {
    // Glyph (32 bits), size (24), phase (8); a larger size is not cached.
    if (size <= 0 || size >= (1 << 24)) {
      scratch = render_glyph(font, gid, size, phase_x);
      return scratch;
    }
    const std::uint64_t key =
        (std::uint64_t{gid} << 32) | (static_cast<std::uint64_t>(size) << 8) | static_cast<std::uint64_t>(phase_x);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, render_glyph(font, gid, size, phase_x)).first;
    return it->second;
  }

  void mark(int y, int x_begin, int x_end) {
    const auto row = static_cast<std::size_t>(y);
    if (canvas.inked[row] == 0) {
      canvas.inked[row] = 1;
      canvas.ink_begin[row] = x_begin;
      canvas.ink_end[row] = x_end;
      return;
    }
    canvas.ink_begin[row] = std::min(canvas.ink_begin[row], x_begin);
    canvas.ink_end[row] = std::max(canvas.ink_end[row], x_end);
  }

  // Makes the canvas a white page of this size: the last page's pixels when they have the same
  // size, with only the parts of rows drawn on cleared (on a page most rows are blank).
  void clear(int width, int height, int channels) {
    if (canvas.width == width && canvas.height == height && canvas.channels == channels) {
      const std::size_t row = static_cast<std::size_t>(width) * static_cast<std::size_t>(channels);
      for (std::size_t y = 0; y < static_cast<std::size_t>(height); ++y) {
        if (canvas.inked[y] == 0) continue;
        fill_white(canvas.pixels.data() + y * row + static_cast<std::size_t>(canvas.ink_begin[y]) * channels,
                   static_cast<std::size_t>(canvas.ink_end[y] - canvas.ink_begin[y]) * channels);
        canvas.inked[y] = 0;
      }
      return;
    }
    canvas.width = width;
    canvas.height = height;
    canvas.channels = channels;
    canvas.pixels.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * channels, 255);
    canvas.inked.assign(static_cast<std::size_t>(height), 0);
    canvas.ink_begin.assign(static_cast<std::size_t>(height), 0);
    canvas.ink_end.assign(static_cast<std::size_t>(height), 0);
  }

  // 1 (grey) when nothing on the page has colour, else 3 (RGB); pictures are read here, and a
  // picture that cannot be read is reported and clears `ok`.
  int channels_for(const DisplayPage& page, DiagSink& sink, bool& ok) {
    bool colour = false;
    for (const DisplayItem& item : page.items) {
      if (const auto* t = std::get_if<TextItem>(&item)) {
        colour = colour || !grey(t->color);
      } else if (const auto* r = std::get_if<RectItem>(&item)) {
        colour = colour || (r->fill && !grey(*r->fill)) || (r->stroke && !grey(*r->stroke));
      } else if (const auto* q = std::get_if<SquaresItem>(&item)) {
        colour = colour || !grey(q->fill);
      } else if (const auto* im = std::get_if<ImageItem>(&item)) {
        if (!im->image) continue;
        const Picture* pic = picture(*im->image, sink);
        if (!pic) ok = false;
        colour = colour || (pic && !pic->grey);
      }
    }
    return colour ? 3 : 1;
  }

  // One pixel (skipped outside the canvas or when `alpha` is 0), in grey or RGB as the canvas is.
  void put(int x, int y, Color c, unsigned alpha) {
    if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height || alpha == 0) return;
    const auto channels = static_cast<std::size_t>(canvas.channels);
    std::uint8_t* p = canvas.pixels.data() + (static_cast<std::size_t>(y) * canvas.width + x) * channels;
    mark(y, x, x + 1);
    const std::uint8_t rgb[3] = {c.r, c.g, c.b};
    for (std::size_t k = 0; k < channels; ++k) p[k] = alpha >= 255 ? rgb[k] : blend(p[k], rgb[k], alpha);
  }

  // The colour blended over white at each coverage, per channel (most glyph pixels fall on
  // white paper): kept for the colours of the last pages.
  using OverWhite = std::array<std::array<std::uint8_t, 256>, 3>;
  std::vector<std::pair<Color, OverWhite>> over_white;

  const OverWhite& over_white_of(Color c) {
    for (const auto& [colour, table] : over_white)
      if (colour == c) return table;
    if (over_white.size() >= 16) over_white.erase(over_white.begin());
    OverWhite table;
    const std::uint8_t rgb[3] = {c.r, c.g, c.b};
    for (int k = 0; k < 3; ++k)
      for (unsigned a = 0; a < 256; ++a) table[k][a] = blend(255, rgb[k], a);
    return over_white.emplace_back(c, table).second;
  }

  // The glyph in colour `c` over white, kChannels bytes a pixel (made on first use).
  template <int kChannels>
  const std::uint8_t* tinted(GlyphBitmap& bm, Color c, const OverWhite& white) {
    for (const GlyphBitmap::Tinted& t : bm.tinted)
      if (t.color == c && t.channels == kChannels) return t.pixels.data();
    GlyphBitmap::Tinted t{c, kChannels, std::vector<std::uint8_t>(bm.coverage.size() * kChannels)};
    for (std::size_t i = 0; i < bm.coverage.size(); ++i)
      for (int k = 0; k < kChannels; ++k) t.pixels[i * kChannels + k] = white[k][bm.coverage[i]];
    bm.tinted.push_back(std::move(t));
    return bm.tinted.back().pixels.data();
  }

  // A glyph's coverage clipped to the canvas, its top left pixel at (x0, y0). A row whose
  // covered span falls on white paper (most) is the tinted glyph's row copied; elsewhere each
  // covered pixel is blended.
  template <int kChannels>
  void blit(GlyphBitmap& bm, int x0, int y0, Color c, const OverWhite& white) {
    const int c0 = std::max(0, -x0), c1 = std::min(bm.width, canvas.width - x0);
    const int r0 = std::max(0, -y0), r1 = std::min(bm.rows, canvas.height - y0);
    if (c0 >= c1 || r0 >= r1) return;
    const std::uint8_t rgb[3] = {c.r, c.g, c.b};
    const std::uint8_t* tint = tinted<kChannels>(bm, c, white);
    for (int r = r0; r < r1; ++r) {
      const int begin = std::max<int>(c0, bm.ink_begin[static_cast<std::size_t>(r)]);
      const int end = std::min<int>(c1, bm.ink_end[static_cast<std::size_t>(r)]);
      if (begin >= end) continue;
      const std::size_t at = static_cast<std::size_t>(r) * bm.width;
      std::uint8_t* p = canvas.pixels.data() + (static_cast<std::size_t>(y0 + r) * canvas.width + (x0 + begin)) * kChannels;
      const auto bytes = static_cast<std::size_t>(end - begin) * kChannels;
      mark(y0 + r, x0 + begin, x0 + end);
      if (all_white(p, bytes)) {
        copy_short(p, tint + (at + begin) * kChannels, bytes);
        continue;
      }
      const std::uint8_t* cov = bm.coverage.data() + at;
      for (int col = begin; col < end; ++col, p += kChannels) {
        const unsigned alpha = cov[col];
        if (alpha == 0) continue;
        bool on_white = p[0] == 255;
        for (int k = 1; k < kChannels; ++k) on_white = on_white && p[k] == 255;
        if (on_white) {
          for (int k = 0; k < kChannels; ++k) p[k] = white[k][alpha];
        } else {
          for (int k = 0; k < kChannels; ++k) p[k] = blend(p[k], rgb[k], alpha);
        }
      }
    }
  }

  void draw_text(const TextItem& t, double scale) {
    const auto size = static_cast<FT_F26Dot6>(std::lround(t.size.value() * scale * 64.0));
    const OverWhite& white = over_white_of(t.color);
    GlyphCache& cache = glyphs_of(t.font);
    GlyphBitmap scratch;
    for (std::size_t i = 0; i < t.glyphs.size(); ++i) {
      const DisplayGlyph& g = t.glyphs[i];
      // Across, a quarter pixel (rounded down); down, the nearest whole pixel, so that
      // horizontal strokes stay sharp. pdftoppm places glyphs the same way.
      const double fx = (t.origin.x + g.x).value() * scale;
      const int px = static_cast<int>(std::floor(fx));
      const int phase_x = std::min(kPhases - 1, static_cast<int>(std::floor((fx - px) * kPhases)));
      const int py = static_cast<int>(std::round((t.origin.y - t.y_offset(i)).value() * scale));
      GlyphBitmap& bm = glyph(cache, t.font, g.gid, size, phase_x, scratch);
      if (canvas.channels == 1) {
        blit<1>(bm, px + bm.left, py - bm.top, t.color, white);
      } else {
        blit<3>(bm, px + bm.left, py - bm.top, t.color, white);
      }
    }
  }

  // Fills [x0, x1) x [y0, y1) (pixels). Snapped: its edges moved to the nearest pixel
  // boundary and at least one pixel wide, so that rules and cell borders are sharp and never
  // vanish (PDF viewers adjust rectangles the same way). Else each edge pixel is covered by
  // the share of it inside (a QR code's squares, one path in the PDF, are drawn so).
  void fill(double x0, double y0, double x1, double y1, Color c, bool snap = true) {
    if (!(x1 > x0 && y1 > y0)) return;
    if (snap) {
      auto edges = [](double a, double b) {
        const double lo = std::round(a);
        return std::pair{lo, std::max(std::round(b), lo + 1)};
      };
      std::tie(x0, x1) = edges(x0, x1);
      std::tie(y0, y1) = edges(y0, y1);
    }
    const int c0 = std::max(0, static_cast<int>(std::floor(x0)));
    const int c1 = std::min(canvas.width, static_cast<int>(std::ceil(x1)));
    const int r0 = std::max(0, static_cast<int>(std::floor(y0)));
    const int r1 = std::min(canvas.height, static_cast<int>(std::ceil(y1)));
    for (int r = r0; r < r1; ++r) {
      const double ycov = std::min(y1, r + 1.0) - std::max(y0, static_cast<double>(r));
      for (int col = c0; col < c1; ++col) {
        const double xcov = std::min(x1, col + 1.0) - std::max(x0, static_cast<double>(col));
        put(col, r, c, static_cast<unsigned>(std::lround(std::clamp(xcov * ycov, 0.0, 1.0) * 255.0)));
      }
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

  // The picture's pixels as RGBA: from the samples the image loader kept for a PNG (8-bit grey
  // or RGB, and alpha: png_samples), or decoded from a JPEG's bytes with libjpeg.
  const Picture* picture(const Image& image, DiagSink& sink) {
    auto it = pictures.find(&image);
    if (it != pictures.end()) return &it->second;
    Picture pic;
    const std::size_t n = static_cast<std::size_t>(image.width) * image.height;
    if (image.format == Image::Format::kJpeg) {
      std::string why;
      if (!decode_jpeg_rgba(image, pic.rgba, why)) {
        sink.error(Location{image.file, 0, 0, ""}, "cannot draw the picture in the preview: " + why);
        return nullptr;
      }
      pic.width = static_cast<int>(image.width);
      pic.height = static_cast<int>(image.height);
      pic.grey = grey_pixels(pic.rgba);
      return &pictures.emplace(&image, std::move(pic)).first->second;
    }
    if (image.components != 1 && image.components != 3) {
      sink.error(Location{image.file, 0, 0, ""}, "cannot draw the picture in the preview: a PNG of " +
                                                     std::to_string(image.components) + " channels");
      return nullptr;
    }
    std::string samples, alpha;
    if (!png_samples(image, samples, alpha)) {
      sink.error(Location{image.file, 0, 0, ""}, "cannot draw the picture in the preview: its pixels do not unpack");
      return nullptr;
    }
    const std::size_t channels = n == 0 ? 1 : samples.size() / n;  // a palette picture's are RGB
    pic.width = static_cast<int>(image.width);
    pic.height = static_cast<int>(image.height);
    pic.rgba.resize(n * 4);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < 3; ++k) {
        pic.rgba[i * 4 + k] = static_cast<std::uint8_t>(samples[i * channels + (channels == 3 ? k : 0)]);
      }
      pic.rgba[i * 4 + 3] = alpha.empty() ? 0xFF : static_cast<std::uint8_t>(alpha[i]);
    }
    pic.grey = channels == 1 || grey_pixels(pic.rgba);
    return &pictures.emplace(&image, std::move(pic)).first->second;
  }

  // Fills the item's box with the picture (as the PDF writer places it); each pixel averages
  // the picture's pixels under it.
  bool draw_image(const ImageItem& item, double scale, DiagSink& sink) {
    if (!item.image) return true;
    const Picture* pic = picture(*item.image, sink);
    if (!pic) return false;
    if (pic->width == 0 || pic->height == 0) return true;
    const double x0 = item.rect.x.value() * scale, y0 = item.rect.y.value() * scale;
    const double x1 = item.rect.right().value() * scale, y1 = item.rect.bottom().value() * scale;
    if (!(x1 - x0 > 1e-6 && y1 - y0 > 1e-6)) return true;  // an empty box: nothing to draw
    const double per_pixel_x = pic->width / (x1 - x0), per_pixel_y = pic->height / (y1 - y0);
    const int c0 = std::max(0, static_cast<int>(std::floor(x0)));
    const int c1 = std::min(canvas.width, static_cast<int>(std::ceil(x1)));
    const int r0 = std::max(0, static_cast<int>(std::floor(y0)));
    const int r1 = std::min(canvas.height, static_cast<int>(std::ceil(y1)));
    for (int r = r0; r < r1; ++r) {
      const int sy0 = std::clamp(static_cast<int>((r - y0) * per_pixel_y), 0, pic->height - 1);
      const int sy1 = std::clamp(static_cast<int>(std::ceil((r + 1 - y0) * per_pixel_y)), sy0 + 1, pic->height);
      for (int col = c0; col < c1; ++col) {
        const int sx0 = std::clamp(static_cast<int>((col - x0) * per_pixel_x), 0, pic->width - 1);
        const int sx1 = std::clamp(static_cast<int>(std::ceil((col + 1 - x0) * per_pixel_x)), sx0 + 1, pic->width);
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

void PagePainter::use_fonts(const FontBook& book) {
  impl_->let_go();
  impl_->book = &book;
}

void PagePainter::let_go_of_fonts() { impl_->let_go(); }

const PageImage* PagePainter::paint(const DisplayPage& page, double dpi, DiagSink& sink) {
  if (!impl_->library || !impl_->book) {
    sink.error(Location{}, impl_->library ? "cannot draw a preview: the painter has no fonts (use_fonts)"
                                          : "cannot draw a preview: FreeType could not start");
    return nullptr;
  }
  const double scale = dpi / 72.0;
  const double pixels = page.width.value() * scale * page.height.value() * scale;
  if (!(pixels <= kMaxPreviewPixels)) {
    const double most = std::floor(72.0 * std::sqrt(kMaxPreviewPixels / (page.width.value() * page.height.value())));
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "cannot draw a preview of a %.0f x %.0f mm page at %g dpi: %.0f million pixels, over the "
                  "limit of %.0f million; give a resolution of at most %.0f dpi for this page",
                  to_mm(page.width), to_mm(page.height), dpi, pixels / 1e6,
                  kMaxPreviewPixels / 1e6, most);
    sink.error(Location{}, buf);
    return nullptr;
  }
  bool ok = true;
  const int channels = impl_->channels_for(page, sink, ok);
  if (!ok) return nullptr;
  impl_->clear(std::max(1, static_cast<int>(std::lround(page.width.value() * scale))),
               std::max(1, static_cast<int>(std::lround(page.height.value() * scale))), channels);
  for (const DisplayItem& item : page.items) {
    if (const auto* t = std::get_if<TextItem>(&item)) {
      impl_->draw_text(*t, scale);
    } else if (const auto* r = std::get_if<RectItem>(&item)) {
      impl_->draw_rect(*r, scale);
    } else if (const auto* im = std::get_if<ImageItem>(&item)) {
      ok = impl_->draw_image(*im, scale, sink) && ok;
    } else if (const auto* q = std::get_if<SquaresItem>(&item)) {
      for (const Rect& sq : q->squares) {
        impl_->fill((q->rect.x + sq.x).value() * scale, (q->rect.y + sq.y).value() * scale,
                    (q->rect.x + sq.right()).value() * scale, (q->rect.y + sq.bottom()).value() * scale, q->fill,
                    /*snap=*/false);
      }
    }
  }
  return ok ? &impl_->canvas : nullptr;
}

std::optional<std::string> PagePainter::png(const DisplayPage& page, double dpi, DiagSink& sink) {
  const PageImage* image = paint(page, dpi, sink);
  if (!image) return std::nullopt;
  return encode_png(*image, sink);
}

std::optional<std::string> encode_png(const PageImage& image, DiagSink& sink) {
  const auto height = static_cast<std::size_t>(image.height);
  if (image.width <= 0 || image.height <= 0 || (image.channels != 1 && image.channels != 3) ||
      image.pixels.size() != static_cast<std::size_t>(image.width) * height * image.channels) {
    sink.error(Location{}, "cannot encode PNG: the image has no pixels");
    return std::nullopt;
  }
  const bool inked = image.inked.size() == height;
  const bool spans = inked && image.ink_begin.size() == height && image.ink_end.size() == height;
  return png_file(image.pixels.data(), image.width, image.height, image.channels, inked ? image.inked.data() : nullptr,
                  spans ? image.ink_begin.data() : nullptr, spans ? image.ink_end.data() : nullptr);
}

std::string preview_file_name(const std::string& stem, std::size_t index) {
  return stem + "-" + std::to_string(index + 1) + ".png";
}

std::optional<std::vector<PendingOutput>> prepare_previews(const Document& doc, PagePainter& painter,
                                                           const std::string& dir, const std::string& stem, double dpi,
                                                           DiagSink& sink, PendingOutput::Flush flush) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!dir.empty() && !fs::is_directory(dir, ec) && !fs::create_directories(dir, ec)) {
    sink.error(Location{dir, 0, 0, ""}, "cannot make the preview folder" + (ec ? ": " + ec.message() : std::string()));
    return std::nullopt;
  }
  std::vector<PendingOutput> files;
  files.reserve(doc.pages.size());
  for (std::size_t i = 0; i < doc.pages.size(); ++i) {
    auto png = painter.png(doc.pages[i], dpi, sink);
    if (!png) return std::nullopt;
    auto file = PendingOutput::prepare((fs::path(dir) / preview_file_name(stem, i)).string(), *png, sink, flush);
    if (!file) return std::nullopt;
    files.push_back(std::move(*file));
  }
  for (std::size_t i = doc.pages.size();; ++i) {
    if (!fs::remove(fs::path(dir) / preview_file_name(stem, i), ec)) break;
  }
  return files;
}

bool write_previews(const Document& doc, PagePainter& painter, const std::string& dir,
                    const std::string& stem, double dpi, DiagSink& sink) {
  auto files = prepare_previews(doc, painter, dir, stem, dpi, sink, PendingOutput::Flush::kNow);
  if (!files) return false;
  for (auto& f : *files) {
    if (!f.commit(sink)) return false;
  }
  return true;
}

}  // namespace handout
