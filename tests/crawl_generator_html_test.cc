// `shabih gen --format html|warc`: reproducible bytes, a crawl the corpus
// reader reads back with the gold's ids, and dedup as good as on text.
#include "tooling/crawl_generator_html.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "shabih/corpus.h"
#include "shabih/dedup.h"
#include "tests/test_util.h"
#include "tooling/crawl_generator.h"
#include "tooling/eval.h"
#include "xxhash.h"

namespace shabih {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every file under `dir`, in sorted path order, as "path\nbytes\n".
std::string Tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).generic_string()] = ReadFile(e.path());
  }
  std::string out;
  for (const auto& [path, bytes] : files) absl::StrAppend(&out, path, "\n", bytes, "\n");
  return out;
}

absl::Status Gen(const std::string& out, CrawlFormat format, int64_t pages, uint64_t seed = 1) {
  GeneratorOptions options;
  options.out_dir = out;
  options.pages = pages;
  options.seed = seed;
  options.format = format;
  return GenerateCrawl(options, nullptr);
}

// id -> cluster of DIR/gold_clusters.jsonl (ids hold no quotes).
std::map<std::string, std::string> Gold(const fs::path& dir) {
  std::map<std::string, std::string> gold;
  std::ifstream in(dir / "gold_clusters.jsonl");
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f = absl::StrSplit(line, '"');
    if (f.size() > 7) gold[f[3]] = f[7];
  }
  return gold;
}

std::vector<Document> ReadAll(const std::string& input) {
  auto reader = CorpusReader::Open({input}, ReadOptions());
  EXPECT_TRUE(reader.ok()) << reader.status();
  std::vector<Document> docs;
  if (!reader.ok()) return docs;
  Document doc;
  while ((*reader)->Next(&doc)) docs.push_back(doc);
  EXPECT_TRUE((*reader)->stats().skipped.empty());
  return docs;
}

TEST(CrawlGeneratorHtml, ParsesFormatNames) {
  EXPECT_EQ(*ParseCrawlFormat("html"), CrawlFormat::kHtml);
  EXPECT_EQ(*ParseCrawlFormat("warc"), CrawlFormat::kWarc);
  EXPECT_FALSE(ParseCrawlFormat("warc.gz").ok());
}

TEST(CrawlGeneratorHtml, SameSeedGivesIdenticalBytes) {
  testing::TempDir tmp;
  for (CrawlFormat format : {CrawlFormat::kHtml, CrawlFormat::kWarc}) {
    ASSERT_TRUE(Gen(tmp / "a", format, 120, 3).ok());
    ASSERT_TRUE(Gen(tmp / "b", format, 120, 3).ok());
    ASSERT_TRUE(Gen(tmp / "c", format, 120, 4).ok());
    EXPECT_EQ(Tree(tmp / "a"), Tree(tmp / "b"));
    EXPECT_NE(Tree(tmp / "a"), Tree(tmp / "c"));
    fs::remove_all(tmp / "a");
    fs::remove_all(tmp / "b");
    fs::remove_all(tmp / "c");
  }
}

TEST(CrawlGeneratorHtml, PinnedDigestOfHtmlPages) {
  // Pins the markup: a change to the HTML rendering must be deliberate
  // (update this digest and bump kGeneratorFormatVersion).
  testing::TempDir tmp;
  ASSERT_TRUE(Gen(tmp / "h", CrawlFormat::kHtml, 200).ok());
  const std::string tree = Tree(fs::path(tmp / "h") / "pages");
  EXPECT_EQ(XXH3_64bits(tree.data(), tree.size()), 907773992466201866u) << "size " << tree.size();
}

