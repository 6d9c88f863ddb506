// The scan and sign stages of shabih/stages.h (the cluster stage is in
// engine/stage_cluster.cc): each reads one shard of the input and leaves
// its files in the work folder, its meta record last.
#include "shabih/stages.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/band_records.h"
#include "engine/internal/batch_loop.h"
#include "engine/internal/batch_signing.h"
#include "engine/internal/dedup_run.h"
#include "engine/internal/external_sort.h"
#include "engine/internal/paged_file.h"
#include "engine/internal/pipeline_util.h"
#include "engine/internal/read_stats_io.h"
#include "engine/internal/stage_files.h"
#include "engine/internal/status_macros.h"
#include "shabih/signer.h"

namespace shabih {
namespace internal {

absl::StatusOr<DedupOptions> StageOptions(const std::vector<std::string>& inputs, const DedupOptions& options,
                                          int shard_index, int shard_count, const std::string& work_dir) {
  if (inputs.empty()) return absl::InvalidArgumentError("no INPUT given");
  if (work_dir.empty()) return absl::InvalidArgumentError("a work folder is required (--work)");
  if (options.method != DedupMethod::kMinHash) {
    return absl::InvalidArgumentError("the stages work with --method minhash only");
  }
  if (!options.keep_dir.empty()) return absl::InvalidArgumentError("the stages do not write --keep");
  if (!options.index_dir.empty()) return absl::InvalidArgumentError("the stages do not use --index");
  if (options.verify == VerifyMode::kEvidence) {
    return absl::InvalidArgumentError("--verify evidence does not work with the sharded stages yet (docs/methods.md)");
  }
  if (std::count(inputs.begin(), inputs.end(), "-") > 0) {
    return absl::InvalidArgumentError(
        "the stages read their input in several processes, so not stdin: save it to a file and give that");
  }
  if (shard_count < 1 || shard_index < 0 || shard_index >= shard_count) {
    return absl::InvalidArgumentError(
        absl::StrCat("shard ", shard_index, "/", shard_count, " is not one of 0/N .. (N-1)/N"));
  }
  SHABIH_ASSIGN_OR_RETURN(DedupOptions o, ResolveDedupOptions(options));
  if (o.memory_bytes == 0) o.memory_bytes = MemoryBudget(o);
  o.read.shard_index = shard_index;
  o.read.shard_count = shard_count;
  o.read.unique_ids = false;  // the cluster stage makes ids unique in global order
  o.read.exclude_directories.push_back(work_dir);
  return o;
}

bool NeedsScan(const DedupOptions& o) { return (o.strip && o.strip_crawl_stats) || o.common_min_documents > 0; }

}  // namespace internal

namespace {

using internal::CancelCheck;

StageResult ResultOf(const ReadStats& stats) {
  return StageResult{stats.documents, stats.bytes, stats.skipped_total};
}

// The statistics every sign shard signs with: the N scan states merged in
// shard order (one builder's statistics over the whole crawl), or none when
// the options need no first pass (as RunDedup). Every sign process would
// merge to the same bytes, so the first to do it leaves them in
// work/statistics.bin (the run's key, then CrawlStatistics::Serialize(),
// written atomically: concurrent writers write equal bytes) and the others
// read that instead of N states; a scan removes the file.
absl::StatusOr<std::shared_ptr<const CrawlStatistics>> MergedStatistics(const DedupOptions& o,
                                                                        const std::string& work, int shards,
                                                                        uint64_t key) {
  if (!internal::NeedsScan(o)) return std::shared_ptr<const CrawlStatistics>();
  const std::string cache = internal::StatisticsPath(work);
  if (absl::StatusOr<std::string> bytes = internal::ReadStageFile(cache, "sign"); bytes.ok()) {
    uint64_t stamped = 0;
    if (bytes->size() > sizeof stamped) std::memcpy(&stamped, bytes->data(), sizeof stamped);
    if (stamped == key) {
      absl::StatusOr<std::shared_ptr<const CrawlStatistics>> statistics =
          CrawlStatistics::Deserialize(absl::string_view(*bytes).substr(sizeof stamped));
      if (statistics.ok()) return statistics;  // else (damaged): merged again below
    }
  }
  std::unique_ptr<CrawlStatisticsBuilder> merged;
  for (int s = 0; s < shards; ++s) {
    SHABIH_ASSIGN_OR_RETURN(const std::string state, internal::ReadStageFile(internal::ScanStatePath(work, s), "scan"));
    absl::StatusOr<std::unique_ptr<CrawlStatisticsBuilder>> builder = CrawlStatisticsBuilder::FromState(o, state);
    if (!builder.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(internal::ScanStatePath(work, s), ": ",
                                                        builder.status().message(), ": run `shabih stage scan` again"));
    }
    if (merged) {
      SHABIH_RETURN_IF_ERROR(merged->Merge(std::move(**builder)));
    } else {
      merged = std::move(*builder);
    }
  }
  std::shared_ptr<const CrawlStatistics> statistics = merged->Finish();
  SHABIH_ASSIGN_OR_RETURN(const std::string bytes, statistics->Serialize());
  std::string stamped(reinterpret_cast<const char*>(&key), sizeof key);
  stamped += bytes;
  SHABIH_RETURN_IF_ERROR(internal::WriteFileDurably(cache, stamped));
  return statistics;
}

// sign-I/'s files other than meta and read.json, while reading the shard.
class SignWriter {
 public:
  static absl::StatusOr<std::unique_ptr<SignWriter>> Create(const std::string& work, int shard,
                                                            const DedupOptions& o, uint32_t first) {
    auto w = std::unique_ptr<SignWriter>(new SignWriter(o, first));
    SHABIH_ASSIGN_OR_RETURN(w->docs_, internal::AtomicFileWriter::Create(internal::SignPath(work, shard, "docs.bin")));
    SHABIH_ASSIGN_OR_RETURN(w->ids_, internal::AtomicFileWriter::Create(internal::SignPath(work, shard, "ids.bin")));
    SHABIH_ASSIGN_OR_RETURN(w->sigs_, internal::AtomicFileWriter::Create(internal::SignPath(work, shard, "sigs.bin")));
    const std::string spill = o.work_dir.empty() ? internal::SignDir(work, shard) : o.work_dir;
    w->sorter_ = std::make_unique<internal::ExternalSorter<internal::BandRecord>>(spill, o.memory_bytes / 2);
    if (o.containment > 0) w->containment_ = internal::ContainmentParams(o);
    w->bands_path_ = internal::SignPath(work, shard, "bands.bin");
    return w;
  }

