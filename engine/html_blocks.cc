// Building a page's blocks from the DOM walk (engine/internal/html_blocks.h).
#include "engine/internal/html_blocks.h"

#include <algorithm>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"

namespace shabih::internal {
namespace {

// Elements whose text is never shown (or is a control's, not the page's).
bool Invisible(HtmlTag t) {
  switch (t) {
    case HtmlTag::kScript: case HtmlTag::kStyle: case HtmlTag::kNoscript: case HtmlTag::kTemplate:
    case HtmlTag::kSvg: case HtmlTag::kMath: case HtmlTag::kIframe: case HtmlTag::kObject:
    case HtmlTag::kCanvas: case HtmlTag::kSelect: case HtmlTag::kTextarea: case HtmlTag::kButton:
    case HtmlTag::kInput: case HtmlTag::kOption: case HtmlTag::kMeta:
      return true;
    default:
      return false;
  }
}

// Elements that start and end a block of text.
bool BlockLevel(HtmlTag t) {
  switch (t) {
    case HtmlTag::kBody: case HtmlTag::kNav: case HtmlTag::kHeader: case HtmlTag::kFooter:
    case HtmlTag::kAside: case HtmlTag::kForm: case HtmlTag::kMenu: case HtmlTag::kArticle:
    case HtmlTag::kMain: case HtmlTag::kSection: case HtmlTag::kDiv: case HtmlTag::kP:
    case HtmlTag::kH1: case HtmlTag::kH2: case HtmlTag::kH3: case HtmlTag::kH4: case HtmlTag::kH5:
    case HtmlTag::kH6: case HtmlTag::kUl: case HtmlTag::kOl: case HtmlTag::kLi: case HtmlTag::kDl:
    case HtmlTag::kDt: case HtmlTag::kDd: case HtmlTag::kTable: case HtmlTag::kThead:
    case HtmlTag::kTbody: case HtmlTag::kTfoot: case HtmlTag::kTr: case HtmlTag::kTd: case HtmlTag::kTh:
    case HtmlTag::kCaption: case HtmlTag::kBlockquote: case HtmlTag::kPre: case HtmlTag::kFigure:
    case HtmlTag::kFigcaption: case HtmlTag::kAddress: case HtmlTag::kHr: case HtmlTag::kBr:
    case HtmlTag::kCenter: case HtmlTag::kDetails: case HtmlTag::kSummary:
      return true;
    default:
      return false;
  }
}

bool Heading(HtmlTag t) { return t >= HtmlTag::kH1 && t <= HtmlTag::kH6; }

// Words in class names and ids that name page furniture, and words that
// name the content (which overrule them for furniture):
// the vocabulary readability and trafilatura look for, matched as
// substrings of the lower-cased tokens.
constexpr absl::string_view kFurnitureWords[] = {
    "comment", "related", "share", "sharing", "social", "sidebar", "widget", "breadcrumb", "newsletter",
    "subscribe", "promo", "sponsor", "advert", "banner", "outbrain", "taboola", "cookie", "popular",
    "recommend", "pagination", "pager", "footer", "masthead", "navbar", "menu", "most-read", "mostread",
    "trending", "signup", "toolbar", "disqus", "readmore", "read-more", "more-stories", "tags", "skip"};
constexpr absl::string_view kFurnitureTokens[] = {"ad", "ads", "nav", "tag", "meta", "author", "byline", "header",
                                            "print", "hidden", "caption", "credit", "date", "time"};
constexpr absl::string_view kContentWords[] = {"article", "content", "entry", "story", "post", "body", "main",
                                         "text", "blog", "single", "detail", "news", "hentry"};

// Substring search per word, cheap for the short tokens of class names:
// a word's first letter is looked for with memchr before comparing.
bool ContainsAny(absl::string_view token, const absl::string_view* words, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const absl::string_view w = words[i];
    if (w.size() > token.size()) continue;
    const char* p = token.data();
    const char* last = token.data() + token.size() - w.size();
    while (p <= last) {
      p = static_cast<const char*>(std::memchr(p, w[0], static_cast<size_t>(last - p) + 1));
      if (p == nullptr) break;
      if (std::memcmp(p, w.data(), w.size()) == 0) return true;
      ++p;
    }
  }
  return false;
}

bool EqualsAny(absl::string_view token, const absl::string_view* words, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (token == words[i]) return true;
  }
  return false;
}

