// Estimates derived from MinHash Jaccard and shingle counts, shared by the
// batch and online dedupers.
#ifndef SHABIH_ENGINE_INTERNAL_SIMILARITY_H_
#define SHABIH_ENGINE_INTERNAL_SIMILARITY_H_

#include <algorithm>
#include <cstdint>

namespace shabih::internal {

// Estimated |A n B| / min(|A|, |B|) from the Jaccard estimate and the
// shingle counts: |A n B| = J (|A| + |B|) / (1 + J).
inline double EstimateContainment(double jaccard, uint32_t size_a, uint32_t size_b) {
  const uint32_t smaller = std::min(size_a, size_b);
  if (smaller == 0) return 0.0;
  const double intersection = jaccard * (static_cast<double>(size_a) + size_b) / (1.0 + jaccard);
  return std::min(1.0, intersection / smaller);
}

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_SIMILARITY_H_
