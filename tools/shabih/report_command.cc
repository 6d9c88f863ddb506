// `shabih report RUN_DIR [--out FILE]`: one self-contained HTML file showing
// a dedup run (tooling/report.h). `shabih dedup --report` calls the same
// WriteReport after its run.
#include <cstdio>
#include <memory>
#include <string>

#include "tooling/report.h"
#include "tools/shabih/cli_format.h"
#include "tools/shabih/commands.h"
#include "tools/shabih/report_flags.h"

namespace shabih::cli {

void AddReportFlags(CLI::App* cmd, ReportOptions* o) {
  cmd->add_option("--clusters", o->max_clusters, "Clusters with duplicates listed, largest first")
      ->capture_default_str();
  cmd->add_option("--members", o->max_members, "Members listed per cluster")->capture_default_str();
  cmd->add_option("--text-clusters", o->text_clusters,
                  "Of the listed clusters, how many show texts and diffs")
      ->capture_default_str();
  cmd->add_option("--text-members", o->text_members,
                  "Members with texts per such cluster (canonical included)")
      ->capture_default_str();
  cmd->add_option("--site-pages", o->site_pages, "Sample pages per site in the page view")
      ->capture_default_str();
  cmd->add_option("--sites", o->max_sites, "Sites in the per-site chart and boilerplate tables")
      ->capture_default_str();
  cmd->add_option("--site-lines", o->site_lines, "Most repeated boilerplate lines shown per site")
      ->capture_default_str();
  cmd->add_option("--doc-bytes", o->max_document_bytes, "A page's lines are embedded up to this many bytes")
      ->capture_default_str();
  cmd->add_option("--text-bytes", o->max_text_bytes, "All embedded texts together, at most this many bytes")
      ->capture_default_str();
}

int WriteReportFor(const std::string& run_dir, const std::string& out_file, const ReportOptions& options,
                   bool quiet, const char* command) {
  auto bytes = WriteReport(run_dir, out_file, options);
  if (!bytes.ok()) return ReportError(command, bytes.status());
  if (!quiet) {
    std::fprintf(stderr, "shabih %s: wrote %s (%s)\n", command, out_file.c_str(),
                 FormatBytes(static_cast<double>(*bytes)).c_str());
  }
  return kExitOk;
}

void AddReportCommand(CLI::App& app, int* exit_code) {
  struct Flags {
    std::string run_dir, out;
    ReportOptions options;
    bool no_texts = false, quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Write one self-contained HTML file showing a dedup run: clusters, diffs, stripped lines");
  cmd->add_option("RUN_DIR", flags->run_dir, "The --out directory of a `shabih dedup` run")->required();
  cmd->add_option("--out", flags->out, "The HTML file to write (default: RUN_DIR/report.html)");
  AddReportFlags(cmd, &flags->options);
  cmd->add_option(
      "--input", flags->options.inputs,
      "Read the crawl from here instead of the inputs summary.json records (it was moved, or was stdin)");
  cmd->add_flag("--no-texts", flags->no_texts, "Do not re-read the inputs: clusters and counts only");
  cmd->add_option("--threads", flags->options.threads, "Threads for the statistics pass (0 = all cores)")
      ->capture_default_str();
  cmd->add_flag("--quiet", flags->quiet, "Print nothing on success");
  cmd->callback([flags, exit_code] {
    flags->options.read_texts = !flags->no_texts;
    const std::string out = flags->out.empty() ? flags->run_dir + "/report.html" : flags->out;
    *exit_code = WriteReportFor(flags->run_dir, out, flags->options, flags->quiet, "report");
  });
}

}  // namespace shabih::cli
