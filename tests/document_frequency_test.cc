#include "engine/internal/document_frequency.h"

#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace shabih {
namespace {

TEST(DocumentFrequency, FindsCommonShinglesAndNotRareOnes) {
  DocumentFrequencySketch sketch;
  std::mt19937_64 rng(1);
  const uint64_t common = rng(), rare = rng();
  for (int d = 0; d < 200; ++d) {
    std::vector<uint64_t> doc = {common, common, rng(), rng()};  // repeats count once
    if (d < 3) doc.push_back(rare);
    sketch.AddDocument(doc);
  }
  EXPECT_EQ(sketch.sampled_documents(), 200u);
  EXPECT_DOUBLE_EQ(sketch.EstimateDocuments(common, 200), 200.0);
  EXPECT_GE(sketch.EstimateDocuments(rare, 200), 3.0);  // count-min only overestimates
  const CommonShingles c = sketch.Common(50, 200);
  EXPECT_TRUE(c.Contains(common));
  EXPECT_FALSE(c.Contains(rare));
  EXPECT_GE(c.common_cells(), 2u);
  // The threshold is inclusive: `common` is in all 200 documents, not 201.
  EXPECT_TRUE(sketch.Common(200, 200).Contains(common));
  EXPECT_FALSE(sketch.Common(201, 200).Contains(common));
  EXPECT_EQ(sketch.Common(201, 200).common_cells(), 0u);
  // Past what 8-bit counters can tell, nothing is marked common.
  EXPECT_TRUE(sketch.Common(1000, 200).empty());
}

TEST(DocumentFrequency, SampleIsDeterministicCappedAndScaledBack) {
  DocumentSampler sampler({.sample_rate = 0.25, .max_documents = 150});
  std::vector<uint64_t> taken;
  for (uint64_t i = 0; i < 4000; ++i)
    if (sampler.Take(i)) taken.push_back(i);
  EXPECT_EQ(taken.size(), 150u) << "capped";
  EXPECT_NEAR(static_cast<double>(taken.back()), 600.0, 150.0) << "about a quarter of the first ~600";
  DocumentSampler again({.sample_rate = 0.25, .max_documents = 150});
  std::vector<uint64_t> taken_again;
  for (uint64_t i = 0; i < 4000; ++i)
    if (again.Take(i)) taken_again.push_back(i);
  EXPECT_EQ(taken_again, taken);
  // Scaling: a shingle on every sampled page is estimated on every page.
  DocumentFrequencySketch sketch;
  for (size_t i = 0; i < taken.size(); ++i) sketch.AddDocument(std::vector<uint64_t>{42, 1000 + i});
  EXPECT_DOUBLE_EQ(sketch.EstimateDocuments(42, 4000), 4000.0);
  EXPECT_TRUE(sketch.Common(50, 4000).Contains(42));
  EXPECT_FALSE(sketch.Common(50, 4000).Contains(1000));
}

TEST(DocumentFrequency, MergeIsPartitionIndependent) {
  std::mt19937_64 rng(2);
  const uint64_t template_shingle = rng();
  std::vector<std::vector<uint64_t>> docs(800);
  for (auto& d : docs) d = {template_shingle, rng(), rng()};
  DocumentFrequencySketch whole, a, b, c;
  for (size_t i = 0; i < docs.size(); ++i) {
    whole.AddDocument(docs[i]);
    (i % 3 == 0 ? a : i % 3 == 1 ? b : c).AddDocument(docs[i]);
  }
  a.Merge(c);
  a.Merge(b);
  EXPECT_EQ(a.sampled_documents(), whole.sampled_documents());
  for (uint64_t probe : {template_shingle, docs[5][1], docs[77][2]}) {
    EXPECT_EQ(a.EstimateDocuments(probe, 800), whole.EstimateDocuments(probe, 800));
  }
  EXPECT_DOUBLE_EQ(whole.EstimateDocuments(template_shingle, 800), 255.0) << "counters saturate at 255";
}

}  // namespace
}  // namespace shabih
