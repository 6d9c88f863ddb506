#include "shabih/minhash.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <unordered_set>
#include <vector>

#include "gtest/gtest.h"
#include "shabih/normalize.h"
#include "shabih/shingle.h"

namespace shabih {
namespace {

double ExactJaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  std::unordered_set<uint64_t> sa(a.begin(), a.end()), sb(b.begin(), b.end());
  size_t inter = 0;
  for (uint64_t x : sa) inter += sb.count(x);
  return static_cast<double>(inter) / static_cast<double>(sa.size() + sb.size() - inter);
}

// Random pairs over the whole similarity range: a shared core plus
// private elements, with sizes like real articles (50..800 shingles).
struct PairSample {
  std::vector<uint64_t> a, b;
};
std::vector<PairSample> RandomPairs(int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<PairSample> pairs(count);
  for (auto& p : pairs) {
    const int shared = static_cast<int>(rng() % 800);
    const int only_a = static_cast<int>(rng() % 400) + 1;
    const int only_b = static_cast<int>(rng() % 400);
    for (int i = 0; i < shared; ++i) {
      const uint64_t x = rng();
      p.a.push_back(x);
      p.b.push_back(x);
    }
    for (int i = 0; i < only_a; ++i) p.a.push_back(rng());
    for (int i = 0; i < only_b; ++i) p.b.push_back(rng());
  }
  return pairs;
}

struct ErrorStats {
  double max_abs = 0, mean_abs = 0, mean_signed = 0;
  // Errors in units of the estimator's standard error sqrt(J(1-J)/perms).
  double mean_abs_z = 0, max_abs_z = 0;
};
ErrorStats MeasureError(int perms, const std::vector<PairSample>& pairs) {
  auto hasher = MinHasher::Create({.num_perms = perms});
  EXPECT_TRUE(hasher.ok());
  std::vector<uint32_t> sa(perms), sb(perms);
  ErrorStats s;
  for (const auto& p : pairs) {
    hasher->Sign(p.a, absl::MakeSpan(sa));
    hasher->Sign(p.b, absl::MakeSpan(sb));
    const double exact = ExactJaccard(p.a, p.b);
    const double err = EstimateJaccard(sa, sb) - exact;
    const double sigma = std::sqrt(exact * (1 - exact) / perms) + 1.0 / perms;
    s.max_abs = std::max(s.max_abs, std::abs(err));
    s.mean_abs += std::abs(err);
    s.mean_signed += err;
    s.mean_abs_z += std::abs(err) / sigma;
    s.max_abs_z = std::max(s.max_abs_z, std::abs(err) / sigma);
  }
  s.mean_abs /= pairs.size();
  s.mean_signed /= pairs.size();
  s.mean_abs_z /= pairs.size();
  return s;
}

TEST(MinHash, EstimateTracksExactJaccard) {
  const auto pairs = RandomPairs(1000, 42);
  // With the default 128 permutations the standard error is up to 0.044,
  // so single pairs may stray past 0.05. The estimator must be unbiased and
  // as tight as ideal random permutations: mean |error| / sigma is 0.80 for
  // a normal error (0.67 here, where sigma includes a 1/perms
  // quantization term), and nothing lies beyond 4.5 sigma.
  const ErrorStats s128 = MeasureError(128, pairs);
  std::printf("128 perms: mean|err| %.4f, mean|z| %.3f, max|z| %.2f, max|err| %.3f, bias %.4f\n", s128.mean_abs,
              s128.mean_abs_z, s128.max_abs_z, s128.max_abs, s128.mean_signed);
  EXPECT_LT(std::abs(s128.mean_signed), 0.005);
  EXPECT_LT(s128.mean_abs_z, 0.85);
  EXPECT_LT(s128.max_abs_z, 4.5);
  // With 1024 permutations (standard error <= 0.016) every one of the
  // 1,000 pairs is within +-0.05 of its exact Jaccard.
  const ErrorStats s1024 = MeasureError(1024, pairs);
  EXPECT_LE(s1024.max_abs, 0.05);
}

TEST(MinHash, IdenticalSetsAgreeEverywhereDisjointAlmostNowhere) {
  auto hasher = MinHasher::Create();
  ASSERT_TRUE(hasher.ok());
  std::vector<uint64_t> a, b;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 300; ++i) a.push_back(rng());
  for (int i = 0; i < 300; ++i) b.push_back(rng());
  std::vector<uint64_t> a_shuffled = a;
  std::shuffle(a_shuffled.begin(), a_shuffled.end(), rng);
  a_shuffled.push_back(a[0]);  // duplicates do not change the set
  std::vector<uint32_t> sa(128), sa2(128), sb(128);
  hasher->Sign(a, absl::MakeSpan(sa));
  hasher->Sign(a_shuffled, absl::MakeSpan(sa2));
  hasher->Sign(b, absl::MakeSpan(sb));
  EXPECT_EQ(sa, sa2);
  EXPECT_DOUBLE_EQ(EstimateJaccard(sa, sa2), 1.0);
  EXPECT_LT(EstimateJaccard(sa, sb), 0.05);
}

