// LineFingerprint and the statistics' line key: the fold of
// engine/internal/line_fold.h driven over a line's bytes.
#include "engine/internal/line_fingerprint.h"

#include <cstddef>

#include "engine/internal/arabic_fold.h"
#include "engine/internal/line_fold.h"
#include "engine/internal/page_lines.h"
#include "engine/internal/utf8_decode.h"
#include "shabih/boilerplate.h"

namespace shabih {

uint64_t LineFingerprint(absl::string_view line) {
  internal::LineFolder folder;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(line.data());
  const uint8_t* const end = p + line.size();
  while (p < end) {
    // At most kChunk code points between flushes (the folder's contract).
    const uint8_t* const chunk_end = end - p > static_cast<ptrdiff_t>(internal::LineFolder::kChunk)
                                         ? p + internal::LineFolder::kChunk
                                         : end;
    while (p < chunk_end) {
      const uint8_t b = *p;
      if (b < 0x80) {
        ++p;
        folder.Put(b);
        continue;
      }
      // Two-byte U+0600..U+067F (lead bytes D8, D9): the Arabic letters,
      // most of the bytes of a page.
      if ((b == 0xD8 || b == 0xD9) && p + 1 < end && (p[1] & 0xC0) == 0x80) {
        folder.Put(((b & 0x1F) << 6) | (p[1] & 0x3F));
        p += 2;
        continue;
      }
      int n;
      folder.Put(internal::DecodeUtf8(p, end, &n));
      p += n;
    }
    folder.MaybeFlush();
  }
  return folder.Finish();
}

namespace internal {

ArabicLineFold::ArabicLineFold() : to() {
  for (int i = 0; i < 256; ++i) {
    const char32_t cp = 0x0600 + i;
    const char32_t folded = FoldForMatching(cp);
    if (folded == kFoldDropped || folded == kFoldSeparator) {
      to[i] = 0;  // vanishes; Arabic punctuation does not end a number here
    } else if (folded >= '0' && folded <= '9') {
      to[i] = '0';
    } else {
      to[i] = static_cast<int32_t>(folded);
    }
  }
}

// Dynamic initialization, before main: FoldForMatching builds the shared
// table on first use (a function-local static), so order does not matter.
const ArabicLineFold kArabicLineFold;

uint64_t LineKey(absl::string_view trimmed) {
  if (trimmed.size() <= kFullScanBytes) return LineFingerprint(trimmed);
  size_t cut = kKeyPrefixBytes;
  while (cut > 0 && (static_cast<uint8_t>(trimmed[cut]) & 0xC0) == 0x80) --cut;  // a code point boundary
  return LineFingerprint(trimmed.substr(0, cut));
}

}  // namespace internal
}  // namespace shabih
