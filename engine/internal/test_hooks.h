// Fault injection for tests: a failing stage must fail the run with its
// message (a dropped error once made a SimHash run report 0 duplicates and
// exit 0). Tests name a stage and a status; the stage returns it. One global
// check per run of a stage, so the cost is nil.
#ifndef SHABIH_ENGINE_INTERNAL_TEST_HOOKS_H_
#define SHABIH_ENGINE_INTERNAL_TEST_HOOKS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shabih::internal {

// Makes stage `stage` (e.g. "simhash") fail with `status` until cleared by
// an OK status. Not for concurrent runs.
void InjectFailureForTesting(absl::string_view stage, absl::Status status);
// The injected failure of `stage`, or OK.
absl::Status InjectedFailure(absl::string_view stage);
// Crash tests of the index kill a child run at named points between the
// steps of a commit (SHABIH_TEST_CRASH_AT=point in its environment): the
// process SIGKILLs itself there, as a power cut would stop it. Unset (every
// real run), it is one getenv per commit.
void CrashPointForTesting(absl::string_view point);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_TEST_HOOKS_H_
