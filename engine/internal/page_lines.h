// How the boilerplate module cuts a page into lines and what of a line it
// reads: lines are '\n'-separated (a final '\n' starts no new line), and a
// line is read trimmed of spaces and invisible marks at both ends.
//
//   internal::ForEachLine(text, [&](size_t begin, size_t end) {
//     absl::string_view line = internal::TrimLine(text.substr(begin, end - begin));
//   });
//
// Shared by the crawl statistics (pass 1) and the classifier (pass 2), so
// both see the same lines. Header-only: both call these once per line.
//
// Thread safety: pure functions.
#ifndef SHABIH_ENGINE_INTERNAL_PAGE_LINES_H_
#define SHABIH_ENGINE_INTERNAL_PAGE_LINES_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "absl/strings/string_view.h"
#include "engine/internal/utf8_decode.h"

namespace shabih::internal {

// Trimmed lines longer than this are paragraphs: at about 10 bytes an
// Arabic word (with its space) they have 25 words or so, and are never cue
// lines or headlines. The classifier only counts them (spaces, pipes) and
// the statistics key them by a prefix (LineKey), so the work per line stays
// bounded.
inline constexpr size_t kFullScanBytes = 256;

// Splits text into '\n' lines (a final '\n' starts no new line) and calls
// fn(begin, end) with byte offsets, `end` at the '\n' or the text's end.
template <typename Fn>
void ForEachLine(absl::string_view text, Fn&& fn) {
  size_t pos = 0;
  const size_t n = text.size();
  while (pos < n) {
    const void* nl = std::memchr(text.data() + pos, '\n', n - pos);
    const size_t end = nl == nullptr ? n : static_cast<size_t>(static_cast<const char*>(nl) - text.data());
    fn(pos, end);
    pos = end + 1;
  }
}

// Unicode spaces and invisible marks trimmed from both ends of a line.
inline bool IsTrimmable(int32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xA0 ||
         (cp >= 0x2000 && cp <= 0x200F) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0xFEFF || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// The line without leading and trailing spaces and invisible marks. ASCII
// blanks are skipped before any decoding: most lines end in a letter.
inline absl::string_view TrimLine(absl::string_view line) {
  const uint8_t* b = reinterpret_cast<const uint8_t*>(line.data());
  const uint8_t* e = b + line.size();
  while (b < e) {
    if (*b == ' ' || *b == '\t' || *b == '\r') {
      ++b;
      continue;
    }
    if (*b < 0x80) break;
    int n;
    const int32_t cp = DecodeUtf8(b, e, &n);
    if (!IsTrimmable(cp)) break;
    b += n;
  }
  while (e > b) {
    if (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r') {
      --e;
      continue;
    }
    if (e[-1] < 0x80) break;
    const uint8_t* q = e - 1;
    while (q > b && (*q & 0xC0) == 0x80 && e - q < 4) --q;
    int n;
    const int32_t cp = DecodeUtf8(q, e, &n);
    if (q + n != e || !IsTrimmable(cp)) break;
    e = q;
  }
  return absl::string_view(reinterpret_cast<const char*>(b), static_cast<size_t>(e - b));
}

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_PAGE_LINES_H_
