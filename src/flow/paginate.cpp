#include "flow/paginate.h"

#include <algorithm>
#include <limits>

namespace handout {

namespace {

// How much an empty stretch at the bottom of a region costs, against the penalties of
// breaking later: an empty half page costs as much as a 2500 penalty.
constexpr double kUnderfillWeight = 10000;

int block_of(const VElem& e) {
  for (const auto& it : e.items) {
    if (const auto* t = std::get_if<TextItem>(&it)) return t->block;
  }
  return -1;
}

}  // namespace

VList assemble(std::vector<BlockFlow> blocks) {
  VList out;
  bool keep_next = false;
  Pt pending_space;
  bool first = true;
  for (auto& b : blocks) {
    if (b.list.empty()) continue;
    if (!first) {
      if (keep_next) out.push_back(VElem::penalty_of(kNeverBreak));
      out.push_back(VElem::glue(max(pending_space, b.space_before)));
    }
    first = false;
    // After a heading, the next block's first two boxes stay with it.
    int boxes = 0;
    for (auto& e : b.list) {
      if (keep_next && boxes < 2 && e.kind != VKind::kBox) {
        if (e.kind == VKind::kPenalty) e.penalty = kNeverBreak;
        else out.push_back(VElem::penalty_of(kNeverBreak));
      }
      if (e.kind == VKind::kBox) ++boxes;
      out.push_back(std::move(e));
    }
    keep_next = b.keep_with_next;
    pending_space = b.space_after;
  }
  return out;
}

std::pair<VElem, VElem> split_box(const VElem& box, Pt at) {
  VElem a = box, b = box;
  a.items.clear();
  b.items.clear();
  a.splits.clear();
  b.splits.clear();
  a.height = at;
  b.height = box.height - at;
  b.outline_title.clear();
  b.header_of = -1;
  for (Pt s : box.splits) {
    if (s > at + kEpsilon) b.splits.push_back(s - at);
  }
  for (const auto& item : box.items) {
    if (const auto* r = std::get_if<RectItem>(&item)) {
      RectItem top = *r, bottom = *r;
      if (r->rect.y < at) {
        top.rect.height = min(r->rect.bottom(), at) - r->rect.y;
        a.items.push_back(top);
      }
      if (r->rect.bottom() > at) {
        bottom.rect.y = max(r->rect.y, at) - at;
        bottom.rect.height = r->rect.bottom() - max(r->rect.y, at);
        b.items.push_back(bottom);
      }
      continue;
    }
    auto [top, bottom] = vertical_extent(item);
    (void)bottom;
    if (top < at - kEpsilon) {
      a.items.push_back(item);
    } else {
      DisplayItem moved = item;
      translate(moved, Pt(0), -at);
      b.items.push_back(std::move(moved));
    }
  }
  return {std::move(a), std::move(b)};
}

Pagination paginate(VList list, Pt height) {
  Pagination out;
  std::vector<const VElem*> headers;  // by table index, filled as headers pass
  auto header_for = [&](int table) -> const VElem* {
    return table >= 0 && static_cast<std::size_t>(table) < headers.size() ? headers[static_cast<std::size_t>(table)] : nullptr;
  };
  // Headers must outlive the splits that copy list elements, so keep copies.
  std::vector<VElem> header_copies;
  header_copies.reserve(list.size());
  for (const auto& e : list) {
    if (e.header_of >= 0) {
      if (headers.size() <= static_cast<std::size_t>(e.header_of)) headers.resize(static_cast<std::size_t>(e.header_of) + 1, nullptr);
      header_copies.push_back(e);
    }
  }
  for (const auto& h : header_copies) headers[static_cast<std::size_t>(h.header_of)] = &h;

  std::size_t i = 0;
  const std::size_t n_guard = list.size() * 4 + 16;  // regions can never exceed this
  while (i < list.size() && out.regions.size() < n_guard) {
    // Glue and penalties vanish at the top of a region.
    while (i < list.size() && list[i].kind != VKind::kBox) ++i;
    if (i >= list.size()) break;
    Region region;
    const std::size_t region_index = out.regions.size();
    Pt y;
    // A table continuing from the previous region gets its header again.
    if (const VElem* h = header_for(list[i].row_of); h && h->height + Pt(1) < height) {
      for (auto item : h->items) region.items.push_back(std::move(item));
      y = h->height;
    }
    const Pt top_y = y;

    struct Candidate {
      std::size_t index;  // the break element: the region ends before it
      Pt y;
      double cost;
    };
    std::vector<Candidate> candidates;
    std::vector<std::pair<std::size_t, Pt>> placed;  // element index, y of its top
    std::size_t j = i;
    bool overflow = false;
    for (; j < list.size(); ++j) {
      const VElem& e = list[j];
      if (e.kind == VKind::kBox) {
        if (y + e.height > height + kEpsilon) {
          overflow = true;
          break;
        }
        placed.emplace_back(j, y);
        y += e.height;
      } else if (e.kind == VKind::kGlue) {
        const bool legal = j > 0 && list[j - 1].kind == VKind::kBox;
        if (legal) {
          const double empty = ((height - y) / height);
          candidates.push_back(Candidate{j, y, kUnderfillWeight * empty * empty});
        }
        y += e.height;
      } else if (e.penalty < kNeverBreak) {
        const double empty = ((height - y) / height);
        candidates.push_back(Candidate{j, y, e.penalty + kUnderfillWeight * empty * empty});
      }
    }

    std::size_t end = j;  // region takes [i, end)
    std::size_t next = j;
    if (overflow) {
      // Only breaks before the overflowing box, and after at least one box, count.
      std::erase_if(candidates, [&](const Candidate& c) {
        return c.index > j || placed.empty() || c.index <= placed.front().first;
      });
      if (!candidates.empty()) {
        const auto best = std::min_element(candidates.begin(), candidates.end(),
                                           [](const Candidate& a, const Candidate& b) { return a.cost < b.cost; });
        end = best->index;
        next = best->index + 1;
      } else if (!placed.empty()) {
        // The keep rules allow no break here (a long keep-together run): break before the
        // overflowing box anyway, and say so.
        out.events.push_back({PaginationEvent::Kind::kKeepBroken, block_of(list[j]), region_index});
        end = j;
        next = j;
      } else {
        // A single box taller than the region: cut it at the lowest clean split that fits,
        // or at the bottom if it has none (never loses content: the rest moves on).
        const VElem& big = list[j];
        const Pt room = height - y;
        Pt cut;
        for (Pt s : big.splits) {
          if (s <= room + kEpsilon) cut = s;
        }
        const bool clean = cut.value() > 0;
        if (!clean) cut = max(room, Pt(1));
        out.events.push_back({clean && big.row_of >= 0 ? PaginationEvent::Kind::kRowSplit
                                                       : PaginationEvent::Kind::kBoxCut,
                              block_of(big), region_index});
        auto [first, rest] = split_box(big, cut);
        list[j] = std::move(rest);
        list.insert(list.begin() + static_cast<std::ptrdiff_t>(j), std::move(first));
        placed.emplace_back(j, y);
        end = j + 1;
        next = j + 1;
      }
    }

    for (const auto& [index, top] : placed) {
      if (index >= end) break;
      const VElem& e = list[index];
      for (const auto& item : e.items) {
        DisplayItem moved = item;
        translate(moved, Pt(0), top);
        region.items.push_back(std::move(moved));
      }
      if (!e.outline_title.empty()) {
        region.outline.push_back(OutlineEntry{e.outline_title, e.outline_level, region_index, top});
      }
      region.used = top + e.height;
    }
    (void)top_y;
    out.regions.push_back(std::move(region));
    i = next;
  }
  return out;
}

}  // namespace handout
