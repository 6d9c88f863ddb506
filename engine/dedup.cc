// RunDedup and RunPairs: a driver that reads a crawl from files and runs the
// batch Deduper over it. Pass 1 feeds a CrawlStatisticsBuilder (keeping the
// documents when they fit in cache_bytes); pass 2 signs each batch with a
// DocumentSigner while the next one is read, and hands the signatures to the
// Deduper, which finds, verifies and clusters the pairs.
#include "shabih/dedup.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/batch_loop.h"
#include "engine/internal/batch_signing.h"
#include "engine/internal/dedup_output.h"
#include "engine/internal/output_dir.h"
#include "engine/internal/pipeline_util.h"
#include "engine/internal/resource_usage.h"
#include "engine/internal/status_macros.h"

namespace shabih {
namespace fs = std::filesystem;

namespace {

using internal::Clock;
using internal::SecondsSince;

// Rate-limits progress callbacks and fills in how far the current stage is
// (total_bytes, fraction) from what it follows: a reader's position in its
// input, or the count of cached documents a pass goes through.
class ProgressReporter {
 public:
  ProgressReporter(const ProgressCallback& callback, Clock::time_point start)
      : callback_(callback), start_(start), last_(start) {}
  // Reports of `stage` (a string literal) take their position from
  // `reader`, which must outlive them; reports of other stages do not use
  // it, so a stage that ends with its reader needs no un-follow.
  void Follow(const char* stage, const CorpusReader* reader) {
    stage_ = stage;
    reader_ = reader;
    total_documents_ = 0;
  }
  // Reports of `stage` are `documents` of `total_documents` done.
  void FollowDocuments(const char* stage, uint64_t total_documents) {
    stage_ = stage;
    reader_ = nullptr;
    total_documents_ = total_documents;
  }
  void Report(const char* stage, uint64_t documents, uint64_t bytes, bool force) {
    if (!callback_) return;
    if (!force && SecondsSince(last_) < 0.25) return;
    last_ = Clock::now();
    DedupProgress p{stage, documents, bytes, SecondsSince(start_), 0, -1};
    if (stage_ != nullptr && absl::string_view(stage) == stage_) {
      if (reader_ != nullptr) {
        p.total_bytes = reader_->total_bytes();
        p.fraction = internal::ReadFraction(*reader_);
      } else if (total_documents_ > 0) {
        p.fraction = std::min(1.0, static_cast<double>(documents) / static_cast<double>(total_documents_));
      }
    }
    callback_(p);
  }

 private:
  const ProgressCallback& callback_;
  Clock::time_point start_, last_;
  const char* stage_ = nullptr;
  const CorpusReader* reader_ = nullptr;
  uint64_t total_documents_ = 0;
};

struct DocumentBatch {
  std::vector<Document> docs;
  size_t bytes = 0;
  internal::SignedBatch signed_docs;
};

// One run of the driver: its inputs, options and what pass 1 keeps.
struct Run {
  DedupOptions options;
  std::vector<std::string> inputs;
  std::string spool;  // stdin's copy (options.read.stdin_path), removed at the end
  std::unique_ptr<internal::OutputDir> out;   // --out, when the run owns it (dedup)
  std::unique_ptr<internal::OutputDir> keep;  // --keep
  Clock::time_point start = Clock::now();
  // Documents of pass 1, when they fit in options.cache_bytes, and the
  // read statistics that came with them.
  std::vector<Document> cache;
  bool cache_complete = false;
  ReadStats cache_stats;
  ~Run() { internal::RemoveSpool(spool); }
};

// Stops a pass between batches when the caller's cancel flag is set.
class CancelCheck {
 public:
  explicit CancelCheck(const std::atomic<bool>* flag) : flag_(flag) {}
  // True when the run must stop (remembered for status()).
  bool operator()() {
    if (flag_ != nullptr && flag_->load(std::memory_order_relaxed)) cancelled_ = true;
    return cancelled_;
  }
  absl::Status status() const { return cancelled_ ? absl::CancelledError("cancelled") : absl::OkStatus(); }

