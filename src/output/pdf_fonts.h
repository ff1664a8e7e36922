// Embedded fonts for the PDF: one Type0 font (Identity-H) per FontBook font used, with a
// CIDFontType2 descendant whose FontFile2 is an hb-subset subset. CIDs are allocated per
// distinct (glyph, text) pair, so a mirrored bracket or a ligature keeps its own text in
// the ToUnicode map (see PDF-TEXT.md). Touches libharu's object layer.
#pragma once

#include "core/lib_haru.h"

#include <cstdint>
#include <memory>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diag.h"
#include "font/font_book.h"
#include "output/subset_cache.h"

namespace handout {

class SidePoster;
class SideTask;

/// The subset of `face` to `gids` (sorted), made now on the calling thread (hb-subset; any
/// number of threads may subset one face at once): its glyph map and length, and its file's
/// bytes, deflated when `compress`. Null, with `error` set, when it cannot be made.
std::shared_ptr<SubsetFont> subset_font(const FontFace& face, const std::vector<std::uint32_t>& gids, bool compress,
                                        std::string& error);

class PdfFontSet {
 public:
  /// `subsets` (may be null) holds subsets made before; `compress` deflates the font files.
  PdfFontSet(const FontBook& book, SubsetCache* subsets, bool compress)
      : book_(book), subsets_(subsets), compress_(compress) {}

  /// A code for glyph `gid` of `font` standing for `text`: one per distinct (font, glyph,
  /// text), numbered from 1 by first use, whatever the font. Content is written with codes
  /// and each is turned into its font's CID by resolve() when the page is finished, so CIDs
  /// can be numbered by first use in the file while pages are made in another order.
  /// In a right-to-left run (`rtl`) a glyph that stands for several characters (a ligature
  /// such as lam-alef or الله) has its text stored reversed: poppler and pdf.js reverse a
  /// right-to-left run character by character, ToUnicode strings included, so this is what
  /// makes them return the characters in logical order.
  /// A font holds at most kMaxCids CIDs (two-byte codes, 0 is .notdef): past that, code()
  /// returns 0 and overflowed() is true, and the document must not be written (build()
  /// refuses it), so no glyph is ever drawn as another.
  std::uint32_t code(FontId font, std::uint32_t gid, std::string_view text, bool rtl = false) {
    // Nearly every glyph stands for one text throughout a document: the code it got first,
    // found by font and glyph, serves a call with the text and direction of the call that
    // made it. Inline, as content streams ask this for every glyph they draw.
    if (font < first_code_.size() && gid < first_code_[font].size()) {
      const std::uint32_t first = first_code_[font][gid];
      if (first != 0 && glyphs_[first].rtl == rtl && glyphs_[first].raw == text) return first;
    }
    return find_code(font, gid, text, rtl);
  }
  static constexpr std::size_t kMaxCids = 0xFFFF;
  /// Codes fit in 21 bits (three bytes of seven, see pdf_writer); past that code() overflows too.
  static constexpr std::uint32_t kMaxCodes = (1u << 21) - 1;
  /// The CID of `code` in its font, allocated on the first call: resolving codes in the
  /// order the file draws them numbers each font's CIDs by first use in the file.
  std::uint16_t resolve(std::uint32_t code) {
    const std::uint16_t cid = glyphs_[code].cid;
    return cid != 0 || code == 0 ? cid : allocate_cid(code);
  }
  /// The font of `code`.
  [[nodiscard]] FontId font_of(std::uint32_t code) const { return glyphs_[code].font; }
  /// code() and resolve() at once.
  std::uint16_t cid(FontId font, std::uint32_t gid, std::string_view text, bool rtl = false) {
    return resolve(code(font, gid, text, rtl));
  }
  /// Whether some font ran out of CIDs (its name, for the message), or empty.
  [[nodiscard]] const std::string& overflowed() const { return overflowed_; }
  /// The width of a code's glyph in thousandths of an em, as written to the W array.
  [[nodiscard]] double width(std::uint32_t code) const { return glyphs_[code].width; }

