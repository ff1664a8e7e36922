#include "core/char_props.h"

#include <hb.h>

#include <mutex>

namespace handout::char_props_detail {

std::atomic<std::uint16_t> g_bmp[0x10000];
std::atomic<std::uint32_t> g_scripts[256];

namespace {

std::mutex g_scripts_mutex;
unsigned g_script_count = 1;  // under g_scripts_mutex; index 0 is "not kept"

// The index of `s` in g_scripts, added when new; 0 when the table is full.
unsigned script_index(hb_script_t s) {
  std::lock_guard lock(g_scripts_mutex);
  for (unsigned i = 1; i < g_script_count; ++i) {
    if (g_scripts[i].load(std::memory_order_relaxed) == static_cast<std::uint32_t>(s)) return i;
  }
  if (g_script_count == 256) return 0;
  g_scripts[g_script_count].store(static_cast<std::uint32_t>(s), std::memory_order_relaxed);
  return g_script_count++;
}

}  // namespace

std::uint16_t lookup(char32_t c) {
  hb_unicode_funcs_t* uf = hb_unicode_funcs_get_default();
  const auto gc = hb_unicode_general_category(uf, c);
  static_assert(HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR < (1 << (kScriptShift - kCategoryShift)));
  auto bits = static_cast<std::uint16_t>(kKnown | (static_cast<unsigned>(gc) << kCategoryShift) |
                                         (script_index(hb_unicode_script(uf, c)) << kScriptShift));
  if (gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK) bits |= kNonspacingMark;
  if (c >= 0x300 && (hb_unicode_combining_class(uf, c) != HB_UNICODE_COMBINING_CLASS_NOT_REORDERED ||
                     gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
                     gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
                     gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK)) {
    bits |= kNonStarter;
  }
  // Release: the script's entry in g_scripts is seen by whoever reads these bits.
  if (c < 0x10000) g_bmp[c].store(bits, std::memory_order_release);
  return bits;
}

}  // namespace handout::char_props_detail
