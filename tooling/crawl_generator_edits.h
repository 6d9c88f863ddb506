// Story mutation: how each page of a story edits it. An original prints the
// story as it is; copies of a re-post get a new headline, an intro, dropped
// or swapped paragraphs, paraphrased words, an embedding article's analysis,
// and the copying site's spelling (docs/generator.md lists the rates).
//
//   const shabih::gen::WordModel& model = shabih::gen::WordModel::Get();
//   const shabih::gen::StorySpec spec{/*id=*/42, shabih::gen::StoryKind::kNews, 0, 0};
//   shabih::gen::Story story, extra;
//   shabih::gen::BuildStory(model, /*seed=*/1, spec, &story);
//   shabih::gen::MainText text;
//   shabih::gen::EditCopy(model, /*seed=*/1, shabih::gen::PageKind::kCopyEdited, /*copy_no=*/1,
//                         spec, story, &extra, &text);
//   // text.headline, text.content (paragraphs), text.style (spelling)
//
// The edits of copy `copy_no` of a story come from their own stream, so they
// are the same wherever the copy lands.
//
// Thread safety: pure functions of their arguments.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_EDITS_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_EDITS_H_

#include <cstdint>
#include <vector>

#include "tooling/crawl_generator_plan.h"
#include "tooling/crawl_generator_render.h"
#include "tooling/crawl_generator_stories.h"
#include "tooling/crawl_generator_text.h"

namespace shabih::gen {

// A page's main text: the story's paragraphs as this copy edits them.
struct MainText {
  std::vector<Para> content;
  Para headline;
  Style style;
};

// Fills *out for the page of kind `kind`, copy `copy_no` of `story` (built
// from `spec`). New words (headlines, intros, analysis) are owned by *extra,
// which is cleared first and must outlive *out.
void EditCopy(const WordModel& model, uint64_t seed, PageKind kind, uint16_t copy_no, const StorySpec& spec,
              const Story& story, Story* extra, MainText* out);

}  // namespace shabih::gen

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_EDITS_H_