struct AttributeVerdict {
  int weight = 0;
  bool furniture = false;
};

// Reads class and id: tokens split at anything but letters and digits
// ("post-tags" is "post", "tags"; "articleBody" is one token).
AttributeVerdict ReadAttributes(absl::string_view id, absl::string_view klass) {
  AttributeVerdict v;
  bool negative = false, positive = false;
  char buf[64];
  auto scan = [&](absl::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && !absl::ascii_isalnum(static_cast<unsigned char>(s[i]))) ++i;
      size_t j = i;
      while (j < s.size() && absl::ascii_isalnum(static_cast<unsigned char>(s[j]))) ++j;
      if (j > i) {
        const size_t n = std::min<size_t>(j - i, sizeof(buf));
        for (size_t k = 0; k < n; ++k) buf[k] = absl::ascii_tolower(static_cast<unsigned char>(s[i + k]));
        const absl::string_view token(buf, n);
        if (ContainsAny(token, kFurnitureWords, std::size(kFurnitureWords)) ||
            EqualsAny(token, kFurnitureTokens, std::size(kFurnitureTokens))) {
          negative = true;
        }
        if (ContainsAny(token, kContentWords, std::size(kContentWords))) positive = true;
      }
      i = j;
    }
  };
  scan(id);
  scan(klass);
  if (negative) v.weight -= 25;
  if (positive) v.weight += 25;
  // As readability's unlikely-candidate rule: any content word vetoes it
  // (WordPress gives a post's <article> tag-* and category-* classes).
  v.furniture = negative && !positive;
  return v;
}

// Inline markup whose class says nothing the blocks around it do not:
// links are judged by link density, emphasis by its paragraph.
bool InlineMarkup(HtmlTag t) {
  switch (t) {
    case HtmlTag::kA: case HtmlTag::kB: case HtmlTag::kStrong: case HtmlTag::kI: case HtmlTag::kEm:
    case HtmlTag::kImg: case HtmlTag::kSup: case HtmlTag::kSub: case HtmlTag::kFont: case HtmlTag::kSmall:
      return true;
    default:
      return false;
  }
}

inline bool IsSpace(unsigned char c) { return c <= ' ' && (c == ' ' || (c >= '\t' && c <= '\r')); }

// Pages repeat a few class names on hundreds of elements: each distinct
// (id, class) pair is read once per thread. The cache keeps the exact
// strings (a verdict never comes from another name) and is emptied when it
// grows past 4096 names.
AttributeVerdict CachedVerdict(absl::string_view id, absl::string_view klass) {
  thread_local absl::flat_hash_map<std::string, AttributeVerdict> cache;
  thread_local std::string key;
  if (id.size() + klass.size() > 256) return ReadAttributes(id, klass);
  key.assign(id.data(), id.size());
  key.push_back('\0');
  key.append(klass.data(), klass.size());
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  if (cache.size() >= 4096) cache.clear();
  const AttributeVerdict v = ReadAttributes(id, klass);
  cache.emplace(key, v);
  return v;
}

}  // namespace

const char* FurnitureReason(Furniture f) {
  switch (f) {
    case kNavigation: return "navigation";
    case kHeader: return "header";
    case kFooter: return "footer";
    case kAside: return "aside";
    case kForm: return "form";
    case kFurnitureClass: return "furniture-class";
    case kNoFurniture: break;
  }
  return "";
}

std::string DomBlocks::Path(int32_t node) const {
  // Labels of the ancestors, root last; <html> is left out.
  int32_t chain[512];
  int n = 0;
  for (int32_t i = node; i >= 0 && n < 512; i = nodes[i].parent) {
    if (nodes[i].tag != HtmlTag::kHtml) chain[n++] = i;
  }
  std::string out;
  for (int k = n - 1; k >= 0; --k) {
    const DomNode& d = nodes[chain[k]];
    if (!out.empty()) out.push_back('>');
    out.append(labels, d.label_begin, d.label_size);
  }
  return out;
}

