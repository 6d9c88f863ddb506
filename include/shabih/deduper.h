// Near-duplicate clustering of documents held in memory: the batch mode of
// the pipeline behind `shabih dedup`, with no files involved.
//
//   shabih::DedupOptions options;                  // the CLI's defaults
//   options.threads = 1;
//   auto deduper = shabih::Deduper::Create(options);
//   std::vector<shabih::Document> batch(3);
//   batch[0].id = "a";
//   batch[0].text = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة مئتي سرير";
//   batch[1].id = "b";
//   batch[1].text = "وأعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة مئتي سرير";
//   batch[2].id = "c";
//   batch[2].text = "فاز الفريق الأول لكرة القدم بالمباراة النهائية بعد أداء قوي في الشوط الثاني";
//   absl::Status added = (*deduper)->Add(std::move(batch));   // any number of batches
//   absl::StatusOr<shabih::DedupResult> result = (*deduper)->Finish();
//   // result->records, in input order: {a, cluster b, 1.0}, {b, b, canonical},
//   // {c, c, canonical}: b is canonical as the longer text (the و)
//
// Finish() runs what RunDedup runs on the same documents in the same order:
// crawl statistics over all of them first (per-site lines, template
// wording), then signing, candidate search, verification and clustering,
// so its clusters equal `shabih dedup` on a JSONL file of these documents.
// The texts are held until Finish(); a driver that reads its crawl twice
// (as RunDedup does when the crawl exceeds its cache) signs documents itself
// with a DocumentSigner and hands them over with AddSigned(), holding only
// signatures (about 550 bytes per document plus the id).
//
// A document's `site` selects the per-site line statistics of stripping;
// leave it empty when unknown (UrlHost(url) gives the host of a URL).
//
// Thread safety: a Deduper is used from one thread at a time; Finish() and
// signing run options.threads workers.
#ifndef SHABIH_DEDUPER_H_
#define SHABIH_DEDUPER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "shabih/corpus.h"
#include "shabih/dedup_options.h"
#include "shabih/signer.h"

