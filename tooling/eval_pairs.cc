// Judged-pair scoring. Each scored dup or not pair is one outcome (true or
// false positive or negative); the point scores count them, and the bootstrap
// redraws the outcomes with replacement. Partial pairs are counted apart and
// never enter precision or recall: readers could not call them one story or
// two, so either answer of the engine is defensible.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/internal/json_writer.h"
#include "tooling/eval.h"
#include "tooling/eval_readers.h"
#include "tooling/eval_util.h"

namespace shabih {
namespace eval {
namespace {

enum Outcome : uint8_t { kTruePositive, kFalsePositive, kFalseNegative, kTrueNegative };

BinaryScores Score(const int64_t (&counts)[4]) {
  BinaryScores s;
  s.true_positive = counts[kTruePositive];
  s.false_positive = counts[kFalsePositive];
  s.false_negative = counts[kFalseNegative];
  s.true_negative = counts[kTrueNegative];
  s.precision = Ratio(s.true_positive, s.true_positive + s.false_positive, 1.0);
  s.recall = Ratio(s.true_positive, s.true_positive + s.false_negative, 1.0);
  s.f1 = F1(s.precision, s.recall);
  return s;
}

// The q-quantile of sorted values by the nearest-rank rule: the
// ceil(q * n)-th smallest, so 2.5 % of 1000 is the 25th.
double NearestRank(const std::vector<double>& sorted, double q) {
  const auto n = static_cast<int64_t>(sorted.size());
  const int64_t rank = std::clamp<int64_t>(static_cast<int64_t>(std::ceil(q * static_cast<double>(n))), 1, n);
  return sorted[rank - 1];
}

// Percentile intervals of P, R and F1 over `resamples` redraws of the
// outcomes. std::mt19937_64 is fully specified by the standard and the index
// is taken by a multiply-shift (not a library distribution, whose algorithm
// differs between standard libraries), so a seed gives the same intervals
// everywhere.
void Bootstrap(const std::vector<Outcome>& outcomes, int resamples, uint64_t seed, PairEvalResult* r) {
  r->bootstrap = std::max(0, resamples);
  r->seed = seed;
  if (r->bootstrap == 0 || outcomes.empty()) return;
  std::mt19937_64 rng(seed);
  const auto n = static_cast<unsigned __int128>(outcomes.size());
  std::vector<double> p, rc, f;
  p.reserve(r->bootstrap);
  rc.reserve(r->bootstrap);
  f.reserve(r->bootstrap);
  for (int b = 0; b < r->bootstrap; ++b) {
    int64_t counts[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < outcomes.size(); ++i) {
      ++counts[outcomes[static_cast<size_t>((rng() * n) >> 64)]];
    }
    const BinaryScores s = Score(counts);
    p.push_back(s.precision);
    rc.push_back(s.recall);
    f.push_back(s.f1);
  }
  for (auto* v : {&p, &rc, &f}) std::sort(v->begin(), v->end());
  r->precision_ci = {NearestRank(p, 0.025), NearestRank(p, 0.975)};
  r->recall_ci = {NearestRank(rc, 0.025), NearestRank(rc, 0.975)};
  r->f1_ci = {NearestRank(f, 0.025), NearestRank(f, 0.975)};
}

// Rejects a pair of a document with itself and a pair judged twice (in
// either order); `where` prefixes the message ("FILE:LINE: " or "").
class PairChecker {
 public:
  absl::Status Check(const std::string& a, const std::string& b, const std::string& where, int64_t line) {
    if (a == b) return absl::InvalidArgumentError(absl::StrCat(where, "a pair of \"", a, "\" with itself"));
    std::pair<std::string, std::string> key = a < b ? std::make_pair(a, b) : std::make_pair(b, a);
    auto [it, inserted] = seen_.try_emplace(std::move(key), line);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(where, "the pair \"", a, "\", \"", b, "\" is judged twice",
                                                     line > 0 ? absl::StrCat(" (first at line ", it->second, ")")
                                                              : std::string()));
    }
    return absl::OkStatus();
  }

