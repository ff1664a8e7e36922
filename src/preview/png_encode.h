// A fast PNG writer for page previews: pages are mostly runs of white and rows that repeat
// the row above, with anti-aliased glyph edges between them. The encoder finds exactly those
// two kinds of repeats (the previous pixel, the pixel above) and writes one deflate block
// with the fixed Huffman codes, which needs no search, no hash tables and no second pass.
// A row equal to the one above (blank rows, mostly; the painter says which rows it left
// white, so those are not even read) is one fixed run of row-distance matches. In other
// rows, bit maps of the bytes equal to the byte above and to the previous pixel's (16 bytes
// compared at once) say 64 positions at a time where repeats of 4 bytes or more start and
// how far they go (a shorter one costs more instructions as a match than as literals), so
// only the bytes unlike both neighbours are handled one by one, as literals, two bytes a
// table lookup. The painter also says which columns of a row it drew on: outside them (and
// those of the row above) the row is white, so it is neither compared nor summed.
// Measured on the seed's page 1 at 96 dpi (794 x 1123, RGB; bench_preview.cpp): about 3.5x
// faster than libpng with zlib at its fastest level, for a file about 1.9x larger (170 ->
// 320-328 KB); callgrind: 9.2 M -> 8.3 M instructions an encode with the bit maps, then about
// 6 M with the columns drawn on, the literal pairs and 4-byte repeats (bench/instr_preview.sh).
#pragma once

#include <cstddef>
#include <string>

namespace handout {

/// A complete PNG file (8-bit greyscale when `channels` is 1, 8-bit RGB when 3) of
/// `width` x `height` pixels stored row by row without padding in `pixels`. `inked`, when
/// given, has a byte per row, 0 for a row known to be all white (255): such a row below
/// another one is written without reading it. `ink_begin` and `ink_end`, when given with
/// `inked`, say per inked row the pixels [begin, end) outside which it is white: the rest of
/// the row is neither compared nor summed.
[[nodiscard]] std::string png_file(const unsigned char* pixels, int width, int height, int channels,
                                   const unsigned char* inked = nullptr, const int* ink_begin = nullptr,
                                   const int* ink_end = nullptr);

/// `rows` rows of `row_bytes` bytes (pixels of `pixel_bytes`) at `pixels`, each behind a
/// PNG filter byte 0, as a zlib stream that any inflater reads: one final deflate block
/// with fixed Huffman codes, whose matches repeat the previous pixel or the byte one row
/// above (a row equal to the one above is a run of those). Exposed for its unit test.
[[nodiscard]] std::string deflate_image_rows(const unsigned char* pixels, std::size_t row_bytes, std::size_t rows,
                                             std::size_t pixel_bytes, const unsigned char* inked = nullptr,
                                             const int* ink_begin = nullptr, const int* ink_end = nullptr);

}  // namespace handout
