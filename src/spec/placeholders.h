// The placeholders that a layout's furniture templates (running header and footer, the
// contact block) may use, in one table: checked when the layout is read (an unknown one is
// an error at its location, never printed literally) and filled when pages are composed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace handout {

struct PlaceholderInfo {
  std::string_view name;     ///< as written between braces, e.g. "clinic.phone"
  std::string_view meaning;  ///< for messages and docs
  bool page_number = false;  ///< {page} and {pages}: only in running headers and footers
};

/// Every placeholder a template may use.
[[nodiscard]] const std::vector<PlaceholderInfo>& known_placeholders();

/// What is wrong with a template, and where: the byte range of the placeholder or brace.
struct TemplateError {
  std::string message;
  std::size_t offset = 0;  ///< bytes into the template
  std::size_t length = 1;  ///< bytes
};

/// Checks a template: returns the first unknown or malformed placeholder (with a
/// suggestion when the name is close to a known one). "{{" and "}}" are literal braces.
/// `page_numbers`: whether {page} and {pages} are allowed here.
[[nodiscard]] std::optional<TemplateError> check_template(std::string_view tmpl, bool page_numbers);

/// The first {clinic.*} placeholder of a template (its byte range; the message names it),
/// or nothing: such a template can only be filled from a clinic's brand.
[[nodiscard]] std::optional<TemplateError> first_brand_placeholder(std::string_view tmpl);

/// Fills a checked template. `value(name, digits_lang)` gives a placeholder's text;
/// digits_lang is the language after a colon ({page:ar}), or empty.
[[nodiscard]] std::string fill_placeholders(
    std::string_view tmpl, const std::function<std::string(std::string_view, std::string_view)>& value);

/// As fill_placeholders, `value(name, digits_lang, before)` also given the template's text
/// filled so far: what stands before the placeholder.
[[nodiscard]] std::string fill_placeholders_after(
    std::string_view tmpl,
    const std::function<std::string(std::string_view, std::string_view, std::string_view)>& value);

}  // namespace handout
