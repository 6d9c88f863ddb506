// What the `shabih` binary tells a user about their input and their command
// line: skipped files named with the fix, a wrong --text-field, repeated ids,
// mis-encoded files, the nearest command or flag to a typo, and progress
// with a percentage. Every check runs the built binary (testing::RunCli).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

using testing::ReadFile;
using testing::ReadLines;
using testing::RunCli;
using testing::TempDir;
using testing::WriteFile;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A folder of files the reader does not take: the run says which and why,
// with the supported types, exits 2 and still writes summary.json listing
// every skipped input.
TEST(CliMessages, NoReadableInputNamesTheSkippedFilesAndWritesTheSummary) {
  TempDir dir;
  for (const char* name : {"a.doc", "b.arc.gz", "c.zip"}) WriteFile(dir / "crawl/" + name, "<html>");
  const std::string crawl = dir / "crawl";
  const std::string told = "3 files skipped as unsupported-file-type: " + crawl + "/a.doc, " + crawl +
                           "/b.arc.gz, " + crawl + "/c.zip (supported: .txt .html .htm .html.gz .jsonl .jsonl.gz .jsonl.zst .warc .warc.gz .warc.zst .warc.wet.gz)";
  const testing::CliResult dedup = RunCli("dedup " + crawl + " --out " + dir / "d --quiet");
  EXPECT_EQ(dedup.exit_code, 2) << dedup.output;
  EXPECT_TRUE(Contains(dedup.output, "no input document could be read: " + told)) << dedup.output;
  const testing::CliResult strip = RunCli("strip " + crawl + " --out " + dir / "s --quiet");
  EXPECT_EQ(strip.exit_code, 2) << strip.output;
  EXPECT_TRUE(Contains(strip.output, told)) << strip.output;
  const std::string summary = ReadFile(dir / "s/summary.json");
  EXPECT_TRUE(Contains(summary, "\"documents\":0")) << summary;
  for (const char* name : {"a.doc", "b.arc.gz", "c.zip"}) {
    EXPECT_TRUE(Contains(summary, "{\"input\":\"" + crawl + "/" + name + "\",\"reason\":\"unsupported-file-type\"}"))
        << summary;
  }
  EXPECT_TRUE(Contains(summary, "\"error\":\"no input document could be read: 3 files")) << summary;
  // dedup and pairs write theirs too, where a run's summary goes.
  for (const std::string& path : {dir / "d/summary.json", dir / "p.jsonl.summary.json"}) {
    if (path == dir / "p.jsonl.summary.json") {
      EXPECT_EQ(RunCli("pairs " + crawl + " --out " + dir / "p.jsonl --quiet").exit_code, 2);
    }
    const std::string written = ReadFile(path);
    EXPECT_TRUE(Contains(written, "{\"input\":\"" + crawl + "/c.zip\",\"reason\":\"unsupported-file-type\"}"))
        << path << ": " << written;
  }
}

// Several reasons: one line each, the most frequent first.
TEST(CliMessages, SeveralSkipReasonsGetALineEach) {
  TempDir dir;
  WriteFile(dir / "crawl/a.doc", "x");
  WriteFile(dir / "crawl/b.doc", "x");
  const testing::CliResult r = RunCli("dedup " + dir / "crawl " + dir / "missing.jsonl --out " + dir / "o --quiet");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Contains(r.output, "no input document could be read\n  2 files skipped as unsupported-file-type: ")) << r.output;
  EXPECT_TRUE(Contains(r.output, "\n  1 input skipped as not-found: " + dir / "missing.jsonl (check the path)"))
      << r.output;
}

// JSONL whose text is under another name: the message says which field was
// looked for, which fields the lines have, and the flag that fixes it.
TEST(CliMessages, WrongTextFieldSaysWhichFieldsTheLinesHave) {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 1700; ++i) {
    lines += "{\"id\":\"n" + std::to_string(i) + "\",\"url\":\"https://x.sa/" + std::to_string(i) +
             "\",\"title\":\"عنوان\",\"content\":\"وزير الخارجية يلتقي نظيره الفرنسي في باريس " + std::to_string(i) +
             "\"}\n";
  }
  WriteFile(dir / "news.jsonl", lines);
  const testing::CliResult r = RunCli("dedup " + dir / "news.jsonl --out " + dir / "o --quiet");
  EXPECT_EQ(r.exit_code, 2);
  const std::string told =
      "1,700 lines have no 'text' field; they have: id, url, title, content \u2014 try --text-field content";
  EXPECT_TRUE(Contains(r.output, told)) << r.output;
  const testing::CliResult strip = RunCli("strip " + dir / "news.jsonl --out " + dir / "s --quiet");
  EXPECT_TRUE(Contains(strip.output, told)) << strip.output;
  EXPECT_TRUE(Contains(ReadFile(dir / "s/summary.json"), "\"message\":\"" + told + "\"")) << "in the summary too";
  const testing::CliResult fixed = RunCli("dedup " + dir / "news.jsonl --out " + dir / "f --quiet --text-field content");
  EXPECT_EQ(fixed.exit_code, 0) << fixed.output;
}

