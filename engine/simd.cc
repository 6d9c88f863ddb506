#include "shabih/simd.h"

#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "engine/internal/tokenize.h"
#include "hwy/targets.h"

namespace shabih {
namespace {

// Highway numbers targets with one bit each, better targets on lower bits.
std::vector<std::string> Names(int64_t targets) {
  std::vector<std::string> names;
  for (int64_t t = targets; t != 0; t &= t - 1) names.push_back(hwy::TargetName(t & -t));
  return names;
}

absl::Mutex pin_mutex(absl::kConstInit);

}  // namespace

std::string SimdTarget() {
  internal::TokenOutput out;  // no sink: only the target is reported
  internal::Tokenize(internal::SharedTokenizerTables(), PrefixFolding::kNone, "", &out);
  return hwy::TargetName(out.target);
}

std::vector<std::string> SimdTargets() {
  return Names(hwy::SupportedTargets() & internal::CompiledSimdTargets());
}

absl::Status SetSimdTarget(absl::string_view name) {
  absl::MutexLock lock(&pin_mutex);
  // Highway's own switch: SupportedTargets() leaves out disabled targets and
  // the next dispatch re-reads it. Unpin first to see every target.
  static int64_t pinned = 0;  // guarded by pin_mutex; 0 = none
  hwy::DisableTargets(0);
  const int64_t available = hwy::SupportedTargets() & internal::CompiledSimdTargets();
  int64_t chosen = 0;
  for (int64_t t = available; t != 0; t &= t - 1) {
    if (absl::EqualsIgnoreCase(name, hwy::TargetName(t & -t))) chosen = t & -t;
  }
  if (!name.empty() && chosen == 0) {
    if (pinned != 0) hwy::DisableTargets(~pinned);
    return absl::InvalidArgumentError(absl::StrCat("SIMD target '", name, "' is not available here (available: ",
                                                   absl::StrJoin(Names(available), ", "), ")"));
  }
  pinned = chosen;
  if (pinned != 0) hwy::DisableTargets(~pinned);
  return absl::OkStatus();
}

}  // namespace shabih
