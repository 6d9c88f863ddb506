// `shabih pairs INPUT... --out FILE`: every verified near-duplicate pair.
#include <cstdio>
#include <memory>

#include "tools/shabih/cli_format.h"
#include "tools/shabih/commands.h"
#include "tools/shabih/dedup_flags.h"

namespace shabih::cli {
namespace {

int Run(const DedupFlags& flags) {
  auto options = DedupOptionsFromFlags(flags);
  if (!options.ok()) return ReportError("pairs", options.status());
  const ProgressCallback progress = MakeProgressPrinter(flags);
  auto summary = RunPairs(flags.inputs, *options, flags.out, progress);
  if (progress) std::fprintf(stderr, "\n");
  if (!summary.ok()) return ReportError("pairs", summary.status());
  PrintReadWarnings("pairs", summary->read);
  if (!flags.quiet) {
    std::fprintf(stderr, "shabih pairs: %llu documents, %llu verified pairs (%llu by containment); wrote %s\n",
                 static_cast<unsigned long long>(summary->documents),
                 static_cast<unsigned long long>(summary->verified_edges),
                 static_cast<unsigned long long>(summary->containment_edges), flags.out.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddPairsCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<DedupFlags>();
  CLI::App* cmd = app.add_subcommand(
      "pairs", "Write every verified near-duplicate pair as JSONL: {a, b, jaccard, containment, relation}");
  AddDedupFlags(cmd, flags.get(), "Output JSONL file (its summary goes to FILE.summary.json)");
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace shabih::cli
