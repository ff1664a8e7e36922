#include "flow/parallel.h"

#include <cstdint>
#include <optional>

namespace handout {

namespace {

void append_region(Region& to, Region from, Pt dy) {
  for (auto& item : from.items) {
    translate(item, Pt(0), dy);
    to.items.push_back(std::move(item));
  }
  for (auto& o : from.outline) {
    o.y += dy;
    to.outline.push_back(std::move(o));
  }
  if (!from.items.empty()) to.used = max(to.used, dy + from.used);
}

}  // namespace

Pagination paginate_parallel(std::vector<BlockPair> pairs, Pt height) {
  Pagination out;
  out.regions.resize(2);
  Pt y;  // where the next pair may start on the current page
  Pt space_after;
  auto new_page = [&] {
    out.regions.resize(out.regions.size() + 2);
    y = Pt(0);
  };
  // The last pair, when short, is not left alone on the last page: each side of the pair
  // before it ends with a stand-in as tall as the last pair and the space before it, held to
  // it without a break (so the end of that pair goes along to the next page when the last
  // does not fit after it), and taken out again once that pair is placed.
  Pt reserve, reserve_gap;
  if (pairs.size() >= 2) {
    BlockPair& pred = pairs[pairs.size() - 2];
    const BlockPair& last = pairs.back();
    const Pt own = max(natural_height(last.left.list), natural_height(last.right.list));
    const Pt gap_last = max(max(pred.left.space_after, pred.right.space_after),
                            max(last.left.space_before, last.right.space_before));
    const Pt tail = max(unbroken_tail(pred.left.list), unbroken_tail(pred.right.list));
    if (own.value() > 0 && own <= height * kLoneBlockFraction + kEpsilon && tail + gap_last + own <= height + kEpsilon) {
      reserve = gap_last + own;
      reserve_gap = gap_last;
    }
  }
  // A heading pair placed below the top of a page, as it was before it was placed (its page's
  // two regions' sizes, the counts and the pair itself), so that it can go to the
  // next page with that pair when the pair does not start here after all: the check below
  // sees that its head fits, but a list whose first item would stand alone at the page's
  // bottom (`stranded`), or a side pushed down by the other's baseline, starts overleaf, and
  // the heading stood alone at the bottom ("Putting the drops in" above the footer, its
  // twelve steps on the next page). A heading at the top of a page is never taken back.
  // (Regions only grow at their ends: their sizes are kept, not their items.)
  struct Kept {
    std::size_t items = 0, outline = 0;
    Pt used;
  };
  struct Snapshot {
    std::size_t k = SIZE_MAX;
    std::size_t regions = 0, events = 0;
    Kept left, right;
    Pt y, space_after;
    BlockPair pair;
  };
  auto keep = [](const Region& r) { return Kept{r.items.size(), r.outline.size(), r.used}; };
  auto restore = [](Region& r, const Kept& k) {
    r.items.erase(r.items.begin() + static_cast<std::ptrdiff_t>(k.items), r.items.end());
    r.outline.erase(r.outline.begin() + static_cast<std::ptrdiff_t>(k.outline), r.outline.end());
    r.used = k.used;
  };
  std::optional<Snapshot> kept;
  // The flows of the pair after a heading taken back, as they were before it was tried.
  struct Resume {
    std::size_t k;
    Flow left, right;
  };
  std::optional<Resume> resume;
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    BlockPair& pair = pairs[k];
    if (kept && kept->k + 1 == k) {
      // (The pair after the heading: taken back, it resumes from its untouched flows.)
    } else if (y.value() > 0 && (pair.left.keep_with_next || pair.right.keep_with_next) && k + 1 < pairs.size()) {
      const std::size_t n = out.regions.size();
      kept = Snapshot{k, n, out.events.size(), keep(out.regions[n - 2]), keep(out.regions[n - 1]), y, space_after, pair};
    } else {
      kept.reset();
    }
    const bool reserving = reserve.value() > 0 && k + 2 == pairs.size();
    const Pt space_before = max(pair.left.space_before, pair.right.space_before);
    // A heading pair is kept with what follows it: the pair and the head of the next pair
    // (its first lines, up to the first allowed break) must fit together on both sides,
    // or the heading moves to the next page.
    if (y.value() > 0 && (pair.left.keep_with_next || pair.right.keep_with_next) && k + 1 < pairs.size()) {
      const BlockPair& next = pairs[k + 1];
      const Pt gap_next = max(max(pair.left.space_after, pair.right.space_after),
                              max(next.left.space_before, next.right.space_before));
      const Pt need_left = natural_height(pair.left.list) + gap_next + Flow(next.left.list).head_height();
      const Pt need_right = natural_height(pair.right.list) + gap_next + Flow(next.right.list).head_height();
      if (y + max(space_after, space_before) + max(need_left, need_right) > height + kEpsilon) new_page();
    }
    if (reserving) {
      for (VList* l : {&pair.left.list, &pair.right.list}) {
        if (l->empty()) continue;
        l->push_back(VElem::penalty_of(kNeverBreak));
        l->push_back(VElem::glue(reserve_gap));
        l->push_back(VElem::box(reserve - reserve_gap));
      }
    }
    // A list flows on each side on its own after starting level with its translation: a break
    // that leaves its first or last item alone is weighed on each side as in a single column.
    const bool resuming = resume && resume->k == k;
    Flow left = resuming ? std::move(resume->left) : Flow(std::move(pair.left.list));
    Flow right = resuming ? std::move(resume->right) : Flow(std::move(pair.right.list));
    if (resuming) resume.reset();
    bool first_part = true;
    std::optional<std::size_t> restart;
    while (!left.done() || !right.done()) {
      const bool at_top = y.value() <= 0;
      const Pt gap = at_top ? Pt(0) : (first_part ? max(space_after, space_before) : Pt(0));
      const Pt avail = height - y - gap;
      Flow left_before = left, right_before = right;
      const std::size_t page_region = out.regions.size() - 2;
      Region rl = left.done() ? Region{} : left.fill(avail, at_top, page_region, out.events);
      Region rr = right.done() ? Region{} : right.fill(avail, at_top, page_region + 1, out.events);
      const bool left_stuck = !left_before.done() && rl.items.empty();
      const bool right_stuck = !right_before.done() && rr.items.empty();
      // A list that would start here and leave its first item alone at the page's bottom (or
      // its last alone at the next page's top, which weighing could not avoid) starts on the
      // next page, as a heading does when what it keeps with does not fit.
      const bool stranded = first_part && (rl.strands || rr.strands);
      if (!at_top && (left_stuck || right_stuck || stranded)) {
        if (first_part && kept && kept->k + 1 == k) {
          // The heading before goes along: back to before it, and it starts the next page.
          out.regions.resize(kept->regions);
          restore(out.regions[kept->regions - 2], kept->left);
          restore(out.regions[kept->regions - 1], kept->right);
          out.events.resize(kept->events);
          y = kept->y;
          space_after = kept->space_after;
          pairs[k - 1] = std::move(kept->pair);
          resume = Resume{k, std::move(left_before), std::move(right_before)};
          kept.reset();
          new_page();
          restart = k - 1;
          break;
        }
        // One side cannot start here: take nothing on either side and start a new page,
        // so the pair still starts level.
        left = std::move(left_before);
        right = std::move(right_before);
        new_page();
        continue;
      }
      const Pt top = y + gap;
      // The two sides start level: their first baselines line up (fonts of different
      // scripts put the baseline at different depths in the same line height).
      const Pt bl = left_before.first_baseline(), br = right_before.first_baseline();
      const bool align = first_part && bl.value() > 0 && br.value() > 0;
      const Pt shift_left = align ? max(Pt(0), br - bl) : Pt(0);
      const Pt shift_right = align ? max(Pt(0), bl - br) : Pt(0);
      const Pt used = max(rl.used + shift_left, rr.used + shift_right);
      append_region(out.regions[page_region], std::move(rl), top + shift_left);
      append_region(out.regions[page_region + 1], std::move(rr), top + shift_right);
      y = top + used;
      first_part = false;
      if (!left.done() || !right.done()) new_page();
    }
    if (restart) {
      k = *restart - 1;  // the loop's ++k comes back to the heading (unsigned wrap at 0)
      continue;
    }
    // The stand-in ends the pair's last part on both sides that end there: the last pair
    // starts where the pair's text ends.
    if (reserving) y -= reserve;
    space_after = max(pair.left.space_after, pair.right.space_after);
  }
  return out;
}

}  // namespace handout
