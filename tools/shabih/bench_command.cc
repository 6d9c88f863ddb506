// `shabih bench`: not implemented yet (placeholder registered so --help lists it).
#include "tools/shabih/commands.h"

namespace shabih::cli {

void AddBenchCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("bench", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([exit_code] {
    *exit_code = ReportError("bench", absl::UnimplementedError("not implemented yet"));
  });
}

}  // namespace shabih::cli
