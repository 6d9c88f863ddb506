// The near-duplicate pipeline behind `shabih dedup` and `shabih pairs`:
// read -> strip -> normalize -> shingle -> MinHash -> LSH -> verify ->
// cluster -> write.
//
//   shabih::DedupOptions options;              // defaults: docs/design.md
//   auto summary = shabih::RunDedup({"crawl/"}, options, "out/", nullptr);
//   // out/clusters.jsonl and out/summary.json, as CONTRACT.md describes
//
// Passes: a first scan collects per-site line statistics (for stripping)
// and sampled shingle document frequencies (for template-aware signatures),
// keeping the documents in memory when they fit; the second pass strips and
// signs them, `threads` workers per batch while the next batch is read.
// Signatures live in one flat array (num_perms uint32 per document).
// Candidate pairs come from LSH banding (or a SimHash Hamming index) and are
// verified on the full signatures before they become edges. Output is
// byte-identical for any thread count: documents keep their input ordinal,
// and every parallel stage writes into slots or is merged in a fixed order.
//
// Thread safety: RunDedup may be called concurrently with distinct out dirs.
#ifndef SHABIH_DEDUP_H_
#define SHABIH_DEDUP_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "shabih/cluster.h"
#include "shabih/corpus.h"
#include "shabih/dedup_options.h"
#include "shabih/lsh.h"

namespace shabih {

struct DedupProgress {
  const char* stage = "";  // "scan" (strip statistics), "sign", "lsh", "verify", "cluster", "write"
  uint64_t documents = 0;
  uint64_t bytes = 0;
  double seconds = 0;
};
// Called from the calling thread, a few times per second at most.
using ProgressCallback = std::function<void(const DedupProgress&)>;

struct StageTime {
  std::string stage;
  double seconds = 0;
};

struct DedupSummary {
  ReadStats read;
  uint64_t documents = 0;
  uint64_t clusters = 0;
  uint64_t duplicates = 0;              // documents that are not canonical
  uint64_t clusters_with_duplicates = 0;  // clusters of size >= 2
  uint64_t largest_cluster = 0;
  uint64_t candidate_pairs = 0;
  uint64_t verified_edges = 0;
  uint64_t refused_edges = 0;
  uint64_t containment_edges = 0;       // edges from containment only (J below threshold)
  uint64_t capped_buckets = 0;
  uint64_t stripped_documents = 0;      // documents that lost at least one line
  uint64_t stripped_bytes = 0;          // bytes removed as boilerplate
  uint64_t common_shingle_cells = 0;    // sketch cells marked common
  uint64_t discounted_shingles = 0;     // shingles left out as common
  uint64_t shingles = 0;                // shingles of all documents
  uint64_t kept_documents = 0;          // written to keep_dir
  LshParams lsh_params;
  int threads = 0;
  double seconds = 0;
  std::vector<StageTime> stages;
  uint64_t peak_rss_bytes = 0;
  uint64_t index_bytes = 0;             // signatures + per-document metadata
};

// Runs the pipeline over `inputs` and writes out_dir/clusters.jsonl and
// out_dir/summary.json (out_dir is created). Returns NotFound when no input
// document could be read, InvalidArgument for bad options.
absl::StatusOr<DedupSummary> RunDedup(const std::vector<std::string>& inputs,
                                      const DedupOptions& options, const std::string& out_dir,
                                      const ProgressCallback& progress);

// Like RunDedup, but writes every verified pair instead of clusters, one JSON
// line each, sorted by (a, b) in input order:
//   {"a","b","jaccard","containment","relation"}
// relation: "near-duplicate" (jaccard >= threshold), "a-contains-b" or
// "b-contains-a" (containment edges). Returns the same summary (clusters are
// not computed: clusters == 0).
absl::StatusOr<DedupSummary> RunPairs(const std::vector<std::string>& inputs, const DedupOptions& options,
                                      const std::string& out_file, const ProgressCallback& progress);


}  // namespace shabih

#endif  // SHABIH_DEDUP_H_
