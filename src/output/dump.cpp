#include "output/dump.h"

#include <cmath>

#include "output/pdf_number.h"

namespace handout {

namespace {
std::string num(Pt v) { return format_hundredths(v.value()); }
}  // namespace

std::string dump_document(const Document& doc, bool with_glyphs) {
  std::string out = "document lang=" + doc.lang + " pages=" + std::to_string(doc.pages.size()) +
                    " title=\"" + doc.title + "\"\n";
  for (const auto& o : doc.outline) {
    out += "outline level=" + std::to_string(o.level) + " page=" + std::to_string(o.page + 1) +
           " y=" + num(o.y) + " \"" + o.title + "\"\n";
  }
  for (std::size_t p = 0; p < doc.pages.size(); ++p) {
    const auto& page = doc.pages[p];
    out += "page " + std::to_string(p + 1) + " " + num(page.width) + "x" + num(page.height) + "\n";
    if (page.boxes) {
      const Rect& t = page.boxes->trim;
      const Rect& b = page.boxes->bleed;
      out += "  trim x=" + num(t.x) + " y=" + num(t.y) + " w=" + num(t.width) + " h=" + num(t.height) +
             " bleed x=" + num(b.x) + " y=" + num(b.y) + " w=" + num(b.width) + " h=" + num(b.height) + "\n";
    }
    for (const auto& m : page.marks) {
      out += std::string("  mark ") + (m.kind == PrinterMark::Kind::kCrop ? "crop" : "fold") + " " + num(m.from.x) +
             "," + num(m.from.y) + " " + num(m.to.x) + "," + num(m.to.y) + "\n";
    }
    for (const auto& item : page.items) {
      if (const auto* t = std::get_if<TextItem>(&item)) {
        if (t->glyphs.empty() && t->text.empty()) continue;  // an empty table cell's place, for tagged PDF
        out += "  text " + std::string(role_name(t->role)) + " x=" + num(t->origin.x) +
               " y=" + num(t->origin.y) + " w=" + num(t->width()) + " size=" + num(t->size) +
               " font=" + std::to_string(t->font) + (t->rtl ? " rtl" : " ltr") + " lang=" + t->lang +
               " \"" + t->text + "\"";
        if (with_glyphs) {
          out += " [";
          for (std::size_t i = 0; i < t->glyphs.size(); ++i) {
            if (i) out += '|';
            out += std::to_string(t->glyphs[i].gid) + "+" + num(t->glyphs[i].advance);
          }
          out += "]";
        }
        out += "\n";
      } else if (const auto* r = std::get_if<RectItem>(&item)) {
        out += "  rect x=" + num(r->rect.x) + " y=" + num(r->rect.y) + " w=" + num(r->rect.width) +
               " h=" + num(r->rect.height) + "\n";
      } else if (const auto* l = std::get_if<LinkItem>(&item)) {
        out += "  link x=" + num(l->rect.x) + " y=" + num(l->rect.y) + " " + l->uri + "\n";
      } else if (const auto* im = std::get_if<ImageItem>(&item)) {
        out += "  image x=" + num(im->rect.x) + " y=" + num(im->rect.y) + " w=" + num(im->rect.width) +
               " h=" + num(im->rect.height) + " " + im->alt + "\n";
      } else if (const auto* q = std::get_if<SquaresItem>(&item)) {
        out += "  qr x=" + num(q->rect.x) + " y=" + num(q->rect.y) + " w=" + num(q->rect.width) + " " + q->alt + "\n";
      }
    }
  }
  return out;
}

}  // namespace handout
