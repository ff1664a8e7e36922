#include "spec/layout_spec.h"

#include <cctype>
#include <cmath>
#include <charconv>
#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <set>

#include "core/confine.h"
#include "core/utf.h"
#include "core/json_reader.h"
#include "spec/placeholders.h"
#include "core/lang.h"
#include "engine/data_dir.h"
#include "style/style.h"

namespace handout {

const std::string* LocalizedText::key_for(const std::string& lang) const {
  if (auto it = by_lang.find(lang); it != by_lang.end()) return &it->first;
  if (auto it = by_lang.find(primary_language(lang)); it != by_lang.end()) return &it->first;
  if (auto it = by_lang.find("default"); it != by_lang.end()) return &it->first;
  return nullptr;
}

std::string LocalizedText::for_lang(const std::string& lang) const {
  const std::string* key = key_for(lang);
  return key ? by_lang.at(*key) : std::string();
}

std::string LocalizedText::pointer_for(const std::string& pointer, const std::string& lang) const {
  const std::string* key = key_for(lang);
  return !key || *key == "default" ? pointer : pointer_append(pointer, *key);
}

std::optional<Color> read_color(JsonReader& r, const nlohmann::json& obj, const std::string& p, std::string_view key) {
  auto s = r.get_string(obj, p, key);
  if (!s) return std::nullopt;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string h = *s;
  if (h.size() == 4 && h[0] == '#') h = std::string("#") + h[1] + h[1] + h[2] + h[2] + h[3] + h[3];
  bool ok = h.size() == 7 && h[0] == '#';
  for (std::size_t i = 1; ok && i < 7; ++i) ok = hex(h[i]) >= 0;
  if (!ok) {
    r.error(pointer_append(p, key), "\"" + std::string(key) + "\" is \"" + *s +
                                         "\", expected a hex colour such as \"#1a2b3c\"");
    return std::nullopt;
  }
  auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(hex(h[i]) * 16 + hex(h[i + 1])); };
  return Color{byte(1), byte(3), byte(5)};
}

LocalizedText read_localized(JsonReader& r, const nlohmann::json& j, const std::string& p, std::string_view key) {
  LocalizedText t;
  if (!j.contains(std::string(key))) return t;
  const auto& v = j[std::string(key)];
  const std::string vp = pointer_append(p, key);
  if (v.is_string()) {
    t.by_lang["default"] = v.get<std::string>();
  } else if (v.is_object()) {
    for (const auto& [lang, text] : v.items()) {
      if (!text.is_string()) {
        r.error(pointer_append(vp, lang), std::string("expected a string, found ") + JsonReader::type_name(text));
        continue;
      }
      if (lang != "default" && !is_plausible_language_tag(lang)) {
        r.error(pointer_append(vp, lang), "\"" + lang + "\" is not a language tag");
      }
      t.by_lang[lang] = text.get<std::string>();
    }
  } else {
    r.error(vp, std::string("expected a string or an object of strings by language, found ") + JsonReader::type_name(v));
  }
  return t;
}

namespace {

namespace fs = std::filesystem;

struct PageSize {
  const char* name;
  Pt width;
  Pt height;
};
constexpr PageSize kPageSizes[] = {
    {"A4", mm(210), mm(297)},      {"A5", mm(148), mm(210)},     {"A3", mm(297), mm(420)},
    {"A6", mm(105), mm(148)},      {"Letter", inch(8.5), inch(11)}, {"Legal", inch(8.5), inch(14)},
};

class LayoutReader {
 public:
  LayoutReader(const JsonDoc& doc, DiagSink& sink, const InputLimits& limits)
      : doc_(doc), r_(doc, sink), limits_(limits) {
    // Fonts and images come from the project's folders only (see project_folders), plus
    // --allow-path.
    roots_ = project_folders(fs::path(doc.base_dir()), resolver_);
    for (const auto& p : limits.allowed_paths) roots_.push_back(resolver_.resolve(p));
  }

  std::optional<LayoutSpec> read() {
    const auto& root = doc_.root();
    LayoutSpec s;
    s.file = doc_.file();
    if (doc_.has_base_dir()) s.served_data = fs::path(doc_.base_dir()).parent_path().string();
    if (!r_.expect_object(root, "",
                          {"$schema", "name", "page", "fonts", "styles", "table", "callout", "list",
                           "header", "footer", "digits", "hyphenate", "justify", "bilingual", "contact", "panels",
                           "imposition", "bleed", "marks"},
                          {"fonts"})) {
      if (!root.is_object()) return std::nullopt;
    }
    s.name = r_.get_string(root, "", "name").value_or(fs::path(doc_.file()).stem().string());
    if (root.contains("page")) read_page(root["page"], s);
    if (root.contains("fonts")) read_fonts(root["fonts"], s);
    if (root.contains("styles")) read_styles(root["styles"], s);
    if (root.contains("table")) read_table(root["table"], s.table);
    if (root.contains("callout")) read_callout(root["callout"], s.callout);
    if (root.contains("list")) read_list(root["list"], s.list);
    if (root.contains("header")) read_furniture(root["header"], "/header", s.header);
    if (root.contains("footer")) read_furniture(root["footer"], "/footer", s.footer);
    if (root.contains("digits")) read_digits(root["digits"], s);
    if (root.contains("contact")) read_contact(root["contact"], s.contact);
    s.hyphenate = r_.get_bool(root, "", "hyphenate").value_or(true);
    if (s.hyphenate) s.hyphenation_dir = hyphenation_dir();
    s.cell_hyphenation_dir = s.hyphenate ? s.hyphenation_dir : hyphenation_dir(/*quiet=*/true);
    s.kashida = r_.get_enum(root, "", "justify", {"spaces", "kashida"}).value_or("spaces") == "kashida";
    if (root.contains("bilingual")) read_bilingual(root["bilingual"], s.bilingual);
    if (root.contains("panels")) read_panels(root["panels"], s);
    read_imposition(root, s);
    read_print(root, s);
    check_print(root, s);
    for (const char* key : {"header", "footer"}) {
      if (root.contains(key)) check_binding_sides(root[key], std::string("/") + key);
    }
    s.brand_use = brand_use_;
    return s;
  }

