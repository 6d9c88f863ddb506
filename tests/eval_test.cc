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

std::string WriteFile(const std::string& name, const std::string& content) {
  const fs::path path = fs::path(::testing::TempDir()) / absl::StrCat("shabih_eval_", name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
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
  const std::string gold = WriteFile("gold.jsonl",
                                     "{\"id\":\"a\",\"cluster\":\"x\",\"kind\":\"original\"}\n"
                                     "{\"id\":\"b\",\"cluster\":\"x\"}\n"
                                     "not json at all\n"
                                     "\n"
                                     "{\"id\":\"c\",\"cluster\":\"y\"}\n");
  const std::string predicted =
      WriteFile("pred.jsonl",
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
  const std::string gold = WriteFile("gold_lines.jsonl",
                                     "{\"id\":\"p\",\"line\":1,\"label\":\"boilerplate\",\"kind\":\"nav\"}\n"
                                     "{\"id\":\"p\",\"line\":2,\"label\":\"content\",\"kind\":\"body\"}\n"
                                     "{\"id\":\"p\",\"line\":2,\"label\":\"content\",\"kind\":\"body\"}\n"
                                     "{\"id\":\"p\",\"line\":0,\"label\":\"content\"}\n"
                                     "{\"id\":\"q\",\"line\":1,\"label\":\"content\"}\n");
  const std::string predicted =
      WriteFile("pred_lines.jsonl",
                "{\"id\":\"p\",\"line\":1,\"label\":\"boilerplate\",\"reason\":\"navigation\"}\n"
                "{\"id\":\"p\",\"line\":2,\"label\":\"maybe\",\"reason\":\"?\"}\n"
                "{\"id\":\"p\",\"line\":2,\"label\":\"content\",\"reason\":\"\"}\n"
                "{\"id\":\"p\",\"line\":3,\"label\":\"content\",\"reason\":\"\"}\n"
                "{\"id\":\"zz\",\"line\":1,\"label\":\"content\"}\n"
                "garbage\n");
  const std::string crawl =
      WriteFile("crawl.jsonl",
                "{\"id\":\"p\",\"url\":\"https://s.example/1\",\"text\":\"a | b\\nmain text\"}\n"
                "{broken\n");
  absl::StatusOr<LineEvalResult> r = EvaluateLineFiles(predicted, gold, crawl, {});
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
}

TEST(EvalLines, CrawlMayBeADirectoryOfTextFiles) {
  const fs::path dir = fs::path(::testing::TempDir()) / "shabih_eval_txt";
  fs::remove_all(dir);
  fs::create_directories(dir / "site00");
  std::ofstream(dir / "site00" / "p1.txt", std::ios::binary) << "nav | nav\nsome main text here";
  std::vector<LineLabel> gold = {{"site00/p1.txt", 1, true, "nav"}, {"site00/p1.txt", 2, false, "body"}};
  const std::string gold_path = WriteFile("txt_gold.jsonl",
                                          "{\"id\":\"site00/p1.txt\",\"line\":1,\"label\":\"boilerplate\"}\n"
                                          "{\"id\":\"site00/p1.txt\",\"line\":2,\"label\":\"content\"}\n");
  const std::string pred_path =
      WriteFile("txt_pred.jsonl",
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
  const fs::path dir = fs::path(::testing::TempDir()) / "shabih_eval_gz";
  fs::remove_all(dir);
  fs::create_directories(dir);
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
  const std::string gold = WriteFile("gz_gold.jsonl",
                                     "{\"id\":\"p\",\"line\":1,\"label\":\"boilerplate\"}\n"
                                     "{\"id\":\"p\",\"line\":2,\"label\":\"content\"}\n");
  const std::string pred = WriteFile("gz_pred.jsonl",
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
  const fs::path dir = fs::path(::testing::TempDir()) / "shabih_eval_cli";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "crawl.jsonl", std::ios::binary)
      << "{\"key\":\"p\",\"body\":\"nav | nav\\nthe main text\"}\n";
  const std::string labels = WriteFile("cli_lines.jsonl",
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
  EXPECT_THAT(without.output, ::testing::HasSubstr("missing-text-field"));
  const testing::CliResult help = testing::RunCli("eval --help");
  EXPECT_THAT(help.output, ::testing::HasSubstr("--text-field"));
  EXPECT_THAT(help.output, ::testing::HasSubstr("--max-doc-bytes"));
}

TEST(EvalLines, UnreadableCrawlIsNotFound) {
  const std::string gold = WriteFile("nf_gold.jsonl", "{\"id\":\"p\",\"line\":1,\"label\":\"content\"}\n");
  absl::StatusOr<LineEvalResult> r =
      EvaluateLineFiles(gold, gold, (fs::path(::testing::TempDir()) / "no_such_crawl.jsonl").string(), {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound) << r.status();
  // Without a crawl, the same labels score fine.
  EXPECT_TRUE(EvaluateLineFiles(gold, gold, "", {}).ok());
}

}  // namespace
}  // namespace shabih
