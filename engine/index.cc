#include "shabih/index.h"

#include "engine/internal/index_store.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/status_macros.h"

namespace shabih {

namespace {

IndexStats StatsOf(const internal::IndexStore& store) {
  IndexStats stats;
  stats.path = store.dir();
  stats.format = internal::kIndexFormat;
  stats.documents = store.documents();
  stats.bytes = store.BytesOnDisk();
  stats.params_json = store.params_json();
  stats.signature_bits = store.signature_bits();
  for (const internal::IndexRunInfo& r : store.runs()) {
    stats.runs.push_back({r.name, r.first, r.documents, r.bytes, r.created});
  }
  return stats;
}

}  // namespace

absl::StatusOr<IndexStats> ReadIndexStats(const std::string& dir) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<internal::IndexStore> store, internal::IndexStore::OpenForRead(dir));
  return StatsOf(*store);
}

absl::StatusOr<IndexStats> CompactIndex(const std::string& dir) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<internal::IndexStore> store,
                          internal::IndexStore::OpenExistingForWrite(dir));
  SHABIH_RETURN_IF_ERROR(store->Compact(0));
  return StatsOf(*store);
}

std::string IndexStatsJson(const IndexStats& s) {
  std::string out;
  JsonObjectWriter w(&out);
  w.String("path", s.path).String("format", s.format);
  w.Uint("documents", s.documents).Uint("runs", s.runs.size()).Uint("bytes", s.bytes);
  w.Double("bytes_per_document", s.documents ? static_cast<double>(s.bytes) / s.documents : 0, 1);
  w.Int("signature_bits", s.signature_bits);
  w.Raw("params", s.params_json);
  std::string list = "[";
  for (size_t i = 0; i < s.runs.size(); ++i) {
    if (i) list += ",";
    JsonObjectWriter r(&list);
    r.String("name", s.runs[i].name).Uint("first", s.runs[i].first).Uint("documents", s.runs[i].documents);
    r.Uint("bytes", s.runs[i].bytes).String("created", s.runs[i].created);
    r.Close();
  }
  list += "]";
  w.Raw("run_list", list);
  w.Close();
  out.push_back('\n');
  return out;
}

}  // namespace shabih
