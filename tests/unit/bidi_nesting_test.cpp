// What a text leaves open of its explicit bidi embeddings, overrides and isolates, matched
// as UAX #9's rules X1-X8 match them.
#include <gtest/gtest.h>

#include "core/bidi_nesting.h"

namespace handout {
namespace {

std::u32string closers_of(std::u32string_view s) {
  BidiNesting n;
  for (char32_t c : s) n.feed(c);
  return n.closers();
}

TEST(BidiNesting, ClosesWhatIsLeftOpenInnermostFirst) {
  EXPECT_EQ(closers_of(U"plain"), U"");
  EXPECT_EQ(closers_of(U"a\u2067b\u2069c"), U"");
  EXPECT_EQ(closers_of(U"a\u2067b"), U"\u2069");
  EXPECT_EQ(closers_of(U"a\u202Bb"), U"\u202C");
  // An isolate opened inside an embedding: closed first, then the embedding.
  EXPECT_EQ(closers_of(U"\u202Ba\u2066b"), U"\u2069\u202C");
  // A PDI closes its isolate and whatever was opened inside it.
  EXPECT_EQ(closers_of(U"\u2068a\u202Ab\u2069"), U"");
  // A PDF inside an isolate does not close the embedding around the isolate.
  EXPECT_EQ(closers_of(U"\u202Ea\u2067b\u202Cc\u2069"), U"\u202C");
  // Closers with nothing open are ignored.
  EXPECT_EQ(closers_of(U"\u2069\u202Ca\u2066"), U"\u2069");
  BidiNesting n;
  for (char32_t c : std::u32string_view(U"\u2067x\u202Ay")) n.feed(c);
  EXPECT_EQ(n.first_open(), U'\u2067');
  EXPECT_EQ(n.open_count(), 2u);
}

}  // namespace
}  // namespace handout
