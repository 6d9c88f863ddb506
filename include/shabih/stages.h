// `shabih dedup` as three stages that separate processes (a Slurm array job,
// Dask workers, several machines) run with nothing shared but files:
//
//   shabih::DedupOptions options;   // the same options for every stage
//   std::vector<std::string> inputs = {"crawl.jsonl"};
//   const int n = 4;   // input shards
//   const int m = 8;   // verify partitions (optional)
//   for (int i = 0; i < n; ++i) {   // any order, any machine, in parallel
//     absl::StatusOr<shabih::StageResult> s = shabih::ScanShard(inputs, options, i, n, "work/");
//   }
//   for (int i = 0; i < n; ++i) {   // after every scan shard
//     absl::StatusOr<shabih::StageResult> s = shabih::SignShard(inputs, options, i, n, "work/");
//   }
//   for (int p = 0; p < m; ++p) {   // optional, after every sign shard: the
//     // candidate search and verification, cut into m partitions of the bands
//     absl::StatusOr<shabih::StageResult> s = shabih::VerifyPartition(inputs, options, p, m, "work/");
//   }
//   // After every sign shard (and every verify partition, if any):
//   // out/clusters.jsonl and out/candidates.jsonl are the bytes
//   // `shabih dedup crawl.jsonl --out out` writes, for any n and m.
//   absl::StatusOr<shabih::DedupSummary> summary = shabih::ClusterShards(inputs, options, "work/", "out/");
//
// Stages and their files (in the work folder; docs/contract.md has them):
//   scan  (shard I of N): reads its shard of the input (ReadOptions::shard_*:
//         line-aligned byte ranges) into crawl statistics; writes
//         scan-I.state (CrawlStatisticsBuilder::SerializeState) and
//         scan-I.meta (its document count), the latter last.
//   sign  (shard I of N): merges the N scan states in shard order, so its
//         statistics are exactly one builder's over the whole crawl (no
//         merge stage: the first sign process to merge leaves the result in
//         statistics.bin, which the others read; equal bytes whoever writes
//         them, and a scan removes the file); signs its shard's
//         documents into sign-I/: docs.bin (per document: id end, line,
//         main bytes, source, shingles), ids.bin (ids as read), sigs.bin
//         (perms x uint32), bands.bin (LSH band records sorted by (band,
//         key, document), numbered globally: the earlier shards' document
//         counts come from their scan-J.meta), read.json (the shard's
//         ReadStats), and meta (counters) last.
//   verify (partition P of M; optional): the bands of the run (the
//         threshold's, then containment's) cut into M contiguous ranges;
//         reads P's range of every sign-I/bands.bin (found by binary
//         search), merges them into candidate pairs (whole buckets: a
//         bucket is one band's key), verifies them on signatures read by
//         4 KiB page and writes verify-P/candidates.bin (the pairs with
//         verification's verdicts, sorted by pair) and verify-P/meta last.
//   cluster (all N): makes ids unique in global order (UniqueIds); with
//         verify-0/meta present, merges the M partitions' verified pairs
//         (a pair two partitions found is kept once), else merges the N
//         sorted band files into candidate pairs itself and verifies them;
//         clusters and writes clusters.jsonl, candidates.jsonl and
//         summary.json into out_dir as RunDedup does.
// Every file is written whole (temporary name, fsync, rename); a stage's
// meta file is its commit marker, so a stage killed at any moment is simply
// run again. A later stage refuses files written with other options,
// inputs or shard count (FailedPrecondition naming the file and the stage
// to re-run), and a missing shard's file (FailedPrecondition naming it).
//
// Options: as RunDedup's, except that --method simhash, --keep, --index
// and stdin ("-") are refused (InvalidArgument): the stages read their
// input more than once, in several processes. options.memory_bytes bounds
// each process (default MemoryBudget()): sign spills band records to
// sign-I/ within half of it; cluster keeps about 20 bytes a document plus
// the candidate pairs; verify keeps 4 bytes a document (shingle counts),
// its partition's candidate pairs, and reads within a quarter of the
// budget. Every stage must see the same input files.
//
// Thread safety: the functions are independent and may run concurrently on
// different shards; two processes must not run the same stage and shard
// into one work folder at once.
#ifndef SHABIH_STAGES_H_
#define SHABIH_STAGES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "shabih/dedup.h"

namespace shabih {

// What a scan or sign stage did, for a scheduler's log.
struct StageResult {
  uint64_t documents = 0;  // documents of this shard
  uint64_t bytes = 0;      // input bytes read (decompressed)
  uint64_t skipped = 0;    // inputs skipped and counted (ReadStats::skipped_total)
};

absl::StatusOr<StageResult> ScanShard(const std::vector<std::string>& inputs, const DedupOptions& options,
                                      int shard_index, int shard_count, const std::string& work_dir);

// Needs every scan-J.meta of the same options, inputs and shard count.
absl::StatusOr<StageResult> SignShard(const std::vector<std::string>& inputs, const DedupOptions& options,
                                      int shard_index, int shard_count, const std::string& work_dir);

// Needs every sign-J/ of the same options and inputs (their count is read
// from sign-0/meta). StageResult::documents: the partition's candidate
// pairs. Runs in any order beside the other partitions.
absl::StatusOr<StageResult> VerifyPartition(const std::vector<std::string>& inputs, const DedupOptions& options,
                                            int partition_index, int partition_count, const std::string& work_dir);

// Needs every sign-J/ of the same options, inputs and shard count (the
// count is read from sign-0/meta), and every verify-P/ when verify-0/meta
// exists (a work folder reused without partitions: remove verify-*/). No document read and inputs skipped:
// writes summary.json and returns NoInputError, as RunDedup does.
absl::StatusOr<DedupSummary> ClusterShards(const std::vector<std::string>& inputs, const DedupOptions& options,
                                           const std::string& work_dir, const std::string& out_dir);

}  // namespace shabih

#endif  // SHABIH_STAGES_H_
