// RAII for C handles: every HarfBuzz, FriBidi-adjacent and libharu object lives in a
// unique_ptr with its deleter, so no early return can leak one.
#pragma once

#include <memory>

#include <hb.h>

#include "core/lib_hb_subset.h"

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
// hb-subset's functions are called through its table (core/lib_hb_subset.h), whose entries
// are not constants: these deleters name them in a body.
struct HbSubsetInputFree {
  void operator()(hb_subset_input_t* p) const {
    if (p) hb_subset_input_destroy(p);
  }
};
struct HbSubsetPlanFree {
  void operator()(hb_subset_plan_t* p) const {
    if (p) hb_subset_plan_destroy(p);
  }
};
using HbSubsetInput = std::unique_ptr<hb_subset_input_t, HbSubsetInputFree>;
using HbSubsetPlan = std::unique_ptr<hb_subset_plan_t, HbSubsetPlanFree>;

}  // namespace handout
