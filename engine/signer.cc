#include "shabih/signer.h"

#include <algorithm>
#include <string>
#include <utility>

#include "engine/internal/batch_signing.h"
#include "engine/internal/crawl_statistics.h"
#include "engine/internal/document_sample.h"
#include "engine/internal/html_document.h"
#include "engine/internal/line_count_spill.h"
#include "engine/internal/parallel.h"
#include "engine/internal/statistics_io.h"
#include "engine/internal/template_prior.h"
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
                      o.common_fraction, "/", o.common_relative, "/", TemplatePriorId(o), "/",
                      o.document_frequency.sample_rate, "/", o.document_frequency.max_documents, "/",
                      o.document_frequency.max_shingles,
                      o.verify == VerifyMode::kEvidence ? absl::StrCat("/evidence/", o.evidence_word_sample_rate) : "");
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

namespace {

absl::Status SameKey(const CrawlStatistics& a, const CrawlStatistics& b, absl::string_view what) {
  if (a.parts().built_with == b.parts().built_with) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("CrawlStatistics::", what, ": statistics built with other options (",
                                                 a.parts().built_with, " vs ", b.parts().built_with, ")"));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CrawlStatistics>> CrawlStatistics::Combine(const CrawlStatistics& common_from,
                                                                                const CrawlStatistics& lines_from) {
  SHABIH_RETURN_IF_ERROR(SameKey(common_from, lines_from, "Combine"));
  auto parts = std::make_unique<Parts>();
  parts->built_with = lines_from.parts().built_with;
  parts->documents = lines_from.parts().documents;
  if (lines_from.parts().lines) parts->lines = std::make_unique<CrawlLineStats>(*lines_from.parts().lines);
  parts->sampled_documents = common_from.parts().sampled_documents;
  parts->common = common_from.parts().common;
  return std::make_shared<const CrawlStatistics>(std::move(parts));
}

absl::StatusOr<std::shared_ptr<const CrawlStatistics>> CrawlStatistics::MergeLines(const CrawlStatistics& a,
                                                                                   const CrawlStatistics& b) {
  SHABIH_RETURN_IF_ERROR(SameKey(a, b, "MergeLines"));
  auto parts = std::make_unique<Parts>();
  parts->built_with = a.parts().built_with;
  parts->documents = a.parts().documents + b.parts().documents;
  if (a.parts().lines) {
    parts->lines = std::make_unique<CrawlLineStats>(*a.parts().lines);
    if (b.parts().lines) parts->lines->Merge(*b.parts().lines);
  }
  parts->sampled_documents = a.parts().sampled_documents;
  parts->common = a.parts().common;
  return std::make_shared<const CrawlStatistics>(std::move(parts));
}

// ---- CrawlStatisticsBuilder ----

// One line-statistics object per worker chunk, merged by sums when needed;
// one document sample, chosen by content hash. Neither depends on how the
// documents were split between threads, batches, shards or builders.
class CrawlStatisticsBuilder::Impl {
 public:
  Impl(DedupOptions options, std::unique_ptr<Normalizer> normalizer, std::shared_ptr<const TemplatePrior> prior)
      : options_(std::move(options)),
        normalizer_(std::move(normalizer)),
        prior_(std::move(prior)),
        key_(StatisticsKey(options_)),
        want_lines_(options_.strip && options_.strip_crawl_stats),
        want_frequency_(options_.common_min_documents > 0),
        want_words_(options_.verify == VerifyMode::kEvidence),
        // Every document by default (DedupOptions::evidence_word_sample_rate).
        word_threshold_(SampleThreshold(options_.evidence_word_sample_rate)),
        sample_(options_.document_frequency),
        lines_(static_cast<size_t>(options_.threads)) {}

