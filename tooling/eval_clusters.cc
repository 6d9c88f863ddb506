// Cluster scoring. Documents and clusters are interned to dense integers as
// they are read, so the scores come from a contingency table of cluster
// sizes (one hash-map cell per non-empty (predicted, gold) pair), in time
// and memory linear in the input, never by enumerating pairs.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tooling/eval.h"
#include "tooling/eval_coverage.h"
#include "tooling/eval_readers.h"
#include "tooling/eval_util.h"

namespace shabih {
namespace eval {
namespace {

uint64_t Key(uint32_t p, uint32_t g) { return (static_cast<uint64_t>(p) << 32) | g; }

// "singleton", "singleton (near-miss weather)": hand-kept golds such as
// corpus/expected_clusters.tsv label every lone document so; read as one
// shared label, all of them would form a single large gold cluster.
bool IsSingletonLabel(absl::string_view cluster) {
  if (!absl::StartsWith(cluster, "singleton")) return false;
  const absl::string_view rest = cluster.substr(9);
  return rest.empty() || rest.front() == ' ' || rest.front() == '(';
}

// Cluster sizes and per-cluster pair counts of one side of the table.
struct Margin {
  std::vector<int64_t> size;   // Documents per cluster.
  std::vector<int64_t> same;   // Pairs also in one cluster of the other side.
  std::vector<int64_t> parts;  // Clusters of the other side it spans.
};

class ClusterScorer {
 public:
  ClusterEvalResult& result() { return result_; }

  void AddGold(absl::string_view id, absl::string_view cluster, absl::string_view kind) {
    const uint32_t doc = Doc(id);
    if (gold_[doc] != kNone) {
      ++result_.duplicate_gold;
      return;
    }
    gold_[doc] = IsSingletonLabel(cluster) ? gold_names_.AddUnique(cluster) : gold_names_.Intern(cluster);
    if (!kind.empty()) {
      kind_[doc] = kinds_.Intern(kind);
      has_kinds_ = true;
    }
  }

  void AddPredicted(absl::string_view id, absl::string_view cluster) {
    const uint32_t doc = Doc(id);
    if (predicted_[doc] != kNone) {
      ++result_.duplicate_predicted;
      return;
    }
    predicted_[doc] = predicted_names_.Intern(cluster);
  }

  ClusterEvalResult Finish(const ClusterEvalOptions& options);

 private:
  uint32_t Doc(absl::string_view id) {
    auto [it, inserted] = doc_index_.try_emplace(id, static_cast<uint32_t>(ids_.size()));
    if (inserted) {
      ids_.emplace_back(id);
      gold_.push_back(kNone);
      predicted_.push_back(kNone);
      kind_.push_back(kNone);
    }
    return it->second;
  }

  // Fills cells_, table_, rows_ and cols_ over the documents in both files.
  void BuildTable();
  void ScoreByKind();
  std::vector<ClusterError> WorstErrors(const Margin& margin, const Interner& names, bool by_predicted,
                                        const ClusterEvalOptions& options) const;
  // The sample ids of the listed parts, smallest first.
  void FillSampleIds(const absl::flat_hash_map<uint64_t, std::pair<size_t, size_t>>& shown,
                     const ClusterEvalOptions& options, std::vector<ClusterError>* out) const;

  ClusterEvalResult result_;
  absl::flat_hash_map<std::string, uint32_t> doc_index_;
  std::vector<std::string> ids_;
  std::vector<uint32_t> gold_, predicted_, kind_;
  Interner gold_names_, predicted_names_, kinds_;
  bool has_kinds_ = false;