TEST(MinHash, EmptySetIsAllEmptySlots) {
  auto hasher = MinHasher::Create({.num_perms = 16});
  std::vector<uint32_t> sig(16, 0);
  hasher->Sign({}, absl::MakeSpan(sig));
  for (uint32_t v : sig) EXPECT_EQ(v, kEmptySlot);
}

TEST(MinHash, SeedChangesPermutations) {
  std::vector<uint64_t> a = {1, 2, 3, 4, 5};
  std::vector<uint32_t> s1(64), s2(64);
  MinHasher::Create({.num_perms = 64, .seed = 1})->Sign(a, absl::MakeSpan(s1));
  MinHasher::Create({.num_perms = 64, .seed = 2})->Sign(a, absl::MakeSpan(s2));
  EXPECT_NE(s1, s2);
}

TEST(MinHash, RejectsBadPermutationCounts) {
  EXPECT_EQ(MinHasher::Create({.num_perms = 0}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MinHasher::Create({.num_perms = 5000}).status().code(), absl::StatusCode::kInvalidArgument);
}

// Known answer, computed once with the code of kNormalizationVersion
// "ar-norm-1" and committed as literals: text -> tokens -> 5-shingles ->
// MinHash signature with the default options. If these values change, stored
// signatures no longer compare with new ones: that requires a new
// kNormalizationVersion or signature scheme version, never an updated
// literal alone. (tests/shingle_test.cc pins the token and shingle hashes.)
TEST(MinHashKnownAnswer, SignatureOfAFixedTextWithDefaultOptions) {
  const MinHashOptions defaults;
  ASSERT_EQ(defaults.num_perms, 128);
  ASSERT_EQ(defaults.seed, 0x5348414249480001ULL);
  std::vector<uint64_t> tokens, shingles;
  Normalizer::Default().TokenHashes(
      "قال المتحدث باسم الرئاسة الروسية، ديمتري بيسكوف، إن الكرملين يرحب بالحوار", &tokens);
  ShingleHashes(tokens, kDefaultShingleSize, &shingles);
  ASSERT_EQ(shingles.size(), 7u);
  ASSERT_EQ(shingles[0], 0xA3529606B04DC60DULL);
  auto hasher = MinHasher::Create();
  ASSERT_TRUE(hasher.ok());
  std::vector<uint32_t> signature(hasher->num_perms());
  hasher->Sign(shingles, absl::MakeSpan(signature));
  const std::vector<uint32_t> first(signature.begin(), signature.begin() + 8);
  EXPECT_EQ(first, std::vector<uint32_t>({0x009927F3, 0x0FE1BCB1, 0x12537ADD, 0x155417E6, 0x1795AF82, 0x4C898652,
                                          0x126919AD, 0x1C0EB4F9}));
  EXPECT_EQ(signature.back(), 0x3E70F9C3u);
}

}  // namespace
}  // namespace shabih
