// HTML documents in the line pipeline: the DOM's verdicts (shabih/html.h)
// combined with the line signals of the boilerplate classifier
// (shabih/boilerplate.h), for `shabih strip` and for signing in `dedup`.
//
//   HtmlPage page;
//   absl::Status s = internal::ClassifyHtml(classifier, site, html, stats, &page);
//   // page.blocks: one per line of BlocksText(page), each labelled
//
// The classifier reads only the blocks the DOM kept (so that a read-also
// heading in a sidebar cannot declare the article that follows it an
// embedded one); of its verdicts only the evidence the DOM cannot see is
// taken: cues, embedded articles, per-site repetition, near-duplicate lists.
//
// Thread safety: as ExtractHtml and BoilerplateClassifier::Classify.
#ifndef SHABIH_ENGINE_INTERNAL_HTML_DOCUMENT_H_
#define SHABIH_ENGINE_INTERNAL_HTML_DOCUMENT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "shabih/boilerplate.h"
#include "shabih/corpus.h"
#include "shabih/html.h"

namespace shabih::internal {

// Applies the classifier's line signals to the content blocks of *page and
// rebuilds its main_text.
void ApplyLineSignals(const BoilerplateClassifier& classifier, absl::string_view site, const CrawlLineStats* stats,
                      HtmlPage* page);

// ExtractHtml (without its own line signals), then ApplyLineSignals.
absl::Status ClassifyHtml(const BoilerplateClassifier& classifier, absl::string_view site, absl::string_view html,
                          const CrawlLineStats* stats, HtmlPage* page);

// Every block's text, one per line (what per-site line statistics count).
std::string BlocksText(const HtmlPage& page);

// The text of an HTML document as the crawl statistics see it: its blocks,
// one per line; "" when the parser fails.
std::string HtmlStatisticsText(absl::string_view html);

// What the crawl statistics read of a document: its text, or for HTML its
// blocks, one per line (held in *scratch).
absl::string_view StatisticsText(const Document& doc, std::string* scratch);

// The main text of an HTML page for signing: with a classifier, the content
// blocks after ClassifyHtml; without one (no stripping), every block. ""
// when the parser fails.
void HtmlMainText(const BoilerplateClassifier* classifier, absl::string_view site, absl::string_view html,
                  const CrawlLineStats* stats, std::string* main);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_HTML_DOCUMENT_H_