  absl::Status Add(const Document& doc, absl::Span<const uint32_t> signature, const SignedDocument& meta,
                   internal::StageMeta& counts) {
    if (uint64_t{first_} + documents_ >= 0xFFFFFFF0ull) return absl::ResourceExhaustedError("more than 4 billion documents");
    const uint32_t global = first_ + documents_++;
    SHABIH_RETURN_IF_ERROR(ids_->Append(doc.id));
    const internal::ShardDoc record{ids_->bytes_written(), doc.line, meta.main_bytes, doc.source, meta.shingles};
    SHABIH_RETURN_IF_ERROR(docs_->AppendRecords<internal::ShardDoc>(absl::MakeConstSpan(&record, 1)));
    SHABIH_RETURN_IF_ERROR(sigs_->AppendRecords<uint32_t>(signature));
    if (meta.shingles > 0) {  // a document without shingles is never a candidate
      bands_.clear();
      internal::AppendBandRecords(signature, {o_.bands, o_.rows}, 0, global, &bands_);
      if (o_.containment > 0) internal::AppendBandRecords(signature, containment_, 1, global, &bands_);
      SHABIH_RETURN_IF_ERROR(sorter_->Add(bands_));
    }
    counts.stripped_documents += meta.stripped_bytes > 0;
    counts.stripped_bytes += meta.stripped_bytes;
    counts.shingles += meta.all_shingles;
    counts.discounted_shingles += meta.all_shingles - meta.shingles;
    return absl::OkStatus();
  }
  uint32_t documents() const { return documents_; }

  // Writes bands.bin sorted and commits every file; *records counts them.
  absl::Status Commit(uint64_t* records) {
    SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<internal::RecordStream<internal::BandRecord>> sorted, sorter_->Finish());
    SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<internal::AtomicFileWriter> bands,
                            internal::AtomicFileWriter::Create(bands_path_));
    internal::BandRecord r;
    *records = 0;
    while (sorted->Next(&r)) {
      SHABIH_RETURN_IF_ERROR(bands->AppendRecords<internal::BandRecord>(absl::MakeConstSpan(&r, 1)));
      ++*records;
    }
    SHABIH_RETURN_IF_ERROR(sorted->status());
    for (internal::AtomicFileWriter* w : {docs_.get(), ids_.get(), sigs_.get(), bands.get()}) {
      SHABIH_RETURN_IF_ERROR(w->Commit());
    }
    return absl::OkStatus();
  }

 private:
  SignWriter(const DedupOptions& o, uint32_t first) : o_(o), first_(first) {}
  const DedupOptions& o_;
  uint32_t first_;
  uint32_t documents_ = 0;
  LshParams containment_;
  std::unique_ptr<internal::AtomicFileWriter> docs_, ids_, sigs_;
  std::unique_ptr<internal::ExternalSorter<internal::BandRecord>> sorter_;
  std::vector<internal::BandRecord> bands_;
  std::string bands_path_;
};

}  // namespace

