#include "shabih/dedup.h"

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "engine/internal/json_writer.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

using testing::ReadFile;
using testing::ReadLines;
using testing::TempDir;
using testing::WriteFile;

// A random "article" of Arabic words, several paragraphs.
std::string RandomArticle(std::mt19937_64& rng, int words) {
  static const std::vector<std::string> kWords = {
      "قال", "وزير", "الخارجية", "السعودي", "في", "مؤتمر", "صحفي", "اليوم", "إن", "المملكة",
      "تدعم", "جهود", "السلام", "والتنمية", "في", "المنطقة", "وأضاف", "أن", "الاجتماع", "ناقش",
      "التعاون", "الاقتصادي", "بين", "البلدين", "وأكد", "على", "أهمية", "الشراكة", "الاستراتيجية", "مشيرا",
      "إلى", "النمو", "المتوقع", "خلال", "العام", "الجاري", "الرياض", "جدة", "الدمام", "مكة"};
  std::string text;
  for (int i = 0; i < words; ++i) {
    absl::StrAppend(&text, kWords[rng() % kWords.size()], (i % 40 == 39) ? "\n" : " ");
  }
  return text;
}

std::map<std::string, std::string> ClusterOf(const std::string& path) {
  std::map<std::string, std::string> out;
  for (const std::string& line : ReadLines(path)) {
    // {"id":"...","cluster":"...",...}
    const size_t id_start = line.find("\"id\":\"") + 6;
    const size_t id_end = line.find('"', id_start);
    const size_t c_start = line.find("\"cluster\":\"") + 11;
    const size_t c_end = line.find('"', c_start);
    out[line.substr(id_start, id_end - id_start)] = line.substr(c_start, c_end - c_start);
  }
  return out;
}

DedupOptions Quiet(int threads = 1) {
  DedupOptions o;
  o.threads = threads;
  return o;
}

TEST(Dedup, CrossPostedEditedCopiesClusterAndOutputFollowsContract) {
  TempDir dir;
  std::mt19937_64 rng(1);
  const std::string story = RandomArticle(rng, 300);
  // An edited re-post: diacritics, hamza and ta-marbuta variants, Arabic-Indic
  // digits, a new intro line.
  std::string edited = "مقدمة جديدة للخبر في عام ٢٠١٥\n" + story;
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"إن", "ان"}, {"الخارجية", "الخارجيه"}, {"وزير", "وَزِير"}}) {
    for (size_t p = edited.find(from); p != std::string::npos; p = edited.find(from, p + to.size())) {
      edited.replace(p, from.size(), to);
    }
  }
  WriteFile(dir / "in/site-a/story.txt", story);
  WriteFile(dir / "in/site-b/story-copy.txt", edited);
  WriteFile(dir / "in/site-c/other.txt", RandomArticle(rng, 300));
  WriteFile(dir / "in/site-c/short.txt", "خبر قصير");
  auto summary = RunDedup({dir / "in"}, Quiet(), dir / "out", nullptr);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->documents, 4u);
  EXPECT_EQ(summary->clusters, 3u);
  EXPECT_EQ(summary->duplicates, 1u);
  const auto lines = ReadLines(dir / "out/clusters.jsonl");
  ASSERT_EQ(lines.size(), 4u);
  // Input order; the longer copy (with the intro) is canonical.
  EXPECT_EQ(lines[0].rfind("{\"id\":\"site-a/story.txt\",\"cluster\":\"site-b/story-copy.txt\",", 0), 0u)
      << lines[0];
  EXPECT_NE(lines[0].find("\"canonical\":false"), std::string::npos);
  EXPECT_NE(lines[1].find("\"canonical\":true,\"similarity\":1.0}"), std::string::npos);
  EXPECT_EQ(lines[3], "{\"id\":\"site-c/short.txt\",\"cluster\":\"site-c/short.txt\",\"canonical\":true,\"similarity\":1.0}");
  const std::string json = ReadFile(dir / "out/summary.json");
  for (const char* key : {"\"documents\":4", "\"clusters\":3", "\"duplicates\":1", "\"bytes\":", "\"seconds\":",
                          "\"skipped\":[]", "\"repaired_utf8\":0", "\"params\":{", "\"version\":",
                          "\"normalization\":\"ar-norm-1\"", "\"bands\":", "\"rows\":"}) {
    EXPECT_NE(json.find(key), std::string::npos) << key << " in " << json;
  }
}

