// The layout spec: page, fonts, styles and furniture, written in start/end terms so
// that one spec serves left-to-right and right-to-left articles alike.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diag.h"
#include "core/geometry.h"
#include "core/image.h"
#include "core/json_doc.h"
#include "core/role.h"
#include "core/units.h"

namespace handout {

enum class Align : std::uint8_t { kStart, kEnd, kCenter, kJustify };

/// A text style as written; unset fields inherit from "body", then from built-in defaults.
struct TextStyleSpec {
  std::optional<double> size;     ///< points
  std::optional<double> leading;  ///< line height as a multiple of the size
  std::optional<bool> bold;
  std::optional<bool> italic;
  std::optional<Color> color;
  std::optional<Pt> space_before;
  std::optional<Pt> space_after;
  std::optional<Align> align;
};

/// The four faces of a font family, as absolute file paths ("" where the family has none).
struct FamilyFiles {
  std::string regular;
  std::string bold;
  std::string italic;
  std::string bold_italic;
  /// Size adjustment: scripts differ in apparent size at one point size (Naskh looks
  /// smaller than Noto Sans), so a family may be set this much larger or smaller.
  double scale = 1.0;
};

/// Text that depends on the document's language: {"en": "...", "ar": "..."}, with
/// "default" used for a language not listed.
struct LocalizedText {
  std::map<std::string, std::string> by_lang;
  [[nodiscard]] bool empty() const { return by_lang.empty(); }
  [[nodiscard]] std::string for_lang(const std::string& lang) const;
  /// Where for_lang(lang) is, below `pointer` (this text's): `pointer` itself for one
  /// text for all languages, else pointer/<language>.
  [[nodiscard]] std::string pointer_for(const std::string& pointer, const std::string& lang) const;

