// The extension `shabih._shabih`: thin pybind11 bindings over the public API
// (include/shabih/*.h). No engine logic lives here: every call converts its
// arguments, releases the GIL around the engine's work and converts back.
// python/shabih/__init__.py re-exports these names; __init__.pyi types them.
//
//   import shabih
//   opts = shabih.Options(threshold=0.5, threads=2)
//   sigs = shabih.signatures(["نص أول", "نص ثان"], opts)   # numpy uint32 (2, 128)
//   d = shabih.Deduper(opts); d.add(["a", "b"], texts); d.finish()
//
// Errors: an absl::Status that is InvalidArgument raises ValueError, any
// other error RuntimeError, with the engine's message.
//
// Thread safety: Options and the free functions are safe from any thread; a
// Deduper is used from one thread at a time (as shabih::Deduper).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "shabih/boilerplate.h"
#include "shabih/corpus.h"
#include "shabih/cluster.h"
#include "shabih/dedup.h"
#include "shabih/dedup_options.h"
#include "shabih/deduper.h"
#include "shabih/index.h"
#include "shabih/lsh.h"
#include "shabih/minhash.h"
#include "shabih/normalize.h"
#include "shabih/signer.h"
#include "shabih/stages.h"

namespace py = pybind11;

namespace shabih {
namespace {

void ThrowIfError(const absl::Status& status) {
  if (status.ok()) return;
  std::string message(status.message());
  if (absl::IsInvalidArgument(status)) throw py::value_error(message);
  throw std::runtime_error(message);
}

template <typename T>
T ValueOrThrow(absl::StatusOr<T> value) {
  ThrowIfError(value.status());
  return *std::move(value);
}

// ---- Options: one table of fields drives the properties, the keyword
// constructor, pickling and repr, so they can never disagree.
struct Field {
  const char* name;
  const char* doc;
  std::function<py::object(const DedupOptions&)> get;
  std::function<void(DedupOptions&, py::handle)> set;
};

template <typename T, typename Ref>
Field Member(const char* name, const char* doc, Ref ref) {
  return Field{name, doc,
               [ref](const DedupOptions& o) { return py::cast(ref(const_cast<DedupOptions&>(o))); },
               [ref](DedupOptions& o, py::handle v) { ref(o) = v.cast<T>(); }};
}

template <typename Enum, typename Ref>
Field EnumMember(const char* name, const char* doc, Ref ref, const char* (*to_name)(Enum),
                 absl::StatusOr<Enum> (*parse)(absl::string_view)) {
  return Field{name, doc, [ref, to_name](const DedupOptions& o) {
                 return py::cast(std::string(to_name(ref(const_cast<DedupOptions&>(o)))));
               },
               [ref, parse](DedupOptions& o, py::handle v) { ref(o) = ValueOrThrow(parse(v.cast<std::string>())); }};
}

const std::vector<Field>& OptionFields() {
  using O = DedupOptions;
  static const std::vector<Field>* fields = new std::vector<Field>{
      Member<double>("threshold", "estimated Jaccard of a near-duplicate (--threshold, 0.4)",
                     [](O& o) -> double& { return o.threshold; }),
      Member<int>("shingle_size", "words per shingle (--shingle, 5)", [](O& o) -> int& { return o.shingle_size; }),
      Member<int>("num_perms", "MinHash permutations (--perms, 128)",
                  [](O& o) -> int& { return o.minhash.num_perms; }),
      Member<uint64_t>("seed", "seed of the permutations (--seed)", [](O& o) -> uint64_t& { return o.minhash.seed; }),
      Member<int>("bands", "LSH bands, 0 = derived (--bands)", [](O& o) -> int& { return o.bands; }),
      Member<int>("rows", "LSH rows per band, 0 = derived (--rows)", [](O& o) -> int& { return o.rows; }),
      Member<double>("lsh_recall_weight", "weight of missed pairs when deriving bands x rows (0.8)",
                     [](O& o) -> double& { return o.lsh_recall_weight; }),
      Member<int>("max_bucket", "largest LSH bucket expanded to all pairs (--max-bucket, 200)",
                  [](O& o) -> int& { return o.lsh.max_bucket; }),
      EnumMember<DedupMethod>("method", "'minhash' or 'simhash' (--method)",
                              [](O& o) -> DedupMethod& { return o.method; }, DedupMethodName, ParseDedupMethod),
      Member<int>("hamming", "simhash: largest Hamming distance (--hamming, 6)",
                  [](O& o) -> int& { return o.hamming_distance; }),
      Member<double>("containment", "containment edges at or above this, 0 = off (--containment)",
                     [](O& o) -> double& { return o.containment; }),
      Member<double>("containment_max_ratio", "size ratio searched for containment (4)",
                     [](O& o) -> double& { return o.containment_max_ratio; }),
      Member<bool>("strip", "strip boilerplate before signing (True; --no-strip)",
                   [](O& o) -> bool& { return o.strip; }),
      Member<bool>("strip_crawl_stats", "per-site line statistics for stripping (True; --single-page)",
                   [](O& o) -> bool& { return o.strip_crawl_stats; }),
      Member<double>("common_df", "template-aware: shingles in at least this many documents are left out (50)",
                     [](O& o) -> double& { return o.common_min_documents; }),
      Member<double>("common_fraction", "see common_df (--common-fraction, 0.0001)",
                     [](O& o) -> double& { return o.common_fraction; }),
      Member<double>("df_sample", "fraction sampled for document frequencies (--df-sample, 0.25)",
                     [](O& o) -> double& { return o.document_frequency.sample_rate; }),
      EnumMember<ClusterMode>("cluster", "'bounded', 'connected' or 'star' (--cluster)",
                              [](O& o) -> ClusterMode& { return o.cluster_mode; }, ClusterModeName,
                              ParseClusterMode),
      Member<double>("link_threshold", "bounded: least similarity to the canonical (--link-threshold, 0.3)",
                     [](O& o) -> double& { return o.link_threshold; }),
      EnumMember<PrefixFolding>("prefix_folding", "'light' or 'none' (--prefix-folding)",
                                [](O& o) -> PrefixFolding& { return o.normalizer.prefix_folding; },
                                PrefixFoldingName, ParsePrefixFolding),
      Member<int>("threads", "worker threads, 0 = all cores (--threads)", [](O& o) -> int& { return o.threads; }),
      Member<uint64_t>("memory", "memory budget in bytes, 0 = in memory (--memory)",
                       [](O& o) -> uint64_t& { return o.memory_bytes; }),
      Member<std::string>("work_dir", "where spill files go, '' = $TMPDIR (--work-dir)",
                          [](O& o) -> std::string& { return o.work_dir; }),
  };
  return *fields;
}

const Field& FindField(const std::string& name) {
  for (const Field& f : OptionFields()) {
    if (name == f.name) return f;
  }
  throw py::type_error(absl::StrCat("Options has no field '", name, "'"));
}

DedupOptions OptionsFromDict(const py::dict& values) {
  DedupOptions options;
  for (auto [key, value] : values) FindField(key.cast<std::string>()).set(options, value);
  return options;
}

py::dict OptionsToDict(const DedupOptions& options) {
  py::dict d;
  for (const Field& f : OptionFields()) d[f.name] = f.get(options);
  return d;
}

DedupOptions OrDefault(const DedupOptions* options) { return options ? *options : DedupOptions{}; }

std::vector<std::string> ToStrings(const py::sequence& values) {
  std::vector<std::string> out;
  out.reserve(values.size());
  for (py::handle v : values) out.push_back(v.cast<std::string>());
  return out;
}

// Runs body(i) for i in [0, n) on `threads` workers (the caller's thread
// included), each taking every threads-th index: deterministic placement.
void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& body) {
  size_t workers = std::max<size_t>(1, std::min<size_t>(threads, n));
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) {
    pool.emplace_back([&, w] {
      for (size_t i = w; i < n; i += workers) body(i);
    });
  }
  for (size_t i = 0; i < n; i += workers) body(i);
  for (std::thread& t : pool) t.join();
}

