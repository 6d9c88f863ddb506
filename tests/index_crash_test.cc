// Crash safety of the persistent index: a `dedup --index` child killed with
// SIGKILL at random moments leaves the index as before the run (or, killed
// after its commit, as after it), and re-running finishes with the outputs
// of an uninterrupted run.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::ReadLines;
using testing::RunCli;
using testing::TempDir;
using testing::WriteFile;

// Starts `shabih dedup INPUT --index IDX --out OUT --quiet` as a child.
pid_t StartDedup(const std::string& input, const std::string& idx, const std::string& out,
                 const char* crash_at = nullptr) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (crash_at != nullptr) ::setenv("SHABIH_TEST_CRASH_AT", crash_at, 1);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl(SHABIH_CLI_PATH, SHABIH_CLI_PATH, "dedup", input.c_str(), "--index", idx.c_str(), "--out", out.c_str(),
            "--quiet", "--threads", "2", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

std::string Field(const std::string& json, const std::string& key) {
  const size_t at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return "";
  const size_t begin = at + key.size() + 3;
  return json.substr(begin, json.find_first_of(",}", begin) - begin);
}

TEST(IndexCrashTest, KilledRunsLeaveTheIndexWholeAndReRunsFinishTheSame) {
  TempDir dir;
  ASSERT_EQ(RunCli(absl::StrCat("gen --out ", dir / "gen", " --pages 1500 --seed 11 --no-gold --quiet")).exit_code, 0);
  const std::vector<std::string> lines = ReadLines(dir / "gen/crawl.jsonl");
  std::string a, b;
  for (size_t i = 0; i < lines.size(); ++i) (i < lines.size() / 2 ? a : b) += lines[i] + "\n";
  const std::string day1 = dir / "day1.jsonl", day2 = dir / "day2.jsonl";
  WriteFile(day1, a);
  WriteFile(day2, b);
  const std::string base = dir / "base";
  ASSERT_EQ(RunCli(absl::StrCat("dedup ", day1, " --index ", base, " --out ", dir / "o1", " --quiet")).exit_code, 0);
  const std::string before = Field(RunCli("index stats " + base).output, "documents");
  // The uninterrupted run, timed to spread the kills over its length.
  fs::copy(base, dir / "ref", fs::copy_options::recursive);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(RunCli(absl::StrCat("dedup ", day2, " --index ", dir / "ref", " --out ", dir / "oref", " --quiet")).exit_code, 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string reference = ReadFile(dir / "oref/clusters.jsonl");
  const std::string after = Field(RunCli("index stats " + (dir / "ref")).output, "documents");
  ASSERT_NE(before, after);

  std::mt19937_64 rng(20261202);
  std::uniform_real_distribution<double> when(0.0, seconds * 1.1);
  int killed_before_commit = 0, killed_after_commit = 0;
  // 20 kills at random moments, then 3 at the steps of the commit itself
  // (before and after the run's folder is renamed, after the manifest).
  const char* kCrashPoints[] = {"index-before-rename", "index-after-rename", "index-after-manifest"};
  for (int trial = 0; trial < 23; ++trial) {
    const std::string idx = dir / absl::StrCat("idx", trial);
    const std::string out = dir / absl::StrCat("out", trial);
    fs::copy(base, idx, fs::copy_options::recursive);
    const char* crash_at = trial >= 20 ? kCrashPoints[trial - 20] : nullptr;
    const pid_t child = StartDedup(day2, idx, out, crash_at);
    ASSERT_GT(child, 0);
    if (crash_at == nullptr) {
      std::this_thread::sleep_for(std::chrono::duration<double>(when(rng)));
      ::kill(child, SIGKILL);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    // The index is whole: either as before the run or as after it.
    const std::string documents = Field(RunCli("index stats " + idx).output, "documents");
    ASSERT_TRUE(documents == before || documents == after) << "trial " << trial << ": " << documents;
    (documents == before ? killed_before_commit : killed_after_commit) += 1;
    // Re-running finishes with the uninterrupted run's clusters.
    const auto rerun = RunCli(absl::StrCat("dedup ", day2, " --index ", idx, " --out ", out, " --quiet"));
    ASSERT_EQ(rerun.exit_code, 0) << "trial " << trial << ": " << rerun.output;
    EXPECT_EQ(ReadFile(out + "/clusters.jsonl"), reference) << "trial " << trial;
    EXPECT_EQ(Field(RunCli("index stats " + idx).output, "documents"), after);
    // The killed run's leftovers are gone.
    for (const auto& entry : fs::directory_iterator(fs::path(idx) / "runs")) {
      EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
    }
    fs::remove_all(idx);
    fs::remove_all(out);
  }
  // Both sides of the commit were hit.
  EXPECT_GT(killed_before_commit, 0);
  EXPECT_GT(killed_after_commit, 0);
  std::printf("killed before the commit: %d, after: %d\n", killed_before_commit, killed_after_commit);
}

}  // namespace
}  // namespace shabih