  void Add(absl::Span<const Document> docs) {
    documents_ += docs.size();
    if (!want_lines_ && !want_frequency_ && !want_words_) return;
    // Hashes first, in one thread: cheap, and a full sample refuses most
    // documents here, before they are shingled.
    hashes_.assign(docs.size(), 0);
    wanted_.assign(docs.size(), 0);
    word_wanted_.assign(docs.size(), 0);
    if (want_frequency_ || want_words_) {
      for (size_t d = 0; d < docs.size(); ++d) {
        hashes_[d] = DocumentSampleHash(docs[d].site, docs[d].text);
        wanted_[d] = want_frequency_ && sample_.Wants(hashes_[d]);
        // Words: every document below word_threshold_, a test of its own
        // content alone, so the counts do not depend on input order.
        word_wanted_[d] = want_words_ && (word_threshold_ == UINT64_MAX || hashes_[d] < word_threshold_);
      }
    }
    std::vector<std::vector<std::pair<uint64_t, std::vector<uint32_t>>>> offered(lines_.size());
    std::vector<std::vector<uint64_t>> word_sets(docs.size());
    internal::ParallelChunks(docs.size(), options_.threads, [&](size_t begin, size_t end, size_t chunk) {
      if (want_lines_ && !lines_[chunk]) lines_[chunk] = std::make_unique<CrawlLineStats>(options_.boilerplate);
      std::vector<uint64_t> tokens, shingles, scratch;
      std::string html_text;
      for (size_t d = begin; d < end; ++d) {
        const Document& doc = docs[d];
        // An HTML page is counted as its blocks, one per line.
        const absl::string_view text = internal::StatisticsText(doc, &html_text);
        if (want_lines_) lines_[chunk]->AddDocument(doc.site, text);
        if (wanted_[d] || word_wanted_[d]) {
          tokens.clear();
          normalizer_->TokenHashes(text, &tokens);
        }
        if (word_wanted_[d]) word_sets[d] = tokens;
        if (wanted_[d]) {
          ShingleHashes(tokens, options_.shingle_size, &shingles);
          std::vector<uint32_t> cells;
          ShingleCells(shingles, &scratch, &cells);
          offered[chunk].emplace_back(hashes_[d], std::move(cells));
        }
      }
    });
    for (auto& chunk : offered) {
      for (auto& [hash, cells] : chunk) sample_.Add(hash, std::move(cells));
    }
    if (want_words_) {
      if (!words_) words_ = std::make_unique<internal::WordFrequency>();
      for (size_t d = 0; d < docs.size(); ++d) {
        if (word_wanted_[d]) words_->AddDocument(word_sets[d]);
      }
    }
    if (spill_ && status_.ok() && spill_->Full(lines_)) {
      for (auto& part : lines_) {
        if (part && status_.ok()) status_ = spill_->Spill(*part);
      }
    }
  }

  void SetLineMemory(uint64_t memory_bytes, std::string work_dir) {
    if (!want_lines_ || memory_bytes == 0) return;
    spill_ = std::make_unique<internal::LineCountSpill>(std::move(work_dir), memory_bytes);
  }
  void SetSampleMemory(uint64_t memory_bytes, std::string work_dir) {
    if (want_frequency_) sample_.SpillTo(std::move(work_dir), memory_bytes);
  }
  absl::Status status() const { return status_.ok() ? sample_.status() : status_; }

  absl::Status Merge(Impl&& other) {
    if (other.key_ != key_) {
      return absl::InvalidArgumentError(
          "CrawlStatisticsBuilder::Merge: the builders were created with other shingle, normalization or "
          "boilerplate options");
    }
    documents_ += other.documents_;
    if (want_lines_) {
      CrawlLineStats& lines = RestoredLines();
      if (other.want_lines_) lines.Merge(other.RestoredLines());
      if (!other.status_.ok() && status_.ok()) status_ = other.status_;
    }
    sample_.Merge(std::move(other.sample_));
    if (other.words_) {
      if (!words_) words_ = std::make_unique<internal::WordFrequency>();
      words_->Merge(*other.words_);
    }
    other.Reset();
    return absl::OkStatus();
  }

  std::shared_ptr<const CrawlStatistics> Finish(bool finalize_lines) {
    auto parts = std::make_unique<CrawlStatistics::Parts>();
    parts->documents = documents_;
    parts->built_with = key_;
    if (want_lines_) {
      parts->lines = std::make_unique<CrawlLineStats>(std::move(ConsolidatedLines()));
      if (spill_) {
        const absl::Status restored = spill_->Restore(parts->lines.get(), finalize_lines);
        if (!restored.ok() && status_.ok()) status_ = restored;
      } else if (finalize_lines) {
        parts->lines->Finalize();
      }
    }
    if (want_frequency_) {
      const DocumentFrequencySketch sketch = sample_.Count();
      parts->sampled_documents = sketch.sampled_documents();
      parts->common = sketch.Common(CommonMinDocuments(options_, documents_), documents_);
      if (prior_) parts->common.AddShingles(prior_->shingles());
      if (!sample_.status().ok() && status_.ok()) status_ = sample_.status();  // Reset() drops the sample
    }
    if (want_words_) {
      parts->words = words_ ? std::shared_ptr<const internal::WordFrequency>(std::move(words_))
                            : std::make_shared<const internal::WordFrequency>();
    }
    Reset();
    return std::make_shared<const CrawlStatistics>(std::move(parts));
  }

