#include "tools/shabih/cli_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_format.h"

namespace shabih::cli {

std::string FormatBytes(double bytes) {
  if (bytes < 1e3) return absl::StrFormat("%.0f B", bytes);
  if (bytes < 1e6) return absl::StrFormat("%.1f KB", bytes / 1e3);
  if (bytes < 1e9) return absl::StrFormat("%.1f MB", bytes / 1e6);
  return absl::StrFormat("%.2f GB", bytes / 1e9);
}

std::string FormatDuration(double seconds) {
  if (seconds < 1) return "<1 s";
  const long long s = std::llround(seconds);
  if (s < 60) return absl::StrFormat("%d s", s);
  if (s < 3600) return absl::StrFormat("%d min %02d s", s / 60, s % 60);
  return absl::StrFormat("%d h %02d min", s / 3600, (s % 3600) / 60);
}

std::string ProgressLine::Format(const char* stage, uint64_t documents, uint64_t bytes, double seconds,
                                 uint64_t total_bytes, double fraction) {
  if (stage_ != stage) {
    stage_ = stage;
    stage_seconds_ = seconds;
    stage_fraction_ = fraction < 0 ? 0 : fraction;
  }
  std::string done;  // "45%  ETA 12 s", or blanks of the same width
  if (fraction >= 0) {
    done = absl::StrFormat("%3.0f%%", 100 * fraction);
    const double elapsed = seconds - stage_seconds_, gained = fraction - stage_fraction_;
    // Half a second and a percent of progress before extrapolating: an
    // estimate from the first report alone would be noise.
    if (fraction < 1 && elapsed >= 0.5 && gained >= 0.01) {
      absl::StrAppend(&done, "  ETA ", FormatDuration(elapsed * (1 - fraction) / gained));
    }
  }
  // Against the total, the position is in on-disk bytes (compressed for
  // .gz), as the total is; the rate stays that of the bytes processed.
  std::string size = FormatBytes(static_cast<double>(bytes));
  if (total_bytes > 0 && fraction >= 0) {
    size = absl::StrCat(FormatBytes(fraction * static_cast<double>(total_bytes)), " of ",
                        FormatBytes(static_cast<double>(total_bytes)));
  }
  return absl::StrFormat("[shabih] %-10s %-18s %10u docs  %-20s %10s/s  %6.1f s", stage, done, documents, size,
                         FormatBytes(seconds > 0 ? bytes / seconds : 0.0), seconds);
}

void PrintReadWarnings(const char* command, const ReadStats& stats) {
  for (const std::string& warning : ReadWarnings(stats)) {
    std::fprintf(stderr, "shabih %s: warning: %s\n", command, warning.c_str());
  }
}

}  // namespace shabih::cli
