#include "core/char_props.h"

#include <atomic>
#include <cstdint>

#include <hb.h>

namespace handout {

namespace {

constexpr std::uint8_t kKnown = 1;
constexpr std::uint8_t kNonspacingMark = 2;
constexpr std::uint8_t kNonStarter = 4;

std::uint8_t compute(char32_t c) {
  hb_unicode_funcs_t* uf = hb_unicode_funcs_get_default();
  const auto gc = hb_unicode_general_category(uf, c);
  std::uint8_t bits = kKnown;
  if (gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK) bits |= kNonspacingMark;
  if (c >= 0x300 && (hb_unicode_combining_class(uf, c) != HB_UNICODE_COMBINING_CLASS_NOT_REORDERED ||
                     gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
                     gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
                     gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK)) {
    bits |= kNonStarter;
  }
  return bits;
}

// One byte per code point of the BMP, 0 until first asked; a race only computes the same
// answer twice. Zero-initialised static storage: only the pages of scripts in use are touched.
std::atomic<std::uint8_t> g_bmp[0x10000];

std::uint8_t props(char32_t c) {
  if (c >= 0x10000) return compute(c);
  std::atomic<std::uint8_t>& slot = g_bmp[c];
  std::uint8_t v = slot.load(std::memory_order_relaxed);
  if (v == 0) {
    v = compute(c);
    slot.store(v, std::memory_order_relaxed);
  }
  return v;
}

}  // namespace

bool is_nonspacing_mark(char32_t c) {
  if (c < 0x300) return false;  // no mark below the combining diacritics
  return (props(c) & kNonspacingMark) != 0;
}

bool is_non_starter(char32_t c) {
  if (c < 0x300) return false;
  return (props(c) & kNonStarter) != 0;
}

}  // namespace handout
