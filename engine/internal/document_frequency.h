// Which shingles are common in a crawl: a bounded-memory document-frequency
// sketch, used to discount template wording.
//
//   shabih::DocumentFrequencySketch sketch;
//   for (each document d chosen by a DocumentSample (document_sample.h))
//     sketch.AddCells(ShingleCells(shingles_of_d));
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
// the hot path is one load. Which documents are counted is decided by their
// content (DocumentSampleHash), never by their position in the input, so a
// crawl split into shards samples the same documents: document_sample.h
// (batch and sharded builders) and DocumentSampler (the online deduper).
// A sampled document is reduced to its cells (ShingleCells: 4 bytes per
// distinct shingle), which is all the sketch needs and what a sample holds
// until it is final.
//
// Thread safety: one thread per DocumentFrequencySketch or
// DocumentSampler; a CommonShingles is immutable and safe to share.
#ifndef SHABIH_ENGINE_INTERNAL_DOCUMENT_FREQUENCY_H_
#define SHABIH_ENGINE_INTERNAL_DOCUMENT_FREQUENCY_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "shabih/dedup_options.h"

namespace shabih {
namespace internal {
struct StatisticsCodec;  // statistics_io.h
}  // namespace internal

// The hash that decides whether a document is sampled: XXH3 of its text,
// seeded by its site. Content, not position: every shard of a crawl
// computes it alone. Exact copies on one site share it (sampled together);
// copies on other sites are sampled independently.
uint64_t DocumentSampleHash(absl::string_view site, absl::string_view text);

// The sample-rate test on a DocumentSampleHash: rate x 2^64 (UINT64_MAX for
// a rate of 1, every hash below it).
uint64_t SampleThreshold(double sample_rate);

// The online deduper's sample: documents whose hash is below sample_rate, the
// first max_documents of them in input order (an online sketch cannot forget
// a document, so it cannot keep the smallest hashes as DocumentSample does).
class DocumentSampler {
 public:
  explicit DocumentSampler(const DocumentFrequencyOptions& options);
  // Call once per document, in input order, with its DocumentSampleHash.
  bool Take(uint64_t sample_hash);
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
  // Marks `shingles` common too (a template prior merged with the crawl's
  // own frequencies, template_prior.h). Call before sharing the set.
  void AddShingles(absl::Span<const uint64_t> shingles);

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
  friend struct internal::StatisticsCodec;
  std::vector<uint64_t> words_;  // one bit per cell, one word per block
  uint64_t common_cells_ = 0;
};

// The document frequency at or above which a shingle of a crawl of
// `documents` documents is common (DedupOptions::common_min_documents).
double CommonMinDocuments(const DedupOptions& options, uint64_t documents);

// The cells a document's shingles touch in the sketch, one 30-bit code per
// distinct shingle (block << 12 | CellA << 6 | CellB), sorted. Two distinct
// shingles with one code both count, as in AddDocument. Replaces *cells.
void ShingleCells(absl::Span<const uint64_t> shingles, std::vector<uint64_t>* scratch, std::vector<uint32_t>* cells);

class DocumentFrequencySketch {
 public:
  DocumentFrequencySketch();

  // Counts each distinct value of `shingles` once.
  void AddDocument(absl::Span<const uint64_t> shingles);
  // The same for a document given by its ShingleCells (equal counts).
  void AddCells(absl::Span<const uint32_t> cells);
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
  uint8_t max_count_ = 0;  // at least the largest counter
  std::vector<uint64_t> scratch_;
};

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_DOCUMENT_FREQUENCY_H_