 private:
  /// The key of by_lang that for_lang(lang) reads, or null.
  [[nodiscard]] const std::string* key_for(const std::string& lang) const;
};

struct TableSpec {
  Color rule_color{0x9a, 0xa5, 0xb1};
  Pt rule_width{0.5};
  std::optional<Color> header_fill = Color{0xe8, 0xee, 0xf4};
  std::optional<Color> zebra_fill = Color{0xf6, 0xf8, 0xfa};
  Pt cell_padding{4};
  bool repeat_header = true;
};

struct CalloutSpec {
  Color fill{0xee, 0xf5, 0xfb};
  Color bar{0x2b, 0x6c, 0xb0};
  Pt bar_width{3};
  Pt padding{8};
};

struct ListSpec {
  Pt indent{16};      ///< from the start edge to the item text
  std::string bullet = "\u2022";
};

/// A running header or footer: text templates in three slots (placeholders in
/// page/placeholders.h), a logo at the start side and a QR code of the article's URL at
/// the end side.
struct FurnitureSpec {
  LocalizedText start;
  LocalizedText center;
  LocalizedText end;
  /// Facing pages: text at the binding and at the fore-edge, in place of start and end (a
  /// page number "outside" stands at the right of a left-to-right recto, the left of its
  /// verso, and the other way round in a book bound on the right).
  LocalizedText inside;
  LocalizedText outside;
  std::shared_ptr<const Image> logo;  ///< checked and loaded, or null
  LocalizedText logo_alt;  ///< empty: "logo"
  /// The brand whose logo and alt (at /logo/alt) replaced the layout's, or null.
  std::shared_ptr<const JsonDoc> logo_alt_from;
  Pt logo_height{18};
  /// A QR code of the article's meta.url (nothing when the article has none), this tall.
  std::optional<Pt> qr;
  bool rule = false;
  bool on_first_page = true;
};

/// A "contact" box after the article's last block: the clinic's details, from templates
/// with placeholders ({clinic.name}, {clinic.phone}, ...). Empty text: none.
struct ContactSpec {
  LocalizedText title;
  LocalizedText text;
};

/// Two translations in one PDF: side by side (parallel) or one after the other
/// (sequential, after a bilingual cover).
struct BilingualSpec {
  enum class Mode : std::uint8_t { kNone, kParallel, kSequential };
  Mode mode = Mode::kNone;
  /// Languages in order: left to right in parallel mode, first to last in sequential mode.
  /// Empty: the order the articles are given in.
  std::vector<std::string> order;
  Pt gap = mm(10);    ///< between the two columns of a parallel layout
  bool rule = true;   ///< a thin rule between the columns
};

/// Print-shop output: colour that runs past the trim (bleed), the page boxes a print shop
/// reads (MediaBox = trim + bleed + room for marks, TrimBox, BleedBox) and printer's marks.
struct PrintSpec {
  Pt bleed;                ///< how far backgrounds run past the trim on every side
  bool crop_marks = false;
  bool fold_marks = false;
  Pt mark_offset;          ///< from the trim to a mark's near end (at least the bleed + 1 mm)
  Pt mark_length = mm(5);
  Pt mark_width{0.25};
  /// Whether the layout asks for print output at all (a bleed or any marks).
  [[nodiscard]] bool enabled() const { return bleed.value() > 0 || crop_marks || fold_marks; }
  /// Where marks start, from the trim: at the offset, and always 1 mm clear of the bleed
  /// (a mark touching the bleed would show on a sheet cut a hair wide).
  [[nodiscard]] Pt mark_start() const { return max(bleed + mm(1), mark_offset); }
  /// From the trim to the MediaBox's edge: the bleed, then the marks and a little paper.
  [[nodiscard]] Pt media_margin() const {
    return crop_marks || fold_marks ? mark_start() + mark_length + mm(2) : bleed;
  }
};

/// What a panel of a folded brochure shows besides the article's flow.
enum class PanelItem : std::uint8_t { kTitle, kSubtitle, kLogo, kContact, kReviewed, kVersion, kQr, kBrand };

/// A folded brochure: the sheet (the page size) cut into panels on two sides.
struct PanelSpec {
  enum class Fold : std::uint8_t { kNone, kTriFold };
  Fold fold = Fold::kNone;
  /// Widths of the outside side's panels from its start edge: inner flap, back, cover.
  /// The inside side has the same panels in mirror order (each panel's two faces).
  std::vector<Pt> widths;
  Pt gutter = mm(12);  ///< between the text of two neighbouring panels (half each side of a fold)
  std::vector<PanelItem> cover{PanelItem::kTitle, PanelItem::kSubtitle};
  std::vector<PanelItem> back{PanelItem::kContact, PanelItem::kReviewed};
  std::optional<Color> cover_fill;     ///< a colour band behind the cover's title, into the bleed
  Color cover_ink{0xff, 0xff, 0xff};   ///< the title's colour on that band
  std::shared_ptr<const Image> logo;   ///< checked and loaded, or null
  LocalizedText logo_alt;              ///< the logo's alternative text (tagged PDF requires it)
  Pt logo_height = mm(18);
  Pt qr_size = mm(25);                 ///< the "qr" item's side (meta.url as a QR code)
  LocalizedText contact;               ///< who to call: the clinic, a phone number
  /// Templates with the placeholders of src/spec/placeholders.h (no page numbers). The
  /// default speaks the leaflet's language where handout knows it (an Arabic tri-fold
  /// printed "Reviewed ٢٠٢٦-١١-٠١").
  LocalizedText reviewed{{{"default", "Reviewed {meta.reviewed}"},
                          {"ar", "تمت المراجعة {meta.reviewed}"},
                          {"fa", "بازبینی‌شده در {meta.reviewed}"},
                          {"ur", "نظرثانی {meta.reviewed}"}}};
  /// The smallest body size the text may shrink to so that the article fits; unset: a
  /// brochure that does not fit is refused.
  std::optional<double> min_body_size;
  /// The largest body size the text may grow to so that a short article fills its panels
  /// (all text scaled alike); unset: the layout's sizes, however empty the panels.
  std::optional<double> max_body_size;
  [[nodiscard]] bool enabled() const { return fold != Fold::kNone; }
};

/// Pages imposed on press sheets, two up, for a folded and stapled booklet.
struct ImpositionSpec {
  enum class Kind : std::uint8_t { kNone, kSaddleStitch };
  enum class Blanks : std::uint8_t { kEnd, kBeforeLast };
  Kind kind = Kind::kNone;
  Blanks blanks = Blanks::kEnd;  ///< where the pages that make a multiple of 4 go
  [[nodiscard]] bool enabled() const { return kind != Kind::kNone; }
};

/// Where a layout first uses a clinic's detail ({clinic.name}, ...): rendered without a
/// brand, such a layout is warned about, and the texts holding the details are left out
/// (never printed as "· Phone · ·").
struct BrandUse {
  Location where;
  std::string placeholder;  ///< "{clinic.phone}"
};

/// A complete, validated layout spec.
struct LayoutSpec {
  std::string file;  ///< where it was read from
  /// For a service request's layout, the data folder its files are read from: messages name
  /// them by their path in it (ServedFiles), never by the server's. Empty otherwise.
  std::string served_data;
  std::string name;
  Pt page_width = mm(210);
  Pt page_height = mm(297);
  Pt margin_top = mm(20);
  Pt margin_bottom = mm(20);
  Pt margin_start = mm(18);
  Pt margin_end = mm(18);
  /// Facing pages (margins given as inside and outside): margin_start is the inside margin
  /// of the first page and of every odd page; even pages swap the two, so the wider margin
  /// is always at the binding (left of a left-to-right recto, right of a right-to-left one).
  bool facing = false;
  int columns = 1;
  Pt column_gap = mm(8);

