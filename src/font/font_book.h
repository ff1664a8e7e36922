// The font book: every font file is parsed once per process and shared read-only by
// all documents and worker threads (HarfBuzz fonts are made immutable after loading).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag.h"
#include "core/display.h"
#include "core/handles.h"
#include "core/once.h"
#include "core/units.h"
#include "spec/layout_spec.h"

namespace handout {


/// One loaded font file with the metrics layout and the PDF writer need.
struct FontFace {
  std::string path;
  std::string postscript_name;
  std::string family;
  HbBlob blob;
  /// The file `blob` was read from as fstat saw it (device, inode, size,
  /// modification time in ns): the subset face maps the file again only while it is that one.
  std::array<std::int64_t, 4> file_id{};
  HbFace face;
  HbFont font;         ///< scale = upem, so positions come back in font units
  /// What text is shaped with: `font` as HarfBuzz's parent of a font whose only functions of
  /// its own map characters to glyphs through the kept answers below (HarfBuzz 6.0's
  /// OpenType functions search the cmap for every character, about 80 instructions, and a
  /// shaped paragraph asks for each of its characters); every other function is the
  /// parent's. Same scale, so the same glyphs and positions as shaping with `font`.
  HbFont shaping_font;
  unsigned upem = 1000;
  FontUnits ascender;
  FontUnits descender;  ///< positive, below the baseline
  FontUnits cap_height;
  std::array<FontUnits, 4> bbox{};  ///< xMin, yMin, xMax, yMax
  double italic_angle = 0;
  bool bold = false;
  bool italic = false;
  bool fixed_pitch = false;
  /// PostScript outlines (a 'CFF ' or 'CFF2' table, an .otf font), not TrueType ones.
  bool cff_outlines = false;

  FontFace() = default;
  FontFace(const FontFace&) = delete;
  FontFace& operator=(const FontFace&) = delete;
  ~FontFace();

  /// Whether the cmap maps `c`. The set of the code points it maps is made on the first call
  /// (thread-safe): a font a render never asks (the bold italic of an Arabic handout) costs
  /// nothing, where making it cost 40,000 instructions a Noto font. Answers below U+2100
  /// (the alphabets of the bundled fonts and general punctuation) are kept after the first
  /// question: two loads, where hb_set_has costs about 45 instructions, and shaping asks
  /// for nearly every character of a text.
  [[nodiscard]] bool covers(char32_t c) const;
  /// The nominal advance of a glyph in font units (what a PDF viewer uses by default).
  /// Asked of HarfBuzz once per glyph, then kept (thread-safe).
  [[nodiscard]] FontUnits glyph_advance(std::uint32_t gid) const;
  /// The ink of a glyph's outline in font units (y upwards from the baseline, x from the pen):
  /// its extents' left, right, bottom and top (all 0 for a glyph with no outline). Asked of
  /// HarfBuzz once per glyph, then kept (thread-safe): line spacing looks at the glyphs of
  /// lines that may come close to each other.
  struct Ink {
    int left = 0, right = 0, bottom = 0, top = 0;
    [[nodiscard]] bool empty() const { return left == right || bottom == top; }
  };
  [[nodiscard]] Ink glyph_ink(std::uint32_t gid) const;  // (inline, below)
  /// glyph_ink for many glyphs of the face in a row (a line's), read inline: the kept
  /// answers' table is looked up once, not at each glyph.
  class InkReader {
   public:
    explicit InkReader(const FontFace& face)
        : face_(face), chunks_(face.ink_chunks_ready_.load(std::memory_order_acquire)),
          count_(chunks_ ? face.ink_count_ : 0) {}
    [[nodiscard]] Ink operator()(std::uint32_t gid) const {
      if (gid < count_) {
        if (std::uint64_t* chunk =
                std::atomic_ref<std::uint64_t*>(chunks_[gid / kInkChunk]).load(std::memory_order_acquire)) {
          const std::uint64_t v = std::atomic_ref<std::uint64_t>(chunk[gid % kInkChunk]).load(std::memory_order_relaxed);
          if (v != 0) {
            auto get = [v](int shift) { return static_cast<int>((v >> shift) & 0xFFFFu) - 32768; };
            return Ink{get(0), get(16), get(32), get(48)};
          }
        }
      }
      return face_.glyph_ink_asked(gid);
    }

