#include "engine/internal/bbit_signature.h"
#include "engine/internal/index_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/template_prior.h"
#include "engine/internal/test_hooks.h"
#include "shabih/normalize.h"
#include "simdjson.h"

namespace shabih::internal {
namespace fs = std::filesystem;

namespace {

constexpr char kManifest[] = "MANIFEST.json";
constexpr char kLock[] = "LOCK";

absl::Status IoError(const std::string& what, const std::string& path) {
  return absl::InternalError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

absl::Status WriteWholeFile(const std::string& path, absl::string_view bytes) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> w, AtomicFileWriter::Create(path));
  SHABIH_RETURN_IF_ERROR(w->Append(bytes));
  return w->Commit();
}

std::string NowRfc3339() { return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()); }

uint64_t DirectoryBytes(const fs::path& dir) {
  uint64_t bytes = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) bytes += it->file_size(ec);
  }
  return bytes;
}

// The first key whose value differs between two flat JSON objects, for the
// message of a parameter mismatch.
std::string FirstDifference(absl::string_view a, absl::string_view b) {
  simdjson::dom::parser pa, pb;
  simdjson::dom::element ea, eb;
  if (pa.parse(a.data(), a.size()).get(ea) || pb.parse(b.data(), b.size()).get(eb)) return "params";
  simdjson::dom::object oa, ob;
  if (ea.get(oa) || eb.get(ob)) return "params";
  for (auto field : oa) {
    simdjson::dom::element other;
    if (ob.at_key(field.key).get(other)) return absl::StrCat(std::string(field.key), " (missing)");
    if (simdjson::to_string(field.value) != simdjson::to_string(other)) {
      return absl::StrCat(std::string(field.key), ": index has ", simdjson::to_string(field.value),
                          ", this run ", simdjson::to_string(other));
    }
  }
  return "params";
}

}  // namespace

uint64_t IdHash(absl::string_view id) { return XXH3_64bits_withSeed(id.data(), id.size(), 0x1d); }
uint64_t TextHash(absl::string_view text) { return XXH3_64bits(text.data(), text.size()); }
std::string RunName(uint32_t number) { return absl::StrFormat("r%06u", number); }

std::string IndexParamsJson(const DedupOptions& o) {
  std::string out;
  JsonObjectWriter w(&out);
  w.String("format", kIndexFormat);
  w.String("normalization", kNormalizationVersion);
  w.String("prefix_folding", PrefixFoldingName(o.normalizer.prefix_folding));
  w.String("method", DedupMethodName(o.method));
  w.Int("shingle", o.shingle_size);
  w.Int("perms", o.minhash.num_perms);
  w.Uint("seed", o.minhash.seed);
  w.Double("threshold", o.threshold);
  w.Int("bands", o.bands);
  w.Int("rows", o.rows);
  w.Double("containment", o.containment);
  w.Double("containment_max_ratio", o.containment_max_ratio);
  w.Double("lsh_recall_weight", o.lsh_recall_weight);
  w.Int("max_bucket", o.lsh.max_bucket);
  w.Double("common_min_documents", o.common_min_documents);
  w.Double("common_fraction", o.common_fraction, 6);
  w.Double("common_relative", o.common_relative, 6);
  w.String("template_prior", TemplatePriorId(o));
  w.Double("document_frequency_sample", o.document_frequency.sample_rate);
  w.Uint("document_frequency_max", o.document_frequency.max_documents);
  w.Bool("strip", o.strip);
  w.Bool("strip_crawl_stats", o.strip_crawl_stats);
  w.String("cluster_mode", ClusterModeName(o.cluster_mode));
  w.Double("link_threshold", o.link_threshold);
  w.Close();
  return out;
}

// Per-run random-access readers.
struct IndexStore::RunReaders {
  std::unique_ptr<PagedReader> docs, ids, sigs, clusters;
};

IndexStore::~IndexStore() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

