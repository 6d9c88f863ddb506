#include "engine/internal/warc_reader.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/http_response.h"
#include "gtest/gtest.h"
#include "tests/compress_util.h"

namespace shabih::internal {
namespace {

using shabih::testing::GzipMember;
using shabih::testing::ZstdFrame;

// A WARC record: version line, headers, Content-Length, block, separator.
// `eol` is the line end of the header lines; `length_delta` falsifies
// Content-Length.
std::string Record(const std::string& type, const std::string& uri, const std::string& content_type,
                   const std::string& block, const std::string& eol = "\r\n", int length_delta = 0,
                   const std::string& extra = "", const std::string& version = "WARC/1.0") {
  return absl::StrCat(version, eol, "WARC-Type: ", type, eol, "WARC-Target-URI: ", uri, eol,
                      "WARC-Date: 2024-03-01T10:00:00Z", eol, "Content-Type: ", content_type, eol, extra,
                      "Content-Length: ", static_cast<int64_t>(block.size()) + length_delta, eol, eol, block,
                      "\r\n\r\n");
}

std::string Http(const std::string& headers, const std::string& body, int status = 200) {
  return absl::StrCat("HTTP/1.1 ", status, " OK\r\n", headers, "\r\n", body);
}

const char kPage[] = "<html><head><title>خبر</title></head><body><p>نص الخبر</p></body></html>";

struct Result {
  std::vector<WarcRecord> records;
  std::vector<WarcSkip> skips;
};

Result ReadAll(const std::string& bytes, Compression c = Compression::kNone, uint64_t max = 1 << 20) {
  WarcReader reader(ByteStream::FromBytes(bytes, c), max);
  Result r;
  WarcRecord record;
  WarcSkip skip;
  while (true) {
    const WarcReader::Event e = reader.Next(&record, &skip);
    if (e == WarcReader::Event::kEnd) break;
    if (e == WarcReader::Event::kRecord) r.records.push_back(record);
    if (e == WarcReader::Event::kSkip) r.skips.push_back(skip);
  }
  return r;
}

TEST(WarcReaderTest, ResponseResourceAndConversionRecords) {
  const std::string warc =
      Record("warcinfo", "", "application/warc-fields", "software: test\r\n") +
      Record("request", "http://a.example/1", "application/http; msgtype=request", "GET /1 HTTP/1.1\r\n\r\n") +
      Record("response", "<http://a.example/1>", "application/http; msgtype=response",
             Http("Content-Type: text/html; charset=utf-8\r\n", kPage)) +
      Record("resource", "http://b.example/2", "text/html", kPage) +
      Record("conversion", "http://c.example/3", "text/plain", "سطر أول\nسطر ثان\n", "\r\n", 0, "",
             "WARC/1.1");
  const Result r = ReadAll(warc);
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_TRUE(r.skips.empty());
  EXPECT_EQ(r.records[0].url, "http://a.example/1");  // <...> removed
  EXPECT_EQ(r.records[0].text, kPage);
  EXPECT_EQ(r.records[0].format, DocumentFormat::kHtml);
  EXPECT_EQ(r.records[0].content_type, "text/html");
  EXPECT_EQ(r.records[0].encoding, "utf-8");
  EXPECT_EQ(r.records[0].encoding_source, CharsetSource::kHttp);
  EXPECT_EQ(r.records[0].date, "2024-03-01T10:00:00Z");
  EXPECT_EQ(r.records[0].number, 3u);
  EXPECT_EQ(r.records[1].text, kPage);
  EXPECT_EQ(r.records[1].encoding_source, CharsetSource::kUtf8);
  EXPECT_EQ(r.records[2].format, DocumentFormat::kText);
  EXPECT_EQ(r.records[2].text, "سطر أول\nسطر ثان\n");
  EXPECT_EQ(r.records[2].encoding, "utf-8");
  EXPECT_FALSE(r.records[2].truncated);
}

TEST(WarcReaderTest, Windows1256PayloadIsDecoded) {
  // "نص" in windows-1256, declared in the HTTP header only.
  const std::string body = "<html><body><p>\xE4\xD5</p></body></html>";
  const Result r = ReadAll(Record("response", "http://x.example/", "application/http",
                                  Http("Content-Type: text/html; charset=windows-1256\r\n", body)));
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].text, "<html><body><p>نص</p></body></html>");
  EXPECT_EQ(r.records[0].encoding, "windows-1256");
}

TEST(WarcReaderTest, NonHtmlAndErrorResponsesAreSkippedWithTheirType) {
  const std::string warc =
      Record("response", "http://a.example/logo.png", "application/http",
             Http("Content-Type: image/png\r\n", std::string("\x89PNG\r\n\x1a\n\0\0", 10))) +
      Record("response", "http://a.example/old", "application/http", Http("Location: /new\r\n", "", 301)) +
      Record("response", "http://a.example/ok", "application/http", Http("Content-Type: text/html\r\n", kPage));
  const Result r = ReadAll(warc);
  ASSERT_EQ(r.skips.size(), 2u);
  EXPECT_EQ(r.skips[0].reason, "non-html-payload");
  EXPECT_EQ(r.skips[0].content_type, "image/png");
  EXPECT_EQ(r.skips[0].url, "http://a.example/logo.png");
  EXPECT_EQ(r.skips[1].reason, "http-status-not-2xx");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].url, "http://a.example/ok");
}

