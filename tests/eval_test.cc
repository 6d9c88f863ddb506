#include "tooling/eval.h"

#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

namespace fs = std::filesystem;

// Labels from parallel lists: doc i has id "d<i>".
std::vector<ClusterLabel> Labels(const std::vector<std::string>& clusters) {
  std::vector<ClusterLabel> out;
  for (size_t i = 0; i < clusters.size(); ++i) out.push_back({absl::StrCat("d", i), clusters[i], ""});
  return out;
}

ClusterEvalResult Eval(const std::vector<std::string>& predicted, const std::vector<std::string>& gold,
                       ClusterEvalOptions options = {}) {
  absl::StatusOr<ClusterEvalResult> r = EvaluateClusters(Labels(predicted), Labels(gold), options);
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

// Each test writes under its own fresh directory: fixed names under a shared
// /tmp collide when two test runs overlap.
std::string WriteFile(const testing::TempDir& dir, const std::string& name, const std::string& content) {
  testing::WriteFile(dir / name, content);
  return dir / name;
}

TEST(EvalClusters, PerfectClusteringScoresOne) {
  const ClusterEvalResult r = Eval({"a", "a", "b", "c", "c", "c"}, {"x", "x", "y", "z", "z", "z"});
  EXPECT_EQ(r.scores.documents, 6);
  EXPECT_EQ(r.scores.true_pairs, 4);
  EXPECT_DOUBLE_EQ(r.scores.precision, 1.0);
  EXPECT_DOUBLE_EQ(r.scores.recall, 1.0);
  EXPECT_DOUBLE_EQ(r.scores.f1, 1.0);
  EXPECT_DOUBLE_EQ(r.scores.adjusted_rand_index, 1.0);
  EXPECT_TRUE(r.worst_false_merges.empty());
  EXPECT_TRUE(r.worst_misses.empty());
}

TEST(EvalClusters, AllSingletonsFindNothing) {
  const ClusterEvalResult r = Eval({"a", "b", "c", "d"}, {"x", "x", "y", "y"});
  EXPECT_EQ(r.scores.predicted_pairs, 0);
  EXPECT_EQ(r.scores.gold_pairs, 2);
  EXPECT_DOUBLE_EQ(r.scores.precision, 1.0);  // Nothing claimed.
  EXPECT_DOUBLE_EQ(r.scores.recall, 0.0);
  EXPECT_DOUBLE_EQ(r.scores.f1, 0.0);
  EXPECT_DOUBLE_EQ(r.scores.adjusted_rand_index, 0.0);
  ASSERT_EQ(r.worst_misses.size(), 2u);
  EXPECT_EQ(r.worst_misses[0].cluster, "x");
  EXPECT_EQ(r.worst_misses[0].wrong_pairs, 1);
}

TEST(EvalClusters, BothAllSingletonsAgreeCompletely) {
  const ClusterEvalResult r = Eval({"a", "b", "c"}, {"x", "y", "z"});
  EXPECT_DOUBLE_EQ(r.scores.f1, 1.0);
  EXPECT_DOUBLE_EQ(r.scores.adjusted_rand_index, 1.0);
}

TEST(EvalClusters, OneFalseMerge) {
  // Gold {d0,d1} {d2} {d3}; predicted {d0,d1,d2} {d3}.
  const ClusterEvalResult r = Eval({"a", "a", "a", "b"}, {"x", "x", "y", "z"});
  EXPECT_EQ(r.scores.predicted_pairs, 3);
  EXPECT_EQ(r.scores.gold_pairs, 1);
  EXPECT_EQ(r.scores.true_pairs, 1);
  EXPECT_DOUBLE_EQ(r.scores.precision, 1.0 / 3);
  EXPECT_DOUBLE_EQ(r.scores.recall, 1.0);
  EXPECT_DOUBLE_EQ(r.scores.f1, 0.5);
  // ARI = (1 - 3*1/6) / ((3+1)/2 - 3*1/6) = 0.5 / 1.5.
  EXPECT_NEAR(r.scores.adjusted_rand_index, 1.0 / 3, 1e-12);
  ASSERT_EQ(r.worst_false_merges.size(), 1u);
  const ClusterError& e = r.worst_false_merges[0];
  EXPECT_EQ(e.cluster, "a");
  EXPECT_EQ(e.size, 3);
  EXPECT_EQ(e.parts, 2);
  EXPECT_EQ(e.wrong_pairs, 2);
  ASSERT_EQ(e.largest_parts.size(), 2u);
  EXPECT_EQ(e.largest_parts[0].cluster, "x");
  EXPECT_THAT(e.largest_parts[0].sample_ids, ::testing::ElementsAre("d0", "d1"));
  EXPECT_THAT(e.largest_parts[1].sample_ids, ::testing::ElementsAre("d2"));
  EXPECT_TRUE(r.worst_misses.empty());
}

TEST(EvalClusters, AdjustedRandIndexOfKnownTables) {
  // scikit-learn's documented example: adjusted_rand_score([0,0,1,1], [0,0,1,2]) = 4/7.
  PairScores s = ScoreContingency({{0, 0, 2}, {1, 1, 1}, {2, 1, 1}});
  EXPECT_NEAR(s.adjusted_rand_index, 4.0 / 7, 1e-12);
  // Hubert & Arabie style 3x3 table, worked by hand:
  //   [4 1 1; 0 4 1; 1 0 3]: rows (predicted) sum to 6, 5, 4; columns (gold)
  //   to 5, 5, 5; n = 15.
  //   sum C(n_ij,2) = 6+0+0 + 6+0 + 0+3 = 15
  //   a = 15+10+6 = 31, b = 3*10 = 30, C(15,2) = 105, expected = 31*30/105 = 62/7
  //   ARI = (15 - 62/7) / (61/2 - 62/7) = (43/7) / (303/14) = 86/303.
  s = ScoreContingency({{0, 0, 4}, {0, 1, 1}, {0, 2, 1}, {1, 1, 4}, {1, 2, 1}, {2, 0, 1}, {2, 2, 3}});
  EXPECT_EQ(s.documents, 15);
  EXPECT_EQ(s.true_pairs, 15);
  EXPECT_EQ(s.predicted_pairs, 31);
  EXPECT_EQ(s.gold_pairs, 30);
  EXPECT_NEAR(s.adjusted_rand_index, 86.0 / 303, 1e-12);
  // Split cells are summed.
  PairScores split = ScoreContingency(
      {{0, 0, 2}, {0, 0, 2}, {0, 1, 1}, {0, 2, 1}, {1, 1, 4}, {1, 2, 1}, {2, 0, 1}, {2, 2, 3}});
  EXPECT_NEAR(split.adjusted_rand_index, 86.0 / 303, 1e-12);
}

TEST(EvalClusters, ContingencyScoresMatchPairEnumeration) {
  std::mt19937 rng(12345);  // Only the inputs are random; any sequence will do.
  for (int round = 0; round < 30; ++round) {
    const int n = 2 + static_cast<int>(rng() % 40);
    const int kp = 1 + static_cast<int>(rng() % 8), kg = 1 + static_cast<int>(rng() % 8);
    std::vector<std::string> predicted, gold;
    for (int i = 0; i < n; ++i) {
      predicted.push_back(absl::StrCat("p", rng() % kp));
      gold.push_back(absl::StrCat("g", rng() % kg));
    }
    int64_t both = 0, only_p = 0, only_g = 0, neither = 0;
    for (int i = 0; i < n; ++i) {
      for (int j = i + 1; j < n; ++j) {
        const bool p = predicted[i] == predicted[j], g = gold[i] == gold[j];
        both += p && g;
        only_p += p && !g;
        only_g += !p && g;
        neither += !p && !g;
      }
    }
    const ClusterEvalResult r = Eval(predicted, gold);
    EXPECT_EQ(r.scores.true_pairs, both);
    EXPECT_EQ(r.scores.predicted_pairs, both + only_p);
    EXPECT_EQ(r.scores.gold_pairs, both + only_g);
    // ARI from the pair confusion matrix (Steinley 2004 form).
    const double a = both, b = only_p, c = only_g, d = neither;
    const double den = (a + b) * (b + d) + (a + c) * (c + d);
    if (den > 0) {
      EXPECT_NEAR(r.scores.adjusted_rand_index, 2 * (a * d - b * c) / den, 1e-9) << "round " << round;
    }
  }
}

TEST(EvalClusters, IdsInOneFileOnlyAreCountedNotScored) {
  std::vector<ClusterLabel> predicted = {{"a", "1", ""}, {"b", "1", ""}, {"extra", "1", ""}, {"a", "9", ""}};
  std::vector<ClusterLabel> gold = {{"a", "x", ""}, {"b", "x", ""}, {"missing", "y", ""}};
  absl::StatusOr<ClusterEvalResult> r = EvaluateClusters(predicted, gold, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->scores.documents, 2);
  EXPECT_EQ(r->only_predicted, 1);
  EXPECT_EQ(r->only_gold, 1);
  EXPECT_EQ(r->duplicate_predicted, 1);
  EXPECT_DOUBLE_EQ(r->scores.f1, 1.0);
}

TEST(EvalClusters, ScoresPerGoldKind) {
  std::vector<ClusterLabel> gold = {
      {"o", "s1", "original"}, {"c", "s1", "copy-heavy"}, {"t", "s2", "template"}, {"u", "s3", "template"}};
  std::vector<ClusterLabel> predicted = {{"o", "A", ""}, {"c", "B", ""}, {"t", "C", ""}, {"u", "C", ""}};
  absl::StatusOr<ClusterEvalResult> r = EvaluateClusters(predicted, gold, {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->by_kind.size(), 3u);
  EXPECT_EQ(r->by_kind[0].kind, "copy-heavy");
  EXPECT_DOUBLE_EQ(r->by_kind[0].recall, 0.0);
  EXPECT_EQ(r->by_kind[2].kind, "template");
  EXPECT_EQ(r->by_kind[2].false_pairs, 2);
  EXPECT_DOUBLE_EQ(r->by_kind[2].precision, 0.0);
}

TEST(EvalClusters, FilesWithMalformedLinesAreCountedNotFatal) {
  testing::TempDir tmp;
  const std::string gold = WriteFile(tmp, "gold.jsonl",
                                     "{\"id\":\"a\",\"cluster\":\"x\",\"kind\":\"original\"}\n"
                                     "{\"id\":\"b\",\"cluster\":\"x\"}\n"
                                     "not json at all\n"
                                     "\n"
                                     "{\"id\":\"c\",\"cluster\":\"y\"}\n");
  const std::string predicted =
      WriteFile(tmp, "pred.jsonl",
                "{\"id\":\"a\",\"cluster\":\"a\",\"canonical\":true,\"similarity\":1.0}\n"
                "{\"id\":\"b\",\"cluster\":\"a\",\"canonical\":false,\"similarity\":0.9}\n"
                "{\"id\":\"c\",\"cluster\":7}\n"
                "{\"id\":\"d\"}\n"
                "{\"id\":\"e\",\"cluster\":\"e\"\n"
                "[1,2,3]\n");
  absl::StatusOr<ClusterEvalResult> r = EvaluateClusterFiles(predicted, gold, {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->malformed_gold, 1);
  EXPECT_EQ(r->malformed_predicted, 3);
  EXPECT_EQ(r->scores.documents, 3);
  EXPECT_DOUBLE_EQ(r->scores.f1, 1.0);
  EXPECT_THAT(FormatClusterReport(*r), ::testing::HasSubstr("pairwise F1          1.0000"));
  EXPECT_THAT(ClusterReportJson(*r), ::testing::HasSubstr("\"malformed_predicted\":3"));
  EXPECT_EQ(EvaluateClusterFiles("/nonexistent/x.jsonl", gold, {}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(EvalLines, BoilerplateLineScoresAndReasons) {
  // Gold: bp, content, content, bp. Predicted: bp, bp, content, content.
  std::vector<LineLabel> gold = {
      {"p", 1, true, "nav"}, {"p", 2, false, "title"}, {"p", 3, false, "body"}, {"p", 4, true, "footer"}};
  std::vector<LineLabel> predicted = {{"p", 1, true, "navigation"},
                                      {"p", 2, true, "short-list-item"},
                                      {"p", 3, false, ""},
                                      {"p", 4, false, ""}};
  std::vector<EvalDocument> crawl = {{"p", "a b | c\nthe title here\nbody words one two three\n(c) 2015"}};
  absl::StatusOr<LineEvalResult> r = EvaluateLines(predicted, gold, crawl, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->lines.true_positive, 1);
  EXPECT_EQ(r->lines.false_positive, 1);
  EXPECT_EQ(r->lines.false_negative, 1);
  EXPECT_EQ(r->lines.true_negative, 1);
  EXPECT_DOUBLE_EQ(r->lines.f1, 0.5);
  EXPECT_THAT(r->false_positive_reasons,
              ::testing::ElementsAre(std::make_pair(std::string("short-list-item"), int64_t{1})));
  EXPECT_THAT(r->false_positive_kinds,
              ::testing::ElementsAre(std::make_pair(std::string("title"), int64_t{1})));
  EXPECT_THAT(r->false_negative_kinds,
              ::testing::ElementsAre(std::make_pair(std::string("footer"), int64_t{1})));
  // Tokens of kept text: kept = lines 3 (5 tokens, content) and 4 (2, boilerplate);
  // missed = line 2 (3 tokens).
  ASSERT_TRUE(r->has_tokens);
  EXPECT_EQ(r->tokens.true_positive, 5);
  EXPECT_EQ(r->tokens.false_positive, 2);
  EXPECT_EQ(r->tokens.false_negative, 3);
  EXPECT_EQ(r->tokens.true_negative, 4);
  EXPECT_NEAR(r->tokens.precision, 5.0 / 7, 1e-12);
  EXPECT_NEAR(r->tokens.recall, 5.0 / 8, 1e-12);
}

TEST(EvalLines, BlankLinesAreSkippedUnlessAsked) {
  std::vector<LineLabel> gold = {{"p", 1, false, "body"}, {"p", 2, false, "blank"}, {"p", 3, false, "body"}};
  std::vector<LineLabel> predicted = {{"p", 1, false, ""}, {"p", 2, true, "empty"}, {"p", 3, false, ""}};
  absl::StatusOr<LineEvalResult> r = EvaluateLines(predicted, gold, {}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->blank_skipped, 1);
  EXPECT_EQ(r->lines.false_positive, 0);
  EXPECT_FALSE(r->has_tokens);
  LineEvalOptions keep;
  keep.skip_blank = false;
  r = EvaluateLines(predicted, gold, {}, keep);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->lines.false_positive, 1);
  EXPECT_DOUBLE_EQ(r->lines.precision, 0.0);
}

TEST(EvalLines, MismatchedAndMalformedLinesAreCounted) {
  testing::TempDir tmp;
  const std::string gold = WriteFile(tmp, "gold_lines.jsonl",
                                     "{\"id\":\"p\",\"line\":1,\"label\":\"boilerplate\",\"kind\":\"nav\"}\n"
                                     "{\"id\":\"p\",\"line\":2,\"label\":\"content\",\"kind\":\"body\"}\n"
                                     "{\"id\":\"p\",\"line\":2,\"label\":\"content\",\"kind\":\"body\"}\n"
                                     "{\"id\":\"p\",\"line\":0,\"label\":\"content\"}\n"
                                     "{\"id\":\"q\",\"line\":1,\"label\":\"content\"}\n");
  const std::string predicted =
      WriteFile(tmp, "pred_lines.jsonl",
                "{\"id\":\"p\",\"line\":1,\"label\":\"boilerplate\",\"reason\":\"navigation\"}\n"
                "{\"id\":\"p\",\"line\":2,\"label\":\"maybe\",\"reason\":\"?\"}\n"
                "{\"id\":\"p\",\"line\":2,\"label\":\"content\",\"reason\":\"\"}\n"
                "{\"id\":\"p\",\"line\":3,\"label\":\"content\",\"reason\":\"\"}\n"
                "{\"id\":\"zz\",\"line\":1,\"label\":\"content\"}\n"
                "garbage\n");
  const std::string crawl =
      WriteFile(tmp, "crawl.jsonl",
                "{\"id\":\"p\",\"url\":\"https://s.example/1\",\"text\":\"a | b\\nmain text\"}\n"
                "{broken\n");
  // 4 of the 6 predicted records are skipped: by default that fails (see
  // EvalCommand.MostlySkippedInputFails); here the counts are under test.
  LineEvalOptions options;
  options.max_skipped_fraction = 1;
  absl::StatusOr<LineEvalResult> r = EvaluateLineFiles(predicted, gold, crawl, options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->malformed_gold, 1);  // line 0
  EXPECT_EQ(r->duplicate_gold, 1);
  EXPECT_EQ(r->malformed_predicted, 2);  // bad label, not JSON
  EXPECT_EQ(r->only_predicted, 2);       // p:3, zz:1
  EXPECT_EQ(r->only_gold, 1);            // q:1
  EXPECT_EQ(r->lines.true_positive, 1);
  EXPECT_EQ(r->lines.true_negative, 1);
  EXPECT_EQ(r->tokens.true_positive, 2);
  EXPECT_EQ(r->line_count_mismatches, 0);
  EXPECT_THAT(FormatLineReport(*r), ::testing::HasSubstr("boilerplate lines"));
  EXPECT_THAT(LineReportJson(*r), ::testing::HasSubstr("\"tokens\":{\"precision\":1.0"));
  EXPECT_EQ(r->first_malformed_predicted_line, 2);
  EXPECT_THAT(r->only_predicted_examples, ::testing::ElementsAre("p line 3", "zz line 1"));
  EXPECT_THAT(r->only_gold_examples, ::testing::ElementsAre("q line 1"));

  const absl::StatusOr<LineEvalResult> checked = EvaluateLineFiles(predicted, gold, crawl, {});
  EXPECT_EQ(checked.status().code(), absl::StatusCode::kFailedPrecondition) << checked.status();
  EXPECT_THAT(checked.status().message(), ::testing::HasSubstr("4 of 6 predicted records (67%)"));
  EXPECT_THAT(checked.status().message(), ::testing::HasSubstr("2 malformed (first at line 2)"));
  EXPECT_THAT(checked.status().message(), ::testing::HasSubstr("\"zz line 1\""));
}

TEST(EvalLines, CrawlMayBeADirectoryOfTextFiles) {
  testing::TempDir tmp;
  const fs::path dir = tmp / "txt";
  fs::create_directories(dir / "site00");
  std::ofstream(dir / "site00" / "p1.txt", std::ios::binary) << "nav | nav\nsome main text here";
  std::vector<LineLabel> gold = {{"site00/p1.txt", 1, true, "nav"}, {"site00/p1.txt", 2, false, "body"}};
  const std::string gold_path = WriteFile(tmp, "txt_gold.jsonl",
                                          "{\"id\":\"site00/p1.txt\",\"line\":1,\"label\":\"boilerplate\"}\n"
                                          "{\"id\":\"site00/p1.txt\",\"line\":2,\"label\":\"content\"}\n");
  const std::string pred_path =
      WriteFile(tmp, "txt_pred.jsonl",
                "{\"id\":\"site00/p1.txt\",\"line\":1,\"label\":\"content\",\"reason\":\"\"}\n"
                "{\"id\":\"site00/p1.txt\",\"line\":2,\"label\":\"content\",\"reason\":\"\"}\n");
  absl::StatusOr<LineEvalResult> r = EvaluateLineFiles(pred_path, gold_path, dir.string(), {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->documents_without_text, 0);
  EXPECT_EQ(r->tokens.true_positive, 4);
  EXPECT_EQ(r->tokens.false_positive, 3);
}

// The crawl is read by CorpusReader: gzip, the text field of --text-field,
// the size limit, and skipped input counted by reason.
TEST(EvalLines, CrawlIsReadLikeDedupWithSkipsCounted) {
  testing::TempDir tmp;
  const fs::path dir = tmp.path();
  const std::string crawl =
      "{\"id\":\"p\",\"body\":\"nav | nav\\nthe main text\"}\n"
      "{not json\n"
      "{\"id\":\"q\",\"text\":\"no body field here\"}\n"
      "{\"id\":\"big\",\"body\":\"" +
      std::string(300, 'x') + "\"}\n";
  gzFile gz = gzopen((dir / "crawl.jsonl.gz").c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  gzwrite(gz, crawl.data(), static_cast<unsigned>(crawl.size()));
  gzclose(gz);
  const std::string gold = WriteFile(tmp, "gz_gold.jsonl",
                                     "{\"id\":\"p\",\"line\":1,\"label\":\"boilerplate\"}\n"
                                     "{\"id\":\"p\",\"line\":2,\"label\":\"content\"}\n");
  const std::string pred = WriteFile(tmp, "gz_pred.jsonl",
                                     "{\"id\":\"p\",\"line\":1,\"label\":\"boilerplate\"}\n"
                                     "{\"id\":\"p\",\"line\":2,\"label\":\"content\"}\n");
  LineEvalOptions options;
  options.crawl_read.text_field = "body";
  options.crawl_read.max_document_bytes = 200;
  absl::StatusOr<LineEvalResult> r =
      EvaluateLineFiles(pred, gold, (dir / "crawl.jsonl.gz").string(), options);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->has_crawl);
  EXPECT_EQ(r->crawl.documents, 1u);
  EXPECT_EQ(r->crawl.skipped_total, 3u);
  EXPECT_EQ(r->crawl.skipped_by_reason.at("malformed-json"), 1u);
  EXPECT_EQ(r->crawl.skipped_by_reason.at("missing-text-field"), 1u);
  EXPECT_EQ(r->crawl.skipped_by_reason.at("document-too-large"), 1u);
  EXPECT_EQ(r->tokens.true_positive, 3);  // "the main text"
  EXPECT_EQ(r->tokens.true_negative, 3);  // "nav | nav"
  EXPECT_EQ(r->documents_without_text, 0);
  EXPECT_THAT(FormatLineReport(*r), ::testing::HasSubstr("crawl: 1 documents read"));
  EXPECT_THAT(FormatLineReport(*r), ::testing::HasSubstr("1 malformed-json"));
  EXPECT_THAT(LineReportJson(*r), ::testing::HasSubstr("\"crawl\":{\"documents\":1,"));
  EXPECT_THAT(LineReportJson(*r), ::testing::HasSubstr("\"skipped_total\":3"));

  // The default text field finds only q, which the gold does not have.
  absl::StatusOr<LineEvalResult> plain = EvaluateLineFiles(pred, gold, (dir / "crawl.jsonl.gz").string(), {});
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_FALSE(plain->has_tokens);
  EXPECT_EQ(plain->crawl.documents, 1u);
}

TEST(EvalCommand, CrawlFlagsReachTheReader) {
  testing::TempDir tmp;
  const fs::path dir = tmp.path();
  std::ofstream(dir / "crawl.jsonl", std::ios::binary)
      << "{\"key\":\"p\",\"body\":\"nav | nav\\nthe main text\"}\n";
  const std::string labels = WriteFile(tmp, "cli_lines.jsonl",
                                       "{\"id\":\"p\",\"line\":1,\"label\":\"boilerplate\"}\n"
                                       "{\"id\":\"p\",\"line\":2,\"label\":\"content\"}\n");
  const std::string args = absl::StrCat("eval --lines ", labels, " --gold-lines ", labels, " --crawl ",
                                        (dir / "crawl.jsonl").string(), " --json");
  const testing::CliResult with = testing::RunCli(absl::StrCat(args, " --text-field body --id-field key"));
  ASSERT_EQ(with.exit_code, 0) << with.output;
  EXPECT_THAT(with.output, ::testing::HasSubstr("\"tokens\":{\"precision\":1.0"));
  EXPECT_THAT(with.output, ::testing::HasSubstr("\"crawl\":{\"documents\":1,"));
  // Without the flags the only line lacks the text field: skipped, counted.
  const testing::CliResult without = testing::RunCli(args);
  ASSERT_NE(without.exit_code, 0) << without.output;
  // The reader's words for it (the skip reason, or a sentence naming the field).
  EXPECT_THAT(without.output, ::testing::AnyOf(::testing::HasSubstr("missing-text-field"),
                                               ::testing::HasSubstr("no 'text' field")));
  const testing::CliResult help = testing::RunCli("eval --help");
  EXPECT_THAT(help.output, ::testing::HasSubstr("--text-field"));
  EXPECT_THAT(help.output, ::testing::HasSubstr("--max-doc-bytes"));
}

TEST(EvalLines, UnreadableCrawlIsNotFound) {
  testing::TempDir tmp;
  const std::string gold = WriteFile(tmp, "nf_gold.jsonl", "{\"id\":\"p\",\"line\":1,\"label\":\"content\"}\n");
  absl::StatusOr<LineEvalResult> r =
      EvaluateLineFiles(gold, gold, tmp / "no_such_crawl.jsonl", {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound) << r.status();
  // Without a crawl, the same labels score fine.
  EXPECT_TRUE(EvaluateLineFiles(gold, gold, "", {}).ok());
}

// Hand-kept golds label each lone document "singleton" (corpus/expected_clusters.tsv
// adds why: "singleton (near-miss weather)"). Read as a shared label, these
// would make one big gold cluster, and every correct "not a duplicate"
// would count as a miss.
TEST(EvalClusters, SingletonLabelsAreClustersOfTheirOwn) {
  const ClusterEvalResult apart = Eval({"a", "b", "c", "d", "e", "e"},
                                       {"singleton", "singleton", "singleton (near-miss w)",
                                        "singleton (near-miss w)", "story", "story"});
  EXPECT_EQ(apart.gold_clusters, 5);
  EXPECT_EQ(apart.scores.gold_pairs, 1);
  EXPECT_DOUBLE_EQ(apart.scores.f1, 1.0);
  EXPECT_TRUE(apart.worst_misses.empty());
  // Merging the two near-misses is a false merge of two gold clusters.
  const ClusterEvalResult merged = Eval({"a", "b", "c", "c", "e", "e"},
                                        {"singleton", "singleton", "singleton (near-miss w)",
                                         "singleton (near-miss w)", "story", "story"});
  EXPECT_EQ(merged.scores.predicted_pairs, 2);
  EXPECT_EQ(merged.scores.true_pairs, 1);
  ASSERT_EQ(merged.worst_false_merges.size(), 1u);
  EXPECT_EQ(merged.worst_false_merges[0].parts, 2);
  EXPECT_EQ(merged.worst_false_merges[0].largest_parts[0].cluster, "singleton (near-miss w)");
  // Only the word itself, alone or before " " or "(", is the singleton label.
  const ClusterEvalResult named = Eval({"a", "a", "b", "b"}, {"singletons", "singletons", "singleton-x", "singleton-x"});
  EXPECT_EQ(named.gold_clusters, 2);
  EXPECT_DOUBLE_EQ(named.scores.f1, 1.0);
}

TEST(EvalClusters, TsvGoldIsReadByItsHeader) {
  testing::TempDir tmp;
  // The layout of corpus/expected_clusters.tsv: "# " header, extra columns.
  const std::string gold = WriteFile(tmp, "gold.tsv",
                                     "# id\tfile\tcluster\tnote\n"
                                     "a.txt\tsites/a.txt\tstory\t-\n"
                                     "b.txt\tsites/b.txt\tstory\t-\n"
                                     "# a comment\n"
                                     "\n"
                                     "c.txt\tsites/c.txt\tsingleton (near-miss x)\t-\n"
                                     "d.txt\tsites/d.txt\tsingleton (near-miss x)\t-\n"
                                     "short row\n");
  const std::string predicted = WriteFile(tmp, "pred.jsonl",
                                          "{\"id\":\"a.txt\",\"cluster\":\"a.txt\"}\n"
                                          "{\"id\":\"b.txt\",\"cluster\":\"a.txt\"}\n"
                                          "{\"id\":\"c.txt\",\"cluster\":\"c.txt\"}\n"
                                          "{\"id\":\"d.txt\",\"cluster\":\"c.txt\"}\n");
  absl::StatusOr<ClusterEvalResult> r = EvaluateClusterFiles(predicted, gold, {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->gold_lines, 5);
  EXPECT_EQ(r->malformed_gold, 1);
  EXPECT_EQ(r->first_malformed_gold_line, 8);
  EXPECT_EQ(r->scores.documents, 4);
  EXPECT_EQ(r->gold_clusters, 3);
  EXPECT_EQ(r->scores.gold_pairs, 1);
  EXPECT_EQ(r->scores.true_pairs, 1);
  EXPECT_DOUBLE_EQ(r->scores.precision, 0.5);  // c and d are near-misses, not a story.

  // Without a header: id, then cluster; predictions may be TSV as well.
  const std::string plain = WriteFile(tmp, "plain.tsv", "a.txt\tx\nb.txt\tx\nc.txt\ty\nd.txt\tz\n");
  r = EvaluateClusterFiles(plain, gold, {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->predicted_lines, 4);
  EXPECT_DOUBLE_EQ(r->scores.f1, 1.0);
}

TEST(EvalClusters, NothingOrLittleScoredFails) {
  std::vector<ClusterLabel> predicted = {{"alriyadh/a.txt", "1", ""}, {"alriyadh/b.txt", "1", ""}};
  std::vector<ClusterLabel> gold = {{"sites/alriyadh/a.txt", "x", ""}, {"sites/alriyadh/b.txt", "x", ""}};
  absl::StatusOr<ClusterEvalResult> r = EvaluateClusters(predicted, gold, {});
  ASSERT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition) << r.status();
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("no document was scored"));
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("\"alriyadh/a.txt\", \"alriyadh/b.txt\""));
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("\"sites/alriyadh/a.txt\""));
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("run dedup on the inputs the gold was written for"));
  // Even with the fraction check off, nothing scored is no evaluation.
  ClusterEvalOptions lenient;
  lenient.max_skipped_fraction = 1;
  EXPECT_FALSE(EvaluateClusters(predicted, gold, lenient).ok());

  // 2 of 3 gold ids unmatched: more than half. 1 of 2 (exactly half) passes.
  predicted = {{"a", "1", ""}, {"b", "1", ""}};
  gold = {{"a", "x", ""}, {"c", "x", ""}, {"d", "y", ""}};
  r = EvaluateClusters(predicted, gold, {});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("only 1 documents scored"));
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("2 of 3 gold records (67%)"));
  EXPECT_TRUE(EvaluateClusters(predicted, gold, lenient).ok());
  gold.pop_back();
  EXPECT_TRUE(EvaluateClusters(predicted, gold, {}).ok());
}

// Through the binary: an evaluation that cannot be trusted exits 3 (a data
// error), saying what was wrong, instead of printing F1 1.0000.
TEST(EvalCommand, MostlySkippedInputFails) {
  testing::TempDir tmp;
  const std::string predicted = WriteFile(tmp, "clusters.jsonl",
                                          "{\"id\":\"alriyadh/a.txt\",\"cluster\":\"alriyadh/a.txt\"}\n"
                                          "{\"id\":\"alriyadh/b.txt\",\"cluster\":\"alriyadh/a.txt\"}\n");
  const std::string other_ids = WriteFile(tmp, "gold.jsonl",
                                          "{\"id\":\"sites/alriyadh/a.txt\",\"cluster\":\"s\"}\n"
                                          "{\"id\":\"sites/alriyadh/b.txt\",\"cluster\":\"s\"}\n");
  testing::CliResult r = testing::RunCli(absl::StrCat("eval --clusters ", predicted, " --gold ", other_ids));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, ::testing::HasSubstr("no document was scored"));
  EXPECT_THAT(r.output, ::testing::HasSubstr("\"alriyadh/a.txt\""));
  EXPECT_THAT(r.output, ::testing::HasSubstr("\"sites/alriyadh/a.txt\""));
  EXPECT_THAT(r.output, ::testing::Not(::testing::HasSubstr("pairwise F1")));

  const std::string garbage = WriteFile(tmp, "garbage.jsonl", "{\"id\":\"alriyadh/a.txt\"}\nnot a label\n");
  r = testing::RunCli(absl::StrCat("eval --clusters ", predicted, " --gold ", garbage));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, ::testing::HasSubstr("2 malformed (first at line 1)"));
  EXPECT_THAT(r.output, ::testing::HasSubstr("TSV rows id<TAB>cluster"));

  const std::string lines = WriteFile(tmp, "lines.jsonl", "{\"id\":\"p\",\"line\":1,\"label\":\"content\"}\n");
  const std::string gold_lines = WriteFile(tmp, "gold_lines.jsonl", "{\"id\":\"q\",\"line\":1,\"label\":\"content\"}\n");
  r = testing::RunCli(absl::StrCat("eval --lines ", lines, " --gold-lines ", gold_lines));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, ::testing::HasSubstr("no line was scored"));
  EXPECT_THAT(r.output, ::testing::HasSubstr("\"p line 1\""));
}

TEST(EvalCommand, ReadsTsvGoldWithSingletons) {
  testing::TempDir tmp;
  const std::string predicted = WriteFile(tmp, "clusters.jsonl",
                                          "{\"id\":\"a\",\"cluster\":\"a\"}\n"
                                          "{\"id\":\"b\",\"cluster\":\"b\"}\n"
                                          "{\"id\":\"c\",\"cluster\":\"c\"}\n");
  const std::string gold =
      WriteFile(tmp, "gold.tsv", "# id\tcluster\na\tsingleton\nb\tsingleton\nc\tsingleton (near-miss x)\n");
  const testing::CliResult r = testing::RunCli(absl::StrCat("eval --clusters ", predicted, " --gold ", gold));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, ::testing::HasSubstr("Clusters: 3 documents scored"));
  EXPECT_THAT(r.output, ::testing::HasSubstr("gold:      3 lines, 0 malformed"));
  EXPECT_THAT(r.output, ::testing::HasSubstr("pairwise recall      1.0000"));  // no gold pairs
}

}  // namespace
}  // namespace shabih