  // A brand: a header and a footer (the layout's format) that replace the layout's own.
 private:
  // The dictionaries a hyphenating layout uses: the hyphenation/ folder beside it, or, when
  // it has none (a clinic's own layout kept outside layouts/), the bundled ones in the
  // installed data. Without either, words are not hyphenated, and a warning says so (a
  // layout beside no folder hyphenated nothing without a word). `quiet`: for a layout that
  // does not hyphenate (its table cells' overwide words), no warning and empty when none.
  std::string hyphenation_dir(bool quiet = false) {
    std::error_code ec;
    const fs::path beside = fs::path(doc_.base_dir()) / "hyphenation";
    if (fs::is_directory(beside, ec)) return beside.string();
    if (const std::string data = find_data_dir(); !data.empty()) {
      const fs::path bundled = fs::path(data) / "layouts" / "hyphenation";
      if (fs::is_directory(bundled, ec)) return bundled.string();
    }
    if (quiet) return {};
    r_.warning(doc_.root().contains("hyphenate") ? "/hyphenate" : "",
               "no hyphenation dictionaries: there is no folder " + beside.string() +
                   " and no installed data; words are not hyphenated (set \"hyphenate\": false to say so)");
    return beside.string();
  }

  // The side of a QR code the layout draws (a header's or footer's, a panel's): like a qr
  // block's, at least 10 mm, or no phone reads it from paper (0.01 mm and 3 mm were drawn).
  std::optional<Pt> qr_length(const nlohmann::json& obj, const std::string& p, std::string_view key) {
    auto out = length(obj, p, key, 288);
    if (out && *out < kMinQrSide - Pt(1e-6)) {
      r_.error(pointer_append(p, key), "\"" + std::string(key) + "\" is " + mm_text(*out, 2) +
                                           " mm; a QR code smaller than 10 mm cannot be scanned from paper: make it "
                                           "at least \"10mm\" (or leave the key out)");
      return std::nullopt;
    }
    return out;
  }

  // A length: a number of points, or a string with a unit: "12pt", "18mm", "1.5cm", "0.5in".
  std::optional<Pt> length(const nlohmann::json& obj, const std::string& p, std::string_view key,
                           double max_pt = 2000) {
    if (!obj.is_object() || !obj.contains(std::string(key))) return std::nullopt;
    const auto& v = obj[std::string(key)];
    const std::string vp = pointer_append(p, key);
    std::optional<Pt> out;
    if (v.is_number()) {
      out = Pt(v.get<double>());
    } else if (v.is_string()) {
      out = parse_length(v.get<std::string>());
      if (!out) {
        r_.error(vp, "\"" + std::string(key) + "\" is \"" + v.get<std::string>() +
                         "\", expected a length such as 12, \"12pt\", \"18mm\", \"1.5cm\" or \"0.5in\"");
        return std::nullopt;
      }
    } else {
      r_.error(vp, "\"" + std::string(key) + "\" must be a length (a number of points or a string with a unit), found " +
                       JsonReader::type_name(v));
      return std::nullopt;
    }
    if (out->value() < 0 || out->value() > max_pt) {
      r_.error(vp, "\"" + std::string(key) + "\" is out of range (0 to " + std::to_string(static_cast<int>(max_pt)) + " pt)");
      return std::nullopt;
    }
    return out;
  }

  std::optional<Color> color(const nlohmann::json& obj, const std::string& p, std::string_view key) {
    return read_color(r_, obj, p, key);
  }

