#include "output/pdf_repack.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "output/pdf_deflate.h"
#include "output/deflate_cache.h"
#include "output/pdf_number.h"
#include "output/pdf_strings.h"

namespace handout {

namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }

// A cursor over the file with the few tokens a cross-reference table is made of.
struct Cursor {
  std::string_view s;
  std::size_t pos = 0;

  void skip_space() {
    while (pos < s.size() && is_space(s[pos])) ++pos;
  }
  bool keyword(std::string_view k) {
    skip_space();
    if (s.substr(pos, k.size()) != k) return false;
    pos += k.size();
    return true;
  }
  bool number(std::uint64_t& v) {
    skip_space();
    const std::size_t start = pos;
    v = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - start < 18) v = v * 10 + static_cast<unsigned>(s[pos++] - '0');
    return pos > start;
  }
};

struct Object {
  std::uint64_t num = 0;
  std::size_t begin = 0;  ///< "N 0 obj"
  std::size_t end = 0;    ///< where the next object (or the table) begins
  std::string_view value;  ///< between "obj" and "endobj", trimmed
  bool stream = false;
};

// `v` in `width` bytes at `p`, high first; returns the end.
unsigned char* put_be(unsigned char* p, std::uint64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) *p++ = static_cast<unsigned char>((v >> (8 * i)) & 0xFF);
  return p;
}

int bytes_for(std::uint64_t v) {
  int n = 1;
  while (n < 8 && (v >> (8 * n)) != 0) ++n;
  return n;
}

// "K 0 obj\n<<DICT /Length L>>\nstream\r\nDATA\nendstream\nendobj\n"
void append_stream_object(std::string& out, std::uint64_t num, const std::string& dict, const std::string& data) {
  append_pdf_integer(out, num);
  out += " 0 obj\n<<";
  out += dict;
  out += " /Length ";
  append_pdf_integer(out, data.size());
  out += ">>\nstream\r\n";
  out += data;
  out += "\nendstream\nendobj\n";
}

}  // namespace

