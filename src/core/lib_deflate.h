// libdeflate: compressed streams,
// opened when first used (src/core/lazy_library.h). Include this header, never the
// library's own: each function named below is then called through the library's
// table. Add a function the engine starts to use to both lists.
#pragma once

#include <libdeflate.h>

#include "core/lazy_library.h"

#define HANDOUT_DEFLATE_FUNCTIONS(X) \
  X(libdeflate_adler32) \
  X(libdeflate_alloc_compressor) \
  X(libdeflate_alloc_decompressor) \
  X(libdeflate_crc32) \
  X(libdeflate_deflate_compress) \
  X(libdeflate_deflate_compress_bound) \
  X(libdeflate_deflate_decompress) \
  X(libdeflate_free_compressor) \
  X(libdeflate_free_decompressor) \
  X(libdeflate_set_memory_allocator) \
  X(libdeflate_zlib_compress) \
  X(libdeflate_zlib_compress_bound) \
  X(libdeflate_zlib_decompress_ex)

HANDOUT_LAZY_TABLE(Deflate, HANDOUT_DEFLATE_FUNCTIONS)

#define libdeflate_adler32 (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_adler32)
#define libdeflate_alloc_compressor (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_alloc_compressor)
#define libdeflate_alloc_decompressor (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_alloc_decompressor)
#define libdeflate_crc32 (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_crc32)
#define libdeflate_deflate_compress (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_deflate_compress)
#define libdeflate_deflate_compress_bound (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_deflate_compress_bound)
#define libdeflate_deflate_decompress (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_deflate_decompress)
#define libdeflate_free_compressor (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_free_compressor)
#define libdeflate_free_decompressor (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_free_decompressor)
#define libdeflate_set_memory_allocator (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_set_memory_allocator)
#define libdeflate_zlib_compress (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_zlib_compress)
#define libdeflate_zlib_compress_bound (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_zlib_compress_bound)
#define libdeflate_zlib_decompress_ex (::handout::lazy::get<::handout::lazy::Deflate>().libdeflate_zlib_decompress_ex)
HANDOUT_DEFLATE_FUNCTIONS(HANDOUT_LAZY_CHECK)
