#include "tooling/crawl_generator.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"
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

std::vector<GeneratedPage> Generate(int64_t pages, uint64_t seed, int sites = 12) {
  GeneratorOptions options;
  options.pages = pages;
  options.seed = seed;
  options.sites = sites;
  auto gen = CrawlGenerator::Create(options);
  EXPECT_TRUE(gen.ok()) << gen.status();
  std::vector<GeneratedPage> out;
  GeneratedPage page;
  while ((*gen)->Next(&page)) out.push_back(page);
  return out;
}

// Word 5-shingles of the gold main text (content lines).
absl::flat_hash_set<std::string> MainShingles(const GeneratedPage& page) {
  std::vector<std::string> words;
  std::vector<absl::string_view> lines = absl::StrSplit(page.text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    if (page.lines[i].boilerplate) continue;
    for (absl::string_view w : absl::StrSplit(lines[i], ' ', absl::SkipEmpty())) words.emplace_back(w);
  }
  absl::flat_hash_set<std::string> out;
  for (size_t i = 0; i + 5 <= words.size(); ++i) {
    out.insert(
        absl::StrCat(words[i], " ", words[i + 1], " ", words[i + 2], " ", words[i + 3], " ", words[i + 4]));
  }
  return out;
}

double Jaccard(const absl::flat_hash_set<std::string>& a, const absl::flat_hash_set<std::string>& b) {
  size_t both = 0;
  for (const std::string& s : a) both += b.contains(s);
  const size_t either = a.size() + b.size() - both;
  return either == 0 ? 1.0 : static_cast<double>(both) / either;
}

TEST(CrawlGenerator, SameSeedGivesIdenticalBytes) {
  testing::TempDir tmp;  // Its own directory: fixed names under /tmp collide across runs.
  GeneratorOptions options;
  options.pages = 500;
  options.seed = 7;
  options.out_dir = tmp / "det_a";
  ASSERT_TRUE(GenerateCrawl(options, nullptr).ok());
  const std::string dir_a = options.out_dir;
  options.out_dir = tmp / "det_b";
  ASSERT_TRUE(GenerateCrawl(options, nullptr).ok());
  const std::string dir_b = options.out_dir;
  options.seed = 8;
  options.out_dir = tmp / "det_c";
  ASSERT_TRUE(GenerateCrawl(options, nullptr).ok());
  const std::string dir_c = options.out_dir;
  for (const char* file : {"crawl.jsonl", "gold_clusters.jsonl", "gold_lines.jsonl", "manifest.json"}) {
    const std::string a = ReadFile(fs::path(dir_a) / file);
    EXPECT_FALSE(a.empty()) << file;
    EXPECT_EQ(a, ReadFile(fs::path(dir_b) / file)) << file;
    EXPECT_NE(a, ReadFile(fs::path(dir_c) / file)) << file;
  }
}

// The generator's bytes for --seed 1 --pages 1000 (all other options at
// their defaults), per format version: XXH3-64 and size of each file; the
// manifest without its "version" field (the package version is not part of
// the format). When the generator's output changes on purpose, bump
// kGeneratorFormatVersion and add a row with the digests this test prints.
struct PinnedFile {
  const char* name;
  uint64_t xxh3;
  size_t bytes;
};
struct PinnedFormat {
  const char* version;
  PinnedFile files[4];
};
constexpr PinnedFormat kPinnedFormats[] = {
    {"gen-1",
     {{"crawl.jsonl", 0x74dfae2e02e3505full, 4195025},
      {"gold_clusters.jsonl", 0x1d4376963dddbb87ull, 63954},
      {"gold_lines.jsonl", 0x7a011d7879ee2b9aull, 1927477},
      {"manifest.json", 0x743704c68629a18cull, 469}}},
};

std::string WithoutVersionField(std::string manifest) {
  const size_t at = manifest.find("\"version\":\"");
  if (at == std::string::npos) return manifest;
  const size_t end = manifest.find("\",", at + 11);
  if (end == std::string::npos) return manifest;
  return manifest.erase(at, end + 2 - at);
}

