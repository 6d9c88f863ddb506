#include "shabih/dedup.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <thread>

#include <zlib.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/document_frequency.h"
#include "engine/internal/parallel.h"
#include "engine/internal/pipeline_util.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/resource_usage.h"
#include "shabih/shingle.h"
#include "shabih/simhash.h"
#include "shabih/version.h"

namespace shabih {
namespace fs = std::filesystem;

namespace {

using internal::Clock;
using internal::CreateDirectory;
using internal::kBatchBytes;
using internal::kBatchDocuments;
using internal::SecondsSince;
using internal::SpoolStdin;
using internal::WriteFile;

struct Batch {
  std::vector<Document> docs;
  size_t text_bytes = 0;
  std::vector<uint32_t> signatures;
  std::vector<uint64_t> lengths;      // main text bytes (after stripping)
  std::vector<uint32_t> shingles;     // shingle count, for containment
  std::vector<uint64_t> fingerprints; // SimHash, when the method needs it
  std::vector<uint8_t> eligible;
  uint64_t stripped_documents = 0;
  uint64_t stripped_bytes = 0;
  uint64_t shingles_total = 0;
  uint64_t shingles_discounted = 0;
};

// Per-document state kept for the whole run (the index).
struct Index {
  std::vector<std::string> ids;
  std::vector<uint64_t> lengths;
  std::vector<uint32_t> shingles;
  std::vector<uint64_t> fingerprints;
  std::vector<uint8_t> eligible;
  std::vector<uint32_t> signatures;
  int perms = 0;

  absl::Span<const uint32_t> Signature(uint32_t d) const {
    return absl::MakeConstSpan(signatures.data() + size_t{d} * perms, perms);
  }
  void Append(Batch& batch) {
    for (Document& d : batch.docs) ids.push_back(std::move(d.id));
    lengths.insert(lengths.end(), batch.lengths.begin(), batch.lengths.end());
    shingles.insert(shingles.end(), batch.shingles.begin(), batch.shingles.end());
    fingerprints.insert(fingerprints.end(), batch.fingerprints.begin(), batch.fingerprints.end());
    eligible.insert(eligible.end(), batch.eligible.begin(), batch.eligible.end());
    signatures.insert(signatures.end(), batch.signatures.begin(), batch.signatures.end());
  }
  uint64_t MemoryBytes() const {
    uint64_t bytes = signatures.capacity() * sizeof(uint32_t) + lengths.capacity() * sizeof(uint64_t) +
                     shingles.capacity() * sizeof(uint32_t) + fingerprints.capacity() * sizeof(uint64_t) +
                     eligible.capacity() + ids.capacity() * sizeof(std::string);
    for (const std::string& id : ids) bytes += id.capacity() > 15 ? id.capacity() + 1 : 0;
    return bytes;
  }
};

// Strips (optionally), normalizes, shingles and signs whole documents.
class Signer {
 public:
  Signer(const Normalizer& normalizer, const MinHasher& hasher, const DedupOptions& options,
         const BoilerplateClassifier* classifier, const CrawlLineStats* line_stats,
         const CommonShingles* common)
      : normalizer_(normalizer),
        hasher_(hasher),
        options_(options),
        classifier_(classifier),
        line_stats_(line_stats),
        common_(common) {}

  void Sign(Batch* batch) const {
    const size_t n = batch->docs.size();
    const size_t perms = static_cast<size_t>(hasher_.num_perms());
    const bool simhash = options_.method == DedupMethod::kSimHash;
    batch->signatures.assign(n * perms, kEmptySlot);
    batch->lengths.assign(n, 0);
    batch->shingles.assign(n, 0);
    batch->fingerprints.assign(simhash ? n : 0, 0);
    batch->eligible.assign(n, 0);
    std::vector<uint64_t> stripped_docs(static_cast<size_t>(options_.threads), 0);
    std::vector<uint64_t> stripped_bytes(static_cast<size_t>(options_.threads), 0);
    std::vector<uint64_t> shingles_total(static_cast<size_t>(options_.threads), 0);
    std::vector<uint64_t> shingles_discounted(static_cast<size_t>(options_.threads), 0);
    const bool discount = common_ != nullptr && !common_->empty();
    internal::ParallelChunks(n, options_.threads, [&](size_t begin, size_t end, size_t chunk) {
      std::vector<uint64_t> tokens, shingles, rare;
      std::string kept;
      for (size_t d = begin; d < end; ++d) {
        const Document& doc = batch->docs[d];
        absl::string_view text = doc.text;
        if (classifier_ != nullptr) {
          classifier_->Strip(doc.site, doc.text, line_stats_, &kept);
          if (kept.size() < doc.text.size()) {
            ++stripped_docs[chunk];
            stripped_bytes[chunk] += doc.text.size() - kept.size();
          }
          text = kept;
        }
        tokens.clear();
        normalizer_.TokenHashes(text, &tokens);
        ShingleHashes(tokens, options_.shingle_size, &shingles);
        shingles_total[chunk] += shingles.size();
        if (discount) {
          rare.clear();
          for (uint64_t s : shingles) {
            if (!common_->Contains(s)) rare.push_back(s);
          }
          // A page made only of common wording keeps it all, so that exact
          // copies of it still match.
          if (!rare.empty()) {
            shingles_discounted[chunk] += shingles.size() - rare.size();
            shingles.swap(rare);
          }
        }
        batch->lengths[d] = text.size();
        batch->shingles[d] = static_cast<uint32_t>(std::min<size_t>(shingles.size(), UINT32_MAX));
        batch->eligible[d] = !shingles.empty();
        hasher_.Sign(shingles, absl::MakeSpan(batch->signatures.data() + d * perms, perms));
        if (simhash) batch->fingerprints[d] = SimHash(shingles);
      }
    });
    for (size_t t = 0; t < stripped_docs.size(); ++t) {
      batch->stripped_documents += stripped_docs[t];
      batch->stripped_bytes += stripped_bytes[t];
      batch->shingles_total += shingles_total[t];
      batch->shingles_discounted += shingles_discounted[t];
    }
  }

