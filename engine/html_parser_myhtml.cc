// HtmlParser on myhtml (libmodest-dev): HTML5 tree construction in one
// thread, the tree reused between pages, walked without recursion.
#include <array>
#include <memory>
#include <vector>

#include "engine/internal/html_parser.h"
#include "myhtml/api.h"

namespace shabih::internal {
namespace {

bool Equals(const char* data, size_t size, absl::string_view s) {
  return data != nullptr && absl::string_view(data, size) == s;
}

class MyhtmlParser final : public HtmlParser {
 public:
  MyhtmlParser() {
    myhtml_ = myhtml_create();
    // Single mode: no worker threads of myhtml's own (the engine runs one
    // parser per thread of its own pool).
    if (myhtml_ == nullptr || myhtml_init(myhtml_, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0) != MyHTML_STATUS_OK) {
      return;
    }
    ResetTree();
    if (tree_ == nullptr) return;
    // myhtml's own tag ids, mapped once to ours by name.
    for (size_t id = 0; id < tags_.size(); ++id) {
      size_t len = 0;
      const char* name = myhtml_tag_name_by_id(tree_, static_cast<myhtml_tag_id_t>(id), &len);
      tags_[id] = name == nullptr ? HtmlTag::kOther : HtmlTagFromName(absl::string_view(name, len));
    }
  }

  ~MyhtmlParser() override {
    if (tree_ != nullptr) myhtml_tree_destroy(tree_);
    if (myhtml_ != nullptr) myhtml_destroy(myhtml_);
  }

  const char* name() const override { return "myhtml"; }

  absl::Status Walk(absl::string_view html, HtmlVisitor* visitor, int max_depth, HtmlWalkStats* stats) override {
    if (tree_ == nullptr) return absl::InternalError("myhtml could not be initialized");
    myhtml_tree_clean(tree_);
    // The encoding is given, never detected: the input is UTF-8 by contract,
    // and an undetermined prescan result passed on crashes the parser.
    if (myhtml_parse(tree_, MyENCODING_UTF_8, html.data(), html.size()) != MyHTML_STATUS_OK) {
      return absl::InternalError("myhtml failed to parse the page");
    }
    myhtml_tree_node_t* root = myhtml_tree_get_node_html(tree_);
    if (root == nullptr) return absl::OkStatus();
    WalkFrom(root, visitor, max_depth, stats);
    // A huge page must not pin its tree's memory for the thread's
    // lifetime (cleaning keeps the pools): a fresh tree for the next page.
    if (html.size() > (4u << 20)) ResetTree();
    return absl::OkStatus();
  }

 private:
  // A new tree (nullptr when myhtml cannot make one: Walk reports it).
  void ResetTree() {
    if (tree_ != nullptr) myhtml_tree_destroy(tree_);
    tree_ = myhtml_tree_create();
    if (tree_ == nullptr || myhtml_tree_init(tree_, myhtml_) != MyHTML_STATUS_OK) {
      if (tree_ != nullptr) myhtml_tree_destroy(tree_);
      tree_ = nullptr;
      return;
    }
    // Whitespace-only text between elements says nothing about content.
    myhtml_tree_parse_flags_set(tree_, static_cast<myhtml_tree_parse_flags_t>(
                                           MyHTML_TREE_PARSE_FLAGS_SKIP_WHITESPACE_TOKEN |
                                           MyHTML_TREE_PARSE_FLAGS_WITHOUT_DOCTYPE_IN_TREE));
  }

  HtmlTag TagOf(myhtml_tag_id_t id, absl::string_view* name) const {
    size_t len = 0;
    const char* n = myhtml_tag_name_by_id(tree_, id, &len);
    *name = n == nullptr ? absl::string_view() : absl::string_view(n, len);
    if (id < tags_.size()) return tags_[id];
    return HtmlTagFromName(*name);
  }

