#include "shabih/boilerplate.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/cue_lexicon.h"
#include "engine/internal/line_fingerprint.h"
#include "engine/internal/line_fold.h"
#include "engine/internal/page_lines.h"
#include "engine/internal/utf8_decode.h"
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

// A colon opens a "label: value" line only this early in the line.
constexpr size_t kMaxLabelBytes = 64;
// Words of a paragraph normalized to look for a cue (the longest cue has 4).
constexpr int kCueWords = 6;

using internal::ForEachLine;
using internal::kFullScanBytes;
using internal::LineKey;
using internal::TrimLine;

bool IsStrongBullet(int32_t cp) {
  return cp == 0x2022 || cp == 0x00B7 || cp == 0x25CF || cp == 0x25AA || cp == 0x25A0 || cp == 0x25BA ||
         cp == 0x25C4 || cp == 0x25C6 || cp == 0x25C7 || cp == 0x25CB || cp == 0x25E6 || cp == 0x2023 ||
         cp == 0x2043 || cp == 0x2605 || cp == 0x2606 || cp == 0x2713 || cp == 0x2714 || cp == 0x27A2 ||
         cp == 0x27A4 || cp == 0x2794 || cp == 0x2192 || cp == 0x25B6 || cp == 0x25C0 || cp == 0x2666;
}

// Closing quotes and brackets, skipped when looking for a line's last mark.
bool IsCloser(int32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}' || cp == 0xBB || cp == 0xAB ||
         cp == 0x201D || cp == 0x201C || cp == 0x2019 || cp == 0x2018 || cp == 0x201E;
}

bool IsSentenceEnd(int32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x061F || cp == 0x2026 || cp == 0x06D4;
}

bool IsArabicLetter(int32_t cp) {
  return (cp >= 0x0621 && cp <= 0x064A) || (cp >= 0x066E && cp <= 0x06D3) || cp == 0x06D5 ||
         (cp >= 0x06FA && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) || (cp >= 0x08A0 && cp <= 0x08FF) ||
         (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFC);
}

bool IsDigit(int32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9);
}

bool IsDash(int32_t cp) { return cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2012; }

// Breadcrumb arrows.
bool IsAngle(int32_t cp) { return cp == '>' || cp == 0xBB || cp == 0x203A; }

// A token made of one of these alone separates menu items or byline parts.
bool IsSeparator(int32_t cp) {
  return cp == '|' || cp == '/' || cp == '\\' || cp == '*' || IsDash(cp) || IsAngle(cp) || cp == 0x0640 ||
         cp == 0x2022 || cp == 0x00B7 || cp == 0x25CF || cp == 0x25AA || cp == 0x25BA || cp == 0x25C4 ||
         cp == 0x2666 || cp == 0x25C6;
}

enum Shape : uint8_t { kEmptyLine, kBadLine, kGoodLine, kMediumLine, kShortLine };

// Everything the classifier knows about one line.
struct LineInfo {
  uint32_t begin = 0, end = 0;  // the line in the text, without '\n'
  uint32_t words = 0;           // whitespace-separated words (bullet and separators excluded)
  uint16_t numbers = 0;         // runs of digits opening a word
  bool strong_bullet = false;
  bool end_punct = false;
  bool ends_colon = false;
  bool ends_period = false;  // headlines almost never end with '.' (SaudiNewsNet: 0.15 %)
  bool has_comma = false;
  bool arabic = false, latin = false, digit = false;
  bool contact = false;     // '@' or a URL
  bool dash = false;        // a dash between words (bylines "عين اليوم – الرياض")
  bool paren_tail = false;  // ends with a short "(...)" group
  bool all_paren = false;
  uint16_t pipes = 0;
  uint16_t seps = 0;            // single-character separator tokens between words
  uint16_t angles = 0;          // ... of which breadcrumb arrows
  uint16_t dash_seps = 0;       // ... of which dashes and slashes (also used inside sentences)
  uint16_t gaps = 0;            // runs of 2+ spaces between words (a menu's spacing)
  bool home = false;            // opens with "الرئيسية" (Home)
  bool byline = false;          // a short line split by a dash (byline, dateline)
  bool partial_tokens = false;  // only the opening words were normalized (a paragraph)
  bool list_marker = false;     // a numbered or bulleted list item ("3 - ...", "3. ...", "- ...")
  uint16_t max_segment = 0;     // most words between two separators
  Shape shape = kEmptyLine;
  const char* shape_reason = nullptr;  // for kBadLine
  int16_t cue = -1;                    // index into the classifier's cues
  bool cue_standalone = false;         // the line is the cue alone
  bool repeated = false;               // signal 1
  bool template_line = false;          // on template_fraction of the site
  bool seen_elsewhere = false;         // on >= 2 pages of the site
  uint32_t tbegin = 0, tend = 0;       // the line trimmed
  bool fingerprinted = false;          // `fingerprint` is computed (lazily without crawl statistics)
  uint64_t fingerprint = 0;
  // The verdict.
  bool boilerplate = false;
  bool decided = false;
  absl::string_view reason;
};

