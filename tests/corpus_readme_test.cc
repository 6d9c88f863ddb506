// corpus/README.md says what the top-level README's first command prints on
// the shipped corpus, and what `shabih eval` makes of it against
// corpus/expected_clusters.tsv. These tests run the CLI and hold the README
// to it, so a change in the engine's results or the gold shows up as a
// README to update, not as a document that quietly drifts.
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

using testing::CliResult;
using testing::RunCli;
using testing::TempDir;

const std::string kCorpus = std::string(SHABIH_SOURCE_DIR) + "/corpus";

// The fenced block right after the line "<!-- corpus_readme_test: NAME -->",
// without its fences; empty when there is none.
std::string CheckedBlock(const std::string& readme, const std::string& name) {
  const std::string marker = "<!-- corpus_readme_test: " + name + " -->\n```\n";
  const size_t start = readme.find(marker);
  if (start == std::string::npos) return "";
  const size_t body = start + marker.size();
  const size_t end = readme.find("```\n", body);
  return end == std::string::npos ? "" : readme.substr(body, end - body);
}

// Every number N in the README's "N <words>" (a regex with one group).
std::vector<int> NumbersBefore(const std::string& text, const std::string& pattern) {
  std::vector<int> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back(std::stoi((*it)[1].str()));
  }
  return out;
}

// Gold clusters of two documents or more, by name ("singleton" rows are
// clusters of their own).
std::map<std::string, int> GoldStories() {
  std::map<std::string, int> size;
  for (const std::string& line : testing::ReadLines(kCorpus + "/expected_clusters.tsv")) {
    const std::vector<std::string> cells = absl::StrSplit(line, '\t');
    if (line.empty() || line[0] == '#' || cells.size() < 5 || cells[4].rfind("singleton", 0) == 0) continue;
    ++size[cells[4]];
  }
  return size;
}

// The README's command, run on the corpus once for the suite, in a
// temporary directory removed after it.
struct ReadmeRun {
  TempDir dir;
  CliResult dedup;
  CliResult eval;
  ReadmeRun() {
    dedup = RunCli("dedup " + kCorpus + "/sites " + kCorpus + "/seeds " + kCorpus + "/sample.jsonl " + kCorpus + "/html --out " +
                   dir / "out");
    eval = RunCli("eval --clusters " + dir / "out/clusters.jsonl --gold " + kCorpus + "/expected_clusters.tsv");
  }
};

class CorpusReadme : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { run_ = new ReadmeRun(); }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
  }
  static ReadmeRun* run_;
};
ReadmeRun* CorpusReadme::run_ = nullptr;

TEST_F(CorpusReadme, DedupSummaryLineIsWhatTheCommandPrints) {
  const std::string readme = testing::ReadFile(kCorpus + "/README.md");
  const ReadmeRun& run = *run_;
  ASSERT_EQ(run.dedup.exit_code, 0) << run.dedup.output;
  std::string block = CheckedBlock(readme, "dedup");
  ASSERT_FALSE(block.empty()) << "corpus/README.md lost its checked dedup block";
  // The line up to "…": what follows (times, speeds, paths) varies by run.
  const size_t cut = block.find("…");
  ASSERT_NE(cut, std::string::npos) << block;
  block.resize(cut);
  EXPECT_THAT(run.dedup.output, ::testing::StartsWith(block));

  // The prose repeats the counts; they must agree with the run.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(run.dedup.output, m,
                                std::regex("(\\d+) documents, (\\d+) clusters \\((\\d+) with duplicates")))
      << run.dedup.output;
  const int documents = std::stoi(m[1].str()), with_duplicates = std::stoi(m[3].str());
  const std::vector<int> read = NumbersBefore(readme, "reads (\\d+) documents");
  ASSERT_FALSE(read.empty());
  for (int n : read) EXPECT_EQ(n, documents) << "\"reads N documents\" in corpus/README.md";
  const std::vector<int> clusters = NumbersBefore(readme, "(\\d+) clusters with duplicates");
  ASSERT_FALSE(clusters.empty());
  for (int n : clusters) EXPECT_EQ(n, with_duplicates) << "\"N clusters with duplicates\" in corpus/README.md";
}

TEST_F(CorpusReadme, EvalReportIsWhatTheCommandPrints) {
  const std::string readme = testing::ReadFile(kCorpus + "/README.md");
  const ReadmeRun& run = *run_;
  ASSERT_EQ(run.dedup.exit_code, 0) << run.dedup.output;
  ASSERT_EQ(run.eval.exit_code, 0) << run.eval.output;
  const std::string block = CheckedBlock(readme, "eval");
  ASSERT_FALSE(block.empty()) << "corpus/README.md lost its checked eval block";
  // The gold's ids are the ids this command writes: every document scored.
  EXPECT_THAT(run.eval.output, ::testing::HasSubstr("0 ids not in gold"));
  EXPECT_THAT(run.eval.output, ::testing::HasSubstr("0 ids not predicted"));
  EXPECT_EQ(run.eval.output, block);
}

TEST(CorpusReadmeGold, StoriesListedAreTheGoldsStories) {
  const std::string readme = testing::ReadFile(kCorpus + "/README.md");
  const std::map<std::string, int> gold = GoldStories();
  const std::vector<int> stated = NumbersBefore(readme, "gold has (\\d+) stories");
  ASSERT_EQ(stated.size(), 1u);
  EXPECT_EQ(stated[0], static_cast<int>(gold.size()));
  // The table of expected clusters: one row per story, "| `name` | ...".
  std::set<std::string> listed;
  const std::regex row("^\\| `([a-z0-9-]+)` \\|");
  for (const std::string& line : std::vector<std::string>(absl::StrSplit(readme, '\n'))) {
    std::smatch m;
    if (std::regex_search(line, m, row)) listed.insert(m[1].str());
  }
  std::set<std::string> names;
  for (const auto& [name, size] : gold) names.insert(name);
  EXPECT_EQ(listed, names);
}

}  // namespace
}  // namespace shabih
