// `shabih eval`: not implemented yet (placeholder registered so --help lists it).
#include "tools/shabih/commands.h"

namespace shabih::cli {

void AddEvalCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("eval", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([exit_code] {
    *exit_code = ReportError("eval", absl::UnimplementedError("not implemented yet"));
  });
}

}  // namespace shabih::cli
