// End to end (issue 14): `shabih dedup` and `shabih strip` on the committed
// crawl samples, run through the built binary as a fresh clone would: a
// directory of HTML pages (corpus/html), a WARC file
// (corpus/warc/sample.warc.gz) and a WET file (corpus/warc/sample.warc.wet.gz).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

using testing::ReadFile;
using testing::ReadLines;
using testing::RunCli;
using testing::TempDir;

const std::string kSource = SHABIH_SOURCE_DIR;

struct Sample {
  std::string input;     // relative to the source tree
  size_t documents;      // rows of clusters.jsonl
  std::string encoding;  // summary.json's documents_by_encoding
};

// corpus/html: 12 pages, two of them windows-1256 (declared by <meta>).
// sample.warc.gz: 10 kept records (image, redirect and request records are
// skipped), decoded from three charsets (make_sample_warc.py's plan).
// sample.warc.wet.gz: 11 UTF-8 conversion records.
const Sample kHtml{"corpus/html", 12, R"("documents_by_encoding":{"utf-8":10,"windows-1256":2})"};
const Sample kWarc{"corpus/warc/sample.warc.gz", 10,
                   R"("documents_by_encoding":{"iso-8859-6":1,"utf-8":6,"windows-1256":3})"};
const Sample kWet{"corpus/warc/sample.warc.wet.gz", 11, R"("documents_by_encoding":{"utf-8":11})"};

void ExpectDedup(const Sample& sample) {
  SCOPED_TRACE(sample.input);
  TempDir dir;
  const auto r = RunCli("dedup " + kSource + "/" + sample.input + " --out " + dir / "out");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(ReadLines(dir / "out/clusters.jsonl").size(), sample.documents);
  EXPECT_TRUE(absl::StrContains(ReadFile(dir / "out/summary.json"), sample.encoding));
}

TEST(CliCrawlInputs, DedupHtmlDirectory) { ExpectDedup(kHtml); }
TEST(CliCrawlInputs, DedupWarc) { ExpectDedup(kWarc); }

TEST(CliCrawlInputs, DedupWetClustersTheMirrorCopy) {
  ExpectDedup(kWet);
  TempDir dir;
  ASSERT_EQ(RunCli("dedup " + kSource + "/" + kWet.input + " --out " + dir / "out").exit_code, 0);
  bool found = false;
  for (const std::string& line : ReadLines(dir / "out/clusters.jsonl")) {
    if (!absl::StrContains(line, "mirror.example.sa")) continue;
    found = true;
    EXPECT_TRUE(absl::StrContains(line, R"("cluster":"https://sabq.org/sabq/2015-07-21-snn-02649.html")")) << line;
    EXPECT_TRUE(absl::StrContains(line, R"("canonical":false)")) << line;
  }
  EXPECT_TRUE(found);
}

void ExpectStrippedJsonl(const Sample& sample, const std::string& content_type) {
  SCOPED_TRACE(sample.input);
  TempDir dir;
  const auto r = RunCli("strip " + kSource + "/" + sample.input + " --out " + dir / "out");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<std::string> lines = ReadLines(dir / "out/stripped.jsonl");
  EXPECT_EQ(lines.size(), sample.documents);
  for (const std::string& line : lines) {
    for (const char* field : {R"("id":")", R"("url":")", R"("date":")", R"("content_type":")", R"("text":")"}) {
      EXPECT_TRUE(absl::StrContains(line, field)) << field << " missing in " << line.substr(0, 200);
    }
    EXPECT_TRUE(absl::StrContains(line, content_type)) << line.substr(0, 200);
  }
  EXPECT_TRUE(absl::StrContains(ReadFile(dir / "out/summary.json"), sample.encoding));
}

TEST(CliCrawlInputs, StripWarc) { ExpectStrippedJsonl(kWarc, R"("content_type":"text/html")"); }
TEST(CliCrawlInputs, StripWet) { ExpectStrippedJsonl(kWet, R"("content_type":"text/plain")"); }

// A directory input is stripped to a mirror tree (one .html -> one text file
// per page), and --explain labels every page's lines.
TEST(CliCrawlInputs, StripHtmlDirectory) {
  TempDir dir;
  const auto r = RunCli("strip " + kSource + "/" + kHtml.input + " --out " + dir / "out --explain");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StrContains(ReadFile(dir / "out/summary.json"), kHtml.encoding));
  const std::vector<std::string> lines = ReadLines(dir / "out/lines.jsonl");
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) {
    EXPECT_TRUE(absl::StrContains(line, R"("label":")")) << line;
    EXPECT_TRUE(absl::StrContains(line, ".html\"")) << line;
    // An HTML document's lines are DOM blocks: each names its element.
    EXPECT_TRUE(absl::StrContains(line, R"("path":"body)")) << line;
  }
}

// The WARC's records are HTML (blocks with a path), the WET's plain text
// (lines without one).
TEST(CliCrawlInputs, StripExplainPathsOnlyForHtmlRecords) {
  for (const auto& [sample, html] : {std::pair{kWarc, true}, std::pair{kWet, false}}) {
    SCOPED_TRACE(sample.input);
    TempDir dir;
    const auto r = RunCli("strip " + kSource + "/" + sample.input + " --out " + dir / "out --explain");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::vector<std::string> lines = ReadLines(dir / "out/lines.jsonl");
    ASSERT_FALSE(lines.empty());
    for (const std::string& line : lines) EXPECT_EQ(absl::StrContains(line, R"("path":")"), html) << line;
  }
}

}  // namespace
}  // namespace shabih
