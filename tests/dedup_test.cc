#include "shabih/dedup.h"

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "shabih/json_writer.h"
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
