// The document-frequency sample of a crawl, chosen so that any split of the
// crawl into shards, built apart and merged, picks the same documents.
//
//   shabih::DocumentSample sample(options.document_frequency);
//   for (each document d, in any order, on any shard)
//     if (sample.Wants(h = DocumentSampleHash(d.site, d.text)))
//       sample.Add(h, cells_of_d);          // ShingleCells(shingles of d)
//   sample.Merge(std::move(other_shard_sample));
//   DocumentFrequencySketch sketch = sample.Count();
//
// The rule: a document is a candidate when its DocumentSampleHash is below
// sample_rate x 2^64 and it has at most max_shingles / 64 distinct shingles;
// the sample is the longest run of candidates, in increasing (hash, cells)
// order, holding at most max_documents documents and max_shingles cells.
// A shard's own sample is a superset of what the global sample takes from
// that shard (a prefix of the global order restricted to a shard is a prefix
// of the shard's order, within the same bounds), so keeping each shard's
// sample and cutting the union again gives the global sample exactly: the
// result does not depend on shards, batches, threads or merge order.
//
// Why a bottom-k by hash and not "the first max_documents in input order":
// a shard does not know its documents' global positions. Why both bounds:
// max_documents keeps the sketch's counters loaded as before (50,000
// documents of ~300 shingles: ~1.8 counts per counter), max_shingles bounds
// memory whatever the documents' lengths. Why the per-document limit: with
// a prefix rule a single huge page with a small hash would end the sample.
//
// Memory: a document is held as its cells (4 bytes per distinct shingle)
// until the sample is final; pruning runs when the held documents pass the
// bounds by a quarter, so at most 1.25 x max_shingles x 4 bytes (80 MiB at
// the defaults; SaudiNewsNet's 25 % sample is 7,735 documents, 2.6M cells, 10 MiB).
// Once the sample is full, a document whose hash is past the current cut is
// refused by Wants() before it is shingled: pass 1 on a large crawl shingles
// only the documents that can still enter.
//
// Under a memory budget (SpillTo), the cells of held documents move to an
// unlinked scratch file once they pass the budget, and are read back only to
// break a tie between equal hashes, to count and to serialize: the sample
// chosen, and so every statistic, is the same whatever the budget. Without
// it, the bound above (80 MiB at the defaults) sat outside `--memory`.
//
// Thread safety: one thread per instance.
#ifndef SHABIH_ENGINE_INTERNAL_DOCUMENT_SAMPLE_H_
#define SHABIH_ENGINE_INTERNAL_DOCUMENT_SAMPLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

#include "engine/internal/document_frequency.h"
#include "shabih/dedup_options.h"

namespace shabih {
namespace internal {
struct StatisticsCodec;
}  // namespace internal

class DocumentSample {
 public:
  explicit DocumentSample(const DocumentFrequencyOptions& options);

  // False when a document with this hash cannot be in the sample: below the
  // rate, and not past the cut of a full sample. A cheap test to run before
  // shingling the document.
  bool Wants(uint64_t hash) const { return hash < threshold_ && hash <= cutoff_; }
  // Offers a document (its sorted ShingleCells); ignored when it cannot be in
  // the sample.
  void Add(uint64_t hash, std::vector<uint32_t> cells);
  // Adds `other`'s documents; `other` is left empty.
  void Merge(DocumentSample&& other);

  // Cuts to the final sample (idempotent) and counts it into a sketch.
  DocumentFrequencySketch Count();
  // Documents and cells held (after Prune(): the sample so far).
  void Prune();
  uint64_t documents() const { return entries_.size(); }
  uint64_t cells() const { return cells_; }
  uint64_t MemoryBytes() const;

  // Keeps at most about `memory_bytes` of cells in memory, the rest in a
  // scratch file created in `work_dir` (which must exist) and unlinked at
  // once, so nothing is left behind, even by a killed run. 0 turns it off.
  void SpillTo(std::string work_dir, uint64_t memory_bytes);
  // OK, or the first error writing or reading the scratch file; the sample
  // (and what Count() returns) is then incomplete and must not be used.
  const absl::Status& status() const { return status_; }

  DocumentSample(DocumentSample&& other) noexcept;
  DocumentSample& operator=(DocumentSample&& other) noexcept;
  // A copy holds every cell in memory (it reads spilled ones back) and
  // makes its own scratch file when it spills.
  DocumentSample(const DocumentSample& other);
  DocumentSample& operator=(const DocumentSample& other);
  ~DocumentSample();

 private:
  friend struct internal::StatisticsCodec;
  static constexpr uint64_t kInMemory = UINT64_MAX;
  struct Entry {
    uint64_t hash;
    std::vector<uint32_t> cells;  // empty when spilled
    uint64_t count = 0;           // cells.size(), also when spilled
    uint64_t offset = kInMemory;  // byte offset in the scratch file when spilled
  };
  void MaybePrune();
  void MaybeSpill();
  // The entry's cells, from memory or read back from the scratch file
  // (empty, with status_ set, when that fails).
  std::vector<uint32_t> CellsOf(const Entry& e) const;
  void CloseFile();
  // Closes this sample's file and copies `other`'s bounds, cut and spill
  // settings (not its documents): what copy and move share.
  void TakeSettings(const DocumentSample& other);

  uint64_t threshold_;
  uint64_t max_documents_;
  uint64_t max_cells_;
  uint64_t max_document_cells_;
  uint64_t cutoff_ = UINT64_MAX;  // hashes past it can never enter
  std::vector<Entry> entries_;
  uint64_t cells_ = 0;
  // Spilling (SpillTo): the budget in cells, the cells held in memory, the
  // scratch file (-1: none yet) and its size.
  std::string spill_dir_;
  uint64_t spill_cells_ = 0;
  uint64_t memory_cells_ = 0;
  int fd_ = -1;
  uint64_t file_bytes_ = 0;
  mutable absl::Status status_;
};

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_DOCUMENT_SAMPLE_H_