TEST(Dedup, ByteIdenticalOutputForAnyThreadCount) {
  TempDir dir;
  std::mt19937_64 rng(2);
  std::string jsonl;
  std::vector<std::string> stories;
  for (int i = 0; i < 40; ++i) stories.push_back(RandomArticle(rng, 150 + static_cast<int>(rng() % 200)));
  for (int d = 0; d < 6000; ++d) {
    std::string text = stories[rng() % stories.size()];
    text.erase(0, rng() % 200);  // varied edits
    if (d % 3 == 0) text = RandomArticle(rng, 80);
    std::string line;
    JsonObjectWriter w(&line);
    w.String("id", absl::StrCat("doc-", d)).String("text", text);
    w.Close();
    absl::StrAppend(&jsonl, line, "\n");
  }
  WriteFile(dir / "crawl.jsonl", jsonl);
  std::string first;
  for (int threads : {1, 2, 3, 8}) {
    const std::string out = dir / absl::StrCat("out", threads);
    auto summary = RunDedup({dir / "crawl.jsonl"}, Quiet(threads), out, nullptr);
    ASSERT_TRUE(summary.ok()) << summary.status();
    const std::string clusters = ReadFile(out + "/clusters.jsonl");
    if (first.empty()) first = clusters;
    EXPECT_EQ(clusters, first) << "threads=" << threads;
  }
  EXPECT_EQ(ReadLines(dir / "out1/clusters.jsonl").size(), 6000u);
}

TEST(Dedup, KeepWritesCanonicalDocumentsInInputLayout) {
  TempDir dir;
  std::mt19937_64 rng(3);
  const std::string a = RandomArticle(rng, 200), b = RandomArticle(rng, 200);
  WriteFile(dir / "in/s1/a.txt", a);
  WriteFile(dir / "in/s2/a-copy.txt", a + " إضافة");
  WriteFile(dir / "in/feed.jsonl", "{\"id\":\"j1\",\"text\":\"" + b.substr(0, b.find('\n')) + "\"}\n" +
                                       "{\"id\":\"j2\",\"text\":\"" + b.substr(0, b.find('\n')) + "\"}\n");
  DedupOptions options = Quiet();
  options.keep_dir = dir / "kept";
  auto summary = RunDedup({dir / "in"}, options, dir / "out", nullptr);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->kept_documents, 2u);
  EXPECT_FALSE(std::filesystem::exists(dir / "kept/s1/a.txt"));
  EXPECT_EQ(ReadFile(dir / "kept/s2/a-copy.txt"), a + " إضافة");
  const auto kept_lines = ReadLines(dir / "kept/feed.jsonl");
  ASSERT_EQ(kept_lines.size(), 1u);
  EXPECT_NE(kept_lines[0].find("\"id\":\"j1\""), std::string::npos);
}

TEST(Dedup, KeepRefusesToOverwriteOrMixWithTheInput) {
  TempDir dir;
  WriteFile(dir / "in/a.jsonl", "{\"id\":\"1\",\"text\":\"نص\"}\n");
  WriteFile(dir / "x/f.jsonl", "{\"id\":\"2\",\"text\":\"نص\"}\n");
  WriteFile(dir / "y/f.jsonl", "{\"id\":\"3\",\"text\":\"نص\"}\n");
  DedupOptions options = Quiet();
  options.keep_dir = dir / "in";
  auto inside = RunDedup({dir / "in"}, options, dir / "out1", nullptr);
  EXPECT_EQ(inside.status().code(), absl::StatusCode::kInvalidArgument);
  options.keep_dir = dir / "in";
  auto overwrite = RunDedup({dir / "in/a.jsonl"}, options, dir / "out2", nullptr);
  EXPECT_EQ(overwrite.status().code(), absl::StatusCode::kInvalidArgument);
  options.keep_dir = dir / "kept";
  auto collide = RunDedup({dir / "x/f.jsonl", dir / "y/f.jsonl"}, options, dir / "out3", nullptr);
  EXPECT_EQ(collide.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadFile(dir / "in/a.jsonl"), "{\"id\":\"1\",\"text\":\"نص\"}\n") << "input untouched";
}

TEST(Dedup, OutputDirectoryInsideTheInputIsNotReadBack) {
  TempDir dir;
  std::mt19937_64 rng(4);
  WriteFile(dir / "crawl/a.txt", RandomArticle(rng, 100));
  WriteFile(dir / "crawl/b.txt", RandomArticle(rng, 100));
  ASSERT_TRUE(RunDedup({dir / "crawl"}, Quiet(), dir / "crawl/out", nullptr).ok());
  auto again = RunDedup({dir / "crawl"}, Quiet(), dir / "crawl/out", nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->documents, 2u);
  EXPECT_EQ(again->read.skipped_by_reason.at("output-directory"), 1u);
}

