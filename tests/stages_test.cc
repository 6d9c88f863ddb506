// The sharded stages (`shabih stage scan|sign|verify|cluster`, shabih/stages.h)
// and scripts/sharded_dedup.sh through the CLI: for every shard count the
// outputs are `shabih dedup`'s bytes, on a generated crawl plus inputs with
// repeated ids, malformed lines, lines without text, invalid UTF-8, .txt
// pages and an unsupported file; stages refuse missing or mismatched
// shards' files with messages naming them.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

using testing::CliResult;
using testing::ReadFile;
using testing::ReadLines;
using testing::RunCli;
using testing::TempDir;
using testing::WriteFile;

// A generated crawl and a file and folder of awkward inputs.
class StagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const CliResult gen = RunCli(absl::StrCat("gen --out ", *dir_ / "gen", " --pages 1500 --seed 11 --no-gold --quiet"));
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    const std::vector<std::string> lines = ReadLines(*dir_ / "gen/crawl.jsonl");
    ASSERT_GT(lines.size(), 1000u);
    std::string extra;
    for (size_t i = 0; i < 40; ++i) extra += lines[i * 7] + "\n";  // repeated ids: renamed "#2"
    extra += "{\"id\": broken\n";                                   // malformed JSON
    extra += "{\"id\":\"no-text\",\"content\":\"" + std::string(200, 'x') + "\"}\n";
    extra += "\n";
    extra += "{\"id\":\"bad-utf8\",\"text\":\"abc \xff\xfe def ghi jkl mno pqr stu\"}\n";
    extra += "{\"text\":\"a document without an id, so FILE:LINE names it\"}\n";
    extra += lines[0] + "\n";  // a third copy of lines[0]'s id: "#3"
    WriteFile(*dir_ / "extra.jsonl", extra);
    const std::string page = "خبر عن اجتماع الوزراء في الرياض لمناقشة تطورات الأوضاع الاقتصادية في المنطقة\n";
    WriteFile(*dir_ / "pages/site/a.txt", page);
    WriteFile(*dir_ / "pages/site/b.txt", page);
    WriteFile(*dir_ / "pages/site/c.pdf", "<html></html>");
    inputs_ = new std::string(absl::StrCat(*dir_ / "gen/crawl.jsonl", " ", *dir_ / "extra.jsonl", " ",
                                           *dir_ / "pages"));
  }
  static void TearDownTestSuite() {
    delete inputs_;
    delete dir_;
  }

  // `shabih dedup` into `out`.
  static void Dedup(const std::string& out, const std::string& flags) {
    const CliResult r = RunCli(absl::StrCat("dedup ", *inputs_, " --out ", out, " --quiet ", flags));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  // Every stage as separate processes, one shard at a time; with m > 0,
  // m verify partitions before the cluster stage.
  static void Stages(int n, const std::string& work, const std::string& out, const std::string& flags, int m = 0) {
    for (const char* stage : {"scan", "sign", "verify"}) {
      const int count = std::string(stage) == "verify" ? m : n;
      for (int i = 0; i < count; ++i) {
        const CliResult r = RunCli(absl::StrCat("stage ", stage, " ", *inputs_, " --shard ", i, "/", count,
                                                " --work ", work, " --out ", out, " --quiet ", flags));
        ASSERT_EQ(r.exit_code, 0) << stage << " " << i << "/" << count << ": " << r.output;
      }
    }
    const CliResult r =
        RunCli(absl::StrCat("stage cluster ", *inputs_, " --work ", work, " --out ", out, " --quiet ", flags));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }

  static TempDir* dir_;
  static std::string* inputs_;
};
TempDir* StagesTest::dir_ = nullptr;
std::string* StagesTest::inputs_ = nullptr;

// summary.json without what is measured (times, memory): the counters.
std::string Counters(const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.load(path).get(object)) return "unreadable " + path;
  std::string out;
  for (auto [key, value] : object) {
    if (key == "seconds" || key == "mb_per_second" || key == "stage_seconds" || key == "peak_rss_bytes" ||
        key == "index_bytes" || key == "inputs_absolute" || key == "memory_budget_bytes") {
      continue;
    }
    absl::StrAppend(&out, absl::string_view(key.data(), key.size()), "=", simdjson::minify(value), "\n");
  }
  return out;
}

void ExpectSameOutputs(const std::string& want, const std::string& got) {
  const std::string clusters = ReadFile(want + "/clusters.jsonl");
  EXPECT_FALSE(clusters.empty());
  EXPECT_TRUE(clusters == ReadFile(got + "/clusters.jsonl")) << got << "/clusters.jsonl differs from " << want;
  EXPECT_TRUE(ReadFile(want + "/candidates.jsonl") == ReadFile(got + "/candidates.jsonl"))
      << got << "/candidates.jsonl differs from " << want;
  EXPECT_EQ(Counters(want + "/summary.json"), Counters(got + "/summary.json"));
}

