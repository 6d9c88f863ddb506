// `shabih strip INPUT... --out DIR [--explain]`: removes boilerplate, keeping
// each page's main content (CONTRACT.md). Flags only; the work is
// shabih::RunStrip (include/shabih/strip.h).
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "shabih/strip.h"
#include "tools/shabih/cli_format.h"
#include "tools/shabih/commands.h"
#include "tools/shabih/signals.h"

namespace shabih::cli {
namespace {

struct StripFlags {
  std::vector<std::string> inputs;
  std::string out;
  StripOptions options;
  bool single_page = false;
  std::string id_field;
  bool progress = false;
  bool quiet = false;
};


int Run(StripFlags& flags) {
  StripOptions options = flags.options;
  options.crawl_stats = !flags.single_page;
  options.cancel = CancelOnSignals();
  if (!flags.id_field.empty()) options.read.id_fields.insert(options.read.id_fields.begin(), flags.id_field);
  const bool show_progress = flags.progress || (!flags.quiet && isatty(STDERR_FILENO));
  StripProgressCallback progress;
  ProgressLine line;
  if (show_progress) {
    progress = [&line](const StripProgress& p) {
      const std::string text = line.Format(p.stage, p.documents, p.bytes, p.seconds, p.total_bytes, p.fraction);
      std::fprintf(stderr, "\r%s", text.c_str());
      std::fflush(stderr);
    };
  }
  auto summary = RunStrip(flags.inputs, options, flags.out, progress);
  if (show_progress) std::fprintf(stderr, "\n");
  if (!summary.ok()) return ReportError("strip", summary.status());
  PrintReadWarnings("strip", summary->read);
  if (!flags.quiet) {
    const double share = summary->lines > 0 ? 100.0 * summary->boilerplate_lines / summary->lines : 0.0;
    std::fprintf(
        stderr,
        "shabih strip: %llu documents, %llu lines, %llu boilerplate (%.1f %%); kept %s of %s; "
        "%.2f s (%s/s); %llu skipped, %llu repaired; wrote %s\n",
        static_cast<unsigned long long>(summary->documents), static_cast<unsigned long long>(summary->lines),
        static_cast<unsigned long long>(summary->boilerplate_lines), share,
        FormatBytes(static_cast<double>(summary->bytes_kept)).c_str(),
        FormatBytes(static_cast<double>(summary->read.bytes)).c_str(), summary->seconds,
        FormatBytes(summary->seconds > 0 ? summary->read.bytes / summary->seconds : 0.0).c_str(),
        static_cast<unsigned long long>(summary->read.skipped_total),
        static_cast<unsigned long long>(summary->read.repaired_utf8), flags.out.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddStripCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<StripFlags>();
  CLI::App* cmd = app.add_subcommand("strip", "Remove boilerplate, keeping each page's main content");
  cmd->add_option(
         "INPUT", flags->inputs,
         "Directories (*.txt, *.jsonl, *.jsonl.gz, walked recursively), files, or - for JSONL on stdin")
      ->required();
  cmd->add_option("--out", flags->out,
                  "Output directory: <id> per text file, stripped.jsonl for JSONL input, summary.json")
      ->required();
  cmd->add_flag("--explain", flags->options.explain,
                "Also write lines.jsonl: a label and a reason for every input line");
  cmd->add_flag("--single-page", flags->single_page,
                "Judge each page alone: no per-site line statistics, one pass over the input");
  cmd->add_option("--threads", flags->options.threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  cmd->add_option(
         "--min-site-repeats", flags->options.boilerplate.min_site_repeats,
         "A line on at least this many pages of its site (and --site-repeat-fraction of them) is template")
      ->capture_default_str();
  cmd->add_option("--site-repeat-fraction", flags->options.boilerplate.site_repeat_fraction,
                  "Fraction of a site's pages a non-sentence line must be on to be template")
      ->capture_default_str();
  cmd->add_option("--text-field", flags->options.read.text_field, "JSONL field holding the text")
      ->capture_default_str();
  cmd->add_option("--html-field", flags->options.read.html_field,
                  "JSONL field holding a page's HTML, read instead of --text-field (default: none)");
  cmd->add_option("--id-field", flags->id_field,
                  "JSONL field holding the id (default: id, then url, else FILE:LINE)");
  cmd->add_option("--max-doc-bytes", flags->options.read.max_document_bytes,
                  "Documents or JSONL lines larger than this are skipped and counted")
      ->capture_default_str();
  cmd->add_flag("--progress", flags->progress,
                "Show a progress line on stderr even when it is not a terminal");
  cmd->add_flag("--quiet", flags->quiet, "No progress line and no final report on stderr");
  cmd->add_flag("--overwrite", flags->options.overwrite,
                "Write into a non-empty output folder that no shabih run wrote (its other files are kept)");
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace shabih::cli
