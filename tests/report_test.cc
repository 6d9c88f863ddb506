// `shabih report`: the word diff (known answers and an LCS oracle), the
// data gathered from a tiny run, HTML escaping of hostile ids and texts,
// the caps, and the report's place in the run's output folder.
#include "tooling/report.h"

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/utf8.h"
#include "gtest/gtest.h"
#include "shabih/dedup.h"
#include "shabih/normalize.h"
#include "tests/test_util.h"
#include "tooling/word_diff.h"

namespace shabih {
namespace {

using testing::CliResult;
using testing::ReadFile;
using testing::RunCli;
using testing::TempDir;
using testing::WriteFile;
using Kind = DiffOp::Kind;

std::vector<DiffOp> Diff(std::string_view a, std::string_view b, size_t max_edits = 2000) {
  return WordDiff(SplitWords(a), SplitWords(b), Normalizer::Default(), max_edits);
}

TEST(WordDiffTest, KnownAnswers) {
  EXPECT_EQ(Diff("a b c", "a b c"), (std::vector<DiffOp>{{Kind::kEqual, 3, 3}}));
  EXPECT_EQ(Diff("", ""), std::vector<DiffOp>{});
  EXPECT_EQ(Diff("", "x y"), (std::vector<DiffOp>{{Kind::kInsert, 0, 2}}));
  EXPECT_EQ(Diff("x y", ""), (std::vector<DiffOp>{{Kind::kDelete, 2, 0}}));
  // An inserted sentence, in the middle.
  EXPECT_EQ(Diff("w1 w2 w3 w4 w5 w6", "w1 w2 w3 new words here. w4 w5 w6"),
            (std::vector<DiffOp>{{Kind::kEqual, 3, 3}, {Kind::kInsert, 0, 3}, {Kind::kEqual, 3, 3}}));
  EXPECT_EQ(Diff("w1 w2 gone w3", "w1 w2 w3"),
            (std::vector<DiffOp>{{Kind::kEqual, 2, 2}, {Kind::kDelete, 1, 0}, {Kind::kEqual, 1, 1}}));
  // A replaced phrase is a change, not a deletion beside an insertion.
  EXPECT_EQ(Diff("w1 old one w2", "w1 brand new text w2"),
            (std::vector<DiffOp>{{Kind::kEqual, 1, 1}, {Kind::kChange, 2, 3}, {Kind::kEqual, 1, 1}}));
  // Whitespace of any ASCII kind separates words; runs count once.
  EXPECT_EQ(SplitWords(" a\t\tb\nc \r\n"), (std::vector<std::string_view>{"a", "b", "c"}));
}

TEST(WordDiffTest, WordsMatchAfterNormalization) {
  // Diacritics, alef forms and the light clitic folding of the run.
  EXPECT_EQ(Diff("قال الرئيس أهلا", "وقال الرَّئِيسُ اهلاً"), (std::vector<DiffOp>{{Kind::kEqual, 3, 3}}));
  // Punctuation-only words are compared as written.
  EXPECT_EQ(Diff("a : b", "a ; b"),
            (std::vector<DiffOp>{{Kind::kEqual, 1, 1}, {Kind::kChange, 1, 1}, {Kind::kEqual, 1, 1}}));
}

// Longest common subsequence by dynamic programming: the oracle.
size_t Lcs(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  std::vector<std::vector<size_t>> t(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
    }
  }
  return t[a.size()][b.size()];
}

TEST(WordDiffTest, ShortestScriptMatchesLcsOracle) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<uint64_t> a(rng() % 40), b;
    for (uint64_t& x : a) x = rng() % 6;
    for (uint64_t x : a) {  // b: a with random edits
      const int r = static_cast<int>(rng() % 10);
      if (r == 0) continue;
      if (r == 1) b.push_back(rng() % 6);
      b.push_back(r == 2 ? rng() % 6 : x);
    }
    const std::vector<DiffOp> ops = DiffKeys(a, b);
    size_t equal = 0, sum_a = 0, sum_b = 0, pos_a = 0, pos_b = 0;
    for (size_t i = 0; i < ops.size(); ++i) {
      if (i > 0) EXPECT_NE(ops[i].kind, ops[i - 1].kind);
      const DiffOp& op = ops[i];
      if (op.kind == Kind::kEqual) {
        ASSERT_EQ(op.a_words, op.b_words);
        for (uint32_t k = 0; k < op.a_words; ++k) EXPECT_EQ(a[pos_a + k], b[pos_b + k]);
        equal += op.a_words;
      }
      if (op.kind == Kind::kDelete) EXPECT_EQ(op.b_words, 0u);
      if (op.kind == Kind::kInsert) EXPECT_EQ(op.a_words, 0u);
      pos_a += op.a_words;
      pos_b += op.b_words;
      sum_a += op.a_words;
      sum_b += op.b_words;
    }
    EXPECT_EQ(sum_a, a.size());
    EXPECT_EQ(sum_b, b.size());
    EXPECT_EQ(equal, Lcs(a, b)) << "trial " << trial;
  }
}

