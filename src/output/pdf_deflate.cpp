#include "output/pdf_deflate.h"

#include <libdeflate.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace handout {

namespace {

struct CompressorDeleter {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
using Compressor = std::unique_ptr<libdeflate_compressor, CompressorDeleter>;

// This thread's compressor for `level` (a batch worker keeps its own: no lock, no sharing).
libdeflate_compressor* compressor(int level) {
  thread_local std::array<Compressor, 13> by_level;
  if (level < 1 || level > 12) level = kPdfDeflateLevel;
  auto& slot = by_level[static_cast<std::size_t>(level)];
  if (!slot) {
    slot.reset(libdeflate_alloc_compressor(level));
    if (!slot) throw std::bad_alloc();
  }
  return slot.get();
}

}  // namespace

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

bool unpack_bytes(std::string_view packed, std::size_t size, std::string& out) {
  struct DecompressorDeleter {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  thread_local std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(libdeflate_alloc_decompressor());
  if (!d) throw std::bad_alloc();
  out.resize(size);
  std::size_t got = 0;
  return libdeflate_deflate_decompress(d.get(), packed.data(), packed.size(), out.data(), size, &got) ==
             LIBDEFLATE_SUCCESS &&
         got == size;
}

std::string deflate_bytes(std::string_view data, int level) {
  std::string out;
  deflate_append(data, out, level);
  return out;
}

}  // namespace handout
