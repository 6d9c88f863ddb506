// GatherReportData: the run's own files (summary.json, clusters.jsonl,
// candidates.jsonl), streamed, so a run of millions of documents costs a
// hash map of cluster sizes and the listed clusters' members, no more.
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/internal/output_dir.h"
#include "engine/internal/status_macros.h"
#include "tooling/report.h"
#include "tooling/report_internal.h"

namespace shabih {
namespace {
namespace fs = std::filesystem;
using report_internal::RunParams;
using report_internal::Thousands;

std::string Str(simdjson::dom::element e, const char* key) {
  std::string_view value;
  return e[key].get(value) ? std::string() : std::string(value);
}
double Num(simdjson::dom::element e, const char* key, double fallback) {
  double value;
  return e[key].get(value) ? fallback : value;
}
uint64_t Count(simdjson::dom::element e, const char* key) {
  int64_t value;
  return e[key].get(value) || value < 0 ? 0 : static_cast<uint64_t>(value);
}
std::vector<std::string> Strings(simdjson::dom::element e, const char* key) {
  std::vector<std::string> out;
  simdjson::dom::array array;
  if (e[key].get(array)) return out;
  for (simdjson::dom::element item : array) {
    std::string_view value;
    if (!item.get(value)) out.emplace_back(value);
  }
  return out;
}

// Calls `use` with each non-blank line of `path` parsed as a JSON object;
// DataLoss for a line that is not one (the run's files are shabih's own).
template <typename F>
absl::Status ForEachJsonLine(const fs::path& path, F&& use) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path.string()));
  simdjson::dom::parser parser;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    simdjson::dom::element e;
    if (parser.parse(line).get(e) || !e.is_object()) {
      return absl::DataLossError(absl::StrCat(path.string(), ":", number, ": not a JSON object"));
    }
    use(e);
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat("read error on ", path.string()));
  return absl::OkStatus();
}

absl::StatusOr<RunParams> ReadSummary(const fs::path& run, ReportData* data) {
  simdjson::dom::parser parser;
  simdjson::dom::element summary;
  if (parser.load((run / "summary.json").string()).get(summary) || !summary.is_object()) {
    return absl::DataLossError(absl::StrCat((run / "summary.json").string(), " is not a JSON object"));
  }
  data->version = Str(summary, "version");
  data->total_documents = Count(summary, "documents");
  data->total_clusters = Count(summary, "clusters");
  data->duplicates = Count(summary, "duplicates");
  data->clusters_with_duplicates = Count(summary, "clusters_with_duplicates");
  data->bytes = Count(summary, "bytes");
  data->stripped_bytes = Count(summary, "stripped_bytes");
  data->stripped_documents = Count(summary, "stripped_documents");
  data->candidate_pairs = Count(summary, "candidate_pairs");
  data->verified_edges = Count(summary, "verified_edges");
  data->refused_edges = Count(summary, "refused_edges");
  RunParams p;
  p.has_inputs = summary["inputs"].is_array();
  p.inputs = Strings(summary, "inputs");
  p.inputs_absolute = Strings(summary, "inputs_absolute");
  data->inputs = p.inputs;
  simdjson::dom::element params;
  if (summary["params"].get(params) || !params.is_object()) return p;
  bool flag;
  if (!params["strip"].get(flag)) p.strip = flag;
  if (!params["strip_crawl_stats"].get(flag)) p.strip_crawl_stats = flag;
  data->strip = p.strip;
  const std::string text_field = Str(params, "text_field");
  if (!text_field.empty()) p.read.text_field = text_field;
  const std::vector<std::string> id_fields = Strings(params, "id_fields");
  if (params["id_fields"].is_array()) p.read.id_fields = id_fields;
  const double max_bytes = Num(params, "max_document_bytes", -1);
  if (max_bytes > 0) p.read.max_document_bytes = static_cast<uint64_t>(max_bytes);
  auto folding = ParsePrefixFolding(Str(params, "prefix_folding"));
  if (folding.ok()) p.prefix_folding = *folding;

  // One line of the options that shaped the clusters.
  std::vector<std::string> parts;
  const std::string method = Str(params, "method");
  if (!method.empty()) parts.push_back(absl::StrCat("method ", method));
  if (Num(params, "threshold", -1) >= 0)
    parts.push_back(absl::StrFormat("threshold %.2f", Num(params, "threshold", 0)));
  if (Num(params, "shingle", -1) >= 0)
    parts.push_back(absl::StrFormat("shingle %.0f", Num(params, "shingle", 0)));
  const std::string mode = Str(params, "cluster_mode");
  if (!mode.empty()) {
    parts.push_back(
        absl::StrCat("cluster ", mode,
                     Num(params, "link_threshold", -1) >= 0
                         ? absl::StrFormat(" (link threshold %.2f)", Num(params, "link_threshold", 0))
                         : ""));
  }
  const double containment = Num(params, "containment", 0);
  parts.push_back(containment > 0 ? absl::StrFormat("containment %.2f", containment) : "containment off");
  parts.push_back(!p.strip              ? "strip off"
                  : p.strip_crawl_stats ? "strip on (site statistics)"
                                        : "strip on (single page)");
  if (Num(params, "common_min_documents", 0) > 0) {
    parts.push_back(
        absl::StrFormat("template-aware (common df %.0f)", Num(params, "common_min_documents", 0)));
  }
  data->params_text = absl::StrJoin(parts, " · ");
  return p;
}

