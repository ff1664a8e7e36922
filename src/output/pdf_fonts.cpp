#include "output/pdf_fonts.h"

#include "output/cff_to_glyf.h"
#include "output/pdf_images.h"

#include "core/lib_haru.h"

#include <algorithm>
#include <tuple>

#include "core/display.h"
#include "core/handles.h"
#include "core/utf.h"
#include "output/pdf_deflate.h"
#include "output/pdf_number.h"
#include "output/pdf_strings.h"
#include "output/side_post.h"

namespace handout {

namespace {

// Bidi formatting characters (embeddings, overrides, isolates, marks) steer the layout;
// they are not text a reader copies, so they stay out of the ToUnicode map.
std::string without_bidi_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    // All of them are three UTF-8 bytes: E2 80 8E/8F/AA-AE and E2 81 A6-A9.
    if (i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xE2) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]), b2 = static_cast<unsigned char>(text[i + 2]);
      if ((b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE))) ||
          (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) {
        i += 3;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

}  // namespace

std::uint32_t PdfFontSet::find_code(FontId font, std::uint32_t gid, std::string_view raw_text, bool rtl) {
  // The glyph's first code (the table code() reads inline) serves a call with the text and
  // direction of the call that made it (the text kept is made from those two alone).
  std::uint32_t* first = nullptr;
  if (gid < kFirstCodeGids) {
    if (font >= first_code_.size()) first_code_.resize(std::size_t{font} + 1);
    std::vector<std::uint32_t>& row = first_code_[font];
    if (gid >= row.size()) {
      row.resize(std::min<std::size_t>(std::max<std::size_t>(std::size_t{gid} + 1, 2 * row.size()), kFirstCodeGids), 0);
    }
    first = &row[gid];
  }
  std::string clean;
  std::string_view text = raw_text;
  // A glyph that stands for U+200E LEFT-TO-RIGHT MARK alone is the text layer's mark after a
  // right-to-left run in left-to-right text (text_block.cpp, direction_mark): it keeps it.
  // So does a separator between stretches of a right-to-left line (kSeparatorText).
  if (raw_text.find('\xE2') != std::string_view::npos && raw_text != "\xE2\x80\x8E" && raw_text != kSeparatorText) {
    clean = without_bidi_controls(raw_text);
    text = clean;
  }
  if (text.empty()) {
    // A glyph with no text of its own (the second glyph HarfBuzz made for one cluster, whose
    // text another carries; a glyph for a bidi control) still needs a mapping (PDF/UA-1
    // 7.21.7): U+2060 WORD JOINER, invisible, default-ignorable, a format character (so
    // transparent to Arabic joining: text copied from the PDF looks the same) that pdf.js
    // drops. (U+034F COMBINING GRAPHEME JOINER, a mark, was kept by pdf.js inside the word:
    // "شي͏ئًا".)
    text = "\xE2\x81\xA0";
  }
  std::string reversed;
  if (rtl && text.size() > 1) {
    // More than one code point: more than one UTF-8 lead byte (no allocation otherwise).
    const auto leads = std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; });
    if (leads > 1) {
      const std::u32string u = utf8_to_utf32(text);
      for (auto it = u.rbegin(); it != u.rend(); ++it) append_utf8(reversed, *it);
      text = reversed;
    }
  }
  // The first code of this glyph stands for the same text from another call's (a bidi control
  // dropped): checked before the full key is built.
  if (first && *first != 0 && glyphs_[*first].text == text) return *first;
  // A glyph's first code is found through first_code_ alone; by_key_ holds the others (and
  // every code of a glyph id beyond first_code_'s).
  const bool becomes_first = first && *first == 0;
  decltype(by_key_)::iterator it;
  if (!becomes_first) {
    std::string key;
    key.reserve(text.size() + sizeof font + sizeof gid);
    key.append(reinterpret_cast<const char*>(&font), sizeof font);
    key.append(reinterpret_cast<const char*>(&gid), sizeof gid);
    key.append(text);
    bool inserted = false;
    std::tie(it, inserted) = by_key_.try_emplace(std::move(key), 0);
    if (!inserted) return it->second;
  }
  Font& f = fonts_[font];
  if (f.codes >= kMaxCids || glyphs_.size() > kMaxCodes) {
    if (!becomes_first) by_key_.erase(it);
    overflowed_ = book_.face(font).postscript_name;
    return 0;
  }
  ++f.codes;
  const FontFace& face = book_.face(font);
  glyphs_.push_back(Glyph{gid, font, 0, to_milli_em(face.glyph_advance(gid), face.upem), std::string(text),
                          std::string(raw_text), rtl});
  const auto code = static_cast<std::uint32_t>(glyphs_.size() - 1);
  if (becomes_first) *first = code;
  else it->second = code;
  return code;
}

