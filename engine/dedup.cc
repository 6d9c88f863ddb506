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
#include "engine/internal/parallel.h"
#include "engine/internal/status_macros.h"
#include "shabih/json_writer.h"
#include "shabih/resource_usage.h"
#include "shabih/shingle.h"

namespace shabih {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Documents are read and signed in batches of about this many text bytes,
// so memory for texts stays bounded whatever the crawl size.
constexpr size_t kBatchBytes = 8 << 20;
constexpr size_t kBatchDocuments = 4096;

struct Batch {
  std::vector<Document> docs;
  size_t text_bytes = 0;
  std::vector<uint32_t> signatures;
  std::vector<uint64_t> lengths;
  std::vector<uint8_t> eligible;
};

// Per-document state kept for the whole run (the index).
struct Index {
  std::vector<std::string> ids;
  std::vector<uint64_t> lengths;
  std::vector<uint8_t> eligible;
  std::vector<uint32_t> signatures;

  void Append(Batch& batch) {
    for (Document& d : batch.docs) ids.push_back(std::move(d.id));
    lengths.insert(lengths.end(), batch.lengths.begin(), batch.lengths.end());
    eligible.insert(eligible.end(), batch.eligible.begin(), batch.eligible.end());
    signatures.insert(signatures.end(), batch.signatures.begin(), batch.signatures.end());
  }
  uint64_t MemoryBytes() const {
    uint64_t bytes = signatures.capacity() * sizeof(uint32_t) + lengths.capacity() * sizeof(uint64_t) +
                     eligible.capacity() + ids.capacity() * sizeof(std::string);
    for (const std::string& id : ids) bytes += id.capacity() > 15 ? id.capacity() + 1 : 0;
    return bytes;
  }
};

class Signer {
 public:
  Signer(const Normalizer& normalizer, const MinHasher& hasher, int shingle_size, int threads)
      : normalizer_(normalizer), hasher_(hasher), shingle_size_(shingle_size), threads_(threads) {}

  void Sign(Batch* batch) const {
    const size_t n = batch->docs.size();
    const size_t perms = static_cast<size_t>(hasher_.num_perms());
    batch->signatures.assign(n * perms, kEmptySlot);
    batch->lengths.assign(n, 0);
    batch->eligible.assign(n, 0);
    internal::ParallelChunks(n, threads_, [&](size_t begin, size_t end, size_t) {
      std::vector<uint64_t> tokens, shingles;
      for (size_t d = begin; d < end; ++d) {
        const std::string& text = batch->docs[d].text;
        tokens.clear();
        normalizer_.TokenHashes(text, &tokens);
        ShingleHashes(tokens, shingle_size_, &shingles);
        batch->lengths[d] = text.size();
        batch->eligible[d] = !shingles.empty();
        hasher_.Sign(shingles, absl::MakeSpan(batch->signatures.data() + d * perms, perms));
      }
    });
  }

 private:
  const Normalizer& normalizer_;
  const MinHasher& hasher_;
  int shingle_size_;
  int threads_;
};

absl::Status WriteFile(const fs::path& path, absl::string_view contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path.string()));
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) return absl::DataLossError(absl::StrCat("error while writing ", path.string()));
  return absl::OkStatus();
}

absl::Status CreateDirectory(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create output directory ", dir.string(), ": ", ec.message()));
  }
  return absl::OkStatus();
}

// Copies stdin to a file so that --keep can read it a second time.
absl::StatusOr<std::string> SpoolStdin(const fs::path& dir) {
  // Named like stdin's own source ("stdin.jsonl") so that ids of the form
  // FILE:LINE do not change when --keep is given.
  SHABIH_RETURN_IF_ERROR(CreateDirectory(dir / ".stdin-spool"));
  const fs::path path = dir / ".stdin-spool" / "stdin.jsonl";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path.string()));
  std::vector<char> buffer(1 << 20);
  ssize_t got;
  while ((got = read(STDIN_FILENO, buffer.data(), buffer.size())) > 0) out.write(buffer.data(), got);
  if (!out) return absl::DataLossError(absl::StrCat("error while writing ", path.string()));
  return path.string();
}

