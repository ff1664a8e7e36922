#include "style/style.h"

#include <algorithm>
#include <cmath>

namespace handout {

namespace {

// Built-in defaults: a calm, readable patient handout on A4. A spec overrides any field.
ComputedStyle builtin(Role r) {
  ComputedStyle s;
  const Color ink{0x22, 0x22, 0x22};
  const Color accent{0x1d, 0x4e, 0x89};
  s.color = ink;
  switch (r) {
    case Role::kTitle: s.size = Pt(22); s.leading = 1.2; s.bold = true; s.color = accent; s.space_after = Pt(4); break;
    case Role::kSubtitle: s.size = Pt(12.5); s.leading = 1.3; s.color = Color{0x55, 0x5f, 0x6b}; s.space_after = Pt(14); break;
    case Role::kHeading1: s.size = Pt(16); s.leading = 1.25; s.bold = true; s.color = accent; s.space_before = Pt(14); s.space_after = Pt(6); break;
    case Role::kHeading2: s.size = Pt(13.5); s.leading = 1.25; s.bold = true; s.color = accent; s.space_before = Pt(12); s.space_after = Pt(5); break;
    case Role::kHeading3: s.size = Pt(11.5); s.leading = 1.3; s.bold = true; s.space_before = Pt(9); s.space_after = Pt(3); break;
    case Role::kBody: s.space_after = Pt(6); s.align = Align::kJustify; break;
    case Role::kListItem: s.space_after = Pt(2.5); break;
    case Role::kListMarker: s.color = accent; break;
    case Role::kListTerm: s.bold = true; break;
    case Role::kTableCaption: s.size = Pt(9.5); s.italic = true; s.space_after = Pt(4); break;
    case Role::kTableHeader: s.size = Pt(9.5); s.leading = 1.3; s.bold = true; break;
    case Role::kTableCell: s.size = Pt(9.5); s.leading = 1.3; break;
    case Role::kFaqQuestion: s.bold = true; s.color = accent; s.space_before = Pt(6); s.space_after = Pt(2); break;
    case Role::kFaqAnswer: s.space_after = Pt(4); break;
    case Role::kCallout: s.space_after = Pt(0); break;
    case Role::kCalloutTitle: s.bold = true; s.space_after = Pt(2); break;
    case Role::kHeader: s.size = Pt(8.5); s.leading = 1.2; s.color = Color{0x55, 0x5f, 0x6b}; break;
    case Role::kFooter: s.size = Pt(8.5); s.leading = 1.2; s.color = Color{0x55, 0x5f, 0x6b}; break;
    case Role::kCount: break;
  }
  return s;
}

// WCAG 2's relative luminance of an sRGB colour.
double relative_luminance(Color c) {
  auto linear = [](std::uint8_t v) {
    const double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

}  // namespace

double contrast_ratio(Color a, Color b) {
  const double la = relative_luminance(a), lb = relative_luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::vector<Ground> grounds_of(const LayoutSpec& spec, Role r) {
  if (r == Role::kCallout || r == Role::kCalloutTitle) return {{spec.callout.fill, "the callout's fill", "/callout/fill"}};
  const Ground paper{Color{0xff, 0xff, 0xff}, "the paper", nullptr};
  if (r == Role::kTableHeader && spec.table.header_fill) {
    return {{*spec.table.header_fill, "the table header's fill", "/table/header_fill"}};
  }
  if (r == Role::kTableCell && spec.table.zebra_fill) {
    return {paper, {*spec.table.zebra_fill, "the table's shaded rows", "/table/zebra_fill"}};
  }
  return {paper};
}

StyleSheet::StyleSheet(const LayoutSpec& spec, double scale) {
  const TextStyleSpec& body = spec.styles[static_cast<std::size_t>(Role::kBody)];
  for (std::size_t i = 0; i < kRoleCount; ++i) {
    const Role role = static_cast<Role>(i);
    const TextStyleSpec& sp = spec.styles[i];
    ComputedStyle s = builtin(role);
    // Body text settings flow into the roles that are body text in another place,
    // so a large-print spec only has to say "body": {"size": 14}.
    if (inherits_body(role)) {
      if (body.size) s.size = Pt(*body.size);
      if (body.leading) s.leading = *body.leading;
      if (body.color && inherits_body(role, true)) s.color = *body.color;
    }
    if (sp.size) s.size = Pt(*sp.size);
    if (sp.leading) s.leading = *sp.leading;
    if (sp.bold) s.bold = *sp.bold;
    if (sp.italic) s.italic = *sp.italic;
    if (sp.color) s.color = *sp.color;
    if (sp.space_before) s.space_before = *sp.space_before;
    if (sp.space_after) s.space_after = *sp.space_after;
    if (sp.align) s.align = *sp.align;
    // A link in the blue of links on a dark fill (a navy callout with white text) could not
    // be read: there it takes its text's colour, which the contrast check holds to 3:1.
    // (The blue reads on white paper: only a fill is measured.)
    s.link = kLinkColor;
    for (const Ground& g : grounds_of(spec, role)) {
      if (g.pointer && contrast_ratio(kLinkColor, g.color) < kLeastContrast) s.link = s.color;
    }
    // A brochure's text grown to fill its panels (scale > 1) leaves its tables' cells as they
    // are: their columns are bound by the panel's width, and larger cells broke "100
    // micrograms" apart (or a word between letters) in a tri-fold's narrow columns.
    const bool table_cell = role == Role::kTableHeader || role == Role::kTableCell;
    const double k = table_cell ? std::min(scale, 1.0) : scale;
    if (role != Role::kHeader && role != Role::kFooter) {
      s.size = s.size * k;
      s.space_before = s.space_before * k;
      s.space_after = s.space_after * k;
    }
    styles_[i] = s;
  }
}

PhysicalAlign physical_align(Align a, Direction dir) {
  const bool rtl = dir == Direction::kRtl;
  switch (a) {
    case Align::kStart: return rtl ? PhysicalAlign::kRight : PhysicalAlign::kLeft;
    case Align::kEnd: return rtl ? PhysicalAlign::kLeft : PhysicalAlign::kRight;
    case Align::kCenter: return PhysicalAlign::kCenter;
    case Align::kJustify: return PhysicalAlign::kJustify;
  }
  return PhysicalAlign::kLeft;
}

}  // namespace handout
