// The `shabih` subcommands. Each lives in its own <name>_command.cc, parses
// its flags with CLI11, calls the public engine API and turns the resulting
// absl::Status into an exit code. No engine logic lives in tools/.
#ifndef SHABIH_TOOLS_SHABIH_COMMANDS_H_
#define SHABIH_TOOLS_SHABIH_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "absl/status/status.h"

namespace shabih::cli {

// Exit codes fixed by CONTRACT.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitNoInput = 2;
// An I/O or data error during the run (an output that cannot be written, a
// failing stage): not the user's usage, so not 1.
inline constexpr int kExitRunError = 3;

// Every Add*Command registers one subcommand on `app`; when it runs, its
// callback stores the process exit code in `*exit_code`.
void AddDedupCommand(CLI::App& app, int* exit_code);
void AddStripCommand(CLI::App& app, int* exit_code);
void AddPairsCommand(CLI::App& app, int* exit_code);
void AddGenCommand(CLI::App& app, int* exit_code);
void AddEvalCommand(CLI::App& app, int* exit_code);
void AddBenchCommand(CLI::App& app, int* exit_code);
void AddExplainCommand(CLI::App& app, int* exit_code);
void AddIndexCommand(CLI::App& app, int* exit_code);
void AddReportCommand(CLI::App& app, int* exit_code);
void AddStageCommand(CLI::App& app, int* exit_code);

// Prints "shabih <command>: <message>" on stderr and maps the status code to
// an exit code: InvalidArgument -> 1 (usage), NotFound/Unavailable (no input
// readable) -> 2, anything else (I/O, data, resources, a failing stage) -> 3.
int ReportError(const char* command, const absl::Status& status);

}  // namespace shabih::cli

#endif  // SHABIH_TOOLS_SHABIH_COMMANDS_H_