  absl::flat_hash_map<uint64_t, int64_t> cells_;
  std::vector<ContingencyCell> table_;
  Margin rows_, cols_;  // Predicted clusters, gold clusters.
};

void ClusterScorer::BuildTable() {
  ClusterEvalResult& r = result_;
  rows_.size.assign(predicted_names_.size(), 0);
  cols_.size.assign(gold_names_.size(), 0);
  for (size_t d = 0; d < ids_.size(); ++d) {
    const uint32_t p = predicted_[d], g = gold_[d];
    if (p == kNone) {
      ++r.only_gold;
      AddExample(ids_[d], &r.only_gold_examples);
      continue;
    }
    if (g == kNone) {
      ++r.only_predicted;
      AddExample(ids_[d], &r.only_predicted_examples);
      continue;
    }
    ++cells_[Key(p, g)];
    ++rows_.size[p];
    ++cols_.size[g];
  }
  for (int64_t n : rows_.size) r.predicted_clusters += n > 0;
  for (int64_t n : cols_.size) r.gold_clusters += n > 0;
  table_.reserve(cells_.size());
  for (const auto& [key, count] : cells_) {
    table_.push_back({static_cast<int64_t>(key >> 32), static_cast<int64_t>(key & 0xFFFFFFFFu), count});
  }
  // A predicted cluster's false pairs are its pairs minus those inside one
  // gold cluster; a gold cluster's missed pairs likewise.
  rows_.same.assign(rows_.size.size(), 0);
  rows_.parts.assign(rows_.size.size(), 0);
  cols_.same.assign(cols_.size.size(), 0);
  cols_.parts.assign(cols_.size.size(), 0);
  for (const ContingencyCell& c : table_) {
    rows_.same[c.predicted] += Choose2(c.count);
    cols_.same[c.gold] += Choose2(c.count);
    ++rows_.parts[c.predicted];
    ++cols_.parts[c.gold];
  }
}

void ClusterScorer::ScoreByKind() {
  std::vector<KindScores> by_kind(kinds_.size());
  for (size_t d = 0; d < ids_.size(); ++d) {
    const uint32_t p = predicted_[d], g = gold_[d];
    if (p == kNone || g == kNone || kind_[d] == kNone) continue;
    KindScores& k = by_kind[kind_[d]];
    const int64_t both = cells_[Key(p, g)];
    ++k.documents;
    k.gold_pairs += cols_.size[g] - 1;
    k.found_pairs += both - 1;
    k.predicted_pairs += rows_.size[p] - 1;
    k.false_pairs += rows_.size[p] - both;
  }
  for (uint32_t k = 0; k < by_kind.size(); ++k) {
    KindScores& s = by_kind[k];
    s.kind = kinds_.Name(k);
    s.recall = Ratio(s.found_pairs, s.gold_pairs, 1.0);
    s.precision = Ratio(s.predicted_pairs - s.false_pairs, s.predicted_pairs, 1.0);
    if (s.documents > 0) result_.by_kind.push_back(std::move(s));
  }
  std::sort(result_.by_kind.begin(), result_.by_kind.end(),
            [](const KindScores& a, const KindScores& b) { return a.kind < b.kind; });
}

ClusterEvalResult ClusterScorer::Finish(const ClusterEvalOptions& options) {
  BuildTable();
  result_.scores = ScoreContingency(table_);
  result_.worst_false_merges = WorstErrors(rows_, predicted_names_, /*by_predicted=*/true, options);
  result_.worst_misses = WorstErrors(cols_, gold_names_, /*by_predicted=*/false, options);
  if (has_kinds_) ScoreByKind();
  return std::move(result_);
}

std::vector<ClusterError> ClusterScorer::WorstErrors(const Margin& margin, const Interner& names,
                                                     bool by_predicted,
                                                     const ClusterEvalOptions& options) const {
  std::vector<uint32_t> bad;
  for (uint32_t c = 0; c < margin.size.size(); ++c) {
    if (margin.parts[c] > 1) bad.push_back(c);
  }
  auto wrong = [&](uint32_t c) { return Choose2(margin.size[c]) - margin.same[c]; };
  // Singleton labels repeat across clusters: the index breaks their ties.
  std::sort(bad.begin(), bad.end(), [&](uint32_t a, uint32_t b) {
    if (wrong(a) != wrong(b)) return wrong(a) > wrong(b);
    if (names.Name(a) != names.Name(b)) return names.Name(a) < names.Name(b);
    return a < b;
  });
  if (static_cast<int64_t>(bad.size()) > std::max(0, options.worst)) bad.resize(std::max(0, options.worst));

  const Interner& other_names = by_predicted ? gold_names_ : predicted_names_;
  std::vector<ClusterError> out;
  // (cluster, other) cells to show, keyed as in the contingency table.
  absl::flat_hash_map<uint64_t, std::pair<size_t, size_t>> shown;  // -> (error, part)
  for (uint32_t c : bad) {
    ClusterError e;
    e.cluster = names.Name(c);
    e.size = margin.size[c];
    e.parts = margin.parts[c];
    e.wrong_pairs = wrong(c);
    // The table scan is O(table) per listed cluster; `worst` is small.
    std::vector<std::pair<int64_t, uint32_t>> cells;  // (count, other)
    for (const ContingencyCell& cell : table_) {
      const int64_t mine = by_predicted ? cell.predicted : cell.gold;
      if (mine == static_cast<int64_t>(c))
        cells.push_back({cell.count, static_cast<uint32_t>(by_predicted ? cell.gold : cell.predicted)});
    }
    std::sort(cells.begin(), cells.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first > b.first;
      if (other_names.Name(a.second) != other_names.Name(b.second))
        return other_names.Name(a.second) < other_names.Name(b.second);
      return a.second < b.second;
    });
    for (size_t i = 0; i < cells.size() && static_cast<int>(i) < std::max(0, options.parts); ++i) {
      e.largest_parts.push_back({other_names.Name(cells[i].second), cells[i].first, {}});
      const uint64_t key = by_predicted ? Key(c, cells[i].second) : Key(cells[i].second, c);
      shown[key] = {out.size(), i};
    }
    out.push_back(std::move(e));
  }
  if (!shown.empty()) FillSampleIds(shown, options, &out);
  return out;
}

void ClusterScorer::FillSampleIds(const absl::flat_hash_map<uint64_t, std::pair<size_t, size_t>>& shown,
                                  const ClusterEvalOptions& options, std::vector<ClusterError>* out) const {
  for (size_t d = 0; d < ids_.size(); ++d) {
    if (predicted_[d] == kNone || gold_[d] == kNone) continue;
    auto it = shown.find(Key(predicted_[d], gold_[d]));
    if (it == shown.end()) continue;
    (*out)[it->second.first].largest_parts[it->second.second].sample_ids.push_back(ids_[d]);
  }
  for (ClusterError& e : *out) {
    for (ClusterPart& part : e.largest_parts) {
      std::sort(part.sample_ids.begin(), part.sample_ids.end());
      if (static_cast<int>(part.sample_ids.size()) > std::max(0, options.ids_per_part)) {
        part.sample_ids.resize(std::max(0, options.ids_per_part));
      }
    }
  }
}

absl::Status CheckClusterCoverage(const ClusterEvalResult& r, const ClusterEvalOptions& options,
                                  const std::string& predicted_name, const std::string& gold_name) {
  const SideCoverage predicted{predicted_name,         r.predicted_lines, r.malformed_predicted,
                               r.first_malformed_predicted_line, r.only_predicted, r.only_predicted_examples};
  const SideCoverage gold{gold_name,         r.gold_lines, r.malformed_gold, r.first_malformed_gold_line,
                          r.only_gold, r.only_gold_examples};
  return CheckCoverage(kClusterCoverage, r.scores.documents, options.max_skipped_fraction, predicted, gold);
}

}  // namespace
}  // namespace eval

