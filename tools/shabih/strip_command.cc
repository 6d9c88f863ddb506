// `shabih strip`: not implemented yet (placeholder registered so --help lists it).
#include "tools/shabih/commands.h"

namespace shabih::cli {

void AddStripCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("strip", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([exit_code] {
    *exit_code = ReportError("strip", absl::UnimplementedError("not implemented yet"));
  });
}

}  // namespace shabih::cli