std::uint16_t PdfFontSet::allocate_cid(std::uint32_t code) {
  Glyph& g = glyphs_[code];
  Font& f = fonts_.at(g.font);
  if (f.cids.empty()) order_.push_back(g.font);
  f.cids.push_back(code);
  g.cid = static_cast<std::uint16_t>(f.cids.size());
  return g.cid;
}

namespace {

void write(HPDF_Stream s, const std::string& text) {
  HPDF_Stream_Write(s, reinterpret_cast<const HPDF_BYTE*>(text.data()), static_cast<HPDF_UINT>(text.size()));
}

// A ToUnicode destination string holds at most 512 bytes (PDF 32000-1, 9.10.3): 256
// UTF-16 code units. A longer text (one glyph carrying thousands of invisible characters
// or marks) keeps its first 256 units, whole characters only.
constexpr std::size_t kMaxToUnicodeUnits = 256;

// UTF-16BE hex of a UTF-8 string, for ToUnicode, cut to kMaxToUnicodeUnits.
std::string utf16_hex(const std::string& utf8) {
  std::string out;
  for (char32_t c : utf8_to_utf32(utf8)) {
    if (out.size() / 4 + (c >= 0x10000 ? 2 : 1) > kMaxToUnicodeUnits) break;
    if (c >= 0x10000) {
      const char32_t v = c - 0x10000;
      append_hex16(out, 0xD800 + static_cast<unsigned>(v >> 10));
      append_hex16(out, 0xDC00 + static_cast<unsigned>(v & 0x3FF));
    } else {
      append_hex16(out, static_cast<unsigned>(c));
    }
  }
  return out;
}

// A six-letter subset tag derived from the font and the glyphs kept, so that it is the
// same on every run (PDF requires the tag; its value only has to be stable and distinct).
std::string subset_tag(const std::string& name, const std::vector<std::uint32_t>& gids) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::uint64_t v) {
    h ^= v;
    h *= 1099511628211ull;
  };
  for (char c : name) mix(static_cast<unsigned char>(c));
  for (auto g : gids) mix(g);
  std::string tag;
  for (int i = 0; i < 6; ++i) {
    tag.push_back(static_cast<char>('A' + h % 26));
    h /= 26;
  }
  return tag;
}

std::string to_unicode_cmap(const std::vector<std::string>& texts) {
  std::string s =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  std::vector<std::pair<unsigned, std::string>> entries;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!texts[i].empty()) entries.emplace_back(static_cast<unsigned>(i + 1), utf16_hex(texts[i]));
  }
  for (std::size_t i = 0; i < entries.size(); i += 100) {
    const std::size_t n = std::min<std::size_t>(100, entries.size() - i);
    s += std::to_string(n) + " beginbfchar\n";
    for (std::size_t k = i; k < i + n; ++k) {
      s += '<';
      append_hex16(s, entries[k].first);
      s += "> <" + entries[k].second + ">\n";
    }
    s += "endbfchar\n";
  }
  s += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return s;
}

}  // namespace