 private:
  const Normalizer& normalizer_;
  const MinHasher& hasher_;
  const DedupOptions& options_;
  const BoilerplateClassifier* classifier_;
  const CrawlLineStats* line_stats_;
  const CommonShingles* common_;
};

std::string ClustersJsonl(const Index& index, const Clustering& clustering,
                          absl::Span<const double> similarity) {
  std::string out;
  out.reserve(index.ids.size() * 80);
  for (size_t d = 0; d < index.ids.size(); ++d) {
    const uint32_t canonical = clustering.canonical[d];
    JsonObjectWriter w(&out);
    w.String("id", index.ids[d]);
    w.String("cluster", index.ids[canonical]);
    w.Bool("canonical", canonical == d);
    w.Double("similarity", similarity[d]);
    w.Close();
    out.push_back('\n');
  }
  return out;
}

std::string ParamsJson(const DedupOptions& o, const LshParams& lsh) {
  std::string out;
  JsonObjectWriter w(&out);
  w.String("method", DedupMethodName(o.method));
  if (o.method == DedupMethod::kSimHash) w.Int("hamming_distance", o.hamming_distance);
  w.Double("containment", o.containment);
  if (o.containment > 0) w.Double("containment_max_ratio", o.containment_max_ratio);
  w.Double("threshold", o.threshold);
  w.Int("shingle", o.shingle_size);
  w.Int("perms", o.minhash.num_perms);
  w.Double("lsh_recall_weight", o.lsh_recall_weight);
  w.Int("bands", lsh.bands);
  w.Int("rows", lsh.rows);
  w.Uint("seed", o.minhash.seed);
  w.String("normalization", kNormalizationVersion);
  w.String("prefix_folding", PrefixFoldingName(o.normalizer.prefix_folding));
  w.String("cluster_mode", ClusterModeName(o.cluster_mode));
  if (o.cluster_mode == ClusterMode::kBounded) w.Double("link_threshold", o.link_threshold);
  w.Int("max_bucket", o.lsh.max_bucket);
  w.Double("common_min_documents", o.common_min_documents);
  if (o.common_min_documents > 0) {
    w.Double("common_fraction", o.common_fraction, 6);
    w.Double("document_frequency_sample", o.document_frequency.sample_rate);
  }
  w.Bool("strip", o.strip);
  if (o.strip) w.Bool("strip_crawl_stats", o.strip_crawl_stats);
  w.String("text_field", o.read.text_field);
  std::string id_fields = "[";
  for (size_t i = 0; i < o.read.id_fields.size(); ++i) {
    if (i) id_fields.push_back(',');
    AppendJsonString(o.read.id_fields[i], &id_fields);
  }
  id_fields.push_back(']');
  w.Raw("id_fields", id_fields);
  w.Int("max_document_bytes", static_cast<int64_t>(o.read.max_document_bytes));
  w.Close();
  return out;
}

std::string SummaryJson(const DedupSummary& s, const DedupOptions& o) {
  std::string out;
  JsonObjectWriter w(&out);
  w.Int("documents", static_cast<int64_t>(s.documents));
  w.Int("clusters", static_cast<int64_t>(s.clusters));
  w.Int("duplicates", static_cast<int64_t>(s.duplicates));
  w.Int("clusters_with_duplicates", static_cast<int64_t>(s.clusters_with_duplicates));
  w.Int("largest_cluster", static_cast<int64_t>(s.largest_cluster));
  w.Int("bytes", static_cast<int64_t>(s.read.bytes));
  w.Double("seconds", s.seconds, 3);
  w.Double("mb_per_second", s.seconds > 0 ? s.read.bytes / 1e6 / s.seconds : 0, 1);
  internal::WriteReadStatsFields(s.read, &w);
  w.Int("blank_lines", static_cast<int64_t>(s.read.blank_lines));
  w.Int("candidate_pairs", static_cast<int64_t>(s.candidate_pairs));
  w.Int("verified_edges", static_cast<int64_t>(s.verified_edges));
  w.Int("refused_edges", static_cast<int64_t>(s.refused_edges));
  w.Int("containment_edges", static_cast<int64_t>(s.containment_edges));
  w.Int("capped_buckets", static_cast<int64_t>(s.capped_buckets));
  w.Int("stripped_documents", static_cast<int64_t>(s.stripped_documents));
  w.Int("stripped_bytes", static_cast<int64_t>(s.stripped_bytes));
  w.Int("shingles", static_cast<int64_t>(s.shingles));
  w.Int("discounted_shingles", static_cast<int64_t>(s.discounted_shingles));
  if (!o.keep_dir.empty()) w.Int("kept_documents", static_cast<int64_t>(s.kept_documents));
  w.Int("threads", s.threads);
  std::string stages;
  JsonObjectWriter tw(&stages);
  for (const StageTime& t : s.stages) tw.Double(t.stage, t.seconds, 3);
  tw.Close();
  w.Raw("stage_seconds", stages);
  w.Int("peak_rss_bytes", static_cast<int64_t>(s.peak_rss_bytes));
  w.Int("index_bytes", static_cast<int64_t>(s.index_bytes));
  w.Raw("params", ParamsJson(o, s.lsh_params));
  w.String("version", SHABIH_VERSION);
  w.Close();
  out.push_back('\n');
  return out;
}

// --keep writes files named like the inputs: refuse, before any work, a
// layout that would overwrite an input or write two inputs to one file.
absl::Status CheckKeepTargets(const std::vector<std::string>& inputs, const DedupOptions& options) {
  const fs::path keep = fs::weakly_canonical(fs::path(options.keep_dir));
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (input == "-" || !fs::is_directory(input, ec)) continue;
    const fs::path dir = fs::weakly_canonical(fs::path(input));
    const auto [dir_end, keep_it] = std::mismatch(dir.begin(), dir.end(), keep.begin(), keep.end());
    if (dir_end == dir.end()) {
      return absl::InvalidArgumentError(absl::StrCat("--keep ", options.keep_dir, " is inside the input directory ",
                                                     input, ": kept files would mix with (or overwrite) the input"));
    }
  }
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, options.read));
  absl::flat_hash_map<std::string, std::string> writers;  // target -> source
  for (const Source& source : reader->sources()) {
    const fs::path target = (keep / source.relative).lexically_normal();
    auto [it, inserted] = writers.try_emplace(target.string(), source.path);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat("--keep would write both ", it->second, " and ", source.path,
                                                     " to ", target.string(), "; keep them in separate runs"));
    }
    std::error_code ec;
    if (source.kind != Source::Kind::kStdin && fs::equivalent(target, source.path, ec)) {
      return absl::InvalidArgumentError(absl::StrCat("--keep would overwrite the input ", source.path));
    }
  }
  return absl::OkStatus();
}

