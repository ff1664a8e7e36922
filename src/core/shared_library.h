// Debian libraries the engine needs only on some paths (ICU for unlisted language tags,
// libunistring for character names in messages, libjpeg for previews of JPEG pictures,
// libqrencode for QR codes), opened with dlopen when first used instead of being loaded and
// relocated by every process at start-up.
#pragma once

#include <dlfcn.h>

namespace handout {

/// Opens the library named `soname` (its SONAME, e.g. "libjpeg.so.62"); null when it is not
/// installed. Callers keep the handle (libraries opened here are never closed).
[[nodiscard]] inline void* open_shared_library(const char* soname) {
  return ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
}

/// Points `fn` at the function `name` of `library`; false (and `fn` null) when it has none.
template <class Fn>
bool bind_function(void* library, Fn& fn, const char* name) {
  fn = reinterpret_cast<Fn>(::dlsym(library, name));
  return fn != nullptr;
}

/// The table of functions `Table` filled from the library `soname`: `bind(table, get)` calls
/// get(table.member, "function_name") for each member. Null when the library or any of the
/// functions is missing. Call it once per Table (from a function-local static): the table
/// lives as long as the process.
template <class Table, class Bind>
const Table* load_function_table(const char* soname, Bind bind) {
  void* library = open_shared_library(soname);
  if (!library) return nullptr;
  static Table table;
  bool ok = true;
  bind(table, [&](auto& fn, const char* name) { ok = bind_function(library, fn, name) && ok; });
  return ok ? &table : nullptr;
}

}  // namespace handout
