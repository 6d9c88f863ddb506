// The one-thread stage profile of RunDedup's signing path. Pass 1 runs the
// public CrawlStatisticsBuilder exactly as RunDedup does (batches in input
// order); pass 2 times, per document, the steps DocumentSigner::SignInto
// takes (strip with the crawl's line statistics, normalize, shingle and drop
// the template-common shingles, MinHash / SimHash) with the same objects
// built from the same resolved options. Every so often the document is also
// signed by a DocumentSigner and the results compared, outside the timed
// regions, so that the profile cannot drift from what RunDedup measures.
#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/batch_loop.h"
#include "engine/internal/crawl_statistics.h"
#include "engine/internal/pipeline_util.h"
#include "engine/internal/status_macros.h"
#include "shabih/boilerplate.h"
#include "shabih/minhash.h"
#include "shabih/normalize.h"
#include "shabih/shingle.h"
#include "shabih/signer.h"
#include "shabih/simhash.h"
#include "tooling/crawl_bench_internal.h"

namespace shabih::bench {
namespace {

using internal::Clock;

double Since(Clock::time_point start, Clock::time_point end) {
  return std::chrono::duration<double>(end - start).count();
}

// Documents checked against DocumentSigner: the first kCheckFirst, then one
// in kCheckEvery (the check signs them twice; it is not timed).
constexpr uint64_t kCheckFirst = 100;
constexpr uint64_t kCheckEvery = 64;

struct StageSeconds {
  double scan_read = 0, statistics = 0, read = 0, strip = 0, normalize = 0, shingle = 0, sign = 0;
};

// Pass 1, as RunDedup's: every document, in input order, into the builder.
absl::StatusOr<std::shared_ptr<const CrawlStatistics>> Statistics(const std::vector<std::string>& inputs,
                                                                  const DedupOptions& options,
                                                                  StageSeconds* t) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, options.read));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CrawlStatisticsBuilder> builder,
                          CrawlStatisticsBuilder::Create(options));
  auto next = [&](Document* doc) {
    const Clock::time_point start = Clock::now();
    const bool more = reader->Next(doc);
    t->scan_read += internal::SecondsSince(start);
    return more;
  };
  std::vector<Document> batch;
  while (true) {
    batch.clear();
    internal::FillBatch(next, &batch);
    if (batch.empty()) break;
    const Clock::time_point start = Clock::now();
    builder->Add(batch);
    t->statistics += internal::SecondsSince(start);
  }
  const Clock::time_point start = Clock::now();
  std::shared_ptr<const CrawlStatistics> statistics = builder->Finish();
  t->statistics += internal::SecondsSince(start);
  return statistics;
}

// DocumentSigner::SignInto's steps, each timed on its own.
class TimedSigner {
 public:
  static absl::StatusOr<std::unique_ptr<TimedSigner>> Create(
      const DedupOptions& options, std::shared_ptr<const CrawlStatistics> statistics) {
    auto s = std::unique_ptr<TimedSigner>(new TimedSigner(options, statistics));
    SHABIH_ASSIGN_OR_RETURN(s->normalizer_, Normalizer::Create(options.normalizer));
    SHABIH_ASSIGN_OR_RETURN(MinHasher hasher, MinHasher::Create(options.minhash));
    s->hasher_ = std::make_unique<MinHasher>(std::move(hasher));
    if (options.strip) {
      SHABIH_ASSIGN_OR_RETURN(s->classifier_, BoilerplateClassifier::Create(options.boilerplate));
    }
    s->signature_.assign(static_cast<size_t>(s->hasher_->num_perms()), kEmptySlot);
    return s;
  }

