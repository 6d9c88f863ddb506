// Story builders: headlines, news and event bodies, tags. Every builder
// draws from its own stream (kStreamHeadline, kStreamBody, ...) so that a
// change in one part of a story leaves the others as they were.
#include "tooling/crawl_generator_stories.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tooling/crawl_generator_lexicon.h"
#include "tooling/crawl_generator_templates.h"

namespace shabih::gen {
namespace {

// --- Event entities: what different articles on one event share.

struct Event {
  const char* first;
  const char* family;
  const char* org;
  const char* city;
  int topic[3];
  uint64_t statement_seed;  // The statement every article on the event quotes.
};

Event MakeEvent(const WordModel& model, uint64_t seed, uint64_t event_id) {
  Rng r(Hash3(seed, event_id, kStreamEvent));
  Event e;
  e.first = r.Pick(kFirstNames);
  e.family = r.Pick(kFamilyNames);
  e.org = r.Pick(kOrgs);
  e.city = r.Pick(kCities);
  for (int& t : e.topic) t = model.ContentWord(r);
  e.statement_seed = r.Next();
  return e;
}

// Starts a sentence with an entity phrase; returns the vocabulary word the
// bigram text continues from (-1: a sentence-initial word).
int AppendOpener(const WordModel& model, const Event& e, Rng& r, Para* out) {
  static const int kInna = WordModel::Get().Id("إن");
  static const int kAnna = WordModel::Get().Id("أن");
  static const int kAn = WordModel::Get().Id("عن");
  switch (r.Below(5)) {
    case 0:
      out->insert(out->end(), {{"وقال", kWord}, {e.first, kWord}, {e.family, kWord}});
      return kInna;
    case 1:
      out->insert(out->end(), {{"وأكد", kWord}, {e.first, kWord}, {e.family, kWord}});
      return kAnna;
    case 2:
      out->insert(out->end(), {{"وأعلنت", kWord}, {e.org, kWord}});
      return kAnna;
    case 3:
      out->insert(out->end(), {{"وفي", kWord}, {e.city, kWord}, {"،", kPunct}});
      return -1;
    default:
      out->insert(out->end(), {{"وكشفت", kWord}, {e.org, kWord}});
      return kAn;
  }
}

void BuildHeadline(const WordModel& model, uint64_t seed, const StorySpec& spec, Story* story) {
  Rng r(Hash3(seed, spec.id, kStreamHeadline));
  if (spec.kind == StoryKind::kEvent) {
    const Event e = MakeEvent(model, seed, spec.event);
    if (r.Below(2)) {
      story->headline.insert(story->headline.end(), {{e.org, kWord}, {":", kPunct}});
    } else {
      story->headline.insert(story->headline.end(), {{e.first, kWord}, {e.family, kWord}, {":", kPunct}});
    }
    AppendSentence(model, r, 4, 9, false, -1, story, &story->headline);
    return;
  }
  AppendSentence(model, r, 5, 12, false, -1, story, &story->headline);
}

// Paragraphs of an article on an event: entity openers, topic words and,
// mostly, the event's statement quoted verbatim.
void BuildEventBody(const WordModel& model, uint64_t seed, const StorySpec& spec, int paragraphs, Rng& r,
                    Story* story) {
  const Event e = MakeEvent(model, seed, spec.event);
  for (int p = 0; p < paragraphs; ++p) {
    story->paras.emplace_back();
    Para& para = story->paras.back();
    const int sentences = r.Range(1, 2);
    for (int s = 0; s < sentences; ++s) {
      const int first = r.Chance(450) ? AppendOpener(model, e, r, &para) : -1;
      const size_t before = para.size();
      AppendSentence(model, r, 6, 34, true, first, story, &para);
      if (r.Chance(300) && para.size() > before + 4) {
        para[before + 2 + r.Below(para.size() - before - 4)] = {model.Word(e.topic[r.Below(3)]), kWord};
      }
    }
  }
  // Most articles on an event quote its official statement verbatim: the
  // text they share beyond names.
  if (r.Chance(600)) {
    Para quote = {{"وقال", kWord}, {e.first, kWord}, {e.family, kWord},
                  {"في", kWord},   {"بيان", kWord},  {":", kPunct}};
    Rng sr(e.statement_seed);
    AppendSentence(model, sr, 14, 26, true, -1, story, &quote);
    story->paras.insert(story->paras.begin() + 1 + r.Below(story->paras.size()), std::move(quote));
  }
  story->dateline = story->Own(absl::StrCat(e.city, " - ", r.Pick(kAgencies)));
}

// Paragraphs of a news or wire story, and its dateline.
void BuildNewsBody(const WordModel& model, const StorySpec& spec, int paragraphs, Rng& r, Story* story) {
  for (int p = 0; p < paragraphs; ++p) {
    story->paras.emplace_back();
    AppendParagraph(model, r, story, &story->paras.back());
  }
  if (spec.kind == StoryKind::kWire) {
    story->dateline = story->Own(absl::StrCat(r.Pick(kCities), " - واس"));
    story->source = "واس";
  } else if (r.Chance(500)) {
    const bool world = r.Chance(400);
    // Separate statements, agency first: argument evaluation order is
    // unspecified (this is the order GCC used for gen-1).
    const char* agency = r.Pick(kAgencies);
    const char* city = world ? r.Pick(kWorldCities) : r.Pick(kCities);
    story->dateline = story->Own(absl::StrCat(city, " - ", agency));
  }
}

// Tags: a few longer words of the story itself, as sites derive them.
void AddTags(uint64_t seed, const StorySpec& spec, Story* story) {
  Rng tr(Hash3(seed, spec.id, kStreamBody + 100));
  const int want = tr.Range(3, 6);
  for (int tries = 0; tries < 40 && static_cast<int>(story->tags.size()) < want; ++tries) {
    const Para& p = story->paras[tr.Below(story->paras.size())];
    const Token& t = p[tr.Below(p.size())];
    if (t.kind == kWord && t.text.size() >= 8 &&
        std::find(story->tags.begin(), story->tags.end(), t.text) == story->tags.end()) {
      story->tags.push_back(t.text);
    }
  }
}

}  // namespace

void BuildStory(const WordModel& model, uint64_t seed, const StorySpec& spec, Story* story) {
  story->Clear();
  if (spec.kind == StoryKind::kTemplate) {
    BuildTemplateStory(model, seed, spec.id, spec.tmpl, story);
  } else {
    BuildHeadline(model, seed, spec, story);
    Rng r(Hash3(seed, spec.id, kStreamBody));
    story->year_suffix = r.Chance(350);
    const int paragraphs = r.Range(3, 8);
    if (spec.kind == StoryKind::kEvent) {
      BuildEventBody(model, seed, spec, paragraphs, r, story);
    } else {
      BuildNewsBody(model, spec, paragraphs, r, story);
    }
  }
  AddTags(seed, spec, story);
}

}  // namespace shabih::gen
