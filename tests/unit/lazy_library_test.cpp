// The libraries opened when first used (src/core/lazy_library.h): each table is opened once,
// whichever threads ask at once, and holds the library's own functions.
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "core/lazy_library.h"
#include "core/lib_deflate.h"
#include "core/lib_haru.h"
#include "core/lib_hb_subset.h"
#include "core/lib_hyphen.h"
#include "core/lib_unibreak.h"

namespace handout {
namespace {

template <class Table>
void expect_one_table_from_every_thread() {
  constexpr int kThreads = 8;
  std::vector<const Table*> seen(kThreads, nullptr);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();  // all ask at once
      seen[static_cast<std::size_t>(i)] = &lazy::get<Table>();
    });
  }
  for (auto& t : threads) t.join();
  for (const Table* t : seen) EXPECT_EQ(t, seen.front());
}

TEST(LazyLibrary, EachTableIsOpenedOnceWhateverThreadsAsk) {
  expect_one_table_from_every_thread<lazy::Haru>();
  expect_one_table_from_every_thread<lazy::HarfBuzzSubset>();
  expect_one_table_from_every_thread<lazy::Deflate>();
  expect_one_table_from_every_thread<lazy::Unibreak>();
  expect_one_table_from_every_thread<lazy::Hyphen>();
}

// Every entry of `Table` (each function, or array, the engine names) is what the dynamic
// loader gives linked code for that name, and lives in the library called `library` (an
// array this test program uses directly is copied into the program: its copy is the one).
template <class Table>
void expect_the_librarys_own(const char* library) {
  Table t = lazy::get<Table>();  // a copy, for Table::bind to walk
  int entries = 0;
  Table::bind(t, [&](auto& entry, const char* name) {
    ++entries;
    void* address = reinterpret_cast<void*>(entry);
    EXPECT_EQ(address, ::dlsym(RTLD_DEFAULT, name)) << name;
    Dl_info info{};
    ASSERT_NE(::dladdr(address, &info), 0) << name;
    Dl_info program{};
    ASSERT_NE(::dladdr(reinterpret_cast<void*>(&expect_the_librarys_own<Table>), &program), 0);
    if (std::strcmp(info.dli_fname, program.dli_fname) == 0) return;
    EXPECT_NE(std::strstr(info.dli_fname, library), nullptr) << name << " is in " << info.dli_fname;
  });
  EXPECT_GT(entries, 0);
}

TEST(LazyLibrary, TablesHoldTheLibrariesOwnFunctions) {
  expect_the_librarys_own<lazy::Haru>("libhpdf");
  expect_the_librarys_own<lazy::HarfBuzzSubset>("libharfbuzz-subset");
  expect_the_librarys_own<lazy::Deflate>("libdeflate");
  expect_the_librarys_own<lazy::Unibreak>("libunibreak");
  expect_the_librarys_own<lazy::Hyphen>("libhyphen");
  // Called through the table as the engine calls them: a document made and freed.
  HPDF_Doc pdf = HPDF_New(nullptr, nullptr);
  ASSERT_NE(pdf, nullptr);
  EXPECT_NE(HPDF_AddPage(pdf), nullptr);
  HPDF_Free(pdf);
}

}  // namespace
}  // namespace handout