  void read_page(const nlohmann::json& j, LayoutSpec& s) {
    const std::string p = "/page";
    if (!r_.expect_object(j, p, {"size", "orientation", "margins", "columns", "column_gap"})) {
      if (!j.is_object()) return;
    }
    if (j.contains("size")) {
      const auto& size = j["size"];
      const std::string sp = p + "/size";
      if (size.is_string()) {
        bool found = false;
        std::vector<std::string_view> names;
        for (const auto& ps : kPageSizes) {
          names.push_back(ps.name);
          std::string a = size.get<std::string>(), b = ps.name;
          for (auto& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          for (auto& c : b) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (a == b) {
            s.page_width = ps.width;
            s.page_height = ps.height;
            found = true;
          }
        }
        if (!found) {
          std::string msg = "page size \"" + size.get<std::string>() +
                            "\" is not known; expected A3, A4, A5, A6, Letter, Legal or {\"width\": ..., \"height\": ...}";
          if (auto g = did_you_mean(size.get<std::string>(), names); !g.empty()) msg += "; did you mean \"" + g + "\"?";
          r_.error(sp, msg);
        }
      } else if (size.is_object()) {
        r_.expect_object(size, sp, {"width", "height"}, {"width", "height"});
        if (auto w = length(size, sp, "width", 14400)) s.page_width = *w;
        if (auto h = length(size, sp, "height", 14400)) s.page_height = *h;
        if (s.page_width.value() < 72 || s.page_height.value() < 72) {
          r_.error(sp, "page is smaller than one inch in width or height");
        }
      } else {
        r_.error(sp, std::string("\"size\" must be a name such as \"A4\" or an object with width and height, found ") +
                         JsonReader::type_name(size));
      }
    }
    if (auto o = r_.get_enum(j, p, "orientation", {"portrait", "landscape"})) {
      const bool wide = s.page_width > s.page_height;
      if ((*o == "landscape") != wide) std::swap(s.page_width, s.page_height);
    }
    if (j.contains("margins")) {
      const auto& m = j["margins"];
      const std::string mp = p + "/margins";
      if (r_.expect_object(m, mp, {"top", "bottom", "start", "end", "inside", "outside"})) {
        s.margin_top = length(m, mp, "top").value_or(s.margin_top);
        s.margin_bottom = length(m, mp, "bottom").value_or(s.margin_bottom);
        s.margin_start = length(m, mp, "start").value_or(s.margin_start);
        s.margin_end = length(m, mp, "end").value_or(s.margin_end);
        // Facing pages: the inside margin is at the binding, the outside one at the fore-edge
        // (they take the place of start and end).
        if (m.contains("inside") || m.contains("outside")) {
          s.facing = true;
          s.margin_start = length(m, mp, "inside").value_or(s.margin_start);
          s.margin_end = length(m, mp, "outside").value_or(s.margin_end);
        }
        // Text at the paper's edge: printers leave a few millimetres unprinted and a print
        // shop's trimmer cuts within about 3 mm of the trim, so text there is lost. A layout
        // may want it (a poster printed edge to edge): said, not refused.
        const std::pair<const char*, Pt> sides[] = {{"top", s.margin_top},
                                                    {"bottom", s.margin_bottom},
                                                    {s.facing ? "inside" : "start", s.margin_start},
                                                    {s.facing ? "outside" : "end", s.margin_end}};
        for (const auto& [side, v] : sides) {
          if (!m.contains(side) || v >= mm(3) || v.value() < 0) continue;
          r_.warning(pointer_append(mp, side), "the " + std::string(side) + " margin of " + mm_text(v, 1) +
                                                   " mm puts text at the paper's edge, where printers do not print "
                                                   "and a print shop's trimmer cuts (keep at least 3 mm)");
        }
      }
    }
    s.columns = static_cast<int>(r_.get_integer(j, p, "columns", 1, 4).value_or(1));
    s.column_gap = length(j, p, "column_gap").value_or(s.column_gap);
    const Pt body_w = s.page_width - s.margin_start - s.margin_end;
    const Pt body_h = s.page_height - s.margin_top - s.margin_bottom;
    if (body_w.value() < 72 || body_h.value() < 72) {
      r_.error(p, "the margins leave less than one inch for the text; reduce them or use a larger page");
    } else if ((body_w - s.column_gap * (s.columns - 1)) / s.columns < Pt(72)) {
      r_.error(p, "columns narrower than one inch; use fewer columns or a smaller gap");
    }
  }

  void read_fonts(const nlohmann::json& j, LayoutSpec& s) {
    const std::string p = "/fonts";
    if (!r_.expect_object(j, p, {"dir", "families", "scripts"}, {"families", "scripts"})) {
      if (!j.is_object()) return;
    }
    const fs::path spec_dir = fs::path(doc_.base_dir());
    const fs::path dir = spec_dir / r_.get_string(j, p, "dir").value_or("../fonts");
    if (j.contains("families") && !j["families"].is_object()) {
      r_.error(p + "/families", std::string("expected an object of font families, found ") +
                                    JsonReader::type_name(j["families"]));
    } else if (j.contains("families")) {
      for (const auto& family : j["families"].items()) {
        const std::string& name = family.key();
        const nlohmann::json& faces = family.value();
        const std::string fp = pointer_append(p + "/families", name);
        if (!r_.expect_object(faces, fp, {"regular", "bold", "italic", "bold_italic", "scale"}, {"regular"})) continue;
        FamilyFiles f;
        f.scale = r_.get_number(faces, fp, "scale", 0.5, 2.0).value_or(1.0);
        auto file = [&](const char* key) -> std::string {
          auto v = r_.get_string(faces, fp, key);
          if (!v) return "";
          const fs::path path = (dir / *v).lexically_normal();
          std::error_code ec;
          if (!allowed(path)) {
            r_.error(pointer_append(fp, key), outside_message("font file", *v, path, "fonts", "NotoSans-Regular.ttf"));
            return "";
          }
          if (!fs::is_regular_file(path, ec)) {
            // A folder (a "dir" written into the file's place) is there, but is not a font.
            const bool folder = fs::is_directory(path, ec);
            r_.error(pointer_append(fp, key), "font file \"" + *v + "\" " +
                                                  (folder ? "is a folder, not a font file (" : "not found (looked for ") +
                                                  shown(path) + ")");
            return "";
          }
          return path.string();
        };
        f.regular = file("regular");
        f.bold = file("bold");
        f.italic = file("italic");
        f.bold_italic = file("bold_italic");
        s.families[name] = f;
      }
    }
    if (!j.contains("scripts")) return;
    const auto& scripts = j["scripts"];
    const std::string sp = p + "/scripts";
    if (!r_.expect_object(scripts, sp, {"latin", "arabic", "default"}, {"default"})) {
      if (!scripts.is_object()) return;
    }
    std::vector<std::string_view> family_names;
    for (const auto& [name, _] : s.families) family_names.push_back(name);
    for (const auto& [script, chain] : scripts.items()) {
      const std::string cp = pointer_append(sp, script);
      if (!r_.expect_array(chain, cp, "a script's fonts are an array of family names, tried in order: "
                                      "\"" + script + "\": [\"" + (family_names.empty() ? std::string("sans") : std::string(family_names.front())) + "\"]")) {
        continue;
      }
      if (chain.empty()) r_.error(cp, "a fallback chain needs at least one family");
      std::vector<std::string> names;
      for (std::size_t i = 0; i < chain.size(); ++i) {
        const std::string ip = pointer_append(cp, i);
        if (!chain[i].is_string()) {
          r_.error(ip, std::string("expected a family name, found ") + JsonReader::type_name(chain[i]));
          continue;
        }
        const std::string fam = chain[i].get<std::string>();
        if (!s.families.count(fam)) {
          std::string msg = "font family \"" + fam + "\" is not defined in /fonts/families";
          if (auto g = did_you_mean(fam, family_names); !g.empty()) msg += "; did you mean \"" + g + "\"?";
          r_.error(ip, msg);
          continue;
        }
        names.push_back(fam);
      }
      s.chains[script] = names;
    }
  }

  void read_style(const nlohmann::json& j, const std::string& p, TextStyleSpec& st) {
    if (!r_.expect_object(j, p, {"size", "leading", "bold", "italic", "color", "space_before",
                                 "space_after", "align"})) {
      if (!j.is_object()) return;
    }
    st.size = r_.get_number(j, p, "size", 4, 144);
    st.leading = r_.get_number(j, p, "leading", 0.8, 4);
    st.bold = r_.get_bool(j, p, "bold");
    st.italic = r_.get_bool(j, p, "italic");
    st.color = color(j, p, "color");
    st.space_before = length(j, p, "space_before", 400);
    st.space_after = length(j, p, "space_after", 400);
    if (auto a = r_.get_enum(j, p, "align", {"start", "end", "center", "justify"})) {
      st.align = *a == "start" ? Align::kStart : *a == "end" ? Align::kEnd
                 : *a == "center" ? Align::kCenter : Align::kJustify;
    }
  }

  void read_styles(const nlohmann::json& j, LayoutSpec& s) {
    const std::string p = "/styles";
    if (!j.is_object()) {
      r_.error(p, std::string("expected an object, found ") + JsonReader::type_name(j));
      return;
    }
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < kRoleCount; ++i) names.push_back(role_name(static_cast<Role>(i)));
    for (const auto& [name, style] : j.items()) {
      const std::string sp = pointer_append(p, name);
      auto role = role_from_name(name);
      if (!role) {
        std::string msg = "unknown style \"" + name + "\"";
        if (auto g = did_you_mean(name, names); !g.empty()) {
          msg += "; did you mean \"" + g + "\"?";
        } else {
          msg += "; the styles are";
          for (auto n : names) msg += " " + std::string(n);
        }
        r_.error(sp, msg);
        continue;
      }
      read_style(style, sp, s.styles[static_cast<std::size_t>(*role)]);
    }
  }

