// SimHash fingerprints (Charikar 2002) and an exact Hamming-radius pair
// finder over them (Manku, Jain, Das Sarma 2007, "Detecting near-duplicates
// for web crawling": permuted tables).
//
//   std::vector<std::vector<uint64_t>> docs = {{1, 2, 3, 4}, {1, 2, 3, 4}, {9, 8, 7, 6}};  // shingle hashes
//   std::vector<uint64_t> fps;                      // one per document
//   for (const auto& shingles : docs) fps.push_back(shabih::SimHash(shingles));
//   auto pairs = shabih::NearPairs(fps, /*max_distance=*/3);  // {(0, 1)}: pairs (i, j), i < j
//
// SimHash maps a bag of 64-bit feature hashes to a 64-bit fingerprint: bit b
// is set when the features with bit b set outweigh those with it clear. Two
// documents whose feature vectors are at angle theta differ in each bit with
// probability theta/pi, so the Hamming distance of fingerprints tracks
// (weighted cosine) similarity: near-duplicates land within a few bits.
// Features must be well-mixed hashes (XXH3 of word shingles is): each bit of
// the fingerprint is a vote of one bit of every feature.
//
// NearPairs finds every pair of fingerprints within Hamming distance k
// without comparing all pairs. The 64 bits are cut into B blocks; two
// fingerprints at distance <= k differ in at most k blocks, so they agree
// exactly on at least B-k of them (pigeonhole). For each of the C(B, k)
// choices of B-k "key" blocks, the fingerprints are bit-permuted so the key
// is on top, radix-sorted, and every run of equal keys is compared pairwise.
// A pair agreeing on several key choices is reported only from the first one
// (in enumeration order), so nothing is deduplicated after the fact. The
// result is exact: every pair at distance <= k, none beyond, whatever B is.
//
// Thread safety: SimHash, HammingDistance, NearPairs and ForEachNearPair are
// pure functions. A HammingIndex may be queried from many threads at once;
// Add() needs exclusive access.
#ifndef SHABIH_SIMHASH_H_
#define SHABIH_SIMHASH_H_

#include <bit>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace shabih {

// ---------------------------------------------------------------------------
// Fingerprints

// SimHash of a bag of features, every feature weighing 1 (a feature present
// twice votes twice). Bit b of the result is set when strictly more than half
// of the features have bit b set; a tie clears it. No features gives 0, so
// all featureless documents are at distance 0 from each other: leave them
// out of NearPairs (SaudiNewsNet has 354 empty texts: 62k spurious pairs).
// ~0.7 ns per feature, 280 ns for a 400-shingle article (AVX2 clone).
uint64_t SimHash(absl::Span<const uint64_t> feature_hashes);

// Weighted SimHash: bit b is set when the weights of the features with bit b
// set sum to strictly more than half of all weights (ties clear it). With
// all weights 1 this equals SimHash(feature_hashes) (float counts are exact
// below 2^24 features). `weights` is either
// empty (all 1) or one per feature; weights must be finite and >= 0 (IDF
// weights are); a zero weight removes its feature. Sums are float, added in
// feature order, so the result is deterministic.
// InvalidArgument: size mismatch, or a negative, NaN or infinite weight.
absl::StatusOr<uint64_t> SimHash(absl::Span<const uint64_t> feature_hashes,
                                 absl::Span<const float> weights);

inline int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

// ---------------------------------------------------------------------------
// Pairs within a Hamming radius

// Largest supported radius. The number of tables grows as C(B, k); beyond
// 8 of 64 bits, SimHash stops telling near-duplicates (Manku et al. use 3)
// from merely related text, and the pigeonhole keys get too short to prune.
inline constexpr int kMaxHammingDistance = 8;
// Largest number of tables (block choices) accepted, C(num_blocks, k).
inline constexpr int kMaxHammingTables = 1024;

struct HammingOptions {
  // k: pairs with HammingDistance <= k are reported. Default 3, the value
  // Manku et al. found right for 64-bit SimHash of web pages.
  int max_distance = 3;
  // B, the number of blocks the 64 bits are cut into (sizes differ by at
  // most one bit); 0 picks B from a cost model of the input size (sorting
  // C(B,k) tables against comparing runs on keys of ~64(B-k)/B bits): for
  // k=3 that is B=4 (4 tables, 16-bit keys) up to ~6M fingerprints, then
  // B=5 (10 tables, 25-bit keys). Otherwise B must be in [k+1, 64] with
  // C(B, k) <= kMaxHammingTables. B changes speed, never the result.
  int num_blocks = 0;
  // Runs of equal keys longer than this are not compared pairwise; they are
  // skipped and counted (NearPairsStats::capped_runs). A pair is then missing
  // only if the run it would be reported from (the first key choice on
  // which the two agree) was skipped. The usual cause is many identical
  // fingerprints (empty or templated documents, exact re-posts): callers
  // wanting them should group identical fingerprints first (cheap: sort) and
  // pass one per group. 4096 bounds the work per run at ~8.4M comparisons.
  // 0 means no cap (always exact; output can be quadratic).
  uint32_t max_run_length = 4096;
};

