#include "engine/internal/charset.h"

#include <string>

#include "gtest/gtest.h"

namespace shabih::internal {
namespace {

// One sentence of Arabic news text, and its bytes in two legacy charsets
// (known answers: Python's cp1256 and iso-8859-6 codecs).
constexpr char kArabic[] =
    "مرحبا بالعالم، هذه صفحة إخبارية عن الاقتصاد والسياسة في المنطقة العربية.";
constexpr char kArabic1256[] =
    "\xE3\xD1\xCD\xC8\xC7\x20\xC8\xC7\xE1\xDA\xC7\xE1\xE3\xA1\x20\xE5\xD0\xE5\x20\xD5\xDD\xCD\xC9\x20\xC5\xCE"
    "\xC8\xC7\xD1\xED\xC9\x20\xDA\xE4\x20\xC7\xE1\xC7\xDE\xCA\xD5\xC7\xCF\x20\xE6\xC7\xE1\xD3\xED\xC7\xD3\xC9"
    "\x20\xDD\xED\x20\xC7\xE1\xE3\xE4\xD8\xDE\xC9\x20\xC7\xE1\xDA\xD1\xC8\xED\xC9\x2E";
constexpr char kArabic88596[] =
    "\xE5\xD1\xCD\xC8\xC7\x20\xC8\xC7\xE4\xD9\xC7\xE4\xE5\xAC\x20\xE7\xD0\xE7\x20\xD5\xE1\xCD\xC9\x20\xC5\xCE"
    "\xC8\xC7\xD1\xEA\xC9\x20\xD9\xE6\x20\xC7\xE4\xC7\xE2\xCA\xD5\xC7\xCF\x20\xE8\xC7\xE4\xD3\xEA\xC7\xD3\xC9"
    "\x20\xE1\xEA\x20\xC7\xE4\xE5\xE6\xD7\xE2\xC9\x20\xC7\xE4\xD9\xD1\xC8\xEA\xC9\x2E";

std::string Page(const std::string& head, const std::string& body) {
  return "<!DOCTYPE html><html><head>" + head + "<title>t</title></head><body><p>" + body + "</p></body></html>";
}

TEST(CharsetTest, HttpCharsetDecodesWindows1256) {
  const DecodedText d = DecodeToUtf8(Page("", kArabic1256), "windows-1256");
  EXPECT_EQ(d.text, Page("", kArabic));
  EXPECT_EQ(d.encoding, "windows-1256");
  EXPECT_EQ(d.source, CharsetSource::kHttp);
  EXPECT_EQ(d.replaced, 0u);
}

TEST(CharsetTest, HttpCharsetBeatsMeta) {
  const DecodedText d = DecodeToUtf8(Page("<meta charset=utf-8>", kArabic1256), "cp1256");
  EXPECT_EQ(d.text, Page("<meta charset=utf-8>", kArabic));
  EXPECT_EQ(d.source, CharsetSource::kHttp);
}

TEST(CharsetTest, MetaCharsetDecodesIso88596) {
  const std::string head = "<meta charset=\"ISO-8859-6\">";
  const DecodedText d = DecodeToUtf8(Page(head, kArabic88596), "");
  EXPECT_EQ(d.text, Page(head, kArabic));
  EXPECT_EQ(d.encoding, "iso-8859-6");
  EXPECT_EQ(d.source, CharsetSource::kMeta);
}

TEST(CharsetTest, MetaHttpEquivNeedsThePragma) {
  const std::string head = "<meta http-equiv='Content-Type' content='text/html; charset=windows-1256'>";
  const DecodedText d = DecodeToUtf8(Page(head, kArabic1256), "");
  EXPECT_EQ(d.text, Page(head, kArabic));
  EXPECT_EQ(d.source, CharsetSource::kMeta);
  // content= without http-equiv declares nothing (WHATWG's need-pragma).
  EXPECT_EQ(PrescanMetaCharset("<meta content='text/html; charset=windows-1256'>"), "");
  EXPECT_EQ(PrescanMetaCharset("<meta name=x http-equiv=content-type content=\"text/html;charset=cp1256\">"),
            "cp1256");
}

TEST(CharsetTest, PrescanSkipsCommentsAndQuotedAttributes) {
  EXPECT_EQ(PrescanMetaCharset("<!-- <meta charset=koi8-r> --><meta charset=utf-8>"), "utf-8");
  EXPECT_EQ(PrescanMetaCharset("<div title='<meta charset=koi8-r>'><meta charset=windows-1256>"), "windows-1256");
  EXPECT_EQ(PrescanMetaCharset("<html><body>no meta</body></html>"), "");
  // Only the first 1024 bytes are scanned.
  EXPECT_EQ(PrescanMetaCharset(std::string(1100, ' ') + "<meta charset=utf-8>"), "");
  EXPECT_EQ(PrescanMetaCharset("<meta charset"), "");
}

TEST(CharsetTest, CharsetFromContentType) {
  EXPECT_EQ(CharsetFromContentType("text/html; charset=\"windows-1256\""), "windows-1256");
  EXPECT_EQ(CharsetFromContentType("text/html;charset=UTF-8; foo=bar"), "UTF-8");
  EXPECT_EQ(CharsetFromContentType("text/html"), "");
  EXPECT_EQ(CharsetFromContentType("text/html; charset"), "");
}

TEST(CharsetTest, Utf16WithBomRoundTrips) {
  // "سلام" in UTF-16LE and UTF-16BE, each after its BOM.
  const std::string le("\xFF\xFE\x33\x06\x44\x06\x27\x06\x45\x06", 10);
  const std::string be("\xFE\xFF\x06\x33\x06\x44\x06\x27\x06\x45", 10);
  for (const std::string& bytes : {le, be}) {
    const DecodedText d = DecodeToUtf8(bytes, "windows-1256");  // the BOM wins
    EXPECT_EQ(d.text, "سلام");
    EXPECT_EQ(d.source, CharsetSource::kBom);
    EXPECT_EQ(d.replaced, 0u);
  }
  EXPECT_EQ(DecodeToUtf8(le, "").encoding, "utf-16le");
  EXPECT_EQ(DecodeToUtf8(be, "").encoding, "utf-16be");
  // A Utf-8 BOM is dropped.
  EXPECT_EQ(DecodeToUtf8("\xEF\xBB\xBFok", "").text, "ok");
}

TEST(CharsetTest, UndeclaredUtf8IsUtf8) {
  const DecodedText d = DecodeToUtf8(Page("", kArabic), "");
  EXPECT_EQ(d.text, Page("", kArabic));
  EXPECT_EQ(d.encoding, "utf-8");
  EXPECT_EQ(d.source, CharsetSource::kUtf8);
}

TEST(CharsetTest, UndeclaredWindows1256IsDetected) {
  std::string body, expected;
  for (int i = 0; i < 6; ++i) {
    body += std::string(kArabic1256) + " ";
    expected += std::string(kArabic) + " ";
  }
  const DecodedText d = DecodeToUtf8(Page("", body), "");
  EXPECT_EQ(d.source, CharsetSource::kDetector);
  EXPECT_EQ(d.encoding, "windows-1256");
  EXPECT_EQ(d.text, Page("", expected));
}

TEST(CharsetTest, InvalidBytesAreReplacedAndCounted) {
  // Declared UTF-8 with two invalid sequences.
  const DecodedText d = DecodeToUtf8("a\xFF" "b\xC3", "utf-8");
  EXPECT_EQ(d.text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_EQ(d.replaced, 2u);
  // 0xA1 is unassigned in ISO-8859-6.
  const DecodedText iso = DecodeToUtf8("x\xA1y", "iso-8859-6");
  EXPECT_EQ(iso.text, "x\xEF\xBF\xBDy");
  EXPECT_EQ(iso.replaced, 1u);
  // A lone surrogate in UTF-16.
  const DecodedText lone = DecodeToUtf8(std::string("\xFF\xFE\x00\xD8\x41\x00", 6), "");
  EXPECT_EQ(lone.text, "\xEF\xBF\xBD" "A");
  EXPECT_EQ(lone.replaced, 1u);
}

TEST(CharsetTest, LatinLabelsMeanWindows1252AndUnknownLabelsFallThrough) {
  EXPECT_EQ(DecodeToUtf8("caf\xE9 \x80", "iso-8859-1").text, "café €");
  const DecodedText d = DecodeToUtf8("plain", "no-such-charset");
  EXPECT_EQ(d.source, CharsetSource::kUtf8);
  EXPECT_EQ(d.text, "plain");
  EXPECT_EQ(CharsetSourceName(CharsetSource::kDetector), "detector");
}

TEST(CharsetTest, LongInputCrossesConverterChunks) {
  // More than one 8192-unit chunk of UTF-16 output, with a surrogate pair.
  std::string bytes("\xFF\xFE", 2), expected;
  for (int i = 0; i < 9000; ++i) {
    bytes += std::string("\x3D\xD8\x00\xDE", 4);  // U+1F600
    expected += "\xF0\x9F\x98\x80";
  }
  const DecodedText d = DecodeToUtf8(bytes, "");
  EXPECT_EQ(d.text, expected);
  EXPECT_EQ(d.replaced, 0u);
}

}  // namespace
}  // namespace shabih::internal