 private:
  absl::flat_hash_map<std::pair<std::string, std::string>, int64_t> seen_;
};

StratumPairScores& StratumOf(const std::string& name, absl::flat_hash_map<std::string, size_t>* index,
                             std::vector<StratumPairScores>* strata) {
  auto [it, inserted] = index->try_emplace(name, strata->size());
  if (inserted) strata->push_back(StratumPairScores{.stratum = name});
  return (*strata)[it->second];
}

absl::Status CheckCoverage(const PairEvalResult& r, const PairEvalOptions& options) {
  const int64_t scored = r.scores.true_positive + r.scores.false_positive + r.scores.false_negative +
                         r.scores.true_negative;
  const bool too_many = static_cast<double>(r.missing) > options.max_missing_fraction * static_cast<double>(r.pairs);
  if (scored > 0 && !too_many) return absl::OkStatus();
  if (r.missing == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the ", r.pairs, " judged pairs hold no dup or not pair: nothing to score"));
  }
  std::string examples;
  for (const std::string& id : r.missing_examples) absl::StrAppend(&examples, examples.empty() ? "" : ", ", "\"", id, "\"");
  return absl::FailedPreconditionError(absl::StrCat(
      scored == 0 ? "no dup or not pair could be scored" : "too few judged pairs scored to trust", ": ", r.missing,
      " of ", r.pairs, " pairs have an id the clusters file lacks",
      examples.empty() ? "" : absl::StrCat(" (e.g. ", examples, ")"),
      ". Fix: score the clusters of the crawl the pairs were judged on (their ids must be equal byte for byte)"));
}

}  // namespace
}  // namespace eval

absl::StatusOr<PairEvalResult> EvaluatePairs(absl::Span<const ClusterLabel> predicted,
                                             absl::Span<const JudgedPair> gold,
                                             const PairEvalOptions& options) {
  using eval::Outcome;
  PairEvalResult r;
  eval::Interner clusters;
  absl::flat_hash_map<std::string, uint32_t> cluster_of;
  r.predicted_lines = static_cast<int64_t>(predicted.size());
  for (const ClusterLabel& label : predicted) {
    if (!cluster_of.try_emplace(label.id, clusters.Intern(label.cluster)).second) ++r.duplicate_predicted;
  }
  eval::PairChecker checker;
  absl::flat_hash_map<std::string, size_t> stratum_index;
  std::vector<Outcome> outcomes;
  for (const JudgedPair& pair : gold) {
    if (absl::Status s = checker.Check(pair.a, pair.b, "", 0); !s.ok()) return s;
    ++r.pairs;
    const bool dup = pair.label == PairJudgement::kDup, partial = pair.label == PairJudgement::kPartial;
    (dup ? r.dup : partial ? r.partial : r.not_pairs)++;
    StratumPairScores& stratum = eval::StratumOf(pair.stratum, &stratum_index, &r.by_stratum);
    auto a = cluster_of.find(pair.a), b = cluster_of.find(pair.b);
    if (a == cluster_of.end() || b == cluster_of.end()) {
      ++r.missing;
      ++stratum.missing;
      (dup ? r.missing_dup : partial ? r.missing_partial : r.missing_not)++;
      for (const std::string* id : {&pair.a, &pair.b}) {
        if (!cluster_of.contains(*id) && r.missing_examples.size() < 3) r.missing_examples.push_back(*id);
      }
      continue;
    }
    const bool joined = a->second == b->second;
    if (partial) {
      ++r.partial_scored;
      r.partial_joined += joined;
      ++stratum.partial;
      stratum.partial_joined += joined;
      continue;
    }
    const auto examples = static_cast<size_t>(std::max(0, options.examples));
    if (dup) {
      ++stratum.dup;
      stratum.dup_joined += joined;
      outcomes.push_back(joined ? eval::kTruePositive : eval::kFalseNegative);
      if (!joined && r.missed_examples.size() < examples) r.missed_examples.emplace_back(pair.a, pair.b);
    } else {
      ++stratum.not_pairs;
      stratum.not_joined += joined;
      outcomes.push_back(joined ? eval::kFalsePositive : eval::kTrueNegative);
      if (joined && r.false_join_examples.size() < examples) r.false_join_examples.emplace_back(pair.a, pair.b);
    }
  }
  int64_t counts[4] = {0, 0, 0, 0};
  for (Outcome o : outcomes) ++counts[o];
  r.scores = eval::Score(counts);
  if (absl::Status s = eval::CheckCoverage(r, options); !s.ok()) return s;
  eval::Bootstrap(outcomes, options.bootstrap, options.seed, &r);
  // A single unnamed stratum means the gold has none: no breakdown.
  if (r.by_stratum.size() == 1 && r.by_stratum[0].stratum.empty()) r.by_stratum.clear();
  for (StratumPairScores& s : r.by_stratum) s.recall = eval::Ratio(s.dup_joined, s.dup, 1.0);
  std::sort(r.by_stratum.begin(), r.by_stratum.end(),
            [](const StratumPairScores& x, const StratumPairScores& y) { return x.stratum < y.stratum; });
  return r;
}

