#include "shabih/online_deduper.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <xxhash.h>

#include "absl/container/flat_hash_map.h"
#include "engine/internal/crawl_statistics.h"
#include "engine/internal/html_document.h"
#include "engine/internal/similarity.h"
#include "engine/internal/template_prior.h"
#include "engine/internal/status_macros.h"
#include "shabih/minhash.h"
#include "shabih/normalize.h"
#include "shabih/shingle.h"
#include "shabih/signer.h"

namespace shabih {

namespace {

constexpr uint32_t kNone = 0xFFFFFFFFu;

// One LSH banding as an incremental index: per band, a hash map from band
// key to the newest document with that key, and per (document, band) a link
// to the previous one: 4 bytes per document and band plus the map entries.
class Banding {
 public:
  explicit Banding(LshParams params) : params_(params) {}

  // Documents sharing a band with `signature`, newest first, at most
  // `max_bucket` per band (a huge bucket is template noise, as in batch
  // LSH), appended to *out (duplicates allowed).
  void Candidates(absl::Span<const uint32_t> signature, uint32_t max_bucket, std::vector<uint32_t>* out) const {
    for (int b = 0; b < params_.bands; ++b) {
      auto it = heads_.find(Key(signature, b));
      uint32_t d = it == heads_.end() ? kNone : it->second;
      for (uint32_t seen = 0; d != kNone && seen < max_bucket; ++seen) {
        out->push_back(d);
        d = next_[size_t{d} * params_.bands + b];
      }
    }
  }

  // A document in no bucket (no shingles) still takes its slot of links,
  // so that links stay indexed by document.
  void Skip() { next_.insert(next_.end(), static_cast<size_t>(params_.bands), kNone); }

  void Add(uint32_t doc, absl::Span<const uint32_t> signature) {
    for (int b = 0; b < params_.bands; ++b) {
      auto [it, inserted] = heads_.try_emplace(Key(signature, b), doc);
      next_.push_back(inserted ? kNone : it->second);
      it->second = doc;
    }
  }

 private:
  uint64_t Key(absl::Span<const uint32_t> signature, int band) const {
    // The band index is folded into the key, so one map serves all bands.
    return XXH3_64bits_withSeed(signature.data() + size_t{static_cast<size_t>(band)} * params_.rows,
                                sizeof(uint32_t) * params_.rows, 0x6f6e6c696e65ull + band);
  }

  LshParams params_;
  absl::flat_hash_map<uint64_t, uint32_t> heads_;
  std::vector<uint32_t> next_;
};

}  // namespace

class OnlineDeduper::Impl {
 public:
  Impl(DedupOptions options, std::unique_ptr<Normalizer> normalizer) : options_(std::move(options)),
        normalizer_(std::move(normalizer)), sampler_(options_.document_frequency) {}

  absl::Status Init() {
    auto parts = std::make_unique<CrawlStatistics::Parts>();
    parts_ = parts.get();  // updated between signings: this object is never shared
    parts_->built_with = StatisticsKey(options_);
    if (options_.strip && options_.strip_crawl_stats) {
      parts_->lines = std::make_unique<CrawlLineStats>(options_.boilerplate);
    }
    if (options_.common_min_documents > 0) sketch_ = std::make_unique<DocumentFrequencySketch>();
    // The prior applies from the first document: it needs no crawl to learn.
    SHABIH_ASSIGN_OR_RETURN(prior_, TemplatePriorFor(options_));
    if (prior_) parts_->common.AddShingles(prior_->shingles());
    statistics_ = std::make_shared<const CrawlStatistics>(std::move(parts));
    SHABIH_ASSIGN_OR_RETURN(signer_, DocumentSigner::Create(options_, statistics_));
    perms_ = signer_->num_perms();
    bandings_.emplace_back(LshParams{options_.bands, options_.rows});
    if (options_.containment > 0) {
      const double min_jaccard =
          options_.containment / (options_.containment_max_ratio + 1.0 - options_.containment);
      bandings_.emplace_back(
          OptimalLshParams(min_jaccard, perms_, 1.0 - options_.lsh_recall_weight, options_.lsh_recall_weight));
    }
    return absl::OkStatus();
  }

  uint64_t documents() const { return ids_.size(); }

  absl::StatusOr<OnlineMatch> Add(const Document& doc) {
    if (ids_.size() >= 0xFFFFFFF0ull) return absl::ResourceExhaustedError("more than 4 billion documents");
    const uint32_t ordinal = static_cast<uint32_t>(ids_.size());
    Learn(doc, ordinal);
    signature_.assign(static_cast<size_t>(perms_), kEmptySlot);
    SignedDocument meta;
    SHABIH_RETURN_IF_ERROR(signer_->SignInto(doc, absl::MakeSpan(signature_), &meta));
    OnlineMatch match;
    match.ordinal = ordinal;
    match.cluster_ordinal = ordinal;
    if (meta.shingles > 0) Match(meta.shingles, &match);
    match.cluster = match.duplicate ? ids_[match.cluster_ordinal] : doc.id;
    ids_.push_back(doc.id);
    shingles_.push_back(meta.shingles);
    cluster_.push_back(static_cast<uint32_t>(match.cluster_ordinal));
    signatures_.insert(signatures_.end(), signature_.begin(), signature_.end());
    // Featureless documents would all share one key: they stay singletons.
    for (Banding& banding : bandings_) {
      if (meta.shingles > 0) {
        banding.Add(ordinal, signature_);
      } else {
        banding.Skip();
      }
    }
    return match;
  }

