// Document metadata: the Info dictionary, and for PDF/A-2a + PDF/UA-1 the XMP packet that
// agrees with it, the sRGB OutputIntent and a file ID derived from the content (so the
// same document always gives the same bytes). Touches libharu's object layer.
#pragma once

#include "core/lib_haru.h"

#include <ctime>
#include <string>
#include <vector>

#include "core/display.h"

namespace handout {

/// A date and time in UTC, as gmtime_r gives it (year, month, day, hour, minute, second),
/// for `seconds` since 1970 clamped to 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z. Worked
/// out here: glibc's gmtime_r reads /etc/localtime on its first call (tzset), seven system
/// calls and about 20 µs a render for a time zone it does not use.
[[nodiscard]] std::tm utc_time(long long seconds);

/// Producer, Creator, Title, Subject, Keywords and the dates (from doc.creation_time).
void write_info(HPDF_Doc pdf, const Document& doc);

/// The XMP packet (PDF/A-2a, PDF/UA-1) for `doc`, agreeing with write_info's entries.
[[nodiscard]] std::string xmp_packet(const Document& doc);

/// Catalog /Metadata (`xmp`, xmp_packet()'s packet, unfiltered) and /OutputIntents (sRGB).
/// The stream reads `xmp` when the file is saved: it must stay alive until then. False on
/// a libharu failure.
bool write_pdfa_metadata(HPDF_Doc pdf, const std::string& xmp);

/// The trailer /ID: two equal 16-byte strings, the MD5 in `ctx` (fed with the pages'
/// content and the metadata, in that order), so that re-rendering gives the same bytes.
bool write_file_id(HPDF_Doc pdf, HPDF_MD5_CTX& ctx);

}  // namespace handout
