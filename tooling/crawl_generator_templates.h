// Wire templates: different stories that share most of their wording (a
// royal congratulation cable, a weather bulletin, a stock market close, a
// health ministry statement), filled with names, places and numbers.
//
//   shabih::gen::Story story;
//   shabih::gen::BuildTemplateStory(shabih::gen::WordModel::Get(), /*seed=*/1,
//                                   /*story_id=*/42, /*tmpl=*/0, &story);
//   // story.headline, story.alt_headline, story.paras: one filled cable
//
// Thread safety: pure functions of their arguments.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_TEMPLATES_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_TEMPLATES_H_

#include <cstdint>

#include "tooling/crawl_generator_text.h"

namespace shabih::gen {

// Number of wire templates; a story's template is tmpl % kNumTemplates.
inline constexpr int kNumTemplates = 4;

// Fills template `tmpl` for story `story_id` into *story (cleared by the
// caller): both headlines, the required and some optional paragraphs,
// sometimes a free sentence, a "<city> - واس" dateline.
void BuildTemplateStory(const WordModel& model, uint64_t seed, uint64_t story_id, int tmpl, Story* story);

}  // namespace shabih::gen

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_TEMPLATES_H_