   private:
    const FontFace& face_;
    std::uint64_t** chunks_;
    std::uint32_t count_;
  };
  /// The glyph of U+0020 SPACE, or none. Asked of HarfBuzz once, then kept (thread-safe).
  [[nodiscard]] std::optional<std::uint32_t> space_glyph() const;
  /// Whether the font maps Arabic letters (beh) but has no OpenType forms to join them (no
  /// GSUB 'init', 'medi' or 'fina' feature). Found once, then kept (thread-safe): every
  /// render's font chains ask, the second thread's too.
  [[nodiscard]] bool maps_arabic_without_joining() const;
  /// The font's own glyph for an invisible character, with no advance and no outline (Noto
  /// has one for U+200D ZERO WIDTH JOINER and its kin), or none. Found once, then kept
  /// (thread-safe): layout asks at every right-to-left run and at many line ends.
  [[nodiscard]] std::optional<std::uint32_t> empty_glyph() const;
  /// The face to subset from, without the tables a PDF viewer never reads (cmap and the
  /// layout tables), made once. The first few calls return that face; later calls
  /// return one preprocessed by hb_subset_preprocess (made once, thread-safe), which makes
  /// every further subset several times faster but costs several subsets to make. So a
  /// single render stays fast and a batch of varied documents amortises the preprocessing.
  [[nodiscard]] hb_face_t* subset_face() const;
  /// subset_face(), with what a subset from it must hold until hb_subset_plan_execute_or_fail
  /// returns: HarfBuzz before 7.2 (Debian 12 has 6.0) meant to lock a preprocessed face's
  /// cache of sanitized tables while a plan reads and fills it, but its lock was a temporary
  /// that unlocked at once (fixed upstream in 7.2, commit 79233a1). Two threads subsetting
  /// one preprocessed face could both insert into that hash map: a table's blob leaked, or
  /// the map was torn. So with such a HarfBuzz the preprocessed face is subset one thread
  /// at a time; the plain face (no cache shared between plans) and newer HarfBuzz never wait.
  struct SubsetSource {
    hb_face_t* face = nullptr;
    std::unique_lock<std::mutex> hold;  ///< empty unless the face needs it
  };
  [[nodiscard]] SubsetSource subset_source() const;

  /// The glyph `font`'s cmap gives `c` (through the kept answers), or false when it has none.
  bool nominal_glyph(char32_t c, std::uint32_t& glyph) const {
    // Fibonacci hashing: Arabic letters (U+06xx) and ASCII do not share slots by their low bits.
    const std::size_t slot = (static_cast<std::uint32_t>(c) * 0x9E3779B1u) >> (32 - kNominalSlotsLog2);
    if (const std::atomic<std::uint64_t>* slots = nominal_.get()) {
      const std::uint64_t kept = slots[slot].load(std::memory_order_relaxed);
      if ((kept >> 32) == std::uint64_t{c} + 1) {
        glyph = static_cast<std::uint32_t>(kept);
        return true;
      }
    }
    return nominal_glyph_asked(c, slot, glyph);
  }

