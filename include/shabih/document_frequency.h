// Which shingles are common in a crawl: a bounded-memory document-frequency
// sketch, used to discount template wording.
//
//   shabih::DocumentFrequencySketch sketch({});
//   for (each document d, in any order, on any thread's own sketch)
//     if (sketch.Samples(d.ordinal)) sketch.AddDocument(shingles_of_d);
//   sketch.Merge(other_threads_sketch);
//   shabih::CommonShingles common = sketch.Common(/*min_documents=*/50);
//   common.Contains(shingle_hash)   // in >= ~50 documents of the crawl
//
// Why: different stories written from one template (weather bulletins,
// congratulation cables, market summaries) share their fixed wording; what
// tells them apart - names, places, numbers - is rare. Dropping the shingles
// that occur in many documents before signing leaves exactly the evidence
// that separates them, while re-posts of one story (a handful of copies)
// keep their shared shingles. docs/methods.md has the measurements.
//
// How: a count-min sketch (2 rows of 2^24 saturating 8-bit counters, 32 MiB)
// counts, for a deterministic sample of documents, each distinct shingle once
// per document. Counters only add, so per-thread sketches merge into the same
// result whatever the thread count. Common() thresholds the rows into bit
// sets (4 MiB), so the per-shingle test on the hot path is two bit probes.
// Count-min only overestimates: a rare shingle can be taken for common when
// its cells collide with common ones (probability ~ (common cells / 2^24)^2).
//
// Thread safety: one thread per DocumentFrequencySketch; a CommonShingles is
// immutable and safe to share.
#ifndef SHABIH_DOCUMENT_FREQUENCY_H_
#define SHABIH_DOCUMENT_FREQUENCY_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace shabih {

struct DocumentFrequencyOptions {
  // Fraction of documents counted (chosen by a hash of the document's input
  // ordinal, so the same documents whatever the thread count). 0.25 keeps
  // the first pass cheap; frequencies are scaled back by 1/sample_rate.
  double sample_rate = 0.25;
};

class CommonShingles {
 public:
  CommonShingles() = default;
  bool empty() const { return rows_.empty(); }
  bool Contains(uint64_t shingle) const {
    if (rows_.empty()) return false;
    const uint64_t h0 = shingle & kMask, h1 = (shingle >> 32) & kMask;
    return ((rows_[0][h0 >> 6] >> (h0 & 63)) & 1) && ((rows_[1][h1 >> 6] >> (h1 & 63)) & 1);
  }
  // Cells marked common in each row (for the summary).
  uint64_t common_cells() const { return common_cells_; }

 private:
  friend class DocumentFrequencySketch;
  static constexpr uint64_t kMask = (uint64_t{1} << 24) - 1;
  std::vector<std::vector<uint64_t>> rows_;
  uint64_t common_cells_ = 0;
};

class DocumentFrequencySketch {
 public:
  explicit DocumentFrequencySketch(const DocumentFrequencyOptions& options);

  // Whether the document with this input ordinal belongs to the sample.
  bool Samples(uint64_t ordinal) const;
  // Counts each distinct value of `shingles` once.
  void AddDocument(absl::Span<const uint64_t> shingles);
  // Adds `other`'s counts (saturating sums: order-independent).
  void Merge(const DocumentFrequencySketch& other);

  uint64_t sampled_documents() const { return sampled_documents_; }
  double sample_rate() const { return options_.sample_rate; }
  // Estimated number of crawl documents containing `shingle` (an
  // overestimate, scaled by 1 / sample_rate).
  double EstimateDocuments(uint64_t shingle) const;
  // The shingles estimated to be in at least `min_documents` documents.
  CommonShingles Common(double min_documents) const;
  uint64_t MemoryBytes() const { return 2 * counters_[0].size(); }

 private:
  static constexpr uint64_t kWidth = uint64_t{1} << 24;
  DocumentFrequencyOptions options_;
  uint64_t sample_threshold_;
  std::vector<uint8_t> counters_[2];
  uint64_t sampled_documents_ = 0;
  std::vector<uint64_t> scratch_;
};

}  // namespace shabih

#endif  // SHABIH_DOCUMENT_FREQUENCY_H_