void DomBlocks::Clear() {
  nodes.clear();
  blocks.clear();
  labels.clear();
  text.clear();
  title.clear();
}

bool BlockBuilder::Open(const HtmlElement& e) {
  if (e.hidden || Invisible(e.tag)) return false;
  if (e.tag == HtmlTag::kHead) {
    in_head_ = true;
  } else if (in_head_ && e.tag != HtmlTag::kTitle) {
    return false;  // <head> shows only its title (kept apart)
  }
  if (e.tag == HtmlTag::kBr || e.tag == HtmlTag::kHr) {  // void: a block boundary
    Flush();
    return false;
  }
  if (BlockLevel(e.tag)) Flush();
  const int32_t index = static_cast<int32_t>(dom_->nodes.size());
  DomNode& node = dom_->nodes.emplace_back();
  node.parent = open_.empty() ? -1 : open_.back();
  node.tag = e.tag;
  if (node.parent >= 0) {
    const DomNode& p = dom_->nodes[node.parent];
    node.in_article = p.in_article;
    node.depth = static_cast<uint16_t>(p.depth + 1);
  }
  if (e.tag == HtmlTag::kArticle || e.tag == HtmlTag::kMain) node.in_article = true;
  {  // the element's own furniture; html_main.cc reads the ancestors'
    switch (e.tag) {
      case HtmlTag::kNav: case HtmlTag::kMenu: node.furniture = kNavigation; break;
      // An article's own header holds its headline; the page's holds the masthead.
      case HtmlTag::kHeader:
        if (!node.in_article) node.furniture = kHeader;
        break;
      case HtmlTag::kFooter: node.furniture = kFooter; break;
      case HtmlTag::kAside: node.furniture = kAside; break;
      // A <form> is judged by its size when labelling (html_main.cc): a
      // search box or a comment form is furniture, the form some sites
      // wrap the whole page in is not.
      default: break;
    }
  }
  node.label_begin = static_cast<uint32_t>(dom_->labels.size());
  dom_->labels.append(e.name.data(), e.name.size());
  if (!e.id.empty() || !e.klass.empty()) {
    const AttributeVerdict v = InlineMarkup(e.tag) ? AttributeVerdict() : CachedVerdict(e.id, e.klass);
    node.class_weight = static_cast<int16_t>(v.weight);
    if (v.furniture && node.furniture == kNoFurniture && e.tag != HtmlTag::kBody && e.tag != HtmlTag::kHtml &&
        e.tag != HtmlTag::kArticle && e.tag != HtmlTag::kMain) {
      node.furniture = kFurnitureClass;
    }
    if (!e.id.empty() && e.id.size() <= 64) {
      dom_->labels.push_back('#');
      dom_->labels.append(e.id.data(), e.id.size());
    }
    // The first two classes.
    size_t pos = 0;
    for (int k = 0; k < 2; ++k) {
      while (pos < e.klass.size() && IsSpace(static_cast<unsigned char>(e.klass[pos]))) ++pos;
      size_t end = pos;
      while (end < e.klass.size() && !IsSpace(static_cast<unsigned char>(e.klass[end]))) ++end;
      if (end == pos || end - pos > 64) break;
      dom_->labels.push_back('.');
      dom_->labels.append(e.klass.data() + pos, end - pos);
      pos = end;
    }
  }
  node.label_size = static_cast<uint32_t>(dom_->labels.size() - node.label_begin);
  open_.push_back(index);
  if (BlockLevel(e.tag)) blocks_open_.push_back(index);
  if (e.tag == HtmlTag::kA) ++link_depth_;
  if (Heading(e.tag)) ++heading_depth_;
  if (e.tag == HtmlTag::kLi || e.tag == HtmlTag::kDd || e.tag == HtmlTag::kDt) ++list_depth_;
  if (e.tag == HtmlTag::kTitle) in_title_ = true;
  return true;
}

