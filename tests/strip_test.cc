// The `shabih strip` pipeline: outputs per CONTRACT.md, JSONL rewriting,
// determinism, the CLI, and line F1 on a generated crawl.
#include "shabih/strip.h"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "shabih/boilerplate.h"
#include "shabih/corpus.h"
#include "tooling/crawl_generator.h"
#include "tooling/eval.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::ReadLines;
using testing::TempDir;
using testing::WriteFile;

std::string SourcePath(const std::string& rel) { return (fs::path(SHABIH_SOURCE_DIR) / rel).string(); }

std::vector<std::string> SplitLines(absl::string_view text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!text.empty() && text.back() == '\n') lines.pop_back();
  if (text.empty()) lines.clear();
  return lines;
}

// ---------------------------------------------------------------------------
// Text-file input

TEST(Strip, TextFilesGetTheirKeptTextAndEveryLineAnExplanation) {
  TempDir out;
  StripOptions options;
  options.explain = true;
  const absl::StatusOr<StripSummary> summary = RunStrip({SourcePath("corpus/seeds")}, options, out.path());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->documents, 5u);
  EXPECT_EQ(summary->text_files, 5u);
  EXPECT_EQ(summary->read.skipped_total, 1u);  // README.md, listed in summary.json
  EXPECT_EQ(summary->lines, 231u);             // tests/data/seeds/README.md's table
  // lines.jsonl: one record per input line, in order, a reason for every
  // boilerplate line.
  const std::vector<std::string> records = ReadLines(out / "lines.jsonl");
  ASSERT_EQ(records.size(), 231u);
  EXPECT_EQ(records[0],
            "{\"id\":\"000_d766ff0a6be74da9.txt\",\"line\":1,\"label\":\"content\",\"reason\":\"\"}");
  EXPECT_EQ(
      records[14],
      "{\"id\":\"000_d766ff0a6be74da9.txt\",\"line\":15,\"label\":\"boilerplate\",\"reason\":\"cue:اقرأ "
      "أيضا\"}");
  int boilerplate = 0;
  for (const std::string& r : records) {
    if (r.find("\"label\":\"boilerplate\"") == std::string::npos) continue;
    ++boilerplate;
    EXPECT_EQ(r.find("\"reason\":\"\""), std::string::npos) << r;
  }
  EXPECT_EQ(static_cast<uint64_t>(boilerplate), summary->boilerplate_lines);
  // DIR/<id>: the content lines of the page, joined by '\n'; a page that
  // ended with '\n' (001) still does.
  const auto classifier = BoilerplateClassifier::Create(options.boilerplate);
  ASSERT_TRUE(classifier.ok());
  for (const char* name :
       {"000_d766ff0a6be74da9.txt", "001_27b5651e285bb464.txt", "002_2f7eacde48772852.txt"}) {
    const std::string text = ReadFile(SourcePath(std::string("corpus/seeds/") + name));
    CrawlLineStats stats(options.boilerplate);
    // The expected text, from the classifier with the same statistics
    // (every seed page is its own site "": the five pages together).
    for (const char* other :
         {"000_d766ff0a6be74da9.txt", "001_27b5651e285bb464.txt", "002_2f7eacde48772852.txt",
          "003_2620c748157139b5.txt", "004_50a173fc771cbaed.txt"}) {
      stats.AddDocument("", ReadFile(SourcePath(std::string("corpus/seeds/") + other)));
    }
    stats.Finalize();
    std::string expected;
    (*classifier)->Strip("", text, &stats, &expected);
    if (!text.empty() && text.back() == '\n') expected.push_back('\n');
    EXPECT_EQ(ReadFile(out / name), expected) << name;
  }
  const std::string json = ReadFile(out / "summary.json");
  EXPECT_NE(json.find("\"skipped\":[{\"input\":"), std::string::npos) << json;
  EXPECT_NE(json.find("unsupported-file-type"), std::string::npos);
  EXPECT_NE(json.find("\"reasons\":{"), std::string::npos);
}

