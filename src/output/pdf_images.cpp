#include "output/pdf_images.h"

#include "output/pdf_strings.h"

#include "core/lib_haru.h"

namespace handout {

namespace {

// libharu writes /Filter from its own filter field and would compress again: the field
// stays "none" and the entry is written by the dictionary's write hook instead.
HPDF_STATUS write_dct_filter(HPDF_Dict, HPDF_Stream stream) {
  return HPDF_Stream_WriteStr(stream, "/Filter /DCTDecode\012");
}
HPDF_Dict image_stream(HPDF_Doc pdf, const Image& img, const std::string& bytes, const char* color_space,
                       bool dct, int bits = 8) {
  HPDF_Dict x = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
  if (!x) return nullptr;
  x->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
  x->filter = HPDF_STREAM_FILTER_NONE;
  x->write_fn = dct ? write_dct_filter : write_flate_filter;
  HPDF_STATUS st = HPDF_Dict_AddName(x, "Type", "XObject");
  st |= HPDF_Dict_AddName(x, "Subtype", "Image");
  st |= HPDF_Dict_AddNumber(x, "Width", static_cast<HPDF_INT32>(img.width));
  st |= HPDF_Dict_AddNumber(x, "Height", static_cast<HPDF_INT32>(img.height));
  if (color_space) {
    st |= HPDF_Dict_AddName(x, "ColorSpace", color_space);
  } else {
    // A palette picture's rows: [/Indexed /DeviceRGB hival <colours>].
    HPDF_Array indexed = HPDF_Array_New(pdf->mmgr);
    if (!indexed || HPDF_Dict_Add(x, "ColorSpace", indexed) != HPDF_OK) return nullptr;
    st |= HPDF_Array_AddName(indexed, "Indexed");
    st |= HPDF_Array_AddName(indexed, "DeviceRGB");
    st |= HPDF_Array_AddNumber(indexed, static_cast<HPDF_INT32>(img.palette.size() / 3 - 1));
    st |= HPDF_Array_Add(indexed, HPDF_Binary_New(pdf->mmgr, reinterpret_cast<HPDF_BYTE*>(const_cast<char*>(img.palette.data())),
                                                  static_cast<HPDF_UINT>(img.palette.size())));
  }
  st |= HPDF_Dict_AddNumber(x, "BitsPerComponent", bits);
  st |= set_stream_bytes(x, bytes);  // read from `img` when the file is saved
  return st == HPDF_OK ? x : nullptr;
}

const char* color_space(int components) {
  return components == 1 ? "DeviceGray" : components == 4 ? "DeviceCMYK" : "DeviceRGB";
}

}  // namespace

HPDF_Dict make_image_xobject(HPDF_Doc pdf, const Image& img) {
  const bool jpeg = img.format == Image::Format::kJpeg;
  const char* space = img.palette.empty() ? color_space(img.components) : nullptr;
  HPDF_Dict x = image_stream(pdf, img, img.data, space, jpeg, img.png_rows ? img.bits : 8);
  if (!x) return nullptr;
  if (img.png_rows) {
    // The PNG's own rows: a filter byte before each, undone by the PNG predictor.
    HPDF_Dict parms = HPDF_Dict_New(pdf->mmgr);
    if (!parms || HPDF_Dict_Add(x, "DecodeParms", parms) != HPDF_OK) return nullptr;
    HPDF_STATUS st = HPDF_Dict_AddNumber(parms, "Predictor", 15);
    st |= HPDF_Dict_AddNumber(parms, "Colors", img.components);
    st |= HPDF_Dict_AddNumber(parms, "BitsPerComponent", img.bits);
    st |= HPDF_Dict_AddNumber(parms, "Columns", static_cast<HPDF_INT32>(img.width));
    if (st != HPDF_OK) return nullptr;
  }
  if (img.inverted_cmyk) {
    // Adobe writes CMYK JPEGs inverted; the Decode array turns them back.
    HPDF_Array decode = HPDF_Array_New(pdf->mmgr);
    if (!decode || HPDF_Dict_Add(x, "Decode", decode) != HPDF_OK) return nullptr;
    for (int i = 0; i < 4; ++i) {
      HPDF_Array_AddNumber(decode, 1);
      HPDF_Array_AddNumber(decode, 0);
    }
  }
  if (!img.alpha.empty()) {
    HPDF_Dict mask = image_stream(pdf, img, img.alpha, "DeviceGray", false);
    if (!mask || HPDF_Dict_Add(x, "SMask", mask) != HPDF_OK) return nullptr;
  }
  return x;
}

}  // namespace handout
