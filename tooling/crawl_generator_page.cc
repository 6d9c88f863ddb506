// Page assembly. The page's own stream (kStreamPage, page number) draws the
// section, the furniture and which other stories the page mentions; the
// copy's stream (kStreamCopy + 50) renders its main text, so a copy's text
// does not depend on the site it lands on.
#include "tooling/crawl_generator_page.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tooling/crawl_generator_lexicon.h"
#include "tooling/crawl_generator_render.h"

namespace shabih::gen {

PageBuilder::PageBuilder(const GeneratorOptions& options) : options_(options), model_(WordModel::Get()) {
  int width = 2;
  for (int n = options.sites - 1; n >= 100; n /= 10) ++width;
  for (int i = 0; i < options.sites; ++i) sites_.push_back(MakeSite(options.seed, i, width));
  site_pages_.assign(options.sites, 0);
}

void PageBuilder::StartBlock(const Block* block) {
  block_ = block;
  headlines_.assign(block->stories.size(), std::string());
}

// --- Lines.

void PageBuilder::AddLine(absl::string_view text, bool boilerplate, const char* kind) {
  if (!lines_.empty() || !page_text_->empty()) page_text_->push_back('\n');
  lines_.push_back({page_text_->size(), {boilerplate, kind}});
  AppendView(text, page_text_);
}

void PageBuilder::Blank() {
  if (site_->blank_lines && !lines_.empty()) AddLine("", true, "blank");
}

void PageBuilder::AddPara(const Para& para, const Style& style, Rng& r, bool boilerplate, const char* kind,
                          absl::string_view prefix) {
  AddLine(prefix, boilerplate, kind);
  RenderPara(para, style, r, page_text_);
}

void PageBuilder::AddHeadlineList(const std::vector<uint32_t>& stories, const char* kind) {
  for (uint32_t s : stories) {
    scratch_.assign(site_->bullet);
    AppendDigits(Headline(s), site_->indic_digits, &scratch_);
    AddLine(scratch_, true, kind);
  }
}

const std::string& PageBuilder::Headline(uint32_t story) {
  std::string& h = headlines_[story];
  if (h.empty()) {
    BuildStory(model_, options_.seed, block_->stories[story], &headline_story_);
    Rng unused(0);  // A default Style draws nothing.
    RenderPara(headline_story_.headline, Style(), unused, &h);
  }
  return h;
}

uint32_t PageBuilder::OtherStory(Rng& r, uint32_t not_this) {
  const size_t stories = block_->stories.size();
  uint32_t s = static_cast<uint32_t>(r.Below(stories));
  if (s == not_this) s = (s + 1) % stories;
  return s;
}

// --- Blocks of the page, top to bottom.

const Section* PageBuilder::Identify(const PageSpec& spec, Rng& r, GeneratedPage* page) {
  const Site& site = *site_;
  const StorySpec& story_spec = block_->stories[spec.story];
  const int64_t number = site_pages_[spec.site]++;
  const std::string page_name = absl::StrFormat("p%07d", number);
  page->site = site.name;
  // The id is what the corpus reader will assign: the path under the crawl
  // directory for files, the WARC-Target-URI for WARC records (set below).
  const char* suffix = options_.format == CrawlFormat::kTxt    ? ".txt"
                       : options_.format == CrawlFormat::kHtml ? ".html"
                                                               : "";
  page->id = absl::StrCat(site.name, "/", page_name, suffix);
  const Section* section = site.sections[r.Below(site.sections.size())];
  int y, m, d;
  CivilFromDays(block_->day, &y, &m, &d);
  page->url =
      absl::StrFormat("https://%s/%s/%d/%02d/%02d/%s.html", site.host, section->slug, y, m, d, page_name);
  if (options_.format == CrawlFormat::kWarc) page->id = page->url;
  page->cluster = absl::StrFormat("s%07d", story_spec.id);
  page->kind = kPageKindNames[static_cast<int>(spec.kind)];
  return section;
}

void PageBuilder::AddMostRead(const PageSpec& spec) {
  Blank();
  AddLine(site_->mostread_cue, true, "mostread");
  AddHeadlineList(block_->mostread[spec.site], "mostread");
}

void PageBuilder::AddHeader(const PageSpec& spec, const Section& section, Rng& r) {
  const Site& site = *site_;
  AddLine(site.nav, true, "nav");
  if (site.breadcrumb) AddLine(absl::StrCat("الرئيسية » ", section.name), true, "breadcrumb");
  if (site.mostread_pos == 1) AddMostRead(spec);
  Blank();
  AddPara(main_text_.headline, style_, edit_rng_, false, "title");
  if (site.date_format >= 0) AddLine(DateLine(site, block_->day, r), true, "date");
  const absl::string_view dateline = main_.dateline;
  if (site.dateline_mode == 1) {
    if (!dateline.empty()) {
      scratch_.clear();
      AppendDigits(dateline, false, &scratch_);
      AddLine(scratch_, true, "byline");
    } else if (r.Chance(500)) {
      // Two draws in separate statements, last name first: the order in
      // which a compiler evaluates function arguments is unspecified, so it
      // must not decide the bytes (this is the order GCC used for gen-1).
      const char* family = r.Pick(kFamilyNames);
      const char* first = r.Pick(kFirstNames);
      AddLine(absl::StrCat("كتب - ", first, " ", family), true, "byline");
    }
  }
  if (site.share_mode == 1) AddLine(ShareLine(site, r), true, "share");
}

void PageBuilder::AddBody(const PageSpec& spec, Rng& r) {
  const Site& site = *site_;
  const std::vector<Para>& content = main_text_.content;
  const absl::string_view dateline = main_.dateline;
  const size_t mid = content.size() / 2;
  for (size_t i = 0; i < content.size(); ++i) {
    Blank();
    std::string prefix;
    if (i == 0 && site.dateline_mode == 2 && !dateline.empty()) prefix = absl::StrCat(dateline, ": ");
    AddPara(content[i], style_, edit_rng_, false, "body", prefix);
    if (i + 1 < content.size() && site.ad_pm > 0 && r.Chance(site.ad_pm / 3)) {
      Blank();
      AddLine(r.Pick(kAdMarkers), true, "ad");
    }
    if (i + 1 == mid && site.inline_readalso && block_->stories.size() > 1) {
      const uint32_t other = OtherStory(r, spec.story);
      Blank();
      AddLine(absl::StrCat(site.readalso_cue, " ", Headline(other)), true, "readalso");
    }
  }
}

void PageBuilder::AddSourceAndTags(Rng& r) {
  const Site& site = *site_;
  if (site.share_mode == 2) {
    Blank();
    AddLine(ShareLine(site, r), true, "share");
  }
  if (site.source) {
    Blank();
    absl::string_view src = main_.source.empty() ? absl::string_view(site.title) : main_.source;
    AddLine(absl::StrCat("المصدر: ", src), true, "source");
  }
  if (site.tag_cue != nullptr && !main_.tags.empty()) {
    Blank();
    std::string tags = site.tag_cue;
    for (size_t i = 0; i < main_.tags.size(); ++i) {
      if (i > 0) tags.append(site.tag_separator);
      AppendView(main_.tags[i], &tags);
    }
    AddLine(tags, true, "tags");
  }
}

// Another story of the block, its headline and first paragraphs (sometimes
// all of them): boilerplate that reads like main text.
void PageBuilder::AddReadAlso(const PageSpec& spec, Rng& r) {
  const Site& site = *site_;
  if (site.readalso_pm <= 0 || block_->stories.size() <= 1 || !r.Chance(site.readalso_pm)) return;
  const uint32_t other = OtherStory(r, spec.story);
  BuildStory(model_, options_.seed, block_->stories[other], &other_);
  Style other_style;
  other_style.indic_digits = site.indic_digits;
  other_style.year_suffix = other_.year_suffix;
  Blank();
  AddLine(site.readalso_cue, true, "readalso-cue");
  Blank();
  AddPara(other_.headline, other_style, r, true, "readalso");
  const size_t count =
      r.Chance(200) ? other_.paras.size() : std::min<size_t>(other_.paras.size(), r.Range(1, 3));
  for (size_t i = 0; i < count; ++i) {
    Blank();
    AddPara(other_.paras[i], other_style, r, true, "readalso");
  }
}

void PageBuilder::AddRelated(const PageSpec& spec, Rng& r) {
  const Site& site = *site_;
  if (site.related_pm <= 0 || block_->stories.size() <= 1 || !r.Chance(site.related_pm)) return;
  Blank();
  AddLine(site.related_cue, true, "related-cue");
  std::vector<uint32_t> related;
  const int count = r.Range(3, 6);
  for (int i = 0; i < count; ++i) related.push_back(OtherStory(r, spec.story));
  AddHeadlineList(related, "related");
}

void PageBuilder::AddComments(Rng& r) {
  const Site& site = *site_;
  if (site.comments_format < 0) return;
  const int comments = r.Chance(500) ? 0 : r.Range(1, 3);
  Blank();
  AddLine(CommentsHeader(site, comments), true, "comments");
  for (int i = 0; i < comments; ++i) {
    Para c;
    AppendSentence(model_, r, 4, 16, true, -1, &extra_, &c);
    AddPara(c, Style(), r, true, "comment", absl::StrCat(r.Pick(kFirstNames), ": "));
  }
}

void PageBuilder::AddFooter() {
  Blank();
  for (const std::string& f : site_->footer) AddLine(f, true, "footer");
}

// A blank line belongs to the main text when it separates two main-text
// lines, else to the boilerplate around it.
void PageBuilder::LabelLines(GeneratedPage* page) const {
  page->lines.reserve(lines_.size());
  for (size_t i = 0; i < lines_.size(); ++i) {
    GoldLine g = lines_[i].gold;
    if (g.kind[0] == 'b' && std::strcmp(g.kind, "blank") == 0) {
      const bool before = i > 0 && !lines_[i - 1].gold.boilerplate;
      const bool after = i + 1 < lines_.size() && !lines_[i + 1].gold.boilerplate;
      g.boilerplate = !(before && after);
    }
    page->lines.push_back(g);
  }
}

void PageBuilder::Build(const PageSpec& spec, int64_t page_number, GeneratedPage* page) {
  site_ = &sites_[spec.site];
  const StorySpec& story_spec = block_->stories[spec.story];
  Rng r(Hash3(options_.seed, static_cast<uint64_t>(page_number), kStreamPage));
  const Section* section = Identify(spec, r, page);
  page->text.clear();
  page->lines.clear();
  page_text_ = &page->text;
  lines_.clear();

  BuildStory(model_, options_.seed, story_spec, &main_);
  EditCopy(model_, options_.seed, spec.kind, spec.copy_no, story_spec, main_, &extra_, &main_text_);
  style_ = main_text_.style;
  style_.indic_digits = style_.indic_digits || site_->indic_digits;
  edit_rng_ = Rng(Hash3(options_.seed, story_spec.id * 64 + spec.copy_no, kStreamCopy + 50));

  AddHeader(spec, *section, r);
  AddBody(spec, r);
  AddSourceAndTags(r);
  AddReadAlso(spec, r);
  AddRelated(spec, r);
  if (site_->mostread_pos == 2) AddMostRead(spec);
  AddComments(r);
  AddFooter();
  LabelLines(page);
}

}  // namespace shabih::gen
