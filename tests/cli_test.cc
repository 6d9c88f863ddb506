// End-to-end checks of the `shabih` binary: exit codes and messages from
// CONTRACT.md, stdin input, and determinism from the command line.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

using testing::ReadFile;
using testing::ReadLines;
using testing::TempDir;
using testing::WriteFile;

using RunResult = testing::CliResult;
using testing::RunCli;

TEST(Cli, HelpAndVersionSucceed) {
  EXPECT_EQ(RunCli("--help").exit_code, 0);
  const RunResult help = RunCli("dedup --help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--threshold", "--shingle", "--perms", "--bands", "--rows", "--method", "--threads",
                           "--no-strip", "--text-field", "--id-field", "--keep"}) {
    EXPECT_NE(help.output.find(flag), std::string::npos) << flag;
  }
  EXPECT_EQ(RunCli("--version").exit_code, 0);
}

TEST(Cli, BadUsageExitsOneWithHint) {
  const RunResult no_args = RunCli("dedup");
  EXPECT_EQ(no_args.exit_code, 1);
  EXPECT_NE(no_args.output.find("--help"), std::string::npos);
  TempDir dir;
  WriteFile(dir / "a.txt", "نص");
  const RunResult bad_threshold = RunCli("dedup " + dir / "a.txt" + " --out " + dir / "o --threshold 2");
  EXPECT_EQ(bad_threshold.exit_code, 1);
  EXPECT_NE(bad_threshold.output.find("--threshold"), std::string::npos) << bad_threshold.output;
  EXPECT_EQ(RunCli("no-such-command").exit_code, 1);
}

TEST(Cli, NoReadableInputExitsTwo) {
  TempDir dir;
  const RunResult r = RunCli("dedup " + dir / "missing" + " --out " + dir / "o");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("no input document could be read"), std::string::npos) << r.output;
}

TEST(Cli, StdinJsonlWithKeep) {
  TempDir dir;
  WriteFile(dir / "in.jsonl",
            "{\"id\":\"a\",\"text\":\"وزير الخارجية يلتقي نظيره الفرنسي في باريس لبحث العلاقات الثنائية\"}\n"
            "{\"id\":\"b\",\"text\":\"وزير الخارجية يلتقي نظيره الفرنسي في باريس لبحث العلاقات الثنائية اليوم\"}\n"
            "{\"text\":\"خبر آخر مختلف تماما عن الموضوع\"}\n");
  const RunResult r =
      RunCli("dedup - --out " + dir / "o" + " --keep " + dir / "k" + " --quiet < " + dir / "in.jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto lines = ReadLines(dir / "o/clusters.jsonl");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[2].find("\"id\":\"stdin.jsonl:3\""), std::string::npos) << lines[2];
  EXPECT_EQ(ReadLines(dir / "k/stdin.jsonl").size(), 2u);
  EXPECT_FALSE(std::filesystem::exists(dir / "o/.stdin-spool"));
}

TEST(Cli, PairsAndProgress) {
  TempDir dir;
  const std::string sample = std::string(SHABIH_SOURCE_DIR) + "/corpus/sample.jsonl";
  const RunResult r = RunCli("pairs " + sample + " --progress --out " + dir / "pairs.jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("[shabih]"), std::string::npos) << "--progress prints a progress line";
  EXPECT_NE(r.output.find("verified pairs"), std::string::npos);
  const auto lines = ReadLines(dir / "pairs.jsonl");
  ASSERT_GE(lines.size(), 3u);  // the sample's three cross-posted pairs
  for (const std::string& line : lines) {
    EXPECT_EQ(line.rfind("{\"a\":\"", 0), 0u) << line;
    EXPECT_NE(line.find("\"relation\":\"near-duplicate\""), std::string::npos) << line;
  }
  EXPECT_EQ(RunCli("pairs " + sample + " --out " + dir / "p2.jsonl --method lsh").exit_code, 1);
}

TEST(Cli, SameOutputWhateverTheThreadCount) {
  const std::string corpus = std::string(SHABIH_SOURCE_DIR) + "/corpus";
  TempDir dir;
  const std::string inputs = corpus + "/sites " + corpus + "/seeds " + corpus + "/sample.jsonl";
  ASSERT_EQ(RunCli("dedup " + inputs + " --quiet --threads 1 --out " + dir / "t1").exit_code, 0);
  ASSERT_EQ(RunCli("dedup " + inputs + " --quiet --threads 2 --out " + dir / "t2").exit_code, 0);
  EXPECT_EQ(ReadFile(dir / "t1/clusters.jsonl"), ReadFile(dir / "t2/clusters.jsonl"));
  EXPECT_EQ(ReadLines(dir / "t1/clusters.jsonl").size(), 85u);
}

}  // namespace
}  // namespace shabih