// One row of clusters.jsonl, as the report keeps it.
struct Row {
  std::string id, cluster, linked_via;
  bool canonical = true;
  double similarity = 1, link_jaccard = -1, link_containment = -1;
};

Row ReadRow(simdjson::dom::element e) {
  Row r;
  r.id = Str(e, "id");
  r.cluster = Str(e, "cluster");
  bool canonical = true;
  if (!e["canonical"].get(canonical)) r.canonical = canonical;
  r.similarity = Num(e, "similarity", 1);
  r.linked_via = Str(e, "linked_via");
  r.link_jaccard = Num(e, "link_jaccard", -1);
  r.link_containment = Num(e, "link_containment", -1);
  return r;
}

Histogram SizeHistogram(const absl::flat_hash_map<std::string, std::pair<uint64_t, uint64_t>>& clusters) {
  // Bucket lower bounds; sizes grow roughly geometrically on real crawls.
  static constexpr uint64_t kBounds[] = {1, 2, 3, 4, 5, 10, 20, 50, 100, 1000};
  Histogram h;
  const size_t n = std::size(kBounds);
  h.counts.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const bool last = i + 1 == n;
    const uint64_t hi = last ? 0 : kBounds[i + 1] - 1;
    h.labels.push_back(last               ? absl::StrCat(kBounds[i], "+")
                       : hi == kBounds[i] ? absl::StrCat(kBounds[i])
                                          : absl::StrCat(kBounds[i], "–", hi));
  }
  for (const auto& [id, info] : clusters) {
    size_t bucket = 0;
    while (bucket + 1 < n && info.first >= kBounds[bucket + 1]) ++bucket;
    ++h.counts[bucket];
  }
  return h;
}

// Pass 1 over clusters.jsonl: sizes of all clusters, the similarity
// histogram; then the clusters to list. Pass 2: their members.
absl::Status ReadClusters(const fs::path& run, const ReportOptions& options, ReportData* data) {
  absl::flat_hash_map<std::string, std::pair<uint64_t, uint64_t>> sizes;  // cluster -> (size, first row)
  Histogram& similarity = data->similarity;
  similarity.counts.assign(20, 0);
  for (int i = 0; i < 20; ++i) similarity.labels.push_back(absl::StrFormat("%.2f", i * 0.05));
  uint64_t rows = 0;
  SHABIH_RETURN_IF_ERROR(ForEachJsonLine(run / "clusters.jsonl", [&](simdjson::dom::element e) {
    const std::string cluster = Str(e, "cluster");
    auto [it, inserted] = sizes.try_emplace(cluster, 0, rows);
    ++it->second.first;
    ++rows;
    bool canonical = true;
    if (!e["canonical"].get(canonical) && !canonical) {
      const double s = std::clamp(Num(e, "similarity", 1), 0.0, 1.0);
      ++similarity.counts[std::min<size_t>(19, static_cast<size_t>(s * 20))];
    }
  }));
  data->cluster_sizes = SizeHistogram(sizes);
  std::vector<std::pair<uint64_t, uint64_t>> order;  // (size, first row) of clusters with duplicates
  std::vector<std::string> ids;
  for (const auto& [id, info] : sizes) {
    if (info.first < 2) continue;
    order.push_back(info);
    ids.push_back(id);
  }
  std::vector<size_t> index(order.size());
  for (size_t i = 0; i < index.size(); ++i) index[i] = i;
  std::sort(index.begin(), index.end(), [&](size_t x, size_t y) {
    return order[x].first != order[y].first ? order[x].first > order[y].first
                                            : order[x].second < order[y].second;
  });
  if (index.size() > options.max_clusters) {
    data->notes.push_back(absl::StrCat("Clusters: the ", Thousands(options.max_clusters), " largest of ",
                                       Thousands(index.size()),
                                       " clusters with duplicates are listed (--clusters)."));
    index.resize(options.max_clusters);
  }
  absl::flat_hash_map<std::string, size_t> listed;  // cluster id -> index in data->clusters
  for (size_t i : index) {
    listed.emplace(ids[i], data->clusters.size());
    ReportCluster c;
    c.id = ids[i];
    c.size = order[i].first;
    data->clusters.push_back(std::move(c));
  }
  uint64_t omitted_members = 0;
  std::vector<std::vector<ReportMember>> others(data->clusters.size());
  SHABIH_RETURN_IF_ERROR(ForEachJsonLine(run / "clusters.jsonl", [&](simdjson::dom::element e) {
    const auto it = listed.find(Str(e, "cluster"));
    if (it == listed.end()) return;
    const Row r = ReadRow(e);
    ReportMember m;
    m.id = r.id;
    m.canonical = r.canonical;
    m.similarity = r.similarity;
    m.linked_via = r.linked_via;
    m.link_jaccard = r.link_jaccard;
    m.link_containment = r.link_containment;
    ReportCluster& c = data->clusters[it->second];
    if (m.canonical && (c.members.empty() || !c.members.front().canonical)) {
      c.members.insert(c.members.begin(), std::move(m));
    } else if (others[it->second].size() + 1 < options.max_members) {
      others[it->second].push_back(std::move(m));
    } else {
      ++omitted_members;
    }
  }));
  for (size_t i = 0; i < data->clusters.size(); ++i) {
    for (ReportMember& m : others[i]) data->clusters[i].members.push_back(std::move(m));
  }
  if (omitted_members > 0) {
    data->notes.push_back(absl::StrCat("Members: ", Thousands(omitted_members),
                                       " members of large clusters are not listed (at most ",
                                       options.max_members, " per cluster, --members)."));
  }
  if (data->total_documents == 0) data->total_documents = rows;
  return absl::OkStatus();
}

