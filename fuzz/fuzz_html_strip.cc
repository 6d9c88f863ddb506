// HTML stripping of arbitrary bytes (issue 14 §3): ExtractHtml with options
// picked by the first byte (small max_html_bytes / max_depth exercise the
// guards), then the signing path's strip of a kHtml document (the DOM main
// text with the line signals), as `shabih dedup` and `shabih strip` see a
// page. Input is made valid UTF-8 first: the readers always decode a page.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "engine/internal/charset.h"
#include "shabih/corpus.h"
#include "shabih/html.h"
#include "shabih/signer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const absl::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string html = shabih::internal::DecodeToUtf8(bytes, "utf-8").text;

  shabih::HtmlOptions options;
  if (mode & 1) options.max_html_bytes = 1 + (mode >> 2) * 16;
  if (mode & 2) options.max_depth = 1 + (mode >> 4);
  options.line_signals = (mode & 0x80) == 0;
  absl::StatusOr<shabih::HtmlPage> page = shabih::ExtractHtml(html, options);
  if (page.ok()) {
    for (const shabih::HtmlBlock& b : page->blocks) {
      if (b.text.find('\n') != std::string::npos) std::abort();
      if (b.link_chars > b.chars) std::abort();
    }
  }

  static const std::unique_ptr<shabih::DocumentSigner> signer = [] {
    auto s = shabih::DocumentSigner::Create(shabih::DedupOptions());
    if (!s.ok()) std::abort();
    return std::move(*s);
  }();
  shabih::Document doc;
  doc.site = "example.sa";
  doc.text = html;
  doc.format = shabih::DocumentFormat::kHtml;
  std::vector<uint32_t> signature(signer->num_perms());
  shabih::SignedDocument result;
  (void)signer->SignInto(doc, absl::MakeSpan(signature), &result);
  return 0;
}
