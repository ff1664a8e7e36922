#include "preview/png_encode.h"

#include <libdeflate.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace handout {

namespace {

// Deflate's limits (RFC 1951): matches of 3..258 bytes, at distances of 1..32768.
constexpr std::size_t kMinMatch = 3;
constexpr std::size_t kMaxMatch = 258;
constexpr std::size_t kMaxDistance = 32768;

// Bits are appended least significant first, as deflate packs them, into a buffer sized for
// the worst case beforehand (so the hot path has no capacity check).
class BitWriter {
 public:
  explicit BitWriter(unsigned char* out) : out_(out) {}
  void put(std::uint32_t value, int bits) {
    acc_ |= static_cast<std::uint64_t>(value) << count_;
    count_ += bits;
    if (count_ >= 32) {
      out_[0] = static_cast<unsigned char>(acc_);
      out_[1] = static_cast<unsigned char>(acc_ >> 8);
      out_[2] = static_cast<unsigned char>(acc_ >> 16);
      out_[3] = static_cast<unsigned char>(acc_ >> 24);
      out_ += 4;
      acc_ >>= 32;
      count_ -= 32;
    }
  }
  // Writes the last partial byte; returns the end of what was written.
  unsigned char* finish() {
    for (; count_ > 0; count_ -= 8) {
      *out_++ = static_cast<unsigned char>(acc_);
      acc_ >>= 8;
    }
    count_ = 0;
    return out_;
  }

 private:
  unsigned char* out_;
  std::uint64_t acc_ = 0;
  int count_ = 0;
};

std::uint32_t reversed(std::uint32_t code, int bits) {
  std::uint32_t r = 0;
  for (int i = 0; i < bits; ++i, code >>= 1) r = (r << 1) | (code & 1U);
  return r;
}

// The fixed literal/length code (RFC 1951, 3.2.6), bit-reversed for the writer; and for each
// match length its code, extra bits and their value, all in one lookup.
struct FixedCodes {
  std::array<std::uint16_t, 288> code{};
  std::array<std::uint8_t, 288> length{};
  struct Length {
    std::uint16_t symbol;
    std::uint8_t extra_bits;
    std::uint16_t extra;
  };
  std::array<Length, kMaxMatch + 1> by_length{};