bool PdfFontSet::build_font(HPDF_Doc pdf, FontId id, Font& f, Prepared& p, DiagSink& sink) {
  const FontFace& face = book_.face(id);
  HPDF_MMgr mmgr = pdf->mmgr;
  HPDF_Xref xref = pdf->xref;
  auto fail = [&](const std::string& what) {
    sink.error(Location{face.path, 0, 0, ""}, "cannot embed font: " + what);
    return false;
  };
  const std::vector<std::uint32_t>& gids = p.gids;

  const std::string base = subset_tag(face.postscript_name, gids) + "+" + face.postscript_name;
  const double k = 1000.0 / face.upem;
  HPDF_STATUS st = HPDF_OK;

  // The font file is deflated here (or was, for a cached subset), not by libharu.
  HPDF_Dict file = HPDF_DictStream_New(mmgr, xref);
  if (!file) return fail("libharu could not create a stream");
  // libharu rewrites /Filter from its own filter field when it writes the dictionary, and
  // would deflate again: so its filter stays "none" and the entry is written by the
  // dictionary's write hook (called after the keys, before ">>").
  file->filter = HPDF_STREAM_FILTER_NONE;
  if (compress_) file->write_fn = write_flate_filter;
  // The file's bytes and length are set by complete(), once the subset is made.
  p.file = file;
  st |= HPDF_Dict_AddNumber(file, "Length1", 0);
  p.length1 = static_cast<HPDF_Number>(HPDF_Dict_GetItem(file, "Length1", HPDF_OCLASS_NUMBER));
  if (!p.length1) return fail("libharu could not create a number");

  HPDF_Dict desc = HPDF_Dict_New(mmgr);
  if (!desc || HPDF_Xref_Add(xref, desc) != HPDF_OK) return fail("libharu could not create a dictionary");
  st |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
  st |= HPDF_Dict_AddName(desc, "FontName", base.c_str());
  int flags = 4;  // symbolic: glyphs are addressed by CID, not by a standard encoding
  if (face.italic || face.italic_angle != 0) flags |= 64;
  st |= HPDF_Dict_AddNumber(desc, "Flags", flags);
  HPDF_Array bbox = HPDF_Array_New(mmgr);
  st |= HPDF_Dict_Add(desc, "FontBBox", bbox);
  for (const auto& v : face.bbox) st |= HPDF_Array_AddNumber(bbox, static_cast<HPDF_INT32>(std::lround(v.value() * k)));
  st |= HPDF_Dict_AddReal(desc, "ItalicAngle", static_cast<HPDF_REAL>(face.italic_angle));
  st |= HPDF_Dict_AddNumber(desc, "Ascent", static_cast<HPDF_INT32>(std::lround(face.ascender.value() * k)));
  st |= HPDF_Dict_AddNumber(desc, "Descent", static_cast<HPDF_INT32>(-std::lround(face.descender.value() * k)));
  st |= HPDF_Dict_AddNumber(desc, "CapHeight", static_cast<HPDF_INT32>(std::lround(face.cap_height.value() * k)));
  st |= HPDF_Dict_AddNumber(desc, "StemV", face.bold ? 140 : 80);
  st |= HPDF_Dict_Add(desc, "FontFile2", file);

  // Widths: runs of consecutive CIDs from 1, each at most 8191 long (the array limit of
  // PDF 1.4 readers and PDF/A-1; libharu itself stops at 32767).
  constexpr std::size_t kWidthsPerRun = 8191;
  HPDF_Array w = HPDF_Array_New(mmgr);
  HPDF_Array widths = nullptr;
  for (std::size_t i = 0; i < f.cids.size(); ++i) {
    if (i % kWidthsPerRun == 0) {
      widths = HPDF_Array_New(mmgr);
      st |= HPDF_Array_AddNumber(w, static_cast<HPDF_INT32>(i + 1));
      st |= HPDF_Array_Add(w, widths);
    }
    const auto width = static_cast<HPDF_REAL>(std::round(glyphs_[f.cids[i]].width * 1000) / 1000);
    // A whole width (all of them in a font of 1000 units) as an integer: libharu writes it
    // as the same text as a real (HPDF_IToA and HPDF_FToA agree on whole numbers within
    // the real's limits), in a fifth of the instructions.
    const bool in_limits = width >= HPDF_LIMIT_MIN_REAL && width <= HPDF_LIMIT_MAX_REAL;  // false for NaN
    if (in_limits && static_cast<HPDF_REAL>(static_cast<HPDF_INT32>(width)) == width) {
      st |= HPDF_Array_AddNumber(widths, static_cast<HPDF_INT32>(width));
    } else {
      st |= HPDF_Array_AddReal(widths, width);
    }
  }

  // The CIDToGIDMap and the ToUnicode CMap: their bytes are set by complete().
  HPDF_Dict map = HPDF_DictStream_New(mmgr, xref);
  if (!map) return fail("libharu could not create a stream");
  p.map = map;

  HPDF_Dict cidfont = HPDF_Dict_New(mmgr);
  if (!cidfont || HPDF_Xref_Add(xref, cidfont) != HPDF_OK) return fail("libharu could not create a dictionary");
  st |= HPDF_Dict_AddName(cidfont, "Type", "Font");
  st |= HPDF_Dict_AddName(cidfont, "Subtype", "CIDFontType2");
  st |= HPDF_Dict_AddName(cidfont, "BaseFont", base.c_str());
  HPDF_Dict info = HPDF_Dict_New(mmgr);
  st |= HPDF_Dict_Add(cidfont, "CIDSystemInfo", info);
  st |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(mmgr, "Adobe", nullptr));
  st |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mmgr, "Identity", nullptr));
  st |= HPDF_Dict_AddNumber(info, "Supplement", 0);
  st |= HPDF_Dict_Add(cidfont, "FontDescriptor", desc);
  st |= HPDF_Dict_Add(cidfont, "W", w);
  st |= HPDF_Dict_Add(cidfont, "CIDToGIDMap", map);

  HPDF_Dict tounicode = HPDF_DictStream_New(mmgr, xref);
  if (!tounicode) return fail("libharu could not create a stream");
  p.tounicode = tounicode;

  f.type0 = HPDF_Dict_New(mmgr);
  if (!f.type0 || HPDF_Xref_Add(xref, f.type0) != HPDF_OK) return fail("libharu could not create a dictionary");
  st |= HPDF_Dict_AddName(f.type0, "Type", "Font");
  st |= HPDF_Dict_AddName(f.type0, "Subtype", "Type0");
  st |= HPDF_Dict_AddName(f.type0, "BaseFont", base.c_str());
  st |= HPDF_Dict_AddName(f.type0, "Encoding", "Identity-H");
  HPDF_Array desc_fonts = HPDF_Array_New(mmgr);
  st |= HPDF_Dict_Add(f.type0, "DescendantFonts", desc_fonts);
  st |= HPDF_Array_Add(desc_fonts, cidfont);
  st |= HPDF_Dict_Add(f.type0, "ToUnicode", tounicode);
  if (st != HPDF_OK) return fail("libharu error while building the font objects");
  return true;
}