absl::StatusOr<PairEvalResult> EvaluatePairFiles(const std::string& predicted_path, const std::string& gold_path,
                                                 const PairEvalOptions& options) {
  std::vector<JudgedPair> gold;
  eval::PairChecker checker;
  absl::Status read = eval::ReadPairLabels(gold_path, [&](const eval::PairLabelRecord& record) -> absl::Status {
    const std::string where = absl::StrCat(gold_path, ":", record.line, ": ");
    JudgedPair pair{.a = record.a, .b = record.b, .stratum = record.stratum};
    if (record.label == "dup") {
      pair.label = PairJudgement::kDup;
    } else if (record.label == "not") {
      pair.label = PairJudgement::kNot;
    } else if (record.label == "partial") {
      pair.label = PairJudgement::kPartial;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "label \"", record.label, "\" is not one of dup, not, partial"));
    }
    if (absl::Status s = checker.Check(record.a, record.b, where, record.line); !s.ok()) return s;
    gold.push_back(std::move(pair));
    return absl::OkStatus();
  });
  if (!read.ok()) return read;

  std::vector<ClusterLabel> predicted;
  eval::LabelFileStats stats;
  absl::Status s = eval::ReadClusterLabels(
      predicted_path, /*with_kind=*/false, &stats,
      [&](const std::string& id, const std::string& cluster, const std::string&) {
        predicted.push_back(ClusterLabel{.id = id, .cluster = cluster, .kind = ""});
      });
  if (!s.ok()) return s;
  absl::StatusOr<PairEvalResult> r = EvaluatePairs(predicted, gold, options);
  if (!r.ok()) return r;
  r->predicted_lines = stats.records;
  r->malformed_predicted = stats.malformed;
  return r;
}

namespace {

std::string PairsJson(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out = "[";
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (i > 0) out.push_back(',');
    JsonObjectWriter(&out).String("a", pairs[i].first).String("b", pairs[i].second).Close();
  }
  out.push_back(']');
  return out;
}

std::string IntervalJson(const Interval& i) {
  std::string out;
  JsonObjectWriter(&out).Double("low", i.low).Double("high", i.high).Close();
  return out;
}

void AppendPairList(const char* title, const std::vector<std::pair<std::string, std::string>>& pairs,
                    std::string* out) {
  absl::StrAppend(out, "\n", title, "\n");
  if (pairs.empty()) absl::StrAppend(out, "  (none)\n");
  for (const auto& [a, b] : pairs) absl::StrAppend(out, "  ", a, "  ", b, "\n");
}

}  // namespace

