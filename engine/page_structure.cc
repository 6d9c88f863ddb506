// The structural pass over a page's lines: the anchor (first article
// paragraph), the headline before it, the header, the body and what follows
// it, then near-duplicate lists.
#include "engine/internal/page_structure.h"

#include <algorithm>
#include <cstring>

namespace shabih::internal {
namespace {

void Set(LineInfo& l, bool boilerplate, absl::string_view reason) {
  l.boilerplate = boilerplate;
  l.reason = reason;
  l.decided = true;
}

// An article paragraph with no evidence against it.
bool IsGood(const LineInfo& l) { return l.shape == kGoodLine && l.cue < 0 && !l.repeated && !l.strong_bullet; }

bool HasShapeReason(const LineInfo& l, const char* reason) {
  return l.shape == kBadLine && std::strcmp(l.shape_reason, reason) == 0;
}

// A date or an address: furniture around an article, but text between its
// paragraphs (a table of dates, a URL in a notice).
bool IsSoftEvidence(const LineInfo& l) {
  return l.shape == kBadLine && l.cue < 0 && !l.repeated &&
         (std::strcmp(l.shape_reason, "date") == 0 || std::strcmp(l.shape_reason, "contact") == 0);
}

// The evidence a line carries by itself: its cue, its shape, its repetition.
absl::string_view OwnReason(const CueLexicon& lexicon, const LineInfo& l) {
  if (l.cue >= 0) return lexicon.cue(l.cue).reason;
  if (l.shape == kBadLine) return l.shape_reason;
  if (l.repeated) return kReasonRepeated;
  return {};
}

// Cues that count only at the end of the page (tag lines written without a
// colon, "سمات ...") are no cues before the last paragraph.
void DropEarlyTailCues(const CueLexicon& lexicon, std::vector<LineInfo>& lines) {
  const int n = static_cast<int>(lines.size());
  int last_good = -1;
  for (int i = n - 1; i >= 0 && last_good < 0; --i) {
    if (lines[i].shape == kGoodLine && lines[i].cue < 0) last_good = i;
  }
  for (int i = 0; i < last_good; ++i) {
    LineInfo& l = lines[i];
    if (l.cue >= 0 && lexicon.cue(l.cue).rest == kTailRest) l.cue = -1;
  }
}

// The body of the article and what follows it, line by line from the
// headline (or the first paragraph) to the end: a state machine over
// sections. Section cues switch state in any state: a stand-alone "read
// also" opens an embedded article or a list of links, a list heading a list,
// a comments heading the comments.
class BodyWalk {
 public:
  struct Page {
    absl::string_view text;
    size_t max_counted_line_bytes;
    int embed_probe_lines;
    int first_paragraph;  // the anchor
    uint64_t title_fp;    // fingerprint of a headline of 3+ words, else 0
    uint32_t title_words;
    bool page_chrome;  // the page shows template (header chrome or a section cue)
  };

  BodyWalk(const CueLexicon& lexicon, const Page& page, std::vector<LineInfo>& lines,
           PageStructureScratch* scratch)
      : lexicon_(lexicon), page_(page), lines_(lines), pending_(scratch->pending), soft_(scratch->soft) {
    pending_.clear();
    soft_.clear();
  }

  void Run(int body_start) {
    const int n = static_cast<int>(lines_.size());
    for (int i = body_start; i < n; ++i) {
      LineInfo& l = lines_[i];
      if (l.shape == kEmptyLine || l.decided) continue;
      if (OpenSection(i)) continue;
      const absl::string_view r = OwnReason(lexicon_, l);
      switch (state_) {
        case kInBody:
          InBody(i, r);
          break;
        case kInLinks:
        case kInList:
          if (IsGood(l) && !body_over_ && !(state_ == kInList && l.strong_bullet)) {
            // The page's own article resumes after a list of links.
            state_ = kInBody;
            closed_ = closed_by_cue_ = false;
            Set(l, false, {});
          } else {
            Set(l, true, r.empty() ? kReasonListItem : r);
          }
          break;
        case kInEmbed:
          Set(l, true, r.empty() ? kReasonEmbedded : r);
          break;
        case kInComments:
          Set(l, true, r.empty() ? kReasonComments : r);
          break;
      }
    }
    FlushPendingAtEnd();
  }

