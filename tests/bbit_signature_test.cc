// internal b-bit signatures (engine/internal/bbit_signature.h): packing
// round trips on the kept bits, the empty slot survives, and the corrected
// estimator against exact agreement rates.
#include "engine/internal/bbit_signature.h"

#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "shabih/minhash.h"

namespace shabih::internal {
namespace {

TEST(BBitSignature, PackUnpackKeepsTheLowBitsAndEquality) {
  std::mt19937 rng(3);
  for (int bits : {32, 16, 8}) {
    std::vector<uint32_t> a(128), b(128);
    for (size_t i = 0; i < a.size(); ++i) {
      a[i] = rng();
      b[i] = i % 3 == 0 ? a[i] : rng();
    }
    a[5] = 0xFFFFFFFFu;  // an empty slot
    std::vector<uint8_t> pa(SignatureBytes(128, bits)), pb(SignatureBytes(128, bits));
    PackSignature(a, bits, pa.data());
    PackSignature(b, bits, pb.data());
    std::vector<uint32_t> ua(128), ub(128);
    UnpackSignature(pa.data(), bits, absl::MakeSpan(ua));
    UnpackSignature(pb.data(), bits, absl::MakeSpan(ub));
    const uint32_t mask = bits == 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
    EXPECT_EQ(ua[5], 0xFFFFFFFFu) << bits;
    for (size_t i = 0; i < a.size(); ++i) {
      if (i != 5) EXPECT_EQ(ua[i] & mask, a[i] & mask) << bits;
      EXPECT_EQ(ua[i] == ub[i], (a[i] & mask) == (b[i] & mask)) << bits << " " << i;
    }
  }
}

TEST(BBitSignature, CorrectedEstimateRemovesChanceAgreement) {
  EXPECT_DOUBLE_EQ(BBitJaccard(0.5, 32), 0.5);
  EXPECT_NEAR(BBitJaccard(1.0 / 256, 8), 0.0, 1e-12);  // chance alone: unrelated
  EXPECT_NEAR(BBitJaccard(1.0, 16), 1.0, 1e-12);
  EXPECT_NEAR(BBitJaccard(0.5 + 0.5 / 256, 8), 0.5, 1e-12);
  EXPECT_EQ(BBitJaccard(0.0, 8), 0.0);  // clamped
  // Over many random pairs at J = 0.3, 8-bit estimates average to J.
  std::mt19937 rng(7);
  double sum = 0;
  const int pairs = 2000, perms = 128;
  for (int p = 0; p < pairs; ++p) {
    std::vector<uint32_t> a(perms), b(perms);
    for (int i = 0; i < perms; ++i) {
      a[i] = rng();
      b[i] = (rng() % 1000) < 300 ? a[i] : rng();
    }
    std::vector<uint8_t> pa(perms), pb(perms);
    PackSignature(a, 8, pa.data());
    PackSignature(b, 8, pb.data());
    UnpackSignature(pa.data(), 8, absl::MakeSpan(a));
    UnpackSignature(pb.data(), 8, absl::MakeSpan(b));
    sum += BBitJaccard(EstimateJaccard(a, b), 8);
  }
  EXPECT_NEAR(sum / pairs, 0.3, 0.01);
}

}  // namespace
}  // namespace shabih::internal
