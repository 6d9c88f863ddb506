// How a run explains its clusters: linked_via and the link scores in
// clusters.jsonl, the candidates' verdicts in candidates.jsonl, and
// `shabih explain RUN_DIR ID`, which shows them for one document.
#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/internal/dedup_output.h"
#include "engine/internal/json_writer.h"
#include "gtest/gtest.h"
#include "shabih/corpus.h"
#include "shabih/dedup.h"
#include "shabih/deduper.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

using testing::ReadFile;
using testing::ReadLines;
using testing::RunCli;
using testing::TempDir;
using testing::WriteFile;

// Random Arabic words (plain letters, which normalization keeps apart).
std::vector<std::string> RandomWords(size_t n, uint64_t seed) {
  static const char* kLetters[] = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض",
                                   "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل", "م", "ن", "ه", "ي"};
  std::mt19937_64 rng(seed);
  std::vector<std::string> words;
  for (size_t i = 0; i < n; ++i) {
    std::string w;
    const int length = 4 + static_cast<int>(rng() % 4);
    for (int j = 0; j < length; ++j) w += kLetters[rng() % (sizeof(kLetters) / sizeof(kLetters[0]))];
    words.push_back(w);
  }
  return words;
}

std::string Window(const std::vector<std::string>& words, size_t begin, size_t end) {
  return absl::StrJoin(words.begin() + begin, words.begin() + end, " ");
}

// A chain of overlapping windows of one text, longest first: d0 is the
// canonical; d1 overlaps it widely; d2 overlaps d1 but shares too little with
// d0 for a verified pair, though enough for the bounded clustering's link
// threshold; d3 overlaps d2 and is far from d0, so its edge is refused.
// u0, u1: unrelated.
std::vector<Document> ChainCorpus() {
  const std::vector<std::string> words = RandomWords(700, 5);
  const std::vector<std::pair<size_t, size_t>> windows = {{0, 430}, {170, 430}, {260, 480}, {340, 550}};
  std::vector<Document> docs;
  for (size_t i = 0; i < windows.size(); ++i) {
    Document d;
    d.id = absl::StrCat("d", i);
    d.text = Window(words, windows[i].first, windows[i].second);
    docs.push_back(d);
  }
  for (int i = 0; i < 2; ++i) {
    Document d;
    d.id = absl::StrCat("u", i);
    d.text = Window(RandomWords(200, 10 + i), 0, 200);
    docs.push_back(d);
  }
  return docs;
}

std::string ChainJsonl() {
  std::string out;
  for (const Document& d : ChainCorpus()) {
    JsonObjectWriter w(&out);
    w.String("id", d.id).String("text", d.text);
    w.Close();
    out.push_back('\n');
  }
  return out;
}

DedupOptions Quiet() {
  DedupOptions options;
  options.threads = 2;
  return options;
}