TEST(Dedup, EmptyButReadableInputGivesEmptyOutputs) {
  TempDir dir;
  WriteFile(dir / "empty.jsonl", "\n\n");
  auto summary = RunDedup({dir / "empty.jsonl"}, Quiet(), dir / "out", nullptr);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->documents, 0u);
  EXPECT_EQ(ReadFile(dir / "out/clusters.jsonl"), "");
  EXPECT_NE(ReadFile(dir / "out/summary.json").find("\"documents\":0"), std::string::npos);
}

TEST(Dedup, PairsRelationComesFromVerificationNotFromARoundedScore) {
  // A float similarity compared with a double threshold once labelled
  // near-duplicates at exactly the threshold as containment.
  TempDir dir;
  std::mt19937_64 rng(31);
  std::string jsonl;
  for (int d = 0; d < 200; ++d) {
    const std::string text = RandomArticle(rng, 60);
    for (int copy = 0; copy < 2; ++copy) {
      std::string line;
      JsonObjectWriter w(&line);
      w.String("id", absl::StrCat("d", d, "-", copy)).String("text", copy ? text + " " + RandomArticle(rng, 20) : text);
      w.Close();
      absl::StrAppend(&jsonl, line, "\n");
    }
  }
  WriteFile(dir / "c.jsonl", jsonl);
  DedupOptions options = Quiet();
  options.minhash.num_perms = 100;
  options.threshold = 0.7;
  auto pairs = RunPairs({dir / "c.jsonl"}, options, dir / "p.jsonl", nullptr);
  ASSERT_TRUE(pairs.ok());
  const auto lines = ReadLines(dir / "p.jsonl");
  ASSERT_GT(lines.size(), 50u);
  for (const std::string& line : lines) EXPECT_NE(line.find("near-duplicate"), std::string::npos) << line;
}

TEST(Dedup, NoReadableInputIsNotFound) {
  TempDir dir;
  auto summary = RunDedup({dir / "does-not-exist"}, Quiet(), dir / "out", nullptr);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(summary.status().message().find("not-found"), absl::string_view::npos);
}

TEST(Dedup, BadOptionsAreInvalidArgument) {
  DedupOptions o;
  o.threshold = 1.5;
  EXPECT_EQ(ResolveDedupOptions(o).status().code(), absl::StatusCode::kInvalidArgument);
  o = DedupOptions();
  o.bands = 4;
  EXPECT_EQ(ResolveDedupOptions(o).status().code(), absl::StatusCode::kInvalidArgument);
  o.rows = 64;  // 4 x 64 > 128
  EXPECT_EQ(ResolveDedupOptions(o).status().code(), absl::StatusCode::kInvalidArgument);
  o = DedupOptions();
  o.shingle_size = 0;
  EXPECT_EQ(ResolveDedupOptions(o).status().code(), absl::StatusCode::kInvalidArgument);
  auto resolved = ResolveDedupOptions(DedupOptions());
  ASSERT_TRUE(resolved.ok());
  EXPECT_GT(resolved->bands, 0);
  EXPECT_GT(resolved->threads, 0);
}

TEST(Dedup, EmptyAndRepairedDocumentsAreCountedAndKept) {
  TempDir dir;
  WriteFile(dir / "in/a/empty1.txt", "");
  WriteFile(dir / "in/a/empty2.txt", "");
  WriteFile(dir / "in/a/bad.txt", "نص \xFF عربي");
  auto summary = RunDedup({dir / "in"}, Quiet(), dir / "out", nullptr);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->documents, 3u);
  EXPECT_EQ(summary->clusters, 3u) << "empty documents are not duplicates of each other";
  EXPECT_EQ(summary->read.empty_documents, 2u);
  EXPECT_EQ(summary->read.repaired_utf8, 1u);
  const std::string json = ReadFile(dir / "out/summary.json");
  EXPECT_NE(json.find("\"empty_documents\":2"), std::string::npos);
  EXPECT_NE(json.find("\"repaired_utf8\":1"), std::string::npos);
}