// Second pass for --keep: canonical documents only, in the input's layout.
absl::Status WriteKept(const std::vector<std::string>& inputs, const DedupOptions& options,
                       const Clustering& clustering, uint64_t* kept) {
  const fs::path dir(options.keep_dir);
  SHABIH_RETURN_IF_ERROR(CreateDirectory(dir));
  ReadOptions read = options.read;
  read.keep_raw = true;
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, read));
  // One open output per JSONL source, opened on first use.
  absl::flat_hash_map<uint32_t, gzFile> outputs;
  absl::Status status;
  Document doc;
  while (reader->Next(&doc)) {
    if (doc.ordinal >= clustering.canonical.size() || clustering.canonical[doc.ordinal] != doc.ordinal) {
      continue;
    }
    const Source& source = reader->sources()[doc.source];
    const fs::path target = dir / source.relative;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (source.kind == Source::Kind::kText) {
      SHABIH_RETURN_IF_ERROR(WriteFile(target, doc.text));
    } else {
      auto [it, inserted] = outputs.try_emplace(doc.source, nullptr);
      if (inserted) {
        it->second = gzopen(target.c_str(), source.gzip ? "wb6" : "wbT");
        if (it->second == nullptr) {
          status = absl::PermissionDeniedError(absl::StrCat("cannot write ", target.string()));
          break;
        }
      }
      doc.raw.push_back('\n');
      if (gzwrite(it->second, doc.raw.data(), static_cast<unsigned>(doc.raw.size())) <= 0) {
        status = absl::DataLossError(absl::StrCat("error while writing ", target.string()));
        break;
      }
    }
    ++*kept;
  }
  for (auto& [source, file] : outputs) {
    if (file != nullptr && gzclose(file) != Z_OK && status.ok()) {
      status = absl::DataLossError("error while closing a --keep output file");
    }
  }
  return status;
}

}  // namespace

