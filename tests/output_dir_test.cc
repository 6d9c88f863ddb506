#include "engine/internal/output_dir.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/test_util.h"

extern char** environ;

namespace shabih {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::RunCli;
using testing::TempDir;
using testing::WriteFile;

std::string SourcePath(const std::string& relative) { return std::string(SHABIH_SOURCE_DIR) + "/" + relative; }

// Every regular file under `dir`, relative, sorted.
std::vector<std::string> Files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool HasTemporaries(const fs::path& dir) {
  for (const std::string& f : Files(dir)) {
    if (f.find(".shabih-tmp") != std::string::npos) return true;
  }
  return false;
}

TEST(OutputDir, ReplacesTheEarlierRunAndRemovesWhatItDoesNotWriteAgain) {
  TempDir dir;
  {
    auto out = internal::OutputDir::Open(dir / "o", "test", false);
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_TRUE((*out)->WriteFile("a/1.txt", "one").ok());
    ASSERT_TRUE((*out)->WriteFile("a/2.txt", "two").ok());
    ASSERT_TRUE((*out)->Stage("summary.json", "{}").ok());
    EXPECT_FALSE(fs::exists(dir / "o/summary.json")) << "staged files appear at Finish()";
    ASSERT_TRUE((*out)->Finish().ok());
  }
  EXPECT_EQ(Files(dir / "o"), (std::vector<std::string>{".shabih-run", "a/1.txt", "a/2.txt", "summary.json"}));
  {
    auto out = internal::OutputDir::Open(dir / "o", "test", false);
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_TRUE((*out)->WriteFile("a/1.txt", "uno").ok());
    ASSERT_TRUE((*out)->Stage("summary.json", "{\"n\":1}").ok());
    ASSERT_TRUE((*out)->Finish().ok());
  }
  EXPECT_EQ(Files(dir / "o"), (std::vector<std::string>{".shabih-run", "a/1.txt", "summary.json"}));
  EXPECT_EQ(ReadFile(dir / "o/a/1.txt"), "uno");
}

TEST(OutputDir, AFailedRunLeavesNoTemporaryAndTheEarlierOutputs) {
  TempDir dir;
  {
    auto out = internal::OutputDir::Open(dir / "o", "test", false);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->Stage("clusters.jsonl", "old").ok());
    ASSERT_TRUE((*out)->Finish().ok());
  }
  {
    auto out = internal::OutputDir::Open(dir / "o", "test", false);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->Stage("clusters.jsonl", "new, never finished").ok());
    EXPECT_TRUE(HasTemporaries(dir / "o"));
  }  // destroyed without Finish(): the run failed
  EXPECT_FALSE(HasTemporaries(dir / "o"));
  EXPECT_EQ(ReadFile(dir / "o/clusters.jsonl"), "old");
}

TEST(OutputDir, UnknownFilesAreRefusedUnlessOverwrite) {
  TempDir dir;
  WriteFile(dir / "mine.txt", "a user's file");
  auto refused = internal::OutputDir::Open(dir.path(), "test", false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("--overwrite"), absl::string_view::npos);
  auto out = internal::OutputDir::Open(dir.path(), "test", true);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE((*out)->WriteFile("x.txt", "x").ok());
  ASSERT_TRUE((*out)->Finish().ok());
  EXPECT_EQ(ReadFile(dir / "mine.txt"), "a user's file") << "overwrite replaces only what the run writes";
  EXPECT_TRUE(internal::OutputDir::Open(dir.path(), "test", false).ok()) << "now a shabih run's folder";
}

TEST(OutputDir, PathsCannotLeaveTheDirectory) {
  TempDir dir;
  auto out = internal::OutputDir::Open(dir / "o", "test", false);
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE((*out)->WriteFile("../escape.txt", "x").ok());
  EXPECT_FALSE((*out)->WriteFile("/abs.txt", "x").ok());
  EXPECT_FALSE((*out)->WriteFile(internal::kRunMarker, "x").ok());
}

