// shabih: near-duplicate and boilerplate detection for Arabic web crawls.
// Thin command-line front end; see README.md and CONTRACT.md.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "tools/shabih/commands.h"
#include "tools/shabih/signals.h"
#include "shabih/simd.h"
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

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of adjacent characters ("treshold", "thershold") cost 1.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The registered name nearest to `typed`, or "" when none is near enough to
// be what was meant: within a third of its length (at least 1, at most 3
// edits), or the only name `typed` (3+ characters) is a prefix of.
std::string Nearest(const std::string& typed, const std::vector<std::string>& names) {
  const size_t limit = std::clamp<size_t>(typed.size() / 3, 1, 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (const std::string& name : names) {
    const size_t distance = EditDistance(typed, name);
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  if (!best.empty() || typed.size() < 3) return best;
  std::vector<std::string> prefixed;
  for (const std::string& name : names) {
    if (name.compare(0, typed.size(), typed) == 0) prefixed.push_back(name);
  }
  return prefixed.size() == 1 ? prefixed[0] : "";
}

std::vector<std::string> CommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// Long option names of `app` without their dashes ("threshold", "help").
std::vector<std::string> OptionNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back(name);
  }
  return names;
}

// After a parse error: names the unknown command or option with the nearest
// registered one, and points to the right --help. Returns the exit code.
int ReportParseError(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  const CLI::App* command = nullptr;
  std::string unknown_command;
  int first_arg = 1;
  for (; first_arg < argc; ++first_arg) {
    const std::string arg = argv[first_arg];
    if (arg.rfind("-", 0) == 0) continue;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->check_name(arg)) command = sub;
    }
    if (command == nullptr) unknown_command = arg;
    break;
  }
  const std::string prefix = command ? "shabih " + command->get_name() : "shabih";
  std::string message = error.what();
  std::string help = prefix;
  if (command == nullptr && !unknown_command.empty()) {
    const std::string near = Nearest(unknown_command, CommandNames(app));
    message = "unknown command '" + unknown_command + "'";
    if (!near.empty()) {
      message += "; did you mean '" + near + "'?";
      help = "shabih " + near;
    } else {
      const std::vector<std::string> names = CommandNames(app);
      message += " (commands:";
      for (const std::string& name : names) message += " " + name;
      message += ")";
    }
  } else {
    const CLI::App& scope = command ? *command : app;
    for (int i = command ? first_arg + 1 : 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--") break;
      if (arg.rfind("--", 0) != 0 || arg.size() == 2) continue;
      const std::string name = arg.substr(2, arg.find('=') - 2);
      if (scope.get_option_no_throw("--" + name) != nullptr) continue;
      const std::string near = Nearest(name, OptionNames(scope));
      message = "unknown option '--" + name + "'";
      if (!near.empty()) message += "; did you mean '--" + near + "'?";
      break;
    }
  }
  std::cerr << prefix << ": " << message << "\nRun '" << help << " --help' for usage.\n";
  return kExitUsage;
}

}  // namespace
}  // namespace shabih::cli

int main(int argc, char** argv) {
  using namespace shabih::cli;
  // SHABIH_SIMD_TARGET pins the SIMD code to one instruction set (the
  // instruction-count gate uses it; results never depend on it).
  if (const char* target = std::getenv("SHABIH_SIMD_TARGET"); target != nullptr && *target != '\0') {
    if (const absl::Status pinned = shabih::SetSimdTarget(target); !pinned.ok()) {
      std::fprintf(stderr, "shabih: SHABIH_SIMD_TARGET: %s\n", std::string(pinned.message()).c_str());
      return kExitUsage;
    }
  }
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
  AddExplainCommand(app, &exit_code);
  AddIndexCommand(app, &exit_code);
  AddReportCommand(app, &exit_code);
  AddStageCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return ReportParseError(app, e, argc, argv);
  }
  return exit_code;
}