  // Depth-first, iteratively: `open` holds the reported ancestors so that
  // each gets its Close when the walk leaves it.
  void WalkFrom(myhtml_tree_node_t* root, HtmlVisitor* visitor, int max_depth, HtmlWalkStats* stats) {
    std::vector<StackFrame>& stack = stack_;
    stack.clear();
    int reported_depth = 0;
    myhtml_tree_node_t* node = root;
    while (node != nullptr) {
      const myhtml_tag_id_t id = myhtml_node_tag_id(node);
      bool descend = false;
      if (id == MyHTML_TAG__TEXT) {
        size_t len = 0;
        const char* text = myhtml_node_text(node, &len);
        if (text != nullptr && len > 0) visitor->Text(absl::string_view(text, len));
      } else if (id != MyHTML_TAG__COMMENT && id != MyHTML_TAG__DOCTYPE && id != MyHTML_TAG__UNDEF) {
        HtmlElement e;
        e.tag = TagOf(id, &e.name);
        const myhtml_namespace_t ns = myhtml_node_namespace(node);
        if (ns == MyHTML_NAMESPACE_SVG) e.tag = HtmlTag::kSvg;
        if (ns == MyHTML_NAMESPACE_MATHML) e.tag = HtmlTag::kMath;
        ReadAttributes(node, &e);
        if (reported_depth >= max_depth) {
          if (stats != nullptr) ++stats->flattened_elements;
          stack.push_back({node, e.tag, false});
          descend = true;
        } else if (visitor->Open(e)) {
          stack.push_back({node, e.tag, true});
          ++reported_depth;
          descend = true;
        }
      }
      myhtml_tree_node_t* child = descend ? myhtml_node_child(node) : nullptr;
      if (child != nullptr) {
        node = child;
        continue;
      }
      if (descend) {  // an empty element: closed at once
        Leave(visitor, &reported_depth);
      }
      // Up until a next sibling.
      while (true) {
        if (node == root) {
          node = nullptr;
          break;
        }
        myhtml_tree_node_t* next = myhtml_node_next(node);
        if (next != nullptr) {
          node = next;
          break;
        }
        if (stack.empty()) {
          node = nullptr;
          break;
        }
        node = stack.back().node;
        Leave(visitor, &reported_depth);
      }
    }
    while (!stack.empty()) Leave(visitor, &reported_depth);
  }

  void Leave(HtmlVisitor* visitor, int* reported_depth) {
    const StackFrame f = stack_.back();
    stack_.pop_back();
    if (f.reported) {
      --*reported_depth;
      visitor->Close(f.tag);
    }
  }

  void ReadAttributes(myhtml_tree_node_t* node, HtmlElement* e) const {
    for (myhtml_tree_attr_t* a = myhtml_node_attribute_first(node); a != nullptr; a = myhtml_attribute_next(a)) {
      size_t klen = 0, vlen = 0;
      const char* key = myhtml_attribute_key(a, &klen);
      if (key == nullptr) continue;
      const char* value = myhtml_attribute_value(a, &vlen);
      const absl::string_view v = value == nullptr ? absl::string_view() : absl::string_view(value, vlen);
      if (Equals(key, klen, "id")) {
        e->id = v;
      } else if (Equals(key, klen, "class")) {
        e->klass = v;
      } else if (Equals(key, klen, "hidden")) {
        e->hidden = true;
      } else if (Equals(key, klen, "aria-hidden")) {
        e->hidden = e->hidden || v == "true";
      } else if (Equals(key, klen, "style")) {
        // display:none in an inline style hides the subtree.
        if (v.find("display:none") != absl::string_view::npos ||
            v.find("display: none") != absl::string_view::npos) {
          e->hidden = true;
        }
      }
    }
  }

  struct StackFrame {
    myhtml_tree_node_t* node;
    HtmlTag tag;
    bool reported;
  };

  myhtml_t* myhtml_ = nullptr;
  myhtml_tree_t* tree_ = nullptr;
  std::array<HtmlTag, MyHTML_TAG_LAST_ENTRY> tags_{};
  std::vector<StackFrame> stack_;
};

}  // namespace

std::unique_ptr<HtmlParser> CreateHtmlParser() { return std::make_unique<MyhtmlParser>(); }

}  // namespace shabih::internal
