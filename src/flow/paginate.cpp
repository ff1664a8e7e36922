#include "flow/paginate.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "core/cancel.h"

namespace handout {

namespace {

// How much an empty stretch at the bottom of a region costs, against the penalties of
// breaking later: an empty half page costs as much as a 2500 penalty.
constexpr double kUnderfillWeight = 10000;
// A figure that does not fit at a region's foot floats (Flow::float_figure) only when moving
// it would leave at least this share of the region empty: a smaller gap is not worth
// changing the order of the article.
constexpr double kFloatGap = 0.2;

int block_of(const VElem& e) {
  for (const auto& it : e.items) {
    if (const auto* t = std::get_if<TextItem>(&it)) return t->block;
  }
  return -1;
}

}  // namespace

namespace {

// What assemble() keeps from one block to the next.
struct JoinState {
  bool keep_next = false;
  bool first = true;
  Pt space_after;
};

// Joins block `b` after what `state` says came before: the space between blocks (the
// larger of after and before) and a heading kept with the first two boxes of what follows.
// With `whole`, no break is allowed before the block or inside it (the end of an article).
template <typename Push>
void join_block(BlockFlow& b, JoinState& state, Push push, bool whole = false) {
  if (b.list.empty()) return;
  if (!state.first) {
    if (state.keep_next || whole) push(VElem::penalty_of(kNeverBreak));
    VElem g = VElem::glue(max(state.space_after, b.space_before));
    g.joins = true;
    push(std::move(g));
  }
  state.first = false;
  // After a heading, the next block's first two boxes stay with it.
  int boxes = 0;
  bool after_box = false;
  for (auto& e : b.list) {
    const bool keep = whole || (state.keep_next && boxes < 2);
    if (keep && e.kind == VKind::kPenalty) e.penalty = kNeverBreak;
    else if (keep && e.kind == VKind::kGlue && (after_box || boxes < 2)) push(VElem::penalty_of(kNeverBreak));
    if (e.kind == VKind::kBox) ++boxes;
    after_box = e.kind == VKind::kBox;
    push(std::move(e));
  }
  state.keep_next = b.keep_with_next;
  state.space_after = b.space_after;
}

// Whether the last block of an article is kept whole with the end of what comes before it
// (see assemble()): it is short, and that run fits in a region.
bool keep_last(const BlockFlow& b, const JoinState& state, Pt tail, Pt height) {
  if (state.first || height.value() <= 0) return false;
  const Pt own = natural_height(b.list);
  if (own > height * kLoneBlockFraction + kEpsilon) return false;
  return tail + max(state.space_after, b.space_before) + own <= height + kEpsilon;
}

}  // namespace

Pt natural_height(const VList& list) {
  Pt h;
  bool started = false;
  for (const auto& e : list) {
    if (e.kind == VKind::kBox) {
      h += e.height;
      started = true;
    } else if (e.kind == VKind::kGlue && started) {
      h += e.height;
    }
  }
  return h;
}

void extend_tail(const VElem& e, Pt& tail, bool& after_box) {
  const bool is_break = (e.kind == VKind::kGlue && after_box) || (e.kind == VKind::kPenalty && e.penalty < kNeverBreak);
  if (is_break) tail = Pt(0);
  else if (e.kind != VKind::kPenalty) tail += e.height;
  after_box = e.kind == VKind::kBox;
}

Pt unbroken_tail(const VList& list) {
  Pt tail;
  bool after_box = false;
  for (const auto& e : list) extend_tail(e, tail, after_box);
  return tail;
}

VList assemble(std::vector<BlockFlow> blocks, Pt height) {
  VList out;
  JoinState state;
  Pt tail;
  bool after_box = false;
  auto push = [&out, &tail, &after_box](VElem e) {
    extend_tail(e, tail, after_box);
    out.push_back(std::move(e));
  };
  // The last block is the last that has something in it.
  std::size_t last = blocks.size();
  while (last > 0 && blocks[last - 1].list.empty()) --last;
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    BlockFlow& b = blocks[k];
    join_block(b, state, push, k + 1 == last && keep_last(b, state, tail, height));
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

namespace {

// The lowest clean split of `box` that leaves its first part within `room`; 0 for none.
Pt last_split_within(const VElem& box, Pt room) {
  Pt cut;
  for (Pt sp : box.splits) {
    if (sp <= room + kEpsilon) cut = sp;
  }
  return cut;
}

}  // namespace

Flow::Flow(VList list, bool weigh_strands) : list_(std::move(list)), weigh_strands_(weigh_strands) {
  for (const auto& e : list_) keep_header(e);
}

void Flow::keep_header(const VElem& e) {
  if (e.header_of < 0) return;
  headers_[e.header_of] = e;
}

void Flow::append(VElem e) {
  keep_header(e);
  list_.push_back(std::move(e));
}

void Flow::drop_placed() {
  list_.erase(list_.begin(), list_.begin() + static_cast<std::ptrdiff_t>(i_));
  i_ = 0;
}

void Flow::skip_discardable() {
  while (i_ < list_.size() && list_[i_].kind != VKind::kBox) ++i_;
}

bool Flow::done() {
  skip_discardable();
  return i_ >= list_.size();
}

const VElem* Flow::header_for(int row_of) const {
  if (row_of < 0) return nullptr;
  const auto it = headers_.find(row_of);
  if (it == headers_.end()) return nullptr;
  const VElem& h = it->second;
  return h.kind == VKind::kBox && h.header_of >= 0 ? &h : nullptr;
}

bool Flow::starts_cut_here(const VElem& e, Pt height, Pt room, std::size_t lines) const {
  if (e.kind != VKind::kBox || e.row_of < 0 || e.splits.size() < lines) return false;
  const VElem* h = header_for(e.row_of);
  const Pt fresh = h && h->height + Pt(1) < height ? height - h->height : height;
  return e.height > fresh + kEpsilon && e.splits[lines - 1] <= room + kEpsilon;
}

Pt Flow::head_height() {
  skip_discardable();
  Pt y;
  for (std::size_t j = i_; j < list_.size(); ++j) {
    const VElem& e = list_[j];
    if (e.kind == VKind::kBox) {
      y += e.height;
    } else if (e.kind == VKind::kGlue) {
      if (list_[j - 1].kind == VKind::kBox) return y;
      y += e.height;
    } else if (e.penalty < kNeverBreak) {
      return y;
    }
  }
  return y;
}

int Flow::next_block() const {
  for (std::size_t j = i_; j < list_.size(); ++j) {
    if (const int b = block_of(list_[j]); b >= 0) return b;
  }
  return -1;
}

Pt Flow::first_baseline() {
  skip_discardable();
  return i_ < list_.size() ? list_[i_].baseline : Pt(0);
}

Region Flow::fill(Pt height, bool at_top, std::size_t region_index,
                  std::vector<PaginationEvent>& events) {
  return *fill_region(height, at_top, false, region_index, events);
}

std::optional<Region> Flow::fill_final(Pt height, std::size_t region_index, std::vector<PaginationEvent>& events) {
  return fill_region(height, true, true, region_index, events);
}

Flow::Scan Flow::scan(std::size_t from, Pt height, std::vector<std::pair<std::size_t, Pt>>* placed) const {
  Scan out;
  out.stop = from;
  if (from >= list_.size()) return out;
  Pt y;
  // A table continuing from the previous region gets its header again.
  if (const VElem* h = header_for(list_[from].row_of); h && h->height + Pt(1) < height) {
    out.header = h;
    y = h->height;
  }
  bool any_box = false;
  std::size_t j = from;
  for (; j < list_.size(); ++j) {
    const VElem& e = list_[j];
    const double empty = (height - y) / height;
    if (e.kind == VKind::kBox) {
      if (y + e.height > height + kEpsilon) {
        out.overflow = true;
        break;
      }
      if (placed) placed->emplace_back(j, y);
      any_box = true;
      y += e.height;
    } else if (e.kind == VKind::kGlue) {
      // Only breaks after at least one box count.
      if (any_box && list_[j - 1].kind == VKind::kBox) {
        out.candidates.push_back(Candidate{j, kUnderfillWeight * empty * empty, 0, empty});
      }
      y += e.height;
    } else if (e.penalty < kNeverBreak && any_box) {
      // A stranded item's penalty is kept apart: without it the cost is what it was before.
      const double strands = e.strands ? e.penalty : 0;
      out.candidates.push_back(
          Candidate{j, (e.strands ? 0 : e.penalty) + kUnderfillWeight * empty * empty, strands, empty});
    }
  }
  out.stop = j;
  out.y_stop = y;
  return out;
}

std::size_t Flow::next_box(std::size_t from) const {
  while (from < list_.size() && list_[from].kind != VKind::kBox) ++from;
  return from;
}

namespace {

using Candidates = std::vector<Flow::Candidate>;

// The cheapest candidate counting the stranded-item penalties (`with_strands`), or without
// them: what the paginator chose before it weighed them, and still chooses unless weigh()
// says otherwise.
const Flow::Candidate& cheapest(const Candidates& c, bool with_strands) {
  return *std::min_element(c.begin(), c.end(), [with_strands](const Flow::Candidate& a, const Flow::Candidate& b) {
    return (with_strands ? a.cost + a.strands : a.cost) < (with_strands ? b.cost + b.strands : b.cost);
  });
}

}  // namespace

Flow::Ahead Flow::look_ahead(std::size_t from, Pt height, std::size_t regions) const {
  Ahead out;
  std::size_t at = next_box(from);
  for (std::size_t r = 0; r < regions && at < list_.size(); ++r) {
    Scan s = scan(at, height, nullptr);
    if (!s.overflow) {
      // The rest fits in this region: the list ends here (its empty bottom costs nothing).
      out.ends = true;
      out.regions.push_back(list_.size());
      return out;
    }
    if (s.candidates.empty()) {
      out.unknown = true;  // a box cut or a keep rule broken: not weighed
      return out;
    }
    const Candidate& c = cheapest(s.candidates, false);
    out.cost += c.cost + c.strands;
    at = next_box(c.index + 1);
    out.regions.push_back(at);
  }
  out.ends = at >= list_.size();
  return out;
}

Flow::Weighed Flow::weigh(const Candidate& avoid, const Candidate& plain, Pt height, bool open_end,
                          std::size_t& spend) const {
  // Both ways are followed over the next regions as they would be filled without this
  // weighing. The way that avoids a stranded item is taken when it meets the other (the
  // same break after as many regions) at a lower cost in between, or ends the list in
  // fewer regions: the document never grows for it, and what follows the meeting is the same.
  spend = 0;
  const std::size_t reach = kLookahead + spare_;
  const Ahead a = look_ahead(avoid.index + 1, height, reach);
  const Ahead b = look_ahead(plain.index + 1, height, reach);
  for (std::size_t r = 0; r < a.regions.size() && r < b.regions.size(); ++r) {
    if (a.regions[r] != b.regions[r]) continue;
    if (open_end && a.regions[r] >= list_.size()) return Weighed::kWait;  // the list may grow
    // After the meeting both ways fill the same regions at the same cost. The ended list's
    // last region costs nothing (look_ahead counts only broken regions).
    return avoid.cost + avoid.strands + a.cost < plain.cost + plain.strands + b.cost ? Weighed::kAvoid
                                                                                      : Weighed::kPlain;
  }
  if (a.unknown || b.unknown) return Weighed::kPlain;
  if (open_end && (a.ends || b.ends)) return Weighed::kWait;  // what comes later decides
  if (a.ends && (!b.ends || a.regions.size() < b.regions.size())) return Weighed::kAvoid;
  // They do not meet within the regions looked at: the document may grow. With spare
  // regions, it may: by what the ends say, or (neither end seen) by one, a guess.
  if (spare_ > 0 && a.ends == b.ends) {
    spend = a.ends ? a.regions.size() - b.regions.size() : 1;
    if (spend <= spare_) return Weighed::kAvoid;
  }
  spend = 0;
  return Weighed::kPlain;
}

std::optional<Region> Flow::fill_region(Pt height, bool at_top, bool open_end, std::size_t region_index,
                                        std::vector<PaginationEvent>& events) {
  cancellation_point();  // a render's deadline, per region
  Region region;
  skip_discardable();
  if (i_ >= list_.size()) return open_end ? std::nullopt : std::optional<Region>(std::move(region));
  std::vector<std::pair<std::size_t, Pt>> placed;  // element index, y of its top
  Scan s = scan(i_, height, &placed);
  // Where a box cut at the region's top starts: under a repeated header.
  const Pt y = s.header ? s.header->height : Pt(0);
  if (s.header) {
    // The repeated header is a reading aid on paper, not content: tagged PDF reads it once.
    for (auto item : s.header->items) {
      if (auto* t = std::get_if<TextItem>(&item)) t->ref.artifact = true;
      region.items.push_back(std::move(item));
    }
  }
  const std::size_t j = s.stop;
  const bool overflow = s.overflow;
  auto& candidates = s.candidates;
  std::optional<VElem> cut_first;  // the top part of a box cut at the region's end
  Pt cut_top;

  // The list ran out before the region did: what is added later may still go into it.
  if (!overflow && open_end) return std::nullopt;

  std::size_t end = j;  // the region takes [i_, end)
  std::size_t next = j;
  // A table row taller than any region, cut wherever it starts, starts here (under its
  // header): a region ended before its table instead stood mostly empty.
  auto cut_row_here = [&]() {
    const VElem& big = list_[j];
    const Pt cut = last_split_within(big, height - s.y_stop);
    events.push_back({PaginationEvent::Kind::kRowSplit, block_of(big), region_index});
    auto [first, rest] = split_box(big, cut);
    list_[j] = std::move(rest);
    cut_first = std::move(first);
    cut_top = s.y_stop;
    end = j;
    next = j;
  };
  if (overflow) {
    if (!candidates.empty() && at_top && starts_cut_here(list_[j], height, height - s.y_stop, 2)) {
      // Only with two of its lines or more here: a break before its table costs less than
      // one line under a header at a page's foot.
      cut_row_here();
    } else if (!candidates.empty()) {
      const Candidate* best = &cheapest(candidates, false);
      if (weigh_strands_) {
        const Candidate& avoid = cheapest(candidates, true);
        if (avoid.index != best->index) {
          std::size_t spend = 0;
          const Weighed w = weigh(avoid, *best, height, open_end, spend);
          if (w == Weighed::kWait) return std::nullopt;
          if (w == Weighed::kAvoid) {
            best = &avoid;
            spare_ -= spend;
          }
        }
      }
      if (!floating_ && best->empty >= kFloatGap) {
        bool wait = false;
        if (float_figure(*best, height, open_end, wait)) {
          // Fill again from the same place: the figure now follows the blocks that fill the gap.
          floating_ = true;
          auto again = fill_region(height, at_top, open_end, region_index, events);
          floating_ = false;
          return again;
        }
        if (wait) return std::nullopt;
      }
      end = best->index;
      next = best->index + 1;
      region.strands = list_[end].kind == VKind::kPenalty && list_[end].strands;
    } else if (!at_top) {
      // The region shares its page with what is above it: rather than break a keep
      // rule or cut a box here, take nothing and let the caller start a new page.
      return Region{};
    } else if (!placed.empty() && starts_cut_here(list_[j], height, height - s.y_stop, 1)) {
      // The keep rules allow no break before it (after its header): rather than leave the
      // header alone and most of the page empty.
      cut_row_here();
    } else if (!placed.empty()) {
      // The keep rules allow no break here (a long keep-together run): break before the
      // overflowing box anyway, and say so.
      events.push_back({PaginationEvent::Kind::kKeepBroken, block_of(list_[j]), region_index});
      end = j;
      next = j;
    } else {
      // A single box taller than the region: cut it at the lowest clean split that fits,
      // or at the bottom if it has none (never loses content: the rest moves on).
      const VElem& big = list_[j];
      const Pt room = height - y;
      Pt cut = last_split_within(big, room);
      const bool clean = cut.value() > 0;
      if (!clean) cut = max(room, Pt(1));
      events.push_back({clean && big.row_of >= 0 ? PaginationEvent::Kind::kRowSplit
                                                 : PaginationEvent::Kind::kBoxCut,
                        block_of(big), region_index});
      // The rest stays in the list where the box was (no insertion: a box cut over many
      // regions costs nothing per cut beyond its own items); the first part goes here.
      auto [first, rest] = split_box(big, cut);
      list_[j] = std::move(rest);
      cut_first = std::move(first);
      cut_top = y;
      end = j;
      next = j;
    }
  }

  // The region takes its elements' items: they are never visited again (later fills,
  // head_height and next_block look only at what follows), so they are moved, not copied.
  auto take = [&](VElem& e, Pt top) {
    for (auto& item : e.items) {
      translate(item, Pt(0), top);
      region.items.push_back(std::move(item));
    }
    e.items.clear();
    e.items.shrink_to_fit();
    if (!e.outline_title.empty()) {
      region.outline.push_back(OutlineEntry{std::move(e.outline_title), e.outline_level, region_index, top});
    }
    region.used = top + e.height;
  };
  std::size_t count = 0;
  for (const auto& [index, top] : placed) {
    if (index < end) count += list_[index].items.size();
  }
  region.items.reserve(region.items.size() + count + (cut_first ? cut_first->items.size() : 0));
  for (const auto& [index, top] : placed) {
    if (index >= end) break;
    take(list_[index], top);
  }
  if (cut_first) take(*cut_first, cut_top);
  i_ = next;
  return region;
}

bool Flow::float_figure(const Candidate& end, Pt height, bool open_end, bool& wait) {
  const std::size_t a = next_box(end.index + 1);
  if (a >= list_.size() || !list_[a].floats) return false;
  // The figure runs from its picture to the first break after it, the space between it and
  // the next block (a break there is a "joins" glue after a box).
  std::size_t b = a + 1;
  while (b < list_.size()) {
    const VElem& e = list_[b];
    if (e.kind == VKind::kGlue && list_[b - 1].kind == VKind::kBox) break;
    if (e.kind == VKind::kPenalty && e.penalty < kNeverBreak) return false;
    ++b;
  }
  if (b >= list_.size()) {
    wait = open_end;  // what follows the figure is still to come
    return false;
  }
  if (!list_[b].joins) return false;
  // Try the list with the figure (and the space after it) at its end.
  const auto first = list_.begin() + static_cast<std::ptrdiff_t>(a);
  const std::size_t moved = b + 1 - a;
  std::rotate(first, list_.begin() + static_cast<std::ptrdiff_t>(b + 1), list_.end());
  const std::size_t rest_end = list_.size() - moved;  // where the figure now starts
  auto restore = [&] { std::rotate(first, list_.begin() + static_cast<std::ptrdiff_t>(rest_end), list_.end()); };
  const Scan t = scan(i_, height, nullptr);
  const bool rest_fits = !t.overflow || t.stop >= rest_end;
  if (rest_fits || t.candidates.empty()) {
    // All that follows fits under the gap: the figure would only go to the end. When the list
    // may still grow, wait for more.
    restore();
    wait = open_end && rest_fits;
    return false;
  }
  // What may be moved ahead of the figure ends before the first heading or picture after it.
  std::size_t limit = rest_end;
  for (std::size_t k = a; k < rest_end && k <= t.stop && limit == rest_end; ++k) {
    const VElem& e = list_[k];
    if (e.kind != VKind::kBox) continue;
    if (!e.outline_title.empty() || e.floats) limit = k;
    for (const auto& item : e.items) {
      if (std::holds_alternative<ImageItem>(item)) limit = k;
    }
  }
  const Candidate* c = nullptr;
  for (const Candidate& k : t.candidates) {
    if (k.index > a && k.index < limit && (!c || k.cost < c->cost)) c = &k;
  }
  if (!c || c->cost >= end.cost) {
    restore();
    return false;
  }
  // The figure goes right after the break: it heads the next region.
  std::rotate(list_.begin() + static_cast<std::ptrdiff_t>(c->index + 1),
              list_.begin() + static_cast<std::ptrdiff_t>(rest_end), list_.end());
  return true;
}

Pagination paginate(VList list, Pt height) {
  Pagination out;
  Flow flow(std::move(list));
  while (!flow.done()) {
    out.regions.push_back(flow.fill(height, true, out.regions.size(), out.events));
  }
  return out;
}

void Paginator::join(BlockFlow block, bool last, Pagination& out) {
  JoinState state{keep_next_, first_, space_after_};
  const bool whole = last && keep_last(block, state, tail_, height_);
  join_block(block, state, [this](VElem e) {
    pending_ += e.height;
    extend_tail(e, tail_, after_box_);
    flow_.append(std::move(e));
  }, whole);
  keep_next_ = state.keep_next;
  first_ = state.first;
  space_after_ = state.space_after;
  // A region cannot be final before more than a region's height is waiting (a fill that
  // finds the list too short costs a scan of it, so it is not tried again until then).
  if (last || pending_ <= height_) return;
  while (auto region = flow_.fill_final(height_, out.regions.size(), out.events)) {
    out.regions.push_back(std::move(*region));
  }
  pending_ = Pt(0);
  flow_.drop_placed();
}

void Paginator::add(BlockFlow block, Pagination& out) {
  if (block.list.empty()) return;
  // A short block may be the article's last, which is joined otherwise (assemble()): it
  // waits for the next block. A block too tall to be kept whole at the end goes on now.
  if (held_) join(std::move(*std::exchange(held_, std::nullopt)), false, out);
  if (natural_height(block.list) <= height_ * kLoneBlockFraction + kEpsilon) {
    held_ = std::move(block);
    return;
  }
  join(std::move(block), false, out);
}

void Paginator::finish(Pagination& out) {
  if (held_) join(std::move(*std::exchange(held_, std::nullopt)), true, out);
  while (!flow_.done()) {
    out.regions.push_back(flow_.fill(height_, true, out.regions.size(), out.events));
  }
  flow_ = Flow(VList{});
}

}  // namespace handout
