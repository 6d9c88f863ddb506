#include "shabih/deduper.h"

#include <filesystem>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/dedup_output.h"
#include "engine/internal/test_hooks.h"
#include "gtest/gtest.h"
#include "shabih/corpus.h"
#include "shabih/dedup.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

using testing::ReadFile;
using testing::TempDir;

const std::vector<std::string> kCorpus = {SHABIH_SOURCE_DIR "/corpus/sites", SHABIH_SOURCE_DIR "/corpus/seeds",
                                          SHABIH_SOURCE_DIR "/corpus/sample.jsonl"};

std::vector<Document> ReadAll(const std::vector<std::string>& inputs) {
  auto reader = CorpusReader::Open(inputs, ReadOptions());
  EXPECT_TRUE(reader.ok());
  std::vector<Document> docs;
  Document doc;
  while ((*reader)->Next(&doc)) docs.push_back(doc);
  return docs;
}

// The batch Deduper fed in small batches gives RunDedup's clusters.jsonl
// byte for byte: the same passes over the same documents.
void ExpectDeduperEqualsRunDedup(DedupOptions options, size_t batch) {
  TempDir dir;
  ASSERT_TRUE(RunDedup(kCorpus, options, dir / "out", nullptr).ok());
  const std::string expected = ReadFile(dir / "out/clusters.jsonl");
  ASSERT_FALSE(expected.empty());

  auto deduper = Deduper::Create(options);
  ASSERT_TRUE(deduper.ok()) << deduper.status();
  const std::vector<Document> docs = ReadAll(kCorpus);
  for (size_t begin = 0; begin < docs.size(); begin += batch) {
    std::vector<Document> part(docs.begin() + begin, docs.begin() + std::min(docs.size(), begin + batch));
    ASSERT_TRUE((*deduper)->Add(std::move(part)).ok());
  }
  absl::StatusOr<DedupResult> result = (*deduper)->Finish();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(internal::ClustersJsonl(result->records), expected);
  EXPECT_EQ(result->summary.documents, docs.size());
}

TEST(Deduper, BatchModeEqualsRunDedupOnTheSampleCorpus) {
  DedupOptions options;
  options.threads = 1;
  ExpectDeduperEqualsRunDedup(options, 7);
  options.threads = 2;
  ExpectDeduperEqualsRunDedup(options, 1000);
}

TEST(Deduper, BatchModeEqualsRunDedupWithContainmentAndSimhash) {
  DedupOptions options;
  options.threads = 2;
  options.containment = 0.8;
  ExpectDeduperEqualsRunDedup(options, 5);
  options = DedupOptions();
  options.method = DedupMethod::kSimHash;
  ExpectDeduperEqualsRunDedup(options, 13);
}

// More documents than one batch (4,096): the overlapped read/sign loop,
// the cache and its re-read, and any thread count give the same clusters,
// and the in-memory Deduper agrees.
TEST(Deduper, ManyBatchesGiveTheSameClustersWhateverThreadsAndCache) {
  TempDir dir;
  std::string jsonl;
  std::vector<Document> docs;
  for (int d = 0; d < 9000; ++d) {
    Document doc;
    doc.id = absl::StrCat("d", d);
    // Stories of 30 words; every 10th document re-posts story d/10 % 50.
    const int story = d % 10 == 0 ? (d / 10) % 50 : 1000 + d;
    std::mt19937 words(static_cast<uint32_t>(story));
    for (int w = 0; w < 30; ++w) absl::StrAppend(&doc.text, "كلمة", words() % 100000, " ");
    absl::StrAppend(&jsonl, "{\"id\":\"", doc.id, "\",\"text\":\"", doc.text, "\"}\n");
    docs.push_back(std::move(doc));
  }
  testing::WriteFile(dir / "c.jsonl", jsonl);
  DedupOptions one;
  one.threads = 1;
  ASSERT_TRUE(RunDedup({dir / "c.jsonl"}, one, dir / "a", nullptr).ok());
  const std::string expected = ReadFile(dir / "a/clusters.jsonl");
  DedupOptions four;
  four.threads = 4;
  four.cache_bytes = 0;  // pass 2 reads the file again
  ASSERT_TRUE(RunDedup({dir / "c.jsonl"}, four, dir / "b", nullptr).ok());
  EXPECT_EQ(ReadFile(dir / "b/clusters.jsonl"), expected);
  auto deduper = Deduper::Create(four);
  ASSERT_TRUE(deduper.ok());
  ASSERT_TRUE((*deduper)->Add(docs).ok());
  absl::StatusOr<DedupResult> result = (*deduper)->Finish();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(internal::ClustersJsonl(result->records), expected);
  EXPECT_GE(result->summary.clusters_with_duplicates, 40u);
}

