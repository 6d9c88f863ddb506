#include "shabih/document_frequency.h"

#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace shabih {
namespace {

TEST(DocumentFrequency, FindsCommonShinglesAndNotRareOnes) {
  DocumentFrequencySketch sketch({.sample_rate = 1.0});
  std::mt19937_64 rng(1);
  const uint64_t common = rng(), rare = rng();
  for (int d = 0; d < 200; ++d) {
    std::vector<uint64_t> doc = {common, common, rng(), rng()};  // repeats count once
    if (d < 3) doc.push_back(rare);
    sketch.AddDocument(doc);
  }
  EXPECT_EQ(sketch.sampled_documents(), 200u);
  EXPECT_DOUBLE_EQ(sketch.EstimateDocuments(common), 200.0);
  EXPECT_GE(sketch.EstimateDocuments(rare), 3.0);  // count-min only overestimates
  const CommonShingles c = sketch.Common(50);
  EXPECT_TRUE(c.Contains(common));
  EXPECT_FALSE(c.Contains(rare));
  EXPECT_TRUE(sketch.Common(1000).empty() || !sketch.Common(1000).Contains(common));
}

TEST(DocumentFrequency, SampledEstimatesScaleAndMergeIsPartitionIndependent) {
  const DocumentFrequencyOptions options{.sample_rate = 0.25};
  std::mt19937_64 rng(2);
  const uint64_t template_shingle = rng();
  std::vector<std::vector<uint64_t>> docs(800);  // < 255 sampled: counters do not saturate
  for (auto& d : docs) d = {template_shingle, rng(), rng()};
  // One sketch over everything vs three sketches over a split, merged.
  DocumentFrequencySketch whole(options), a(options), b(options), c(options);
  for (uint64_t i = 0; i < docs.size(); ++i) {
    if (!whole.Samples(i)) continue;
    whole.AddDocument(docs[i]);
    (i % 3 == 0 ? a : i % 3 == 1 ? b : c).AddDocument(docs[i]);
  }
  a.Merge(c);
  a.Merge(b);
  EXPECT_EQ(a.sampled_documents(), whole.sampled_documents());
  for (uint64_t probe : {template_shingle, docs[5][1], docs[77][2]}) {
    EXPECT_EQ(a.EstimateDocuments(probe), whole.EstimateDocuments(probe));
  }
  // About a quarter of the documents are sampled; estimates are scaled back.
  EXPECT_NEAR(static_cast<double>(whole.sampled_documents()), 200.0, 40.0);
  EXPECT_NEAR(whole.EstimateDocuments(template_shingle), 800.0, 160.0);
  EXPECT_TRUE(whole.Common(50).Contains(template_shingle));
}

}  // namespace
}  // namespace shabih
