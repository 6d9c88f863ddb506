#include "tools/shabih/signals.h"

#include <signal.h>

namespace shabih::cli {
namespace {

std::atomic<bool> g_cancel{false};
volatile sig_atomic_t g_signal = 0;

void OnSignal(int sig) {
  g_signal = sig;
  g_cancel.store(true);
}

}  // namespace

const std::atomic<bool>* CancelOnSignals() {
  static const bool installed = [] {
    struct sigaction action = {};
    action.sa_handler = OnSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a read of stdin returns EINTR
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    return true;
  }();
  (void)installed;
  return &g_cancel;
}

int SignalExitCode() { return g_signal != 0 ? 128 + g_signal : 0; }

}  // namespace shabih::cli
