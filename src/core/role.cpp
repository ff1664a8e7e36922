#include "core/role.h"

#include <array>

namespace handout {

namespace {
constexpr std::array<std::string_view, kRoleCount> kNames = {
    "title",     "subtitle",      "h1",           "h2",         "h3",           "body",
    "list",      "list_marker",   "list_term",    "caption",    "table_header", "table_body",
    "faq_question", "faq_answer", "callout",      "callout_title", "header",    "footer"};
}

std::string_view role_name(Role r) { return kNames[static_cast<std::size_t>(r)]; }

std::optional<Role> role_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

}  // namespace handout
