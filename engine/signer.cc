#include "shabih/signer.h"

#include <algorithm>
#include <string>
#include <utility>

#include "engine/internal/batch_signing.h"
#include "engine/internal/crawl_statistics.h"
#include "engine/internal/parallel.h"
#include "engine/internal/status_macros.h"
#include "absl/strings/str_cat.h"
#include "shabih/minhash.h"
#include "shabih/shingle.h"
#include "shabih/simhash.h"

namespace shabih {

// ---- CrawlStatistics ----

// What the statistics depend on: shingles are hashed with shingle_size and
// the normalizer, lines fingerprinted with the boilerplate options.
std::string StatisticsKey(const DedupOptions& o) {
  const BoilerplateOptions& b = o.boilerplate;
  return absl::StrCat(o.shingle_size, "/", PrefixFoldingName(o.normalizer.prefix_folding), "/", o.strip, "/",
                      o.strip_crawl_stats, "/", b.max_counted_line_bytes, "/", o.common_min_documents, "/",
                      o.common_fraction, "/", o.document_frequency.sample_rate, "/",
                      o.document_frequency.max_documents);
}

CrawlStatistics::CrawlStatistics(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
CrawlStatistics::~CrawlStatistics() = default;
uint64_t CrawlStatistics::documents() const { return parts_->documents; }
uint64_t CrawlStatistics::sampled_documents() const { return parts_->sampled_documents; }
uint64_t CrawlStatistics::distinct_lines() const { return parts_->lines ? parts_->lines->distinct_lines() : 0; }
uint64_t CrawlStatistics::common_shingle_cells() const { return parts_->common.common_cells(); }
uint64_t CrawlStatistics::MemoryBytes() const {
  return (parts_->lines ? parts_->lines->MemoryBytes() : 0) + parts_->common.MemoryBytes();
}

// ---- CrawlStatisticsBuilder ----

// One line-statistics object and one frequency sketch per worker chunk,
// merged by sums at Finish(): the result does not depend on how documents
// were split between threads or batches.
class CrawlStatisticsBuilder::Impl {
 public:
  Impl(DedupOptions options, std::unique_ptr<Normalizer> normalizer)
      : options_(std::move(options)),
        normalizer_(std::move(normalizer)),
        want_lines_(options_.strip && options_.strip_crawl_stats),
        want_frequency_(options_.common_min_documents > 0),
        sampler_(options_.document_frequency),
        lines_(static_cast<size_t>(options_.threads)),
        frequency_(static_cast<size_t>(options_.threads)) {}

  void Add(absl::Span<const Document> docs) {
    // The sample is decided here, in input order, whatever the threads.
    sampled_.assign(docs.size(), 0);
    if (want_frequency_) {
      for (size_t d = 0; d < docs.size(); ++d) sampled_[d] = sampler_.Take(documents_ + d);
    }
    documents_ += docs.size();
    if (!want_lines_ && !want_frequency_) return;
    internal::ParallelChunks(docs.size(), options_.threads, [&](size_t begin, size_t end, size_t chunk) {
      // Created when a chunk first has work: 16 MiB sketches must not be
      // multiplied by an idle --threads.
      if (want_lines_ && !lines_[chunk]) lines_[chunk] = std::make_unique<CrawlLineStats>(options_.boilerplate);
      if (want_frequency_ && !frequency_[chunk]) frequency_[chunk] = std::make_unique<DocumentFrequencySketch>();
      std::vector<uint64_t> tokens, shingles;
      for (size_t d = begin; d < end; ++d) {
        const Document& doc = docs[d];
        if (want_lines_) lines_[chunk]->AddDocument(doc.site, doc.text);
        if (sampled_[d]) {
          tokens.clear();
          normalizer_->TokenHashes(doc.text, &tokens);
          ShingleHashes(tokens, options_.shingle_size, &shingles);
          frequency_[chunk]->AddDocument(shingles);
        }
      }
    });
  }

  std::shared_ptr<const CrawlStatistics> Finish() {
    auto parts = std::make_unique<CrawlStatistics::Parts>();
    parts->documents = documents_;
    parts->sampled_documents = sampler_.taken();
    parts->built_with = StatisticsKey(options_);
    if (want_lines_) {
      parts->lines = MergeInto(lines_, [&] { return std::make_unique<CrawlLineStats>(options_.boilerplate); });
      parts->lines->Finalize();
    }
    if (want_frequency_) {
      std::unique_ptr<DocumentFrequencySketch> sketch =
          MergeInto(frequency_, [] { return std::make_unique<DocumentFrequencySketch>(); });
      const double min_documents =
          std::max(options_.common_min_documents, options_.common_fraction * static_cast<double>(documents_));
      parts->common = sketch->Common(min_documents, documents_);
    }
    documents_ = 0;
    sampler_ = DocumentSampler(options_.document_frequency);
    return std::make_shared<const CrawlStatistics>(std::move(parts));
  }

  uint64_t documents() const { return documents_; }

 private:
  // Sums every per-chunk part into the first one present.
  template <typename T, typename Make>
  static std::unique_ptr<T> MergeInto(std::vector<std::unique_ptr<T>>& parts, Make make) {
    std::unique_ptr<T> total;
    for (std::unique_ptr<T>& part : parts) {
      if (!part) continue;
      if (!total) {
        total = std::move(part);
      } else {
        total->Merge(*part);
        part.reset();
      }
    }
    return total ? std::move(total) : make();
  }

  const DedupOptions options_;
  const std::unique_ptr<Normalizer> normalizer_;
  const bool want_lines_;
  const bool want_frequency_;
  DocumentSampler sampler_;
  uint64_t documents_ = 0;
  std::vector<uint8_t> sampled_;
  std::vector<std::unique_ptr<CrawlLineStats>> lines_;
  std::vector<std::unique_ptr<DocumentFrequencySketch>> frequency_;
};

absl::StatusOr<std::unique_ptr<CrawlStatisticsBuilder>> CrawlStatisticsBuilder::Create(const DedupOptions& options) {
  SHABIH_ASSIGN_OR_RETURN(DedupOptions resolved, ResolveDedupOptions(options));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Normalizer> normalizer, Normalizer::Create(resolved.normalizer));
  return std::unique_ptr<CrawlStatisticsBuilder>(
      new CrawlStatisticsBuilder(std::make_unique<Impl>(std::move(resolved), std::move(normalizer))));
}
CrawlStatisticsBuilder::CrawlStatisticsBuilder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CrawlStatisticsBuilder::~CrawlStatisticsBuilder() = default;
void CrawlStatisticsBuilder::Add(absl::Span<const Document> documents) { impl_->Add(documents); }
uint64_t CrawlStatisticsBuilder::documents() const { return impl_->documents(); }
std::shared_ptr<const CrawlStatistics> CrawlStatisticsBuilder::Finish() { return impl_->Finish(); }

// ---- DocumentSigner ----

class DocumentSigner::Impl {
 public:
  Impl(DedupOptions options, std::unique_ptr<Normalizer> normalizer, MinHasher hasher,
       std::unique_ptr<BoilerplateClassifier> classifier, std::shared_ptr<const CrawlStatistics> statistics)
      : options_(std::move(options)),
        normalizer_(std::move(normalizer)),
        hasher_(std::move(hasher)),
        classifier_(std::move(classifier)),
        statistics_(std::move(statistics)) {
    if (statistics_) {
      line_stats_ = statistics_->parts().lines.get();
      common_ = &statistics_->parts().common;
    }
  }

