#include <algorithm>

#include "block/context.h"
#include "core/lang.h"
#include "core/utf.h"

namespace handout {

namespace {

const Color kLinkColor{0x1d, 0x4e, 0x89};

bool is_collapsible(char32_t c) { return c == U' ' || c == U'\t' || c == U'\r'; }

bool is_bidi_control(char32_t c) {
  return c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool is_mark(char32_t c) {
  const auto gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
  return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
         gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
         gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

// In a right-to-left run HarfBuzz lists a mark before its base (visual order). Text
// extractors such as poppler then split the word at the mark, so the PDF is written with
// each base first and its marks after it, in logical order; positions are unchanged.
void write_marks_after_bases(const LineRun& run, const std::u32string& text,
                             std::vector<DisplayGlyph>& glyphs) {
  std::vector<DisplayGlyph> out;
  out.reserve(glyphs.size());
  std::vector<DisplayGlyph> marks;
  for (std::size_t i = 0; i < glyphs.size(); ++i) {
    const std::uint32_t cluster = run.glyphs[i].cluster;
    if (cluster != kNoCluster && is_mark(text[cluster])) {
      marks.push_back(glyphs[i]);
      continue;
    }
    out.push_back(glyphs[i]);
    out.insert(out.end(), marks.rbegin(), marks.rend());
    marks.clear();
  }
  out.insert(out.end(), marks.rbegin(), marks.rend());
  glyphs = std::move(out);
}

}  // namespace

void append_inline(const BlockContext& ctx, const Inline& in, Role role, StyledText& out) {
  const ComputedStyle& cs = ctx.styles[role];
  for (const Span& span : in.spans) {
    TextStyle st;
    st.size = cs.size;
    st.bold = cs.bold || span.strong;
    st.italic = cs.italic || span.em;
    st.color = span.href.empty() ? cs.color : kLinkColor;
    st.lang = span.lang.empty() ? ctx.article.lang : span.lang;
    st.href = span.href;
    st.role = role;
    // Collapse white space as a browser does: runs of spaces and tabs become one space,
    // and none at the start of the paragraph. A newline is a forced line break.
    std::u32string text;
    for (char32_t c : utf8_to_utf32(span.text)) {
      if (c == 0x2028) c = U'\n';
      if (is_collapsible(c)) {
        const bool after_space = !text.empty() ? (text.back() == U' ' || text.back() == U'\n')
                                               : (out.text.empty() || out.text.back() == U' ' ||
                                                  out.text.back() == U'\n');
        if (!after_space) text.push_back(U' ');
        continue;
      }
      text.push_back(c);
    }
    if (text.empty()) continue;
    // A phrase in a language of the other direction is a bidi isolate (as HTML's <bdi>):
    // it reads as one unit in its own direction, whatever its neighbours are.
    const Direction span_dir = span.lang.empty() ? out.base : direction_of_language(span.lang);
    if (span_dir != out.base) {
      text.insert(text.begin(), span_dir == Direction::kRtl ? char32_t{0x2067} : char32_t{0x2066});
      text.push_back(0x2069);
    }
    out.append(text, st);
  }
}

StyledText flatten_inline(const BlockContext& ctx, const Inline& in, Role role) {
  StyledText out;
  out.base = ctx.dir();
  out.lang = ctx.article.lang;
  out.source = ctx.article.source.get();
  out.pointer = in.pointer;
  append_inline(ctx, in, role, out);
  return out;
}

std::optional<SetParagraph> set_paragraph(BlockContext& ctx, StyledText text, Role role,
                                          Pt start_indent, Pt end_indent) {
  // Trailing white space never shows; dropping it keeps line ends clean.
  while (!text.text.empty() && text.text.back() == U' ') {
    text.text.pop_back();
    text.style_of.pop_back();
  }
  // Running text is hyphenated; titles, headings and other display lines never are.
  const bool display = role == Role::kTitle || role == Role::kSubtitle || role == Role::kHeading1 ||
                       role == Role::kHeading2 || role == Role::kHeading3 ||
                       role == Role::kFaqQuestion || role == Role::kCalloutTitle ||
                       role == Role::kTableHeader || role == Role::kHeader || role == Role::kFooter;
  text.hyphenation_dir = display ? std::string() : ctx.hyphenation_dir;
  auto shaped = ctx.shaper.shape(std::move(text), ctx.fonts, ctx.sink);
  if (!shaped) return std::nullopt;
  SetParagraph p;
  p.start_indent = start_indent;
  p.end_indent = end_indent;
  const ComputedStyle& cs = ctx.styles[role];
  ParagraphOptions o;
  o.align = cs.align;
  o.leading = cs.leading;
  o.mode = ctx.break_mode;
  const Pt measure = max(Pt(1), ctx.width - start_indent - end_indent);
  p.lines = build_lines(*shaped, ctx.shaper, [measure](std::size_t) { return measure; }, o);
  p.shaped = std::move(*shaped);
  for (const Line& line : p.lines) {
    if (line.emergency) {
      ctx.sink.warning(p.shaped.source.locate(),
                       "a word is wider than its column and was broken between letters");
      break;
    }
  }
  return p;
}

Pt start_x(const BlockContext& ctx, Pt offset, Pt extent) {
  return ctx.rtl() ? ctx.width - offset - extent : offset;
}

void emit_line(const BlockContext& ctx, const SetParagraph& p, std::size_t line_index, Pt top,
               Role role, int block, std::vector<DisplayItem>& out) {
  const Line& line = p.lines[line_index];
  const std::u32string& text = p.shaped.source.text;
  const Pt left = ctx.rtl() ? p.end_indent : p.start_indent;
  const Pt baseline = top + line.ascent;
  for (const LineRun& run : line.runs) {
    const TextStyle& st = p.shaped.source.styles[run.style];
    TextItem item;
    item.font = run.font;
    item.size = run.size;
    item.color = st.color;
    item.origin = Point{left + run.x, baseline};
    item.rtl = run.rtl();
    item.lang = st.lang;
    item.role = st.role == Role::kBody ? role : st.role;
    item.block = block;
    // Byte offsets of each code point of the run in the item's UTF-8 text.
    std::vector<std::uint32_t> offset(run.chars.size() + 1);
    for (std::uint32_t i = run.chars.begin; i < run.chars.end; ++i) {
      offset[i - run.chars.begin] = static_cast<std::uint32_t>(item.text.size());
      append_utf8(item.text, text[i]);
    }
    offset[run.chars.size()] = static_cast<std::uint32_t>(item.text.size());
    // A glyph stands for the code points from its cluster to the next cluster start.
    std::vector<std::uint32_t> starts;
    for (const auto& g : run.glyphs) {
      if (g.cluster != kNoCluster) starts.push_back(g.cluster);
    }
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    std::vector<bool> given(run.chars.size(), false);
    Pt pen;
    for (const auto& g : run.glyphs) {
      DisplayGlyph dg{g.gid, pen + g.x_offset, g.y_offset, g.advance, 0, 0};
      pen += g.advance;
      if (g.cluster == kNoCluster) {
        // A hyphen added at a line break: a soft hyphen in the text, so that copying
        // and searching find the whole word.
        dg.text_begin = static_cast<std::uint32_t>(item.text.size());
        append_utf8(item.text, 0x00AD);
        dg.text_length = static_cast<std::uint32_t>(item.text.size()) - dg.text_begin;
      } else if (run.chars.contains(g.cluster) && !given[g.cluster - run.chars.begin]) {
        given[g.cluster - run.chars.begin] = true;
        auto next = std::upper_bound(starts.begin(), starts.end(), g.cluster);
        std::uint32_t end = next == starts.end() ? run.chars.end : std::min(*next, run.chars.end);
        while (end > g.cluster + 1 && is_bidi_control(text[end - 1])) --end;
        dg.text_begin = offset[g.cluster - run.chars.begin];
        dg.text_length = offset[end - run.chars.begin] - dg.text_begin;
      }
      item.glyphs.push_back(dg);
    }
    if (run.rtl()) write_marks_after_bases(run, text, item.glyphs);
    // A run of only invisible characters (bidi controls) leaves no glyphs: nothing to draw.
    if (item.glyphs.empty()) continue;
    if (!st.href.empty()) {
      out.push_back(LinkItem{Rect{item.origin.x, top, run.width, line.height()}, st.href});
    }
    out.push_back(std::move(item));
  }
}

void append_line_boxes(const BlockContext& ctx, const SetParagraph& p, Role role, int block,
                       VList& out, int inner_penalty) {
  const std::size_t n = p.lines.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) {
      // No lone first line at a page bottom (orphan), no lone last line at a page top (widow).
      const bool orphan = i == 1;
      const bool widow = i == n - 1;
      out.push_back(VElem::penalty_of(orphan || widow ? kNeverBreak : inner_penalty));
    }
    VElem box = VElem::box(p.lines[i].height());
    box.baseline = p.lines[i].ascent;
    emit_line(ctx, p, i, Pt(0), role, block, box.items);
    out.push_back(std::move(box));
  }
}

std::string localized_number(const LayoutSpec& spec, const std::string& lang, long n) {
  return localized_digits(spec, lang, std::to_string(n));
}

std::string localized_digits(const LayoutSpec& spec, const std::string& lang, const std::string& s) {
  auto it = spec.digits.find(lang);
  if (it == spec.digits.end()) {
    const std::string primary = lang.substr(0, lang.find('-'));
    it = spec.digits.find(primary);
  }
  if (it == spec.digits.end() || it->second != "arabic-indic") return s;
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') append_utf8(out, static_cast<char32_t>(0x0660 + (c - '0')));
    else out.push_back(c);
  }
  return out;
}

}  // namespace handout
