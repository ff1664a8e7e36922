// libhyphen: hyphenation,
// opened when first used (src/core/lazy_library.h). Include this header, never the
// library's own: each function named below is then called through the library's
// table. Add a function the engine starts to use to both lists.
#pragma once

#include <hyphen.h>

#include "core/lazy_library.h"

#define HANDOUT_HYPHEN_FUNCTIONS(X) \
  X(hnj_hyphen_free) \
  X(hnj_hyphen_hyphenate3)

HANDOUT_LAZY_TABLE(Hyphen, HANDOUT_HYPHEN_FUNCTIONS)

#define hnj_hyphen_free (::handout::lazy::get<::handout::lazy::Hyphen>().hnj_hyphen_free)
#define hnj_hyphen_hyphenate3 (::handout::lazy::get<::handout::lazy::Hyphen>().hnj_hyphen_hyphenate3)
HANDOUT_HYPHEN_FUNCTIONS(HANDOUT_LAZY_CHECK)
