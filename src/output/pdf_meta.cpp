#include "output/pdf_meta.h"

#include "core/lib_haru.h"

#include <cstdio>
#include <algorithm>
#include <chrono>
#include <ctime>

#include "output/pdf_strings.h"

namespace handout {

// The sRGB profile as a zlib stream, deflated at build time (tools/icc_deflate.cpp).
extern const unsigned char kSrgbIccDeflated[];
extern const std::size_t kSrgbIccDeflatedSize;

namespace {

constexpr const char* kProducer = "handout " HANDOUT_VERSION " (libharu, HarfBuzz, FriBidi)";
constexpr const char* kCreator = "handout";

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') out += ' ';
        else out += c;
    }
  }
  return out;
}

}  // namespace

std::tm utc_time(long long seconds) {
  // PDF dates have four-digit years: nothing after 9999-12-31T23:59:59Z (the engine
  // refuses such a SOURCE_DATE_EPOCH; this keeps the writer safe on its own).
  using namespace std::chrono;
  const sys_seconds at{std::chrono::seconds{std::clamp<long long>(seconds, 0, 253402300799)}};
  const sys_days day = floor<days>(at);
  const year_month_day ymd{day};
  const hh_mm_ss<std::chrono::seconds> time{at - day};
  std::tm tm{};
  tm.tm_year = static_cast<int>(ymd.year()) - 1900;
  tm.tm_mon = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
  tm.tm_mday = static_cast<int>(static_cast<unsigned>(ymd.day()));
  tm.tm_hour = static_cast<int>(time.hours().count());
  tm.tm_min = static_cast<int>(time.minutes().count());
  tm.tm_sec = static_cast<int>(time.seconds().count());
  tm.tm_wday = static_cast<int>(weekday{day}.c_encoding());
  tm.tm_yday = static_cast<int>((day - sys_days{ymd.year() / January / 1}).count());
  return tm;
}

void write_info(HPDF_Doc pdf, const Document& doc) {
  HPDF_MMgr mmgr = pdf->mmgr;
  HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, kProducer);
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, kCreator);
  if (!doc.title.empty()) HPDF_Dict_Add(pdf->info, "Title", text_string(mmgr, doc.title));
  if (!doc.subject.empty()) HPDF_Dict_Add(pdf->info, "Subject", text_string(mmgr, doc.subject));
  if (!doc.keywords.empty()) HPDF_Dict_Add(pdf->info, "Keywords", text_string(mmgr, doc.keywords));
  const std::tm tm = utc_time(doc.creation_time);
  HPDF_Date date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
  HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date);
}

std::string xmp_packet(const Document& doc) {
  const std::tm tm = utc_time(doc.creation_time);
  char date[96];
  std::snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string x;
  x.reserve(2600);
  x += "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
       "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
       "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
       " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\""
       " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\""
       " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""
       " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\""
       " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n";
  x += "<dc:format>application/pdf</dc:format>\n";
  if (!doc.title.empty()) {
    x += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(metadata_text(doc.title)) +
         "</rdf:li></rdf:Alt></dc:title>\n";
  }
  if (!doc.subject.empty()) {
    x += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(metadata_text(doc.subject)) +
         "</rdf:li></rdf:Alt></dc:description>\n";
  }
  x += "<dc:language><rdf:Bag>";
  if (doc.side_langs.empty()) {
    x += "<rdf:li>" + xml_escape(doc.lang) + "</rdf:li>";
  } else {
    for (const auto& l : doc.side_langs) x += "<rdf:li>" + xml_escape(l) + "</rdf:li>";
  }
  x += "</rdf:Bag></dc:language>\n";
  if (!doc.keywords.empty()) x += "<pdf:Keywords>" + xml_escape(metadata_text(doc.keywords)) + "</pdf:Keywords>\n";
  x += std::string("<pdf:Producer>") + kProducer + "</pdf:Producer>\n<xmp:CreatorTool>" + kCreator +
       "</xmp:CreatorTool>\n<xmp:CreateDate>" + date + "</xmp:CreateDate>\n<xmp:ModifyDate>" + date +
       "</xmp:ModifyDate>\n<xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n";
  x += "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>\n<pdfuaid:part>1</pdfuaid:part>\n";
  // PDF/A-2 predefines no pdfuaid schema: declare it.
  x += "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">"
       "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
       "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
       "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>"
       "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>part</pdfaProperty:name>"
       "<pdfaProperty:valueType>Integer</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category>"
       "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>"
       "</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>\n";
  x += "</rdf:Description>\n</rdf:RDF></x:xmpmeta>\n<?xpacket end=\"r\"?>";
  return x;
}

bool write_pdfa_metadata(HPDF_Doc pdf, const std::string& xmp_bytes) {
  HPDF_MMgr mmgr = pdf->mmgr;
  bool ok = true;
  auto check = [&ok](HPDF_STATUS s) { ok = ok && s == HPDF_OK; };

  // XMP, unfiltered (PDF/A): HPDF_COMP_ALL leaves a stream alone unless its filter is set.
  HPDF_Dict xmp = HPDF_DictStream_New(mmgr, pdf->xref);
  if (!xmp) return false;
  xmp->filter = HPDF_STREAM_FILTER_NONE;
  check(HPDF_Dict_AddName(xmp, "Type", "Metadata"));
  check(HPDF_Dict_AddName(xmp, "Subtype", "XML"));
  check(set_stream_bytes(xmp, xmp_bytes));
  check(HPDF_Dict_Add(pdf->catalog, "Metadata", xmp));

  // The OutputIntent: device RGB colours are sRGB.
  HPDF_Dict profile = HPDF_DictStream_New(mmgr, pdf->xref);
  if (!profile) return false;
  profile->filter = HPDF_STREAM_FILTER_NONE;  // already deflated
  profile->write_fn = write_flate_filter;
  check(HPDF_Dict_AddNumber(profile, "N", 3));
  check(set_stream_bytes(profile, std::string_view(reinterpret_cast<const char*>(kSrgbIccDeflated), kSrgbIccDeflatedSize)));
  HPDF_Dict intent = HPDF_Dict_New(mmgr);
  if (!intent) return false;
  check(HPDF_Dict_AddName(intent, "Type", "OutputIntent"));
  check(HPDF_Dict_AddName(intent, "S", "GTS_PDFA1"));
  check(HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(mmgr, "sRGB", nullptr)));
  check(HPDF_Dict_Add(intent, "Info", HPDF_String_New(mmgr, "sRGB IEC61966-2.1", nullptr)));
  check(HPDF_Dict_Add(intent, "DestOutputProfile", profile));
  HPDF_Array intents = HPDF_Array_New(mmgr);
  check(HPDF_Array_Add(intents, intent));
  check(HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents));
  return ok;
}

bool write_file_id(HPDF_Doc pdf, HPDF_MD5_CTX& ctx) {
  HPDF_BYTE digest[16];
  HPDF_MD5Final(digest, &ctx);
  HPDF_Array id = HPDF_Array_New(pdf->mmgr);
  if (!id) return false;
  // The first string names the file, the second this version of it: one and the same here.
  if (HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16)) != HPDF_OK ||
      HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16)) != HPDF_OK) {
    return false;
  }
  return HPDF_Dict_Add(pdf->trailer, "ID", id) == HPDF_OK;
}

}  // namespace handout
