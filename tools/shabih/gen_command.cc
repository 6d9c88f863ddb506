// `shabih gen`: writes a synthetic Arabic news crawl with ground truth
// (docs/generator.md). Flags only; the work is shabih::GenerateCrawl.
#include <chrono>
#include <cstdio>
#include <string>

#include "absl/strings/str_format.h"
#include "tooling/crawl_generator.h"
#include "tools/shabih/commands.h"

namespace shabih::cli {

void AddGenCommand(CLI::App& app, int* exit_code) {
  struct Flags {
    GeneratorOptions options;
    std::string format = "jsonl";
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "gen", "Write a synthetic Arabic news crawl with gold clusters and gold line labels");
  cmd->add_option("--out", flags->options.out_dir,
                  "Output directory: crawl.jsonl (or crawl/, pages/, crawl.warc.gz), gold_clusters.jsonl, "
                  "gold_lines.jsonl, manifest.json")
      ->required();
  cmd->add_option("--pages", flags->options.pages, "Number of pages")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", flags->options.seed, "Random seed: same seed, same bytes")
      ->capture_default_str();
  cmd->add_option("--sites", flags->options.sites, "Number of sites (templates and hosts)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--format", flags->format,
                  "jsonl: DIR/crawl.jsonl; txt: DIR/crawl/<site>/<page>.txt; "
                  "html: DIR/pages/<site>/<page>.html (varied markup, some windows-1256); "
                  "warc: DIR/crawl.warc.gz (WARC/1.1 response records of those pages)")
      ->capture_default_str()
      ->check(CLI::IsMember({"jsonl", "txt", "html", "warc"}));
  cmd->add_flag_function(
      "--no-gold", [flags](int64_t) { flags->options.write_gold = false; },
      "Skip the gold files (to time the crawl alone)");
  cmd->add_flag("--quiet", flags->quiet, "Print nothing on success");
  cmd->callback([flags, exit_code] {
    absl::StatusOr<CrawlFormat> format = ParseCrawlFormat(flags->format);
    if (!format.ok()) {
      *exit_code = ReportError("gen", format.status());
      return;
    }
    flags->options.format = *format;
    GeneratorStats stats;
    const auto start = std::chrono::steady_clock::now();
    const absl::Status status = GenerateCrawl(flags->options, &stats);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!status.ok()) {
      *exit_code = ReportError("gen", status);
      return;
    }
    if (!flags->quiet) {
      const double mb = static_cast<double>(stats.crawl_bytes + stats.gold_bytes) / 1e6;
      std::printf("%s\n", absl::StrFormat(
                              "wrote %d pages (%d clusters, %d lines, %.1f%% boilerplate) to %s\n"
                              "crawl %.1f MB + gold %.1f MB in %.2f s (%.1f MB/s)",
                              stats.pages, stats.clusters, stats.lines,
                              stats.lines > 0 ? 100.0 * stats.boilerplate_lines / stats.lines : 0.0,
                              flags->options.out_dir, stats.crawl_bytes / 1e6,
                              stats.gold_bytes / 1e6, seconds, seconds > 0 ? mb / seconds : 0.0)
                              .c_str());
      std::string kinds = "pages by kind:";
      for (const auto& [kind, count] : stats.pages_by_kind) {
        absl::StrAppendFormat(&kinds, " %s=%d", kind, count);
      }
      std::printf("%s\n", kinds.c_str());
    }
    *exit_code = kExitOk;
  });
}

}  // namespace shabih::cli
