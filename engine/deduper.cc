#include "shabih/deduper.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/batch_signing.h"
#include "engine/internal/evidence.h"
#include "engine/internal/parallel.h"
#include "engine/internal/pipeline_util.h"
#include "engine/internal/similarity.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/verify.h"
#include "engine/internal/test_hooks.h"
#include "shabih/cluster.h"
#include "shabih/lsh.h"
#include "shabih/minhash.h"
#include "shabih/simhash.h"

namespace shabih {

using internal::Clock;
using internal::Verified;
using internal::EstimateContainment;
using internal::SecondsSince;

namespace {

// Per-document state kept for the whole run: the index.
struct Index {
  std::vector<std::string> ids;
  std::vector<uint64_t> lengths;      // main text bytes (after stripping)
  std::vector<uint32_t> shingles;     // shingle count, for containment
  std::vector<uint64_t> fingerprints; // SimHash, when the method needs it
  std::vector<uint8_t> eligible;      // has at least one shingle
  std::vector<uint32_t> signatures;   // perms values per document
  int perms = 0;
  // --verify evidence: each document's rare-word sketch, values
  // rare_begin[d] .. rare_begin[d + 1], and its distinct rare words.
  std::vector<uint32_t> rare_values;
  std::vector<uint64_t> rare_begin{0};
  std::vector<uint32_t> rare_counts;

  absl::Span<const uint32_t> Signature(uint32_t d) const {
    return absl::MakeConstSpan(signatures.data() + size_t{d} * perms, perms);
  }
  double Jaccard(uint32_t a, uint32_t b) const { return EstimateJaccard(Signature(a), Signature(b)); }
  uint32_t Shingles(uint32_t d) const { return shingles[d]; }
  const std::string& Id(uint32_t d) const { return ids[d]; }
  bool has_evidence() const { return !rare_counts.empty(); }
  double RareContainment(uint32_t a, uint32_t b) const {
    auto values = [this](uint32_t d) {
      return absl::MakeConstSpan(rare_values.data() + rare_begin[d], rare_begin[d + 1] - rare_begin[d]);
    };
    return internal::RareContainment(values(a), rare_counts[a], values(b), rare_counts[b]);
  }
  uint64_t MemoryBytes() const {
    uint64_t bytes = signatures.capacity() * sizeof(uint32_t) + lengths.capacity() * sizeof(uint64_t) +
                     shingles.capacity() * sizeof(uint32_t) + fingerprints.capacity() * sizeof(uint64_t) +
                     eligible.capacity() + ids.capacity() * sizeof(std::string) +
                     rare_values.capacity() * sizeof(uint32_t) + rare_begin.capacity() * sizeof(uint64_t) +
                     rare_counts.capacity() * sizeof(uint32_t);
    for (const std::string& id : ids) bytes += id.capacity() > 15 ? id.capacity() + 1 : 0;
    return bytes;
  }
};


}  // namespace

class Deduper::Impl {
 public:
  explicit Impl(DedupOptions options) : options_(std::move(options)) {
    index_.perms = options_.minhash.num_perms;
    summary_.threads = options_.threads;
    summary_.lsh_params = {options_.bands, options_.rows};
  }

  const DedupOptions& options() const { return options_; }
  uint64_t documents() const { return held_.size() + index_.ids.size(); }

  absl::Status Add(std::vector<Document> documents) {
    SHABIH_RETURN_IF_ERROR(CheckOpen());
    if (!index_.ids.empty()) return absl::FailedPreconditionError("Deduper: Add() after AddSigned()");
    SHABIH_RETURN_IF_ERROR(CheckSize(documents.size()));
    for (Document& d : documents) {
      d.ordinal = held_.size();
      held_.push_back(std::move(d));
    }
    return absl::OkStatus();
  }

  absl::Status AddSigned(std::string id, absl::Span<const uint32_t> signature, const SignedDocument& meta) {
    SHABIH_RETURN_IF_ERROR(CheckOpen());
    if (!held_.empty()) return absl::FailedPreconditionError("Deduper: AddSigned() after Add()");
    if (signature.size() != static_cast<size_t>(index_.perms)) {
      return absl::InvalidArgumentError(absl::StrCat("Deduper: signature of ", signature.size(),
                                                     " values, expected ", index_.perms));
    }
    if (meta.shingles > meta.all_shingles) {
      return absl::InvalidArgumentError("Deduper: SignedDocument with more shingles signed than it has");
    }
    return Append(std::move(id), signature, meta);
  }