  /// Hands the making of every font's subset (hb-subset), CIDToGIDMap and ToUnicode CMap,
  /// deflated, to `side` (null: complete() makes them), except what the caches hold. Call
  /// once, after every CID has been allocated, and before build(), which calls it if it was not.
  void prepare(SidePoster* side);
  /// Builds every font's objects (widths, and the streams for the subset, CIDToGIDMap and
  /// ToUnicode). Call once, after every CID has been allocated. Returns false (with a
  /// diagnostic) on failure.
  bool build(HPDF_Doc pdf, DiagSink& sink);
  /// After build(), before the file is saved: waits for (or makes) each font's subset and
  /// streams and gives them to the objects. Returns false (with a diagnostic) on failure.
  bool complete(DiagSink& sink);
  /// Does here the fonts' tasks the lane has not started, the last posted first.
  void steal();
  /// The Type0 font dictionary of `font` (after build).
  [[nodiscard]] HPDF_Dict dict(FontId font) const { return fonts_.at(font).type0; }

 private:
  struct Glyph {
    std::uint32_t gid = 0;
    FontId font = 0;
    std::uint16_t cid = 0;  ///< 0 until resolved
    double width = 0;
    std::string text;
    std::string raw;   ///< the text code() was given when it made this code,
    bool rtl = false;  ///< and its direction: the same two give this code again
  };
  struct Font {
    std::vector<std::uint32_t> cids;  ///< index = CID - 1: the code drawn with it
    std::size_t codes = 0;            ///< codes of this font, resolved or not
    HPDF_Dict type0 = nullptr;
  };
  /// code() when the glyph's first code does not serve.
  std::uint32_t find_code(FontId font, std::uint32_t gid, std::string_view text, bool rtl);
  /// resolve() of a code that has no CID yet.
  std::uint16_t allocate_cid(std::uint32_t code);
  /// What a font's task makes (on either thread): what the caches did not have.
  struct Made {
    std::shared_ptr<const SubsetFont> sub;
    std::shared_ptr<FontStreams> streams;
    std::string error;  ///< why the subset could not be made
  };
  /// What it makes them from (read by either thread, changed by neither), and what it made.
  struct FontJob {
    const FontFace* face = nullptr;
    std::vector<std::uint32_t> gids;        ///< sorted
    std::shared_ptr<const SubsetFont> sub;  ///< from the cache, or null: make it
    bool want_streams = false;
    std::vector<std::uint32_t> cid_gids;    ///< each CID's glyph, in CID order
    std::vector<std::string> texts;         ///< each CID's text, in CID order
    bool compress = true;
    Made made;  ///< the task's own until it is done
    /// Makes what the caches did not have into `out`.
    void make(Made& out) const;
  };
  /// A font's subset and streams, from the caches or being made (`task`), and the objects
  /// that get them (complete()).
  struct Prepared {
    std::vector<std::uint32_t> gids;  ///< sorted
    std::shared_ptr<const SubsetFont> sub;
    std::shared_ptr<const FontStreams> streams;
    std::string key;                  ///< streams_key(), when the cache is used
    std::shared_ptr<FontJob> job;     ///< what the task makes, from what
    std::shared_ptr<SideTask> task;   ///< makes what the caches did not have, or null
    HPDF_Dict file = nullptr, map = nullptr, tounicode = nullptr;
    HPDF_Number length1 = nullptr;
  };
  bool build_font(HPDF_Doc pdf, FontId id, Font& f, Prepared& p, DiagSink& sink);
  /// What font `f`'s CIDToGIDMap and ToUnicode CMap follow from: each CID's glyph and
  /// text, in CID order (the subset follows from the glyphs).
  [[nodiscard]] std::string streams_key(const Font& f) const;

  const FontBook& book_;
  SubsetCache* subsets_;
  bool compress_;
  std::vector<Glyph> glyphs_{Glyph{}};  ///< by code; code 0 stands for .notdef
  std::unordered_map<std::string, std::uint32_t> by_key_;  ///< font, glyph and text -> code
  /// Font and glyph -> the glyph's first code (0: none yet), for glyph ids below
  /// kFirstCodeGids (every TrueType glyph id; others go by by_key_ alone).
  std::vector<std::vector<std::uint32_t>> first_code_;
  static constexpr std::uint32_t kFirstCodeGids = 0x10000;
  std::map<FontId, Font> fonts_;
  /// Fonts in the order the file first draws them (resolve()): the objects are written in this
  /// order, so the bytes never depend on the order the process happened to load fonts in.
  std::vector<FontId> order_;
  std::string overflowed_;
  std::vector<Prepared> prepared_;  ///< by order_, once prepare() has run
  bool prepared_done_ = false;
  /// What the font streams read when the file is saved (set_stream_bytes): the subsets and
  /// the CIDToGIDMaps and ToUnicode CMaps.
  std::vector<std::shared_ptr<const SubsetFont>> held_subsets_;
  std::vector<std::shared_ptr<const FontStreams>> held_streams_;
};

}  // namespace handout
