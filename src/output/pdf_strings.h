// PDF strings for libharu's object layer and for objects written without it: text strings
// (UTF-16BE with a byte order mark) and literal strings.
#pragma once

#include "core/lib_haru.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "output/pdf_deflate.h"

namespace handout {

/// `utf8` cut to what metadata and bookmarks carry (1,000 characters, the last an
/// ellipsis): Info and XMP cut it the same way, so they agree.
[[nodiscard]] std::string metadata_text(const std::string& utf8);

/// A PDF text string of `metadata_text(utf8)`: UTF-16BE with a byte order mark, written
/// as hex by libharu (which holds strings of at most 65,535 bytes).
[[nodiscard]] HPDF_Binary text_string(HPDF_MMgr mmgr, const std::string& utf8);

/// The same text string written out for an object built outside libharu: hex, "<FEFF...>".
void append_text_string(std::string& out, const std::string& utf8);

/// Appends `v` (at most 0xFFFF) as four upper-case hex digits: CIDs in content streams and
/// UTF-16 code units in ToUnicode maps and hex strings.
void append_hex16(std::string& out, unsigned v);

/// `bytes` as a literal string, "(...)", with ( ) and backslash escaped and other than printable ASCII
/// in octal (for ASCII such as a language tag).
void append_literal_string(std::string& out, std::string_view bytes);

/// A stream dictionary's write hook that adds /Filter /FlateDecode: for a stream whose
/// bytes are deflated already (libharu writes /Filter from its own filter field and would
/// deflate again, so that field stays "none").
HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream);

/// Makes `bytes` the data of the stream dictionary `dict`, read from where they are when
/// the file is saved: libharu's memory stream would copy them in and then out again, a byte
/// at a time (HPDF_MemCpy). `bytes` must stay alive and unchanged until the file is saved.
HPDF_STATUS set_stream_bytes(HPDF_Dict dict, std::string_view bytes);

/// Reads exactly `n` bytes at `offset` of the open file `fd` into `out` (pread, again after
/// EINTR); false when they cannot all be read.
bool read_at(int fd, std::uint64_t offset, void* out, std::size_t n);

/// Makes the `size` bytes at `offset` of the open file `fd` the data of the stream
/// dictionary `dict`, read (pread) when the file is saved. The file must stay open and
/// those bytes unchanged until then.
HPDF_STATUS set_stream_file(HPDF_Dict dict, int fd, std::uint64_t offset, std::size_t size);

}  // namespace handout