  void SignInto(absl::string_view site, absl::string_view text, absl::Span<uint32_t> signature,
                SignedDocument* out, bool keep_text) const {
    // Per-thread scratch: Sign() is const and called from many threads,
    // and the hot path must not allocate per document.
    thread_local Scratch scratch;
    absl::string_view main = text;
    if (classifier_ != nullptr) {
      classifier_->Strip(site, text, line_stats_, &scratch.kept);
      main = scratch.kept;
    }
    scratch.tokens.clear();
    normalizer_->TokenHashes(main, &scratch.tokens);
    ShingleHashes(scratch.tokens, options_.shingle_size, &scratch.shingles);
    out->all_shingles = Clamp32(scratch.shingles.size());
    if (common_ != nullptr && !common_->empty()) {
      scratch.rare.clear();
      for (uint64_t s : scratch.shingles) {
        if (!common_->Contains(s)) scratch.rare.push_back(s);
      }
      // A page made only of common wording keeps it all, so that exact
      // copies of it still match.
      if (!scratch.rare.empty()) scratch.shingles.swap(scratch.rare);
    }
    out->shingles = Clamp32(scratch.shingles.size());
    out->main_bytes = main.size();
    out->stripped_bytes = text.size() - main.size();
    hasher_.Sign(scratch.shingles, signature);
    out->simhash = options_.method == DedupMethod::kSimHash ? SimHash(scratch.shingles) : 0;
    if (keep_text) out->kept_text.assign(main.data(), main.size());
    // A thread keeps its scratch for its lifetime: one huge page must not
    // pin its buffers forever.
    if (scratch.kept.capacity() > kScratchLimit) std::string().swap(scratch.kept);
    if (scratch.tokens.capacity() > kScratchLimit / 8) {
      std::vector<uint64_t>().swap(scratch.tokens);
      std::vector<uint64_t>().swap(scratch.shingles);
      std::vector<uint64_t>().swap(scratch.rare);
    }
  }