 private:
  const std::atomic<bool>* flag_;
  bool cancelled_ = false;
};

// Resolves options, takes ownership of the output folders (refusing
// unknown files), refuses bad --keep layouts, spools stdin when it must be
// read twice; reads never walk into this run's own outputs. `own_out_dir`:
// dedup owns --out; pairs writes one file into a folder it does not own.
absl::StatusOr<std::unique_ptr<Run>> PrepareRun(const std::vector<std::string>& inputs,
                                                const DedupOptions& raw_options, const std::string& out_dir,
                                                bool own_out_dir) {
  auto run = std::make_unique<Run>();
  SHABIH_ASSIGN_OR_RETURN(run->options, ResolveDedupOptions(raw_options));
  DedupOptions& options = run->options;
  if (out_dir.empty()) return absl::InvalidArgumentError("an output directory is required");
  if (own_out_dir) {
    SHABIH_ASSIGN_OR_RETURN(run->out, internal::OutputDir::Open(out_dir, "dedup", options.overwrite));
  } else {
    SHABIH_RETURN_IF_ERROR(internal::CreateDirectory(out_dir));
  }
  run->inputs = inputs;
  options.read.exclude_directories.push_back(out_dir);
  if (!options.keep_dir.empty()) {
    SHABIH_RETURN_IF_ERROR(internal::CheckKeepTargets(inputs, options));
    SHABIH_ASSIGN_OR_RETURN(run->keep, internal::OutputDir::Open(options.keep_dir, "keep", options.overwrite));
    options.read.exclude_directories.push_back(options.keep_dir);
  }
  const bool scan_pass = (options.strip && options.strip_crawl_stats) || options.common_min_documents > 0;
  const bool two_reads = !options.keep_dir.empty() || scan_pass;
  if (two_reads && std::count(inputs.begin(), inputs.end(), "-") > 0) {
    SHABIH_ASSIGN_OR_RETURN(run->spool, internal::SpoolStdin(options.cancel));
    options.read.stdin_path = run->spool;
  }
  return run;
}

// Pass 1: crawl statistics, keeping the documents while they fit.
absl::StatusOr<std::shared_ptr<const CrawlStatistics>> CollectStatistics(Run& run, ProgressReporter& progress) {
  const DedupOptions& o = run.options;
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(run.inputs, o.read));
  progress.Follow("scan", reader.get());
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CrawlStatisticsBuilder> builder, CrawlStatisticsBuilder::Create(o));
  uint64_t cached_bytes = 0, documents = 0;
  bool caching = o.cache_bytes > 0;
  CancelCheck cancelled(o.cancel);
  auto read = [&](DocumentBatch* b) {
    if (cancelled()) return false;
    b->bytes = internal::FillBatch([&](Document* d) { return reader->Next(d); }, &b->docs);
    documents += b->docs.size();
    progress.Report("scan", documents, reader->bytes_read(), false);
    return !b->docs.empty();
  };
  auto process = [&](DocumentBatch* b) { builder->Add(b->docs); };
  auto finish = [&](DocumentBatch* b) {
    if (caching && cached_bytes + b->bytes <= o.cache_bytes) {
      cached_bytes += b->bytes;
      for (Document& d : b->docs) run.cache.push_back(std::move(d));
    } else if (caching) {
      caching = false;  // too big to keep: pass 2 reads the input again
      std::vector<Document>().swap(run.cache);
    }
    return absl::OkStatus();
  };
  SHABIH_RETURN_IF_ERROR(internal::OverlapBatches<DocumentBatch>(o.threads > 1, read, process, finish));
  SHABIH_RETURN_IF_ERROR(cancelled.status());
  progress.Report("scan", documents, reader->bytes_read(), true);  // where the stage ended, even when short
  run.cache_complete = caching;
  if (caching) run.cache_stats = reader->stats();
  return builder->Finish();
}