absl::Status IndexStore::Lock() {
  std::error_code ec;
  fs::create_directories(fs::path(dir_) / "runs", ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("cannot create index ", dir_, ": ", ec.message()));
  const std::string lock_path = (fs::path(dir_) / kLock).string();
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) return IoError("cannot open", lock_path);
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    std::string holder;
    if (auto text = ReadWholeFile(lock_path); text.ok()) holder = *text;
    return absl::FailedPreconditionError(absl::StrCat(
        "index ", dir_, " is being written by another run", holder.empty() ? "" : absl::StrCat(" (", holder, ")"),
        ": one writer at a time; wait for it to finish"));
  }
  const std::string me = absl::StrCat("pid ", ::getpid(), " since ", NowRfc3339());
  if (::ftruncate(lock_fd_, 0) == 0) {
    (void)!::pwrite(lock_fd_, me.data(), me.size(), 0);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<IndexStore>> IndexStore::OpenForWrite(const std::string& dir,
                                                                     const DedupOptions& resolved) {
  std::unique_ptr<IndexStore> store(new IndexStore());
  store->dir_ = dir;
  SHABIH_RETURN_IF_ERROR(store->Lock());
  store->params_json_ = IndexParamsJson(resolved);
  store->perms_ = resolved.minhash.num_perms;
  store->signature_bits_ = resolved.index_signature_bits != 0 ? resolved.index_signature_bits : 32;
  std::error_code ec;
  if (fs::exists(fs::path(dir) / kManifest, ec)) {
    const std::string wanted = store->params_json_;
    SHABIH_RETURN_IF_ERROR(store->ReadManifest());
    if (resolved.index_signature_bits != 0 && resolved.index_signature_bits != store->signature_bits_) {
      return absl::InvalidArgumentError(absl::StrCat("index ", dir, " keeps ", store->signature_bits_,
                                                     "-bit signatures, not ", resolved.index_signature_bits,
                                                     ": leave out --signature-bits, or use a new index"));
    }
    if (store->params_json_ != wanted) {
      return absl::InvalidArgumentError(absl::StrCat(
          "index ", dir, " was built with other parameters (", FirstDifference(store->params_json_, wanted),
          "): run with the index's parameters (shabih index stats ", dir, ") or use a new index"));
    }
  } else {
    SHABIH_RETURN_IF_ERROR(store->WriteManifest({}, 0, "", 1));
  }
  SHABIH_RETURN_IF_ERROR(store->RemoveLeftovers());
  return store;
}

absl::StatusOr<std::unique_ptr<IndexStore>> IndexStore::OpenExistingForWrite(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(fs::path(dir) / kManifest, ec)) {
    return absl::NotFoundError(absl::StrCat(dir, " is not a shabih index (no ", kManifest, ")"));
  }
  std::unique_ptr<IndexStore> store(new IndexStore());
  store->dir_ = dir;
  SHABIH_RETURN_IF_ERROR(store->Lock());
  SHABIH_RETURN_IF_ERROR(store->ReadManifest());
  SHABIH_RETURN_IF_ERROR(store->RemoveLeftovers());
  return store;
}

absl::StatusOr<std::unique_ptr<IndexStore>> IndexStore::OpenForRead(const std::string& dir) {
  std::unique_ptr<IndexStore> store(new IndexStore());
  store->dir_ = dir;
  std::error_code ec;
  if (!fs::exists(fs::path(dir) / kManifest, ec)) {
    return absl::NotFoundError(absl::StrCat(dir, " is not a shabih index (no ", kManifest, ")"));
  }
  SHABIH_RETURN_IF_ERROR(store->ReadManifest());
  return store;
}

absl::Status IndexStore::ReadManifest() {
  const std::string path = (fs::path(dir_) / kManifest).string();
  SHABIH_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  auto bad = [&](const char* what) {
    return absl::DataLossError(absl::StrCat(path, " is damaged (", what, "): restore it or rebuild the index"));
  };
  if (parser.parse(text).get(root)) return bad("not JSON");
  std::string_view format, statistics;
  if (root["format"].get(format) || format != kIndexFormat) {
    return absl::InvalidArgumentError(absl::StrCat(dir_, " has index format ", std::string(format),
                                                   "; this shabih reads ", kIndexFormat));
  }
  simdjson::dom::element params;
  uint64_t documents = 0, next_run = 0, perms = 0;
  if (root["params"].get(params) || root["documents"].get(documents) || root["next_run"].get(next_run) ||
      root["statistics"].get(statistics) || params["perms"].get(perms)) {
    return bad("fields missing");
  }
  params_json_ = simdjson::minify(params);
  perms_ = static_cast<int>(perms);
  uint64_t bits = 32;  // absent before the compact option: full values
  if (root["signature_bits"].get(bits) == simdjson::SUCCESS && !ValidSignatureBits(static_cast<int>(bits))) {
    return bad("signature_bits");
  }
  signature_bits_ = static_cast<int>(bits);
  documents_ = documents;
  next_run_ = static_cast<uint32_t>(next_run);
  statistics_file_ = std::string(statistics);
  runs_.clear();
  simdjson::dom::array runs;
  if (root["runs"].get(runs)) return bad("runs missing");
  for (simdjson::dom::element r : runs) {
    IndexRunInfo info;
    std::string_view name, created;
    uint64_t number = 0;
    if (r["name"].get(name) || r["number"].get(number) || r["first"].get(info.first) ||
        r["documents"].get(info.documents) || r["bytes"].get(info.bytes) || r["created"].get(created)) {
      return bad("a run's fields");
    }
    info.name = std::string(name);
    info.number = static_cast<uint32_t>(number);
    info.created = std::string(created);
    runs_.push_back(std::move(info));
  }
  return absl::OkStatus();
}