  void read_table(const nlohmann::json& j, TableSpec& t) {
    const std::string p = "/table";
    if (!r_.expect_object(j, p, {"rule_color", "rule_width", "header_fill", "zebra_fill",
                                 "cell_padding", "repeat_header"})) {
      if (!j.is_object()) return;
    }
    t.rule_color = color(j, p, "rule_color").value_or(t.rule_color);
    t.rule_width = length(j, p, "rule_width", 10).value_or(t.rule_width);
    if (j.contains("header_fill")) t.header_fill = j["header_fill"].is_null() ? std::nullopt : color(j, p, "header_fill");
    if (j.contains("zebra_fill")) t.zebra_fill = j["zebra_fill"].is_null() ? std::nullopt : color(j, p, "zebra_fill");
    t.cell_padding = length(j, p, "cell_padding", 40).value_or(t.cell_padding);
    t.repeat_header = r_.get_bool(j, p, "repeat_header").value_or(true);
  }

  void read_callout(const nlohmann::json& j, CalloutSpec& c) {
    const std::string p = "/callout";
    if (!r_.expect_object(j, p, {"fill", "bar", "bar_width", "padding"})) {
      if (!j.is_object()) return;
    }
    c.fill = color(j, p, "fill").value_or(c.fill);
    c.bar = color(j, p, "bar").value_or(c.bar);
    c.bar_width = length(j, p, "bar_width", 40).value_or(c.bar_width);
    c.padding = length(j, p, "padding", 72).value_or(c.padding);
  }

  void read_list(const nlohmann::json& j, ListSpec& l) {
    const std::string p = "/list";
    if (!r_.expect_object(j, p, {"indent", "bullet"})) {
      if (!j.is_object()) return;
    }
    l.indent = length(j, p, "indent", 144).value_or(l.indent);
    l.bullet = r_.get_string(j, p, "bullet").value_or(l.bullet);
    if (l.bullet.empty()) r_.error(p + "/bullet", "\"bullet\" must not be empty");
  }

  LocalizedText localized(const nlohmann::json& j, const std::string& p, std::string_view key) {
    return read_localized(r_, j, p, key);
  }

  // A localized text whose placeholders are checked against the one table of them.
  LocalizedText template_text(const nlohmann::json& j, const std::string& p, std::string_view key, bool page_numbers) {
    LocalizedText t = localized(j, p, key);
    const bool one = j.is_object() && j.contains(std::string(key)) && j[std::string(key)].is_string();
    for (const auto& entry : t.by_lang) {
      const std::string& text = entry.second;  // a lambda may not capture a structured binding (clang 14)
      const std::string at = one ? pointer_append(p, key) : pointer_append(pointer_append(p, key), entry.first);
      auto locate = [&](const TemplateError& err) {
        return r_.locate_in_string(at, utf8_code_points(std::string_view(text).substr(0, err.offset)),
                                   utf8_code_points(std::string_view(text).substr(err.offset, err.length)));
      };
      if (auto err = check_template(text, page_numbers)) {
        r_.error_at(locate(*err), err->message);
      } else if (!brand_use_) {
        if (auto use = first_brand_placeholder(text)) brand_use_ = BrandUse{locate(*use), use->message};
      }
    }
    return t;
  }

  void read_contact(const nlohmann::json& j, ContactSpec& c) {
    const std::string p = "/contact";
    if (!r_.expect_object(j, p, {"title", "text"}, {"text"})) {
      if (!j.is_object()) return;
    }
    c.title = template_text(j, p, "title", false);
    c.text = template_text(j, p, "text", false);
  }

