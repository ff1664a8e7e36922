#include "text/uax14.h"

#include "core/lib_unibreak.h"

#include <array>

namespace handout {

namespace {

// What each ASCII character is handed to libunibreak as: the first ASCII character of its
// class in libunibreak's default table. Identity when a language's own table (which
// libunibreak looks in first) names an ASCII character: then its class could depend on the
// language, and nothing is replaced.
struct AsciiStandIns {
  std::array<utf32_t, 128> as{};
};

AsciiStandIns make_stand_ins() {
  AsciiStandIns s;
  for (utf32_t c = 0; c < 128; ++c) s.as[c] = c;
  for (const LineBreakPropertiesLang* l = lb_prop_lang_map; l->lang != nullptr; ++l) {
    for (const LineBreakProperties* p = l->lbp; p->prop != LBP_Undefined; ++p) {
      if (p->start < 128) return s;
    }
  }
  std::array<int, 128> cls{};
  cls.fill(-1);
  for (const LineBreakProperties* p = lb_prop_default; p->prop != LBP_Undefined && p->start < 128; ++p) {
    for (utf32_t c = p->start; c <= p->end && c < 128; ++c) {
      if (cls[c] < 0) cls[c] = p->prop;
    }
  }
  for (utf32_t c = 0; c < 128; ++c) {
    if (cls[c] < 0) continue;  // not in the table: left as it is
    for (utf32_t first = 0; first < c; ++first) {
      if (cls[first] == cls[c]) {
        s.as[c] = first;
        break;
      }
    }
  }
  return s;
}

// Set once, inside the first uax14_breaks call's initialisation of the stand-ins; every
// later reader has passed that initialisation (a function-local static), so it sees it.
const AsciiStandIns* g_stand_ins = nullptr;

// Built once per process, with libunibreak's own initialisation (not safe to run twice at once).
void init_once() {
  static const bool done = [] {
    init_linebreak();
    static const AsciiStandIns s = make_stand_ins();
    g_stand_ins = &s;
    return true;
  }();
  (void)done;
}

bool is_regional_indicator(char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

// A regional indicator (class RI, two of which make a flag) goes as an ideograph (class ID):
// libunibreak 1.1 lists RI in its table but stops on an assertion when it meets one
// (linebreak.c, `lbcNew <= LBP_JT`), killing the process. ID breaks on both sides as UAX #14's
// LB31 does around RI; the rule that keeps a flag's two letters together (LB30a) is applied
// afterwards, in uax14_breaks.
constexpr utf32_t kRegionalIndicatorStandIn = 0x4E00;

utf32_t next_char(const void* text, size_t len, size_t* at) {
  if (*at >= len) return EOS;
  const utf32_t c = static_cast<const utf32_t*>(text)[(*at)++];
  if (c < 128) return g_stand_ins->as[c];
  return is_regional_indicator(c) ? kRegionalIndicatorStandIn : c;
}

}  // namespace

void uax14_breaks(const char32_t* text, std::size_t n, const char* lang, char* brks) {
  static_assert(sizeof(char32_t) == sizeof(utf32_t));
  init_once();  // libunibreak and the stand-ins, before their first use
  set_linebreaks(text, n, lang, brks, next_char);
  // LB30a: in a run of regional indicators, no break inside each pair (a flag), counted from
  // the run's start; a break stays allowed between two flags.
  for (std::size_t i = 0; i < n;) {
    if (!is_regional_indicator(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < n && is_regional_indicator(text[end])) ++end;
    for (std::size_t k = i; k + 1 < end; k += 2) brks[k] = LINEBREAK_NOBREAK;
    i = end;
  }
}

}  // namespace handout