 private:
  enum State { kInBody, kInEmbed, kInLinks, kInList, kInComments };

  // A line of the body proper: evidence cuts it, a paragraph keeps it and
  // what waited for it, a plain line after a closing line waits.
  void InBody(int i, absl::string_view r) {
    LineInfo& l = lines_[i];
    const CueKind kind = lexicon_.kind(l.cue);
    if (IsSoftEvidence(l) && i > page_.first_paragraph) {
      soft_.push_back(i);
    } else if (!r.empty()) {
      Set(l, true, r);
      if (kind == kField || kind == kEnd) {
        closed_ = closed_by_cue_ = true;
      } else if (l.shape == kBadLine && (r == kReasonNavigation || r == "share-counter")) {
        closed_ = true;
      }
    } else if (l.byline && i < page_.first_paragraph) {
      // Between the headline and the first paragraph: a byline or dateline.
      Set(l, true, kReasonByline);
    } else if (page_.title_fp != 0 && l.words == page_.title_words &&
               LineFingerprintOf(page_.text, page_.max_counted_line_bytes, l) == page_.title_fp) {
      Set(l, true, kReasonTitleRepeat);
    } else if (IsGood(l)) {
      FlushPending(false);
      Set(l, false, {});
      closed_ = closed_by_cue_ = false;
    } else if (closed_) {
      pending_.push_back(i);
    } else {
      Set(l, false, {});
    }
  }

  // Handles a section cue in any state; true when the line was consumed.
  bool OpenSection(int i) {
    LineInfo& l = lines_[i];
    const CueKind kind = lexicon_.kind(l.cue);
    if (kind == kOpener && l.cue_standalone) {
      FlushPending(true);
      Set(l, true, lexicon_.cue(l.cue).reason);
      if (body_over_ || EmbeddedArticleFollows(i)) {
        state_ = kInEmbed;
        body_over_ = true;
      } else {
        state_ = kInLinks;
      }
      return true;
    }
    if (kind == kList) {
      FlushPending(true);
      Set(l, true, lexicon_.cue(l.cue).reason);
      state_ = kInList;
      return true;
    }
    if (kind == kComments) {
      FlushPending(true);
      Set(l, true, lexicon_.cue(l.cue).reason);
      state_ = kInComments;
      body_over_ = true;
      return true;
    }
    return false;
  }

  // After a stand-alone opener at line i: an article paragraph among the
  // next embed_probe_lines lines, before any bullet or section cue, means an
  // embedded article; otherwise it is a list of links.
  bool EmbeddedArticleFollows(int i) const {
    const int n = static_cast<int>(lines_.size());
    int probed = 0;
    for (int j = i + 1; j < n && probed < page_.embed_probe_lines; ++j) {
      const LineInfo& l = lines_[j];
      if (l.shape == kEmptyLine) continue;
      ++probed;
      if (l.strong_bullet) return false;
      const CueKind k = lexicon_.kind(l.cue);
      if (k == kList || k == kComments || k == kOpener) return false;
      if (l.shape == kGoodLine && l.cue < 0) return true;
    }
    return false;
  }

  // Lines whose fate depends on what follows: plain lines after a closing
  // line (`pending_`) and soft evidence (`soft_`). A following paragraph
  // keeps both (boilerplate false); the end of the article drops them.
  void FlushPending(bool boilerplate) {
    for (int j : pending_) Set(lines_[j], boilerplate, boilerplate ? kReasonAfter : absl::string_view());
    pending_.clear();
    for (int j : soft_) {
      if (boilerplate) {
        Set(lines_[j], true, lines_[j].shape_reason);
      } else {
        Set(lines_[j], false, {});
      }
    }
    soft_.clear();
  }

