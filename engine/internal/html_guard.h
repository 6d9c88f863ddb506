// Checks on HTML before it reaches the parser library: a library crash on
// hostile input is ours to prevent. Oversized pages are cut, NUL bytes
// replaced; each counted. (Nesting depth is capped by the walk itself:
// HtmlParser::Walk's max_depth.)
//
//   internal::HtmlGuardCounts counts;
//   std::string scratch;
//   absl::string_view safe = internal::GuardHtml(html, 16 << 20, &scratch, &counts);
//
// Thread safety: a pure function.
#ifndef SHABIH_ENGINE_INTERNAL_HTML_GUARD_H_
#define SHABIH_ENGINE_INTERNAL_HTML_GUARD_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace shabih::internal {

struct HtmlGuardCounts {
  uint64_t truncated = 0;  // 1 when the page was cut at the size cap
  uint64_t nul_bytes = 0;  // NUL bytes replaced by spaces
};

// `html` or a repaired copy of it in *scratch: cut to at most max_bytes (at
// the last '<' before the cap, so no tag is split, and never inside a UTF-8
// sequence), NUL bytes replaced by spaces.
absl::string_view GuardHtml(absl::string_view html, size_t max_bytes, std::string* scratch,
                            HtmlGuardCounts* counts);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_HTML_GUARD_H_