TEST(CrawlGenerator, OutputIsPinnedByItsFormatVersion) {
  testing::TempDir tmp;
  GeneratorOptions options;
  options.pages = 1000;
  options.seed = 1;
  options.out_dir = tmp / "pinned";
  ASSERT_TRUE(GenerateCrawl(options, nullptr).ok());
  const PinnedFormat* pinned = nullptr;
  for (const PinnedFormat& f : kPinnedFormats) {
    if (std::string(f.version) == kGeneratorFormatVersion) pinned = &f;
  }
  std::string actual;  // The row to add when the format changes.
  for (const char* name : {"crawl.jsonl", "gold_clusters.jsonl", "gold_lines.jsonl", "manifest.json"}) {
    std::string bytes = ReadFile(fs::path(options.out_dir) / name);
    if (std::string(name) == "manifest.json") {
      EXPECT_THAT(bytes, ::testing::HasSubstr(
                             absl::StrCat("\"generator_format\":\"", kGeneratorFormatVersion, "\"")));
      bytes = WithoutVersionField(std::move(bytes));
    }
    absl::StrAppendFormat(&actual, "{\"%s\", 0x%016xull, %d},\n", name,
                          XXH3_64bits(bytes.data(), bytes.size()), bytes.size());
  }
  ASSERT_NE(pinned, nullptr) << "no digests pinned for format " << kGeneratorFormatVersion
                             << "; add to kPinnedFormats:\n"
                             << actual;
  std::string expected;
  for (const PinnedFile& f : pinned->files) {
    absl::StrAppendFormat(&expected, "{\"%s\", 0x%016xull, %d},\n", f.name, f.xxh3, f.bytes);
  }
  EXPECT_EQ(actual, expected) << "the generator's output changed without a new format version: "
                                 "bump kGeneratorFormatVersion and pin the new digests";
}

TEST(CrawlGenerator, EveryPageHasOneLabelPerLine) {
  const std::vector<GeneratedPage> pages = Generate(500, 1);
  ASSERT_EQ(pages.size(), 500u);
  std::set<std::string> ids;
  for (const GeneratedPage& p : pages) {
    EXPECT_TRUE(ids.insert(p.id).second) << "duplicate id " << p.id;
    const size_t lines = std::count(p.text.begin(), p.text.end(), '\n') + 1;
    EXPECT_EQ(p.lines.size(), lines) << p.id;
    EXPECT_THAT(p.id, ::testing::StartsWith(p.site + "/p"));
    EXPECT_THAT(p.url, ::testing::StartsWith("https://" + p.site + ".example/"));
    EXPECT_THAT(p.cluster, ::testing::MatchesRegex("s[0-9]+"));
    int content = 0;
    for (const GoldLine& g : p.lines) {
      content += !g.boilerplate;
      // Page furniture is never main text.
      for (const char* kind : {"nav", "readalso", "related", "footer", "tags", "source", "share"}) {
        if (std::string(g.kind) == kind) {
          EXPECT_TRUE(g.boilerplate) << p.id << " " << kind;
        }
      }
      if (std::string(g.kind) == "body" || std::string(g.kind) == "title") {
        EXPECT_FALSE(g.boilerplate) << p.id;
      }
    }
    EXPECT_GE(content, 2) << p.id;  // A title and at least one paragraph.
  }
}

