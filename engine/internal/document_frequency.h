// Which shingles are common in a crawl: a bounded-memory document-frequency
// sketch, used to discount template wording.
//
//   shabih::DocumentFrequencySketch sketch({});
//   for (each document d in input order)
//     if (sampler.Take(d.ordinal)) sketch_of_some_thread.AddDocument(shingles_of_d);
//   sketch.Merge(other_threads_sketch);
//   shabih::CommonShingles common = sketch.Common(/*min_documents=*/50, total_documents);
//   common.Contains(shingle_hash)   // in >= ~50 documents of the crawl
//
// Why: different stories written from one template (weather bulletins,
// congratulation cables, market summaries) share their fixed wording; what
// tells them apart - names, places, numbers - is rare. Dropping the shingles
// that occur in many documents before signing leaves exactly the evidence
// that separates them, while re-posts of one story (a handful of copies)
// keep their shared shingles. docs/methods.md has the measurements.
//
// How: a blocked count-min sketch: 2^24 saturating 8-bit counters in 64-cell
// blocks (16 MiB); a shingle picks a block and two cells in it, so counting
// and testing it touch one cache line. Each distinct shingle of a sampled
// document is counted once. Counters only add, so per-thread sketches merge
// into the same result whatever the thread count. Common() thresholds the
// counters into a 2 MiB bit set, one 64-bit word per block, so the test on
// the hot path is one load. The sample is a fixed fraction of documents,
// chosen by a hash of the input ordinal, capped at max_documents in input
// order, which bounds the sketch's load (and so its overestimates) on any
// crawl size.
//
// Thread safety: one thread per DocumentFrequencySketch or
// DocumentSampler; a CommonShingles is immutable and safe to share.
#ifndef SHABIH_ENGINE_INTERNAL_DOCUMENT_FREQUENCY_H_
#define SHABIH_ENGINE_INTERNAL_DOCUMENT_FREQUENCY_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "shabih/dedup_options.h"

namespace shabih {

// Decides, in input order, which documents the sketch counts.
class DocumentSampler {
 public:
  explicit DocumentSampler(const DocumentFrequencyOptions& options);
  // Call once per document, in input order.
  bool Take(uint64_t ordinal);
  uint64_t taken() const { return taken_; }

 private:
  uint64_t threshold_;
  uint64_t max_documents_;
  uint64_t taken_ = 0;
};

class CommonShingles {
 public:
  CommonShingles() = default;
  bool empty() const { return words_.empty(); }
  bool Contains(uint64_t shingle) const {
    if (words_.empty()) return false;
    const uint64_t word = words_[shingle & kBlockMask];
    return ((word >> CellA(shingle)) & (word >> CellB(shingle)) & 1) != 0;
  }
  uint64_t MemoryBytes() const { return words_.size() * sizeof(uint64_t); }
  // Cells marked common (for the summary).
  uint64_t common_cells() const { return common_cells_; }

  // Layout shared with the sketch.
  static constexpr int kBlockBits = 18;
  static constexpr uint64_t kBlockMask = (uint64_t{1} << kBlockBits) - 1;
  static uint32_t CellA(uint64_t h) { return static_cast<uint32_t>((h >> kBlockBits) & 63); }
  static uint32_t CellB(uint64_t h) {
    const uint32_t a = CellA(h), b = static_cast<uint32_t>((h >> (kBlockBits + 6)) & 63);
    return b != a ? b : (a + 1) & 63;
  }

 private:
  friend class DocumentFrequencySketch;
  std::vector<uint64_t> words_;  // one bit per cell, one word per block
  uint64_t common_cells_ = 0;
};

class DocumentFrequencySketch {
 public:
  DocumentFrequencySketch();

  // Counts each distinct value of `shingles` once.
  void AddDocument(absl::Span<const uint64_t> shingles);
  // Adds `other`'s counts (saturating sums: order-independent).
  void Merge(const DocumentFrequencySketch& other);

  uint64_t sampled_documents() const { return sampled_documents_; }
  // Estimated number of crawl documents (of `total_documents`) containing
  // `shingle`: an overestimate, scaled by the fraction sampled.
  double EstimateDocuments(uint64_t shingle, uint64_t total_documents) const;
  // The shingles estimated to be in at least `min_documents` of the
  // `total_documents` documents of the crawl.
  CommonShingles Common(double min_documents, uint64_t total_documents) const;
  uint64_t MemoryBytes() const { return counters_.size(); }

 private:
  std::vector<uint8_t> counters_;  // 2^kBlockBits blocks of 64 cells
  uint64_t sampled_documents_ = 0;
  std::vector<uint64_t> scratch_;
};

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_DOCUMENT_FREQUENCY_H_
