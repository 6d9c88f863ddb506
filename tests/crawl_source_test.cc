// CorpusReader over crawl inputs: HTML pages, WARC / WET archives,
// .jsonl.zst and --html-field (engine/crawl_source.cc, engine/corpus.cc).
#include "engine/internal/crawl_source.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/read_stats_io.h"
#include "gtest/gtest.h"
#include "shabih/corpus.h"
#include "tests/compress_util.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

using testing::GzipMember;
using testing::ReadFile;
using testing::RunCli;
using testing::TempDir;
using testing::WriteFile;
using testing::ZstdFrame;

std::vector<Document> ReadAll(const std::vector<std::string>& inputs, ReadStats* stats, ReadOptions options = {}) {
  auto reader = CorpusReader::Open(inputs, options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  std::vector<Document> docs;
  if (!reader.ok()) return docs;
  Document doc;
  while ((*reader)->Next(&doc)) docs.push_back(doc);
  *stats = (*reader)->stats();
  return docs;
}

std::string Record(const std::string& type, const std::string& uri, const std::string& content_type,
                   const std::string& block, const std::string& extra = "") {
  return absl::StrCat("WARC/1.1\r\nWARC-Type: ", type, "\r\nWARC-Target-URI: ", uri,
                      "\r\nWARC-Date: 2024-01-02T03:04:05Z\r\nContent-Type: ", content_type, "\r\n", extra,
                      "Content-Length: ", block.size(), "\r\n\r\n", block, "\r\n\r\n");
}

std::string Response(const std::string& content_type, const std::string& body) {
  return absl::StrCat("HTTP/1.1 200 OK\r\nContent-Type: ", content_type, "\r\n\r\n", body);
}

// "نص" in windows-1256.
const char kNass1256[] = "\xE4\xD5";

TEST(CrawlInputs, HtmlPagesInDirectoriesAreDecoded) {
  TempDir dir;
  WriteFile(dir / "crawl/site-a/one.html", "<html><head><meta charset=windows-1256></head><p>" +
                                               std::string(kNass1256) + "</p></html>");
  WriteFile(dir / "crawl/site-a/two.htm", "<html><p>نص</p></html>");
  WriteFile(dir / "crawl/site-b/three.html.gz", GzipMember("<html><p>ثلاثة</p></html>"));
  ReadStats stats;
  const std::vector<Document> docs = ReadAll({dir / "crawl"}, &stats);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].id, "site-a/one.html");
  EXPECT_EQ(docs[0].site, "site-a");
  EXPECT_EQ(docs[0].format, DocumentFormat::kHtml);
  EXPECT_EQ(docs[0].text, "<html><head><meta charset=windows-1256></head><p>نص</p></html>");
  EXPECT_EQ(docs[0].encoding, "windows-1256");
  EXPECT_EQ(docs[1].encoding, "utf-8");
  EXPECT_EQ(docs[2].id, "site-b/three.html.gz");
  EXPECT_EQ(docs[2].text, "<html><p>ثلاثة</p></html>");
  EXPECT_EQ(stats.documents_by_encoding, (std::map<std::string, uint64_t>{{"utf-8", 2}, {"windows-1256", 1}}));
  EXPECT_EQ(stats.documents_by_encoding_source, (std::map<std::string, uint64_t>{{"meta", 1}, {"utf-8", 2}}));
  EXPECT_EQ(stats.skipped_total, 0u);
}

