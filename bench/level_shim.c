/* Preloaded by bench/deflate_levels.sh: a libdeflate compressor asked for at level 6 (page
 * content, the only user of 6) or 1 (object streams, with the fonts, CMaps and the
 * cross-reference stream) is made at the level in HANDOUT_LEVEL_6 or HANDOUT_LEVEL_1 instead,
 * so every level can be measured without a rebuild. Measurement only; never linked into the
 * product. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>

struct libdeflate_compressor;

struct libdeflate_compressor *libdeflate_alloc_compressor(int level) {
  typedef struct libdeflate_compressor *(*alloc_fn)(int);
  static alloc_fn real;
  if (!real) real = (alloc_fn)dlsym(RTLD_NEXT, "libdeflate_alloc_compressor");
  const char *to = level == 6 ? getenv("HANDOUT_LEVEL_6") : level == 1 ? getenv("HANDOUT_LEVEL_1") : NULL;
  return real(to && *to ? atoi(to) : level);
}