TEST(WarcReaderTest, LfOnlyLinesAndOffByTwoLengths) {
  const std::string warc =
      Record("resource", "http://a.example/1", "text/html", "<html>one</html>", "\n") +
      Record("resource", "http://a.example/2", "text/html", "<html>two</html>", "\r\n", +2) +
      Record("resource", "http://a.example/3", "text/html", "<html>three</html>", "\r\n", -2) +
      Record("resource", "http://a.example/4", "text/html", "<html>four</html>");
  const Result r = ReadAll(warc);
  EXPECT_TRUE(r.skips.empty());
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[0].text, "<html>one</html>");
  EXPECT_EQ(r.records[1].text, "<html>two</html>\r\n");  // the separator's CRLF, harmless
  EXPECT_EQ(r.records[2].text, "<html>three</html>");    // the gap appended back
  EXPECT_TRUE(r.records[2].length_repaired);
  EXPECT_EQ(r.records[3].text, "<html>four</html>");
}

TEST(WarcReaderTest, TruncatedRecordsAreKept) {
  const std::string full = Record("resource", "http://a.example/1", "text/html", kPage);
  const std::string marked = Record("resource", "http://a.example/2", "text/html", kPage, "\r\n", 0,
                                    "WARC-Truncated: length\r\n");
  // The data ends inside the second record's block.
  const Result r = ReadAll(marked + full.substr(0, full.size() - 30));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_TRUE(r.records[0].truncated);
  EXPECT_TRUE(r.records[1].truncated);
  EXPECT_EQ(r.records[1].text, std::string(kPage).substr(0, r.records[1].text.size()));
  EXPECT_FALSE(r.records[1].text.empty());
}

TEST(WarcReaderTest, GarbageIsSkippedOnceAndReadingResumes) {
  const std::string warc = "garbage line\nmore garbage\n" +
                           Record("resource", "http://a.example/1", "text/html", kPage) +
                           "WARC/1.0\r\nWARC-Type: resource\r\n\r\nno length here\r\n\r\n" +
                           Record("resource", "http://a.example/2", "text/html", kPage);
  const Result r = ReadAll(warc);
  ASSERT_EQ(r.records.size(), 2u);
  ASSERT_EQ(r.skips.size(), 2u);
  EXPECT_EQ(r.skips[0].reason, "malformed-warc-record");
  EXPECT_EQ(r.skips[1].reason, "malformed-warc-record");
}

TEST(WarcReaderTest, GzipPerRecordAndZstdAndTooLarge) {
  const std::string a = Record("resource", "http://a.example/1", "text/html", kPage);
  const std::string b = Record("resource", "http://a.example/2", "text/html", std::string(5000, 'x') + kPage);
  const Result gz = ReadAll(GzipMember(a) + GzipMember(b), Compression::kGzip);
  EXPECT_EQ(gz.records.size(), 2u);
  const Result zst = ReadAll(ZstdFrame(a + b), Compression::kZstd);
  EXPECT_EQ(zst.records.size(), 2u);
  const Result small = ReadAll(a + b, Compression::kNone, /*max=*/1000);
  ASSERT_EQ(small.records.size(), 1u);
  ASSERT_EQ(small.skips.size(), 1u);
  EXPECT_EQ(small.skips[0].reason, "document-too-large");
}

TEST(WarcReaderTest, ContentEncodingIsAppliedOnlyToCompressedBytes) {
  // Heritrix / wget: the bytes as sent, gzip and chunked.
  const std::string gz = GzipMember(kPage);
  const std::string chunked = absl::StrCat(absl::Hex(gz.size()), "\r\n", gz, "\r\n0\r\n\r\n");
  const std::string raw = Http("Content-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
                               chunked);
  // Common Crawl: decoded bytes, the header kept.
  const std::string decoded = Http("Content-Type: text/html\r\nContent-Encoding: gzip\r\n", kPage);
  const Result r = ReadAll(Record("response", "http://a.example/1", "application/http", raw) +
                           Record("response", "http://a.example/2", "application/http", decoded));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].text, kPage);
  EXPECT_EQ(r.records[1].text, kPage);
}

TEST(HttpResponseTest, HeadersAndStatus) {
  HttpResponse http;
  ASSERT_TRUE(ParseHttpResponse("HTTP/1.0 200 OK\nContent-Type: Text/HTML;\n charset=cp1256\n\nbody", &http));
  EXPECT_EQ(http.status, 200);
  EXPECT_EQ(http.media_type, "text/html");
  EXPECT_EQ(http.charset, "cp1256");  // from the folded continuation line
  EXPECT_EQ(absl::string_view("HTTP/1.0 200 OK\nContent-Type: Text/HTML;\n charset=cp1256\n\nbody").substr(http.body_offset),
            "body");
  EXPECT_FALSE(ParseHttpResponse("<html>", &http));
}

}  // namespace
}  // namespace shabih::internal