TEST_F(StagesTest, EveryShardCountGivesDedupsBytes) {
  TempDir t;
  Dedup(t / "ref", "");
  // The awkward inputs are there: renamed ids, skips, a repair.
  const std::string summary = ReadFile(t / "ref/summary.json");
  EXPECT_NE(summary.find("#2"), std::string::npos);
  EXPECT_NE(summary.find("#3"), std::string::npos);
  EXPECT_NE(summary.find("malformed-json"), std::string::npos);
  EXPECT_NE(summary.find("\"repaired_utf8\":1"), std::string::npos);
  for (int n : {1, 2, 3, 7}) {
    SCOPED_TRACE(n);
    const std::string out = t / absl::StrCat("out", n);
    Stages(n, t / absl::StrCat("work", n), out, "");
    ExpectSameOutputs(t / "ref", out);
    // The first sign process left the merged statistics; the others read them.
    EXPECT_TRUE(std::filesystem::exists(t / absl::StrCat("work", n, "/statistics.bin")));
  }
}

TEST_F(StagesTest, ContainmentAndOtherFlagsToo) {
  TempDir t;
  const std::string flags = "--containment 0.8 --threshold 0.5 --cluster star --threads 1";
  Dedup(t / "ref", flags);
  Stages(3, t / "work", t / "out", flags);
  ExpectSameOutputs(t / "ref", t / "out");
}

// The candidate search and verification cut into partitions of the bands:
// the same bytes for any partition count, more partitions than bands too
// (empty ones), a pair found in two partitions kept once.
TEST_F(StagesTest, VerifyPartitionsGiveDedupsBytes) {
  TempDir t;
  Dedup(t / "ref", "--threads 1");
  for (auto [n, m] : {std::pair{2, 1}, std::pair{3, 4}, std::pair{2, 40}}) {
    SCOPED_TRACE(absl::StrCat(n, " shards, ", m, " partitions"));
    const std::string work = t / absl::StrCat("work", n, "-", m);
    Stages(n, work, t / absl::StrCat("out", n, "-", m), "--threads 1", m);
    ExpectSameOutputs(t / "ref", t / absl::StrCat("out", n, "-", m));
    EXPECT_TRUE(std::filesystem::exists(work + absl::StrCat("/verify-", m - 1, "/candidates.bin")));
  }
  // Containment adds a second banding, partitioned after the first.
  const std::string flags = "--containment 0.8 --threshold 0.5 --threads 1";
  Dedup(t / "ref-c", flags);
  Stages(2, t / "work-c", t / "out-c", flags, 5);
  ExpectSameOutputs(t / "ref-c", t / "out-c");
}

