// libFuzzer target: see entry.h (handout::fuzz::article).
#include <cstddef>
#include <cstdint>

#include "fuzz/entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)handout::fuzz::article(data, size);
  return 0;
}
