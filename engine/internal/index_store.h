// The persistent index on disk: a folder of immutable runs named by a
// manifest that is replaced atomically.
//
//   auto store = IndexStore::OpenForWrite("idx/", resolved_options);   // takes idx/LOCK
//   auto run = (*store)->StartRun();            // writes idx/runs/.r000002.tmp/
//   (*run)->AddDocument(id, text_hash, signed_doc, signature);   // per new document, in order
//   ... candidates: (*store)->OpenBandStreams() merged with the run's band records ...
//   (*run)->SetCluster(...) for each new document;
//   (*store)->Commit(std::move(*run), statistics_bytes);   // rename + new manifest: all or nothing
//
// Layout (format "shabih-index-1", docs/index.md):
//   MANIFEST.json        {"format","params","documents","runs":[{"id","number","first","documents",...}],
//                         "statistics": FILE, "next_run"}; replaced by rename, so readers see a whole one
//   LOCK                 flock()ed by the one writer; released by the kernel when it dies
//   statistics-rNNNNNN.bin   CrawlStatistics (common-shingle set fixed at the first run, line counts growing)
//   runs/rNNNNNN/        one run's documents, numbered first .. first+documents-1 index-wide:
//     docs.bin      IndexDoc per document (text hash, id end, sizes)
//     ids.bin       the ids, concatenated
//     sigs.bin      perms x uint32 per document
//     bands.bin     BandRecord sorted by (band, key, doc): the LSH buckets, merged at query time
//     idkeys.bin    IdKey sorted by (id hash, doc): finds documents indexed before
//     clusters.bin  IndexCluster per document: its cluster as published
// Every file is written under a temporary name and fsynced; a run's folder
// is renamed into runs/ before the manifest naming it, so a run killed at
// any moment leaves either the old manifest (its folder is a leftover,
// removed at the next OpenForWrite) or the new one.
//
// Thread safety: one thread uses an IndexStore, except ReadSignature,
// Doc, Id and Cluster, which are const and safe from many threads.
#ifndef SHABIH_ENGINE_INTERNAL_INDEX_STORE_H_
#define SHABIH_ENGINE_INTERNAL_INDEX_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "engine/internal/band_file.h"
#include "engine/internal/band_records.h"
#include "engine/internal/external_sort.h"
#include "engine/internal/paged_file.h"
#include "shabih/dedup_options.h"

namespace shabih::internal {

inline constexpr char kIndexFormat[] = "shabih-index-1";

struct IndexDoc {  // 32 bytes
  uint64_t text_hash = 0;  // XXH3 of the text as read: the same id with other text is a new version
  uint64_t id_end = 0;     // end offset of the id in ids.bin (the start is the previous document's end)
  uint64_t main_bytes = 0;
  uint32_t shingles = 0;
  uint32_t version = 1;    // 1, then 2, 3 ... for new texts under an id already indexed
};
static_assert(sizeof(IndexDoc) == 32);

struct IndexCluster {  // 40 bytes: what clusters.jsonl said of the document when it was indexed
  uint32_t canonical = 0;   // index-wide number of its cluster's canonical document
  uint32_t linked_via = 0;  // index-wide number
  uint32_t run = 0;         // number of the run that indexed the document (kept through compaction)
  uint32_t canonical_run = 0;
  double similarity = 1;
  double link_jaccard = 1;
  double link_containment = 1;
};
static_assert(sizeof(IndexCluster) == 40);

struct IdKey {  // 16 bytes
  uint64_t id_hash = 0;
  uint32_t doc = 0;
  uint32_t pad = 0;
  bool operator<(const IdKey& o) const { return id_hash != o.id_hash ? id_hash < o.id_hash : doc < o.doc; }
};
static_assert(sizeof(IdKey) == 16);

uint64_t IdHash(absl::string_view id);
uint64_t TextHash(absl::string_view text);
// "r000042"
std::string RunName(uint32_t number);

struct IndexRunInfo {
  std::string name;
  uint32_t number = 0;
  uint64_t first = 0;
  uint64_t documents = 0;
  uint64_t bytes = 0;
  std::string created;  // RFC 3339, UTC
};

// Parameters that change signatures or candidates, as one JSON object: an
// index opened with other values is refused, naming the first difference.
std::string IndexParamsJson(const DedupOptions& resolved);

class IndexRunWriter;

class IndexStore {
 public:
  // Creates the folder and an empty index when missing; takes the writer
  // lock (FailedPrecondition naming the holder when another run has it);
  // removes leftovers of killed runs; refuses (InvalidArgument) an index
  // built with other parameters.
  static absl::StatusOr<std::unique_ptr<IndexStore>> OpenForWrite(const std::string& dir,
                                                                  const DedupOptions& resolved);
  // The same for an existing index, with its own parameters (compaction).
  static absl::StatusOr<std::unique_ptr<IndexStore>> OpenExistingForWrite(const std::string& dir);
  // Reads the manifest only; no lock (a reader sees the last whole manifest).
  static absl::StatusOr<std::unique_ptr<IndexStore>> OpenForRead(const std::string& dir);
  ~IndexStore();

