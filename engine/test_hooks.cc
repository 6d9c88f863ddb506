#include "engine/internal/test_hooks.h"

#include <signal.h>

#include <cstdlib>

#include <mutex>
#include <string>

namespace shabih::internal {
namespace {

struct Injected {
  std::mutex mu;
  std::string stage;
  absl::Status status;
};
Injected& Hooks() {
  static Injected* hooks = new Injected();
  return *hooks;
}

}  // namespace

void InjectFailureForTesting(absl::string_view stage, absl::Status status) {
  Injected& h = Hooks();
  std::lock_guard<std::mutex> lock(h.mu);
  h.stage = std::string(stage);
  h.status = std::move(status);
}

absl::Status InjectedFailure(absl::string_view stage) {
  Injected& h = Hooks();
  std::lock_guard<std::mutex> lock(h.mu);
  return h.stage == stage ? h.status : absl::OkStatus();
}

void CrashPointForTesting(absl::string_view point) {
  const char* at = std::getenv("SHABIH_TEST_CRASH_AT");
  if (at != nullptr && point == at) ::raise(SIGKILL);
}

}  // namespace shabih::internal
