// A clinic's branding as data (brands/<name>.json, format in brands/brand.schema.json):
// its name and address in each language, phone, e-mail, website, logo and accent colour.
// One article serves many clinics: the layout's furniture names these through
// placeholders ({clinic.name}, {clinic.phone}, ...), and the brand's logo and colour
// replace the layout's.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "spec/layout_spec.h"

namespace handout {

struct Brand {
  std::string file;
  LocalizedText name;
  LocalizedText address;
  std::string phone;
  std::string email;
  std::string website;
  std::shared_ptr<const Image> logo;  ///< null: none
  LocalizedText logo_alt;
  std::optional<Color> accent;
  std::shared_ptr<const JsonDoc> source;
  [[nodiscard]] Location locate(const std::string& pointer) const {
    return source ? source->locate(pointer) : Location{file, 0, 0, pointer};
  }
};

/// Validates and converts a brand file; its logo resolves against the brand's folder
/// (confined to it and --allow-path folders).
[[nodiscard]] std::optional<Brand> load_brand(const std::string& path, DiagSink& sink,
                                              const InputLimits& limits = {});

[[nodiscard]] std::optional<Brand> read_brand(std::shared_ptr<const JsonDoc> doc, DiagSink& sink,
                                              const InputLimits& limits = {});

/// The spec with the brand applied: its logo in the header, its accent colour on headings,
/// the callout bar and furniture rules.
[[nodiscard]] LayoutSpec apply_brand(LayoutSpec spec, const Brand& brand);

}  // namespace handout
