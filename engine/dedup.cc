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
#include "engine/internal/dedup_run.h"
#include "engine/internal/index_dedup.h"
#include "engine/internal/output_dir.h"
#include "engine/internal/pipeline_util.h"
#include "engine/internal/resource_usage.h"
#include "engine/internal/status_macros.h"

namespace shabih {
namespace fs = std::filesystem;

namespace {

using internal::CancelCheck;
using internal::Clock;
using internal::DocumentBatch;
using internal::PrepareRun;
using internal::ProgressReporter;
using internal::Run;
using internal::SecondsSince;

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
  if ((options.strip && options.strip_crawl_stats) || options.common_min_documents > 0 ||
      options.verify == VerifyMode::kEvidence) {
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
  if (!options.index_dir.empty() && !options.keep_dir.empty()) {
    return absl::InvalidArgumentError("--keep with --index is not supported yet: run dedup without --keep, "
                                      "or keep canonical documents from clusters.jsonl");
  }
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Run> run, PrepareRun(inputs, options, out_dir, /*own_out_dir=*/true));
  if (!run->options.index_dir.empty()) return internal::RunIndexedDedup(*run, callback, /*ephemeral=*/false);
  if (options.memory_bytes != 0 && run->options.keep_dir.empty() && options.method == DedupMethod::kMinHash) {
    // An explicit budget: the out-of-core stages over a throw-away index.
    SHABIH_ASSIGN_OR_RETURN(internal::WorkDir work, internal::WorkDir::Create(run->options.work_dir));
    run->options.index_dir = work.path() + "/index";
    return internal::RunIndexedDedup(*run, callback, /*ephemeral=*/true);
  }
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
  if (!options.index_dir.empty()) return absl::InvalidArgumentError("pairs does not read an index: use dedup --index");
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
