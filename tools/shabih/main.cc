// shabih: near-duplicate and boilerplate detection for Arabic web crawls.
// Thin command-line front end; see README.md and CONTRACT.md.
#include <cstdio>
#include <iostream>

#include "tools/shabih/commands.h"
#include "tools/shabih/signals.h"
#include "shabih/version.h"

namespace shabih::cli {

int ReportError(const char* command, const absl::Status& status) {
  std::fprintf(stderr, "shabih %s: %s\n", command, std::string(status.message()).c_str());
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      std::fprintf(stderr, "Run 'shabih %s --help' for usage.\n", command);
      return kExitUsage;
    case absl::StatusCode::kCancelled:
      return SignalExitCode() != 0 ? SignalExitCode() : kExitRunError;
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kUnavailable:
      return kExitNoInput;
    default:
      return kExitRunError;
  }
}

}  // namespace shabih::cli

int main(int argc, char** argv) {
  using namespace shabih::cli;
  CLI::App app{"shabih " SHABIH_VERSION
               " - near-duplicate and boilerplate detection for Arabic web crawls"};
  app.set_version_flag("--version", SHABIH_VERSION);
  app.require_subcommand(1);
  int exit_code = kExitOk;
  AddDedupCommand(app, &exit_code);
  AddStripCommand(app, &exit_code);
  AddPairsCommand(app, &exit_code);
  AddGenCommand(app, &exit_code);
  AddEvalCommand(app, &exit_code);
  AddBenchCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "shabih: " << e.what() << "\nRun 'shabih --help' for usage.\n";
    return kExitUsage;
  }
  return exit_code;
}
