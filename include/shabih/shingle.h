// Word k-shingles over normalized tokens, as 64-bit hashes.
//
//   std::vector<uint64_t> tokens = {1, 2, 3, 4, 5, 6};   // Normalizer::TokenHashes of a text
//   std::vector<uint64_t> shingles;
//   shabih::ShingleHashes(tokens, /*k=*/5, &shingles);   // 2 shingles: tokens 1-5 and 2-6
//
// A shingle is k consecutive tokens; its hash is XXH3 over the k token
// hashes. A document with fewer than k tokens (but at least one) gets a
// single shingle of all its tokens, so short briefs and headlines still have
// a signature instead of being silently excluded.
//
// Thread safety: pure functions.
#ifndef SHABIH_SHINGLE_H_
#define SHABIH_SHINGLE_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace shabih {

// Default k, chosen by measurement on SaudiNewsNet (docs/design.md).
inline constexpr int kDefaultShingleSize = 5;

// Replaces `*shingles` with the hashes of the k-shingles of `token_hashes`
// (max(1, n-k+1) values for n >= 1 tokens, none for n == 0). k >= 1.
void ShingleHashes(absl::Span<const uint64_t> token_hashes, int k, std::vector<uint64_t>* shingles);

}  // namespace shabih

#endif  // SHABIH_SHINGLE_H_