std::string PdfFontSet::streams_key(const Font& f) const {
  std::string key;
  for (const std::uint32_t c : f.cids) {
    const Glyph& g = glyphs_[c];
    const auto size = static_cast<std::uint32_t>(g.text.size());
    key.append(reinterpret_cast<const char*>(&g.gid), sizeof g.gid);
    key.append(reinterpret_cast<const char*>(&size), sizeof size);
    key.append(g.text);
  }
  return key;
}

std::shared_ptr<SubsetFont> subset_font(const FontFace& face, const std::vector<std::uint32_t>& gids, bool compress,
                                        std::string& error) {
  // Subset to the glyphs used; a PDF viewer never shapes, so layout tables go. The name
  // table goes too: a PDF names the font in BaseFont and FontName, and ISO 32000-1 (9.9)
  // asks of an embedded TrueType font only head, hhea, loca, maxp, cvt, prep, glyf, hmtx and
  // fpgm; FreeType (poppler, mupdf) and pdf.js read fonts without one. It was 490-570 bytes
  // a subset, ~270 deflated (2.6% of the 80 bundled samples' bytes in all).
  HbSubsetInput input(hb_subset_input_create_or_fail());
  if (!input) {
    error = "out of memory";
    return nullptr;
  }
  hb_set_t* glyphs = hb_subset_input_glyph_set(input.get());
  hb_set_add(glyphs, 0);
  for (auto g : gids) hb_set_add(glyphs, g);
  hb_set_clear(hb_subset_input_unicode_set(input.get()));
  hb_set_t* drop = hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (hb_tag_t t : {HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
                     HB_TAG('k', 'e', 'r', 'n'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('J', 'S', 'T', 'F'),
                     HB_TAG('n', 'a', 'm', 'e')}) {
    hb_set_add(drop, t);
  }
  hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING);
  FontFace::SubsetSource source = face.subset_source();
  HbSubsetPlan plan(hb_subset_plan_create_or_fail(source.face, input.get()));
  if (!plan) {
    error = "hb-subset could not plan the subset";
    return nullptr;
  }
  auto out = std::make_shared<SubsetFont>();
  const hb_map_t* old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan.get());
  for (auto g : gids) {
    const hb_codepoint_t ng = hb_map_get(old_to_new, g);
    if (ng != HB_MAP_VALUE_INVALID) out->old_to_new[g] = ng;
  }
  HbFace subset_face(hb_subset_plan_execute_or_fail(plan.get()));
  plan.reset();
  if (source.hold) source.hold.unlock();  // the subset is its own face now
  if (!subset_face) {
    error = "hb-subset failed";
    return nullptr;
  }
  HbBlob blob(hb_face_reference_blob(subset_face.get()));
  unsigned size = 0;
  const char* data = hb_blob_get_data(blob.get(), &size);
  if (size == 0) {
    error = "hb-subset produced an empty font";
    return nullptr;
  }
  std::string_view file(data, size);
  // PostScript outlines go where a PDF holds TrueType ones only once made TrueType (see
  // cff_to_glyf.h): a CIDFontType0 could not give a glyph a CID for each of its texts.
  std::string converted;
  if (face.cff_outlines) {
    std::string why;
    if (!truetype_from_cff(file, converted, why)) {
      error = "its PostScript (CFF) outlines could not be made TrueType outlines: " + why;
      return nullptr;
    }
    file = converted;
  }
  out->length = file.size();
  if (compress) {
    deflate_append(file, out->deflated, kFontFileDeflateLevel);
  } else {
    out->deflated.assign(file);
  }
  return out;
}