  void read_furniture(const nlohmann::json& j, const std::string& p, FurnitureSpec& f) {
    if (!r_.expect_object(j, p, {"start", "center", "end", "inside", "outside", "logo", "logo_alt", "logo_height",
                                 "rule", "on_first_page", "qr"})) {
      if (!j.is_object()) return;
    }
    f.start = template_text(j, p, "start", true);
    f.center = template_text(j, p, "center", true);
    f.end = template_text(j, p, "end", true);
    f.inside = template_text(j, p, "inside", true);
    f.outside = template_text(j, p, "outside", true);
    f.logo = image(j, p, "logo");
    f.qr = qr_length(j, p, "qr");
    f.logo_alt = localized(j, p, "logo_alt");
    f.logo_height = length(j, p, "logo_height", 144).value_or(f.logo_height);
    f.rule = r_.get_bool(j, p, "rule").value_or(false);
    f.on_first_page = r_.get_bool(j, p, "on_first_page").value_or(true);
  }

  // "inside" and "outside" name the sides of a page by its binding (on pages that do not face,
  // all rectos, the start and end sides), so they take the place of "start" and "end": on one
  // page of each spread the start side is the inside, on the other the outside.
  void check_binding_sides(const nlohmann::json& j, const std::string& p) {
    if (!j.is_object()) return;
    for (const char* side : {"inside", "outside"}) {
      if (!j.contains(side)) continue;
      for (const char* other : {"start", "end"}) {
        if (!j.contains(other)) continue;
        r_.error(pointer_append(p, side),
                 std::string("\"") + side + "\" and \"" + other + "\" are the same side of every other page: "
                 "use \"inside\" and \"outside\" (which alternate with the pages), or \"start\" and \"end\", "
                 "not both");
        break;
      }
    }
  }

  // A picture named by `key`, resolved against the layout's folder, checked and loaded
  // (core/image); null when absent or refused (the error reported at its key).
  std::shared_ptr<const Image> image(const nlohmann::json& j, const std::string& p, std::string_view key) {
    auto written = r_.get_string(j, p, key);
    if (!written) return nullptr;
    const std::string kp = pointer_append(p, key);
    const fs::path path = (fs::path(doc_.base_dir()) / *written).lexically_normal();
    if (!allowed(path)) {
      r_.error(kp, outside_message("logo image", *written, path, "pictures", "../brands/riverside-logo.png"));
      return nullptr;
    }
    std::string why;
    auto img = load_image(path.string(), limits_.images, why);
    if (!img) r_.error(kp, "logo image \"" + *written + "\" (" + shown(path) + "): " + why);
    return img;
  }

  // What a cover or back panel shows, in order.
  std::vector<PanelItem> panel_items(const nlohmann::json& j, const std::string& p, std::string_view key,
                                     std::vector<PanelItem> fallback) {
    if (!j.contains(std::string(key))) return fallback;
    const std::string kp = pointer_append(p, key);
    const auto& a = j[std::string(key)];
    std::vector<PanelItem> out;
    if (!r_.expect_array(a, kp, "a panel's items are an array of what it shows, in order: "
                                "[\"logo\", \"title\", \"subtitle\"]")) {
      return out;
    }
    static constexpr std::pair<std::string_view, PanelItem> kNames[] = {
        {"title", PanelItem::kTitle},     {"subtitle", PanelItem::kSubtitle}, {"logo", PanelItem::kLogo},
        {"contact", PanelItem::kContact}, {"reviewed", PanelItem::kReviewed}, {"version", PanelItem::kVersion},
        {"qr", PanelItem::kQr},           {"brand", PanelItem::kBrand}};
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string ip = pointer_append(kp, i);
      if (!a[i].is_string()) {
        r_.error(ip, std::string("expected the name of a panel item, found ") + JsonReader::type_name(a[i]));
        continue;
      }
      const std::string name = a[i].get<std::string>();
      bool found = false;
      std::vector<std::string_view> names;
      for (const auto& [n, item] : kNames) {
        names.push_back(n);
        if (n == name) {
          out.push_back(item);
          found = true;
        }
      }
      if (found) continue;
      std::string msg = "\"" + name + "\" is not a panel item; expected title, subtitle, logo, contact, reviewed, version, qr or brand";
      if (auto g = did_you_mean(name, names); !g.empty()) msg += "; did you mean \"" + g + "\"?";
      r_.error(ip, msg);
    }
    return out;
  }

