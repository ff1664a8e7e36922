#include "output/cff_to_glyf.h"

#include <hb.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

#include "core/big_endian.h"
#include "core/handles.h"

namespace handout {
namespace {

constexpr std::uint32_t tag(char a, char b, char c, char d) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(a)) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b)) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << 8) | static_cast<unsigned char>(d);
}

struct Vec {
  double x = 0, y = 0;
};
Vec operator+(Vec a, Vec b) { return {a.x + b.x, a.y + b.y}; }
Vec operator-(Vec a, Vec b) { return {a.x - b.x, a.y - b.y}; }
Vec operator*(double k, Vec a) { return {k * a.x, k * a.y}; }

struct Point {
  long x = 0, y = 0;
  bool on = true;
};
using Contour = std::vector<Point>;

// (Clamped first: a hostile font's far-off point is refused by encode_glyph, never rounded
// past what a long holds.)
Point rounded(Vec v, bool on) {
  auto whole = [](double d) { return std::isfinite(d) ? std::lround(std::clamp(d, -1e9, 1e9)) : 1000000000L; };
  return {whole(v.x), whole(v.y), on};
}

// The cubic p0 c1 c2 p3 as quadratic pieces appended to `out` (each an off-curve control
// and the on-curve point it ends at; the last end point left out when `closing`, as it is
// the contour's first). The cubic is cut into n equal pieces, each replaced by the
// quadratic whose control is (3(q1 + q2) - q0 - q3) / 4; that quadratic strays from its
// piece by at most sqrt(3)/36 |q3 - 3 q2 + 3 q1 - q0|, and that third difference shrinks as
// the cube of the piece's share of the curve.
void add_cubic(Contour& out, Vec p0, Vec c1, Vec c2, Vec p3, bool closing) {
  const Vec a = p3 - 3 * c2 + 3 * c1 - p0;
  const Vec b = 3 * (c2 - 2 * c1 + p0);
  const Vec c = 3 * (c1 - p0);
  const double whole = std::sqrt(3.0) / 36.0 * std::hypot(a.x, a.y);
  int n = 1;
  while (n < 64 && whole / (static_cast<double>(n) * n * n) > kCffToGlyfTolerance) ++n;
  auto at = [&](double t) { return Vec{((a.x * t + b.x) * t + c.x) * t + p0.x, ((a.y * t + b.y) * t + c.y) * t + p0.y}; };
  auto slope = [&](double t) { return Vec{(3 * a.x * t + 2 * b.x) * t + c.x, (3 * a.y * t + 2 * b.y) * t + c.y}; };
  const double h = 1.0 / n;
  for (int i = 0; i < n; ++i) {
    const double t0 = i * h;
    const double t1 = i + 1 == n ? 1.0 : (i + 1) * h;
    const Vec q0 = i == 0 ? p0 : at(t0);
    const Vec q3 = i + 1 == n ? p3 : at(t1);
    const Vec q1 = q0 + (h / 3) * slope(t0);
    const Vec q2 = q3 - (h / 3) * slope(t1);
    out.push_back(rounded(0.25 * (3 * (q1 + q2) - q0 - q3), false));
    if (i + 1 < n || !closing) out.push_back(rounded(q3, true));
  }
}

// The glyph's contours in TrueType's form (starting on the curve, quadratic, clockwise), as
// HarfBuzz draws its outline in font units.
struct Pen {
  std::vector<Contour>* contours = nullptr;
  Contour ring;
  Vec at;

  void close() {
    // Repeated points (a line of no length) go; so does a contour that encloses nothing.
    Contour clean;
    for (const Point& p : ring) {
      if (!clean.empty() && p.on && clean.back().on && p.x == clean.back().x && p.y == clean.back().y) continue;
      clean.push_back(p);
    }
    ring.clear();
    while (clean.size() > 1 && clean.back().on && clean.back().x == clean.front().x && clean.back().y == clean.front().y) {
      clean.pop_back();
    }
    if (clean.size() < 3) return;
    // PostScript outlines run counter-clockwise around ink, TrueType's clockwise.
    std::reverse(clean.begin() + 1, clean.end());
    contours->push_back(std::move(clean));
  }
};

