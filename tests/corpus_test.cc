#include "shabih/corpus.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

using testing::TempDir;
using testing::WriteFile;

std::vector<Document> ReadAll(const std::vector<std::string>& inputs, ReadStats* stats,
                              ReadOptions options = {}) {
  auto reader = CorpusReader::Open(inputs, options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  std::vector<Document> docs;
  if (!reader.ok()) return docs;
  Document doc;
  while ((*reader)->Next(&doc)) docs.push_back(doc);
  if (stats) *stats = (*reader)->stats();
  return docs;
}

TEST(Corpus, DirectoryWalkedInSortedOrderWithRelativeIdsAndSites) {
  TempDir dir;
  WriteFile(dir / "site-b/2.txt", "ب");
  WriteFile(dir / "site-a/z/9.txt", "ا");
  WriteFile(dir / "site-a/1.txt", "ج");
  WriteFile(dir / "notes.md", "ignored");
  ReadStats stats;
  const auto docs = ReadAll({dir.path()}, &stats);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].id, "site-a/1.txt");
  EXPECT_EQ(docs[1].id, "site-a/z/9.txt");
  EXPECT_EQ(docs[2].id, "site-b/2.txt");
  EXPECT_EQ(docs[0].site, "site-a");
  EXPECT_EQ(docs[2].site, "site-b");
  EXPECT_EQ(docs[2].ordinal, 2u);
  EXPECT_EQ(stats.skipped_by_reason.at("unsupported-file-type"), 1u);
}

TEST(Corpus, JsonlIdsFromIdThenUrlThenFileLine) {
  TempDir dir;
  WriteFile(dir / "a.jsonl",
            "{\"id\":\"x1\",\"url\":\"https://www.spa.gov.sa/a?b\",\"text\":\"نص\"}\n"
            "{\"url\":\"http://Okaz.com.sa:80/n/1\",\"text\":\"t2\"}\n"
            "\n"
            "{\"text\":\"t3\",\"id\":42}\n"
            "{\"text\":\"t4\"}");  // no trailing newline
  ReadStats stats;
  const auto docs = ReadAll({dir / "a.jsonl"}, &stats);
  ASSERT_EQ(docs.size(), 4u);
  EXPECT_EQ(docs[0].id, "x1");
  EXPECT_EQ(docs[0].site, "www.spa.gov.sa");
  EXPECT_EQ(docs[0].text, "نص");
  EXPECT_EQ(docs[1].id, "http://Okaz.com.sa:80/n/1");
  EXPECT_EQ(docs[1].site, "okaz.com.sa");
  EXPECT_EQ(docs[2].id, "42");
  EXPECT_EQ(docs[3].id, dir / "a.jsonl" + ":5") << "a file named on the command line: FILE is the path as given";
  EXPECT_EQ(stats.blank_lines, 1u);
}

TEST(Corpus, TextAndIdFieldsAreConfigurable) {
  TempDir dir;
  WriteFile(dir / "a.jsonl", "{\"key\":\"k7\",\"id\":\"i7\",\"content\":\"body\"}\n");
  ReadOptions options;
  options.text_field = "content";
  options.id_fields.insert(options.id_fields.begin(), "key");
  const auto docs = ReadAll({dir / "a.jsonl"}, nullptr, options);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "k7");
  EXPECT_EQ(docs[0].text, "body");
}

TEST(Corpus, GzipJsonl) {
  TempDir dir;
  gzFile gz = gzopen((dir / "c.jsonl.gz").c_str(), "wb");
  const std::string content = "{\"id\":\"g1\",\"text\":\"مضغوط\"}\n{\"id\":\"g2\",\"text\":\"b\"}\n";
  gzwrite(gz, content.data(), content.size());
  gzclose(gz);
  const auto docs = ReadAll({dir.path()}, nullptr);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, "g1");
  EXPECT_EQ(docs[0].text, "مضغوط");
  EXPECT_EQ(docs[1].id, "g2");
  EXPECT_EQ(docs[1].text, "b");
}

TEST(Corpus, InvalidUtf8IsRepairedAndCounted) {
  TempDir dir;
  WriteFile(dir / "bad.txt", "سطر\n\xFF\xFE\nسطر");
  WriteFile(dir / "bad.jsonl", "{\"id\":\"j\",\"text\":\"a\xC3(b\"}\n");
  ReadStats stats;
  const auto docs = ReadAll({dir.path()}, &stats);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(stats.repaired_utf8, 2u);
  EXPECT_EQ(docs[1].text, "سطر\n\xEF\xBF\xBD\nسطر");  // line structure kept
  EXPECT_EQ(docs[0].text, "a\xEF\xBF\xBD(b");
}

