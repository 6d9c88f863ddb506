#include "engine/internal/stage_files.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/index_store.h"
#include "engine/internal/status_macros.h"
#include "shabih/minhash.h"

namespace shabih::internal {

uint64_t StageKey(const std::vector<std::string>& inputs, const DedupOptions& o, int shards) {
  std::string key = absl::StrCat("shabih-stages-1\n", IndexParamsJson(o), "\n", o.read.text_field, "\n",
                                 o.read.max_document_bytes, "\n", shards, "\n");
  for (const std::string& f : o.read.id_fields) absl::StrAppend(&key, "id:", f, "\n");
  for (const std::string& in : inputs) absl::StrAppend(&key, "in:", in, "\n");
  return XXH3_64bits(key.data(), key.size());
}

StageMeta NewStageMeta(uint64_t key, int shard, int shards) {
  StageMeta meta;
  meta.key = key;
  meta.shard = static_cast<uint32_t>(shard);
  meta.shards = static_cast<uint32_t>(shards);
  return meta;
}

std::string ScanStatePath(const std::string& work, int shard) { return absl::StrCat(work, "/scan-", shard, ".state"); }
std::string ScanMetaPath(const std::string& work, int shard) { return absl::StrCat(work, "/scan-", shard, ".meta"); }
std::string StatisticsPath(const std::string& work) { return work + "/statistics.bin"; }
std::string SignDir(const std::string& work, int shard) { return absl::StrCat(work, "/sign-", shard); }
std::string SignPath(const std::string& work, int shard, const char* file) {
  return absl::StrCat(SignDir(work, shard), "/", file);
}

std::string VerifyDir(const std::string& work, int partition) { return absl::StrCat(work, "/verify-", partition); }
std::string VerifyPath(const std::string& work, int partition, const char* file) {
  return absl::StrCat(VerifyDir(work, partition), "/", file);
}

LshParams ContainmentParams(const DedupOptions& o) {
  const double min_jaccard = o.containment / (o.containment_max_ratio + 1.0 - o.containment);
  return OptimalLshParams(min_jaccard, o.minhash.num_perms, 1.0 - o.lsh_recall_weight, o.lsh_recall_weight);
}

absl::StatusOr<std::vector<StageMeta>> ReadSignMetas(const std::vector<std::string>& inputs, const DedupOptions& o,
                                                     const std::string& work) {
  SHABIH_ASSIGN_OR_RETURN(const StageMeta first, ReadStageMeta(SignPath(work, 0, "meta"), 0, "sign", 0));
  const int shards = static_cast<int>(first.shards);
  const uint64_t key = StageKey(inputs, o, shards);
  std::vector<StageMeta> metas;
  for (int s = 0; s < shards; ++s) {
    SHABIH_ASSIGN_OR_RETURN(StageMeta meta, ReadStageMeta(SignPath(work, s, "meta"), key, "sign", shards));
    metas.push_back(meta);
  }
  return metas;
}

absl::Status WriteStageMeta(const std::string& path, const StageMeta& meta) {
  return WriteFileDurably(path, absl::string_view(reinterpret_cast<const char*>(&meta), sizeof meta));
}

absl::StatusOr<std::string> ReadStageFile(const std::string& path, const char* stage) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is missing: run `shabih stage ", stage, "` for that shard first"));
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", path));
  return bytes;
}

absl::StatusOr<StageMeta> ReadStageMeta(const std::string& path, uint64_t key, const char* stage, int shards) {
  SHABIH_ASSIGN_OR_RETURN(const std::string bytes, ReadStageFile(path, stage));
  StageMeta meta;
  const StageMeta fresh;
  if (bytes.size() != sizeof meta || std::memcmp(bytes.data(), fresh.magic, sizeof fresh.magic) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not a stage record of this shabih version: run `shabih stage ", stage, "` again"));
  }
  std::memcpy(&meta, bytes.data(), sizeof meta);
  if (shards > 0 && meta.shards != static_cast<uint32_t>(shards)) {
    return absl::FailedPreconditionError(absl::StrCat(path, " was written for ", meta.shards, " shards, not ", shards,
                                                      ": run `shabih stage ", stage, "` again with the same --shard"));
  }
  if (key != 0 && meta.key != key) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " was written with other options or inputs: run every stage with the same INPUT... and "
                           "flags (`shabih stage ", stage, "` again)"));
  }
  return meta;
}

absl::StatusOr<std::unique_ptr<ShardTable>> ShardTable::Open(const std::string& work, std::vector<uint64_t> first,
                                                             int perms, std::vector<uint32_t> shingles,
                                                             const std::string& ids_path,
                                                             std::vector<uint64_t> id_ends, uint64_t cache_bytes) {
  auto table = std::unique_ptr<ShardTable>(new ShardTable());
  const size_t shards = first.size() - 1;
  // Half the cache for signatures (spread over the shards), half for ids.
  const size_t per_shard = std::max<uint64_t>(64 << 10, cache_bytes / 2 / std::max<size_t>(1, shards));
  for (size_t s = 0; s < shards; ++s) {
    SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<PagedReader> reader,
                            PagedReader::Open(SignPath(work, static_cast<int>(s), "sigs.bin"), 4 << 10, per_shard));
    const uint64_t want = (first[s + 1] - first[s]) * static_cast<uint64_t>(perms) * sizeof(uint32_t);
    if (reader->size() != want) {
      return absl::DataLossError(absl::StrCat(reader->path(), " holds ", reader->size(), " bytes, expected ", want,
                                              ": run `shabih stage sign` for that shard again"));
    }
    table->signatures_.push_back(std::move(reader));
  }
  if (!ids_path.empty()) {
    SHABIH_ASSIGN_OR_RETURN(table->ids_,
                            PagedReader::Open(ids_path, 4 << 10, std::max<uint64_t>(64 << 10, cache_bytes / 2)));
  }
  table->first_ = std::move(first);
  table->perms_ = perms;
  table->shingles_ = std::move(shingles);
  table->id_ends_ = std::move(id_ends);
  return table;
}

absl::Status ShardTable::ReadSignature(uint32_t d, absl::Span<uint32_t> out) const {
  // The shard holding d: the last one whose first document is <= d.
  const size_t s = static_cast<size_t>(std::upper_bound(first_.begin(), first_.end(), d) - first_.begin()) - 1;
  const uint64_t bytes = static_cast<uint64_t>(perms_) * sizeof(uint32_t);
  return signatures_[s]->Read((d - first_[s]) * bytes, bytes, out.data());
}

double ShardTable::Jaccard(uint32_t a, uint32_t b) const {
  thread_local std::vector<uint32_t> sa, sb;
  sa.resize(perms_);
  sb.resize(perms_);
  Note(ReadSignature(a, absl::MakeSpan(sa)));
  Note(ReadSignature(b, absl::MakeSpan(sb)));
  return EstimateJaccard(sa, sb);
}

std::string ShardTable::Id(uint32_t d) const {
  if (!ids_) return "";
  const uint64_t begin = d == 0 ? 0 : id_ends_[d - 1];
  std::string id(id_ends_[d] - begin, '\0');
  if (!id.empty()) Note(ids_->Read(begin, id.size(), id.data()));
  return id;
}

absl::Status ShardTable::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

void ShardTable::Note(const absl::Status& s) const {
  if (s.ok()) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (status_.ok()) status_ = s;
}

}  // namespace shabih::internal