TEST(CrawlInputs, WarcRecordsBecomeDocumentsAndSkipsAreCounted) {
  TempDir dir;
  const std::string warc =
      GzipMember(Record("warcinfo", "", "application/warc-fields", "x: y\r\n")) +
      GzipMember(Record("response", "<https://www.spa.gov.sa/a>", "application/http; msgtype=response",
                        Response("text/html; charset=windows-1256", "<p>" + std::string(kNass1256) + "</p>"))) +
      GzipMember(Record("response", "https://www.spa.gov.sa/logo.jpg", "application/http",
                        Response("image/jpeg", std::string("\xFF\xD8\xFF\0\0", 5)))) +
      GzipMember(Record("resource", "https://sabq.org/b", "text/html", "<p>ب</p>", "WARC-Truncated: length\r\n")) +
      GzipMember(Record("conversion", "", "text/plain", "سطر\n"));
  WriteFile(dir / "c.warc.gz", warc);
  ReadOptions options;
  options.keep_raw = true;
  ReadStats stats;
  const std::vector<Document> docs = ReadAll({dir / "c.warc.gz"}, &stats, options);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].id, "https://www.spa.gov.sa/a");
  EXPECT_EQ(docs[0].url, "https://www.spa.gov.sa/a");
  EXPECT_EQ(docs[0].site, "www.spa.gov.sa");
  EXPECT_EQ(docs[0].text, "<p>نص</p>");
  EXPECT_EQ(docs[0].encoding, "windows-1256");
  EXPECT_EQ(docs[0].content_type, "text/html");
  EXPECT_EQ(docs[0].date, "2024-01-02T03:04:05Z");
  EXPECT_EQ(docs[0].line, 2u);  // the record number
  EXPECT_EQ(docs[0].raw,
            "{\"id\":\"https://www.spa.gov.sa/a\",\"url\":\"https://www.spa.gov.sa/a\",\"date\":\"2024-01-02T03:04:05Z\","
            "\"content_type\":\"text/html\",\"text\":\"<p>نص</p>\"}");
  EXPECT_EQ(docs[1].site, "sabq.org");
  EXPECT_EQ(docs[2].id, dir / "c.warc.gz:5");  // no URI: FILE:RECORD
  EXPECT_EQ(docs[2].format, DocumentFormat::kText);
  EXPECT_EQ(docs[2].text, "سطر\n");
  EXPECT_EQ(stats.truncated_records, 1u);
  const std::vector<std::string> warnings = ReadWarnings(stats);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(warnings[0], "1 WARC record was cut short")) << warnings[0];
  EXPECT_EQ(stats.skipped_by_reason, (std::map<std::string, uint64_t>{{"non-html-payload", 1}}));
  ASSERT_EQ(stats.skipped.size(), 1u);
  EXPECT_EQ(stats.skipped[0].what, dir / "c.warc.gz:3");
  EXPECT_EQ(stats.warc_skipped_by_content_type, (std::map<std::string, uint64_t>{{"image/jpeg", 1}}));
  EXPECT_EQ(stats.warc_records_by_type,
            (std::map<std::string, uint64_t>{{"conversion", 1}, {"resource", 1}, {"response", 2}, {"warcinfo", 1}}));
  EXPECT_EQ(stats.documents_by_encoding_source,
            (std::map<std::string, uint64_t>{{"http", 1}, {"utf-8", 2}}));
  // Counts survive the stages' JSON round trip and shard merging.
  absl::StatusOr<ReadStats> back = ReadStatsFromJson(ReadStatsToJson(stats));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, stats);
  ReadStats merged;
  MergeReadStats(stats, &merged);
  MergeReadStats(stats, &merged);
  EXPECT_EQ(merged.warc_records_by_type.at("response"), 4u);
  EXPECT_EQ(merged.truncated_records, 2u);
}

TEST(CrawlInputs, TruncatedWarcGzKeepsWhatWasRead) {
  TempDir dir;
  const std::string first = GzipMember(Record("resource", "https://a.example/1", "text/html", "<p>one</p>"));
  const std::string second =
      GzipMember(Record("resource", "https://a.example/2", "text/html", std::string(20000, 'z')));
  WriteFile(dir / "t.warc.gz", first + second.substr(0, second.size() - 40));
  ReadStats stats;
  const std::vector<Document> docs = ReadAll({dir / "t.warc.gz"}, &stats);
  ASSERT_GE(docs.size(), 1u);
  EXPECT_EQ(docs[0].text, "<p>one</p>");
  EXPECT_EQ(stats.skipped_by_reason.count("truncated-gzip"), 1u);
  if (docs.size() == 2) {
    EXPECT_EQ(stats.truncated_records, 1u);
    EXPECT_EQ(docs[1].text, std::string(docs[1].text.size(), 'z'));
  }
}