std::optional<std::string> pack_object_streams(std::string_view pdf, const RepackOptions& options, std::string* why) {
  auto fail = [why](const char* what) -> std::optional<std::string> {
    if (why) *why = what;
    return std::nullopt;
  };

  // The table: startxref, "xref", one section from object 0, the trailer's dictionary.
  const std::size_t sx = pdf.rfind("startxref");
  if (sx == std::string_view::npos) return fail("no startxref");
  Cursor c{pdf, sx + 9};
  std::uint64_t table = 0;
  if (!c.number(table) || table >= sx) return fail("no cross-reference table offset");
  c.pos = static_cast<std::size_t>(table);
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  if (!c.keyword("xref") || !c.number(first) || !c.number(count) || first != 0 || count < 2 || count > (sx - table) / 20) {
    return fail("not one cross-reference section from object 0");
  }
  std::vector<Object> objects;
  objects.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint64_t offset = 0;
    std::uint64_t gen = 0;
    if (!c.number(offset) || !c.number(gen)) return fail("a cross-reference entry is not two numbers");
    c.skip_space();
    if (c.pos >= pdf.size()) return fail("the cross-reference table is cut short");
    const char kind = pdf[c.pos++];
    if (i == 0) {
      if (kind != 'f') return fail("object 0 is not free");
      continue;
    }
    if (kind != 'n' || gen != 0 || offset >= table) return fail("an object is free, of another generation, or past the table");
    Object o;
    o.num = i;
    o.begin = static_cast<std::size_t>(offset);
    objects.push_back(o);
  }
  if (!c.keyword("trailer") || !c.keyword("<<")) return fail("no trailer dictionary");
  const std::size_t trailer_begin = c.pos;
  const std::size_t trailer_end = pdf.rfind(">>", sx);
  if (trailer_end == std::string_view::npos || trailer_end < trailer_begin) return fail("no end of the trailer dictionary");
  // The trailer's entries but /Size, which the cross-reference stream sets anew.
  std::string trailer(pdf.substr(trailer_begin, trailer_end - trailer_begin));
  if (const std::size_t size_key = trailer.find("/Size"); size_key != std::string::npos) {
    Cursor t{trailer, size_key + 5};
    std::uint64_t ignored = 0;
    if (!t.number(ignored)) return fail("the trailer's /Size is not a number");
    trailer.erase(size_key, t.pos - size_key);
  }

  // Each object runs to the next one (libharu writes them one after another).
  std::vector<std::size_t> by_place(objects.size());
  for (std::size_t i = 0; i < by_place.size(); ++i) by_place[i] = i;
  std::sort(by_place.begin(), by_place.end(), [&](std::size_t a, std::size_t b) { return objects[a].begin < objects[b].begin; });
  for (std::size_t k = 0; k < by_place.size(); ++k) {
    Object& o = objects[by_place[k]];
    o.end = k + 1 < by_place.size() ? objects[by_place[k + 1]].begin : static_cast<std::size_t>(table);
    if (o.end <= o.begin) return fail("two objects at one offset");
    Cursor oc{pdf.substr(0, o.end), o.begin};
    std::uint64_t num = 0;
    std::uint64_t gen = 0;
    if (!oc.number(num) || num != o.num || !oc.number(gen) || gen != 0 || !oc.keyword("obj")) {
      return fail("an object is not where the table says");
    }
    const std::size_t endobj = pdf.rfind("endobj", o.end);
    if (endobj == std::string_view::npos || endobj < oc.pos) return fail("an object has no endobj");
    oc.skip_space();
    std::size_t value_end = endobj;
    while (value_end > oc.pos && is_space(pdf[value_end - 1])) --value_end;
    o.value = pdf.substr(oc.pos, value_end - oc.pos);
    if (o.value.empty()) return fail("an object is empty");
    constexpr std::string_view kEndstream = "endstream";
    o.stream = o.value.size() >= kEndstream.size() && o.value.substr(o.value.size() - kEndstream.size()) == kEndstream;
  }

  // Streams first, as they were; then the object streams; then the cross-reference stream.
  // The object streams and the cross-reference stream are made first, so that the file is
  // written into a string of its exact size (growing it would hold up to three times it).
  struct Entry {
    std::uint64_t field2 = 0;
    std::uint32_t field3 = 0;
    std::uint8_t type = 0;
  };
  // The file's objects, then those added (numbered from the file's /Size), group after
  // group, in order.
  std::vector<const AddedObjects*> groups;
  std::vector<std::uint64_t> group_first;  // each group's first number, then the end
  std::uint64_t first_added = count;
  for (const AddedObjects* g : options.added) {
    if (!g || !g->write) continue;
    groups.push_back(g);
    group_first.push_back(first_added);
    first_added += g->count;
  }
  group_first.push_back(first_added);
  const std::size_t n_added = static_cast<std::size_t>(first_added - count);
  std::vector<const Object*> loose;
  std::vector<const AddedObjects*> filled_by(groups.size(), nullptr);
  for (const Object& o : objects) {
    if (o.stream) continue;
    loose.push_back(&o);
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (o.num == groups[g]->placeholder) filled_by[g] = groups[g];
    }
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (!filled_by[g]) return fail("the placeholder for the added objects is not an object of the file");
  }
  std::uint64_t next_num = count + n_added;
  const std::size_t per_stream = std::max<std::size_t>(1, options.objects_per_stream);
  const std::size_t total = loose.size() + n_added;
  const std::size_t n_streams = (total + per_stream - 1) / per_stream;
  std::vector<Entry> entries;
  entries.reserve(count + n_added + n_streams + 1);
  entries.resize(count + n_added);
  entries[0] = Entry{0, 65535, 0};
  std::vector<std::string> packed;  // the object streams, written
  packed.reserve(n_streams);
  std::string head;
  std::string body;
  std::string data;
  std::size_t group = 0;  // the group of the next added object
  for (std::size_t start = 0; start < total; start += per_stream) {
    const std::size_t n = std::min(per_stream, total - start);
    const std::uint64_t stm = next_num++;
    head.clear();
    body.clear();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t slot = start + i;
      const bool is_added = slot >= loose.size();
      const std::uint64_t num = is_added ? count + (slot - loose.size()) : loose[slot]->num;
      append_pdf_integer(head, num);
      head += ' ';
      append_pdf_integer(head, body.size());
      head += i + 1 < n ? ' ' : '\n';
      if (is_added) {
        while (num >= group_first[group + 1]) ++group;
        groups[group]->write(body, static_cast<std::size_t>(num - group_first[group]), group_first[group]);
      } else {
        const auto g = std::find_if(groups.begin(), groups.end(), [&](const AddedObjects* a) { return a->placeholder == num; });
        if (g != groups.end()) {
          (*g)->write(body, (*g)->count, group_first[static_cast<std::size_t>(g - groups.begin())]);
        } else {
          body.append(loose[slot]->value);
        }
      }
      entries[num] = Entry{stm, static_cast<std::uint32_t>(i), 2};
      body += '\n';
    }
    std::string dict = "/Type /ObjStm /N " + std::to_string(n) + " /First " + std::to_string(head.size());
    data = head;
    data += body;
    if (options.compress) {
      dict += " /Filter /FlateDecode";
      data = deflate_bytes_reusing(data, kObjectStreamDeflateLevel);
    }
    append_stream_object(packed.emplace_back(), stm, dict, data);
  }
  std::string().swap(head);
  std::string().swap(body);
  std::string().swap(data);
  if (options.added_written) options.added_written();

  // Where each object goes: the header, the file's streams, the object streams.
  std::size_t at = objects[by_place[0]].begin;
  for (std::size_t k : by_place) {
    const Object& o = objects[k];
    if (!o.stream) continue;
    entries[o.num] = Entry{at, 0, 1};
    at += o.end - o.begin;
  }
  for (const std::string& p : packed) {
    entries.push_back(Entry{at, 0, 1});
    at += p.size();
  }

  // The cross-reference stream: rows of type, offset or object stream, generation or index.
  const std::uint64_t xref_num = next_num++;
  const std::uint64_t xref_offset = at;
  entries.push_back(Entry{xref_offset, 0, 1});
  std::uint64_t max2 = 0;
  std::uint64_t max3 = 0;
  for (const Entry& e : entries) {
    max2 = std::max(max2, e.field2);
    max3 = std::max<std::uint64_t>(max3, e.field3);
  }
  const int w2 = bytes_for(max2);
  const int w3 = bytes_for(max3);
  const std::size_t row = static_cast<std::size_t>(1 + w2 + w3);
  // Written in place: each row is at most 1 + 8 + 8 bytes, after its predictor byte.
  std::string rows(entries.size() * (row + (options.compress ? 1 : 0)), '\0');
  auto* to = reinterpret_cast<unsigned char*>(rows.data());
  unsigned char prev[17] = {};
  unsigned char cur[17];
  for (const Entry& e : entries) {
    put_be(put_be(put_be(cur, e.type, 1), e.field2, w2), e.field3, w3);
    if (options.compress) {
      // PNG Up: each byte less the one above it, so the slowly growing offsets deflate well.
      *to++ = 2;
      for (std::size_t i = 0; i < row; ++i) *to++ = static_cast<unsigned char>(cur[i] - prev[i]);
      std::memcpy(prev, cur, row);
    } else {
      std::memcpy(to, cur, row);
      to += row;
    }
  }
  std::string dict = "/Type /XRef /Size " + std::to_string(entries.size()) + " /W [1 " + std::to_string(w2) + ' ' +
                     std::to_string(w3) + "]\n";
  dict += trailer;
  if (options.compress) {
    dict += "/Filter /FlateDecode /DecodeParms <</Columns " + std::to_string(row) + " /Predictor 12>>";
    rows = deflate_bytes(rows, kXrefDeflateLevel);
  }
  std::string xref;
  append_stream_object(xref, xref_num, dict, rows);
  xref += "startxref\n";
  xref += std::to_string(xref_offset);
  xref += "\n%%EOF\n";

  std::string out;
  out.reserve(at + xref.size());
  out.append(pdf.substr(0, objects[by_place[0]].begin));  // header and its binary comment
  for (std::size_t k : by_place) {
    const Object& o = objects[k];
    if (o.stream) out.append(pdf.substr(o.begin, o.end - o.begin));
  }
  for (std::string& p : packed) {
    out += p;
    std::string().swap(p);
  }
  out += xref;
  return out;
}

}  // namespace handout
