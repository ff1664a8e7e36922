#include "para/trace.h"

#include <cmath>

#include "core/utf.h"
#include "output/pdf_number.h"

namespace handout {

namespace {
std::string num(Pt v) { return format_hundredths(v.value()); }
std::string script_tag(hb_script_t s) {
  char tag[5] = {};
  hb_tag_to_string(hb_script_to_iso15924_tag(s), tag);
  return tag;
}
}  // namespace

std::string trace_paragraph(const ShapedParagraph& para, const std::vector<Line>& lines,
                            const FontBook& book) {
  const std::u32string& text = para.source.text;
  std::string out = "text: " + utf32_to_utf8(text) + "\nlevels: ";
  for (auto l : para.levels) out += static_cast<char>('0' + l);
  out += "\nruns:\n";
  for (const auto& r : para.runs) {
    out += "  [" + std::to_string(r.chars.begin) + "," + std::to_string(r.chars.end) + ") level=" +
           std::to_string(r.level) + " script=" + script_tag(r.script) + " font=" +
           book.face(r.font).postscript_name + " size=" + num(r.size) + " glyphs=";
    for (std::size_t i = 0; i < r.glyphs.size(); ++i) {
      if (i) out += '|';
      const auto& g = r.glyphs[i];
      out += std::to_string(g.gid) + "=" + std::to_string(g.cluster) + "+" + num(g.x_advance);
      if (g.x_offset.value() != 0 || g.y_offset.value() != 0) out += "@" + num(g.x_offset) + "," + num(g.y_offset);
    }
    out += "\n";
  }
  out += "lines:\n";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    out += "  " + std::to_string(i) + " [" + std::to_string(l.chars.begin) + "," + std::to_string(l.chars.end) +
           ") width=" + num(l.width) + (l.hyphenated ? " hyphen" : "") + " visual:";
    for (const auto& r : l.runs) {
      out += " |" + std::string(r.rtl() ? "rtl" : "ltr") + " x=" + num(r.x) + " \"" +
             utf32_to_utf8(std::u32string_view(text).substr(r.chars.begin, r.chars.size())) + "\"";
    }
    out += "\n";
  }
  return out;
}

}  // namespace handout
