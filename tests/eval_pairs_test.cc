// Judged-pair scoring: known answers on a hand-computed example, the
// bootstrap's determinism and bounds, partial and missing pairs, and the
// errors a hand-kept gold file gets for a bad line.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"
#include "tooling/eval.h"

namespace shabih {
namespace {

using ::testing::HasSubstr;

// d1 d2 d3 | d4 d5 | d6 | d7 | d8   (d9 is in no cluster)
std::vector<ClusterLabel> Clusters() {
  return {{"d1", "A", ""}, {"d2", "A", ""}, {"d3", "A", ""}, {"d4", "B", ""},
          {"d5", "B", ""}, {"d6", "C", ""}, {"d7", "D", ""}, {"d8", "E", ""}};
}

JudgedPair Pair(const std::string& a, const std::string& b, PairJudgement label, const std::string& stratum) {
  return JudgedPair{.a = a, .b = b, .label = label, .stratum = stratum};
}

// By hand: dup d1-d2, d1-d3, d4-d5 joined (3 TP); dup d6-d7, d1-d7 apart
// (2 FN); not d2-d3 joined (1 FP); not d6-d8, d7-d8 apart (2 TN); partial
// d4-d6 and d1-d8 apart (not scored); dup d1-d9 has an id in no cluster.
// P = 3/4, R = 3/5, F1 = 2PR/(P+R) = 2/3.
std::vector<JudgedPair> Gold() {
  using enum PairJudgement;
  return {Pair("d1", "d2", kDup, "high"),     Pair("d1", "d3", kDup, "low"),  Pair("d4", "d5", kDup, "high"),
          Pair("d6", "d7", kDup, "low"),      Pair("d1", "d7", kDup, "low"),  Pair("d2", "d3", kNot, "low"),
          Pair("d6", "d8", kNot, "template"), Pair("d7", "d8", kNot, "low"),  Pair("d4", "d6", kPartial, "low"),
          Pair("d1", "d8", kPartial, "low"),  Pair("d1", "d9", kDup, "high")};
}

PairEvalResult Eval(const std::vector<JudgedPair>& gold, PairEvalOptions options = {}) {
  absl::StatusOr<PairEvalResult> r = EvaluatePairs(Clusters(), gold, options);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : PairEvalResult();
}

TEST(EvalPairs, HandComputedPrecisionRecallF1) {
  const PairEvalResult r = Eval(Gold());
  EXPECT_EQ(r.pairs, 11);
  EXPECT_EQ(r.dup, 6);
  EXPECT_EQ(r.not_pairs, 3);
  EXPECT_EQ(r.partial, 2);
  EXPECT_EQ(r.scores.true_positive, 3);
  EXPECT_EQ(r.scores.false_negative, 2);
  EXPECT_EQ(r.scores.false_positive, 1);
  EXPECT_EQ(r.scores.true_negative, 2);
  EXPECT_DOUBLE_EQ(r.scores.precision, 0.75);
  EXPECT_DOUBLE_EQ(r.scores.recall, 0.6);
  EXPECT_NEAR(r.scores.f1, 2.0 / 3.0, 1e-12);
  ASSERT_EQ(r.missed_examples.size(), 2u);
  EXPECT_EQ(r.missed_examples[0], std::make_pair(std::string("d6"), std::string("d7")));
  ASSERT_EQ(r.false_join_examples.size(), 1u);
  EXPECT_EQ(r.false_join_examples[0], std::make_pair(std::string("d2"), std::string("d3")));
}

TEST(EvalPairs, PartialPairsAreReportedApartAndNeverScored) {
  PairEvalResult r = Eval(Gold());
  EXPECT_EQ(r.partial_scored, 2);
  EXPECT_EQ(r.partial_joined, 0);
  // Partial pairs that are joined instead cannot move P/R/F1.
  std::vector<JudgedPair> gold = Gold();
  gold[8] = Pair("d4", "d5x", PairJudgement::kPartial, "low");
  gold[9] = Pair("d2", "d1x", PairJudgement::kPartial, "low");
  std::vector<ClusterLabel> clusters = Clusters();
  clusters.push_back({"d5x", "B", ""});
  clusters.push_back({"d1x", "A", ""});
  absl::StatusOr<PairEvalResult> joined = EvaluatePairs(clusters, gold, {});
  ASSERT_TRUE(joined.ok()) << joined.status();
  EXPECT_EQ(joined->partial_joined, 2);
  EXPECT_DOUBLE_EQ(joined->scores.precision, r.scores.precision);
  EXPECT_DOUBLE_EQ(joined->scores.recall, r.scores.recall);
}

TEST(EvalPairs, MissingIdsAreCountedByLabelNotDropped) {
  const PairEvalResult r = Eval(Gold());
  EXPECT_EQ(r.missing, 1);
  EXPECT_EQ(r.missing_dup, 1);
  EXPECT_EQ(r.missing_not, 0);
  ASSERT_EQ(r.missing_examples.size(), 1u);
  EXPECT_EQ(r.missing_examples[0], "d9");
  EXPECT_THAT(FormatPairReport(r), HasSubstr("an id missing from the clusters: 1 (1 dup, 0 not, 0 partial), e.g. d9"));
}

TEST(EvalPairs, MostIdsMissingFails) {
  using enum PairJudgement;
  const std::vector<JudgedPair> gold = {Pair("d1", "d2", kDup, ""), Pair("x1", "x2", kDup, ""),
                                        Pair("x3", "d1", kNot, "")};
  absl::StatusOr<PairEvalResult> r = EvaluatePairs(Clusters(), gold, {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(r.status().message(), HasSubstr("2 of 3 pairs have an id the clusters file lacks"));
  EXPECT_THAT(r.status().message(), HasSubstr("\"x1\""));
  PairEvalOptions lenient;
  lenient.max_missing_fraction = 1;
  EXPECT_TRUE(EvaluatePairs(Clusters(), gold, lenient).ok());
  // Nothing scored fails whatever the limit.
  EXPECT_FALSE(EvaluatePairs(Clusters(), {Pair("x1", "x2", kDup, "")}, lenient).ok());
  EXPECT_FALSE(EvaluatePairs(Clusters(), {Pair("d1", "d2", kPartial, "")}, lenient).ok());
}

TEST(EvalPairs, RecallPerStratum) {
  const PairEvalResult r = Eval(Gold());
  ASSERT_EQ(r.by_stratum.size(), 3u);  // Sorted: high, low, template.
  EXPECT_EQ(r.by_stratum[0].stratum, "high");
  EXPECT_EQ(r.by_stratum[0].dup, 2);  // d1-d9 is missing, not a dup scored.
  EXPECT_EQ(r.by_stratum[0].dup_joined, 2);
  EXPECT_EQ(r.by_stratum[0].missing, 1);
  EXPECT_EQ(r.by_stratum[1].stratum, "low");
  EXPECT_EQ(r.by_stratum[1].dup, 3);
  EXPECT_EQ(r.by_stratum[1].dup_joined, 1);
  EXPECT_NEAR(r.by_stratum[1].recall, 1.0 / 3.0, 1e-12);
  EXPECT_EQ(r.by_stratum[1].not_pairs, 2);
  EXPECT_EQ(r.by_stratum[1].not_joined, 1);
  EXPECT_EQ(r.by_stratum[1].partial, 2);
  EXPECT_EQ(r.by_stratum[2].stratum, "template");
  EXPECT_EQ(r.by_stratum[2].dup, 0);
  EXPECT_DOUBLE_EQ(r.by_stratum[2].recall, 1.0);
  // No strata in the gold: no breakdown.
  std::vector<JudgedPair> plain = Gold();
  for (JudgedPair& p : plain) p.stratum.clear();
  EXPECT_TRUE(Eval(plain).by_stratum.empty());
}

TEST(EvalPairs, BootstrapIsDeterministicForASeedAndBracketsTheEstimate) {
  PairEvalOptions options;
  options.seed = 7;
  const PairEvalResult a = Eval(Gold(), options), b = Eval(Gold(), options);
  EXPECT_EQ(a.bootstrap, 1000);
  EXPECT_EQ(a.seed, 7u);
  EXPECT_EQ(a.precision_ci.low, b.precision_ci.low);
  EXPECT_EQ(a.precision_ci.high, b.precision_ci.high);
  EXPECT_EQ(a.recall_ci.low, b.recall_ci.low);
  EXPECT_EQ(a.f1_ci.high, b.f1_ci.high);
  EXPECT_EQ(PairReportJson(a), PairReportJson(b));
  for (const auto& [estimate, ci] : {std::pair{a.scores.precision, a.precision_ci},
                                     std::pair{a.scores.recall, a.recall_ci}, std::pair{a.scores.f1, a.f1_ci}}) {
    EXPECT_LE(0.0, ci.low);
    EXPECT_LE(ci.low, estimate);
    EXPECT_LE(estimate, ci.high);
    EXPECT_LE(ci.high, 1.0);
    EXPECT_LT(ci.low, ci.high);  // Eight outcomes of four kinds: resampling moves them.
  }
}

TEST(EvalPairs, BootstrapOfUniformOutcomesIsAPoint) {
  using enum PairJudgement;
  // Every pair a true positive: every resample scores 1.
  const PairEvalResult r = Eval({Pair("d1", "d2", kDup, ""), Pair("d1", "d3", kDup, ""), Pair("d4", "d5", kDup, "")});
  EXPECT_EQ(r.precision_ci.low, 1.0);
  EXPECT_EQ(r.recall_ci.low, 1.0);
  EXPECT_EQ(r.f1_ci.high, 1.0);
  PairEvalOptions none;
  none.bootstrap = 0;
  const PairEvalResult n = Eval(Gold(), none);
  EXPECT_EQ(n.bootstrap, 0);
  EXPECT_EQ(n.f1_ci.high, 0.0);
  EXPECT_THAT(PairReportJson(n), ::testing::Not(HasSubstr("f1_ci")));
}

TEST(EvalPairs, BootstrapIntervalsNarrowWithMorePairs) {
  // The same outcome mix, 8 pairs vs 80: the interval of 80 is narrower, as
  // the sampling error of a proportion shrinks with sqrt(n).
  std::vector<ClusterLabel> clusters;
  std::vector<JudgedPair> gold;
  for (int i = 0; i < 40; ++i) {
    const std::string p = absl::StrCat("p", i), q = absl::StrCat("q", i);
    clusters.push_back({p + "a", p, ""});
    clusters.push_back({p + "b", i % 4 == 0 ? q : p, ""});  // One dup in four missed.
    gold.push_back(Pair(p + "a", p + "b", PairJudgement::kDup, ""));
  }
  auto width = [&](size_t n) {
    absl::StatusOr<PairEvalResult> r =
        EvaluatePairs(clusters, std::vector<JudgedPair>(gold.begin(), gold.begin() + n), {});
    EXPECT_TRUE(r.ok());
    return r->recall_ci.high - r->recall_ci.low;
  };
  EXPECT_LT(width(40), width(8));
}

TEST(EvalPairs, RepeatedOrSelfPairsAreErrors) {
  using enum PairJudgement;
  EXPECT_EQ(EvaluatePairs(Clusters(), {Pair("d1", "d2", kDup, ""), Pair("d2", "d1", kNot, "")}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(EvaluatePairs(Clusters(), {Pair("d1", "d1", kDup, "")}, {}).status().message(),
              HasSubstr("with itself"));
}

class EvalPairFiles : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& content) {
    testing::WriteFile(dir_ / name, content);
    return dir_ / name;
  }
  std::string ClustersFile() {
    return Write("clusters.jsonl",
                 "{\"id\":\"d1\",\"cluster\":\"A\"}\n{\"id\":\"d2\",\"cluster\":\"A\"}\n"
                 "{\"id\":\"d3\",\"cluster\":\"B\"}\nnot json\n{\"id\":\"d3\",\"cluster\":\"C\"}\n");
  }
  absl::Status Error(const std::string& gold) {
    return EvaluatePairFiles(ClustersFile(), Write("gold.jsonl", gold), {}).status();
  }
  testing::TempDir dir_;
};

TEST_F(EvalPairFiles, ReadsGoldAndCountsClusterFileProblems) {
  absl::StatusOr<PairEvalResult> r = EvaluatePairFiles(
      ClustersFile(),
      Write("gold.jsonl",
            "{\"a\":\"d1\",\"b\":\"d2\",\"label\":\"dup\",\"confidence\":\"high\",\"reason\":\"same\","
            "\"stratum\":\"0.2-0.3\",\"jaccard5\":0.25}\n\n"
            "{\"a\":\"d1\",\"b\":\"d3\",\"label\":\"not\"}\n{\"a\":\"d2\",\"b\":\"d3\",\"label\":\"partial\"}\n"),
      {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->pairs, 3);
  EXPECT_EQ(r->scores.true_positive, 1);
  EXPECT_EQ(r->scores.true_negative, 1);
  EXPECT_EQ(r->partial_scored, 1);
  EXPECT_EQ(r->predicted_lines, 5);
  EXPECT_EQ(r->malformed_predicted, 1);
  EXPECT_EQ(r->duplicate_predicted, 1);  // d3 keeps its first cluster, B.
}

TEST_F(EvalPairFiles, MalformedGoldLinesNameTheLine) {
  const std::string good = "{\"a\":\"d1\",\"b\":\"d2\",\"label\":\"dup\"}\n";
  absl::Status s = Error(good + "{\"a\":\"d1\",\"b\":\n");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("gold.jsonl:2: not a valid JSON object"));
  EXPECT_THAT(Error(good + "\n{\"a\":\"d1\",\"b\":\"d3\",\"label\":\"maybe\"}\n").message(),
              HasSubstr("gold.jsonl:3: label \"maybe\" is not one of dup, not, partial"));
  EXPECT_THAT(Error("{\"a\":\"d1\",\"label\":\"dup\"}\n").message(),
              HasSubstr("gold.jsonl:1: a judged pair needs \"a\", \"b\" and \"label\""));
  EXPECT_THAT(Error("{\"a\":\"d1\",\"b\":\"d2\",\"label\":1}\n").message(),
              HasSubstr("gold.jsonl:1: field \"label\" has the wrong type"));
  EXPECT_THAT(Error(good + "{\"a\":\"d2\",\"b\":\"d1\",\"label\":\"not\"}\n").message(),
              HasSubstr("gold.jsonl:2: the pair \"d2\", \"d1\" is judged twice (first at line 1)"));
  EXPECT_EQ(EvaluatePairFiles(ClustersFile(), dir_ / "none.jsonl", {}).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(EvalPairFiles, CliPrintsTheReportAndJson) {
  const std::string gold = Write("gold.jsonl",
                                 "{\"a\":\"d1\",\"b\":\"d2\",\"label\":\"dup\",\"stratum\":\"s\"}\n"
                                 "{\"a\":\"d1\",\"b\":\"d3\",\"label\":\"dup\",\"stratum\":\"s\"}\n");
  const testing::CliResult text = testing::RunCli("eval --pairs " + gold + " --clusters " + ClustersFile() +
                                                  " --bootstrap 200 --seed 3");
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_THAT(text.output, HasSubstr("95% interval (200 bootstrap resamples, seed 3)"));
  EXPECT_THAT(text.output, HasSubstr("recall          0.5000"));
  const testing::CliResult json =
      testing::RunCli("eval --pairs " + gold + " --clusters " + ClustersFile() + " --json");
  EXPECT_EQ(json.exit_code, 0) << json.output;
  EXPECT_THAT(json.output, HasSubstr("{\"pairs\":{\"precision\":1.0,\"recall\":0.5,"));
  const testing::CliResult bad = testing::RunCli("eval --pairs " + gold);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.output, HasSubstr("--pairs scores the clusters of --clusters"));
}

}  // namespace
}  // namespace shabih
