// Which SIMD instruction set shabih's vector code runs with, and a way to pin
// it.
//
//   std::string t = shabih::SimdTarget();                   // e.g. "AVX2"
//   std::vector<std::string> all = shabih::SimdTargets();   // e.g. {"AVX3", "AVX2", "SSE4", "SSSE3", "SCALAR"}
//   absl::Status s = shabih::SetSimdTarget("SSE4");        // every later call runs SSE4 code
//   s = shabih::SetSimdTarget("");                          // back to the best one
//
// The tokenizer (Normalizer::TokenHashes and friends) is written once with
// Highway and compiled for several instruction sets; one run-time dispatch
// picks the best this CPU supports. Every target gives byte-identical tokens
// (a test runs each one), so pinning never changes results: it exists for
// reproducible instruction counts (the CI gate, bench/check_instructions.py,
// pins AVX2) and for benchmarks. The `shabih` CLI reads the environment
// variable SHABIH_SIMD_TARGET (a name from SimdTargets()) and pins it.
//
// Thread safety: all functions may be called from any thread. A change made
// by SetSimdTarget applies to calls that start after it; calls already
// running finish on their target (the results are the same either way).
// The setting is process-wide, shared with any other Highway user.
#ifndef SHABIH_SIMD_H_
#define SHABIH_SIMD_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shabih {

// The target the next tokenizer call will run: Highway's name for it
// ("AVX3", "AVX2", "SSE4", "SSSE3" on x86, and a portable fallback without
// intrinsics: "EMU128", or "SCALAR" with GCC before 12.3).
std::string SimdTarget();

// Every target compiled into this build that this CPU supports, best first
// (whatever SetSimdTarget pinned).
std::vector<std::string> SimdTargets();

// Runs every later tokenizer call on the named target (case-insensitive, one
// of SimdTargets()); "" restores the best one. InvalidArgument (and nothing
// changes) for a name not in SimdTargets().
absl::Status SetSimdTarget(absl::string_view name);

}  // namespace shabih

#endif  // SHABIH_SIMD_H_