// The contract of the evidence, checked against the thresholds: every
// non-canonical record's linked_via edge is a candidate the verification
// accepted and the clustering did not refuse, with the record's link
// scores, inside its cluster; following linked_via reaches the canonical
// without a cycle; each verdict follows from the scores; the refused
// verdicts are the summary's refused edges.
void ExpectEvidence(const DedupResult& result, const DedupOptions& options) {
  const auto& records = result.records;
  const auto& candidates = result.candidates;
  ASSERT_EQ(candidates.size(), result.summary.candidate_pairs);
  std::map<std::pair<uint32_t, uint32_t>, const CandidateRecord*> by_pair;
  uint64_t refused = 0;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const CandidateRecord& c = candidates[i];
    ASSERT_LT(c.a, c.b);
    if (i > 0) EXPECT_LT(std::make_pair(candidates[i - 1].a, candidates[i - 1].b), std::make_pair(c.a, c.b));
    by_pair[{c.a, c.b}] = &c;
    const bool near = c.jaccard >= options.threshold - 1e-6;
    const bool contained = options.containment > 0 && c.containment >= options.containment - 1e-6;
    switch (c.verdict) {
      case CandidateVerdict::kBelowThreshold: EXPECT_FALSE(near || contained) << c.a << "," << c.b; break;
      case CandidateVerdict::kNearDuplicate: EXPECT_TRUE(near) << c.a << "," << c.b; break;
      case CandidateVerdict::kContainment: EXPECT_TRUE(contained && !near) << c.a << "," << c.b; break;
      case CandidateVerdict::kRefusedTooFar:
        EXPECT_LT(c.far_similarity, options.link_threshold);
        [[fallthrough]];
      case CandidateVerdict::kRefusedOtherStar:
        ++refused;
        EXPECT_TRUE(c.by_containment ? contained : near) << c.a << "," << c.b;
        break;
    }
  }
  EXPECT_EQ(refused, result.summary.refused_edges);
  for (uint32_t d = 0; d < records.size(); ++d) {
    const ClusterRecord& r = records[d];
    if (r.canonical) {
      EXPECT_EQ(r.linked_via_ordinal, d);
      continue;
    }
    const uint32_t via = static_cast<uint32_t>(r.linked_via_ordinal);
    EXPECT_EQ(r.linked_via, records[via].id);
    const auto it = by_pair.find({std::min(d, via), std::max(d, via)});
    ASSERT_NE(it, by_pair.end()) << r.id << " linked via " << r.linked_via << ", not a candidate";
    const CandidateVerdict v = it->second->verdict;
    EXPECT_TRUE(v == CandidateVerdict::kNearDuplicate || v == CandidateVerdict::kContainment) << r.id;
    EXPECT_NEAR(r.link_jaccard, it->second->jaccard, 1e-6);
    EXPECT_NEAR(r.link_containment, it->second->containment, 1e-6);
    EXPECT_EQ(records[via].cluster_ordinal, r.cluster_ordinal);
    uint32_t at = d;
    for (size_t steps = 0; !records[at].canonical && steps <= records.size(); ++steps) {
      at = static_cast<uint32_t>(records[at].linked_via_ordinal);
    }
    EXPECT_EQ(at, r.cluster_ordinal) << r.id << ": linked_via does not reach the canonical";
  }
}

DedupResult RunDeduper(const std::vector<Document>& docs, const DedupOptions& options) {
  auto deduper = Deduper::Create(options);
  EXPECT_TRUE(deduper.ok()) << deduper.status();
  EXPECT_TRUE((*deduper)->Add(docs).ok());
  absl::StatusOr<DedupResult> result = (*deduper)->Finish();
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : DedupResult();
}

TEST(Explain, ChainMemberBelowTheThresholdIsLinkedViaItsNeighbour) {
  const DedupResult r = RunDeduper(ChainCorpus(), Quiet());
  ASSERT_EQ(r.records.size(), 6u);
  std::string scores;
  for (const CandidateRecord& c : r.candidates) absl::StrAppend(&scores, c.a, "-", c.b, ":", c.jaccard, " ");
  // d0 is canonical of d0..d2; d2 has no verified pair with it and sits
  // below the threshold: it is there through d1.
  for (int d = 0; d < 3; ++d) EXPECT_EQ(r.records[d].cluster, "d0") << d << " " << scores;
  EXPECT_LT(r.records[2].similarity, Quiet().threshold) << scores;
  EXPECT_GE(r.records[2].similarity, Quiet().link_threshold) << scores;
  EXPECT_EQ(r.records[1].linked_via, "d0");
  EXPECT_EQ(r.records[2].linked_via, "d1") << scores;
  EXPECT_GE(r.records[2].link_jaccard, Quiet().threshold);
  // d3's edge to d2 was refused: d0 would be its canonical, too far.
  EXPECT_TRUE(r.records[3].canonical) << scores;
  const auto refused = std::find_if(r.candidates.begin(), r.candidates.end(),
                                    [](const CandidateRecord& c) { return c.a == 2 && c.b == 3; });
  ASSERT_NE(refused, r.candidates.end()) << scores;
  EXPECT_EQ(refused->verdict, CandidateVerdict::kRefusedTooFar);
  EXPECT_EQ(refused->would_be_canonical, 0u);
  EXPECT_EQ(refused->far, 3u);
  ExpectEvidence(r, Quiet());
}

