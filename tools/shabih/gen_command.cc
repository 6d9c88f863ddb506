// `shabih gen`: not implemented yet (placeholder registered so --help lists it).
#include "tools/shabih/commands.h"

namespace shabih::cli {

void AddGenCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("gen", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([exit_code] {
    *exit_code = ReportError("gen", absl::UnimplementedError("not implemented yet"));
  });
}

}  // namespace shabih::cli
