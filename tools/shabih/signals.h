// SIGINT / SIGTERM cancel a running command: the handler only sets a flag
// the library polls (DedupOptions::cancel, StripOptions::cancel), so the
// run removes its temporary files and stdin spool before the process exits
// with 128 + the signal's number (130, 143), as shells expect.
#ifndef SHABIH_TOOLS_SHABIH_SIGNALS_H_
#define SHABIH_TOOLS_SHABIH_SIGNALS_H_

#include <atomic>

namespace shabih::cli {

// Installs the handlers (once; without SA_RESTART, so a blocked read of
// stdin returns) and returns the flag they set.
const std::atomic<bool>* CancelOnSignals();
// 128 + the signal that cancelled the run, or 0 if none did.
int SignalExitCode();

}  // namespace shabih::cli

#endif  // SHABIH_TOOLS_SHABIH_SIGNALS_H_
