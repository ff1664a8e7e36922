#include "block/figure.h"

#include <qrencode.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "core/lang.h"
#include "core/shared_library.h"

namespace handout {

namespace {

// A picture placed without a width is set at this resolution (no wider than the column).
constexpr double kDefaultPpi = 150;
// Above this, a picture's pixels are more than print can use: warn (file size, no gain).
// Print needs 300 pixels per inch; twice that still serves a patient who zooms in on a phone
// or a picture reused in a narrower layout (a trifold panel). Above it, only the file grows.
constexpr double kMaxUsefulPpi = 600;
// A picture printed narrower than this (a "width" of "0.01mm" or "1%" of a narrow column, or
// a long thin picture shrunk to fit the page's height) shows nothing a reader can see:
// refused, not printed as a speck.
constexpr Pt kMinFigureWidth = mm(3);
// The same for a long wide picture printed under a millimetre tall (5,000 x 1 pixels at
// 40 mm: 0.008 mm, printed as nothing with only a warning about its pixels per inch).
constexpr Pt kMinFigureHeight = mm(1);
// The quiet zone around a QR code, in modules (ISO/IEC 18004).
constexpr int kQuietModules = 4;
// A QR code whose modules (its smallest squares) are narrower than this is not read from
// paper: drawn at 300 dpi, zbarimg decoded none of the codes of 170 and 320 bytes sized to
// modules of 0.164 to 0.180 mm (10 to 13 mm), and some from 0.182 mm up (all at 600 dpi).
// Phones need more (0.3 mm and up is the usual advice): this refuses only what even a clean
// raster does not decode (a 1,000-byte link in a 10 mm code: 0.08 mm).
constexpr Pt kMinQrModule = mm(0.18);
// Under this, a code is printed with a warning: phone cameras, held at reading distance and
// with the paper's grain and a printer's spread of ink, need squares of a quarter to a third
// of a millimetre (the usual printing advice).
constexpr Pt kPhoneQrModule = mm(0.25);

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// The figure's physical x for a block of width `w` aligned within the column.
Pt aligned_x(const BlockContext& ctx, BlockAlign align, Pt w) {
  const Pt free = max(Pt(0), ctx.width - w);
  const Pt offset = align == BlockAlign::kStart ? Pt(0) : align == BlockAlign::kEnd ? free : free / 2;
  return start_x(ctx, offset, w);
}

// The caption set under a picture of width `w`: as wide as the picture, but at least half
// the column (a narrow caption under a small picture reads badly), aligned as it is.
// Under a centred picture narrower than that measure (a QR code, a small drawing) every line
// is centred, so the caption stands under the picture, and under one at the end every line
// ends at its end edge (two lines set from the middle of the column, ragged a code's width
// short of the code at the end, stood apart from it); otherwise a caption that fits on one
// line stands under the picture as the picture stands in the column (at the end under one at
// the end), and longer captions keep their style's alignment within the caption's measure.
std::optional<SetParagraph> set_caption(BlockContext& ctx, const Inline& caption, BlockAlign align, Pt w) {
  const Pt cw = min(ctx.width, max(w, ctx.width / 2));
  const Pt free = ctx.width - cw;
  const Pt start = align == BlockAlign::kStart ? Pt(0) : align == BlockAlign::kEnd ? free : free / 2;
  const bool narrow = w + kEpsilon < cw;
  const bool centred = align == BlockAlign::kCenter && narrow;
  const bool ended = align == BlockAlign::kEnd && narrow;
  auto p = set_paragraph(ctx, flatten_inline(ctx, caption, Role::kTableCaption), Role::kTableCaption, start,
                         free - start,
                         centred ? std::optional<Align>(Align::kCenter)
                                 : ended ? std::optional<Align>(Align::kEnd) : std::nullopt);
  if (p && !centred && !ended && p->lines.size() == 1 && align != BlockAlign::kStart) {
    const Pt slack = max(Pt(0), cw - p->lines.front().width);
    // Where the caption style's alignment already stands the line in its measure (a
    // centred or end-aligned caption style): only the rest is a shift, or the line would
    // run past the picture's end, and past the page's edge.
    const Align set = ctx.styles[Role::kTableCaption].align;
    const Pt stands = set == Align::kEnd ? slack : set == Align::kCenter ? slack / 2 : Pt(0);
    const Pt shift = (align == BlockAlign::kEnd ? slack : slack / 2) - stands;
    // The measure moves towards the end, keeping its width (the line was set for it).
    p->start_indent += shift;
    p->end_indent -= shift;
  }
  return p;
}

Pt caption_height(const std::optional<SetParagraph>& p) {
  Pt h;
  if (p) {
    for (const auto& l : p->lines) h += l.height();
  }
  return h;
}

// The picture's box, then the caption's lines, with no break allowed anywhere between.
BlockFlow picture_flow(BlockContext& ctx, DisplayItem picture, Pt height, std::optional<SetParagraph> caption,
                       int index) {
  BlockFlow f;
  f.space_before = max(ctx.styles[Role::kBody].space_after, ctx.styles[Role::kTableCaption].space_before);
  f.space_after = max(ctx.styles[Role::kBody].space_after, ctx.styles[Role::kTableCaption].space_after);
  VElem box = VElem::box(height);
  box.items.push_back(std::move(picture));
  f.list.push_back(std::move(box));
  if (caption && !caption->lines.empty()) {
    f.list.push_back(VElem::penalty_of(kNeverBreak));
    f.list.push_back(VElem::box(ctx.styles[Role::kTableCaption].space_after));
    f.list.push_back(VElem::penalty_of(kNeverBreak));
    append_line_boxes(ctx, *caption, Role::kTableCaption, index, f.list, kNeverBreak);
  }
  return f;
}

Pt body_height(const BlockContext& ctx) {
  return ctx.spec.page_height - ctx.spec.margin_top - ctx.spec.margin_bottom;
}

}  // namespace

BlockFlow layout_figure(BlockContext& ctx, const FigureBlock& fig, const Block& block, int index) {
  const Image& img = *fig.image;
  const double aspect = static_cast<double>(img.height) / img.width;
  const std::string name = "figure \"" + fig.src + "\"";
  Pt w;
  switch (fig.width.kind) {
    case FigureWidth::Kind::kAuto: w = min(ctx.width, Pt(img.width * 72.0 / kDefaultPpi)); break;
    case FigureWidth::Kind::kPercent: w = ctx.width * (fig.width.value / 100); break;
    case FigureWidth::Kind::kLength: w = Pt(fig.width.value); break;
  }
  if (w > ctx.width + kEpsilon) {
    ctx.sink.warning(ctx.article.locate(block.pointer + "/width"),
                     name + " is " + mm_text(w, 0) + " mm wide, wider than the column (" +
                         mm_text(ctx.width, 0) + " mm); it was scaled down to fit");
    w = ctx.width;
  }
  // The caption is set first: the picture shrinks, if it must, so that both fit on a page.
  auto caption = fig.caption ? set_caption(ctx, *fig.caption, fig.align, w) : std::nullopt;
  const Pt gap = ctx.styles[Role::kTableCaption].space_after;
  Pt room = body_height(ctx) - caption_height(caption) - gap;
  Pt h = w * aspect;
  const Pt full = w;
  const bool shrunk = h > room && room > Pt(0);
  bool caption_fits_w = true;  // the caption is set for the picture's width w
  if (shrunk) {
    w = w * (room / h);
    h = room;
    caption_fits_w = false;
    // The caption is set under the picture as wide as it is: under a narrower picture it
    // may take more lines, and the two no longer fit (a tall picture in a narrow column,
    // "scaled down to fit", then had its caption's last line carried to the next column).
    // The picture shrinks again until its caption's lines stop growing; they grow no more
    // once the caption's measure is half the column's.
    for (int k = 0; k < 8 && fig.caption; ++k) {
      caption = set_caption(ctx, *fig.caption, fig.align, w);
      caption_fits_w = true;
      room = body_height(ctx) - caption_height(caption) - gap;
      if (h <= room + kEpsilon || room <= Pt(0)) break;
      w = w * (room / h);
      h = room;
      caption_fits_w = false;
    }
  }
  const double scale = w / full;
  // A picture with no "width" prints at its own size (a small icon stays small).
  if (w < kMinFigureWidth && (shrunk || fig.width.kind != FigureWidth::Kind::kAuto)) {
    ctx.sink.error(ctx.article.locate(block.pointer + (shrunk ? "/src" : "/width")),
                   name + " would be printed " + mm_text(w, 2) + " mm wide" +
                       (shrunk ? " (shrunk to fit the page's height)" : "") + ", too narrow to be seen; at least " +
                       mm_text(kMinFigureWidth, 0) + " mm is needed" +
                       (shrunk ? ": crop the picture or split it" : ": give a larger \"width\""));
    return BlockFlow{};
  }
  if (h < kMinFigureHeight && fig.width.kind != FigureWidth::Kind::kAuto) {
    ctx.sink.error(ctx.article.locate(block.pointer + "/src"),
                   name + " would be printed " + mm_text(h, 3) + " mm tall (" +
                       std::to_string(img.width) + "×" + std::to_string(img.height) +
                       " pixels at its width), too thin to be seen; at least " +
                       mm_text(kMinFigureHeight, 0) + " mm is needed: crop the picture");
    return BlockFlow{};
  }
  if (shrunk) {
    ctx.sink.warning(ctx.article.locate(block.pointer),
                     name + " with its caption is taller than the page; it was scaled down to " +
                         fixed(100 * scale, 0) + "% to fit");
    if (fig.caption && !caption_fits_w) caption = set_caption(ctx, *fig.caption, fig.align, w);
  }
  const double ppi = img.width / (w.value() / 72);
  if (ppi > kMaxUsefulPpi) {
    ctx.sink.warning(ctx.article.locate(block.pointer + "/src"),
                     name + " has " + std::to_string(img.width) + "×" + std::to_string(img.height) + " pixels, " +
                         fixed(ppi, 0) + " pixels per inch at its printed width of " +
                         mm_text(w, 0) + " mm; over " + fixed(kMaxUsefulPpi, 0) +
                         " only makes the file larger (scale it down)");
  }
  const Pt x = aligned_x(ctx, fig.align, w);
  ImageItem item{Rect{x, Pt(0), w, h}, fig.image, fig.decorative ? std::string() : fig.alt, index};
  BlockFlow f = picture_flow(ctx, std::move(item), h, std::move(caption), index);
  f.list.front().floats = true;
  return f;
}

std::string qr_alt(std::string_view data, std::string_view lang, std::string& alt_lang) {
  // A reader who cannot see the code is told what it is and where it leads: the address
  // alone ("https://…", "tel:+44…") says neither.
  // In Arabic, Persian and Urdu as in the article; in any other language, in English.
  const std::string primary = primary_language(lang);
  const int own = primary == "ar" ? 1 : primary == "fa" ? 2 : primary == "ur" ? 3 : 0;
  alt_lang = own != 0 || primary == "en" ? "" : "en";
  auto starts = [&](std::string_view scheme) {
    return data.size() >= scheme.size() && std::equal(scheme.begin(), scheme.end(), data.begin(), [](char a, char b) {
             return a == std::tolower(static_cast<unsigned char>(b));
           });
  };
  std::string_view rest = data;
  // English, Arabic, Persian, Urdu.
  static constexpr const char* kWeb[] = {"QR code to the web page ", "رمز QR لصفحة الويب ", "کد QR صفحهٔ وب ",
                                         "ویب صفحے کا QR کوڈ "};
  static constexpr const char* kCall[] = {"QR code to call ", "رمز QR للاتصال بالرقم ", "کد QR برای تماس با شمارهٔ ",
                                          "نمبر ملانے کا QR کوڈ "};
  static constexpr const char* kWrite[] = {"QR code to write an e-mail to ", "رمز QR لكتابة بريد إلكتروني إلى ",
                                           "کد QR برای نوشتن ایمیل به ", "ای میل لکھنے کا QR کوڈ "};
  const char* const* words = kWeb;
  if (starts("tel:")) {
    rest.remove_prefix(4);
    words = kCall;
  } else if (starts("mailto:")) {
    rest.remove_prefix(7);
    rest = rest.substr(0, rest.find('?'));  // the address, not a subject or body given after it
    words = kWrite;
  }
  return std::string(words[own]) + std::string(rest);
}

std::optional<SquaresItem> qr_symbol(const std::string& data, Pt size, Color color, std::string& error,
                                     char level, std::string* advice) {
  // libqrencode, opened when a handout first has a QR code (core/shared_library.h).
  struct QrLib {
    decltype(&QRcode_encodeString8bit) encode = nullptr;
    decltype(&QRcode_free) free = nullptr;
  };
  static const QrLib* const lib = load_function_table<QrLib>(HANDOUT_QRENCODE_SONAME, [](QrLib& q, auto get) {
    get(q.encode, "QRcode_encodeString8bit");
    get(q.free, "QRcode_free");
  });
  if (!lib) {
    error = "cannot be encoded: the QR code library (" HANDOUT_QRENCODE_SONAME ") is not installed";
    return std::nullopt;
  }
  const QRecLevel ec = level == 'L' ? QR_ECLEVEL_L : level == 'Q' ? QR_ECLEVEL_Q : level == 'H' ? QR_ECLEVEL_H : QR_ECLEVEL_M;
  QRcode* code = lib->encode(data.c_str(), 0, ec);
  if (!code) {
    error = "cannot be encoded as a QR code (too long?)";
    return std::nullopt;
  }
  const int n = code->width;
  const Pt module = size / (n + 2 * kQuietModules);
  // "of 990 bytes makes a code of 73×73 squares: at 10.0 mm each is 0.12 mm, <why> (at least
  // <least> mm); make the code at least <mm> mm, or shorten the data"
  auto too_small = [&](Pt least, const char* why) {
    const double need = std::ceil(to_mm(least * (n + 2 * kQuietModules)));
    return "of " + std::to_string(data.size()) + " bytes makes a code of " + std::to_string(n) + "×" +
           std::to_string(n) + " squares: at " + mm_text(size, 1) + " mm each is " +
           mm_text(module, 2) + " mm, " + why + " (at least " + mm_text(least, 2) +
           " mm); make the code at least " + fixed(need, 0) + " mm, or shorten the data";
  };
  if (module < kMinQrModule) {
    lib->free(code);
    error = too_small(kMinQrModule, "too small to scan from paper");
    return std::nullopt;
  }
  if (advice && module < kPhoneQrModule) *advice = too_small(kPhoneQrModule, "smaller than phones scan reliably from paper");
  SquaresItem item;
  item.rect = Rect{Pt(0), Pt(0), size, size};
  item.fill = color;
  item.alt = data;
  // On screen the code is also a link to what it encodes (only ever an allowed link).
  if (is_allowed_link(data)) item.uri = data;
  // One rectangle per horizontal run of dark modules.
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n;) {
      if ((code->data[y * n + x] & 1) == 0) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < n && (code->data[y * n + x + run] & 1)) ++run;
      item.squares.push_back(Rect{module * (x + kQuietModules), module * (y + kQuietModules), module * run, module});
      x += run;
    }
  }
  lib->free(code);
  return item;
}

BlockFlow layout_qr(BlockContext& ctx, const QrBlock& q, const Block& block, int index) {
  std::string error, advice;
  const Pt size = min(q.size, ctx.width);
  auto symbol = qr_symbol(q.data, size, Color{0, 0, 0}, error, q.level, &advice);
  if (!symbol) {
    ctx.sink.error(ctx.article.locate(block.pointer + "/data"), "QR code data " + error);
    return BlockFlow{};
  }
  if (!advice.empty()) ctx.sink.warning(ctx.article.locate(block.pointer + "/data"), "QR code data " + advice);
  const Pt x = aligned_x(ctx, q.align, size);
  symbol->rect.x = x;
  symbol->alt = qr_alt(q.data, ctx.article.lang, symbol->alt_lang);
  symbol->block = index;
  auto caption = q.caption ? set_caption(ctx, *q.caption, q.align, size) : std::nullopt;
  return picture_flow(ctx, std::move(*symbol), size, std::move(caption), index);
}

}  // namespace handout
