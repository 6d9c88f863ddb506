// Page assembly: a site's header, the page's main text and the boilerplate
// blocks around it (share counters, source and tag lines, "اقرأ أيضاً"
// articles, related and most-read headline lists, comments, footer), with a
// gold label per line.
//
//   shabih::GeneratorOptions options;
//   shabih::gen::BlockPlanner planner(options);
//   shabih::gen::PageBuilder builder(options);
//   shabih::gen::Block block;
//   planner.Plan(100, &block);
//   builder.StartBlock(&block);
//   shabih::GeneratedPage page;
//   builder.Build(block.pages[0], /*page_number=*/0, &page);
//
// Thread safety: a PageBuilder is used by one thread at a time.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_PAGE_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_PAGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "tooling/crawl_generator.h"
#include "tooling/crawl_generator_edits.h"
#include "tooling/crawl_generator_plan.h"
#include "tooling/crawl_generator_sites.h"
#include "tooling/crawl_generator_text.h"

namespace shabih::gen {

class PageBuilder {
 public:
  // Draws the sites' templates from options.seed and options.sites.
  explicit PageBuilder(const GeneratorOptions& options);

  // The block the next pages come from; it must outlive their Build calls.
  void StartBlock(const Block* block);

  // Overwrites *page with the page of `spec`, the `page_number`-th of the
  // crawl (0-based; it seeds the page's own stream).
  void Build(const PageSpec& spec, int64_t page_number, GeneratedPage* page);

 private:
  struct Line {
    size_t begin;  // Offset of the line in the page text.
    GoldLine gold;
  };

  // Id, url, site, cluster and kind; returns the page's section.
  const Section* Identify(const PageSpec& spec, Rng& r, GeneratedPage* page);
  void AddHeader(const PageSpec& spec, const Section& section, Rng& r);
  void AddBody(const PageSpec& spec, Rng& r);
  // Share counters after the body, the source line and the tag line.
  void AddSourceAndTags(Rng& r);
  void AddReadAlso(const PageSpec& spec, Rng& r);
  void AddRelated(const PageSpec& spec, Rng& r);
  void AddMostRead(const PageSpec& spec);
  void AddComments(Rng& r);
  void AddFooter();
  // Copies the gold labels to *page, deciding what each blank line is.
  void LabelLines(GeneratedPage* page) const;

  void AddLine(absl::string_view text, bool boilerplate, const char* kind);
  void Blank();
  // Renders a paragraph straight into the page text.
  void AddPara(const Para& para, const Style& style, Rng& r, bool boilerplate, const char* kind,
               absl::string_view prefix = {});
  void AddHeadlineList(const std::vector<uint32_t>& stories, const char* kind);
  // The plain rendered headline of a story of the block (cached).
  const std::string& Headline(uint32_t story);
  // A story of the block other than `not_this`.
  uint32_t OtherStory(Rng& r, uint32_t not_this);

  const GeneratorOptions options_;
  const WordModel& model_;
  std::vector<Site> sites_;
  std::vector<int64_t> site_pages_;  // Pages written per site so far.
  const Block* block_ = nullptr;
  std::vector<std::string> headlines_;  // Per story of the block; "" until rendered.

  // The page being built, and scratch reused across pages.
  const Site* site_ = nullptr;
  std::string* page_text_ = nullptr;
  std::vector<Line> lines_;
  Story main_, other_, extra_, headline_story_;
  MainText main_text_;
  Style style_;      // The main text's style, with the site's digits.
  Rng edit_rng_{0};  // Renders the main text: the copy's own stream.
  std::string scratch_;
};

}  // namespace shabih::gen

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_PAGE_H_