absl::StatusOr<DedupOptions> ResolveDedupOptions(DedupOptions o) {
  if (!(o.threshold > 0.0 && o.threshold <= 1.0)) {
    return absl::InvalidArgumentError(absl::StrCat("--threshold must be in (0, 1], got ", o.threshold));
  }
  if (o.shingle_size < 1 || o.shingle_size > 64) {
    return absl::InvalidArgumentError(absl::StrCat("--shingle must be in [1, 64], got ", o.shingle_size));
  }
  if (o.minhash.num_perms < 1 || o.minhash.num_perms > 4096) {
    return absl::InvalidArgumentError(absl::StrCat("--perms must be in [1, 4096], got ", o.minhash.num_perms));
  }
  if ((o.bands == 0) != (o.rows == 0)) {
    return absl::InvalidArgumentError("--bands and --rows must be given together");
  }
  if (o.bands < 0 || o.rows < 0 || static_cast<int64_t>(o.bands) * o.rows > o.minhash.num_perms) {
    return absl::InvalidArgumentError(absl::StrCat("--bands x --rows (", o.bands, " x ", o.rows,
                                                   ") must be positive and at most --perms (",
                                                   o.minhash.num_perms, ")"));
  }
  if (o.bands == 0) {
    const LshParams p =
        OptimalLshParams(o.threshold, o.minhash.num_perms, 1.0 - o.lsh_recall_weight, o.lsh_recall_weight);
    o.bands = p.bands;
    o.rows = p.rows;
  }
  if (!(o.lsh_recall_weight > 0 && o.lsh_recall_weight < 1)) {
    return absl::InvalidArgumentError("--lsh-recall-weight must be in (0, 1)");
  }
  if (o.threads < 0 || o.threads > 1024) return absl::InvalidArgumentError("--threads must be in [0, 1024]");
  if (o.threads == 0) o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (o.lsh.max_bucket < 2) return absl::InvalidArgumentError("--max-bucket must be >= 2");
  if (o.hamming_distance < 0 || o.hamming_distance > kMaxHammingDistance) {
    return absl::InvalidArgumentError(
        absl::StrCat("--hamming must be in [0, ", kMaxHammingDistance, "], got ", o.hamming_distance));
  }
  if (!(o.containment >= 0 && o.containment <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat("--containment must be in [0, 1], got ", o.containment));
  }
  if (!(o.link_threshold >= 0 && o.link_threshold <= 1)) {
    return absl::InvalidArgumentError("--link-threshold must be in [0, 1]");
  }
  if (!(o.common_min_documents >= 0) || !(o.common_fraction >= 0)) {
    return absl::InvalidArgumentError("--common-df and --common-fraction must be >= 0");
  }
  if (!(o.document_frequency.sample_rate > 0 && o.document_frequency.sample_rate <= 1)) {
    return absl::InvalidArgumentError("--df-sample must be in (0, 1]");
  }
  if (!(o.containment_max_ratio >= 1 && o.containment_max_ratio < 1e6)) {
    return absl::InvalidArgumentError("--containment-max-ratio must be >= 1");
  }
  return o;
}

namespace {

// Estimated |A n B| / min(|A|, |B|) from the Jaccard estimate and the
// shingle counts: |A n B| = J (|A| + |B|) / (1 + J).
double EstimateContainment(double jaccard, uint32_t size_a, uint32_t size_b) {
  const uint32_t smaller = std::min(size_a, size_b);
  if (smaller == 0) return 0.0;
  const double intersection = jaccard * (static_cast<double>(size_a) + size_b) / (1.0 + jaccard);
  return std::min(1.0, intersection / smaller);
}

// Everything the outputs are made from.
struct Run {
  DedupOptions options;
  std::vector<std::string> inputs;
  std::string spool;                // stdin's copy (options.read.stdin_path), deleted at the end
  Index index;
  std::vector<Edge> edges;          // verified, sorted by (a, b)
  std::vector<uint8_t> contained;   // per edge: 1 if it passed by containment only
  DedupSummary summary;
  Clock::time_point start;
  // Documents of pass 1, when they fit in options.cache_bytes, and the
  // read statistics that came with them.
  std::vector<Document> cache;
  bool cache_complete = false;
  ReadStats cache_stats;
  ~Run() { internal::RemoveSpool(spool); }
};

class ProgressReporter {
 public:
  ProgressReporter(const ProgressCallback& callback, Clock::time_point start)
      : callback_(callback), start_(start), last_(start) {}
  void Report(const char* stage, uint64_t documents, uint64_t bytes, bool force) {
    if (!callback_) return;
    if (!force && SecondsSince(last_) < 0.25) return;
    last_ = Clock::now();
    callback_({stage, documents, bytes, SecondsSince(start_)});
  }