absl::Status IndexStore::WriteManifest(const std::vector<IndexRunInfo>& runs, uint64_t documents,
                                       const std::string& statistics_file, uint32_t next_run) {
  std::string out;
  JsonObjectWriter w(&out);
  w.String("format", kIndexFormat);
  w.Raw("params", params_json_);
  if (signature_bits_ != 32) w.Int("signature_bits", signature_bits_);
  w.Uint("documents", documents);
  std::string list = "[";
  for (size_t i = 0; i < runs.size(); ++i) {
    if (i) list += ",";
    JsonObjectWriter r(&list);
    r.String("name", runs[i].name).Uint("number", runs[i].number).Uint("first", runs[i].first);
    r.Uint("documents", runs[i].documents).Uint("bytes", runs[i].bytes).String("created", runs[i].created);
    r.Close();
  }
  list += "]";
  w.Raw("runs", list);
  w.String("statistics", statistics_file);
  w.Uint("next_run", next_run);
  w.Close();
  out.push_back('\n');
  SHABIH_RETURN_IF_ERROR(InjectedFailure("index-manifest"));
  SHABIH_RETURN_IF_ERROR(WriteWholeFile((fs::path(dir_) / kManifest).string(), out));
  runs_ = runs;
  documents_ = documents;
  statistics_file_ = statistics_file;
  next_run_ = next_run;
  return absl::OkStatus();
}

