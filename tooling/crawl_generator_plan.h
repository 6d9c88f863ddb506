// Planning: which stories go on which pages, one block of pages at a time.
// A block holds the stories of its groups (a singleton, a cross-posted story
// and its copies, an event's articles, a template's fills), so every copy of
// a story falls in the block of its original and memory stays bounded.
//
//   shabih::GeneratorOptions options;            // seed, sites, mix
//   shabih::gen::BlockPlanner planner(options);
//   shabih::gen::Block block;
//   planner.Plan(/*pages=*/2048, &block);        // block.pages in crawl order
//
// Thread safety: a BlockPlanner is used by one thread at a time.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_PLAN_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_PLAN_H_

#include <cstdint>
#include <vector>

#include "tooling/crawl_generator.h"
#include "tooling/crawl_generator_random.h"
#include "tooling/crawl_generator_sites.h"
#include "tooling/crawl_generator_stories.h"

namespace shabih::gen {

enum class PageKind : uint8_t {
  kSingle,
  kOriginal,
  kCopyExact,
  kCopyLight,
  kCopyEdited,
  kCopyHeavy,
  kCopyTruncated,
  kWire,
  kEmbed,
  kEvent,
  kTemplate,
  kTemplateCopy,
};
// GeneratedPage::kind of each PageKind.
inline constexpr const char* kPageKindNames[] = {
    "single",         "original", "copy-exact", "copy-light", "copy-edited", "copy-heavy",
    "copy-truncated", "wire",     "embed",      "event",      "template",    "template-copy"};

struct PageSpec {
  uint32_t story;  // Index into the block's stories: main text (the wire for kEmbed).
  PageKind kind;
  uint16_t copy_no;
  uint16_t site;
};

// Pages per block: large enough for every group's pages to spread across a
// site's output, small enough to keep a block's specs in a few hundred KB.
inline constexpr int kBlockPages = 2048;

struct Block {
  std::vector<StorySpec> stories;
  std::vector<PageSpec> pages;  // In crawl order.
  // Per site: the "الأكثر قراءة" list, the same on all its pages of the block.
  std::vector<std::vector<uint32_t>> mostread;
  int64_t day = kFirstDay;  // Publication day of the block's pages.
  int64_t clusters = 0;     // Distinct stories among `pages`.
};

class BlockPlanner {
 public:
  explicit BlockPlanner(const GeneratorOptions& options) : options_(options) {}

  // Overwrites *block with the next block of `pages` pages (1..kBlockPages).
  void Plan(int64_t pages, Block* block);

 private:
  uint32_t NewStory(StoryKind kind, uint8_t tmpl = 0, uint64_t event = 0);
  // `n` sites, distinct while the crawl has enough of them.
  void PickSites(Rng& r, int n, std::vector<uint16_t>* out);
  PageKind CopyLevel(Rng& r);
  // Draws one group of the mix and appends its pages.
  void AddGroup(Rng& r);
  void AddCrossPosted(Rng& r);
  void AddWireEmbed(Rng& r);
  void AddSameEvent(Rng& r);
  void AddTemplated(Rng& r);
  void AddPage(uint32_t story, PageKind kind, uint16_t copy_no, uint16_t site) {
    block_->pages.push_back({story, kind, copy_no, site});
  }

  const GeneratorOptions options_;
  Block* block_ = nullptr;
  uint64_t block_number_ = 0;
  uint64_t next_story_ = 0;
  std::vector<uint16_t> sites_;  // Scratch.
};

}  // namespace shabih::gen

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_PLAN_H_
