// The verify stage of shabih/stages.h (partition P of M): the sign shards'
// band records of P's bands merged into candidate pairs and verified on the
// shards' signatures, into work/verify-P/; and the cluster stage's merge of
// the partitions (engine/internal/stage_partitions.h says why by band).
#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/band_records.h"
#include "engine/internal/external_sort.h"
#include "engine/internal/paged_file.h"
#include "engine/internal/pipeline_util.h"
#include "engine/internal/stage_files.h"
#include "engine/internal/stage_partitions.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/verify.h"
#include "shabih/stages.h"

namespace shabih {
namespace internal {
namespace {

static_assert(std::is_trivially_copyable_v<CandidateRecord>, "candidates.bin holds raw records");

// The records [begin, begin + count) of a band file.
class RangeStream final : public RecordStream<BandRecord> {
 public:
  RangeStream(std::unique_ptr<SequentialReader> reader, uint64_t count) : reader_(std::move(reader)), left_(count) {}
  bool Next(BandRecord* r) override {
    if (left_ == 0 || !status_.ok()) return false;
    if (!reader_->Read(r, sizeof *r)) {
      if (reader_->status().ok()) status_ = absl::DataLossError(absl::StrCat(reader_->path(), " shrank while read"));
      return false;
    }
    --left_;
    return true;
  }
  absl::Status status() const override { return status_.ok() ? reader_->status() : status_; }

 private:
  std::unique_ptr<SequentialReader> reader_;
  uint64_t left_;
  absl::Status status_;
};

// The index of the first record whose band is >= band: a binary search by
// pread (about log2(records) reads of 4 KiB pages).
absl::StatusOr<uint64_t> LowerBound(const PagedReader& file, uint64_t band) {
  uint64_t lo = 0, hi = file.size() / sizeof(BandRecord);
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    BandRecord r;
    SHABIH_RETURN_IF_ERROR(file.Read(mid * sizeof r, sizeof r, &r));
    if (r.band < band) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// A shard's records of the partition's bands, *records counting them.
absl::StatusOr<std::unique_ptr<RecordStream<BandRecord>>> OpenBandRange(const std::string& path, BandPartition range,
                                                                        size_t buffer, uint64_t* records) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<PagedReader> file, PagedReader::Open(path, 4 << 10, 64 << 10));
  if (file->size() % sizeof(BandRecord) != 0) {
    return absl::DataLossError(absl::StrCat(path, " is damaged: run `shabih stage sign` for that shard again"));
  }
  SHABIH_ASSIGN_OR_RETURN(const uint64_t begin, LowerBound(*file, range.begin));
  SHABIH_ASSIGN_OR_RETURN(const uint64_t end, LowerBound(*file, range.end));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<SequentialReader> reader, SequentialReader::Open(path, buffer));
  SHABIH_RETURN_IF_ERROR(reader->Seek(begin * sizeof(BandRecord)));
  *records += end - begin;
  return std::unique_ptr<RecordStream<BandRecord>>(new RangeStream(std::move(reader), end - begin));
}

// Every document's shingle count by global number (4 bytes a document,
// what verification needs besides signatures), and first[s] per shard.
absl::Status ReadShingles(const std::string& work, const std::vector<StageMeta>& metas, std::vector<uint64_t>* first,
                          std::vector<uint32_t>* shingles) {
  first->assign(1, 0);
  uint64_t total = 0;
  for (const StageMeta& m : metas) total += m.documents;
  shingles->reserve(total);
  for (size_t s = 0; s < metas.size(); ++s) {
    const std::string path = SignPath(work, static_cast<int>(s), "docs.bin");
    SHABIH_ASSIGN_OR_RETURN(auto records, OpenRecordFile<ShardDoc>(path));
    ShardDoc d;
    uint64_t count = 0;
    while (records->Next(&d)) {
      shingles->push_back(d.shingles);
      ++count;
    }
    SHABIH_RETURN_IF_ERROR(records->status());
    if (count != metas[s].documents) {
      return absl::DataLossError(absl::StrCat(path, " holds ", count, " documents, its meta ", metas[s].documents,
                                              ": run `shabih stage sign` for that shard again"));
    }
    first->push_back(first->back() + count);
  }
  return absl::OkStatus();
}

// The partition's candidate pairs, sorted and unique, as FindCandidates of
// the cluster stage finds them over all bands.
absl::StatusOr<std::vector<DocPair>> PartitionCandidates(const std::string& work, int shards, BandPartition range,
                                                         const DedupOptions& o, StageMeta* meta) {
  std::vector<std::unique_ptr<RecordStream<BandRecord>>> streams;
  const size_t buffer = std::clamp<uint64_t>(o.memory_bytes / 4 / shards, kMinMergeBufferBytes, 1 << 20);
  for (int s = 0; s < shards; ++s) {
    SHABIH_ASSIGN_OR_RETURN(auto stream, OpenBandRange(SignPath(work, s, "bands.bin"), range, buffer,
                                                       &meta->band_records));
    streams.push_back(std::move(stream));
  }
  std::unique_ptr<RecordStream<BandRecord>> merged = MergeStreams<BandRecord>(std::move(streams));
  BucketPairs buckets(o.lsh.max_bucket);
  SHABIH_ASSIGN_OR_RETURN(std::vector<DocPair> pairs, CollectBucketPairs(*merged, buckets, size_t{1} << 24));
  meta->capped_buckets = buckets.capped_buckets();
  return pairs;
}

bool ByPair(const CandidateRecord& x, const CandidateRecord& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; }

}  // namespace