  void read_panels(const nlohmann::json& j, LayoutSpec& s) {
    const std::string p = "/panels";
    if (!r_.expect_object(j, p, {"fold", "widths", "gutter", "cover", "back", "cover_fill", "cover_ink", "logo",
                                 "logo_alt", "logo_height", "qr_size", "contact", "reviewed", "min_body_size",
                                 "max_body_size"},
                          {"fold"})) {
      if (!j.is_object()) return;
    }
    PanelSpec& ps = s.panels;
    if (auto f = r_.get_enum(j, p, "fold", {"tri-fold"})) ps.fold = PanelSpec::Fold::kTriFold;
    if (j.contains("widths") &&
        r_.expect_array(j["widths"], p + "/widths",
                        "\"widths\" is an array of the three panels' widths, inner flap, back and cover: "
                        "\"widths\": [\"97mm\", \"100mm\", \"100mm\"]")) {
      const auto& w = j["widths"];
      if (w.size() != 3) r_.error(p + "/widths", "a tri-fold has 3 panels per side: give the inner flap, back and cover widths");
      for (std::size_t i = 0; i < w.size(); ++i) {
        if (w[i].is_number() || w[i].is_string()) {
          auto v = w[i].is_number() ? std::optional<Pt>(Pt(w[i].get<double>())) : parse_length(w[i].get<std::string>());
          if (v && v->value() >= 72 && v->value() <= 14400) {
            ps.widths.push_back(*v);
            continue;
          }
        }
        r_.error(pointer_append(p + "/widths", i), "expected a panel width of at least one inch, such as \"97mm\"");
      }
    }
    ps.gutter = length(j, p, "gutter", 144).value_or(ps.gutter);
    ps.cover = panel_items(j, p, "cover", ps.cover);
    ps.back = panel_items(j, p, "back", ps.back);
    ps.cover_fill = color(j, p, "cover_fill");
    ps.cover_ink = color(j, p, "cover_ink").value_or(ps.cover_ink);
    ps.logo = image(j, p, "logo");
    ps.logo_alt = localized(j, p, "logo_alt");
    ps.logo_height = length(j, p, "logo_height", 288).value_or(ps.logo_height);
    ps.qr_size = qr_length(j, p, "qr_size").value_or(ps.qr_size);
    ps.contact = template_text(j, p, "contact", false);
    if (j.contains("reviewed")) ps.reviewed = template_text(j, p, "reviewed", false);
    ps.min_body_size = r_.get_number(j, p, "min_body_size", 4, 144);
    ps.max_body_size = r_.get_number(j, p, "max_body_size", 4, 144);
    auto uses = [&](PanelItem item) {
      for (const auto* list : {&ps.cover, &ps.back}) {
        if (std::find(list->begin(), list->end(), item) != list->end()) return true;
      }
      return false;
    };
    if (uses(PanelItem::kLogo) && !ps.logo && !j.contains("logo")) {
      r_.error(p, "a panel shows \"logo\", but /panels has no \"logo\" image");
    }
    // The article's title prints only on a panel that lists it: listed on neither, the
    // brochure would print no title at all (and its headings would read from H2 on).
    // Lists with an unknown item were refused above, naming it.
    auto read_whole = [&](const char* key, const std::vector<PanelItem>& items) {
      return !j.contains(key) || (j[key].is_array() && j[key].size() == items.size());
    };
    if (!uses(PanelItem::kTitle) && read_whole("cover", ps.cover) && read_whole("back", ps.back)) {
      r_.error(p + "/cover",
               "neither the cover nor the back panel shows \"title\": the brochure would print no title; "
               "add \"title\" to \"cover\"");
    }
  }

  void read_print(const nlohmann::json& root, LayoutSpec& s) {
    s.print.bleed = length(root, "", "bleed", mm(25).value()).value_or(Pt(0));
    if (!root.contains("marks")) return;
    const auto& j = root["marks"];
    const std::string p = "/marks";
    if (!r_.expect_object(j, p, {"crop", "fold", "offset", "length", "width"})) {
      if (!j.is_object()) return;
    }
    s.print.crop_marks = r_.get_bool(j, p, "crop").value_or(true);
    s.print.fold_marks = r_.get_bool(j, p, "fold").value_or(true);
    s.print.mark_offset = length(j, p, "offset", mm(25).value()).value_or(s.print.mark_offset);
    s.print.mark_length = length(j, p, "length", mm(25).value()).value_or(s.print.mark_length);
    s.print.mark_width = length(j, p, "width", 4).value_or(s.print.mark_width);
    if (s.print.mark_length.value() <= 0) r_.error(p + "/length", "a mark must have a length");
  }

  void read_imposition(const nlohmann::json& root, LayoutSpec& s) {
    if (!root.contains("imposition")) return;
    const auto& j = root["imposition"];
    const std::string p = "/imposition";
    // "saddle-stitch" alone, or {"kind": "saddle-stitch", "blanks": "end" | "before-last"}.
    if (j.is_string()) {
      if (r_.get_enum(root, "", "imposition", {"saddle-stitch"})) s.imposition.kind = ImpositionSpec::Kind::kSaddleStitch;
      return;
    }
    if (!r_.expect_object(j, p, {"kind", "blanks"}, {"kind"})) {
      if (!j.is_object()) return;
    }
    if (r_.get_enum(j, p, "kind", {"saddle-stitch"})) s.imposition.kind = ImpositionSpec::Kind::kSaddleStitch;
    if (auto b = r_.get_enum(j, p, "blanks", {"end", "before-last"})) {
      s.imposition.blanks = *b == "end" ? ImpositionSpec::Blanks::kEnd : ImpositionSpec::Blanks::kBeforeLast;
    }
  }

  // Checks that need the whole spec: panels that add up to the sheet, no brochure and
  // booklet or bilingual form at once.
  void check_print(const nlohmann::json& root, LayoutSpec& s) {
    PanelSpec& ps = s.panels;
    if (ps.enabled()) {
      if (ps.widths.empty()) {
        // The inner flap folds inside the other two panels: 3 mm narrower lets it lie
        // flat without catching in the fold (paper thickness and folding tolerance).
        const Pt other = (s.page_width + mm(3)) / 3;
        ps.widths = {s.page_width - other * 2, other, other};
      } else if (ps.widths.size() == 3) {
        const Pt sum = ps.widths[0] + ps.widths[1] + ps.widths[2];
        if (std::abs((sum - s.page_width).value()) > 0.5) {
          r_.error("/panels/widths", "the panel widths add up to " + std::to_string(static_cast<int>(std::lround(sum.value() / mm(1).value()))) +
                                         " mm, but the sheet is " + std::to_string(static_cast<int>(std::lround(s.page_width.value() / mm(1).value()))) +
                                         " mm wide");
        }
      }
      for (const Pt w : ps.widths) {
        if (w - s.margin_start - ps.gutter / 2 < Pt(72) || w - ps.gutter < Pt(72)) {
          r_.error("/panels", "a panel leaves less than one inch for text; reduce the margins or the gutter");
          break;
        }
      }
      if (root.contains("imposition")) r_.error("/imposition", "a folded brochure is one sheet; it cannot also be imposed as a booklet");
      if (root.contains("bilingual")) r_.error("/panels", "a folded brochure takes one language; use one layout per translation");
      if (s.columns != 1) r_.error("/page/columns", "a folded brochure's panels are its columns; remove \"columns\"");
    }
    if (s.imposition.enabled() && root.contains("bilingual")) {
      r_.error("/imposition", "a bilingual layout cannot be imposed as a booklet yet; use one layout per translation");
    }
    // (The parallel form sets each language in one column of its own: "columns" was left
    // unread, and a layout asking for two a page printed one a language without a word.)
    if (s.bilingual.mode == BilingualSpec::Mode::kParallel && s.columns != 1) {
      r_.error("/page/columns",
               "the parallel form's two languages are its columns, one each; remove \"columns\", or set the "
               "languages one after the other (\"mode\": \"sequential\"), which keeps the page's columns");
    }
    check_text_room(root, s);
  }

