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
#include "shabih/boilerplate.h"
#include "shabih/cluster.h"
#include "shabih/corpus.h"
#include "shabih/document_frequency.h"
#include "shabih/lsh.h"
#include "shabih/minhash.h"
#include "shabih/normalize.h"

namespace shabih {

// How candidate pairs are found. Both verify every candidate on the MinHash
// signatures, so `similarity` is always an estimated Jaccard.
enum class DedupMethod {
  // LSH banding over MinHash signatures (the default).
  kMinHash,
  // SimHash fingerprints within `hamming_distance` bits (exact Hamming
  // index), then verified by MinHash Jaccard: the hybrid docs/methods.md
  // compares with plain MinHash LSH.
  kSimHash,
};
const char* DedupMethodName(DedupMethod method);
absl::StatusOr<DedupMethod> ParseDedupMethod(absl::string_view name);

struct DedupOptions {
  DedupMethod method = DedupMethod::kMinHash;
  // SimHash: maximum Hamming distance of candidate fingerprints (0..8).
  int hamming_distance = 6;
  // When > 0, a pair whose smaller document is at least this contained in
  // the larger (|A n B| / |smaller|, estimated from the signatures and
  // shingle counts) is an edge too, even below `threshold`: a wire story
  // embedded in a longer article. Candidates for it come from a second LSH
  // banding tuned to the lowest Jaccard such a pair can have when the larger
  // document is at most `containment_max_ratio` times the smaller.
  double containment = 0;
  double containment_max_ratio = 4;
  // Strip boilerplate before signing (--no-strip turns it off), with
  // per-site crawl statistics from a first pass (strip_crawl_stats) or from
  // each page alone.
  bool strip = true;
  bool strip_crawl_stats = true;
  BoilerplateOptions boilerplate;
  // Template-aware similarity: shingles found in at least
  // max(common_min_documents, common_fraction x documents) documents of the
  // crawl are left out of the signatures (a first pass estimates document
  // frequencies on a sample). Re-posts keep what they share; different
  // stories from one template lose the wording they share. 0 turns it off.
  // Defaults measured in docs/methods.md.
  double common_min_documents = 50;
  double common_fraction = 1e-4;
  DocumentFrequencyOptions document_frequency;
  // Estimated Jaccard at or above which two documents are near-duplicates.
  // 0.4, measured (docs/design.md): on SaudiNewsNet the pairs gained going
  // from 0.5 to 0.4 are nearly all edited re-posts (13 of 14 read by hand),
  // those gained going to 0.3 only about 60 %.
  double threshold = 0.4;
  // Word shingle size k (docs/design.md for the measurement).
  int shingle_size = 5;
  MinHashOptions minhash;
  // 0 = derived from threshold and num_perms by OptimalLshParams(), with
  // false negatives weighted `lsh_recall_weight` and false positives the
  // rest. 0.8, not datasketch's 0.5: every candidate is verified on the full
  // signature, so a false positive costs a 128-value comparison while a
  // false negative is a lost duplicate. At 0.4 / 128 permutations this picks
  // 31 x 3 (a pair at the threshold is found with probability 0.87, at 0.45
  // with 0.95) instead of 32 x 4 (0.56, 0.74).
  double lsh_recall_weight = 0.8;
  int bands = 0;
  int rows = 0;
  LshOptions lsh;
  // Chaining-resistant by default; measured in docs/methods.md.
  ClusterMode cluster_mode = ClusterMode::kBounded;
  // kBounded: two clusters merge only when their canonical documents are at
  // least this similar (estimated Jaccard).
  double link_threshold = 0.3;
  NormalizerOptions normalizer;
  ReadOptions read;
  // The first pass keeps the documents it reads in memory, up to this many
  // bytes of text, so that a crawl that fits is read and parsed once; past
  // it, the cache is dropped and the second pass reads the input again.
  uint64_t cache_bytes = uint64_t{1} << 30;
  // Signing threads; 0 = all cores.
  int threads = 0;
  // When non-empty, canonical documents are also written here, in the
  // input's layout (--keep).
  std::string keep_dir;
};

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

// Checks options and fills derived values (threads, bands x rows).
absl::StatusOr<DedupOptions> ResolveDedupOptions(DedupOptions options);

}  // namespace shabih

#endif  // SHABIH_DEDUP_H_