  absl::StatusOr<std::string> SerializeState() const {
    // Consolidating changes the representation, not the statistics.
    Impl& self = const_cast<Impl&>(*this);
    self.sample_.Prune();
    std::string state = internal::SerializeBuilderState(key_, documents_, want_lines_ ? &self.RestoredLines() : nullptr,
                                                        want_frequency_ ? &sample_ : nullptr);
    SHABIH_RETURN_IF_ERROR(sample_.status());  // a spilled sample that could not be read back
    return state;
  }

  absl::Status LoadState(absl::string_view bytes) {
    CrawlLineStats lines(options_.boilerplate);
    SHABIH_RETURN_IF_ERROR(internal::ParseBuilderState(bytes, key_, &documents_, want_lines_ ? &lines : nullptr,
                                                       want_frequency_ ? &sample_ : nullptr));
    if (want_lines_) lines_[0] = std::make_unique<CrawlLineStats>(std::move(lines));
    return absl::OkStatus();
  }

  uint64_t documents() const { return documents_; }

 private:
  // Sums every per-chunk part into the first slot and returns it.
  CrawlLineStats& ConsolidatedLines() {
    std::unique_ptr<CrawlLineStats> total;
    for (std::unique_ptr<CrawlLineStats>& part : lines_) {
      if (!part) continue;
      if (!total) {
        total = std::move(part);
      } else {
        total->Merge(*part);
        part.reset();
      }
    }
    lines_[0] = total ? std::move(total) : std::make_unique<CrawlLineStats>(options_.boilerplate);
    return *lines_[0];
  }

  // ConsolidatedLines() with every spilled count summed back (exact, not
  // finalized): for merging and serializing, which need them all.
  CrawlLineStats& RestoredLines() {
    CrawlLineStats& lines = ConsolidatedLines();
    if (spill_ && spill_->spilled()) {
      const absl::Status restored = spill_->Restore(&lines, /*finalize=*/false);
      if (!restored.ok() && status_.ok()) status_ = restored;
    }
    return lines;
  }

  void Reset() {
    documents_ = 0;
    sample_ = DocumentSample(options_.document_frequency);
    words_.reset();
    for (auto& part : lines_) part.reset();
  }

  const DedupOptions options_;
  const std::unique_ptr<Normalizer> normalizer_;
  const std::shared_ptr<const TemplatePrior> prior_;  // null: none applies
  const std::string key_;
  const bool want_lines_;
  const bool want_frequency_;
  const bool want_words_;
  const uint64_t word_threshold_;
  DocumentSample sample_;
  std::unique_ptr<internal::WordFrequency> words_;  // want_words_: word document frequencies
  std::vector<uint8_t> word_wanted_;
  uint64_t documents_ = 0;
  std::vector<uint64_t> hashes_;
  std::vector<uint8_t> wanted_;
  std::vector<std::unique_ptr<CrawlLineStats>> lines_;
  std::unique_ptr<internal::LineCountSpill> spill_;  // null: line counts stay in memory
  absl::Status status_;
};

absl::StatusOr<std::unique_ptr<CrawlStatisticsBuilder>> CrawlStatisticsBuilder::Create(const DedupOptions& options) {
  SHABIH_ASSIGN_OR_RETURN(DedupOptions resolved, ResolveDedupOptions(options));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Normalizer> normalizer, Normalizer::Create(resolved.normalizer));
  SHABIH_ASSIGN_OR_RETURN(std::shared_ptr<const TemplatePrior> prior, TemplatePriorFor(resolved));
  return std::unique_ptr<CrawlStatisticsBuilder>(new CrawlStatisticsBuilder(
      std::make_unique<Impl>(std::move(resolved), std::move(normalizer), std::move(prior))));
}
absl::StatusOr<std::unique_ptr<CrawlStatisticsBuilder>> CrawlStatisticsBuilder::FromState(
    const DedupOptions& options, absl::string_view state) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CrawlStatisticsBuilder> builder, Create(options));
  SHABIH_RETURN_IF_ERROR(builder->impl_->LoadState(state));
  return builder;
}
CrawlStatisticsBuilder::CrawlStatisticsBuilder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CrawlStatisticsBuilder::~CrawlStatisticsBuilder() = default;
void CrawlStatisticsBuilder::Add(absl::Span<const Document> documents) { impl_->Add(documents); }
absl::Status CrawlStatisticsBuilder::Merge(CrawlStatisticsBuilder&& other) {
  if (&other == this) return absl::InvalidArgumentError("CrawlStatisticsBuilder::Merge: a builder into itself");
  return impl_->Merge(std::move(*other.impl_));
}
absl::StatusOr<std::string> CrawlStatisticsBuilder::SerializeState() const { return impl_->SerializeState(); }
uint64_t CrawlStatisticsBuilder::documents() const { return impl_->documents(); }
void CrawlStatisticsBuilder::SetSampleMemory(uint64_t memory_bytes, std::string work_dir) {
  impl_->SetSampleMemory(memory_bytes, std::move(work_dir));
}

