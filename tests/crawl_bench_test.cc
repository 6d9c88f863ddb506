// The crawl-scale benchmark: sizes, isolation, the figures it reports and
// the pipeline it runs. Timings are never asserted, only their presence and
// the counts and results that must not depend on timing.
#include "tooling/crawl_bench.h"

#include <sys/wait.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "shabih/dedup.h"
#include "tests/test_util.h"
#include "tooling/crawl_generator.h"

namespace shabih {
namespace {

using ::shabih::testing::ReadFile;
using ::shabih::testing::TempDir;
using ::shabih::testing::WriteFile;

// Arabic-like documents; every third one repeats the one before it, so the
// crawl has clusters to find.
std::string TestCrawl(int docs) {
  static const char* kWords[] = {"الرياض",  "وزارة",  "الصحة",  "أعلنت", "اليوم",   "عن",
                                 "تسجيل",   "حالات",  "جديدة",  "في",    "المملكة", "وقال",
                                 "المتحدث", "الرسمي", "إن",     "الوضع", "مستقر",   "السوق",
                                 "المالية", "ارتفع",  "المؤشر", "العام", "نقطة",    "الأمير"};
  std::string out;
  for (int d = 0; d < docs; ++d) {
    const int source = d % 3 == 2 ? d - 1 : d;
    std::string text;
    for (int w = 0; w < 80; ++w) {
      absl::StrAppend(&text, w ? " " : "", kWords[(source * 7 + w * w * 13 + w * source) % 24]);
      if (w % 20 == 19) text += "\\n";
    }
    absl::StrAppend(&out, "{\"id\":\"d", d, "\",\"url\":\"https://site", d % 2, ".example/", d,
                    "\",\"text\":\"", text, "\"}\n");
  }
  return out;
}

// Documents of one line: a stock sentence every page carries (template
// wording, common once enough pages have it), then words of their own.
std::string TemplatedCrawl(int docs) {
  static const char* kLetters[] = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز"};
  std::string out;
  for (int d = 0; d < docs; ++d) {
    std::string text = "وقال المتحدث الرسمي باسم وزارة الصحة إن الوضع الصحي في المملكة مستقر";
    for (int w = 0; w < 40; ++w) {
      text += " س";
      for (int n = d * 100 + w; n > 0; n /= 10) text += kLetters[n % 10];
    }
    absl::StrAppend(&out, "{\"id\":\"t", d, "\",\"url\":\"https://site", d % 2, ".example/", d,
                    "\",\"text\":\"", text, "\"}\n");
  }
  return out;
}

CrawlBenchOptions SmallOptions() {
  CrawlBenchOptions options;
  options.dedup.threads = 1;
  options.roofline_repeats = 1;
  return options;
}

const StageFigure* FindStage(const std::vector<StageFigure>& stages, const std::string& name) {
  for (const StageFigure& s : stages) {
    if (s.stage == name) return &s;
  }
  return nullptr;
}

TEST(FitGrowth, RecoversPowerLawExponent) {
  const std::vector<double> x = {1e4, 1e5, 1e6};
  std::vector<double> y;
  for (double v : x) y.push_back(3.0 * std::pow(v, 1.5));
  const GrowthFit fit = FitGrowth(x, y);
  EXPECT_EQ(fit.points, 3);
  EXPECT_NEAR(fit.exponent, 1.5, 1e-9);
  EXPECT_NEAR(fit.r_squared, 1.0, 1e-9);
}

TEST(FitGrowth, LinearAndConstant) {
  EXPECT_NEAR(FitGrowth({10, 20, 40, 80}, {1, 2, 4, 8}).exponent, 1.0, 1e-9);
  EXPECT_NEAR(FitGrowth({10, 20, 40}, {5, 5, 5}).exponent, 0.0, 1e-9);
}

TEST(FitGrowth, NoisyDataHasImperfectFit) {
  const GrowthFit fit = FitGrowth({10, 100, 1000, 10000}, {10, 150, 800, 12000});
  EXPECT_GT(fit.exponent, 0.8);
  EXPECT_LT(fit.exponent, 1.2);
  EXPECT_LT(fit.r_squared, 1.0);
  EXPECT_GT(fit.r_squared, 0.9);
}

TEST(FitGrowth, NeedsThreePositivePoints) {
  GrowthFit fit = FitGrowth({100}, {2});
  EXPECT_EQ(fit.points, 1);
  EXPECT_FALSE(fit.fitted);
  EXPECT_EQ(fit.exponent, 0);
  // Two points lie on a line whatever they are (r2 = 1): no exponent.
  fit = FitGrowth({100, 1000}, {10, 100});
  EXPECT_EQ(fit.points, 2);
  EXPECT_FALSE(fit.fitted);
  EXPECT_EQ(fit.exponent, 0);
  // Non-positive values cannot be on a log scale: they are left out.
  fit = FitGrowth({0, 100, 1000, -5, 10000}, {1, 10, 100, 3, 1000});
  EXPECT_EQ(fit.points, 3);
  EXPECT_TRUE(fit.fitted);
  EXPECT_NEAR(fit.exponent, 1.0, 1e-9);
  // All x equal: no slope.
  fit = FitGrowth({50, 50, 50}, {1, 2, 3});
  EXPECT_FALSE(fit.fitted);
  EXPECT_EQ(fit.exponent, 0);
}

TEST(CrawlBench, PrefixSizesTakeFirstDocumentsThenWholeInput) {
  TempDir tmp;
  const std::string crawl = tmp / "crawl.jsonl";
  WriteFile(crawl, TestCrawl(30));
  CrawlBenchOptions options = SmallOptions();
  options.sizes = {20, 10, 1000, 20};  // unordered, repeated, beyond the input
  options.work_dir = tmp / "work";
  int calls = 0;
  options.on_point = [&](const CrawlBenchPoint&) { ++calls; };
  auto report = RunCrawlBench({crawl}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->points.size(), 3u);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(report->points[0].documents, 10u);
  EXPECT_EQ(report->points[1].documents, 20u);
  EXPECT_EQ(report->points[2].documents, 30u);
  EXPECT_EQ(report->points[0].size, 10u);
  EXPECT_EQ(report->points[2].size, 0u);  // the whole input
  EXPECT_LT(report->points[0].bytes, report->points[1].bytes);
  EXPECT_LT(report->points[1].bytes, report->points[2].bytes);
  for (const CrawlBenchPoint& p : report->points) {
    // The roofline reads exactly the bytes the pipeline reads.
    EXPECT_EQ(p.roofline.bytes, p.bytes);
    EXPECT_EQ(p.roofline.lines, p.documents);
    EXPECT_EQ(p.threads, 1);
    EXPECT_GT(p.seconds, 0);
    EXPECT_GT(p.mb_per_second, 0);
    EXPECT_GE(p.peak_rss_bytes, p.start_rss_bytes);
    EXPECT_GT(p.peak_rss_bytes, 0u);
    EXPECT_GT(p.index_bytes, 0u);
    EXPECT_GT(p.index_bytes_per_document, 128 * 4 - 1);  // at least the signature
    for (const char* stage :
         {"scan-read", "statistics", "read", "strip", "normalize", "shingle+discount", "sign", "total"}) {
      EXPECT_NE(FindStage(p.profile, stage), nullptr) << stage;
    }
    ASSERT_NE(FindStage(p.stages, "total"), nullptr);
    EXPECT_EQ(FindStage(p.stages, "total")->seconds, p.seconds);
    EXPECT_EQ(p.stages.back().stage, "total");
  }
  // Everything created in the work dir is gone.
  EXPECT_TRUE(std::filesystem::is_directory(options.work_dir));
  EXPECT_TRUE(std::filesystem::is_empty(options.work_dir));
  EXPECT_EQ(report->time.points, 3);
}

TEST(CrawlBench, RunsTheDedupPipeline) {
  TempDir tmp;
  const std::string crawl = tmp / "crawl.jsonl";
  WriteFile(crawl, TestCrawl(30));
  DedupOptions dedup;
  dedup.threads = 1;
  auto direct = RunDedup({crawl}, dedup, tmp / "out", {});
  ASSERT_TRUE(direct.ok()) << direct.status();
  ASSERT_GT(direct->duplicates, 0u);
  for (bool isolate : {true, false}) {
    CrawlBenchOptions options = SmallOptions();
    options.isolate = isolate;
    options.profile = false;
    auto report = RunCrawlBench({crawl}, options);
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_EQ(report->points.size(), 1u);
    const CrawlBenchPoint& p = report->points[0];
    EXPECT_EQ(p.documents, direct->documents);
    EXPECT_EQ(p.clusters, direct->clusters) << "isolate=" << isolate;
    EXPECT_EQ(p.duplicates, direct->duplicates);
    EXPECT_EQ(p.verified_edges, direct->verified_edges);
    EXPECT_TRUE(p.profile.empty());
    EXPECT_EQ(report->isolated, isolate);
    EXPECT_EQ(report->time.points, 1);
  }
}

TEST(CrawlBench, GeneratedCrawlsOfEachSize) {
  TempDir tmp;
  CrawlBenchOptions options = SmallOptions();
  options.profile = false;
  GeneratorOptions gen;
  gen.seed = 3;
  options.generate = gen;
  options.sizes = {300, 150};
  options.work_dir = tmp / "work";
  auto report = RunCrawlBench({}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->points.size(), 2u);
  EXPECT_EQ(report->points[0].documents, 150u);
  EXPECT_EQ(report->points[1].documents, 300u);
  EXPECT_TRUE(std::filesystem::is_empty(options.work_dir));
  EXPECT_NE(report->source.find("seed 3"), std::string::npos);

  // The same crawl, generated and deduplicated directly, gives the same result.
  gen.pages = 150;
  gen.out_dir = tmp / "gen";
  gen.write_gold = false;
  ASSERT_TRUE(GenerateCrawl(gen, nullptr).ok());
  DedupOptions dedup;
  dedup.threads = 1;
  auto direct = RunDedup({tmp / "gen/crawl.jsonl"}, dedup, tmp / "out", {});
  ASSERT_TRUE(direct.ok()) << direct.status();
  EXPECT_EQ(report->points[0].clusters, direct->clusters);
  EXPECT_EQ(report->points[0].bytes, direct->read.bytes);
}

TEST(CrawlBench, TextFilePrefixesKeepDocuments) {
  TempDir tmp;
  for (int d = 0; d < 6; ++d) {
    WriteFile(tmp / absl::StrCat("crawl/site", d % 2, "/page", d, ".txt"),
              absl::StrCat("خبر رقم ", d / 2, " عن افتتاح مشروع جديد في مدينة الرياض اليوم\n"));
  }
  CrawlBenchOptions options = SmallOptions();
  options.sizes = {4, 100};
  auto report = RunCrawlBench({tmp / "crawl"}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->points.size(), 2u);
  EXPECT_EQ(report->points[0].documents, 4u);
  EXPECT_EQ(report->points[1].documents, 6u);
}

// The profile times the steps of DocumentSigner, template discount included:
// with a discount that removes shingles, a profile that skipped it would
// sign differently and fail its own check against the signer.
TEST(CrawlBench, ProfileRunsTheSignersPipelineWithTheDiscount) {
  TempDir tmp;
  const std::string crawl = tmp / "crawl.jsonl";
  WriteFile(crawl, TemplatedCrawl(40));
  CrawlBenchOptions options = SmallOptions();
  options.isolate = false;
  options.dedup.common_min_documents = 5;
  options.dedup.common_fraction = 0;
  options.dedup.document_frequency.sample_rate = 1.0;
  auto report = RunCrawlBench({crawl}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  const CrawlBenchPoint& p = report->points[0];
  ASSERT_NE(FindStage(p.profile, "statistics"), nullptr);
  ASSERT_NE(FindStage(p.profile, "shingle+discount"), nullptr);
  // The discount did remove shingles, so the profile's check against the
  // signer had something to catch.
  auto direct = RunDedup({crawl}, options.dedup, tmp / "out", {});
  ASSERT_TRUE(direct.ok()) << direct.status();
  EXPECT_GT(direct->discounted_shingles, 0u);

  // No first pass: no statistics stages, as RunDedup has no scan stage.
  options.dedup.strip = false;
  options.dedup.common_min_documents = 0;
  auto single = RunCrawlBench({crawl}, options);
  ASSERT_TRUE(single.ok()) << single.status();
  EXPECT_EQ(FindStage(single->points[0].profile, "statistics"), nullptr);
  EXPECT_EQ(FindStage(single->points[0].profile, "strip"), nullptr);
  EXPECT_NE(FindStage(single->points[0].profile, "sign"), nullptr);
}

// Inputs go through CorpusReader: gzip, --text-field, a directory walked
// as the reader walks it; the roofline reads the same files.
TEST(CrawlBench, ReadsInputsAsTheCorpusReaderDoes) {
  TempDir tmp;
  std::string body = TestCrawl(20);
  for (size_t at = body.find("\"text\":"); at != std::string::npos; at = body.find("\"text\":", at)) {
    body.replace(at, 7, "\"body\":");
  }
  const std::string half = body.substr(0, body.find("{\"id\":\"d10\""));
  WriteFile(tmp / "crawl/a.jsonl", half);
  gzFile gz = gzopen((tmp / "crawl/b.jsonl.gz").c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  const std::string rest = body.substr(half.size());
  gzwrite(gz, rest.data(), static_cast<unsigned>(rest.size()));
  gzclose(gz);
  WriteFile(tmp / "crawl/notes.md", "not a crawl file\n");
  CrawlBenchOptions options = SmallOptions();
  options.dedup.read.text_field = "body";
  options.sizes = {15, 100};
  auto report = RunCrawlBench({tmp / "crawl"}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->points.size(), 2u);
  EXPECT_EQ(report->points[0].documents, 15u);  // a prefix across both files
  const CrawlBenchPoint& whole = report->points[1];
  EXPECT_EQ(whole.documents, 20u);
  EXPECT_EQ(whole.roofline.bytes, whole.bytes);  // decompressed; notes.md not read
  EXPECT_EQ(whole.roofline.lines, 20u);
  // With the default text field nothing is readable: RunDedup's NotFound.
  options.dedup.read.text_field = "text";
  options.sizes = {};
  EXPECT_EQ(RunCrawlBench({tmp / "crawl"}, options).status().code(), absl::StatusCode::kNotFound);
}

TEST(CrawlBench, RejectsBadRequests) {
  TempDir tmp;
  const std::string crawl = tmp / "crawl.jsonl";
  WriteFile(crawl, TestCrawl(5));
  CrawlBenchOptions options = SmallOptions();
  EXPECT_EQ(RunCrawlBench({}, options).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RunCrawlBench({"-"}, options).status().code(), absl::StatusCode::kInvalidArgument);
  CrawlBenchOptions both = options;
  both.generate = GeneratorOptions();
  both.sizes = {10};
  EXPECT_EQ(RunCrawlBench({crawl}, both).status().code(), absl::StatusCode::kInvalidArgument);
  CrawlBenchOptions no_sizes = options;
  no_sizes.generate = GeneratorOptions();
  EXPECT_EQ(RunCrawlBench({}, no_sizes).status().code(), absl::StatusCode::kInvalidArgument);
  CrawlBenchOptions bad_threshold = options;
  bad_threshold.dedup.threshold = 2;
  EXPECT_EQ(RunCrawlBench({crawl}, bad_threshold).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CrawlBench, ChildErrorsReachTheCaller) {
  TempDir tmp;
  CrawlBenchOptions options = SmallOptions();
  // No readable document: RunDedup's NotFound, sent back from the child.
  auto report = RunCrawlBench({tmp / "missing.jsonl"}, options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kNotFound) << report.status();
  EXPECT_NE(report.status().message().find("no input document"), absl::string_view::npos) << report.status();
}

TEST(CrawlBench, TableAndJsonCarryTheFigures) {
  TempDir tmp;
  const std::string crawl = tmp / "crawl.jsonl";
  WriteFile(crawl, TestCrawl(30));
  CrawlBenchOptions options = SmallOptions();
  options.sizes = {10, 20, 30};
  auto report = RunCrawlBench({crawl}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string table = CrawlBenchTable(*report);
  for (const char* text :
       {"roofline", "MB/s", "docs/s", "peak RSS", "bytes/doc", "normalize", "exponent: time"}) {
    EXPECT_NE(table.find(text), std::string::npos) << text;
  }
  const std::string json = CrawlBenchJson(*report);
  ASSERT_FALSE(json.empty());
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.substr(json.size() - 2), "}\n");
  size_t sizes = 0;
  for (size_t at = json.find("\"size\":"); at != std::string::npos; at = json.find("\"size\":", at + 1))
    ++sizes;
  EXPECT_EQ(sizes, 3u);
  for (const char* key : {"\"roofline_fraction\":", "\"peak_rss_bytes\":", "\"growth\":", "\"exponent\":",
                          "\"memory_bytes_per_document\":", "\"mb_per_second\":"}) {
    EXPECT_NE(json.find(key), std::string::npos) << key;
  }
  // Balanced braces and brackets (strings hold none here: ids and stage names).
  int depth = 0;
  for (char c : json) {
    depth += (c == '{' || c == '[') - (c == '}' || c == ']');
    ASSERT_GE(depth, 0);
  }
  EXPECT_EQ(depth, 0);
  // Every rate comes from a time long enough to measure.
  for (const CrawlBenchPoint& p : report->points) {
    for (const std::vector<StageFigure>* stages : {&p.profile, &p.stages}) {
      for (const StageFigure& s : *stages) {
        EXPECT_EQ(s.seconds >= kMinTimedSeconds, s.mb_per_second > 0) << s.stage << " " << s.seconds;
        EXPECT_EQ(s.seconds >= kMinTimedSeconds, s.docs_per_second > 0) << s.stage << " " << s.seconds;
      }
    }
  }
}

// A report made by hand, so the times are known: stages under a millisecond
// print no rate, and exponents need three sizes.
TEST(CrawlBench, UntimedRatesAndUnfittedExponentsPrintAsDashes) {
  CrawlBenchPoint p;
  p.size = p.documents = 1000;
  p.bytes = 4'000'000;
  p.seconds = 0.5;
  p.mb_per_second = 8;
  p.roofline = {4'000'000, 9000, 1, 0.0004, 0};
  p.stages = {{"setup", 0.0004, 0, 0}, {"scan", 0.25, 16, 4000}, {"total", 0.5, 8, 2000}};
  CrawlBenchReport report;
  report.source = "hand-made";
  report.isolated = true;
  report.points = {p, p};
  report.points[1].documents = 2000;
  report.time = FitGrowth({1000, 2000}, {0.5, 1.0});
  const std::string table = CrawlBenchTable(report);
  EXPECT_NE(table.find("  setup                 0.000          —            —\n"), std::string::npos) << table;
  EXPECT_NE(table.find("  scan                  0.250       16.0         4000\n"), std::string::npos) << table;
  EXPECT_NE(table.find("0.000 s, — MB/s"), std::string::npos) << table;
  EXPECT_NE(table.find("exponent: — (a growth exponent needs 3 sizes or more; 2 measured)"), std::string::npos)
      << table;
  const std::string json = CrawlBenchJson(report);
  EXPECT_NE(json.find("{\"stage\":\"setup\",\"seconds\":0.0004,\"mb_per_second\":null,\"docs_per_second\":null}"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"time\":{\"points\":2,\"exponent\":null,\"r_squared\":null}"), std::string::npos) << json;

  report.points.push_back(report.points[1]);
  report.points[2].documents = 4000;
  report.time = FitGrowth({1000, 2000, 4000}, {0.5, 1.0, 2.0});
  const std::string three = CrawlBenchTable(report);
  EXPECT_NE(three.find("exponent: time 1.000 (r2 1.000), peak memory —, index memory —"), std::string::npos)
      << three;
}

// `shabih bench` is a thin front end: flags in, table and JSON out.
using CliResult = testing::CliResult;
using testing::RunCli;

TEST(BenchCommand, GeneratedSizesPrintTableAndWriteJson) {
  TempDir tmp;
  const CliResult r = RunCli(
      absl::StrCat("bench --generate --sizes 60,0.12k --threads 1 --quiet --json ", tmp / "bench.json"));
  ASSERT_EQ(r.exit_code, 1) << r.output;  // "0.12k" is not a document count
  EXPECT_NE(r.output.find("--sizes"), std::string::npos) << r.output;

  // Two sizes: the growth table, but no exponent (two points always fit).
  const CliResult two =
      RunCli(absl::StrCat("bench --generate --sizes 60,120 --threads 1 --quiet --json ", tmp / "bench.json"));
  ASSERT_EQ(two.exit_code, 0) << two.output;
  EXPECT_NE(two.output.find("== 60 documents"), std::string::npos) << two.output;
  EXPECT_NE(two.output.find("== 120 documents"), std::string::npos) << two.output;
  EXPECT_NE(two.output.find("growth with size"), std::string::npos) << two.output;
  EXPECT_EQ(two.output.find("exponent: time"), std::string::npos) << two.output;
  EXPECT_NE(two.output.find("needs 3 sizes or more; 2 measured"), std::string::npos) << two.output;
  std::string json = ReadFile(tmp / "bench.json");
  EXPECT_NE(json.find("\"documents\":120"), std::string::npos) << json;
  EXPECT_NE(json.find("\"time\":{\"points\":2,\"exponent\":null"), std::string::npos) << json;

  const CliResult three =
      RunCli(absl::StrCat("bench --generate --sizes 60,120,240 --threads 1 --quiet --json ", tmp / "bench.json"));
  ASSERT_EQ(three.exit_code, 0) << three.output;
  EXPECT_NE(three.output.find("exponent: time "), std::string::npos) << three.output;
  json = ReadFile(tmp / "bench.json");
  EXPECT_NE(json.find("\"time\":{\"points\":3,\"exponent\":"), std::string::npos) << json;
  EXPECT_EQ(json.find("\"time\":{\"points\":3,\"exponent\":null"), std::string::npos) << json;
}

// A stage row whose time prints as 0.000 s carries no MB/s or docs/s: a rate
// from a time below the timer's useful resolution is noise.
TEST(BenchCommand, StagesTooFastToTimeHaveNoRate) {
  const CliResult r = RunCli("bench --generate --sizes 60 --threads 1 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  int zero_rows = 0, rows = 0;
  for (absl::string_view line : absl::StrSplit(r.output, '\n')) {
    std::vector<absl::string_view> cells = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (cells.size() != 4 || !absl::StartsWith(line, "  ") || cells[0] == "stage") continue;
    ++rows;
    if (cells[1] != "0.000") continue;
    ++zero_rows;
    EXPECT_EQ(cells[2], "—") << line;
    EXPECT_EQ(cells[3], "—") << line;
  }
  EXPECT_GE(rows, 10) << r.output;
  // 60 small pages: some stages (setup, verify, cluster) take microseconds.
  EXPECT_GE(zero_rows, 1) << r.output;
}

// With nothing to measure, bench measures something sensible: a generated
// 20k-page crawl, in a temporary directory (under $TMPDIR) removed after.
TEST(BenchCommand, NoArgumentsMeasureAGeneratedCrawl) {
  TempDir tmp;
  std::filesystem::create_directories(tmp / "t");
  const CliResult r = RunCli("bench", "TMPDIR=" + tmp / "t");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no input given: measuring a generated crawl"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("shabih bench: generated crawl (seed 1, 12 sites)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("== 20000 documents"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("result: "), std::string::npos) << r.output;
  EXPECT_TRUE(std::filesystem::is_empty(tmp / "t")) << "bench left its generated crawl behind";
  // --quiet silences the note, not the bench; given a crawl, none is generated.
  WriteFile(tmp / "crawl.jsonl", TestCrawl(12));
  const CliResult input = RunCli(absl::StrCat("bench ", tmp / "crawl.jsonl", " --no-profile --quiet"));
  ASSERT_EQ(input.exit_code, 0) << input.output;
  EXPECT_EQ(input.output.find("generated"), std::string::npos) << input.output;
}

TEST(BenchCommand, SizesAcceptSuffixes) {
  TempDir tmp;
  WriteFile(tmp / "crawl.jsonl", TestCrawl(12));
  const CliResult r =
      RunCli(absl::StrCat("bench ", tmp / "crawl.jsonl", " --sizes 6,1k --no-profile --quiet --json -"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // JSON only: 6 documents, then the whole input (12; 1k is beyond it).
  EXPECT_EQ(r.output.front(), '{') << r.output;
  EXPECT_NE(r.output.find("\"documents\":6,"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"documents\":12,"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace shabih