 private:
  absl::Status Append(std::string id, absl::Span<const uint32_t> signature, const SignedDocument& meta) {
    SHABIH_RETURN_IF_ERROR(CheckSize(1));
    index_.ids.push_back(std::move(id));
    index_.lengths.push_back(meta.main_bytes);
    index_.shingles.push_back(meta.shingles);
    if (options_.method == DedupMethod::kSimHash) index_.fingerprints.push_back(meta.simhash);
    index_.eligible.push_back(meta.shingles > 0);
    index_.signatures.insert(index_.signatures.end(), signature.begin(), signature.end());
    if (options_.verify == VerifyMode::kEvidence) {
      index_.rare_values.insert(index_.rare_values.end(), meta.rare_words.begin(), meta.rare_words.end());
      index_.rare_begin.push_back(index_.rare_values.size());
      index_.rare_counts.push_back(meta.rare_word_count);
    }
    summary_.stripped_documents += meta.stripped_bytes > 0;
    summary_.stripped_bytes += meta.stripped_bytes;
    summary_.shingles += meta.all_shingles;
    summary_.discounted_shingles += meta.all_shingles - meta.shingles;
    return absl::OkStatus();
  }


 public:
  void SetStatistics(std::shared_ptr<const CrawlStatistics> statistics) {
    summary_.common_shingle_cells = statistics ? statistics->common_shingle_cells() : 0;
  }

  absl::StatusOr<DedupResult> Finish(bool pairs_only) {
    SHABIH_RETURN_IF_ERROR(CheckOpen());
    finished_ = true;
    SHABIH_RETURN_IF_ERROR(SignHeld());
    summary_.documents = index_.ids.size();
    Clock::time_point start = Clock::now();
    SHABIH_ASSIGN_OR_RETURN(const std::vector<DocPair> candidates, FindCandidates());
    summary_.stages.push_back({"candidates", SecondsSince(start)});
    start = Clock::now();
    Verified verified = Verify(candidates, /*with_evidence=*/!pairs_only);
    summary_.stages.push_back({"verify", SecondsSince(start)});
    DedupResult result;
    if (pairs_only) {
      result.pairs = Pairs(verified);
    } else {
      start = Clock::now();
      result.records = Cluster(verified);
      result.candidates = std::move(verified.evidence);
      summary_.stages.push_back({"cluster", SecondsSince(start)});
    }
    summary_.index_bytes = index_.MemoryBytes();
    result.summary = std::move(summary_);
    return result;
  }

 private:
  absl::Status CheckOpen() const {
    return finished_ ? absl::FailedPreconditionError("Deduper: already finished") : absl::OkStatus();
  }
  // Before anything is added: a refused batch leaves the Deduper as it was.
  absl::Status CheckSize(size_t more) const {
    if (documents() + more > 0xFFFFFFF0ull) return absl::ResourceExhaustedError("more than 4 billion documents");
    return absl::OkStatus();
  }

