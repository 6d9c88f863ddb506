// Every option of the near-duplicate pipeline, with its default and why.
//
//   shabih::DedupOptions options;           // the CLI's defaults
//   options.threshold = 0.5;
//   absl::StatusOr<shabih::DedupOptions> resolved = shabih::ResolveDedupOptions(options);
//   // resolved->bands, resolved->rows, resolved->threads are now filled in
//
// Shared by RunDedup, Deduper and DocumentSigner, so that every entry point
// runs with the same defaults as `shabih dedup`.
#ifndef SHABIH_DEDUP_OPTIONS_H_
#define SHABIH_DEDUP_OPTIONS_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shabih/boilerplate.h"
#include "shabih/cluster.h"
#include "shabih/corpus.h"
#include "shabih/lsh.h"
#include "shabih/minhash.h"
#include "shabih/normalize.h"

namespace shabih {

// Template-aware signatures: how the first pass samples documents to
// estimate shingle document frequencies.
struct DocumentFrequencyOptions {
  // Fraction of documents counted, chosen by a hash of each document's site
  // and text (not its position), so the same documents whatever the thread
  // count, batch size or shard split. 0.25 keeps the first pass cheap;
  // frequencies are scaled back by the fraction actually sampled.
  double sample_rate = 0.25;
  // At most this many documents are counted: those with the smallest hashes
  // (a bottom-k, mergeable across shards). 50,000 documents of ~300
  // shingles load each counter with ~1.8 counts on average, far below the
  // threshold of a common shingle.
  uint64_t max_documents = 50000;
  // And at most this many distinct shingles in all (a document with more
  // than max_shingles / 64 is never sampled): the sample is held as 4 bytes
  // per shingle until it is final, so this bounds pass 1's memory (64 MiB,
  // plus a quarter while pruning) whatever the pages' lengths. 2^24: the
  // sketch's cell count, two counts per counter at most; 50,000 typical
  // news pages stay under it.
  uint64_t max_shingles = uint64_t{1} << 24;
};

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

// How a candidate pair is decided (--verify).
enum class VerifyMode {
  // Estimated Jaccard >= threshold (with `containment`, containment too):
  // the default.
  kJaccard,
  // Rule pair-rule-1 (engine/internal/evidence.h): Jaccard >= threshold,
  // or Jaccard >= evidence_min_jaccard with the shorter document's rare
  // words contained in the other at >= evidence_rare_containment. A
  // second LSH banding finds the candidates down to evidence_min_jaccard.
  // In-memory runs with --method minhash only: --index, --memory, the
  // sharded stages, the online deduper, --method simhash and --containment
  // refuse it (InvalidArgument naming the flag). docs/methods.md measures it.
  kEvidence,
};
const char* VerifyModeName(VerifyMode mode);
absl::StatusOr<VerifyMode> ParseVerifyMode(absl::string_view name);

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
  // Candidate decision (above). kJaccard by default: kEvidence recalls
  // edited re-posts (judged pairs F1 0.69 -> 0.94) but costs a second
  // banding and a pass-1 word count, and the out-of-core paths lack it.
  VerifyMode verify = VerifyMode::kJaccard;
  // kEvidence: least estimated Jaccard for a join by rare words (0.1: the
  // edited re-posts of the judged set reach 0.1-0.4) and the rare-word
  // containment that must be reached (0.6, measured with 5-fold cross-
  // validation in docs/methods.md).
  double evidence_min_jaccard = 0.1;
  double evidence_rare_containment = 0.6;
  // kEvidence: a word is rare when found in fewer than
  // max(evidence_rare_min_documents, evidence_rare_fraction x N) of the
  // crawl's N documents: about 124 of SaudiNewsNet's 31,030 (names,
  // places, numbers and story words rather than a template's wording; the
  // 5-fold cross-validation of docs/methods.md picks 0.004-0.008), 10 on
  // crawls under 2,500 documents.
  double evidence_rare_fraction = 0.004;
  double evidence_rare_min_documents = 10;
  // kEvidence: fraction of documents whose words are counted in the first
  // pass (by the same content hash as the shingle sample). 1, every
  // document: a word of a 2-copy story and one of a template filled 20
  // times fall on either side of the ~10-document cut-off of a small crawl
  // only when counted exactly (a 500-page generated crawl: F1 0.73 at 1,
  // 0.63 at 0.25). 0.25 costs less on large crawls, where the relative
  // cut-off is well above the sampling noise (docs/methods.md).
  double evidence_word_sample_rate = 1;
  // kEvidence: the extra banding, derived once by ResolveDedupOptions from
  // evidence_min_jaccard like bands x rows from threshold (the search
  // costs ~90M instructions); 0 = derive.
  int evidence_bands = 0;
  int evidence_rows = 0;
  // Strip boilerplate before signing (--no-strip turns it off), with
  // per-site crawl statistics from a first pass (strip_crawl_stats) or from
  // each page alone.
  bool strip = true;
  bool strip_crawl_stats = true;
  BoilerplateOptions boilerplate;
  // Template-aware similarity: shingles found in at least
  //   max(common_fraction x N, min(common_min_documents, max(10, common_relative x N)))
  // of the crawl's N documents are left out of the signatures (a first pass
  // estimates document frequencies on a sample), and so are the shingles of
  // the template prior (below). Re-posts keep what they share; different
  // stories from one template lose the wording they share. 0 turns it off
  // (prior included). common_relative lowers the cut-off on small crawls
  // (0.025: 12.5 documents of 500, the full 50 from 2,000 on), never below
  // 10 documents, so that a story re-posted a few times keeps its text;
  // 0 keeps the absolute cut-off alone. Defaults measured in docs/methods.md.
  double common_min_documents = 50;
  double common_fraction = 1e-4;
  double common_relative = 0.025;
  // Template prior merged with the crawl's frequencies: "builtin" (the
  // default: shingles recurring on >= 3 of 9 days of SaudiNewsNet, learned
  // from those days only; engine/internal/template_prior.h), "none", or the
  // path of a prior file (docs/contract.md). The built-in prior applies only
  // with the default shingle size and prefix folding, which its hashes
  // depend on; a file must match the run (InvalidArgument otherwise).
  std::string template_prior = "builtin";
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
  // Output folders are owned by one run: a re-run replaces the earlier
  // run's files there and removes the ones it does not write again (known
  // by the .shabih-run marker each run leaves). A non-empty folder without
  // that marker holds someone else's files and is refused, unless
  // `overwrite` (--overwrite): then the run writes there anyway, replacing
  // only the files it writes. Default false: never mix with unknown files.
  bool overwrite = false;
  // The persistent index (--index IDX): when non-empty, the run
  // deduplicates its documents against every document indexed before (and
  // among themselves), then adds them to the index, created when missing.
  // Empty (the default): a run stands alone, as the shared contract says.
  std::string index_dir;
  // Bits kept of each MinHash value in the index's signatures
  // (--signature-bits): 32, 16 or 8. Fewer bits, a smaller index (at 128
  // permutations a document takes 995 bytes with 32, about 740 with 16,
  // about 610 with 8) and a noisier Jaccard estimate in verification;
  // candidate search is unchanged (docs/index.md measures both). Chosen
  // when the index is created and kept for its life. 0 (the default): the
  // index's own, 32 for a new one; another value than the index's is an
  // error. Only with index_dir.
  int index_signature_bits = 0;
  // Memory budget in bytes for what a run holds (--memory): spill buffers of
  // the out-of-core stages, page caches, the first pass's text cache. Given
  // (non-zero), a plain run takes the out-of-core stages, whose peak memory
  // stays within it, with the same outputs. 0 (the default): a plain run
  // holds its signatures in memory (about 600 bytes a document), and
  // budgets that need one (an index run) take a quarter of physical memory,
  // at most 4 GiB (MemoryBudget()).
  uint64_t memory_bytes = 0;
  // Where spill files go (--work-dir); empty = a private folder under
  // $TMPDIR (else /tmp), removed at the end of the run.
  std::string work_dir;
  // When set, polled between batches; a run that sees it true stops with
  // absl::CancelledError, removing its temporary files and stdin spool. Not
  // owned; must outlive the run. The CLI sets it on SIGINT / SIGTERM.
  const std::atomic<bool>* cancel = nullptr;
};

// A quarter of physical memory, at most 4 GiB: memory_bytes' default.
uint64_t DefaultMemoryBytes();
// options.memory_bytes, or the default when it is 0.
uint64_t MemoryBudget(const DedupOptions& options);
inline constexpr uint64_t kMinMemoryBytes = uint64_t{16} << 20;

// Checks options and fills derived values (threads, bands x rows, memory).
absl::StatusOr<DedupOptions> ResolveDedupOptions(DedupOptions options);

}  // namespace shabih

#endif  // SHABIH_DEDUP_OPTIONS_H_
