// UTF-8 validation and repair.
//
//   std::string text = ...;
//   if (shabih::RepairUtf8(&text)) ++repaired;   // bad bytes -> U+FFFD
//
// Thread safety: pure functions.
#ifndef SHABIH_ENGINE_INTERNAL_UTF8_H_
#define SHABIH_ENGINE_INTERNAL_UTF8_H_

#include <string>

#include "absl/strings/string_view.h"

namespace shabih {

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values
// past U+10FFFF). Fast path (SIMD, via simdjson) for the common case.
bool IsValidUtf8(absl::string_view text);

// Replaces each run of invalid bytes in `*text` with one U+FFFD, keeping
// every valid byte (so '\n' and line numbers are preserved). Returns true if
// anything was replaced.
bool RepairUtf8(std::string* text);

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_UTF8_H_