TEST(CrawlGenerator, GoldFilesMatchTheCrawl) {
  testing::TempDir tmp;
  GeneratorOptions options;
  options.pages = 500;
  options.out_dir = tmp / "gold";
  GeneratorStats stats;
  ASSERT_TRUE(GenerateCrawl(options, &stats).ok());
  EXPECT_EQ(stats.pages, 500);
  const fs::path dir(options.out_dir);

  // Scoring the gold against itself must parse every line, find every id and
  // every line of every text.
  absl::StatusOr<ClusterEvalResult> clusters = EvaluateClusterFiles(
      (dir / "gold_clusters.jsonl").string(), (dir / "gold_clusters.jsonl").string(), {});
  ASSERT_TRUE(clusters.ok()) << clusters.status();
  EXPECT_EQ(clusters->scores.documents, 500);
  EXPECT_EQ(clusters->malformed_gold, 0);
  EXPECT_EQ(clusters->gold_clusters, stats.clusters);
  EXPECT_DOUBLE_EQ(clusters->scores.f1, 1.0);

  absl::StatusOr<LineEvalResult> lines =
      EvaluateLineFiles((dir / "gold_lines.jsonl").string(), (dir / "gold_lines.jsonl").string(),
                        (dir / "crawl.jsonl").string(), {});
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_EQ(lines->gold_lines, stats.lines);
  EXPECT_EQ(lines->malformed_gold, 0);
  EXPECT_EQ(lines->documents, 500);
  EXPECT_EQ(lines->documents_without_text, 0);
  EXPECT_EQ(lines->line_count_mismatches, 0);
  EXPECT_EQ(lines->lines.false_positive, 0);
  EXPECT_EQ(lines->lines.false_negative, 0);
  EXPECT_EQ(lines->lines.true_positive + lines->lines.true_negative + lines->blank_skipped, stats.lines);
  EXPECT_GT(lines->blank_skipped, 0);
  EXPECT_DOUBLE_EQ(lines->tokens.f1, 1.0);
}

TEST(CrawlGenerator, TemplatedStoriesAreDistinctClustersThatShareWording) {
  const std::vector<GeneratedPage> pages = Generate(2000, 3);
  std::vector<const GeneratedPage*> templated;
  std::set<std::string> clusters;
  for (const GeneratedPage& p : pages) {
    if (std::string(p.kind) == "template") {
      templated.push_back(&p);
      clusters.insert(p.cluster);
    }
  }
  ASSERT_GE(templated.size(), 20u);
  // One "template" page per filled story: all clusters differ.
  EXPECT_EQ(clusters.size(), templated.size());
  // ... and yet some pairs share much of their text.
  std::vector<absl::flat_hash_set<std::string>> shingles;
  for (const GeneratedPage* p : templated) shingles.push_back(MainShingles(*p));
  int similar_pairs = 0;
  for (size_t i = 0; i < shingles.size(); ++i) {
    for (size_t j = i + 1; j < shingles.size(); ++j)
      similar_pairs += Jaccard(shingles[i], shingles[j]) >= 0.25;
  }
  EXPECT_GE(similar_pairs, 10);
}

TEST(CrawlGenerator, CopiesShareTheClusterOfTheirFirstPosting) {
  const std::vector<GeneratedPage> pages = Generate(1500, 4);
  absl::flat_hash_map<std::string, const GeneratedPage*> first_posting;
  for (const GeneratedPage& p : pages) {
    const std::string kind = p.kind;
    if (kind == "original" || kind == "wire" || kind == "template" || kind == "event") {
      first_posting[p.cluster] = &p;
    }
  }
  int copies = 0, exact_similar = 0, exact = 0;
  for (const GeneratedPage& p : pages) {
    const std::string kind = p.kind;
    if (kind.rfind("copy-", 0) != 0 && kind != "embed" && kind != "template-copy") continue;
    ++copies;
    auto it = first_posting.find(p.cluster);
    ASSERT_NE(it, first_posting.end()) << p.id << " " << kind;
    if (kind == "copy-exact") {
      ++exact;
      exact_similar += Jaccard(MainShingles(p), MainShingles(*it->second)) >= 0.8;
    }
  }
  EXPECT_GE(copies, 300);
  EXPECT_GE(exact, 20);
  EXPECT_GE(exact_similar, exact * 9 / 10);
}

