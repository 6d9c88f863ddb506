// An HTML parser behind an interface of our own: the page is walked as a
// tree of elements (tag, id and class attributes) and text nodes, so that
// block extraction (engine/html_blocks.cc) never sees the library below.
// engine/html_parser_myhtml.cc implements it with myhtml (Debian's
// libmodest-dev); another parser (lexbor, gumbo) replaces it by
// implementing HtmlParser and changing CreateHtmlParser.
//
//   struct Printer : internal::HtmlVisitor {
//     bool Open(const internal::HtmlElement& e) override { return e.tag != internal::HtmlTag::kScript; }
//     void Close(internal::HtmlTag) override {}
//     void Text(absl::string_view text) override { out.append(text); }
//     std::string out;
//   };
//   std::unique_ptr<internal::HtmlParser> parser = internal::CreateHtmlParser();
//   Printer printer;
//   absl::Status s = parser->Walk("<p>Hello <b>world</b></p>", &printer);  // printer.out == "Hello world"
//
// Input is UTF-8 (readers decode other charsets first); the parser is told
// so and never guesses. Comments, doctype and processing instructions are
// not reported. Callers run the guard (engine/internal/html_guard.h) first.
//
// Thread safety: an HtmlParser is used by one thread at a time (it reuses
// its tree between pages); make one per thread.
#ifndef SHABIH_ENGINE_INTERNAL_HTML_PARSER_H_
#define SHABIH_ENGINE_INTERNAL_HTML_PARSER_H_

#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shabih::internal {

// The tags block extraction tells apart; every other element is kOther
// (its name is still in HtmlElement::name).
enum class HtmlTag : uint8_t {
  kOther,
  kHtml, kHead, kBody, kTitle, kMeta,
  // never visible text
  kScript, kStyle, kNoscript, kTemplate, kSvg, kMath, kIframe, kObject, kCanvas, kSelect, kTextarea,
  kButton, kInput, kOption,
  // page furniture
  kNav, kHeader, kFooter, kAside, kForm, kMenu,
  // containers and blocks
  kArticle, kMain, kSection, kDiv, kP, kH1, kH2, kH3, kH4, kH5, kH6, kUl, kOl, kLi, kDl, kDt, kDd,
  kTable, kThead, kTbody, kTfoot, kTr, kTd, kTh, kCaption, kBlockquote, kPre, kFigure, kFigcaption,
  kAddress, kHr, kBr, kCenter, kDetails, kSummary,
  // inline
  kA, kSpan, kB, kStrong, kI, kEm, kImg, kTime, kSmall, kSup, kSub, kFont, kLabel,
  kCount
};

// The tag of a lower-case element name (kOther for unknown names).
HtmlTag HtmlTagFromName(absl::string_view name);

struct HtmlElement {
  HtmlTag tag = HtmlTag::kOther;
  absl::string_view name;   // lower-case tag name, as the parser gives it
  absl::string_view id;     // the id attribute, "" when absent
  absl::string_view klass;  // the class attribute, "" when absent
  bool hidden = false;      // a `hidden` attribute or aria-hidden="true"
};

// Receives the walk in document order. Views are valid during the call only.
class HtmlVisitor {
 public:
  virtual ~HtmlVisitor() = default;
  // An element starts; return false to skip its subtree (then no Close).
  virtual bool Open(const HtmlElement& element) = 0;
  virtual void Close(HtmlTag tag) = 0;
  // A text node's text, character references already decoded.
  virtual void Text(absl::string_view text) = 0;
};

struct HtmlWalkStats {
  // Elements nested deeper than max_depth: not reported as elements (their
  // text still is), so that a pathological page cannot make the walk or its
  // consumers deep.
  uint64_t flattened_elements = 0;
};

class HtmlParser {
 public:
  virtual ~HtmlParser() = default;
  // Parses `html` (UTF-8) and walks it. Elements deeper than max_depth are
  // flattened (HtmlWalkStats). InternalError when the library fails.
  virtual absl::Status Walk(absl::string_view html, HtmlVisitor* visitor, int max_depth = 256,
                            HtmlWalkStats* stats = nullptr) = 0;
  // Which library: "myhtml".
  virtual const char* name() const = 0;
};

// The parser the engine uses (myhtml). InternalError-free: a parser that
// cannot start reports it from Walk.
std::unique_ptr<HtmlParser> CreateHtmlParser();

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_HTML_PARSER_H_
