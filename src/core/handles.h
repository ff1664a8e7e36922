// RAII for C handles: every HarfBuzz, FriBidi-adjacent and libharu object lives in a
// unique_ptr with its deleter, so no early return can leak one.
#pragma once

#include <memory>

#include <hb-subset.h>
#include <hb.h>

namespace handout {

template <auto Fn>
struct CDeleter {
  template <typename T>
  void operator()(T* p) const {
    if (p) Fn(p);
  }
};

using HbBlob = std::unique_ptr<hb_blob_t, CDeleter<hb_blob_destroy>>;
using HbFace = std::unique_ptr<hb_face_t, CDeleter<hb_face_destroy>>;
using HbFont = std::unique_ptr<hb_font_t, CDeleter<hb_font_destroy>>;
using HbBuffer = std::unique_ptr<hb_buffer_t, CDeleter<hb_buffer_destroy>>;
using HbSubsetInput = std::unique_ptr<hb_subset_input_t, CDeleter<hb_subset_input_destroy>>;
using HbSubsetPlan = std::unique_ptr<hb_subset_plan_t, CDeleter<hb_subset_plan_destroy>>;

}  // namespace handout