 private:
  absl::Span<const uint32_t> Signature(uint32_t d) const {
    return absl::MakeConstSpan(signatures_.data() + size_t{d} * perms_, static_cast<size_t>(perms_));
  }

  // Statistics learned so far, this document included (as in batch mode,
  // where the crawl's statistics count the page being stripped).
  void Learn(const Document& doc, uint32_t ordinal) {
    // An HTML page is counted as its blocks, one per line.
    const absl::string_view text = internal::StatisticsText(doc, &html_text_);
    if (parts_->lines) parts_->lines->AddDocument(doc.site, text);
    parts_->documents = ordinal + 1ull;
    if (!sketch_) return;
    if (sampler_.Take(DocumentSampleHash(doc.site, doc.text))) {
      tokens_.clear();
      normalizer_->TokenHashes(text, &tokens_);
      ShingleHashes(tokens_, options_.shingle_size, &shingles_scratch_);
      sketch_->AddDocument(shingles_scratch_);
      parts_->sampled_documents = sampler_.taken();
    }
    // Thresholding the sketch reads 16 MiB: done when the count doubles.
    const uint64_t n = ordinal + 1ull;
    if (n >= 1024 && (n & (n - 1)) == 0) {
      parts_->common = sketch_->Common(CommonMinDocuments(options_, n), n);
      if (prior_) parts_->common.AddShingles(prior_->shingles());
    }
  }

  double Closeness(uint32_t shingles, uint32_t other) const {
    const double j = EstimateJaccard(signature_, Signature(other));
    if (options_.containment <= 0) return j;
    return std::max(j, internal::EstimateContainment(j, shingles, shingles_[other]));
  }

  // Verified earlier documents, most similar first, and the cluster rule.
  void Match(uint32_t shingles, OnlineMatch* match) {
    candidates_.clear();
    for (const Banding& banding : bandings_) {
      banding.Candidates(signature_, static_cast<uint32_t>(options_.lsh.max_bucket), &candidates_);
    }
    std::sort(candidates_.begin(), candidates_.end());
    candidates_.erase(std::unique(candidates_.begin(), candidates_.end()), candidates_.end());
    verified_.clear();
    for (uint32_t d : candidates_) {
      const double j = EstimateJaccard(signature_, Signature(d));
      const bool near = j >= options_.threshold;
      if (near || (options_.containment > 0 &&
                   internal::EstimateContainment(j, shingles, shingles_[d]) >= options_.containment)) {
        verified_.push_back({j, d});
      }
    }
    // Most similar first; ties to the earliest document.
    std::sort(verified_.begin(), verified_.end(),
              [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
    for (const auto& [similarity, d] : verified_) {
      const uint32_t canonical = cluster_[d];
      bool joins = true;
      if (options_.cluster_mode == ClusterMode::kStar) joins = canonical == d;
      if (options_.cluster_mode == ClusterMode::kBounded) {
        joins = canonical == d || Closeness(shingles, canonical) >= options_.link_threshold;
      }
      if (!joins) continue;
      match->duplicate = true;
      match->cluster_ordinal = canonical;
      match->matched = ids_[d];
      match->similarity = similarity;
      return;
    }
  }

  const DedupOptions options_;
  const std::unique_ptr<Normalizer> normalizer_;
  DocumentSampler sampler_;
  std::unique_ptr<DocumentFrequencySketch> sketch_;
  std::shared_ptr<const TemplatePrior> prior_;  // null: none applies
  CrawlStatistics::Parts* parts_ = nullptr;
  std::shared_ptr<const CrawlStatistics> statistics_;
  std::unique_ptr<DocumentSigner> signer_;
  int perms_ = 0;
  std::vector<Banding> bandings_;
  // Per document added.
  std::vector<std::string> ids_;
  std::vector<uint32_t> shingles_;
  std::vector<uint32_t> cluster_;
  std::vector<uint32_t> signatures_;
  // Scratch.
  std::vector<uint32_t> signature_;
  std::vector<uint64_t> tokens_, shingles_scratch_;
  std::string html_text_;  // an HTML page's blocks, for the statistics
  std::vector<uint32_t> candidates_;
  std::vector<std::pair<double, uint32_t>> verified_;
};

absl::StatusOr<std::unique_ptr<OnlineDeduper>> OnlineDeduper::Create(const DedupOptions& options) {
  SHABIH_ASSIGN_OR_RETURN(DedupOptions resolved, ResolveDedupOptions(options));
  if (resolved.verify == VerifyMode::kEvidence) {
    return absl::InvalidArgumentError("--verify evidence does not work with the online deduper yet (docs/methods.md)");
  }
  resolved.method = DedupMethod::kMinHash;
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Normalizer> normalizer, Normalizer::Create(resolved.normalizer));
  auto impl = std::make_unique<Impl>(std::move(resolved), std::move(normalizer));
  SHABIH_RETURN_IF_ERROR(impl->Init());
  return std::unique_ptr<OnlineDeduper>(new OnlineDeduper(std::move(impl)));
}
OnlineDeduper::OnlineDeduper(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OnlineDeduper::~OnlineDeduper() = default;
absl::StatusOr<OnlineMatch> OnlineDeduper::Add(const Document& document) { return impl_->Add(document); }
uint64_t OnlineDeduper::documents() const { return impl_->documents(); }

}  // namespace shabih