TEST(Dedup, SampleCorpusJsonlCrossPostsCluster) {
  const std::string sample = std::string(SHABIH_SOURCE_DIR) + "/corpus/sample.jsonl";
  const std::string expected = std::string(SHABIH_SOURCE_DIR) + "/corpus/expected_clusters.tsv";
  TempDir dir;
  auto summary = RunDedup({sample}, Quiet(), dir / "out", nullptr);
  ASSERT_TRUE(summary.ok()) << summary.status();
  const auto got = ClusterOf(dir / "out/clusters.jsonl");
  // Gold clusters of the JSONL sample (corpus/expected_clusters.tsv).
  std::map<std::string, std::vector<std::string>> gold;
  for (const std::string& line : ReadLines(expected)) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() < 5 || f[0][0] == '#' || f[1] != "sample.jsonl") continue;
    gold[f[4].rfind("singleton", 0) == 0 ? f[0] : f[4]].push_back(f[0]);
  }
  ASSERT_EQ(got.size(), 20u);
  int checked = 0;
  for (const auto& [cluster, members] : gold) {
    for (const std::string& m : members) {
      EXPECT_EQ(got.at(m), got.at(members[0])) << cluster << ": " << m;
    }
    for (const auto& [other, other_members] : gold) {
      if (other != cluster) {
        EXPECT_NE(got.at(other_members[0]), got.at(members[0])) << cluster << " vs " << other;
      }
    }
    checked += members.size() > 1;
  }
  EXPECT_EQ(checked, 3);
}

}  // namespace
}  // namespace shabih

namespace shabih {
namespace {

// Gold clusters of corpus/expected_clusters.tsv, by the ids dedup gives when
// run on corpus/sites (ids relative to that directory).
struct CorpusGold {
  std::map<std::string, std::string> cluster;  // site page id -> gold cluster (or itself)
  std::map<std::string, std::string> embeds;   // page id -> snn id of its read-also article
  std::map<std::string, std::string> by_snn;   // snn id -> page id
  std::set<std::string> near_miss;             // templated stories: a matter for template-aware similarity
};

CorpusGold LoadCorpusGold() {
  CorpusGold gold;
  for (const std::string& line : ReadLines(std::string(SHABIH_SOURCE_DIR) + "/corpus/expected_clusters.tsv")) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() < 6 || f[0][0] == '#' || f[1].rfind("sites/", 0) != 0) continue;
    const std::string id = f[1].substr(6);
    gold.cluster[id] = f[4].rfind("singleton", 0) == 0 ? id : f[4];
    if (f[4].find("near-miss") != std::string::npos) gold.near_miss.insert(id);
    if (f[5] != "-") gold.embeds[id] = f[5];
    gold.by_snn[f[2]] = id;
  }
  return gold;
}

TEST(Dedup, ReadAlsoEmbeddingDoesNotClusterButTemplatedCopiesDo) {
  const CorpusGold gold = LoadCorpusGold();
  ASSERT_GE(gold.cluster.size(), 50u);
  ASSERT_GE(gold.embeds.size(), 10u);
  TempDir dir;
  auto summary = RunDedup({std::string(SHABIH_SOURCE_DIR) + "/corpus/sites"}, Quiet(2), dir / "out", nullptr);
  ASSERT_TRUE(summary.ok()) << summary.status();
  const auto got = ClusterOf(dir / "out/clusters.jsonl");
  // A page whose "read also" block embeds article Y does not cluster with
  // the page whose main text is Y.
  int embed_checks = 0;
  for (const auto& [page, snn] : gold.embeds) {
    auto it = gold.by_snn.find(snn);
    if (it == gold.by_snn.end() || gold.cluster.at(it->second) == gold.cluster.at(page)) continue;
    EXPECT_NE(got.at(page), got.at(it->second)) << page << " embeds " << it->second;
    ++embed_checks;
  }
  EXPECT_GE(embed_checks, 10);
  // Copies of one article on different sites, with different templates,
  // lists and read-also blocks, do cluster (the clusters whose article
  // texts share at least half their shingles: corpus/README.md).
  for (const char* story : {"saned", "hadi", "yemenis120", "jeddah-sweets", "makkah-fire", "boeing777"}) {
    std::vector<std::string> members;
    for (const auto& [id, cluster] : gold.cluster)
      if (cluster == story) members.push_back(id);
    ASSERT_GE(members.size(), 2u) << story;
    for (const std::string& m : members) EXPECT_EQ(got.at(m), got.at(members[0])) << story << ": " << m;
  }
  // And nothing is merged that the gold keeps apart, the two pairs of
  // templated stories (royal cables, weather bulletins) included: a 60-page
  // crawl is too small to learn its templates, the built-in template prior
  // knows them (TemplatedNearMissesOfTheCorpusMergeWithoutThePrior).
  for (const auto& [a, ca] : gold.cluster)
    for (const auto& [b, cb] : gold.cluster)
      if (a < b && ca != cb) EXPECT_NE(got.at(a), got.at(b)) << a << " / " << b;
}

