// The page budget that stops a layout once it certainly needs more pages than allowed,
// also inside one block (a list of millions of items): fake boxes, no fonts.
#include <gtest/gtest.h>

#include "block/blocks.h"
#include "engine/engine.h"

namespace handout {
namespace {

VList boxes(int n, double h) {
  VList l;
  for (int i = 0; i < n; ++i) {
    if (i) l.push_back(VElem::glue(Pt(2)));
    l.push_back(VElem::box(Pt(h)));
  }
  return l;
}

TEST(PageBudget, PartsOfOneBlockStopItAsSoonAsTheLimitIsCertainlyPassed) {
  PageBudget budget(Pt(100), 1, 2);  // two regions of 100 pt
  BlockFlow first;
  first.list = boxes(5, 10);  // 50
  EXPECT_TRUE(budget.add(first));
  // A block laid out part by part: 50 + 40 + 40 + 30 = 160 fits, the next 50 passes 200.
  EXPECT_TRUE(budget.probe(boxes(4, 10)));
  EXPECT_TRUE(budget.probe(boxes(4, 10)));
  EXPECT_TRUE(budget.probe(boxes(3, 10)));
  EXPECT_FALSE(budget.probe(boxes(5, 10)));
  // The block, stopped there, is refused when it is added whatever it holds.
  BlockFlow partial;
  partial.list = boxes(2, 10);
  EXPECT_FALSE(budget.add(partial));
}

TEST(PageBudget, ProbedPartsAreNotCountedTwice) {
  PageBudget budget(Pt(100), 1, 2);
  EXPECT_TRUE(budget.probe(boxes(9, 10)));  // 90 while laid out
  BlockFlow whole;
  whole.list = boxes(9, 10);  // the same block: 90 in all, not 180
  EXPECT_TRUE(budget.add(whole));
  BlockFlow next;
  next.list = boxes(10, 10);  // 190
  EXPECT_TRUE(budget.add(next));
  BlockFlow last;
  last.list = boxes(2, 10);  // 210
  EXPECT_FALSE(budget.add(last));
}

}  // namespace
}  // namespace handout
