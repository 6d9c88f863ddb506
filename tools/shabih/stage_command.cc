// `shabih stage scan|sign|verify|cluster`: the dedup pipeline as stages a
// scheduler runs as separate processes (shabih/stages.h; README "Sharded
// stages"):
//   shabih stage scan INPUT... --shard I/N --work DIR [--out OUT] [dedup flags]
//   shabih stage sign INPUT... --shard I/N --work DIR [--out OUT] [dedup flags]
//   shabih stage verify INPUT... --shard P/M --work DIR [--out OUT] [dedup flags]   (optional)
//   shabih stage cluster INPUT... --work DIR --out OUT [dedup flags]
#include <cstdio>
#include <memory>
#include <string>

#include "shabih/stages.h"
#include "tools/shabih/cli_format.h"
#include "tools/shabih/commands.h"
#include "tools/shabih/dedup_flags.h"

namespace shabih::cli {
namespace {

struct StageFlags {
  DedupFlags dedup;
  std::string shard;
  std::string work;
};

void AddCommonFlags(CLI::App* cmd, StageFlags* flags, bool sharded) {
  cmd->add_option("INPUT", flags->dedup.inputs,
                  "The crawl: the same directories and files (not stdin) for every stage, in the same order")
      ->required();
  cmd->add_option("--work", flags->work, "The work folder the stages share (a shared file system across machines)")
      ->required();
  if (sharded) {
    cmd->add_option("--shard", flags->shard, "This process's shard I of N (0 <= I < N), e.g. 3/16")->required();
    cmd->add_option("--out", flags->dedup.out,
                    "The cluster stage's --out, so that it is never read as input (as dedup leaves out its --out)");
  } else {
    cmd->add_option("--out", flags->dedup.out, "Output directory for clusters.jsonl, candidates.jsonl, summary.json")
        ->required();
  }
  AddDedupOptionFlags(cmd, &flags->dedup);
}

enum class Stage { kScan, kSign, kVerify };

int RunSharded(const StageFlags& flags, Stage stage) {
  const char* command = stage == Stage::kScan ? "stage scan" : stage == Stage::kSign ? "stage sign" : "stage verify";
  int index = 0, count = 1;
  if (absl::Status s = ParseShard(flags.shard, &index, &count); !s.ok()) return ReportError(command, s);
  absl::StatusOr<DedupOptions> options = DedupOptionsFromFlags(flags.dedup);
  if (!options.ok()) return ReportError(command, options.status());
  if (!flags.dedup.out.empty()) options->read.exclude_directories.push_back(flags.dedup.out);
  auto run = stage == Stage::kScan ? &ScanShard : stage == Stage::kSign ? &SignShard : &VerifyPartition;
  absl::StatusOr<StageResult> result = run(flags.dedup.inputs, *options, index, count, flags.work);
  if (!result.ok()) return ReportError(command, result.status());
  if (!flags.dedup.quiet && stage == Stage::kVerify) {
    std::fprintf(stderr, "shabih %s: partition %d/%d: %llu candidate pairs\n", command, index, count,
                 static_cast<unsigned long long>(result->documents));
  } else if (!flags.dedup.quiet) {
    std::fprintf(stderr, "shabih %s: shard %d/%d: %llu documents, %s read, %llu skipped\n", command, index, count,
                 static_cast<unsigned long long>(result->documents),
                 FormatBytes(static_cast<double>(result->bytes)).c_str(),
                 static_cast<unsigned long long>(result->skipped));
  }
  return kExitOk;
}

int RunCluster(const StageFlags& flags) {
  absl::StatusOr<DedupOptions> options = DedupOptionsFromFlags(flags.dedup);
  if (!options.ok()) return ReportError("stage cluster", options.status());
  absl::StatusOr<DedupSummary> summary = ClusterShards(flags.dedup.inputs, *options, flags.work, flags.dedup.out);
  if (!summary.ok()) return ReportError("stage cluster", summary.status());
  PrintReadWarnings("stage cluster", summary->read);
  if (!flags.dedup.quiet) {
    std::fprintf(stderr, "shabih stage cluster: %llu documents, %llu clusters, %llu duplicates; wrote %s/clusters.jsonl\n",
                 static_cast<unsigned long long>(summary->documents),
                 static_cast<unsigned long long>(summary->clusters),
                 static_cast<unsigned long long>(summary->duplicates), flags.dedup.out.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddStageCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "stage", "Run dedup as sharded stages in separate processes: scan and sign per shard, then cluster");
  cmd->require_subcommand(1);
  auto scan = std::make_shared<StageFlags>();
  CLI::App* scan_cmd = cmd->add_subcommand("scan", "Crawl statistics of one shard (work/scan-I.*)");
  AddCommonFlags(scan_cmd, scan.get(), /*sharded=*/true);
  scan_cmd->callback([scan, exit_code] { *exit_code = RunSharded(*scan, Stage::kScan); });
  auto sign = std::make_shared<StageFlags>();
  CLI::App* sign_cmd =
      cmd->add_subcommand("sign", "Signatures and sorted LSH band keys of one shard (work/sign-I/), after every scan");
  AddCommonFlags(sign_cmd, sign.get(), /*sharded=*/true);
  sign_cmd->callback([sign, exit_code] { *exit_code = RunSharded(*sign, Stage::kSign); });
  auto verify = std::make_shared<StageFlags>();
  CLI::App* verify_cmd = cmd->add_subcommand(
      "verify", "Optional, after every sign: candidates and verification of partition P/M of the LSH bands "
                "(work/verify-P/); the cluster stage then merges the partitions");
  AddCommonFlags(verify_cmd, verify.get(), /*sharded=*/true);
  verify_cmd->callback([verify, exit_code] { *exit_code = RunSharded(*verify, Stage::kVerify); });
  auto cluster = std::make_shared<StageFlags>();
  CLI::App* cluster_cmd = cmd->add_subcommand(
      "cluster", "Candidates, verification and clusters over every signed shard: dedup's outputs into --out");
  AddCommonFlags(cluster_cmd, cluster.get(), /*sharded=*/false);
  cluster_cmd->callback([cluster, exit_code] { *exit_code = RunCluster(*cluster); });
}

}  // namespace shabih::cli
