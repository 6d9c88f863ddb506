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

// Many threads signing different texts at once get each text's own
// signature: the per-thread scratch never leaks between documents.
TEST(Signer, SameSignaturesFromManyThreads) {
  auto signer = DocumentSigner::Create(DedupOptions());
  ASSERT_TRUE(signer.ok());
  std::vector<std::string> texts;
  for (int i = 0; i < 16; ++i) {
    std::string t;
    for (int w = 0; w < 20 + 7 * i; ++w) t += "كلمة" + std::to_string((w * 31 + i * 17) % 97) + " ";
    texts.push_back(t);
  }
  std::vector<std::vector<uint32_t>> reference;
  for (const std::string& t : texts) reference.push_back((*signer)->Sign("", t).signature);
  for (size_t i = 1; i < reference.size(); ++i) ASSERT_NE(reference[i], reference[0]);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 400; ++i) {
        const size_t k = static_cast<size_t>(i * (t + 3)) % texts.size();
        mismatches[t] += (*signer)->Sign("", texts[k]).signature != reference[k];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(Signer, SignIntoChecksTheSpanAndStatisticsMustMatchTheOptions) {
  auto signer = DocumentSigner::Create(DedupOptions());
  ASSERT_TRUE(signer.ok());
  std::vector<uint32_t> short_span(3);
  SignedDocument meta;
  EXPECT_EQ((*signer)->SignInto("", kText, absl::MakeSpan(short_span), &meta).code(),
            absl::StatusCode::kInvalidArgument);
  DedupOptions five;
  auto builder = CrawlStatisticsBuilder::Create(five);
  ASSERT_TRUE(builder.ok());
  auto stats = (*builder)->Finish();
  DedupOptions three = five;
  three.shingle_size = 3;
  EXPECT_EQ(DocumentSigner::Create(three, stats).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(DocumentSigner::Create(five, stats).ok());
}

// Statistics do not depend on how the documents were batched or threaded.
TEST(Signer, StatisticsAreTheSameForAnyBatchingAndThreads) {
  std::vector<Document> docs(3000);
  for (size_t i = 0; i < docs.size(); ++i) {
    docs[i].site = "site" + std::to_string(i % 3);
    docs[i].text = "سطر ثابت في كل صفحة من الموقع\nخبر رقم " + std::to_string(i % 700) + " عن موضوع " +
                   std::to_string(i % 13) + " في مدينة الرياض اليوم";
  }
  auto signature_of = [&](int threads, size_t batch) {
    DedupOptions o;
    o.threads = threads;
    o.common_min_documents = 5;
    auto builder = CrawlStatisticsBuilder::Create(o);
    EXPECT_TRUE(builder.ok());
    for (size_t b = 0; b < docs.size(); b += batch) {
      (*builder)->Add(absl::MakeConstSpan(docs.data() + b, std::min(batch, docs.size() - b)));
    }
    auto stats = (*builder)->Finish();
    auto signer = DocumentSigner::Create(o, stats);
    EXPECT_TRUE(signer.ok());
    std::vector<uint32_t> all;
    for (size_t i = 0; i < docs.size(); i += 97) {
      SignedDocument d = (*signer)->Sign(docs[i].site, docs[i].text);
      all.insert(all.end(), d.signature.begin(), d.signature.end());
      all.push_back(d.shingles);
      all.push_back(static_cast<uint32_t>(d.main_bytes));
    }
    return std::make_pair(all, stats->common_shingle_cells());
  };
  const auto one = signature_of(1, docs.size());
  EXPECT_GT(one.second, 0u);
  EXPECT_EQ(signature_of(2, 7), one);
  EXPECT_EQ(signature_of(3, 1000), one);
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
