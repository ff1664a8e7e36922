#include "core/char_props.h"

#include <hb.h>

namespace handout::char_props_detail {

std::atomic<std::uint8_t> g_bmp[0x10000];
std::atomic<std::uint32_t> g_script[0x10000];

std::uint8_t lookup(char32_t c) {
  hb_unicode_funcs_t* uf = hb_unicode_funcs_get_default();
  const auto gc = hb_unicode_general_category(uf, c);
  static_assert(HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR < (1 << (8 - kCategoryShift)));
  auto bits = static_cast<std::uint8_t>(kKnown | (static_cast<unsigned>(gc) << kCategoryShift));
  if (gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK) bits |= kNonspacingMark;
  if (c >= 0x300 && (hb_unicode_combining_class(uf, c) != HB_UNICODE_COMBINING_CLASS_NOT_REORDERED ||
                     gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
                     gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
                     gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK)) {
    bits |= kNonStarter;
  }
  if (c < 0x10000) g_bmp[c].store(bits, std::memory_order_relaxed);
  return bits;
}

hb_script_t lookup_script(char32_t c) {
  const hb_script_t s = hb_unicode_script(hb_unicode_funcs_get_default(), c);
  if (c < 0x10000) g_script[c].store(static_cast<std::uint32_t>(s), std::memory_order_relaxed);
  return s;
}

}  // namespace handout::char_props_detail
