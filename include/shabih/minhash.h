// MinHash signatures: a fixed-size sketch of a set whose per-position
// agreement rate estimates the sets' Jaccard similarity.
//
//   absl::StatusOr<shabih::MinHasher> hasher = shabih::MinHasher::Create({.num_perms = 128});
//   std::vector<uint64_t> a = {11, 22, 33, 44}, b = {11, 22, 33, 55};   // shingle hashes
//   std::vector<uint32_t> sig_a(hasher->num_perms()), sig_b(hasher->num_perms());
//   hasher->Sign(a, absl::MakeSpan(sig_a));
//   hasher->Sign(b, absl::MakeSpan(sig_b));
//   double j = shabih::EstimateJaccard(sig_a, sig_b);   // about 3/5, the sets' Jaccard
//
// Permutation i maps a shingle hash x (folded to 32 bits) through a chain of
// 32-bit bijections seeded per permutation (xor seed, odd multiply,
// xor-shift, multiply, xor-shift): a true permutation of 32-bit words, cheap
// in 32-bit SIMD lanes (the compiler vectorizes the loop; AVX-512 / AVX2
// clones are chosen at run time). Shingle hashes are already uniform (XXH3),
// so the permutations only need to decorrelate, not to randomize.
//
// Thread safety: a MinHasher is immutable; Sign() may run on many threads.
#ifndef SHABIH_MINHASH_H_
#define SHABIH_MINHASH_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace shabih {

struct MinHashOptions {
  // Permutations per signature. 128 gives a standard error of
  // sqrt(J(1-J)/128) <= 0.044 on the Jaccard estimate for 512 bytes/doc.
  int num_perms = 128;
  // Seed of the permutation coefficients; part of the output's params.
  uint64_t seed = 0x5348414249480001ULL;
};

// The value of a signature slot of an empty set.
inline constexpr uint32_t kEmptySlot = 0xFFFFFFFFu;

class MinHasher {
 public:
  // num_perms must be in [1, 4096].
  static absl::StatusOr<MinHasher> Create(MinHashOptions options = {});

  int num_perms() const { return static_cast<int>(seeds_.size()); }
  const MinHashOptions& options() const { return options_; }

  // Writes the signature of the set `shingle_hashes` (duplicates allowed)
  // into `signature`, which must hold num_perms() values. An empty set gives
  // all kEmptySlot.
  void Sign(absl::Span<const uint64_t> shingle_hashes, absl::Span<uint32_t> signature) const;

 private:
  explicit MinHasher(MinHashOptions options);
  MinHashOptions options_;
  std::vector<uint32_t> seeds_;
  std::vector<uint32_t> mults_;
};

// Fraction of positions where the two signatures agree (the MinHash estimate
// of Jaccard similarity). Signatures must have equal length.
double EstimateJaccard(absl::Span<const uint32_t> a, absl::Span<const uint32_t> b);

}  // namespace shabih

#endif  // SHABIH_MINHASH_H_
