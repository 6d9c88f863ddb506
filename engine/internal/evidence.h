// Per-document evidence for `--verify evidence` (rule pair-rule-1): which
// words of a crawl are rare, a compact sketch of each document's rare words
// made while it is signed, and the rule that decides a candidate pair from
// its estimated Jaccard and the containment of its rare words.
//
//   shabih::internal::WordFrequency words(/*sample_rate=*/0.25);
//   words.AddDocument(token_hashes_of_a_sampled_document);   // pass 1
//   const double max_df = RareMaxDocuments(options, total_documents);
//   const RareWords rare(words, total_documents, max_df);
//   RareWordSketch a, b;
//   MakeRareWordSketch(tokens_a, rare, &a);   // signing
//   MakeRareWordSketch(tokens_b, rare, &b);
//   double rc = RareContainment(a.values, a.count, b.values, b.count);
//   bool join = EvidenceJoins(options, jaccard, rc);
//
// Why: edited re-posts of one wire story (a new intro, dropped paragraphs)
// fall to 5-shingle Jaccard 0.1-0.4, where different stories written from
// one template (royal cables, weather bulletins) also live; no Jaccard
// threshold separates them. What separates them is the rare words: the
// names, places and numbers a re-post keeps and a templated different story
// changes. The shorter document's rare words found in the longer one
// (containment, not Jaccard: a shortened re-post keeps a subset) decide.
// docs/methods.md, "Evidence verification", has the measurements.
//
// How: document frequencies of words are counted in the first pass over
// every document (or those whose DocumentSampleHash is below
// evidence_word_sample_rate), in a count-min sketch of 2^20 saturating
// 16-bit counters, two per word, with a per-cell stamp so that a document
// counts once (6 MiB); counts only add, so the result is the same for any
// thread count or batch split. Signing freezes them into RareWords. A document's sketch is the bottom-k
// (kRareWordSample) of its distinct rare words by a 32-bit hash, sorted:
// at most 256 bytes a document, kept beside its MinHash signature, so that
// verification never reads a text again.
//
// Thread safety: WordFrequency is filled from one thread, then immutable;
// the free functions are pure.
#ifndef SHABIH_ENGINE_INTERNAL_EVIDENCE_H_
#define SHABIH_ENGINE_INTERNAL_EVIDENCE_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "shabih/dedup_options.h"
#include "shabih/lsh.h"

namespace shabih::internal {

// The version of the decision rule, stamped in summary.json's params.
inline constexpr char kEvidenceRuleVersion[] = "pair-rule-1";
// Rare words kept per document (bottom-k). 64: 256 bytes, half a
// signature; a document with more rare words is compared on the sample
// (RareContainment), exactly when both hold their whole sets.
inline constexpr int kRareWordSample = 64;

class WordFrequency {
 public:
  WordFrequency();
  // Counts each distinct value of `tokens` once (one sampled document):
  // a cell is bumped once per document (a stamp per cell, no sort), so two
  // words of one document sharing a cell count once there, which only
  // lowers that cell, as a missed collision would.
  void AddDocument(absl::Span<const uint64_t> tokens);
  // Adds `other`'s counts (saturating sums: order-independent).
  void Merge(const WordFrequency& other);
  uint64_t sampled_documents() const { return sampled_documents_; }
  // Estimated documents of the crawl's `total_documents` containing the
  // word: an overestimate, scaled by the fraction sampled.
  double EstimateDocuments(uint64_t token, uint64_t total_documents) const;
  uint64_t MemoryBytes() const { return counters_.size() * (sizeof(uint16_t) + sizeof(uint32_t)); }

 private:
  friend class RareWords;
  std::vector<uint16_t> counters_;
  std::vector<uint32_t> stamps_;  // per cell: 1 + the last document that bumped it
  uint64_t sampled_documents_ = 0;
};

// Which words are rare, frozen for signing: one bit per counter (128 KiB,
// cache-resident), set where the counter reaches the cut-off; a word is
// rare unless both its cells are set, which is exactly
// EstimateDocuments(word, total) < max_documents.
class RareWords {
 public:
  RareWords() = default;
  RareWords(const WordFrequency& words, uint64_t total_documents, double max_documents);
  bool IsRare(uint64_t token) const;

 private:
  std::vector<uint64_t> frequent_;  // empty: every word is rare
};

// The document frequency at or above which a word is not rare:
// max(evidence_rare_min_documents, evidence_rare_fraction x N).
double RareMaxDocuments(const DedupOptions& options, uint64_t documents);

struct RareWordSketch {
  std::vector<uint32_t> values;  // sorted, distinct, at most kRareWordSample
  uint32_t count = 0;            // distinct rare words of the document
};

// The sketch of a document whose word hashes are `tokens` (any order,
// repeats allowed). Replaces *out.
void MakeRareWordSketch(absl::Span<const uint64_t> tokens, const RareWords& rare, RareWordSketch* out);

// Estimated |A n B| / |smaller| of two documents' rare words from their
// sketches (count: each one's distinct rare words). Exact while both
// sketches hold their whole sets; otherwise the smaller's sample below the
// lower of the two sketches' largest values, tested against the larger's.
// 0 when either has no rare word.
double RareContainment(absl::Span<const uint32_t> a, uint32_t count_a, absl::Span<const uint32_t> b,
                       uint32_t count_b);

// pair-rule-1: a pair is the same story when its estimated Jaccard reaches
// options.threshold, or when it reaches options.evidence_min_jaccard and
// its rare-word containment reaches options.evidence_rare_containment.
bool EvidenceJoins(const DedupOptions& options, double jaccard, double rare_containment);

// The extra LSH banding that finds candidates down to
// options.evidence_min_jaccard (the threshold's own bands stay).
LshParams EvidenceLshParams(const DedupOptions& options);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_EVIDENCE_H_