TEST(Explain, EvidenceIsConsistentInEveryModeAndWithContainment) {
  const std::vector<std::string> corpus = {SHABIH_SOURCE_DIR "/corpus/sites", SHABIH_SOURCE_DIR "/corpus/seeds",
                                           SHABIH_SOURCE_DIR "/corpus/sample.jsonl"};
  std::vector<Document> sample;
  auto reader = CorpusReader::Open(corpus, ReadOptions());
  ASSERT_TRUE(reader.ok());
  for (Document d; (*reader)->Next(&d);) sample.push_back(d);
  for (ClusterMode mode : {ClusterMode::kBounded, ClusterMode::kConnected, ClusterMode::kStar}) {
    for (double containment : {0.0, 0.8}) {
      SCOPED_TRACE(::testing::Message() << ClusterModeName(mode) << " containment " << containment);
      DedupOptions options = Quiet();
      options.cluster_mode = mode;
      options.containment = containment;
      const DedupResult r = RunDeduper(sample, options);
      ExpectEvidence(r, options);
      size_t members = 0;
      for (const ClusterRecord& c : r.records) members += !c.canonical;
      EXPECT_GT(members, 10u) << "the checks must not hold vacuously";
    }
  }
  DedupOptions connected = Quiet();
  connected.cluster_mode = ClusterMode::kConnected;
  const DedupResult joined = RunDeduper(ChainCorpus(), connected);
  ExpectEvidence(joined, connected);
  EXPECT_EQ(joined.records[3].cluster, "d0");
  EXPECT_EQ(joined.records[3].linked_via, "d2");
}

TEST(Explain, RunDedupWritesLinksAndCandidatesFiles) {
  TempDir dir;
  WriteFile(dir / "chain.jsonl", ChainJsonl());
  auto summary = RunDedup({dir / "chain.jsonl"}, Quiet(), dir / "out", nullptr);
  ASSERT_TRUE(summary.ok()) << summary.status();
  const std::vector<std::string> rows = ReadLines(dir / "out/clusters.jsonl");
  ASSERT_EQ(rows.size(), 6u);
  // Canonical rows keep the shared contract's four fields, nothing more.
  EXPECT_EQ(rows[0], "{\"id\":\"d0\",\"cluster\":\"d0\",\"canonical\":true,\"similarity\":1.0}");
  EXPECT_EQ(rows[2].rfind("{\"id\":\"d2\",\"cluster\":\"d0\",\"canonical\":false,\"similarity\":0.", 0), 0u)
      << rows[2];
  EXPECT_NE(rows[2].find(",\"linked_via\":\"d1\",\"link_jaccard\":0."), std::string::npos) << rows[2];
  EXPECT_NE(rows[2].find(",\"link_containment\":"), std::string::npos) << rows[2];
  const std::vector<std::string> candidates = ReadLines(dir / "out/candidates.jsonl");
  EXPECT_EQ(candidates.size(), summary->candidate_pairs);
  const auto refused = std::find_if(candidates.begin(), candidates.end(), [](const std::string& line) {
    return line.rfind("{\"a\":\"d2\",\"b\":\"d3\",", 0) == 0;
  });
  ASSERT_NE(refused, candidates.end());
  EXPECT_NE(refused->find("\"verdict\":\"refused-too-far\",\"relation\":\"near-duplicate\",\"canonical\":\"d0\","
                          "\"far\":\"d3\",\"far_similarity\":0."),
            std::string::npos)
      << *refused;
  const auto linking = std::find_if(candidates.begin(), candidates.end(), [](const std::string& line) {
    return line.rfind("{\"a\":\"d1\",\"b\":\"d2\",", 0) == 0;
  });
  ASSERT_NE(linking, candidates.end());
  EXPECT_NE(linking->find("\"verdict\":\"near-duplicate\"}"), std::string::npos) << *linking;
}

