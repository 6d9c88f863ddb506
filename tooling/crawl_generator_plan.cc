// The block planner. Each block draws from its own stream (kStreamBlock,
// block number): groups until the block is full, a shuffle into crawl
// order, then the sites' most-read lists.
#include "tooling/crawl_generator_plan.h"

#include <algorithm>
#include <utility>

#include "tooling/crawl_generator_templates.h"

namespace shabih::gen {

uint32_t BlockPlanner::NewStory(StoryKind kind, uint8_t tmpl, uint64_t event) {
  block_->stories.push_back({next_story_++, kind, tmpl, event});
  return static_cast<uint32_t>(block_->stories.size() - 1);
}

void BlockPlanner::PickSites(Rng& r, int n, std::vector<uint16_t>* out) {
  out->clear();
  const int k = options_.sites;
  for (int i = 0; i < n; ++i) {
    uint16_t s = static_cast<uint16_t>(r.Below(k));
    // A few copies go to the original's own site (re-posted in another
    // section), the rest to other sites.
    if (i > 0 && !r.Chance(50)) {
      for (int tries = 0; tries < 8 && std::find(out->begin(), out->end(), s) != out->end() &&
                          static_cast<int>(out->size()) < k;
           ++tries) {
        s = static_cast<uint16_t>(r.Below(k));
      }
    }
    out->push_back(s);
  }
}

PageKind BlockPlanner::CopyLevel(Rng& r) {
  const uint64_t x = r.Below(100);
  if (x < 15) return PageKind::kCopyExact;
  if (x < 45) return PageKind::kCopyLight;
  if (x < 75) return PageKind::kCopyEdited;
  if (x < 90) return PageKind::kCopyHeavy;
  return PageKind::kCopyTruncated;
}

void BlockPlanner::AddCrossPosted(Rng& r) {
  const uint32_t s = NewStory(r.Chance(350) ? StoryKind::kWire : StoryKind::kNews);
  static constexpr int kCopies[] = {1, 1, 1, 1, 1, 1, 1, 1, 2, 2,
                                    2, 2, 2, 3, 3, 3, 4, 4, 5, 6};  // 40% one copy.
  const int copies = r.Pick(kCopies);
  PickSites(r, copies + 1, &sites_);
  AddPage(s, PageKind::kOriginal, 0, sites_[0]);
  for (int c = 1; c <= copies; ++c) AddPage(s, CopyLevel(r), static_cast<uint16_t>(c), sites_[c]);
}

void BlockPlanner::AddWireEmbed(Rng& r) {
  const uint32_t s = NewStory(StoryKind::kWire);
  const int copies = r.Range(0, 2);
  PickSites(r, copies + 2, &sites_);
  AddPage(s, PageKind::kWire, 0, sites_[0]);
  for (int c = 1; c <= copies; ++c) {
    AddPage(s, r.Chance(500) ? PageKind::kCopyExact : PageKind::kCopyLight, static_cast<uint16_t>(c),
            sites_[c]);
  }
  AddPage(s, PageKind::kEmbed, static_cast<uint16_t>(copies + 1), sites_[copies + 1]);
}

void BlockPlanner::AddSameEvent(Rng& r) {
  const uint64_t event = next_story_;
  const int n = r.Range(2, 4);
  PickSites(r, n, &sites_);
  for (int i = 0; i < n; ++i) {
    const uint32_t s = NewStory(StoryKind::kEvent, 0, event);
    AddPage(s, PageKind::kEvent, 0, sites_[i]);
    if (r.Chance(200)) AddPage(s, PageKind::kCopyLight, 1, static_cast<uint16_t>(r.Below(options_.sites)));
  }
}

void BlockPlanner::AddTemplated(Rng& r) {
  const uint8_t tmpl = static_cast<uint8_t>(r.Below(kNumTemplates));
  const int n = r.Range(2, 5);
  for (int i = 0; i < n; ++i) {
    const uint32_t s = NewStory(StoryKind::kTemplate, tmpl);
    PickSites(r, 2, &sites_);
    AddPage(s, PageKind::kTemplate, 0, sites_[0]);
    if (r.Chance(300)) AddPage(s, PageKind::kTemplateCopy, 1, sites_[1]);
  }
}

void BlockPlanner::AddGroup(Rng& r) {
  const GeneratorMix& mix = options_.mix;
  const uint64_t total = static_cast<uint64_t>(mix.singleton) + mix.cross_posted + mix.wire_embed +
                         mix.same_event + mix.templated;
  int64_t x = static_cast<int64_t>(r.Below(total));
  if ((x -= mix.singleton) < 0) {
    const uint32_t s = NewStory(r.Chance(200) ? StoryKind::kWire : StoryKind::kNews);
    PickSites(r, 1, &sites_);
    AddPage(s, PageKind::kSingle, 0, sites_[0]);
  } else if ((x -= mix.cross_posted) < 0) {
    AddCrossPosted(r);
  } else if ((x -= mix.wire_embed) < 0) {
    AddWireEmbed(r);
  } else if ((x -= mix.same_event) < 0) {
    AddSameEvent(r);
  } else {
    AddTemplated(r);
  }
}

void BlockPlanner::Plan(int64_t pages, Block* block) {
  block_ = block;
  Rng r(Hash3(options_.seed, block_number_, kStreamBlock));
  block->stories.clear();
  block->pages.clear();
  while (static_cast<int64_t>(block->pages.size()) < pages) AddGroup(r);
  block->pages.resize(pages);
  std::vector<PageSpec>& p = block->pages;
  for (size_t i = p.size(); i > 1; --i) std::swap(p[i - 1], p[r.Below(i)]);
  std::vector<bool> seen(block->stories.size(), false);
  block->clusters = 0;
  for (const PageSpec& page : p) {
    if (!seen[page.story]) {
      seen[page.story] = true;
      ++block->clusters;
    }
  }
  block->mostread.assign(options_.sites, {});
  for (auto& list : block->mostread) {
    for (int i = 0; i < 5; ++i) {
      list.push_back(static_cast<uint32_t>(r.Below(block->stories.size())));
    }
  }
  block->day = kFirstDay + static_cast<int64_t>(block_number_);
  ++block_number_;
  block_ = nullptr;
}

}  // namespace shabih::gen