  // The narrowest column text is set in: a panel's (all panels share the narrowest one's
  // width, for either direction), a language's in the parallel form, else a page column.
  static Pt narrowest_column(const LayoutSpec& s) {
    const Pt body = s.page_width - s.margin_start - s.margin_end;
    if (s.panels.enabled() && s.panels.widths.size() == 3) {
      const auto& w = s.panels.widths;
      const Pt half = s.panels.gutter / 2;
      Pt measure = s.page_width;
      // Left to right or mirrored, outside or inside: the edge panels meet either margin.
      for (const auto& [left, right] : {std::pair{s.margin_start, s.margin_end}, std::pair{s.margin_end, s.margin_start}}) {
        for (const auto& [first, last] : {std::pair{w[0], w[2]}, std::pair{w[2], w[0]}}) {
          measure = min(measure, min(first - left - half, min(w[1] - half * 2, last - right - half)));
        }
      }
      return measure;
    }
    if (s.bilingual.mode == BilingualSpec::Mode::kParallel) return (body - s.bilingual.gap) / 2;
    return (body - s.column_gap * (s.columns - 1)) / s.columns;
  }

  // Room for text inside a column: the two languages' columns of the parallel form are at
  // least an inch wide, like a page's columns; a list item's text beside its indent, a
  // callout's inside its bar and padding and a table cell's inside its padding at least six
  // times their text's size (a dozen letters) and half an inch. Each length is within its
  // own bound, but together they left next to nothing: a list indent of 144 pt or a callout
  // padding of 72 pt in a two-column Legal page at 16 pt set a few letters a line down the
  // page, and 144 pt of bilingual gap on A6 two 20 mm columns, with warnings only.
  void check_text_room(const nlohmann::json& root, const LayoutSpec& s) {
    const Pt body = s.page_width - s.margin_start - s.margin_end;
    if (body < Pt(72) || (s.panels.enabled() && s.panels.widths.size() != 3)) return;  // refused above
    const Pt column = narrowest_column(s);
    auto in_mm = [](Pt v) { return mm_text(max(Pt(0), v), 1); };
    // The pointer of the first of `keys` the layout writes under `object`, else the object's.
    auto where = [&root](const std::string& object, std::initializer_list<const char*> keys) {
      const auto it = root.find(object);
      if (it != root.end() && it->is_object()) {
        for (const char* k : keys) {
          if (it->contains(k)) return "/" + object + "/" + k;
        }
        return "/" + object;
      }
      return std::string();
    };
    if (s.bilingual.mode == BilingualSpec::Mode::kParallel) {
      if (column < Pt(72)) {
        r_.error(where("bilingual", {"gap"}),
                 "the parallel form's two language columns would be " + in_mm(column) +
                     " mm wide, less than one inch; reduce the gap or the page's margins, or use a larger page");
        return;
      }
    } else if (column < Pt(72)) {
      return;  // refused above (columns or panels narrower than one inch)
    }
    const StyleSheet styles(s);
    // Whether `room` is too little for text of `role`; `least` is then its floor.
    auto too_little = [&styles](Pt room, Role role, Pt& least) {
      least = max(Pt(36), styles[role].size * 6);
      return room < least;
    };
    auto says = [&](Pt room, Pt least, const std::string& what) {
      char size[32];
      std::snprintf(size, sizeof size, "%.3g", least.value() / 6);
      return " " + in_mm(room) + " mm for " + what + " in a " + in_mm(column) + " mm column, less than " +
             (least > Pt(36) ? "six times its size (" + std::string(size) + " pt)" : std::string("half an inch")) +
             ": a few letters a line";
    };
    Pt least;
    if (const Pt room = column - s.list.indent; too_little(room, Role::kListItem, least)) {
      r_.error(where("list", {"indent"}), "the list indent of " + in_mm(s.list.indent) + " mm leaves" +
                                              says(room, least, "a list item's text") + "; use a smaller indent");
    }
    if (const Pt room = column - s.callout.bar_width - s.callout.padding * 2; too_little(room, Role::kCallout, least)) {
      r_.error(where("callout", {"padding", "bar_width"}),
               "the callout's bar (" + in_mm(s.callout.bar_width) + " mm) and padding (" + in_mm(s.callout.padding) +
                   " mm each side) leave" + says(room, least, "its text") + "; use a smaller padding or bar_width");
    }
    if (const Pt room = column - s.table.cell_padding * 2; too_little(room, Role::kTableCell, least)) {
      r_.error(where("table", {"cell_padding"}), "the table cell padding of " + in_mm(s.table.cell_padding) +
                                                     " mm each side leaves" + says(room, least, "a cell's text") +
                                                     "; use a smaller cell_padding");
    }
    // The column itself: running text at least six times its size wide, as above; a title or
    // heading (larger, with fewer and shorter words a line) at least four times. 20 pt body
    // text and a 30 pt title in a 36.5 mm column broke nearly every word between letters.
    std::set<std::string> reported;
    for (const Role role : {Role::kBody, Role::kFaqQuestion, Role::kFaqAnswer, Role::kTableCaption, Role::kTitle,
                            Role::kSubtitle, Role::kHeading1, Role::kHeading2, Role::kHeading3}) {
      const bool heading = role == Role::kTitle || role == Role::kSubtitle || role == Role::kHeading1 ||
                           role == Role::kHeading2 || role == Role::kHeading3;
      const Pt size = styles[role].size;
      const Pt need = max(Pt(36), size * (heading ? 4 : 6));
      if (column >= need) continue;
      // The size where the layout wrote it (body text's carries over to FAQs), else the columns.
      std::string pointer;
      const std::string own = "/styles/" + std::string(role_name(role)) + "/size";
      const bool inherits = role == Role::kFaqQuestion || role == Role::kFaqAnswer;
      if (root.contains(nlohmann::json::json_pointer(own))) pointer = own;
      else if (inherits && root.contains(nlohmann::json::json_pointer("/styles/body/size"))) pointer = "/styles/body/size";
      else pointer = where("page", {"columns", "margins"});
      if (!reported.insert(pointer).second) continue;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.3g", size.value());
      r_.error(pointer, "\"" + std::string(role_name(role)) + "\" text of " + buf + " pt in a " + in_mm(column) +
                            " mm column: less than " + (heading ? "four" : "six") + " times its size (" + buf +
                            " pt), so its words are broken between letters; use a smaller size, fewer columns "
                            "or smaller margins");
    }
  }

