// JPEG pictures decoded for page previews (libjpeg-turbo). The PDF embeds a JPEG's bytes as
// they are (DCTDecode); only the preview needs its pixels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/image.h"

namespace handout {

/// `image` (a JPEG already checked by load_image) decoded to RGBA, straight alpha (opaque),
/// `image.width` × `image.height` pixels. Grey, YCbCr/RGB and CMYK (Adobe's inverted CMYK
/// too) JPEGs; false with `why` for a file libjpeg cannot decode, never an exit.
[[nodiscard]] bool decode_jpeg_rgba(const Image& image, std::vector<std::uint8_t>& rgba, std::string& why);

}  // namespace handout
