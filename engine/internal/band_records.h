// LSH band keys as records that can be sorted out of core and merged: the
// shape LshCandidatePairs uses in memory (shabih/lsh.h), spelled out so that
// signing can spill them, an index can store them sorted, and a candidate
// search can stream them.
//
//   std::vector<internal::BandRecord> records;
//   internal::AppendBandRecords(signature, params, /*band_set=*/0, /*doc=*/7, &records);
//   std::sort(records.begin(), records.end());   // by (band, key, doc)
//   internal::BucketPairs pairs(max_bucket);
//   for (const auto& r : records) pairs.Add(r, emit);   // then pairs.Flush(emit)
//
// Why records: the in-memory search sorts (key, doc) per band; sorting
// (band, key, doc) over all bands gives the same buckets in the same order,
// so a search over sorted runs on disk finds exactly the in-memory pairs
// (the same capping of big buckets included), whatever the memory budget.
//
// Thread safety: plain functions and values; BucketPairs is one caller's.
#ifndef SHABIH_ENGINE_INTERNAL_BAND_RECORDS_H_
#define SHABIH_ENGINE_INTERNAL_BAND_RECORDS_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "engine/internal/record_stream.h"
#include "shabih/lsh.h"

namespace shabih::internal {

// The hash of one band of a signature: equal bands, equal keys.
uint64_t BandKey(const uint32_t* band_values, int rows, int band);

// 16 bytes, trivially copyable: the unit of spill files and index runs.
struct BandRecord {
  uint32_t band = 0;  // band_set << 16 | band
  uint32_t doc = 0;   // document number (input ordinal, or index-global)
  uint64_t key = 0;
  bool operator<(const BandRecord& o) const {
    if (band != o.band) return band < o.band;
    if (key != o.key) return key < o.key;
    return doc < o.doc;
  }
  bool SameBucket(const BandRecord& o) const { return band == o.band && key == o.key; }
};
static_assert(sizeof(BandRecord) == 16);

// Appends one record per band of `signature` under `params`. `band_set`
// tells apart the bandings of one run (0: the threshold's, 1: containment's).
void AppendBandRecords(absl::Span<const uint32_t> signature, LshParams params, uint32_t band_set, uint32_t doc,
                       std::vector<BandRecord>* out);

// Turns a stream of band records sorted by (band, key, doc) into candidate
// pairs with LshCandidatePairs' rule: a bucket of up to max_bucket documents
// gives all its pairs, a larger one pairs its first document with each other
// (counted as capped). Documents numbered below `first_new` are old (an
// index's): pairs of two old documents are not emitted, since they were
// decided when the later of them was indexed.
class BucketPairs {
 public:
  explicit BucketPairs(int max_bucket, uint32_t first_new = 0) : max_bucket_(max_bucket), first_new_(first_new) {}
  template <typename Emit>
  void Add(const BandRecord& r, Emit&& emit) {
    if (!bucket_.empty() && !bucket_band_.SameBucket(r)) Flush(emit);
    if (bucket_.empty()) bucket_band_ = r;
    bucket_.push_back(r.doc);
  }
  template <typename Emit>
  void Flush(Emit&& emit) {
    const size_t size = bucket_.size();
    if (size > 1) {
      if (size > largest_bucket_) largest_bucket_ = size;
      if (size > static_cast<size_t>(max_bucket_)) {
        ++capped_buckets_;
        for (size_t j = 1; j < size; ++j) MaybeEmit(bucket_[0], bucket_[j], emit);
      } else {
        for (size_t i = 0; i < size; ++i) {
          for (size_t j = i + 1; j < size; ++j) MaybeEmit(bucket_[i], bucket_[j], emit);
        }
      }
    }
    bucket_.clear();
  }
  uint64_t capped_buckets() const { return capped_buckets_; }
  uint64_t largest_bucket() const { return largest_bucket_; }

 private:
  template <typename Emit>
  void MaybeEmit(uint32_t a, uint32_t b, Emit& emit) {
    if (a < first_new_ && b < first_new_) return;
    emit(MakeDocPair(a, b));
  }
  int max_bucket_;
  uint32_t first_new_;
  BandRecord bucket_band_;
  std::vector<uint32_t> bucket_;
  uint64_t capped_buckets_ = 0;
  uint64_t largest_bucket_ = 0;
};

// Every pair `buckets` makes of a sorted band stream, sorted and unique
// (buckets is flushed; its capped_buckets() counts what it capped). Pairs
// repeat across bands: they are deduplicated whenever they pass `limit`,
// which then doubles with what is left, so memory follows the distinct
// pairs. The limit changes when the work is done, never the result.
inline absl::StatusOr<std::vector<DocPair>> CollectBucketPairs(RecordStream<BandRecord>& merged,
                                                               BucketPairs& buckets, size_t limit) {
  std::vector<DocPair> pairs;
  auto emit = [&](DocPair p) { pairs.push_back(p); };
  auto compact = [&] {
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  };
  BandRecord r;
  while (merged.Next(&r)) {
    buckets.Add(r, emit);
    if (pairs.size() > limit) {
      compact();
      limit = std::max(limit, pairs.size() * 2);
    }
  }
  buckets.Flush(emit);
  if (!merged.status().ok()) return merged.status();
  compact();
  return pairs;
}

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_BAND_RECORDS_H_
