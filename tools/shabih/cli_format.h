// How the commands show numbers, progress and read warnings on stderr, so
// that every command says a size, a rate or a time the same way.
//
//   FormatBytes(32'000) == "32.0 KB";  FormatBytes(105'000'000) == "105.0 MB"
//   ProgressLine line;                 // one per run: it times each stage
//   std::fprintf(stderr, "\r%s", line.Format("sign", docs, bytes, seconds, total, fraction).c_str());
//
// Not thread-safe (ProgressLine keeps the current stage); the commands call
// it from the thread that runs them.
#ifndef SHABIH_TOOLS_SHABIH_CLI_FORMAT_H_
#define SHABIH_TOOLS_SHABIH_CLI_FORMAT_H_

#include <cstdint>
#include <string>

#include "shabih/corpus.h"

namespace shabih::cli {

// Decimal units, one decimal: "512 B", "32.0 KB", "1.5 MB", "2.3 GB". The
// unit follows the size, so 32 KB does not print as "0.0 MB".
std::string FormatBytes(double bytes);

// "<1 s", "12 s", "3 min 05 s", "2 h 07 min": for a time estimate.
std::string FormatDuration(double seconds);

// The updating progress line of a run: stage, percentage and time left
// (once the input size is known), documents, bytes, rate, elapsed time.
class ProgressLine {
 public:
  // `fraction` in [0, 1], or negative when unknown (then no percentage).
  // The time left is estimated from the stage's own progress since its
  // first report, so a previous stage's time does not skew it.
  std::string Format(const char* stage, uint64_t documents, uint64_t bytes, double seconds, uint64_t total_bytes,
                     double fraction);

 private:
  std::string stage_;
  double stage_seconds_ = 0;   // elapsed time at the stage's first report
  double stage_fraction_ = 0;  // and its fraction then
};

// Prints "shabih <command>: warning: ..." on stderr for each ReadWarnings()
// sentence: renamed duplicate ids, repaired UTF-8, lines without the text
// field. Printed even with --quiet: they say the output is not the input
// as given.
void PrintReadWarnings(const char* command, const ReadStats& stats);

}  // namespace shabih::cli

#endif  // SHABIH_TOOLS_SHABIH_CLI_FORMAT_H_
