#include "font/font_book.h"

#include <fcntl.h>
#include <hb-ot.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/big_endian.h"
#include "core/confine.h"
#include "core/mapped_file.h"
#include "engine/data_dir.h"

namespace handout {

FontFace::~FontFace() {
  if (hb_set_t* set = coverage_.load(std::memory_order_relaxed)) hb_set_destroy(set);
}

const hb_set_t* FontFace::coverage() const {
  if (const hb_set_t* set = coverage_.load(std::memory_order_acquire)) return set;
  coverage_once_([this] {
    hb_set_t* set = hb_set_create();
    hb_face_collect_unicodes(face.get(), set);
    coverage_.store(set, std::memory_order_release);
  });
  return coverage_.load(std::memory_order_acquire);
}

bool FontFace::covers(char32_t c) const {
  if (c >= kKeptCovers) return hb_set_has(coverage(), c);
  const std::uint64_t bit = std::uint64_t{1} << (c % 64);
  std::atomic_ref<std::uint64_t> asked(covers_asked_[c / 64]);
  std::atomic_ref<std::uint64_t> yes(covers_yes_[c / 64]);
  if ((asked.load(std::memory_order_acquire) & bit) != 0) return (yes.load(std::memory_order_relaxed) & bit) != 0;
  const bool has = hb_set_has(coverage(), c);
  if (has) yes.fetch_or(bit, std::memory_order_relaxed);
  asked.fetch_or(bit, std::memory_order_release);  // after the answer, which a reader of it then sees
  return has;
}

// nominal_glyph's question when `slot` does not hold the answer: HarfBuzz's, then kept.
void FontFace::SlotsDeleter::operator()(std::atomic<std::uint64_t>* p) const { std::free(p); }

std::atomic<std::uint64_t>* FontFace::KeptSlots::make(unsigned log2) {
  once([this, log2] {
    // All-zero bytes are a zero std::atomic<std::uint64_t> (lock-free, no other state).
    static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
    void* p = std::calloc(std::size_t{1} << log2, sizeof(std::atomic<std::uint64_t>));
    owned.reset(static_cast<std::atomic<std::uint64_t>*>(p));
    ptr.store(owned.get(), std::memory_order_release);
  });
  return get();
}

bool FontFace::nominal_glyph_asked(char32_t c, std::size_t slot, std::uint32_t& glyph) const {
  hb_codepoint_t g = 0;
  if (!hb_font_get_nominal_glyph(font.get(), c, &g)) return false;
  if (std::atomic<std::uint64_t>* slots = nominal_.make(kNominalSlotsLog2)) {
    slots[slot].store(((std::uint64_t{c} + 1) << 32) | g, std::memory_order_relaxed);
  }
  glyph = g;
  return true;
}

namespace {

// The functions of FontFace::shaping_font: the character-to-glyph map through the face's
// kept answers; HarfBuzz takes everything else from the parent font.
hb_bool_t kept_nominal_glyph(hb_font_t*, void* face, hb_codepoint_t unicode, hb_codepoint_t* glyph, void*) {
  std::uint32_t g = 0;
  if (!static_cast<const FontFace*>(face)->nominal_glyph(unicode, g)) return false;
  *glyph = g;
  return true;
}

unsigned kept_nominal_glyphs(hb_font_t*, void* face, unsigned count, const hb_codepoint_t* first_unicode,
                             unsigned unicode_stride, hb_codepoint_t* first_glyph, unsigned glyph_stride, void*) {
  const auto* f = static_cast<const FontFace*>(face);
  const char* u = reinterpret_cast<const char*>(first_unicode);
  char* g = reinterpret_cast<char*>(first_glyph);
  for (unsigned i = 0; i < count; ++i) {
    std::uint32_t glyph = 0;
    if (!f->nominal_glyph(*reinterpret_cast<const hb_codepoint_t*>(u), glyph)) return i;
    *reinterpret_cast<hb_codepoint_t*>(g) = glyph;
    u += unicode_stride;
    g += glyph_stride;
  }
  return count;
}

hb_font_funcs_t* kept_nominal_funcs() {
  static hb_font_funcs_t* const funcs = [] {
    hb_font_funcs_t* f = hb_font_funcs_create();
    hb_font_funcs_set_nominal_glyph_func(f, kept_nominal_glyph, nullptr, nullptr);
    hb_font_funcs_set_nominal_glyphs_func(f, kept_nominal_glyphs, nullptr, nullptr);
    hb_font_funcs_make_immutable(f);
    return f;
  }();
  return funcs;
}

// What FontFace::file_id holds for a file stat saw as `st`.
std::array<std::int64_t, 4> file_identity(const struct stat& st) {
  return {static_cast<std::int64_t>(st.st_dev), static_cast<std::int64_t>(st.st_ino), static_cast<std::int64_t>(st.st_size),
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

// ... and for the open file `fd` (all zero when fstat fails).
std::array<std::int64_t, 4> file_identity(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return {};
  return file_identity(st);
}

// A blob of the `size` bytes mapped at `map`, unmapped when HarfBuzz lets go of it.
hb_blob_t* blob_of_mapping(void* map, std::size_t size, hb_memory_mode_t mode) {
  struct Mapping {
    void* at;
    std::size_t size;
  };
  auto* mapping = new Mapping{map, size};
  return hb_blob_create(static_cast<const char*>(map), static_cast<unsigned>(size), mode, mapping, [](void* m) {
    auto* p = static_cast<Mapping*>(m);
    ::munmap(p->at, p->size);
    delete p;
  });
}

// A table directory (at `at`, 12 + 16 * n bytes) listing `tags` (sorted) at `offsets` with
// `lengths`; checksums are left 0 (hb-subset writes its own, and no one reads these).
void write_table_directory(char* at, bool cff, const std::vector<hb_tag_t>& tags,
                           const std::vector<std::size_t>& offsets, const std::vector<unsigned>& lengths) {
  auto put16 = [](char* p, unsigned v) {
    p[0] = static_cast<char>(v >> 8);
    p[1] = static_cast<char>(v);
  };
  auto put32 = [&put16](char* p, std::uint32_t v) {
    put16(p, v >> 16);
    put16(p + 2, v & 0xFFFFu);
  };
  const auto n = static_cast<unsigned>(tags.size());
  unsigned selector = 0;
  while ((2u << selector) <= n) ++selector;  // floor(log2(n))
  const unsigned range = (1u << selector) * 16;
  put32(at, cff ? HB_TAG('O', 'T', 'T', 'O') : 0x00010000u);
  put16(at + 4, n);
  put16(at + 6, range);
  put16(at + 8, selector);
  put16(at + 10, n * 16 - range);
  for (unsigned i = 0; i < n; ++i) {
    char* record = at + 12 + 16 * std::size_t{i};
    std::memset(record, 0, 16);
    put32(record, tags[i]);  // checksum (record + 4) stays 0
    put32(record + 8, static_cast<std::uint32_t>(offsets[i]));
    put32(record + 12, lengths[i]);
  }
}

// The font file mapped again, privately, with its table directory rewritten to list only
// `tags` at the places `tables` (sub-blobs of the face's blob) already have in the file:
// the tables are the page cache's pages, shared with the face's own mapping, and only the
// first page is copied (on write). Null when that cannot be done (then the caller copies).
hb_blob_t* remapped_with_directory(const FontFace& f, bool cff, const std::vector<hb_tag_t>& tags,
                                   const std::vector<HbBlob>& tables) {
  unsigned file_size = 0;
  const char* file = hb_blob_get_data(f.blob.get(), &file_size);
  const std::size_t directory = 12 + 16 * tags.size();
  std::vector<std::size_t> offsets;
  std::vector<unsigned> lengths;
  for (const HbBlob& t : tables) {
    unsigned length = 0;
    const char* bytes = hb_blob_get_data(t.get(), &length);
    // Every table where the file has it, after the new directory and 4-aligned.
    if (length > 0 && (bytes < file + directory || bytes + length > file + file_size)) return nullptr;
    offsets.push_back(length > 0 ? static_cast<std::size_t>(bytes - file) : 0);
    if (offsets.back() % 4 != 0) return nullptr;
    lengths.push_back(length);
  }
  const int fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  // The file the face was read from, not another one put at its path since (a file changed
  // in place changes the face's own pages alike).
  void* map = MAP_FAILED;
  if (file_identity(fd) == f.file_id && f.file_id[2] == static_cast<std::int64_t>(file_size) && file_size > 0) {
    map = ::mmap(nullptr, file_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  }
  ::close(fd);
  if (map == MAP_FAILED) return nullptr;
  write_table_directory(static_cast<char*>(map), cff, tags, offsets, lengths);
  return blob_of_mapping(map, file_size, HB_MEMORY_MODE_WRITABLE);
}

// The font without the tables a PDF viewer never reads: cmap (the PDF maps CIDs to glyphs
// itself) and the layout tables (a viewer does not shape). hb-subset then neither walks the
// cmap for the code points of the glyphs kept nor writes one (HarfBuzz 6.0 subsets only
// faces made from a font file, so this is one: the file mapped again with a new table
// directory, see remapped_with_directory; when that fails, a table directory and the kept
// tables copied into memory, which cost a page fault every 4 KB of the font, 290 a seed
// render). hb_face_builder would also sum every table (4 M instructions for the four fonts
// of a seed render) for checksums that no one reads. Null when the face lists no tables.
hb_face_t* without_viewer_unused_tables(const FontFace& f) {
  hb_face_t* face = f.face.get();
  unsigned count = hb_face_get_table_tags(face, 0, nullptr, nullptr);
  if (count == 0) return nullptr;
  std::vector<hb_tag_t> tags(count);
  hb_face_get_table_tags(face, 0, &count, tags.data());
  std::sort(tags.begin(), tags.end());  // the directory is searched by binary search
  std::vector<HbBlob> tables;
  std::vector<hb_tag_t> kept;
  std::size_t size = 12;
  bool cff = false;
  for (unsigned i = 0; i < count; ++i) {
    switch (tags[i]) {
      case HB_TAG('c', 'm', 'a', 'p'): case HB_TAG('G', 'S', 'U', 'B'): case HB_TAG('G', 'P', 'O', 'S'):
      case HB_TAG('G', 'D', 'E', 'F'): case HB_TAG('k', 'e', 'r', 'n'): case HB_TAG('D', 'S', 'I', 'G'):
      case HB_TAG('J', 'S', 'T', 'F'):
        continue;
      default: break;
    }
    if (i > 0 && tags[i] == tags[i - 1]) continue;
    cff = cff || tags[i] == HB_TAG('C', 'F', 'F', ' ') || tags[i] == HB_TAG('C', 'F', 'F', '2');
    tables.emplace_back(hb_face_reference_table(face, tags[i]));
    kept.push_back(tags[i]);
    size += 16 + ((hb_blob_get_length(tables.back().get()) + 3u) & ~std::size_t{3});
  }
  if (kept.empty() || kept.size() > 0xFFFF || size > 0xFFFFFFFFu) return nullptr;
  if (HbBlob mapped(remapped_with_directory(f, cff, kept, tables)); mapped) return hb_face_create(mapped.get(), 0);
  auto* data = static_cast<char*>(std::calloc(size, 1));
  if (!data) return nullptr;
  std::vector<std::size_t> offsets;
  std::vector<unsigned> lengths;
  std::size_t offset = 12 + 16 * kept.size();
  for (const HbBlob& t : tables) {
    unsigned length = 0;
    const char* bytes = hb_blob_get_data(t.get(), &length);
    if (length > 0) std::memcpy(data + offset, bytes, length);
    offsets.push_back(offset);
    lengths.push_back(length);
    offset += (length + 3u) & ~3u;
  }
  write_table_directory(data, cff, kept, offsets, lengths);
  HbBlob blob(hb_blob_create(data, static_cast<unsigned>(size), HB_MEMORY_MODE_WRITABLE, data, std::free));
  return hb_face_create(blob.get(), 0);
}

}  // namespace

hb_face_t* FontFace::subset_face() const {
  strip_once_([this] { stripped_.reset(without_viewer_unused_tables(*this)); });
  hb_face_t* plain = stripped_ ? stripped_.get() : face.get();
  // Preprocessing costs about as much as five subsets; behind the subset cache, a font is
  // subset again only for a new set of glyphs, so it pays once that has happened a few times.
  constexpr int kPlainSubsets = 4;
  if (subset_uses_.fetch_add(1, std::memory_order_relaxed) < kPlainSubsets) return plain;
  preprocess_once_([this, plain] {
    hb_face_t* made = hb_subset_preprocess(plain);
#if !HB_VERSION_ATLEAST(7, 0, 0)
    // Before 7.0 a preprocessing that fails gives back the face it was given without a
    // reference of its own (fixed upstream, commit d77fca9): preprocessed_ would then destroy
    // the plain face under stripped_'s feet.
    if (made == plain) hb_face_reference(plain);
#endif
    preprocessed_.reset(made);
  });
  return preprocessed_ ? preprocessed_.get() : plain;
}

FontFace::SubsetSource FontFace::subset_source() const {
  SubsetSource source{subset_face(), {}};
#if !HB_VERSION_ATLEAST(7, 2, 0)
  // (stripped_ is set before subset_face returns; preprocessed_ may be being set by another
  // thread, so it is not read here. A failed preprocessing gives the plain face back.)
  if (source.face != (stripped_ ? stripped_.get() : face.get())) source.hold = std::unique_lock(preprocessed_use_);
#endif
  return source;
}

void FontFace::FreeDeleter::operator()(std::uint32_t* p) const { std::free(p); }

FontUnits FontFace::glyph_advance(std::uint32_t gid) const {
  advances_once_([this] {
    const unsigned n = hb_face_get_glyph_count(face.get());
    advances_.reset(static_cast<std::uint32_t*>(std::calloc(n, sizeof(std::uint32_t))));
    if (advances_) glyph_count_ = n;
  });
  if (gid >= glyph_count_) return FontUnits(static_cast<double>(hb_font_get_glyph_h_advance(font.get(), gid)));
  std::atomic_ref<std::uint32_t> slot(advances_[gid]);
  std::uint32_t v = slot.load(std::memory_order_relaxed);
  if (v == 0) {
    v = static_cast<std::uint32_t>(hb_font_get_glyph_h_advance(font.get(), gid)) + 1u;
    slot.store(v, std::memory_order_relaxed);
  }
  return FontUnits(static_cast<double>(static_cast<std::int32_t>(v - 1u)));
}

void FontFace::InkChunksDeleter::operator()(std::uint64_t** p) const {
  for (std::uint32_t i = 0; i < chunks; ++i) std::free(p[i]);
  std::free(p);
}

FontFace::Ink FontFace::glyph_ink_asked(std::uint32_t gid) const {
  auto ask = [this, gid] {
    hb_glyph_extents_t ext{};
    if (!hb_font_get_glyph_extents(font.get(), gid, &ext) || ext.width == 0 || ext.height == 0) return Ink{};
    // HarfBuzz's height is negative for an outline that goes down from its top (y_bearing).
    auto clamp = [](int v) { return std::clamp(v, -32767, 32767); };
    const int x0 = ext.x_bearing, x1 = ext.x_bearing + ext.width;
    const int y0 = ext.y_bearing, y1 = ext.y_bearing + ext.height;
    return Ink{clamp(std::min(x0, x1)), clamp(std::max(x0, x1)), clamp(std::min(y0, y1)), clamp(std::max(y0, y1))};
  };
  // (Asked only until the table is made.)
  if (ink_chunks_ready_.load(std::memory_order_acquire) == nullptr) inks_once_([this] {
    const unsigned n = hb_face_get_glyph_count(face.get());
    const unsigned chunks = (n + kInkChunk - 1) / kInkChunk;
    ink_chunks_.reset(static_cast<std::uint64_t**>(std::calloc(std::max(chunks, 1u), sizeof(std::uint64_t*))));
    if (ink_chunks_) {
      ink_chunks_.get_deleter().chunks = chunks;
      ink_count_ = n;
    }
    ink_chunks_ready_.store(ink_chunks_.get(), std::memory_order_release);
  });
  if (gid >= ink_count_) return ask();
  std::atomic_ref<std::uint64_t*> chunk_slot(ink_chunks_[gid / kInkChunk]);
  std::uint64_t* chunk = chunk_slot.load(std::memory_order_acquire);
  if (chunk == nullptr) {
    auto* made = static_cast<std::uint64_t*>(std::calloc(kInkChunk, sizeof(std::uint64_t)));
    if (made == nullptr) return ask();
    // Another thread may have made it meanwhile: then its chunk is kept, and this one freed.
    if (chunk_slot.compare_exchange_strong(chunk, made, std::memory_order_acq_rel, std::memory_order_acquire)) {
      chunk = made;
    } else {
      std::free(made);
    }
  }
  std::atomic_ref<std::uint64_t> slot(chunk[gid % kInkChunk]);
  std::uint64_t v = slot.load(std::memory_order_relaxed);
  auto field = [](int x, int shift) { return static_cast<std::uint64_t>(x + 32768) << shift; };
  if (v == 0) {
    const Ink ink = ask();
    v = field(ink.top, 48) | field(ink.bottom, 32) | field(ink.right, 16) | field(ink.left, 0);
    slot.store(v, std::memory_order_relaxed);
  }
  auto get = [v](int shift) { return static_cast<int>((v >> shift) & 0xFFFFu) - 32768; };
  return Ink{get(0), get(16), get(32), get(48)};
}

void FontFace::find_invisible_glyphs() const {
  invisible_once_([this] {
    hb_codepoint_t g = 0;
    if (hb_font_get_nominal_glyph(font.get(), U' ', &g)) space_glyph_ = g;
    for (char32_t c : {U'\u200D', U'\u200C', U'\u2060', U'\u200B', U'\uFEFF'}) {
      hb_glyph_extents_t ext{};
      if (hb_font_get_nominal_glyph(font.get(), c, &g) && glyph_advance(g).value() == 0 &&
          (!hb_font_get_glyph_extents(font.get(), g, &ext) || (ext.width == 0 && ext.height == 0))) {
        empty_glyph_ = g;
        return;
      }
    }
  });
}

std::optional<std::uint32_t> FontFace::space_glyph() const {
  find_invisible_glyphs();
  return space_glyph_;
}

std::optional<std::uint32_t> FontFace::empty_glyph() const {
  find_invisible_glyphs();
  return empty_glyph_;
}

namespace {

std::string name_entry(hb_face_t* face, hb_ot_name_id_t id) {
  char buf[256];
  unsigned len = sizeof buf;
  hb_ot_name_get_utf8(face, id, hb_language_from_string("en", -1), &len, buf);
  return std::string(buf, len);
}

// The font file at `path` mapped (read-only, private), with `id` set from the same open file:
// one open, where asking stat and then HarfBuzz (hb_blob_create_from_file) opened it twice.
// Null, `id` untouched, for what cannot be mapped (a pipe, an empty file): HarfBuzz reads it.
hb_blob_t* mapped_font_file(const std::string& path, std::array<std::int64_t, 4>& id) {
  MappedFile file(path, 0x7FFFFFFF);
  if (!file.ok()) return nullptr;
  id = file_identity(file.status());
  const std::string_view bytes = file.text();
  file.release();  // HarfBuzz unmaps it when it lets go of the blob
  return blob_of_mapping(const_cast<char*>(bytes.data()), bytes.size(), HB_MEMORY_MODE_READONLY_MAY_MAKE_WRITABLE);
}

// The font's italic angle, as hb_style_get_value(font, HB_STYLE_TAG_SLANT_ANGLE) gives it.
// A font without variations (fvar) or style attributes (STAT) has it in 'post', which
// HarfBuzz reads through its 'post' accelerator: building that indexes every glyph name
// (77,000 instructions a Noto font, 465,000 for the six of the seed). Here the angle is read
// where it is, from a table that passes the same checks as HarfBuzz's (a table HarfBuzz
// refuses reads as 0); other fonts still ask HarfBuzz.
double italic_angle(hb_font_t* font, hb_face_t* face) {
  auto has_table = [face](hb_tag_t tag) {
    HbBlob t(hb_face_reference_table(face, tag));
    return hb_blob_get_length(t.get()) > 0;
  };
  if (has_table(HB_TAG('f', 'v', 'a', 'r')) || has_table(HB_TAG('S', 'T', 'A', 'T'))) {
    return static_cast<double>(hb_style_get_value(font, HB_STYLE_TAG_SLANT_ANGLE));
  }
  HbBlob post(hb_face_reference_table(face, HB_TAG('p', 'o', 's', 't')));
  unsigned length = 0;
  const char* p = hb_blob_get_data(post.get(), &length);
  constexpr unsigned kHeader = 32;  // version, italicAngle, ..., maxMemType1
  if (length < kHeader) return 0;
  auto u32 = [p](unsigned at) { return read_be32(p + at); };
  const std::uint32_t version = u32(0);
  // Version 2 lists a glyph name index after the header, which must fit in the table.
  const bool sound = version == 0x00010000u || version == 0x00030000u ||
                     (version == 0x00020000u && length >= kHeader + 2 &&
                      length >= kHeader + 2 + 2u * read_be16(p + kHeader));
  if (!sound) return 0;
  // A 16.16 fixed-point number, converted as HarfBuzz does (to float).
  return static_cast<double>(static_cast<float>(static_cast<std::int32_t>(u32(4))) / 65536.f);
}

// Why the font's table directory names bytes the file does not have (a font cut short by
// a failed copy or download), or "": HarfBuzz takes such a table as absent, and the font's
// letters, or its shaping (GSUB, GPOS: Arabic joining), are silently lost.
std::string cut_short_table(hb_blob_t* blob) {
  unsigned size = 0;
  const char* d = hb_blob_get_data(blob, &size);
  auto u32 = [d](std::size_t at) { return read_be32(d + at); };
  std::size_t font = 0;
  if (size >= 16 && std::memcmp(d, "ttcf", 4) == 0) font = u32(12);  // a collection: its first font
  if (font > size || size - font < 12) return "the font file is cut short: it ends inside its table directory";
  const std::size_t tables = read_be16(d + font + 4);
  if (size - font - 12 < tables * 16) return "the font file is cut short: it ends inside its table directory";
  for (std::size_t i = 0; i < tables; ++i) {
    const char* e = d + font + 12 + i * 16;
    const std::uint64_t end = std::uint64_t{u32(static_cast<std::size_t>(e - d) + 8)} + u32(static_cast<std::size_t>(e - d) + 12);
    if (end > size) {
      return "the font file is cut short or damaged: its '" + std::string(e, 4) + "' table ends at byte " +
             std::to_string(end) + " of a file of " + std::to_string(size) + " bytes; copy the font again";
    }
  }
  return "";
}

// Whether the font draws a letter or digit it has (or, with none, one of its first glyphs).
bool draws_ink(hb_font_t* font) {
  auto inked = [font](hb_codepoint_t gid) {
    hb_glyph_extents_t e{};
    return hb_font_get_glyph_extents(font, gid, &e) && e.width != 0 && e.height != 0;
  };
  bool mapped = false;
  for (const hb_codepoint_t c : {U'H', U'o', U'0', U'\u0627', U'\u0628', U'\u05D0', U'\u0410', U'\u4E00'}) {
    hb_codepoint_t gid = 0;
    if (!hb_font_get_nominal_glyph(font, c, &gid) || gid == 0) continue;
    if (inked(gid)) return true;
    mapped = true;
  }
  if (mapped) return false;
  const unsigned count = hb_face_get_glyph_count(hb_font_get_face(font));
  for (hb_codepoint_t gid = 1; gid < count && gid < 64; ++gid) {
    if (inked(gid)) return true;
  }
  return false;
}

std::unique_ptr<FontFace> open_face(const std::string& path, std::string& error) {
  auto f = std::make_unique<FontFace>();
  f->path = path;
  f->blob.reset(mapped_font_file(path, f->file_id));
  if (!f->blob) f->blob.reset(hb_blob_create_from_file_or_fail(path.c_str()));
  if (!f->blob) {
    error = "cannot read font file";
    return nullptr;
  }
  if (hb_face_count(f->blob.get()) == 0) {
    error = "not a font file HarfBuzz can read";
    return nullptr;
  }
  if (std::string cut = cut_short_table(f->blob.get()); !cut.empty()) {
    error = cut;
    return nullptr;
  }
  f->face.reset(hb_face_create(f->blob.get(), 0));
  f->upem = hb_face_get_upem(f->face.get());
  if (f->upem < 16 || f->upem > 16384 || hb_face_get_glyph_count(f->face.get()) == 0) {
    error = "font has no glyphs or an invalid units-per-em";
    return nullptr;
  }
  f->font.reset(hb_font_create(f->face.get()));
  hb_font_set_scale(f->font.get(), static_cast<int>(f->upem), static_cast<int>(f->upem));
  hb_ot_font_set_funcs(f->font.get());

  hb_position_t v = 0;
  hb_ot_metrics_get_position_with_fallback(f->font.get(), HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v);
  f->ascender = FontUnits(v);
  hb_ot_metrics_get_position_with_fallback(f->font.get(), HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v);
  f->descender = FontUnits(-v);
  hb_ot_metrics_get_position_with_fallback(f->font.get(), HB_OT_METRICS_TAG_CAP_HEIGHT, &v);
  f->cap_height = FontUnits(v);
  f->italic_angle = italic_angle(f->font.get(), f->face.get());

  // 'head' holds the bounding box and macStyle; HarfBuzz has no getter for them.
  HbBlob head(hb_face_reference_table(f->face.get(), HB_TAG('h', 'e', 'a', 'd')));
  unsigned head_len = 0;
  const char* h = hb_blob_get_data(head.get(), &head_len);
  if (head_len >= 54) {
    for (int i = 0; i < 4; ++i) {
      f->bbox[static_cast<std::size_t>(i)] =
          FontUnits(static_cast<std::int16_t>(read_be16(h + 36 + 2 * i)));
    }
    const std::uint16_t mac_style = read_be16(h + 44);
    f->bold = (mac_style & 1) != 0;
    f->italic = (mac_style & 2) != 0;
  }
  for (const hb_tag_t tag : {HB_TAG('C', 'F', 'F', ' '), HB_TAG('C', 'F', 'F', '2')}) {
    HbBlob table(hb_face_reference_table(f->face.get(), tag));
    if (hb_blob_get_length(table.get()) != 0) f->cff_outlines = true;
  }
  // HarfBuzz draws nothing from a CFF table it cannot read (and the writer makes TrueType
  // outlines of what it draws): such a font would print blank words.
  if (f->cff_outlines && !draws_ink(f->font.get())) {
    error = "its PostScript (CFF) outlines cannot be read (the font is damaged); copy the font again";
    return nullptr;
  }
  f->postscript_name = name_entry(f->face.get(), HB_OT_NAME_ID_POSTSCRIPT_NAME);
  f->family = name_entry(f->face.get(), HB_OT_NAME_ID_FONT_FAMILY);
  if (f->postscript_name.empty()) f->postscript_name = "HandoutFont";

  hb_font_make_immutable(f->font.get());
  f->shaping_font.reset(hb_font_create_sub_font(f->font.get()));
  hb_font_set_funcs(f->shaping_font.get(), kept_nominal_funcs(), f.get(), nullptr);
  hb_font_make_immutable(f->shaping_font.get());
  hb_face_make_immutable(f->face.get());
  return f;
}

// Whether `f` maps Arabic letters (beh) but has no OpenType forms to join them (no
// GSUB 'init', 'medi' or 'fina' feature): HarfBuzz then falls back to the presentation forms
// of its cmap, if any, and printed "ماذا" as "مجاذا" (a meem-jeem ligature for a lone meem)
// with Noto Naskh Arabic stripped of its GSUB; without them, letters print unjoined.
bool find_arabic_without_joining(const FontFace& f) {
  // GSUB's FeatureList read from the table's bytes: HarfBuzz's own reader of it would first
  // check the whole table (a third of a million instructions for the four Noto Sans faces).
  HbBlob gsub(hb_face_reference_table(f.face.get(), HB_TAG('G', 'S', 'U', 'B')));
  unsigned len = 0;
  const char* g = hb_blob_get_data(gsub.get(), &len);
  if (len >= 10) {
    const std::size_t list = read_be16(g + 6);
    const std::size_t count = list + 2 <= len ? read_be16(g + list) : 0;
    for (std::size_t i = 0; i < count && list + 2 + 6 * (i + 1) <= len; ++i) {
      const char* tag = g + list + 2 + 6 * i;
      if (std::memcmp(tag, "init", 4) == 0 || std::memcmp(tag, "medi", 4) == 0 || std::memcmp(tag, "fina", 4) == 0) {
        return false;
      }
    }
  }
  // (Asked only then: the first question of a font's cmap sets up HarfBuzz's reader of it.)
  hb_codepoint_t gid = 0;
  return hb_font_get_nominal_glyph(f.font.get(), U'\u0628', &gid) && gid != 0;
}

}  // namespace

bool FontFace::maps_arabic_without_joining() const {
  arabic_joining_once_([this] { arabic_without_joining_ = find_arabic_without_joining(*this); });
  return arabic_without_joining_;
}

std::optional<FontId> FontBook::load(const std::string& path, DiagSink& sink,
                                     const std::function<Location()>& where, std::string_view shown) {
  std::lock_guard lock(mutex_);
  if (auto it = by_path_.find(path); it != by_path_.end()) return it->second;
  const std::size_t n = count_.load(std::memory_order_relaxed);
  if (n >= kMaxFonts) {
    sink.error(where(), "too many fonts (the limit is " + std::to_string(kMaxFonts) + ")");
    return std::nullopt;
  }
  std::string error;
  auto face = open_face(path, error);
  if (!face) {
    sink.error(where(), "font \"" + (shown.empty() ? path : std::string(shown)) + "\": " + error);
    return std::nullopt;
  }
  faces_[n] = std::move(face);
  const auto id = static_cast<FontId>(n);
  by_path_[path] = id;
  count_.store(n + 1, std::memory_order_release);
  return id;
}

const std::vector<FamilyFaces>& FontChains::chain(const std::string& script) const {
  if (auto it = by_script.find(script); it != by_script.end() && !it->second.empty()) {
    return it->second;
  }
  return by_script.at("default");
}

std::optional<FontChains> resolve_font_chains(FontBook& book, const LayoutSpec& spec,
                                              DiagSink& sink) {
  const int before = sink.error_count();
  std::map<std::string, FamilyFaces> families;
  for (const auto& [name, files] : spec.families) {
    FamilyFaces fam;
    fam.name = name;
    fam.scale = files.scale;
    std::array<std::optional<FontId>, 4> ids;
    const std::array<const std::string*, 4> paths = {&files.regular, &files.bold, &files.italic,
                                                     &files.bold_italic};
    static constexpr const char* kFaceKeys[] = {"regular", "bold", "italic", "bold_italic"};
    for (std::size_t i = 0; i < 4; ++i) {
      if (paths[i]->empty()) continue;
      const std::string pointer = pointer_append(pointer_append("/fonts/families", name), kFaceKeys[i]);
      const std::string shown =
          spec.served_data.empty() ? std::string() : ServedFiles{spec.served_data}.shown(*paths[i]) + " in handout's data";
      ids[i] = book.load(*paths[i], sink, [&spec, &pointer] { return spec.locate(pointer); }, shown);
    }
    if (!ids[0]) continue;
    // A missing face falls back to the nearest: bold italic → bold → regular; italic → regular.
    fam.ids[0] = *ids[0];
    fam.ids[1] = ids[1].value_or(fam.ids[0]);
    fam.has_italic = ids[2].has_value();
    fam.ids[2] = ids[2].value_or(fam.ids[0]);
    fam.ids[3] = ids[3].value_or(ids[1] ? *ids[1] : fam.ids[2]);
    families[name] = fam;
  }
  // The fonts Arabic letters are set in (the "arabic" chain, else "default") must join them.
  auto arabic = spec.chains.find("arabic");
  if (arabic == spec.chains.end() || arabic->second.empty()) arabic = spec.chains.find("default");
  if (arabic != spec.chains.end()) {
    for (const std::string& name : arabic->second) {
      const auto fam = families.find(name);
      const auto files = spec.families.find(name);
      if (fam == families.end() || files == spec.families.end()) continue;
      static constexpr const char* kFaceKeys[] = {"regular", "bold", "italic", "bold_italic"};
      const std::array<const std::string*, 4> paths = {&files->second.regular, &files->second.bold,
                                                       &files->second.italic, &files->second.bold_italic};
      for (std::size_t i = 0; i < 4; ++i) {
        if (paths[i]->empty() || (i > 0 && fam->second.ids[i] == fam->second.ids[0])) continue;
        if (!book.face(fam->second.ids[i]).maps_arabic_without_joining()) continue;
        sink.error(spec.locate(pointer_append(pointer_append("/fonts/families", name), kFaceKeys[i])),
                   "font \"" + *paths[i] + "\" has Arabic letters but no OpenType forms to join them (no " +
                       "GSUB 'init', 'medi' or 'fina' feature): Arabic would print unjoined or with wrong " +
                       "letters; use a font made for Arabic (such as Noto Naskh Arabic)");
      }
    }
  }
  if (sink.error_count() > before) return std::nullopt;
  FontChains chains;
  for (const auto& [script, names] : spec.chains) {
    auto& list = chains.by_script[script];
    for (const auto& n : names) list.push_back(families.at(n));
  }
  chains.last_resort = book.last_resort();
  return chains;
}

namespace {

// handout's own fonts after every chain, in order, in the data's fonts/ folder.
constexpr const char* kLastResortFiles[] = {"NotoSansMath-Regular.ttf", "NotoSansSymbols2-Regular.ttf"};

}  // namespace

void LastResortFonts::open() const {
  once_([this] {
    const std::string data = find_data_dir();
    if (data.empty()) return;
    const std::string dir = data + "/fonts";
    DiagSink ignored;  // a font missing from an odd installation: its characters are refused as before
    for (const char* file : kLastResortFiles) {
      const std::string path = dir + "/" + file;
      struct stat st {};
      if (::stat(path.c_str(), &st) != 0) continue;
      const auto id = book_->load(path, ignored, Location{});
      if (!id) continue;
      FamilyFaces fam;
      fam.name = book_->face(*id).family;
      fam.ids.fill(*id);
      families_.push_back(std::move(fam));
    }
  });
  open_.store(true, std::memory_order_release);
}

const FamilyFaces* LastResortFonts::find(char32_t c) const {
  open();
  for (const FamilyFaces& fam : families_) {
    if (book_->face(fam.ids[0]).covers(c)) return &fam;
  }
  return nullptr;
}

std::vector<std::string> LastResortFonts::names() const {
  open();
  std::vector<std::string> out;
  for (const FamilyFaces& fam : families_) out.push_back(fam.name);
  return out;
}

bool LastResortFonts::has(FontId id) const {
  if (!open_.load(std::memory_order_acquire)) return false;
  return std::any_of(families_.begin(), families_.end(), [id](const FamilyFaces& f) { return f.ids[0] == id; });
}

}  // namespace handout