  const std::string& dir() const { return dir_; }
  uint64_t documents() const { return documents_; }
  const std::vector<IndexRunInfo>& runs() const { return runs_; }
  const std::string& params_json() const { return params_json_; }
  int perms() const { return perms_; }
  int signature_bits() const { return signature_bits_; }  // 32, 16 or 8 (bbit_signature.h)
  // The stored statistics' serialized bytes; empty for an index without runs.
  absl::StatusOr<std::string> ReadStatisticsBytes() const;
  uint64_t BytesOnDisk() const;

  // Random access (pages cached within the budget given to OpenReaders).
  absl::Status OpenReaders(uint64_t cache_bytes);
  absl::Status ReadSignature(uint32_t doc, absl::Span<uint32_t> out) const;
  absl::StatusOr<IndexDoc> Doc(uint32_t doc) const;
  absl::StatusOr<std::string> Id(uint32_t doc) const;
  absl::StatusOr<IndexCluster> Cluster(uint32_t doc) const;

  // Sorted streams over every run, for merging with a new run's records.
  absl::StatusOr<std::vector<std::unique_ptr<RecordStream<BandRecord>>>> OpenBandStreams() const;
  absl::StatusOr<std::vector<std::unique_ptr<RecordStream<IdKey>>>> OpenIdStreams() const;

  // A new run (OpenForWrite only), numbered after the last.
  absl::StatusOr<std::unique_ptr<IndexRunWriter>> StartRun(uint64_t memory_bytes);
  // Makes `run` part of the index with `statistics` (replacing the stored
  // ones when non-empty): fsync, rename the run's folder, write the
  // manifest. All or nothing.
  absl::Status Commit(std::unique_ptr<IndexRunWriter> run, absl::string_view statistics);
  // Merges every run into one (same documents, numbers, answers).
  absl::Status Compact(uint64_t memory_bytes);

 private:
  IndexStore() = default;
  absl::Status ReadManifest();
  absl::Status WriteManifest(const std::vector<IndexRunInfo>& runs, uint64_t documents,
                             const std::string& statistics_file, uint32_t next_run);
  absl::Status RemoveLeftovers();
  absl::Status Lock();
  void ResetReaders();
  const IndexRunInfo& RunOf(uint32_t doc) const;
  size_t RunIndexOf(uint32_t doc) const;

  std::string dir_;
  int lock_fd_ = -1;
  int perms_ = 0;
  int signature_bits_ = 32;
  uint64_t documents_ = 0;
  std::string params_json_;
  std::string statistics_file_;
  uint32_t next_run_ = 1;
  std::vector<IndexRunInfo> runs_;
  struct RunReaders;
  std::vector<std::unique_ptr<RunReaders>> readers_;
};

// A run being written: documents are appended in order while signing;
// their band records go to an external sorter within the memory budget.
class IndexRunWriter {
 public:
  ~IndexRunWriter();
  uint32_t first() const { return first_; }
  uint32_t number() const { return number_; }
  uint32_t documents() const { return documents_; }
  const std::string& temp_dir() const { return temp_dir_; }
  absl::Status AddDocument(absl::string_view id, uint64_t text_hash, uint32_t version, uint64_t main_bytes,
                           uint32_t shingles, absl::Span<const uint32_t> signature,
                           absl::Span<const BandRecord> bands);
  // Ends the documents: flushes docs/ids/sigs (readable through Reader()),
  // returns the run's band records sorted; the caller passes each one on to
  // WriteBand() (the run keeps them) while merging them with the index's.
  absl::StatusOr<std::unique_ptr<RecordStream<BandRecord>>> FinishDocuments(uint64_t cache_bytes);
  absl::Status WriteBand(const BandRecord& record);
  // After FinishDocuments: the run's own signatures and ids.
  absl::Status ReadSignature(uint32_t local, absl::Span<uint32_t> out) const;
  absl::StatusOr<std::string> Id(uint32_t local) const;
  // Per document, in order, after clustering.
  absl::Status AddCluster(const IndexCluster& cluster);

 private:
  friend class IndexStore;
  IndexRunWriter() = default;
  absl::Status FinishFiles();

  std::string temp_dir_;
  uint32_t number_ = 0;
  uint32_t first_ = 0;
  uint32_t documents_ = 0;
  int perms_ = 0;
  int signature_bits_ = 32;
  uint64_t id_bytes_ = 0;
  std::unique_ptr<AtomicFileWriter> docs_, ids_, sigs_, clusters_;
  std::unique_ptr<BandFileWriter> bands_;
  std::unique_ptr<ExternalSorter<BandRecord>> band_sorter_;
  std::unique_ptr<ExternalSorter<IdKey>> id_sorter_;
  std::unique_ptr<PagedReader> sig_reader_, id_reader_, doc_reader_;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_INDEX_STORE_H_
