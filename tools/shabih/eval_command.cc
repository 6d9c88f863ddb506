// `shabih eval`: scores dedup clusters and/or strip line labels against
// gold files, and clusters against judged pairs (docs/eval.md). Flags only; the work is in tooling/eval.h,
// including the refusal (FailedPrecondition, exit status 3) to score files
// that mostly do not match.
#include <cstdio>
#include <string>
#include <vector>

#include "tooling/eval.h"
#include "tools/shabih/commands.h"

namespace shabih::cli {

namespace {

struct Flags {
  std::string clusters, gold, pairs, lines, gold_lines, crawl;
  std::string text_field = ReadOptions().text_field;
  std::string id_field;
  bool json = false;
  bool keep_blank = false;
  ClusterEvalOptions cluster_options;
  LineEvalOptions line_options;
  PairEvalOptions pair_options;
};

// Checks the flag combination, scores, prints; returns the exit code.
int Run(Flags& flags) {
  const bool do_pairs = !flags.pairs.empty();
  // --clusters alone goes with --pairs; --gold always means cluster scores.
  const bool do_clusters = !flags.gold.empty() || (!flags.clusters.empty() && !do_pairs);
  const bool do_lines = !flags.lines.empty() || !flags.gold_lines.empty();
  if (!do_clusters && !do_lines && !do_pairs) {
    return ReportError("eval", absl::InvalidArgumentError(
                                "give --clusters with --gold and/or --pairs, and/or --lines with --gold-lines"));
  }
  if (do_clusters && (flags.clusters.empty() || flags.gold.empty())) {
    return ReportError("eval", absl::InvalidArgumentError("--clusters and --gold go together"));
  }
  if (do_pairs && flags.clusters.empty()) {
    return ReportError("eval", absl::InvalidArgumentError("--pairs scores the clusters of --clusters: give both"));
  }
  if (do_lines && (flags.lines.empty() || flags.gold_lines.empty())) {
    return ReportError("eval", absl::InvalidArgumentError("--lines and --gold-lines go together"));
  }
  if (!flags.crawl.empty() && !do_lines) {
    return ReportError("eval", absl::InvalidArgumentError("--crawl needs --lines and --gold-lines"));
  }
  flags.line_options.skip_blank = !flags.keep_blank;
  flags.line_options.crawl_read.text_field = flags.text_field;
  if (!flags.id_field.empty()) {
    std::vector<std::string>& ids = flags.line_options.crawl_read.id_fields;
    ids.insert(ids.begin(), flags.id_field);
  }
  std::string cluster_json, pair_json, line_json, text;
  if (do_clusters) {
    absl::StatusOr<ClusterEvalResult> r =
        EvaluateClusterFiles(flags.clusters, flags.gold, flags.cluster_options);
    if (!r.ok()) {
      return ReportError("eval", r.status());
    }
    cluster_json = ClusterReportJson(*r);
    text += FormatClusterReport(*r);
  }
  if (do_pairs) {
    absl::StatusOr<PairEvalResult> r = EvaluatePairFiles(flags.clusters, flags.pairs, flags.pair_options);
    if (!r.ok()) {
      return ReportError("eval", r.status());
    }
    pair_json = PairReportJson(*r);
    if (!text.empty()) text += "\n";
    text += FormatPairReport(*r);
  }
  if (do_lines) {
    absl::StatusOr<LineEvalResult> r =
        EvaluateLineFiles(flags.lines, flags.gold_lines, flags.crawl, flags.line_options);
    if (!r.ok()) {
      return ReportError("eval", r.status());
    }
    line_json = LineReportJson(*r);
    if (!text.empty()) text += "\n";
    text += FormatLineReport(*r);
  }
  if (flags.json) {
    std::string out;
    for (const auto& [key, json] : {std::pair<const char*, const std::string*>{"clusters", &cluster_json},
                                    {"pairs", &pair_json},
                                    {"lines", &line_json}}) {
      if (json->empty()) continue;
      out += out.empty() ? "{" : ",";
      out += std::string("\"") + key + "\":" + *json;
    }
    out += "}\n";
    std::fputs(out.c_str(), stdout);
  } else {
    std::fputs(text.c_str(), stdout);
  }
  return kExitOk;
}

// The flags' options, with the defaults of ClusterEvalOptions/LineEvalOptions.
void AddEvalFlags(CLI::App* cmd, Flags* flags) {
  cmd->add_option("--clusters", flags->clusters, "Predicted clusters.jsonl (from shabih dedup)");
  cmd->add_option("--gold", flags->gold,
                  "Gold clusters: JSONL ({\"id\",\"cluster\"[,\"kind\"]} per line) or TSV (id<TAB>cluster, or "
                  "the columns a \"# id ... cluster\" header names, as corpus/expected_clusters.tsv); the label "
                  "\"singleton\" or \"singleton (...)\" is a cluster of its own");
  cmd->add_option("--pairs", flags->pairs,
                  "Judged pairs ({\"a\",\"b\",\"label\":\"dup\"|\"not\"|\"partial\"[,\"stratum\"]} per line, as "
                  "eval/judged/snn-pairs.jsonl): precision/recall/F1 of the --clusters against them");
  cmd->add_option("--bootstrap", flags->pair_options.bootstrap,
                  "--pairs: bootstrap resamples behind the 95% intervals (0: none)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", flags->pair_options.seed, "--pairs: seed of the bootstrap resampling")
      ->capture_default_str();
  cmd->add_option("--lines", flags->lines, "Predicted lines.jsonl (from shabih strip --explain)");
  cmd->add_option("--gold-lines", flags->gold_lines,
                  "Gold line labels ({\"id\",\"line\",\"label\"[,\"kind\"]} per line)");
  cmd->add_option("--crawl", flags->crawl,
                  "The crawl, read as shabih dedup reads it (a directory of .txt pages, a .jsonl or "
                  ".jsonl.gz file): adds token-level scores of the kept main text");
  cmd->add_option("--text-field", flags->text_field, "--crawl: JSONL field holding the text")
      ->capture_default_str();
  cmd->add_option("--id-field", flags->id_field,
                  "--crawl: JSONL field holding the id (default: id, then url, else FILE:LINE)");
  cmd->add_option("--max-doc-bytes", flags->line_options.crawl_read.max_document_bytes,
                  "--crawl: documents or JSONL lines larger than this are skipped and counted")
      ->capture_default_str();
  cmd->add_flag("--json", flags->json, "Print one JSON object instead of tables");
  cmd->add_option("--worst", flags->cluster_options.worst,
                  "How many worst merges and misses to list")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--top", flags->line_options.top,
                  "How many false-positive reasons and kinds to list")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--keep-blank", flags->keep_blank,
                "Score lines the gold marks as blank too (skipped by default)");
}

}  // namespace

void AddEvalCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Score dedup clusters and/or boilerplate line labels against gold files");
  AddEvalFlags(cmd, flags.get());
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace shabih::cli