TEST(Corpus, BadInputsAreSkippedAndCountedNeverFatal) {
  TempDir dir;
  WriteFile(dir / "d/empty.txt", "");
  WriteFile(dir / "d/binary.txt", std::string("PK\x03\x04\0\0\x01", 7));
  WriteFile(dir / "d/lines.jsonl",
            "{\"id\":\"ok\",\"text\":\"fine\"}\n"
            "{\"id\":\"broken\",\"text\":\"unterminated}\n"
            "[1,2,3]\n"
            "{\"id\":\"notext\"}\n"
            "{\"id\":\"num\",\"text\":5}\n"
            "{\"id\":\"ok2\",\"text\":\"fine\"}\n");
  ReadStats stats;
  const auto docs = ReadAll({dir / "d", dir / "missing-dir"}, &stats);
  ASSERT_EQ(docs.size(), 3u);  // empty.txt, ok, ok2
  EXPECT_EQ(docs[0].id, "empty.txt");
  EXPECT_EQ(stats.empty_documents, 1u);
  EXPECT_EQ(stats.skipped_by_reason.at("binary-file"), 1u);
  EXPECT_EQ(stats.skipped_by_reason.at("malformed-json"), 2u);
  EXPECT_EQ(stats.skipped_by_reason.at("missing-text-field"), 1u);
  EXPECT_EQ(stats.skipped_by_reason.at("text-field-not-a-string"), 1u);
  EXPECT_EQ(stats.skipped_by_reason.at("not-found"), 1u);
  EXPECT_EQ(stats.skipped_total, 6u);
  bool listed = false;
  for (const auto& s : stats.skipped) listed |= s.what == "lines.jsonl:2" && s.reason == "malformed-json";
  EXPECT_TRUE(listed);
}

TEST(Corpus, UnreadableFileIsSkippedWithReason) {
  if (geteuid() == 0) GTEST_SKIP() << "root can read any file (see NamedSpecialFileIsSkippedAsUnreadable)";
  TempDir dir;
  WriteFile(dir / "secret.txt", "x");
  chmod((dir / "secret.txt").c_str(), 0);
  ReadStats stats;
  EXPECT_TRUE(ReadAll({dir / "secret.txt"}, &stats).empty());
  EXPECT_EQ(stats.skipped_total, 1u);
  ASSERT_EQ(stats.skipped.size(), 1u);
  EXPECT_EQ(stats.skipped[0].reason.rfind("unreadable", 0), 0u) << stats.skipped[0].reason;
}

// The unreadable path that does not depend on permissions (so it also runs
// as root): a FIFO named *.txt on the command line has no size to read. In a
// directory walk the same entry is a special file, skipped as such.
TEST(Corpus, NamedSpecialFileIsSkippedAsUnreadable) {
  TempDir dir;
  WriteFile(dir / "d/a.txt", "نص");
  ASSERT_EQ(mkfifo((dir / "d/pipe.txt").c_str(), 0600), 0);
  ReadStats stats;
  EXPECT_TRUE(ReadAll({dir / "d/pipe.txt"}, &stats).empty());
  ASSERT_EQ(stats.skipped.size(), 1u);
  EXPECT_EQ(stats.skipped[0].what, dir / "d/pipe.txt");
  EXPECT_EQ(stats.skipped[0].reason.rfind("unreadable: ", 0), 0u) << stats.skipped[0].reason;
  ReadStats walk_stats;
  const auto docs = ReadAll({dir / "d"}, &walk_stats);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "a.txt");
  EXPECT_EQ(walk_stats.skipped_by_reason.at("not-a-regular-file"), 1u);
}

TEST(Corpus, HundredMegabyteSingleLineIsSkippedWithoutBlowingUp) {
  TempDir dir;
  {
    std::ofstream out(dir / "huge.jsonl", std::ios::binary);
    out << "{\"id\":\"small\",\"text\":\"before\"}\n{\"id\":\"huge\",\"text\":\"";
    const std::string chunk(1 << 20, 'a');
    for (int i = 0; i < 100; ++i) out << chunk;
    out << "\"}\n{\"id\":\"after\",\"text\":\"after\"}\n";
  }
  ReadStats stats;
  const auto docs = ReadAll({dir / "huge.jsonl"}, &stats);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, "small");
  EXPECT_EQ(docs[1].id, "after");
  EXPECT_EQ(stats.skipped_by_reason.at("document-too-large"), 1u);
  EXPECT_EQ(stats.skipped[0].what, dir / "huge.jsonl" + ":2");
}

