// `shabih dedup INPUT... --out DIR`: near-duplicate clusters (CONTRACT.md).
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "shabih/dedup.h"
#include "tools/shabih/commands.h"

namespace shabih::cli {
namespace {

struct DedupFlags {
  std::vector<std::string> inputs;
  std::string out;
  DedupOptions options;
  std::string method = "minhash";
  std::string prefix_folding = PrefixFoldingName(NormalizerOptions().prefix_folding);
  std::string cluster_mode = ClusterModeName(DedupOptions().cluster_mode);
  std::string id_field;
  bool no_strip = false;
  bool progress = false;
  bool quiet = false;
};

void PrintProgress(const DedupProgress& p) {
  std::fprintf(stderr, "\r[shabih] %-7s %10llu docs  %9.1f MB  %7.1f MB/s  %6.1f s", p.stage,
               static_cast<unsigned long long>(p.documents), p.bytes / 1e6,
               p.seconds > 0 ? p.bytes / 1e6 / p.seconds : 0.0, p.seconds);
  std::fflush(stderr);
}

int Run(DedupFlags& flags) {
  DedupOptions options = flags.options;
  if (flags.method != "minhash") {
    return ReportError("dedup", absl::InvalidArgumentError(
                                    absl::StrFormat("--method %s is not available yet (use minhash)", flags.method)));
  }
  auto folding = ParsePrefixFolding(flags.prefix_folding);
  if (!folding.ok()) return ReportError("dedup", folding.status());
  options.normalizer.prefix_folding = *folding;
  auto mode = ParseClusterMode(flags.cluster_mode);
  if (!mode.ok()) return ReportError("dedup", mode.status());
  options.cluster_mode = *mode;
  if (!flags.id_field.empty()) options.read.id_fields.insert(options.read.id_fields.begin(), flags.id_field);

  const bool show_progress = flags.progress || (!flags.quiet && isatty(STDERR_FILENO));
  ProgressCallback progress;
  if (show_progress) progress = PrintProgress;
  auto summary = RunDedup(flags.inputs, options, flags.out, progress);
  if (show_progress) std::fprintf(stderr, "\n");
  if (!summary.ok()) return ReportError("dedup", summary.status());
  if (!flags.quiet) {
    std::fprintf(stderr,
                 "shabih dedup: %llu documents, %llu clusters (%llu with duplicates, largest %llu), "
                 "%llu duplicates; LSH %d bands x %d rows; %.1f MB in %.2f s (%.1f MB/s); "
                 "%llu skipped, %llu repaired; wrote %s/clusters.jsonl\n",
                 static_cast<unsigned long long>(summary->documents),
                 static_cast<unsigned long long>(summary->clusters),
                 static_cast<unsigned long long>(summary->clusters_with_duplicates),
                 static_cast<unsigned long long>(summary->largest_cluster),
                 static_cast<unsigned long long>(summary->duplicates), summary->lsh_params.bands,
                 summary->lsh_params.rows, summary->read.bytes / 1e6, summary->seconds,
                 summary->seconds > 0 ? summary->read.bytes / 1e6 / summary->seconds : 0.0,
                 static_cast<unsigned long long>(summary->read.skipped_total),
                 static_cast<unsigned long long>(summary->read.repaired_utf8), flags.out.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddDedupCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<DedupFlags>();
  CLI::App* cmd = app.add_subcommand("dedup", "Group near-duplicate documents into clusters");
  cmd->add_option("INPUT", flags->inputs,
                  "Directories (*.txt, *.jsonl, *.jsonl.gz, walked recursively), files, or - for JSONL on stdin")
      ->required();
  cmd->add_option("--out", flags->out, "Output directory for clusters.jsonl and summary.json")->required();
  cmd->add_option("--threshold", flags->options.threshold,
                  "Jaccard similarity at or above which documents are near-duplicates")
      ->capture_default_str();
  cmd->add_option("--shingle", flags->options.shingle_size, "Word shingle size k")->capture_default_str();
  cmd->add_option("--perms", flags->options.minhash.num_perms, "MinHash permutations")->capture_default_str();
  cmd->add_option("--bands", flags->options.bands, "LSH bands (with --rows; default: derived from --threshold)");
  cmd->add_option("--rows", flags->options.rows, "LSH rows per band (with --bands)");
  cmd->add_option("--method", flags->method, "Similarity method: minhash")->capture_default_str();
  cmd->add_option("--threads", flags->options.threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_option("--cluster", flags->cluster_mode,
                  "Clustering: connected (transitive closure) or star (every member similar to its canonical)")
      ->capture_default_str();
  cmd->add_option("--prefix-folding", flags->prefix_folding,
                  "Arabic clitic folding: light (drop standalone/leading wa, the article al) or none")
      ->capture_default_str();
  cmd->add_option("--max-bucket", flags->options.lsh.max_bucket,
                  "LSH buckets larger than this pair members with the bucket's first document only")
      ->capture_default_str();
  cmd->add_option("--seed", flags->options.minhash.seed, "Seed of the MinHash permutations")->capture_default_str();
  cmd->add_flag("--no-strip", flags->no_strip, "Do not strip boilerplate before signing");
  cmd->add_option("--text-field", flags->options.read.text_field, "JSONL field holding the text")
      ->capture_default_str();
  cmd->add_option("--id-field", flags->id_field, "JSONL field holding the id (default: id, then url, else FILE:LINE)");
  cmd->add_option("--max-doc-bytes", flags->options.read.max_document_bytes,
                  "Documents or JSONL lines larger than this are skipped and counted")
      ->capture_default_str();
  cmd->add_option("--keep", flags->options.keep_dir,
                  "Also write the canonical documents only, in the input's layout, to this directory");
  cmd->add_flag("--progress", flags->progress, "Show a progress line on stderr even when it is not a terminal");
  cmd->add_flag("--quiet", flags->quiet, "No progress line and no final report on stderr");
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace shabih::cli
