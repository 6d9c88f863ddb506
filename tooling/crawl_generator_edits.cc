// The copy edits. Every edit draws from the copy's stream in a fixed order
// (headline, intro, drop, swap, extra paragraph, paraphrase, style), so the
// same copy always gets the same edits.
#include "tooling/crawl_generator_edits.h"

#include <algorithm>
#include <utility>

namespace shabih::gen {
namespace {

class CopyEditor {
 public:
  CopyEditor(const WordModel& model, uint64_t seed, uint16_t copy_no, const StorySpec& spec,
             const Story& story, Story* extra, MainText* out)
      : model_(model),
        spec_(spec),
        story_(story),
        extra_(extra),
        out_(out),
        r_(Hash3(seed, spec.id * 64 + copy_no, kStreamCopy)) {
    extra_->Clear();
    out_->content.assign(story.paras.begin(), story.paras.end());
    out_->headline = story.headline;
    out_->style = Style();
    out_->style.year_suffix = story.year_suffix;
  }

  void Edit(PageKind kind);

 private:
  std::vector<Para>& content() { return out_->content; }

  void NewHeadline() {
    if (spec_.kind == StoryKind::kTemplate) {
      out_->headline = story_.alt_headline;
      return;
    }
    Para h;
    if (r_.Chance(500)) {
      h.assign(story_.headline.begin(),
               story_.headline.begin() + std::min<size_t>(2, story_.headline.size()));
    }
    AppendSentence(model_, r_, 4, 10, false, -1, extra_, &h);
    out_->headline = std::move(h);
  }
  void FreshParagraph(Para* out) {
    out->clear();
    AppendParagraph(model_, r_, extra_, out);
  }
  void Intro(int count) {
    for (int i = 0; i < count; ++i) {
      Para p;
      FreshParagraph(&p);
      content().insert(content().begin(), std::move(p));
    }
  }
  void AppendFresh() {
    content().emplace_back();
    FreshParagraph(&content().back());
  }
  void Drop(int count) {
    for (int i = 0; i < count && content().size() > 2; ++i) {
      content().erase(content().begin() + 1 + r_.Below(content().size() - 1));
    }
  }
  void SwapAdjacent() {
    if (content().size() < 3) return;
    const size_t i = 1 + r_.Below(content().size() - 2);
    std::swap(content()[i], content()[i + 1]);
  }
  // Paraphrase: a few words replaced by a content word of the model.
  void Paraphrase() {
    for (Para& p : content()) {
      for (size_t i = 1; i < p.size(); ++i) {
        if (p[i].kind == kWord && r_.Chance(60)) p[i] = {model_.Word(model_.ContentWord(r_)), kWord};
      }
    }
  }
  // The copying site's spelling; heavier for heavy edits.
  Style RandomStyle(bool heavy) {
    Style s;
    if (r_.Chance(heavy ? 600 : 300)) s.alef = r_.Chance(500) ? 1000 : 500;
    if (r_.Chance(heavy ? 400 : 200)) s.ta = r_.Chance(500) ? 1000 : 300;
    if (r_.Chance(heavy ? 400 : 200)) s.ya = 1000;
    if (r_.Chance(heavy ? 500 : 250)) s.harakat = r_.Range(40, 150);
    if (r_.Chance(heavy ? 300 : 150)) s.wa_split = r_.Range(50, 250);
    s.indic_digits = r_.Chance(heavy ? 300 : 150);
    s.year_suffix = r_.Chance(heavy ? 500 : 400) ? !story_.year_suffix : story_.year_suffix;
    return s;
  }

  const WordModel& model_;
  const StorySpec& spec_;
  const Story& story_;
  Story* extra_;
  MainText* out_;
  Rng r_;
};

void CopyEditor::Edit(PageKind kind) {
  const size_t n = content().size();
  switch (kind) {
    case PageKind::kCopyLight:
    case PageKind::kTemplateCopy:
      if (r_.Chance(400)) NewHeadline();
      out_->style = RandomStyle(false);
      break;
    case PageKind::kCopyEdited:
      if (r_.Chance(600)) NewHeadline();
      if (r_.Chance(600)) Intro(1);
      if (n >= 4 && r_.Chance(500)) Drop(1);
      if (r_.Chance(400)) SwapAdjacent();
      out_->style = RandomStyle(false);
      break;
    case PageKind::kCopyHeavy:
      NewHeadline();
      Intro(r_.Range(1, 2));
      if (n >= 4) Drop(r_.Range(1, 2));
      if (r_.Chance(600)) SwapAdjacent();
      if (r_.Chance(400)) AppendFresh();
      Paraphrase();
      out_->style = RandomStyle(true);
      break;
    case PageKind::kCopyTruncated: {
      const size_t keep = std::max<size_t>(2, (n + 1) / 2);
      if (content().size() > keep) content().resize(keep);
      if (r_.Chance(500)) content().back().push_back({"...", kPunct});
      if (r_.Chance(300)) NewHeadline();
      out_->style = RandomStyle(false);
      break;
    }
    case PageKind::kEmbed: {
      NewHeadline();
      Intro(r_.Range(1, 2));
      const int analysis = r_.Range(2, 4);
      for (int i = 0; i < analysis; ++i) AppendFresh();
      if (r_.Chance(500)) out_->style = RandomStyle(false);
      break;
    }
    default:  // Originals, exact copies and first postings: as written.
      break;
  }
}

}  // namespace

void EditCopy(const WordModel& model, uint64_t seed, PageKind kind, uint16_t copy_no, const StorySpec& spec,
              const Story& story, Story* extra, MainText* out) {
  CopyEditor(model, seed, copy_no, spec, story, extra, out).Edit(kind);
}

}  // namespace shabih::gen
