#include "output/pdf_strings.h"

#include "core/lib_haru.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>

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

namespace {

// A read-only libharu stream over bytes held elsewhere: in memory (set_stream_bytes) or
// in an open file (set_stream_file: `data` is null).
struct HeldBytes {
  const HPDF_BYTE* data;
  HPDF_UINT size;
  HPDF_UINT pos;
  int fd;
  std::uint64_t offset;
};

HPDF_STATUS read_held(HPDF_Stream stream, HPDF_BYTE* buf, HPDF_UINT* size) {
  auto* h = static_cast<HeldBytes*>(stream->attr);
  const HPDF_UINT n = std::min(*size, h->size - h->pos);
  if (n > 0 && h->data) std::memcpy(buf, h->data + h->pos, n);
  if (n > 0 && !h->data && !read_at(h->fd, h->offset + h->pos, buf, n)) {
    return HPDF_SetError(stream->error, HPDF_FILE_IO_ERROR, 0);
  }
  h->pos += n;
  // Fewer bytes than asked for: the end (libharu's own streams answer so too).
  const bool end = n < *size;
  *size = n;
  return end ? HPDF_STREAM_EOF : HPDF_OK;
}

HPDF_STATUS seek_held(HPDF_Stream stream, HPDF_INT pos, HPDF_WhenceMode mode) {
  auto* h = static_cast<HeldBytes*>(stream->attr);
  const std::int64_t to = mode == HPDF_SEEK_CUR   ? std::int64_t{h->pos} + pos
                          : mode == HPDF_SEEK_END ? std::int64_t{h->size} - pos
                                                  : std::int64_t{pos};
  if (to < 0 || to > std::int64_t{h->size}) return HPDF_SetError(stream->error, HPDF_STREAM_EOF, 0);
  h->pos = static_cast<HPDF_UINT>(to);
  return HPDF_OK;
}

HPDF_INT32 tell_held(HPDF_Stream stream) { return static_cast<HPDF_INT32>(static_cast<HeldBytes*>(stream->attr)->pos); }

HPDF_UINT32 size_held(HPDF_Stream stream) { return static_cast<HeldBytes*>(stream->attr)->size; }

void free_held(HPDF_Stream stream) {
  HPDF_FreeMem(stream->mmgr, stream->attr);
  stream->attr = nullptr;
}

HPDF_STATUS set_held(HPDF_Dict dict, const HeldBytes& bytes) {
  HPDF_MMgr mmgr = dict->mmgr;
  auto* held = static_cast<HeldBytes*>(HPDF_GetMem(mmgr, sizeof(HeldBytes)));
  if (!held) return HPDF_Error_GetCode(dict->error);
  auto* stream = static_cast<HPDF_Stream>(HPDF_GetMem(mmgr, sizeof(HPDF_Stream_Rec)));
  if (!stream) {
    HPDF_FreeMem(mmgr, held);
    return HPDF_Error_GetCode(dict->error);
  }
  *held = bytes;
  std::memset(stream, 0, sizeof(HPDF_Stream_Rec));
  stream->sig_bytes = HPDF_STREAM_SIG_BYTES;
  stream->type = HPDF_STREAM_CALLBACK;
  stream->mmgr = mmgr;
  stream->error = mmgr->error;
  stream->read_fn = read_held;
  stream->seek_fn = seek_held;
  stream->tell_fn = tell_held;
  stream->size_fn = size_held;
  stream->free_fn = free_held;
  stream->attr = held;
  HPDF_Stream_Free(dict->stream);
  dict->stream = stream;
  return HPDF_OK;
}

}  // namespace

bool read_at(int fd, std::uint64_t offset, void* out, std::size_t n) {
  auto* to = static_cast<char*>(out);
  for (std::size_t got = 0; got < n;) {
    const ssize_t r = ::pread(fd, to + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    got += static_cast<std::size_t>(r);
  }
  return true;
}

HPDF_STATUS set_stream_bytes(HPDF_Dict dict, std::string_view bytes) {
  if (bytes.size() > std::numeric_limits<HPDF_UINT32>::max() / 2) return HPDF_SetError(dict->error, HPDF_STREAM_EOF, 0);
  return set_held(dict, HeldBytes{reinterpret_cast<const HPDF_BYTE*>(bytes.data()), static_cast<HPDF_UINT>(bytes.size()), 0, -1, 0});
}

HPDF_STATUS set_stream_file(HPDF_Dict dict, int fd, std::uint64_t offset, std::size_t size) {
  if (size > std::numeric_limits<HPDF_UINT32>::max() / 2) return HPDF_SetError(dict->error, HPDF_STREAM_EOF, 0);
  return set_held(dict, HeldBytes{nullptr, static_cast<HPDF_UINT>(size), 0, fd, offset});
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
