#include "flow/panels.h"

#include <algorithm>

namespace handout {

FoldedSheet fold_sheet(const LayoutSpec& spec, Direction dir) {
  FoldedSheet s;
  s.width = spec.page_width;
  s.height = spec.page_height;
  const bool rtl = dir == Direction::kRtl;
  const auto& w = spec.panels.widths;  // outside, from the start edge: flap, back, cover
  // Physical widths from the left, per side. The inside backs the outside after a flip
  // about the vertical axis, so its order is the outside's reversed.
  std::array<std::vector<Pt>, 2> widths;
  widths[0] = rtl ? std::vector<Pt>{w[2], w[1], w[0]} : std::vector<Pt>{w[0], w[1], w[2]};
  widths[1] = std::vector<Pt>(widths[0].rbegin(), widths[0].rend());
  const Pt left_margin = rtl ? spec.margin_end : spec.margin_start;
  const Pt right_margin = rtl ? spec.margin_start : spec.margin_end;
  const Pt half_gutter = spec.panels.gutter / 2;

  // One measure for every panel: the narrowest panel's room between its insets.
  Pt measure = s.width;
  for (int side = 0; side < 2; ++side) {
    for (std::size_t i = 0; i < 3; ++i) {
      const Pt in_left = i == 0 ? left_margin : half_gutter;
      const Pt in_right = i == 2 ? right_margin : half_gutter;
      measure = std::min(measure, widths[static_cast<std::size_t>(side)][i] - in_left - in_right);
    }
  }
  for (int side = 0; side < 2; ++side) {
    Pt x;
    auto& panels = s.sides[static_cast<std::size_t>(side)];
    for (std::size_t i = 0; i < 3; ++i) {
      const Pt pw = widths[static_cast<std::size_t>(side)][i];
      const Pt in_left = i == 0 ? left_margin : half_gutter;
      const Pt in_right = i == 2 ? right_margin : half_gutter;
      const Pt room = pw - in_left - in_right;
      Panel p;
      p.rect = Rect{x, Pt(0), pw, s.height};
      p.text = Rect{x + in_left + (room - measure) / 2, spec.margin_top, measure,
                    s.height - spec.margin_top - spec.margin_bottom};
      panels.push_back(p);
      x += pw;
      if (i < 2) s.folds[static_cast<std::size_t>(side)].push_back(x);
    }
  }
  // Outside: the cover at the end edge, the back in the middle, the flap at the start.
  // Inside: panels 2, 3, 4 from the start edge.
  const int start = rtl ? 2 : 0, end = rtl ? 0 : 2, step = rtl ? -1 : 1;
  s.cover = PanelRef{0, end};
  s.back = PanelRef{0, 1};
  s.flow.push_back(PanelRef{0, start});
  for (int i = start; i != end + step; i += step) s.flow.push_back(PanelRef{1, i});
  return s;
}

PanelFill fill_panels(VList list, std::size_t panels, Pt height) {
  PanelFill out;
  Flow flow(std::move(list));
  for (std::size_t i = 0; i < panels && !flow.done(); ++i) {
    out.pages.regions.push_back(flow.fill(height, true, i, out.pages.events));
  }
  out.complete = flow.done();
  if (!out.complete) out.next_block = flow.next_block();
  return out;
}

Pt stack_boxes(const VList& list, Pt top, std::vector<DisplayItem>& out) {
  Pt y = top;
  bool started = false;
  for (const auto& e : list) {
    if (e.kind == VKind::kGlue && started) y += e.height;
    if (e.kind != VKind::kBox) continue;
    for (auto item : e.items) {
      translate(item, Pt(0), y);
      out.push_back(std::move(item));
    }
    y += e.height;
    started = true;
  }
  return y - top;
}

}  // namespace handout