 private:
  const ProgressCallback& callback_;
  Clock::time_point start_, last_;
};

// What pass 1 learns about the crawl.
struct CrawlStats {
  std::unique_ptr<CrawlLineStats> lines;  // per-site line counts, for stripping
  CommonShingles common;                  // template wording, left out of signatures
};

// Pass 1: per-site line statistics (for stripping) and sampled shingle
// document frequencies (for template-aware signatures). One instance of each
// per worker chunk, merged by sums: the result is independent of the thread
// count.
absl::StatusOr<CrawlStats> CollectCrawlStats(Run& run, const Normalizer& normalizer, ProgressReporter& progress) {
  const DedupOptions& o = run.options;
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(run.inputs, o.read));
  const int threads = o.threads;
  const bool want_lines = o.strip && o.strip_crawl_stats;
  const bool want_frequency = o.common_min_documents > 0;
  std::vector<std::unique_ptr<CrawlLineStats>> lines;
  std::vector<std::unique_ptr<DocumentFrequencySketch>> frequency;
  // One instance per worker chunk, created when the chunk first has work:
  // 16 MiB sketches must not be multiplied by an idle --threads.
  lines.resize(threads);
  frequency.resize(threads);
  // Batch k is processed by the workers while batch k+1 is read.
  std::vector<Document> reading, processing;
  std::vector<uint8_t> sampled;  // per processing document: counted in the frequency sketch
  size_t processing_bytes = 0;
  DocumentSampler sampler(o.document_frequency);
  uint64_t cached_bytes = 0;
  bool caching = o.cache_bytes > 0;
  auto process = [&] {
    internal::ParallelChunks(processing.size(), threads, [&](size_t begin, size_t end, size_t chunk) {
      std::vector<uint64_t> tokens, shingles;
      if (want_lines && !lines[chunk]) lines[chunk] = std::make_unique<CrawlLineStats>(o.boilerplate);
      if (want_frequency && !frequency[chunk]) frequency[chunk] = std::make_unique<DocumentFrequencySketch>();
      for (size_t d = begin; d < end; ++d) {
        const Document& doc = processing[d];
        if (want_lines) lines[chunk]->AddDocument(doc.site, doc.text);
        if (sampled[d]) {
          tokens.clear();
          normalizer.TokenHashes(doc.text, &tokens);
          ShingleHashes(tokens, o.shingle_size, &shingles);
          frequency[chunk]->AddDocument(shingles);
        }
      }
    });
  };
  std::future<void> processed;
  auto finish_processing = [&] {
    if (processed.valid()) processed.get();
    if (caching && cached_bytes + processing_bytes <= o.cache_bytes) {
      cached_bytes += processing_bytes;
      for (Document& d : processing) run.cache.push_back(std::move(d));
    } else if (caching) {
      caching = false;  // too big to keep: pass 2 reads the input again
      std::vector<Document>().swap(run.cache);
    }
    processing.clear();
    processing_bytes = 0;
  };
  Document doc;
  uint64_t documents = 0;
  bool more = true;
  while (more) {
    size_t reading_bytes = 0;
    while (reading.size() < kBatchDocuments && reading_bytes < kBatchBytes) {
      if (!reader->Next(&doc)) {
        more = false;
        break;
      }
      reading_bytes += doc.text.size();
      reading.push_back(std::move(doc));
    }
    documents += reading.size();
    finish_processing();
    progress.Report("scan", documents, reader->bytes_read(), false);
    if (reading.empty()) break;
    // The sample is decided here, in input order, so that it is the same
    // whatever the thread count.
    sampled.assign(reading.size(), 0);
    if (want_frequency) {
      for (size_t d = 0; d < reading.size(); ++d) sampled[d] = sampler.Take(reading[d].ordinal);
    }
    processing.swap(reading);
    processing_bytes = reading_bytes;
    if (threads > 1) {
      processed = std::async(std::launch::async, process);
    } else {
      process();
    }
  }
  finish_processing();
  run.cache_complete = caching;
  if (caching) run.cache_stats = reader->stats();
  CrawlStats stats;
  if (want_lines) {
    if (!lines[0]) lines[0] = std::make_unique<CrawlLineStats>(o.boilerplate);
    for (int t = 1; t < threads; ++t) {
      if (lines[t]) lines[0]->Merge(*lines[t]);
    }
    lines[0]->Finalize();
    stats.lines = std::move(lines[0]);
  }
  if (want_frequency) {
    if (!frequency[0]) frequency[0] = std::make_unique<DocumentFrequencySketch>();
    for (int t = 1; t < threads; ++t) {
      if (frequency[t]) frequency[0]->Merge(*frequency[t]);
    }
    const double min_documents = std::max(o.common_min_documents, o.common_fraction * documents);
    stats.common = frequency[0]->Common(min_documents, documents);
    run.summary.common_shingle_cells = stats.common.common_cells();
  }
  return stats;
}