TEST(CrawlGenerator, ProducesTheEditsAndFurnitureItPromises) {
  const std::vector<GeneratedPage> pages = Generate(1000, 5);
  auto any_page = [&](const std::string& needle) {
    for (const GeneratedPage& p : pages) {
      if (p.text.find(needle) != std::string::npos) return true;
    }
    return false;
  };
  bool indic = false, harakat = false;
  for (const GeneratedPage& p : pages) {
    for (size_t i = 0; i + 1 < p.text.size(); ++i) {
      const unsigned char a = p.text[i], b = p.text[i + 1];
      if (a == 0xD9 && b >= 0xA0 && b <= 0xA9) indic = true;    // U+0660..U+0669
      if (a == 0xD9 && b >= 0x8B && b <= 0x92) harakat = true;  // U+064B..U+0652
    }
  }
  EXPECT_TRUE(indic);
  EXPECT_TRUE(harakat);
  EXPECT_TRUE(any_page("الرئيسية"));
  EXPECT_TRUE(any_page("المصدر: "));
  EXPECT_TRUE(any_page("برقية تهنئة"));
  EXPECT_TRUE(any_page("المركز الوطني للأرصاد"));
  EXPECT_TRUE(any_page("مؤشر سوق الأسهم"));
  EXPECT_TRUE(any_page("جميع الحقوق محفوظة"));
  bool readalso = false, related = false;
  for (const GeneratedPage& p : pages) {
    for (const GoldLine& g : p.lines) {
      readalso |= std::string(g.kind) == "readalso";
      related |= std::string(g.kind) == "related";
    }
  }
  EXPECT_TRUE(readalso);
  EXPECT_TRUE(related);
}

TEST(CrawlGenerator, StreamsAcrossBlocksWithUniquePerSiteNumbers) {
  // More pages than one planning block (2048), on few sites.
  const std::vector<GeneratedPage> pages = Generate(4500, 6, /*sites=*/3);
  ASSERT_EQ(pages.size(), 4500u);
  std::set<std::string> ids, sites;
  for (const GeneratedPage& p : pages) {
    ids.insert(p.id);
    sites.insert(p.site);
  }
  EXPECT_EQ(ids.size(), 4500u);
  EXPECT_EQ(sites, (std::set<std::string>{"site00", "site01", "site02"}));
}

TEST(CrawlGenerator, TxtFormatWritesOneFilePerPage) {
  testing::TempDir tmp;
  GeneratorOptions options;
  options.pages = 40;
  options.format = CrawlFormat::kTxt;
  options.out_dir = tmp / "txt";
  ASSERT_TRUE(GenerateCrawl(options, nullptr).ok());
  const std::string gold = ReadFile(fs::path(options.out_dir) / "gold_clusters.jsonl");
  int files = 0;
  for (absl::string_view line : absl::StrSplit(gold, '\n', absl::SkipEmpty())) {
    const size_t start = line.find("\"id\":\"") + 6;
    const std::string id(line.substr(start, line.find('"', start) - start));
    EXPECT_THAT(id, ::testing::EndsWith(".txt"));
    EXPECT_TRUE(fs::exists(fs::path(options.out_dir) / "crawl" / id)) << id;
    ++files;
  }
  EXPECT_EQ(files, 40);
}

TEST(CrawlGenerator, RejectsBadOptions) {
  GeneratorOptions options;
  options.sites = 0;
  EXPECT_EQ(CrawlGenerator::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.sites = 3;
  options.pages = -1;
  EXPECT_EQ(CrawlGenerator::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.pages = 10;
  options.mix = GeneratorMix{0, 0, 0, 0, 0};
  EXPECT_EQ(CrawlGenerator::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GenerateCrawl(GeneratorOptions(), nullptr).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseCrawlFormat("xml").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseCrawlFormat("txt"), CrawlFormat::kTxt);
}

TEST(CrawlGenerator, CommandLineWritesTheCrawl) {
  testing::TempDir tmp;
  const std::string dir = tmp / "cli";
  const std::string command = absl::StrCat(SHABIH_CLI_PATH, " gen --quiet --pages 50 --seed 9 --out ", dir);
  ASSERT_EQ(std::system(command.c_str()), 0);
  EXPECT_TRUE(fs::exists(fs::path(dir) / "crawl.jsonl"));
  EXPECT_TRUE(fs::exists(fs::path(dir) / "manifest.json"));
  EXPECT_THAT(ReadFile(fs::path(dir) / "manifest.json"), ::testing::HasSubstr("\"pages\":50"));
  const std::string bad =
      absl::StrCat(SHABIH_CLI_PATH, " gen --pages 5 --format xml --out ", dir, " 2>/dev/null");
  EXPECT_NE(std::system(bad.c_str()), 0);
}

}  // namespace
}  // namespace shabih
