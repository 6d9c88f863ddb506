// `shabih explain RUN_DIR ID`: the evidence for one document of a dedup run:
// its cluster, canonical and the path of edges that joined it (from
// clusters.jsonl), and every candidate pair it was in, with the scores and
// the rule that accepted or refused the pair (from candidates.jsonl, whose
// verdicts the engine decided during the run; nothing is recomputed here).
// The thresholds quoted come from the run's summary.json.
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "shabih/version.h"
#include "tools/shabih/commands.h"

namespace shabih::cli {
namespace {
namespace fs = std::filesystem;

// One row of clusters.jsonl.
struct Row {
  std::string id, cluster, linked_via;
  bool canonical = true;
  double similarity = 1, link_jaccard = 1, link_containment = 1;
};

// One line of candidates.jsonl.
struct Candidate {
  std::string a, b, verdict, relation, canonical, far;
  double jaccard = 0, containment = 0, far_similarity = 0;
};

// The options of summary.json's params that the verdicts quote; a negative
// number where the summary is missing.
struct Params {
  std::string cluster_mode = "?", version = "an older version";
  double threshold = -1, containment = 0, link_threshold = -1;
  // --verify evidence (pair-rule-1): its two bars; evidence_min_jaccard < 0 without it.
  double evidence_min_jaccard = -1, evidence_rare_containment = -1;
};

std::string Str(simdjson::dom::element e, const char* key) {
  std::string_view value;
  return e[key].get(value) ? std::string() : std::string(value);
}
double Num(simdjson::dom::element e, const char* key, double fallback) {
  double value;
  return e[key].get(value) ? fallback : value;
}

// Calls `use` with each non-blank line of `path` parsed as JSON; DataLoss
// (exit 3) for a line that is not a JSON object: the run's files are
// shabih's own, so a bad line means a damaged file.
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

Params ReadParams(const fs::path& run) {
  Params p;
  simdjson::dom::parser parser;
  simdjson::dom::element summary;
  if (parser.load((run / "summary.json").string()).get(summary)) return p;
  p.version = Str(summary, "version");
  simdjson::dom::element params;
  if (summary["params"].get(params)) return p;
  p.cluster_mode = Str(params, "cluster_mode");
  p.threshold = Num(params, "threshold", -1);
  p.containment = Num(params, "containment", 0);
  p.link_threshold = Num(params, "link_threshold", -1);
  p.evidence_min_jaccard = Num(params, "evidence_min_jaccard", -1);
  p.evidence_rare_containment = Num(params, "evidence_rare_containment", -1);
  return p;
}

std::string F4(double value) { return value < 0 ? "?" : absl::StrFormat("%.4f", value); }

// Ids like `id`: those containing it, else its neighbours in sorted order.
std::string NearestIds(const std::vector<Row>& rows, const std::string& id) {
  std::vector<std::string> near;
  for (const Row& r : rows) {
    if (near.size() < 5 && absl::StrContains(r.id, id)) near.push_back(r.id);
  }
  if (near.empty()) {
    std::vector<std::string> ids;
    for (const Row& r : rows) ids.push_back(r.id);
    std::sort(ids.begin(), ids.end());
    const auto at = std::lower_bound(ids.begin(), ids.end(), id) - ids.begin();
    for (auto i = std::max<ptrdiff_t>(0, at - 2); i < std::min<ptrdiff_t>(ids.size(), at + 2); ++i) {
      near.push_back(ids[i]);
    }
  }
  std::string out;
  for (const std::string& n : near) absl::StrAppend(&out, out.empty() ? "" : ", ", "'", n, "'");
  return out;
}

// The rule behind one candidate's verdict, seen from document `self`.
std::string VerdictText(const Candidate& c, const std::string& self, const Row& row,
                        const std::unordered_map<std::string, size_t>& by_id, const std::vector<Row>& rows,
                        const Params& p) {
  const std::string& other = c.a == self ? c.b : c.a;
  const std::string rule = c.relation.empty() ? c.verdict : c.relation;
  std::string verified;
  if (rule == "near-duplicate") {
    verified = absl::StrCat("near-duplicate (jaccard >= threshold ", F4(p.threshold), ")");
  } else if ((rule == "a-contains-b" || rule == "b-contains-a") && p.evidence_min_jaccard >= 0) {
    verified = absl::StrCat("by containment (pair-rule-1): ", rule == "a-contains-b" ? c.a : c.b, " contains ",
                            rule == "a-contains-b" ? c.b : c.a, " (rare-word containment >= ",
                            F4(p.evidence_rare_containment), ", jaccard >= ", F4(p.evidence_min_jaccard),
                            " and < threshold ", F4(p.threshold), ")");
  } else if (rule == "a-contains-b" || rule == "b-contains-a") {
    verified = absl::StrCat("by containment: ", rule == "a-contains-b" ? c.a : c.b, " contains ",
                            rule == "a-contains-b" ? c.b : c.a, " (containment >= ", F4(p.containment),
                            ", jaccard < threshold ", F4(p.threshold), ")");
  } else if (rule == "same-story") {
    verified = absl::StrCat("as the same story by rare words (pair-rule-1: rare-word containment >= ",
                            F4(p.evidence_rare_containment), ", jaccard >= ", F4(p.evidence_min_jaccard),
                            " and < threshold ", F4(p.threshold), ")");
  }
  const auto it = by_id.find(other);
  const Row* other_row = it == by_id.end() ? nullptr : &rows[it->second];
  const bool together = other_row != nullptr && other_row->cluster == row.cluster;
  if (c.verdict == "below-threshold") {
    std::string text = absl::StrCat("below threshold: jaccard < ", F4(p.threshold));
    if (p.containment > 0) absl::StrAppend(&text, " and containment < ", F4(p.containment));
    if (together) absl::StrAppend(&text, "; in one cluster all the same, through other edges");
    return text;
  }
  if (c.verdict == "refused-too-far") {
    return absl::StrCat("verified ", verified, ", refused by the bounded clustering: the merge would have made ",
                        c.canonical, " the canonical, and ", c.far, " would have been ", F4(c.far_similarity),
                        " similar to it (< link_threshold ", F4(p.link_threshold), ")",
                        together ? "; the two joined one cluster later, through other edges"
                                 : absl::StrCat("; ", other, " is in cluster ",
                                                other_row ? other_row->cluster : std::string("?")));
  }
  if (c.verdict == "refused-other-star") {
    return absl::StrCat("verified ", verified, ", refused by the star clustering: ", self,
                        " is in the star of ", row.cluster, ", ", other, " in that of ",
                        other_row ? other_row->cluster : std::string("?"));
  }
  std::string text = absl::StrCat("accepted ", c.verdict == "near-duplicate" ? "as " : "", verified);
  if (!row.canonical && row.linked_via == other) {
    absl::StrAppend(&text, "; the edge that joined ", self, " to its cluster (linked_via)");
  } else if (other_row != nullptr && !other_row->canonical && other_row->linked_via == self) {
    absl::StrAppend(&text, "; the edge that joined ", other, " to the cluster (its linked_via)");
  } else if (together) {
    absl::StrAppend(&text, "; both were in one cluster already, through other edges");
  }
  return text;
}

// Why a member is in its cluster, in the run's clustering mode.
std::string ModeText(const Row& row, const Params& p) {
  if (p.cluster_mode == "bounded") {
    return absl::StrCat("bounded clustering: every member is at least link_threshold ", F4(p.link_threshold),
                        " similar to its canonical (this one: jaccard ", F4(row.similarity),
                        p.containment > 0 ? "; with --containment, containment in it counts too)"
                        : p.evidence_min_jaccard >= 0
                            ? "; with --verify evidence, a pair pair-rule-1 joins counts as link_threshold close)"
                            : ")");
  }
  if (p.cluster_mode == "star") return "star clustering: every member has a verified edge to the canonical";
  if (p.cluster_mode == "connected") {
    return "connected clustering: a chain of verified edges joins it to the canonical, however far apart they are";
  }
  return "";
}

void PrintCluster(const Row& row, const std::unordered_map<std::string, size_t>& by_id, const std::vector<Row>& rows,
                  const Params& p) {
  std::vector<const Row*> members;
  for (const Row& r : rows) {
    if (r.cluster == row.cluster) members.push_back(&r);
  }
  if (members.size() == 1) {
    std::printf("cluster:    %s (alone: no near-duplicate joined it)\n", row.cluster.c_str());
    return;
  }
  std::printf("cluster:    %s (%zu members)\n", row.cluster.c_str(), members.size());
  if (row.canonical) {
    std::printf("canonical:  yes (the longest main text of its cluster; ties go to the earliest)\n");
  } else {
    std::printf("canonical:  no; similarity to the canonical %s (estimated Jaccard; threshold %s)\n",
                F4(row.similarity).c_str(), F4(p.threshold).c_str());
    std::printf("linked_via: %s (jaccard %s, containment %s)\n", row.linked_via.c_str(),
                F4(row.link_jaccard).c_str(), F4(row.link_containment).c_str());
    std::string path = row.id;
    const Row* at = &row;
    for (size_t steps = 0; !at->canonical && steps < rows.size(); ++steps) {
      absl::StrAppend(&path, " -> ", at->linked_via, " (", F4(at->link_jaccard), ")");
      const auto next = by_id.find(at->linked_via);
      if (next == by_id.end()) break;
      at = &rows[next->second];
    }
    std::printf("path:       %s\n", path.c_str());
    const std::string mode = ModeText(row, p);
    if (!mode.empty()) std::printf("why:        %s\n", mode.c_str());
  }
  constexpr size_t kShown = 20;
  std::printf("members:\n");
  for (size_t i = 0; i < members.size() && i < kShown; ++i) {
    const Row& m = *members[i];
    if (m.canonical) {
      std::printf("  %s (canonical)\n", m.id.c_str());
    } else {
      std::printf("  %s similarity %s, via %s (jaccard %s)\n", m.id.c_str(), F4(m.similarity).c_str(),
                  m.linked_via.c_str(), F4(m.link_jaccard).c_str());
    }
  }
  if (members.size() > kShown) std::printf("  ... %zu more\n", members.size() - kShown);
}

absl::Status Explain(const std::string& run_dir, const std::string& id) {
  const fs::path run(run_dir);
  std::error_code ec;
  if (!fs::exists(run / "clusters.jsonl", ec)) {
    return absl::NotFoundError(
        absl::StrCat(run_dir, " has no clusters.jsonl: give the --out directory of a `shabih dedup` run"));
  }
  const Params params = ReadParams(run);
  if (!fs::exists(run / "candidates.jsonl", ec)) {
    return absl::NotFoundError(absl::StrCat(
        run_dir, " has no candidates.jsonl, the evidence explain reads: the run was made by shabih ",
        params.version.empty() ? "an older version" : params.version, ". Re-run `shabih dedup INPUT... --out ",
        run_dir, "` with shabih ", SHABIH_VERSION, " to record it"));
  }
  std::vector<Row> rows;
  std::unordered_map<std::string, size_t> by_id;  // first row of each id
  absl::Status status = ForEachJsonLine(run / "clusters.jsonl", [&](simdjson::dom::element e) {
    Row r;
    r.id = Str(e, "id");
    r.cluster = Str(e, "cluster");
    bool canonical = true;
    if (!e["canonical"].get(canonical)) r.canonical = canonical;
    r.similarity = Num(e, "similarity", 1);
    r.linked_via = Str(e, "linked_via");
    r.link_jaccard = Num(e, "link_jaccard", -1);
    r.link_containment = Num(e, "link_containment", -1);
    by_id.try_emplace(r.id, rows.size());
    rows.push_back(std::move(r));
  });
  if (!status.ok()) return status;
  const auto found = by_id.find(id);
  if (found == by_id.end()) {
    return absl::InvalidArgumentError(absl::StrCat("no document '", id, "' in ", (run / "clusters.jsonl").string(),
                                                   rows.empty() ? "" : "; nearest ids: ", NearestIds(rows, id)));
  }
  const Row& row = rows[found->second];
  std::vector<Candidate> candidates;
  status = ForEachJsonLine(run / "candidates.jsonl", [&](simdjson::dom::element e) {
    Candidate c;
    c.a = Str(e, "a");
    c.b = Str(e, "b");
    if (c.a != id && c.b != id) return;
    c.jaccard = Num(e, "jaccard", -1);
    c.containment = Num(e, "containment", -1);
    c.verdict = Str(e, "verdict");
    c.relation = Str(e, "relation");
    c.canonical = Str(e, "canonical");
    c.far = Str(e, "far");
    c.far_similarity = Num(e, "far_similarity", -1);
    candidates.push_back(std::move(c));
  });
  if (!status.ok()) return status;

  std::printf("document:   %s (line %zu of clusters.jsonl)\n", id.c_str(), found->second + 1);
  size_t same_id = 0;
  for (const Row& r : rows) same_id += r.id == id;
  if (same_id > 1) std::printf("note:       %zu documents have this id; this is the first\n", same_id);
  PrintCluster(row, by_id, rows, params);
  std::printf("candidates: %zu (run: threshold %s, containment %s, cluster %s%s)\n", candidates.size(),
              F4(params.threshold).c_str(), params.containment > 0 ? F4(params.containment).c_str() : "off",
              params.cluster_mode.c_str(),
              params.link_threshold >= 0 ? absl::StrCat(", link_threshold ", F4(params.link_threshold)).c_str() : "");
  for (const Candidate& c : candidates) {
    const std::string& other = c.a == id ? c.b : c.a;
    std::printf("  %s  jaccard %s  containment %s  %s\n", other.c_str(), F4(c.jaccard).c_str(),
                F4(c.containment).c_str(), VerdictText(c, id, row, by_id, rows, params).c_str());
  }
  if (candidates.empty()) {
    std::printf("  (none: no pair with this document passed the candidate search)\n");
  }
  return absl::OkStatus();
}

}  // namespace

void AddExplainCommand(CLI::App& app, int* exit_code) {
  struct Flags {
    std::string run_dir, id;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "explain", "Show why a document of a dedup run is in its cluster: its candidates, scores and verdicts");
  cmd->add_option("RUN_DIR", flags->run_dir, "The --out directory of a `shabih dedup` run")->required();
  cmd->add_option("ID", flags->id, "The document's id, as in clusters.jsonl")->required();
  cmd->callback([flags, exit_code] {
    const absl::Status status = Explain(flags->run_dir, flags->id);
    *exit_code = status.ok() ? kExitOk : ReportError("explain", status);
  });
}

}  // namespace shabih::cli