// Pass 2: read, strip, sign; batch k+1 is read while batch k is signed.
absl::Status SignCrawl(Run& run, const Signer& signer, int perms, ProgressReporter& progress) {
  // Documents come from pass 1's cache when it holds the whole crawl.
  std::unique_ptr<CorpusReader> reader;
  if (!run.cache_complete) {
    SHABIH_ASSIGN_OR_RETURN(reader, CorpusReader::Open(run.inputs, run.options.read));
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
  auto bytes_read = [&] { return reader ? reader->bytes_read() : cached_bytes_done; };
  Index& index = run.index;
  index.perms = perms;
  std::unique_ptr<Batch> signing;
  std::future<void> signed_future;
  auto finish_signing = [&] {
    if (!signing) return;
    if (signed_future.valid()) signed_future.get();
    run.summary.stripped_documents += signing->stripped_documents;
    run.summary.stripped_bytes += signing->stripped_bytes;
    run.summary.shingles += signing->shingles_total;
    run.summary.discounted_shingles += signing->shingles_discounted;
    index.Append(*signing);
    signing.reset();
  };
  bool more = true;
  while (more) {
    auto batch = std::make_unique<Batch>();
    Document doc;
    while (batch->docs.size() < kBatchDocuments && batch->text_bytes < kBatchBytes) {
      if (!next(&doc)) {
        more = false;
        break;
      }
      batch->text_bytes += doc.text.size();
      batch->docs.push_back(std::move(doc));
    }
    finish_signing();
    progress.Report("sign", index.ids.size(), bytes_read(), false);
    if (batch->docs.empty()) break;
    signing = std::move(batch);
    if (run.options.threads > 1) {
      signed_future = std::async(std::launch::async, [&signer, b = signing.get()] { signer.Sign(b); });
    } else {
      signer.Sign(signing.get());
    }
  }
  finish_signing();
  run.summary.read = reader ? reader->stats() : run.cache_stats;
  std::vector<Document>().swap(run.cache);
  return absl::OkStatus();
}

// Candidate pairs of the chosen method, plus containment candidates.
std::vector<DocPair> FindCandidates(Run& run) {
  const DedupOptions& o = run.options;
  const Index& index = run.index;
  LshOptions lsh_options = o.lsh;
  lsh_options.threads = o.threads;
  LshStats stats;
  std::vector<DocPair> candidates;
  if (o.method == DedupMethod::kSimHash) {
    std::vector<uint64_t> fingerprints;
    std::vector<uint32_t> docs;
    for (uint32_t d = 0; d < index.ids.size(); ++d) {
      if (!index.eligible[d]) continue;  // featureless documents all hash to 0
      fingerprints.push_back(index.fingerprints[d]);
      docs.push_back(d);
    }
    HammingOptions hamming;
    hamming.max_distance = o.hamming_distance;
    NearPairsStats near_stats;
    auto pairs = NearPairs(fingerprints, hamming, &near_stats);
    if (pairs.ok()) {
      for (const auto& [i, j] : *pairs) candidates.push_back(MakeDocPair(docs[i], docs[j]));
    }
    run.summary.capped_buckets += near_stats.capped_runs;
  } else {
    candidates = LshCandidatePairs(index.signatures, index.perms, run.summary.lsh_params, index.eligible,
                                   lsh_options, &stats);
    run.summary.capped_buckets += stats.capped_buckets;
  }
  if (o.containment > 0) {
    // The lowest Jaccard a pair with containment C can have when the larger
    // document is R times the smaller: C / (R + 1 - C).
    const double min_jaccard = o.containment / (o.containment_max_ratio + 1.0 - o.containment);
    const LshParams params =
        OptimalLshParams(min_jaccard, index.perms, 1.0 - o.lsh_recall_weight, o.lsh_recall_weight);
    LshStats containment_stats;
    std::vector<DocPair> more =
        LshCandidatePairs(index.signatures, index.perms, params, index.eligible, lsh_options, &containment_stats);
    run.summary.capped_buckets += containment_stats.capped_buckets;
    std::vector<DocPair> merged;
    merged.reserve(candidates.size() + more.size());
    std::merge(candidates.begin(), candidates.end(), more.begin(), more.end(), std::back_inserter(merged));
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    candidates.swap(merged);
  }
  run.summary.candidate_pairs = candidates.size();
  return candidates;
}

// Keeps the candidates that pass the threshold (or the containment bar).
void VerifyCandidates(Run& run, const std::vector<DocPair>& candidates) {
  const DedupOptions& o = run.options;
  const Index& index = run.index;
  std::vector<std::vector<Edge>> chunk_edges(static_cast<size_t>(o.threads));
  std::vector<std::vector<uint8_t>> chunk_contained(static_cast<size_t>(o.threads));
  std::vector<uint64_t> containment_edges(static_cast<size_t>(o.threads), 0);
  internal::ParallelChunks(candidates.size(), o.threads, [&](size_t begin, size_t end, size_t chunk) {
    for (size_t i = begin; i < end; ++i) {
      const uint32_t a = PairFirst(candidates[i]), b = PairSecond(candidates[i]);
      const double j = EstimateJaccard(index.Signature(a), index.Signature(b));
      if (j >= o.threshold) {
        chunk_edges[chunk].push_back({a, b, static_cast<float>(j)});
        chunk_contained[chunk].push_back(0);
      } else if (o.containment > 0 &&
                 EstimateContainment(j, index.shingles[a], index.shingles[b]) >= o.containment) {
        chunk_edges[chunk].push_back({a, b, static_cast<float>(j)});
        chunk_contained[chunk].push_back(1);
        ++containment_edges[chunk];
      }
    }
  });
  for (size_t c = 0; c < chunk_edges.size(); ++c) {
    run.edges.insert(run.edges.end(), chunk_edges[c].begin(), chunk_edges[c].end());
    run.contained.insert(run.contained.end(), chunk_contained[c].begin(), chunk_contained[c].end());
    run.summary.containment_edges += containment_edges[c];
  }
  run.summary.verified_edges = run.edges.size();
}

// Read, strip, sign, find and verify candidate pairs.
absl::StatusOr<std::unique_ptr<Run>> BuildEdges(const std::vector<std::string>& raw_inputs,
                                                const DedupOptions& raw_options, const std::string& out_dir,
                                                const ProgressCallback& callback) {
  auto run = std::make_unique<Run>();
  run->start = Clock::now();
  SHABIH_ASSIGN_OR_RETURN(run->options, ResolveDedupOptions(raw_options));
  const DedupOptions& options = run->options;
  if (out_dir.empty()) return absl::InvalidArgumentError("--out is required");
  SHABIH_RETURN_IF_ERROR(CreateDirectory(out_dir));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Normalizer> normalizer, Normalizer::Create(options.normalizer));
  SHABIH_ASSIGN_OR_RETURN(const MinHasher hasher, MinHasher::Create(options.minhash));
  std::unique_ptr<BoilerplateClassifier> classifier;
  if (options.strip) {
    SHABIH_ASSIGN_OR_RETURN(classifier, BoilerplateClassifier::Create(options.boilerplate));
  }

  // Reads never walk into this run's own outputs; stdin can be read only
  // once, so it is spooled when it is needed twice.
  run->inputs = raw_inputs;
  run->options.read.exclude_directories.push_back(out_dir);
  if (!options.keep_dir.empty()) {
    SHABIH_RETURN_IF_ERROR(CheckKeepTargets(raw_inputs, options));
    run->options.read.exclude_directories.push_back(options.keep_dir);
  }
  const bool scan_pass = (options.strip && options.strip_crawl_stats) || options.common_min_documents > 0;
  const bool two_reads = !options.keep_dir.empty() || scan_pass;
  if (two_reads && std::count(raw_inputs.begin(), raw_inputs.end(), "-") > 0) {
    SHABIH_ASSIGN_OR_RETURN(run->spool, SpoolStdin());
    run->options.read.stdin_path = run->spool;
  }
  DedupSummary& summary = run->summary;
  summary.threads = options.threads;
  summary.lsh_params = {options.bands, options.rows};
  ProgressReporter progress(callback, run->start);

  Clock::time_point stage_start = Clock::now();
  CrawlStats crawl_stats;
  if (scan_pass) {
    SHABIH_ASSIGN_OR_RETURN(crawl_stats, CollectCrawlStats(*run, *normalizer, progress));
    summary.stages.push_back({"scan", SecondsSince(stage_start)});
  }
  stage_start = Clock::now();
  const Signer signer(*normalizer, hasher, options, classifier.get(), crawl_stats.lines.get(),
                      &crawl_stats.common);
  SHABIH_RETURN_IF_ERROR(SignCrawl(*run, signer, hasher.num_perms(), progress));
  crawl_stats = CrawlStats();
  summary.stages.push_back({"read+sign", SecondsSince(stage_start)});
  const size_t num_docs = run->index.ids.size();
  summary.documents = num_docs;
  // Nothing read because inputs failed: exit 2. Inputs that were read but
  // hold no document (an empty file) give empty, valid outputs.
  if (num_docs == 0 && summary.read.skipped_total > 0) return internal::NoInputError(summary.read);
  if (num_docs > 0xFFFFFFF0ull) return absl::ResourceExhaustedError("more than 4 billion documents");

  stage_start = Clock::now();
  progress.Report(options.method == DedupMethod::kSimHash ? "simhash" : "lsh", num_docs, summary.read.bytes, true);
  const std::vector<DocPair> candidates = FindCandidates(*run);
  summary.stages.push_back({"candidates", SecondsSince(stage_start)});

  stage_start = Clock::now();
  progress.Report("verify", num_docs, summary.read.bytes, true);
  VerifyCandidates(*run, candidates);
  summary.stages.push_back({"verify", SecondsSince(stage_start)});
  return run;
}