// The signer of the last options signatures() was called with: making one
// (the normalizer's table, the boilerplate lexicon) costs about 0.1 s, more
// than signing a thousand pages, and a pipeline calls signatures() batch
// after batch with the same options. Keyed by the options' fields; the GIL
// guards the cache; a DocumentSigner is thread-safe.
std::shared_ptr<const DocumentSigner> SignerFor(const DedupOptions& options) {
  static std::string* cached_key = new std::string();
  static std::shared_ptr<const DocumentSigner>* cached = new std::shared_ptr<const DocumentSigner>();
  std::string key = py::repr(OptionsToDict(options)).cast<std::string>();
  if (*cached && key == *cached_key) return *cached;
  std::shared_ptr<const DocumentSigner> signer = ValueOrThrow(DocumentSigner::Create(options));
  *cached = signer;
  *cached_key = std::move(key);
  return signer;
}

py::array_t<uint32_t> Signatures(const py::sequence& texts, const DedupOptions* options,
                                 const std::optional<py::sequence>& sites) {
  std::shared_ptr<const DocumentSigner> signer = SignerFor(OrDefault(options));
  std::vector<std::string> text = ToStrings(texts);
  std::vector<std::string> site = sites ? ToStrings(*sites) : std::vector<std::string>();
  if (sites && site.size() != text.size()) throw py::value_error("sites and texts differ in length");
  const size_t perms = signer->num_perms();
  py::array_t<uint32_t> out({text.size(), perms});
  uint32_t* data = out.mutable_data();
  absl::Status first_error;
  std::mutex error_mutex;
  {
    py::gil_scoped_release release;
    ParallelFor(text.size(), signer->options().threads, [&](size_t i) {
      SignedDocument meta;
      absl::Status s = signer->SignInto(site.empty() ? "" : site[i], text[i], absl::MakeSpan(data + i * perms, perms),
                                        &meta);
      if (!s.ok()) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (first_error.ok()) first_error = s;
      }
    });
  }
  ThrowIfError(first_error);
  return out;
}

