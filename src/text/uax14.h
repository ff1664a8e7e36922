// Break opportunities of UAX #14 (libunibreak), with the classes of ASCII characters looked
// up once: libunibreak 1.1 finds a character's class by scanning its property table range
// by range, about 230 instructions for a letter of the English seed (2.35 M of the render's
// 50 M instructions, callgrind). Each ASCII character goes to libunibreak as the first ASCII
// character of its class (found where its scan ends soonest); libunibreak decides breaks by
// class alone, so the breaks are the same (unit.Uax14 compares them with
// set_linebreaks_utf32's). Other characters go as they are, but for the regional indicators
// (flag letters), on which libunibreak 1.1 aborts: they go as ideographs, with UAX #14's
// LB30a applied after (no break inside a flag's pair).
#pragma once

#include <cstddef>

namespace handout {

/// libunibreak's set_linebreaks_utf32(text, n, lang, brks): LINEBREAK_* for each of the `n`
/// code points of `text` (brks has room for n). `lang` as libunibreak takes it (may be null).
/// Safe to call from several threads; the first call initialises libunibreak.
void uax14_breaks(const char32_t* text, std::size_t n, const char* lang, char* brks);

}  // namespace handout