  FixedCodes() {
    for (int s = 0; s < 288; ++s) {
      int bits = 8;
      int value = 0;
      if (s < 144) {
        value = 0x30 + s;
      } else if (s < 256) {
        bits = 9;
        value = 0x190 + s - 144;
      } else if (s < 280) {
        bits = 7;
        value = s - 256;
      } else {
        value = 0xC0 + s - 280;
      }
      length[s] = static_cast<std::uint8_t>(bits);
      code[s] = static_cast<std::uint16_t>(reversed(static_cast<std::uint32_t>(value), bits));
    }
    static constexpr std::array<int, 29> base = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                                 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    static constexpr std::array<int, 29> extra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                  2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    for (std::size_t len = kMinMatch; len <= kMaxMatch; ++len) {
      std::size_t i = base.size() - 1;
      while (static_cast<std::size_t>(base[i]) > len) --i;
      by_length[len] = {static_cast<std::uint16_t>(257 + i), static_cast<std::uint8_t>(extra[i]),
                        static_cast<std::uint16_t>(len - static_cast<std::size_t>(base[i]))};
    }
  }
};

const FixedCodes& fixed_codes() {
  static const FixedCodes codes;
  return codes;
}

// A distance's 5-bit code (bit-reversed) and extra bits.
struct Distance {
  std::uint32_t code;
  int extra_bits;
  std::uint32_t extra;
};

Distance distance_code(std::size_t distance) {
  static constexpr std::array<std::size_t, 30> base = {1,    2,    3,    4,    5,    7,     9,     13,    17,  25,
                                                       33,   49,   65,   97,   129,  193,   257,   385,   513, 769,
                                                       1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
  std::size_t i = base.size() - 1;
  while (base[i] > distance) --i;
  return {reversed(static_cast<std::uint32_t>(i), 5), static_cast<int>(i < 4 ? 0 : i / 2 - 1),
          static_cast<std::uint32_t>(distance - base[i])};
}

// How many of the first `limit` bytes of `a` and `b` are equal, eight at a time.
std::size_t common_prefix(const unsigned char* a, const unsigned char* b, std::size_t limit) {
  std::size_t n = 0;
  for (; n + 8 <= limit; n += 8) {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a + n, 8);
    std::memcpy(&y, b + n, 8);
    if (x != y) {
      if constexpr (std::endian::native == std::endian::little) {
        return n + static_cast<std::size_t>(std::countr_zero(x ^ y) / 8);  // the first differing byte
      }
      break;
    }
  }
  while (n < limit && a[n] == b[n]) ++n;
  return n;
}

bool starts_match(const unsigned char* p, std::size_t distance) {
  return p[0] == p[-static_cast<std::ptrdiff_t>(distance)] && p[1] == p[1 - static_cast<std::ptrdiff_t>(distance)] &&
         p[2] == p[2 - static_cast<std::ptrdiff_t>(distance)];
}

void put_u32_be(unsigned char* out, std::uint32_t v) {
  out[0] = static_cast<unsigned char>(v >> 24);
  out[1] = static_cast<unsigned char>(v >> 16);
  out[2] = static_cast<unsigned char>(v >> 8);
  out[3] = static_cast<unsigned char>(v);
}

// The Adler-32 of a row of `n` bytes of 255 behind a filter byte 0, continued from `adler`
// (RFC 1950: a is 1 plus the bytes' sum, b the sum of the a's, both modulo 65521).
std::uint32_t adler32_white_row(std::uint32_t adler, std::size_t n) {
  constexpr std::uint64_t kMod = 65521;
  const std::uint64_t a = adler & 0xFFFFU;
  const std::uint64_t b = adler >> 16;
  const std::uint64_t m = n % kMod;
  const std::uint64_t a2 = (a + 255 * m) % kMod;
  // The filter byte adds a to b; then the k-th 255 adds a + 255 k.
  const std::uint64_t sum = (n % 2 == 0 ? (n / 2 % kMod) * ((n + 1) % kMod) : (n % kMod) * ((n + 1) / 2 % kMod)) % kMod;
  const std::uint64_t b2 = (b + a * ((n + 1) % kMod) + 255 * sum) % kMod;
  return static_cast<std::uint32_t>((b2 << 16) | a2);
}

// The bits of a row that repeats the row above: matches of up to 258 bytes at the distance of
// a row, each one code (at most 7 + 5 + 5 + 13 bits) put at once.
struct RowRepeat {
  struct Piece {
    std::uint32_t value;
    int bits;
  };
  std::vector<Piece> pieces;
};

RowRepeat row_repeat(const FixedCodes& codes, const Distance& above, std::size_t row_bytes) {
  RowRepeat out;
  for (std::size_t left = row_bytes; left >= kMinMatch;) {
    std::size_t n = std::min(kMaxMatch, left);
    if (left - n > 0 && left - n < kMinMatch) n = left - kMinMatch;  // no 1- or 2-byte tail
    const FixedCodes::Length& len = codes.by_length[n];
    std::uint32_t value = codes.code[len.symbol];
    int bits = codes.length[len.symbol];
    value |= static_cast<std::uint32_t>(len.extra) << bits;
    bits += len.extra_bits;
    value |= above.code << bits;
    bits += 5;
    value |= above.extra << bits;
    bits += above.extra_bits;
    out.pieces.push_back({value, bits});
    left -= n;
  }
  return out;
}

// The worst case of deflate_rows: every byte a 9-bit literal, plus the headers, the end code
// and the Adler-32.
std::size_t deflate_bound(std::size_t row_bytes, std::size_t rows) { return 2 + (rows * (row_bytes + 1) * 9 + 7) / 8 + 16 + 4; }

// Writes the zlib stream of deflate_image_rows at `out` (deflate_bound bytes of room); returns
// its end. kPixelBytes is pixel_bytes when it is 1 or 3 (grey, RGB: the compiler knows it
// then), else 0.
template <std::size_t kPixelBytes>
unsigned char* deflate_rows(unsigned char* out, const unsigned char* pixels, std::size_t row_bytes, std::size_t rows,
                            std::size_t pixel_bytes_given, const unsigned char* inked) {
  const std::size_t pixel_bytes = kPixelBytes != 0 ? kPixelBytes : pixel_bytes_given;
  const FixedCodes& codes = fixed_codes();
  // The data deflated is each row behind its filter byte (0: none), so a byte's neighbour
  // above is row_bytes + 1 back in the stream. Matches stay inside their row: the filter
  // byte is a literal.
  const std::size_t stride = row_bytes + 1;
  const bool use_above = stride <= kMaxDistance;
  const bool use_left = pixel_bytes >= 1 && pixel_bytes <= kMaxDistance;
  const Distance above = distance_code(use_above ? stride : 1);
  const Distance left = distance_code(use_left ? pixel_bytes : 1);
  const RowRepeat repeat = use_above && row_bytes >= kMinMatch ? row_repeat(codes, above, row_bytes) : RowRepeat{};
  out[0] = 0x78;  // zlib header: deflate, 32 KB window,
  out[1] = 0x01;  // fastest-compression flag, check bits
  BitWriter bits(out + 2);
  bits.put(1, 1);  // the final block
  bits.put(1, 2);  // fixed Huffman codes
  std::uint32_t adler = 1;
  static constexpr unsigned char kNoFilter = 0;
  for (std::size_t y = 0; y < rows; ++y) {
    const unsigned char* row = pixels + y * row_bytes;
    bits.put(codes.code[kNoFilter], codes.length[kNoFilter]);
    const unsigned char* up = y > 0 && use_above ? row - row_bytes : nullptr;
    // A row like the one above (blank rows, mostly): its repeat, without a search.
    const bool white = inked != nullptr && y > 0 && inked[y] == 0 && inked[y - 1] == 0;
    if (up != nullptr && !repeat.pieces.empty() && (white || std::memcmp(row, up, row_bytes) == 0)) {
      for (const RowRepeat::Piece& piece : repeat.pieces) bits.put(piece.value, piece.bits);
      adler = white ? adler32_white_row(adler, row_bytes)
                    : libdeflate_adler32(libdeflate_adler32(adler, &kNoFilter, 1), row, row_bytes);
      continue;
    }
    adler = libdeflate_adler32(adler, &kNoFilter, 1);
    adler = libdeflate_adler32(adler, row, row_bytes);
    std::size_t x = 0;
    std::size_t phase = 0;  // x % pixel_bytes
    while (x < row_bytes) {
      const std::size_t limit = std::min(kMaxMatch, row_bytes - x);
      const unsigned char* p = row + x;
      std::size_t best = 0;
      const Distance* how = nullptr;
      if (limit >= kMinMatch) {
        if (up != nullptr && p[0] == up[x] && p[1] == up[x + 1] && p[2] == up[x + 2]) {
          best = common_prefix(p, up + x, limit);
          how = &above;
        }
        if (use_left && best < limit && x >= pixel_bytes && starts_match(p, pixel_bytes)) {
          const std::size_t n = common_prefix(p, p - pixel_bytes, limit);
          if (n > best) {
            best = n;
            how = &left;
          }
        }
      }
      if (how == nullptr) {
        // No repeat here: the rest of this pixel goes out as literals without looking for
        // a repeat that starts inside it (rare on a page).
        const std::size_t n = std::min(pixel_bytes - phase, row_bytes - x);
        if (kPixelBytes == 3 && n == 3) {  // an RGB pixel: its three codes (at most 27 bits) put at once
          const int a = codes.length[p[0]], b = codes.length[p[1]];
          bits.put(codes.code[p[0]] | (std::uint32_t{codes.code[p[1]]} << a) | (std::uint32_t{codes.code[p[2]]} << (a + b)),
                   a + b + codes.length[p[2]]);
        } else {
          for (std::size_t k = 0; k < n; ++k) bits.put(codes.code[p[k]], codes.length[p[k]]);
        }
        x += n;
        phase = 0;
        continue;
      }
      const FixedCodes::Length& len = codes.by_length[best];
      bits.put(codes.code[len.symbol], codes.length[len.symbol]);
      if (len.extra_bits != 0) bits.put(len.extra, len.extra_bits);
      bits.put(how->code, 5);
      if (how->extra_bits != 0) bits.put(how->extra, how->extra_bits);
      x += best;
      phase = pixel_bytes == 1 ? 0 : (phase + best) % pixel_bytes;
    }
  }
  bits.put(codes.code[256], codes.length[256]);  // end of block
  unsigned char* end = bits.finish();
  for (int shift = 24; shift >= 0; shift -= 8) *end++ = static_cast<unsigned char>(adler >> shift);
  return end;
}

unsigned char* deflate_rows_any(unsigned char* out, const unsigned char* pixels, std::size_t row_bytes,
                                std::size_t rows, std::size_t pixel_bytes, const unsigned char* inked) {
  if (pixel_bytes == 1) return deflate_rows<1>(out, pixels, row_bytes, rows, pixel_bytes, inked);
  if (pixel_bytes == 3) return deflate_rows<3>(out, pixels, row_bytes, rows, pixel_bytes, inked);
  return deflate_rows<0>(out, pixels, row_bytes, rows, pixel_bytes, inked);
}

}  // namespace

