#include "shabih/boilerplate.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/cue_lexicon.h"
#include "engine/internal/line_info.h"
#include "engine/internal/line_shape.h"
#include "engine/internal/page_lines.h"
#include "shabih/normalize.h"

namespace shabih {
namespace {

using internal::CueKind;
using internal::CueLexicon;
using internal::kComments;
using internal::kCredit;
using internal::kDate;
using internal::kDateMark;
using internal::kEnd;
using internal::kField;
using internal::kHome;
using internal::kInline;
using internal::kList;
using internal::kNoCue;
using internal::kOpener;
using internal::kSocial;
using internal::kStop;
using internal::kTailRest;
using internal::ForEachLine;
using internal::LineInfo;
using internal::kBadLine;
using internal::kEmptyLine;
using internal::kGoodLine;
using internal::kMediumLine;
using internal::kShortLine;
using internal::kReasonAfter;
using internal::kReasonBlank;
using internal::kReasonByline;
using internal::kReasonComments;
using internal::kReasonEmbedded;
using internal::kReasonListItem;
using internal::kReasonNavigation;
using internal::kReasonNearDupList;
using internal::kReasonRepeated;
using internal::kReasonTitle;
using internal::kReasonTitleRepeat;

// Per-thread scratch, reused across documents so that classification does
// not allocate per line.
struct Scratch {
  internal::LineShapeScratch shape;         // one line's tokens
  std::vector<int> pending;                 // lines waiting for the article to resume
  std::vector<int> soft;                    // date and address lines waiting likewise
  std::vector<LineInfo> infos;              // for Strip()
  absl::flat_hash_set<uint64_t> seen_here;  // fingerprints met earlier in the page
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace

// ---------------------------------------------------------------------------
// The classifier

class BoilerplateClassifier::Impl {
 public:
  explicit Impl(const BoilerplateOptions& options)
      : options_(options), normalizer_(Normalizer::Default()), shaper_(options_, normalizer_, lexicon_) {}

  absl::Status Load();
  void Classify(absl::string_view site, absl::string_view text, const CrawlLineStats* stats,
                std::vector<LineInfo>* lines) const;

  const BoilerplateOptions options_;
  const Normalizer& normalizer_;
  CueLexicon lexicon_;
  internal::LineShaper shaper_;

