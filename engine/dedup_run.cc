#include "engine/internal/dedup_run.h"

#include "engine/internal/dedup_output.h"
#include "engine/internal/status_macros.h"

namespace shabih::internal {

absl::StatusOr<std::unique_ptr<Run>> PrepareRun(const std::vector<std::string>& inputs,
                                                const DedupOptions& raw_options, const std::string& out_dir,
                                                bool own_out_dir) {
  auto run = std::make_unique<Run>();
  SHABIH_ASSIGN_OR_RETURN(run->options, ResolveDedupOptions(raw_options));
  DedupOptions& options = run->options;
  if (out_dir.empty()) return absl::InvalidArgumentError("an output directory is required");
  if (own_out_dir) {
    SHABIH_ASSIGN_OR_RETURN(run->out, internal::OutputDir::Open(out_dir, "dedup", options.overwrite));
  } else {
    SHABIH_RETURN_IF_ERROR(internal::CreateDirectory(out_dir));
  }
  run->inputs = inputs;
  options.read.exclude_directories.push_back(out_dir);
  if (!options.keep_dir.empty()) {
    SHABIH_RETURN_IF_ERROR(internal::CheckKeepTargets(inputs, options));
    SHABIH_ASSIGN_OR_RETURN(run->keep, internal::OutputDir::Open(options.keep_dir, "keep", options.overwrite));
    options.read.exclude_directories.push_back(options.keep_dir);
  }
  const bool scan_pass = (options.strip && options.strip_crawl_stats) || options.common_min_documents > 0;
  const bool two_reads = !options.keep_dir.empty() || scan_pass;
  if (two_reads && std::count(inputs.begin(), inputs.end(), "-") > 0) {
    SHABIH_ASSIGN_OR_RETURN(run->spool, internal::SpoolStdin(options.cancel));
    options.read.stdin_path = run->spool;
  }
  return run;
}


}  // namespace shabih::internal
