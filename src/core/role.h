// The role of a piece of text in the article. Roles select styles, and every item on
// a page keeps its role so that tagged PDF can be written from the layout result.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace handout {

enum class Role : std::uint8_t {
  kTitle,
  kSubtitle,
  kHeading1,
  kHeading2,
  kHeading3,
  kBody,
  kListItem,
  kListMarker,
  kListTerm,
  kTableCaption,
  kTableHeader,
  kTableCell,
  kFaqQuestion,
  kFaqAnswer,
  kCallout,
  kCalloutTitle,
  kHeader,
  kFooter,
  kCount
};

inline constexpr std::size_t kRoleCount = static_cast<std::size_t>(Role::kCount);

/// The role's name as written in layout specs ("h1", "table_header", ...).
[[nodiscard]] std::string_view role_name(Role r);
[[nodiscard]] std::optional<Role> role_from_name(std::string_view name);

}  // namespace handout
