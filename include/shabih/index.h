// The persistent, incremental index: what `shabih dedup NEW --index IDX`
// deduplicates against and adds to, and `shabih index stats|compact`.
//
//   shabih::DedupOptions options;            // the CLI's defaults
//   options.index_dir = "/tmp/shabih-index-example";
//   // day 1 and day 2 of a crawl, each deduplicated against all before:
//   //   shabih::RunDedup({"day1.jsonl"}, options, "out1", nullptr);
//   //   shabih::RunDedup({"day2.jsonl"}, options, "out2", nullptr);
//   absl::StatusOr<shabih::IndexStats> stats = shabih::ReadIndexStats(options.index_dir);
//   if (stats.ok()) {
//     std::string json = shabih::IndexStatsJson(*stats);   // what `shabih index stats` prints
//   }
//
// What an index holds (docs/index.md has the layout): per document its id,
// a hash of its text, its signature, its LSH band keys (sorted, in runs) and
// the cluster it was published in; per index the parameters that shape
// signatures and the crawl statistics of its first run. Runs are immutable
// and named by a manifest that is replaced atomically: readers always see a
// whole index, a run killed at any moment leaves it as it was, and one
// writer at a time holds its lock.
//
// Thread safety: the functions are safe to call from many threads on
// different indexes; on one index, any number of readers (ReadIndexStats)
// and one writer (a dedup run or CompactIndex; a second gets
// FailedPrecondition).
#ifndef SHABIH_INDEX_H_
#define SHABIH_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace shabih {

struct IndexRun {
  std::string name;        // "r000001"
  uint64_t first = 0;      // index-wide number of its first document
  uint64_t documents = 0;
  uint64_t bytes = 0;      // on disk
  std::string created;     // UTC, RFC 3339
};

struct IndexStats {
  std::string path;
  std::string format;      // "shabih-index-1"
  uint64_t documents = 0;
  uint64_t bytes = 0;      // everything in the folder
  std::vector<IndexRun> runs;
  // The parameters every run against the index must use, as JSON.
  std::string params_json;
  // Bits kept of each signature value (DedupOptions::index_signature_bits).
  int signature_bits = 32;
};

// Reads the manifest (no lock). NotFound for a folder that is no index.
absl::StatusOr<IndexStats> ReadIndexStats(const std::string& dir);

// Merges every run into one; documents, numbers and answers stay the same.
// Takes the writer lock.
absl::StatusOr<IndexStats> CompactIndex(const std::string& dir);

// {"path","format","documents","runs","bytes","bytes_per_document","signature_bits","params",
//  "run_list":[{"name","first","documents","bytes","created"}]}
std::string IndexStatsJson(const IndexStats& stats);

}  // namespace shabih

#endif  // SHABIH_INDEX_H_
