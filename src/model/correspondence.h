// Two translations of one topic must have the same block structure (CONTENT.md): the
// bilingual layouts pair their blocks one to one.
#pragma once

#include "core/diag.h"
#include "model/article.h"

namespace handout {

/// Checks that `b` has the structure of `a`: the same block types in the same order,
/// heading levels, list and FAQ item counts (and terms), table shapes, callout titles.
/// Reports the first difference as an error located in both files; returns whether they
/// correspond.
/// Also warns when one translation is older than the other (check_revisions).
bool check_correspondence(const Article& a, const Article& b, DiagSink& sink);

/// Warns, at its meta, about a translation older than its counterpart: a lower
/// meta.version, or the same version with an earlier meta.reviewed date.
void check_revisions(const Article& a, const Article& b, DiagSink& sink);

}  // namespace handout
