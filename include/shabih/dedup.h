// The near-duplicate pipeline behind `shabih dedup` and `shabih pairs`:
// read -> strip -> normalize -> shingle -> MinHash -> LSH -> verify ->
// cluster -> write.
//
//   shabih::DedupOptions options;              // defaults: docs/design.md
//   auto summary = shabih::RunDedup({"crawl/"}, options, "out/", nullptr);
//   // out/clusters.jsonl and out/summary.json, as CONTRACT.md describes
//
// A thin driver over the streaming API (signer.h, deduper.h) that reads
// files: a first scan feeds a CrawlStatisticsBuilder (per-site line
// statistics for stripping, sampled shingle document frequencies for
// template-aware signatures), keeping the documents in memory when they fit
// in cache_bytes; the second pass signs them with a DocumentSigner,
// `threads` workers per batch while the next batch is read, into a Deduper,
// which finds candidates (LSH banding or a SimHash Hamming index), verifies
// them on the full signatures and clusters. Output is byte-identical for any
// thread count: documents keep their input ordinal, and every parallel stage
// writes into slots or is merged in a fixed order.
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
#include "shabih/deduper.h"
#include "shabih/lsh.h"

namespace shabih {

struct DedupProgress {
  const char* stage = "";  // "scan" (crawl statistics), "sign", "cluster" (candidates, verify, cluster; "verify" for RunPairs), "write", "keep"
  uint64_t documents = 0;
  uint64_t bytes = 0;
  double seconds = 0;
  // Size of the input on disk (CorpusReader::total_bytes()) while a stage
  // reads it; 0 when unknown (stdin) or when the stage reads no input.
  uint64_t total_bytes = 0;
  // Share of this stage's work done, in [0, 1] (input bytes consumed, or
  // documents of the in-memory cache); -1 when unknown.
  double fraction = -1;
};
// Called from the calling thread, a few times per second at most.
using ProgressCallback = std::function<void(const DedupProgress&)>;

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
