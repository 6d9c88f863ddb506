#include "shabih/signer.h"

#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "shabih/corpus.h"
#include "shabih/minhash.h"
#include "shabih/normalize.h"
#include "shabih/shingle.h"

namespace shabih {
namespace {

const char kText[] = "وقال الرئيس إن الاجتماع ناقش تطورات الأوضاع في المنطقة";
const char kEdited[] = "قال الرئيس إن الاجتماع ناقش تطورات الأوضاع في المنطقة";

TEST(Signer, HeaderExampleMatchesAcrossLightFolding) {
  DedupOptions options;
  auto builder = CrawlStatisticsBuilder::Create(options);
  ASSERT_TRUE(builder.ok());
  std::vector<Document> docs(2);
  docs[0].site = "spa.gov.sa";
  docs[0].text = kText;
  docs[1].site = "okaz.com.sa";
  docs[1].text = kEdited;
  (*builder)->Add(docs);
  EXPECT_EQ((*builder)->documents(), 2u);
  std::shared_ptr<const CrawlStatistics> stats = (*builder)->Finish();
  EXPECT_EQ(stats->documents(), 2u);
  auto signer = DocumentSigner::Create(options, stats);
  ASSERT_TRUE(signer.ok());
  SignedDocument a = (*signer)->Sign(docs[0].site, docs[0].text);
  SignedDocument b = (*signer)->Sign(docs[1].site, docs[1].text);
  EXPECT_EQ(a.signature.size(), 128u);
  EXPECT_DOUBLE_EQ(EstimateJaccard(a.signature, b.signature), 1.0);
  EXPECT_EQ(a.main_bytes, docs[0].text.size());
  EXPECT_EQ(a.stripped_bytes, 0u);
}

// The signer's steps are the public pieces composed: strip off, discount
// off, it must equal normalize -> shingle -> MinHash by hand.
TEST(Signer, WithoutStrippingOrDiscountItIsNormalizeShingleSign) {
  DedupOptions options;
  options.strip = false;
  options.common_min_documents = 0;
  auto signer = DocumentSigner::Create(options);
  ASSERT_TRUE(signer.ok());
  SignedDocument signed_doc = (*signer)->Sign("", kText, /*keep_text=*/true);
  std::vector<uint64_t> tokens, shingles;
  auto normalizer = Normalizer::Create();
  ASSERT_TRUE(normalizer.ok());
  (*normalizer)->TokenHashes(kText, &tokens);
  ShingleHashes(tokens, options.shingle_size, &shingles);
  auto hasher = MinHasher::Create(options.minhash);
  ASSERT_TRUE(hasher.ok());
  std::vector<uint32_t> expected(128);
  hasher->Sign(shingles, absl::MakeSpan(expected));
  EXPECT_EQ(signed_doc.signature, expected);
  EXPECT_EQ(signed_doc.shingles, shingles.size());
  EXPECT_EQ(signed_doc.all_shingles, shingles.size());
  EXPECT_EQ(signed_doc.kept_text, kText);
}

TEST(Signer, StripsBoilerplateLinesAndCountsThem) {
  DedupOptions options;
  auto signer = DocumentSigner::Create(options);  // no statistics: each page alone
  ASSERT_TRUE(signer.ok());
  const std::string text = std::string(kText) + "\nشارك عبر تويتر فيسبوك واتساب\n";
  SignedDocument with = (*signer)->Sign("", text, true);
  EXPECT_GT(with.stripped_bytes, 0u);
  EXPECT_EQ(with.main_bytes + with.stripped_bytes, text.size());
  EXPECT_EQ(with.kept_text.find("تويتر"), std::string::npos);
}

TEST(Signer, SameSignaturesFromManyThreads) {
  auto signer = DocumentSigner::Create(DedupOptions());
  ASSERT_TRUE(signer.ok());
  const SignedDocument reference = (*signer)->Sign("", kText);
  std::vector<std::thread> threads;
  std::vector<int> equal(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      int ok = 1;
      for (int i = 0; i < 200; ++i) ok &= (*signer)->Sign("", i % 2 ? kText : kEdited).signature.size() == 128;
      ok &= (*signer)->Sign("", kText).signature == reference.signature;
      equal[t] = ok;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(equal, std::vector<int>(4, 1));
}

// Template wording found in many documents is left out of signatures, so
// two different stories from one template stop matching.
TEST(Signer, CommonShinglesAreDiscounted) {
  DedupOptions options;
  options.strip = false;
  options.common_min_documents = 20;
  options.document_frequency.sample_rate = 1.0;
  auto builder = CrawlStatisticsBuilder::Create(options);
  ASSERT_TRUE(builder.ok());
  const std::string tmpl = "تلقى خادم الحرمين الشريفين برقية تهنئة من رئيس جمهورية ";
  std::vector<Document> docs(60);
  for (size_t i = 0; i < docs.size(); ++i) docs[i].text = tmpl + "بلد" + std::to_string(i) + " بمناسبة العيد الوطني";
  (*builder)->Add(docs);
  auto stats = (*builder)->Finish();
  EXPECT_GT(stats->common_shingle_cells(), 0u);
  auto signer = DocumentSigner::Create(options, stats);
  ASSERT_TRUE(signer.ok());
  SignedDocument a = (*signer)->Sign("", docs[1].text), b = (*signer)->Sign("", docs[2].text);
  EXPECT_LT(a.shingles, a.all_shingles);
  auto plain = DocumentSigner::Create(options);  // no statistics: no discount
  ASSERT_TRUE(plain.ok());
  const double before = EstimateJaccard((*plain)->Sign("", docs[1].text).signature,
                                        (*plain)->Sign("", docs[2].text).signature);
  EXPECT_GT(before, 0.3);
  EXPECT_LT(EstimateJaccard(a.signature, b.signature), 0.2);
}

TEST(Signer, BadOptionsAreRejected) {
  DedupOptions options;
  options.shingle_size = 0;
  EXPECT_EQ(DocumentSigner::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CrawlStatisticsBuilder::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace shabih