Pen& pen_of(void* data) { return *static_cast<Pen*>(data); }

hb_draw_funcs_t* make_draw_funcs() {
  hb_draw_funcs_t* f = hb_draw_funcs_create();
  hb_draw_funcs_set_move_to_func(
      f,
      [](hb_draw_funcs_t*, void* d, hb_draw_state_t*, float x, float y, void*) {
        Pen& p = pen_of(d);
        if (!p.ring.empty()) p.close();
        p.at = {x, y};
        p.ring.push_back(rounded(p.at, true));
      },
      nullptr, nullptr);
  hb_draw_funcs_set_line_to_func(
      f,
      [](hb_draw_funcs_t*, void* d, hb_draw_state_t*, float x, float y, void*) {
        Pen& p = pen_of(d);
        p.at = {x, y};
        p.ring.push_back(rounded(p.at, true));
      },
      nullptr, nullptr);
  hb_draw_funcs_set_quadratic_to_func(
      f,
      [](hb_draw_funcs_t*, void* d, hb_draw_state_t*, float cx, float cy, float x, float y, void*) {
        Pen& p = pen_of(d);
        p.ring.push_back(rounded({cx, cy}, false));
        p.at = {x, y};
        p.ring.push_back(rounded(p.at, true));
      },
      nullptr, nullptr);
  hb_draw_funcs_set_cubic_to_func(
      f,
      [](hb_draw_funcs_t*, void* d, hb_draw_state_t*, float c1x, float c1y, float c2x, float c2y, float x, float y,
         void*) {
        Pen& p = pen_of(d);
        add_cubic(p.ring, p.at, {c1x, c1y}, {c2x, c2y}, {x, y}, false);
        p.at = {x, y};
      },
      nullptr, nullptr);
  hb_draw_funcs_set_close_path_func(
      f, [](hb_draw_funcs_t*, void* d, hb_draw_state_t*, void*) { pen_of(d).close(); }, nullptr, nullptr);
  hb_draw_funcs_make_immutable(f);
  return f;
}

// One simple glyph of the glyf table (no instructions), or nothing for an empty glyph.
bool encode_glyph(const std::vector<Contour>& contours, std::string& out, std::size_t& points, long& left,
                  std::string& error) {
  points = 0;
  left = 0;
  if (contours.empty()) return true;
  long x_min = std::numeric_limits<long>::max(), y_min = x_min, x_max = std::numeric_limits<long>::min(), y_max = x_max;
  for (const auto& c : contours) {
    for (const Point& p : c) {
      x_min = std::min(x_min, p.x);
      x_max = std::max(x_max, p.x);
      y_min = std::min(y_min, p.y);
      y_max = std::max(y_max, p.y);
    }
    points += c.size();
  }
  if (x_min < -32768 || y_min < -32768 || x_max > 32767 || y_max > 32767 || points > 65535 || contours.size() > 32767) {
    error = "a glyph's outline is beyond TrueType's limits";
    return false;
  }
  left = x_min;
  append_be16(out, static_cast<std::uint32_t>(contours.size()));
  for (long v : {x_min, y_min, x_max, y_max}) append_be16(out, static_cast<std::uint32_t>(v) & 0xffff);
  std::size_t last = 0;
  for (const auto& c : contours) {
    last += c.size();
    append_be16(out, static_cast<std::uint32_t>(last - 1));
  }
  append_be16(out, 0);  // no instructions
  // Flags (with repeats), then x and y deltas: one byte and a sign bit under 256, none for 0.
  std::vector<std::uint8_t> flags;
  std::string xs, ys;
  // A delta's flag bits and bytes: none when 0 (`same`), one and a sign bit under 256 (`one`).
  auto delta = [](long d, std::uint8_t one, std::uint8_t same, std::string& bytes) -> std::uint8_t {
    if (d == 0) return same;
    if (d > -256 && d < 256) {
      bytes.push_back(static_cast<char>(std::labs(d)));
      return static_cast<std::uint8_t>(one | (d > 0 ? same : 0));
    }
    append_be16(bytes, static_cast<std::uint32_t>(d) & 0xffff);
    return 0;
  };
  long px = 0, py = 0;
  for (const auto& c : contours) {
    for (const Point& p : c) {
      const long dx = p.x - px, dy = p.y - py;
      px = p.x;
      py = p.y;
      flags.push_back(static_cast<std::uint8_t>((p.on ? 0x01 : 0x00) | delta(dx, 0x02, 0x10, xs) | delta(dy, 0x04, 0x20, ys)));
    }
  }
  for (std::size_t i = 0; i < flags.size();) {
    std::size_t run = 1;
    while (i + run < flags.size() && flags[i + run] == flags[i] && run < 256) ++run;
    if (run > 1) {
      out.push_back(static_cast<char>(flags[i] | 0x08));
      out.push_back(static_cast<char>(run - 1));
    } else {
      out.push_back(static_cast<char>(flags[i]));
    }
    i += run;
  }
  out += xs;
  out += ys;
  if (out.size() % 2 != 0) out.push_back('\0');
  return true;
}