  const DedupOptions& options() const { return options_; }
  int num_perms() const { return hasher_.num_perms(); }

 private:
  struct Scratch {
    std::vector<uint64_t> tokens, shingles, rare;
    std::string kept;
  };
  static constexpr size_t kScratchLimit = size_t{16} << 20;
  static uint32_t Clamp32(size_t n) { return static_cast<uint32_t>(std::min<size_t>(n, UINT32_MAX)); }

  const DedupOptions options_;
  const std::unique_ptr<Normalizer> normalizer_;
  const MinHasher hasher_;
  const std::unique_ptr<BoilerplateClassifier> classifier_;
  const std::shared_ptr<const CrawlStatistics> statistics_;
  const CrawlLineStats* line_stats_ = nullptr;
  const CommonShingles* common_ = nullptr;
};

absl::StatusOr<std::unique_ptr<DocumentSigner>> DocumentSigner::Create(
    const DedupOptions& options, std::shared_ptr<const CrawlStatistics> statistics) {
  SHABIH_ASSIGN_OR_RETURN(DedupOptions resolved, ResolveDedupOptions(options));
  if (statistics && statistics->parts().built_with != StatisticsKey(resolved)) {
    return absl::InvalidArgumentError(
        "DocumentSigner: the statistics were built with other shingle, normalization or boilerplate options");
  }
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Normalizer> normalizer, Normalizer::Create(resolved.normalizer));
  SHABIH_ASSIGN_OR_RETURN(MinHasher hasher, MinHasher::Create(resolved.minhash));
  std::unique_ptr<BoilerplateClassifier> classifier;
  if (resolved.strip) {
    SHABIH_ASSIGN_OR_RETURN(classifier, BoilerplateClassifier::Create(resolved.boilerplate));
  }
  return std::unique_ptr<DocumentSigner>(new DocumentSigner(std::make_unique<Impl>(
      std::move(resolved), std::move(normalizer), std::move(hasher), std::move(classifier), std::move(statistics))));
}
DocumentSigner::DocumentSigner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DocumentSigner::~DocumentSigner() = default;
int DocumentSigner::num_perms() const { return impl_->num_perms(); }
const DedupOptions& DocumentSigner::options() const { return impl_->options(); }

SignedDocument DocumentSigner::Sign(absl::string_view site, absl::string_view text, bool keep_text) const {
  SignedDocument out;
  out.signature.assign(static_cast<size_t>(num_perms()), kEmptySlot);
  impl_->SignInto(site, text, absl::MakeSpan(out.signature), &out, keep_text);
  return out;
}

absl::Status DocumentSigner::SignInto(absl::string_view site, absl::string_view text,
                                      absl::Span<uint32_t> signature, SignedDocument* result) const {
  if (signature.size() != static_cast<size_t>(num_perms())) {
    return absl::InvalidArgumentError(
        absl::StrCat("SignInto: signature span of ", signature.size(), " values, expected ", num_perms()));
  }
  impl_->SignInto(site, text, signature, result, /*keep_text=*/false);
  return absl::OkStatus();
}

}  // namespace shabih

namespace shabih::internal {

void SignBatch(const DocumentSigner& signer, absl::Span<const Document> docs, int threads, SignedBatch* out) {
  out->perms = signer.num_perms();
  out->signatures.assign(docs.size() * static_cast<size_t>(out->perms), kEmptySlot);
  out->meta.assign(docs.size(), SignedDocument());
  ParallelChunks(docs.size(), threads, [&](size_t begin, size_t end, size_t /*chunk*/) {
    for (size_t d = begin; d < end; ++d) {
      // The span has num_perms values by construction: SignInto cannot fail.
      (void)signer.SignInto(docs[d].site, docs[d].text,
                            absl::MakeSpan(out->signatures.data() + d * out->perms, static_cast<size_t>(out->perms)),
                            &out->meta[d]);
    }
  });
}

}  // namespace shabih::internal
