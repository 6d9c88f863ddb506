#include "engine/internal/dedup_output.h"

#include "engine/internal/evidence.h"

#include <algorithm>
#include <filesystem>
#include <memory>

#include <zlib.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/pipeline_util.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/template_prior.h"
#include "shabih/version.h"

namespace shabih::internal {
namespace fs = std::filesystem;

std::string ClustersJsonl(absl::Span<const ClusterRecord> records) {
  std::string out;
  out.reserve(records.size() * 80);
  for (const ClusterRecord& r : records) {
    JsonObjectWriter w(&out);
    w.String("id", r.id);
    w.String("cluster", r.cluster);
    w.Bool("canonical", r.canonical);
    w.Double("similarity", r.similarity);
    if (!r.canonical) {  // canonical rows keep the shared contract's four fields only
      w.String("linked_via", r.linked_via);
      w.Double("link_jaccard", r.link_jaccard).Double("link_containment", r.link_containment);
    }
    if (!r.cluster_run.empty()) w.String("cluster_run", r.cluster_run);
    w.Close();
    out.push_back('\n');
  }
  return out;
}

std::string CandidatesJsonl(absl::Span<const CandidateRecord> candidates, absl::Span<const ClusterRecord> records) {
  return CandidatesJsonl(candidates, records.size(), [&](uint32_t d) -> std::string { return records[d].id; });
}

std::string CandidatesJsonl(absl::Span<const CandidateRecord> candidates, uint64_t documents,
                            const std::function<std::string(uint32_t)>& id_of) {
  std::string out;
  out.reserve(candidates.size() * 120);
  for (const CandidateRecord& c : candidates) {
    if (c.a >= documents || c.b >= documents) continue;  // not this run's documents
    JsonObjectWriter w(&out);
    w.String("a", id_of(c.a)).String("b", id_of(c.b));
    w.Double("jaccard", c.jaccard).Double("containment", c.containment);
    if (c.has_evidence()) w.Double("rare_containment", c.rare_containment());
    w.String("verdict", CandidateVerdictName(c.verdict, c.a_contains_b));
    const bool refused =
        c.verdict == CandidateVerdict::kRefusedTooFar || c.verdict == CandidateVerdict::kRefusedOtherStar;
    if (refused) {  // the rule that had verified the edge
      const CandidateVerdict by = (c.evidence & CandidateRecord::kSameStoryBit) ? CandidateVerdict::kSameStory
                                  : c.by_containment                             ? CandidateVerdict::kContainment
                                                                                 : CandidateVerdict::kNearDuplicate;
      w.String("relation", CandidateVerdictName(by, c.a_contains_b));
    }
    if (c.verdict == CandidateVerdict::kRefusedTooFar && c.would_be_canonical < documents && c.far < documents) {
      w.String("canonical", id_of(c.would_be_canonical)).String("far", id_of(c.far));
      w.Double("far_similarity", c.far_similarity);
    }
    w.Close();
    out.push_back('\n');
  }
  return out;
}

std::string PairsJsonl(absl::Span<const VerifiedPair> pairs) {
  std::string out;
  out.reserve(pairs.size() * 120);
  for (const VerifiedPair& p : pairs) {
    JsonObjectWriter w(&out);
    w.String("a", p.a_id).String("b", p.b_id);
    w.Double("jaccard", p.jaccard).Double("containment", p.containment);
    if (p.rare_containment >= 0) w.Double("rare_containment", p.rare_containment);
    w.String("relation", p.relation);
    w.Close();
    out.push_back('\n');
  }
  return out;
}

namespace {

// A JSON array of strings.
std::string JsonStrings(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out.push_back(',');
    AppendJsonString(values[i], &out);
  }
  out.push_back(']');
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
  if (o.verify == VerifyMode::kEvidence) {  // absent with the default, so older params stay as they were
    const LshParams extra = internal::EvidenceLshParams(o);
    w.String("verify", VerifyModeName(o.verify)).String("evidence_rule", internal::kEvidenceRuleVersion);
    w.Double("evidence_min_jaccard", o.evidence_min_jaccard);
    w.Double("evidence_rare_containment", o.evidence_rare_containment);
    w.Double("evidence_rare_fraction", o.evidence_rare_fraction, 6);
    w.Double("evidence_rare_min_documents", o.evidence_rare_min_documents);
    w.Double("evidence_word_sample_rate", o.evidence_word_sample_rate);
    w.Int("evidence_bands", extra.bands).Int("evidence_rows", extra.rows);
  }
  w.Uint("seed", o.minhash.seed);
  w.String("normalization", kNormalizationVersion);
  w.String("prefix_folding", PrefixFoldingName(o.normalizer.prefix_folding));
  w.String("cluster_mode", ClusterModeName(o.cluster_mode));
  if (o.cluster_mode == ClusterMode::kBounded) w.Double("link_threshold", o.link_threshold);
  w.Int("max_bucket", o.lsh.max_bucket);
  w.Double("common_min_documents", o.common_min_documents);
  if (o.common_min_documents > 0) {
    w.Double("common_fraction", o.common_fraction, 6);
    w.Double("common_relative", o.common_relative, 6);
    w.String("template_prior", TemplatePriorId(o));
    w.Double("document_frequency_sample", o.document_frequency.sample_rate);
  }
  w.Bool("strip", o.strip);
  if (o.strip) w.Bool("strip_crawl_stats", o.strip_crawl_stats);
  w.String("text_field", o.read.text_field);
  w.Raw("id_fields", JsonStrings(o.read.id_fields));
  w.Int("max_document_bytes", static_cast<int64_t>(o.read.max_document_bytes));
  w.Close();
  return out;
}

}  // namespace