TEST(WordDiffTest, BoundedCostGivesOneChange) {
  std::vector<uint64_t> a = {1, 2}, b = {1, 2};
  for (uint64_t i = 0; i < 500; ++i) a.push_back(1000 + i), b.push_back(5000 + i);
  a.push_back(9), b.push_back(9);
  EXPECT_EQ(DiffKeys(a, b, /*max_edits=*/50),
            (std::vector<DiffOp>{{Kind::kEqual, 2, 2}, {Kind::kChange, 500, 500}, {Kind::kEqual, 1, 1}}));
}

// Random words of Arabic letters, and paragraphs of 30 of them (article
// lines: the stripper keeps them).
std::vector<std::string> Words(size_t n, uint64_t seed) {
  static const char* kLetters[] = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش",
                                   "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "م", "ن", "ه"};
  std::mt19937_64 rng(seed);
  std::vector<std::string> words;
  for (size_t i = 0; i < n; ++i) {
    std::string w;
    for (int j = 0; j < 5; ++j) w += kLetters[rng() % std::size(kLetters)];
    words.push_back(w);
  }
  return words;
}
std::string Paragraphs(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); i += 30) {
    const size_t end = std::min(words.size(), i + 30);
    absl::StrAppend(&out, absl::StrJoin(words.begin() + i, words.begin() + end, " "), ".\n");
  }
  return out;
}
std::string Line(const std::string& id, const std::string& text) {
  std::string out;
  JsonObjectWriter w(&out);
  w.String("id", id).String("url", "https://site.example/" + id).String("text", text);
  w.Close();
  return out + "\n";
}

constexpr char kInserted[] = "جملة مضافة في منتصف النسخة الثانية";

// c0 and c1 (c0 with a sentence inserted between its paragraphs), and two
// unrelated documents.
std::string TinyCrawl(const std::string& c1_id = "c1", const std::string& c1_extra = "") {
  const std::vector<std::string> words = Words(180, 3);
  const std::vector<std::string> first(words.begin(), words.begin() + 90),
      second(words.begin() + 90, words.end());
  // c0 ends with a paragraph more, so it has the longest text: the canonical.
  const std::string c0 = Paragraphs(first) + Paragraphs(second) + Paragraphs(Words(30, 4));
  const std::string c1 = Paragraphs(first) + kInserted + " " + c1_extra + "\n" + Paragraphs(second);
  return Line("c0", c0) + Line(c1_id, c1) + Line("u0", Paragraphs(Words(120, 11))) +
         Line("u1", Paragraphs(Words(120, 12)));
}

absl::StatusOr<DedupSummary> Dedup(const std::string& input, const std::string& out) {
  DedupOptions options;
  options.threads = 1;
  return RunDedup({input}, options, out, nullptr);
}

TEST(ReportDataTest, KnownClusterWithDiffAndWhyLinked) {
  TempDir dir;
  WriteFile(dir / "crawl.jsonl", TinyCrawl());
  ASSERT_TRUE(Dedup(dir / "crawl.jsonl", dir / "out").ok());
  EXPECT_TRUE(absl::StrContains(ReadFile(dir / "out/summary.json"),
                                "\"inputs\":[\"" + (dir / "crawl.jsonl") + "\"]"));
  auto data = GatherReportData(dir / "out", ReportOptions{});
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->total_documents, 4u);
  ASSERT_EQ(data->clusters.size(), 1u);
  const ReportCluster& c = data->clusters[0];
  EXPECT_EQ(c.id, "c0");
  EXPECT_EQ(c.size, 2u);
  ASSERT_EQ(c.members.size(), 2u);
  EXPECT_TRUE(c.members[0].canonical);
  const ReportMember& m = c.members[1];
  EXPECT_EQ(m.id, "c1");
  EXPECT_EQ(m.linked_via, "c0");
  EXPECT_EQ(m.relation, "near-duplicate");
  EXPECT_GT(m.similarity, 0.5);
  ASSERT_GE(m.document, 0);
  ASSERT_GE(c.members[0].document, 0);
  // The diff: 90 words equal, the 6 inserted words, 90 equal, and the
  // canonical's last paragraph missing from the member.
  const size_t inserted = SplitWords(kInserted).size();
  ASSERT_GE(m.diff.size(), 3u);
  EXPECT_EQ(m.diff[0], (DiffOp{Kind::kEqual, 90, 90}));
  EXPECT_EQ(m.diff[1], (DiffOp{Kind::kInsert, 0, static_cast<uint32_t>(inserted)}));
  EXPECT_EQ(m.diff[2], (DiffOp{Kind::kEqual, 90, 90}));
  ASSERT_EQ(m.diff.size(), 4u);
  EXPECT_EQ(m.diff[3], (DiffOp{Kind::kDelete, 30, 0}));
  // Histograms: one cluster of 2, two singletons; one member near 1.
  EXPECT_EQ(data->cluster_sizes.counts[0], 2u);
  EXPECT_EQ(data->cluster_sizes.counts[1], 1u);
  uint64_t members = 0;
  for (uint64_t n : data->similarity.counts) members += n;
  EXPECT_EQ(members, 1u);
  ASSERT_EQ(data->sites.size(), 1u);
  EXPECT_EQ(data->sites[0].site, "site.example");
  EXPECT_EQ(data->sites[0].documents, 4u);
  // Every document of the crawl is in the page view (3 samples of the site
  // besides the two members).
  EXPECT_EQ(data->documents.size(), 4u);
}