std::string ClustersJsonl(const Index& index, const Clustering& clustering, int perms,
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
  w.String("method", "minhash");
  w.Double("threshold", o.threshold);
  w.Int("shingle", o.shingle_size);
  w.Int("perms", o.minhash.num_perms);
  w.Int("bands", lsh.bands);
  w.Int("rows", lsh.rows);
  w.Int("seed", static_cast<int64_t>(o.minhash.seed));
  w.String("normalization", kNormalizationVersion);
  w.String("prefix_folding", PrefixFoldingName(o.normalizer.prefix_folding));
  w.String("cluster_mode", ClusterModeName(o.cluster_mode));
  w.Int("max_bucket", o.lsh.max_bucket);
  w.Bool("strip", false);
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
  std::string skipped = "[";
  for (size_t i = 0; i < s.read.skipped.size(); ++i) {
    if (i) skipped.push_back(',');
    JsonObjectWriter sw(&skipped);
    sw.String("input", s.read.skipped[i].what);
    sw.String("reason", s.read.skipped[i].reason);
    sw.Close();
  }
  skipped.push_back(']');
  w.Raw("skipped", skipped);
  w.Int("skipped_total", static_cast<int64_t>(s.read.skipped_total));
  std::string by_reason;
  JsonObjectWriter rw(&by_reason);
  for (const auto& [reason, count] : s.read.skipped_by_reason) rw.Int(reason, static_cast<int64_t>(count));
  rw.Close();
  w.Raw("skipped_by_reason", by_reason);
  w.Int("repaired_utf8", static_cast<int64_t>(s.read.repaired_utf8));
  w.Int("empty_documents", static_cast<int64_t>(s.read.empty_documents));
  w.Int("blank_lines", static_cast<int64_t>(s.read.blank_lines));
  w.Int("candidate_pairs", static_cast<int64_t>(s.candidate_pairs));
  w.Int("verified_edges", static_cast<int64_t>(s.verified_edges));
  w.Int("refused_edges", static_cast<int64_t>(s.refused_edges));
  w.Int("capped_buckets", static_cast<int64_t>(s.capped_buckets));
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
    const LshParams p = OptimalLshParams(o.threshold, o.minhash.num_perms);
    o.bands = p.bands;
    o.rows = p.rows;
  }
  if (o.threads < 0) return absl::InvalidArgumentError("--threads must be >= 0");
  if (o.threads == 0) o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (o.lsh.max_bucket < 2) return absl::InvalidArgumentError("--max-bucket must be >= 2");
  return o;
}

