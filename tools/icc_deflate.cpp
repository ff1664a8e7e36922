// Deflates the sRGB profile of the PDF/A OutputIntent at build time, into a C++ source:
// every PDF embeds the same profile, so a render copies these bytes instead of deflating
// 6,922 bytes once per process (0.45 M instructions, level 7). Level 12, the smallest
// output, since its cost is paid here only.
//   icc_deflate OUT.cpp PROFILE.icc
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "core/deflate.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: icc_deflate OUT.cpp PROFILE.icc\n");
    return 64;
  }
  std::ifstream in(argv[2], std::ios::binary);
  const std::string profile{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.good() && !in.eof()) {
    std::fprintf(stderr, "%s: cannot read\n", argv[2]);
    return 1;
  }
  if (profile.size() < 128) {
    std::fprintf(stderr, "%s: not an ICC profile (%zu bytes)\n", argv[2], profile.size());
    return 1;
  }
  const std::string z = handout::deflate_bytes(profile, 12);
  std::string out =
      "// Generated from resources/icc/sRGB.icc by tools/icc_deflate.cpp: a zlib stream.\n"
      "#include <cstddef>\nnamespace handout {\nextern const unsigned char kSrgbIccDeflated[] = {";
  char buf[8];
  for (std::size_t i = 0; i < z.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%u", i % 24 == 0 ? "\n" : "", static_cast<unsigned char>(z[i]));
    out += buf;
    out += ',';
  }
  out += "};\nextern const std::size_t kSrgbIccDeflatedSize = sizeof kSrgbIccDeflated;\n";
  out += "}\n";
  std::ofstream f(argv[1], std::ios::binary);
  f << out;
  if (!f) {
    std::fprintf(stderr, "%s: cannot write\n", argv[1]);
    return 1;
  }
  return 0;
}
