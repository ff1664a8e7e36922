// libharu (libhpdf): the PDF objects and file,
// opened when first used (src/core/lazy_library.h). Include this header, never the
// library's own: each function named below is then called through the library's
// table. Add a function the engine starts to use to both lists.
#pragma once

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <hpdf_error.h>
#include <hpdf_mmgr.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "core/lazy_library.h"

#define HANDOUT_HARU_FUNCTIONS(X) \
  X(HPDF_AddPage) \
  X(HPDF_AddPageLabel) \
  X(HPDF_Array_Add) \
  X(HPDF_Array_AddName) \
  X(HPDF_Array_AddNumber) \
  X(HPDF_Array_AddReal) \
  X(HPDF_Array_New) \
  X(HPDF_Binary_New) \
  X(HPDF_Boolean_New) \
  X(HPDF_Box_Array_New) \
  X(HPDF_CallbackWriter_New) \
  X(HPDF_CreateOutline) \
  X(HPDF_Destination_SetFitH) \
  X(HPDF_DictStream_New) \
  X(HPDF_Dict_Add) \
  X(HPDF_Dict_AddName) \
  X(HPDF_Dict_AddNumber) \
  X(HPDF_Dict_AddReal) \
  X(HPDF_Dict_GetItem) \
  X(HPDF_Dict_New) \
  X(HPDF_Error_GetCode) \
  X(HPDF_Free) \
  X(HPDF_FreeMem) \
  X(HPDF_GetMem) \
  X(HPDF_LinkAnnot_SetBorderStyle) \
  X(HPDF_MD5Final) \
  X(HPDF_MD5Init) \
  X(HPDF_MD5Update) \
  X(HPDF_New) \
  X(HPDF_Outline_SetDestination) \
  X(HPDF_Outline_SetOpened) \
  X(HPDF_Page_CreateDestination) \
  X(HPDF_Page_CreateURILinkAnnot) \
  X(HPDF_Page_GetInheritableItem) \
  X(HPDF_Page_GetLocalFontName) \
  X(HPDF_Page_GetXObjectName) \
  X(HPDF_Page_SetHeight) \
  X(HPDF_Page_SetWidth) \
  X(HPDF_SaveToStream) \
  X(HPDF_SetCompressionMode) \
  X(HPDF_SetError) \
  X(HPDF_SetInfoAttr) \
  X(HPDF_SetInfoDateAttr) \
  X(HPDF_SetPageMode) \
  X(HPDF_Stream_Free) \
  X(HPDF_Stream_Write) \
  X(HPDF_Stream_WriteStr) \
  X(HPDF_String_New) \
  X(HPDF_Xref_Add)

HANDOUT_LAZY_TABLE(Haru, HANDOUT_HARU_FUNCTIONS)

#define HPDF_AddPage (::handout::lazy::get<::handout::lazy::Haru>().HPDF_AddPage)
#define HPDF_AddPageLabel (::handout::lazy::get<::handout::lazy::Haru>().HPDF_AddPageLabel)
#define HPDF_Array_Add (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Array_Add)
#define HPDF_Array_AddName (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Array_AddName)
#define HPDF_Array_AddNumber (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Array_AddNumber)
#define HPDF_Array_AddReal (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Array_AddReal)
#define HPDF_Array_New (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Array_New)
#define HPDF_Binary_New (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Binary_New)
#define HPDF_Boolean_New (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Boolean_New)
#define HPDF_Box_Array_New (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Box_Array_New)
#define HPDF_CallbackWriter_New (::handout::lazy::get<::handout::lazy::Haru>().HPDF_CallbackWriter_New)
#define HPDF_CreateOutline (::handout::lazy::get<::handout::lazy::Haru>().HPDF_CreateOutline)
#define HPDF_Destination_SetFitH (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Destination_SetFitH)
#define HPDF_DictStream_New (::handout::lazy::get<::handout::lazy::Haru>().HPDF_DictStream_New)
#define HPDF_Dict_Add (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Dict_Add)
#define HPDF_Dict_AddName (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Dict_AddName)
#define HPDF_Dict_AddNumber (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Dict_AddNumber)
#define HPDF_Dict_AddReal (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Dict_AddReal)
#define HPDF_Dict_GetItem (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Dict_GetItem)
#define HPDF_Dict_New (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Dict_New)
#define HPDF_Error_GetCode (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Error_GetCode)
#define HPDF_Free (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Free)
#define HPDF_FreeMem (::handout::lazy::get<::handout::lazy::Haru>().HPDF_FreeMem)
#define HPDF_GetMem (::handout::lazy::get<::handout::lazy::Haru>().HPDF_GetMem)
#define HPDF_LinkAnnot_SetBorderStyle (::handout::lazy::get<::handout::lazy::Haru>().HPDF_LinkAnnot_SetBorderStyle)
#define HPDF_MD5Final (::handout::lazy::get<::handout::lazy::Haru>().HPDF_MD5Final)
#define HPDF_MD5Init (::handout::lazy::get<::handout::lazy::Haru>().HPDF_MD5Init)
#define HPDF_MD5Update (::handout::lazy::get<::handout::lazy::Haru>().HPDF_MD5Update)
#define HPDF_New (::handout::lazy::get<::handout::lazy::Haru>().HPDF_New)
#define HPDF_Outline_SetDestination (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Outline_SetDestination)
#define HPDF_Outline_SetOpened (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Outline_SetOpened)
#define HPDF_Page_CreateDestination (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Page_CreateDestination)
#define HPDF_Page_CreateURILinkAnnot (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Page_CreateURILinkAnnot)
#define HPDF_Page_GetInheritableItem (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Page_GetInheritableItem)
#define HPDF_Page_GetLocalFontName (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Page_GetLocalFontName)
#define HPDF_Page_GetXObjectName (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Page_GetXObjectName)
#define HPDF_Page_SetHeight (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Page_SetHeight)
#define HPDF_Page_SetWidth (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Page_SetWidth)
#define HPDF_SaveToStream (::handout::lazy::get<::handout::lazy::Haru>().HPDF_SaveToStream)
#define HPDF_SetCompressionMode (::handout::lazy::get<::handout::lazy::Haru>().HPDF_SetCompressionMode)
#define HPDF_SetError (::handout::lazy::get<::handout::lazy::Haru>().HPDF_SetError)
#define HPDF_SetInfoAttr (::handout::lazy::get<::handout::lazy::Haru>().HPDF_SetInfoAttr)
#define HPDF_SetInfoDateAttr (::handout::lazy::get<::handout::lazy::Haru>().HPDF_SetInfoDateAttr)
#define HPDF_SetPageMode (::handout::lazy::get<::handout::lazy::Haru>().HPDF_SetPageMode)
#define HPDF_Stream_Free (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Stream_Free)
#define HPDF_Stream_Write (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Stream_Write)
#define HPDF_Stream_WriteStr (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Stream_WriteStr)
#define HPDF_String_New (::handout::lazy::get<::handout::lazy::Haru>().HPDF_String_New)
#define HPDF_Xref_Add (::handout::lazy::get<::handout::lazy::Haru>().HPDF_Xref_Add)
HANDOUT_HARU_FUNCTIONS(HANDOUT_LAZY_CHECK)
