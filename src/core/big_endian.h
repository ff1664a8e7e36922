#pragma once
// Big-endian (network order) numbers in files: font tables (sfnt), PNG chunks, JPEG
// segments. Readers take a pointer to at least 2 or 4 bytes; the caller checks the bounds.

#include <cstdint>
#include <string>

namespace handout {

[[nodiscard]] inline std::uint16_t read_be16(const void* at) {
  const auto* p = static_cast<const unsigned char*>(at);
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

[[nodiscard]] inline std::uint32_t read_be32(const void* at) {
  const auto* p = static_cast<const unsigned char*>(at);
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

inline void store_be16(void* at, std::uint32_t v) {
  auto* p = static_cast<unsigned char*>(at);
  p[0] = static_cast<unsigned char>(v >> 8);
  p[1] = static_cast<unsigned char>(v);
}

inline void store_be32(void* at, std::uint32_t v) {
  store_be16(at, v >> 16);
  store_be16(static_cast<unsigned char*>(at) + 2, v & 0xffff);
}

inline void append_be16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>((v >> 8) & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}

inline void append_be32(std::string& out, std::uint32_t v) {
  append_be16(out, v >> 16);
  append_be16(out, v & 0xffff);
}

}  // namespace handout