void CrawlStatisticsBuilder::SetLineMemory(uint64_t memory_bytes, std::string work_dir) {
  impl_->SetLineMemory(memory_bytes, std::move(work_dir));
}
absl::Status CrawlStatisticsBuilder::status() const { return impl_->status(); }
std::shared_ptr<const CrawlStatistics> CrawlStatisticsBuilder::Finish(LineCounts lines) {
  return impl_->Finish(lines == LineCounts::kRepeated);
}

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
      if (const internal::WordFrequency* words = statistics_->parts().words.get()) {
        const uint64_t documents = statistics_->parts().documents;
        rare_ = std::make_unique<internal::RareWords>(*words, documents,
                                                      internal::RareMaxDocuments(options_, documents));
      }
    }
  }

  void SignInto(absl::string_view site, absl::string_view text, absl::Span<uint32_t> signature,
                SignedDocument* out, bool keep_text, DocumentFormat format = DocumentFormat::kText) const {
    // Per-thread scratch: Sign() is const and called from many threads,
    // and the hot path must not allocate per document.
    thread_local Scratch scratch;
    absl::string_view main = text;
    if (format == DocumentFormat::kHtml) {
      internal::HtmlMainText(classifier_.get(), site, text, line_stats_, &scratch.kept);
      main = scratch.kept;
    } else if (classifier_ != nullptr) {
      classifier_->Strip(site, text, line_stats_, &scratch.kept);
      main = scratch.kept;
    }
    scratch.tokens.clear();
    normalizer_->TokenHashes(main, &scratch.tokens);
    ShingleHashes(scratch.tokens, options_.shingle_size, &scratch.shingles);
    out->all_shingles = Clamp32(scratch.shingles.size());
    if (rare_ != nullptr) {
      internal::MakeRareWordSketch(scratch.tokens, *rare_, &scratch.rare_words);
      out->rare_words.assign(scratch.rare_words.values.begin(), scratch.rare_words.values.end());
      out->rare_word_count = scratch.rare_words.count;
    }
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
    internal::RareWordSketch rare_words;
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
  std::unique_ptr<const internal::RareWords> rare_;  // --verify evidence: rare words are sketched
};

absl::StatusOr<std::unique_ptr<DocumentSigner>> DocumentSigner::Create(
    const DedupOptions& options, std::shared_ptr<const CrawlStatistics> statistics) {
  SHABIH_ASSIGN_OR_RETURN(DedupOptions resolved, ResolveDedupOptions(options));
  if (statistics && statistics->parts().built_with != StatisticsKey(resolved)) {
    return absl::InvalidArgumentError(
        "DocumentSigner: the statistics were built with other shingle, normalization or boilerplate options");
  }
  if (resolved.verify == VerifyMode::kEvidence && (!statistics || !statistics->parts().words)) {
    return absl::InvalidArgumentError(
        "DocumentSigner: --verify evidence needs crawl statistics with word frequencies (CrawlStatisticsBuilder "
        "created with the same options)");
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

absl::Status DocumentSigner::SignInto(const Document& doc, absl::Span<uint32_t> signature,
                                      SignedDocument* result) const {
  if (signature.size() != static_cast<size_t>(num_perms())) {
    return absl::InvalidArgumentError(
        absl::StrCat("SignInto: signature span of ", signature.size(), " values, expected ", num_perms()));
  }
  impl_->SignInto(doc.site, doc.text, signature, result, /*keep_text=*/false, doc.format);
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
      (void)signer.SignInto(docs[d], absl::MakeSpan(out->signatures.data() + d * out->perms, static_cast<size_t>(out->perms)),
                            &out->meta[d]);
    }
  });
}

}  // namespace shabih::internal