std::string FormatPairReport(const PairEvalResult& r) {
  std::string out;
  absl::StrAppendFormat(&out, "Judged pairs: %d read (%d dup, %d not, %d partial)\n", r.pairs, r.dup, r.not_pairs,
                        r.partial);
  absl::StrAppendFormat(&out, "  not scored, an id missing from the clusters: %d (%d dup, %d not, %d partial)", r.missing,
                        r.missing_dup, r.missing_not, r.missing_partial);
  for (size_t i = 0; i < r.missing_examples.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? ", e.g. " : ", ", r.missing_examples[i]);
  }
  absl::StrAppendFormat(&out, "\n  clusters: %d lines, %d malformed, %d duplicate ids\n\n", r.predicted_lines,
                        r.malformed_predicted, r.duplicate_predicted);
  const BinaryScores& s = r.scores;
  if (r.bootstrap > 0) {
    absl::StrAppendFormat(&out, "                  estimate   95%% interval (%d bootstrap resamples, seed %d)\n",
                          r.bootstrap, r.seed);
  }
  auto row = [&](const char* name, double value, const Interval& ci) {
    absl::StrAppendFormat(&out, "  %-14s  %.4f", name, value);
    if (r.bootstrap > 0) absl::StrAppendFormat(&out, "     [%.4f, %.4f]", ci.low, ci.high);
    absl::StrAppend(&out, "\n");
  };
  row("precision", s.precision, r.precision_ci);
  row("recall", s.recall, r.recall_ci);
  row("F1", s.f1, r.f1_ci);
  absl::StrAppendFormat(&out, "  dup pairs joined %d of %d; not pairs joined %d of %d\n", s.true_positive,
                        s.true_positive + s.false_negative, s.false_positive, s.false_positive + s.true_negative);
  absl::StrAppendFormat(&out, "  partial pairs joined %d of %d (reported apart, not in P/R/F1)\n", r.partial_joined,
                        r.partial_scored);
  if (!r.by_stratum.empty()) {
    absl::StrAppendFormat(&out, "\nBy stratum:\n  %-14s %5s %7s %7s %5s %7s %8s %7s %8s\n", "stratum", "dup",
                          "joined", "recall", "not", "joined", "partial", "joined", "missing");
    for (const StratumPairScores& t : r.by_stratum) {
      absl::StrAppendFormat(&out, "  %-14s %5d %7d %7.4f %5d %7d %8d %7d %8d\n",
                            t.stratum.empty() ? "(none)" : t.stratum, t.dup, t.dup_joined, t.recall, t.not_pairs,
                            t.not_joined, t.partial, t.partial_joined, t.missing);
    }
  }
  AppendPairList("Dup pairs not joined (first ones, gold order):", r.missed_examples, &out);
  AppendPairList("Not pairs joined (first ones, gold order):", r.false_join_examples, &out);
  return out;
}

std::string PairReportJson(const PairEvalResult& r) {
  std::string strata = "[";
  for (size_t i = 0; i < r.by_stratum.size(); ++i) {
    if (i > 0) strata.push_back(',');
    const StratumPairScores& t = r.by_stratum[i];
    JsonObjectWriter(&strata)
        .String("stratum", t.stratum)
        .Int("dup", t.dup)
        .Int("dup_joined", t.dup_joined)
        .Double("recall", t.recall)
        .Int("not", t.not_pairs)
        .Int("not_joined", t.not_joined)
        .Int("partial", t.partial)
        .Int("partial_joined", t.partial_joined)
        .Int("missing", t.missing)
        .Close();
  }
  strata.push_back(']');
  std::string missing_ids = "[";
  for (size_t i = 0; i < r.missing_examples.size(); ++i) {
    if (i > 0) missing_ids.push_back(',');
    AppendJsonString(r.missing_examples[i], &missing_ids);
  }
  missing_ids.push_back(']');
  const BinaryScores& s = r.scores;
  std::string out;
  JsonObjectWriter w(&out);
  w.Double("precision", s.precision)
      .Double("recall", s.recall)
      .Double("f1", s.f1)
      .Int("true_positive", s.true_positive)
      .Int("false_positive", s.false_positive)
      .Int("false_negative", s.false_negative)
      .Int("true_negative", s.true_negative)
      .Int("bootstrap", r.bootstrap)
      .Uint("seed", r.seed);
  if (r.bootstrap > 0) {
    w.Raw("precision_ci", IntervalJson(r.precision_ci))
        .Raw("recall_ci", IntervalJson(r.recall_ci))
        .Raw("f1_ci", IntervalJson(r.f1_ci));
  }
  w.Int("pairs", r.pairs)
      .Int("dup", r.dup)
      .Int("not", r.not_pairs)
      .Int("partial", r.partial)
      .Int("partial_scored", r.partial_scored)
      .Int("partial_joined", r.partial_joined)
      .Int("missing", r.missing)
      .Int("missing_dup", r.missing_dup)
      .Int("missing_not", r.missing_not)
      .Int("missing_partial", r.missing_partial)
      .Raw("missing_examples", missing_ids)
      .Int("predicted_lines", r.predicted_lines)
      .Int("malformed_predicted", r.malformed_predicted)
      .Int("duplicate_predicted", r.duplicate_predicted)
      .Raw("by_stratum", strata)
      .Raw("missed", PairsJson(r.missed_examples))
      .Raw("false_joins", PairsJson(r.false_join_examples))
      .Close();
  return out;
}

}  // namespace shabih