TEST(ReportDataTest, MovedInputsLeaveClustersAndSayWhy) {
  TempDir dir;
  WriteFile(dir / "crawl.jsonl", TinyCrawl());
  ASSERT_TRUE(Dedup(dir / "crawl.jsonl", dir / "out").ok());
  std::filesystem::rename(dir / "crawl.jsonl", dir / "moved.jsonl");
  auto data = GatherReportData(dir / "out", ReportOptions{});
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->clusters.size(), 1u);
  EXPECT_TRUE(data->documents.empty());
  ASSERT_FALSE(data->notes.empty());
  EXPECT_TRUE(absl::StrContains(absl::StrJoin(data->notes, "\n"), "no longer there"));
  ReportOptions moved;
  moved.inputs = {dir / "moved.jsonl"};
  data = GatherReportData(dir / "out", moved);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->documents.size(), 4u);
  EXPECT_EQ(GatherReportData(dir / "nothing", {}).status().code(), absl::StatusCode::kNotFound);
}

TEST(ReportHtmlTest, HostileIdsAndTextsAreEscaped) {
  TempDir dir;
  const std::string hostile = "<script>alert(1)</script>";
  WriteFile(dir / "crawl.jsonl",
            TinyCrawl(hostile, "</script><script>alert(2)</script> <!-- <img src=x onerror=alert(3)>"));
  ASSERT_TRUE(Dedup(dir / "crawl.jsonl", dir / "out").ok());
  auto data = GatherReportData(dir / "out", ReportOptions{});
  ASSERT_TRUE(data.ok()) << data.status();
  data->notes.push_back("a note with <b>markup</b> & \"quotes\"");
  data->sites[0].top_lines.push_back({"<script>alert(4)</script>", "cue:<x>", 9});
  const std::string html = RenderReportHtml(*data);
  EXPECT_FALSE(absl::StrContains(html, "<script>alert"));
  EXPECT_FALSE(absl::StrContains(html, "<img"));
  EXPECT_FALSE(absl::StrContains(html, "<b>markup"));
  EXPECT_TRUE(absl::StrContains(html, "&lt;b&gt;markup&lt;/b&gt; &amp; &quot;quotes&quot;"));
  // Exactly our two script elements: the data block and the code.
  size_t closes = 0;
  for (size_t at = html.find("</script"); at != std::string::npos; at = html.find("</script", at + 1))
    ++closes;
  EXPECT_EQ(closes, 2u);
  // The data block is JSON that gives the hostile id back as it was.
  const std::string json = ReportDataJson(*data);
  EXPECT_EQ(json.find('<'), std::string::npos);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_FALSE(parser.parse(json).get(root));
  std::string_view id;
  ASSERT_FALSE(root["clusters"].at(0)["members"].at(1)["id"].get(id));
  EXPECT_EQ(id, hostile);
  EXPECT_EQ(HtmlEscape("<a href='x'>&</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
}

// n stories, each posted twice with a word changed, on `sites` sites.
std::string ManyClusters(int n, int sites) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> words = Words(60, 100 + i);
    const std::string site = absl::StrCat("s", i % sites, ".example");
    std::string a, b;
    for (int copy = 0; copy < 2; ++copy) {
      if (copy == 1) words[30] = "تغيير";
      JsonObjectWriter w(&out);
      w.String("id", absl::StrCat("d", i, "-", copy))
          .String("url", absl::StrCat("https://", site, "/", i, "/", copy))
          .String("text", Paragraphs(words));
      w.Close();
      out += "\n";
    }
  }
  return out;
}

