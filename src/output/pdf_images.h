// Pictures as PDF image XObjects: a JPEG's bytes as they are (DCTDecode), a PNG's samples
// as deflated once by core/image (FlateDecode), its alpha as a soft mask. libharu never
// decodes or re-encodes a picture. Touches libharu's object layer.
#pragma once

#include "core/lib_haru.h"

#include "core/image.h"

namespace handout {


/// The image XObject for `img`, added to `pdf`; null if libharu failed (its error handler
/// has the reason). Its stream reads `img`'s bytes when the file is saved: `img` must stay
/// alive until then.
[[nodiscard]] HPDF_Dict make_image_xobject(HPDF_Doc pdf, const Image& img);

}  // namespace handout
