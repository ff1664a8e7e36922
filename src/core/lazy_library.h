// The Debian libraries a render needs only once it lays out and writes (libharu, hb-subset,
// libdeflate, libunibreak, libhyphen), opened with dlopen when first used instead of by the
// dynamic loader before main(): loaded at start they cost every process about 0.3 ms (an
// empty program linked with every library of a render: 1.86 ms; without these: 1.53 ms),
// which a render's second thread now pays while the first reads the article and shapes
// (`handout render` gives its lane preload_libraries()). A process that never
// renders (`--version`, `--help`) never loads them. HarfBuzz, FreeType and FriBidi stay
// linked: an article's first characters need them (and HarfBuzz brings FreeType, libpng and
// zlib with it anyway).
//
// Each library has a header, core/lib_NAME.h, that includes the library's own headers, lists
// the functions the engine calls, and redirects each of them (a macro of the same name) to a
// table filled by dlsym: code calls HPDF_New(...) as before. The programs are not linked with
// these libraries, so a call that is not redirected fails to link.
#pragma once

#include <atomic>
#include <string_view>

namespace handout::lazy {

/// The table `Table` (one of core/lib_*.h), its library opened and its functions bound on
/// the first call (by whichever thread; another waits for it). A library that cannot be opened, or
/// lacks a function, ends the process with a message (as the dynamic loader would have).
template <class Table>
const Table& load();

template <class Table>
struct Loaded {
  static inline std::atomic<const Table*> table{nullptr};
};

template <class Table>
inline const Table& get() {
  if (const Table* t = Loaded<Table>::table.load(std::memory_order_acquire)) [[likely]] {
    return *t;
  }
  return load<Table>();
}

/// Opens the libraries layout needs (kLayout: libunibreak) or the writer (kWriter: libdeflate,
/// libharu, hb-subset). libhyphen is opened by its first use.
enum class Preload { kLayout, kWriter };
void preload_libraries(Preload which);

}  // namespace handout::lazy

// The pieces of core/lib_*.h. A table, from the list of its library's functions (before they
// are redirected): a member for each, and bind(table, b), which calls b(member, "name") for each.
#define HANDOUT_LAZY_MEMBER(name) decltype(&::name) name = nullptr;
#define HANDOUT_LAZY_BIND(name) b(t.name, #name);
#define HANDOUT_LAZY_TABLE(Table, LIST)      \
  namespace handout::lazy {                  \
  struct Table {                             \
    LIST(HANDOUT_LAZY_MEMBER)                \
    template <class Bind>                    \
    static void bind(Table& t, Bind&& b) {   \
      LIST(HANDOUT_LAZY_BIND)                \
    }                                        \
  };                                         \
  }
#define HANDOUT_LAZY_STRING_(x) #x
#define HANDOUT_LAZY_STRING(x) HANDOUT_LAZY_STRING_(x)
// Every listed name is a macro (its expansion differs from its name): listed but not
// redirected would call the library directly.
#define HANDOUT_LAZY_CHECK(name) \
  static_assert(std::string_view(#name) != std::string_view(HANDOUT_LAZY_STRING(name)), #name " is not redirected");
