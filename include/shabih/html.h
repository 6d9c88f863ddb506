// A web page's text blocks and main text, from its DOM: what `shabih strip`
// and `shabih dedup` see of an HTML document (Document::format kHtml).
//
//   shabih::HtmlOptions options;  // the defaults below
//   absl::StatusOr<shabih::HtmlPage> page = shabih::ExtractHtml(
//       "<body><nav><a href='/'>الرئيسية</a></nav><article><p>نص الخبر.</p></article></body>", options);
//   if (page.ok()) {
//     for (const shabih::HtmlBlock& b : page->blocks) {
//       // b.text "الرئيسية", b.path "body>nav", b.boilerplate true, b.reason "navigation"; then
//       // b.text "نص الخبر.", b.path "body>article>p", b.boilerplate false
//     }
//     std::string main_text = page->main_text;  // "نص الخبر."
//   }
//
// Blocks: the text of block elements (p, div, h1-h6, li, td, ...), inline
// markup joined, white space collapsed, one block per run of text between
// block boundaries (and <br>). Never text: script, style, noscript,
// template, svg, iframe, form controls, comments, hidden elements (the
// `hidden` attribute, aria-hidden, inline display:none).
// Boilerplate, each with a reason: blocks in <nav>/<menu> ("navigation"),
// the page's <header> ("header"), <footer> ("footer"), <aside> ("aside"),
// <form> ("form"); blocks under an element whose class or id names page
// furniture (related, share, comment, sidebar, ...: "furniture-class");
// link-dense blocks ("link-dense"); blocks outside the main content
// ("outside-main"); with line_signals, the cue lexicon's read-also blocks and
// the embedded other articles after them ("cue:<entry>", "embedded-article").
// Main content: readability-style scoring: every paragraph-like block (at
// least 25 characters, little link text) scores 1 + its commas + its length
// / 100 (at most 3) for its container, half for the container's parent, a
// third for the one above; a container's score is weighted by its class and
// id (article, content, post, story up; comment, sidebar, related down) and
// by one minus its link density; the best container and those of its
// siblings that score near it hold the main content. The page's own article
// keeps all its blocks, short ones included, except link-dense ones and
// read-also blocks.
//
// Input must be UTF-8 (the readers decode the page's charset first). Bad
// input never fails: an oversized page is cut at max_html_bytes, NUL bytes
// are replaced, nesting beyond max_depth is flattened; HtmlPage::guard
// counts each. An error is returned only when the parser library fails.
//
// Speed: docs/boilerplate.md ("HTML") and bench/html_bench.cc.
//
// Thread safety: ExtractHtml may be called from many threads at once (each
// thread keeps its own parser).
#ifndef SHABIH_HTML_H_
#define SHABIH_HTML_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shabih {

struct HtmlOptions {
  // Pages larger than this are cut (at a tag start) before parsing, and
  // counted: 16 MiB is a hundred times a large news page, and bounds the
  // parser's memory (about 10x the input) per thread.
  size_t max_html_bytes = 16u << 20;
  // Elements nested deeper are flattened (their text kept as text of the
  // deepest reported ancestor), and counted: real pages nest 30-40 deep;
  // 256 bounds the walk's and the scorer's stacks.
  int max_depth = 256;
  // A block whose link text is more than this share of its text is a link
  // list (a menu item, a "related" title, a tag) unless it is long: 0.5, as
  // readability and jusText use it.
  double max_link_density = 0.5;
  // Blocks of at least this many characters are long enough to score as
  // paragraphs (readability's 25).
  int min_paragraph_chars = 25;
  // Apply the line signals of shabih/boilerplate.h that need only the page
  // (the cue lexicon: read-also openers and the lists and embedded articles
  // after them) to the main content's blocks. On: a read-also block inside
  // the article container is not the article. `shabih strip` turns this off
  // and applies the same signals itself, with the crawl's statistics.
  bool line_signals = true;
};

struct HtmlBlock {
  std::string text;  // white space collapsed, no '\n'
  // A CSS-like path of the block's element: tags from <body> down, each with
  // its #id and first two .classes ("body>div#main.post.single>p").
  std::string path;
  bool boilerplate = false;
  // Why a block is boilerplate (see above), "" for content ("title" for the
  // main content's first heading).
  std::string reason;
  uint32_t chars = 0;       // code points of text
  uint32_t link_chars = 0;  // of which inside <a>
};

struct HtmlGuardStats {
  uint64_t truncated = 0;           // pages cut at max_html_bytes
  uint64_t nul_bytes = 0;           // NUL bytes replaced
  uint64_t flattened_elements = 0;  // elements beyond max_depth
};

struct HtmlPage {
  std::vector<HtmlBlock> blocks;  // in document order
  std::string title;              // <title>, white space collapsed
  // The content blocks' text joined by '\n'.
  std::string main_text;
  HtmlGuardStats guard;
};

// The page's blocks, labels and main text. InternalError only when the
// parser library fails.
absl::StatusOr<HtmlPage> ExtractHtml(absl::string_view html_utf8, const HtmlOptions& options = {});

}  // namespace shabih

#endif  // SHABIH_HTML_H_