absl::StatusOr<DedupSummary> RunDedup(const std::vector<std::string>& raw_inputs,
                                      const DedupOptions& raw_options, const std::string& out_dir,
                                      const ProgressCallback& progress) {
  const Clock::time_point start = Clock::now();
  SHABIH_ASSIGN_OR_RETURN(const DedupOptions options, ResolveDedupOptions(raw_options));
  if (out_dir.empty()) return absl::InvalidArgumentError("--out is required");
  SHABIH_RETURN_IF_ERROR(CreateDirectory(out_dir));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Normalizer> normalizer, Normalizer::Create(options.normalizer));
  SHABIH_ASSIGN_OR_RETURN(const MinHasher hasher, MinHasher::Create(options.minhash));

  std::vector<std::string> inputs = raw_inputs;
  std::string spool;
  if (!options.keep_dir.empty()) {
    for (std::string& input : inputs) {
      if (input != "-") continue;
      SHABIH_ASSIGN_OR_RETURN(spool, SpoolStdin(out_dir));
      input = spool;
    }
  }
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, options.read));

  DedupSummary summary;
  summary.threads = options.threads;
  summary.lsh_params = {options.bands, options.rows};
  const int perms = hasher.num_perms();
  const Signer signer(*normalizer, hasher, options.shingle_size, options.threads);

  // Read batch k+1 while batch k is signed.
  Index index;
  Clock::time_point last_progress = start;
  auto report = [&](const char* stage, bool force) {
    if (!progress) return;
    if (!force && SecondsSince(last_progress) < 0.25) return;
    last_progress = Clock::now();
    progress({stage, index.ids.size(), reader->bytes_read(), SecondsSince(start)});
  };
  std::unique_ptr<Batch> signing;
  std::future<void> signed_future;
  auto finish_signing = [&] {
    if (!signing) return;
    if (signed_future.valid()) signed_future.get();
    index.Append(*signing);
    signing.reset();
  };
  bool more = true;
  while (more) {
    auto batch = std::make_unique<Batch>();
    Document doc;
    while (batch->docs.size() < kBatchDocuments && batch->text_bytes < kBatchBytes) {
      if (!reader->Next(&doc)) {
        more = false;
        break;
      }
      batch->text_bytes += doc.text.size();
      batch->docs.push_back(std::move(doc));
    }
    finish_signing();
    report("read", false);
    if (batch->docs.empty()) break;
    signing = std::move(batch);
    if (options.threads > 1) {
      signed_future = std::async(std::launch::async, [&signer, b = signing.get()] { signer.Sign(b); });
    } else {
      signer.Sign(signing.get());
    }
  }
  finish_signing();
  summary.read = reader->stats();
  summary.stages.push_back({"read+sign", SecondsSince(start)});
  const size_t num_docs = index.ids.size();
  summary.documents = num_docs;
  if (num_docs == 0) {
    std::string reasons;
    for (const auto& [reason, count] : summary.read.skipped_by_reason) {
      absl::StrAppend(&reasons, reasons.empty() ? "" : ", ", count, " ", reason);
    }
    return absl::NotFoundError(absl::StrCat("no input document could be read",
                                            reasons.empty() ? "" : " (skipped: ", reasons,
                                            reasons.empty() ? "" : ")"));
  }
  if (num_docs > 0xFFFFFFF0ull) return absl::ResourceExhaustedError("more than 4 billion documents");

  // LSH candidates, then verification on the full signatures.
  Clock::time_point stage_start = Clock::now();
  report("lsh", true);
  LshOptions lsh_options = options.lsh;
  lsh_options.threads = options.threads;
  LshStats lsh_stats;
  const std::vector<DocPair> candidates = LshCandidatePairs(
      index.signatures, perms, summary.lsh_params, index.eligible, lsh_options, &lsh_stats);
  summary.candidate_pairs = lsh_stats.candidate_pairs;
  summary.capped_buckets = lsh_stats.capped_buckets;
  summary.stages.push_back({"lsh", SecondsSince(stage_start)});

  stage_start = Clock::now();
  report("verify", true);
  std::vector<std::vector<Edge>> chunk_edges(static_cast<size_t>(options.threads));
  internal::ParallelChunks(candidates.size(), options.threads, [&](size_t begin, size_t end, size_t chunk) {
    for (size_t i = begin; i < end; ++i) {
      const uint32_t a = PairFirst(candidates[i]), b = PairSecond(candidates[i]);
      const double j = EstimateJaccard(absl::MakeConstSpan(index.signatures.data() + size_t{a} * perms, perms),
                                       absl::MakeConstSpan(index.signatures.data() + size_t{b} * perms, perms));
      if (j >= options.threshold) chunk_edges[chunk].push_back({a, b, static_cast<float>(j)});
    }
  });
  std::vector<Edge> edges;
  for (auto& chunk : chunk_edges) edges.insert(edges.end(), chunk.begin(), chunk.end());
  summary.verified_edges = edges.size();
  summary.stages.push_back({"verify", SecondsSince(stage_start)});

  stage_start = Clock::now();
  report("cluster", true);
  const Clustering clustering = ClusterDocuments(num_docs, edges, index.lengths, options.cluster_mode);
  std::vector<double> similarity(num_docs, 1.0);
  std::vector<uint32_t> cluster_size(num_docs, 0);
  for (size_t d = 0; d < num_docs; ++d) {
    const uint32_t c = clustering.canonical[d];
    ++cluster_size[c];
    if (c != d) {
      similarity[d] = EstimateJaccard(absl::MakeConstSpan(index.signatures.data() + d * perms, perms),
                                      absl::MakeConstSpan(index.signatures.data() + size_t{c} * perms, perms));
    }
  }
  summary.clusters = clustering.num_clusters;
  summary.duplicates = num_docs - clustering.num_clusters;
  summary.largest_cluster = clustering.largest_cluster;
  summary.refused_edges = clustering.refused_edges;
  for (uint32_t size : cluster_size) summary.clusters_with_duplicates += size >= 2;
  summary.stages.push_back({"cluster", SecondsSince(stage_start)});

  stage_start = Clock::now();
  report("write", true);
  SHABIH_RETURN_IF_ERROR(
      WriteFile(fs::path(out_dir) / "clusters.jsonl", ClustersJsonl(index, clustering, perms, similarity)));
  summary.stages.push_back({"write", SecondsSince(stage_start)});
  if (!options.keep_dir.empty()) {
    stage_start = Clock::now();
    report("keep", true);
    absl::Status kept = WriteKept(inputs, options, clustering, &summary.kept_documents);
    if (!spool.empty()) {
      std::error_code ec;
      fs::remove_all(fs::path(spool).parent_path(), ec);
    }
    SHABIH_RETURN_IF_ERROR(kept);
    summary.stages.push_back({"keep", SecondsSince(stage_start)});
  }
  summary.index_bytes = index.MemoryBytes();
  summary.peak_rss_bytes = PeakRssBytes();
  summary.seconds = SecondsSince(start);
  SHABIH_RETURN_IF_ERROR(WriteFile(fs::path(out_dir) / "summary.json", SummaryJson(summary, options)));
  return summary;
}

}  // namespace shabih
