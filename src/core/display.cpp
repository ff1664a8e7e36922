#include "core/display.h"

namespace handout {

void set_struct_side(std::vector<DisplayItem>& items, std::uint8_t side) {
  for (auto& item : items) {
    if (auto* t = std::get_if<TextItem>(&item)) t->ref.side = side;
    else if (auto* l = std::get_if<LinkItem>(&item)) l->ref.side = side;
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