TEST(Corpus, LargeLineUnderTheLimitIsRead) {
  TempDir dir;
  WriteFile(dir / "big.jsonl", "{\"id\":\"b\",\"text\":\"" + std::string(9 << 20, 'x') + "\"}\n{\"id\":\"c\",\"text\":\"y\"}");
  const auto docs = ReadAll({dir / "big.jsonl"}, nullptr);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].text.size(), 9u << 20);
  EXPECT_EQ(docs[1].id, "c");
}

TEST(Corpus, RejectsEmptyInputListAndDoubleStdin) {
  EXPECT_EQ(CorpusReader::Open({}, {}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CorpusReader::Open({"-", "-"}, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Corpus, SpecialEntriesInDirectoriesAreCountedNotFollowed) {
  TempDir dir;
  WriteFile(dir / "crawl/site/a.txt", "نص");
  std::filesystem::create_directory_symlink(dir / "crawl", dir / "crawl/site/loop");  // a loop
  std::filesystem::create_symlink(dir / "nowhere.txt", dir / "crawl/site/broken.txt");
  std::filesystem::create_directories(dir / "crawl/out");
  WriteFile(dir / "crawl/out/clusters.jsonl", "{\"id\":\"x\",\"cluster\":\"x\"}\n");
  ReadOptions options;
  options.exclude_directories.push_back(dir / "crawl/out");
  ReadStats stats;
  const auto docs = ReadAll({dir / "crawl"}, &stats, options);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(stats.skipped_by_reason.at("symlinked-directory"), 1u);
  EXPECT_EQ(stats.skipped_by_reason.at("broken-symlink"), 1u);
  EXPECT_EQ(stats.skipped_by_reason.at("output-directory"), 1u);
}

TEST(Corpus, TruncatedGzipIsReported) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 2000; ++i) content += "{\"id\":\"g" + std::to_string(i) + "\",\"text\":\"نص عربي طويل " + std::to_string(i * 7919) + "\"}\n";
  gzFile gz = gzopen((dir / "full.jsonl.gz").c_str(), "wb");
  gzwrite(gz, content.data(), content.size());
  gzclose(gz);
  const std::string full = testing::ReadFile(dir / "full.jsonl.gz");
  WriteFile(dir / "cut.jsonl.gz", full.substr(0, full.size() / 2));
  ReadStats stats;
  const auto docs = ReadAll({dir / "cut.jsonl.gz"}, &stats);
  EXPECT_LT(docs.size(), 2000u);
  EXPECT_GT(docs.size(), 0u) << "the lines before the cut are read";
  for (size_t i = 0; i < docs.size(); ++i) ASSERT_EQ(docs[i].id, "g" + std::to_string(i));
  EXPECT_EQ(stats.skipped_by_reason.count("truncated-gzip"), 1u);
}

TEST(Corpus, FileNamesThatAreNotUtf8GiveValidIds) {
  TempDir dir;
  WriteFile(dir / "d/bad\xFFname.txt", "نص");
  const auto docs = ReadAll({dir / "d"}, nullptr);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "bad\xEF\xBF\xBDname.txt");
}

TEST(Corpus, EmptyIdFallsBackToTheNextField) {
  TempDir dir;
  WriteFile(dir / "a.jsonl", "{\"id\":\"\",\"url\":\"https://x.org/1\",\"text\":\"t\"}\n");
  const auto docs = ReadAll({dir / "a.jsonl"}, nullptr);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "https://x.org/1");
}

TEST(Corpus, DuplicateKeysTheFirstWinsForTextAndId) {
  TempDir dir;
  WriteFile(dir / "a.jsonl", "{\"id\":\"first\",\"text\":\"one\",\"id\":\"second\",\"text\":\"two\"}\n");
  const auto docs = ReadAll({dir / "a.jsonl"}, nullptr);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "first");
  EXPECT_EQ(docs[0].text, "one");
}

