#include "shabih/minhash.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"

namespace shabih {
namespace {

// The hot loop: for every shingle, every permutation. Written so that GCC
// vectorizes the inner loop over permutations (32x32->64 multiplies), and
// cloned for AVX2 with a run-time dispatch, the one dispatch point.
__attribute__((target_clones("avx2", "default"))) void SignKernel(
    const uint64_t* shingles, size_t num_shingles, const uint64_t* mult, const uint64_t* add,
    size_t num_perms, uint32_t* signature) {
  // Slot minima kept as 64-bit lanes (values < 2^32), packed at the end.
  uint64_t mins[4096];
  for (size_t i = 0; i < num_perms; ++i) mins[i] = kEmptySlot;
  for (size_t s = 0; s < num_shingles; ++s) {
    const uint64_t h = shingles[s];
    const uint64_t x = static_cast<uint32_t>(h ^ (h >> 32));
    for (size_t i = 0; i < num_perms; ++i) {
      const uint64_t lo = static_cast<uint64_t>(static_cast<uint32_t>(mult[i])) * x;
      const uint64_t hi = static_cast<uint64_t>(static_cast<uint32_t>(mult[i] >> 32)) * x;
      const uint64_t v = (lo + (hi << 32) + add[i]) >> 32;
      mins[i] = v < mins[i] ? v : mins[i];
    }
  }
  for (size_t i = 0; i < num_perms; ++i) signature[i] = static_cast<uint32_t>(mins[i]);
}

}  // namespace

MinHasher::MinHasher(MinHashOptions options) : options_(options) {
  std::mt19937_64 rng(options.seed);
  mult_.resize(options.num_perms);
  add_.resize(options.num_perms);
  for (int i = 0; i < options.num_perms; ++i) {
    mult_[i] = rng() | 1;
    add_[i] = rng();
  }
}

absl::StatusOr<MinHasher> MinHasher::Create(MinHashOptions options) {
  if (options.num_perms < 1 || options.num_perms > 4096) {
    return absl::InvalidArgumentError(
        absl::StrCat("--perms must be between 1 and 4096, got ", options.num_perms));
  }
  return MinHasher(options);
}

void MinHasher::Sign(absl::Span<const uint64_t> shingle_hashes, absl::Span<uint32_t> signature) const {
  SignKernel(shingle_hashes.data(), shingle_hashes.size(), mult_.data(), add_.data(), mult_.size(),
             signature.data());
}

double EstimateJaccard(absl::Span<const uint32_t> a, absl::Span<const uint32_t> b) {
  const size_t n = std::min(a.size(), b.size());
  if (n == 0) return 0.0;
  size_t equal = 0;
  for (size_t i = 0; i < n; ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(n);
}

}  // namespace shabih
