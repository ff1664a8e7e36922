#include "output/pdf_writer.h"

#include "core/lib_haru.h"
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

#include "core/lang.h"
#include "core/utf.h"
#include "output/deflate_cache.h"
#include "output/pdf_boxes.h"
#include "output/pdf_fonts.h"
#include "output/pdf_images.h"
#include "output/pdf_meta.h"
#include "output/pdf_number.h"
#include "output/pdf_outline.h"
#include "output/pdf_repack.h"
#include "output/pdf_strings.h"
#include "output/pdf_tags.h"
#include "output/side_post.h"

namespace handout {

namespace {

// A link's URI as the PDF holds it: 7-bit ASCII (PDF 32000-1, 12.6.4.7), so an address
// written with letters beyond ASCII ("https://example.org/café") has them percent-encoded
// as UTF-8 bytes, as RFC 3987 (3.1) maps an IRI to a URI (and any space or control, which
// the article reader refuses). Unchanged when it is plain ASCII.
std::string uri_ascii(const std::string& uri) {
  auto keep = [](unsigned char c) {
    return c > 0x20 && c < 0x7F;
  };
  if (std::all_of(uri.begin(), uri.end(), [&](char c) { return keep(static_cast<unsigned char>(c)); })) return uri;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : uri) {
    const auto c = static_cast<unsigned char>(ch);
    if (keep(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}


// libharu reports errors through a callback; it must not throw through C frames, so it
// only records the first error for the caller to check.
struct HaruError {
  HPDF_STATUS code = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void on_haru_error(HPDF_STATUS code, HPDF_STATUS detail, void* user) {
  auto* e = static_cast<HaruError*>(user);
  if (e->code == HPDF_OK) {
    e->code = code;
    e->detail = detail;
  }
}

struct HaruDocDeleter {
  void operator()(HPDF_Doc d) const { HPDF_Free(d); }
};
using HaruDoc = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, HaruDocDeleter>;

// A colour component (0-255) as a fraction of 255 in its short form (".502", "1"): one of
// 256 texts, made once, so that a colour costs no number formatting (put_short_pdf_number
// of c / 255.0, as before).
struct ComponentText {
  char text[8];
  std::uint8_t size;
};
const std::array<ComponentText, 256>& component_texts() {
  static const std::array<ComponentText, 256> table = [] {
    std::array<ComponentText, 256> t{};
    for (unsigned c = 0; c < 256; ++c) {
      char buf[kMaxPdfNumber];
      const char* end = put_short_pdf_number(buf, c / 255.0);
      t[c].size = static_cast<std::uint8_t>(end - buf);
      std::memcpy(t[c].text, buf, t[c].size);
    }
    return t;
  }();
  return table;
}

void append_color(std::string& s, const Color& c, const char* op) {
  const auto& texts = component_texts();
  char buf[48];
  char* p = buf;
  for (const std::uint8_t v : {c.r, c.g, c.b}) {
    std::memcpy(p, texts[v].text, sizeof texts[v].text);  // the whole entry: its size is what counts
    p += texts[v].size;
    *p++ = ' ';
  }
  const std::size_t n = std::strlen(op);
  std::memcpy(p, op, n);
  p += n;
  *p++ = '\n';
  s.append(buf, static_cast<std::size_t>(p - buf));
}

// A CID in a literal string at `p` (room for 4 bytes): its two bytes, high first, with the
// bytes a string reads otherwise escaped ("(", ")", backslash; a carriage return would be
// read as a line feed). Returns the end of what it wrote.
char* put_cid_byte(char* p, unsigned b) {
  switch (b) {
    case '(': case ')': case '\\': *p++ = '\\'; *p++ = static_cast<char>(b); break;
    case '\r': *p++ = '\\'; *p++ = 'r'; break;
    default: *p++ = static_cast<char>(b);
  }
  return p;
}

// Whether a byte is one put_cid_byte escapes, by bit: all four are below 0x60.
constexpr std::uint64_t kEscapedLow = (std::uint64_t{1} << '(') | (std::uint64_t{1} << ')') | (std::uint64_t{1} << '\r');
bool escaped(unsigned b) { return b < 64 ? ((kEscapedLow >> b) & 1) != 0 : b == '\\'; }

char* put_cid(char* p, unsigned cid) {
  const unsigned hi = (cid >> 8) & 0xFFu, lo = cid & 0xFFu;
  if (!escaped(hi) && !escaped(lo)) {  // nearly always
    p[0] = static_cast<char>(hi);
    p[1] = static_cast<char>(lo);
    return p + 2;
  }
  return put_cid_byte(put_cid_byte(p, hi), lo);
}

// A glyph's code in a page's content until the page is finished: three bytes with the high
// bit set (the operators are ASCII), turned into its CID's two bytes then (append_cid).
char* put_code(char* p, std::uint32_t code) {
  p[0] = static_cast<char>(0x80 | ((code >> 14) & 0x7F));
  p[1] = static_cast<char>(0x80 | ((code >> 7) & 0x7F));
  p[2] = static_cast<char>(0x80 | (code & 0x7F));
  return p + 3;
}

// What a page's content stream has set so far, so that each operator is written only when
// its value changes. Font, size, colours, line width and rise belong to the graphics state:
// they last from one text object to the next, so they are known from the first item of a
// page to its end (only a picture is drawn inside q...Q, which gives them back); the line
// matrix starts again at each BT.
struct PageState {
  bool in_text = false;  // between BT and ET
  std::string font;      // the Tf font's resource name ("" = not set on this page)
  double size = -1;      // the Tf size, rounded as written
  std::optional<Color> fill, stroke;
  double line_width = -1;
  double rise = 0;                // Ts (0 when a page starts)
  double line_x = 0, line_y = 0;  // the line matrix's origin, rounded as written
};

// v rounded as append_pdf_number writes it: the value a reader parses from it.
double rounded(double v) {
  const double x = v * 1000.0;
  if (!(std::abs(x) < kRoundedExactly)) return std::round(x) / 1000.0;
  return std::copysign(static_cast<double>(round_half_away(x)) / 1000.0, x);  // -0 as std::round gives it
}

void set_fill(std::string& s, PageState& st, const Color& c) {
  if (st.fill == c) return;
  append_color(s, c, "rg");
  st.fill = c;
}

// Opens a text object; the marked-content sequence open outside it ends first, so that
// marked content and text objects nest (ISO 32000-1, 14.6).
void begin_text(std::string& s, PageState& st, PdfTags* tags) {
  if (st.in_text) return;
  if (tags) tags->close(s);
  s += "BT\n";
  st.in_text = true;
  st.line_x = st.line_y = 0;
}

// Closes the text object, and first the marked-content sequence open inside it.
void end_text(std::string& s, PageState& st, PdfTags* tags) {
  if (!st.in_text) return;
  if (tags) tags->close(s);
  s += "ET\n";
  st.in_text = false;
}

// Moves to a text item's origin (x, y, rounded as written). A move relative to the line
// matrix (Td) when the reader's sum of the two numbers is exactly the absolute value (so the
// text lands where Tm would put it, to the last bit, and renders to the same pixels);
// otherwise Tm.
void move_text(std::string& s, PageState& st, double x, double y) {
  const double dx = rounded(x - st.line_x);
  const double dy = rounded(y - st.line_y);
  if (st.line_x + dx == x && st.line_y + dy == y) {
    append_short_pdf_number(s, dx);
    s += ' ';
    append_short_pdf_number(s, dy);
    s += " Td\n";
  } else {
    s += "1 0 0 1 ";
    append_short_pdf_number(s, x);
    s += ' ';
    append_short_pdf_number(s, y);
    s += " Tm\n";
  }
  st.line_x = x;
  st.line_y = y;
}

// A hyphen the typesetter added at a line break: a glyph with advance whose text is a soft
// hyphen (U+00AD; an author's soft hyphen left in the text is drawn as an empty glyph
// without advance). It is written with ToUnicode "-" inside a marked-content sequence whose
// /ActualText is U+00AD: pdf.js (4.x ignores ActualText and drops a glyph whose text is a
// format character) reads "ortho-" at the line end, which copying and Firefox's find join
// with the next line ("orthopedics"), and readers that honour ActualText (poppler) read the
// soft hyphen as before. In tagged output the hyphen is also a layout artifact between the
// word's two sequences (PdfTags::begin_hyphen), so the structure tree's text joins them.
// mupdf 1.21 and ghostscript 10.0 ignore ActualText: they read "ortho-" there.
// A page's content deflated at the content level through `scratch` (which grows to the
// compressor's bound and is kept for the next page), as bytes sized to fit.
std::string deflate_content(std::string_view raw, std::string& scratch) {
  scratch.clear();
  deflate_append_reusing(raw, scratch, kContentDeflateLevel);
  return std::string(scratch);
}

constexpr std::size_t kNoHyphen = static_cast<std::size_t>(-1);
std::size_t line_end_hyphen(const TextItem& t) {
  const std::string_view text(t.text);
  // Most items hold no soft hyphen: one search of the text, not a test per glyph.
  for (std::size_t at = text.find("\xC2\xAD"); at != std::string_view::npos; at = text.find("\xC2\xAD", at + 2)) {
    for (std::size_t i = t.glyphs.size(); i-- > 0;) {  // at the line's end: searched from the item's end
      const DisplayGlyph& g = t.glyphs[i];
      if (g.text_begin == at && t.text_length(i) == 2 && g.advance != Pt(0)) return i;
    }
  }
  return kNoHyphen;
}
constexpr char kSoftHyphenSpan[] = "/Span <</ActualText <FEFF00AD>>> BDC\n";

// The code of each glyph of `t` (PdfFontSet::code), into `codes`, as its content draws it: the
// typesetter's hyphen (glyph `hyphen`, line_end_hyphen) reads "-" (its meaning, a soft hyphen,
// is its ActualText: append_text).
// False, with the error at the item's place, when a font has run out of codes: two-byte CIDs
// cannot tell more glyph/text pairs of one font apart, and a glyph is never drawn as another.
// The writer and the check that writes nothing (PdfCodeCheck) both ask this, so they refuse
// the same text, at the same item.
bool glyph_codes(PdfFontSet& fonts, const TextItem& t, std::size_t hyphen, std::vector<std::uint32_t>& codes,
                 DiagSink& sink, const PdfOptions& options) {
  codes.clear();
  codes.reserve(t.glyphs.size());
  for (std::size_t i = 0; i < t.glyphs.size(); ++i) {
    codes.push_back(fonts.code(t.font, t.glyphs[i].gid, i == hyphen ? std::string_view("-") : t.glyph_text(i), t.rtl));
  }
  if (fonts.overflowed().empty()) return true;
  sink.error(options.locate ? options.locate(t) : Location{},
             "the font " + fonts.overflowed() + " would need more than " + std::to_string(PdfFontSet::kMaxCids) +
                 " distinct glyphs (glyph and text pairs) by this text; split the document");
  return false;
}

// Whether a glyph of a text item stands for no text: a mark whose letter's text its base
// carries, the alef of lam-alef, the second glyph HarfBuzz made for one cluster
// (text_block.cpp, give_marks_to_bases). Its code maps to U+2060 (PdfFontSet::find_code).
bool textless(const TextItem& t, std::size_t i) { return t.text_length(i) == 0; }

// The operator that opens a marked-content sequence whose text is nothing: the glyphs of
// a text item that stand for no text are drawn inside it, after the item's other glyphs.
// poppler (pdftotext, Evince, Okular) replaces the sequence's glyphs by the /ActualText, so
// they make no word of their own: as words of U+2060 off the baseline (a mark) or over a
// letter (an alef), they overlapped the words around them and poppler broke the lines there,
// returning a vocalised paragraph one word per line in scrambled order. pdf.js ignores
// /ActualText (it reads U+2060, a format character it drops) and ends its text item at the
// sequence's start and end, harmless after the item's text: inside a right-to-left word,
// pdf.js reordered each piece by itself. mutool and ghostscript read U+2060 as before.
constexpr char kNoTextSpan[] = "/Span <</ActualText ()>> BDC\n";

// The content-stream operators for one text item, inside the open text object. Glyphs go
// in one TJ array, those with no adjustment between them in one string; each glyph's
// adjustment is the difference between where the viewer would put it (after the previous
// glyph's W width) and where HarfBuzz put it (its x). Vertical offsets (marks) use Ts.
// Glyphs go in literal strings, two bytes a glyph (append_cid), not hex (four): a quarter
// less content to deflate and 3-4% smaller deflated content. The glyphs that stand for no
// text are written last, inside a sequence with an empty /ActualText (kNoTextSpan).
// Returns whether there were any.
bool append_text(std::string& s, PageState& st, const TextItem& t, const char* font_name, Pt page_height,
                 const std::vector<std::uint32_t>& codes, const PdfFontSet& fonts, std::size_t hyphen_at,
                 PdfTags* tags) {
  const double size = t.size.value();
  if (st.font != font_name || st.size != rounded(size)) {
    s += '/';
    s += font_name;
    s += ' ';
    append_short_pdf_number(s, size);
    s += " Tf\n";
    st.font = font_name;
    st.size = rounded(size);
  }
  set_fill(s, st, t.color);
  move_text(s, st, rounded(t.origin.x.value()), rounded(page_height.value() - t.origin.y.value()));
  const std::size_t n = t.glyphs.size();
  std::size_t with_text = 0;
  for (std::size_t i = 0; i < n; ++i) with_text += textless(t, i) ? 0 : 1;
  // The glyphs are written through a pointer into a buffer on the stack, which goes to `s`
  // whenever it has no room left for the most one glyph and the closing "TJ" can take (sizing
  // `s` for every glyph's worst case zeroed 96 bytes a glyph for about 4 written).
  // ")] TJ\n", rise, " Ts\n[", ")", adjustment, "(", code, and a typesetter's hyphen's marked content
  constexpr std::size_t kMostPerGlyph = 2 * kMaxPdfNumber + 16 + sizeof kSoftHyphenSpan + 10;
  char buffer[4096];
  char* p = buffer;
  const char* const flush_after = buffer + sizeof buffer - (kMostPerGlyph + 8);
  auto put = [&p](const char* text, std::size_t k) {
    std::memcpy(p, text, k);
    p += k;
  };
  double current = 0;  // where the viewer's pen is, in points from the origin
  // A TJ array is opened at the first glyph it draws; glyphs that follow each other without
  // an adjustment share one string.
  bool in_array = false;
  bool in_str = false;
  auto close_array = [&] {
    if (!in_array) return;
    if (in_str) put(")] TJ\n", 6);
    else put("] TJ\n", 5);
    in_array = in_str = false;
  };
  // The glyphs with text (hidden = false), then those without (hidden = true).
  for (const bool hidden : {false, true}) {
    if (hidden) {
      if (with_text == n) break;
      close_array();
      s.append(buffer, static_cast<std::size_t>(p - buffer));
      p = buffer;
      put(kNoTextSpan, sizeof kNoTextSpan - 1);
    }
    const GlyphExtra* extra = t.extras.data();  // glyphs off the baseline, in glyph order
    const GlyphExtra* extras_end = extra + t.extras.size();
    for (std::size_t i = 0; i < n; ++i) {
      const bool has_extra = extra != extras_end && extra->index == i;
      const double want_rise = has_extra ? extra->y_offset.value() : 0.0;
      if (has_extra) ++extra;
      if (textless(t, i) != hidden) continue;
      if (p > flush_after) {
        s.append(buffer, static_cast<std::size_t>(p - buffer));
        p = buffer;
      }
      const DisplayGlyph& g = t.glyphs[i];
      if (std::abs(want_rise - st.rise) > 0.0005) {
        close_array();
        p = put_short_pdf_number(p, want_rise);
        put(" Ts\n", 4);
        st.rise = want_rise;
      }
      const bool hyphen = i == hyphen_at;
      bool artifact = false;  // the hyphen is drawn as an artifact (PdfTags::begin_hyphen)
      if (hyphen) {
        close_array();
        if (tags) {
          s.append(buffer, static_cast<std::size_t>(p - buffer));
          p = buffer;
          artifact = tags->begin_hyphen(s);
        }
        put(kSoftHyphenSpan, sizeof kSoftHyphenSpan - 1);
      }
      if (!in_array) *p++ = '[';
      in_array = true;
      const double target = g.x.value();
      const double adjust = -(target - current) * 1000.0 / size;
      if (std::abs(adjust) > 0.0005) {
        if (in_str) *p++ = ')';
        in_str = false;
        p = put_short_pdf_number(p, adjust);
      }
      if (!in_str) *p++ = '(';
      in_str = true;
      p = put_code(p, codes[i]);
      current = target + fonts.width(codes[i]) * size / 1000.0;
      if (hyphen) {
        close_array();
        put("EMC\n", 4);
        if (artifact) {
          s.append(buffer, static_cast<std::size_t>(p - buffer));
          p = buffer;
          // The glyphs without text are drawn after the hyphen, whatever their place.
          tags->end_hyphen(s, t, i + 1 < n || with_text < n);
        }
      }
    }
  }
  close_array();
  s.append(buffer, static_cast<std::size_t>(p - buffer));
  if (with_text == n) return false;
  s += "EMC\n";
  return true;
}

// A rule, fill or bar: its colours and line width set only when they change (no q...Q).
void append_rect(std::string& s, PageState& st, const RectItem& r, Pt page_height) {
  if (r.fill) set_fill(s, st, *r.fill);
  if (r.stroke) {
    if (st.stroke != *r.stroke) {
      append_color(s, *r.stroke, "RG");
      st.stroke = *r.stroke;
    }
    if (st.line_width != rounded(r.stroke_width.value())) {
      append_short_pdf_number(s, r.stroke_width.value());
      s += " w\n";
      st.line_width = rounded(r.stroke_width.value());
    }
  }
  append_short_pdf_number(s, r.rect.x.value());
  s += ' ';
  append_short_pdf_number(s, (page_height - r.rect.bottom()).value());
  s += ' ';
  append_short_pdf_number(s, r.rect.width.value());
  s += ' ';
  append_short_pdf_number(s, r.rect.height.value());
  s += " re\n";
  s += r.fill && r.stroke ? "B\n" : r.fill ? "f\n" : "S\n";
}

void append_image(std::string& s, const ImageItem& im, const char* name, Pt page_height) {
  s += "q\n";
  append_short_pdf_number(s, im.rect.width.value());
  s += " 0 0 ";
  append_short_pdf_number(s, im.rect.height.value());
  s += ' ';
  append_short_pdf_number(s, im.rect.x.value());
  s += ' ';
  append_short_pdf_number(s, (page_height - im.rect.bottom()).value());
  s += " cm\n/";
  s += name;
  s += " Do\nQ\n";
}

// A QR code: every dark module in one path, filled once.
void append_squares(std::string& s, PageState& st, const SquaresItem& q, Pt page_height) {
  set_fill(s, st, q.fill);
  for (const Rect& r : q.squares) {
    append_short_pdf_number(s, (q.rect.x + r.x).value());
    s += ' ';
    append_short_pdf_number(s, (page_height - q.rect.y - r.bottom()).value());
    s += ' ';
    append_short_pdf_number(s, r.width.value());
    s += ' ';
    append_short_pdf_number(s, r.height.value());
    s += " re\n";
  }
  s += "f\n";
}

}  // namespace

// A long document's pages wait in an unlinked temporary file rather than in memory, beyond
// the first pages (PdfWriterCore::kRawPages): each page's packed content until finish(),
// then its finished stream until the file is saved, so the memory they take stays that of a
// page or two (at 904 pages they were 2.7 MB each way). Made on first use; when it cannot
// be made or written to, the bytes stay in memory as before.
class SpillFile {
 public:
  struct Span {
    std::uint64_t offset = 0;
    std::size_t size = 0;
  };
  SpillFile() = default;
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;
  ~SpillFile() { close(); }

  /// Appends `bytes` and says where they are; false when they could not be written (keep
  /// them then).
  bool put(std::string_view bytes, Span& at) {
    if (failed_ || bytes.empty()) return false;
    if (fd_ < 0 && !open()) return false;
    for (std::size_t done = 0; done < bytes.size();) {
      const ssize_t w = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(end_ + done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        failed_ = true;  // e.g. a full disk: this and later pages stay in memory
        return false;
      }
      done += static_cast<std::size_t>(w);
    }
    at = Span{end_, bytes.size()};
    end_ += bytes.size();
    return true;
  }

  /// The bytes put() wrote at `at`, into `out` (replaced); false if they cannot be read.
  bool get(const Span& at, std::string& out) const {
    out.resize(at.size);
    return read_at(fd_, at.offset, out.data(), at.size);
  }

  [[nodiscard]] int fd() const { return fd_; }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  bool open() {
    // tmpfile(): already unlinked (O_TMPFILE where the file system has it), so nothing is
    // left behind whatever happens to the process.
    std::FILE* f = std::tmpfile();
    if (f) {
      fd_ = ::dup(::fileno(f));
      std::fclose(f);
    }
    failed_ = fd_ < 0;
    return !failed_;
  }

  int fd_ = -1;
  std::uint64_t end_ = 0;
  bool failed_ = false;
};

class PdfWriterCore {
 public:
  PdfWriterCore(const Document& doc, const FontBook& book, DiagSink& sink, const PdfOptions& options)
      : doc_(doc), sink_(sink), options_(options), fonts_(book, options.subsets, options.compress),
        side_(options.lane) {
    if (options.standard == PdfStandard::kUa1A2a) {
      tags_.emplace(doc);
      tags_->read_sheets_in_order(doc);
    }
    if (side_.active() && options.compress) {
      // The lane's thread starts now, while this one lays the pages out, readies the memory
      // of this thread's first compressor (the fonts it takes over and the object stream, at
      // level 1) and makes its own for page content (its tables are fresh pages): this
      // thread's first font and the first page's deflating wait for neither.
      // A warm-up only: nothing needs it done (a lane that has not run it by the end drops it).
      side_.post([] {
        ready_deflate_block(kFontFileDeflateLevel);
        const std::string sample(4096, 'x');  // past libdeflate's stored-block shortcut
        (void)deflate_bytes(sample, kContentDeflateLevel);
      });
    }
  }

  // A page's body (doc.pages[page_count()] before the rest of its items are known): its
  // content with glyph codes, the resources it names in order, its links, and where its
  // marked content stands. `figures`: how many of the furniture's pictures will be
  // figures (elements in the structure tree), reserved here in their place.
  bool add_page(const DisplayPage& page, int figures) {
    if (options_.cancelled && options_.cancelled()) return false;
    const std::size_t index = pages_.size();
    PageOut& out = pages_.emplace_back();
    if (tags_) tags_->begin_page(index, page.items);
    if (!encode(out, page.items, page.height)) return false;
    if (tags_) {
      for (int k = 0; k < figures; ++k) out.figures.push_back(tags_->reserve_figure(0, true));
      out.paused = tags_->pause();
    }
    take_links(out, page.items);
    // Beyond the first pages a page's content waits packed (a quarter of its size) for the
    // end; documents of up to kRawPages pages pay nothing for it.
    if (index >= kRawPages) {
      out.raw_size = out.content.size();
      pack_bytes(out.content, scratch_);
      out.packed_in_file = spill_.put(scratch_, out.packed_at);
      if (!out.packed_in_file) out.packed.assign(scratch_);
      std::string().swap(out.content);
    }
    return true;
  }

  // After the last page: `furniture(p)` gives the rest of page p's items (running header
  // and footer, once the page count is known), null when there is none. Then the glyphs'
  // CIDs, page by page, and the file.
  std::optional<std::string> finish(const std::function<std::vector<DisplayItem>(std::size_t)>& furniture) {
    if (doc_.pages.size() != pages_.size()) return fail("the pages written are not the document's");
    HPDF_MD5Init(&file_id_);
    std::string content;
    for (std::size_t p = 0; p < pages_.size(); ++p) {
      if (options_.cancelled && options_.cancelled()) return std::nullopt;
      PageOut& out = pages_[p];
      const DisplayPage& page = doc_.pages[p];
      if (out.packed_in_file) {
        if (!spill_.get(out.packed_at, scratch_)) return fail("a page's content could not be read back from its temporary file");
        if (!unpack_bytes(scratch_, out.raw_size, out.content)) return fail("a page's packed content is damaged");
      } else if (!out.packed.empty()) {
        if (!unpack_bytes(out.packed, out.raw_size, out.content)) return fail("a page's packed content is damaged");
        std::string().swap(out.packed);
      }
      std::vector<DisplayItem> rest;
      if (furniture) rest = furniture(p);
      if (tags_) tags_->resume(p, out.paused, rest);
      if (!encode(out, rest, page.height)) return std::nullopt;
      end_text(out.content, out.state, tags_ ? &*tags_ : nullptr);
      if (tags_) tags_->close(out.content);
      // Printer's marks (crop and fold marks) are production aids: artifacts.
      if (!page.marks.empty()) {
        if (tags_) tags_->mark_artifact(out.content, ArtifactKind::kPage);
        out.content += PdfMarks::marks_content(page);
        if (tags_) tags_->close(out.content);
      }
      take_links(out, rest);
      // The codes become CIDs, numbered in each font by first use in the file. A code's three
      // bytes become at most four: the content grows by at most a third.
      const std::string& raw = out.content;
      content.resize(raw.size() + raw.size() / 3 + 1);
      char* to = content.data();
      const char* r = raw.data();
      const std::size_t n = raw.size();
      std::size_t i = 0;
      while (i < n) {
        // The operators up to the next code (its first byte has the high bit set), looked
        // for eight bytes at a time, copied as one run.
        // The first high bit of a word (little-endian: the lowest set bit) is the code's byte.
        std::size_t j = i;
        bool found = false;
        for (std::uint64_t w; j + 8 <= n; j += 8) {
          std::memcpy(&w, r + j, 8);
          if (const std::uint64_t high = w & 0x8080808080808080u; high != 0) {
            const int bit = std::endian::native == std::endian::little ? std::countr_zero(high) : std::countl_zero(high);
            j += static_cast<std::size_t>(bit / 8);
            found = true;
            break;
          }
        }
        if (!found) {
          while (j < n && static_cast<unsigned char>(r[j]) < 0x80) ++j;
        }
        if (j > i) {
          std::memcpy(to, r + i, j - i);
          to += j - i;
        }
        if (j == n) break;
        const std::uint32_t code = (std::uint32_t{static_cast<unsigned char>(r[j]) & 0x7Fu} << 14) |
                                   (std::uint32_t{static_cast<unsigned char>(r[j + 1]) & 0x7Fu} << 7) |
                                   (static_cast<unsigned char>(r[j + 2]) & 0x7Fu);
        to = put_cid(to, fonts_.resolve(code));
        i = j + 3;
      }
      content.resize(static_cast<std::size_t>(to - content.data()));
      std::string().swap(out.content);
      if (options_.compress && !content.empty() && side_.active()) {
        // Deflated by the lane while this thread goes on (its CIDs are final): the content
        // is the task's own from here, and the stored bytes are taken when the page retires.
        auto job = std::make_shared<PageJob>();
        job->raw = std::move(content);
        content = std::string();
        out.job = job;
        out.task = side_.post([job] {
          thread_local std::string scratch;  // the compressor's bound, for this thread's pages
          job->stored = deflate_content(job->raw, scratch);
        });
        out.deflated = true;
      } else if (options_.compress && !content.empty()) {
        out.stored = deflate_content(content, scratch_);
        out.deflated = true;
      } else {
        out.stored = content;
      }
      // Pages retire in order (hashed, and spilled beyond kRawPages) as soon as they are
      // stored; with a lane, those of the first kRawPages wait until after the fonts are
      // built, and later ones kLaneWindow pages behind.
      if (!side_.active() || p >= kRawPages) {
        const std::size_t behind = side_.active() ? kLaneWindow : 0;
        while (retired_ + behind <= p) retire(retired_++);
      }
    }
    std::string().swap(content);
    std::string().swap(scratch_);
    // The fonts' subsets and streams, posted to the lane (taken by complete(), before saving).
    fonts_.prepare(&side_);
    // Every page is marked: the tree's index goes before libharu's objects are made.
    if (tags_) tags_->end_marking();

    pdf_.reset(HPDF_New(on_haru_error, &error_));
    if (!pdf_) return fail("libharu could not create a document");
    HPDF_Doc pdf = pdf_.get();
    if (options_.compress) HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    if (!check()) return std::nullopt;
    if (!fonts_.build(pdf, sink_)) return std::nullopt;

    // A link set in several runs (a phone number in Arabic text: digits, spaces and "+" in
    // runs of their own) gets one annotation per run; each describes the whole link.
    if (tags_) link_texts();

    // The pages in libharu, after the fonts: each takes its resources in the order its
    // content named them, its stored content and its links.
    std::vector<HPDF_Page> pages;
    PdfMarks marks(pdf);
    for (std::size_t p = 0; p < pages_.size(); ++p) {
      PageOut& out = pages_[p];
      const DisplayPage& page = doc_.pages[p];
      HPDF_Page hp = HPDF_AddPage(pdf);
      if (!hp) return fail("libharu could not add a page");
      HPDF_Page_SetWidth(hp, static_cast<HPDF_REAL>(page.width.value()));
      HPDF_Page_SetHeight(hp, static_cast<HPDF_REAL>(page.height.value()));
      pages.push_back(hp);
      marks.set_boxes(hp, page);
      for (const Resource& r : out.resources) {
        const char* name = r.image ? image_name(hp, r.image) : HPDF_Page_GetLocalFontName(hp, fonts_.dict(r.font));
        if (!name) return r.image ? std::nullopt : fail("libharu could not register a font on a page");
        if (r.name != name) return fail("a page's resource is not named as its content names it");
      }
      if (!page.marks.empty()) marks.register_marks(hp);
      out.attr = static_cast<HPDF_PageAttr>(hp->attr);
      if (out.deflated) {
        out.attr->contents->filter = HPDF_STREAM_FILTER_NONE;
        out.attr->contents->write_fn = write_flate_filter;
      }
      // A page the lane may still be deflating gets its content in complete_pages().
      if (p < retired_ && !give_content(out)) return fail("libharu could not write a page's content");
      for (std::size_t k = 0; k < out.links.size(); ++k) add_link(hp, out.links[k], out.link_index[k], page.height);
      std::vector<LinkItem>().swap(out.links);
      if (!check()) return std::nullopt;
    }
    add_metadata(pages);
    if (!check()) return std::nullopt;
    if (tags_) {
      if (!tags_->build(pdf, pages, sink_)) return std::nullopt;
      outline_.emplace(doc_);
      if (!outline_->build(pdf, pages)) return fail("libharu could not add the outline");
      // The file ID hashes the pages' stored content before the XMP.
      if (!complete_pages()) return std::nullopt;
      const std::string& xmp = held_.emplace_back(xmp_packet(doc_));
      HPDF_MD5Update(&file_id_, reinterpret_cast<const HPDF_BYTE*>(xmp.data()), static_cast<HPDF_UINT32>(xmp.size()));
      if (!write_pdfa_metadata(pdf, xmp) || !write_file_id(pdf, file_id_)) {
        return fail("libharu could not write the PDF/A metadata");
      }
      // Last: several libharu calls set the version on their own (PDF-UA.md).
      pdf->pdf_version = HPDF_VER_17;
    }

    // Everything but the structure tree is in libharu's objects now; the tree stays in our
    // compact element list until the repack writes it. libharu's objects go once it has
    // saved, so they are not held while the file is repacked.
    // libharu saves into the document's stream, a memory stream it makes unless one is
    // set: a stream that appends to our chunks instead, so the file is not held twice and
    // never reallocated while it grows.
    // The pages' content and the fonts' subsets and streams, made by the lane meanwhile
    // (or here, now).
    if (!complete_pages()) return std::nullopt;
    if (!fonts_.complete(sink_)) return std::nullopt;
    // The lane's last task is done: its thread ends while the file is saved and repacked.
    side_.close_lane();
    OutputChunks chunks;
    pdf->stream = HPDF_CallbackWriter_New(pdf->mmgr, append_to_chunks, &chunks);
    if (!pdf->stream) return fail("libharu could not create the output stream");
    if (HPDF_SaveToStream(pdf) != HPDF_OK || !check()) return fail("libharu could not save the document");
    pdf_.reset();
    std::deque<std::string>().swap(held_);
    spill_.close();
    if (!tags_) return chunks.join();
    // Hundreds of small dictionaries into object streams, and the structure tree written
    // into them from our element list. Repacked, the saved file is only read: where it is,
    // when it is one block.
    std::string why;
    RepackOptions repack;
    repack.compress = options_.compress;
    repack.added = {&tags_->objects(), &outline_->objects()};
    // The tree and the outline are written into object streams before the file is put
    // together: they go then, not after it.
    repack.added_written = [this] {
      tags_.reset();
      outline_.reset();
    };
    std::string joined;
    auto packed = pack_object_streams(chunks.view(joined), repack, &why);
    tags_.reset();
    outline_.reset();
    if (!packed) return fail("could not repack libharu's output into object streams: " + why);
    return packed;
  }

 private:
  // A font or picture a page's content names, in the order it first does: libharu names
  // them F1, F2... and X1, X2... in the order they are registered.
  struct Resource {
    FontId font = 0;
    std::shared_ptr<const Image> image;  ///< null for a font
    std::string name;
  };
  /// A page's finished content (read by either thread, changed by neither) and its deflated
  /// bytes (the lane's task's own until done).
  struct PageJob {
    std::string raw;
    std::string stored;
  };
  // What a page holds from its body to the end.
  /// Pages held unpacked: at most about 1 MB, and no cost below 64 pages.
  static constexpr std::size_t kRawPages = 64;
  struct PageOut {
    std::string content;  ///< operators, glyphs as codes (put_code)
    std::string packed;   ///< or that packed (pack_bytes), of raw_size bytes
    std::size_t raw_size = 0;
    std::vector<Resource> resources;
    std::vector<LinkItem> links;
    std::vector<int> link_index;  ///< each link's index in the structure tree
    std::vector<int> figures;     ///< figure elements reserved for the furniture
    std::size_t figures_used = 0;
    PdfTags::Paused paused;
    PageState state;     ///< what the content has set so far (body, then furniture)
    std::string stored;  ///< the finished content, as the file holds it
    SpillFile::Span packed_at, stored_at;  ///< where packed or stored wait in spill_
    bool packed_in_file = false, stored_in_file = false;
    bool deflated = false;
    std::size_t fonts = 0, images = 0;
    std::shared_ptr<PageJob> job;  ///< the content being deflated by `task`
    std::shared_ptr<SideTask> task;
    HPDF_PageAttr attr = nullptr;  ///< its libharu page's, once made
  };
  /// Pages whose deflating may still be under way on the lane, beyond the first kRawPages:
  /// a few, so that the content held stays that of a few pages.
  static constexpr std::size_t kLaneWindow = 4;

  // A page's stored content (retired) as its content stream's data, read when the file is saved.
  bool give_content(PageOut& out) {
    HPDF_PageAttr attr = out.attr;
    if (out.stored_in_file) {
      // Read from the temporary file when the file is saved.
      if (set_stream_file(attr->contents, spill_.fd(), out.stored_at.offset, out.stored_at.size) != HPDF_OK) {
        return false;
      }
      attr->stream = attr->contents->stream;
    } else if (!out.stored.empty()) {
      // Read from here when the file is saved (no copy in libharu's memory stream).
      const std::string& held = held_.emplace_back(std::move(out.stored));
      if (set_stream_bytes(attr->contents, held) != HPDF_OK) return false;
      attr->stream = attr->contents->stream;  // libharu's page keeps both (no operator is written to it)
    }
    std::string().swap(out.stored);
    return true;
  }

  // Before the file ID is hashed (tagged) or the file saved: the pages not retired yet (the
  // lane's), their content given to libharu's pages. The tasks the lane has not started are
  // done here first, last posted first (the fonts', then the last pages'), so that this
  // thread waits only for what the lane is doing.
  bool complete_pages() {
    if (pages_.empty()) return true;
    fonts_.steal();
    for (std::size_t p = pages_.size(); p-- > retired_;) {
      if (pages_[p].task) pages_[p].task->try_run();
    }
    for (; retired_ < pages_.size(); ++retired_) {
      retire(retired_);
      if (!give_content(pages_[retired_])) {
        fail("libharu could not write a page's content");
        return false;
      }
    }
    std::vector<PageOut>().swap(pages_);
    return true;
  }

  // Page p's stored bytes are final: into the file ID's hash (in page order), and beyond
  // the first kRawPages into the temporary file.
  void retire(std::size_t p) {
    PageOut& out = pages_[p];
    if (out.task) {
      // Done here unless the lane has started it; when the lane is still at it a while
      // later (not scheduled), done here too: the same bytes, and the lane's are dropped.
      // (Deflating takes the lane about 10 ns a byte of content.)
      const auto work = std::chrono::microseconds(out.job->raw.size() / 100);
      if (out.task->try_run() || done_within(*out.task, side_patience(work))) {
        out.task->finish();
        out.stored = std::move(out.job->stored);
      } else {
        out.stored = deflate_content(out.job->raw, scratch_);
      }
      out.task.reset();
      out.job.reset();  // the raw content goes with the last of the two threads to hold it
    }
    if (tags_) {
      // The bytes the file holds for this page: deflated, that is a fifth of the content
      // to hash (seed: 1.2 M -> 0.3 M instructions a render).
      HPDF_MD5Update(&file_id_, reinterpret_cast<const HPDF_BYTE*>(out.stored.data()),
                     static_cast<HPDF_UINT32>(out.stored.size()));
    }
    if (p >= kRawPages && spill_.put(out.stored, out.stored_at)) {
      out.stored_in_file = true;
      std::string().swap(out.stored);
    }
  }

  const std::string& font_name(PageOut& out, FontId font) {
    for (const Resource& r : out.resources) {
      if (!r.image && r.font == font) return r.name;
    }
    out.resources.push_back(Resource{font, nullptr, "F" + std::to_string(++out.fonts)});
    return out.resources.back().name;
  }

  const std::string& picture_name(PageOut& out, const std::shared_ptr<const Image>& image) {
    for (const Resource& r : out.resources) {
      if (r.image && r.image->digest == image->digest) return r.name;
    }
    out.resources.push_back(Resource{0, image, "X" + std::to_string(++out.images)});
    return out.resources.back().name;
  }

  void take_links(PageOut& out, const std::vector<DisplayItem>& items) {
    for (const auto& item : items) {
      if (const auto* l = std::get_if<LinkItem>(&item)) {
        out.links.push_back(*l);
        out.link_index.push_back(tags_ ? tags_->add_link(*l) : -1);
      }
    }
  }

  // The operators of `items` onto the page's content.
  bool encode(PageOut& out, const std::vector<DisplayItem>& items, Pt page_height) {
    std::string& content = out.content;
    PageState& state = out.state;
    PdfTags* tags = tags_ ? &*tags_ : nullptr;
    std::vector<std::uint32_t> codes;
    for (const auto& item : items) {
      if (const auto* t = std::get_if<TextItem>(&item)) {
        if (t->glyphs.empty()) {
          // Nothing to draw (and no font was set up for it); an empty table cell still
          // takes its place in the structure tree.
          if (tags_) tags_->mark_empty(*t);
          continue;
        }
        const std::size_t hyphen = line_end_hyphen(*t);
        if (!glyph_codes(fonts_, *t, hyphen, codes, sink_, options_)) return false;
        const std::string& name = font_name(out, t->font);
        // Text items that follow each other share one text object.
        begin_text(content, state, tags);
        if (tags_) tags_->mark_text(content, *t);
        // poppler's reading of the structure tree (pdfinfo -struct-text) ends an element's
        // marked-content sequence at the first EMC inside it: the sequence ends with the
        // glyphs that stand for no text (append_text), and the next item opens another.
        // A separator between stretches of a right-to-left line (TextItem::separator) is
        // hidden from readers that honour /ActualText (poppler): as a word of its own it broke
        // pdftotext's lines at it. pdf.js, mutool and ghostscript read it.
        if (t->separator) content += kNoTextSpan;
        if (append_text(content, state, *t, name.c_str(), page_height, codes, fonts_, hyphen, tags) && tags) {
          tags->close(content);
        }
        if (t->separator) content += "EMC\n";
        continue;
      }
      if (!std::holds_alternative<LinkItem>(item)) end_text(content, state, tags);
      if (const auto* r = std::get_if<RectItem>(&item)) {
        // Rules, fills and bars are decoration.
        if (tags_) tags_->mark_artifact(content, ArtifactKind::kLayout);
        append_rect(content, state, *r, page_height);
      } else if (const auto* im = std::get_if<ImageItem>(&item)) {
        const std::string& name = picture_name(out, im->image);
        // A picture with alternative text is a Figure (a logo is read first, once); a
        // decorative one or a repeated logo is an artifact.
        if (tags_) mark_picture(out, im->rect, im->alt, im->artifact, im->block, im->side, page_height);
        append_image(content, *im, name.c_str(), page_height);
        if (tags_) tags_->close(content);
      } else if (const auto* q = std::get_if<SquaresItem>(&item)) {
        const int elem = tags_ ? mark_picture(out, q->rect, q->alt, q->artifact, q->block, q->side, page_height,
                                              q->alt_lang, !q->uri.empty())
                               : -1;
        append_squares(content, state, *q, page_height);
        if (tags_) tags_->close(content);
        link_picture(out, *q, elem);
      }
    }
    return true;
  }

 private:
  std::optional<std::string> fail(const std::string& what) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " (libharu error 0x%04X, detail %u)",
                  static_cast<unsigned>(error_.code), static_cast<unsigned>(error_.detail));
    sink_.error(Location{}, "cannot write PDF: " + what + (error_.code ? buf : ""));
    return std::nullopt;
  }

  bool check() {
    if (error_.code == HPDF_OK) return true;
    fail("libharu reported an error");
    return false;
  }

  // The saved file in blocks of at least 1 MiB: growing it copies nothing, and joining
  // it frees each block as soon as it is copied. libharu writes a name or a number at a
  // time (thousands of writes a file): the current block is a raw cursor, so that a write
  // is a bounds check and a copy.
  struct OutputChunks {
    static constexpr std::size_t kBlock = std::size_t{1} << 20;
    struct Block {
      std::unique_ptr<char[]> data;
      std::size_t used = 0;
    };
    std::vector<Block> blocks;  ///< the full ones
    std::unique_ptr<char[]> current;
    char* at = nullptr;
    char* end = nullptr;

    void grow(std::size_t size) {
      close();
      const std::size_t n = std::max(kBlock, size);
      current = std::make_unique_for_overwrite<char[]>(n);
      at = current.get();
      end = at + n;
    }
    void close() {
      if (current) {
        const auto used = static_cast<std::size_t>(at - current.get());
        blocks.push_back(Block{std::move(current), used});
      }
      at = end = nullptr;
    }
    // The whole file, read in place when it is a single block (the seed's 80-110 KB: 20-27
    // fewer pages touched than a copy); `joined` holds it otherwise.
    std::string_view view(std::string& joined) {
      close();
      if (blocks.size() == 1) return {blocks.front().data.get(), blocks.front().used};
      joined = join();
      return joined;
    }
    std::string join() {
      close();
      std::size_t size = 0;
      for (const Block& b : blocks) size += b.used;
      std::string out;
      out.reserve(size);
      for (Block& b : blocks) {
        out.append(b.data.get(), b.used);
        b.data.reset();
      }
      blocks.clear();
      return out;
    }
  };

  static HPDF_STATUS append_to_chunks(HPDF_Stream stream, const HPDF_BYTE* data, HPDF_UINT size) {
    auto* out = static_cast<OutputChunks*>(stream->attr);
    if (static_cast<std::size_t>(out->end - out->at) < size) out->grow(size);
    std::memcpy(out->at, data, size);
    out->at += size;
    return HPDF_OK;
  }

  void add_link(HPDF_Page p, const LinkItem& l, int index, Pt h) {
    HPDF_Rect r{static_cast<HPDF_REAL>(l.rect.x.value()), static_cast<HPDF_REAL>((h - l.rect.bottom()).value()),
                static_cast<HPDF_REAL>(l.rect.right().value()), static_cast<HPDF_REAL>((h - l.rect.y).value())};
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(p, r, uri_ascii(l.uri).c_str());
    if (!a) return;
    HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
    if (tags_) {
      // Printed (PDF/A), in the tree through its Link element, and described.
      HPDF_Dict_AddNumber(a, "F", 4);
      HPDF_Dict_AddNumber(a, "StructParent", tags_->set_link_annot(index, a));
      const auto whole = link_text_.find(link_key(l));
      const std::string& text = whole != link_text_.end() ? whole->second : l.text;
      HPDF_Dict_Add(a, "Contents", text_string(pdf_->mmgr, text.find_first_not_of(' ') == std::string::npos ? l.uri : text));
    }
  }

  using LinkKey = std::tuple<int, int, int, int, int>;
  static LinkKey link_key(const LinkItem& l) { return {l.block, l.ref.side, l.ref.part, l.ref.cell, l.ref.span}; }

  // Each link's text in logical order, its pieces joined (with a space where a line
  // break dropped one).
  void link_texts() {
    std::map<LinkKey, std::vector<const LinkItem*>> pieces;
    for (const PageOut& page : pages_) {
      for (const LinkItem& l : page.links) {
        if (l.ref.span >= 0) pieces[link_key(l)].push_back(&l);
      }
    }
    for (auto& [key, list] : pieces) {
      std::stable_sort(list.begin(), list.end(), [](const LinkItem* a, const LinkItem* b) { return a->ref.offset < b->ref.offset; });
      std::string text;
      std::uint32_t end = list.front()->ref.offset;
      for (const LinkItem* l : list) {
        if (l->ref.offset < end) continue;  // the same piece twice
        if (l->ref.offset > end && !text.empty() && text.back() != ' ') text += ' ';
        text += l->text;
        end = l->ref.end;
      }
      link_text_.emplace(key, std::move(text));
    }
  }

  // A logo (no block) reads first; a figure or QR block in its place in the article.
  // A furniture figure takes the element reserved for it at the end of its page's body.
  // Returns the picture's element (its Link when `link`), or -1 for an artifact.
  int mark_picture(PageOut& out, const Rect& r, const std::string& alt, bool artifact, int block, std::uint8_t side,
                   Pt h, const std::string& alt_lang = {}, bool link = false) {
    if (artifact || alt.empty()) {
      if (!artifact && block >= 0) tags_->mark_decorative(side, block);
      tags_->mark_artifact(out.content, artifact ? ArtifactKind::kPagination : ArtifactKind::kLayout);
      return -1;
    }
    const int reserved = block < 0 && out.figures_used < out.figures.size() ? out.figures[out.figures_used++] : -1;
    return tags_->mark_figure(out.content, alt, {r.x.value(), (h - r.bottom()).value(), r.right().value(), (h - r.y).value()},
                              side, block < 0, block, reserved, alt_lang, link);
  }

  // A QR code is also a link on screen: an annotation over it. In a tagged file the
  // annotation belongs to the code's Link element; a repetition (the running header's code
  // on later pages, an artifact) joins the Link of the code read first, so the link is
  // read once and clickable on every page. `link`: mark_picture's element.
  void link_picture(PageOut& out, const SquaresItem& q, int link) {
    if (q.uri.empty()) return;
    if (tags_) {
      const auto key = std::make_tuple(q.side, q.block, q.uri);
      if (link >= 0) {
        picture_links_.emplace(key, link);
      } else if (const auto it = picture_links_.find(key); it != picture_links_.end()) {
        link = it->second;
      } else {
        return;  // no element to hold it: PDF/UA allows no untagged link
      }
    }
    LinkItem l;
    l.rect = q.rect;
    l.uri = q.uri;
    l.block = q.block;
    l.ref.side = q.side;
    l.text = q.alt;
    out.links.push_back(std::move(l));
    out.link_index.push_back(tags_ ? tags_->add_annot(link) : -1);
  }

  // The image XObject of `img` on page `p`, made on first use: a picture used several
  // times in a document is embedded once.
  const char* image_name(HPDF_Page p, const std::shared_ptr<const Image>& img) {
    auto it = images_.find(img->digest);
    if (it == images_.end()) {
      HPDF_Dict x = make_image_xobject(pdf_.get(), *img);
      if (!x || !check()) {
        fail("libharu could not embed the picture " + img->file);
        return nullptr;
      }
      // The picture's bytes are read from it when the file is saved: it is kept till then.
      it = images_.emplace(img->digest, std::make_pair(x, img)).first;
    }
    const char* name = HPDF_Page_GetXObjectName(p, it->second.first);
    if (!name) fail("libharu could not register a picture on a page");
    return name;
  }

  void add_metadata(const std::vector<HPDF_Page>& pages) {
    HPDF_Doc pdf = pdf_.get();
    HPDF_MMgr mmgr = pdf->mmgr;
    write_info(pdf, doc_);

    if (!doc_.lang.empty()) HPDF_Dict_Add(pdf->catalog, "Lang", HPDF_String_New(mmgr, doc_.lang.c_str(), nullptr));
    HPDF_Dict prefs = HPDF_Dict_New(mmgr);
    HPDF_Dict_Add(prefs, "DisplayDocTitle", HPDF_Boolean_New(mmgr, HPDF_TRUE));
    if (direction_of_language(doc_.lang) == Direction::kRtl) HPDF_Dict_AddName(prefs, "Direction", "R2L");
    HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", prefs);

    for (const auto& range : doc_.page_labels) {
      HPDF_AddPageLabel(pdf, static_cast<HPDF_UINT>(range.first_page), HPDF_PAGE_NUM_STYLE_DECIMAL,
                        static_cast<HPDF_UINT>(range.start), range.prefix.empty() ? nullptr : range.prefix.c_str());
    }

    // Bookmarks: nested by level, each opening its page at the heading. Tagged output has
    // them written by the object-stream pass instead (PdfOutline).
    if (!tags_ && !doc_.outline.empty()) {
      std::vector<std::pair<int, HPDF_Outline>> stack;
      for (const auto& e : doc_.outline) {
        while (!stack.empty() && stack.back().first >= e.level) stack.pop_back();
        HPDF_Outline parent = stack.empty() ? nullptr : stack.back().second;
        HPDF_Outline o = HPDF_CreateOutline(pdf, parent, "", nullptr);
        if (!o) continue;
        HPDF_Dict_Add(o, "Title", text_string(mmgr, e.title));
        HPDF_Outline_SetOpened(o, HPDF_TRUE);
        if (e.page < pages.size()) {
          HPDF_Destination d = HPDF_Page_CreateDestination(pages[e.page]);
          const double top = doc_.pages[e.page].height.value() - e.y.value() + 4;
          HPDF_Destination_SetFitH(d, static_cast<HPDF_REAL>(top));
          HPDF_Outline_SetDestination(o, d);
        }
        stack.emplace_back(e.level, o);
      }
      HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    }
  }

  const Document& doc_;
  DiagSink& sink_;
  const PdfOptions& options_;
  PdfFontSet fonts_;
  HaruError error_;
  HaruDoc pdf_;
  std::map<std::uint64_t, std::pair<HPDF_Dict, std::shared_ptr<const Image>>> images_;
  /// Streams' bytes that libharu reads when it saves the file (set_stream_bytes): pages'
  /// content and the XMP packet (a deque: they never move).
  std::deque<std::string> held_;
  std::optional<PdfTags> tags_;  ///< set when writing PDF/UA-1 + PDF/A-2a
  std::optional<PdfOutline> outline_;  ///< the bookmarks of tagged output, once its pages are made
  std::map<LinkKey, std::string> link_text_;  ///< a link's whole text, by its place
  /// The Link element of each linked picture read (its side, block and address).
  std::map<std::tuple<std::uint8_t, int, std::string>, int> picture_links_;
  std::vector<PageOut> pages_;
  std::string scratch_;
  SpillFile spill_;  ///< pages' bytes beyond the first kRawPages
  SidePoster side_;  ///< the render's second thread, if any (PdfOptions::lane)
  HPDF_MD5_CTX file_id_{};  ///< over every page's stored content, then the XMP: the file ID
  std::size_t retired_ = 0;  ///< pages hashed (and spilled) so far
};

// PdfOptions::check_only: what writing would refuse, without writing. Each page's glyphs
// get the codes the writer would give them, in the order it would (a page's body when it is
// added, its furniture at the end), so a font that runs out of codes is refused at the same
// text item; the cancelled test comes where the writer's does. No content, tags, fonts or
// file are made.
class PdfCodeCheck {
 public:
  PdfCodeCheck(const Document& doc, const FontBook& book, DiagSink& sink, const PdfOptions& options)
      : doc_(doc), sink_(sink), options_(options), fonts_(book, nullptr, false) {}