 private:
  uint64_t Fingerprint(absl::string_view text, LineInfo& l) const {
    return internal::LineFingerprintOf(text, options_.max_counted_line_bytes, l);
  }
  void Structure(absl::string_view text, std::vector<LineInfo>& lines, bool has_stats) const;
  void NearDuplicateLists(std::vector<LineInfo>& lines, int title) const;
  // Whether a page shows template furniture (set by Structure).
};

absl::Status BoilerplateClassifier::Impl::Load() { return lexicon_.Load(normalizer_); }

// The structural pass: headline, header, article body and what follows it.
void BoilerplateClassifier::Impl::Structure(absl::string_view text, std::vector<LineInfo>& lines,
                                            bool has_stats) const {
  const int n = static_cast<int>(lines.size());
  auto own_reason = [&](const LineInfo& l) -> absl::string_view {
    if (l.cue >= 0) return lexicon_.cue(l.cue).reason;
    if (l.shape == kBadLine) return l.shape_reason;
    if (l.repeated) return kReasonRepeated;
    return {};
  };
  auto set = [&](LineInfo& l, bool boilerplate, absl::string_view reason) {
    l.boilerplate = boilerplate;
    l.reason = reason;
    l.decided = true;
  };
  auto cue_kind = [&](const LineInfo& l) { return l.cue >= 0 ? lexicon_.cue(l.cue).kind : kNoCue; };
  auto is_good = [&](const LineInfo& l) {
    return l.shape == kGoodLine && l.cue < 0 && !l.repeated && !l.strong_bullet;
  };

  // Cues that count only at the end of the page (tag lines written without
  // a colon, "سمات ...") are no cues before the last paragraph.
  int last_good = -1;
  for (int i = n - 1; i >= 0 && last_good < 0; --i) {
    if (lines[i].shape == kGoodLine && lines[i].cue < 0) last_good = i;
  }
  for (int i = 0; i < last_good; ++i) {
    LineInfo& l = lines[i];
    if (l.cue >= 0 && lexicon_.cue(l.cue).rest == kTailRest) l.cue = -1;
  }

  // 1. The anchor: the first article paragraph.
  int g0 = -1;
  for (int i = 0; i < n; ++i) {
    if (is_good(lines[i])) {
      g0 = i;
      break;
    }
  }
  if (g0 < 0) {
    // No paragraph at all (a photo page, a list page, a stub): only lines
    // with evidence of their own go.
    for (LineInfo& l : lines) {
      if (l.shape == kEmptyLine) continue;
      const absl::string_view r = own_reason(l);
      set(l, !r.empty(), r);
    }
    return;
  }

  // 2. The headline: the nearest medium or short line before the anchor,
  // skipping date, byline and metadata lines.
  int title = -1;
  int seen = 0;
  for (int i = g0 - 1; i >= 0 && seen < options_.title_lookback; --i) {
    const LineInfo& l = lines[i];
    if (l.shape == kEmptyLine) continue;
    ++seen;
    const CueKind kind = cue_kind(l);
    const bool byline = l.byline;
    // Dates, share counters and credits sit between a headline and its
    // article; a menu does not.
    if (l.shape == kBadLine && std::strcmp(l.shape_reason, "navigation") != 0) continue;
    // A repeated short line here is a byline; a repeated medium line can be
    // this page's headline listed or embedded on other pages.
    const bool short_line = static_cast<int>(l.words) < options_.short_line_words;
    if (kind == kField || kind == kInline || (kind == kOpener && !l.cue_standalone) || byline ||
        (l.repeated && short_line)) {
      continue;
    }
    // A short line ending with a period is a short first paragraph.
    if (l.ends_period && l.cue < 0 && !l.strong_bullet && l.shape != kBadLine) continue;
    // A template line (on most pages of the site) is the headline only if
    // it is headline-sized: a slogan or site name is short.
    if ((l.shape == kMediumLine || l.shape == kShortLine) && kind == kNoCue && !l.strong_bullet &&
        !l.ends_colon && !(l.template_line && short_line) &&
        static_cast<int>(l.words) <= options_.max_title_words) {
      title = i;
    }
    break;
  }
  const int body_start = title >= 0 ? title : g0;

  // 3. The header: everything before the body. It is page chrome when any
  // of it shows chrome (a cue, a menu, a date, a bullet, a repeated line);
  // otherwise (a bare article, as in SaudiNewsNet) it is kept.
  // Chrome is what templates put there: menus, share bars, dates,
  // metadata and list cues, lines on most pages of the site; not bullets,
  // an odd separator ("***"), a credit or a byline, which bare articles
  // have too.
  // And the header must be mostly furniture (a third of its lines at least,
  // counting bullets and lines repeated within the page): a long run of
  // plain text before the first paragraph is the article (a column in
  // verse, a decree's preamble), even if a date sits in it.
  bool chrome = false;
  int header_lines = 0, furniture = 0;
  {
    absl::flat_hash_set<uint64_t>& seen_here = ThreadScratch().seen_here;
    seen_here.clear();
    for (int i = 0; i < body_start; ++i) {
      const LineInfo& l = lines[i];
      if (l.shape == kEmptyLine) continue;
      ++header_lines;
      const CueKind kind = cue_kind(l);
      const bool chrome_shape = l.shape == kBadLine && (std::strcmp(l.shape_reason, "navigation") == 0 ||
                                                        std::strcmp(l.shape_reason, "share-counter") == 0 ||
                                                        std::strcmp(l.shape_reason, "date") == 0);
      if (chrome_shape || (kind != kNoCue && kind != kInline) || l.template_line) chrome = true;
      const uint64_t fp = Fingerprint(text, lines[i]);
      const bool repeat_here = fp != 0 && !seen_here.insert(fp).second;
      if (l.shape == kBadLine || kind != kNoCue || l.strong_bullet || l.repeated || l.byline || repeat_here) {
        ++furniture;
      }
    }
  }
  chrome = chrome && 3 * furniture >= header_lines;
  int header_index = 0;
  for (int i = 0; i < body_start; ++i) {
    LineInfo& l = lines[i];
    if (l.shape == kEmptyLine) continue;
    ++header_index;
    absl::string_view r = own_reason(l);
    if (r.empty() && l.byline) r = kReasonByline;
    // In a bare article a date or an address is furniture only at its edges
    // (a dateline, a contact line); deep in a long opening it is text.
    const bool soft =
        l.shape == kBadLine && l.cue < 0 && !l.repeated &&
        (std::strcmp(l.shape_reason, "date") == 0 || std::strcmp(l.shape_reason, "contact") == 0);
    const bool at_edge = header_index <= 2 || header_index > header_lines - 2;
    if (!r.empty() && (chrome || !soft || at_edge)) {
      set(l, true, r);
    } else {
      set(l, chrome, chrome ? kReasonNavigation : absl::string_view());
    }
  }
  if (title >= 0) set(lines[title], false, kReasonTitle);
  // A repeat of a headline of a few words ("(2)", "2") is a numbering, not
  // a caption.
  const uint64_t title_fp = title >= 0 && lines[title].words >= 3 ? Fingerprint(text, lines[title]) : 0;
  const uint32_t title_words = title >= 0 ? lines[title].words : 0;

  // 4. The body and what follows it.
  enum State { kInBody, kInEmbed, kInLinks, kInList, kInComments };
  State state = kInBody;
  bool closed = false;  // a closing cue or bar since the last paragraph
  bool closed_by_cue = false;
  // A menu or share bar after the last paragraph closes the article only on
  // a page that shows template elsewhere; in a bare article such a line is
  // more likely an odd line of the article itself.
  bool page_chrome = chrome;
  for (int i = body_start; i < n && !page_chrome; ++i) {
    const CueKind kind = cue_kind(lines[i]);
    page_chrome =
        kind == kList || kind == kComments || kind == kField || (kind == kOpener && lines[i].cue_standalone);
  }
  bool body_over = false;  // an embedded article or comments began
  // Lines whose fate depends on what follows: plain lines after a closing
  // line (`pending`), and lines with soft evidence, a date or an address,
  // which are furniture around an article but part of it between its
  // paragraphs (a table of dates, a URL in a notice) (`soft`). A following
  // paragraph keeps both; the end of the article drops them.
  std::vector<int>& pending = ThreadScratch().pending;
  std::vector<int>& soft = ThreadScratch().soft;
  pending.clear();
  soft.clear();
  auto flush_pending = [&](bool boilerplate) {
    for (int j : pending) set(lines[j], boilerplate, boilerplate ? kReasonAfter : absl::string_view());
    pending.clear();
    for (int j : soft) {
      if (boilerplate) {
        set(lines[j], true, lines[j].shape_reason);
      } else {
        set(lines[j], false, {});
      }
    }
    soft.clear();
  };
  auto flush_pending_at_end = [&] {
    for (int j : pending) {
      const bool drop = closed_by_cue || page_chrome;
      set(lines[j], drop, drop ? kReasonAfter : absl::string_view());
    }
    pending.clear();
    flush_pending(true);
  };
  // After a stand-alone opener: an embedded article, or a list of links?
  auto probe_embed = [&](int i) {
    int probed = 0;
    for (int j = i + 1; j < n && probed < options_.embed_probe_lines; ++j) {
      const LineInfo& l = lines[j];
      if (l.shape == kEmptyLine) continue;
      ++probed;
      if (l.strong_bullet) return false;
      const CueKind k = cue_kind(l);
      if (k == kList || k == kComments || k == kOpener) return false;
      if (l.shape == kGoodLine && l.cue < 0) return true;
    }
    return false;
  };
  auto open_section = [&](int i) -> bool {
    // Handles a section cue in any state; true when the line was consumed.
    LineInfo& l = lines[i];
    const CueKind kind = cue_kind(l);
    if (kind == kOpener && l.cue_standalone) {
      flush_pending(true);
      set(l, true, lexicon_.cue(l.cue).reason);
      if (body_over || probe_embed(i)) {
        state = kInEmbed;
        body_over = true;
      } else {
        state = kInLinks;
      }
      return true;
    }
    if (kind == kList) {
      flush_pending(true);
      set(l, true, lexicon_.cue(l.cue).reason);
      state = kInList;
      return true;
    }
    if (kind == kComments) {
      flush_pending(true);
      set(l, true, lexicon_.cue(l.cue).reason);
      state = kInComments;
      body_over = true;
      return true;
    }
    return false;
  };

  for (int i = body_start; i < n; ++i) {
    LineInfo& l = lines[i];
    if (l.shape == kEmptyLine || l.decided) continue;
    if (open_section(i)) continue;
    const absl::string_view r = own_reason(l);
    switch (state) {
      case kInBody: {
        const CueKind kind = cue_kind(l);
        const bool soft_evidence =
            l.cue < 0 && l.shape == kBadLine && !l.repeated &&
            (std::strcmp(l.shape_reason, "date") == 0 || std::strcmp(l.shape_reason, "contact") == 0);
        if (soft_evidence && i > g0) {
          soft.push_back(i);
        } else if (!r.empty()) {
          set(l, true, r);
          if (kind == kField || kind == kEnd) {
            closed = closed_by_cue = true;
          } else if (l.shape == kBadLine && (r == kReasonNavigation || r == "share-counter")) {
            closed = true;
          }
        } else if (l.byline && i < g0) {
          // Between the headline and the first paragraph: a byline or dateline.
          set(l, true, kReasonByline);
        } else if (title_fp != 0 && l.words == title_words && Fingerprint(text, l) == title_fp) {
          set(l, true, kReasonTitleRepeat);
        } else if (is_good(l)) {
          flush_pending(false);
          set(l, false, {});
          closed = closed_by_cue = false;
        } else if (closed) {
          pending.push_back(i);
        } else {
          set(l, false, {});
        }
        break;
      }
      case kInLinks:
      case kInList:
        if (is_good(l) && !body_over && !(state == kInList && l.strong_bullet)) {
          // The page's own article resumes after a list of links.
          state = kInBody;
          closed = closed_by_cue = false;
          set(l, false, {});
        } else {
          set(l, true, r.empty() ? kReasonListItem : r);
        }
        break;
      case kInEmbed:
        set(l, true, r.empty() ? kReasonEmbedded : r);
        break;
      case kInComments:
        set(l, true, r.empty() ? kReasonComments : r);
        break;
    }
  }
  flush_pending_at_end();
  // Lists are template furniture only on pages that show a template: in a
  // bare article, lines shared with other pages are a copied preamble or
  // verse (a royal decree's opening, a column's closing lines).
  if (has_stats && page_chrome) NearDuplicateLists(lines, title);
}

// Signal 2: runs of list-like lines mostly seen on other pages of the site.
void BoilerplateClassifier::Impl::NearDuplicateLists(std::vector<LineInfo>& lines, int title) const {
  const int n = static_cast<int>(lines.size());
  // A page whose own paragraphs are also on other pages of the site is a
  // copy of an article there: its lines are "seen" because the article is,
  // not because they are a list.
  int countable = 0, seen_paragraphs = 0;
  for (const LineInfo& l : lines) {
    if (l.shape != kGoodLine || l.boilerplate || l.fingerprint == 0) continue;
    ++countable;
    if (l.seen_elsewhere) ++seen_paragraphs;
  }
  if (countable > 0 && 2 * seen_paragraphs >= countable) return;
  int start = -1;
  int members = 0, seen = 0;
  // Whether the last line before the run is a kept article paragraph.
  bool after_paragraph = false;
  bool last_paragraph = false;
  auto close_run = [&](int end, bool next_is_paragraph) {
    // A list between two paragraphs of the article belongs to it.
    const bool inside_article = after_paragraph && next_is_paragraph;
    if (start >= 0 && !inside_article && members >= options_.list_min_lines &&
        seen >= std::max<double>(options_.list_min_lines, options_.list_seen_fraction * members)) {
      for (int j = start; j < end; ++j) {
        LineInfo& l = lines[j];
        if (l.shape == kEmptyLine || l.boilerplate) continue;
        l.boilerplate = true;
        l.reason = kReasonNearDupList;
      }
    }
    start = -1;
    members = seen = 0;
  };
  for (int i = 0; i < n; ++i) {
    const LineInfo& l = lines[i];
    if (l.shape == kEmptyLine) continue;
    // Members: non-paragraph lines whose only evidence (if any) is
    // repetition or their position; cue and shape lines end a run.
    const bool member =
        i != title && l.shape != kGoodLine && l.shape != kBadLine && l.cue < 0 && (l.arabic || l.latin);
    const bool paragraph = l.shape == kGoodLine && !l.boilerplate;
    if (!member) {
      close_run(i, paragraph);
      last_paragraph = paragraph;
      continue;
    }
    if (start < 0) {
      start = i;
      after_paragraph = last_paragraph;
    }
    ++members;
    if (l.seen_elsewhere) ++seen;
  }
  close_run(n, false);
}

void BoilerplateClassifier::Impl::Classify(absl::string_view site, absl::string_view text,
                                           const CrawlLineStats* stats, std::vector<LineInfo>* lines) const {
  Scratch& scratch = ThreadScratch();
  lines->clear();
  ForEachLine(text, [&](size_t begin, size_t end) {
    LineInfo& info = lines->emplace_back();
    info.begin = static_cast<uint32_t>(begin);
    info.end = static_cast<uint32_t>(end);
  });
  for (LineInfo& info : *lines) shaper_.Scan(text, stats != nullptr, &info, &scratch.shape);
  if (stats != nullptr) {
    for (LineInfo& info : *lines) {
      if (info.shape != kEmptyLine) Fingerprint(text, info);
    }
    const uint64_t site_key = CrawlLineStats::SiteKey(site);
    const uint32_t docs = stats->SiteDocumentsByKey(site_key);
    const double short_bar =
        std::max<double>(options_.min_site_repeats, std::ceil(options_.site_repeat_fraction * docs));
    const double template_bar =
        std::max<double>(options_.min_site_repeats, std::ceil(options_.template_fraction * docs));
    for (LineInfo& info : *lines) {
      if (info.fingerprint == 0) continue;
      const uint32_t count = stats->LineDocumentsByKey(site_key, info.fingerprint);
      if (count < 2) continue;
      info.seen_elsewhere = true;
      info.template_line = count >= template_bar;
      info.repeated = count >= (shaper_.IsSentenceLike(info) ? template_bar : short_bar);
    }
  }
  Structure(text, *lines, stats != nullptr);
  // Blank lines follow their neighbours: kept only between kept lines.
  const int n = static_cast<int>(lines->size());
  int prev = -1;
  for (int i = 0; i < n;) {
    if ((*lines)[i].shape != kEmptyLine) {
      prev = i++;
      continue;
    }
    int next = i;
    while (next < n && (*lines)[next].shape == kEmptyLine) ++next;
    const bool keep = prev >= 0 && next < n && !(*lines)[prev].boilerplate && !(*lines)[next].boilerplate;
    for (; i < next; ++i) {
      (*lines)[i].boilerplate = !keep;
      (*lines)[i].reason = kReasonBlank;
    }
  }
}

// ---------------------------------------------------------------------------
// Public API

BoilerplateClassifier::BoilerplateClassifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BoilerplateClassifier::~BoilerplateClassifier() = default;

absl::StatusOr<std::unique_ptr<BoilerplateClassifier>> BoilerplateClassifier::Create(
    const BoilerplateOptions& o) {
  auto bad = [](absl::string_view what) { return absl::InvalidArgumentError(what); };
  if (o.min_site_repeats < 2) return bad("min_site_repeats must be >= 2");
  if (!(o.site_repeat_fraction >= 0 && o.site_repeat_fraction <= 1))
    return bad("site_repeat_fraction must be in [0, 1]");
  if (!(o.template_fraction > 0 && o.template_fraction <= 1))
    return bad("template_fraction must be in (0, 1]");
  if (o.list_min_lines < 2) return bad("list_min_lines must be >= 2");
  if (!(o.list_seen_fraction > 0 && o.list_seen_fraction <= 1))
    return bad("list_seen_fraction must be in (0, 1]");
  if (o.short_line_words < 1 || o.sentence_min_words < 1 || o.dense_line_words < 1 || o.long_line_words < 1) {
    return bad("word thresholds must be >= 1");
  }
  if (!(o.stop_density >= 0 && o.stop_density <= 1)) return bad("stop_density must be in [0, 1]");
  if (o.max_cue_line_words < 1 || o.max_title_words < 1 || o.title_lookback < 1 || o.embed_probe_lines < 1) {
    return bad("max_cue_line_words, max_title_words, title_lookback and embed_probe_lines must be >= 1");
  }
  auto impl = std::make_unique<Impl>(o);
  if (absl::Status s = impl->Load(); !s.ok()) return s;
  return std::unique_ptr<BoilerplateClassifier>(new BoilerplateClassifier(std::move(impl)));
}

const BoilerplateOptions& BoilerplateClassifier::options() const { return impl_->options_; }

void BoilerplateClassifier::Classify(absl::string_view site, absl::string_view text,
                                     const CrawlLineStats* stats, std::vector<LineVerdict>* verdicts) const {
  std::vector<LineInfo>& infos = ThreadScratch().infos;
  impl_->Classify(site, text, stats, &infos);
  verdicts->resize(infos.size());
  for (size_t i = 0; i < infos.size(); ++i) {
    (*verdicts)[i].boilerplate = infos[i].boilerplate;
    if (infos[i].reason.empty()) {
      (*verdicts)[i].reason.clear();
    } else {
      (*verdicts)[i].reason.assign(infos[i].reason.data(), infos[i].reason.size());
    }
  }
}

void BoilerplateClassifier::Strip(absl::string_view site, absl::string_view text, const CrawlLineStats* stats,
                                  std::string* kept) const {
  std::vector<LineInfo>& infos = ThreadScratch().infos;
  impl_->Classify(site, text, stats, &infos);
  kept->clear();
  bool first = true;
  for (const LineInfo& l : infos) {
    if (l.boilerplate) continue;
    if (!first) kept->push_back('\n');
    first = false;
    kept->append(text.data() + l.begin, l.end - l.begin);
  }
}

std::vector<BoilerplateClassifier::CueEntry> BoilerplateClassifier::Lexicon() const {
  std::vector<CueEntry> out;
  for (const internal::Cue& cue : impl_->lexicon_.cues()) {
    out.push_back({cue.text, cue.normalized, CueLexicon::KindName(cue.kind)});
  }
  return out;
}

}  // namespace shabih
