// A page's DOM reduced to what main-content scoring reads: the element
// tree (tag, path label, furniture, class weight, text and link totals)
// and the text blocks in document order. Built by BlockBuilder, an
// HtmlVisitor (engine/internal/html_parser.h); scored by engine/html_main.cc.
//
//   internal::DomBlocks dom;
//   internal::BlockBuilder builder(&dom);
//   absl::Status s = parser->Walk(html, &builder);
//   for (const internal::RawBlock& b : dom.blocks) { absl::string_view t = dom.Text(b); }
//
// Thread safety: one thread per builder and DomBlocks.
#ifndef SHABIH_ENGINE_INTERNAL_HTML_BLOCKS_H_
#define SHABIH_ENGINE_INTERNAL_HTML_BLOCKS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/internal/html_parser.h"

namespace shabih::internal {

// Page furniture an element declares by its tag or its class and id (the
// reasons of shabih/html.h). Whether it applies to the blocks below is
// decided when labelling: furniture that holds the main content does not.
enum Furniture : uint8_t { kNoFurniture, kNavigation, kHeader, kFooter, kAside, kForm, kFurnitureClass };
const char* FurnitureReason(Furniture f);

struct DomNode {
  int32_t parent = -1;
  HtmlTag tag = HtmlTag::kOther;
  Furniture furniture = kNoFurniture;  // its own (not inherited)
  bool in_article = false;             // inside <article> or <main> (or is one)
  int16_t class_weight = 0;            // from its class and id: + content-like, - furniture-like
  uint16_t depth = 0;
  uint32_t label_begin = 0;  // "tag#id.class1.class2" in DomBlocks::labels
  uint32_t label_size = 0;
  uint32_t chars = 0;       // text code points in the subtree (after Close)
  uint32_t link_chars = 0;  // of which inside <a>
  float score = 0;          // content score (html_main.cc)
};

struct RawBlock {
  uint32_t text_begin = 0;  // in DomBlocks::text
  uint32_t text_size = 0;
  int32_t node = -1;       // innermost element open at the block's text (its path)
  int32_t container = -1;  // innermost block-level element holding it
  uint32_t chars = 0;
  uint32_t link_chars = 0;
  uint16_t commas = 0;  // , and ، and ؛
  bool heading = false;  // inside h1-h6
  bool in_list = false;  // inside li / dd / dt
};

struct DomBlocks {
  std::vector<DomNode> nodes;
  std::vector<RawBlock> blocks;
  std::string labels;
  std::string text;
  std::string title;

  absl::string_view Text(const RawBlock& b) const { return absl::string_view(text).substr(b.text_begin, b.text_size); }
  // "body>div#main.post>p": labels from below <html> down to `node`.
  std::string Path(int32_t node) const;
  void Clear();
};

class BlockBuilder final : public HtmlVisitor {
 public:
  explicit BlockBuilder(DomBlocks* dom) : dom_(dom) { dom_->Clear(); }
  bool Open(const HtmlElement& element) override;
  void Close(HtmlTag tag) override;
  void Text(absl::string_view text) override;
  // Flushes the last block; call after the walk.
  void Finish();

 private:
  void Flush();
  void Append(absl::string_view text, bool link);

  DomBlocks* dom_;
  std::vector<int32_t> open_;       // node indices of open elements
  std::vector<int32_t> blocks_open_;  // node indices of open block-level elements
  int link_depth_ = 0;
  int heading_depth_ = 0;
  int list_depth_ = 0;
  bool in_title_ = false;
  bool in_head_ = false;
  // The block being collected.
  uint32_t block_begin_ = 0;
  uint32_t chars_ = 0, link_chars_ = 0, commas_ = 0;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_HTML_BLOCKS_H_