// The verdict of each listed member's linking edge, and the totals by verdict.
absl::Status ReadCandidates(const fs::path& run, ReportData* data) {
  std::error_code ec;
  if (!fs::exists(run / "candidates.jsonl", ec)) {
    data->notes.push_back(
        "Why linked: the run has no candidates.jsonl (made by an older shabih), so edge verdicts are "
        "missing.");
    return absl::OkStatus();
  }
  absl::flat_hash_map<std::string, ReportMember*> edges;  // "a\0b" -> member
  for (ReportCluster& c : data->clusters) {
    for (ReportMember& m : c.members) {
      if (m.canonical || m.linked_via.empty()) continue;
      edges.emplace(absl::StrCat(m.id, absl::string_view("\0", 1), m.linked_via), &m);
      edges.emplace(absl::StrCat(m.linked_via, absl::string_view("\0", 1), m.id), &m);
    }
  }
  std::map<std::string, uint64_t> verdicts;
  SHABIH_RETURN_IF_ERROR(ForEachJsonLine(run / "candidates.jsonl", [&](simdjson::dom::element e) {
    const std::string verdict = Str(e, "verdict");
    ++verdicts[verdict];
    if (edges.empty()) return;
    const auto it = edges.find(absl::StrCat(Str(e, "a"), absl::string_view("\0", 1), Str(e, "b")));
    if (it == edges.end()) return;
    const std::string relation = Str(e, "relation");
    it->second->relation = relation.empty() ? verdict : relation;
  }));
  for (const auto& [verdict, n] : verdicts) data->candidates_by_verdict.emplace_back(verdict, n);
  std::stable_sort(data->candidates_by_verdict.begin(), data->candidates_by_verdict.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  return absl::OkStatus();
}

}  // namespace

namespace report_internal {
std::string Thousands(uint64_t n) {
  std::string digits = absl::StrCat(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}
}  // namespace report_internal

absl::StatusOr<ReportData> GatherReportData(const std::string& run_dir, const ReportOptions& options) {
  const fs::path run(run_dir);
  std::error_code ec;
  for (const char* file : {"clusters.jsonl", "summary.json"}) {
    if (!fs::exists(run / file, ec)) {
      return absl::NotFoundError(
          absl::StrCat(run_dir, " has no ", file, ": give the --out directory of a `shabih dedup` run"));
    }
  }
  ReportData data;
  data.run_dir = run_dir;
  SHABIH_ASSIGN_OR_RETURN(RunParams params, ReadSummary(run, &data));
  if (!options.inputs.empty()) {
    params.has_inputs = true;
    params.inputs = options.inputs;
    params.inputs_absolute.clear();
    data.inputs = options.inputs;
  }
  SHABIH_RETURN_IF_ERROR(ReadClusters(run, options, &data));
  SHABIH_RETURN_IF_ERROR(ReadCandidates(run, &data));
  if (options.read_texts) SHABIH_RETURN_IF_ERROR(report_internal::AddTexts(params, options, &data));
  return data;
}

absl::StatusOr<uint64_t> WriteReport(const std::string& run_dir, const std::string& out_file,
                                     const ReportOptions& options) {
  SHABIH_ASSIGN_OR_RETURN(const ReportData data, GatherReportData(run_dir, options));
  const std::string html = RenderReportHtml(data);
  const fs::path out(out_file);
  std::error_code ec;
  const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  if (fs::equivalent(parent, run_dir, ec) && fs::exists(fs::path(run_dir) / internal::kRunMarker, ec)) {
    SHABIH_RETURN_IF_ERROR(internal::AddFileToRun(run_dir, out.filename().string(), html));
  } else {
    if (!fs::is_directory(parent, ec)) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot write ", out_file, ": no directory ", parent.string()));
    }
    SHABIH_RETURN_IF_ERROR(internal::WriteFileAtomically(out, html));
  }
  return html.size();
}

}  // namespace shabih
