// internal::LineCountSpill (engine/line_count_spill.cc): line counts spilled
// past a tiny budget sum back to exactly the in-memory counts, finalized or
// not, directly and through CrawlStatisticsBuilder::SetLineMemory.
#include "engine/internal/line_count_spill.h"

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "shabih/boilerplate.h"
#include "shabih/corpus.h"
#include "shabih/dedup_options.h"
#include "shabih/signer.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

const char* const kWords[] = {"خبر", "وزير", "مدينة", "اجتماع", "رياضة", "طقس", "سوق", "نفط"};

// Four random words: a line (almost surely) on one page only. Digits would
// not do: line keys fold them.
std::string Words(std::mt19937& rng) {
  std::string line;
  for (int w = 0; w < 4; ++w) absl::StrAppend(&line, w ? " " : "", kWords[rng() % 8], kWords[rng() % 8]);
  return line;
}

// Pages of a few sites: some lines shared (boilerplate), most unique.
std::vector<Document> Pages(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Document> docs;
  for (int i = 0; i < n; ++i) {
    Document d;
    d.id = absl::StrCat("p", i);
    d.site = absl::StrCat("site", rng() % 3);
    for (int l = 0; l < 12; ++l) {
      const uint32_t r = rng() % 100;
      d.text += r < 30 ? absl::StrCat("سطر القالب ", kWords[r % 7], "\n") : absl::StrCat(Words(rng), "\n");
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

std::vector<std::string> AllLines(const std::vector<Document>& docs) {
  std::vector<std::string> lines;
  for (const Document& d : docs) {
    size_t start = 0;
    while (start < d.text.size()) {
      const size_t end = d.text.find('\n', start);
      lines.push_back(d.text.substr(start, end - start));
      start = end + 1;
    }
  }
  return lines;
}

TEST(LineCountSpill, SpilledCountsSumBackExactly) {
  const std::vector<Document> docs = Pages(3000, 5);
  for (const bool finalize : {false, true}) {
    BoilerplateOptions options;
    CrawlLineStats memory(options), spilled(options);
    shabih::testing::TempDir dir;
    internal::LineCountSpill spill(dir.path(), /*memory_bytes=*/64 << 10);
    int spills = 0;
    for (const Document& d : docs) {
      memory.AddDocument(d.site, d.text);
      spilled.AddDocument(d.site, d.text);
      if (spilled.MemoryBytes() > (16 << 10)) {
        ASSERT_TRUE(spill.Spill(spilled).ok());
        ++spills;
      }
    }
    EXPECT_GT(spills, 5);
    if (finalize) memory.Finalize();
    ASSERT_TRUE(spill.Restore(&spilled, finalize).ok());
    EXPECT_EQ(spilled.finalized(), finalize);
    EXPECT_EQ(spilled.documents(), memory.documents());
    EXPECT_EQ(spilled.distinct_lines(), memory.distinct_lines());
    for (const std::string& line : AllLines(docs)) {
      for (const char* site : {"site0", "site1", "site2"}) {
        ASSERT_EQ(spilled.LineDocuments(site, line), memory.LineDocuments(site, line)) << site << " " << line;
      }
    }
  }
}

TEST(LineCountSpill, BuilderStatisticsDoNotDependOnTheLineBudget) {
  const std::vector<Document> docs = Pages(4000, 9);
  DedupOptions options;
  options.threads = 2;
  auto finish = [&](uint64_t memory, CrawlStatisticsBuilder::LineCounts lines) {
    auto builder = CrawlStatisticsBuilder::Create(options);
    EXPECT_TRUE(builder.ok());
    shabih::testing::TempDir dir;
    (*builder)->SetLineMemory(memory, dir.path());
    for (size_t i = 0; i < docs.size(); i += 100) {
      (*builder)->Add(absl::MakeConstSpan(docs).subspan(i, 100));
    }
    auto stats = (*builder)->Finish(lines);
    EXPECT_TRUE((*builder)->status().ok());
    auto bytes = stats->Serialize();
    EXPECT_TRUE(bytes.ok());
    // Nothing left behind in the work folder.
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
    return *bytes;
  };
  for (auto lines : {CrawlStatisticsBuilder::LineCounts::kRepeated, CrawlStatisticsBuilder::LineCounts::kAll}) {
    const std::string in_memory = finish(0, lines);
    EXPECT_EQ(finish(128 << 10, lines), in_memory);  // spills many times
    EXPECT_EQ(finish(64 << 20, lines), in_memory);   // never spills
  }
}

}  // namespace
}  // namespace shabih
