// Locality-sensitive hashing over MinHash signatures: banding, by sorting.
//
//   shabih::LshParams p = shabih::OptimalLshParams(/*threshold=*/0.5, /*num_perms=*/128);
//   shabih::LshStats stats;
//   std::vector<shabih::DocPair> pairs =
//       shabih::LshCandidatePairs(signatures, 128, p, eligible, {}, &stats);
//
// A signature is cut into `bands` bands of `rows` values; two documents are
// candidates when any band agrees exactly, which happens with probability
// 1 - (1 - s^rows)^bands for Jaccard s. Bands are bucketed by sorting
// (band hash, document) tuples and scanning equal runs: cache-friendly,
// deterministic, and the same shape works out of core. Candidates are only
// candidates: callers verify each pair against the threshold.
//
// Thread safety: pure functions; LshCandidatePairs uses `threads` workers.
#ifndef SHABIH_LSH_H_
#define SHABIH_LSH_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace shabih {

struct LshParams {
  int bands = 0;
  int rows = 0;
};

// Probability that a pair of Jaccard similarity s becomes a candidate.
double LshCandidateProbability(double s, int bands, int rows);

// The bands x rows (bands * rows <= num_perms) minimizing
// fp_weight * P(false positive) + fn_weight * P(false negative), each the
// integral of the S-curve below / above the threshold (the datasketch rule).
LshParams OptimalLshParams(double threshold, int num_perms, double fp_weight = 0.5,
                           double fn_weight = 0.5);

// A candidate pair of document ordinals, first < second, packed as
// (first << 32) | second so that sorting orders by first, then second.
using DocPair = uint64_t;
inline DocPair MakeDocPair(uint32_t a, uint32_t b) {
  return a < b ? (uint64_t{a} << 32) | b : (uint64_t{b} << 32) | a;
}
inline uint32_t PairFirst(DocPair p) { return static_cast<uint32_t>(p >> 32); }
inline uint32_t PairSecond(DocPair p) { return static_cast<uint32_t>(p); }

struct LshOptions {
  // A bucket shared by more documents than this (a template, a boilerplate
  // page repeated thousands of times) is not expanded into all its pairs:
  // each member is paired with the bucket's first document only, and the
  // bucket is counted in LshStats. Keeps the work linear.
  int max_bucket = 200;
  int threads = 1;
};

struct LshStats {
  uint64_t candidate_pairs = 0;   // distinct pairs returned
  uint64_t capped_buckets = 0;    // buckets over max_bucket
  uint64_t largest_bucket = 0;
};

// `signatures` holds num_docs * num_perms values, document-major. Documents
// whose `eligible` flag is 0 (no shingles) are never candidates. Returns the
// distinct candidate pairs, sorted.
std::vector<DocPair> LshCandidatePairs(absl::Span<const uint32_t> signatures, int num_perms,
                                       LshParams params, absl::Span<const uint8_t> eligible,
                                       const LshOptions& options, LshStats* stats);

}  // namespace shabih

#endif  // SHABIH_LSH_H_
