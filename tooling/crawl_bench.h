// The crawl-scale benchmark behind `shabih bench`: the whole `shabih dedup`
// pipeline (RunDedup) on a crawl, per stage, next to a roofline, at several
// sizes, with the fitted growth exponents of time and memory.
//
//   shabih::CrawlBenchOptions options;
//   options.sizes = {10000, 100000};                 // first N documents of the input
//   absl::StatusOr<shabih::CrawlBenchReport> report =
//       shabih::RunCrawlBench({"crawl.jsonl"}, options);
//   if (!report.ok()) return report.status();
//   std::cout << shabih::CrawlBenchTable(*report);   // or CrawlBenchJson(*report)
//
// Inputs are read as `shabih dedup` reads them (shabih::CorpusReader with
// options.dedup.read: directories, JSONL, JSONL.gz, the text and id fields,
// the size limit, skips counted). For each size ("point") it measures, on
// the same bytes:
//  - the roofline: the files the CorpusReader lists only read and hashed
//    once per line with XXH3 on one thread (no JSON parsing, no
//    normalization, no MinHash): the practical speed limit the pipeline is
//    compared against;
//  - a one-thread profile of RunDedup's signing path: the first pass
//    ("scan-read", "statistics": CrawlStatisticsBuilder) when RunDedup has
//    one, then per document "read", "strip", "normalize",
//    "shingle+discount" (the template-common shingles left out) and "sign"
//    (MinHash, and SimHash with that method), the steps of
//    DocumentSigner::SignInto, checked against a DocumentSigner on a sample
//    of documents;
//  - RunDedup itself with the given options (all cores by default): its
//    stage times, total time, peak RSS and index bytes.
// MB/s of any stage is input bytes / that stage's seconds, so all stages are
// on one scale and 1 / total = sum of 1 / stage (for sequential stages).
// Growth exponents are least-squares slopes of log(value) on log(documents)
// over the points: 1.0 is linear, 2.0 quadratic; they are fitted from
// kMinGrowthPoints sizes or more only. A stage shorter than kMinTimedSeconds
// gets no rate (0 here, "—" in the table, null in the JSON).
//
// Sizes: with input paths, a size N takes the first N documents in reading
// order, copied to a JSONL file in work_dir (JSONL lines byte for byte; text
// files as {"id","url","text"} with the site as URL host, so strip's per-site
// statistics are unchanged); a size at or above the input's document count
// uses the inputs as they are. With `generate`, each size is a crawl of N
// pages written by GenerateCrawl (gold files off) and deleted afterwards.
// Copying and generating are not timed.
//
// Memory: peak RSS only grows within a process, so by default each point
// runs in a forked child process (`isolate`) and reports the child's peak;
// start_rss_bytes is the child's RSS when it started (inherited from the
// parent), and memory per document is (peak - start) / documents.
//
// Thread safety: RunCrawlBench forks; call it from a process with no other
// threads running (a CLI, a test), and with distinct work dirs.
#ifndef SHABIH_TOOLING_CRAWL_BENCH_H_
#define SHABIH_TOOLING_CRAWL_BENCH_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "shabih/dedup.h"
#include "tooling/crawl_generator.h"