// Through the binary: a --keep folder re-used by a run that keeps fewer
// documents held the earlier run's extra files (217 stale duplicates once).
TEST(OutputDirCli, RerunIntoKeepAndOutLeavesNoStaleFile) {
  TempDir dir;
  const std::string sites = SourcePath("corpus/sites");
  auto first = RunCli("dedup " + sites + " --out " + dir / "o --keep " + dir / "k --quiet --threshold 0.9");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const size_t kept_first = Files(dir / "k").size();
  auto second = RunCli("dedup " + sites + " --out " + dir / "o --keep " + dir / "k --quiet");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  // The second run's keep folder equals a fresh run's.
  auto fresh = RunCli("dedup " + sites + " --out " + dir / "o2 --keep " + dir / "k2 --quiet");
  ASSERT_EQ(fresh.exit_code, 0) << fresh.output;
  EXPECT_LT(Files(dir / "k").size(), kept_first) << "the lower threshold keeps fewer documents";
  EXPECT_EQ(Files(dir / "k"), Files(dir / "k2"));
  EXPECT_EQ(ReadFile(dir / "o/clusters.jsonl"), ReadFile(dir / "o2/clusters.jsonl"));
  EXPECT_FALSE(HasTemporaries(dir / "o"));
  EXPECT_FALSE(HasTemporaries(dir / "k"));
}

TEST(OutputDirCli, StripRerunWithoutExplainRemovesTheOldLinesFile) {
  TempDir dir;
  const std::string seeds = SourcePath("corpus/seeds");
  ASSERT_EQ(RunCli("strip " + seeds + " --out " + dir / "s --explain --quiet").exit_code, 0);
  ASSERT_TRUE(fs::exists(dir / "s/lines.jsonl"));
  ASSERT_EQ(RunCli("strip " + seeds + " --out " + dir / "s --quiet").exit_code, 0);
  EXPECT_FALSE(fs::exists(dir / "s/lines.jsonl")) << "a stale lines.jsonl beside a new summary";
}

TEST(OutputDirCli, AFolderOfSomeoneElsesFilesIsRefusedWithTheFix) {
  TempDir dir;
  WriteFile(dir / "notes.txt", "mine");
  auto refused = RunCli("dedup " + SourcePath("corpus/sample.jsonl") + " --out " + dir.path() + " --quiet");
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("--overwrite"), std::string::npos) << refused.output;
  EXPECT_FALSE(fs::exists(dir / "clusters.jsonl"));
  auto forced = RunCli("dedup " + SourcePath("corpus/sample.jsonl") + " --out " + dir.path() + " --quiet --overwrite");
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_TRUE(fs::exists(dir / "clusters.jsonl"));
  EXPECT_EQ(ReadFile(dir / "notes.txt"), "mine");
  // The README's command, run twice into one folder, keeps working.
  const std::string readme = "dedup " + SourcePath("corpus/sites") + " " + SourcePath("corpus/seeds") + " " +
                             SourcePath("corpus/sample.jsonl") + " --out " + dir / "readme --quiet";
  EXPECT_EQ(RunCli(readme).exit_code, 0);
  EXPECT_EQ(RunCli(readme).exit_code, 0);
}

// SIGINT or SIGTERM while the run waits on stdin: exit 128 + signal, and the
// stdin spool under $TMPDIR is removed.
void ExpectSignalCancelsStdinRun(int sig) {
  TempDir dir;
  fs::create_directories(dir / "tmp");
  int in[2];
  ASSERT_EQ(pipe(in), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_addclose(&actions, in[1]);
  const std::string out = dir / "o";
  std::vector<std::string> args = {SHABIH_CLI_PATH, "dedup", "-", "--out", out, "--quiet"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = {"TMPDIR=" + dir / "tmp"};
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("TMPDIR=", 0) != 0) env_strings.push_back(*e);
  }
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, SHABIH_CLI_PATH, &actions, nullptr, argv.data(), envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  const std::string line = "{\"id\":\"a\",\"text\":\"نص تجريبي\"}\n";
  ASSERT_EQ(write(in[1], line.data(), line.size()), static_cast<ssize_t>(line.size()));
  // Wait until the spool exists, then interrupt (the write end stays open).
  for (int i = 0; i < 200 && fs::is_empty(dir / "tmp"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(fs::is_empty(dir / "tmp")) << "the run spools stdin under $TMPDIR";
  kill(pid, sig);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  close(in[1]);
  ASSERT_TRUE(WIFEXITED(status)) << "killed instead of exiting cleanly";
  EXPECT_EQ(WEXITSTATUS(status), 128 + sig);
  EXPECT_TRUE(fs::is_empty(dir / "tmp")) << "the stdin spool is removed";
  EXPECT_FALSE(fs::exists(dir / "o/clusters.jsonl"));
}

TEST(OutputDirCli, SigintWhileReadingStdinRemovesTheSpoolAndExits130) { ExpectSignalCancelsStdinRun(SIGINT); }
TEST(OutputDirCli, SigtermWhileReadingStdinRemovesTheSpoolAndExits143) { ExpectSignalCancelsStdinRun(SIGTERM); }

}  // namespace
}  // namespace shabih
