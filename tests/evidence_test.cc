#include "engine/internal/evidence.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/dedup_output.h"
#include "gtest/gtest.h"
#include "shabih/deduper.h"
#include "shabih/online_deduper.h"
#include "shabih/stages.h"

namespace shabih::internal {
namespace {

TEST(WordFrequency, CountsEachWordOncePerDocumentAndScalesBack) {
  WordFrequency words;
  for (uint64_t d = 0; d < 20; ++d) {
    std::vector<uint64_t> tokens = {7, 7, 7, 1000 + d};  // 7 in every document, repeated
    if (d < 3) tokens.push_back(99);
    words.AddDocument(tokens);
  }
  EXPECT_EQ(words.sampled_documents(), 20u);
  EXPECT_DOUBLE_EQ(words.EstimateDocuments(7, 20), 20.0);
  EXPECT_DOUBLE_EQ(words.EstimateDocuments(7, 80), 80.0) << "a quarter sampled: counts times four";
  EXPECT_GE(words.EstimateDocuments(99, 20), 3.0) << "count-min only overestimates";
  EXPECT_LT(words.EstimateDocuments(99, 20), 20.0);
  EXPECT_DOUBLE_EQ(WordFrequency().EstimateDocuments(7, 20), 0.0) << "nothing sampled";
}

TEST(WordFrequency, MergeIsOrderIndependent) {
  WordFrequency a, b, ab, ba;
  a.AddDocument(std::vector<uint64_t>{1, 2, 3});
  b.AddDocument(std::vector<uint64_t>{2, 3, 4});
  ab.Merge(a);
  ab.Merge(b);
  ba.Merge(b);
  ba.Merge(a);
  for (uint64_t t : {1, 2, 3, 4, 5}) EXPECT_EQ(ab.EstimateDocuments(t, 2), ba.EstimateDocuments(t, 2)) << t;
  EXPECT_DOUBLE_EQ(ab.EstimateDocuments(2, 2), 2.0);
  EXPECT_EQ(ab.sampled_documents(), 2u);
}

TEST(RareWords, RareMaxDocumentsIsRelativeWithAFloor) {
  DedupOptions o;
  EXPECT_DOUBLE_EQ(RareMaxDocuments(o, 31030), 124.12);
  EXPECT_DOUBLE_EQ(RareMaxDocuments(o, 500), 10.0);
  o.evidence_word_sample_rate = 0;
  o.verify = VerifyMode::kEvidence;
  EXPECT_FALSE(ResolveDedupOptions(o).ok());
}

// Words ((t << 32) | t: the sketch keeps the high 32 bits) in every one of
// 20 sampled documents are not rare; the others are, and the sketch keeps
// the smallest kRareWordSample of them, sorted.
TEST(RareWords, SketchKeepsTheBottomKOfTheRareWords) {
  WordFrequency words;
  auto word = [](uint64_t t) { return (t << 32) | t; };
  for (int d = 0; d < 20; ++d) words.AddDocument(std::vector<uint64_t>{word(1), word(2)});
  const RareWords rare(words, 20, /*max_documents=*/10);
  EXPECT_FALSE(rare.IsRare(word(1)));
  EXPECT_TRUE(rare.IsRare(word(300))) << "never seen: the rarest of all";
  EXPECT_TRUE(RareWords().IsRare(word(1))) << "no frequencies: every word is rare";
  std::vector<uint64_t> tokens = {word(1), word(2), word(500), word(500), word(300)};
  RareWordSketch s;
  MakeRareWordSketch(tokens, rare, &s);
  EXPECT_EQ(s.count, 2u);
  EXPECT_EQ(s.values, (std::vector<uint32_t>{300, 500}));
  tokens.clear();
  for (uint64_t t = 1000; t > 900; --t) tokens.push_back(word(t));
  MakeRareWordSketch(tokens, rare, &s);
  EXPECT_EQ(s.count, 100u);
  ASSERT_EQ(s.values.size(), static_cast<size_t>(kRareWordSample));
  EXPECT_EQ(s.values.front(), 901u);
  EXPECT_EQ(s.values.back(), 900u + kRareWordSample);
}

TEST(RareWords, ContainmentKnownAnswers) {
  const std::vector<uint32_t> a = {1, 2, 3, 4}, b = {2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_DOUBLE_EQ(RareContainment(a, 4, b, 8), 0.75) << "3 of the shorter's 4 words";
  EXPECT_DOUBLE_EQ(RareContainment(b, 8, a, 4), 0.75) << "symmetric";
  EXPECT_DOUBLE_EQ(RareContainment(a, 4, a, 4), 1.0);
  EXPECT_DOUBLE_EQ(RareContainment(a, 4, {}, 0), 0.0) << "no rare word, no evidence";
  // Truncated sketches: only values up to the lower sketch maximum (here
  // 8, b's largest; a holds its whole set) are compared: a's 2, 4, 6, 8,
  // of which b has 2, 4 and 8.
  const std::vector<uint32_t> a2 = {2, 4, 6, 8, 10, 12}, b2 = {1, 2, 3, 4, 5, 7, 8};
  EXPECT_DOUBLE_EQ(RareContainment(a2, 6, b2, 500), 0.75);
}

TEST(EvidenceRule, PairRule1KnownAnswers) {
  DedupOptions o;  // threshold 0.4, evidence 0.1 / 0.6
  EXPECT_TRUE(EvidenceJoins(o, 0.45, 0.0)) << "a near-duplicate by Jaccard alone";
  EXPECT_TRUE(EvidenceJoins(o, 0.2, 0.7)) << "an edited re-post: low Jaccard, its rare words kept";
  EXPECT_TRUE(EvidenceJoins(o, 0.1, 0.6)) << "both bars inclusive";
  EXPECT_FALSE(EvidenceJoins(o, 0.35, 0.3)) << "a templated different story: the names differ";
  EXPECT_FALSE(EvidenceJoins(o, 0.09, 1.0)) << "too little text shared";
  EXPECT_EQ(std::string(kEvidenceRuleVersion), "pair-rule-1");
  const LshParams p = EvidenceLshParams(o);
  EXPECT_GT(p.bands, 0);
  EXPECT_LE(p.bands * p.rows, o.minhash.num_perms);
}

TEST(EvidenceRule, PathsWithoutEvidenceRefuseItNamingTheFlag) {
  DedupOptions o;
  o.verify = VerifyMode::kEvidence;
  EXPECT_TRUE(ResolveDedupOptions(o).ok());
  auto refused = [&](DedupOptions with, const std::string& flag) {
    absl::StatusOr<DedupOptions> r = ResolveDedupOptions(with);
    ASSERT_FALSE(r.ok()) << flag;
    EXPECT_NE(r.status().message().find("--verify evidence"), std::string::npos) << r.status();
    EXPECT_NE(r.status().message().find(flag), std::string::npos) << r.status();
  };
  DedupOptions index = o;
  index.index_dir = "/tmp/nowhere";
  refused(index, "--index");
  DedupOptions memory = o;
  memory.memory_bytes = uint64_t{64} << 20;
  refused(memory, "--memory");
  DedupOptions simhash = o;
  simhash.method = DedupMethod::kSimHash;
  refused(simhash, "--method simhash");
  DedupOptions containment = o;
  containment.containment = 0.8;
  refused(containment, "--containment");
  absl::StatusOr<std::unique_ptr<OnlineDeduper>> online = OnlineDeduper::Create(o);
  ASSERT_FALSE(online.ok());
  EXPECT_NE(online.status().message().find("--verify evidence"), std::string::npos);
  absl::StatusOr<StageResult> stage = ScanShard({"/nonexistent.jsonl"}, o, 0, 1, "/tmp/nowhere-stage-work");
  ASSERT_FALSE(stage.ok());
  EXPECT_NE(stage.status().message().find("--verify evidence"), std::string::npos) << stage.status();
  EXPECT_NE(stage.status().message().find("stages"), std::string::npos) << stage.status();
  EXPECT_EQ(ParseVerifyMode("evidence").value(), VerifyMode::kEvidence);
  EXPECT_FALSE(ParseVerifyMode("rare").ok());
}

// A crawl in miniature: 40 stories from one template (its wording on every
// page, a name and date of their own), an edited re-post of a story (every
// eighth word changed: 5-shingle Jaccard about 0.23) and a short wire story
// inside a longer article. Jaccard verification joins none of them;
// evidence joins the re-post as the same story and the wire story as
// contained, and keeps the templated stories apart.
std::vector<Document> MiniCrawl() {
  std::vector<Document> docs;
  auto words = [](const std::string& stem, int from, int to) {
    std::string s;
    for (int i = from; i < to; ++i) absl::StrAppend(&s, stem, i, " ");
    return s;
  };
  for (int t = 0; t < 40; ++t) {
    std::string text;
    for (int i = 0; i < 6; ++i) absl::StrAppend(&text, words("tmpl", i * 10, i * 10 + 10), words(absl::StrCat("n", t, "x"), i, i + 2));
    docs.push_back({.id = absl::StrCat("template-", t), .site = absl::StrCat("site", t % 5), .text = text});
  }
  std::string story, edited;
  for (int i = 0; i < 160; ++i) {
    absl::StrAppend(&story, "story", i, " ");
    absl::StrAppend(&edited, i % 8 == 7 ? absl::StrCat("edit", i) : absl::StrCat("story", i), " ");
  }
  docs.push_back({.id = "story", .site = "a", .text = story});
  docs.push_back({.id = "repost", .site = "b", .text = edited});
  docs.push_back({.id = "wire", .site = "a", .text = words("wire", 0, 60)});
  docs.push_back({.id = "article", .site = "b", .text = words("wire", 0, 60) + words("longer", 0, 200)});
  return docs;
}

absl::StatusOr<DedupResult> DedupMini(VerifyMode mode) {
  DedupOptions o;
  o.strip = false;
  o.threads = 1;
  o.verify = mode;
  o.document_frequency.sample_rate = 1;  // the whole miniature: exact frequencies
  absl::StatusOr<std::unique_ptr<Deduper>> deduper = Deduper::Create(o);
  if (!deduper.ok()) return deduper.status();
  if (absl::Status s = (*deduper)->Add(MiniCrawl()); !s.ok()) return s;
  return (*deduper)->Finish();
}

std::string ClusterOf(const DedupResult& r, const std::string& id) {
  for (const ClusterRecord& c : r.records)
    if (c.id == id) return c.cluster;
  return "";
}

TEST(EvidenceRule, JoinsEditedRepostsAndContainedStoriesNotTemplates) {
  absl::StatusOr<DedupResult> jaccard = DedupMini(VerifyMode::kJaccard);
  ASSERT_TRUE(jaccard.ok()) << jaccard.status();
  EXPECT_NE(ClusterOf(*jaccard, "story"), ClusterOf(*jaccard, "repost"));
  EXPECT_NE(ClusterOf(*jaccard, "wire"), ClusterOf(*jaccard, "article"));

  absl::StatusOr<DedupResult> evidence = DedupMini(VerifyMode::kEvidence);
  ASSERT_TRUE(evidence.ok()) << evidence.status();
  EXPECT_EQ(ClusterOf(*evidence, "story"), ClusterOf(*evidence, "repost"));
  EXPECT_EQ(ClusterOf(*evidence, "wire"), "article") << "the longer article is canonical";
  for (int t = 1; t < 40; ++t) {
    EXPECT_NE(ClusterOf(*evidence, absl::StrCat("template-", t)), ClusterOf(*evidence, "template-0")) << t;
  }
  EXPECT_EQ(evidence->summary.same_story_edges, 1u);
  EXPECT_EQ(evidence->summary.containment_edges, 1u);
  const std::string candidates = CandidatesJsonl(evidence->candidates, evidence->records);
  EXPECT_NE(candidates.find("\"a\":\"story\",\"b\":\"repost\""), std::string::npos) << candidates;
  EXPECT_NE(candidates.find("\"verdict\":\"same-story\""), std::string::npos) << candidates;
  EXPECT_NE(candidates.find("\"rare_containment\":1.0,\"verdict\":\"b-contains-a\""), std::string::npos)
      << candidates;
  EXPECT_EQ(CandidatesJsonl(jaccard->candidates, jaccard->records).find("rare_containment"), std::string::npos)
      << "no new field without --verify evidence";
}

TEST(EvidenceRule, PairsCarryTheRelationAndRareContainment) {
  DedupOptions o;
  o.strip = false;
  o.threads = 2;
  o.verify = VerifyMode::kEvidence;
  o.document_frequency.sample_rate = 1;
  auto deduper = Deduper::Create(o);
  ASSERT_TRUE(deduper.ok());
  ASSERT_TRUE((*deduper)->Add(MiniCrawl()).ok());
  absl::StatusOr<DedupResult> r = (*deduper)->FinishPairs();
  ASSERT_TRUE(r.ok()) << r.status();
  const std::string pairs = PairsJsonl(r->pairs);
  EXPECT_NE(pairs.find("\"relation\":\"same-story\""), std::string::npos) << pairs;
  EXPECT_NE(pairs.find("\"rare_containment\":1.0,\"relation\":\"b-contains-a\""), std::string::npos) << pairs;
}

}  // namespace
}  // namespace shabih::internal
