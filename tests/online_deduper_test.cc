#include "shabih/online_deduper.h"

#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "shabih/corpus.h"
#include "shabih/deduper.h"

namespace shabih {
namespace {

const std::vector<std::string> kCorpus = {SHABIH_SOURCE_DIR "/corpus/sites", SHABIH_SOURCE_DIR "/corpus/seeds",
                                          SHABIH_SOURCE_DIR "/corpus/sample.jsonl"};

std::vector<Document> ReadAll() {
  auto reader = CorpusReader::Open(kCorpus, ReadOptions());
  EXPECT_TRUE(reader.ok());
  std::vector<Document> docs;
  Document doc;
  while ((*reader)->Next(&doc)) docs.push_back(doc);
  return docs;
}

TEST(OnlineDeduper, HeaderExampleFindsTheRepost) {
  auto online = OnlineDeduper::Create(DedupOptions());
  ASSERT_TRUE(online.ok());
  Document doc;
  doc.id = "https://www.spa.gov.sa/1";
  doc.site = UrlHost(doc.id);
  doc.text = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة مئتي سرير";
  absl::StatusOr<OnlineMatch> first = (*online)->Add(doc);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->duplicate);
  EXPECT_EQ(first->cluster, "https://www.spa.gov.sa/1");
  doc.id = "https://www.okaz.com.sa/2";
  doc.site = UrlHost(doc.id);
  absl::StatusOr<OnlineMatch> second = (*online)->Add(doc);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->duplicate);
  EXPECT_EQ(second->ordinal, 1u);
  EXPECT_EQ(second->cluster, "https://www.spa.gov.sa/1");
  EXPECT_EQ(second->matched, "https://www.spa.gov.sa/1");
  EXPECT_DOUBLE_EQ(second->similarity, 1.0);
  doc.id = "other";
  doc.text = "فاز الفريق الأول لكرة القدم بالمباراة النهائية بعد أداء قوي في الشوط الثاني";
  absl::StatusOr<OnlineMatch> third = (*online)->Add(doc);
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(third->duplicate);
  EXPECT_EQ((*online)->documents(), 3u);
}

// Without crawl statistics the online signatures are the batch ones, so in
// connected mode a document is a duplicate exactly when batch verification
// found a pair with an earlier document (the oracle: FinishPairs).
TEST(OnlineDeduper, WithoutStatisticsItFlagsExactlyTheBatchPairs) {
  DedupOptions options;
  options.strip = false;
  options.common_min_documents = 0;
  options.cluster_mode = ClusterMode::kConnected;
  options.threads = 1;
  const std::vector<Document> docs = ReadAll();
  auto batch = Deduper::Create(options);
  ASSERT_TRUE(batch.ok());
  ASSERT_TRUE((*batch)->Add(docs).ok());
  absl::StatusOr<DedupResult> pairs = (*batch)->FinishPairs();
  ASSERT_TRUE(pairs.ok());
  ASSERT_EQ(pairs->summary.capped_buckets, 0u);
  std::set<uint32_t> has_earlier;
  std::set<std::pair<uint32_t, uint32_t>> verified;
  for (const VerifiedPair& p : pairs->pairs) {
    has_earlier.insert(p.b);
    verified.insert({p.a, p.b});
  }
  ASSERT_GT(has_earlier.size(), 10u);
  auto online = OnlineDeduper::Create(options);
  ASSERT_TRUE(online.ok());
  for (uint32_t d = 0; d < docs.size(); ++d) {
    absl::StatusOr<OnlineMatch> m = (*online)->Add(docs[d]);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->duplicate, has_earlier.count(d) > 0) << docs[d].id;
  }
}

