#include "core/lazy_library.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <type_traits>

#include "core/lib_deflate.h"
#include "core/lib_haru.h"
#include "core/lib_hb_subset.h"
#include "core/lib_hyphen.h"
#include "core/lib_unibreak.h"

namespace handout::lazy {

namespace {

// The name each library is opened by: its SONAME where handout was built (CMakeLists.txt).
template <class Table>
constexpr const char* kSoname = nullptr;
template <>
constexpr const char* kSoname<HarfBuzzSubset> = HANDOUT_SONAME_HARFBUZZ_SUBSET;
template <>
constexpr const char* kSoname<Unibreak> = HANDOUT_SONAME_UNIBREAK;
template <>
constexpr const char* kSoname<Hyphen> = HANDOUT_SONAME_HYPHEN;
template <>
constexpr const char* kSoname<Deflate> = HANDOUT_SONAME_DEFLATE;
template <>
constexpr const char* kSoname<Haru> = HANDOUT_SONAME_HARU;

[[noreturn]] void cannot_load(const char* soname, const char* what) {
  std::fprintf(stderr, "handout: cannot load %s: %s (is its Debian package installed?)\n", soname,
               what ? what : "unknown error");
  std::fflush(stderr);
  std::_Exit(127);  // as the dynamic loader exits when a library is missing
}

template <class Table>
struct Holder {
  static inline Table table;
  static inline std::atomic<bool> claimed{false};
};

}  // namespace

template <class Table>
const Table& load() {
  if (!Holder<Table>::claimed.exchange(true, std::memory_order_acq_rel)) {
    const char* soname = kSoname<Table>;
    // Global, and each function looked up as the dynamic loader looks up a linked one: a
    // preloaded library (LD_PRELOAD) still answers first, as bench/level_shim.c does.
    if (!::dlopen(soname, RTLD_LAZY | RTLD_GLOBAL)) cannot_load(soname, ::dlerror());
    Table& t = Holder<Table>::table;
    Table::bind(t, [&](auto& fn, const char* name) {
      void* address = ::dlsym(RTLD_DEFAULT, name);
      if (!address) cannot_load(soname, ::dlerror());
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(address);
    });
    Loaded<Table>::table.store(&t, std::memory_order_release);
    return t;
  }
  // Another thread is opening it (a render's second thread, which opens them as it starts):
  // waited for without sleeping. A thread that sleeps is woken a while after the other is
  // done (0.3-0.4 ms on the machines measured: waking an idle CPU), and this one has nothing
  // else to do meanwhile.
  const Table* t = nullptr;
  while ((t = Loaded<Table>::table.load(std::memory_order_acquire)) == nullptr) std::this_thread::yield();
  return *t;
}

template const HarfBuzzSubset& load<HarfBuzzSubset>();
template const Unibreak& load<Unibreak>();
template const Hyphen& load<Hyphen>();
template const Deflate& load<Deflate>();
template const Haru& load<Haru>();

void preload_libraries(Preload which) {
  if (which == Preload::kLayout) {
    (void)get<Unibreak>();  // the line breaks of the article's first paragraph
    return;
  }
  // Deflating, the PDF's objects, the fonts' subsets. (libhyphen is opened by the
  // hyphenator's warm-up, when a language has a dictionary.)
  (void)get<Deflate>();
  (void)get<Haru>();
  (void)get<HarfBuzzSubset>();
}

}  // namespace handout::lazy