namespace shabih {

// One row of clusters.jsonl.
struct ClusterRecord {
  std::string id;
  // Id and input position of the cluster's canonical document.
  std::string cluster;
  uint64_t cluster_ordinal = 0;
  bool canonical = false;
  // Estimated Jaccard to the canonical document (1 for the canonical).
  double similarity = 1.0;
  // How a non-canonical document joined its cluster: the document at the
  // other end of the verified edge that links it towards the canonical (its
  // parent in the cluster's link tree, Clustering::linked_via in
  // shabih/cluster.h), and that edge's estimated Jaccard and containment.
  // For a canonical document: its own id and position, and 1.
  std::string linked_via;
  uint64_t linked_via_ordinal = 0;
  double link_jaccard = 1.0;
  double link_containment = 1.0;
  // With a persistent index (DedupOptions::index_dir): the name of the
  // earlier run ("r000001") that indexed the cluster's canonical document;
  // empty when it is of this run (or there is no index).
  std::string cluster_run;
};

// What became of one candidate pair (candidates.jsonl): verification's
// rule, then the clustering's.
enum class CandidateVerdict : uint8_t {
  kBelowThreshold,  // Jaccard below the threshold, containment (if on) below its bar
  kNearDuplicate,   // an edge by Jaccard >= threshold
  kContainment,     // an edge by containment only (--containment)
  kRefusedTooFar,   // an edge kBounded refused: a member would have been too far from the new canonical
  kRefusedOtherStar,  // an edge kStar refused: a and b belong to different stars
  kSameStory,         // --verify evidence: an edge by rare words (pair-rule-1), no containment
};
// "below-threshold", "near-duplicate", "a-contains-b" / "b-contains-a"
// (kContainment, by which document is larger), "refused-too-far",
// "refused-other-star", "same-story".
const char* CandidateVerdictName(CandidateVerdict verdict, bool a_contains_b);

// One candidate pair of the run, a < b in input order. About 32 bytes each:
// RunDedup's SaudiNewsNet run (31,030 documents) has 18,277.
struct CandidateRecord {
  uint32_t a = 0;  // input positions
  uint32_t b = 0;
  float jaccard = 0;      // estimated
  float containment = 0;  // estimated, of the smaller document in the larger
  CandidateVerdict verdict = CandidateVerdict::kBelowThreshold;
  // An edge verification accepted by containment only (kContainment
  // always; a refused edge either way), and whether a is the larger document
  // (more shingles), so a contains b.
  bool by_containment = false;
  bool a_contains_b = false;
  // --verify evidence (0 otherwise): 1 + the rare-word containment in
  // percent (1-101) in the low 7 bits, kSameStoryBit set when verification
  // joined the pair as kSameStory (a refused line's relation). One byte, in
  // what was padding, so that the record keeps its 32 bytes (the stages'
  // candidates.bin) and its bytes without evidence.
  uint8_t evidence = 0;
  static constexpr uint8_t kSameStoryBit = 0x80;
  bool has_evidence() const { return (evidence & 0x7F) != 0; }
  double rare_containment() const { return ((evidence & 0x7F) - 1) / 100.0; }
  // kRefusedTooFar: the canonical document the merge would have given, the
  // first member found below the link threshold of it, and that closeness
  // (estimated Jaccard, or with --containment the larger of Jaccard and
  // containment). Refusals are decided in merge order, so a and b may still
  // end in one cluster through other edges.
  uint32_t would_be_canonical = 0;
  uint32_t far = 0;
  float far_similarity = 0;
};

// One verified pair (`shabih pairs`), a < b in input order.
struct VerifiedPair {
  uint32_t a = 0;  // input positions
  uint32_t b = 0;
  std::string a_id;
  std::string b_id;
  double jaccard = 0;
  double containment = 0;
  // "near-duplicate" (jaccard >= threshold), "a-contains-b" or
  // "b-contains-a" (an edge by containment only, or with --verify
  // evidence a rare-word edge whose smaller document is contained in the
  // larger), "same-story" (--verify evidence: an edge by rare words).
  const char* relation = "near-duplicate";
  // --verify evidence: containment of the smaller document's rare words
  // in the other's; -1 otherwise (not written).
  double rare_containment = -1;
};

struct StageTime {
  std::string stage;
  double seconds = 0;
};

// Counters of a run; RunDedup adds the read statistics and timings.
struct DedupSummary {
  ReadStats read;
  uint64_t documents = 0;
  uint64_t clusters = 0;
  uint64_t duplicates = 0;                // documents that are not canonical
  uint64_t clusters_with_duplicates = 0;  // clusters of size >= 2
  uint64_t largest_cluster = 0;
  uint64_t candidate_pairs = 0;
  uint64_t verified_edges = 0;
  uint64_t refused_edges = 0;
  uint64_t containment_edges = 0;         // edges from containment only (J below threshold)
  uint64_t same_story_edges = 0;          // --verify evidence: edges by rare words, not containment
  uint64_t capped_buckets = 0;
  uint64_t stripped_documents = 0;        // documents that lost at least one line
  uint64_t stripped_bytes = 0;            // bytes removed as boilerplate
  uint64_t common_shingle_cells = 0;      // sketch cells marked common
  uint64_t discounted_shingles = 0;       // shingles left out as common
  uint64_t shingles = 0;                  // shingles of all documents
  uint64_t kept_documents = 0;            // written to keep_dir
  LshParams lsh_params;
  int threads = 0;
  double seconds = 0;
  std::vector<StageTime> stages;
  uint64_t peak_rss_bytes = 0;
  uint64_t index_bytes = 0;               // signatures + per-document metadata
  // With a persistent index (DedupOptions::index_dir).
  struct Index {
    bool used = false;
    std::string run;                      // the run this one added ("r000002"); empty if it added nothing
    uint64_t known_documents = 0;         // same id and text as indexed before: reported as then
    uint64_t new_versions = 0;            // an id indexed before with other text: indexed again
    uint64_t documents_before = 0;
    uint64_t documents_after = 0;
    uint64_t runs = 0;                    // after this run
    uint64_t bytes = 0;                   // on disk, after this run
  } index;
  uint64_t memory_budget_bytes = 0;       // DedupOptions::memory_bytes as resolved
};

struct DedupResult {
  std::vector<ClusterRecord> records;  // input order
  // Finish() only: every candidate pair, sorted by (a, b), with its verdict:
  // the evidence `shabih explain` shows (RUN_DIR/candidates.jsonl).
  std::vector<CandidateRecord> candidates;
  std::vector<VerifiedPair> pairs;     // FinishPairs() only
  DedupSummary summary;
};

class Deduper {
 public:
  // Validates the options (ResolveDedupOptions).
  static absl::StatusOr<std::unique_ptr<Deduper>> Create(const DedupOptions& options);
  ~Deduper();
  Deduper(const Deduper&) = delete;
  Deduper& operator=(const Deduper&) = delete;

  // The resolved options (threads, bands x rows filled in).
  const DedupOptions& options() const;

  // Holds `documents` (id, site, text; ordinal is assigned) until Finish().
  absl::Status Add(std::vector<Document> documents);
  // A document signed by a DocumentSigner made with the same options, in
  // input order. Not mixed with Add() (FailedPrecondition).
  absl::Status AddSigned(std::string id, absl::Span<const uint32_t> signature, const SignedDocument& meta);
  // The statistics the signer used, for the summary (optional).
  void SetStatistics(std::shared_ptr<const CrawlStatistics> statistics);

  uint64_t documents() const;

  // Clusters every document added, in input order. The Deduper is spent
  // afterwards (FailedPrecondition on further calls).
  absl::StatusOr<DedupResult> Finish();
  // Every verified pair instead of clusters (records stay empty).
  absl::StatusOr<DedupResult> FinishPairs();

  class Impl;

 private:
  explicit Deduper(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shabih

#endif  // SHABIH_DEDUPER_H_
