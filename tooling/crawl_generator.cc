// The generator's public face: option checks and the page stream. Planning
// (crawl_generator_plan), stories (_stories, _templates, _text), copy edits
// (_edits), rendering (_render), site templates (_sites) and page assembly
// (_page) live in their own files; writing to disk in _writer.
// docs/generator.md describes the output.
#include "tooling/crawl_generator.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tooling/crawl_generator_page.h"
#include "tooling/crawl_generator_plan.h"

namespace shabih {

absl::StatusOr<CrawlFormat> ParseCrawlFormat(absl::string_view name) {
  if (name == "jsonl") return CrawlFormat::kJsonl;
  if (name == "txt") return CrawlFormat::kTxt;
  if (name == "html") return CrawlFormat::kHtml;
  if (name == "warc") return CrawlFormat::kWarc;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format '", name, "' (expected jsonl, txt, html or warc)"));
}

class CrawlGenerator::Impl {
 public:
  explicit Impl(const GeneratorOptions& options)
      : pages_(options.pages), planner_(options), builder_(options) {}

  bool Next(GeneratedPage* page) {
    if (cursor_ == block_.pages.size()) {
      if (produced_ >= pages_) return false;
      planner_.Plan(std::min<int64_t>(gen::kBlockPages, pages_ - produced_), &block_);
      builder_.StartBlock(&block_);
      clusters_ += block_.clusters;
      cursor_ = 0;
    }
    builder_.Build(block_.pages[cursor_++], produced_, page);
    ++produced_;
    return true;
  }

  int64_t clusters() const { return clusters_; }

 private:
  const int64_t pages_;
  gen::BlockPlanner planner_;
  gen::PageBuilder builder_;
  gen::Block block_;
  size_t cursor_ = 0;
  int64_t produced_ = 0;
  int64_t clusters_ = 0;
};

CrawlGenerator::CrawlGenerator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CrawlGenerator::~CrawlGenerator() = default;

absl::StatusOr<std::unique_ptr<CrawlGenerator>> CrawlGenerator::Create(const GeneratorOptions& options) {
  if (options.pages < 0) return absl::InvalidArgumentError("--pages must be >= 0");
  if (options.sites < 1 || options.sites > 1000) {
    return absl::InvalidArgumentError("--sites must be between 1 and 1000");
  }
  const GeneratorMix& m = options.mix;
  if (m.singleton < 0 || m.cross_posted < 0 || m.wire_embed < 0 || m.same_event < 0 || m.templated < 0 ||
      static_cast<int64_t>(m.singleton) + m.cross_posted + m.wire_embed + m.same_event + m.templated <= 0) {
    return absl::InvalidArgumentError("the mix must be non-negative and not all zero");
  }
  return std::unique_ptr<CrawlGenerator>(new CrawlGenerator(std::make_unique<Impl>(options)));
}

bool CrawlGenerator::Next(GeneratedPage* page) { return impl_->Next(page); }
int64_t CrawlGenerator::clusters() const { return impl_->clusters(); }

}  // namespace shabih
