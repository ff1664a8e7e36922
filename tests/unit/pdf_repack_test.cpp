// Object streams for libharu's output: a small file laid out as libharu writes one, packed
// uncompressed so the result can be read here; and files that are not laid out that way.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "output/pdf_repack.h"

namespace handout {
namespace {

// A file as libharu writes it: objects one after another, a table of 20-byte entries.
std::string haru_file(const std::vector<std::string>& values) {
  std::string pdf = "%PDF-1.7\n%\xB7\xBE\xAD\xAA\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < values.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + values[i] + "\nendobj\n";
  }
  const std::size_t table = pdf.size();
  pdf += "xref\n0 " + std::to_string(values.size() + 1) + "\n0000000000 65535 f\r\n";
  for (std::size_t o : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n\r\n", o);
    pdf += entry;
  }
  pdf += "trailer\n<<\n/Root 1 0 R\n/Size " + std::to_string(values.size() + 1) + "\n>>\nstartxref\n" +
         std::to_string(table) + "\n%%EOF\n";
  return pdf;
}

const std::vector<std::string> kObjects = {
    "<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
    "<<\n/Type /Pages\n/Kids [ 3 0 R ]\n/Count 1\n>>",
    "<<\n/Type /Page\n/Parent 2 0 R\n/Contents 4 0 R\n/Title (endobj endstream)\n>>",
    "<<\n/Length 5 0 R\n>>\nstream\r\nq Q endobj\nendstream",
    "9",
};

TEST(Repack, StreamsStayAndTheRestGoesIntoAnObjectStream) {
  std::string why;
  const auto packed = pack_object_streams(haru_file(kObjects), RepackOptions{false}, &why);
  ASSERT_TRUE(packed) << why;
  const std::string& p = *packed;
  EXPECT_EQ(p.rfind("%PDF-1.7\n", 0), 0u);
  // The content stream is copied as it was, the others are in object 6, the table is object 7.
  EXPECT_NE(p.find("4 0 obj\n<<\n/Length 5 0 R\n>>\nstream\r\nq Q endobj\nendstream"), std::string::npos);
  EXPECT_EQ(p.find("1 0 obj"), std::string::npos);
  EXPECT_NE(p.find("6 0 obj\n<</Type /ObjStm /N 4 /First "), std::string::npos);
  EXPECT_NE(p.find("1 0 2 "), std::string::npos);  // object 1 at 0, object 2 next
  EXPECT_NE(p.find("/Title (endobj endstream)"), std::string::npos);
  // The file is past 255 bytes: offsets take two bytes, and so does object 0's generation.
  EXPECT_NE(p.find("7 0 obj\n<</Type /XRef /Size 8 /W [1 2 2]\n"), std::string::npos);
  EXPECT_NE(p.find("/Root 1 0 R"), std::string::npos);
  EXPECT_EQ(p.find("/Size 6"), std::string::npos);  // the old /Size is gone
  EXPECT_EQ(p.find("trailer"), std::string::npos);
  // startxref points at the cross-reference stream.
  const std::size_t sx = p.rfind("startxref\n");
  ASSERT_NE(sx, std::string::npos);
  const std::size_t at = std::stoul(p.substr(sx + 10));
  EXPECT_EQ(p.compare(at, 8, "7 0 obj\n"), 0);
  // Rows of five bytes. Object 4: type 1, its offset, generation 0; object 5: type 2, in
  // object stream 6, at index 3.
  const std::size_t data = p.find("stream\r\n", at) + 8;
  const std::size_t off4 = p.find("4 0 obj");
  auto row = [&](std::size_t i) {
    std::vector<unsigned> r;
    for (std::size_t k = 0; k < 5; ++k) r.push_back(static_cast<unsigned char>(p[data + 5 * i + k]));
    return r;
  };
  EXPECT_EQ(row(0), (std::vector<unsigned>{0, 0, 0, 0xFF, 0xFF}));
  EXPECT_EQ(row(4), (std::vector<unsigned>{1, static_cast<unsigned>(off4 >> 8), static_cast<unsigned>(off4 & 0xFF), 0, 0}));
  EXPECT_EQ(row(5), (std::vector<unsigned>{2, 0, 6, 0, 3}));
  // Deterministic, and compressed when asked.
  EXPECT_EQ(pack_object_streams(haru_file(kObjects), RepackOptions{false}), packed);
  const auto deflated = pack_object_streams(haru_file(kObjects), RepackOptions{true});
  ASSERT_TRUE(deflated);
  EXPECT_NE(deflated->find("/Filter /FlateDecode /DecodeParms <</Columns 5 /Predictor 12>>"), std::string::npos);
}

TEST(Repack, ObjectsPerStreamIsABound) {
  const auto packed = pack_object_streams(haru_file(kObjects), RepackOptions{false, 2});
  ASSERT_TRUE(packed);
  EXPECT_NE(packed->find("6 0 obj\n<</Type /ObjStm /N 2 "), std::string::npos);
  EXPECT_NE(packed->find("7 0 obj\n<</Type /ObjStm /N 2 "), std::string::npos);
  EXPECT_NE(packed->find("8 0 obj\n<</Type /XRef /Size 9 "), std::string::npos);
}

TEST(Repack, AddedObjectsFollowTheFilesOwnAndFillThePlaceholder) {
  std::vector<std::string> values = kObjects;
  values.push_back("<<\n>>");  // object 6: the placeholder
  AddedObjects added;
  added.placeholder = 6;
  added.count = 2;
  added.write = [](std::string& out, std::size_t i, std::uint64_t first) {
    if (i == 2) {
      out += "<</Kids [" + std::to_string(first) + " 0 R " + std::to_string(first + 1) + " 0 R]>>";
    } else {
      out += "<</Added " + std::to_string(i) + ">>";
    }
  };
  std::string why;
  const auto packed = pack_object_streams(haru_file(values), RepackOptions{false, 1000, {&added}}, &why);
  ASSERT_TRUE(packed) << why;
  const std::string& p = *packed;
  // Objects 7 and 8 are added, 9 is the object stream, 10 the cross-reference stream.
  EXPECT_NE(p.find("9 0 obj\n<</Type /ObjStm /N 7 /First "), std::string::npos);
  EXPECT_NE(p.find("<</Kids [7 0 R 8 0 R]>>\n<</Added 0>>\n<</Added 1>>\n"), std::string::npos);
  EXPECT_EQ(p.find("<<\n>>"), std::string::npos);  // the placeholder's own value is gone
  const std::size_t at = p.find("10 0 obj\n<</Type /XRef /Size 11 /W [1 2 2]");
  ASSERT_NE(at, std::string::npos);
  // Rows of five bytes: the placeholder (6) and the added objects (7, 8) are in object
  // stream 9 at indexes 4, 5 and 6.
  const std::size_t data = p.find("stream\r\n", at) + 8;
  auto row = [&](std::size_t i) {
    std::vector<unsigned> r;
    for (std::size_t k = 0; k < 5; ++k) r.push_back(static_cast<unsigned char>(p[data + 5 * i + k]));
    return r;
  };
  EXPECT_EQ(row(6), (std::vector<unsigned>{2, 0, 9, 0, 4}));
  EXPECT_EQ(row(7), (std::vector<unsigned>{2, 0, 9, 0, 5}));
  EXPECT_EQ(row(8), (std::vector<unsigned>{2, 0, 9, 0, 6}));
  // Split over streams like any other object.
  const auto split = pack_object_streams(haru_file(values), RepackOptions{false, 3, {&added}});
  ASSERT_TRUE(split);
  EXPECT_NE(split->find("9 0 obj\n<</Type /ObjStm /N 3 "), std::string::npos);
  EXPECT_NE(split->find("10 0 obj\n<</Type /ObjStm /N 3 "), std::string::npos);
  EXPECT_NE(split->find("11 0 obj\n<</Type /ObjStm /N 1 "), std::string::npos);
  EXPECT_NE(split->find("stream\r\n5 0 6 "), std::string::npos);
  EXPECT_NE(split->find("stream\r\n8 0\n<</Added 1>>"), std::string::npos);
  // A placeholder the file does not have is refused.
  added.placeholder = 4;  // a stream
  EXPECT_FALSE(pack_object_streams(haru_file(values), RepackOptions{false, 1000, {&added}}, &why));
  added.placeholder = 42;
  EXPECT_FALSE(pack_object_streams(haru_file(values), RepackOptions{false, 1000, {&added}}, &why));
}

// Two groups (the structure tree and the outline): numbered one after the other, each
// told its own first number, each filling its own placeholder.
TEST(Repack, GroupsOfAddedObjectsAreNumberedInTurn) {
  std::vector<std::string> values = kObjects;
  values.push_back("<<\n>>");  // object 6: the first group's placeholder
  values.push_back("<<\n>>");  // object 7: the second's
  auto group = [](std::uint64_t placeholder, std::size_t count, const char* name) {
    AddedObjects g;
    g.placeholder = placeholder;
    g.count = count;
    g.write = [name](std::string& out, std::size_t i, std::uint64_t first) {
      out += "<</" + std::string(name) + " " + std::to_string(i) + " /First " + std::to_string(first) + ">>";
    };
    return g;
  };
  const AddedObjects tree = group(6, 2, "Tree");
  const AddedObjects outline = group(7, 3, "Outline");
  std::string why;
  const auto packed = pack_object_streams(haru_file(values), RepackOptions{false, 1000, {&tree, &outline}}, &why);
  ASSERT_TRUE(packed) << why;
  // 8 and 9 are the tree's, 10 to 12 the outline's; 13 the object stream, 14 the xref.
  EXPECT_NE(packed->find("<</Tree 2 /First 8>>\n<</Outline 3 /First 10>>\n<</Tree 0 /First 8>>\n<</Tree 1 /First 8>>\n"
                         "<</Outline 0 /First 10>>\n<</Outline 1 /First 10>>\n<</Outline 2 /First 10>>\n"),
            std::string::npos)
      << *packed;
  EXPECT_NE(packed->find("13 0 obj\n<</Type /ObjStm /N 11 "), std::string::npos);
  EXPECT_NE(packed->find("14 0 obj\n<</Type /XRef /Size 15 "), std::string::npos);
  // An empty group takes no numbers; one whose placeholder is missing is refused.
  const AddedObjects none;
  EXPECT_TRUE(pack_object_streams(haru_file(values), RepackOptions{false, 1000, {&none, &tree}}, &why));
  const AddedObjects lost = group(42, 1, "Lost");
  EXPECT_FALSE(pack_object_streams(haru_file(values), RepackOptions{false, 1000, {&tree, &lost}}, &why));
}

TEST(Repack, RefusesWhatLibharuDoesNotWrite) {
  std::string why;
  EXPECT_FALSE(pack_object_streams("", {}, &why));
  EXPECT_FALSE(why.empty());
  EXPECT_FALSE(pack_object_streams("%PDF-1.7\nstartxref\n99999\n%%EOF\n", {}));
  std::string file = haru_file(kObjects);
  // An entry that points at the wrong place.
  std::string moved = file;
  moved.replace(moved.find("0000000015 00000 n"), 10, "0000000016");
  EXPECT_FALSE(pack_object_streams(moved, {}, &why));
  // Another generation.
  std::string gen = file;
  gen.replace(gen.find("00000 n"), 7, "00001 n");
  EXPECT_FALSE(pack_object_streams(gen, {}));
  // Cut short.
  EXPECT_FALSE(pack_object_streams(file.substr(0, file.find("trailer")), {}));
  EXPECT_FALSE(pack_object_streams(file.substr(0, file.size() / 2), {}));
}

}  // namespace
}  // namespace handout
