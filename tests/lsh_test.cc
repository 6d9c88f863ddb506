#include "shabih/lsh.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "shabih/minhash.h"

namespace shabih {
namespace {

// Two sets of `size` elements sharing exactly `shared` of them.
void PairWithOverlap(std::mt19937_64& rng, int size, int shared, std::vector<uint64_t>* a,
                     std::vector<uint64_t>* b) {
  a->clear();
  b->clear();
  for (int i = 0; i < shared; ++i) {
    const uint64_t x = rng();
    a->push_back(x);
    b->push_back(x);
  }
  for (int i = shared; i < size; ++i) {
    a->push_back(rng());
    b->push_back(rng());
  }
}

TEST(Lsh, CandidateRateFollowsTheSCurve) {
  const int perms = 128;
  auto hasher = MinHasher::Create({.num_perms = perms});
  ASSERT_TRUE(hasher.ok());
  const LshParams params{16, 8};
  std::mt19937_64 rng(2024);
  const int kPairs = 400;
  for (int shared : {80, 120, 150, 170, 185}) {  // Jaccard = shared / (400 - shared)
    const double s = shared / (400.0 - shared);
    std::vector<uint32_t> signatures(2 * kPairs * perms);
    std::vector<uint64_t> a, b;
    for (int p = 0; p < kPairs; ++p) {
      PairWithOverlap(rng, 200, shared, &a, &b);
      hasher->Sign(a, absl::MakeSpan(signatures.data() + (2 * p) * perms, perms));
      hasher->Sign(b, absl::MakeSpan(signatures.data() + (2 * p + 1) * perms, perms));
    }
    std::vector<uint8_t> eligible(2 * kPairs, 1);
    LshStats stats;
    const auto pairs = LshCandidatePairs(signatures, perms, params, eligible, {}, &stats);
    EXPECT_EQ(stats.candidate_pairs, pairs.size());
    int hits = 0;
    for (DocPair pair : pairs) hits += PairSecond(pair) == PairFirst(pair) + 1 && PairFirst(pair) % 2 == 0;
    const double expected = LshCandidateProbability(s, params.bands, params.rows);
    const double sigma = std::sqrt(expected * (1 - expected) / kPairs);
    EXPECT_NEAR(hits / static_cast<double>(kPairs), expected, 4 * sigma + 0.03) << "Jaccard " << s;
  }
}

TEST(Lsh, OptimalParamsMinimizeWeightedError) {
  for (double t : {0.3, 0.5, 0.7, 0.9}) {
    const LshParams p = OptimalLshParams(t, 128);
    ASSERT_GT(p.bands, 0);
    ASSERT_GT(p.rows, 0);
    EXPECT_LE(p.bands * p.rows, 128);
    // The S-curve's steepest point (1/b)^(1/r) sits near the threshold.
    EXPECT_NEAR(std::pow(1.0 / p.bands, 1.0 / p.rows), t, 0.15) << t;
  }
  // Higher thresholds need more rows per band.
  EXPECT_LT(OptimalLshParams(0.3, 128).rows, OptimalLshParams(0.9, 128).rows);
}

TEST(Lsh, CandidateProbabilityKnownValues) {
  EXPECT_DOUBLE_EQ(LshCandidateProbability(1.0, 20, 5), 1.0);
  EXPECT_DOUBLE_EQ(LshCandidateProbability(0.0, 20, 5), 0.0);
  EXPECT_NEAR(LshCandidateProbability(0.5, 20, 5), 1 - std::pow(1 - 1.0 / 32, 20), 1e-12);
}

TEST(Lsh, IneligibleDocumentsNeverPairAndBigBucketsAreCapped) {
  const int perms = 8, docs = 50;
  std::vector<uint32_t> signatures(docs * perms, 7);  // all identical
  std::vector<uint8_t> eligible(docs, 1);
  eligible[3] = 0;
  LshStats stats;
  LshOptions options;
  options.max_bucket = 10;
  const auto pairs = LshCandidatePairs(signatures, perms, {2, 4}, eligible, options, &stats);
  // Capped: a star from the bucket's first member, not 49*48/2 pairs.
  EXPECT_EQ(pairs.size(), 48u);
  EXPECT_EQ(stats.capped_buckets, 2u);
  EXPECT_EQ(stats.largest_bucket, 49u);
  for (DocPair p : pairs) {
    EXPECT_NE(PairFirst(p), 3u);
    EXPECT_NE(PairSecond(p), 3u);
  }
}

TEST(Lsh, SameResultForAnyThreadCount) {
  const int perms = 32, docs = 500;
  std::mt19937_64 rng(5);
  std::vector<uint32_t> signatures(docs * perms);
  for (auto& v : signatures) v = static_cast<uint32_t>(rng() % 4);  // many collisions
  std::vector<uint8_t> eligible(docs, 1);
  const std::vector<DocPair> serial = LshCandidatePairs(signatures, perms, {8, 4}, eligible, {}, nullptr);
  ASSERT_GT(serial.size(), 1000u) << "the comparison needs many pairs";
  ASSERT_TRUE(std::is_sorted(serial.begin(), serial.end()));
  for (int threads : {3, 4, 16}) {  // 3 does not divide the 8 bands evenly
    LshOptions options;
    options.threads = threads;
    LshStats stats;
    EXPECT_EQ(LshCandidatePairs(signatures, perms, {8, 4}, eligible, options, &stats), serial) << threads;
    EXPECT_EQ(stats.candidate_pairs, serial.size());
  }
}

}  // namespace
}  // namespace shabih