// With default options (statistics learned so far, first-seen canonical)
// online answers mostly agree with batch clusters; docs say how they differ.
TEST(OnlineDeduper, DefaultOptionsMostlyAgreeWithBatchClusters) {
  DedupOptions options;
  options.threads = 1;
  const std::vector<Document> docs = ReadAll();
  auto batch = Deduper::Create(options);
  ASSERT_TRUE(batch.ok());
  ASSERT_TRUE((*batch)->Add(docs).ok());
  absl::StatusOr<DedupResult> result = (*batch)->Finish();
  ASSERT_TRUE(result.ok());
  auto online = OnlineDeduper::Create(options);
  ASSERT_TRUE(online.ok());
  // A document with an earlier member of its batch cluster should be found.
  std::set<uint64_t> seen_clusters;
  int expected = 0, found = 0, false_alarms = 0;
  for (uint32_t d = 0; d < docs.size(); ++d) {
    absl::StatusOr<OnlineMatch> m = (*online)->Add(docs[d]);
    ASSERT_TRUE(m.ok());
    const bool batch_says = !seen_clusters.insert(result->records[d].cluster_ordinal).second;
    expected += batch_says;
    found += batch_says && m->duplicate;
    false_alarms += !batch_says && m->duplicate;
  }
  ASSERT_GT(expected, 10);
  EXPECT_GE(found, expected * 8 / 10) << found << " of " << expected;
  EXPECT_LE(false_alarms, expected / 5) << false_alarms;
}

// Documents with no shingle (empty after stripping) stay singletons and do
// not disturb the index of the documents after them.
TEST(OnlineDeduper, FeaturelessDocumentsStaySingletons) {
  DedupOptions options;
  options.strip = false;  // three copies on one site would be stripped as template
  auto online = OnlineDeduper::Create(options);
  ASSERT_TRUE(online.ok());
  Document doc;
  for (int i = 0; i < 3; ++i) {
    doc.id = "empty" + std::to_string(i);
    doc.text = "";
    absl::StatusOr<OnlineMatch> m = (*online)->Add(doc);
    ASSERT_TRUE(m.ok());
    EXPECT_FALSE(m->duplicate);
  }
  const std::string text = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة مئتي سرير";
  for (int i = 0; i < 3; ++i) {
    doc.id = "copy" + std::to_string(i);
    doc.text = text;
    absl::StatusOr<OnlineMatch> m = (*online)->Add(doc);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->duplicate, i > 0);
    EXPECT_EQ(m->cluster, "copy0");
  }
}

// Past 1,024 documents the template discount turns on; star and bounded
// modes join only through the canonical (star) or near it (bounded).
TEST(OnlineDeduper, ClusterModesAndTheDiscountOverManyDocuments) {
  std::vector<Document> docs;
  for (int d = 0; d < 2500; ++d) {
    Document doc;
    doc.id = "d" + std::to_string(d);
    const int story = d % 5 == 0 ? (d / 5) % 40 : 10000 + d;
    doc.text = "نشرة اخبار اليوم من وكالة الانباء الرسمية في الرياض ";
    std::mt19937 words(static_cast<uint32_t>(story));
    for (int w = 0; w < 40; ++w) doc.text += "كلمة" + std::to_string(words() % 100000) + " ";
    docs.push_back(std::move(doc));
  }
  for (ClusterMode mode : {ClusterMode::kBounded, ClusterMode::kStar, ClusterMode::kConnected}) {
    DedupOptions options;
    options.cluster_mode = mode;
    options.common_min_documents = 20;
    auto online = OnlineDeduper::Create(options);
    ASSERT_TRUE(online.ok());
    int duplicates = 0;
    for (const Document& doc : docs) {
      absl::StatusOr<OnlineMatch> m = (*online)->Add(doc);
      ASSERT_TRUE(m.ok());
      if (!m->duplicate) continue;
      ++duplicates;
      // Re-posts of one story: same story number, so the same d % 5 == 0 class.
      const int d = std::stoi(doc.id.substr(1));
      EXPECT_EQ(d % 5, 0) << doc.id << " matched " << m->matched;
      if (mode == ClusterMode::kStar) EXPECT_EQ(m->matched, m->cluster) << "star joins the canonical itself";
    }
    // 500 re-post documents over 40 stories: 460 join an earlier copy.
    EXPECT_EQ(duplicates, 460) << ClusterModeName(mode);
  }
}

}  // namespace
}  // namespace shabih
