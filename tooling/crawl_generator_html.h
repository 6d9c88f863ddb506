// HTML and WARC renderings of a generated page, for measuring detection on
// crawled markup rather than clean text (docs/generator.md, "Formats").
//
//   shabih::GeneratedPage page = ...;             // from CrawlGenerator::Next
//   std::string html;
//   shabih::gen::RenderHtmlPage(page, &html);     // bytes of <site>/<id>.html
//   std::string record;
//   shabih::gen::AppendWarcRecord(page, html, 7, &record);  // one gzip member
//
// Each site keeps one markup family (semantic HTML5, div soup with class
// names, or a table layout) and one encoding: most sites are UTF-8 with
// <meta charset>, every fourth site (site01, site05, ...) is windows-1256
// with a declaration, and site03 declares nothing (UTF-8 bytes), so a reader
// must sniff. Boilerplate lines go where a real site puts them (menus in
// <nav>, read-also and related blocks in an aside, share and tag lines in
// small blocks after the body, the footer last); body lines are paragraphs.
//
// Pure functions of the page: the same bytes on every run and machine.
// Thread safety: stateless; safe to call concurrently.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_HTML_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_HTML_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "tooling/crawl_generator.h"

namespace shabih::gen {

enum class HtmlCharset { kUtf8Declared, kWindows1256, kUtf8Undeclared };

// The markup family (0 semantic, 1 div soup, 2 table) and charset of a site.
int HtmlLayoutOf(int site_index);
HtmlCharset HtmlCharsetOf(int site_index);

// The site number of "site07" (7); -1 when the name has another shape.
int SiteIndexOf(const std::string& site);

// Overwrites *html with the page's bytes, in its site's charset. Characters
// windows-1256 lacks (Arabic-Indic digits, some punctuation) are written as
// decimal character references, as browsers do.
absl::Status RenderHtmlPage(const GeneratedPage& page, std::string* html);

// Appends one gzip member holding a WARC/1.1 response record for the page
// (WARC-Target-URI = page.url; an HTTP/1.1 200 header, then `html`).
// `number` (0-based crawl position) makes the record id and date.
absl::Status AppendWarcRecord(const GeneratedPage& page, const std::string& html, int64_t number,
                              std::string* out);

}  // namespace shabih::gen

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_HTML_H_
