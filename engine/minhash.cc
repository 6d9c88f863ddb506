#include "shabih/minhash.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"

namespace shabih {
namespace {

// The hot loop: for every shingle, every permutation. Permutation i maps a
// 32-bit shingle hash x to Mix(x ^ seed_i, mult_i): xor, odd multiply and
// xor-shift, then a second fixed multiply and xor-shift (the murmur3
// finalizer's shape). Each step is a bijection of 32-bit words, so every
// permutation is a true permutation; all arithmetic is in 32-bit lanes, so
// one AVX2 instruction handles 8 permutations (16 with AVX-512). Cloned per
// instruction set with a run-time dispatch, the one dispatch point.
__attribute__((target_clones("avx512f", "avx2", "default"))) void SignKernel(
    const uint64_t* shingles, size_t num_shingles, const uint32_t* seeds, const uint32_t* mults,
    size_t num_perms, uint32_t* signature) {
  for (size_t i = 0; i < num_perms; ++i) signature[i] = kEmptySlot;
  for (size_t s = 0; s < num_shingles; ++s) {
    const uint64_t h = shingles[s];
    const uint32_t x = static_cast<uint32_t>(h ^ (h >> 32));
    for (size_t i = 0; i < num_perms; ++i) {
      uint32_t v = (x ^ seeds[i]) * mults[i];
      v ^= v >> 15;
      v *= 0x2C1B3C6Du;
      v ^= v >> 12;
      signature[i] = v < signature[i] ? v : signature[i];
    }
  }
}

}  // namespace

MinHasher::MinHasher(MinHashOptions options) : options_(options) {
  std::mt19937_64 rng(options.seed);
  seeds_.resize(options.num_perms);
  mults_.resize(options.num_perms);
  for (int i = 0; i < options.num_perms; ++i) {
    const uint64_t r = rng();
    seeds_[i] = static_cast<uint32_t>(r);
    mults_[i] = static_cast<uint32_t>(r >> 32) | 1u;
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
  SignKernel(shingle_hashes.data(), shingle_hashes.size(), seeds_.data(), mults_.data(), seeds_.size(),
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
