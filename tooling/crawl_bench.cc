// The crawl bench's driver: the inputs of each size (a prefix of the input,
// or a generated crawl), one point measured per size (in a forked child by
// default), then the growth fits. The roofline, profile, isolation, fit and
// reports are in crawl_bench_*.cc.
#include "tooling/crawl_bench.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/resource_usage.h"
#include "engine/internal/status_macros.h"
#include "tooling/crawl_bench_internal.h"

namespace shabih {
namespace fs = std::filesystem;

namespace {

// No rate from a time too short to measure (kMinTimedSeconds).
double PerSecond(double amount, double seconds) { return seconds >= kMinTimedSeconds ? amount / seconds : 0; }

// Resets VmHWM to the current RSS (Linux >= 4.0); false where not allowed.
bool ResetPeakRss() {
  std::ofstream clear("/proc/self/clear_refs");
  if (!clear) return false;
  clear << "5";
  clear.close();
  return static_cast<bool>(clear);
}

// One point, in this process: roofline, RunDedup, then the profile.
absl::Status MeasurePoint(const std::vector<std::string>& inputs, const CrawlBenchOptions& options,
                          const std::string& out_dir, CrawlBenchPoint* point) {
  point->roofline = bench::MeasureRoofline(inputs, options.dedup.read, options.roofline_repeats);
  point->start_rss_bytes = CurrentRssBytes();
  SHABIH_ASSIGN_OR_RETURN(const DedupSummary summary, RunDedup(inputs, options.dedup, out_dir, {}));
  // Read before the profile, whose memory must not count.
  point->peak_rss_bytes = std::max(PeakRssBytes(), point->start_rss_bytes);
  point->documents = summary.documents;
  point->bytes = summary.read.bytes;
  point->threads = summary.threads;
  point->seconds = summary.seconds;
  point->index_bytes = summary.index_bytes;
  point->clusters = summary.clusters;
  point->duplicates = summary.duplicates;
  point->candidate_pairs = summary.candidate_pairs;
  point->verified_edges = summary.verified_edges;
  point->stages.clear();
  double staged = 0;
  for (const StageTime& stage : summary.stages) {
    point->stages.push_back({stage.stage, stage.seconds});
    staged += stage.seconds;
  }
  // Building the normalizer table, the classifier and the like.
  if (summary.seconds > staged) {
    point->stages.insert(point->stages.begin(), StageFigure{"setup", summary.seconds - staged});
  }
  std::error_code ec;
  fs::remove_all(out_dir, ec);
  if (options.profile) SHABIH_RETURN_IF_ERROR(bench::Profile(inputs, options.dedup, point));
  return absl::OkStatus();
}

// Fills the derived figures (rates, per-document memory, totals).
void FinishPoint(CrawlBenchPoint* point) {
  const double mb = point->bytes / 1e6, docs = static_cast<double>(point->documents);
  auto fill = [&](std::vector<StageFigure>* stages, double total) {
    if (stages->empty()) return;
    stages->push_back({"total", total});
    for (StageFigure& s : *stages) {
      s.mb_per_second = PerSecond(mb, s.seconds);
      s.docs_per_second = PerSecond(docs, s.seconds);
    }
  };
  double profile_total = 0;
  for (const StageFigure& s : point->profile) profile_total += s.seconds;
  fill(&point->profile, profile_total);
  fill(&point->stages, point->seconds);
  point->roofline.mb_per_second = PerSecond(point->roofline.bytes / 1e6, point->roofline.seconds);
  point->mb_per_second = PerSecond(mb, point->seconds);
  point->docs_per_second = PerSecond(docs, point->seconds);
  point->roofline_fraction =
      point->roofline.mb_per_second > 0 ? point->mb_per_second / point->roofline.mb_per_second : 0;
  const uint64_t grown = point->peak_rss_bytes - std::min(point->peak_rss_bytes, point->start_rss_bytes);
  point->memory_bytes_per_document = docs > 0 ? grown / docs : 0;
  point->index_bytes_per_document = docs > 0 ? point->index_bytes / docs : 0;
}

// Writes the first `size` documents of `inputs` to `path` as JSONL. Sets
// *documents to the number written (fewer than size: the input ended).
absl::Status WritePrefix(const std::vector<std::string>& inputs, const ReadOptions& read, uint64_t size,
                         const fs::path& path, uint64_t* documents) {
  ReadOptions options = read;
  options.keep_raw = true;
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, options));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path.string()));
  Document doc;
  std::string line;
  *documents = 0;
  while (*documents < size && reader->Next(&doc)) {
    if (reader->sources()[doc.source].kind != Source::Kind::kText && !doc.raw.empty()) {
      out.write(doc.raw.data(), static_cast<std::streamsize>(doc.raw.size()));
    } else {
      // A text file: the site becomes the URL host, which is how the reader
      // derives a JSONL document's site.
      line.clear();
      JsonObjectWriter w(&line);
      w.String(options.id_fields.empty() ? "id" : options.id_fields[0], doc.id);
      w.String("url", absl::StrCat("https://", doc.site.empty() ? "unknown" : doc.site, "/"));
      w.String(options.text_field, doc.text);
      w.Close();
      out.write(line.data(), static_cast<std::streamsize>(line.size()));
    }
    out.put('\n');
    ++*documents;
  }
  out.close();
  if (!out) return absl::DataLossError(absl::StrCat("error while writing ", path.string()));
  return absl::OkStatus();
}

