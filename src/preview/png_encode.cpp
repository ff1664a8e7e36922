#include "preview/png_encode.h"

#include "core/big_endian.h"
#include "core/lib_deflate.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
// the worst case beforehand plus 8 bytes (so the hot path has no capacity check): `add`
// gathers up to 56 bits, `flush` stores all 8 bytes of the gatherer and moves on by the whole
// bytes in it, without a branch.
class BitWriter {
 public:
  explicit BitWriter(unsigned char* out) : out_(out) {}
  void add(std::uint64_t value, unsigned bits) {
    acc_ |= value << count_;
    count_ += bits;
  }
  void flush() {
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(out_, &acc_, 8);
    } else {
      for (int i = 0; i < 8; ++i) out_[i] = static_cast<unsigned char>(acc_ >> (8 * i));
    }
    out_ += count_ >> 3;
    acc_ >>= count_ & ~std::uint64_t{7};  // count_ <= 63: at most 7 left over plus 56 added
    count_ &= 7;
  }
  void put(std::uint32_t value, unsigned bits) {
    add(value, bits);
    flush();
  }
  // Writes the last partial byte; returns the end of what was written.
  unsigned char* finish() {
    flush();
    if (count_ > 0) *out_++ = static_cast<unsigned char>(acc_);
    acc_ = 0;
    count_ = 0;
    return out_;
  }

 private:
  unsigned char* out_;
  std::uint64_t acc_ = 0;
  std::uint64_t count_ = 0;
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

// The fixed codes of every two literal bytes, the first byte's code first: the code in the low
// 24 bits (at most 18 are used), its length in bits in the high 8. Indexed by the two bytes as
// a little-endian 16-bit number (first byte low), so that two bytes take one lookup.
struct LiteralPairs {
  std::vector<std::uint32_t> entry;
  explicit LiteralPairs(const FixedCodes& codes) : entry(1U << 16) {
    for (unsigned first = 0; first < 256; ++first) {
      for (unsigned second = 0; second < 256; ++second) {
        const unsigned bits = codes.length[first];
        const std::uint32_t code = codes.code[first] | (std::uint32_t{codes.code[second]} << bits);
        entry[first | (second << 8)] = code | ((bits + codes.length[second]) << 24);
      }
    }
  }
};

const LiteralPairs& literal_pairs() {
  static const LiteralPairs pairs(fixed_codes());
  return pairs;
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

// Bit i of `out` (64 to a word) set when a[i] == b[i], for i < n; the rest of the last word
// clear. 16 bytes compared at once where SSE2 is there (every x86-64), else one at a time.
void equal_bits(const unsigned char* a, const unsigned char* b, std::size_t n, std::uint64_t* out) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const auto mask16 = [&](std::size_t at) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + at));
    const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + at));
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, y))));
  };
  for (; i + 64 <= n; i += 64) {
    out[i / 64] = mask16(i) | (mask16(i + 16) << 16) | (mask16(i + 32) << 32) | (mask16(i + 48) << 48);
  }
  if (i < n && n >= 16) {  // the last bytes: 16 at a time, the last 16 ending at n
    std::uint64_t word = 0;
    std::size_t k = i;
    for (; k + 16 <= n; k += 16) word |= mask16(k) << (k - i);
    if (k < n) word |= (mask16(n - 16) >> (16 - (n - k))) << (k - i);
    out[i / 64] = word;
    return;
  }
#endif
  for (; i < n; i += 64) {
    std::uint64_t word = 0;
    const std::size_t end = std::min(n, i + 64);
    for (std::size_t k = i; k < end; ++k) word |= static_cast<std::uint64_t>(a[k] == b[k]) << (k - i);
    out[i / 64] = word;
  }
}

// `in` (words words) moved up by `shift` bits into `out`: bit i of out is bit i - shift of in.
void shift_bits_up(const std::uint64_t* in, std::size_t words, std::size_t shift, std::uint64_t* out) {
  const std::size_t q = shift / 64;
  const unsigned r = shift % 64;
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t v = 0;
    if (w >= q) {
      v = in[w - q] << r;
      if (r != 0 && w > q) v |= in[w - q - 1] >> (64 - r);
    }
    out[w] = v;
  }
}

// The 64 bits of a bit map from bit `pos` on (the map has a word of zeros after its last).
std::uint64_t bits_from(const std::uint64_t* map, std::size_t pos) {
  const std::size_t w = pos / 64;
  const unsigned s = pos % 64;
  return (map[w] >> s) | ((map[w + 1] << 1) << (63 - s));
}

