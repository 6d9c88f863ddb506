// The key of a line in the crawl statistics, shared by CrawlLineStats
// (engine/crawl_line_stats.cc) and the classifier, which must key lines
// alike to find them.
//
//   uint64_t key = internal::LineKey(internal::TrimLine(line));   // 0: no text
//
// The public LineFingerprint (shabih/boilerplate.h) is the normalized hash
// itself; the fold it hashes is engine/internal/line_fold.h.
//
// Thread safety: pure functions.
#ifndef SHABIH_ENGINE_INTERNAL_LINE_FINGERPRINT_H_
#define SHABIH_ENGINE_INTERNAL_LINE_FINGERPRINT_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace shabih::internal {

// A paragraph (a trimmed line over kFullScanBytes) is keyed by the
// fingerprint of this many of its first bytes, cut back to a code point
// boundary: two paragraphs that open with the same 128 bytes are copies, and
// keying a prefix bounds the work per line.
inline constexpr size_t kKeyPrefixBytes = 128;

// The key of a trimmed line: LineFingerprint(trimmed), or for a paragraph
// the fingerprint of its first kKeyPrefixBytes bytes. 0 for a line with no
// letter or digit.
uint64_t LineKey(absl::string_view trimmed);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_LINE_FINGERPRINT_H_