namespace {

// A font's CIDToGIDMap (each CID's glyph, `gids` in CID order, by its id in the subset) and
// ToUnicode CMap (`texts`, in CID order), deflated when `compress`.
void make_streams(FontStreams& out, const SubsetFont& sub, const std::vector<std::uint32_t>& gids,
                  const std::vector<std::string>& texts, bool compress) {
  // CIDToGIDMap: two bytes per CID, the glyph's id in the subset.
  std::string map(2 * (gids.size() + 1), '\0');
  for (std::size_t i = 0; i < gids.size(); ++i) {
    auto found = sub.old_to_new.find(gids[i]);
    const unsigned g = found == sub.old_to_new.end() ? 0 : found->second;
    map[2 * (i + 1)] = static_cast<char>((g >> 8) & 0xFF);
    map[2 * (i + 1) + 1] = static_cast<char>(g & 0xFF);
  }
  if (compress) {
    deflate_append(map, out.cid_to_gid, kCMapDeflateLevel);
    deflate_append(to_unicode_cmap(texts), out.to_unicode, kCMapDeflateLevel);
  } else {
    out.cid_to_gid = std::move(map);
    out.to_unicode = to_unicode_cmap(texts);
  }
}

}  // namespace

void PdfFontSet::prepare(SidePoster* side) {
  if (prepared_done_) return;
  prepared_done_ = true;
  if (!overflowed_.empty()) return;  // build() refuses the document
  prepared_.reserve(order_.size());
  for (FontId id : order_) {
    Prepared& p = prepared_.emplace_back();
    const Font& f = fonts_.at(id);
    for (const std::uint32_t c : f.cids) p.gids.push_back(glyphs_[c].gid);
    std::sort(p.gids.begin(), p.gids.end());
    p.gids.erase(std::unique(p.gids.begin(), p.gids.end()), p.gids.end());
    // The subset, and the CIDToGIDMap and the ToUnicode CMap: from the cache when made
    // before (the streams when this font's CIDs have the same glyphs and texts as in a
    // document written before: the same document again), else made by the task.
    if (subsets_) p.sub = subsets_->find(id, p.gids);
    if (compress_ && subsets_) {
      p.key = streams_key(f);
      p.streams = subsets_->find_streams(id, p.key);
    }
    if (p.sub && p.streams) continue;
    std::vector<std::uint32_t> cid_gids;
    std::vector<std::string> texts;
    if (!p.streams) {
      cid_gids.reserve(f.cids.size());
      texts.reserve(f.cids.size());
      for (const std::uint32_t c : f.cids) {
        cid_gids.push_back(glyphs_[c].gid);
        texts.push_back(glyphs_[c].text);
      }
    }
    // What the task reads and writes is its own (shared with this set until complete()
    // takes it), so it may run on the lane's thread, and outlive this set if a write stops.
    auto job = std::make_shared<FontJob>();
    job->face = &book_.face(id);
    job->gids = p.gids;
    job->sub = p.sub;
    job->want_streams = !p.streams;
    job->cid_gids = std::move(cid_gids);
    job->texts = std::move(texts);
    job->compress = compress_;
    p.job = job;
    p.task = side_task(side, [job] { job->make(job->made); });
  }
}