// What a NearPairs / ForEachNearPair call did.
struct NearPairsStats {
  int num_blocks = 0;               // B actually used
  int num_tables = 0;               // C(B, k)
  uint64_t candidates_checked = 0;  // pairs sharing a key, compared in full
  uint64_t pairs_found = 0;         // pairs reported
  uint64_t capped_runs = 0;         // runs skipped for exceeding max_run_length
  uint64_t capped_run_members = 0;  // total length of the skipped runs
  uint64_t longest_run = 0;         // longest run of equal keys over all tables
  // True when nothing was skipped: the result is every pair within radius.
  bool exact() const { return capped_runs == 0; }
};

// Every pair (i, j), i < j, of indices into `fingerprints` with
// HammingDistance(fingerprints[i], fingerprints[j]) <= max_distance, sorted,
// without duplicates. Deterministic. Uses the default HammingOptions
// otherwise (so runs longer than 4096 are capped; see max_run_length).
// InvalidArgument: max_distance outside [0, kMaxHammingDistance], or 2^32 or
// more fingerprints.
absl::StatusOr<std::vector<std::pair<uint32_t, uint32_t>>> NearPairs(
    absl::Span<const uint64_t> fingerprints, int max_distance);

// As above with every option; `stats` (optional) receives what was done.
absl::StatusOr<std::vector<std::pair<uint32_t, uint32_t>>> NearPairs(
    absl::Span<const uint64_t> fingerprints, const HammingOptions& options,
    NearPairsStats* stats = nullptr);

// Streams the pairs NearPairs would return, each exactly once, as
// visit(i, j, distance) with i < j, without materializing them (feed a
// union-find directly). The order is deterministic (table by table, run by
// run) but not sorted. Memory: 32 bytes per fingerprint.
absl::Status ForEachNearPair(absl::Span<const uint64_t> fingerprints, const HammingOptions& options,
                             absl::FunctionRef<void(uint32_t i, uint32_t j, int distance)> visit,
                             NearPairsStats* stats = nullptr);

// An incremental index for "which fingerprints seen so far are within k of
// this one?" (streaming dedup, or a new crawl against an old one). Same
// tables as NearPairs, kept in hash maps so Add() is O(C(B,k)); for a batch
// known up front NearPairs is faster and needs less memory.
//
//   auto index = shabih::HammingIndex::Create(3);
//   for (uint64_t fp : fps) {
//     std::vector<uint32_t> near = index->Query(fp);  // earlier docs within 3
//     index->Add(fp).IgnoreError();
//   }
class HammingIndex {
 public:
  // B defaults (num_blocks == 0) to the cost model's choice for a
  // million fingerprints. max_run_length caps the ids examined per table and
  // query in the same way (QueryStats counts the skipped buckets).
  static absl::StatusOr<HammingIndex> Create(int max_distance);
  static absl::StatusOr<HammingIndex> Create(const HammingOptions& options);

  struct QueryStats {
    uint64_t candidates_checked = 0;
    uint64_t capped_buckets = 0;
  };

  // Adds a fingerprint; returns its id, the number of fingerprints added
  // before it. ResourceExhausted once 2^32 - 1 fingerprints are held.
  absl::StatusOr<uint32_t> Add(uint64_t fingerprint);

  // Ids of the held fingerprints within max_distance of `fingerprint`,
  // ascending, each once.
  std::vector<uint32_t> Query(uint64_t fingerprint, QueryStats* stats = nullptr) const;

  size_t size() const;
  int max_distance() const { return max_distance_; }
  int num_blocks() const { return num_blocks_; }
  int num_tables() const;
  uint32_t max_run_length() const { return max_run_length_; }

  // Copies are deep (an index is a value); a moved-from index may only be
  // assigned to or destroyed.
  HammingIndex(const HammingIndex& other);
  HammingIndex& operator=(const HammingIndex& other);
  HammingIndex(HammingIndex&&) noexcept;
  HammingIndex& operator=(HammingIndex&&) noexcept;
  ~HammingIndex();

 private:
  struct Impl;  // the fingerprints and the hash tables (engine/simhash.cc)

  HammingIndex();

  int max_distance_ = 0;
  int num_blocks_ = 0;
  uint32_t max_run_length_ = 0;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shabih

#endif  // SHABIH_SIMHASH_H_
