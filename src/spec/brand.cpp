#include "spec/brand.h"

#include <filesystem>

#include "core/confine.h"
#include "core/json_reader.h"

namespace handout {

namespace {

namespace fs = std::filesystem;

class BrandReader {
 public:
  BrandReader(const JsonDoc& doc, DiagSink& sink, const InputLimits& limits)
      : doc_(doc), r_(doc, sink), limits_(limits) {
    roots_.push_back(resolver_.resolve(fs::path(doc.base_dir())));
    for (const auto& p : limits.allowed_paths) roots_.push_back(resolver_.resolve(p));
  }

  std::optional<Brand> read() {
    const auto& root = doc_.root();
    if (!r_.expect_object(root, "", {"$schema", "name", "address", "phone", "email", "website", "logo", "colors"},
                          {"name", "address", "phone"})) {
      if (!root.is_object()) return std::nullopt;
    }
    Brand b;
    b.file = doc_.file();
    b.name = required_localized(root, "", "name");
    b.address = required_localized(root, "", "address");
    b.phone = r_.get_string(root, "", "phone").value_or("");
    if (root.contains("phone") && b.phone.find_first_of("0123456789") == std::string::npos) {
      r_.error("/phone", "\"phone\" is \"" + b.phone + "\", which has no digits");
    }
    if (b.phone.find_first_not_of("+0123456789 ()-./") != std::string::npos) {
      r_.error("/phone", "\"phone\" may hold only digits, spaces, \"+\", \"-\", \".\", \"/\" and brackets");
    }
    b.email = r_.get_string(root, "", "email").value_or("");
    if (!b.email.empty() && b.email.find('@') == std::string::npos) {
      r_.error("/email", "\"email\" is \"" + b.email + "\", expected an address such as info@clinic.example");
    }
    b.website = r_.get_string(root, "", "website").value_or("");
    if (!b.website.empty() && b.website.rfind("https://", 0) != 0 && b.website.rfind("http://", 0) != 0) {
      r_.error("/website", "\"website\" must start with http:// or https://");
    }
    if (root.contains("logo")) read_logo(root["logo"], b);
    if (root.contains("colors")) {
      const auto& c = root["colors"];
      if (r_.expect_object(c, "/colors", {"accent"}, {"accent"})) b.accent = read_color(r_, c, "/colors", "accent");
    }
    return b;
  }

 private:
  LocalizedText required_localized(const nlohmann::json& obj, const std::string& parent, const char* key) {
    LocalizedText t = read_localized(r_, obj, parent, key);
    const std::string p = pointer_append(parent, key);
    for (const auto& [lang, text] : t.by_lang) {
      if (text.empty()) r_.error(t.by_lang.size() == 1 && lang == "default" ? p : pointer_append(p, lang), "must not be empty");
    }
    if (obj.contains(key) && obj[key].is_object() && t.by_lang.empty()) r_.error(p, "needs the text in at least one language");
    return t;
  }

  void read_logo(const nlohmann::json& j, Brand& b) {
    const std::string p = "/logo";
    if (!r_.expect_object(j, p, {"src", "alt"}, {"src", "alt"})) {
      if (!j.is_object()) return;
    }
    // Screen readers read it aloud and PDF/UA-1 requires it: an empty one is the brand's
    // mistake, reported here (the render's conformance check would name the layout).
    b.logo_alt = required_localized(j, p, "alt");
    auto src = r_.get_string(j, p, "src");
    if (!src) return;
    const fs::path path = (fs::path(doc_.base_dir()) / *src).lexically_normal();
    // A service request's brand (its folder set, the data's brands/): its messages name what
    // the request wrote, never the server's paths or its command line.
    const bool served = doc_.has_base_dir();
    if (!resolver_.inside_any(path, roots_)) {
      r_.error(p + "/src", served ? ServedFiles::outside("logo", *src,
                                                         "the folder a request's brand logos are read from (the "
                                                         "brands/ folder of handout's data)",
                                                         "logos", "riverside-logo.png")
                                  : "logo \"" + *src + "\" resolves to " + resolver_.resolve(path).string() +
                                        ", outside the brand's folder; pass --allow-path with its folder to permit it");
      return;
    }
    std::string why;
    b.logo = load_image(path.string(), limits_.images, why);
    if (!b.logo) {
      r_.error(p + "/src", "logo \"" + *src + "\" (" +
                               (served ? ServedFiles{fs::path(doc_.base_dir()).parent_path()}.shown(path) +
                                             " in handout's data"
                                       : path.string()) +
                               "): " + why);
    }
  }

  const JsonDoc& doc_;
  JsonReader r_;
  const InputLimits& limits_;
  PathResolver resolver_;
  std::vector<fs::path> roots_;
};

}  // namespace

std::optional<Brand> load_brand(const std::string& path, DiagSink& sink, const InputLimits& limits) {
  auto doc = load_json_file(path, sink, limits);
  if (!doc) return std::nullopt;
  return read_brand(std::make_shared<const JsonDoc>(std::move(*doc)), sink, limits);
}

std::optional<Brand> read_brand(std::shared_ptr<const JsonDoc> shared, DiagSink& sink, const InputLimits& limits) {
  const int before = sink.error_count();
  BrandReader reader(*shared, sink, limits);
  auto brand = reader.read();
  if (!brand || sink.error_count() > before) return std::nullopt;
  brand->source = std::move(shared);
  return brand;
}

LayoutSpec apply_brand(LayoutSpec spec, const Brand& brand) {
  if (brand.logo) {
    spec.header.logo = brand.logo;
    spec.header.logo_alt = brand.logo_alt;
    spec.header.logo_alt_from = brand.source;
  }
  if (brand.accent) {
    for (Role r : {Role::kTitle, Role::kHeading1, Role::kHeading2}) {
      spec.styles[static_cast<std::size_t>(r)].color = *brand.accent;
    }
    spec.callout.bar = *brand.accent;
    // A brochure's cover band takes the clinic's colour too.
    if (spec.panels.cover_fill) spec.panels.cover_fill = *brand.accent;
  }
  return spec;
}

}  // namespace handout