  bool add_page(const DisplayPage& page) {
    if (options_.cancelled && options_.cancelled()) return false;
    ++pages_;
    return codes(page.items);
  }

  std::optional<std::string> finish(const std::function<std::vector<DisplayItem>(std::size_t)>& furniture) {
    if (doc_.pages.size() != pages_) {
      sink_.error(Location{}, "cannot write PDF: the pages written are not the document's");
      return std::nullopt;
    }
    for (std::size_t p = 0; p < pages_; ++p) {
      if (options_.cancelled && options_.cancelled()) return std::nullopt;
      if (furniture && !codes(furniture(p))) return std::nullopt;
    }
    return std::string();
  }

 private:
  bool codes(const std::vector<DisplayItem>& items) {
    for (const auto& item : items) {
      const auto* t = std::get_if<TextItem>(&item);
      if (t && !t->glyphs.empty() && !glyph_codes(fonts_, *t, line_end_hyphen(*t), codes_, sink_, options_)) {
        return false;
      }
    }
    return true;
  }

  const Document& doc_;
  DiagSink& sink_;
  const PdfOptions& options_;
  PdfFontSet fonts_;
  std::vector<std::uint32_t> codes_;
  std::size_t pages_ = 0;
};

std::optional<std::string> write_pdf(const Document& doc, const FontBook& book, DiagSink& sink,
                                     const PdfOptions& options) {
  if (options.check_only) {
    PdfCodeCheck c(doc, book, sink, options);
    for (const DisplayPage& page : doc.pages) {
      if (!c.add_page(page)) return std::nullopt;
    }
    return c.finish(nullptr);
  }
  PdfWriterCore w(doc, book, sink, options);
  for (const DisplayPage& page : doc.pages) {
    if (!w.add_page(page, 0)) return std::nullopt;
  }
  return w.finish(nullptr);
}

std::optional<std::string> write_pdf_releasing(Document& doc, const FontBook& book, DiagSink& sink,
                                               const PdfOptions& options) {
  if (options.check_only) {
    PdfCodeCheck c(doc, book, sink, options);
    for (DisplayPage& page : doc.pages) {
      if (!c.add_page(page)) return std::nullopt;
      std::vector<DisplayItem>().swap(page.items);  // checked: the page keeps its size
    }
    return c.finish(nullptr);
  }
  PdfWriterCore w(doc, book, sink, options);
  for (DisplayPage& page : doc.pages) {
    if (!w.add_page(page, 0)) return std::nullopt;
    std::vector<DisplayItem>().swap(page.items);  // written: the page keeps its size
  }
  return w.finish(nullptr);
}

PdfPageWriter::PdfPageWriter(const Document& doc, const FontBook& book, DiagSink& sink, const PdfOptions& options)
    : options_(options) {
  if (options_.check_only) check_ = std::make_unique<PdfCodeCheck>(doc, book, sink, options_);
  else impl_ = std::make_unique<PdfWriterCore>(doc, book, sink, options_);
}

PdfPageWriter::~PdfPageWriter() = default;

bool PdfPageWriter::add_page(const DisplayPage& page, int figures) {
  return check_ ? check_->add_page(page) : impl_->add_page(page, figures);
}

std::optional<std::string> PdfPageWriter::finish(const Furniture& furniture) {
  return check_ ? check_->finish(furniture) : impl_->finish(furniture);
}

}  // namespace handout
