// The cluster stage of shabih/stages.h: the N sign shards' files into the
// outputs RunDedup writes. Ids are made unique in global order, the verify
// partitions' pairs merged (engine/stage_verify.cc) or the shards'
// sorted band files merged into candidate pairs (BucketPairs: the
// in-memory search's buckets and capping), and verification, clustering
// and the rows are engine/internal/verify.h's, as in the Deduper: so
// clusters.jsonl and candidates.jsonl are its bytes, whatever N.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/band_records.h"
#include "engine/internal/dedup_output.h"
#include "engine/internal/dedup_run.h"
#include "engine/internal/external_sort.h"
#include "engine/internal/paged_file.h"
#include "engine/internal/pipeline_util.h"
#include "engine/internal/read_stats_io.h"
#include "engine/internal/resource_usage.h"
#include "engine/internal/stage_files.h"
#include "engine/internal/stage_partitions.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/verify.h"
#include "shabih/stages.h"

namespace shabih {
namespace {

using internal::Clock;
using internal::SecondsSince;

// Removes the stage's scratch file however the stage ends.
struct Scratch {
  std::string path;
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

// What the cluster stage holds per document, by global number.
struct Documents {
  std::vector<uint64_t> first;  // per shard, and the total last
  std::vector<uint64_t> lengths;
  std::vector<uint32_t> shingles;
  std::vector<uint64_t> id_ends;  // in the scratch ids file
};

// Reads every shard's documents in global order, making their ids unique
// (UniqueIds records renames in *read) into the scratch ids file.
absl::StatusOr<Documents> ReadDocuments(const std::string& work, const std::vector<internal::StageMeta>& metas,
                                        const std::vector<Source>& sources, const std::string& ids_path,
                                        ReadStats* read, size_t max_listed) {
  Documents docs;
  docs.first.push_back(0);
  UniqueIds ids(max_listed);
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<internal::FileWriter> out, internal::FileWriter::Create(ids_path));
  for (size_t s = 0; s < metas.size(); ++s) {
    const int shard = static_cast<int>(s);
    SHABIH_ASSIGN_OR_RETURN(auto records,
                            internal::OpenRecordFile<internal::ShardDoc>(internal::SignPath(work, shard, "docs.bin")));
    SHABIH_ASSIGN_OR_RETURN(auto id_bytes, internal::SequentialReader::Open(internal::SignPath(work, shard, "ids.bin")));
    internal::ShardDoc d;
    uint64_t previous_end = 0, count = 0;
    while (records->Next(&d)) {
      if (d.id_end < previous_end || d.source >= sources.size()) {
        return absl::DataLossError(absl::StrCat(internal::SignPath(work, shard, "docs.bin"),
                                                " is damaged: run `shabih stage sign` for that shard again"));
      }
      std::string id(d.id_end - previous_end, '\0');
      previous_end = d.id_end;
      if (!id.empty() && !id_bytes->Read(id.data(), id.size())) {
        return absl::DataLossError(absl::StrCat(id_bytes->path(), " is truncated: ", id_bytes->status().message()));
      }
      const std::string claimed =
          ids.Claim(std::move(id), [&] { return DocumentLocation(sources[d.source], d.line); }, read);
      SHABIH_RETURN_IF_ERROR(out->Append(claimed));
      docs.id_ends.push_back(out->bytes_written());
      docs.lengths.push_back(d.main_bytes);
      docs.shingles.push_back(d.shingles);
      ++count;
    }
    SHABIH_RETURN_IF_ERROR(records->status());
    if (count != metas[s].documents) {
      return absl::DataLossError(absl::StrCat(internal::SignPath(work, shard, "docs.bin"), " holds ", count,
                                              " documents, its meta ", metas[s].documents,
                                              ": run `shabih stage sign` for that shard again"));
    }
    docs.first.push_back(docs.first.back() + count);
  }
  SHABIH_RETURN_IF_ERROR(out->Close(/*sync=*/false));
  return docs;
}

// Candidate pairs: the shards' sorted band files merged (documents are
// numbered globally, so the merge orders buckets as one sort would).
absl::StatusOr<std::vector<DocPair>> FindCandidates(const std::string& work, int shards, const DedupOptions& o,
                                                    DedupSummary& summary) {
  std::vector<std::unique_ptr<internal::RecordStream<internal::BandRecord>>> streams;
  // 1 MiB a shard (SequentialReader's default) at most: its buffer is
  // allocated whole, and reads beyond that size gain nothing.
  const size_t buffer = std::clamp<uint64_t>(o.memory_bytes / 4 / shards, internal::kMinMergeBufferBytes, 1 << 20);
  for (int s = 0; s < shards; ++s) {
    SHABIH_ASSIGN_OR_RETURN(auto stream,
                            internal::OpenRecordFile<internal::BandRecord>(internal::SignPath(work, s, "bands.bin"), buffer));
    streams.push_back(std::move(stream));
  }
  std::unique_ptr<internal::RecordStream<internal::BandRecord>> merged =
      internal::MergeStreams<internal::BandRecord>(std::move(streams));
  internal::BucketPairs buckets(o.lsh.max_bucket);
  SHABIH_ASSIGN_OR_RETURN(std::vector<DocPair> pairs,
                          internal::CollectBucketPairs(*merged, buckets, size_t{1} << 24));
  summary.capped_buckets += buckets.capped_buckets();
  summary.candidate_pairs = pairs.size();
  return pairs;
}

// clusters.jsonl streamed in blocks; the summary's cluster counters.
absl::Status WriteClusters(const internal::ShardTable& table, const Clustering& clustering, const std::string& path,
                           DedupSummary& summary) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<internal::AtomicFileWriter> out, internal::AtomicFileWriter::Create(path));
  const uint32_t n = static_cast<uint32_t>(clustering.canonical.size());
  std::vector<uint32_t> cluster_size(n, 0);
  std::vector<ClusterRecord> rows;
  for (uint32_t begin = 0; begin < n; begin += 4096) {
    const uint32_t end = std::min<uint32_t>(n, begin + 4096);
    rows.clear();
    for (uint32_t d = begin; d < end; ++d) {
      ++cluster_size[clustering.canonical[d]];
      rows.push_back(internal::MakeClusterRecord(d, clustering, table));
    }
    SHABIH_RETURN_IF_ERROR(table.status());
    SHABIH_RETURN_IF_ERROR(out->Append(internal::ClustersJsonl(rows)));
  }
  summary.clusters = clustering.num_clusters;
  summary.duplicates = n - clustering.num_clusters;
  summary.largest_cluster = clustering.largest_cluster;
  summary.refused_edges = clustering.refused_edges;
  for (uint32_t size : cluster_size) summary.clusters_with_duplicates += size >= 2;
  return out->Commit();
}

}  // namespace

