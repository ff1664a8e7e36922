// Entry points shared by the libFuzzer targets (fuzz_*.cpp) and the plain regression test
// (regression_test.cpp): each takes arbitrary bytes, runs them through one stage of the
// engine, and checks the stage's contract. A crash, a sanitizer report or a broken
// contract (reported with abort()) is a bug; rejecting bad input with a diagnostic is not.
#pragma once

#include <cstddef>
#include <cstdint>

namespace handout::fuzz {

/// What the engine made of the input (for tests; the fuzzers ignore it).
enum class Outcome : std::uint8_t { kRejected, kAccepted, kSkipped };

/// bytes → parse_json_text → read_article.
Outcome article(const std::uint8_t* data, std::size_t size);
/// bytes → parse_json_text (named as a file in layouts/, so relative font paths
/// resolve against the bundled fonts) → read_layout.
Outcome layout(const std::uint8_t* data, std::size_t size);
/// bytes as an article → laid out with layouts/a4.json → PDF bytes in memory. Bytes that
/// are not JSON become the text of a small article instead (the first byte picks its
/// language and block kind), so the text stages are fuzzed directly. One Engine per
/// process, so fonts load once. Inputs over kMaxRenderBytes are skipped.
Outcome render(const std::uint8_t* data, std::size_t size);

inline constexpr std::size_t kMaxRenderBytes = 64u * 1024u;

}  // namespace handout::fuzz