BandPartition PartitionOfBands(const DedupOptions& o, int partition, int partitions) {
  const uint64_t threshold_bands = static_cast<uint64_t>(o.bands);
  const uint64_t total = threshold_bands + (o.containment > 0 ? ContainmentParams(o).bands : 0);
  // The g-th band of the run as BandRecord::band spells it (band_set << 16 | band).
  auto value = [&](uint64_t g) -> uint64_t {
    if (g < threshold_bands) return g;
    if (g < total) return (uint64_t{1} << 16) | (g - threshold_bands);
    return uint64_t{1} << 32;  // past every record
  };
  const uint64_t m = static_cast<uint64_t>(partitions), p = static_cast<uint64_t>(partition);
  return {value(total * p / m), value(total * (p + 1) / m)};
}

absl::StatusOr<std::optional<Verified>> ReadVerifyPartitions(const std::string& work, uint64_t key,
                                                             DedupSummary* summary) {
  std::error_code ec;
  if (!std::filesystem::exists(VerifyPath(work, 0, "meta"), ec)) return std::optional<Verified>();
  SHABIH_ASSIGN_OR_RETURN(const StageMeta first, ReadStageMeta(VerifyPath(work, 0, "meta"), key, "verify", 0));
  const int partitions = static_cast<int>(first.shards);
  std::vector<std::unique_ptr<RecordStream<CandidateRecord>>> streams;
  for (int p = 0; p < partitions; ++p) {
    SHABIH_ASSIGN_OR_RETURN(const StageMeta meta,
                            ReadStageMeta(VerifyPath(work, p, "meta"), key, "verify", partitions));
    summary->capped_buckets += meta.capped_buckets;
    SHABIH_ASSIGN_OR_RETURN(auto stream, OpenRecordFile<CandidateRecord>(VerifyPath(work, p, "candidates.bin"),
                                                                         kMinMergeBufferBytes));
    streams.push_back(std::move(stream));
  }
  auto merged = MergeStreams<CandidateRecord>(std::move(streams), ByPair);
  Verified v;
  CandidateRecord r;
  while (merged->Next(&r)) {
    // Partitions verify a pair they share alike: keep the first.
    if (!v.evidence.empty() && v.evidence.back().a == r.a && v.evidence.back().b == r.b) continue;
    v.evidence.push_back(r);
    if (r.verdict == CandidateVerdict::kNearDuplicate || r.verdict == CandidateVerdict::kContainment) {
      v.edges.push_back({r.a, r.b, r.jaccard});
      v.contained.push_back(r.verdict == CandidateVerdict::kContainment ? 1 : 0);
    }
  }
  SHABIH_RETURN_IF_ERROR(merged->status());
  summary->candidate_pairs = v.evidence.size();
  return std::optional<Verified>(std::move(v));
}

}  // namespace internal

absl::StatusOr<StageResult> VerifyPartition(const std::vector<std::string>& inputs, const DedupOptions& options,
                                            int partition_index, int partition_count, const std::string& work_dir) {
  SHABIH_ASSIGN_OR_RETURN(const DedupOptions o, internal::StageOptions(inputs, options, 0, 1, work_dir));
  if (partition_count < 1 || partition_index < 0 || partition_index >= partition_count) {
    return absl::InvalidArgumentError(absl::StrCat("partition ", partition_index, "/", partition_count,
                                                   " is not one of 0/M .. (M-1)/M"));
  }
  SHABIH_ASSIGN_OR_RETURN(const std::vector<internal::StageMeta> metas, internal::ReadSignMetas(inputs, o, work_dir));
  const int shards = static_cast<int>(metas.size());
  const uint64_t key = internal::StageKey(inputs, o, shards);
  SHABIH_RETURN_IF_ERROR(internal::CreateDirectory(internal::VerifyDir(work_dir, partition_index)));
  std::error_code ec;
  std::filesystem::remove(internal::VerifyPath(work_dir, partition_index, "meta"), ec);  // uncommitted until rewritten

  std::vector<uint64_t> first;
  std::vector<uint32_t> shingles;
  SHABIH_RETURN_IF_ERROR(internal::ReadShingles(work_dir, metas, &first, &shingles));
  internal::StageMeta meta = internal::NewStageMeta(key, partition_index, partition_count);
  SHABIH_ASSIGN_OR_RETURN(
      const std::vector<DocPair> candidates,
      internal::PartitionCandidates(work_dir, shards, internal::PartitionOfBands(o, partition_index, partition_count),
                                    o, &meta));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<internal::ShardTable> table,
                          internal::ShardTable::Open(work_dir, std::move(first), o.minhash.num_perms,
                                                     std::move(shingles), /*ids_path=*/"", {}, o.memory_bytes / 4));
  const internal::Verified verified = internal::VerifyCandidates(candidates, *table, o, /*with_evidence=*/true);
  SHABIH_RETURN_IF_ERROR(table->status());
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<internal::AtomicFileWriter> out,
                          internal::AtomicFileWriter::Create(
                              internal::VerifyPath(work_dir, partition_index, "candidates.bin")));
  SHABIH_RETURN_IF_ERROR(out->AppendRecords<CandidateRecord>(verified.evidence));
  SHABIH_RETURN_IF_ERROR(out->Commit());
  meta.documents = verified.evidence.size();
  SHABIH_RETURN_IF_ERROR(internal::WriteStageMeta(internal::VerifyPath(work_dir, partition_index, "meta"), meta));
  return StageResult{verified.evidence.size(), 0, 0};
}

}  // namespace shabih
