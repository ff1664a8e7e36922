// Language tags: the few facts about a BCP 47 tag the engine needs.
#pragma once

#include <string>
#include <string_view>

#include "core/geometry.h"

namespace handout {

/// The primary language subtag, lower-cased ("ar" for "ar-EG").
[[nodiscard]] std::string primary_language(std::string_view tag);
/// The paragraph direction of text in this language (right to left for Arabic, Hebrew,
/// Persian, Urdu and the other right-to-left scripts' languages).
[[nodiscard]] Direction direction_of_language(std::string_view tag);
/// Whether `tag` is well formed enough to be a BCP 47 tag (letters, digits, hyphens).
[[nodiscard]] bool is_plausible_language_tag(std::string_view tag);

}  // namespace handout