TEST(Strip, SinglePageModeReadsOnce) {
  TempDir out;
  StripOptions options;
  options.crawl_stats = false;
  const absl::StatusOr<StripSummary> summary = RunStrip({SourcePath("corpus/seeds")}, options, out.path());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->stats_documents, 0u);
  EXPECT_EQ(summary->documents, 5u);
  EXPECT_FALSE(fs::exists(out / "lines.jsonl"));
}

// ---------------------------------------------------------------------------
// JSONL input: the object is kept byte for byte, the text replaced

TEST(StripJson, ReplaceStringFieldKeepsEveryOtherByte) {
  auto replaced = ReplaceJsonStringField(
      R"({"id": "a\"1", "meta": {"text": "inner", "n": [1, 2.50, {"x": "}"}]}, "text" :"old\nline", "z":1.0})",
      "text", "جديد\n\"x\"");
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_EQ(
      *replaced,
      R"({"id": "a\"1", "meta": {"text": "inner", "n": [1, 2.50, {"x": "}"}]}, "text" :"جديد\n\"x\"", "z":1.0})");
  // An escaped key is compared decoded; every member of that name changes.
  auto escaped = ReplaceJsonStringField(R"({"t\u0065xt":"a","text":"b"})", "text", "c");
  ASSERT_TRUE(escaped.ok());
  EXPECT_EQ(*escaped, R"({"t\u0065xt":"c","text":"c"})");
  EXPECT_EQ(ReplaceJsonStringField(R"({"id":"x"})", "text", "c").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReplaceJsonStringField("[1,2]", "text", "c").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReplaceJsonStringField(R"({"text":"unterminated)", "text", "c").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Strip, JsonlOutputReplacesOnlyTheTextField) {
  TempDir dir;
  const std::string page =
      "الرئيسية | محليات | اقتصاد | رياضة\\n"
      "افتتح أمير المنطقة اليوم المشروع الجديد الذي يخدم آلاف المواطنين في المحافظات الشمالية.\\n"
      "المصدر: واس";
  WriteFile(
      dir / "in/a.jsonl",
      absl::StrCat("{\"url\":\"https://x.example/1\",\"id\":\"d1\",\"body\":\"", page, "\",\"n\":1.50}\n",
                   "not json\n", "{\"id\":\"d2\",\"body\":\"سطر واحد\",\"tags\":[\"a\",{\"b\":2}]}\n"));
  StripOptions options;
  options.read.text_field = "body";
  options.explain = true;
  const absl::StatusOr<StripSummary> summary = RunStrip({dir / "in"}, options, dir / "out");
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->jsonl_documents, 2u);
  EXPECT_EQ(summary->read.skipped_total, 1u);
  const std::vector<std::string> lines = ReadLines(dir / "out/stripped.jsonl");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(
      lines[0],
      "{\"url\":\"https://x.example/1\",\"id\":\"d1\",\"body\":\"افتتح أمير المنطقة اليوم المشروع الجديد "
      "الذي يخدم آلاف المواطنين في المحافظات الشمالية.\",\"n\":1.50}");
  EXPECT_EQ(lines[1], "{\"id\":\"d2\",\"body\":\"سطر واحد\",\"tags\":[\"a\",{\"b\":2}]}");
  EXPECT_EQ(ReadLines(dir / "out/lines.jsonl").size(), 4u);
}

// ---------------------------------------------------------------------------
// Determinism