  void read_bilingual(const nlohmann::json& j, BilingualSpec& b) {
    const std::string p = "/bilingual";
    if (!r_.expect_object(j, p, {"mode", "order", "gap", "rule"}, {"mode"})) {
      if (!j.is_object()) return;
    }
    if (auto m = r_.get_enum(j, p, "mode", {"parallel", "sequential"})) {
      b.mode = *m == "parallel" ? BilingualSpec::Mode::kParallel : BilingualSpec::Mode::kSequential;
    }
    if (j.contains("order") &&
        r_.expect_array(j["order"], p + "/order", "\"order\" is an array of the two languages: \"order\": [\"en\", \"ar\"]")) {
      const auto& order = j["order"];
      if (order.size() != 2) r_.error(p + "/order", "\"order\" names the two languages, e.g. [\"en\", \"ar\"]");
      for (std::size_t i = 0; i < order.size(); ++i) {
        if (!order[i].is_string() || !is_plausible_language_tag(order[i].get<std::string>())) {
          r_.error(pointer_append(p + "/order", i), "expected a language tag such as \"en\"");
          continue;
        }
        b.order.push_back(order[i].get<std::string>());
      }
    }
    b.gap = length(j, p, "gap", 144).value_or(b.gap);
    b.rule = r_.get_bool(j, p, "rule").value_or(true);
  }

  void read_digits(const nlohmann::json& j, LayoutSpec& s) {
    const std::string p = "/digits";
    if (!j.is_object()) {
      r_.error(p, std::string("expected an object of digit styles by language, found ") + JsonReader::type_name(j));
      return;
    }
    for (const auto& [lang, _] : j.items()) {
      if (auto d = r_.get_enum(j, p, lang, {"latin", "arabic-indic", "arabic-indic-numbering", "extended-arabic-indic",
                                            "extended-arabic-indic-numbering"})) {
        s.digits[lang] = *d;
      }
    }
  }

  // `path` as a message shows it: as it is, or for a service request's layout, as a path in
  // handout's data ("fonts/x.ttf in handout's data").
  std::string shown(const fs::path& path) const {
    if (!doc_.has_base_dir()) return path.string();
    return ServedFiles{fs::path(doc_.base_dir()).parent_path()}.shown(path) + " in handout's data";
  }

  // Whether `path` (resolved, links followed) lies inside one of the allowed folders.
  bool allowed(const fs::path& path) const { return resolver_.inside_any(path, roots_); }

  // A service request's layout (its folder set: the data's layouts/) is told of its files in
  // its own terms (ServedFiles): `plural` and `example` name what it may use instead.
  std::string outside_message(const std::string& what, const std::string& written, const fs::path& path,
                              std::string_view plural, std::string_view example) const {
    if (doc_.has_base_dir()) {
      return ServedFiles::outside(what, written,
                                  "the folders a request's layout reads files from (the fonts/, content/, layouts/ "
                                  "and brands/ folders of handout's data)",
                                  plural, example);
    }
    const fs::path real = resolver_.resolve(path);
    return what + " \"" + written + "\" resolves to " + real.string() +
           ", outside the project's folders (the layout's folder and fonts/, content/, layouts/, brands/ beside it); "
           "pass --allow-path with its folder to permit it";
  }

  const JsonDoc& doc_;
  JsonReader r_;
  std::optional<BrandUse> brand_use_;  // the first {clinic.*} of the furniture or contact
  const InputLimits& limits_;
  mutable PathResolver resolver_;
  std::vector<fs::path> roots_;
};

}  // namespace

std::optional<LayoutSpec> read_layout(const JsonDoc& doc, DiagSink& sink, const InputLimits& limits) {
  return read_layout(std::make_shared<const JsonDoc>(doc), sink, limits);
}

std::optional<LayoutSpec> read_layout(std::shared_ptr<const JsonDoc> source, DiagSink& sink,
                                      const InputLimits& limits) {
  const JsonDoc& doc = *source;
  const int before = sink.error_count();
  LayoutReader reader(doc, sink, limits);
  auto spec = reader.read();
  if (spec) spec->source = source;
  if (!spec || sink.error_count() > before) return std::nullopt;
  if (!spec->chains.count("default")) {
    sink.error(doc.locate("/fonts/scripts"), "no \"default\" fallback chain in /fonts/scripts");
    return std::nullopt;
  }
  return spec;
}

std::optional<LayoutSpec> load_layout(const std::string& path, DiagSink& sink,
                                      const InputLimits& limits) {
  auto doc = load_json_file(path, sink, limits);
  if (!doc) return std::nullopt;
  return read_layout(std::make_shared<const JsonDoc>(std::move(*doc)), sink, limits);
}

}  // namespace handout