TEST(Deduper, HeaderExampleGivesTheDocumentedClusters) {
  DedupOptions options;
  options.threads = 1;
  auto deduper = Deduper::Create(options);
  ASSERT_TRUE(deduper.ok());
  std::vector<Document> batch(3);
  batch[0].id = "a";
  batch[0].text = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة مئتي سرير";
  batch[1].id = "b";
  batch[1].text = "وأعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة مئتي سرير";
  batch[2].id = "c";
  batch[2].text = "فاز الفريق الأول لكرة القدم بالمباراة النهائية بعد أداء قوي في الشوط الثاني";
  ASSERT_TRUE((*deduper)->Add(std::move(batch)).ok());
  absl::StatusOr<DedupResult> result = (*deduper)->Finish();
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->records.size(), 3u);
  EXPECT_EQ(result->records[0].cluster, "b");
  EXPECT_FALSE(result->records[0].canonical);
  EXPECT_DOUBLE_EQ(result->records[0].similarity, 1.0);
  EXPECT_TRUE(result->records[1].canonical);
  EXPECT_EQ(result->records[2].cluster, "c");
  EXPECT_EQ(result->summary.clusters, 2u);
  // Spent after Finish.
  EXPECT_EQ((*deduper)->Finish().status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(Deduper, AddAndAddSignedDoNotMix) {
  auto deduper = Deduper::Create(DedupOptions());
  ASSERT_TRUE(deduper.ok());
  std::vector<Document> docs(1);
  docs[0].id = "x";
  docs[0].text = "نص قصير";
  ASSERT_TRUE((*deduper)->Add(docs).ok());
  SignedDocument meta;
  std::vector<uint32_t> signature(128, 1);
  EXPECT_EQ((*deduper)->AddSigned("y", signature, meta).code(), absl::StatusCode::kFailedPrecondition);
  auto other = Deduper::Create(DedupOptions());
  ASSERT_TRUE(other.ok());
  std::vector<uint32_t> short_signature(3, 1);
  EXPECT_EQ((*other)->AddSigned("y", short_signature, meta).code(), absl::StatusCode::kInvalidArgument);
}

TEST(Deduper, AFailingCandidateStageFailsTheRun) {
  // Once, an error of the SimHash pair finder was dropped and the run
  // reported 0 duplicates with exit 0.
  internal::InjectFailureForTesting("simhash", absl::InternalError("injected pair-finder failure"));
  TempDir dir;
  DedupOptions options;
  options.method = DedupMethod::kSimHash;
  absl::StatusOr<DedupSummary> summary = RunDedup(kCorpus, options, dir / "out", nullptr);
  internal::InjectFailureForTesting("simhash", absl::OkStatus());
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(summary.status().message().find("injected pair-finder failure"), absl::string_view::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "out/clusters.jsonl"));
  // And without the injection the same run succeeds.
  EXPECT_TRUE(RunDedup(kCorpus, options, dir / "out2", nullptr).ok());
}

TEST(Deduper, OptionsAreValidatedInTheLibrarysTerms) {
  DedupOptions options;
  options.lsh_recall_weight = 1.5;  // once used to derive bands before it was checked
  absl::StatusOr<std::unique_ptr<Deduper>> deduper = Deduper::Create(options);
  ASSERT_FALSE(deduper.ok());
  EXPECT_EQ(deduper.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(deduper.status().message().find("lsh_recall_weight"), absl::string_view::npos);
  options = DedupOptions();
  options.containment = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(Deduper::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace shabih