std::vector<uint64_t> SortedSizes(std::vector<uint64_t> sizes) {
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

std::string JoinInputs(const std::vector<std::string>& inputs) {
  std::string out;
  for (const std::string& input : inputs) absl::StrAppend(&out, out.empty() ? "" : " ", input);
  return out;
}

absl::Status CheckRequest(const std::vector<std::string>& inputs, const CrawlBenchOptions& options,
                          const std::vector<uint64_t>& sizes) {
  if (options.generate.has_value() == !inputs.empty()) {
    return absl::InvalidArgumentError("give either input paths or a crawl to generate, not both or neither");
  }
  for (const std::string& input : inputs) {
    if (input == "-") {
      return absl::InvalidArgumentError("bench reads its input several times: stdin cannot be used");
    }
  }
  if (options.generate.has_value() && (sizes.empty() || sizes.front() == 0)) {
    return absl::InvalidArgumentError("a generated crawl needs sizes of at least 1 page");
  }
  return absl::OkStatus();
}

absl::StatusOr<fs::path> MakeWorkDir(const std::string& work_dir) {
  std::error_code ec;
  fs::path work;
  if (work_dir.empty()) {
    static std::atomic<int> counter{0};
    work = fs::temp_directory_path(ec) / absl::StrCat("shabih-bench-", getpid(), "-", counter++);
  } else {
    work = work_dir;
  }
  fs::create_directories(work, ec);
  if (!fs::is_directory(work)) {
    return absl::PermissionDeniedError(absl::StrCat("cannot create work directory ", work.string()));
  }
  return work;
}

// The inputs of one point. *size becomes 0 when the input has fewer
// documents than asked (then measured whole); *scratch is what to remove.
absl::StatusOr<std::vector<std::string>> PointInputs(const std::vector<std::string>& inputs,
                                                     const CrawlBenchOptions& options, const fs::path& work,
                                                     uint64_t* size, fs::path* scratch) {
  if (options.generate.has_value()) {
    GeneratorOptions gen = *options.generate;
    gen.pages = static_cast<int64_t>(*size);
    gen.write_gold = false;
    *scratch = work / absl::StrCat("gen-", *size);
    gen.out_dir = scratch->string();
    SHABIH_RETURN_IF_ERROR(GenerateCrawl(gen, nullptr));
    return std::vector<std::string>{
        (*scratch / (gen.format == CrawlFormat::kJsonl ? "crawl.jsonl" : "crawl")).string()};
  }
  if (*size == 0) return inputs;
  *scratch = work / absl::StrCat("prefix-", *size, ".jsonl");
  uint64_t written = 0;
  SHABIH_RETURN_IF_ERROR(WritePrefix(inputs, options.dedup.read, *size, *scratch, &written));
  if (written >= *size) return std::vector<std::string>{scratch->string()};
  // The input has fewer documents: measure it whole, once, and stop.
  std::error_code ec;
  fs::remove(*scratch, ec);
  scratch->clear();
  *size = 0;
  return inputs;
}

absl::StatusOr<CrawlBenchPoint> RunPoint(const std::vector<std::string>& inputs,
                                         const CrawlBenchOptions& options, const std::string& out_dir,
                                         uint64_t size) {
  auto measure = [&](CrawlBenchPoint* p) { return MeasurePoint(inputs, options, out_dir, p); };
  if (options.isolate) return bench::MeasureIsolated(size, measure);
  CrawlBenchPoint p;
  p.size = size;
  ResetPeakRss();
  SHABIH_RETURN_IF_ERROR(measure(&p));
  return p;
}

void FitGrowths(CrawlBenchReport* report) {
  std::vector<double> docs, seconds, memory, index;
  for (const CrawlBenchPoint& p : report->points) {
    docs.push_back(static_cast<double>(p.documents));
    seconds.push_back(p.seconds);
    memory.push_back(static_cast<double>(p.peak_rss_bytes - std::min(p.peak_rss_bytes, p.start_rss_bytes)));
    index.push_back(static_cast<double>(p.index_bytes));
  }
  report->time = FitGrowth(docs, seconds);
  report->peak_memory = FitGrowth(docs, memory);
  report->index_memory = FitGrowth(docs, index);
}

}  // namespace

