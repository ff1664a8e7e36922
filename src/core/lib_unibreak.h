// libunibreak: line break opportunities,
// opened when first used (src/core/lazy_library.h). Include this header, never the
// library's own: each function named below is then called through the library's
// table. Add a function the engine starts to use to both lists.
#pragma once

#include <linebreak.h>
extern "C" {  // linebreakdef.h (libunibreak 1.1) declares its functions without C linkage
#include <linebreakdef.h>
}

#include "core/lazy_library.h"

#define HANDOUT_UNIBREAK_FUNCTIONS(X) \
  X(init_linebreak) \
  X(lb_prop_default) \
  X(lb_prop_lang_map) \
  X(set_linebreaks)

HANDOUT_LAZY_TABLE(Unibreak, HANDOUT_UNIBREAK_FUNCTIONS)

#define init_linebreak (::handout::lazy::get<::handout::lazy::Unibreak>().init_linebreak)
#define lb_prop_default (*::handout::lazy::get<::handout::lazy::Unibreak>().lb_prop_default)
#define lb_prop_lang_map (*::handout::lazy::get<::handout::lazy::Unibreak>().lb_prop_lang_map)
#define set_linebreaks (::handout::lazy::get<::handout::lazy::Unibreak>().set_linebreaks)
HANDOUT_UNIBREAK_FUNCTIONS(HANDOUT_LAZY_CHECK)
