// hb-subset (libharfbuzz-subset): the fonts embedded in a PDF,
// opened when first used (src/core/lazy_library.h). Include this header, never the
// library's own: each function named below is then called through the library's
// table. Add a function the engine starts to use to both lists.
#pragma once

#include <hb.h>
#include <hb-subset.h>

#include "core/lazy_library.h"

#define HANDOUT_HARFBUZZ_SUBSET_FUNCTIONS(X) \
  X(hb_subset_input_create_or_fail) \
  X(hb_subset_input_destroy) \
  X(hb_subset_input_glyph_set) \
  X(hb_subset_input_set) \
  X(hb_subset_input_set_flags) \
  X(hb_subset_input_unicode_set) \
  X(hb_subset_or_fail) \
  X(hb_subset_plan_create_or_fail) \
  X(hb_subset_plan_destroy) \
  X(hb_subset_plan_execute_or_fail) \
  X(hb_subset_plan_old_to_new_glyph_mapping) \
  X(hb_subset_preprocess)

HANDOUT_LAZY_TABLE(HarfBuzzSubset, HANDOUT_HARFBUZZ_SUBSET_FUNCTIONS)

#define hb_subset_input_create_or_fail (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_input_create_or_fail)
#define hb_subset_input_destroy (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_input_destroy)
#define hb_subset_input_glyph_set (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_input_glyph_set)
#define hb_subset_input_set (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_input_set)
#define hb_subset_input_set_flags (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_input_set_flags)
#define hb_subset_input_unicode_set (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_input_unicode_set)
#define hb_subset_or_fail (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_or_fail)
#define hb_subset_plan_create_or_fail (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_plan_create_or_fail)
#define hb_subset_plan_destroy (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_plan_destroy)
#define hb_subset_plan_execute_or_fail (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_plan_execute_or_fail)
#define hb_subset_plan_old_to_new_glyph_mapping (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_plan_old_to_new_glyph_mapping)
#define hb_subset_preprocess (::handout::lazy::get<::handout::lazy::HarfBuzzSubset>().hb_subset_preprocess)
HANDOUT_HARFBUZZ_SUBSET_FUNCTIONS(HANDOUT_LAZY_CHECK)