// Pass 2: read (or take from the cache), strip and sign; batch k+1 is read
// while batch k is signed.
absl::Status SignCrawl(Run& run, const DocumentSigner& signer, Deduper& deduper, DedupSummary& summary,
                       ProgressReporter& progress) {
  std::unique_ptr<CorpusReader> reader;
  if (!run.cache_complete) {
    SHABIH_ASSIGN_OR_RETURN(reader, CorpusReader::Open(run.inputs, run.options.read));
  }
  if (reader) {
    progress.Follow("sign", reader.get());
  } else {
    progress.FollowDocuments("sign", run.cache.size());
  }
  size_t next_cached = 0;
  uint64_t cached_bytes_done = 0;
  auto next = [&](Document* doc) {
    if (reader) return reader->Next(doc);
    if (next_cached >= run.cache.size()) return false;
    *doc = std::move(run.cache[next_cached++]);
    cached_bytes_done += doc->text.size();
    return true;
  };
  CancelCheck cancelled(run.options.cancel);
  auto read = [&](DocumentBatch* b) {
    if (cancelled()) return false;
    b->bytes = internal::FillBatch(next, &b->docs);
    progress.Report("sign", deduper.documents(), reader ? reader->bytes_read() : cached_bytes_done, false);
    return !b->docs.empty();
  };
  auto process = [&](DocumentBatch* b) {
    internal::SignBatch(signer, b->docs, run.options.threads, &b->signed_docs);
  };
  auto finish = [&](DocumentBatch* b) -> absl::Status {
    for (size_t d = 0; d < b->docs.size(); ++d) {
      SHABIH_RETURN_IF_ERROR(
          deduper.AddSigned(std::move(b->docs[d].id), b->signed_docs.Signature(d), b->signed_docs.meta[d]));
    }
    return absl::OkStatus();
  };
  SHABIH_RETURN_IF_ERROR(internal::OverlapBatches<DocumentBatch>(run.options.threads > 1, read, process, finish));
  SHABIH_RETURN_IF_ERROR(cancelled.status());
  progress.Report("sign", deduper.documents(), reader ? reader->bytes_read() : cached_bytes_done, true);
  summary.read = reader ? reader->stats() : run.cache_stats;
  std::vector<Document>().swap(run.cache);
  return absl::OkStatus();
}

// Both passes into a Deduper, which is then ready to finish. No document
// read: the summary (every skipped input) is written, into the owned --out
// folder or to pairs' FILE.summary.json, and NoInputError returned.
absl::StatusOr<std::unique_ptr<Deduper>> ReadAndSign(Run& run, DedupSummary& summary, ProgressReporter& progress,
                                                     const std::string& pairs_summary_path) {
  const DedupOptions& options = run.options;
  std::shared_ptr<const CrawlStatistics> statistics;
  Clock::time_point stage_start = Clock::now();
  if ((options.strip && options.strip_crawl_stats) || options.common_min_documents > 0) {
    SHABIH_ASSIGN_OR_RETURN(statistics, CollectStatistics(run, progress));
    summary.stages.push_back({"scan", SecondsSince(stage_start)});
  }
  stage_start = Clock::now();
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<DocumentSigner> signer, DocumentSigner::Create(options, statistics));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Deduper> deduper, Deduper::Create(options));
  deduper->SetStatistics(statistics);
  SHABIH_RETURN_IF_ERROR(SignCrawl(run, *signer, *deduper, summary, progress));
  summary.stages.push_back({"read+sign", SecondsSince(stage_start)});
  // Nothing read because inputs failed: exit 2. Inputs that were read but
  // hold no document (an empty file) give empty, valid outputs.
  if (deduper->documents() == 0 && summary.read.skipped_total > 0) {
    if (run.out) {
      SHABIH_RETURN_IF_ERROR(run.out->Stage("summary.json", internal::NoInputSummaryJson(summary.read)));
      SHABIH_RETURN_IF_ERROR(run.out->Finish());
    } else {
      SHABIH_RETURN_IF_ERROR(internal::WriteNoInputSummary(pairs_summary_path, summary.read));
    }
    return internal::NoInputError(summary.read);
  }
  return deduper;
}

// The deduper's counters and stages after the driver's own.
void MergeSummary(DedupSummary from, DedupSummary& into) {
  std::vector<StageTime> stages = std::move(into.stages);
  ReadStats read = std::move(into.read);
  into = std::move(from);
  stages.insert(stages.end(), into.stages.begin(), into.stages.end());
  into.stages = std::move(stages);
  into.read = std::move(read);
}

