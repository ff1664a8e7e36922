// Pagination: fills column regions (then pages) from the blocks' vertical lists.
// Breaks only where the list allows (glue after a box, a penalty below kNeverBreak),
// picks the cheapest of those, repeats table headers, and cuts a box only when it is
// taller than a whole region. Never loops: every region takes at least one box or part.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "block/blocks.h"
#include "block/vlist.h"

namespace handout {

/// The last block of an article no taller than this part of a region is kept whole with the
/// end of the block before it, so that it never stands alone on the last page (or panel).
inline constexpr double kLoneBlockFraction = 0.5;

/// The height of a list as it would stand in one region (glue at its top dropped).
[[nodiscard]] Pt natural_height(const VList& list);
/// `tail` is the height of the run at the end of a list that no allowed break splits (what
/// must go along with a block joined after it without a break): this updates it for `e`,
/// added to the list after an element that was a box or not (`after_box`).
void extend_tail(const VElem& e, Pt& tail, bool& after_box);
/// The height of the run at the end of `list` that no allowed break splits.
[[nodiscard]] Pt unbroken_tail(const VList& list);

/// Joins block flows into one list: collapses the space between blocks (the larger of
/// after and before) and keeps a heading with the first two boxes of what follows.
/// Given the `height` of the regions to fill, it also keeps the last block from standing
/// alone at the top of the last region: a last block no taller than half a region is kept
/// whole, together with the end of the block before it (from that block's last allowed
/// break: its last lines, its last list item, the whole of a figure), when that run fits in
/// a region. (A last block taller than that fills much of its page anyway.)
[[nodiscard]] VList assemble(std::vector<BlockFlow> blocks, Pt height = Pt(0));

/// Something the paginator had to do that a careful reader would want to know.
struct PaginationEvent {
  enum class Kind : std::uint8_t { kKeepBroken, kBoxCut, kRowSplit };
  Kind kind;
  int block = -1;    ///< article block index, when the box knows it
  std::size_t region = 0;
};

/// One filled region (a column of a page): items relative to the region's top-left.
struct Region {
  std::vector<DisplayItem> items;
  std::vector<OutlineEntry> outline;  ///< page is the region index until the page stage maps it
  Pt used;                            ///< height filled
  /// It ends at a break that leaves a list's first item alone at its bottom or its last item
  /// alone at the next region's top (a penalty marked `strands`).
  bool strands = false;
};

struct Pagination {
  std::vector<Region> regions;
  std::vector<PaginationEvent> events;
};

/// A cursor over a vertical list that fills one region at a time.
class Flow {
 public:
  /// With `weigh_strands`, a break that leaves a list's first or last item alone (a
  /// penalty marked `strands`) is avoided when the regions that follow allow it (see
  /// fill()); without it, such penalties count for nothing, as other breaks between items.
  explicit Flow(VList list, bool weigh_strands = true);
  /// Nothing but glue and penalties is left.
  [[nodiscard]] bool done();
  /// Fills one region of `height` from where the last fill stopped. A region at the top
  /// of a page always takes something (cutting a box taller than the region, or breaking
  /// a keep rule that cannot be met, with an event saying so). A region lower on a page
  /// (`at_top` false) may take nothing instead, and the caller starts a new page.
  /// It ends at the cheapest allowed break (penalty and empty space at the bottom). When
  /// that break leaves a list item alone and a dearer one does not, the two are followed
  /// over the next kLookahead regions of the same height, each filled the plain way: the
  /// dearer break is taken when both ways meet at the same break after as many regions
  /// and it costs less in all (its penalty counted), or when it ends the list in fewer
  /// regions. A stranded item never makes a document longer, and the work is linear.
  [[nodiscard]] Region fill(Pt height, bool at_top, std::size_t region_index,
                            std::vector<PaginationEvent>& events);
  /// The height from here to the first place a region may end: what must fit together.
  [[nodiscard]] Pt head_height();
  /// The first baseline of the next box, from its top (0 if unknown).
  [[nodiscard]] Pt first_baseline();
  /// The article block of the first text still to be placed (-1 if none is known).
  [[nodiscard]] int next_block() const;

  /// Adds an element at the end of the list.
  void append(VElem e);
  /// fill() at the top of a page, when the region is final: when the list may still grow,
  /// only a region that ends where a box overflows it is (a fill looks at nothing after
  /// that box), so nothing is filled (and nothing changes) when the list runs out first.
  [[nodiscard]] std::optional<Region> fill_final(Pt height, std::size_t region_index,
                                                 std::vector<PaginationEvent>& events);
  /// Lets go of the elements already placed.
  void drop_placed();

  /// Where a region may end: the break element (the region ends before it), its cost
  /// (penalty and empty space below), and the part of the penalty that is for a stranded
  /// list item (not in `cost`).
  struct Candidate {
    std::size_t index;
    double cost;
    double strands;
    double empty = 0;  ///< the share of the region left empty below it
  };
  /// How many regions weighing a stranded item looks ahead.
  static constexpr std::size_t kLookahead = 3;

