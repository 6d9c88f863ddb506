// Main-content scoring of a page's blocks (shabih/html.h), in the spirit of
// readability (paragraph scores given to their containers, class weights,
// link density) with jusText's and trafilatura's care for link lists;
// then, optionally, the line signals of the boilerplate classifier.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "engine/internal/html_blocks.h"
#include "engine/internal/html_document.h"
#include "engine/internal/html_guard.h"
#include "engine/internal/html_parser.h"
#include "shabih/html.h"

namespace shabih {
namespace {

using internal::DomBlocks;
using internal::DomNode;
using internal::HtmlTag;
using internal::RawBlock;

struct ThreadState {
  std::unique_ptr<internal::HtmlParser> parser;
  DomBlocks dom;
  std::string scratch;
  std::vector<float> final_scores;
  std::vector<uint8_t> selected;
};

ThreadState& State() {
  thread_local ThreadState state;
  if (!state.parser) state.parser = internal::CreateHtmlParser();
  return state;
}

// What a container's tag says before its text does (readability's
// initial scores).
float TagPrior(HtmlTag t) {
  switch (t) {
    case HtmlTag::kDiv: case HtmlTag::kArticle: case HtmlTag::kMain: case HtmlTag::kSection: return 5;
    case HtmlTag::kPre: case HtmlTag::kTd: case HtmlTag::kBlockquote: return 3;
    case HtmlTag::kAddress: case HtmlTag::kOl: case HtmlTag::kUl: case HtmlTag::kDl: case HtmlTag::kDd:
    case HtmlTag::kDt: case HtmlTag::kLi: case HtmlTag::kForm: return -3;
    case HtmlTag::kH1: case HtmlTag::kH2: case HtmlTag::kH3: case HtmlTag::kH4: case HtmlTag::kH5:
    case HtmlTag::kH6: case HtmlTag::kTh: return -5;
    default: return 0;
  }
}

double LinkDensity(uint32_t link_chars, uint32_t chars) {
  return chars == 0 ? 0.0 : static_cast<double>(link_chars) / chars;
}

// A form with less text than this is a search box, a comment or a
// newsletter form; ASP.NET pages wrap the whole page in one.
constexpr uint32_t kSmallFormChars = 2000;

// The furniture a node declares, as it applies to the blocks below it.
internal::Furniture FurnitureOf(const DomNode& d) {
  if (d.tag == HtmlTag::kForm) return d.chars < kSmallFormChars ? internal::kForm : internal::kNoFurniture;
  return d.furniture;
}

// What lies above a block: the nearest furniture, and whether the main
// content is reached first (furniture that holds the main content, such as
// a class="page-ad-margins" wrapper, says nothing of its blocks).
struct Ancestry {
  int32_t furniture = -1;  // nearest furniture node below any selected one
  bool selected = false;
};

Ancestry ReadAncestry(const DomBlocks& dom, const std::vector<uint8_t>* selected, int32_t node) {
  Ancestry a;
  for (; node >= 0; node = dom.nodes[node].parent) {
    if (selected != nullptr && (*selected)[node]) {
      a.selected = true;
      return a;
    }
    if (a.furniture < 0 && FurnitureOf(dom.nodes[node]) != internal::kNoFurniture) a.furniture = node;
  }
  return a;
}

bool IsAncestor(const DomBlocks& dom, int32_t ancestor, int32_t node) {
  for (; node >= 0; node = dom.nodes[node].parent) {
    if (node == ancestor) return true;
  }
  return false;
}

// The top container may be one paragraph of many (a table row per
// paragraph, a div per paragraph): readability's remedies. When at least
// three other containers score within 75 % of the top (50 % for those of
// its tag and depth), their nearest
// common ancestor with the top holds the article; else a parent that
// scores more than the top is preferred.
int32_t ClimbFromTop(const DomBlocks& dom, const std::vector<float>& score, const std::vector<uint8_t>& initialized,
                     int32_t top, float best) {
  std::vector<int32_t> alternatives;
  for (size_t i = 0; i < score.size(); ++i) {
    if (!initialized[i] || static_cast<int32_t>(i) == top) continue;
    // Cells or divs like the top's (same tag, same depth) count from half
    // its score: paragraphs of one article differ in length.
    const bool like_top = dom.nodes[i].tag == dom.nodes[top].tag && dom.nodes[i].depth == dom.nodes[top].depth;
    if (score[i] >= (like_top ? 0.5f : 0.75f) * best) {
      alternatives.push_back(static_cast<int32_t>(i));
    }
  }
  std::sort(alternatives.begin(), alternatives.end(), [&](int32_t a, int32_t b) { return score[a] > score[b]; });
  if (alternatives.size() > 5) alternatives.resize(5);
  if (alternatives.size() >= 3) {
    for (int32_t p = dom.nodes[top].parent; p >= 0 && dom.nodes[p].tag != HtmlTag::kBody; p = dom.nodes[p].parent) {
      int inside = 0;
      for (int32_t a : alternatives) inside += IsAncestor(dom, p, a) ? 1 : 0;
      if (inside >= 3) return p;
    }
  }
  float last = best;
  for (int32_t p = dom.nodes[top].parent; p >= 0 && dom.nodes[p].tag != HtmlTag::kBody; p = dom.nodes[p].parent) {
    if (!initialized[p]) continue;
    if (score[p] < last / 3) break;
    if (score[p] > last) return p;
    last = score[p];
  }
  return top;
}

// Scores containers and marks the main content's nodes in *selected.
void SelectMain(const DomBlocks& dom, const HtmlOptions& options, ThreadState& st) {
  const size_t n = dom.nodes.size();
  std::vector<float>& score = st.final_scores;
  score.assign(n, 0);
  std::vector<uint8_t>& selected = st.selected;
  selected.assign(n, 0);
  std::vector<uint8_t> initialized(n, 0);
  uint32_t total_chars = 0;
  for (const DomNode& d : dom.nodes) {
    if (d.parent < 0) total_chars += d.chars;
  }
  for (const RawBlock& b : dom.blocks) {
    if (b.heading) continue;
    // Text in furniture scores nothing, unless the furniture holds half the
    // page (then it is a wrapper misnamed, not furniture).
    const Ancestry a = ReadAncestry(dom, nullptr, b.node);
    if (a.furniture >= 0 && dom.nodes[a.furniture].chars * 2 < total_chars) continue;
    if (static_cast<int>(b.chars) < options.min_paragraph_chars) continue;
    if (LinkDensity(b.link_chars, b.chars) > options.max_link_density) continue;
    const float content = 1.0f + b.commas + std::min(3.0f, b.chars / 100.0f);
    int32_t node = b.container;
    for (int level = 0; node >= 0 && level < 5; ++level, node = dom.nodes[node].parent) {
      const DomNode& d = dom.nodes[node];
      if (d.tag == HtmlTag::kHtml) break;
      initialized[node] = 1;
      const float divider = level == 0 ? 1.0f : level == 1 ? 2.0f : level * 3.0f;
      score[node] += content / divider;
    }
  }
  int32_t top = -1;
  float best = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!initialized[i]) continue;
    const DomNode& d = dom.nodes[i];
    // What the tag and the class say weighs in full from 500 characters
    // on: a byline's container named "content-wrapper" must not outscore
    // the article's paragraphs.
    const float prior = (TagPrior(d.tag) + d.class_weight) * std::min(1.0f, d.chars / 500.0f);
    score[i] = (score[i] + prior) * static_cast<float>(1.0 - LinkDensity(d.link_chars, d.chars));
    if (FurnitureOf(d) != internal::kNoFurniture && d.chars * 2 < total_chars) score[i] = std::min(score[i], 0.0f);
    if (top < 0 || score[i] > best) {
      top = static_cast<int32_t>(i);
      best = score[i];
    }
  }
  if (top < 0) {
    // No paragraph anywhere: the body (or the root) is the content, and the
    // blocks' own labels decide.
    for (size_t i = 0; i < n; ++i) {
      if (dom.nodes[i].tag == HtmlTag::kBody) selected[i] = 1;
    }
    if (n > 0 && std::find(selected.begin(), selected.end(), 1) == selected.end()) selected[0] = 1;
    return;
  }
  top = ClimbFromTop(dom, score, initialized, top, best);
  best = std::max(best, score[top]);
  selected[top] = 1;
  // Siblings of the top candidate that read as more of the article
  // (readability: a score near the top's, or a long paragraph with few links).
  const int32_t parent = dom.nodes[top].parent;
  if (parent < 0) return;
  const float threshold = std::max(10.0f, best * 0.2f);
  for (size_t i = 0; i < n; ++i) {
    const DomNode& d = dom.nodes[i];
    if (d.parent != parent || static_cast<int32_t>(i) == top) continue;
    if (FurnitureOf(d) != internal::kNoFurniture) continue;
    const double ld = LinkDensity(d.link_chars, d.chars);
    bool append = initialized[i] && score[i] >= threshold;
    if (!append && d.tag == HtmlTag::kP) {
      append = (d.chars > 80 && ld < 0.25) || (d.chars > 0 && ld == 0 && d.chars <= 80);
    }
    if (append) selected[i] = 1;
  }
}

