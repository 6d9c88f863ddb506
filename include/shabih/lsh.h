// Locality-sensitive hashing over MinHash signatures: banding, by sorting.
//
//   // Three documents' signatures (MinHasher::Sign output), 4 values each,
//   // document-major; documents 0 and 1 agree on their first band.
//   const int num_perms = 4;
//   std::vector<uint32_t> signatures = {7, 7, 1, 2,   // document 0
//                                       7, 7, 3, 4,   // document 1
//                                       5, 6, 8, 9};  // document 2
//   std::vector<uint8_t> eligible = {1, 1, 1};  // 0: a document without shingles
//   // 2 bands of 2 rows; for real signatures, OptimalLshParams(threshold, num_perms).
//   shabih::LshParams params{/*bands=*/2, /*rows=*/2};
//   shabih::LshStats stats;
//   std::vector<shabih::DocPair> pairs =
//       shabih::LshCandidatePairs(signatures, num_perms, params, eligible, shabih::LshOptions(), &stats);
//   // pairs == {MakeDocPair(0, 1)}. Candidates are only candidates: verify
//   // each on the full signatures (EstimateJaccard in shabih/minhash.h).
//   std::vector<shabih::DocPair> verified;
//   for (shabih::DocPair p : pairs) {
//     const uint32_t* a = signatures.data() + shabih::PairFirst(p) * num_perms;
//     const uint32_t* b = signatures.data() + shabih::PairSecond(p) * num_perms;
//     int agree = 0;
//     for (int i = 0; i < num_perms; ++i) agree += a[i] == b[i];
//     if (agree * 2 >= num_perms) verified.push_back(p);  // estimated Jaccard >= 0.5
//   }
//
// A signature is cut into `bands` bands of `rows` values; two documents are
// candidates when any band agrees exactly, which happens with probability
// 1 - (1 - s^rows)^bands for Jaccard s. Bands are bucketed by sorting
// (band hash, document) tuples and scanning equal runs: cache-friendly,
// deterministic, and the same shape works out of core. Candidates are only
// candidates: callers verify each pair against the threshold.
//
// Thread safety: pure functions, safe to call from many threads at once;
// LshCandidatePairs itself starts LshOptions::threads workers and joins
// them before it returns. Its result is the same for any thread count.
#ifndef SHABIH_LSH_H_
#define SHABIH_LSH_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace shabih {

// Bands x rows. Zero by default, which finds no candidates: no value suits
// every threshold, so callers derive it (OptimalLshParams) or take it from
// the user (--bands / --rows).
struct LshParams {
  int bands = 0;
  int rows = 0;
};

// Probability that a pair of Jaccard similarity s becomes a candidate.
double LshCandidateProbability(double s, int bands, int rows);

// The bands x rows (bands * rows <= num_perms) minimizing
// fp_weight * P(false positive) + fn_weight * P(false negative), each the
// integral of the S-curve below / above the threshold (the datasketch rule).
// The weights default to 0.5 each, datasketch's, so the same threshold gives
// the same banding as there; RunDedup weights missed pairs 0.8
// (DedupOptions::lsh_recall_weight) because it verifies every candidate.
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
  // bucket is counted in LshStats. Keeps the work linear. 200: ten times
  // the largest cluster on SaudiNewsNet (19 documents; no bucket is capped
  // there), while a full bucket of 200 still gives only ~20k pairs.
  int max_bucket = 200;
  // Worker threads, each taking every threads-th band. 1: a library call
  // does not start threads unless asked; RunDedup passes --threads.
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