TEST(CrawlInputs, JsonlZstAndHtmlField) {
  TempDir dir;
  WriteFile(dir / "a.jsonl.zst", ZstdFrame("{\"id\":\"x\",\"text\":\"one\"}\n") +
                                     ZstdFrame("{\"id\":\"y\",\"text\":\"two\",\"url\":\"https://b.example/y\"}\n"));
  ReadStats stats;
  std::vector<Document> docs = ReadAll({dir / "a.jsonl.zst"}, &stats);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1].text, "two");
  EXPECT_EQ(docs[1].site, "b.example");
  EXPECT_EQ(docs[1].format, DocumentFormat::kText);
  // Truncated: the first frame's line is kept, the cut counted.
  const std::string whole = ZstdFrame("{\"id\":\"x\",\"text\":\"one\"}\n") + ZstdFrame(std::string(5000, ' ') + "{}\n");
  WriteFile(dir / "cut.jsonl.zst", whole.substr(0, whole.size() - 5));
  docs = ReadAll({dir / "cut.jsonl.zst"}, &stats);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(stats.skipped_by_reason.count("truncated-zstd"), 1u);

  WriteFile(dir / "h.jsonl", "{\"id\":\"p\",\"html\":\"<p>x</p>\",\"text\":\"plain\"}\n{\"id\":\"q\",\"text\":\"t\"}\n");
  ReadOptions options;
  options.html_field = "html";
  docs = ReadAll({dir / "h.jsonl"}, &stats, options);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].text, "<p>x</p>");
  EXPECT_EQ(docs[0].format, DocumentFormat::kHtml);
  EXPECT_EQ(stats.skipped_by_reason.at("missing-text-field"), 1u);
  EXPECT_EQ(stats.text_field, "html");
}

// Common Crawl WET: conversion records of text, through line stripping;
// strip writes them as stripped.jsonl lines {"id","url","date","content_type","text"}.
TEST(CrawlInputs, WetConversionRecordsAreText) {
  TempDir dir;
  const std::string page = "الرئيسية | أخبار | رياضة\nنص الخبر الأول عن اجتماع الوزراء في الرياض اليوم\n";
  WriteFile(dir / "cc.warc.wet.gz",
            GzipMember(Record("warcinfo", "", "application/warc-fields", "isPartOf: CC-MAIN\r\n")) +
                GzipMember(Record("conversion", "https://www.okaz.com.sa/1", "text/plain", page)) +
                GzipMember(Record("conversion", "https://www.okaz.com.sa/2", "text/plain", page)));
  ReadStats stats;
  const std::vector<Document> docs = ReadAll({dir / "cc.warc.wet.gz"}, &stats);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].format, DocumentFormat::kText);
  EXPECT_EQ(docs[0].text, page);
  EXPECT_EQ(docs[0].site, "www.okaz.com.sa");
  EXPECT_EQ(docs[0].encoding, "utf-8");
  const testing::CliResult run = RunCli("strip " + dir / "cc.warc.wet.gz --out " + dir / "s --quiet");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::vector<std::string> lines = testing::ReadLines(dir / "s/stripped.jsonl");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(absl::StartsWith(lines[0], "{\"id\":\"https://www.okaz.com.sa/1\",\"url\":\"https://www.okaz.com.sa/1\","
                                         "\"date\":\"2024-01-02T03:04:05Z\",\"content_type\":\"text/plain\",\"text\":"))
      << lines[0];
}