// Two input folders holding the same relative path, and a JSONL file that
// repeats an id: every document keeps a distinct id, renamed the documented
// way (the first free "#N"), and each rename is counted and listed.
TEST(Corpus, RepeatedIdsAreMadeUniqueAndReported) {
  TempDir dir;
  WriteFile(dir / "a/was/page1.txt", "first");
  WriteFile(dir / "b/was/page1.txt", "second");
  WriteFile(dir / "c.jsonl",
            "{\"id\":\"x\",\"text\":\"1\"}\n"
            "{\"id\":\"x\",\"text\":\"2\"}\n"
            "{\"id\":\"x\",\"text\":\"3\"}\n"
            "{\"id\":\"x#2\",\"text\":\"4\"}\n");  // its own id was given to line 2
  ReadStats stats;
  const auto docs = ReadAll({dir / "a", dir / "b", dir / "c.jsonl"}, &stats);
  ASSERT_EQ(docs.size(), 6u);
  const std::vector<std::string> expected = {"was/page1.txt", "was/page1.txt#2", "x", "x#2", "x#3", "x#2#2"};
  for (size_t i = 0; i < docs.size(); ++i) EXPECT_EQ(docs[i].id, expected[i]) << i;
  EXPECT_EQ(docs[1].text, "second");
  EXPECT_EQ(stats.duplicate_ids, 4u);
  ASSERT_EQ(stats.renamed_ids.size(), 4u);
  EXPECT_EQ(stats.renamed_ids[0].id, "was/page1.txt");
  EXPECT_EQ(stats.renamed_ids[0].renamed, "was/page1.txt#2");
  EXPECT_EQ(stats.renamed_ids[0].where, dir / "b" + "/was/page1.txt");
  EXPECT_EQ(stats.renamed_ids[2].where, dir / "c.jsonl" + ":3");
  EXPECT_EQ(stats.renamed_ids[3].renamed, "x#2#2");
  // The same file named twice: its FILE:LINE ids repeat too.
  ReadStats twice;
  const auto again = ReadAll({dir / "a", dir / "a"}, &twice);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[1].id, "was/page1.txt#2");
  EXPECT_EQ(twice.duplicate_ids, 1u);
}

TEST(Corpus, ManyRepeatsOfOneIdStayLinear) {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 20000; ++i) lines += "{\"id\":\"same\",\"text\":\"t\"}\n";
  WriteFile(dir / "a.jsonl", lines);
  ReadStats stats;
  const auto docs = ReadAll({dir / "a.jsonl"}, &stats);
  ASSERT_EQ(docs.size(), 20000u);
  EXPECT_EQ(docs.back().id, "same#20000");
  EXPECT_EQ(stats.duplicate_ids, 19999u);
  EXPECT_EQ(stats.renamed_ids.size(), ReadOptions().max_listed_skips);
}

// Lines without the text field record which fields they have, grouped by
// key set (order ignored), with the longest string field as the likely text.
TEST(Corpus, LinesWithoutTheTextFieldRecordTheirFields) {
  TempDir dir;
  WriteFile(dir / "a.jsonl",
            "{\"id\":\"1\",\"url\":\"https://x.org/a-very-long-url-longer-than-the-text\",\"title\":\"t\","
            "\"content\":\"the body\"}\n"
            "{\"url\":\"https://x.org/b\",\"id\":\"2\",\"content\":\"body\",\"title\":\"t\"}\n"
            "{\"id\":\"3\",\"url\":\"u\",\"title\":\"t\",\"content\":\"body\"}\n"
            "{\"id\":\"4\",\"body\":\"text\"}\n"
            "{\"id\":\"5\",\"text\":\"kept\"}\n");
  ReadStats stats;
  const auto docs = ReadAll({dir / "a.jsonl"}, &stats);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(stats.text_field, "text");
  ASSERT_EQ(stats.missing_text_field.size(), 2u);
  EXPECT_EQ(stats.missing_text_field[0].fields, (std::vector<std::string>{"id", "url", "title", "content"}));
  EXPECT_EQ(stats.missing_text_field[0].lines, 3u);
  EXPECT_EQ(stats.missing_text_field[0].likely_text_field, "content");  // never the url
  EXPECT_EQ(stats.missing_text_field[1].likely_text_field, "body");
  EXPECT_EQ(DescribeMissingTextField(stats),
            "4 lines have no 'text' field; they have: id, url, title, content (3 lines); id, body (1 line) "
            "\u2014 try --text-field content");
  EXPECT_EQ(ReadWarnings(stats).back(), DescribeMissingTextField(stats));
}

TEST(Corpus, FieldSetsOfMissingTextAreBounded) {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 50; ++i) lines += "{\"f" + std::to_string(i) + "\":\"v\"}\n";
  WriteFile(dir / "a.jsonl", lines);
  ReadStats stats;
  ReadAll({dir / "a.jsonl"}, &stats);
  EXPECT_EQ(stats.skipped_by_reason.at("missing-text-field"), 50u);
  EXPECT_EQ(stats.missing_text_field.size(), 8u);
  EXPECT_NE(DescribeMissingTextField(stats).find("other fields (42 lines)"), std::string::npos)
      << DescribeMissingTextField(stats);
}