absl::Status FinishSummary(Run& run, const std::string& out_dir) {
  run.summary.index_bytes = run.index.MemoryBytes();
  run.summary.peak_rss_bytes = PeakRssBytes();
  run.summary.seconds = SecondsSince(run.start);
  return WriteFile(fs::path(out_dir) / "summary.json", SummaryJson(run.summary, run.options));
}

}  // namespace

const char* DedupMethodName(DedupMethod method) {
  return method == DedupMethod::kSimHash ? "simhash" : "minhash";
}

absl::StatusOr<DedupMethod> ParseDedupMethod(absl::string_view name) {
  if (name == "minhash") return DedupMethod::kMinHash;
  if (name == "simhash") return DedupMethod::kSimHash;
  return absl::InvalidArgumentError(absl::StrCat("unknown --method '", name, "' (expected minhash or simhash)"));
}

absl::StatusOr<DedupSummary> RunDedup(const std::vector<std::string>& inputs, const DedupOptions& options,
                                      const std::string& out_dir, const ProgressCallback& callback) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Run> run, BuildEdges(inputs, options, out_dir, callback));
  DedupSummary& summary = run->summary;
  const Index& index = run->index;
  const size_t num_docs = index.ids.size();
  ProgressReporter progress(callback, run->start);

  Clock::time_point stage_start = Clock::now();
  progress.Report("cluster", num_docs, summary.read.bytes, true);
  const SimilarityFn jaccard = [&index](uint32_t a, uint32_t b) {
    return EstimateJaccard(index.Signature(a), index.Signature(b));
  };
  const SimilarityFn closeness = [&index, containment = run->options.containment > 0](uint32_t a, uint32_t b) {
    const double j = EstimateJaccard(index.Signature(a), index.Signature(b));
    // With --containment, a document contained in the canonical one is as
    // close to it as a near-duplicate.
    return containment ? std::max(j, EstimateContainment(j, index.shingles[a], index.shingles[b])) : j;
  };
  const Clustering clustering = ClusterDocuments(num_docs, run->edges, index.lengths, run->options.cluster_mode,
                                                 run->options.link_threshold, closeness, &jaccard);
  std::vector<double> similarity(num_docs, 1.0);
  std::vector<uint32_t> cluster_size(num_docs, 0);
  for (uint32_t d = 0; d < num_docs; ++d) {
    const uint32_t c = clustering.canonical[d];
    ++cluster_size[c];
    if (c != d) similarity[d] = EstimateJaccard(index.Signature(d), index.Signature(c));
  }
  summary.clusters = clustering.num_clusters;
  summary.duplicates = num_docs - clustering.num_clusters;
  summary.largest_cluster = clustering.largest_cluster;
  summary.refused_edges = clustering.refused_edges;
  for (uint32_t size : cluster_size) summary.clusters_with_duplicates += size >= 2;
  summary.stages.push_back({"cluster", SecondsSince(stage_start)});

  stage_start = Clock::now();
  progress.Report("write", num_docs, summary.read.bytes, true);
  SHABIH_RETURN_IF_ERROR(WriteFile(fs::path(out_dir) / "clusters.jsonl",
                                   ClustersJsonl(index, clustering, similarity)));
  summary.stages.push_back({"write", SecondsSince(stage_start)});
  if (!run->options.keep_dir.empty()) {
    stage_start = Clock::now();
    progress.Report("keep", num_docs, summary.read.bytes, true);
    SHABIH_RETURN_IF_ERROR(WriteKept(run->inputs, run->options, clustering, &summary.kept_documents));
    summary.stages.push_back({"keep", SecondsSince(stage_start)});
  }
  SHABIH_RETURN_IF_ERROR(FinishSummary(*run, out_dir));
  return summary;
}