std::string deflate_image_rows(const unsigned char* pixels, std::size_t row_bytes, std::size_t rows,
                               std::size_t pixel_bytes, const unsigned char* inked) {
  // (Not zero-filled: only what is written is read.)
  const std::unique_ptr<unsigned char[]> buffer(new unsigned char[deflate_bound(row_bytes, rows)]);
  const unsigned char* end = deflate_rows_any(buffer.get(), pixels, row_bytes, rows, pixel_bytes, inked);
  return {reinterpret_cast<const char*>(buffer.get()), static_cast<std::size_t>(end - buffer.get())};
}

std::string png_file(const unsigned char* pixels, int width, int height, int channels, const unsigned char* inked) {
  const std::size_t row = static_cast<std::size_t>(width) * static_cast<std::size_t>(channels);
  const auto rows = static_cast<std::size_t>(height);
  // The file is put together in one buffer of the worst case (untouched beyond what is
  // written), with the IDAT chunk's data deflated in place, and copied out once.
  static constexpr char kSignature[] = "\x89PNG\r\n\x1a\n";
  const std::size_t ihdr_at = 8, idat_at = ihdr_at + 12 + 13;
  const std::unique_ptr<unsigned char[]> buffer(new unsigned char[idat_at + 12 + deflate_bound(row, rows) + 12]);
  unsigned char* const out = buffer.get();
  std::memcpy(out, kSignature, 8);
  // A chunk: length, type, data, then the CRC of type and data.
  const auto chunk = [&](std::size_t at, const char* type, std::size_t length) {
    put_u32_be(out + at, static_cast<std::uint32_t>(length));
    std::memcpy(out + at + 4, type, 4);
    put_u32_be(out + at + 8 + length, static_cast<std::uint32_t>(libdeflate_crc32(0, out + at + 4, length + 4)));
    return at + 12 + length;
  };
  unsigned char* ihdr = out + ihdr_at + 8;
  put_u32_be(ihdr, static_cast<std::uint32_t>(width));
  put_u32_be(ihdr + 4, static_cast<std::uint32_t>(height));
  // Bit depth 8; colour type 0 (grey) or 2 (RGB); deflate; adaptive filters; no interlace.
  const unsigned char tail[5] = {8, static_cast<unsigned char>(channels == 1 ? 0 : 2), 0, 0, 0};
  std::memcpy(ihdr + 8, tail, 5);
  chunk(ihdr_at, "IHDR", 13);
  unsigned char* data = out + idat_at + 8;
  const unsigned char* data_end = deflate_rows_any(data, pixels, row, rows, static_cast<std::size_t>(channels), inked);
  const std::size_t end = chunk(chunk(idat_at, "IDAT", static_cast<std::size_t>(data_end - data)), "IEND", 0);
  return {reinterpret_cast<const char*>(out), end};
}

}  // namespace handout
