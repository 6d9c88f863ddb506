// IndexStore::Compact: every run merged into one. Document numbers, ids,
// signatures and published clusters are unchanged (each document keeps the
// number of the run that indexed it, which clusters.jsonl names in
// cluster_run), so every answer of the index stays the same; what changes is
// the number of sorted files a query merges.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "engine/internal/index_store.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/test_hooks.h"

namespace shabih::internal {
namespace fs = std::filesystem;

namespace {

// Appends a whole file's bytes to `out`, in buffer-sized reads.
absl::Status AppendFile(const std::string& path, AtomicFileWriter& out) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<SequentialReader> in, SequentialReader::Open(path));
  std::string buffer(1 << 20, '\0');
  uint64_t left = in->size();
  while (left > 0) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(left, buffer.size()));
    if (!in->Read(buffer.data(), n)) return in->status().ok() ? absl::DataLossError(path + " is short") : in->status();
    SHABIH_RETURN_IF_ERROR(out.Append(absl::string_view(buffer.data(), n)));
    left -= n;
  }
  return absl::OkStatus();
}

template <typename T>
absl::Status MergeSortedFiles(const std::vector<std::string>& paths, const std::string& to) {
  std::vector<std::unique_ptr<RecordStream<T>>> streams;
  for (const std::string& p : paths) {
    SHABIH_ASSIGN_OR_RETURN(auto s, OpenRecordFile<T>(p));
    streams.push_back(std::move(s));
  }
  std::unique_ptr<RecordStream<T>> merged = MergeStreams<T>(std::move(streams));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out, AtomicFileWriter::Create(to));
  T record;
  while (merged->Next(&record)) SHABIH_RETURN_IF_ERROR(out->AppendRecords<T>(absl::MakeConstSpan(&record, 1)));
  SHABIH_RETURN_IF_ERROR(merged->status());
  return out->Commit();
}

}  // namespace

absl::Status IndexStore::Compact(uint64_t memory_bytes) {
  (void)memory_bytes;  // merging streams needs one buffer per run, not the budget
  if (lock_fd_ < 0) return absl::FailedPreconditionError("index opened for reading");
  if (runs_.size() <= 1) return absl::OkStatus();
  const uint32_t number = next_run_;
  const std::string name = RunName(number);
  const fs::path temp = fs::path(dir_) / "runs" / absl::StrCat(".", name, ".tmp");
  std::error_code ec;
  fs::remove_all(temp, ec);
  fs::create_directories(temp, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot create ", temp.string(), ": ", ec.message()));
  auto run_file = [&](const IndexRunInfo& r, const char* file) {
    return (fs::path(dir_) / "runs" / r.name / file).string();
  };
  // Concatenated files; docs.bin's id offsets are shifted by the ids before.
  for (const char* file : {"ids.bin", "sigs.bin", "clusters.bin"}) {
    SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out, AtomicFileWriter::Create((temp / file).string()));
    for (const IndexRunInfo& r : runs_) SHABIH_RETURN_IF_ERROR(AppendFile(run_file(r, file), *out));
    SHABIH_RETURN_IF_ERROR(out->Commit());
  }
  {
    SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out,
                            AtomicFileWriter::Create((temp / "docs.bin").string()));
    uint64_t id_base = 0;
    for (const IndexRunInfo& r : runs_) {
      SHABIH_ASSIGN_OR_RETURN(auto docs, OpenRecordFile<IndexDoc>(run_file(r, "docs.bin")));
      IndexDoc d;
      uint64_t last = 0;
      while (docs->Next(&d)) {
        last = d.id_end;
        d.id_end += id_base;
        SHABIH_RETURN_IF_ERROR(out->AppendRecords<IndexDoc>(absl::MakeConstSpan(&d, 1)));
      }
      SHABIH_RETURN_IF_ERROR(docs->status());
      id_base += last;
    }
    SHABIH_RETURN_IF_ERROR(out->Commit());
  }
  std::vector<std::string> bands, ids;
  for (const IndexRunInfo& r : runs_) {
    bands.push_back(run_file(r, "bands.bin"));
    ids.push_back(run_file(r, "idkeys.bin"));
  }
  {
    std::vector<std::unique_ptr<RecordStream<BandRecord>>> streams;
    for (const std::string& p : bands) {
      SHABIH_ASSIGN_OR_RETURN(auto s, OpenBandFile(p));
      streams.push_back(std::move(s));
    }
    std::unique_ptr<RecordStream<BandRecord>> merged = MergeStreams<BandRecord>(std::move(streams));
    SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<BandFileWriter> out, BandFileWriter::Create((temp / "bands.bin").string()));
    BandRecord record;
    while (merged->Next(&record)) SHABIH_RETURN_IF_ERROR(out->Add(record));
    SHABIH_RETURN_IF_ERROR(merged->status());
    SHABIH_RETURN_IF_ERROR(out->Commit());
  }
  SHABIH_RETURN_IF_ERROR(MergeSortedFiles<IdKey>(ids, (temp / "idkeys.bin").string()));
  SHABIH_RETURN_IF_ERROR(FsyncDirectory(temp.string()));
  SHABIH_RETURN_IF_ERROR(InjectedFailure("index-compact"));
  const fs::path final_dir = fs::path(dir_) / "runs" / name;
  fs::rename(temp, final_dir, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot rename ", temp.string(), ": ", ec.message()));
  SHABIH_RETURN_IF_ERROR(FsyncDirectory((fs::path(dir_) / "runs").string()));
  IndexRunInfo merged;
  merged.name = name;
  merged.number = number;
  merged.first = 0;
  merged.documents = documents_;
  merged.created = runs_.back().created;
  merged.bytes = 0;
  for (const auto& entry : fs::directory_iterator(final_dir, ec)) merged.bytes += entry.file_size(ec);
  const std::vector<IndexRunInfo> old = runs_;
  SHABIH_RETURN_IF_ERROR(WriteManifest({merged}, documents_, statistics_file_, number + 1));
  for (const IndexRunInfo& r : old) fs::remove_all(fs::path(dir_) / "runs" / r.name, ec);
  ResetReaders();
  return absl::OkStatus();
}

}  // namespace shabih::internal
