// Stories: what a page's main text is made of. A story is a pure function of
// (seed, StorySpec), so any page can regenerate it from its id instead of
// keeping it in memory.
//
//   shabih::gen::StorySpec spec{/*id=*/42, shabih::gen::StoryKind::kNews, 0, 0};
//   shabih::gen::Story story;
//   shabih::gen::BuildStory(shabih::gen::WordModel::Get(), /*seed=*/1, spec, &story);
//
// Kinds: news (bigram paragraphs, sometimes an agency dateline), wire (the
// same with a "<city> - واس" dateline and source), event (articles on one
// shared event: the same person, organisation, city, topic words and often
// one quoted statement), template (a filled wire template).
//
// Thread safety: pure functions of their arguments.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_STORIES_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_STORIES_H_

#include <cstdint>

#include "tooling/crawl_generator_text.h"

namespace shabih::gen {

enum class StoryKind : uint8_t { kNews, kWire, kEvent, kTemplate };

struct StorySpec {
  uint64_t id;  // Global story number; the gold cluster is "s%07d" of it.
  StoryKind kind;
  uint8_t tmpl;    // kTemplate: which template.
  uint64_t event;  // kEvent: the shared event.
};

// Clears *story and builds the story of `spec`: headline, paragraphs,
// dateline, source and tags.
void BuildStory(const WordModel& model, uint64_t seed, const StorySpec& spec, Story* story);

}  // namespace shabih::gen

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_STORIES_H_
