// The report's caps as flags, shared by `shabih report` and `shabih dedup
// --report`, so both take the same options with the same defaults.
#ifndef SHABIH_TOOLS_SHABIH_REPORT_FLAGS_H_
#define SHABIH_TOOLS_SHABIH_REPORT_FLAGS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "tooling/report.h"

namespace shabih::cli {

// Registers --clusters, --members, --text-clusters, --text-members,
// --site-pages, --sites, --site-lines, --doc-bytes, --text-bytes.
void AddReportFlags(CLI::App* cmd, ReportOptions* options);

// Writes the report of `run_dir` to `out_file`, prints where (unless
// `quiet`) and returns the exit code; errors are reported as `command`'s.
int WriteReportFor(const std::string& run_dir, const std::string& out_file, const ReportOptions& options,
                   bool quiet, const char* command);

}  // namespace shabih::cli

#endif  // SHABIH_TOOLS_SHABIH_REPORT_FLAGS_H_