// Per-thread scratch, reused across documents so that classification does
// not allocate per line.
struct Scratch {
  std::vector<uint64_t> hashes;             // normalized token hashes of one line
  std::vector<uint8_t> bits;                // TokenBits per hash
  std::vector<uint64_t> inner;              // tokens inside a closing "(...)"
  std::vector<int> pending;                 // lines waiting for the article to resume
  std::vector<int> soft;                    // date and address lines waiting likewise
  std::vector<LineInfo> infos;              // for Strip()
  absl::flat_hash_set<uint64_t> seen_here;  // fingerprints met earlier in the page
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

constexpr absl::string_view kReasonEmbedded = "embedded-article";
constexpr absl::string_view kReasonRepeated = "repeated-across-site";
constexpr absl::string_view kReasonNearDupList = "near-duplicate-list";
constexpr absl::string_view kReasonNavigation = "navigation";
constexpr absl::string_view kReasonListItem = "short-list-item";
constexpr absl::string_view kReasonComments = "comments";
constexpr absl::string_view kReasonAfter = "after-article";
constexpr absl::string_view kReasonTitleRepeat = "title-repeat";
constexpr absl::string_view kReasonBlank = "blank";
constexpr absl::string_view kReasonTitle = "title";
constexpr absl::string_view kReasonByline = "byline";

}  // namespace

// ---------------------------------------------------------------------------
// The classifier

class BoilerplateClassifier::Impl {
 public:
  explicit Impl(const BoilerplateOptions& options) : options_(options), normalizer_(Normalizer::Default()) {}

  absl::Status Load();
  void Classify(absl::string_view site, absl::string_view text, const CrawlLineStats* stats,
                std::vector<LineInfo>* lines) const;

  const BoilerplateOptions options_;
  const Normalizer& normalizer_;
  CueLexicon lexicon_;

 private:
  void ScanLine(absl::string_view text, bool want_fingerprint, LineInfo* info, Scratch* scratch) const;
  bool IsSentenceLike(const LineInfo& info) const;
  uint64_t Fingerprint(absl::string_view text, LineInfo& l) const {
    if (!l.fingerprinted) {
      l.fingerprinted = true;
      if (l.tend - l.tbegin <= options_.max_counted_line_bytes && l.tend > l.tbegin) {
        l.fingerprint = LineKey(text.substr(l.tbegin, l.tend - l.tbegin));
      }
    }
    return l.fingerprint;
  }
  void Structure(absl::string_view text, std::vector<LineInfo>& lines, bool has_stats) const;
  void NearDuplicateLists(std::vector<LineInfo>& lines, int title) const;
  // Whether a page shows template furniture (set by Structure).
};

absl::Status BoilerplateClassifier::Impl::Load() { return lexicon_.Load(normalizer_); }

bool BoilerplateClassifier::Impl::IsSentenceLike(const LineInfo& info) const {
  return info.shape == kGoodLine ||
         (info.end_punct && static_cast<int>(info.words) >= options_.sentence_min_words);
}

