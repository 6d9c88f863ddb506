#include "engine/internal/document_sample.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/internal/statistics_io.h"
#include "gtest/gtest.h"

namespace shabih {
namespace {

struct Doc {
  uint64_t hash;
  std::vector<uint64_t> shingles;
  std::vector<uint32_t> cells;
};

std::vector<Doc> MakeDocs(int n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint64_t> scratch;
  std::vector<Doc> docs(static_cast<size_t>(n));
  for (Doc& d : docs) {
    d.hash = rng();
    const int size = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < size; ++i) d.shingles.push_back(i < 3 ? static_cast<uint64_t>(i) + 1 : rng());
    ShingleCells(d.shingles, &scratch, &d.cells);
  }
  // An exact copy (same site and text: same hash and cells) and a hash
  // collision of two different documents: ties must not depend on order.
  docs[10] = docs[11];
  docs[12].hash = docs[13].hash;
  return docs;
}

// The rule of document_sample.h, by brute force over the whole crawl.
DocumentFrequencySketch Oracle(const std::vector<Doc>& docs, const DocumentFrequencyOptions& o) {
  std::vector<const Doc*> candidates;
  for (const Doc& d : docs) {
    if (d.hash < SampleThreshold(o.sample_rate) && d.cells.size() <= o.max_shingles / 64) candidates.push_back(&d);
  }
  std::sort(candidates.begin(), candidates.end(), [](const Doc* a, const Doc* b) {
    return std::tie(a->hash, a->cells) < std::tie(b->hash, b->cells);
  });
  DocumentFrequencySketch sketch;
  uint64_t cells = 0, kept = 0;
  for (const Doc* d : candidates) {
    if (kept == o.max_documents || cells + d->cells.size() > o.max_shingles) break;
    cells += d->cells.size();
    ++kept;
    sketch.AddDocument(d->shingles);
  }
  return sketch;
}

void ExpectSameSketch(const DocumentFrequencySketch& a, const DocumentFrequencySketch& b,
                      const std::vector<Doc>& docs) {
  ASSERT_EQ(a.sampled_documents(), b.sampled_documents());
  for (const Doc& d : docs) {
    for (uint64_t s : d.shingles) ASSERT_EQ(a.EstimateDocuments(s, docs.size()), b.EstimateDocuments(s, docs.size()));
  }
  EXPECT_EQ(a.Common(20, docs.size()).common_cells(), b.Common(20, docs.size()).common_cells());
}

// Bound by documents, by cells, and by neither: any order of offers, any
// split into shards merged in any order, gives the oracle's sample.
TEST(DocumentSample, ShardsAndOrderGiveTheOraclesSample) {
  const std::vector<Doc> docs = MakeDocs(2000, 7);
  const std::vector<DocumentFrequencyOptions> configs = {
      {.sample_rate = 0.5, .max_documents = 60, .max_shingles = 1u << 20},  // bound by documents
      {.sample_rate = 0.5, .max_documents = 5000, .max_shingles = 64 * 30},  // by cells; > 30 cells never
      {.sample_rate = 0.25, .max_documents = 5000, .max_shingles = 1u << 20},  // the rate only
  };
  std::mt19937_64 rng(9);
  for (const DocumentFrequencyOptions& o : configs) {
    const DocumentFrequencySketch oracle = Oracle(docs, o);
    EXPECT_GT(oracle.sampled_documents(), 10u);
    for (int trial = 0; trial < 6; ++trial) {
      std::vector<size_t> order(docs.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), rng);
      const int shards = 1 + trial * 3;
      std::vector<DocumentSample> parts(static_cast<size_t>(shards), DocumentSample(o));
      for (size_t i : order) {
        DocumentSample& part = parts[rng() % parts.size()];
        if (part.Wants(docs[i].hash)) part.Add(docs[i].hash, docs[i].cells);
      }
      for (size_t p = 1; p < parts.size(); ++p) parts[0].Merge(std::move(parts[p]));
      ExpectSameSketch(parts[0].Count(), oracle, docs);
      EXPECT_LE(parts[0].documents(), o.max_documents);
      EXPECT_LE(parts[0].cells(), o.max_shingles);
    }
  }
}

// A full sample refuses hashes past its cut before they are shingled, and
// what it refuses is never in the oracle's sample.
TEST(DocumentSample, RefusesOnlyWhatCannotEnter) {
  const std::vector<Doc> docs = MakeDocs(3000, 11);
  const DocumentFrequencyOptions o{.sample_rate = 1.0, .max_documents = 100, .max_shingles = 1u << 20};
  DocumentSample sample(o);
  int refused = 0;
  for (const Doc& d : docs) {
    if (!sample.Wants(d.hash)) {
      ++refused;
      continue;
    }
    sample.Add(d.hash, d.cells);
  }
  EXPECT_GT(refused, 2000) << "most documents are refused once the sample is full";
  ExpectSameSketch(sample.Count(), Oracle(docs, o), docs);
}

TEST(DocumentSample, NothingEntersWithZeroBounds) {
  DocumentSample sample({.sample_rate = 1.0, .max_documents = 0});
  EXPECT_FALSE(sample.Wants(0));
  sample.Add(0, {1, 2, 3});
  EXPECT_EQ(sample.Count().sampled_documents(), 0u);
}

// Under a tiny memory budget the cells live in the scratch file, and the
// sample is the oracle's as in memory: the same sketch, and the same bytes
// when serialized (a shard's state), through shards, merges and copies.
TEST(DocumentSample, SpilledSampleIsTheSameSample) {
  const std::vector<Doc> docs = MakeDocs(2000, 5);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("shabih-sample-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  for (const DocumentFrequencyOptions& o : {DocumentFrequencyOptions{.sample_rate = 0.5, .max_documents = 60, .max_shingles = 1u << 20},
                                            DocumentFrequencyOptions{.sample_rate = 0.5, .max_documents = 5000, .max_shingles = 64 * 30}}) {
    DocumentSample plain(o), spilled(o), shard_a(o), shard_b(o);
    spilled.SpillTo(dir.string(), 64);  // 16 cells in memory
    shard_a.SpillTo(dir.string(), 64);
    shard_b.SpillTo(dir.string(), 64);
    for (size_t i = 0; i < docs.size(); ++i) {
      const Doc& d = docs[i];
      if (plain.Wants(d.hash)) plain.Add(d.hash, d.cells);
      if (spilled.Wants(d.hash)) spilled.Add(d.hash, d.cells);
      DocumentSample& shard = i % 3 == 0 ? shard_a : shard_b;
      if (shard.Wants(d.hash)) shard.Add(d.hash, d.cells);
    }
    EXPECT_LT(spilled.MemoryBytes(), plain.MemoryBytes()) << "the cells went to the file";
    const DocumentSample copy = spilled;  // reads the spilled cells back
    shard_a.Merge(std::move(shard_b));
    const std::string plain_bytes = internal::SerializeBuilderState("k", 1, nullptr, &plain);
    EXPECT_EQ(internal::SerializeBuilderState("k", 1, nullptr, &spilled), plain_bytes);
    EXPECT_EQ(internal::SerializeBuilderState("k", 1, nullptr, &copy), plain_bytes);
    const DocumentFrequencySketch oracle = Oracle(docs, o);
    ExpectSameSketch(spilled.Count(), oracle, docs);
    ExpectSameSketch(shard_a.Count(), oracle, docs);
    EXPECT_TRUE(spilled.status().ok()) << spilled.status();
    EXPECT_TRUE(std::filesystem::is_empty(dir)) << "the scratch file is unlinked at once";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace shabih
