// UTF-8 validation, repair and encoding.
//
//   std::string text = ...;
//   if (shabih::RepairUtf8(&text)) ++repaired;   // bad bytes -> U+FFFD
//   shabih::AppendUtf8(0x0627, &text);           // alef, 2 bytes
//
// Thread safety: pure functions.
#ifndef SHABIH_ENGINE_INTERNAL_UTF8_H_
#define SHABIH_ENGINE_INTERNAL_UTF8_H_

#include <cstddef>
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

// Writes the UTF-8 form of `c` (at most U+10FFFF; callers pass valid code
// points) to out[0..3] and returns its length. The one encoder of the
// engine; inline, because the line fold calls it per Arabic letter.
inline size_t EncodeUtf8(char32_t c, char* out) {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

inline void AppendUtf8(char32_t c, std::string* out) {
  char bytes[4];
  out->append(bytes, EncodeUtf8(c, bytes));
}

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_UTF8_H_