  // Batch mode: the same two passes as RunDedup over the held documents.
  absl::Status SignHeld() {
    if (held_.empty()) return absl::OkStatus();
    const Clock::time_point start = Clock::now();
    SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CrawlStatisticsBuilder> builder,
                            CrawlStatisticsBuilder::Create(options_));
    builder->Add(held_);
    std::shared_ptr<const CrawlStatistics> statistics = builder->Finish();
    summary_.stages.push_back({"scan", SecondsSince(start)});
    SetStatistics(statistics);
    SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<DocumentSigner> signer, DocumentSigner::Create(options_, statistics));
    std::vector<Document> held = std::move(held_);
    held_.clear();
    const Clock::time_point sign_start = Clock::now();
    internal::SignedBatch batch;
    for (size_t begin = 0; begin < held.size(); begin += internal::kBatchDocuments) {
      const size_t end = std::min(held.size(), begin + internal::kBatchDocuments);
      internal::SignBatch(*signer, absl::MakeConstSpan(held.data() + begin, end - begin), options_.threads, &batch);
      for (size_t d = begin; d < end; ++d) {
        SHABIH_RETURN_IF_ERROR(Append(std::move(held[d].id), batch.Signature(d - begin), batch.meta[d - begin]));
      }
    }
    summary_.stages.push_back({"sign", SecondsSince(sign_start)});
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<DocPair>> FindCandidates() {
    LshOptions lsh_options = options_.lsh;
    lsh_options.threads = options_.threads;
    std::vector<DocPair> candidates;
    if (options_.method == DedupMethod::kSimHash) {
      SHABIH_ASSIGN_OR_RETURN(candidates, SimHashCandidates());
    } else {
      LshStats stats;
      candidates = LshCandidatePairs(index_.signatures, index_.perms, summary_.lsh_params, index_.eligible,
                                     lsh_options, &stats);
      summary_.capped_buckets += stats.capped_buckets;
    }
    if (options_.verify == VerifyMode::kEvidence) {
      // Extra bands for the low-threshold pass only: the threshold's bands
      // stay as they are, these add the pairs down to evidence_min_jaccard.
      const LshParams params = internal::EvidenceLshParams(options_);
      LshStats stats;
      std::vector<DocPair> more =
          LshCandidatePairs(index_.signatures, index_.perms, params, index_.eligible, lsh_options, &stats);
      summary_.capped_buckets += stats.capped_buckets;
      // Single-value bands find many pairs far below evidence_min_jaccard,
      // which the rule cannot join: they are not kept as candidates.
      more.erase(std::remove_if(more.begin(), more.end(),
                                [this](DocPair p) {
                                  return index_.Jaccard(PairFirst(p), PairSecond(p)) < options_.evidence_min_jaccard;
                                }),
                 more.end());
      MergeCandidates(more, candidates);
    }
    if (options_.containment > 0) {
      // The lowest Jaccard a pair with containment C can have when the
      // larger document is R times the smaller: C / (R + 1 - C).
      const double min_jaccard =
          options_.containment / (options_.containment_max_ratio + 1.0 - options_.containment);
      const LshParams params = OptimalLshParams(min_jaccard, index_.perms, 1.0 - options_.lsh_recall_weight,
                                                options_.lsh_recall_weight);
      LshStats stats;
      std::vector<DocPair> more =
          LshCandidatePairs(index_.signatures, index_.perms, params, index_.eligible, lsh_options, &stats);
      summary_.capped_buckets += stats.capped_buckets;
      MergeCandidates(more, candidates);
    }
    summary_.candidate_pairs = candidates.size();
    return candidates;
  }

  // Both sorted: `into` becomes their sorted union.
  static void MergeCandidates(const std::vector<DocPair>& more, std::vector<DocPair>& into) {
    std::vector<DocPair> merged;
    merged.reserve(into.size() + more.size());
    std::merge(into.begin(), into.end(), more.begin(), more.end(), std::back_inserter(merged));
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    into.swap(merged);
  }

  absl::StatusOr<std::vector<DocPair>> SimHashCandidates() {
    SHABIH_RETURN_IF_ERROR(internal::InjectedFailure("simhash"));
    std::vector<uint64_t> fingerprints;
    std::vector<uint32_t> docs;
    for (uint32_t d = 0; d < index_.ids.size(); ++d) {
      if (!index_.eligible[d]) continue;  // featureless documents all hash to 0
      fingerprints.push_back(index_.fingerprints[d]);
      docs.push_back(d);
    }
    HammingOptions hamming;
    hamming.max_distance = options_.hamming_distance;
    NearPairsStats near_stats;
    SHABIH_ASSIGN_OR_RETURN(auto pairs, NearPairs(fingerprints, hamming, &near_stats));
    summary_.capped_buckets += near_stats.capped_runs;
    std::vector<DocPair> candidates;
    candidates.reserve(pairs.size());
    for (const auto& [i, j] : pairs) candidates.push_back(MakeDocPair(docs[i], docs[j]));
    return candidates;
  }

  Verified Verify(const std::vector<DocPair>& candidates, bool with_evidence) {
    Verified all = internal::VerifyCandidates(candidates, index_, options_, with_evidence);
    summary_.verified_edges = all.edges.size();
    summary_.containment_edges =
        static_cast<uint64_t>(std::count(all.contained.begin(), all.contained.end(), internal::kByContainment));
    summary_.same_story_edges =
        static_cast<uint64_t>(std::count(all.contained.begin(), all.contained.end(), internal::kBySameStory));
    return all;
  }