// A mis-encoded file is named with the count of its repaired documents.
TEST(Corpus, RepairedFilesAreNamedWithTheirCounts) {
  TempDir dir;
  WriteFile(dir / "d/1256.txt", "\xC7\xE1\xDA\xD1\xC8\xED\xC9");  // "العربية" in windows-1256
  WriteFile(dir / "d/clean.txt", "نص");
  WriteFile(dir / "d/lines.jsonl",
            "{\"id\":\"a\",\"text\":\"\xE1\xE1\"}\n{\"id\":\"b\",\"text\":\"ok\"}\n{\"id\":\"c\",\"text\":\"\xFF\"}\n");
  ReadStats stats;
  ReadAll({dir / "d"}, &stats);
  EXPECT_EQ(stats.repaired_utf8, 3u);
  ASSERT_EQ(stats.repaired_utf8_files.size(), 2u);
  EXPECT_EQ(stats.repaired_utf8_files[0].file, dir / "d/1256.txt");
  EXPECT_EQ(stats.repaired_utf8_files[0].documents, 1u);
  EXPECT_EQ(stats.repaired_utf8_files[1].file, dir / "d/lines.jsonl");
  EXPECT_EQ(stats.repaired_utf8_files[1].documents, 2u);
}

// total_bytes() is the inputs' size on disk, and bytes_consumed() reaches it
// at the end, for plain and gzip files alike (compressed bytes for .gz).
TEST(Corpus, TotalBytesAndPositionOnDisk) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 3000; ++i) content += "{\"id\":\"g" + std::to_string(i) + "\",\"text\":\"نص عربي " + std::to_string(i) + "\"}\n";
  WriteFile(dir / "d/p.txt", "نص");
  gzFile gz = gzopen((dir / "d/c.jsonl.gz").c_str(), "wb");
  gzwrite(gz, content.data(), content.size());
  gzclose(gz);
  const uint64_t gz_size = testing::ReadFile(dir / "d/c.jsonl.gz").size();
  auto reader = CorpusReader::Open({dir / "d"}, ReadOptions());
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->total_bytes(), gz_size + 4);
  EXPECT_EQ((*reader)->bytes_consumed(), 0u);
  Document doc;
  uint64_t seen = 0, last = 0;
  while ((*reader)->Next(&doc)) {
    const uint64_t position = (*reader)->bytes_consumed();
    EXPECT_GE(position, last);
    EXPECT_LE(position, (*reader)->total_bytes());
    last = position;
    ++seen;
  }
  EXPECT_EQ(seen, 3001u);
  EXPECT_EQ((*reader)->bytes_consumed(), (*reader)->total_bytes());
  EXPECT_GT((*reader)->bytes_read(), gz_size) << "bytes_read() stays decompressed";
  auto from_stdin = CorpusReader::Open({"-"}, ReadOptions());
  ASSERT_TRUE(from_stdin.ok());
  EXPECT_EQ((*from_stdin)->total_bytes(), 0u) << "unknown for stdin";
}

TEST(Corpus, SkipsAreDescribedWithExamplesAndTheFix) {
  TempDir dir;
  WriteFile(dir / "d/a.doc", "x");
  WriteFile(dir / "d/b.arc.gz", "x");
  WriteFile(dir / "d/c.zip", "x");
  WriteFile(dir / "d/e.pdf", "x");
  ReadStats stats;
  ReadAll({dir / "d", dir / "gone"}, &stats);
  const std::vector<std::string> told = DescribeSkips(stats);
  ASSERT_EQ(told.size(), 2u);
  EXPECT_EQ(told[0], "4 files skipped as unsupported-file-type: " + dir / "d/a.doc" + ", " + dir / "d/b.arc.gz" +
                         ", " + dir / "d/c.zip" + ", ... (supported: .txt .html .htm .html.gz .jsonl .jsonl.gz .jsonl.zst .warc .warc.gz .warc.zst .warc.wet.gz)");
  EXPECT_EQ(told[1], "1 input skipped as not-found: " + dir / "gone" + " (check the path)");
  EXPECT_TRUE(ReadWarnings(stats).empty()) << "skips are counted, not warned about";
}

TEST(Corpus, UrlHost) {
  EXPECT_EQ(UrlHost("https://user@Example.COM:8080/path?q#f"), "example.com");
  EXPECT_EQ(UrlHost("sabq.org/x"), "");
  EXPECT_EQ(UrlHost("http://sabq.org"), "sabq.org");
}

}  // namespace
}  // namespace shabih
