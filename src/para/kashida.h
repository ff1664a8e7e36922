// Kashida opportunities: where a justified Arabic word may be stretched by lengthening
// the connection between two of its joined letters (drawn as an elongated tatweel).
// Pure functions of the text; the line builder decides how much goes where.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/geometry.h"

namespace handout {

/// One place to stretch: between the letter at `after` (with any marks on it) and the
/// next letter of the same word. Lower `priority` is preferred (1 = best).
struct KashidaPoint {
  std::uint32_t after = 0;  ///< index of the letter the kashida follows (logical order)
  std::uint32_t before = 0; ///< index of the letter it leads into
  int priority = 0;
};

/// Whether `before` joins `after`, the next letter in logical order (marks between them
/// left out): FriBidi's joining types (dual- or join-causing before, and dual-, right- or
/// join-causing after). A break between two joined letters changes both letters' shapes.
[[nodiscard]] bool letters_join(char32_t before, char32_t after);

/// The worst priority a point can have (any final letter).
inline constexpr int kKashidaLowestPriority = 7;

/// Every kashida opportunity of `text` within `span`, in logical order. Words are maximal
/// stretches of Arabic letters (with their marks and tatweels); nothing outside them (Latin,
/// digits, punctuation, spaces) ever gets a kashida.
[[nodiscard]] std::vector<KashidaPoint> kashida_points(std::u32string_view text, Range span);

/// The one point of each word that a typesetter would stretch: its best priority, and of
/// equal ones the last in the word. In logical order.
[[nodiscard]] std::vector<KashidaPoint> best_kashida_per_word(std::u32string_view text, Range span);

}  // namespace handout