void Label(const DomBlocks& dom, const HtmlOptions& options, const std::vector<uint8_t>& selected,
           HtmlPage* page) {
  page->blocks.resize(dom.blocks.size());
  bool title_given = false;
  for (size_t i = 0; i < dom.blocks.size(); ++i) {
    const RawBlock& b = dom.blocks[i];
    HtmlBlock& out = page->blocks[i];
    const absl::string_view text = dom.Text(b);
    out.text.assign(text.data(), text.size());
    out.path = dom.Path(b.node);
    out.chars = b.chars;
    out.link_chars = b.link_chars;
    out.reason.clear();
    const Ancestry ancestry = ReadAncestry(dom, &selected, b.node);
    if (ancestry.furniture >= 0) {
      out.boilerplate = true;
      out.reason = internal::FurnitureReason(FurnitureOf(dom.nodes[ancestry.furniture]));
    } else if (!ancestry.selected) {
      out.boilerplate = true;
      out.reason = "outside-main";
    } else if (LinkDensity(b.link_chars, b.chars) > options.max_link_density) {
      out.boilerplate = true;
      out.reason = "link-dense";
    } else {
      out.boilerplate = false;
      if (b.heading && !title_given) out.reason = "title";
      title_given = true;
    }
  }
}

void JoinMain(HtmlPage* page) {
  page->main_text.clear();
  for (const HtmlBlock& b : page->blocks) {
    if (b.boilerplate) continue;
    if (!page->main_text.empty()) page->main_text.push_back('\n');
    page->main_text.append(b.text);
  }
}