std::uint32_t checksum(std::string_view data) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < data.size(); i += 4) {
    std::array<unsigned char, 4> w{};
    for (std::size_t k = 0; k < 4 && i + k < data.size(); ++k) w[k] = static_cast<unsigned char>(data[i + k]);
    sum += read_be32(w.data());
  }
  return sum;
}

}  // namespace

bool truetype_from_cff(std::string_view otf, std::string& out, std::string& error) {
  const auto* data = reinterpret_cast<const unsigned char*>(otf.data());
  if (otf.size() < 12) {
    error = "the font file is too short";
    return false;
  }
  // The tables kept: what a PDF asks of an embedded TrueType font (9.9) and what describes
  // it; the CFF table, vertical origins and variations go.
  std::map<std::uint32_t, std::string_view> tables;
  const std::uint16_t count = read_be16(data + 4);
  if (12 + std::size_t{count} * 16 > otf.size()) {
    error = "the font's table directory is cut short";
    return false;
  }
  for (std::uint16_t i = 0; i < count; ++i) {
    const unsigned char* rec = data + 12 + std::size_t{i} * 16;
    const std::uint32_t offset = read_be32(rec + 8), length = read_be32(rec + 12);
    if (offset > otf.size() || length > otf.size() - offset) {
      error = "a font table lies outside the file";
      return false;
    }
    tables[read_be32(rec)] = otf.substr(offset, length);
  }
  const auto head_it = tables.find(tag('h', 'e', 'a', 'd'));
  const auto maxp_it = tables.find(tag('m', 'a', 'x', 'p'));
  if (head_it == tables.end() || head_it->second.size() < 54 || maxp_it == tables.end() || maxp_it->second.size() < 6 ||
      tables.count(tag('h', 'h', 'e', 'a')) == 0 || tables.count(tag('h', 'm', 't', 'x')) == 0) {
    error = "the font lacks its head, hhea, hmtx or maxp table";
    return false;
  }
  const std::uint16_t glyphs = read_be16(maxp_it->second.data() + 4);

  HbBlob blob(hb_blob_create(otf.data(), static_cast<unsigned>(otf.size()), HB_MEMORY_MODE_READONLY, nullptr, nullptr));
  HbFace face(hb_face_create(blob.get(), 0));
  // Drawn in font units (a font's scale is its units per em until set), fractions kept.
  HbFont font(hb_font_create(face.get()));
  static hb_draw_funcs_t* const draw = make_draw_funcs();

  std::string glyf;
  std::vector<std::uint32_t> offsets;
  offsets.reserve(std::size_t{glyphs} + 1);
  std::size_t max_points = 0, max_contours = 0;
  std::vector<Contour> contours;
  std::vector<long> lefts(glyphs, 0);
  for (unsigned gid = 0; gid < glyphs; ++gid) {
    offsets.push_back(static_cast<std::uint32_t>(glyf.size()));
    contours.clear();
    Pen pen;
    pen.contours = &contours;
    hb_font_get_glyph_shape(font.get(), gid, draw, &pen);
    if (!pen.ring.empty()) pen.close();
    std::size_t points = 0;
    if (!encode_glyph(contours, glyf, points, lefts[gid], error)) return false;
    max_points = std::max(max_points, points);
    max_contours = std::max(max_contours, contours.size());
    if (glyf.size() > 0x7fffffffu) {
      error = "the font's outlines are too large";
      return false;
    }
  }
  offsets.push_back(static_cast<std::uint32_t>(glyf.size()));

  // loca: short (offsets halved) when the outlines fit, as each glyph has an even length.
  const bool short_loca = glyf.size() <= 2u * 0xffffu;
  std::string loca;
  for (const std::uint32_t o : offsets) short_loca ? append_be16(loca, o / 2) : append_be32(loca, o);

  std::string head(head_it->second);
  store_be32(&head[8], 0);  // checkSumAdjustment, set below
  store_be16(&head[50], short_loca ? 0 : 1);  // indexToLocFormat
  store_be16(&head[52], 0);  // glyphDataFormat

  std::string maxp;
  append_be32(maxp, 0x00010000);
  append_be16(maxp, glyphs);
  append_be16(maxp, static_cast<std::uint32_t>(max_points));
  append_be16(maxp, static_cast<std::uint32_t>(max_contours));
  append_be16(maxp, 0);  // maxCompositePoints
  append_be16(maxp, 0);  // maxCompositeContours
  append_be16(maxp, 2);  // maxZones
  for (int i = 0; i < 8; ++i) append_be16(maxp, 0);  // twilight points .. component depth: no instructions

  // A TrueType glyph is placed so that its box's left edge (xMin) lies at its left side
  // bearing (hmtx): the bearings become the new boxes' (taken over control points too, where
  // the font's may be the curves'), so that every glyph stays where its CFF outline was.
  std::string hmtx(tables[tag('h', 'm', 't', 'x')]);
  const auto& hhea = tables[tag('h', 'h', 'e', 'a')];
  const std::size_t metrics = hhea.size() >= 36 ? read_be16(hhea.data() + 34) : 0;
  if (metrics == 0 || metrics > glyphs || hmtx.size() < metrics * 4 + (glyphs - metrics) * 2) {
    error = "the font's horizontal metrics do not cover its glyphs";
    return false;
  }
  for (std::size_t gid = 0; gid < glyphs; ++gid) {
    const std::size_t at = gid < metrics ? gid * 4 + 2 : metrics * 4 + (gid - metrics) * 2;
    store_be16(&hmtx[at], static_cast<std::uint32_t>(lefts[gid]) & 0xffff);
  }

  std::map<std::uint32_t, std::string_view> kept;
  for (const std::uint32_t t : {tag('O', 'S', '/', '2'), tag('c', 'm', 'a', 'p'), tag('h', 'h', 'e', 'a'),
                                tag('p', 'o', 's', 't')}) {
    if (auto it = tables.find(t); it != tables.end()) kept[t] = it->second;
  }
  kept[tag('h', 'e', 'a', 'd')] = head;
  kept[tag('m', 'a', 'x', 'p')] = maxp;
  kept[tag('g', 'l', 'y', 'f')] = glyf;
  kept[tag('l', 'o', 'c', 'a')] = loca;
  kept[tag('h', 'm', 't', 'x')] = hmtx;

  const auto n = static_cast<std::uint32_t>(kept.size());
  std::uint32_t selector = 0;
  while ((2u << selector) <= n) ++selector;
  const std::uint32_t range = 16u << selector;
  out.clear();
  append_be32(out, 0x00010000);
  append_be16(out, n);
  append_be16(out, range);
  append_be16(out, selector);
  append_be16(out, n * 16 - range);
  std::size_t offset = 12 + std::size_t{n} * 16;
  for (const auto& [t, bytes] : kept) {  // (a map: in tag order, as the directory must be)
    append_be32(out, t);
    append_be32(out, checksum(bytes));
    append_be32(out, static_cast<std::uint32_t>(offset));
    append_be32(out, static_cast<std::uint32_t>(bytes.size()));
    offset += (bytes.size() + 3) & ~std::size_t{3};
  }
  std::size_t head_at = 0;
  for (const auto& [t, bytes] : kept) {
    if (t == tag('h', 'e', 'a', 'd')) head_at = out.size();
    out.append(bytes);
    out.append((4 - bytes.size() % 4) % 4, '\0');
  }
  store_be32(&out[head_at + 8], 0xB1B0AFBAu - checksum(out));
  return true;
}

}  // namespace handout