absl::StatusOr<DedupSummary> RunPairs(const std::vector<std::string>& inputs, const DedupOptions& options,
                                      const std::string& out_file, const ProgressCallback& callback) {
  if (out_file.empty()) return absl::InvalidArgumentError("--out is required");
  const fs::path out_path(out_file);
  const std::string out_dir = out_path.has_parent_path() ? out_path.parent_path().string() : ".";
  DedupOptions pair_options = options;
  pair_options.keep_dir.clear();
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Run> run, BuildEdges(inputs, pair_options, out_dir, callback));
  const Index& index = run->index;
  const Clock::time_point stage_start = Clock::now();
  std::string out;
  out.reserve(run->edges.size() * 120);
  for (size_t i = 0; i < run->edges.size(); ++i) {
    const Edge& e = run->edges[i];
    const double j = e.similarity;
    const double c = EstimateContainment(j, index.shingles[e.a], index.shingles[e.b]);
    const char* relation = "near-duplicate";
    if (run->contained[i]) {
      relation = index.shingles[e.a] >= index.shingles[e.b] ? "a-contains-b" : "b-contains-a";
    }
    JsonObjectWriter w(&out);
    w.String("a", index.ids[e.a]).String("b", index.ids[e.b]);
    w.Double("jaccard", j).Double("containment", c).String("relation", relation);
    w.Close();
    out.push_back('\n');
  }
  SHABIH_RETURN_IF_ERROR(WriteFile(out_path, out));
  run->summary.stages.push_back({"write", SecondsSince(stage_start)});
  // The summary goes beside the pairs file: FILE.summary.json.
  run->summary.index_bytes = index.MemoryBytes();
  run->summary.peak_rss_bytes = PeakRssBytes();
  run->summary.seconds = SecondsSince(run->start);
  SHABIH_RETURN_IF_ERROR(WriteFile(out_file + ".summary.json", SummaryJson(run->summary, run->options)));
  return run->summary;
}

}  // namespace shabih