// How many set bits follow one another from bit `pos` on (the bits past the row are clear).
std::size_t ones_from(const std::uint64_t* map, std::size_t pos) {
  std::size_t n = 0;
  for (;;) {
    const auto c = static_cast<std::size_t>(std::countr_one(bits_from(map, pos + n)));
    n += c;
    if (c < 64) return n;
  }
}

// The Adler-32 continued from `adler` over `n` bytes of 255 (RFC 1950: a is 1 plus the bytes'
// sum, b the sum of the a's, both modulo 65521): the k-th 255 adds a + 255 k to b.
std::uint32_t adler32_white(std::uint32_t adler, std::size_t n) {
  constexpr std::uint64_t kMod = 65521;
  const std::uint64_t a = adler & 0xFFFFU;
  const std::uint64_t b = adler >> 16;
  const std::uint64_t a2 = (a + 255 * (n % kMod)) % kMod;
  const std::uint64_t sum = (n % 2 == 0 ? (n / 2 % kMod) * ((n + 1) % kMod) : (n % kMod) * ((n + 1) / 2 % kMod)) % kMod;
  const std::uint64_t b2 = (b + a * (n % kMod) + 255 * sum) % kMod;
  return static_cast<std::uint32_t>((b2 << 16) | a2);
}

// A filter byte 0 (adds a to b), then `n` bytes of 255.
std::uint32_t adler32_white_row(std::uint32_t adler, std::size_t n) {
  const std::uint32_t a = adler & 0xFFFFU;
  const std::uint32_t b = ((adler >> 16) + a) % 65521U;
  return adler32_white((b << 16) | a, n);
}

// Every match length's code at one distance, with the distance's code, ready to put at once
// (at most 8 + 5 + 5 + 13 bits).
struct MatchCodes {
  std::array<std::uint32_t, kMaxMatch + 1> value{};
  std::array<std::uint8_t, kMaxMatch + 1> bits{};

  MatchCodes(const FixedCodes& codes, const Distance& distance) {
    for (std::size_t n = kMinMatch; n <= kMaxMatch; ++n) {
      const FixedCodes::Length& len = codes.by_length[n];
      std::uint32_t v = codes.code[len.symbol];
      int b = codes.length[len.symbol];
      v |= static_cast<std::uint32_t>(len.extra) << b;
      b += len.extra_bits;
      v |= distance.code << b;
      b += 5;
      v |= distance.extra << b;
      b += distance.extra_bits;
      value[n] = v;
      bits[n] = static_cast<std::uint8_t>(b);
    }
  }

  // A repeat of `n` >= 3 bytes: matches of up to 258 bytes, none shorter than 3.
  void put_run(BitWriter& out, std::size_t n) const {
    if (n <= kMaxMatch) {
      out.put(value[n], bits[n]);
      return;
    }
    while (n > 0) {
      std::size_t m = std::min(kMaxMatch, n);
      if (n - m != 0 && n - m < kMinMatch) m = n - kMinMatch;
      out.put(value[m], bits[m]);
      n -= m;
    }
  }
};

// The worst case of deflate_rows: every byte a 9-bit literal, plus the headers, the end code
// and the Adler-32; plus the 8 bytes the last flush may store beyond them. (A match is cheaper
// than 9 bits a byte: at worst 25 bits for 3 bytes.)
std::size_t deflate_bound(std::size_t row_bytes, std::size_t rows) {
  return 2 + (rows * (row_bytes + 1) * 9 + 7) / 8 + 16 + 4 + 8;
}

// Per row, which bytes equal the byte above (`up`) and the byte a pixel back (`left`): bit
// maps of the row, one word of zeros after their last.
struct RowMaps {
  std::size_t words;
  std::vector<std::uint64_t> up, left, scratch;
  explicit RowMaps(std::size_t row_bytes)
      : words(row_bytes / 64 + 1), up(words + 1, 0), left(words + 1, 0), scratch(words + 1, 0) {}

