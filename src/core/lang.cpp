#include "core/lang.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace handout {

std::string primary_language(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

Direction direction_of_language(std::string_view tag) {
  static constexpr std::array<std::string_view, 12> kRtl = {
      "ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "syr"};
  const std::string lang = primary_language(tag);
  return std::find(kRtl.begin(), kRtl.end(), lang) != kRtl.end() ? Direction::kRtl
                                                                  : Direction::kLtr;
}

bool is_plausible_language_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  std::size_t sub = 0;
  bool first = true;
  for (char c : tag) {
    if (c == '-') {
      if (sub == 0) return false;
      sub = 0;
      first = false;
      continue;
    }
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    if (first && !std::isalpha(static_cast<unsigned char>(c))) return false;
    if (++sub > 8) return false;
  }
  return sub > 0;
}

}  // namespace handout
