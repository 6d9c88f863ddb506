// The guard in front of the HTML parser (engine/internal/html_guard.h).
#include "engine/internal/html_guard.h"

#include <cstring>

namespace shabih::internal {

absl::string_view GuardHtml(absl::string_view html, size_t max_bytes, std::string* scratch,
                            HtmlGuardCounts* counts) {
  if (html.size() > max_bytes) {
    size_t cut = max_bytes;
    // At a tag start when one is near the cap (a page's last 64 KiB before
    // it), else at a UTF-8 boundary.
    const size_t floor = cut > (64u << 10) ? cut - (64u << 10) : 0;
    size_t lt = html.rfind('<', cut);
    if (lt != absl::string_view::npos && lt >= floor) {
      cut = lt;
    } else {
      while (cut > 0 && (static_cast<unsigned char>(html[cut]) & 0xC0) == 0x80) --cut;
    }
    html = html.substr(0, cut);
    ++counts->truncated;
  }
  if (std::memchr(html.data(), '\0', html.size()) == nullptr) return html;
  scratch->assign(html.data(), html.size());
  for (char& c : *scratch) {
    if (c == '\0') {
      c = ' ';
      ++counts->nul_bytes;
    }
  }
  return *scratch;
}

}  // namespace shabih::internal