  // `after_a_row`: the bytes before `row` are readable (another row's), so the previous pixel
  // can be compared from the row's start on, the first pixel's bits then cleared. Bytes outside
  // [begin, end) are known to be white in this row and the row above (so equal to both
  // neighbours from a pixel past `end` on) and are not compared: only the 64-byte words that
  // hold [begin, end + pixel_bytes) are.
  void fill(const unsigned char* row, const unsigned char* above, std::size_t row_bytes, std::size_t pixel_bytes,
            bool use_left, bool after_a_row, std::size_t begin, std::size_t end) {
    const bool part = after_a_row && above != nullptr && (begin > 0 || end < row_bytes);
    const std::size_t from = part ? begin / 64 * 64 : 0;
    // (A white byte's left neighbour is white too past a pixel beyond `end`.)
    const std::size_t to = part ? std::min(row_bytes, (end + pixel_bytes + 63) / 64 * 64) : row_bytes;
    if (above != nullptr) {
      equal_bits(row + from, above + from, to - from, up.data() + from / 64);
    } else {
      std::fill(up.begin(), up.end(), 0);
    }
    if (use_left && pixel_bytes < row_bytes && after_a_row && pixel_bytes < 64) {
      equal_bits(row + from, row + from - pixel_bytes, to - from, left.data() + from / 64);
    } else if (use_left && pixel_bytes < row_bytes) {
      equal_bits(row + pixel_bytes, row, row_bytes - pixel_bytes, scratch.data());
      std::fill(scratch.begin() + static_cast<std::ptrdiff_t>((row_bytes - pixel_bytes) / 64 + 1), scratch.end(), 0);
      shift_bits_up(scratch.data(), words, pixel_bytes, left.data());
    } else {
      std::fill(left.begin(), left.end(), 0);
    }
    if (part) {  // the words left out: all equal, but for the bits past the row
      for (std::vector<std::uint64_t>* map : {&up, &left}) {
        std::fill(map->begin(), map->begin() + static_cast<std::ptrdiff_t>(from / 64), ~std::uint64_t{0});
        std::fill(map->begin() + static_cast<std::ptrdiff_t>((to + 63) / 64), map->end(), 0);
        if (to < row_bytes) {
          std::fill(map->begin() + static_cast<std::ptrdiff_t>(to / 64), map->begin() + static_cast<std::ptrdiff_t>(row_bytes / 64),
                    ~std::uint64_t{0});
          if (row_bytes % 64 != 0) (*map)[row_bytes / 64] = (std::uint64_t{1} << (row_bytes % 64)) - 1;
        }
      }
    }
    if (use_left && pixel_bytes < row_bytes && after_a_row && pixel_bytes < 64) {
      left[0] &= ~((std::uint64_t{1} << pixel_bytes) - 1);
    }
  }
};

// `n` bytes at `p` as literals: two bytes a lookup, 6 bytes (at most 54 bits) a flush. Inlined,
// so that the writer stays in registers.
[[gnu::always_inline]] inline void put_literals(BitWriter& bits, const FixedCodes& codes, const LiteralPairs& pairs,
                                                const unsigned char* p, std::size_t n) {
  const std::uint32_t* pair = pairs.entry.data();
  const auto put_pair = [&bits, pair](const unsigned char* q) {
    const std::uint32_t e = pair[q[0] | (unsigned{q[1]} << 8)];
    bits.add(e & 0xFFFFFFU, e >> 24);
  };
  for (; n >= 6; n -= 6, p += 6) {
    put_pair(p);
    put_pair(p + 2);
    put_pair(p + 4);
    bits.flush();
  }
  for (; n >= 2; n -= 2, p += 2) put_pair(p);
  if (n != 0) bits.add(codes.code[*p], codes.length[*p]);
  bits.flush();
}

// The shortest repeat written as a match inside a row: shorter ones are cheaper as literals.
constexpr unsigned kMinRun = 4;

// Bit j set when bits j .. j + kMinRun - 1 of `m` are all set.
constexpr std::uint64_t runs_from(std::uint64_t m) {
  std::uint64_t r = m;
  for (unsigned k = 1; k < kMinRun; ++k) r &= m >> k;
  return r;
}