py::tuple Strip(const std::string& text, const std::string& site, const DedupOptions* options) {
  std::unique_ptr<BoilerplateClassifier> classifier =
      ValueOrThrow(BoilerplateClassifier::Create(OrDefault(options).boilerplate));
  std::vector<LineVerdict> verdicts;
  std::string kept;
  {
    py::gil_scoped_release release;
    classifier->Classify(site, text, nullptr, &verdicts);
    classifier->Strip(site, text, nullptr, &kept);
  }
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (!text.empty() && text.back() == '\n') lines.pop_back();  // a final '\n' starts no line
  py::list labels;
  for (size_t i = 0; i < verdicts.size() && i < lines.size(); ++i) {
    labels.append(py::make_tuple(py::str(lines[i].data(), lines[i].size()),
                                 verdicts[i].boilerplate ? "boilerplate" : "content", verdicts[i].reason));
  }
  return py::make_tuple(kept, labels);
}

class PyDeduper {
 public:
  explicit PyDeduper(const DedupOptions* options) : deduper_(ValueOrThrow(Deduper::Create(OrDefault(options)))) {}

  void Add(const py::sequence& ids, const py::sequence& texts, const std::optional<py::sequence>& sites) {
    if (ids.size() != texts.size()) throw py::value_error("ids and texts differ in length");
    if (sites && sites->size() != texts.size()) throw py::value_error("sites and texts differ in length");
    std::vector<Document> batch(texts.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i].id = ids[i].cast<std::string>();
      batch[i].text = texts[i].cast<std::string>();
      if (sites) batch[i].site = (*sites)[i].cast<std::string>();
    }
    absl::Status status;
    {
      py::gil_scoped_release release;
      status = deduper_->Add(std::move(batch));
    }
    ThrowIfError(status);
  }

  py::list Finish() {
    absl::StatusOr<DedupResult> result;
    {
      py::gil_scoped_release release;
      result = deduper_->Finish();
    }
    ThrowIfError(result.status());
    py::list records;
    for (const ClusterRecord& r : result->records) {
      records.append(py::make_tuple(r.id, r.cluster, r.canonical, r.similarity));
    }
    return records;
  }

  uint64_t documents() const { return deduper_->documents(); }
  DedupOptions options() const { return deduper_->options(); }

 private:
  std::unique_ptr<Deduper> deduper_;
};

