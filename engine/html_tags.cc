// Tag names to the HtmlTag values block extraction tells apart.
#include "absl/container/flat_hash_map.h"
#include "engine/internal/html_parser.h"

namespace shabih::internal {

HtmlTag HtmlTagFromName(absl::string_view name) {
  static const auto* const kTags = new absl::flat_hash_map<absl::string_view, HtmlTag>({
      {"html", HtmlTag::kHtml},       {"head", HtmlTag::kHead},         {"body", HtmlTag::kBody},
      {"title", HtmlTag::kTitle},     {"meta", HtmlTag::kMeta},         {"script", HtmlTag::kScript},
      {"style", HtmlTag::kStyle},     {"noscript", HtmlTag::kNoscript}, {"template", HtmlTag::kTemplate},
      {"svg", HtmlTag::kSvg},         {"math", HtmlTag::kMath},         {"iframe", HtmlTag::kIframe},
      {"object", HtmlTag::kObject},   {"canvas", HtmlTag::kCanvas},     {"select", HtmlTag::kSelect},
      {"textarea", HtmlTag::kTextarea}, {"button", HtmlTag::kButton},   {"input", HtmlTag::kInput},
      {"option", HtmlTag::kOption},   {"nav", HtmlTag::kNav},           {"header", HtmlTag::kHeader},
      {"footer", HtmlTag::kFooter},   {"aside", HtmlTag::kAside},       {"form", HtmlTag::kForm},
      {"menu", HtmlTag::kMenu},       {"article", HtmlTag::kArticle},   {"main", HtmlTag::kMain},
      {"section", HtmlTag::kSection}, {"div", HtmlTag::kDiv},           {"p", HtmlTag::kP},
      {"h1", HtmlTag::kH1},           {"h2", HtmlTag::kH2},             {"h3", HtmlTag::kH3},
      {"h4", HtmlTag::kH4},           {"h5", HtmlTag::kH5},             {"h6", HtmlTag::kH6},
      {"ul", HtmlTag::kUl},           {"ol", HtmlTag::kOl},             {"li", HtmlTag::kLi},
      {"dl", HtmlTag::kDl},           {"dt", HtmlTag::kDt},             {"dd", HtmlTag::kDd},
      {"table", HtmlTag::kTable},     {"thead", HtmlTag::kThead},       {"tbody", HtmlTag::kTbody},
      {"tfoot", HtmlTag::kTfoot},     {"tr", HtmlTag::kTr},             {"td", HtmlTag::kTd},
      {"th", HtmlTag::kTh},           {"caption", HtmlTag::kCaption},   {"blockquote", HtmlTag::kBlockquote},
      {"pre", HtmlTag::kPre},         {"figure", HtmlTag::kFigure},     {"figcaption", HtmlTag::kFigcaption},
      {"address", HtmlTag::kAddress}, {"hr", HtmlTag::kHr},             {"br", HtmlTag::kBr},
      {"center", HtmlTag::kCenter},   {"details", HtmlTag::kDetails},   {"summary", HtmlTag::kSummary},
      {"a", HtmlTag::kA},             {"span", HtmlTag::kSpan},         {"b", HtmlTag::kB},
      {"strong", HtmlTag::kStrong},   {"i", HtmlTag::kI},               {"em", HtmlTag::kEm},
      {"img", HtmlTag::kImg},         {"time", HtmlTag::kTime},         {"small", HtmlTag::kSmall},
      {"sup", HtmlTag::kSup},         {"sub", HtmlTag::kSub},           {"font", HtmlTag::kFont},
      {"label", HtmlTag::kLabel},
  });
  auto it = kTags->find(name);
  return it == kTags->end() ? HtmlTag::kOther : it->second;
}

}  // namespace shabih::internal
