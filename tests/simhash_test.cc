#include "shabih/simhash.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shabih {
namespace {

using Pairs = std::vector<std::pair<uint32_t, uint32_t>>;

// Reference SimHash: one counter per bit, the definition spelled out.
uint64_t ReferenceSimHash(const std::vector<uint64_t>& hashes, const std::vector<double>& weights) {
  double sums[64] = {};
  double total = 0;
  for (size_t i = 0; i < hashes.size(); ++i) {
    const double w = weights.empty() ? 1.0 : weights[i];
    total += w;
    for (int b = 0; b < 64; ++b) {
      if ((hashes[i] >> b) & 1) sums[b] += w;
    }
  }
  uint64_t fp = 0;
  for (int b = 0; b < 64; ++b) {
    if (2 * sums[b] > total) fp |= uint64_t{1} << b;
  }
  return fp;
}

std::vector<uint64_t> RandomHashes(size_t n, std::mt19937_64* rng) {
  std::vector<uint64_t> v(n);
  for (uint64_t& x : v) x = (*rng)();
  return v;
}

Pairs BruteForcePairs(const std::vector<uint64_t>& fps, int k) {
  Pairs out;
  for (uint32_t i = 0; i < fps.size(); ++i) {
    for (uint32_t j = i + 1; j < fps.size(); ++j) {
      if (std::popcount(fps[i] ^ fps[j]) <= k) out.emplace_back(i, j);
    }
  }
  return out;
}

// Flips exactly `d` distinct random bits of `x`.
uint64_t FlipBits(uint64_t x, int d, std::mt19937_64* rng) {
  uint64_t mask = 0;
  while (std::popcount(mask) < d) mask |= uint64_t{1} << ((*rng)() % 64);
  return x ^ mask;
}

// Random fingerprints with planted near pairs at every distance 0..k+2,
// clusters of variants around one base, and a low-entropy group whose
// members share most bits (long runs in every table).
std::vector<uint64_t> PlantedFingerprints(int k, size_t n_random, std::mt19937_64* rng) {
  std::vector<uint64_t> fps = RandomHashes(n_random, rng);
  for (int d = 0; d <= k + 2; ++d) {
    for (int rep = 0; rep < 20; ++rep) {
      const uint64_t base = (*rng)();
      fps.push_back(base);
      fps.push_back(FlipBits(base, d, rng));
    }
  }
  for (int c = 0; c < 10; ++c) {
    const uint64_t base = (*rng)();
    for (int v = 0; v < 8; ++v)
      fps.push_back(FlipBits(base, static_cast<int>((*rng)() % (k + 3)), rng));
  }
  const uint64_t common = (*rng)();
  for (int v = 0; v < 60; ++v) fps.push_back(common ^ ((*rng)() & 0x0000000F000F00FFULL));
  std::shuffle(fps.begin(), fps.end(), *rng);
  return fps;
}

// --------------------------------------------------------------------------
// SimHash

TEST(SimHash, EmptyInputGivesZero) {
  EXPECT_EQ(SimHash({}), 0u);
  auto weighted = SimHash({}, absl::Span<const float>());
  ASSERT_TRUE(weighted.ok());
  EXPECT_EQ(*weighted, 0u);
}

TEST(SimHash, KnownAnswersAreBitwiseMajority) {
  const uint64_t a = 0xF0F0F0F0F0F0F0F0ULL;
  const uint64_t b = 0xFF00FF00FF00FF00ULL;
  const uint64_t c = 0x123456789ABCDEF0ULL;
  const std::vector<uint64_t> one = {a};
  EXPECT_EQ(SimHash(one), a);
  // Two features: a bit needs both votes (a tie clears it).
  const std::vector<uint64_t> two = {a, b};
  EXPECT_EQ(SimHash(two), a & b);
  const std::vector<uint64_t> three = {a, b, c};
  EXPECT_EQ(SimHash(three), (a & b) | (a & c) | (b & c));
  const std::vector<uint64_t> dup = {a, a, b};
  EXPECT_EQ(SimHash(dup), a);
}

TEST(SimHash, MatchesReferenceAcrossCounterFlushBoundaries) {
  std::mt19937_64 rng(11);
  // 255 features fill the byte counters exactly; lengths around multiples of
  // it exercise the flush.
  for (size_t n : {1u, 2u, 7u, 254u, 255u, 256u, 509u, 510u, 511u, 1000u, 4096u}) {
    // Skewed bits (AND of two hashes: ~25 % ones) plus some all-ones
    // features, so counters get large and ties are not the only outcome.
    std::vector<uint64_t> hashes(n);
    for (size_t i = 0; i < n; ++i) hashes[i] = (i % 3 == 0) ? ~uint64_t{0} : (rng() & rng());
    EXPECT_EQ(SimHash(hashes), ReferenceSimHash(hashes, {})) << "n=" << n;
  }
}

TEST(SimHash, RepeatedFeatureIsItsOwnFingerprintAtAnyCount) {
  // Every set bit gets all n votes: the counters' worst case (byte lanes
  // would wrap at 256 without the flush).
  const uint64_t h = 0xFFFF0000FFFF0001ULL;
  for (size_t n : {1u, 255u, 256u, 257u, 511u, 1000u, 70000u}) {
    const std::vector<uint64_t> hashes(n, h);
    EXPECT_EQ(SimHash(hashes), h) << "n=" << n;
    EXPECT_EQ(SimHash(std::vector<uint64_t>(n, ~uint64_t{0})), ~uint64_t{0}) << "n=" << n;
  }
}

TEST(SimHash, IdenticalInputIdenticalFingerprintAndOrderDoesNotMatter) {
  std::mt19937_64 rng(12);
  std::vector<uint64_t> hashes = RandomHashes(400, &rng);
  const uint64_t fp = SimHash(hashes);
  EXPECT_EQ(SimHash(hashes), fp);
  std::shuffle(hashes.begin(), hashes.end(), rng);
  EXPECT_EQ(SimHash(hashes), fp);
}

TEST(SimHash, UnitWeightsEqualUnweighted) {
  std::mt19937_64 rng(13);
  for (size_t n : {1u, 3u, 255u, 400u, 1001u}) {
    const std::vector<uint64_t> hashes = RandomHashes(n, &rng);
    const std::vector<float> ones(n, 1.0f);
    auto weighted = SimHash(hashes, ones);
    ASSERT_TRUE(weighted.ok());
    EXPECT_EQ(*weighted, SimHash(hashes)) << "n=" << n;
  }
}

TEST(SimHash, WeightedMatchesReference) {
  std::mt19937_64 rng(14);
  for (size_t n : {1u, 5u, 400u, 2000u}) {
    const std::vector<uint64_t> hashes = RandomHashes(n, &rng);
    // Multiples of 1/8 below 16: every partial sum is exact in float, so the
    // float kernel and the double reference must agree bit for bit.
    std::vector<float> weights(n);
    std::vector<double> dweights(n);
    for (size_t i = 0; i < n; ++i) {
      weights[i] = static_cast<float>(rng() % 128) / 8.0f;
      dweights[i] = weights[i];
    }
    auto fp = SimHash(hashes, weights);
    ASSERT_TRUE(fp.ok());
    EXPECT_EQ(*fp, ReferenceSimHash(hashes, dweights)) << "n=" << n;
  }
}

TEST(SimHash, WeightsDecideTheVote) {
  const uint64_t a = 0xF0F0F0F0F0F0F0F0ULL;
  const uint64_t b = 0x0F0F0F0F0F0F0F0FULL;
  const uint64_t c = 0xAAAAAAAAAAAAAAAAULL;
  const std::vector<uint64_t> hashes = {a, b, c};
  EXPECT_EQ(*SimHash(hashes, std::vector<float>{3.0f, 1.0f, 1.0f}), a);
  EXPECT_EQ(*SimHash(hashes, std::vector<float>{1.0f, 3.0f, 1.0f}), b);
  EXPECT_EQ(*SimHash(hashes, std::vector<float>{1.0f, 1.0f, 3.0f}), c);
  // A zero weight removes its feature.
  EXPECT_EQ(*SimHash(hashes, std::vector<float>{0.0f, 0.0f, 0.5f}), c);
  // All zero: nothing outweighs nothing.
  EXPECT_EQ(*SimHash(hashes, std::vector<float>{0.0f, 0.0f, 0.0f}), 0u);
  // Unweighted, the three votes give the bitwise majority.
  EXPECT_EQ(SimHash(hashes), (a & b) | (a & c) | (b & c));
}

TEST(SimHash, InvalidWeightsAreInvalidArgument) {
  const std::vector<uint64_t> hashes = {1, 2, 3};
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  for (const std::vector<float>& weights :
       {std::vector<float>{1.0f, 1.0f}, std::vector<float>{1.0f, 1.0f, 1.0f, 1.0f},
        std::vector<float>{1.0f, -0.5f, 1.0f}, std::vector<float>{1.0f, nan, 1.0f},
        std::vector<float>{inf, 1.0f, 1.0f}, std::vector<float>{1.0f, 1.0f, -inf}}) {
    auto fp = SimHash(hashes, weights);
    EXPECT_EQ(fp.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

// A document of 400 shingles; replacing a fraction of them moves the
// fingerprint by a distance that grows with the fraction replaced, and a
// small edit moves it by a few bits only (theory: 64 * acos(overlap) / pi).
TEST(SimHash, DistanceGrowsAsOverlapDrops) {
  std::mt19937_64 rng(15);
  const std::vector<double> fractions = {0.0, 0.01, 0.05, 0.2, 0.5, 1.0};
  std::vector<double> mean_distance;
  constexpr int kTrials = 200;
  for (double f : fractions) {
    double total = 0;
    for (int t = 0; t < kTrials; ++t) {
      const std::vector<uint64_t> doc = RandomHashes(400, &rng);
      std::vector<uint64_t> edited = doc;
      const size_t replaced = static_cast<size_t>(f * doc.size());
      for (size_t i = 0; i < replaced; ++i) edited[i] = rng();
      total += HammingDistance(SimHash(doc), SimHash(edited));
    }
    mean_distance.push_back(total / kTrials);
  }
  EXPECT_EQ(mean_distance[0], 0.0);
  for (size_t i = 1; i < mean_distance.size(); ++i) {
    EXPECT_GT(mean_distance[i], mean_distance[i - 1]) << "fraction " << fractions[i];
  }
  // 1 % edited: theory 2.9 bits; 5 %: 6.5 bits; unrelated: 32 bits.
  EXPECT_LT(mean_distance[1], 5.0);
  EXPECT_LT(mean_distance[2], 9.0);
  EXPECT_NEAR(mean_distance[5], 32.0, 2.0);
}

TEST(SimHash, HammingDistanceCountsDifferingBits) {
  EXPECT_EQ(HammingDistance(0, 0), 0);
  EXPECT_EQ(HammingDistance(0, ~uint64_t{0}), 64);
  EXPECT_EQ(HammingDistance(0b1011, 0b0110), 3);
}

// --------------------------------------------------------------------------
// NearPairs / HammingIndex

TEST(HammingIndexNearPairs, EqualsBruteForceForEveryRadius) {
  for (int k = 0; k <= kMaxHammingDistance; ++k) {
    std::mt19937_64 rng(100 + k);
    const std::vector<uint64_t> fps = PlantedFingerprints(k, 3000, &rng);
    const Pairs expected = BruteForcePairs(fps, k);
    HammingOptions options;
    options.max_distance = k;
    NearPairsStats stats;
    auto pairs = NearPairs(fps, options, &stats);
    ASSERT_TRUE(pairs.ok()) << pairs.status();
    EXPECT_EQ(*pairs, expected) << "k=" << k << " B=" << stats.num_blocks;
    EXPECT_TRUE(stats.exact());
    EXPECT_EQ(stats.pairs_found, expected.size());
    EXPECT_EQ(stats.num_tables, static_cast<int>([&] {
                uint64_t c = 1;
                for (int i = 0; i < k; ++i) c = c * (stats.num_blocks - i) / (i + 1);
                return c;
              }()));
    // Planted pairs at distance k+1 and k+2 exist, so the boundary is tested.
    EXPECT_GT(expected.size(), 20u * (k + 1));
  }
}

TEST(HammingIndexNearPairs, EveryBlockCountGivesTheSameExactAnswer) {
  for (int k : {1, 3, 5}) {
    std::mt19937_64 rng(200 + k);
    const std::vector<uint64_t> fps = PlantedFingerprints(k, 2000, &rng);
    const Pairs expected = BruteForcePairs(fps, k);
    for (int b : {k + 1, k + 2, k + 3, 2 * k + 2, 64}) {
      HammingOptions options;
      options.max_distance = k;
      options.num_blocks = b;
      if (b == 64 && k > 1) continue;  // C(64, k) > kMaxHammingTables
      NearPairsStats stats;
      auto pairs = NearPairs(fps, options, &stats);
      ASSERT_TRUE(pairs.ok()) << pairs.status();
      EXPECT_EQ(stats.num_blocks, b);
      EXPECT_EQ(*pairs, expected) << "k=" << k << " B=" << b;
    }
  }
}

TEST(HammingIndexNearPairs, PairsAreSortedUniqueAndDeterministic) {
  std::mt19937_64 rng(300);
  const std::vector<uint64_t> fps = PlantedFingerprints(3, 5000, &rng);
  auto first = NearPairs(fps, 3);
  auto second = NearPairs(fps, 3);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_TRUE(std::is_sorted(first->begin(), first->end()));
  EXPECT_EQ(std::adjacent_find(first->begin(), first->end()), first->end());
  for (const auto& [i, j] : *first) EXPECT_LT(i, j);
}

TEST(HammingIndexNearPairs, ForEachVisitsEachPairOnceWithItsDistance) {
  std::mt19937_64 rng(301);
  const std::vector<uint64_t> fps = PlantedFingerprints(4, 2000, &rng);
  HammingOptions options;
  options.max_distance = 4;
  std::vector<std::tuple<uint32_t, uint32_t, int>> visited;
  ASSERT_TRUE(ForEachNearPair(fps, options, [&](uint32_t i, uint32_t j, int d) {
                visited.emplace_back(i, j, d);
              }).ok());
  Pairs as_pairs;
  for (const auto& [i, j, d] : visited) {
    EXPECT_LT(i, j);
    EXPECT_EQ(d, HammingDistance(fps[i], fps[j]));
    as_pairs.emplace_back(i, j);
  }
  std::sort(as_pairs.begin(), as_pairs.end());
  EXPECT_EQ(as_pairs, BruteForcePairs(fps, 4));
}

TEST(HammingIndexNearPairs, TrivialInputs) {
  auto none = NearPairs({}, 3);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  const std::vector<uint64_t> one = {42};
  auto single = NearPairs(one, 3);
  ASSERT_TRUE(single.ok());
  EXPECT_TRUE(single->empty());
  const std::vector<uint64_t> three = {0, 0b111, 0b1111};
  EXPECT_EQ(*NearPairs(three, 0), Pairs{});
  EXPECT_EQ(*NearPairs(three, 1), (Pairs{{1, 2}}));
  EXPECT_EQ(*NearPairs(three, 3), (Pairs{{0, 1}, {1, 2}}));
  EXPECT_EQ(*NearPairs(three, 4), (Pairs{{0, 1}, {0, 2}, {1, 2}}));
}

TEST(HammingIndexNearPairs, LongRunsAreCappedAndReported) {
  // 100 identical fingerprints (4950 pairs) among random ones.
  std::mt19937_64 rng(302);
  std::vector<uint64_t> fps = RandomHashes(500, &rng);
  const uint64_t same = rng();
  for (int i = 0; i < 100; ++i) fps.push_back(same);
  const Pairs expected = BruteForcePairs(fps, 3);
  ASSERT_GE(expected.size(), 4950u);

  HammingOptions options;
  options.max_distance = 3;
  options.max_run_length = 100;  // exact up to the cap
  NearPairsStats stats;
  EXPECT_EQ(*NearPairs(fps, options, &stats), expected);
  EXPECT_TRUE(stats.exact());
  EXPECT_EQ(stats.longest_run, 100u);

  options.max_run_length = 99;
  auto capped = NearPairs(fps, options, &stats);
  ASSERT_TRUE(capped.ok());
  EXPECT_FALSE(stats.exact());
  EXPECT_EQ(stats.capped_runs, static_cast<uint64_t>(stats.num_tables));
  EXPECT_EQ(stats.capped_run_members, 100u * stats.num_tables);
  // Only the identical group's pairs are missing; everything reported is right.
  EXPECT_EQ(capped->size(), expected.size() - 4950);
  EXPECT_TRUE(std::includes(expected.begin(), expected.end(), capped->begin(), capped->end()));

  options.max_run_length = 0;  // no cap
  EXPECT_EQ(*NearPairs(fps, options, &stats), expected);
  EXPECT_TRUE(stats.exact());
}

TEST(HammingIndexNearPairs, InvalidOptionsAreInvalidArgument) {
  const std::vector<uint64_t> fps = {1, 2, 3};
  EXPECT_EQ(NearPairs(fps, -1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(NearPairs(fps, kMaxHammingDistance + 1).status().code(),
            absl::StatusCode::kInvalidArgument);
  HammingOptions options;
  options.max_distance = 3;
  for (int b : {-1, 1, 3, 65}) {
    options.num_blocks = b;
    EXPECT_EQ(NearPairs(fps, options).status().code(), absl::StatusCode::kInvalidArgument)
        << "B=" << b;
  }
  options.num_blocks = 64;  // C(64, 3) = 41664 tables
  EXPECT_EQ(NearPairs(fps, options).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ForEachNearPair(fps, options, [](uint32_t, uint32_t, int) {}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HammingIndex::Create(9).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HammingIndex::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(HammingIndexIncremental, QueryEqualsBruteForce) {
  for (int k : {0, 2, 3, 6}) {
    std::mt19937_64 rng(400 + k);
    const std::vector<uint64_t> fps = PlantedFingerprints(k, 1500, &rng);
    auto index = HammingIndex::Create(k);
    ASSERT_TRUE(index.ok());
    // Query before Add: each pair seen once, from its later member.
    Pairs found;
    for (uint32_t j = 0; j < fps.size(); ++j) {
      const std::vector<uint32_t> near = index->Query(fps[j]);
      EXPECT_TRUE(std::is_sorted(near.begin(), near.end()));
      for (uint32_t i : near) found.emplace_back(i, j);
      auto id = index->Add(fps[j]);
      ASSERT_TRUE(id.ok());
      EXPECT_EQ(*id, j);
    }
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, BruteForcePairs(fps, k)) << "k=" << k;
    EXPECT_EQ(index->size(), fps.size());

    // Fresh queries (not in the index) against a brute-force scan.
    for (int q = 0; q < 200; ++q) {
      const uint64_t probe =
          FlipBits(fps[rng() % fps.size()], static_cast<int>(rng() % (k + 2)), &rng);
      std::vector<uint32_t> expected;
      for (uint32_t i = 0; i < fps.size(); ++i) {
        if (HammingDistance(probe, fps[i]) <= k) expected.push_back(i);
      }
      EXPECT_EQ(index->Query(probe), expected);
    }
  }
}

TEST(HammingIndexIncremental, BigBucketsAreCappedAndReported) {
  HammingOptions options;
  options.max_distance = 2;
  options.max_run_length = 10;
  auto index = HammingIndex::Create(options);
  ASSERT_TRUE(index.ok());
  for (int i = 0; i < 11; ++i) ASSERT_TRUE(index->Add(7).ok());
  HammingIndex::QueryStats stats;
  EXPECT_TRUE(index->Query(7, &stats).empty());
  EXPECT_EQ(stats.capped_buckets, static_cast<uint64_t>(index->num_tables()));
  options.max_run_length = 11;
  auto roomy = HammingIndex::Create(options);
  for (int i = 0; i < 11; ++i) ASSERT_TRUE(roomy->Add(7).ok());
  EXPECT_EQ(roomy->Query(7, &stats).size(), 11u);
  EXPECT_EQ(stats.capped_buckets, 0u);
}

// The index is a value: a copy is independent of the original, and a moved
// index keeps the contents.
TEST(HammingIndexIncremental, CopiesAreDeepAndMovesKeepTheContents) {
  auto index = HammingIndex::Create(2);
  ASSERT_TRUE(index.ok());
  ASSERT_TRUE(index->Add(0b1111).ok());
  HammingIndex copy = *index;
  ASSERT_TRUE(copy.Add(0b0111).ok());
  EXPECT_EQ(index->size(), 1u);
  EXPECT_EQ(copy.size(), 2u);
  EXPECT_EQ(index->Query(0b0011), std::vector<uint32_t>({0}));
  EXPECT_EQ(copy.Query(0b0011), std::vector<uint32_t>({0, 1}));
  copy = *index;  // copy-assignment replaces the contents
  EXPECT_EQ(copy.Query(0b0011), std::vector<uint32_t>({0}));
  HammingIndex moved = std::move(copy);
  EXPECT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved.num_tables(), index->num_tables());
  EXPECT_EQ(moved.max_distance(), 2);
  EXPECT_EQ(moved.Query(0b1110), std::vector<uint32_t>({0}));
}

}  // namespace
}  // namespace shabih