absl::StatusOr<StageResult> ScanShard(const std::vector<std::string>& inputs, const DedupOptions& options,
                                      int shard_index, int shard_count, const std::string& work_dir) {
  SHABIH_ASSIGN_OR_RETURN(const DedupOptions o,
                          internal::StageOptions(inputs, options, shard_index, shard_count, work_dir));
  const uint64_t key = internal::StageKey(inputs, o, shard_count);
  SHABIH_RETURN_IF_ERROR(internal::CreateDirectory(work_dir));
  std::error_code ec;
  std::filesystem::remove(internal::ScanMetaPath(work_dir, shard_index), ec);  // uncommitted until rewritten
  std::filesystem::remove(internal::StatisticsPath(work_dir), ec);  // merged from the scans before this one
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, o.read));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CrawlStatisticsBuilder> builder, CrawlStatisticsBuilder::Create(o));
  CancelCheck cancelled(o.cancel);
  std::vector<Document> batch;
  while (!cancelled()) {
    batch.clear();
    internal::FillBatch([&](Document* d) { return reader->Next(d); }, &batch);
    if (batch.empty()) break;
    if (internal::NeedsScan(o)) builder->Add(batch);
  }
  SHABIH_RETURN_IF_ERROR(cancelled.status());
  SHABIH_ASSIGN_OR_RETURN(const std::string state, builder->SerializeState());
  SHABIH_RETURN_IF_ERROR(internal::WriteFileDurably(internal::ScanStatePath(work_dir, shard_index), state));
  internal::StageMeta meta = internal::NewStageMeta(key, shard_index, shard_count);
  meta.documents = reader->stats().documents;
  meta.bytes = reader->stats().bytes;
  SHABIH_RETURN_IF_ERROR(internal::WriteStageMeta(internal::ScanMetaPath(work_dir, shard_index), meta));
  return ResultOf(reader->stats());
}

absl::StatusOr<StageResult> SignShard(const std::vector<std::string>& inputs, const DedupOptions& options,
                                      int shard_index, int shard_count, const std::string& work_dir) {
  SHABIH_ASSIGN_OR_RETURN(const DedupOptions o,
                          internal::StageOptions(inputs, options, shard_index, shard_count, work_dir));
  const uint64_t key = internal::StageKey(inputs, o, shard_count);
  // The global number of this shard's first document, and its count.
  uint64_t first = 0, expected = 0;
  for (int s = 0; s < shard_count; ++s) {
    SHABIH_ASSIGN_OR_RETURN(const internal::StageMeta scan,
                            internal::ReadStageMeta(internal::ScanMetaPath(work_dir, s), key, "scan", shard_count));
    if (s < shard_index) first += scan.documents;
    if (s == shard_index) expected = scan.documents;
  }
  if (first + expected >= 0xFFFFFFF0ull) return absl::ResourceExhaustedError("more than 4 billion documents");
  SHABIH_ASSIGN_OR_RETURN(std::shared_ptr<const CrawlStatistics> statistics,
                          MergedStatistics(o, work_dir, shard_count, key));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<DocumentSigner> signer, DocumentSigner::Create(o, statistics));
  const std::string dir = internal::SignDir(work_dir, shard_index);
  SHABIH_RETURN_IF_ERROR(internal::CreateDirectory(dir));
  std::error_code ec;
  std::filesystem::remove(internal::SignPath(work_dir, shard_index, "meta"), ec);
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<SignWriter> writer,
                          SignWriter::Create(work_dir, shard_index, o, static_cast<uint32_t>(first)));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, o.read));
  internal::StageMeta meta = internal::NewStageMeta(key, shard_index, shard_count);
  CancelCheck cancelled(o.cancel);
  std::vector<Document> batch;
  internal::SignedBatch signed_docs;
  const absl::Status changed = absl::DataLossError(
      absl::StrCat("shard ", shard_index, "/", shard_count, " holds other documents than its scan counted: the input "
                   "changed since `shabih stage scan`; run every stage again"));
  while (!cancelled()) {
    batch.clear();
    internal::FillBatch([&](Document* d) { return reader->Next(d); }, &batch);
    if (batch.empty()) break;
    if (writer->documents() + batch.size() > expected) return changed;
    internal::SignBatch(*signer, batch, o.threads, &signed_docs);
    for (size_t i = 0; i < batch.size(); ++i) {
      SHABIH_RETURN_IF_ERROR(writer->Add(batch[i], signed_docs.Signature(i), signed_docs.meta[i], meta));
    }
  }
  SHABIH_RETURN_IF_ERROR(cancelled.status());
  if (writer->documents() != expected) return changed;
  SHABIH_RETURN_IF_ERROR(writer->Commit(&meta.band_records));
  SHABIH_RETURN_IF_ERROR(internal::WriteFileDurably(internal::SignPath(work_dir, shard_index, "read.json"),
                                                    ReadStatsToJson(reader->stats())));
  meta.documents = reader->stats().documents;
  meta.bytes = reader->stats().bytes;
  meta.common_shingle_cells = statistics ? statistics->common_shingle_cells() : 0;
  SHABIH_RETURN_IF_ERROR(internal::WriteStageMeta(internal::SignPath(work_dir, shard_index, "meta"), meta));
  return ResultOf(reader->stats());
}

}  // namespace shabih