 private:
  /// nominal_glyph's recent answers, a slot per hash of the code point: (code point + 1) << 32
  /// | glyph, or 0. Only found glyphs are kept. Read and written with relaxed atomics: a slot
  /// is always one whole answer, and any slot's answer is right for the code point it names.
  /// calloc'ed on the first question (a face never shaped with costs nothing; zero pages).
  static constexpr unsigned kNominalSlotsLog2 = 8;
  bool nominal_glyph_asked(char32_t c, std::size_t slot, std::uint32_t& glyph) const;
  struct SlotsDeleter {
    void operator()(std::atomic<std::uint64_t>* p) const;
  };
  /// A table of kept answers, 2^log2 slots of 64 bits, calloc'ed on the first make().
  struct KeptSlots {
    std::atomic<std::atomic<std::uint64_t>*> ptr{nullptr};
    Once once;
    std::unique_ptr<std::atomic<std::uint64_t>[], SlotsDeleter> owned;
    /// The slots, or null before the first make().
    [[nodiscard]] std::atomic<std::uint64_t>* get() const { return ptr.load(std::memory_order_acquire); }
    /// The slots, made on the first call (thread-safe); null if they could not be allocated.
    std::atomic<std::uint64_t>* make(unsigned log2);
  };
  mutable KeptSlots nominal_;
  [[nodiscard]] const hb_set_t* coverage() const;
  mutable std::atomic<hb_set_t*> coverage_{nullptr};  ///< owned; null until covers() first asks
  /// covers()'s answers below kKeptCovers, a bit a code point: whether it was asked, and the
  /// answer (set before the asked bit). Read and written through std::atomic_ref.
  static constexpr char32_t kKeptCovers = 0x2100;
  mutable std::array<std::uint64_t, kKeptCovers / 64> covers_asked_{};
  mutable std::array<std::uint64_t, kKeptCovers / 64> covers_yes_{};
  mutable Once coverage_once_;
  mutable Once strip_once_;
  mutable HbFace stripped_;  ///< the face without cmap and layout tables (see subset_face)
  mutable std::atomic<int> subset_uses_{0};
  mutable Once preprocess_once_;
  mutable HbFace preprocessed_;
  mutable std::mutex preprocessed_use_;  ///< see subset_source
  /// glyph_advance's answers by glyph id, made on its first call: 0 until asked, then the
  /// advance + 1 (an advance of -1 is asked again each time). HarfBuzz's lookup costs about
  /// 140 instructions, and the marks of every Arabic line ask. calloc'ed (zero pages, no
  /// initialising loop), read and written through std::atomic_ref.
  struct FreeDeleter {
    void operator()(std::uint32_t* p) const;
  };
  mutable Once advances_once_;
  mutable std::unique_ptr<std::uint32_t[], FreeDeleter> advances_;
  mutable std::uint32_t glyph_count_ = 0;
  /// glyph_ink's table: chunks of kInkChunk glyphs, each calloc'ed when one of its glyphs is
  /// first asked (a handout uses a few hundred of a Noto font's thousands of glyphs: one
  /// table for all cost a 36 KB calloc, about 25,000 instructions and nine fresh pages a face).
  static constexpr std::uint32_t kInkChunk = 256;
  struct InkChunksDeleter {
    std::uint32_t chunks;  // (value-initialised by unique_ptr: 0)
    void operator()(std::uint64_t** p) const;
  };
  /// A glyph's slot holds 0 until asked, then the four values + 32768 in 16 bits each (top
  /// highest, never 0: a top is above -32768); read and written through std::atomic_ref.
  [[nodiscard]] Ink glyph_ink_asked(std::uint32_t gid) const;
  mutable Once inks_once_;
  mutable std::unique_ptr<std::uint64_t*[], InkChunksDeleter> ink_chunks_;
  mutable std::atomic<std::uint64_t**> ink_chunks_ready_{nullptr};  ///< ink_chunks_ once ink_count_ is set
  mutable std::uint32_t ink_count_ = 0;
  /// space_glyph's and empty_glyph's answers, found together on the first call of either.
  void find_invisible_glyphs() const;
  mutable Once invisible_once_;
  mutable std::optional<std::uint32_t> space_glyph_;
  mutable std::optional<std::uint32_t> empty_glyph_;
  mutable Once arabic_joining_once_;
  mutable bool arabic_without_joining_ = false;
};

inline FontFace::Ink FontFace::glyph_ink(std::uint32_t gid) const { return InkReader(*this)(gid); }

/// The four faces of a family as font ids; a face the family lacks falls back to the
/// nearest one it has (bold italic → bold → regular).
struct FamilyFaces {
  std::string name;
  std::array<FontId, 4> ids{};  ///< regular, bold, italic, bold italic
  double scale = 1.0;           ///< size adjustment of the family
  bool has_italic = false;      ///< the layout gives an italic face
  [[nodiscard]] FontId pick(bool bold, bool italic) const {
    return ids[(bold ? 1u : 0u) + (italic ? 2u : 0u)];
  }
  /// The face for a style: emphasis ("em") in a family without an italic face (Arabic
  /// Naskh) is set in its bold face, so that it stays visible.
  [[nodiscard]] FontId pick(bool bold, bool italic, bool em) const {
    return pick(bold || (em && !has_italic), italic);
  }
};

class FontBook;

/// handout's own fonts for the characters no font of a layout has, after every chain: Noto
/// Sans Math (≤ ≥ ≈ ≠ → √ ∞) and Noto Sans Symbols2 (✓ ☐ ⚠ ★ ☎ ▸), in the fonts/ folder of
/// handout's data. Clinical text has "≥ 38 °C" and checklists, and neither Noto Sans nor Noto
/// Naskh Arabic has those characters: they were refused. The fonts are opened when a character
/// first needs one (thread-safe; a text that needs none costs nothing), once per process.
class LastResortFonts {
 public:
  /// The fonts are loaded into `book` (the data folder is found as find_data_dir finds it).
  explicit LastResortFonts(FontBook& book) : book_(&book) {}
  /// The first of the fonts that has `c`, or null. (Each has one face, for every style.)
  [[nodiscard]] const FamilyFaces* find(char32_t c) const;
  /// The fonts' family names (opens them), for a diagnostic's list of the fonts tried.
  [[nodiscard]] std::vector<std::string> names() const;
  /// Whether `id` is one of the fonts (only once they are open).
  [[nodiscard]] bool has(FontId id) const;