// Some lines readable, some without the field: the run succeeds and warns.
TEST(CliMessages, SomeLinesWithoutTheTextFieldAreAWarning) {
  TempDir dir;
  WriteFile(dir / "mixed.jsonl",
            "{\"id\":\"a\",\"text\":\"وزير الخارجية يلتقي نظيره الفرنسي\"}\n"
            "{\"id\":\"b\",\"body\":\"خبر آخر مختلف تماما عن الموضوع\"}\n");
  const testing::CliResult r = RunCli("dedup " + dir / "mixed.jsonl --out " + dir / "o --quiet");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(Contains(r.output, "shabih dedup: warning: 1 line has no 'text' field; it has: id, body \u2014 try "
                                 "--text-field body"))
      << r.output;
  const std::string summary = ReadFile(dir / "o/summary.json");
  EXPECT_TRUE(Contains(summary, "\"missing_text_field\":{\"field\":\"text\",\"lines\":1,\"field_sets\":[{\"fields\":"
                                "[\"id\",\"body\"],\"lines\":1,\"likely_text_field\":\"body\"}]"))
      << summary;
}

// Two input folders with the same relative path: two rows with distinct
// ids (the second "#2"), a warning, and the rename in summary.json. strip
// writes both pages (the second no longer overwrites the first).
TEST(CliMessages, RepeatedIdsAreReportedAndMadeUnique) {
  TempDir dir;
  WriteFile(dir / "one/was/page1.txt", "وزير الخارجية يلتقي نظيره الفرنسي في باريس لبحث العلاقات");
  WriteFile(dir / "two/was/page1.txt", "خبر آخر مختلف تماما عن الموضوع الرياضي اليوم");
  const std::string inputs = dir / "one " + dir / "two";
  const testing::CliResult r = RunCli("dedup " + inputs + " --out " + dir / "o --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<std::string> rows = ReadLines(dir / "o/clusters.jsonl");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].rfind("{\"id\":\"was/page1.txt\",\"cluster\":\"was/page1.txt\"", 0), 0u) << rows[0];
  EXPECT_EQ(rows[1].rfind("{\"id\":\"was/page1.txt#2\",\"cluster\":\"was/page1.txt#2\"", 0), 0u) << rows[1];
  EXPECT_TRUE(Contains(r.output, "shabih dedup: warning: 1 document has an id already taken, made unique with a #N "
                                 "suffix: 'was/page1.txt' (" + dir / "two/was/page1.txt) is now 'was/page1.txt#2'"))
      << r.output;
  EXPECT_TRUE(Contains(ReadFile(dir / "o/summary.json"),
                       "\"duplicate_ids\":{\"count\":1,\"examples\":[{\"id\":\"was/page1.txt\",\"renamed\":"
                       "\"was/page1.txt#2\",\"input\":\"" + dir / "two/was/page1.txt\"}]}"));
  const testing::CliResult strip = RunCli("strip " + inputs + " --out " + dir / "s --quiet");
  ASSERT_EQ(strip.exit_code, 0) << strip.output;
  EXPECT_EQ(ReadFile(dir / "s/was/page1.txt"), ReadFile(dir / "one/was/page1.txt"));
  EXPECT_EQ(ReadFile(dir / "s/was/page1.txt#2"), ReadFile(dir / "two/was/page1.txt"));
  const testing::CliResult pairs = RunCli("pairs " + inputs + " --out " + dir / "p.jsonl --quiet");
  EXPECT_TRUE(Contains(pairs.output, "shabih pairs: warning: 1 document has an id already taken")) << pairs.output;
}