// The CLI's reader (shabih/corpus.h) as batches of Python lists: JSONL,
// .jsonl.gz and folders of pages parsed in C++, ids made unique, sites from
// the url field's host, bad lines skipped and counted.
class PyDocumentReader {
 public:
  PyDocumentReader(const std::vector<std::string>& inputs, const DedupOptions* options, size_t batch_size)
      : reader_(ValueOrThrow(CorpusReader::Open(inputs, OrDefault(options).read))),
        batch_size_(std::max<size_t>(1, batch_size)) {}

  py::tuple Next() {
    std::vector<Document> docs;
    {
      py::gil_scoped_release release;
      Document d;
      while (docs.size() < batch_size_ && reader_->Next(&d)) docs.push_back(std::move(d));
    }
    if (docs.empty()) throw py::stop_iteration();
    py::list ids, texts, sites;
    for (const Document& d : docs) {
      ids.append(py::str(d.id));
      texts.append(py::str(d.text));
      sites.append(py::str(d.site));
    }
    return py::make_tuple(ids, texts, sites);
  }

  py::dict Stats() const {
    const ReadStats& r = reader_->stats();
    py::dict d;
    d["documents"] = r.documents;
    d["bytes"] = r.bytes;
    d["skipped"] = r.skipped_total;
    d["skipped_by_reason"] = r.skipped_by_reason;
    d["repaired_utf8"] = r.repaired_utf8;
    d["empty_documents"] = r.empty_documents;
    d["duplicate_ids"] = r.duplicate_ids;
    return d;
  }

 private:
  std::unique_ptr<CorpusReader> reader_;
  size_t batch_size_;
};

py::array_t<uint32_t> MinHashSign(const py::array_t<uint64_t, py::array::c_style | py::array::forcecast>& hashes,
                                  int num_perms, uint64_t seed) {
  MinHasher hasher = ValueOrThrow(MinHasher::Create({.num_perms = num_perms, .seed = seed}));
  py::array_t<uint32_t> out(num_perms);
  absl::Span<const uint64_t> in(hashes.data(), hashes.size());
  uint32_t* data = out.mutable_data();
  {
    py::gil_scoped_release release;
    hasher.Sign(in, absl::MakeSpan(data, num_perms));
  }
  return out;
}

// The sharded stages (shabih/stages.h), for drivers such as shabih.dask.
using ShardStage = absl::StatusOr<StageResult> (*)(const std::vector<std::string>&, const DedupOptions&, int, int,
                                                   const std::string&);

py::dict RunShardStage(ShardStage stage, const std::vector<std::string>& inputs, const DedupOptions& options,
                       int shard_index, int shard_count, const std::string& work_dir) {
  absl::StatusOr<StageResult> result;
  {
    py::gil_scoped_release release;
    result = stage(inputs, options, shard_index, shard_count, work_dir);
  }
  ThrowIfError(result.status());
  py::dict d;
  d["documents"] = result->documents;
  d["bytes"] = result->bytes;
  d["skipped"] = result->skipped;
  return d;
}

py::dict ClusterStage(const std::vector<std::string>& inputs, const DedupOptions& options, const std::string& work_dir,
                      const std::string& out_dir) {
  absl::StatusOr<DedupSummary> summary;
  {
    py::gil_scoped_release release;
    summary = ClusterShards(inputs, options, work_dir, out_dir);
  }
  ThrowIfError(summary.status());
  py::dict d;
  d["documents"] = summary->documents;
  d["clusters"] = summary->clusters;
  d["duplicates"] = summary->duplicates;
  d["candidate_pairs"] = summary->candidate_pairs;
  d["verified_edges"] = summary->verified_edges;
  d["seconds"] = summary->seconds;
  return d;
}

// `shabih dedup INPUT... --out OUT [--index IDX]` (shabih/dedup.h); the
// summary is OUT/summary.json, which the caller reads.
void RunDedupFiles(const std::vector<std::string>& inputs, const DedupOptions& options, const std::string& out_dir,
                   const std::string& index_dir, bool overwrite) {
  DedupOptions o = options;
  o.index_dir = index_dir;
  o.overwrite = overwrite;
  absl::Status status;
  {
    py::gil_scoped_release release;
    status = RunDedup(inputs, o, out_dir, nullptr).status();
  }
  ThrowIfError(status);
}

