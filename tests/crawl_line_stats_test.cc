// CrawlLineStats (engine/crawl_line_stats.cc): counting once per page,
// merging in any order, copies and moves, what Finalize() drops, which lines
// are counted, and the classifier's by-key lookups.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "shabih/boilerplate.h"

namespace shabih {
namespace {

TEST(BoilerplateRepetition, StatsCountEachLineOncePerPageAndMergeInAnyOrder) {
  BoilerplateOptions options;
  CrawlLineStats a(options), b(options), c(options), merged1(options), merged2(options);
  a.AddDocument("x", "سطر مكرر\nسطر مكرر\nسطر آخر\n");
  b.AddDocument("x", "سطر مكرر\n");
  c.AddDocument("y", "سطر مكرر\n");
  merged1.Merge(a);
  merged1.Merge(b);
  merged1.Merge(c);
  merged2.Merge(c);
  merged2.Merge(b);
  merged2.Merge(a);
  merged1.Finalize();
  merged2.Finalize();
  for (const CrawlLineStats* s : {&merged1, &merged2}) {
    EXPECT_EQ(s->documents(), 3u);
    EXPECT_EQ(s->SiteDocuments("x"), 2u);
    EXPECT_EQ(s->SiteDocuments("y"), 1u);
    EXPECT_EQ(s->LineDocuments("x", "سطر مكرر"), 2u);      // once per page, not per line
    EXPECT_EQ(s->LineDocuments("x", "  سطرٌ مُكرَّر  "), 2u);  // normalized
    EXPECT_EQ(s->LineDocuments("y", "سطر مكرر"), 0u);      // on one page only: dropped by Finalize
    EXPECT_EQ(s->LineDocuments("x", "سطر آخر"), 0u);
  }
  EXPECT_EQ(merged1.distinct_lines(), merged2.distinct_lines());
}

TEST(BoilerplateRepetition, StatsCopiesAreDeepAndMovesKeepTheCounts) {
  CrawlLineStats stats{BoilerplateOptions()};
  stats.AddDocument("x", "سطر مكرر\n");
  stats.AddDocument("x", "سطر مكرر\n");
  CrawlLineStats copy = stats;
  stats.AddDocument("x", "سطر مكرر\n");
  EXPECT_EQ(stats.LineDocuments("x", "سطر مكرر"), 3u);
  EXPECT_EQ(copy.LineDocuments("x", "سطر مكرر"), 2u);
  EXPECT_EQ(copy.documents(), 2u);
  copy = stats;
  EXPECT_EQ(copy.LineDocuments("x", "سطر مكرر"), 3u);
  CrawlLineStats moved = std::move(copy);
  EXPECT_EQ(moved.LineDocuments("x", "سطر مكرر"), 3u);
  EXPECT_EQ(moved.SiteDocuments("x"), 3u);
  CrawlLineStats assigned{BoilerplateOptions()};
  assigned = std::move(moved);
  EXPECT_EQ(assigned.documents(), 3u);
  // Before Finalize a line on one page reports 1, after it 0.
  assigned.AddDocument("x", "سطر وحيد\n");
  EXPECT_EQ(assigned.LineDocuments("x", "سطر وحيد"), 1u);
  assigned.Finalize();
  EXPECT_EQ(assigned.LineDocuments("x", "سطر وحيد"), 0u);
  EXPECT_EQ(assigned.LineDocuments("x", "سطر مكرر"), 3u);
}

TEST(CrawlLineStats, FinalizeDropsLinesSeenOnceAndCountingMayGoOn) {
  CrawlLineStats stats{BoilerplateOptions()};
  stats.AddDocument("s", "سطر مكرر\nسطر وحيد\n");
  stats.AddDocument("s", "سطر مكرر\n");
  EXPECT_FALSE(stats.finalized());
  EXPECT_EQ(stats.distinct_lines(), 2u);
  EXPECT_EQ(stats.LineDocuments("s", "سطر وحيد"), 1u);
  const uint64_t memory = stats.MemoryBytes();
  EXPECT_GT(memory, 0u);
  stats.Finalize();
  EXPECT_TRUE(stats.finalized());
  EXPECT_EQ(stats.distinct_lines(), 1u);
  EXPECT_LE(stats.MemoryBytes(), memory);
  EXPECT_EQ(stats.LineDocuments("s", "سطر وحيد"), 0u);
  EXPECT_EQ(stats.LineDocuments("s", "سطر مكرر"), 2u);
  // Counting after Finalize: kept lines go on, a dropped line starts again
  // from zero (and reads 0 until it is on two pages again).
  stats.AddDocument("s", "سطر مكرر\nسطر وحيد\n");
  EXPECT_EQ(stats.LineDocuments("s", "سطر مكرر"), 3u);
  EXPECT_EQ(stats.LineDocuments("s", "سطر وحيد"), 0u);
  stats.AddDocument("s", "سطر وحيد\n");
  EXPECT_EQ(stats.LineDocuments("s", "سطر وحيد"), 2u);
  EXPECT_EQ(stats.documents(), 4u);
  EXPECT_EQ(stats.SiteDocuments("s"), 4u);
}

TEST(CrawlLineStats, OnlyLinesUpToTheCountedLengthAreCounted) {
  std::string paragraph;
  for (int i = 0; i < 40; ++i) absl::StrAppend(&paragraph, "كلمة", i % 2 ? "" : "ات", " ");
  ASSERT_GT(paragraph.size(), 256u);
  CrawlLineStats stats{BoilerplateOptions()};  // max_counted_line_bytes = 256
  for (int page = 0; page < 2; ++page) stats.AddDocument("s", absl::StrCat(paragraph, "\nسطر قصير\n\n  \n"));
  EXPECT_EQ(stats.LineDocuments("s", "سطر قصير"), 2u);
  EXPECT_EQ(stats.LineDocuments("s", paragraph), 0u);
  EXPECT_EQ(stats.distinct_lines(), 1u);  // blank lines are not counted either

  // Counted, a paragraph is keyed by its first 128 bytes: copies that
  // differ further on are one line.
  BoilerplateOptions wide;
  wide.max_counted_line_bytes = 4096;
  CrawlLineStats all(wide);
  all.AddDocument("s", paragraph);
  const std::string copy = paragraph.substr(0, 200) + "ونص آخر مختلف تماما في نهاية هذه الفقرة الطويلة جدا.";
  ASSERT_GT(copy.size(), 256u);  // also a paragraph, so also keyed by its opening
  all.AddDocument("s", copy);
  EXPECT_EQ(all.LineDocuments("s", paragraph), 2u);
}

TEST(CrawlLineStats, ByKeyLookupsAgreeWithTheTextOnes) {
  CrawlLineStats stats{BoilerplateOptions()};
  for (int page = 0; page < 3; ++page) stats.AddDocument("site", "اقرأ أيضاً:\nخبر آخر\n");
  stats.AddDocument("other", "اقرأ أيضاً:\n");
  const uint64_t site = CrawlLineStats::SiteKey("site");
  EXPECT_EQ(site, CrawlLineStats::SiteKey("site"));
  EXPECT_NE(site, CrawlLineStats::SiteKey("other"));
  EXPECT_EQ(stats.SiteDocumentsByKey(site), stats.SiteDocuments("site"));
  EXPECT_EQ(stats.SiteDocumentsByKey(CrawlLineStats::SiteKey("unseen")), 0u);
  for (const char* line : {"اقرأ أيضاً:", "خبر آخر", "سطر غائب"}) {
    EXPECT_EQ(stats.LineDocumentsByKey(site, LineFingerprint(line)), stats.LineDocuments("site", line)) << line;
  }
  EXPECT_EQ(stats.LineDocumentsByKey(site, LineFingerprint("اقرا ايضا")), 3u);  // normalized
  EXPECT_EQ(stats.LineDocumentsByKey(CrawlLineStats::SiteKey("other"), LineFingerprint("اقرا ايضا")), 1u);
  EXPECT_EQ(stats.LineDocumentsByKey(site, 0), 0u);  // a line with no text
}

}  // namespace
}  // namespace shabih
