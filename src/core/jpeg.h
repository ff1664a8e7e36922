// JPEG pictures through libjpeg-turbo (opened when first used): decoded for page previews,
// and made upright and RGB when a file is neither. The PDF embeds a JPEG's bytes as they are
// (DCTDecode), so a photo stored on its side with an EXIF Orientation tag, or in CMYK (which
// a PDF/A file with an sRGB output intent may not hold), is decoded and compressed again once,
// when it is loaded.
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

/// The quality a JPEG is compressed again at (libjpeg's scale, 1-100): a photo's detail
/// stays; one generation of loss, once per picture.
inline constexpr int kJpegQuality = 92;

/// `image` (a JPEG checked by load_image, with the EXIF `orientation` it was stored with,
/// 1-8) as an upright JPEG of 1 (grey) or 3 (RGB) components: `image`'s data, size and
/// components are replaced. CMYK becomes RGB as PDF viewers show it without a profile
/// (Adobe's inverted CMYK too). False with `why` when libjpeg cannot do it (not installed,
/// a file it cannot decode); `image` is then unchanged.
[[nodiscard]] bool make_jpeg_upright_rgb(Image& image, int orientation, std::string& why);

}  // namespace handout