namespace shabih {

// Below a millisecond, timer resolution, scheduling and cache warm-up make
// most of a measured time, so a rate from it means nothing (a 0.000 s
// "setup" once printed 169662 MB/s): such stages get no MB/s or docs/s.
inline constexpr double kMinTimedSeconds = 1e-3;

// Two points always lie on a line (r2 = 1 whatever the data), so an
// exponent is fitted from three sizes or more.
inline constexpr int kMinGrowthPoints = 3;

// One timed stage. mb_per_second and docs_per_second use the point's input
// bytes and documents, whatever the stage works on; both are 0 when the
// stage took less than kMinTimedSeconds.
struct StageFigure {
  std::string stage;
  double seconds = 0;
  double mb_per_second = 0;
  double docs_per_second = 0;
};

struct RooflineFigure {
  uint64_t bytes = 0;
  uint64_t lines = 0;
  int threads = 1;
  double seconds = 0;
  double mb_per_second = 0;  // 0 under kMinTimedSeconds.
};

struct CrawlBenchPoint {
  uint64_t size = 0;       // requested size (0: whole input)
  uint64_t documents = 0;  // documents RunDedup read
  uint64_t bytes = 0;      // input bytes RunDedup read
  int threads = 0;         // RunDedup's threads
  RooflineFigure roofline;
  // One thread: "scan-read" and "statistics" (when RunDedup makes a first
  // pass), then per document "read", "strip" (when dedup.strip),
  // "normalize", "shingle+discount", "sign"; then "total".
  std::vector<StageFigure> profile;
  // RunDedup's own stages (DedupSummary::stages), then "total".
  std::vector<StageFigure> stages;
  double seconds = 0;        // RunDedup wall time
  double mb_per_second = 0;  // RunDedup end to end
  double docs_per_second = 0;
  // RunDedup end-to-end MB/s over the roofline's (1 = at the roofline); 0
  // when either was too short to time.
  double roofline_fraction = 0;
  uint64_t start_rss_bytes = 0;
  uint64_t peak_rss_bytes = 0;
  uint64_t index_bytes = 0;              // DedupSummary::index_bytes
  double memory_bytes_per_document = 0;  // (peak - start) / documents
  double index_bytes_per_document = 0;
  uint64_t clusters = 0;
  uint64_t duplicates = 0;
  uint64_t candidate_pairs = 0;
  uint64_t verified_edges = 0;
};

struct CrawlBenchOptions {
  // The pipeline measured, as `shabih dedup` would run it (threads = 0: all
  // cores). Its out_dir is a scratch directory in work_dir.
  DedupOptions dedup;
  // Document counts to measure, any order (measured ascending). Empty: the
  // whole input once (with `generate`, sizes are required; `shabih bench`
  // defaults them to 20k). Three sizes or more give growth exponents.
  std::vector<uint64_t> sizes;
  // When set, inputs must be empty: each size is a crawl generated from this
  // (pages = size, write_gold = false, out_dir in work_dir).
  std::optional<GeneratorOptions> generate;
  // Scratch space for prefix files, generated crawls and dedup outputs;
  // everything created there is removed at the end. Empty (default): a new
  // directory under the system temp dir, removed at the end.
  std::string work_dir;
  // Run each point in a forked child so that its peak RSS is its own.
  // Default on; off measures in this process (peak RSS is then reset per
  // point through /proc/self/clear_refs where the kernel allows it).
  bool isolate = true;
  // The one-thread per-stage profile. Default on: it is the only split of
  // read / strip / normalize / shingle / sign, which RunDedup runs as one
  // pipelined stage. Costs about one more run of the pipeline's two passes.
  bool profile = true;
  // Roofline passes per point; the fastest is kept (the first one also warms
  // the page cache for the runs after it). Default 3.
  int roofline_repeats = 3;
  // Called in the calling process after each point, e.g. for progress.
  std::function<void(const CrawlBenchPoint&)> on_point;
};

// Least-squares fit of log(y) = exponent * log(documents) + c.
struct GrowthFit {
  int points = 0;       // Points with x, y > 0.
  bool fitted = false;  // Only from kMinGrowthPoints points with distinct x.
  double exponent = 0;  // 0 when not fitted.
  double r_squared = 0;
};

struct CrawlBenchReport {
  std::vector<CrawlBenchPoint> points;  // ascending size
  GrowthFit time;                       // RunDedup seconds
  GrowthFit peak_memory;                // peak RSS - start RSS
  GrowthFit index_memory;               // index bytes
  std::string source;                   // the inputs, or "generated (seed S, sites K)"
  bool isolated = false;
};

// Runs the benchmark. InvalidArgument for bad options (inputs together with
// `generate`, neither, a size of 0 with `generate`); the errors of RunDedup
// and GenerateCrawl otherwise.
absl::StatusOr<CrawlBenchReport> RunCrawlBench(const std::vector<std::string>& inputs,
                                               const CrawlBenchOptions& options);

// The fit over (x, y) pairs with x, y > 0 (others ignored); not fitted
// from fewer than kMinGrowthPoints of them.
GrowthFit FitGrowth(const std::vector<double>& x, const std::vector<double>& y);

// A readable multi-line table of the report.
std::string CrawlBenchTable(const CrawlBenchReport& report);
// The report as one JSON object (with a trailing newline).
std::string CrawlBenchJson(const CrawlBenchReport& report);

}  // namespace shabih

#endif  // SHABIH_TOOLING_CRAWL_BENCH_H_
