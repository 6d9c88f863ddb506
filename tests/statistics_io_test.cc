// Crawl statistics across processes: builder states merged shard by shard,
// finished statistics written and read back, damage and option mismatches.
#include "engine/internal/statistics_io.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/internal/crawl_statistics.h"
#include "gtest/gtest.h"
#include "shabih/signer.h"

namespace shabih {
namespace {

// A crawl with site templates (line statistics), one templated story type
// (common shingles) and re-posts, enough documents for the sample cap to
// bind (max_documents 150 of ~400 sampled at 0.5).
std::vector<Document> Crawl(int n, int salt = 0) {
  std::vector<Document> docs(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    Document& d = docs[static_cast<size_t>(i)];
    d.id = "d" + std::to_string(i);
    d.site = "site" + std::to_string(i % 4) + ".sa";
    const int story = (i * 7 + salt) % 311;
    d.text = "الرئيسية | أخبار | رياضة\n";
    if (i % 3 == 0) d.text += "تلقى خادم الحرمين الشريفين برقية تهنئة من رئيس جمهورية بمناسبة العيد الوطني لبلاده\n";
    d.text += "خبر رقم " + std::to_string(story) + " عن اجتماع في مدينة " + std::to_string(story % 17) +
              " ناقش فيه المسؤولون تطورات المشروع رقم " + std::to_string(story * 3) + " وموعد افتتاحه.\n";
    if (i % 5 == 0) d.text += "اقرأ أيضا: سطر فريد " + std::to_string(i + salt * 1000) + "\n";
    d.text += "جميع الحقوق محفوظة للموقع " + std::to_string(i % 4);
  }
  return docs;
}

DedupOptions Options() {
  DedupOptions o;
  o.common_min_documents = 10;
  o.document_frequency.sample_rate = 0.5;
  o.document_frequency.max_documents = 150;
  o.threads = 2;
  return o;
}

std::vector<SignedDocument> SignAll(const std::vector<Document>& docs, std::shared_ptr<const CrawlStatistics> stats) {
  auto signer = DocumentSigner::Create(Options(), std::move(stats));
  EXPECT_TRUE(signer.ok()) << signer.status();
  std::vector<SignedDocument> out;
  for (const Document& d : docs) out.push_back((*signer)->Sign(d.site, d.text));
  return out;
}

void ExpectSameStatistics(const CrawlStatistics& a, const CrawlStatistics& b, const std::vector<Document>& docs) {
  EXPECT_EQ(a.documents(), b.documents());
  EXPECT_EQ(a.sampled_documents(), b.sampled_documents());
  EXPECT_EQ(a.common_shingle_cells(), b.common_shingle_cells());
  EXPECT_EQ(a.distinct_lines(), b.distinct_lines());
  const std::vector<SignedDocument> sa = SignAll(docs, std::shared_ptr<const CrawlStatistics>(&a, [](auto*) {}));
  const std::vector<SignedDocument> sb = SignAll(docs, std::shared_ptr<const CrawlStatistics>(&b, [](auto*) {}));
  ASSERT_EQ(sa.size(), sb.size());
  for (size_t i = 0; i < sa.size(); ++i) {
    ASSERT_EQ(sa[i].signature, sb[i].signature) << "document " << i;
    ASSERT_EQ(sa[i].shingles, sb[i].shingles);
    ASSERT_EQ(sa[i].main_bytes, sb[i].main_bytes);
  }
}

std::shared_ptr<const CrawlStatistics> OneBuilder(const std::vector<Document>& docs,
                                                  CrawlStatisticsBuilder::LineCounts lines) {
  auto builder = CrawlStatisticsBuilder::Create(Options());
  EXPECT_TRUE(builder.ok());
  (*builder)->Add(docs);
  return (*builder)->Finish(lines);
}

// Any split into consecutive shards, each built alone, written, read back
// and merged in order, gives the statistics of one builder over all.
TEST(StatisticsIo, ShardSplitsMergeToTheWholeCrawlsStatistics) {
  const std::vector<Document> docs = Crawl(800);
  const auto whole = OneBuilder(docs, CrawlStatisticsBuilder::LineCounts::kRepeated);
  EXPECT_EQ(whole->sampled_documents(), 150u) << "the cap binds";
  EXPECT_GT(whole->common_shingle_cells(), 0u);
  EXPECT_GT(whole->distinct_lines(), 0u);
  const std::vector<std::vector<size_t>> splits = {
      {}, {0}, {800}, {0, 0, 800, 800}, {1}, {799}, {400}, {100, 250, 250, 600}, {13, 97, 200, 333, 512, 700, 701}};
  for (const std::vector<size_t>& cuts : splits) {
    std::vector<size_t> bounds = {0};
    bounds.insert(bounds.end(), cuts.begin(), cuts.end());
    bounds.push_back(docs.size());
    std::unique_ptr<CrawlStatisticsBuilder> merged;
    for (size_t s = 0; s + 1 < bounds.size(); ++s) {
      auto shard = CrawlStatisticsBuilder::Create(Options());
      ASSERT_TRUE(shard.ok());
      (*shard)->Add(absl::MakeConstSpan(docs.data() + bounds[s], bounds[s + 1] - bounds[s]));
      absl::StatusOr<std::string> state = (*shard)->SerializeState();
      ASSERT_TRUE(state.ok()) << state.status();
      auto back = CrawlStatisticsBuilder::FromState(Options(), *state);
      ASSERT_TRUE(back.ok()) << back.status();
      EXPECT_EQ((*back)->documents(), bounds[s + 1] - bounds[s]);
      // Writing the state read back gives the same bytes.
      EXPECT_TRUE(*(*back)->SerializeState() == *state);
      if (!merged) {
        merged = std::move(*back);
      } else {
        ASSERT_TRUE(merged->Merge(std::move(**back)).ok());
        EXPECT_EQ((*back)->documents(), 0u) << "the merged builder is left empty";
      }
    }
    EXPECT_EQ(merged->documents(), docs.size());
    const auto finished = merged->Finish();
    ExpectSameStatistics(*finished, *whole, docs);
    EXPECT_TRUE(*finished->Serialize() == *whole->Serialize()) << "byte-identical statistics";
  }
}

// Merging in memory, in any order, and adding after a merge.
TEST(StatisticsIo, MergeOrderAndLaterAddsDoNotMatter) {
  const std::vector<Document> docs = Crawl(600);
  const auto whole = OneBuilder(docs, CrawlStatisticsBuilder::LineCounts::kRepeated);
  auto a = CrawlStatisticsBuilder::Create(Options()), b = CrawlStatisticsBuilder::Create(Options());
  ASSERT_TRUE(a.ok() && b.ok());
  (*b)->Add(absl::MakeConstSpan(docs.data(), 200));
  (*a)->Add(absl::MakeConstSpan(docs.data() + 200, 200));
  ASSERT_TRUE((*a)->Merge(std::move(**b)).ok());
  (*a)->Add(absl::MakeConstSpan(docs.data() + 400, 200));
  ExpectSameStatistics(*(*a)->Finish(), *whole, docs);
  EXPECT_EQ((*a)->Merge(std::move(**a)).code(), absl::StatusCode::kInvalidArgument);
}

TEST(StatisticsIo, OtherOptionsAreRejected) {
  DedupOptions other = Options();
  other.shingle_size = 3;
  auto a = CrawlStatisticsBuilder::Create(Options()), b = CrawlStatisticsBuilder::Create(other);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)->Merge(std::move(**b)).code(), absl::StatusCode::kInvalidArgument);
  (*a)->Add(Crawl(50));
  const std::string state = *(*a)->SerializeState();
  EXPECT_EQ(CrawlStatisticsBuilder::FromState(other, state).status().code(), absl::StatusCode::kInvalidArgument);
  DedupOptions rate = Options();
  rate.document_frequency.sample_rate = 0.3;
  EXPECT_EQ(CrawlStatisticsBuilder::FromState(rate, state).status().code(), absl::StatusCode::kInvalidArgument);
  // Finished statistics read back carry their options: a signer with other
  // options refuses them.
  const std::string bytes = *(*a)->Finish()->Serialize();
  auto stats = CrawlStatistics::Deserialize(bytes);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(DocumentSigner::Create(other, *stats).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(DocumentSigner::Create(Options(), *stats).ok());
  // A state is not statistics, nor statistics a state.
  EXPECT_EQ(CrawlStatistics::Deserialize(state).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CrawlStatisticsBuilder::FromState(Options(), bytes).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CrawlStatistics::Deserialize("not statistics at all").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(StatisticsIo, FinishedStatisticsRoundTrip) {
  const std::vector<Document> docs = Crawl(500);
  for (auto lines : {CrawlStatisticsBuilder::LineCounts::kRepeated, CrawlStatisticsBuilder::LineCounts::kAll}) {
    const auto stats = OneBuilder(docs, lines);
    const std::string bytes = *stats->Serialize();
    auto back = CrawlStatistics::Deserialize(bytes);
    ASSERT_TRUE(back.ok()) << back.status();
    ExpectSameStatistics(**back, *stats, docs);
    EXPECT_EQ(*(*back)->Serialize(), bytes) << "deterministic bytes";
  }
  // Without line statistics or common shingles.
  DedupOptions plain = Options();
  plain.strip = false;
  plain.common_min_documents = 0;
  auto builder = CrawlStatisticsBuilder::Create(plain);
  ASSERT_TRUE(builder.ok());
  (*builder)->Add(docs);
  const std::string bytes = *(*builder)->Finish()->Serialize();
  auto back = CrawlStatistics::Deserialize(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)->documents(), docs.size());
  EXPECT_EQ((*back)->distinct_lines(), 0u);
  EXPECT_EQ((*back)->common_shingle_cells(), 0u);
}

// Builders collecting only line counts, only the sample, or only counting
// write and merge their states too.
TEST(StatisticsIo, PartialBuildersMergeThroughStates) {
  const std::vector<Document> docs = Crawl(300);
  DedupOptions lines_only = Options(), sample_only = Options(), neither = Options();
  lines_only.common_min_documents = 0;
  sample_only.strip = false;
  neither.strip = false;
  neither.common_min_documents = 0;
  for (const DedupOptions& o : {lines_only, sample_only, neither}) {
    auto whole = CrawlStatisticsBuilder::Create(o), a = CrawlStatisticsBuilder::Create(o),
         b = CrawlStatisticsBuilder::Create(o);
    ASSERT_TRUE(whole.ok() && a.ok() && b.ok());
    (*whole)->Add(docs);
    (*a)->Add(absl::MakeConstSpan(docs.data(), 120));
    (*b)->Add(absl::MakeConstSpan(docs.data() + 120, 180));
    auto back = CrawlStatisticsBuilder::FromState(o, *(*b)->SerializeState());
    ASSERT_TRUE(back.ok()) << back.status();
    ASSERT_TRUE((*a)->Merge(std::move(**back)).ok());
    const auto x = (*a)->Finish(), y = (*whole)->Finish();
    EXPECT_EQ(x->documents(), y->documents());
    EXPECT_EQ(x->sampled_documents(), y->sampled_documents());
    EXPECT_EQ(x->distinct_lines(), y->distinct_lines());
    EXPECT_EQ(x->common_shingle_cells(), y->common_shingle_cells());
    EXPECT_EQ(*x->Serialize(), *y->Serialize());
  }
}

// Every truncation and a flipped bit anywhere are errors, never crashes.
TEST(StatisticsIo, TruncatedAndDamagedBytesAreErrors) {
  auto builder = CrawlStatisticsBuilder::Create(Options());
  ASSERT_TRUE(builder.ok());
  (*builder)->Add(Crawl(30));
  const std::string state = *(*builder)->SerializeState();
  const std::string stats = *(*builder)->Finish()->Serialize();
  for (const std::string* bytes : {&state, &stats}) {
    const bool is_state = bytes == &state;
    auto read = [&](const std::string& b) {
      return is_state ? CrawlStatisticsBuilder::FromState(Options(), b).status()
                      : CrawlStatistics::Deserialize(b).status();
    };
    ASSERT_TRUE(read(*bytes).ok());
    for (size_t n = 0; n < bytes->size(); n += (n < 64 ? 1 : 211)) {
      const absl::Status s = read(bytes->substr(0, n));
      EXPECT_FALSE(s.ok()) << n;
      if (n >= 8) {
        EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << n << " " << s;
      }
    }
    for (size_t at = 0; at < bytes->size(); at += 89) {
      std::string damaged = *bytes;
      damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
      EXPECT_FALSE(read(damaged).ok()) << at;
    }
    EXPECT_EQ(read(*bytes + "x").code(), absl::StatusCode::kDataLoss) << "a byte appended";
  }
}

// The index's use: a frozen common set combined with growing line counts;
// line counts kept whole (kAll) merge exactly, finalized ones lose the
// lines seen on one page of each crawl.
TEST(StatisticsIo, CombineAndMergeLines) {
  const std::vector<Document> day1 = Crawl(300, 1), day2 = Crawl(300, 2);
  std::vector<Document> both = day1;
  both.insert(both.end(), day2.begin(), day2.end());
  using LineCounts = CrawlStatisticsBuilder::LineCounts;
  const auto s1 = OneBuilder(day1, LineCounts::kAll), s2 = OneBuilder(day2, LineCounts::kAll);
  const auto whole = OneBuilder(both, LineCounts::kAll);
  auto merged = CrawlStatistics::MergeLines(*s1, *s2);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ((*merged)->documents(), both.size());
  EXPECT_EQ((*merged)->distinct_lines(), whole->distinct_lines());
  EXPECT_EQ((*merged)->common_shingle_cells(), s1->common_shingle_cells()) << "a's common set";
  // With the whole crawl's common set, the merged counts sign as the whole.
  auto combined = CrawlStatistics::Combine(*whole, **merged);
  ASSERT_TRUE(combined.ok());
  ExpectSameStatistics(**combined, *whole, both);
  auto frozen = CrawlStatistics::Combine(*s1, *whole);
  ASSERT_TRUE(frozen.ok());
  EXPECT_EQ((*frozen)->common_shingle_cells(), s1->common_shingle_cells());
  EXPECT_EQ((*frozen)->sampled_documents(), s1->sampled_documents());
  EXPECT_EQ((*frozen)->distinct_lines(), whole->distinct_lines());
  EXPECT_EQ((*frozen)->documents(), whole->documents());
  // A line on one page of each day: 2 pages merged whole, unseen finalized.
  const std::string line = "الرئيسية | أخبار | رياضة";
  Document a;
  a.id = "x";
  a.site = "site9.sa";
  a.text = "سطر مشترك بين يومين فقط\n" + line;
  Document b = a;
  b.id = "y";
  const auto r1 = OneBuilder({a}, LineCounts::kRepeated), r2 = OneBuilder({b}, LineCounts::kRepeated);
  const auto k1 = OneBuilder({a}, LineCounts::kAll), k2 = OneBuilder({b}, LineCounts::kAll);
  const auto exact = *CrawlStatistics::MergeLines(*k1, *k2);
  const auto lossy = *CrawlStatistics::MergeLines(*r1, *r2);
  EXPECT_EQ(exact->parts().lines->LineDocuments("site9.sa", "سطر مشترك بين يومين فقط"), 2u);
  EXPECT_EQ(lossy->parts().lines->LineDocuments("site9.sa", "سطر مشترك بين يومين فقط"), 0u);
  DedupOptions other = Options();
  other.shingle_size = 4;
  auto o = CrawlStatisticsBuilder::Create(other);
  ASSERT_TRUE(o.ok());
  const auto os = (*o)->Finish();
  EXPECT_EQ(CrawlStatistics::MergeLines(*s1, *os).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CrawlStatistics::Combine(*s1, *os).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace shabih