  // At the end of the page, lines still waiting after a closing line go
  // when a cue closed the article or the page shows template.
  void FlushPendingAtEnd() {
    for (int j : pending_) {
      const bool drop = closed_by_cue_ || page_.page_chrome;
      Set(lines_[j], drop, drop ? kReasonAfter : absl::string_view());
    }
    pending_.clear();
    FlushPending(true);
  }

  const CueLexicon& lexicon_;
  const Page& page_;
  std::vector<LineInfo>& lines_;
  std::vector<int>& pending_;
  std::vector<int>& soft_;
  State state_ = kInBody;
  bool closed_ = false;  // a closing cue or bar since the last paragraph
  bool closed_by_cue_ = false;
  bool body_over_ = false;  // an embedded article or comments began
};

}  // namespace

void PageStructure::Decide(absl::string_view text, std::vector<LineInfo>& lines, bool has_stats,
                           PageStructureScratch* scratch) const {
  const int n = static_cast<int>(lines.size());
  DropEarlyTailCues(lexicon_, lines);

  // 1. The anchor: the first article paragraph.
  int g0 = -1;
  for (int i = 0; i < n && g0 < 0; ++i) {
    if (IsGood(lines[i])) g0 = i;
  }
  if (g0 < 0) {
    // No paragraph at all (a photo page, a list page, a stub): only lines
    // with evidence of their own go.
    for (LineInfo& l : lines) {
      if (l.shape == kEmptyLine) continue;
      const absl::string_view r = OwnReason(lexicon_, l);
      Set(l, !r.empty(), r);
    }
    return;
  }

  // 2. The headline, and 3. the header before it.
  const int title = FindTitle(lines, g0);
  const int body_start = title >= 0 ? title : g0;
  int header_lines = 0;
  const bool chrome = HeaderIsChrome(text, lines, body_start, scratch, &header_lines);
  DecideHeader(lines, body_start, chrome, header_lines);
  if (title >= 0) Set(lines[title], false, kReasonTitle);

  // 4. The body and what follows it. A menu or share bar after the last
  // paragraph closes the article only on a page that shows template
  // elsewhere; in a bare article such a line is more likely an odd line of
  // the article itself.
  BodyWalk::Page page;
  page.text = text;
  page.max_counted_line_bytes = options_.max_counted_line_bytes;
  page.embed_probe_lines = options_.embed_probe_lines;
  page.first_paragraph = g0;
  // A repeat of a headline of a few words ("(2)", "2") is a numbering, not
  // a caption.
  page.title_fp = title >= 0 && lines[title].words >= 3
                      ? LineFingerprintOf(text, options_.max_counted_line_bytes, lines[title])
                      : 0;
  page.title_words = title >= 0 ? lines[title].words : 0;
  page.page_chrome = chrome;
  for (int i = body_start; i < n && !page.page_chrome; ++i) {
    const CueKind kind = lexicon_.kind(lines[i].cue);
    page.page_chrome =
        kind == kList || kind == kComments || kind == kField || (kind == kOpener && lines[i].cue_standalone);
  }
  BodyWalk(lexicon_, page, lines, scratch).Run(body_start);

  // Lists are template furniture only on pages that show a template: in a
  // bare article, lines shared with other pages are a copied preamble or
  // verse (a royal decree's opening, a column's closing lines).
  if (has_stats && page.page_chrome) NearDuplicateLists(lines, title);
}

// The nearest medium or short line before the anchor, looking back over at
// most title_lookback non-blank lines and skipping date, byline and
// metadata lines; -1 when the line found there cannot be a headline.
int PageStructure::FindTitle(const std::vector<LineInfo>& lines, int first_paragraph) const {
  int seen = 0;
  for (int i = first_paragraph - 1; i >= 0 && seen < options_.title_lookback; --i) {
    const LineInfo& l = lines[i];
    if (l.shape == kEmptyLine) continue;
    ++seen;
    const CueKind kind = lexicon_.kind(l.cue);
    // Dates, share counters and credits sit between a headline and its
    // article; a menu does not.
    if (l.shape == kBadLine && std::strcmp(l.shape_reason, "navigation") != 0) continue;
    // A repeated short line here is a byline; a repeated medium line can be
    // this page's headline listed or embedded on other pages.
    const bool short_line = static_cast<int>(l.words) < options_.short_line_words;
    if (kind == kField || kind == kInline || (kind == kOpener && !l.cue_standalone) || l.byline ||
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
      return i;
    }
    return -1;
  }
  return -1;
}

// Whether the header (the lines before the body) is page chrome: any of it
// shows chrome, what templates put there (menus, share bars, dates,
// metadata and list cues, lines on most pages of the site; not bullets, an
// odd separator "***", a credit or a byline, which bare articles have too),
// and it is mostly furniture (a third of its lines at least, counting
// bullets and lines repeated within the page): a long run of plain text
// before the first paragraph is the article (a column in verse, a decree's
// preamble), even if a date sits in it. Otherwise (a bare article, as in
// SaudiNewsNet) the header is kept. Sets *header_lines (non-blank).
bool PageStructure::HeaderIsChrome(absl::string_view text, std::vector<LineInfo>& lines, int body_start,
                                   PageStructureScratch* scratch, int* header_lines) const {
  bool chrome = false;
  int furniture = 0;
  *header_lines = 0;
  absl::flat_hash_set<uint64_t>& seen_here = scratch->seen_here;
  seen_here.clear();
  for (int i = 0; i < body_start; ++i) {
    const LineInfo& l = lines[i];
    if (l.shape == kEmptyLine) continue;
    ++*header_lines;
    const CueKind kind = lexicon_.kind(l.cue);
    const bool chrome_shape = HasShapeReason(l, "navigation") || HasShapeReason(l, "share-counter") ||
                              HasShapeReason(l, "date");
    if (chrome_shape || (kind != kNoCue && kind != kInline) || l.template_line) chrome = true;
    const uint64_t fp = LineFingerprintOf(text, options_.max_counted_line_bytes, lines[i]);
    const bool repeat_here = fp != 0 && !seen_here.insert(fp).second;
    if (l.shape == kBadLine || kind != kNoCue || l.strong_bullet || l.repeated || l.byline || repeat_here) {
      ++furniture;
    }
  }
  return chrome && 3 * furniture >= *header_lines;
}

// The header's verdicts: in chrome every line goes (with its own reason, or
// "navigation"); in a bare article only lines with evidence go, and a date
// or an address only at its edges (a dateline, a contact line): deep in a
// long opening it is text.
void PageStructure::DecideHeader(std::vector<LineInfo>& lines, int body_start, bool chrome,
                                 int header_lines) const {
  int header_index = 0;
  for (int i = 0; i < body_start; ++i) {
    LineInfo& l = lines[i];
    if (l.shape == kEmptyLine) continue;
    ++header_index;
    absl::string_view r = OwnReason(lexicon_, l);
    if (r.empty() && l.byline) r = kReasonByline;
    const bool at_edge = header_index <= 2 || header_index > header_lines - 2;
    if (!r.empty() && (chrome || !IsSoftEvidence(l) || at_edge)) {
      Set(l, true, r);
    } else {
      Set(l, chrome, chrome ? kReasonNavigation : absl::string_view());
    }
  }
}

// Signal 2: a run of at least list_min_lines list-like lines, mostly seen on
// other pages of the site, is a list or menu: all its lines go, including
// items new to this page. Not between two paragraphs of the article, and
// not on a page whose own paragraphs are copies.
void PageStructure::NearDuplicateLists(std::vector<LineInfo>& lines, int title) const {
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

}  // namespace shabih::internal