// Shards of crawl inputs (each file belongs whole to one shard) concatenate
// to the unsharded read, stats merged included.
TEST(CrawlInputs, ShardsOfCrawlInputsConcatenateToTheWholeRead) {
  TempDir dir;
  std::string warc;
  for (int i = 0; i < 6; ++i) {
    warc += GzipMember(Record("response", absl::StrCat("https://a.example/", i), "application/http",
                              Response(i % 2 ? "text/html; charset=windows-1256" : "image/png",
                                       "<p>" + std::string(kNass1256) + "</p>")));
  }
  WriteFile(dir / "in/a.warc.gz", warc);
  WriteFile(dir / "in/s/b.html", "<p>نص</p>");
  WriteFile(dir / "in/c.jsonl.zst", ZstdFrame("{\"id\":\"j\",\"text\":\"t\"}\n"));
  WriteFile(dir / "in/d.warc", Record("resource", "https://d.example/", "text/html", "<p>d</p>"));
  ReadStats whole;
  const std::vector<Document> all = ReadAll({dir / "in"}, &whole);
  ASSERT_EQ(all.size(), 6u);
  for (int n : {2, 3}) {
    std::vector<std::string> ids;
    ReadStats merged;
    for (int i = 0; i < n; ++i) {
      ReadOptions options;
      options.shard_index = i;
      options.shard_count = n;
      ReadStats shard;
      for (const Document& doc : ReadAll({dir / "in"}, &shard, options)) ids.push_back(doc.id);
      MergeReadStats(shard, &merged);
    }
    std::vector<std::string> expected;
    for (const Document& doc : all) expected.push_back(doc.id);
    EXPECT_EQ(ids, expected) << n;
    merged.text_field = whole.text_field;
    merged.last_repaired_source = whole.last_repaired_source;
    EXPECT_EQ(merged.documents_by_encoding, whole.documents_by_encoding) << n;
    EXPECT_EQ(merged.warc_records_by_type, whole.warc_records_by_type) << n;
    EXPECT_EQ(merged.warc_skipped_by_content_type, whole.warc_skipped_by_content_type) << n;
    EXPECT_EQ(merged.skipped_by_reason, whole.skipped_by_reason) << n;
  }
}

TEST(CrawlInputs, TextInputsSummaryHasNoCrawlCounts) {
  TempDir dir;
  WriteFile(dir / "c/s/a.txt", "نص الخبر الأول");
  ASSERT_EQ(RunCli("dedup " + dir / "c --out " + dir / "o --quiet").exit_code, 0);
  const std::string summary = ReadFile(dir / "o/summary.json");
  EXPECT_FALSE(absl::StrContains(summary, "documents_by_encoding")) << summary;
  EXPECT_FALSE(absl::StrContains(summary, "warc_records_by_type")) << summary;
}

// The README's WARC example: corpus/warc/sample.warc.gz.
TEST(CrawlInputs, SampleWarcReadsAsTheReadmeSays) {
  const std::string sample = std::string(SHABIH_SOURCE_DIR) + "/corpus/warc/sample.warc.gz";
  ReadStats stats;
  const std::vector<Document> docs = ReadAll({sample}, &stats);
  EXPECT_EQ(docs.size(), 10u);
  EXPECT_EQ(stats.documents_by_encoding,
            (std::map<std::string, uint64_t>{{"iso-8859-6", 1}, {"utf-8", 6}, {"windows-1256", 3}}));
  EXPECT_EQ(stats.documents_by_encoding_source,
            (std::map<std::string, uint64_t>{{"detector", 1}, {"http", 7}, {"meta", 2}}));
  EXPECT_EQ(stats.skipped_by_reason,
            (std::map<std::string, uint64_t>{{"http-status-not-2xx", 1}, {"non-html-payload", 1}}));
  EXPECT_EQ(stats.truncated_records, 1u);
  EXPECT_EQ(stats.repaired_utf8, 1u);  // the truncated page ends inside a character
  for (const Document& doc : docs) {
    EXPECT_EQ(doc.format, DocumentFormat::kHtml) << doc.id;
    EXPECT_TRUE(absl::StartsWith(doc.id, "https://")) << doc.id;
  }
  TempDir dir;
  const testing::CliResult run = RunCli("dedup " + sample + " --out " + dir / "o --quiet");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const std::string summary = ReadFile(dir / "o/summary.json");
  EXPECT_TRUE(absl::StrContains(summary, "\"documents_by_encoding\":{\"iso-8859-6\":1,\"utf-8\":6,\"windows-1256\":3}"))
      << summary;
}

}  // namespace
}  // namespace shabih
