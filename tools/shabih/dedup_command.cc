// `shabih dedup INPUT... --out DIR`: near-duplicate clusters (CONTRACT.md).
#include <cstdio>
#include <memory>

#include "tools/shabih/cli_format.h"
#include "tools/shabih/commands.h"
#include "tools/shabih/dedup_flags.h"
#include "tools/shabih/report_flags.h"

namespace shabih::cli {
namespace {

int Run(const DedupFlags& flags, bool report) {
  auto options = DedupOptionsFromFlags(flags);
  if (!options.ok()) return ReportError("dedup", options.status());
  const ProgressCallback progress = MakeProgressPrinter(flags);
  auto summary = RunDedup(flags.inputs, *options, flags.out, progress);
  if (progress) std::fprintf(stderr, "\n");
  if (!summary.ok()) return ReportError("dedup", summary.status());
  PrintReadWarnings("dedup", summary->read);
  if (!flags.quiet) {
    const DedupSummary& s = *summary;
    std::fprintf(stderr,
                 "shabih dedup: %llu documents, %llu clusters (%llu with duplicates, largest %llu), "
                 "%llu duplicates; LSH %d bands x %d rows; %s in %.2f s (%s/s); "
                 "%llu skipped, %llu repaired; wrote %s/clusters.jsonl\n",
                 static_cast<unsigned long long>(s.documents), static_cast<unsigned long long>(s.clusters),
                 static_cast<unsigned long long>(s.clusters_with_duplicates),
                 static_cast<unsigned long long>(s.largest_cluster), static_cast<unsigned long long>(s.duplicates),
                 s.lsh_params.bands, s.lsh_params.rows, FormatBytes(static_cast<double>(s.read.bytes)).c_str(),
                 s.seconds, FormatBytes(s.seconds > 0 ? s.read.bytes / s.seconds : 0.0).c_str(),
                 static_cast<unsigned long long>(s.read.skipped_total),
                 static_cast<unsigned long long>(s.read.repaired_utf8), flags.out.c_str());
  }
  if (report) {
    // After the run: the report reads the run's finished outputs, and is
    // listed in the folder's run marker like them.
    ReportOptions report_options;
    report_options.threads = options->threads;
    return WriteReportFor(flags.out, flags.out + "/report.html", report_options, flags.quiet, "dedup");
  }
  return kExitOk;
}

}  // namespace

void AddDedupCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<DedupFlags>();
  auto report = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("dedup", "Group near-duplicate documents into clusters");
  AddDedupFlags(cmd, flags.get(), "Output directory for clusters.jsonl and summary.json");
  cmd->add_option("--keep", flags->options.keep_dir,
                  "Also write the canonical documents only, in the input's layout, to this directory");
  cmd->add_flag("--report", *report,
                "Also write DIR/report.html, the run as one HTML file (as `shabih report DIR` with its defaults)");
  cmd->callback([flags, report, exit_code] { *exit_code = Run(*flags, *report); });
}

}  // namespace shabih::cli