bool PdfFontSet::build(HPDF_Doc pdf, DiagSink& sink) {
  if (!overflowed_.empty()) {
    sink.error(Location{}, "cannot write PDF: the font " + overflowed_ + " would need more than " +
                               std::to_string(kMaxCids) + " distinct glyphs");
    return false;
  }
  prepare(nullptr);
  for (std::size_t i = 0; i < order_.size(); ++i) {
    if (!build_font(pdf, order_[i], fonts_.at(order_[i]), prepared_[i], sink)) return false;
  }
  return true;
}

void PdfFontSet::FontJob::make(Made& out) const {
  std::shared_ptr<const SubsetFont> s = sub;
  if (!s) {
    out.sub = subset_font(*face, gids, compress, out.error);
    if (!out.sub) return;
    s = out.sub;
  }
  if (want_streams) {
    auto streams = std::make_shared<FontStreams>();
    make_streams(*streams, *s, cid_gids, texts, compress);
    out.streams = std::move(streams);
  }
}

void PdfFontSet::steal() {
  for (std::size_t i = prepared_.size(); i-- > 0;) {
    if (prepared_[i].task) prepared_[i].task->try_run();
  }
}

bool PdfFontSet::complete(DiagSink& sink) {
  for (std::size_t i = 0; i < order_.size(); ++i) {
    const FontId id = order_[i];
    Prepared& p = prepared_[i];
    Made mine;  // made here when the lane is still at it a while later (not scheduled)
    const Made* made = nullptr;
    if (p.task) {
      // (A font takes the lane about 30 us and 2 us a glyph: subset, streams, deflating.)
      const auto work = std::chrono::microseconds(30 + 2 * p.gids.size());
      if (p.task->try_run() || done_within(*p.task, side_patience(work))) {
        p.task->finish();  // done here unless the lane has started it
        made = &p.job->made;
      } else {
        p.job->make(mine);  // the same subset and streams; the lane's are dropped
        made = &mine;
      }
      p.task.reset();
      // Into the cache only once made: another thread's document may find them there.
      if (!p.sub) {
        p.sub = made->sub;
        if (p.sub && subsets_) subsets_->store(id, p.gids, p.sub);
      }
      if (!p.streams && made->streams) {
        p.streams = made->streams;
        if (compress_ && subsets_) subsets_->store_streams(id, std::move(p.key), made->streams);
      }
    }
    if (!p.sub || !p.streams) {
      sink.error(Location{book_.face(id).path, 0, 0, ""}, "cannot embed font: " + (made ? made->error : std::string()));
      return false;
    }
    // The streams' bytes, read when the file is saved: the subset and streams are held till then.
    HPDF_STATUS st = set_stream_bytes(p.file, p.sub->deflated);
    p.length1->value = static_cast<HPDF_INT32>(p.sub->length);
    held_subsets_.push_back(p.sub);
    held_streams_.push_back(p.streams);
    // Deflated already (and marked by the write hook), or left to libharu to deflate.
    for (const auto& [dict, bytes] : {std::pair{p.map, &p.streams->cid_to_gid}, std::pair{p.tounicode, &p.streams->to_unicode}}) {
      if (compress_) {
        dict->filter = HPDF_STREAM_FILTER_NONE;
        dict->write_fn = write_flate_filter;
        st |= set_stream_bytes(dict, *bytes);
      } else {
        dict->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        write(dict->stream, *bytes);
      }
    }
    if (st != HPDF_OK) {
      sink.error(Location{book_.face(id).path, 0, 0, ""}, "cannot embed font: libharu error while building the font objects");
      return false;
    }
  }
  std::vector<Prepared>().swap(prepared_);
  return true;
}

}  // namespace handout
