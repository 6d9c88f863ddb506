// `shabih index stats IDX` and `shabih index compact IDX`: look at and tidy
// a persistent index (shabih/index.h). Adding to an index is
// `shabih dedup NEW --index IDX`.
#include <cstdio>
#include <memory>
#include <string>

#include "shabih/index.h"
#include "tools/shabih/commands.h"

namespace shabih::cli {

void AddIndexCommand(CLI::App& app, int* exit_code) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("index", "Inspect or compact a persistent index (add to one with dedup --index)");
  cmd->require_subcommand(1);
  CLI::App* stats = cmd->add_subcommand("stats", "Print the index's documents, runs, bytes and parameters as JSON");
  stats->add_option("IDX", *dir, "The index folder")->required();
  stats->callback([dir, exit_code] {
    absl::StatusOr<IndexStats> s = ReadIndexStats(*dir);
    if (!s.ok()) {
      *exit_code = ReportError("index stats", s.status());
      return;
    }
    std::fputs(IndexStatsJson(*s).c_str(), stdout);
    *exit_code = kExitOk;
  });
  CLI::App* compact = cmd->add_subcommand("compact", "Merge the index's runs into one (same documents and answers)");
  compact->add_option("IDX", *dir, "The index folder")->required();
  compact->callback([dir, exit_code] {
    absl::StatusOr<IndexStats> s = CompactIndex(*dir);
    if (!s.ok()) {
      *exit_code = ReportError("index compact", s.status());
      return;
    }
    std::fputs(IndexStatsJson(*s).c_str(), stdout);
    *exit_code = kExitOk;
  });
}

}  // namespace shabih::cli
