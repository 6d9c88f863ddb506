#include "engine/internal/template_prior.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "engine/internal/document_frequency.h"
#include "shabih/dedup.h"
#include "shabih/normalize.h"
#include "shabih/shingle.h"
#include "tests/test_util.h"
#include "tooling/crawl_generator.h"
#include "tooling/eval.h"

namespace shabih {
namespace {

using testing::TempDir;
using testing::WriteFile;

// The shingle hashes a text gets with the default options.
std::vector<uint64_t> ShinglesOf(const std::string& text) {
  std::vector<uint64_t> tokens, shingles;
  Normalizer::Default().TokenHashes(text, &tokens);
  ShingleHashes(tokens, kDefaultShingleSize, &shingles);
  return shingles;
}

const char kCable[] = "بعث خادم الحرمين الشريفين برقية تهنئة لرئيس الدولة بمناسبة ذكرى استقلال بلاده";

TemplatePrior BuildSmall() {
  auto b = TemplatePriorBuilder::Create(DedupOptions(), "test-prior-v1");
  EXPECT_TRUE(b.ok()) << b.status();
  // The cable on 3 days (4 documents); a story on one day only (5 copies);
  // a phrase on 2 days only.
  for (const char* day : {"d1", "d2", "d3", "d3"}) EXPECT_TRUE((*b)->Add(absl::StrCat(kCable, " ", day), day).ok());
  for (int i = 0; i < 5; ++i) EXPECT_TRUE((*b)->Add("وصل وفد المملكة الى العاصمة صباح اليوم لبحث التعاون", "d1").ok());
  for (const char* day : {"d1", "d2"}) EXPECT_TRUE((*b)->Add("اعلنت الهيئة العامة للاحصاء نتائج المسح الجديد", day).ok());
  return (*b)->Finish(/*min_days=*/3, /*min_documents=*/4, "unit test");
}

TEST(TemplatePrior, BuilderKeepsShinglesRecurringAcrossDaysOnly) {
  const TemplatePrior p = BuildSmall();
  // Exactly the cable's shingles: every 5-shingle of kCable (12 words: 8),
  // none of the one-day story's, none of the two-day phrase's.
  const std::vector<uint64_t> cable = ShinglesOf(kCable);
  ASSERT_EQ(cable.size(), 8u);
  std::vector<uint64_t> want = cable;
  std::sort(want.begin(), want.end());
  EXPECT_EQ(p.shingles(), want);
  for (const TemplatePrior::Entry& e : p.entries()) {
    EXPECT_EQ(e.documents, 4u);
    EXPECT_EQ(e.days, 3u);
  }
  EXPECT_EQ(p.documents(), 11u);
}

TEST(TemplatePrior, SerializeParseRoundTrip) {
  const TemplatePrior p = BuildSmall();
  const std::string text = p.Serialize();
  auto back = TemplatePrior::Parse(text);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->id(), "test-prior-v1");
  EXPECT_EQ(back->shingles(), p.shingles());
  EXPECT_EQ(back->normalization(), kNormalizationVersion);
  EXPECT_EQ(back->shingle_size(), 5);
  EXPECT_EQ(back->Serialize(), text);
  EXPECT_TRUE(back->Matches(DedupOptions()).ok());
}

TEST(TemplatePrior, OtherFormatVersionsAndDamageAreRefused) {
  const std::string text = BuildSmall().Serialize();
  std::string other = text;
  other.replace(other.find(kTemplatePriorFormat), std::string(kTemplatePriorFormat).size(), "shabih-template-prior-9");
  EXPECT_EQ(TemplatePrior::Parse(other).status().code(), absl::StatusCode::kInvalidArgument);
  // Truncated: the declared count no longer matches.
  const std::string truncated = text.substr(0, text.rfind('\n', text.size() - 2) + 1);
  EXPECT_FALSE(TemplatePrior::Parse(truncated).ok());
  EXPECT_FALSE(TemplatePrior::Parse("").ok());
  EXPECT_FALSE(TemplatePrior::Parse(text + "zz\t1\t1\n").ok());
  std::string unsorted = text;
  const size_t first = unsorted.find("\n", unsorted.find("shingles\t")) + 1;
  unsorted.insert(first, "ffffffffffffffff\t9\t9\n");
  EXPECT_FALSE(TemplatePrior::Parse(unsorted).ok());
}

TEST(TemplatePrior, AppliesOnlyWithTheParametersItWasBuiltWith) {
  DedupOptions o;
  o.shingle_size = 4;
  EXPECT_FALSE(BuildSmall().Matches(o).ok());
  // The built-in prior silently cannot apply with another shingle size;
  // the run records "none".
  auto builtin = TemplatePriorFor(o);
  ASSERT_TRUE(builtin.ok());
  EXPECT_EQ(*builtin, nullptr);
  EXPECT_EQ(TemplatePriorId(o), "none");
  // A prior file that does not match is an error.
  TempDir dir;
  WriteFile(dir / "p.tsv", BuildSmall().Serialize());
  o.template_prior = dir / "p.tsv";
  EXPECT_EQ(TemplatePriorFor(o).status().code(), absl::StatusCode::kInvalidArgument);
  o.shingle_size = 5;
  auto file = TemplatePriorFor(o);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ((*file)->id(), "test-prior-v1");
  o.template_prior = dir / "missing.tsv";
  EXPECT_EQ(TemplatePriorFor(o).status().code(), absl::StatusCode::kNotFound);
  o.template_prior = "none";
  EXPECT_EQ(*TemplatePriorFor(o), nullptr);
  o.template_prior = "builtin";
  o.common_min_documents = 0;  // template awareness off: no prior either
  EXPECT_EQ(*TemplatePriorFor(o), nullptr);
}

TEST(TemplatePrior, BuiltinParsesAndMatchesTheDefaults) {
  const TemplatePrior& p = TemplatePrior::Builtin();
  EXPECT_GT(p.entries().size(), 1000u) << "engine/data/template_prior.tsv did not parse";
  EXPECT_TRUE(p.Matches(DedupOptions()).ok());
  EXPECT_EQ(TemplatePriorId(DedupOptions()), p.id());
  // The royal-cable wording of SaudiNewsNet's training days is in it.
  int found = 0;
  CommonShingles common = WithShingles(CommonShingles(), p.shingles());
  for (uint64_t s : ShinglesOf("خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود")) found += common.Contains(s);
  EXPECT_GT(found, 0);
}

TEST(TemplatePrior, MarkedShinglesAreCommonAndCounted) {
  const std::vector<uint64_t> shingles = ShinglesOf(kCable);
  CommonShingles common = WithShingles(CommonShingles(), shingles);
  for (uint64_t s : shingles) EXPECT_TRUE(common.Contains(s));
  EXPECT_FALSE(common.Contains(ShinglesOf("وصل وفد المملكة الى العاصمة صباح اليوم")[0]));
  EXPECT_GE(common.common_cells(), shingles.size());
  EXPECT_LE(common.common_cells(), 2 * shingles.size());
}

TEST(CommonCutoff, RelativeOnSmallCrawlsAbsoluteOnLargeOnes) {
  DedupOptions o;  // 50, 1e-4, relative 0.025
  EXPECT_DOUBLE_EQ(CommonMinDocuments(o, 85), 10);     // the floor
  EXPECT_DOUBLE_EQ(CommonMinDocuments(o, 500), 12.5);  // 0.025 x 500
  EXPECT_DOUBLE_EQ(CommonMinDocuments(o, 2000), 50);
  EXPECT_DOUBLE_EQ(CommonMinDocuments(o, 31030), 50);
  EXPECT_DOUBLE_EQ(CommonMinDocuments(o, 1000000), 100);  // common_fraction
  o.common_relative = 0;
  EXPECT_DOUBLE_EQ(CommonMinDocuments(o, 500), 50);
  o.common_relative = 0.025;
  o.common_min_documents = 5;  // an absolute cut-off under the floor wins
  EXPECT_DOUBLE_EQ(CommonMinDocuments(o, 500), 5);
}

// A 500-page generated crawl: too small for an absolute cut-off of 50 to
// see its templates (precision 0.59), not for the relative one.
TEST(CommonCutoff, GeneratedFiveHundredPageCrawlKeepsItsPrecision) {
  TempDir dir;
  GeneratorOptions g;
  g.out_dir = dir / "gen";
  g.pages = 500;
  g.seed = 1;
  GeneratorStats stats;
  ASSERT_TRUE(GenerateCrawl(g, &stats).ok());
  auto score = [&](const DedupOptions& o, const std::string& name) {
    auto run = RunDedup({dir / "gen/crawl.jsonl"}, o, dir / name, nullptr);
    EXPECT_TRUE(run.ok()) << run.status();
    auto r = EvaluateClusterFiles(dir / (name + "/clusters.jsonl"), dir / "gen/gold_clusters.jsonl",
                                  ClusterEvalOptions());
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->scores : PairScores();
  };
  DedupOptions o;
  o.threads = 1;
  const PairScores relative = score(o, "relative");
  EXPECT_GE(relative.precision, 0.99);
  EXPECT_GE(relative.recall, 0.75);
  o.common_relative = 0;
  o.template_prior = "none";
  const PairScores absolute = score(o, "absolute");
  EXPECT_LT(absolute.precision, 0.7) << "the control: templates merge with the absolute cut-off alone";
}

}  // namespace
}  // namespace shabih