absl::Status Extract(absl::string_view html, const HtmlOptions& options, HtmlPage* page) {
  ThreadState& st = State();
  internal::HtmlGuardCounts guard;
  const absl::string_view safe = internal::GuardHtml(html, options.max_html_bytes, &st.scratch, &guard);
  page->guard.truncated = guard.truncated;
  page->guard.nul_bytes = guard.nul_bytes;
  internal::BlockBuilder builder(&st.dom);
  internal::HtmlWalkStats walk;
  const absl::Status s = st.parser->Walk(safe, &builder, options.max_depth, &walk);
  if (!s.ok()) return s;
  builder.Finish();
  page->guard.flattened_elements = walk.flattened_elements;
  SelectMain(st.dom, options, st);
  Label(st.dom, options, st.selected, page);
  page->title = st.dom.title;
  JoinMain(page);
  // One huge page must not pin its buffers for the thread's lifetime.
  if (st.dom.text.capacity() > (8u << 20)) st.dom = DomBlocks();
  if (st.scratch.capacity() > (8u << 20)) std::string().swap(st.scratch);
  return absl::OkStatus();
}

bool LineEvidence(absl::string_view reason) {
  return absl::StartsWith(reason, "cue:") || reason == "embedded-article" || reason == "repeated-across-site" ||
         reason == "near-duplicate-list";
}