// Lines longer than kFullScanBytes are paragraphs (40+ words): they are
// only counted (spaces, pipes) and their last mark read; shorter lines get
// one pass over their code points and one normalizer call.
void BoilerplateClassifier::Impl::ScanLine(absl::string_view text, bool want_fingerprint, LineInfo* info,
                                           Scratch* scratch) const {
  const absl::string_view trimmed = TrimLine(text.substr(info->begin, info->end - info->begin));
  const uint8_t* b = reinterpret_cast<const uint8_t*>(trimmed.data());
  const uint8_t* e = b + trimmed.size();
  if (b == e) {
    info->shape = kEmptyLine;
    return;
  }
  const size_t size = static_cast<size_t>(e - b);
  info->tbegin = static_cast<uint32_t>(reinterpret_cast<const char*>(b) - text.data());
  info->tend = static_cast<uint32_t>(reinterpret_cast<const char*>(e) - text.data());
  info->cue = -1;

  if (size > kFullScanBytes) {
    // A paragraph unless it is a very long menu: count words (spaces) and
    // pipes in its first kFullScanBytes bytes (a fixed-length loop the
    // compiler vectorizes); that is all the shape rules need.
    uint32_t spaces = 0, pipes = 0;
    for (size_t i = 0; i < kFullScanBytes; ++i) {
      spaces += b[i] == ' ';
      pipes += b[i] == '|';
    }
    info->words = spaces + 1;  // at least
    info->pipes = static_cast<uint16_t>(pipes);
    for (const uint8_t* q = b; q < e && q < b + 64; ++q) {
      if (*q == 0xD8 || *q == 0xD9 || *q == 0xDA || *q == 0xDB) {
        info->arabic = true;
        break;
      }
    }
    const uint8_t* q = e;
    for (int steps = 0; q > b && steps < 8; ++steps) {
      const uint8_t* s = q - 1;
      while (s > b && (*s & 0xC0) == 0x80 && q - s < 4) --s;
      int n;
      const int32_t cp = internal::DecodeUtf8(s, q, &n);
      q = s;
      if (IsCloser(cp) || cp == ' ') continue;
      info->end_punct = IsSentenceEnd(cp);
      info->ends_period = cp == '.';
      break;
    }
    const int w = static_cast<int>(info->words);
    if (pipes >= 1 && w <= 40 && w <= 5 * static_cast<int>(pipes + 1)) {
      info->shape = kBadLine;
      info->shape_reason = "navigation";
    } else if (w >= options_.dense_line_words || (info->end_punct && w >= options_.sentence_min_words)) {
      info->shape = kGoodLine;
    } else {
      info->shape = kMediumLine;
    }
    return;
  }

  // With crawl statistics the line's fingerprint is folded in the same pass.
  internal::LineFolder folder;
  const bool fold = want_fingerprint && size <= options_.max_counted_line_bytes;

  // Code-point scan. Tokens are whitespace-separated; a token that is a
  // single separator ("|", "-", "•", "»", "/") is not a word but a
  // separator between words (menus, breadcrumbs, bylines).
  const uint8_t* p = b;
  bool first = true;
  uint32_t words = 0;
  size_t colon = std::string::npos;
  int32_t last_mark = 0;  // last code point that is not a closer
  int32_t last_cp = 0;    // last code point
  uint32_t words_at_paren = 0;
  bool open_paren_seen = false;
  bool paren_digit = false;  // a digit inside the last "(...)": a figure, not a credit
  bool paren_letter = false;
  size_t paren_at = std::string::npos;  // byte offset of the last '('
  bool in_token = false;
  int32_t token_first = 0;
  int token_cps = 0;
  int space_run = 0;
  uint16_t seps = 0, angles = 0, gaps = 0, dash_seps = 0;
  uint16_t numbers = 0, date_numbers = 0, lead_numbers = 0;
  bool dash = false;
  uint32_t segment_start = 0;  // words before the current segment
  uint32_t max_segment = 0;    // longest run of words between separators
  bool list_marker = false;    // opens with "3 -", "3.", "3)" or a lone separator
  int token_index = 0;
  bool first_token_number = false;
  bool guillemet_open = false;  // a '«' was seen: '»' closes a quote, it is no breadcrumb
  int harakat = 0;              // vowel marks: many mean verse or scripture, not a byline
  bool quoted = false;          // quotes or parentheses: a title or caption, not a byline
  bool in_digits = false, token_has_letter = false, prev_digit = false, pending_date_punct = false;
  bool arabic_run = false;  // the fast path saw Arabic letters
  // The first token: a short number, alone or closed by '.', ')' or '-',
  // opens a numbered list item ("3 - ...", "3. ...", "3) ..."), unlike a
  // date ("2015-07-22") or a time ("02:39").
  int first_digits = 0, first_others = 0;
  int32_t first_last = 0;
  auto end_token = [&] {
    if (!in_token) return;
    in_token = false;
    if (token_index == 0) {
      first_token_number =
          first_digits >= 1 && first_digits <= 3 &&
          (first_others == 0 ||
           (first_others == 1 && (first_last == '.' || first_last == ')' || first_last == '-')));
      if (first_token_number && first_others == 1) list_marker = true;
    }
    ++token_index;
    if (token_cps == 1 && IsSeparator(token_first)) {
      --words;
      if (words > 0) {  // a leading separator is a bullet, not a separator
        if (token_index == 2 && first_token_number) list_marker = true;
        ++seps;
        if (IsAngle(token_first) && !(token_first == 0xBB && guillemet_open)) ++angles;
        if (IsDash(token_first) || token_first == 0x0640 || token_first == '/') {
          dash = token_first != '/' || dash;
          ++dash_seps;
        }
        max_segment = std::max(max_segment, words - segment_start);
        segment_start = words;
      } else {
        list_marker = true;
      }
    }
  };
  while (p < e) {
    // Fast path: a run of Arabic letters (most of the bytes of a page); the
    // bookkeeping is done once per run.
    if ((*p == 0xD8 || *p == 0xD9) && p + 1 < e && (p[1] & 0xC0) == 0x80) {
      int32_t cp = ((*p & 0x1F) << 6) | (p[1] & 0x3F);
      if (cp >= 0x0621 && cp <= 0x064A && cp != 0x0640) {
        first = false;
        space_run = 0;
        if (!in_token) {
          in_token = true;
          ++words;
          token_first = cp;
          token_cps = 0;
        }
        if (token_index == 0) ++first_others;
        token_has_letter = true;
        in_digits = prev_digit = pending_date_punct = false;
        arabic_run = true;
        paren_letter = true;
        int32_t last = cp;
        while (true) {
          if (fold) folder.Put(cp);
          p += 2;
          ++token_cps;
          last = cp;
          if (p + 1 >= e || (*p != 0xD8 && *p != 0xD9) || (p[1] & 0xC0) != 0x80) break;
          cp = ((*p & 0x1F) << 6) | (p[1] & 0x3F);
          if (cp < 0x0621 || cp > 0x064A || cp == 0x0640) break;
        }
        if (token_index == 0) first_last = last;
        last_cp = last_mark = last;
        continue;
      }
    }
    if (*p == ' ') {
      if (fold) folder.Put(' ');
      ++p;
      first = false;
      end_token();
      in_digits = prev_digit = pending_date_punct = false;
      if (++space_run == 2 && words > 0) ++gaps;
      continue;
    }
    int n;
    const int32_t cp = internal::DecodeUtf8(p, e, &n);
    const uint8_t* here = p;
    p += n;
    if (fold) folder.Put(cp);
    if (first) {
      first = false;
      if (IsStrongBullet(cp)) {
        info->strong_bullet = true;
        continue;
      }
    }
    const bool space =
        cp == ' ' || cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x3000;
    if (space) {
      end_token();
      in_digits = prev_digit = pending_date_punct = false;
      if (++space_run == 2 && words > 0) ++gaps;
      continue;
    }
    if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670) {
      ++harakat;
      continue;
    }
    if (cp >= 0x200B && cp <= 0x200F) continue;
    space_run = 0;
    if (cp == '(' || cp == '"' || cp == 0xAB || cp == 0xBB || cp == 0x201C || cp == 0x201D) quoted = true;
    if (!in_token) {
      in_token = true;
      ++words;
      token_first = cp;
      token_cps = 0;
      token_has_letter = false;
    }
    ++token_cps;
    const bool digit = IsDigit(cp);
    if (digit) {
      // A run of digits is one normalized token; it is a number when it
      // opens its token ("2015", "2015م"), not inside a word ("A380").
      if (!in_digits && !token_has_letter) {
        ++numbers;
        if (token_index == 0) ++lead_numbers;
        if (pending_date_punct) ++date_numbers;  // "2015-07", "14:11", "9/10"
      }
      in_digits = true;
      prev_digit = true;
      pending_date_punct = false;
    } else {
      pending_date_punct = prev_digit && (cp == '/' || cp == '-' || cp == ':' || cp == '.');
      in_digits = prev_digit = false;
    }
    if (token_index == 0) {
      if (digit) {
        ++first_digits;
      } else {
        ++first_others;
      }
      first_last = cp;
    }
    if (cp < 0x80) {
      if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
        info->latin = true;
        paren_letter = true;
        token_has_letter = true;
      } else if (digit) {
        info->digit = true;
        paren_digit = true;
      } else {
        switch (cp) {
          case ',':
          case ';':
            info->has_comma = true;
            break;
          case ':':
            if (colon == std::string::npos) colon = static_cast<size_t>(here - b);
            break;
          case '|':
            ++info->pipes;
            break;
          case '@':
            info->contact = true;
            break;
          case '(':
            paren_at = static_cast<size_t>(here - b);
            open_paren_seen = true;
            paren_digit = false;
            paren_letter = false;
            words_at_paren = words - 1;
            break;
          default:
            break;
        }
        if (cp == '-' && words > 1) dash = true;
      }
    } else if (IsArabicLetter(cp)) {
      info->arabic = true;
      paren_letter = true;
      token_has_letter = true;
    } else if (digit) {
      info->digit = true;
      paren_digit = true;
    } else if (cp == 0x060C || cp == 0x061B) {
      info->has_comma = true;
    } else if (cp == 0xAB) {
      guillemet_open = true;
    } else if (IsDash(cp)) {
      if (words > 1) dash = true;
    } else if ((cp >= 0x00C0 && cp <= 0x024F) || (cp >= 0x0370 && cp <= 0x052F)) {
      info->latin = true;
      token_has_letter = true;
    }
    last_cp = cp;
    if (!IsCloser(cp)) last_mark = cp;
  }
  end_token();
  if (arabic_run) info->arabic = true;
  if (fold) {
    info->fingerprint = folder.Finish();
    info->fingerprinted = true;
  }
  max_segment = std::max(max_segment, words - std::min(words, segment_start));
  info->max_segment = static_cast<uint16_t>(std::min<uint32_t>(max_segment, 0xFFFF));
  info->list_marker = list_marker;
  info->seps = seps;
  info->dash_seps = dash_seps;
  info->angles = angles;
  info->gaps = gaps;
  info->words = words;
  info->end_punct = IsSentenceEnd(last_mark);
  info->ends_period = last_mark == '.';
  info->ends_colon = last_mark == ':';
  if (last_cp == ')' && open_paren_seen && !paren_digit && paren_letter) {
    const uint32_t inside = words - words_at_paren;
    info->all_paren = words_at_paren == 0;
    info->paren_tail = inside <= 3;
  }
  info->dash = dash;
  if (!info->contact && info->latin) {
    info->contact =
        trimmed.find("http") != absl::string_view::npos || trimmed.find("www.") != absl::string_view::npos;
  }

  // A line that already reads as a paragraph needs no token statistics;
  // only its opening words are normalized, for "read also" cues.
  const int wc = static_cast<int>(words);
  const bool paragraph =
      (wc >= options_.long_line_words || (info->end_punct && wc >= options_.sentence_min_words) ||
       (wc >= options_.dense_line_words && info->has_comma)) &&
      (!info->strong_bullet || wc >= options_.long_line_words);
  // Token statistics matter for short lines (counters, dates, credits,
  // social bars: 8 words at most unless they hold digits or parentheses)
  // and for the stop-word density of long lines without a comma; other
  // lines need only their opening words, for cues.
  const bool opening_only = paragraph || (wc > 8 && !info->digit && paren_at == std::string::npos &&
                                          (wc < options_.dense_line_words || info->has_comma));
  // Normalized tokens: one normalizer call, two when a colon splits a
  // "label: value" line (so the label's tokens are known).
  std::vector<uint64_t>& hashes = scratch->hashes;
  std::vector<uint8_t>& bits = scratch->bits;
  hashes.clear();
  bits.clear();
  size_t label = std::string::npos;
  if (colon != std::string::npos && colon <= kMaxLabelBytes) {
    normalizer_.TokenHashes(trimmed.substr(0, colon), &hashes);
    label = hashes.size();
    if (!opening_only) normalizer_.TokenHashes(trimmed.substr(colon + 1), &hashes);
  } else if (opening_only) {
    // The first kCueWords words.
    size_t cut = 0;
    for (int spaces = 0; cut < size; ++cut) {
      if (trimmed[cut] == ' ' && ++spaces == kCueWords) break;
    }
    normalizer_.TokenHashes(trimmed.substr(0, cut), &hashes);
    colon = std::string::npos;
  } else {
    normalizer_.TokenHashes(trimmed, &hashes);
    colon = std::string::npos;
  }
  info->partial_tokens = opening_only;
  uint16_t stop = 0, date = 0, marks = 0, social = 0, credit_tokens = 0;
  for (const uint64_t h : hashes) {
    const uint8_t wb = lexicon_.WordBits(h);
    bits.push_back(wb);
    stop += (wb & kStop) != 0;
    date += (wb & kDate) != 0;
    marks += (wb & kDateMark) != 0;
    social += (wb & kSocial) != 0;
    credit_tokens += (wb & kCredit) != 0;
  }
  const uint16_t tokens = static_cast<uint16_t>(std::min<size_t>(hashes.size(), 0xFFFF));
  info->numbers = numbers;
  bool credit_in_paren = false;
  if ((info->paren_tail || info->all_paren) && credit_tokens > 0 && paren_at != std::string::npos) {
    std::vector<uint64_t>& inner = scratch->inner;
    inner.clear();
    normalizer_.TokenHashes(trimmed.substr(paren_at), &inner);
    for (const uint64_t h : inner) {
      if (lexicon_.WordBits(h) & kCredit) credit_in_paren = true;
    }
  }

  // Shape.
  const int w = static_cast<int>(words);
  const double stop_density = tokens > 0 ? static_cast<double>(stop) / tokens : 0.0;
  info->shape_reason = nullptr;
  // A credit names an agency or photographer: in the closing parentheses,
  // or as the whole line.
  const bool credit = credit_in_paren || (credit_tokens > 0 && credit_tokens == tokens && w <= 4);
  info->home = !bits.empty() && (bits[0] & kHome);
  if (!info->arabic && !info->latin && !info->digit && tokens == 0) {
    info->shape_reason = "no-text";
  } else if (info->contact && w <= 4) {
    info->shape_reason = "contact";
  } else if (paragraph) {
    // Token-based shapes (counters, dates, credits, menus opening with
    // "Home") are short lines.
  } else if (!opening_only && !info->list_marker && tokens >= 2 && social >= 1 &&
             (numbers > 0 || social >= 2) && (social + numbers) * 4 >= 3 * tokens && w <= 30) {
    // "Total 0 مشاركة Share 0 Tweet 0", "تويتر فيسبوك واتساب", "4350 مشاهدة".
    info->shape_reason = "share-counter";
  } else if ((info->pipes >= 2 || (info->pipes == 1 && w <= 4)) && w <= 40 && info->max_segment <= 5 &&
             !info->list_marker) {
    info->shape_reason = "navigation";
  } else if ((info->seps - info->dash_seps >= 2 || info->seps >= 3) && !info->end_punct && w <= 30 &&
             info->max_segment <= 4 && !info->list_marker) {
    // "الشروط والأحكام - سياسة الخصوصية - خريطة الموقع", "اتصل بنا • أعلن معنا"
    info->shape_reason = "navigation";
  } else if (info->angles >= 1 && !info->end_punct && w <= 8 && info->max_segment <= 4) {
    // Breadcrumbs: "الرئيسية » محليات".
    info->shape_reason = "navigation";
  } else if (info->home && !info->end_punct && !info->has_comma && w <= 40 &&
             (info->seps >= 1 || info->gaps >= 1 || w <= 12)) {
    // A line that opens with "Home" and lists sections.
    info->shape_reason = "navigation";
  } else if (!opening_only && tokens >= 1 && tokens <= 20 && (date >= 1 || date_numbers >= 1) &&
             numbers >= 1 && (date + marks + numbers) * 10 >= 7 * tokens && !info->ends_colon &&
             !info->list_marker) {
    // "11 أغسطس 2015 - 14:11", "2015-07-31 04:07", "18:34 ت م"; not a row
    // of figures ("فني 0 574 574") nor a reference ("م.ن، 146").
    info->shape_reason = "date";
  } else if (!opening_only && credit && (info->all_paren || words_at_paren <= 6) && w <= 12 &&
             !info->has_comma && !info->list_marker) {
    // "(رويترز)", "خريطة مجموعة دول الساحل (الجزيرة)", "Sputnik".
    info->shape_reason = "photo-credit";
  }
  // "عين اليوم – الرياض", "الرياض - واس", "كتب - فلان": short, split by a
  // dash; names and places carry no digits or quotes, and few vowel marks
  // ("عمّان" has one; a vocalized verse has many).
  info->byline = info->dash && w <= 5 && info->seps <= 1 && !info->end_punct && !info->has_comma &&
                 !info->digit && !quoted && harakat < 3;
  if (info->shape_reason != nullptr) {
    info->shape = kBadLine;
  } else if (paragraph) {
    info->shape = kGoodLine;
  } else if (w >= options_.long_line_words) {
    info->shape = kGoodLine;
  } else if (info->strong_bullet) {
    info->shape = w < options_.short_line_words ? kShortLine : kMediumLine;
  } else if (info->end_punct && w >= options_.sentence_min_words) {
    info->shape = kGoodLine;
  } else if (w >= options_.dense_line_words && (info->has_comma || stop_density >= options_.stop_density)) {
    info->shape = kGoodLine;
  } else {
    info->shape = w < options_.short_line_words ? kShortLine : kMediumLine;
  }

  internal::CueLine cue_line;
  cue_line.text = trimmed;
  cue_line.hashes = hashes;
  cue_line.bits = bits;
  cue_line.colon = colon;
  cue_line.label = label;
  cue_line.lead_numbers = lead_numbers;
  cue_line.numbers = info->numbers;
  cue_line.words = info->words;
  cue_line.end_punct = info->end_punct;
  cue_line.sentence_like = IsSentenceLike(*info);
  cue_line.partial_tokens = info->partial_tokens;
  const internal::CueMatch match = lexicon_.Match(cue_line, options_.max_cue_line_words);
  info->cue = match.cue;
  info->cue_standalone = match.standalone;
}

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
  for (LineInfo& info : *lines) ScanLine(text, stats != nullptr, &info, &scratch);
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
      info.repeated = count >= (IsSentenceLike(info) ? template_bar : short_bar);
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