  /// Regions the document may grow by to avoid a stranded item (an imposed booklet's pages
  /// up to its padded count are blank paper). Each avoiding break that ends the list later
  /// spends what it adds (the weighing then looks `spare` regions further); one whose ways
  /// neither meet nor end within the regions looked at spends one, a guess the caller checks
  /// against the final count. 0, the default, is the weighing above unchanged.
  void set_spare(std::size_t regions) { spare_ = regions; }

 private:
  /// A region laid from `from`: where it may end, whether a box overflows it (at `stop`),
  /// the table header it repeats, and (when asked) the boxes placed with their tops.
  struct Scan {
    std::vector<Candidate> candidates;
    std::size_t stop = 0;
    bool overflow = false;
    const VElem* header = nullptr;
    Pt y_stop;  ///< where the element at `stop` would start
  };
  [[nodiscard]] Scan scan(std::size_t from, Pt height, std::vector<std::pair<std::size_t, Pt>>* placed) const;
  /// The regions after a break at `from` filled the plain way: where each ends (the next
  /// box), the cost of their breaks; `ends` when the list ends within them, `unknown` when
  /// one must cut a box or break a keep rule.
  struct Ahead {
    std::vector<std::size_t> regions;
    double cost = 0;
    bool ends = false;
    bool unknown = false;
  };
  [[nodiscard]] Ahead look_ahead(std::size_t from, Pt height, std::size_t regions) const;
  enum class Weighed : std::uint8_t { kPlain, kAvoid, kWait };
  /// Whether to take `avoid` (no stranded item) over `plain` (the cheapest without that
  /// penalty); kWait: the list ends within the regions looked at but may still grow.
  /// `spend`: the spare regions that taking `avoid` uses.
  [[nodiscard]] Weighed weigh(const Candidate& avoid, const Candidate& plain, Pt height, bool open_end,
                              std::size_t& spend) const;
  [[nodiscard]] std::size_t next_box(std::size_t from) const;
  [[nodiscard]] std::optional<Region> fill_region(Pt height, bool at_top, bool open_end, std::size_t region_index,
                                                  std::vector<PaginationEvent>& events);
  /// A region ending at `end` leaves the share `empty` of it blank because the figure after
  /// the break does not fit: what follows the figure up to the break that fills the gap best
  /// (no heading and no other picture among it; a paragraph may be broken where its keep
  /// rules allow) is moved before it, and it heads the next region. Returns whether it moved; `wait` when the list may still grow
  /// and what follows the figure does not yet fill the region.
  [[nodiscard]] bool float_figure(const Candidate& end, Pt height, bool open_end, bool& wait);
  void keep_header(const VElem& e);
  void skip_discardable();
  const VElem* header_for(int row_of) const;
  /// Whether `e` is a table row taller than any region of `height` (under its repeated
  /// header) whose first `lines` clean splits lie within `room`: it is cut wherever it starts.
  [[nodiscard]] bool starts_cut_here(const VElem& e, Pt height, Pt room, std::size_t lines) const;
  VList list_;
  std::size_t i_ = 0;
  /// By table index: the header rows to repeat (a map: a vector by index held an empty
  /// element for every block before the last table).
  std::map<int, VElem> headers_;
  bool weigh_strands_ = true;
  std::size_t spare_ = 0;
  bool floating_ = false;  ///< fill_region is refilling after a float: no second one
};

/// Fills regions of `height` from `list`, one after another.
[[nodiscard]] Pagination paginate(VList list, Pt height);

/// paginate(assemble(blocks)) as the blocks come: each block is joined to the list as
/// assemble() joins it, and regions are filled as soon as they are final, so the blocks'
/// lists are let go while the rest is laid out. The regions and events are the same as
/// paginate(assemble(blocks, height), height): a block short enough to be kept with its
/// predecessor at the end waits until the next block comes (or finish()), so at most one
/// such block (under half a region) is held back beyond what the fills hold.
class Paginator {
 public:
  /// `spare`: regions the document may grow by to avoid a stranded item (Flow::set_spare).
  explicit Paginator(Pt height, std::size_t spare = 0) : height_(height), flow_(VList{}) { flow_.set_spare(spare); }
  /// Joins the next block, then fills the regions that are final into `out`.
  void add(BlockFlow block, Pagination& out);
  /// After the last block: fills the rest into `out`.
  void finish(Pagination& out);

 private:
  void join(BlockFlow block, bool last, Pagination& out);
  Pt height_;
  Flow flow_;
  bool keep_next_ = false;
  bool first_ = true;
  Pt space_after_;
  Pt pending_;  ///< heights joined since a fill last found the list too short
  std::optional<BlockFlow> held_;  ///< a short block that may be the last
  Pt tail_;                         ///< the list's end that no allowed break splits
  bool after_box_ = false;          ///< the list ends with a box
};

/// Splits a box at height `at`: items above go to the first part; rectangles crossing
/// the cut are cut in two. Exposed for tests.
[[nodiscard]] std::pair<VElem, VElem> split_box(const VElem& box, Pt at);

}  // namespace handout
