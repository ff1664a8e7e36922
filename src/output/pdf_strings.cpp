#include "output/pdf_strings.h"

#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "core/utf.h"
#include "output/pdf_deflate.h"

namespace handout {

std::string metadata_text(const std::string& utf8) {
  constexpr std::size_t kMaxChars = 1000;
  std::u32string text = utf8_to_utf32(utf8);
  if (text.size() <= kMaxChars) return utf8;
  text.resize(kMaxChars - 1);
  text.push_back(0x2026);
  return utf32_to_utf8(text);
}

HPDF_STATUS write_flate_filter(HPDF_Dict, HPDF_Stream stream) {
  return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

HPDF_STATUS write_deflated(HPDF_Dict dict, std::string_view data, std::string& scratch, int level) {
  scratch.clear();
  deflate_append(data, scratch, level);
  dict->filter = HPDF_STREAM_FILTER_NONE;
  dict->write_fn = write_flate_filter;
  return HPDF_Stream_Write(dict->stream, reinterpret_cast<const HPDF_BYTE*>(scratch.data()),
                           static_cast<HPDF_UINT>(scratch.size()));
}

namespace {

// `metadata_text(utf8)` as UTF-16BE with a byte order mark.
std::string utf16_text(const std::string& utf8) {
  std::string b = "\xFE\xFF";
  for (char32_t c : utf8_to_utf32(metadata_text(utf8))) {
    auto put = [&b](unsigned v) {
      b.push_back(static_cast<char>((v >> 8) & 0xFF));
      b.push_back(static_cast<char>(v & 0xFF));
    };
    if (c >= 0x10000) {
      put(0xD800 + static_cast<unsigned>((c - 0x10000) >> 10));
      put(0xDC00 + static_cast<unsigned>((c - 0x10000) & 0x3FF));
    } else {
      put(static_cast<unsigned>(c));
    }
  }
  return b;
}

}  // namespace

HPDF_Binary text_string(HPDF_MMgr mmgr, const std::string& utf8) {
  std::string b = utf16_text(utf8);
  return HPDF_Binary_New(mmgr, reinterpret_cast<HPDF_BYTE*>(b.data()), static_cast<HPDF_UINT>(b.size()));
}

void append_hex16(std::string& out, unsigned v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const char digits[4] = {kHex[(v >> 12) & 15], kHex[(v >> 8) & 15], kHex[(v >> 4) & 15], kHex[v & 15]};
  out.append(digits, 4);  // one capacity check, not four
}

void append_text_string(std::string& out, const std::string& utf8) {
  const std::string b = utf16_text(utf8);  // an even number of bytes: BOM and code units
  out += '<';
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) {
    append_hex16(out, (static_cast<unsigned char>(b[i]) << 8) | static_cast<unsigned char>(b[i + 1]));
  }
  out += '>';
}

void append_literal_string(std::string& out, std::string_view bytes) {
  out += '(';
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '(' || c == ')' || c == '\\') {
      out += '\\';
      out += c;
    } else if (b < 0x20 || b >= 0x7F) {
      out += '\\';
      out += static_cast<char>('0' + (b >> 6));
      out += static_cast<char>('0' + ((b >> 3) & 7));
      out += static_cast<char>('0' + (b & 7));
    } else {
      out += c;
    }
  }
  out += ')';
}

}  // namespace handout