 private:
  void open() const;
  FontBook* book_;
  mutable Once once_;
  mutable std::vector<FamilyFaces> families_;
  mutable std::atomic<bool> open_{false};
};

class FontBook {
 public:
  static constexpr std::size_t kMaxFonts = 256;

  /// Loads `path` (or returns the id it already has). Thread-safe. `where` gives the location
  /// of a diagnostic, asked only when there is one (finding a line and column in the layout
  /// cost 4,000 instructions a font, each render). `shown`, when given, names the file in a
  /// diagnostic in place of `path` (a service request's font, by its path in handout's data).
  [[nodiscard]] std::optional<FontId> load(const std::string& path, DiagSink& sink,
                                           const std::function<Location()>& where, std::string_view shown = {});
  [[nodiscard]] std::optional<FontId> load(const std::string& path, DiagSink& sink, const Location& where) {
    return load(path, sink, [&where] { return where; });
  }
  [[nodiscard]] const FontFace& face(FontId id) const { return *faces_[id]; }
  [[nodiscard]] std::size_t size() const { return count_.load(std::memory_order_acquire); }
  /// handout's own fonts after every chain, from the fonts/ folder of handout's data,
  /// opened only when a character needs them.
  [[nodiscard]] const LastResortFonts* last_resort() const { return &last_resort_; }

 private:
  LastResortFonts last_resort_{*this};
  std::mutex mutex_;
  std::map<std::string, FontId> by_path_;
  std::array<std::unique_ptr<FontFace>, kMaxFonts> faces_;
  std::atomic<std::size_t> count_{0};
};

/// A layout's fallback chains, resolved to font ids: script name → families in order.
struct FontChains {
  std::map<std::string, std::vector<FamilyFaces>> by_script;
  /// After every chain (null: none, as in chains made by hand).
  const LastResortFonts* last_resort = nullptr;
  /// The chain for a script name, or the "default" chain.
  [[nodiscard]] const std::vector<FamilyFaces>& chain(const std::string& script) const;
};

/// Loads every font a layout names and resolves its chains.
[[nodiscard]] std::optional<FontChains> resolve_font_chains(FontBook& book, const LayoutSpec& spec,
                                                            DiagSink& sink);

}  // namespace handout