TEST(Dedup, TemplatedNearMissesOfTheCorpusMergeWithoutThePrior) {
  // The control for the test above: without the prior both near-miss pairs
  // merge, so the prior is what keeps them apart.
  const CorpusGold gold = LoadCorpusGold();
  ASSERT_EQ(gold.near_miss.size(), 4u);
  TempDir dir;
  DedupOptions options = Quiet(2);
  options.template_prior = "none";
  auto summary = RunDedup({std::string(SHABIH_SOURCE_DIR) + "/corpus/sites"}, options, dir / "out", nullptr);
  ASSERT_TRUE(summary.ok()) << summary.status();
  const auto got = ClusterOf(dir / "out/clusters.jsonl");
  EXPECT_EQ(got.at("alyaum/2015-08-06-snn-22849.txt"), got.at("alyaum/2015-08-06-snn-22983.txt"));
  EXPECT_EQ(got.at("was/2015-08-10-snn-29276.txt"), got.at("was/2015-08-11-snn-30929.txt"));
}

TEST(Dedup, WithoutStrippingTheTemplatesHideTheCopies) {
  // The control for the test above: the same crawl unstripped.
  const CorpusGold gold = LoadCorpusGold();
  TempDir dir;
  DedupOptions options = Quiet();
  options.strip = false;
  options.common_min_documents = 0;
  auto summary = RunDedup({std::string(SHABIH_SOURCE_DIR) + "/corpus/sites"}, options, dir / "out", nullptr);
  ASSERT_TRUE(summary.ok());
  const auto got = ClusterOf(dir / "out/clusters.jsonl");
  int together = 0, gold_pairs = 0;
  for (const auto& [a, ca] : gold.cluster)
    for (const auto& [b, cb] : gold.cluster)
      if (a < b && ca == cb && ca != a) {
        ++gold_pairs;
        together += got.at(a) == got.at(b);
      }
  EXPECT_LT(together, gold_pairs / 2);
}

TEST(Dedup, ContainmentLinksAnEmbeddedWireStory) {
  TempDir dir;
  std::mt19937_64 rng(9);
  const std::string wire = RandomArticle(rng, 150);
  const std::string longer = RandomArticle(rng, 120) + "\n" + wire + "\n" + RandomArticle(rng, 120);
  WriteFile(dir / "in/a/wire.txt", wire);
  WriteFile(dir / "in/b/analysis.txt", longer);
  DedupOptions options = Quiet();
  options.strip = false;
  auto plain = RunDedup({dir / "in"}, options, dir / "plain", nullptr);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->clusters, 2u) << "Jaccard alone is about 0.35";
  options.containment = 0.8;
  auto contained = RunDedup({dir / "in"}, options, dir / "contained", nullptr);
  ASSERT_TRUE(contained.ok());
  EXPECT_EQ(contained->clusters, 1u);
  EXPECT_EQ(contained->containment_edges, 1u);
  auto pairs = RunPairs({dir / "in"}, options, dir / "pairs.jsonl", nullptr);
  ASSERT_TRUE(pairs.ok());
  const auto lines = ReadLines(dir / "pairs.jsonl");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"a\":\"a/wire.txt\",\"b\":\"b/analysis.txt\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"relation\":\"b-contains-a\""), std::string::npos) << lines[0];
  EXPECT_TRUE(std::filesystem::exists(dir / "pairs.jsonl.summary.json"));
}