void BlockBuilder::Close(HtmlTag tag) {
  if (BlockLevel(tag)) Flush();
  if (open_.empty()) return;
  const int32_t index = open_.back();
  open_.pop_back();
  if (!blocks_open_.empty() && blocks_open_.back() == index) blocks_open_.pop_back();
  const DomNode& node = dom_->nodes[index];
  if (node.parent >= 0) {
    dom_->nodes[node.parent].chars += node.chars;
    dom_->nodes[node.parent].link_chars += node.link_chars;
  }
  if (tag == HtmlTag::kA) --link_depth_;
  if (Heading(tag)) --heading_depth_;
  if (tag == HtmlTag::kLi || tag == HtmlTag::kDd || tag == HtmlTag::kDt) --list_depth_;
  if (tag == HtmlTag::kTitle) in_title_ = false;
  if (tag == HtmlTag::kHead) in_head_ = false;
}

void BlockBuilder::Text(absl::string_view text) {
  if (in_title_) {
    for (unsigned char c : text) {
      if (IsSpace(c)) {
        if (!dom_->title.empty() && dom_->title.back() != ' ') dom_->title.push_back(' ');
      } else {
        dom_->title.push_back(static_cast<char>(c));
      }
    }
    return;
  }
  if (in_head_ || open_.empty()) return;
  Append(text, link_depth_ > 0);
}

// Appends with white space collapsed (no leading space in a block), and
// counts code points, link code points and commas.
void BlockBuilder::Append(absl::string_view text, bool link) {
  std::string& out = dom_->text;
  uint32_t chars = 0, commas = 0;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* e = p + text.size();
  out.reserve(out.size() + text.size());
  // Runs of non-space bytes are counted in one pass and appended whole.
  while (p < e) {
    const unsigned char* q = p;
    while (q < e && !IsSpace(*q) && !(*q == 0xC2 && q + 1 < e && q[1] == 0xA0)) {
      const unsigned char c = *q;
      chars += (c & 0xC0) != 0x80;
      commas += c == ',';
      // ، (D8 8C) and ؛ (D8 9B)
      commas += c == 0xD8 && q + 1 < e && (q[1] == 0x8C || q[1] == 0x9B);
      ++q;
    }
    out.append(reinterpret_cast<const char*>(p), static_cast<size_t>(q - p));
    if (q == e) break;
    // A run of spaces (U+00A0, C2 A0, too: pages pad with it) is one space.
    while (q < e && (IsSpace(*q) || (*q == 0xC2 && q + 1 < e && q[1] == 0xA0))) q += *q == 0xC2 ? 2 : 1;
    if (out.size() > block_begin_ && out.back() != ' ') out.push_back(' ');
    p = q;
  }
  chars_ += chars;
  commas_ += commas;
  if (link) link_chars_ += chars;
  DomNode& node = dom_->nodes[open_.back()];
  node.chars += chars;
  if (link) node.link_chars += chars;
}

void BlockBuilder::Flush() {
  std::string& out = dom_->text;
  if (!out.empty() && out.size() > block_begin_ && out.back() == ' ') out.pop_back();
  if (out.size() > block_begin_ && chars_ > 0 && !open_.empty()) {
    RawBlock& b = dom_->blocks.emplace_back();
    b.text_begin = block_begin_;
    b.text_size = static_cast<uint32_t>(out.size() - block_begin_);
    b.node = open_.back();
    b.container = blocks_open_.empty() ? open_.front() : blocks_open_.back();
    b.chars = chars_;
    b.link_chars = link_chars_;
    b.commas = static_cast<uint16_t>(std::min<uint32_t>(commas_, 0xFFFF));
    b.heading = heading_depth_ > 0;
    b.in_list = list_depth_ > 0;
  } else {
    out.resize(block_begin_);
  }
  block_begin_ = static_cast<uint32_t>(out.size());
  chars_ = link_chars_ = commas_ = 0;
}

void BlockBuilder::Finish() { Flush(); }

}  // namespace shabih::internal
