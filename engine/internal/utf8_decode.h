// One UTF-8 decoder shared by the tokenizer and the repair path, so both
// agree on what is invalid.
#ifndef SHABIH_ENGINE_INTERNAL_UTF8_DECODE_H_
#define SHABIH_ENGINE_INTERNAL_UTF8_DECODE_H_

#include <cstdint>

#include "absl/base/attributes.h"

namespace shabih::internal {

// Decodes one code point at p (p < end). Returns it and sets *length; an
// invalid or truncated sequence returns -1 with *length = 1.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline int32_t DecodeUtf8(const uint8_t* p, const uint8_t* end, int* length) {
  const uint8_t b0 = p[0];
  if (b0 < 0x80) {
    *length = 1;
    return b0;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      *length = 2;
      return ((b0 & 0x1F) << 6) | (p[1] & 0x3F);
    }
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
      const int32_t cp = ((b0 & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
        *length = 3;
        return cp;
      }
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (end - p >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) {
      const int32_t cp =
          ((b0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
      if (cp >= 0x10000 && cp <= 0x10FFFF) {
        *length = 4;
        return cp;
      }
    }
  }
  *length = 1;
  return -1;
}

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_UTF8_DECODE_H_