std::string SummaryJson(const DedupSummary& s, const DedupOptions& o, const std::vector<std::string>& inputs) {
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
  if (o.verify == VerifyMode::kEvidence) w.Int("same_story_edges", static_cast<int64_t>(s.same_story_edges));
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
  if (s.memory_budget_bytes > 0) w.Uint("memory_budget_bytes", s.memory_budget_bytes);
  if (s.index.used) {
    std::string index;
    JsonObjectWriter iw(&index);
    iw.String("path", o.index_dir).String("run", s.index.run);
    iw.Uint("known_documents", s.index.known_documents).Uint("new_versions", s.index.new_versions);
    iw.Uint("documents_before", s.index.documents_before).Uint("documents_after", s.index.documents_after);
    iw.Uint("runs", s.index.runs).Uint("bytes", s.index.bytes);
    iw.Close();
    w.Raw("index", index);
  }
  w.Raw("params", ParamsJson(o, s.lsh_params));
  if (!inputs.empty()) {
    std::vector<std::string> absolute;
    for (const std::string& input : inputs) {
      std::error_code ec;
      const fs::path path = input == "-" ? fs::path(input) : fs::absolute(input, ec);
      absolute.push_back(ec ? input : path.lexically_normal().string());
    }
    w.Raw("inputs", JsonStrings(inputs));
    w.Raw("inputs_absolute", JsonStrings(absolute));
  }
  w.String("version", SHABIH_VERSION);
  w.Close();
  out.push_back('\n');
  return out;
}

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

namespace {

// The open JSONL outputs of --keep, closed on every path (an early error
// return included) when the set goes out of scope.
class KeepFiles {
 public:
  explicit KeepFiles(OutputDir* keep) : keep_(keep) {}
  ~KeepFiles() { (void)CloseAll(); }
  // The output for `source`, opened on first use under its temporary name.
  absl::StatusOr<gzFile> Get(uint32_t source, const std::string& relative, bool gzip) {
    auto [it, inserted] = files_.try_emplace(source, nullptr);
    if (inserted) {
      SHABIH_ASSIGN_OR_RETURN(const fs::path temp, keep_->TempPath(relative));
      it->second = gzopen(temp.c_str(), gzip ? "wb6" : "wbT");
      if (it->second == nullptr) return absl::PermissionDeniedError(absl::StrCat("cannot write ", temp.string()));
    }
    return it->second;
  }
  absl::Status CloseAll() {
    absl::Status status;
    for (auto& [source, file] : files_) {
      if (file != nullptr && gzclose(file) != Z_OK && status.ok()) {
        status = absl::DataLossError("error while closing a --keep output file");
      }
      file = nullptr;
    }
    files_.clear();
    return status;
  }

 private:
  OutputDir* keep_;
  absl::flat_hash_map<uint32_t, gzFile> files_;
};

}  // namespace

absl::Status WriteKept(const std::vector<std::string>& inputs, const DedupOptions& options,
                       absl::Span<const ClusterRecord> records, OutputDir* keep, uint64_t* kept) {
  ReadOptions read = options.read;
  read.keep_raw = true;
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, read));
  KeepFiles files(keep);
  Document doc;
  while (reader->Next(&doc)) {
    if (options.cancel != nullptr && options.cancel->load()) return absl::CancelledError("cancelled");
    if (doc.ordinal >= records.size() || !records[doc.ordinal].canonical) continue;
    const Source& source = reader->sources()[doc.source];
    if (source.kind == Source::Kind::kText || source.kind == Source::Kind::kHtml) {
      SHABIH_RETURN_IF_ERROR(keep->WriteFile(source.relative, doc.text));
    } else {
      SHABIH_ASSIGN_OR_RETURN(gzFile file, files.Get(doc.source, source.relative, source.gzip));
      doc.raw.push_back('\n');
      if (gzwrite(file, doc.raw.data(), static_cast<unsigned>(doc.raw.size())) <= 0) {
        return absl::DataLossError(absl::StrCat("error while writing ", (keep->path() / source.relative).string()));
      }
    }
    ++*kept;
  }
  return files.CloseAll();
}

}  // namespace shabih::internal