TEST(Strip, OutputIsIdenticalWhateverTheThreadCount) {
  TempDir one, four;
  StripOptions options;
  options.explain = true;
  options.threads = 1;
  ASSERT_TRUE(RunStrip({SourcePath("corpus")}, options, one.path()).ok());
  options.threads = 4;
  ASSERT_TRUE(RunStrip({SourcePath("corpus")}, options, four.path()).ok());
  std::set<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(one.path())) {
    if (!entry.is_regular_file()) continue;
    const std::string rel = fs::relative(entry.path(), one.path()).string();
    if (rel == "summary.json") continue;  // holds timings
    files.insert(rel);
    EXPECT_EQ(ReadFile(one / rel), ReadFile(four / rel)) << rel;
  }
  EXPECT_GE(files.size(), 67u);  // 65 text pages, stripped.jsonl, lines.jsonl
  EXPECT_TRUE(files.count("stripped.jsonl"));
  EXPECT_TRUE(files.count("sites/was/2015-08-11-snn-30985.txt"));
}

// ---------------------------------------------------------------------------
// Acceptance 2: a generated crawl (shabih gen), line F1 >= 0.97 and no kept
// text holding the embedded "read also" article.

TEST(StripGenerated, LineF1AndNoEmbeddedArticleKept) {
  TempDir dir;
  GeneratorOptions gen;
  gen.out_dir = dir / "gen";
  gen.pages = 600;
  gen.seed = 7;
  ASSERT_TRUE(GenerateCrawl(gen, nullptr).ok());
  StripOptions options;
  options.explain = true;
  const absl::StatusOr<StripSummary> summary = RunStrip({dir / "gen/crawl.jsonl"}, options, dir / "out");
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->documents, 600u);
  const absl::StatusOr<LineEvalResult> eval =
      EvaluateLineFiles(dir / "out/lines.jsonl", dir / "gen/gold_lines.jsonl", dir / "gen/crawl.jsonl", {});
  ASSERT_TRUE(eval.ok()) << eval.status();
  std::printf("generated crawl: boilerplate lines P %.4f R %.4f F1 %.4f; main-text tokens F1 %.4f\n",
              eval->lines.precision, eval->lines.recall, eval->lines.f1, eval->tokens.f1);
  EXPECT_GE(eval->lines.f1, 0.97);
  EXPECT_EQ(eval->only_gold + eval->only_predicted, 0);

  // The kept texts, by id.
  std::map<std::string, std::string> kept;
  auto reader = CorpusReader::Open({dir / "out/stripped.jsonl"}, ReadOptions());
  ASSERT_TRUE(reader.ok());
  Document doc;
  while ((*reader)->Next(&doc)) kept[doc.id] = doc.text;
  ASSERT_EQ(kept.size(), 600u);
  // The same pages again, with their gold line kinds.
  auto generator = CrawlGenerator::Create(gen);
  ASSERT_TRUE(generator.ok());
  GeneratedPage page;
  int embedded_lines = 0;
  while ((*generator)->Next(&page)) {
    const std::vector<std::string> lines = SplitLines(page.text);
    ASSERT_EQ(lines.size(), page.lines.size());
    const std::string& text = kept[page.id];
    for (size_t i = 0; i < lines.size(); ++i) {
      if (std::string(page.lines[i].kind) != "readalso" || lines[i].size() < 40) continue;
      ++embedded_lines;
      EXPECT_EQ(text.find(lines[i]), std::string::npos) << page.id << " line " << i + 1;
    }
  }
  EXPECT_GT(embedded_lines, 100);
}

// ---------------------------------------------------------------------------
// The command line

using RunResult = testing::CliResult;
using testing::RunCli;

TEST(StripCli, ExitCodesFollowTheContract) {
  const RunResult help = RunCli("strip --help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag :
       {"--out", "--explain", "--single-page", "--threads", "--text-field", "--id-field"}) {
    EXPECT_NE(help.output.find(flag), std::string::npos) << flag;
  }
  TempDir dir;
  const RunResult no_out = RunCli("strip " + SourcePath("corpus/seeds"));
  EXPECT_EQ(no_out.exit_code, 1);
  EXPECT_NE(no_out.output.find("--help"), std::string::npos);
  const RunResult missing = RunCli("strip " + dir / "nothing-here --out " + dir / "o --quiet");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  const RunResult ok =
      RunCli("strip " + SourcePath("corpus/seeds") + " --out " + dir / "seeds --explain --quiet");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_EQ(ReadLines(dir / "seeds/lines.jsonl").size(), 231u);
  EXPECT_TRUE(fs::exists(dir / "seeds/004_50a173fc771cbaed.txt"));
}

