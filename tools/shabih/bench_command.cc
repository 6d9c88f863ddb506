// `shabih bench`: the crawl-scale benchmark (tooling/crawl_bench.h) on a
// crawl, or on generated crawls, with a readable table and optional JSON.
//   shabih bench                       # a generated 20k-page crawl, in a temporary directory
//   shabih bench crawl.jsonl --sizes 10k,100k --json bench.json
//   shabih bench --generate --sizes 10k,100k,1M
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tooling/crawl_bench.h"
#include "tools/shabih/commands.h"

namespace shabih::cli {
namespace {

// With no input, bench measures a generated crawl of this many pages: large
// enough that every stage takes milliseconds (a rate to read), small enough
// for a few seconds' run and ~80 MB of scratch disk. CI measures the same size.
constexpr const char* kDefaultGeneratedSizes = "20k";

struct BenchFlags {
  std::vector<std::string> inputs;
  std::string sizes;
  bool generate = false;
  GeneratorOptions generator;
  std::string json;
  std::string work_dir;
  bool no_isolate = false;
  bool no_profile = false;
  int threads = 0;
  bool no_strip = false;
  bool single_page = false;
  std::string method = DedupMethodName(DedupOptions().method);
  double threshold = DedupOptions().threshold;
  std::string text_field = ReadOptions().text_field;
  std::string id_field;
  uint64_t max_document_bytes = ReadOptions().max_document_bytes;
  bool quiet = false;
};

// "10000,100k,1M" -> {10000, 100000, 1000000}.
absl::StatusOr<std::vector<uint64_t>> ParseSizes(const std::string& text) {
  std::vector<uint64_t> sizes;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    item = absl::StripAsciiWhitespace(item);
    uint64_t scale = 1;
    if (!item.empty() && (item.back() == 'k' || item.back() == 'K')) scale = 1000;
    if (!item.empty() && (item.back() == 'm' || item.back() == 'M')) scale = 1000000;
    if (scale != 1) item.remove_suffix(1);
    uint64_t value = 0;
    if (!absl::SimpleAtoi(item, &value) || value == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--sizes: \"", item, "\" is not a positive document count (e.g. 10000, 100k, 1M)"));
    }
    sizes.push_back(value * scale);
  }
  return sizes;
}

int Run(const BenchFlags& flags) {
  CrawlBenchOptions options;
  // No input: a bench of something, not a usage error.
  const bool generate = flags.generate || flags.inputs.empty();
  const std::string size_text = generate && flags.sizes.empty() ? kDefaultGeneratedSizes : flags.sizes;
  auto sizes = ParseSizes(size_text);
  if (!sizes.ok()) return ReportError("bench", sizes.status());
  options.sizes = *sizes;
  if (generate) options.generate = flags.generator;
  if (generate && !flags.generate && !flags.quiet) {
    std::fprintf(stderr,
                 "[shabih bench] no input given: measuring a generated crawl (shabih gen, seed %llu) of %s pages "
                 "in a temporary directory, removed afterwards; give a crawl to measure it instead\n",
                 static_cast<unsigned long long>(flags.generator.seed), size_text.c_str());
  }
  options.work_dir = flags.work_dir;
  options.isolate = !flags.no_isolate;
  options.profile = !flags.no_profile;
  auto method = ParseDedupMethod(flags.method);
  if (!method.ok()) return ReportError("bench", method.status());
  options.dedup.method = *method;
  options.dedup.threads = flags.threads;
  options.dedup.threshold = flags.threshold;
  options.dedup.strip = !flags.no_strip;
  options.dedup.strip_crawl_stats = !flags.single_page;
  options.dedup.read.text_field = flags.text_field;
  options.dedup.read.max_document_bytes = flags.max_document_bytes;
  if (!flags.id_field.empty()) options.dedup.read.id_fields.insert(options.dedup.read.id_fields.begin(), flags.id_field);
  if (!flags.quiet) {
    options.on_point = [](const CrawlBenchPoint& p) {
      std::fprintf(stderr, "[shabih bench] %llu docs, %.1f MB: %.2f s, %.1f MB/s (roofline %.1f MB/s), peak RSS %.1f MB\n",
                   static_cast<unsigned long long>(p.documents), p.bytes / 1e6, p.seconds, p.mb_per_second,
                   p.roofline.mb_per_second, p.peak_rss_bytes / 1e6);
    };
  }
  auto report = RunCrawlBench(flags.inputs, options);
  if (!report.ok()) return ReportError("bench", report.status());
  const std::string json = CrawlBenchJson(*report);
  if (flags.json == "-") {
    std::fwrite(json.data(), 1, json.size(), stdout);
    return kExitOk;
  }
  const std::string table = CrawlBenchTable(*report);
  std::fwrite(table.data(), 1, table.size(), stdout);
  if (!flags.json.empty()) {
    std::ofstream out(flags.json, std::ios::binary | std::ios::trunc);
    out << json;
    out.close();
    if (!out) return ReportError("bench", absl::PermissionDeniedError(absl::StrCat("cannot write ", flags.json)));
  }
  return kExitOk;
}

}  // namespace

void AddBenchCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<BenchFlags>();
  CLI::App* cmd = app.add_subcommand(
      "bench",
      "Benchmark the dedup pipeline on a crawl: per-stage MB/s next to a read+XXH3 roofline, peak memory, "
      "bytes/doc, and growth exponents over several sizes (docs/performance.md)");
  cmd->add_option("INPUT", flags->inputs,
                  "Crawl to measure (as for dedup; not stdin): directories, *.txt, *.jsonl, *.jsonl.gz; "
                  "none: a generated crawl (as --generate)");
  cmd->add_option("--sizes", flags->sizes,
                  "Comma-separated document counts (10000,100k,1M): the first N documents of INPUT, or "
                  "generated crawls of N pages with --generate; default: the whole INPUT once, or 20k "
                  "generated pages; growth exponents need 3 sizes or more");
  cmd->add_flag("--generate", flags->generate,
                "Measure generated crawls (shabih gen) of each --sizes instead of INPUT (the default with no INPUT)");
  cmd->add_option("--gen-seed", flags->generator.seed, "--generate: generator seed")->capture_default_str();
  cmd->add_option("--sites", flags->generator.sites, "--generate: number of sites")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--json", flags->json, "Also write the report as JSON to this file (- : JSON on stdout, no table)");
  cmd->add_option("--work-dir", flags->work_dir,
                  "Scratch directory for prefixes, generated crawls and outputs (default: a temporary one)");
  cmd->add_flag("--no-isolate", flags->no_isolate,
                "Measure every size in this process (peak RSS is then reset through /proc/self/clear_refs)");
  cmd->add_flag("--no-profile", flags->no_profile, "Skip the one-thread per-stage profile");
  cmd->add_option("--threads", flags->threads, "Dedup worker threads (0 = all cores)")->capture_default_str();
  cmd->add_flag("--no-strip", flags->no_strip, "Do not strip boilerplate before signing");
  cmd->add_flag("--single-page", flags->single_page, "Strip each page alone (no per-site statistics pass)");
  cmd->add_option("--method", flags->method, "Candidate search: minhash or simhash")->capture_default_str();
  cmd->add_option("--threshold", flags->threshold, "Jaccard threshold")->capture_default_str();
  cmd->add_option("--text-field", flags->text_field, "JSONL field holding the text")->capture_default_str();
  cmd->add_option("--id-field", flags->id_field, "JSONL field holding the id (default: id, then url, else FILE:LINE)");
  cmd->add_option("--max-doc-bytes", flags->max_document_bytes,
                  "Documents or JSONL lines larger than this are skipped and counted")
      ->capture_default_str();
  cmd->add_flag("--quiet", flags->quiet, "No progress lines on stderr");
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace shabih::cli
