#include "shabih/shingle.h"

#include <xxhash.h>

#include <algorithm>

namespace shabih {

void ShingleHashes(absl::Span<const uint64_t> token_hashes, int k, std::vector<uint64_t>* shingles) {
  shingles->clear();
  const size_t n = token_hashes.size();
  if (n == 0) return;
  const size_t width = std::min<size_t>(static_cast<size_t>(std::max(k, 1)), n);
  const size_t count = n - width + 1;
  shingles->resize(count);
  const uint64_t* data = token_hashes.data();
  uint64_t* out = shingles->data();
  for (size_t i = 0; i < count; ++i) {
    out[i] = XXH3_64bits(data + i, width * sizeof(uint64_t));
  }
}

}  // namespace shabih