PairScores ScoreContingency(absl::Span<const ContingencyCell> cells) {
  absl::flat_hash_map<std::pair<int64_t, int64_t>, int64_t> merged;
  absl::flat_hash_map<int64_t, int64_t> rows, cols;
  PairScores s;
  for (const ContingencyCell& c : cells) {
    if (c.count <= 0) continue;
    merged[{c.predicted, c.gold}] += c.count;
    rows[c.predicted] += c.count;
    cols[c.gold] += c.count;
    s.documents += c.count;
  }
  for (const auto& [key, n] : merged) s.true_pairs += eval::Choose2(n);
  for (const auto& [key, n] : rows) s.predicted_pairs += eval::Choose2(n);
  for (const auto& [key, n] : cols) s.gold_pairs += eval::Choose2(n);
  s.precision = eval::Ratio(s.true_pairs, s.predicted_pairs, 1.0);
  s.recall = eval::Ratio(s.true_pairs, s.gold_pairs, 1.0);
  s.f1 = eval::F1(s.precision, s.recall);
  const long double all = static_cast<long double>(eval::Choose2(s.documents));
  if (all == 0) {
    s.adjusted_rand_index = 1.0;
  } else {
    const long double a = s.predicted_pairs, b = s.gold_pairs;
    const long double expected = a * b / all;
    const long double max_index = (a + b) / 2;
    const long double denominator = max_index - expected;
    s.adjusted_rand_index =
        denominator == 0 ? 1.0 : static_cast<double>((s.true_pairs - expected) / denominator);
  }
  return s;
}

absl::StatusOr<ClusterEvalResult> EvaluateClusters(absl::Span<const ClusterLabel> predicted,
                                                   absl::Span<const ClusterLabel> gold,
                                                   const ClusterEvalOptions& options) {
  eval::ClusterScorer scorer;
  for (const ClusterLabel& g : gold) {
    ++scorer.result().gold_lines;
    scorer.AddGold(g.id, g.cluster, g.kind);
  }
  for (const ClusterLabel& p : predicted) {
    ++scorer.result().predicted_lines;
    scorer.AddPredicted(p.id, p.cluster);
  }
  ClusterEvalResult result = scorer.Finish(options);
  if (absl::Status s = eval::CheckClusterCoverage(result, options, "predicted labels", "gold labels"); !s.ok()) {
    return s;
  }
  return result;
}

absl::StatusOr<ClusterEvalResult> EvaluateClusterFiles(const std::string& predicted_path,
                                                       const std::string& gold_path,
                                                       const ClusterEvalOptions& options) {
  eval::ClusterScorer scorer;
  ClusterEvalResult& r = scorer.result();
  eval::LabelFileStats gold, predicted;
  absl::Status status = eval::ReadClusterLabels(
      gold_path, /*with_kind=*/true, &gold,
      [&](const std::string& id, const std::string& cluster, const std::string& kind) {
        scorer.AddGold(id, cluster, kind);
      });
  if (!status.ok()) return status;
  status = eval::ReadClusterLabels(
      predicted_path, /*with_kind=*/false, &predicted,
      [&](const std::string& id, const std::string& cluster, const std::string&) { scorer.AddPredicted(id, cluster); });
  if (!status.ok()) return status;
  r.gold_lines = gold.records;
  r.malformed_gold = gold.malformed;
  r.first_malformed_gold_line = gold.first_malformed_line;
  r.predicted_lines = predicted.records;
  r.malformed_predicted = predicted.malformed;
  r.first_malformed_predicted_line = predicted.first_malformed_line;
  ClusterEvalResult result = scorer.Finish(options);
  if (absl::Status s = eval::CheckClusterCoverage(result, options, absl::StrCat("predicted ", predicted_path),
                                                  absl::StrCat("gold ", gold_path));
      !s.ok()) {
    return s;
  }
  return result;
}

}  // namespace shabih