  // Signs one document into signature() and shingles(); adds the times.
  void Sign(const Document& doc, StageSeconds* t) {
    const Clock::time_point t0 = Clock::now();
    absl::string_view main = doc.text;
    if (classifier_ != nullptr) {
      classifier_->Strip(doc.site, doc.text, line_stats_, &kept_);
      main = kept_;
    }
    const Clock::time_point t1 = Clock::now();
    tokens_.clear();
    normalizer_->TokenHashes(main, &tokens_);
    const Clock::time_point t2 = Clock::now();
    ShingleHashes(tokens_, options_.shingle_size, &shingles_);
    if (common_ != nullptr && !common_->empty()) {
      rare_.clear();
      for (uint64_t s : shingles_) {
        if (!common_->Contains(s)) rare_.push_back(s);
      }
      if (!rare_.empty()) shingles_.swap(rare_);  // As the signer: all-common pages keep all.
    }
    const Clock::time_point t3 = Clock::now();
    hasher_->Sign(shingles_, absl::MakeSpan(signature_));
    simhash_ = options_.method == DedupMethod::kSimHash ? SimHash(shingles_) : 0;
    const Clock::time_point t4 = Clock::now();
    t->strip += Since(t0, t1);
    t->normalize += Since(t1, t2);
    t->shingle += Since(t2, t3);
    t->sign += Since(t3, t4);
  }

  // True when the signer signs `doc` as the last Sign() did.
  bool SameAs(const DocumentSigner& signer, const Document& doc) {
    check_.assign(signature_.size(), kEmptySlot);
    SignedDocument meta;
    signer.SignInto(doc.site, doc.text, absl::MakeSpan(check_), &meta);
    return check_ == signature_ && meta.shingles == shingles_.size() && meta.simhash == simhash_;
  }

  uint64_t sink() const { return signature_.empty() ? 0 : signature_[0] ^ simhash_; }

 private:
  TimedSigner(const DedupOptions& options, const std::shared_ptr<const CrawlStatistics>& statistics)
      : options_(options), statistics_(statistics) {
    if (statistics_) {
      line_stats_ = statistics_->parts().lines.get();
      common_ = &statistics_->parts().common;
    }
  }

  const DedupOptions options_;
  const std::shared_ptr<const CrawlStatistics> statistics_;
  const CrawlLineStats* line_stats_ = nullptr;
  const CommonShingles* common_ = nullptr;
  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<MinHasher> hasher_;
  std::unique_ptr<BoilerplateClassifier> classifier_;
  std::string kept_;
  std::vector<uint64_t> tokens_, shingles_, rare_;
  std::vector<uint32_t> signature_, check_;
  uint64_t simhash_ = 0;
};

void Report(const DedupOptions& o, bool scan_pass, const StageSeconds& t, CrawlBenchPoint* point) {
  point->profile.clear();
  if (scan_pass) {
    point->profile.push_back({"scan-read", t.scan_read});
    point->profile.push_back({"statistics", t.statistics});
  }
  point->profile.push_back({"read", t.read});
  if (o.strip) point->profile.push_back({"strip", t.strip});
  point->profile.push_back({"normalize", t.normalize});
  point->profile.push_back({"shingle+discount", t.shingle});
  point->profile.push_back({"sign", t.sign});
}

}  // namespace

absl::Status Profile(const std::vector<std::string>& inputs, const DedupOptions& raw,
                     CrawlBenchPoint* point) {
  SHABIH_ASSIGN_OR_RETURN(DedupOptions o, ResolveDedupOptions(raw));
  o.threads = 1;
  // RunDedup's rule for a first pass.
  const bool scan_pass = (o.strip && o.strip_crawl_stats) || o.common_min_documents > 0;
  StageSeconds t;
  std::shared_ptr<const CrawlStatistics> statistics;
  if (scan_pass) {
    SHABIH_ASSIGN_OR_RETURN(statistics, Statistics(inputs, o, &t));
  }
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<TimedSigner> timed, TimedSigner::Create(o, statistics));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<DocumentSigner> signer, DocumentSigner::Create(o, statistics));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, o.read));
  Document doc;
  uint64_t sink = 0;
  for (uint64_t n = 0;; ++n) {
    const Clock::time_point start = Clock::now();
    const bool more = reader->Next(&doc);
    t.read += internal::SecondsSince(start);
    if (!more) break;
    timed->Sign(doc, &t);
    sink ^= timed->sink();
    if ((n < kCheckFirst || n % kCheckEvery == 0) && !timed->SameAs(*signer, doc)) {
      return absl::InternalError(
          absl::StrCat("bench profile: document ", doc.id,
                       " signed differently from DocumentSigner; the profile's steps are stale"));
    }
  }
  static std::atomic<uint64_t> profile_sink{0};
  profile_sink.fetch_xor(sink, std::memory_order_relaxed);
  Report(o, scan_pass, t, point);
  return absl::OkStatus();
}

}  // namespace shabih::bench