// `shabih index stats|compact IDX`: the JSON they print.
std::string IndexStatsOf(const std::string& dir, bool compact) {
  absl::StatusOr<IndexStats> stats;
  {
    py::gil_scoped_release release;
    stats = compact ? CompactIndex(dir) : ReadIndexStats(dir);
  }
  ThrowIfError(stats.status());
  return IndexStatsJson(*stats);
}

}  // namespace
}  // namespace shabih

PYBIND11_MODULE(_shabih, m) {
  using namespace shabih;
  m.doc() = "shabih: near-duplicate and boilerplate detection for Arabic web crawls (C++ engine)";

  py::class_<DedupOptions> options(m, "Options",
                                   "Every option of `shabih dedup`, with the CLI's defaults. Picklable.");
  options.def(py::init([](const py::kwargs& kwargs) { return OptionsFromDict(kwargs); }),
              "Options(**fields): unknown names raise TypeError, bad values ValueError.");
  for (const Field& f : OptionFields()) {
    const Field* field = &f;
    options.def_property(
        f.name, [field](const DedupOptions& o) { return field->get(o); },
        [field](DedupOptions& o, py::handle v) { field->set(o, v); }, f.doc);
  }
  options.def("to_dict", &OptionsToDict, "The fields as a dict (the pickled state).");
  options.def("resolved", [](const DedupOptions& o) { return ValueOrThrow(ResolveDedupOptions(o)); },
              "A copy with derived values filled in (bands, rows, threads); ValueError when invalid.");
  options.def(py::pickle([](const DedupOptions& o) { return OptionsToDict(o); },
                         [](const py::dict& d) { return OptionsFromDict(d); }));
  options.def("__eq__", [](const DedupOptions& a, const DedupOptions& b) {
    return OptionsToDict(a).equal(OptionsToDict(b));
  });
  options.def("__repr__", [](const DedupOptions& o) {
    std::string out = "shabih.Options(";
    bool first = true;
    for (const Field& f : OptionFields()) {
      absl::StrAppend(&out, first ? "" : ", ", f.name, "=", py::repr(f.get(o)).cast<std::string>());
      first = false;
    }
    return out + ")";
  });

  m.def(
      "normalize",
      [](const std::string& text, const std::string& prefix_folding) {
        auto normalizer = ValueOrThrow(Normalizer::Create({.prefix_folding = ValueOrThrow(ParsePrefixFolding(prefix_folding))}));
        py::gil_scoped_release release;
        return normalizer->Normalize(text);
      },
      py::arg("text"), py::arg("prefix_folding") = "light",
      "The normalized tokens of text joined by spaces (docs/normalization.md).");
  m.def("strip", &Strip, py::arg("text"), py::arg("site") = "", py::arg("options") = nullptr,
        "(kept_text, [(line, 'content'|'boilerplate', reason), ...]) for one page alone (no crawl statistics).");
  m.def("signatures", &Signatures, py::arg("texts"), py::arg("options") = nullptr, py::arg("sites") = py::none(),
        "MinHash signatures, uint32 array (len(texts), num_perms); each text signed alone, options.threads "
        "workers, GIL released.");
  m.def("_minhash_sign", &MinHashSign, py::arg("hashes"), py::arg("num_perms"), py::arg("seed"),
        "MinHash signature (uint32, num_perms) of a set of 64-bit hashes.");
  m.def(
      "_optimal_lsh_params",
      [](double threshold, int num_perms, double fp_weight, double fn_weight) {
        LshParams p = OptimalLshParams(threshold, num_perms, fp_weight, fn_weight);
        return py::make_tuple(p.bands, p.rows);
      },
      py::arg("threshold"), py::arg("num_perms"), py::arg("fp_weight") = 0.5, py::arg("fn_weight") = 0.5);
  m.def(
      "scan_shard",
      [](const std::vector<std::string>& inputs, const DedupOptions& options, int shard_index, int shard_count,
         const std::string& work_dir) {
        return RunShardStage(&ScanShard, inputs, options, shard_index, shard_count, work_dir);
      },
      py::arg("inputs"), py::arg("options"), py::arg("shard_index"), py::arg("shard_count"), py::arg("work_dir"),
      "Stage 1 (shabih/stages.h): crawl statistics of one shard into work_dir; {documents, bytes, skipped}.");
  m.def(
      "sign_shard",
      [](const std::vector<std::string>& inputs, const DedupOptions& options, int shard_index, int shard_count,
         const std::string& work_dir) {
        return RunShardStage(&SignShard, inputs, options, shard_index, shard_count, work_dir);
      },
      py::arg("inputs"), py::arg("options"), py::arg("shard_index"), py::arg("shard_count"), py::arg("work_dir"),
      "Stage 2: signs one shard (after every scan shard); {documents, bytes, skipped}.");
  m.def(
      "verify_partition",
      [](const std::vector<std::string>& inputs, const DedupOptions& options, int partition_index,
         int partition_count, const std::string& work_dir) {
        return RunShardStage(&VerifyPartition, inputs, options, partition_index, partition_count, work_dir);
      },
      py::arg("inputs"), py::arg("options"), py::arg("partition_index"), py::arg("partition_count"),
      py::arg("work_dir"),
      "Optional stage 2b (after every sign shard): candidates and verification of one partition of the LSH "
      "bands; {documents: its candidate pairs, bytes, skipped}.");
  m.def("cluster_shards", &ClusterStage, py::arg("inputs"), py::arg("options"), py::arg("work_dir"),
        py::arg("out_dir"),
        "Stage 3 (after every sign shard, and every verify partition if any ran): writes out_dir/clusters.jsonl, candidates.jsonl, summary.json as "
        "`shabih dedup` does; a summary dict.");
  m.def("_run_dedup", &RunDedupFiles, py::arg("inputs"), py::arg("options"), py::arg("out_dir"),
        py::arg("index_dir") = "", py::arg("overwrite") = false,
        "`shabih dedup INPUT... --out OUT_DIR [--index INDEX_DIR]`: writes clusters.jsonl, candidates.jsonl and "
        "summary.json into out_dir.");
  m.def(
      "_index_stats", [](const std::string& dir) { return IndexStatsOf(dir, /*compact=*/false); }, py::arg("dir"),
      "`shabih index stats DIR`: the JSON it prints (no lock taken).");
  m.def(
      "_compact_index", [](const std::string& dir) { return IndexStatsOf(dir, /*compact=*/true); }, py::arg("dir"),
      "`shabih index compact DIR`: merges the runs (takes the writer lock); the stats JSON after.");
  m.attr("EMPTY_SLOT") = kEmptySlot;
  m.attr("NORMALIZATION_VERSION") = kNormalizationVersion;

  py::class_<PyDocumentReader>(m, "DocumentReader",
                               "Reads inputs as `shabih dedup` does (JSONL, .jsonl.gz, folders of pages), in C++: "
                               "iterate for batches (ids, texts, sites) to give Deduper.add.")
      .def(py::init<const std::vector<std::string>&, const DedupOptions*, size_t>(), py::arg("inputs"),
           py::arg("options") = nullptr, py::arg("batch_size") = 4096)
      .def("__iter__", [](PyDocumentReader& r) -> PyDocumentReader& { return r; })
      .def("__next__", &PyDocumentReader::Next, "The next batch: ([ids], [texts], [sites]).")
      .def_property_readonly("stats", &PyDocumentReader::Stats,
                             "What was read so far: documents, bytes, skipped (by reason), repaired_utf8, "
                             "empty_documents, duplicate_ids (renamed #2, #3, ...).");

  py::class_<PyDeduper>(m, "Deduper", "Batch near-duplicate clustering, as `shabih dedup` on the same texts.")
      .def(py::init<const DedupOptions*>(), py::arg("options") = nullptr)
      .def("add", &PyDeduper::Add, py::arg("ids"), py::arg("texts"), py::arg("sites") = py::none(),
           "Holds a batch of documents (any number of batches) until finish().")
      .def("finish", &PyDeduper::Finish,
           "[(id, cluster, canonical, similarity), ...] in input order; the Deduper is spent afterwards.")
      .def_property_readonly("documents", &PyDeduper::documents)
      .def_property_readonly("options", &PyDeduper::options, "The resolved options.");
}