absl::StatusOr<DedupSummary> ClusterShards(const std::vector<std::string>& inputs, const DedupOptions& options,
                                           const std::string& work_dir, const std::string& out_dir) {
  SHABIH_RETURN_IF_ERROR(internal::StageOptions(inputs, options, 0, 1, work_dir).status());
  DedupOptions raw = options;
  raw.read.unique_ids = false;
  raw.read.exclude_directories.push_back(work_dir);
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<internal::Run> run,
                          internal::PrepareRun(inputs, raw, out_dir, /*own_out_dir=*/true));
  DedupOptions& o = run->options;
  if (o.memory_bytes == 0) o.memory_bytes = MemoryBudget(o);
  SHABIH_ASSIGN_OR_RETURN(const std::vector<internal::StageMeta> metas, internal::ReadSignMetas(inputs, o, work_dir));
  const int shards = static_cast<int>(metas.size());
  DedupSummary summary;
  summary.threads = o.threads;
  summary.lsh_params = {o.bands, o.rows};
  for (int s = 0; s < shards; ++s) {
    SHABIH_ASSIGN_OR_RETURN(const std::string json,
                            internal::ReadStageFile(internal::SignPath(work_dir, s, "read.json"), "sign"));
    SHABIH_ASSIGN_OR_RETURN(const ReadStats stats, ReadStatsFromJson(json));
    MergeReadStats(stats, &summary.read, o.read.max_listed_skips);
    summary.stripped_documents += metas[s].stripped_documents;
    summary.stripped_bytes += metas[s].stripped_bytes;
    summary.shingles += metas[s].shingles;
    summary.discounted_shingles += metas[s].discounted_shingles;
  }
  summary.common_shingle_cells = metas[0].common_shingle_cells;

  // Ids in global order, from the sources every shard numbered alike.
  Clock::time_point start = Clock::now();
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> sources, CorpusReader::Open(inputs, o.read));
  Scratch ids{work_dir + "/cluster-ids.bin"};
  SHABIH_ASSIGN_OR_RETURN(Documents docs, ReadDocuments(work_dir, metas, sources->sources(), ids.path, &summary.read,
                                                        o.read.max_listed_skips));
  sources.reset();
  const uint64_t n = docs.first.back();
  summary.documents = n;
  if (n == 0 && summary.read.skipped_total > 0) {
    SHABIH_RETURN_IF_ERROR(run->out->Stage("summary.json", internal::NoInputSummaryJson(summary.read)));
    SHABIH_RETURN_IF_ERROR(run->out->Finish());
    return internal::NoInputError(summary.read);
  }
  summary.stages.push_back({"ids", SecondsSince(start)});

  // The verify partitions' pairs when they ran, else the search here.
  start = Clock::now();
  SHABIH_ASSIGN_OR_RETURN(std::optional<internal::Verified> partitioned,
                          internal::ReadVerifyPartitions(work_dir, internal::StageKey(inputs, o, shards), &summary));
  std::vector<DocPair> candidates;
  if (!partitioned) {
    SHABIH_ASSIGN_OR_RETURN(candidates, FindCandidates(work_dir, shards, o, summary));
  }
  summary.stages.push_back({partitioned ? "partitions" : "candidates", SecondsSince(start)});

  start = Clock::now();
  std::vector<uint64_t> lengths = std::move(docs.lengths);
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<internal::ShardTable> table,
                          internal::ShardTable::Open(work_dir, docs.first, o.minhash.num_perms,
                                                     std::move(docs.shingles), ids.path, std::move(docs.id_ends),
                                                     o.memory_bytes / 4));
  internal::Verified verified = partitioned ? *std::move(partitioned)
                                            : internal::VerifyCandidates(candidates, *table, o, /*with_evidence=*/true);
  SHABIH_RETURN_IF_ERROR(table->status());
  summary.verified_edges = verified.edges.size();
  summary.containment_edges =
      static_cast<uint64_t>(std::count(verified.contained.begin(), verified.contained.end(), 1));
  summary.stages.push_back({"verify", SecondsSince(start)});

  start = Clock::now();
  const SimilarityFn jaccard = [&](uint32_t a, uint32_t b) { return table->Jaccard(a, b); };
  const SimilarityFn closeness = [&, containment = o.containment > 0](uint32_t a, uint32_t b) {
    return internal::Closeness(*table, containment, a, b);
  };
  const Clustering clustering =
      ClusterDocuments(n, verified.edges, lengths, o.cluster_mode, o.link_threshold, closeness, &jaccard);
  SHABIH_RETURN_IF_ERROR(table->status());
  internal::AddRefusals(clustering, verified.evidence);
  summary.stages.push_back({"cluster", SecondsSince(start)});

  start = Clock::now();
  SHABIH_ASSIGN_OR_RETURN(const std::filesystem::path clusters_path, run->out->TempPath("clusters.jsonl"));
  SHABIH_RETURN_IF_ERROR(WriteClusters(*table, clustering, clusters_path.string(), summary));
  SHABIH_RETURN_IF_ERROR(run->out->Stage(
      "candidates.jsonl",
      internal::CandidatesJsonl(verified.evidence, n, [&](uint32_t d) { return table->Id(d); })));
  SHABIH_RETURN_IF_ERROR(table->status());
  summary.index_bytes = n * (uint64_t{4} * o.minhash.num_perms + sizeof(internal::ShardDoc));
  summary.stages.push_back({"write", SecondsSince(start)});
  summary.peak_rss_bytes = PeakRssBytes();
  summary.seconds = SecondsSince(run->start);
  SHABIH_RETURN_IF_ERROR(run->out->Stage("summary.json", internal::SummaryJson(summary, o, run->inputs)));
  SHABIH_RETURN_IF_ERROR(run->out->Finish());
  return summary;
}

}  // namespace shabih
