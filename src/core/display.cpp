#include "core/display.h"

#include <algorithm>

namespace handout {

void TextItem::add_glyph(std::uint32_t gid, Pt x, Pt y_offset, Pt advance, std::uint32_t text_begin,
                         std::uint32_t text_length) {
  const bool long_text = text_length >= DisplayGlyph::kLongText;
  if (long_text || y_offset != Pt(0)) {
    extras.push_back(GlyphExtra{static_cast<std::uint32_t>(glyphs.size()), y_offset, long_text ? text_length : 0});
  }
  // OpenType fonts have at most 65,535 glyphs; anything else is drawn as .notdef.
  const auto id = static_cast<std::uint16_t>(gid <= 0xFFFF ? gid : 0);
  glyphs.push_back(DisplayGlyph{x, advance, text_begin, id,
                                long_text ? DisplayGlyph::kLongText : static_cast<std::uint16_t>(text_length)});
}

void TextItem::insert_glyph(std::size_t at, std::uint32_t gid, Pt x, Pt advance, std::uint32_t text_begin,
                            std::uint16_t text_length) {
  for (GlyphExtra& e : extras) {
    if (e.index >= at) ++e.index;
  }
  const auto id = static_cast<std::uint16_t>(gid <= 0xFFFF ? gid : 0);
  glyphs.insert(glyphs.begin() + static_cast<std::ptrdiff_t>(at), DisplayGlyph{x, advance, text_begin, id, text_length});
}

const GlyphExtra* TextItem::extra(std::size_t i) const {
  if (extras.empty()) return nullptr;
  const auto it = std::lower_bound(extras.begin(), extras.end(), i,
                                   [](const GlyphExtra& e, std::size_t k) { return e.index < k; });
  return it != extras.end() && it->index == i ? &*it : nullptr;
}

void set_struct_side(std::vector<DisplayItem>& items, std::uint8_t side) {
  for (auto& item : items) {
    if (auto* t = std::get_if<TextItem>(&item)) t->ref.side = side;
    else if (auto* l = std::get_if<LinkItem>(&item)) l->ref.side = side;
    else if (auto* im = std::get_if<ImageItem>(&item)) im->side = side;
    else if (auto* q = std::get_if<SquaresItem>(&item)) q->side = side;
  }
}

void translate(DisplayItem& item, Pt dx, Pt dy) {
  std::visit(
      [&](auto& it) {
        using T = std::decay_t<decltype(it)>;
        if constexpr (std::is_same_v<T, TextItem>) {
          it.origin.x += dx;
          it.origin.y += dy;
        } else {
          it.rect.x += dx;
          it.rect.y += dy;
        }
      },
      item);
}

std::pair<Pt, Pt> vertical_extent(const DisplayItem& item) {
  return std::visit(
      [](const auto& it) -> std::pair<Pt, Pt> {
        using T = std::decay_t<decltype(it)>;
        if constexpr (std::is_same_v<T, TextItem>) {
          return {it.origin.y - it.size * 0.8, it.origin.y + it.size * 0.25};
        } else {
          return {it.rect.y, it.rect.bottom()};
        }
      },
      item);
}

}  // namespace handout
