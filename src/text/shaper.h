// Bidi (FriBidi), itemization into runs by level, script, font and style, shaping
// (HarfBuzz) and break opportunities (libunibreak, libhyphen) for one paragraph.
#pragma once

#include <optional>

#include "core/handles.h"
#include "font/font_book.h"
#include "text/hyphenator.h"
#include "text/paragraph.h"
#include "text/shape_cache.h"

namespace handout {

class ShapeAhead;

/// What shape() does to a text's shown glyph text first: cut to the text's length, or
/// dropped when shorter.
void normalise_shown(StyledText& text);
/// Everything a paragraph's shaping depends on, as bytes (a shaping cache's key): its text
/// and styles, direction, language, hyphenation and the font chains.
[[nodiscard]] std::string shaping_key(const StyledText& text, const FontChains& chains);

/// Shapes paragraphs. Holds a reusable HarfBuzz buffer, so use one per thread.
class TextShaper {
 public:
  /// `cache` (may be null) keeps shaping results across paragraphs and documents; it
  /// belongs to the calling thread. Without one the shaper keeps its own short runs: within
  /// one document the same run in the same context (a list bullet, a bracket, a number) is
  /// shaped by HarfBuzz once.
  TextShaper(const FontBook& book, const Hyphenator* hyphenator, ShapeCache* cache = nullptr);
  TextShaper(const TextShaper&) = delete;  // runs_ may point into the shaper itself
  TextShaper& operator=(const TextShaper&) = delete;

  /// Runs every text step over `text`. Reports a character that no font in the chain
  /// covers as an error with its location, and returns nothing then.
  [[nodiscard]] std::optional<ShapedParagraph> shape(StyledText text, const FontChains& chains,
                                                     DiagSink& sink);

  /// Takes shape()'s results from `ahead` (null: none) when it has them for exactly the
  /// text, and finishes its warm-up before the first HarfBuzz call.
  void set_ahead(ShapeAhead* ahead) { ahead_ = ahead; }
  /// shape() without a cache or results shaped ahead (what the thread shaping ahead does).
  [[nodiscard]] std::optional<ShapedParagraph> shape_fresh(StyledText text, const FontChains& chains,
                                                           DiagSink& sink) {
    return shape_uncached(std::move(text), chains, sink);
  }

  /// shape(), keeping the result even without a cache: for a text that a document sets
  /// again (a running header's text is measured, then set in its slot; a page footer on
  /// each page). Without a cache it is kept in the shaper's own store, keyed like the
  /// cache's paragraphs (not for running text: a key costs more than its rare hits).
  [[nodiscard]] std::optional<ShapedParagraph> shape_kept(StyledText text, const FontChains& chains,
                                                          DiagSink& sink);

  /// Shapes `chars` (a part of `run`) again with the paragraph as context: used at a line
  /// edge that HarfBuzz marked unsafe to break.
  [[nodiscard]] std::vector<ShapedGlyph> reshape(const ShapedParagraph& para, const ShapedRun& run,
                                                 Range chars);

  /// Shapes `chars` of `text` (the caller's own text, with what surrounds `chars` as
  /// context) in `run`'s font, size, direction, script and language: a stretched word
  /// with tatweels inserted. Clusters are indices into `text`.
  [[nodiscard]] std::vector<ShapedGlyph> shape_in_run(const ShapedParagraph& para, const ShapedRun& run,
                                                      const std::u32string& text, Range chars);

  /// Adds hyphenation points (BreakKind::kHyphen) inside the paragraph's words, once.
  /// Returns whether it added any. Separate from shape() so that a paragraph that sets
  /// well without hyphens never needs a dictionary (TeX's \pretolerance pass).
  bool hyphenate(ShapedParagraph& para) const;

  /// Shapes a short string on its own (a list marker, a hyphen) with one font.
  [[nodiscard]] std::vector<ShapedGlyph> shape_string(std::u32string_view s, FontId font, Pt size,
                                                      Direction dir, const std::string& lang);
  /// The same in `script` (shape plans are per script, direction and language).
  [[nodiscard]] std::vector<ShapedGlyph> shape_string(std::u32string_view s, FontId font, Pt size,
                                                      Direction dir, const std::string& lang, hb_script_t script);

  [[nodiscard]] const FontBook& book() const { return book_; }
  /// The cache given to the constructor (the calling thread's), or null.
  [[nodiscard]] ShapeCache* cache() const { return cache_; }

  /// How many times this shaper has called HarfBuzz.
  [[nodiscard]] std::size_t harfbuzz_calls() const { return harfbuzz_calls_; }

 private:
  std::optional<ShapedParagraph> shape_uncached(StyledText text, const FontChains& chains,
                                                DiagSink& sink);
  /// Warns (once) when a glyph of `p`, a mark stacked on marks, reaches far above or below
  /// its baseline: printed as it is, over the line above or below, with no word (a letter
  /// with 20 acute accents printed 5 mm up into the paragraph before).
  void warn_stacked_marks(const ShapedParagraph& p, DiagSink& sink) const;
  std::optional<ShapedParagraph> shape_in(ShapeCache& store, StyledText text, const FontChains& chains,
                                          DiagSink& sink, std::optional<std::string> known_key = std::nullopt);
  void shape_into(const std::u32string& text, Range chars, FontId font, Pt size, bool rtl,
                  hb_script_t script, const std::string& lang, std::vector<ShapedGlyph>& out);

  const FontBook& book_;
  const Hyphenator* hyphenator_;
  ShapeCache* cache_;
  ShapeCache own_runs_;  ///< the runs (and kept paragraphs) of this shaper's documents, when there is no cache_
  ShapeCache* runs_;     ///< cache_, or own_runs_
  HbBuffer buffer_;
  std::size_t harfbuzz_calls_ = 0;
  /// How far (of the text size) a glyph is raised or lowered before warn_stacked_marks
  /// looks at its ink: the rest of the text stays within its font's ascent and descent.
  static constexpr double kMarksLookAt = 0.4;
  /// Whether shape_into gave a glyph raised or lowered by more than kMarksLookAt of its size
  /// since it was last cleared (shape_uncached: warn_stacked_marks looks only then).
  bool raised_far_ = false;
  std::size_t notdef_runs_ = 0;  ///< runs HarfBuzz gave an empty box (.notdef), shape_into
  ShapeAhead* ahead_ = nullptr;
};

/// The bidi embedding level of every code point (FriBidi with bracket pairs). Explicit
/// embeddings and isolates deeper than 125 levels are ignored, as UAX #9 says, before
/// FriBidi sees them (it mishandles them); `neutralised`, if given, gets their count. An
/// Extended Arabic-Indic digit (Persian, Urdu) with no Latin text before it is ordered as an
/// Arabic number, as after a letter of its script (arabic_numbers_from_the_start).
[[nodiscard]] std::vector<std::uint8_t> bidi_levels(const std::u32string& text, Direction base,
                                                    std::size_t* neutralised = nullptr);

}  // namespace handout