TEST(Dedup, TemplatedStoriesStayApartWhileTheirCopiesCluster) {
  // 120 weather bulletins from one template (different cities and numbers),
  // plus an edited copy of bulletin 0.
  TempDir dir;
  std::mt19937_64 rng(12);
  static const char* kCities[] = {"الرياض", "جدة", "الدمام", "أبها", "تبوك", "حائل", "جازان", "نجران"};
  std::string jsonl;
  auto bulletin = [&](int i) {
    return absl::StrCat(
        "توقع المركز الوطني للأرصاد وحماية البيئة في تقريره عن حالة الطقس أن تشهد منطقة ", kCities[i % 8], " ",
        RandomArticle(rng, 4), " رياحا نشطة مثيرة للأتربة والغبار بسرعة ", i * 7 % 50, " كيلومترا في الساعة.\n",
        "وأشار المركز إلى أن الأجواء ستكون مشمسة إلى غائمة جزئيا على معظم مناطق المملكة مع فرصة لتكون السحب "
        "الركامية الممطرة على المرتفعات الجنوبية الغربية خلال فترة ما بعد الظهر.\n",
        "وأوضح أن درجة الحرارة العظمى ستبلغ ", 30 + i % 17, " درجة في ", kCities[(i + 3) % 8], " ",
        RandomArticle(rng, 4), "\n",
        "ودعا المركز المواطنين والمقيمين إلى أخذ الحيطة والحذر ومتابعة النشرات الجوية عبر موقعه الإلكتروني "
        "وحساباته الرسمية في مواقع التواصل الاجتماعي والابتعاد عن مجاري السيول والأودية أثناء هطول الأمطار.");
  };
  std::string first;
  for (int i = 0; i < 120; ++i) {
    const std::string text = bulletin(i);
    if (i == 0) first = text;
    std::string line;
    JsonObjectWriter w(&line);
    w.String("id", absl::StrCat("b", i)).String("text", text);
    w.Close();
    absl::StrAppend(&jsonl, line, "\n");
  }
  std::string line;
  JsonObjectWriter w(&line);
  w.String("id", "b0-copy").String("text", "الرياض - واس\n" + first);
  w.Close();
  absl::StrAppend(&jsonl, line, "\n");
  WriteFile(dir / "crawl.jsonl", jsonl);

  // No stripping: one site repeating these lines on every page would also
  // strip them as template; this test is about the signatures.
  DedupOptions options = Quiet();
  options.strip = false;
  options.common_min_documents = 0;  // plain Jaccard merges the template
  auto plain = RunDedup({dir / "crawl.jsonl"}, options, dir / "plain", nullptr);
  ASSERT_TRUE(plain.ok());
  EXPECT_LT(plain->clusters, 100u);
  options.common_min_documents = DedupOptions().common_min_documents;
  auto aware = RunDedup({dir / "crawl.jsonl"}, options, dir / "aware", nullptr);
  ASSERT_TRUE(aware.ok());
  EXPECT_EQ(aware->clusters, 120u) << "every bulletin alone, the copy with its original";
  const auto got = ClusterOf(dir / "aware/clusters.jsonl");
  EXPECT_EQ(got.at("b0"), got.at("b0-copy"));
  EXPECT_GT(aware->discounted_shingles, 0u);
}

// (stdin spooling is exercised through the binary in cli_test.cc.)
TEST(Dedup, CacheAndSimhashKeepOutputsConsistent) {
  TempDir dir;
  std::mt19937_64 rng(21);
  std::string jsonl;
  const std::string story = RandomArticle(rng, 200);
  for (int d = 0; d < 300; ++d) {
    std::string text = d % 10 == 0 ? story + " " + RandomArticle(rng, 5) : RandomArticle(rng, 120);
    std::string line;
    JsonObjectWriter w(&line);
    w.String("id", absl::StrCat("d", d)).String("text", text);
    w.Close();
    absl::StrAppend(&jsonl, line, "\n");
  }
  WriteFile(dir / "c.jsonl", jsonl);
  DedupOptions cached = Quiet(2), uncached = Quiet(2);
  uncached.cache_bytes = 0;
  ASSERT_TRUE(RunDedup({dir / "c.jsonl"}, cached, dir / "a", nullptr).ok());
  ASSERT_TRUE(RunDedup({dir / "c.jsonl"}, uncached, dir / "b", nullptr).ok());
  EXPECT_EQ(ReadFile(dir / "a/clusters.jsonl"), ReadFile(dir / "b/clusters.jsonl"));
  DedupOptions simhash = Quiet();
  simhash.method = DedupMethod::kSimHash;
  simhash.hamming_distance = 8;
  // 30 copies in 300 documents: one story on 10 % of a small crawl, which
  // the relative cut-off (10 documents here) takes for template wording.
  simhash.common_relative = 0;
  auto s = RunDedup({dir / "c.jsonl"}, simhash, dir / "s", nullptr);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->clusters, 271u) << "the 30 copies of one story form one cluster";
  EXPECT_NE(ReadFile(dir / "s/summary.json").find("\"method\":\"simhash\""), std::string::npos);
}

}  // namespace
}  // namespace shabih
