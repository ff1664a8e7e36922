// Pictures as PDF image XObjects: a JPEG's bytes as they are (DCTDecode), a PNG's samples
// as deflated once by core/image (FlateDecode), its alpha as a soft mask. libharu never
// decodes or re-encodes a picture. Touches libharu's object layer.
#pragma once

#include <hpdf.h>

#include "core/image.h"

namespace handout {

/// A dictionary write hook that writes "/Filter /FlateDecode" for a stream whose bytes
/// were deflated before (libharu's own filter field stays "none", or it would deflate again).
HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream);

/// The image XObject for `img`, added to `pdf`; null if libharu failed (its error handler
/// has the reason).
[[nodiscard]] HPDF_Dict make_image_xobject(HPDF_Doc pdf, const Image& img);

}  // namespace handout
