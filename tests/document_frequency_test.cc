#include "engine/internal/document_frequency.h"

#include <algorithm>
#include <random>
#include <string>
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

// The online sampler: chosen by content hash (it used to be the input
// ordinal, which a shard of a crawl does not know), capped in input order.
TEST(DocumentFrequency, SampleIsDeterministicCappedAndScaledBack) {
  std::vector<uint64_t> hashes;
  for (int i = 0; i < 4000; ++i) hashes.push_back(DocumentSampleHash("site", "page " + std::to_string(i)));
  DocumentSampler sampler({.sample_rate = 0.25, .max_documents = 150});
  std::vector<size_t> taken;
  for (size_t i = 0; i < hashes.size(); ++i)
    if (sampler.Take(hashes[i])) taken.push_back(i);
  EXPECT_EQ(taken.size(), 150u) << "capped";
  EXPECT_NEAR(static_cast<double>(taken.back()), 600.0, 150.0) << "about a quarter of the first ~600";
  DocumentSampler again({.sample_rate = 0.25, .max_documents = 150});
  std::vector<size_t> taken_again;
  for (size_t i = 0; i < hashes.size(); ++i)
    if (again.Take(hashes[i])) taken_again.push_back(i);
  EXPECT_EQ(taken_again, taken);
  // Scaling: a shingle on every sampled page is estimated on every page.
  DocumentFrequencySketch sketch;
  for (size_t i = 0; i < taken.size(); ++i) sketch.AddDocument(std::vector<uint64_t>{42, 1000 + i});
  EXPECT_DOUBLE_EQ(sketch.EstimateDocuments(42, 4000), 4000.0);
  EXPECT_TRUE(sketch.Common(50, 4000).Contains(42));
  EXPECT_FALSE(sketch.Common(50, 4000).Contains(1000));
}

TEST(DocumentFrequency, SampleHashIsContentNotPosition) {
  EXPECT_EQ(DocumentSampleHash("a.sa", "text"), DocumentSampleHash("a.sa", "text"));
  EXPECT_NE(DocumentSampleHash("a.sa", "text"), DocumentSampleHash("b.sa", "text")) << "sites sampled apart";
  EXPECT_NE(DocumentSampleHash("a.sa", "text"), DocumentSampleHash("a.sa", "text2"));
  EXPECT_EQ(SampleThreshold(1.0), UINT64_MAX);
  EXPECT_EQ(SampleThreshold(0.5), uint64_t{1} << 63);
}

// Counting a document by its cells gives the counters AddDocument gives.
TEST(DocumentFrequency, CellsCountLikeShingles) {
  std::mt19937_64 rng(3);
  DocumentFrequencySketch by_shingles, by_cells;
  std::vector<uint64_t> scratch;
  std::vector<uint32_t> cells;
  std::vector<uint64_t> probes;
  for (int d = 0; d < 300; ++d) {
    std::vector<uint64_t> doc;
    for (int i = 0; i < 40; ++i) doc.push_back(i < 5 ? static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ull : rng());
    doc.push_back(doc[7]);  // a repeat counts once
    by_shingles.AddDocument(doc);
    ShingleCells(doc, &scratch, &cells);
    EXPECT_EQ(cells.size(), 40u);
    EXPECT_TRUE(std::is_sorted(cells.begin(), cells.end()));
    by_cells.AddCells(cells);
    probes.push_back(doc[3]);
    probes.push_back(doc[20]);
  }
  for (uint64_t p : probes) EXPECT_EQ(by_cells.EstimateDocuments(p, 300), by_shingles.EstimateDocuments(p, 300));
  EXPECT_EQ(by_cells.Common(50, 300).common_cells(), by_shingles.Common(50, 300).common_cells());
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