  std::vector<VerifiedPair> Pairs(const Verified& verified) const {
    std::vector<VerifiedPair> pairs;
    pairs.reserve(verified.edges.size());
    for (size_t i = 0; i < verified.edges.size(); ++i) {
      const Edge& e = verified.edges[i];
      VerifiedPair p;
      p.a = e.a;
      p.b = e.b;
      p.a_id = index_.ids[e.a];
      p.b_id = index_.ids[e.b];
      p.jaccard = e.similarity;
      p.containment = EstimateContainment(p.jaccard, index_.shingles[e.a], index_.shingles[e.b]);
      if (verified.contained[i]) {
        const bool a_larger = index_.shingles[e.a] >= index_.shingles[e.b];
        p.relation = verified.contained[i] == internal::kBySameStory ? "same-story"
                     : a_larger                                      ? "a-contains-b"
                                                                     : "b-contains-a";
      }
      if (index_.has_evidence()) p.rare_containment = index_.RareContainment(e.a, e.b);
      pairs.push_back(p);
    }
    return pairs;
  }

  std::vector<ClusterRecord> Cluster(Verified& verified) {
    const size_t n = index_.ids.size();
    const SimilarityFn jaccard = [this](uint32_t a, uint32_t b) { return index_.Jaccard(a, b); };
    const SimilarityFn closeness = [this](uint32_t a, uint32_t b) {
      return internal::Closeness(index_, options_, a, b);
    };
    const Clustering clustering = ClusterDocuments(n, verified.edges, index_.lengths, options_.cluster_mode,
                                                   options_.link_threshold, closeness, &jaccard);
    std::vector<ClusterRecord> records(n);
    std::vector<uint32_t> cluster_size(n, 0);
    for (uint32_t d = 0; d < n; ++d) {
      ++cluster_size[clustering.canonical[d]];
      records[d] = internal::MakeClusterRecord(d, clustering, index_);
    }
    internal::AddRefusals(clustering, verified.evidence);
    summary_.clusters = clustering.num_clusters;
    summary_.duplicates = n - clustering.num_clusters;
    summary_.largest_cluster = clustering.largest_cluster;
    summary_.refused_edges = clustering.refused_edges;
    for (uint32_t size : cluster_size) summary_.clusters_with_duplicates += size >= 2;
    return records;
  }

  const DedupOptions options_;
  std::vector<Document> held_;  // Add(): texts until Finish()
  Index index_;
  DedupSummary summary_;
  bool finished_ = false;
};

const char* CandidateVerdictName(CandidateVerdict verdict, bool a_contains_b) {
  switch (verdict) {
    case CandidateVerdict::kNearDuplicate: return "near-duplicate";
    case CandidateVerdict::kContainment: return a_contains_b ? "a-contains-b" : "b-contains-a";
    case CandidateVerdict::kRefusedTooFar: return "refused-too-far";
    case CandidateVerdict::kRefusedOtherStar: return "refused-other-star";
    case CandidateVerdict::kSameStory: return "same-story";
    case CandidateVerdict::kBelowThreshold: break;
  }
  return "below-threshold";
}

absl::StatusOr<std::unique_ptr<Deduper>> Deduper::Create(const DedupOptions& options) {
  SHABIH_ASSIGN_OR_RETURN(DedupOptions resolved, ResolveDedupOptions(options));
  return std::unique_ptr<Deduper>(new Deduper(std::make_unique<Impl>(std::move(resolved))));
}
Deduper::Deduper(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Deduper::~Deduper() = default;
const DedupOptions& Deduper::options() const { return impl_->options(); }
uint64_t Deduper::documents() const { return impl_->documents(); }
absl::Status Deduper::Add(std::vector<Document> documents) { return impl_->Add(std::move(documents)); }
absl::Status Deduper::AddSigned(std::string id, absl::Span<const uint32_t> signature, const SignedDocument& meta) {
  return impl_->AddSigned(std::move(id), signature, meta);
}
void Deduper::SetStatistics(std::shared_ptr<const CrawlStatistics> statistics) {
  impl_->SetStatistics(std::move(statistics));
}
absl::StatusOr<DedupResult> Deduper::Finish() { return impl_->Finish(/*pairs_only=*/false); }
absl::StatusOr<DedupResult> Deduper::FinishPairs() { return impl_->Finish(/*pairs_only=*/true); }

}  // namespace shabih