TEST(Explain, CliShowsCandidatesVerdictsAndThePathToTheCanonical) {
  TempDir dir;
  WriteFile(dir / "chain.jsonl", ChainJsonl());
  ASSERT_EQ(RunCli("dedup " + dir / "chain.jsonl" + " --out " + dir / "run" + " --quiet").exit_code, 0);
  const testing::CliResult r = RunCli("explain " + dir / "run" + " d2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* expected :
       {"document:   d2", "cluster:    d0 (3 members)", "linked_via: d1 (jaccard 0.", "path:       d2 -> d1 (0.",
        " -> d0 (0.", "bounded clustering: every member is at least link_threshold 0.3000",
        "the edge that joined d2 to its cluster (linked_via)",
        "refused by the bounded clustering: the merge would have made d0 the canonical, and d3 would have been 0.",
        "(< link_threshold 0.3000); d3 is in cluster d3"}) {
    EXPECT_NE(r.output.find(expected), std::string::npos) << expected << " in\n" << r.output;
  }
  const testing::CliResult canonical = RunCli("explain " + dir / "run" + " d0");
  ASSERT_EQ(canonical.exit_code, 0) << canonical.output;
  EXPECT_NE(canonical.output.find("canonical:  yes"), std::string::npos) << canonical.output;
  EXPECT_NE(canonical.output.find("the edge that joined d1 to the cluster (its linked_via)"), std::string::npos)
      << canonical.output;
}

TEST(Explain, CliRefusesUnknownIdsAndRunsWithoutEvidence) {
  TempDir dir;
  WriteFile(dir / "chain.jsonl", ChainJsonl());
  ASSERT_EQ(RunCli("dedup " + dir / "chain.jsonl" + " --out " + dir / "run" + " --quiet").exit_code, 0);
  const testing::CliResult unknown = RunCli("explain " + dir / "run" + " d");
  EXPECT_EQ(unknown.exit_code, 1) << unknown.output;
  EXPECT_NE(unknown.output.find("shabih explain: no document 'd' in "), std::string::npos) << unknown.output;
  EXPECT_NE(unknown.output.find("nearest ids: 'd0', 'd1', 'd2', 'd3'"), std::string::npos) << unknown.output;
  const testing::CliResult none = RunCli("explain " + dir / "nowhere" + " d0");
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_NE(none.output.find("has no clusters.jsonl"), std::string::npos) << none.output;
  // A run of a version before the evidence file: the message names the fix.
  std::filesystem::remove(dir / "run/candidates.jsonl");
  const testing::CliResult old = RunCli("explain " + dir / "run" + " d0");
  EXPECT_EQ(old.exit_code, 2) << old.output;
  EXPECT_NE(old.output.find("has no candidates.jsonl"), std::string::npos) << old.output;
  EXPECT_NE(old.output.find("Re-run `shabih dedup INPUT... --out "), std::string::npos) << old.output;
}

TEST(Explain, CliClustersJsonlCarriesLinksOnlyOnMembers) {
  TempDir dir;
  WriteFile(dir / "chain.jsonl", ChainJsonl());
  ASSERT_EQ(RunCli("dedup " + dir / "chain.jsonl" + " --out " + dir / "run --cluster connected --quiet").exit_code,
            0);
  const std::vector<std::string> rows = ReadLines(dir / "run/clusters.jsonl");
  ASSERT_EQ(rows.size(), 6u);
  for (const std::string& row : rows) {
    const bool canonical = row.find("\"canonical\":true") != std::string::npos;
    EXPECT_EQ(row.find("\"linked_via\"") == std::string::npos, canonical) << row;
    EXPECT_EQ(row.find("\"link_jaccard\"") == std::string::npos, canonical) << row;
  }
  // Connected: d3 joins d0's cluster through d2.
  EXPECT_EQ(rows[3].rfind("{\"id\":\"d3\",\"cluster\":\"d0\",\"canonical\":false,", 0), 0u) << rows[3];
  EXPECT_NE(rows[3].find("\"linked_via\":\"d2\""), std::string::npos) << rows[3];
}

}  // namespace
}  // namespace shabih