void FinishTimes(const Run& run, DedupSummary& summary) {
  summary.peak_rss_bytes = PeakRssBytes();
  summary.seconds = SecondsSince(run.start);
}

}  // namespace

absl::StatusOr<DedupSummary> RunDedup(const std::vector<std::string>& inputs, const DedupOptions& options,
                                      const std::string& out_dir, const ProgressCallback& callback) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Run> run, PrepareRun(inputs, options, out_dir, /*own_out_dir=*/true));
  ProgressReporter progress(callback, run->start);
  DedupSummary summary;
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Deduper> deduper, ReadAndSign(*run, summary, progress, ""));
  if (options.cancel != nullptr && options.cancel->load()) return absl::CancelledError("cancelled");
  const uint64_t documents = deduper->documents();
  progress.Report("cluster", documents, summary.read.bytes, true);
  SHABIH_ASSIGN_OR_RETURN(DedupResult result, deduper->Finish());
  MergeSummary(std::move(result.summary), summary);

  Clock::time_point stage_start = Clock::now();
  progress.Report("write", documents, summary.read.bytes, true);
  // clusters.jsonl, candidates.jsonl and summary.json are renamed into
  // place together, at the end: a failed run leaves the earlier run's
  // outputs as they were.
  SHABIH_RETURN_IF_ERROR(run->out->Stage("clusters.jsonl", internal::ClustersJsonl(result.records)));
  SHABIH_RETURN_IF_ERROR(
      run->out->Stage("candidates.jsonl", internal::CandidatesJsonl(result.candidates, result.records)));
  summary.stages.push_back({"write", SecondsSince(stage_start)});
  if (!run->options.keep_dir.empty()) {
    stage_start = Clock::now();
    progress.Report("keep", documents, summary.read.bytes, true);
    SHABIH_RETURN_IF_ERROR(
        internal::WriteKept(run->inputs, run->options, result.records, run->keep.get(), &summary.kept_documents));
    SHABIH_RETURN_IF_ERROR(run->keep->Finish());
    summary.stages.push_back({"keep", SecondsSince(stage_start)});
  }
  FinishTimes(*run, summary);
  SHABIH_RETURN_IF_ERROR(run->out->Stage("summary.json", internal::SummaryJson(summary, run->options, run->inputs)));
  SHABIH_RETURN_IF_ERROR(run->out->Finish());
  return summary;
}

absl::StatusOr<DedupSummary> RunPairs(const std::vector<std::string>& inputs, const DedupOptions& options,
                                      const std::string& out_file, const ProgressCallback& callback) {
  if (out_file.empty()) return absl::InvalidArgumentError("an output file is required");
  const fs::path out_path(out_file);
  const std::string out_dir = out_path.has_parent_path() ? out_path.parent_path().string() : ".";
  DedupOptions pair_options = options;
  pair_options.keep_dir.clear();
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Run> run, PrepareRun(inputs, pair_options, out_dir, /*own_out_dir=*/false));
  ProgressReporter progress(callback, run->start);
  DedupSummary summary;
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Deduper> deduper,
                          ReadAndSign(*run, summary, progress, out_file + ".summary.json"));
  progress.Report("verify", deduper->documents(), summary.read.bytes, true);
  SHABIH_ASSIGN_OR_RETURN(DedupResult result, deduper->FinishPairs());
  MergeSummary(std::move(result.summary), summary);
  const Clock::time_point stage_start = Clock::now();
  SHABIH_RETURN_IF_ERROR(internal::WriteFile(out_path, internal::PairsJsonl(result.pairs)));
  summary.stages.push_back({"write", SecondsSince(stage_start)});
  // The summary goes beside the pairs file: FILE.summary.json.
  FinishTimes(*run, summary);
  SHABIH_RETURN_IF_ERROR(internal::WriteFile(out_file + ".summary.json", internal::SummaryJson(summary, run->options)));
  return summary;
}

}  // namespace shabih