const BoilerplateClassifier* DefaultClassifier() {
  static const BoilerplateClassifier* const classifier = [] {
    auto c = BoilerplateClassifier::Create(BoilerplateOptions{});
    return c.ok() ? c->release() : nullptr;
  }();
  return classifier;
}

}  // namespace

namespace internal {

void ApplyLineSignals(const BoilerplateClassifier& classifier, absl::string_view site, const CrawlLineStats* stats,
                      HtmlPage* page) {
  thread_local std::vector<LineVerdict> verdicts;
  thread_local std::vector<uint32_t> kept;
  kept.clear();
  std::string& text = page->main_text;
  text.clear();
  for (uint32_t i = 0; i < page->blocks.size(); ++i) {
    if (page->blocks[i].boilerplate) continue;
    if (!kept.empty()) text.push_back('\n');
    text.append(page->blocks[i].text);
    kept.push_back(i);
  }
  if (kept.empty()) return;
  classifier.Classify(site, text, stats, &verdicts);
  for (size_t k = 0; k < kept.size() && k < verdicts.size(); ++k) {
    if (!verdicts[k].boilerplate || !LineEvidence(verdicts[k].reason)) continue;
    HtmlBlock& b = page->blocks[kept[k]];
    b.boilerplate = true;
    b.reason = verdicts[k].reason;
  }
  JoinMain(page);
}

absl::Status ClassifyHtml(const BoilerplateClassifier& classifier, absl::string_view site, absl::string_view html,
                          const CrawlLineStats* stats, HtmlPage* page) {
  HtmlOptions options;
  options.line_signals = false;
  if (absl::Status s = Extract(html, options, page); !s.ok()) return s;
  ApplyLineSignals(classifier, site, stats, page);
  return absl::OkStatus();
}

std::string BlocksText(const HtmlPage& page) {
  std::string out;
  for (size_t i = 0; i < page.blocks.size(); ++i) {
    if (i > 0) out.push_back('\n');
    out.append(page.blocks[i].text);
  }
  return out;
}

std::string HtmlStatisticsText(absl::string_view html) {
  HtmlPage page;
  HtmlOptions options;
  options.line_signals = false;
  if (!Extract(html, options, &page).ok()) return std::string();
  return BlocksText(page);
}

absl::string_view StatisticsText(const Document& doc, std::string* scratch) {
  if (doc.format != DocumentFormat::kHtml) return doc.text;
  *scratch = HtmlStatisticsText(doc.text);
  return *scratch;
}

void HtmlMainText(const BoilerplateClassifier* classifier, absl::string_view site, absl::string_view html,
                  const CrawlLineStats* stats, std::string* main) {
  thread_local HtmlPage page;
  main->clear();
  if (classifier == nullptr) {
    HtmlOptions options;
    options.line_signals = false;
    if (Extract(html, options, &page).ok()) *main = BlocksText(page);
    return;
  }
  if (ClassifyHtml(*classifier, site, html, stats, &page).ok()) main->swap(page.main_text);
}

}  // namespace internal

absl::StatusOr<HtmlPage> ExtractHtml(absl::string_view html_utf8, const HtmlOptions& options) {
  HtmlPage page;
  if (absl::Status s = Extract(html_utf8, options, &page); !s.ok()) return s;
  if (options.line_signals) {
    const BoilerplateClassifier* classifier = DefaultClassifier();
    if (classifier == nullptr) return absl::InternalError("the boilerplate classifier could not be created");
    internal::ApplyLineSignals(*classifier, "", nullptr, &page);
  }
  return page;
}

}  // namespace shabih