// windows-1256 bytes in a .txt page: the file is named with its count, in
// summary.json and on stderr, so a user can find and convert it.
TEST(CliMessages, MisEncodedFileIsNamed) {
  TempDir dir;
  WriteFile(dir / "crawl/site/1256.txt", "\xC7\xE1\xDA\xD1\xC8\xED\xC9 \xC7\xE1\xED\xE6\xE3");
  WriteFile(dir / "crawl/site/ok.txt", "وزير الخارجية يلتقي نظيره الفرنسي");
  const testing::CliResult r = RunCli("dedup " + dir / "crawl --out " + dir / "o --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string file = dir / "crawl/site/1256.txt";
  EXPECT_TRUE(Contains(ReadFile(dir / "o/summary.json"),
                       "\"repaired_utf8_files\":[{\"file\":\"" + file + "\",\"documents\":1}]"));
  EXPECT_TRUE(Contains(r.output, "warning: invalid UTF-8 replaced by U+FFFD in 1 document: " + file + " (1)"))
      << r.output;
}

TEST(CliMessages, UnknownCommandSuggestsTheNearest) {
  const testing::CliResult r = RunCli("dedupe x --out y");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.output, "shabih: unknown command 'dedupe'; did you mean 'dedup'?")) << r.output;
  EXPECT_TRUE(Contains(r.output, "Run 'shabih dedup --help' for usage.")) << r.output;
  const testing::CliResult far = RunCli("frobnicate");
  EXPECT_EQ(far.exit_code, 1);
  EXPECT_TRUE(Contains(far.output, "unknown command 'frobnicate' (commands: dedup strip pairs gen eval bench"))
      << far.output;
}

TEST(CliMessages, UnknownFlagSuggestsTheNearestOfItsCommand) {
  TempDir dir;
  WriteFile(dir / "a.txt", "نص");
  const testing::CliResult r = RunCli("dedup " + dir / "a.txt --out " + dir / "o --treshold 0.5");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.output, "shabih dedup: unknown option '--treshold'; did you mean '--threshold'?"))
      << r.output;
  EXPECT_TRUE(Contains(r.output, "Run 'shabih dedup --help' for usage.")) << r.output;
  const testing::CliResult strip = RunCli("strip " + dir / "a.txt --out " + dir / "o --explian");
  EXPECT_TRUE(Contains(strip.output, "shabih strip: unknown option '--explian'; did you mean '--explain'?"))
      << strip.output;
  const testing::CliResult glued = RunCli("pairs " + dir / "a.txt --out " + dir / "p --threhsold=0.7");
  EXPECT_TRUE(Contains(glued.output, "unknown option '--threhsold'; did you mean '--threshold'?")) << glued.output;
  const testing::CliResult missing = RunCli("strip");
  EXPECT_TRUE(Contains(missing.output, "Run 'shabih strip --help' for usage.")) << missing.output;
}

// The progress line shows the percentage of the input once its size is
// known, and small sizes in KB (not "0.0 MB").
TEST(CliMessages, ProgressShowsAPercentageAndSmallSizesInKilobytes) {
  TempDir dir;
  std::string page;  // about 1.6 KB a page: a size printed as 0.0 MB before
  for (int i = 0; i < 20; ++i) page += "وزير الخارجية يلتقي نظيره الفرنسي في باريس " + std::to_string(i) + "\n";
  WriteFile(dir / "crawl/s/1.txt", page);
  WriteFile(dir / "crawl/s/2.txt", page + "سطر آخر");
  const testing::CliResult r = RunCli("strip " + dir / "crawl --out " + dir / "o --progress");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(Contains(r.output, "100%")) << r.output;
  EXPECT_TRUE(Contains(r.output, "3.3 KB of 3.3 KB")) << "the position on the progress line: " << r.output;
  EXPECT_TRUE(Contains(r.output, "kept 3.3 KB of 3.3 KB; ")) << "the final report: kept ... of ...: " << r.output;
  EXPECT_FALSE(Contains(r.output, "0.0 MB")) << r.output;
  // dedup: its reading stages (scan, then sign over the cached documents,
  // or a second read without the cache) end at 100%.
  for (const std::string cache : {"", " --cache-bytes 0"}) {
    const testing::CliResult d = RunCli("dedup " + dir / "crawl --out " + dir / "d --progress" + cache);
    ASSERT_EQ(d.exit_code, 0) << d.output;
    EXPECT_TRUE(Contains(d.output, "[shabih] scan       100%")) << d.output;
    EXPECT_TRUE(Contains(d.output, "[shabih] sign       100%")) << d.output;
    EXPECT_TRUE(Contains(d.output, " in ")) << d.output;
  }
  const testing::CliResult d = RunCli("dedup " + dir / "crawl --out " + dir / "d --progress --cache-bytes 0");
  EXPECT_TRUE(Contains(d.output, "3.3 KB of 3.3 KB")) << "a second read follows its reader: " << d.output;
}

}  // namespace
}  // namespace shabih