TEST_F(StagesTest, MissingOrStalePartitionIsNamed) {
  TempDir t;
  Stages(2, t / "work", t / "out", "", 3);
  const std::string common = absl::StrCat(*inputs_, " --work ", t / "work", " --quiet --out ", t / "out2");
  std::filesystem::remove(t / "work/verify-1/meta");
  CliResult r = RunCli(absl::StrCat("stage cluster ", common));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find(t / "work/verify-1/meta is missing"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("shabih stage verify"), std::string::npos) << r.output;
  r = RunCli(absl::StrCat("stage verify ", common, " --shard 1/2"));  // another partition count
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = RunCli(absl::StrCat("stage cluster ", common));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("verify-1/meta was written for 2 shards, not 3"), std::string::npos) << r.output;
  r = RunCli(absl::StrCat("stage verify ", common, " --shard 2/2"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
}

TEST_F(StagesTest, ScriptGivesDedupsBytes) {
  TempDir t;
  Dedup(t / "ref", "--containment 0.7");
  const std::string command = absl::StrCat("SHABIH=", SHABIH_CLI_PATH, " bash ", SHABIH_SOURCE_DIR,
                                           "/scripts/sharded_dedup.sh 4 ", *inputs_, " ", t / "out",
                                           " -- --containment 0.7 --quiet 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  ASSERT_EQ(pclose(pipe), 0) << output;
  ExpectSameOutputs(t / "ref", t / "out");
}

// A scan or sign process killed with SIGKILL at a random moment (by
// `timeout -s KILL`, spread over the stage's length) and then run again
// leaves the outputs of an uninterrupted run: a stage commits with its meta
// record, written last, and a re-run replaces whatever the killed one left.
TEST_F(StagesTest, KilledStagesRunAgainGiveTheSameBytes) {
  TempDir t;
  Dedup(t / "ref", "");
  const int n = 2;
  std::mt19937_64 rng(20261202);
  std::uniform_real_distribution<double> when(0.0, 0.3);
  for (int trial = 0; trial < 8; ++trial) {
    SCOPED_TRACE(trial);
    const std::string work = t / absl::StrCat("work", trial), out = t / absl::StrCat("out", trial);
    const int victim = trial % (2 * n);  // scan 0, scan 1, sign 0, sign 1, ...
    for (int k = 0; k < 2 * n; ++k) {
      const std::string args = absl::StrCat("stage ", k < n ? "scan " : "sign ", *inputs_, " --shard ", k % n, "/", n,
                                            " --work ", work, " --out ", out, " --quiet");
      if (k == victim) {
        const std::string killed = absl::StrCat("timeout -s KILL ", when(rng), " ", SHABIH_CLI_PATH, " ", args,
                                                " > /dev/null 2>&1");
        (void)std::system(killed.c_str());
      }
      const CliResult r = RunCli(args);
      ASSERT_EQ(r.exit_code, 0) << args << ": " << r.output;
    }
    const CliResult r = RunCli(absl::StrCat("stage cluster ", *inputs_, " --work ", work, " --out ", out, " --quiet"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    ExpectSameOutputs(t / "ref", out);
  }
}

TEST_F(StagesTest, MissingShardIsNamed) {
  TempDir t;
  const std::string common = absl::StrCat(*inputs_, " --work ", t / "work", " --quiet");
  ASSERT_EQ(RunCli(absl::StrCat("stage scan ", common, " --shard 0/3")).exit_code, 0);
  ASSERT_EQ(RunCli(absl::StrCat("stage scan ", common, " --shard 2/3")).exit_code, 0);
  CliResult r = RunCli(absl::StrCat("stage sign ", common, " --shard 0/3"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find(t / "work/scan-1.meta is missing"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("shabih stage scan"), std::string::npos) << r.output;

  ASSERT_EQ(RunCli(absl::StrCat("stage scan ", common, " --shard 1/3")).exit_code, 0);
  ASSERT_EQ(RunCli(absl::StrCat("stage sign ", common, " --shard 0/3")).exit_code, 0);
  ASSERT_EQ(RunCli(absl::StrCat("stage sign ", common, " --shard 1/3")).exit_code, 0);
  r = RunCli(absl::StrCat("stage cluster ", common, " --out ", t / "out"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find(t / "work/sign-2/meta is missing"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(t / "out/clusters.jsonl"));
}

TEST_F(StagesTest, OtherOptionsOrShardCountsAreRefused) {
  TempDir t;
  const std::string common = absl::StrCat(*inputs_, " --work ", t / "work", " --quiet");
  ASSERT_EQ(RunCli(absl::StrCat("stage scan ", common, " --shard 0/2 --threshold 0.8")).exit_code, 0);
  ASSERT_EQ(RunCli(absl::StrCat("stage scan ", common, " --shard 1/2 --threshold 0.8")).exit_code, 0);
  CliResult r = RunCli(absl::StrCat("stage sign ", common, " --shard 0/2 --threshold 0.7"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("scan-0.meta was written with other options or inputs"), std::string::npos) << r.output;
  r = RunCli(absl::StrCat("stage sign ", common, " --shard 0/3 --threshold 0.8"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("scan-0.meta was written for 2 shards, not 3"), std::string::npos) << r.output;
}

TEST_F(StagesTest, NothingReadableExitsTwoLikeDedup) {
  TempDir t;
  WriteFile(t / "bad.jsonl", "{broken\n");
  const std::string common = absl::StrCat(t / "bad.jsonl", " --work ", t / "work", " --quiet");
  ASSERT_EQ(RunCli(absl::StrCat("stage scan ", common, " --shard 0/1")).exit_code, 0);
  ASSERT_EQ(RunCli(absl::StrCat("stage sign ", common, " --shard 0/1")).exit_code, 0);
  const CliResult r = RunCli(absl::StrCat("stage cluster ", common, " --out ", t / "out"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("malformed-json"), std::string::npos) << r.output;
  EXPECT_NE(ReadFile(t / "out/summary.json").find("\"documents\":0"), std::string::npos);
}

TEST_F(StagesTest, UsageErrors) {
  TempDir t;
  CliResult r = RunCli(absl::StrCat("stage scan ", *inputs_, " --work ", t / "w", " --shard 3/3"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  r = RunCli(absl::StrCat("stage scan - --work ", t / "w", " --shard 0/1 < /dev/null"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("not stdin"), std::string::npos) << r.output;
  r = RunCli(absl::StrCat("stage sign ", *inputs_, " --work ", t / "w", " --shard 0/1 --method simhash"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("minhash only"), std::string::npos) << r.output;
  r = RunCli(absl::StrCat("stage cluster ", *inputs_, " --work ", t / "w"));  // no --out
  EXPECT_EQ(r.exit_code, 1) << r.output;
}

}  // namespace
}  // namespace shabih