  std::map<std::string, FamilyFiles> families;
  /// Script name ("latin", "arabic", "default") to the families to try, in order.
  std::map<std::string, std::vector<std::string>> chains;

  std::array<TextStyleSpec, kRoleCount> styles{};
  TableSpec table;
  CalloutSpec callout;
  ListSpec list;
  FurnitureSpec header;
  FurnitureSpec footer;
  ContactSpec contact;
  /// The first {clinic.*} of header, footer or contact; none: renders without a brand.
  std::optional<BrandUse> brand_use;
  /// Digits for generated numbers (page numbers, list numbers) per language:
  /// "latin", "arabic-indic" or "extended-arabic-indic" (numbers and text), or
  /// "arabic-indic-numbering" or "extended-arabic-indic-numbering" (numbers only).
  std::map<std::string, std::string> digits;
  bool hyphenate = true;
  /// How justified lines are stretched: by their spaces only, or (true, "justify":
  /// "kashida") Arabic words by kashida first, then spaces.
  bool kashida = false;
  /// The folder of hyphenation dictionaries (hyphenation/ beside the layout), or empty
  /// when the layout does not hyphenate.
  std::string hyphenation_dir;
  /// The dictionaries that part a word wider than its table column: hyphenation_dir, or in
  /// a layout that does not hyphenate ("hyphenate": false, large print) the same folder when
  /// there is one (empty when not): such a word must be parted, and "potas-|sium" reads
  /// where "po|tassium" does not.
  std::string cell_hyphenation_dir;
  BilingualSpec bilingual;
  PanelSpec panels;
  ImpositionSpec imposition;
  PrintSpec print;
  /// The parsed source, so that later stages (loading fonts) can say file:line:col.
  std::shared_ptr<const JsonDoc> source;
  [[nodiscard]] Location locate(const std::string& pointer) const {
    return source ? source->locate(pointer) : Location{file, 0, 0, pointer};
  }
};

class JsonReader;
/// A hex colour ("#1a2b3c" or "#abc") at obj[key], or nothing (an error when malformed).
[[nodiscard]] std::optional<Color> read_color(JsonReader& r, const nlohmann::json& obj, const std::string& p,
                                              std::string_view key);
/// A text that is one string, or an object of strings by language ("default" for others).
[[nodiscard]] LocalizedText read_localized(JsonReader& r, const nlohmann::json& j, const std::string& p,
                                           std::string_view key);

/// Validates and converts a parsed layout spec; font paths resolve against the spec's
/// "fonts.dir" (relative to the spec file; default "../fonts").
[[nodiscard]] std::optional<LayoutSpec> read_layout(const JsonDoc& doc, DiagSink& sink,
                                                    const InputLimits& limits = {});
[[nodiscard]] std::optional<LayoutSpec> read_layout(std::shared_ptr<const JsonDoc> doc, DiagSink& sink,
                                                    const InputLimits& limits = {});
[[nodiscard]] std::optional<LayoutSpec> load_layout(const std::string& path, DiagSink& sink,
                                                    const InputLimits& limits = {});

}  // namespace handout