absl::StatusOr<CrawlBenchReport> RunCrawlBench(const std::vector<std::string>& inputs,
                                               const CrawlBenchOptions& raw_options) {
  CrawlBenchOptions options = raw_options;
  const std::vector<uint64_t> sizes = SortedSizes(options.sizes);
  SHABIH_RETURN_IF_ERROR(CheckRequest(inputs, options, sizes));
  // Fail on bad pipeline options before any work.
  SHABIH_ASSIGN_OR_RETURN(options.dedup, ResolveDedupOptions(options.dedup));
  options.dedup.keep_dir.clear();
  SHABIH_ASSIGN_OR_RETURN(const fs::path work, MakeWorkDir(options.work_dir));

  CrawlBenchReport report;
  report.isolated = options.isolate;
  report.source = options.generate.has_value()
                      ? absl::StrCat("generated crawl (seed ", options.generate->seed, ", ",
                                     options.generate->sites, " sites)")
                      : JoinInputs(inputs);
  absl::Status status;
  std::error_code ec;
  const std::vector<uint64_t> plan = sizes.empty() ? std::vector<uint64_t>{0} : sizes;
  for (uint64_t size : plan) {
    fs::path scratch;
    absl::StatusOr<std::vector<std::string>> point_inputs =
        PointInputs(inputs, options, work, &size, &scratch);
    if (!point_inputs.ok()) {
      status = point_inputs.status();
      break;
    }
    const std::string out_dir = (work / absl::StrCat("out-", size)).string();
    absl::StatusOr<CrawlBenchPoint> point = RunPoint(*point_inputs, options, out_dir, size);
    fs::remove_all(out_dir, ec);
    if (!scratch.empty()) fs::remove_all(scratch, ec);
    if (!point.ok()) {
      status = point.status();
      break;
    }
    FinishPoint(&*point);
    report.points.push_back(*std::move(point));
    if (options.on_point) options.on_point(report.points.back());
    if (size == 0) break;
  }
  if (options.work_dir.empty()) fs::remove_all(work, ec);
  SHABIH_RETURN_IF_ERROR(status);
  FitGrowths(&report);
  return report;
}

}  // namespace shabih
