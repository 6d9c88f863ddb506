// The work folder of the sharded stages (shabih/stages.h): file names, the
// per-shard meta records that commit a stage, and the table the cluster
// stage verifies on (signatures of every shard read by page).
//
//   StageMeta meta = NewStageMeta(key, /*shard=*/2, /*shards=*/8);
//   meta.documents = 1000;
//   SHABIH_RETURN_IF_ERROR(WriteStageMeta(ScanMetaPath(work, 2), meta));   // last: commits the stage
//   absl::StatusOr<StageMeta> back = ReadStageMeta(ScanMetaPath(work, 2), key, "scan", 8);
//
// The files are private to one version of shabih: fixed-size records in
// host byte order (the stages of one run share a machine architecture),
// each stamped with a key of every option and input that changes them, so
// that a stage never mixes shards written by other runs.
//
// Thread safety: functions are independent; ShardTable's const methods
// are safe from many threads (PagedReader is).
#ifndef SHABIH_ENGINE_INTERNAL_STAGE_FILES_H_
#define SHABIH_ENGINE_INTERNAL_STAGE_FILES_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "engine/internal/paged_file.h"
#include "shabih/dedup_options.h"
#include "shabih/lsh.h"

namespace shabih::internal {

// A stage's commit record: written last, so its presence means the shard's
// other files are complete. 96 bytes. A verify partition's record counts
// its candidates in `documents`, the band records it read in
// `band_records`, and its capped buckets.
struct StageMeta {
  char magic[8] = {'S', 'H', 'S', 'T', 'A', 'G', 'E', '1'};
  uint64_t key = 0;  // StageKey of the run
  uint32_t shard = 0, shards = 0;
  uint64_t documents = 0;
  uint64_t bytes = 0;  // input bytes read
  // sign only: the summary's counters of the shard.
  uint64_t stripped_documents = 0, stripped_bytes = 0, shingles = 0, discounted_shingles = 0;
  uint64_t common_shingle_cells = 0;
  uint64_t band_records = 0;
  uint64_t capped_buckets = 0;  // verify only
};
static_assert(sizeof(StageMeta) == 96);

// Per document of a sign shard, in input order: 32 bytes.
struct ShardDoc {
  uint64_t id_end = 0;  // end of its id in ids.bin (the start is the previous document's end)
  uint64_t line = 0;    // Document::line
  uint64_t main_bytes = 0;
  uint32_t source = 0;  // Document::source
  uint32_t shingles = 0;
};
static_assert(sizeof(ShardDoc) == 32);

// A hash of everything the stages' files depend on: the options that
// change signatures and candidates (IndexParamsJson), the read options,
// the inputs as given and the shard count.
uint64_t StageKey(const std::vector<std::string>& inputs, const DedupOptions& resolved, int shards);

// The options a stage runs with: resolved, memory_bytes filled in, the
// read set to shard `shard_index` of `shard_count` without making ids
// unique (the cluster stage does, in global order), the work folder never
// read. InvalidArgument for what the stages refuse (shabih/stages.h).
absl::StatusOr<DedupOptions> StageOptions(const std::vector<std::string>& inputs, const DedupOptions& options,
                                          int shard_index, int shard_count, const std::string& work_dir);
// Whether the options need crawl statistics (a scan pass), as RunDedup decides.
bool NeedsScan(const DedupOptions& resolved);

StageMeta NewStageMeta(uint64_t key, int shard, int shards);

std::string ScanStatePath(const std::string& work, int shard);  // work/scan-I.state
std::string ScanMetaPath(const std::string& work, int shard);   // work/scan-I.meta
std::string StatisticsPath(const std::string& work);  // work/statistics.bin
std::string SignDir(const std::string& work, int shard);        // work/sign-I
// Files in SignDir: "meta", "read.json", "docs.bin", "ids.bin", "sigs.bin", "bands.bin".
std::string SignPath(const std::string& work, int shard, const char* file);
std::string VerifyDir(const std::string& work, int partition);  // work/verify-P
// Files in VerifyDir: "meta", "candidates.bin".
std::string VerifyPath(const std::string& work, int partition, const char* file);

// The containment banding of the candidate search (engine/deduper.cc's).
LshParams ContainmentParams(const DedupOptions& resolved);

// Every sign shard's meta record, their count from sign-0/meta, each
// checked against the run's key (StageKey of that count).
absl::StatusOr<std::vector<StageMeta>> ReadSignMetas(const std::vector<std::string>& inputs,
                                                     const DedupOptions& resolved, const std::string& work);

absl::Status WriteStageMeta(const std::string& path, const StageMeta& meta);
// FailedPrecondition naming `path` and the stage to (re-)run when it is
// missing, is not a meta record, or was written with another key or shard
// count (`key` 0: any key; `shards` 0: any count).
absl::StatusOr<StageMeta> ReadStageMeta(const std::string& path, uint64_t key, const char* stage, int shards);

// Reads a whole file; FailedPrecondition naming it (and `stage`) when missing.
absl::StatusOr<std::string> ReadStageFile(const std::string& path, const char* stage);

// The cluster stage's view of every document by global number: signatures
// from each shard's sigs.bin (4 KiB pages), shingle counts in memory, ids
// (after UniqueIds) from one file by page. The Table of verify.h.
class ShardTable {
 public:
  // first[s]: the global number of shard s's first document (size shards + 1).
  // ids_path empty: no ids (Id() returns ""), for verification alone.
  static absl::StatusOr<std::unique_ptr<ShardTable>> Open(const std::string& work, std::vector<uint64_t> first,
                                                          int perms, std::vector<uint32_t> shingles,
                                                          const std::string& ids_path, std::vector<uint64_t> id_ends,
                                                          uint64_t cache_bytes);
  double Jaccard(uint32_t a, uint32_t b) const;
  uint32_t Shingles(uint32_t d) const { return shingles_[d]; }
  std::string Id(uint32_t d) const;
  // The first read error, if any (the methods above cannot return one).
  absl::Status status() const;

 private:
  ShardTable() = default;
  absl::Status ReadSignature(uint32_t d, absl::Span<uint32_t> out) const;
  void Note(const absl::Status& s) const;

  std::vector<uint64_t> first_;
  int perms_ = 0;
  std::vector<uint32_t> shingles_;
  std::vector<uint64_t> id_ends_;
  std::vector<std::unique_ptr<PagedReader>> signatures_;
  std::unique_ptr<PagedReader> ids_;
  mutable std::mutex mu_;
  mutable absl::Status status_;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_STAGE_FILES_H_
