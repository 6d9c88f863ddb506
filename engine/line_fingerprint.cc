// LineFingerprint and the statistics' line key: the fold of
// engine/internal/line_fold.h driven over a line's bytes.
#include "engine/internal/line_fingerprint.h"

#include <cstddef>

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

uint64_t LineKey(absl::string_view trimmed) {
  if (trimmed.size() <= kFullScanBytes) return LineFingerprint(trimmed);
  size_t cut = kKeyPrefixBytes;
  while (cut > 0 && (static_cast<uint8_t>(trimmed[cut]) & 0xC0) == 0x80) --cut;  // a code point boundary
  return LineFingerprint(trimmed.substr(0, cut));
}

}  // namespace internal
}  // namespace shabih