// One row that does not repeat the row above as a whole. The bit maps of the bytes equal to
// the byte above and to the byte a pixel back (built 16 bytes at a time) give, 64 positions
// at a time, where the next repeat of at least 3 bytes starts and how long it is; the bytes
// before it go out as literals. So the work a byte is in the bytes that differ from both
// neighbours, and a repeat costs a few operations a 64 bytes.
void deflate_row(BitWriter& writer, const FixedCodes& codes, const LiteralPairs& pairs, const MatchCodes& above,
                 const MatchCodes& left,
                 const unsigned char* row, std::size_t row_bytes, const RowMaps& maps) {
  // A copy of the writer: being local, it stays in registers though the bytes it stores
  // could alias anything.
  BitWriter bits = writer;
  const std::uint64_t* from_up = maps.up.data();
  const std::uint64_t* from_left = maps.left.data();
  std::size_t x = 0;
  while (x < row_bytes) {
    const std::uint64_t u = bits_from(from_up, x);
    const std::uint64_t l = bits_from(from_left, x);
    // Bit j: kMinRun equal bytes from x + j on (known for j <= 64 - kMinRun).
    const std::uint64_t starts = runs_from(u) | runs_from(l);
    if (starts == 0) {
      const std::size_t n = std::min<std::size_t>(65 - kMinRun, row_bytes - x);
      put_literals(bits, codes, pairs, row + x, n);
      x += n;
      continue;
    }
    const auto j = static_cast<unsigned>(std::countr_zero(starts));
    if (j != 0) put_literals(bits, codes, pairs, row + x, j);
    x += j;
    // Runs to the end of the 64 bits go on through the map.
    auto n_up = static_cast<std::size_t>(std::countr_one(u >> j));
    if (n_up == 64 - j) n_up += ones_from(from_up, x + n_up);
    auto n_left = static_cast<std::size_t>(std::countr_one(l >> j));
    if (n_left == 64 - j) n_left += ones_from(from_left, x + n_left);
    // The longer one, at least 3 bytes long.
    if (n_left > n_up) {
      left.put_run(bits, n_left);
      x += n_left;
    } else {
      above.put_run(bits, n_up);
      x += n_up;
    }
  }
  writer = bits;
}

// Writes the zlib stream of deflate_image_rows at `out` (deflate_bound bytes of room); returns
// its end. kPixelBytes is pixel_bytes when it is 1 or 3 (grey, RGB: the compiler knows it
// then), else 0.
template <std::size_t kPixelBytes>
unsigned char* deflate_rows(unsigned char* out, const unsigned char* pixels, std::size_t row_bytes, std::size_t rows,
                            std::size_t pixel_bytes_given, const unsigned char* inked, const int* ink_begin,
                            const int* ink_end) {
  const std::size_t pixel_bytes = kPixelBytes != 0 ? kPixelBytes : pixel_bytes_given;
  const FixedCodes& codes = fixed_codes();
  const LiteralPairs& pairs = literal_pairs();
  // The data deflated is each row behind its filter byte (0: none), so a byte's neighbour
  // above is row_bytes + 1 back in the stream. Matches stay inside their row: the filter
  // byte is a literal.
  const std::size_t stride = row_bytes + 1;
  const bool use_above = stride <= kMaxDistance;
  const bool use_left = pixel_bytes >= 1 && pixel_bytes <= kMaxDistance;
  const MatchCodes above(codes, distance_code(use_above ? stride : 1));
  const MatchCodes left(codes, distance_code(use_left ? pixel_bytes : 1));
  RowMaps maps(row_bytes);
  out[0] = 0x78;  // zlib header: deflate, 32 KB window,
  out[1] = 0x01;  // fastest-compression flag, check bits
  BitWriter bits(out + 2);
  bits.put(1, 1);  // the final block
  bits.put(1, 2);  // fixed Huffman codes
  std::uint32_t adler = 1;
  static constexpr unsigned char kNoFilter = 0;
  // The bytes [begin, end) of row y outside which it is white (begin >= end: all white).
  const auto span = [&](std::size_t y) -> std::pair<std::size_t, std::size_t> {
    if (inked == nullptr) return {0, row_bytes};
    if (inked[y] == 0) return {row_bytes, 0};
    if (ink_begin == nullptr || ink_end == nullptr) return {0, row_bytes};
    const auto b = static_cast<std::size_t>(std::max(0, ink_begin[y])) * pixel_bytes;
    const auto e = std::min(row_bytes, static_cast<std::size_t>(std::max(0, ink_end[y])) * pixel_bytes);
    return b < e ? std::pair{b, e} : std::pair{row_bytes, std::size_t{0}};
  };
  for (std::size_t y = 0; y < rows; ++y) {
    const unsigned char* row = pixels + y * row_bytes;
    bits.put(codes.code[kNoFilter], codes.length[kNoFilter]);
    const unsigned char* up = y > 0 && use_above ? row - row_bytes : nullptr;
    // A row like the one above (blank rows, mostly): one repeat, without a search.
    const bool white = inked != nullptr && y > 0 && inked[y] == 0 && inked[y - 1] == 0;
    if (up != nullptr && row_bytes >= kMinMatch && (white || std::memcmp(row, up, row_bytes) == 0)) {
      above.put_run(bits, row_bytes);
      adler = white ? adler32_white_row(adler, row_bytes)
                    : libdeflate_adler32(libdeflate_adler32(adler, &kNoFilter, 1), row, row_bytes);
      continue;
    }
    const auto [begin, end] = span(y);
    adler = libdeflate_adler32(adler, &kNoFilter, 1);
    if (begin < end) {  // white before and after the span: summed without reading
      adler = libdeflate_adler32(adler32_white(adler, begin), row + begin, end - begin);
      adler = adler32_white(adler, row_bytes - end);
    } else {
      adler = adler32_white(adler, row_bytes);
    }
    // Outside both this row's span and the one above's, both rows are white.
    std::size_t from = begin, to = end;
    if (y > 0) {
      const auto [above_begin, above_end] = span(y - 1);
      from = std::min(from, above_begin);
      to = std::max(to, above_end);
    }
    if (from >= to) from = to = 0;
    maps.fill(row, up, row_bytes, pixel_bytes, use_left, y > 0, from, to);
    deflate_row(bits, codes, pairs, above, left, row, row_bytes, maps);
  }
  bits.put(codes.code[256], codes.length[256]);  // end of block
  unsigned char* end = bits.finish();
  for (int shift = 24; shift >= 0; shift -= 8) *end++ = static_cast<unsigned char>(adler >> shift);
  return end;
}