// Stripping keeps article text: a headline opening with a source cue or
// tagged "- فيديو" is content, and a share bar and a tag list glued to
// paragraphs are cut from the kept text, with "trimmed" saying what went.
TEST(StripCli, ExplainKeepsHeadlinesAndTrimsGluedBoilerplate) {
  TempDir dir;
  fs::create_directories(dir / "in");
  const std::string share = "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك";
  const std::string lead =
      "نفى مصدر في وزارة الصحة ما تداولته مواقع التواصل عن نقل جثث المتوفين في المستشفى إلى خارج المدينة.";
  const std::string last = "وأكد المصدر أن الوزارة تتابع الحالة وستعلن نتائج التحقيق خلال الأيام المقبلة بعد اكتماله.";
  WriteFile(dir / "in/a.txt", "مصدر: الجثث المنقولة على \"دينّا\" ليست في المدينة\n" + share + " " + lead +
                                  "\n" + last + " سمات الصحة المدينة دينا\n");
  WriteFile(dir / "in/b.txt",
            "حريق يلتهم مصنعا بجدة - فيديو\n"
            "اندلع حريق كبير في أحد مصانع المنطقة الصناعية بجدة صباح اليوم وباشرت فرق الدفاع المدني إخماده.\n");
  const RunResult r = RunCli("strip " + dir / "in --out " + dir / "o --explain --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<std::string> records = ReadLines(dir / "o/lines.jsonl");
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(records[0], "{\"id\":\"a.txt\",\"line\":1,\"label\":\"content\",\"reason\":\"title\"}");
  EXPECT_EQ(records[1], "{\"id\":\"a.txt\",\"line\":2,\"label\":\"content\",\"reason\":\"\",\"trimmed\":\"" +
                            share + "\"}");
  EXPECT_EQ(records[2], "{\"id\":\"a.txt\",\"line\":3,\"label\":\"content\",\"reason\":\"\",\"trimmed\":\""
                        "سمات الصحة المدينة دينا\"}");
  EXPECT_EQ(records[3], "{\"id\":\"b.txt\",\"line\":1,\"label\":\"content\",\"reason\":\"title\"}");
  EXPECT_EQ(ReadFile(dir / "o/a.txt"),
            "مصدر: الجثث المنقولة على \"دينّا\" ليست في المدينة\n" + lead + "\n" + last + "\n");
}

TEST(StripCli, StdinIsReadTwiceThroughASpoolThatIsRemoved) {
  TempDir dir;
  fs::create_directories(dir / "tmp");
  const RunResult r = RunCli("strip - --out " + dir / "o --explain --quiet < " + SourcePath("corpus/sample.jsonl"),
                             "TMPDIR=" + dir / "tmp");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(ReadLines(dir / "o/stripped.jsonl").size(), 20u);
  EXPECT_GT(ReadLines(dir / "o/lines.jsonl").size(), 20u);
  // The spool lived under $TMPDIR and is gone.
  EXPECT_TRUE(fs::is_empty(dir / "tmp"));
  // Same kept text as the file read by name.
  const RunResult named = RunCli("strip " + SourcePath("corpus/sample.jsonl") + " --out " + dir / "n --quiet");
  EXPECT_EQ(named.exit_code, 0) << named.output;
  EXPECT_EQ(ReadFile(dir / "o/stripped.jsonl"), ReadFile(dir / "n/stripped.jsonl"));
}

}  // namespace
}  // namespace shabih
