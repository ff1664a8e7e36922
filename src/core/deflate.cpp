#include "core/deflate.h"

#include "core/lib_deflate.h"

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace handout {

namespace {

// A thread's compressors share one block of memory. A compressor for levels 2 to 9 is 668 KB
// (libdeflate 1.14), and compressing fills 192 KB of hash tables. Each level's own block would
// be fresh pages. A seed render uses levels 4, 5, 6, 7 and 8. Their blocks cost 250-300 page
// faults (perf record -e page-faults), a third of the process's. So a thread keeps one
// compressor: a new level frees it, and its block (already touched) holds the next one.
// libdeflate takes one allocator for the whole process. For any other allocation, ours is
// malloc and free, so another libdeflate user in the process is served as before.
struct ThreadBlock {
  void* block = nullptr;  // this thread's kept block, or null
  std::size_t size = 0;
  bool in_use = false;
  bool thread_ending = false;  // freed once its compressor is
  std::size_t blocks_made = 0;
};
thread_local ThreadBlock tl_block;  // trivially destructible: readable while the thread ends

constexpr std::size_t kKeptBlockMin = 64 * 1024;  // decompressors (11 KB) stay plain malloc

// A block readied by one thread for another's first compressor (ready_deflate_block): its
// pages touched already. Process-wide, one at most; plain static storage, never destroyed,
// so a block nobody took is still held at exit (and not reported as leaked).
struct ReadyBlock {
  void* block = nullptr;
  std::size_t size = 0;
};
std::mutex g_ready_mutex;
ReadyBlock g_ready;  // under g_ready_mutex

// The readied block if it has at least `n` bytes, or null.
void* take_ready(std::size_t n, std::size_t& size) {
  std::lock_guard lock(g_ready_mutex);
  if (!g_ready.block || g_ready.size < n) return nullptr;
  void* b = g_ready.block;
  size = g_ready.size;
  g_ready = ReadyBlock{};
  return b;
}

void* allocate(std::size_t n) {
  ThreadBlock& t = tl_block;
  if (n < kKeptBlockMin || t.in_use || t.thread_ending) return std::malloc(n);
  if (t.block && t.size < n) {
    std::free(t.block);
    t.block = nullptr;
  }
  if (!t.block) {
    t.block = take_ready(n, t.size);
    if (!t.block) {
      t.block = std::malloc(n);
      if (!t.block) return nullptr;
      t.size = n;
    }
    ++t.blocks_made;
  }
  t.in_use = true;
  return t.block;
}

void release(void* p) {
  ThreadBlock& t = tl_block;
  if (p && p == t.block) {
    t.in_use = false;
    if (t.thread_ending) {
      std::free(t.block);
      t.block = nullptr;
    }
    return;
  }
  std::free(p);
}

struct ThreadBlockOwner {
  ~ThreadBlockOwner() {
    ThreadBlock& t = tl_block;
    t.thread_ending = true;
    if (!t.in_use) {
      std::free(t.block);
      t.block = nullptr;
    }
  }
};

struct CompressorDeleter {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
using Compressor = std::unique_ptr<libdeflate_compressor, CompressorDeleter>;

// Our allocator, installed before this process's first compressor or decompressor.
void use_kept_blocks() {
  static std::once_flag allocator_set;
  std::call_once(allocator_set, [] { libdeflate_set_memory_allocator(allocate, release); });
}

// This thread's compressor for `level` (a batch worker keeps its own: no lock, no sharing).
libdeflate_compressor* compressor(int level) {
  use_kept_blocks();
  thread_local ThreadBlockOwner owner;  // made before `current`, so destroyed after it
  thread_local Compressor current;
  thread_local int current_level = 0;
  if (level < 1 || level > 12) level = kDefaultDeflateLevel;
  if (!current || current_level != level) {
    current.reset();  // first: its block holds the next one
    current.reset(libdeflate_alloc_compressor(level));
    if (!current) throw std::bad_alloc();
    current_level = level;
  }
  return current.get();
}

}  // namespace

std::size_t deflate_blocks_made() { return tl_block.blocks_made; }

std::size_t deflate_blocks_ready() {
  std::lock_guard lock(g_ready_mutex);
  return g_ready.block ? 1 : 0;
}

void ready_deflate_block(int level) {
  {
    std::lock_guard lock(g_ready_mutex);
    if (g_ready.block) return;  // one is waiting already
  }
  use_kept_blocks();
  // This thread's block set aside, so that the compressor made here gets a block of its own,
  // which one small compression touches (libdeflate clears its hash tables for each).
  ThreadBlock& t = tl_block;
  if (t.in_use || t.thread_ending) return;
  const ThreadBlock kept = t;
  t = ThreadBlock{};
  {
    Compressor c(libdeflate_alloc_compressor(level));
    if (c) {
      const char in[64] = {};
      char out[256];
      (void)libdeflate_zlib_compress(c.get(), in, sizeof in, out, sizeof out);
    }
  }
  const ReadyBlock made{t.block, t.size};
  t = kept;
  if (!made.block) return;
  std::lock_guard lock(g_ready_mutex);
  if (g_ready.block) {
    std::free(made.block);  // another thread readied one meanwhile
    return;
  }
  g_ready = made;
}

void deflate_append(std::string_view data, std::string& out, int level) {
  libdeflate_compressor* c = compressor(level);
  const std::size_t start = out.size();
  out.resize(start + libdeflate_zlib_compress_bound(c, data.size()));
  const std::size_t n = libdeflate_zlib_compress(c, data.data(), data.size(), out.data() + start, out.size() - start);
  // The bound always fits; 0 would mean it did not.
  if (n == 0) throw std::logic_error("libdeflate: output larger than its bound");
  out.resize(start + n);
}

void pack_bytes(std::string_view data, std::string& out) {
  libdeflate_compressor* c = compressor(kPackLevel);
  out.resize(libdeflate_deflate_compress_bound(c, data.size()));
  const std::size_t n = libdeflate_deflate_compress(c, data.data(), data.size(), out.data(), out.size());
  if (n == 0) throw std::logic_error("libdeflate: output larger than its bound");
  out.resize(n);
}

namespace {

// This thread's decompressor (it keeps no state between calls).
libdeflate_decompressor* decompressor() {
  struct DecompressorDeleter {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  use_kept_blocks();
  thread_local std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(libdeflate_alloc_decompressor());
  if (!d) throw std::bad_alloc();
  return d.get();
}

}  // namespace

bool unpack_bytes(std::string_view packed, std::size_t size, std::string& out) {
  libdeflate_decompressor* d = decompressor();
  out.resize(size);
  std::size_t got = 0;
  return libdeflate_deflate_decompress(d, packed.data(), packed.size(), out.data(), size, &got) ==
             LIBDEFLATE_SUCCESS &&
         got == size;
}

bool inflate_zlib(std::string_view zlib, std::size_t size, std::string& out) {
  libdeflate_decompressor* d = decompressor();
  out.resize(size);
  std::size_t read = 0, got = 0;
  return libdeflate_zlib_decompress_ex(d, zlib.data(), zlib.size(), out.data(), size, &read, &got) ==
             LIBDEFLATE_SUCCESS &&
         read == zlib.size() && got == size;
}

std::string deflate_bytes(std::string_view data, int level) {
  std::string out;
  deflate_append(data, out, level);
  return out;
}

}  // namespace handout