// Anything in the folder the manifest does not name was left by a run that
// died before its manifest: runs/ folders, temporaries, old statistics.
absl::Status IndexStore::RemoveLeftovers() {
  std::vector<std::string> keep = {kManifest, kLock, "runs"};
  if (!statistics_file_.empty()) keep.push_back(statistics_file_);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (std::find(keep.begin(), keep.end(), name) == keep.end()) fs::remove_all(entry.path(), ec);
  }
  for (const auto& entry : fs::directory_iterator(fs::path(dir_) / "runs", ec)) {
    const std::string name = entry.path().filename().string();
    const bool named = std::any_of(runs_.begin(), runs_.end(), [&](const IndexRunInfo& r) { return r.name == name; });
    if (!named) fs::remove_all(entry.path(), ec);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> IndexStore::ReadStatisticsBytes() const {
  if (statistics_file_.empty()) return std::string();
  return ReadWholeFile((fs::path(dir_) / statistics_file_).string());
}

uint64_t IndexStore::BytesOnDisk() const { return DirectoryBytes(dir_); }

absl::Status IndexStore::OpenReaders(uint64_t cache_bytes) {
  readers_.clear();
  const uint64_t per_run = std::max<uint64_t>(1 << 20, cache_bytes / std::max<size_t>(1, runs_.size()));
  for (const IndexRunInfo& run : runs_) {
    const fs::path d = fs::path(dir_) / "runs" / run.name;
    auto r = std::make_unique<RunReaders>();
    SHABIH_ASSIGN_OR_RETURN(r->docs, PagedReader::Open((d / "docs.bin").string(), 4 << 10, per_run / 8));
    SHABIH_ASSIGN_OR_RETURN(r->ids, PagedReader::Open((d / "ids.bin").string(), 4 << 10, per_run / 8));
    SHABIH_ASSIGN_OR_RETURN(r->sigs, PagedReader::Open((d / "sigs.bin").string(), 4 << 10, per_run / 2));
    SHABIH_ASSIGN_OR_RETURN(r->clusters, PagedReader::Open((d / "clusters.bin").string(), 4 << 10, per_run / 4));
    readers_.push_back(std::move(r));
  }
  return absl::OkStatus();
}

void IndexStore::ResetReaders() { readers_.clear(); }

size_t IndexStore::RunIndexOf(uint32_t doc) const {
  auto it = std::upper_bound(runs_.begin(), runs_.end(), doc,
                             [](uint32_t d, const IndexRunInfo& r) { return d < r.first; });
  return static_cast<size_t>(it - runs_.begin()) - 1;
}

const IndexRunInfo& IndexStore::RunOf(uint32_t doc) const { return runs_[RunIndexOf(doc)]; }

absl::Status IndexStore::ReadSignature(uint32_t doc, absl::Span<uint32_t> out) const {
  if (doc >= documents_ || readers_.size() != runs_.size()) return absl::OutOfRangeError("no such document");
  const size_t r = RunIndexOf(doc);
  const uint64_t local = doc - runs_[r].first;
  const size_t bytes = SignatureBytes(perms_, signature_bits_);
  uint8_t packed[SignatureBytes(kMaxPerms, 32)];
  if (out.size() != static_cast<size_t>(perms_) || bytes > sizeof(packed)) return absl::InvalidArgumentError("signature size");
  SHABIH_RETURN_IF_ERROR(readers_[r]->sigs->Read(local * bytes, bytes, packed));
  UnpackSignature(packed, signature_bits_, out);
  return absl::OkStatus();
}

absl::StatusOr<IndexDoc> IndexStore::Doc(uint32_t doc) const {
  if (doc >= documents_ || readers_.size() != runs_.size()) return absl::OutOfRangeError("no such document");
  const size_t r = RunIndexOf(doc);
  IndexDoc d;
  SHABIH_RETURN_IF_ERROR(readers_[r]->docs->Read((doc - runs_[r].first) * sizeof(IndexDoc), sizeof(d), &d));
  return d;
}

absl::StatusOr<std::string> IndexStore::Id(uint32_t doc) const {
  SHABIH_ASSIGN_OR_RETURN(IndexDoc d, Doc(doc));
  const size_t r = RunIndexOf(doc);
  uint64_t begin = 0;
  if (doc > runs_[r].first) {
    SHABIH_ASSIGN_OR_RETURN(IndexDoc before, Doc(doc - 1));
    begin = before.id_end;
  }
  std::string id(d.id_end - begin, '\0');
  SHABIH_RETURN_IF_ERROR(readers_[r]->ids->Read(begin, id.size(), id.data()));
  return id;
}

absl::StatusOr<IndexCluster> IndexStore::Cluster(uint32_t doc) const {
  if (doc >= documents_ || readers_.size() != runs_.size()) return absl::OutOfRangeError("no such document");
  const size_t r = RunIndexOf(doc);
  IndexCluster c;
  SHABIH_RETURN_IF_ERROR(
      readers_[r]->clusters->Read((doc - runs_[r].first) * sizeof(IndexCluster), sizeof(c), &c));
  return c;
}

absl::StatusOr<std::vector<std::unique_ptr<RecordStream<BandRecord>>>> IndexStore::OpenBandStreams() const {
  std::vector<std::unique_ptr<RecordStream<BandRecord>>> streams;
  for (const IndexRunInfo& run : runs_) {
    SHABIH_ASSIGN_OR_RETURN(auto s, OpenBandFile((fs::path(dir_) / "runs" / run.name / "bands.bin").string()));
    streams.push_back(std::move(s));
  }
  return streams;
}

absl::StatusOr<std::vector<std::unique_ptr<RecordStream<IdKey>>>> IndexStore::OpenIdStreams() const {
  std::vector<std::unique_ptr<RecordStream<IdKey>>> streams;
  for (const IndexRunInfo& run : runs_) {
    SHABIH_ASSIGN_OR_RETURN(auto s,
                            OpenRecordFile<IdKey>((fs::path(dir_) / "runs" / run.name / "idkeys.bin").string()));
    streams.push_back(std::move(s));
  }
  return streams;
}

absl::StatusOr<std::unique_ptr<IndexRunWriter>> IndexStore::StartRun(uint64_t memory_bytes) {
  if (lock_fd_ < 0) return absl::FailedPreconditionError("index opened for reading");
  std::unique_ptr<IndexRunWriter> run(new IndexRunWriter());
  run->number_ = next_run_;
  run->first_ = static_cast<uint32_t>(documents_);
  run->perms_ = perms_;
  run->signature_bits_ = signature_bits_;
  run->temp_dir_ = (fs::path(dir_) / "runs" / absl::StrCat(".", RunName(run->number_), ".tmp")).string();
  std::error_code ec;
  fs::remove_all(run->temp_dir_, ec);
  fs::create_directories(run->temp_dir_, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot create ", run->temp_dir_, ": ", ec.message()));
  const fs::path d(run->temp_dir_);
  SHABIH_ASSIGN_OR_RETURN(run->docs_, AtomicFileWriter::Create((d / "docs.bin").string()));
  SHABIH_ASSIGN_OR_RETURN(run->ids_, AtomicFileWriter::Create((d / "ids.bin").string()));
  SHABIH_ASSIGN_OR_RETURN(run->sigs_, AtomicFileWriter::Create((d / "sigs.bin").string()));
  const fs::path sort_dir = d / "sort";
  fs::create_directories(sort_dir, ec);
  run->band_sorter_ = std::make_unique<ExternalSorter<BandRecord>>(sort_dir.string(), memory_bytes * 7 / 8);
  run->id_sorter_ = std::make_unique<ExternalSorter<IdKey>>(sort_dir.string(), memory_bytes / 8);
  return run;
}

absl::Status IndexStore::Commit(std::unique_ptr<IndexRunWriter> run, absl::string_view statistics) {
  SHABIH_RETURN_IF_ERROR(run->FinishFiles());
  const std::string name = RunName(run->number_);
  std::string statistics_file = statistics_file_;
  if (!statistics.empty()) {
    statistics_file = absl::StrCat("statistics-", name, ".bin");
    SHABIH_RETURN_IF_ERROR(WriteWholeFile((fs::path(dir_) / statistics_file).string(), statistics));
  }
  const fs::path final_dir = fs::path(dir_) / "runs" / name;
  std::error_code ec;
  fs::remove_all(fs::path(run->temp_dir_) / "sort", ec);
  SHABIH_RETURN_IF_ERROR(InjectedFailure("index-rename-run"));
  CrashPointForTesting("index-before-rename");
  fs::rename(run->temp_dir_, final_dir, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot rename ", run->temp_dir_, ": ", ec.message()));
  CrashPointForTesting("index-after-rename");
  SHABIH_RETURN_IF_ERROR(FsyncDirectory((fs::path(dir_) / "runs").string()));
  IndexRunInfo info;
  info.name = name;
  info.number = run->number_;
  info.first = run->first_;
  info.documents = run->documents_;
  info.bytes = DirectoryBytes(final_dir);
  info.created = NowRfc3339();
  std::vector<IndexRunInfo> runs = runs_;
  runs.push_back(info);
  const std::string old_statistics = statistics_file_;
  SHABIH_RETURN_IF_ERROR(WriteManifest(runs, documents_ + run->documents_, statistics_file, run->number_ + 1));
  CrashPointForTesting("index-after-manifest");
  if (!old_statistics.empty() && old_statistics != statistics_file) {
    fs::remove(fs::path(dir_) / old_statistics, ec);
  }
  return absl::OkStatus();
}

// ---- IndexRunWriter ----

IndexRunWriter::~IndexRunWriter() {
  // A run not committed leaves nothing behind (a killed one is removed by
  // the next OpenForWrite).
  std::error_code ec;
  if (!temp_dir_.empty() && fs::exists(temp_dir_, ec)) fs::remove_all(temp_dir_, ec);
}

absl::Status IndexRunWriter::AddDocument(absl::string_view id, uint64_t text_hash, uint32_t version,
                                         uint64_t main_bytes, uint32_t shingles,
                                         absl::Span<const uint32_t> signature, absl::Span<const BandRecord> bands) {
  if (signature.size() != static_cast<size_t>(perms_)) return absl::InvalidArgumentError("signature size");
  if (uint64_t{first_} + documents_ >= 0xFFFFFFF0ull) return absl::ResourceExhaustedError("index full (4G documents)");
  SHABIH_RETURN_IF_ERROR(ids_->Append(id));
  id_bytes_ += id.size();
  IndexDoc d;
  d.text_hash = text_hash;
  d.id_end = id_bytes_;
  d.main_bytes = main_bytes;
  d.shingles = shingles;
  d.version = version;
  SHABIH_RETURN_IF_ERROR(docs_->AppendRecords<IndexDoc>(absl::MakeConstSpan(&d, 1)));
  uint8_t packed[SignatureBytes(kMaxPerms, 32)];
  if (SignatureBytes(perms_, 32) > sizeof(packed)) return absl::InvalidArgumentError("signature size");
  PackSignature(signature, signature_bits_, packed);
  SHABIH_RETURN_IF_ERROR(
      sigs_->AppendRecords<uint8_t>(absl::MakeConstSpan(packed, SignatureBytes(perms_, signature_bits_))));
  SHABIH_RETURN_IF_ERROR(band_sorter_->Add(bands));
  IdKey key;
  key.id_hash = IdHash(id);
  key.doc = first_ + documents_;
  SHABIH_RETURN_IF_ERROR(id_sorter_->Add(key));
  ++documents_;
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<RecordStream<BandRecord>>> IndexRunWriter::FinishDocuments(uint64_t cache_bytes) {
  const fs::path d(temp_dir_);
  SHABIH_RETURN_IF_ERROR(docs_->Commit());
  SHABIH_RETURN_IF_ERROR(ids_->Commit());
  SHABIH_RETURN_IF_ERROR(sigs_->Commit());
  SHABIH_ASSIGN_OR_RETURN(sig_reader_, PagedReader::Open((d / "sigs.bin").string(), 4 << 10, cache_bytes / 2));
  SHABIH_ASSIGN_OR_RETURN(id_reader_, PagedReader::Open((d / "ids.bin").string(), 4 << 10, cache_bytes / 4));
  SHABIH_ASSIGN_OR_RETURN(doc_reader_, PagedReader::Open((d / "docs.bin").string(), 4 << 10, cache_bytes / 4));
  SHABIH_ASSIGN_OR_RETURN(bands_, BandFileWriter::Create((d / "bands.bin").string()));
  SHABIH_ASSIGN_OR_RETURN(clusters_, AtomicFileWriter::Create((d / "clusters.bin").string()));
  return band_sorter_->Finish();
}

absl::Status IndexRunWriter::WriteBand(const BandRecord& record) {
  return bands_->Add(record);
}

absl::Status IndexRunWriter::ReadSignature(uint32_t local, absl::Span<uint32_t> out) const {
  const size_t bytes = SignatureBytes(perms_, signature_bits_);
  uint8_t packed[SignatureBytes(kMaxPerms, 32)];
  if (out.size() != static_cast<size_t>(perms_) || bytes > sizeof(packed)) return absl::InvalidArgumentError("signature size");
  SHABIH_RETURN_IF_ERROR(sig_reader_->Read(uint64_t{local} * bytes, bytes, packed));
  UnpackSignature(packed, signature_bits_, out);
  return absl::OkStatus();
}

absl::StatusOr<std::string> IndexRunWriter::Id(uint32_t local) const {
  IndexDoc d;
  SHABIH_RETURN_IF_ERROR(doc_reader_->Read(uint64_t{local} * sizeof(IndexDoc), sizeof(d), &d));
  uint64_t begin = 0;
  if (local > 0) {
    IndexDoc before;
    SHABIH_RETURN_IF_ERROR(doc_reader_->Read(uint64_t{local - 1} * sizeof(IndexDoc), sizeof(before), &before));
    begin = before.id_end;
  }
  std::string id(d.id_end - begin, '\0');
  SHABIH_RETURN_IF_ERROR(id_reader_->Read(begin, id.size(), id.data()));
  return id;
}

absl::Status IndexRunWriter::AddCluster(const IndexCluster& cluster) {
  return clusters_->AppendRecords<IndexCluster>(absl::MakeConstSpan(&cluster, 1));
}

absl::Status IndexRunWriter::FinishFiles() {
  SHABIH_RETURN_IF_ERROR(bands_->Commit());
  SHABIH_RETURN_IF_ERROR(clusters_->Commit());
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<RecordStream<IdKey>> ids, id_sorter_->Finish());
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out,
                          AtomicFileWriter::Create((fs::path(temp_dir_) / "idkeys.bin").string()));
  IdKey key;
  while (ids->Next(&key)) SHABIH_RETURN_IF_ERROR(out->AppendRecords<IdKey>(absl::MakeConstSpan(&key, 1)));
  SHABIH_RETURN_IF_ERROR(ids->status());
  SHABIH_RETURN_IF_ERROR(out->Commit());
  return FsyncDirectory(temp_dir_);
}

}  // namespace shabih::internal
