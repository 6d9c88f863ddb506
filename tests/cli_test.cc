// End-to-end checks of the `shabih` binary: exit codes and messages from
// CONTRACT.md, stdin input, and determinism from the command line.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

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
}

// Entries directly in `dir` (a missing directory counts as none).
std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  return names;
}

// Both two-pass commands copy stdin into a private directory under $TMPDIR
// (never into the output directory) and remove it at the end. The run with
// a $TMPDIR that does not exist shows the copy really goes there, so the
// empty directory afterwards is not vacuous.
TEST(Cli, StdinSpoolGoesUnderTmpdirAndIsRemoved) {
  const std::string sample = std::string(SHABIH_SOURCE_DIR) + "/corpus/sample.jsonl";
  for (const std::string command : {"dedup", "strip"}) {
    TempDir dir;
    std::filesystem::create_directories(dir / "tmp");
    const RunResult r = RunCli(command + " - --out " + dir / "o" + " --quiet < " + sample, "TMPDIR=" + dir / "tmp");
    ASSERT_EQ(r.exit_code, 0) << command << ": " << r.output;
    EXPECT_TRUE(Entries(dir / "tmp").empty()) << command << " left its stdin copy behind";
    const std::string summary = ReadFile(dir / "o/summary.json");
    EXPECT_NE(summary.find("\"documents\":20"), std::string::npos) << command << ": " << summary;
    for (const std::string& name : Entries(dir / "o")) {
      EXPECT_EQ(name.find("stdin"), std::string::npos) << command << " wrote " << name << " into --out";
    }
    const RunResult no_tmp =
        RunCli(command + " - --out " + dir / "o2" + " --quiet < " + sample, "TMPDIR=" + dir / "missing");
    EXPECT_NE(no_tmp.exit_code, 0) << command << ": the spool must be created under $TMPDIR";
    EXPECT_NE(no_tmp.output.find("temporary directory for stdin"), std::string::npos) << no_tmp.output;
  }
}

// Stdin read twice (crawl statistics, then signing) with the in-memory
// cache off, so the second pass really re-reads the spool: the clusters and
// the kept documents are those of the same JSONL given as a file.
TEST(Cli, StdinSpoolIsReadTwiceLikeAFile) {
  const std::string sample = std::string(SHABIH_SOURCE_DIR) + "/corpus/sample.jsonl";
  TempDir dir;
  const std::string flags = " --quiet --cache-bytes 0";
  const RunResult from_file =
      RunCli("dedup " + sample + flags + " --out " + dir / "f" + " --keep " + dir / "fk");
  ASSERT_EQ(from_file.exit_code, 0) << from_file.output;
  const RunResult from_stdin =
      RunCli("dedup -" + flags + " --out " + dir / "s" + " --keep " + dir / "sk < " + sample);
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.output;
  const auto clusters = ReadLines(dir / "s/clusters.jsonl");
  ASSERT_EQ(clusters.size(), 20u);
  EXPECT_NE(clusters[0].find("\"id\":\"snn-01647\""), std::string::npos) << clusters[0];
  EXPECT_EQ(ReadFile(dir / "s/clusters.jsonl"), ReadFile(dir / "f/clusters.jsonl"));
  // The sample's three cross-posted pairs: 17 canonical lines kept.
  const auto kept = ReadLines(dir / "sk/stdin.jsonl");
  EXPECT_EQ(kept.size(), 17u);
  EXPECT_EQ(kept, ReadLines(dir / "fk/sample.jsonl"));
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