TEST(ReportDataTest, CapsBoundWhatIsEmbeddedAndSaySo) {
  TempDir dir;
  WriteFile(dir / "crawl.jsonl", ManyClusters(30, 6));
  ASSERT_TRUE(Dedup(dir / "crawl.jsonl", dir / "out").ok());
  ReportOptions all;
  auto full = GatherReportData(dir / "out", all);
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(full->clusters.size(), 30u);
  EXPECT_EQ(full->documents.size(), 60u);
  EXPECT_TRUE(full->notes.empty()) << absl::StrJoin(full->notes, "\n");

  ReportOptions capped;
  capped.max_clusters = 5;
  capped.text_clusters = 3;
  capped.site_pages = 1;
  capped.max_sites = 2;
  capped.max_text_bytes = 4 * 700;  // about 4 pages of 60 words
  auto data = GatherReportData(dir / "out", capped);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->clusters.size(), 5u);
  EXPECT_LE(data->sites.size(), 2u);
  uint64_t bytes = 0;
  for (const ReportDocument& d : data->documents) {
    for (const ReportLine& l : d.lines) bytes += l.kept.size() + 8;
  }
  EXPECT_LE(bytes, capped.max_text_bytes);
  EXPECT_LT(data->documents.size(), 6u);
  const std::string notes = absl::StrJoin(data->notes, "\n");
  EXPECT_TRUE(absl::StrContains(notes, "5 largest of 30")) << notes;
  EXPECT_TRUE(absl::StrContains(notes, "text budget")) << notes;
  EXPECT_TRUE(absl::StrContains(notes, "--text-clusters")) << notes;
  EXPECT_TRUE(absl::StrContains(notes, "--sites")) << notes;
  EXPECT_LT(RenderReportHtml(*data).size(), RenderReportHtml(*full).size());
}

// The sample crawl: its clusters, and long repeated boilerplate lines
// (over the 300 bytes a table row keeps) cut on a character boundary.
TEST(ReportDataTest, SampleCrawlReportIsValidUtf8WithItsClusters) {
  TempDir dir;
  const std::string corpus = std::string(SHABIH_SOURCE_DIR) + "/corpus";
  DedupOptions options;
  options.threads = 1;
  ASSERT_TRUE(RunDedup({corpus + "/sites", corpus + "/seeds", corpus + "/sample.jsonl"}, options, dir / "out", nullptr)
                  .ok());
  auto data = GatherReportData(dir / "out", ReportOptions{});
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->clusters.size(), data->clusters_with_duplicates);
  bool long_line = false;
  for (const SiteReport& site : data->sites) {
    for (const RepeatedLine& line : site.top_lines) {
      EXPECT_TRUE(IsValidUtf8(line.text)) << site.site;
      long_line |= absl::EndsWith(line.text, "…");
    }
  }
  EXPECT_TRUE(long_line) << "no repeated line was long enough to be cut";
  EXPECT_TRUE(IsValidUtf8(RenderReportHtml(*data)));
}

TEST(ReportCliTest, DedupReportIsPartOfTheRunFolder) {
  TempDir dir;
  WriteFile(dir / "crawl.jsonl", TinyCrawl());
  CliResult run =
      RunCli(absl::StrCat("dedup ", dir / "crawl.jsonl", " --out ", dir / "out", " --report --quiet"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string html = ReadFile(dir / "out/report.html");
  EXPECT_TRUE(absl::StartsWith(html, "<!DOCTYPE html>"));
  EXPECT_TRUE(absl::StrContains(html, "\"id\":\"c1\""));
  EXPECT_TRUE(absl::StrContains(ReadFile(dir / "out/.shabih-run"), "\"report.html\""));
  // A re-run without --report removes the stale report with the rest.
  run = RunCli(absl::StrCat("dedup ", dir / "crawl.jsonl", " --out ", dir / "out", " --quiet"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out/report.html"));
  // `shabih report` elsewhere, and its errors.
  run = RunCli(absl::StrCat("report ", dir / "out", " --out ", dir / "r.html"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(absl::StrContains(run.output, "wrote")) << run.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "r.html"));
  EXPECT_EQ(RunCli(absl::StrCat("report ", dir / "missing")).exit_code, 2);
  EXPECT_EQ(RunCli(absl::StrCat("report ", dir / "out", " --out ", dir / "no/such/r.html")).exit_code, 1);
}

}  // namespace
}  // namespace shabih