TEST(CrawlGeneratorHtml, SitesVaryMarkupAndCharset) {
  testing::TempDir tmp;
  ASSERT_TRUE(Gen(tmp / "h", CrawlFormat::kHtml, 300).ok());
  const fs::path pages = fs::path(tmp / "h") / "pages";
  const std::string semantic = ReadFile(pages / "site00" / "p0000000.html");
  const std::string soup = ReadFile(pages / "site01" / "p0000000.html");
  const std::string table = ReadFile(pages / "site02" / "p0000000.html");
  const std::string bare = ReadFile(pages / "site03" / "p0000000.html");
  EXPECT_TRUE(absl::StrContains(semantic, "<article>"));
  EXPECT_TRUE(absl::StrContains(semantic, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(absl::StrContains(soup, "class=\"post-content\""));
  EXPECT_TRUE(absl::StrContains(soup, "<meta charset=\"windows-1256\">"));
  EXPECT_TRUE(absl::StrContains(table, "<table"));
  EXPECT_FALSE(absl::StrContains(bare, "charset"));
  // windows-1256: "ال" is 0xC7 0xE1, not UTF-8's D8 A7 D9 84.
  EXPECT_TRUE(absl::StrContains(soup, "\xC7\xE1"));
  EXPECT_FALSE(absl::StrContains(soup, "\xD8\xA7\xD9\x84"));
}

TEST(CrawlGeneratorHtml, HtmlCrawlReadsBackWithGoldIds) {
  testing::TempDir tmp;
  ASSERT_TRUE(Gen(tmp / "h", CrawlFormat::kHtml, 300).ok());
  const std::map<std::string, std::string> gold = Gold(tmp / "h");
  ASSERT_EQ(gold.size(), 300u);
  const std::vector<Document> docs = ReadAll(tmp / "h/pages");
  ASSERT_EQ(docs.size(), 300u);
  for (const Document& doc : docs) {
    EXPECT_TRUE(gold.contains(doc.id)) << doc.id;
    EXPECT_EQ(doc.format, DocumentFormat::kHtml) << doc.id;
    EXPECT_EQ(doc.site, doc.id.substr(0, doc.id.find('/')));
  }
}

TEST(CrawlGeneratorHtml, WarcCrawlReadsBackWithGoldIds) {
  testing::TempDir tmp;
  ASSERT_TRUE(Gen(tmp / "w", CrawlFormat::kWarc, 300).ok());
  const std::map<std::string, std::string> gold = Gold(tmp / "w");
  ASSERT_EQ(gold.size(), 300u);
  const std::vector<Document> docs = ReadAll(tmp / "w/crawl.warc.gz");
  ASSERT_EQ(docs.size(), 300u);
  for (const Document& doc : docs) {
    EXPECT_TRUE(gold.contains(doc.id)) << doc.id;
    EXPECT_EQ(doc.url, doc.id);
    EXPECT_EQ(doc.format, DocumentFormat::kHtml) << doc.id;
  }
}

double DedupF1(const std::string& input, const fs::path& gold_dir, const fs::path& out) {
  DedupOptions options;
  options.threads = 1;
  auto summary = RunDedup({input}, options, out.string(), nullptr);
  EXPECT_TRUE(summary.ok()) << summary.status();
  auto scores = EvaluateClusterFiles((out / "clusters.jsonl").string(),
                                     (gold_dir / "gold_clusters.jsonl").string(), {});
  EXPECT_TRUE(scores.ok()) << scores.status();
  return scores.ok() ? scores->scores.f1 : 0.0;
}

TEST(CrawlGeneratorHtml, DedupOnHtmlStaysAboveItsMeasuredFloor) {
  testing::TempDir tmp;
  ASSERT_TRUE(Gen(tmp / "t", CrawlFormat::kJsonl, 200).ok());
  ASSERT_TRUE(Gen(tmp / "h", CrawlFormat::kHtml, 200).ok());
  const double text = DedupF1(tmp / "t/crawl.jsonl", tmp / "t", fs::path(tmp / "out-t"));
  const double html = DedupF1(tmp / "h/pages", tmp / "h", fs::path(tmp / "out-h"));
  // Measured (200 pages, seed 1, defaults): text 0.876, html 0.775; at
  // 2000 pages both are 0.911 (docs/boilerplate.md, "HTML crawls"). The
  // small-crawl gap is an open finding; the floors keep a margin under it.
  EXPECT_GE(text, 0.83);
  EXPECT_GE(html, 0.72);
}

}  // namespace
}  // namespace shabih