unsigned char* deflate_rows_any(unsigned char* out, const unsigned char* pixels, std::size_t row_bytes,
                                std::size_t rows, std::size_t pixel_bytes, const unsigned char* inked,
                                const int* ink_begin, const int* ink_end) {
  if (pixel_bytes == 1) return deflate_rows<1>(out, pixels, row_bytes, rows, pixel_bytes, inked, ink_begin, ink_end);
  if (pixel_bytes == 3) return deflate_rows<3>(out, pixels, row_bytes, rows, pixel_bytes, inked, ink_begin, ink_end);
  return deflate_rows<0>(out, pixels, row_bytes, rows, pixel_bytes, inked, ink_begin, ink_end);
}

}  // namespace

std::string deflate_image_rows(const unsigned char* pixels, std::size_t row_bytes, std::size_t rows,
                               std::size_t pixel_bytes, const unsigned char* inked, const int* ink_begin,
                               const int* ink_end) {
  // (Not zero-filled: only what is written is read.)
  const std::unique_ptr<unsigned char[]> buffer(new unsigned char[deflate_bound(row_bytes, rows)]);
  const unsigned char* end =
      deflate_rows_any(buffer.get(), pixels, row_bytes, rows, pixel_bytes, inked, ink_begin, ink_end);
  return {reinterpret_cast<const char*>(buffer.get()), static_cast<std::size_t>(end - buffer.get())};
}

std::string png_file(const unsigned char* pixels, int width, int height, int channels, const unsigned char* inked,
                     const int* ink_begin, const int* ink_end) {
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
    store_be32(out + at, static_cast<std::uint32_t>(length));
    std::memcpy(out + at + 4, type, 4);
    store_be32(out + at + 8 + length, static_cast<std::uint32_t>(libdeflate_crc32(0, out + at + 4, length + 4)));
    return at + 12 + length;
  };
  unsigned char* ihdr = out + ihdr_at + 8;
  store_be32(ihdr, static_cast<std::uint32_t>(width));
  store_be32(ihdr + 4, static_cast<std::uint32_t>(height));
  // Bit depth 8; colour type 0 (grey) or 2 (RGB); deflate; adaptive filters; no interlace.
  const unsigned char tail[5] = {8, static_cast<unsigned char>(channels == 1 ? 0 : 2), 0, 0, 0};
  std::memcpy(ihdr + 8, tail, 5);
  chunk(ihdr_at, "IHDR", 13);
  unsigned char* data = out + idat_at + 8;
  const unsigned char* data_end = deflate_rows_any(data, pixels, row, rows, static_cast<std::size_t>(channels), inked, ink_begin, ink_end);
  const std::size_t end = chunk(chunk(idat_at, "IDAT", static_cast<std::size_t>(data_end - data)), "IEND", 0);
  return {reinterpret_cast<const char*>(out), end};
}

}  // namespace handout
