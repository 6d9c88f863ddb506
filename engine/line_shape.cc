// Line shape: one pass over a line's code points (words, separators,
// numbers, punctuation, quotes), one normalizer call for its tokens, then
// the furniture rules (menus, share counters, dates, credits, bylines) and
// jusText-style sentence-likeness, and the cue it opens with.
#include "engine/internal/line_shape.h"

#include <algorithm>
#include <string>

#include "absl/base/attributes.h"
#include "engine/internal/line_fold.h"
#include "engine/internal/page_lines.h"
#include "engine/internal/utf8_decode.h"

namespace shabih::internal {
namespace {

// A colon opens a "label: value" line only this early in the line.
constexpr size_t kMaxLabelBytes = 64;
// Words of a paragraph normalized to look for a cue (the longest cue has 4).
constexpr int kCueWords = 6;

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
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool IsSeparator(int32_t cp) {
  return cp == '|' || cp == '/' || cp == '\\' || cp == '*' || IsDash(cp) || IsAngle(cp) || cp == 0x0640 ||
         cp == 0x2022 || cp == 0x00B7 || cp == 0x25CF || cp == 0x25AA || cp == 0x25BA || cp == 0x25C4 ||
         cp == 0x2666 || cp == 0x25C6;
}

// What the code-point scan finds that the later steps need and LineInfo
// does not keep.
struct CodePointFacts {
  size_t colon = std::string::npos;     // byte offset of the first ':'
  size_t paren_at = std::string::npos;  // byte offset of the last '('
  uint32_t words_at_paren = 0;          // words before it
  uint16_t numbers = 0;                 // runs of digits opening a word
  uint16_t date_numbers = 0;            // ... right after a date mark ("2015-07", "14:11", "9/10")
  uint16_t lead_numbers = 0;            // ... in the first token
  int harakat = 0;                      // vowel marks: many mean verse or scripture, not a byline
  bool quoted = false;                  // quotes or parentheses: a title or caption, not a byline
};

// One pass over the code points of a short trimmed line. Tokens are
// whitespace-separated; a token that is a single separator ("|", "-", "•",
// "»", "/") is not a word but a separator between words (menus,
// breadcrumbs, bylines). Writes the character facts straight into the
// LineInfo and the rest into facts(). Every step is force-inlined into
// Run(), so the state lives in registers as in one loop.
class CodePointScan {
 public:
  // `folder` is null when the line's fingerprint is not wanted.
  CodePointScan(const uint8_t* begin, LineInfo* info, LineFolder* folder)
      : b_(begin), info_(info), folder_(folder) {}

  void Run(const uint8_t* e) {
    const uint8_t* p = b_;
    while (p < e) {
      // Fast path: a run of Arabic letters (most of the bytes of a page);
      // the bookkeeping is done once per run.
      if ((*p == 0xD8 || *p == 0xD9) && p + 1 < e && (p[1] & 0xC0) == 0x80) {
        const int32_t cp = ((*p & 0x1F) << 6) | (p[1] & 0x3F);
        if (cp >= 0x0621 && cp <= 0x064A && cp != 0x0640) {
          p = ArabicRun(p, e, cp);
          continue;
        }
      }
      if (*p == ' ') {
        Fold(' ');
        ++p;
        first_ = false;
        Space();
        continue;
      }
      int n;
      const int32_t cp = DecodeUtf8(p, e, &n);
      const size_t offset = static_cast<size_t>(p - b_);
      p += n;
      Fold(cp);
      CodePoint(cp, offset);
    }
    EndToken();
  }

  // Writes the counts and the line's ending into the LineInfo.
  void Finish() {
    LineInfo* info = info_;
    if (arabic_run_) info->arabic = true;
    max_segment_ = std::max(max_segment_, words_ - std::min(words_, segment_start_));
    info->max_segment = static_cast<uint16_t>(std::min<uint32_t>(max_segment_, 0xFFFF));
    info->list_marker = list_marker_;
    info->seps = seps_;
    info->dash_seps = dash_seps_;
    info->angles = angles_;
    info->gaps = gaps_;
    info->words = words_;
    info->end_punct = IsSentenceEnd(last_mark_);
    info->ends_period = last_mark_ == '.';
    info->ends_colon = last_mark_ == ':';
    // A closing "(...)" of words (not a figure) is a caption or a credit.
    if (last_cp_ == ')' && open_paren_seen_ && !paren_digit_ && paren_letter_) {
      const uint32_t inside = words_ - facts_.words_at_paren;
      info->all_paren = facts_.words_at_paren == 0;
      info->paren_tail = inside <= 3;
    }
    info->dash = dash_;
  }

  const CodePointFacts& facts() const { return facts_; }

 private:
  ABSL_ATTRIBUTE_ALWAYS_INLINE void Fold(int32_t cp) {
    if (folder_ != nullptr) folder_->Put(cp);
  }

  ABSL_ATTRIBUTE_ALWAYS_INLINE void StartToken(int32_t cp) {
    in_token_ = true;
    ++words_;
    token_first_ = cp;
    token_cps_ = 0;
  }

  // A run of letters U+0621..U+064A starting with `cp` at p; returns the
  // end of the run.
  ABSL_ATTRIBUTE_ALWAYS_INLINE const uint8_t* ArabicRun(const uint8_t* p, const uint8_t* e, int32_t cp) {
    first_ = false;
    space_run_ = 0;
    if (!in_token_) StartToken(cp);
    if (token_index_ == 0) ++first_others_;
    token_has_letter_ = true;
    in_digits_ = prev_digit_ = pending_date_punct_ = false;
    arabic_run_ = true;
    paren_letter_ = true;
    int32_t last = cp;
    while (true) {
      Fold(cp);
      p += 2;
      ++token_cps_;
      last = cp;
      if (p + 1 >= e || (*p != 0xD8 && *p != 0xD9) || (p[1] & 0xC0) != 0x80) break;
      cp = ((*p & 0x1F) << 6) | (p[1] & 0x3F);
      if (cp < 0x0621 || cp > 0x064A || cp == 0x0640) break;
    }
    if (token_index_ == 0) first_last_ = last;
    last_cp_ = last_mark_ = last;
    return p;
  }

  ABSL_ATTRIBUTE_ALWAYS_INLINE void Space() {
    EndToken();
    in_digits_ = prev_digit_ = pending_date_punct_ = false;
    if (++space_run_ == 2 && words_ > 0) ++gaps_;
  }

  // Any code point but an Arabic letter run and an ASCII space.
  ABSL_ATTRIBUTE_ALWAYS_INLINE void CodePoint(int32_t cp, size_t offset) {
    if (first_) {
      first_ = false;
      if (IsStrongBullet(cp)) {
        info_->strong_bullet = true;
        return;
      }
    }
    const bool space = cp == ' ' || cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x3000;
    if (space) {
      Space();
      return;
    }
    if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670) {
      ++facts_.harakat;
      return;
    }
    if (cp >= 0x200B && cp <= 0x200F) return;
    space_run_ = 0;
    if (cp == '(' || cp == '"' || cp == 0xAB || cp == 0xBB || cp == 0x201C || cp == 0x201D) facts_.quoted = true;
    if (!in_token_) {
      StartToken(cp);
      token_has_letter_ = false;
    }
    ++token_cps_;
    const bool digit = IsDigit(cp);
    CountNumber(cp, digit);
    if (token_index_ == 0) {
      if (digit) {
        ++first_digits_;
      } else {
        ++first_others_;
      }
      first_last_ = cp;
    }
    if (cp < 0x80) {
      AsciiMark(cp, offset, digit);
    } else {
      OtherMark(cp, digit);
    }
    last_cp_ = cp;
    if (!IsCloser(cp)) last_mark_ = cp;
  }

  // A run of digits is one normalized token; it is a number when it opens
  // its token ("2015", "2015م"), not inside a word ("A380").
  ABSL_ATTRIBUTE_ALWAYS_INLINE void CountNumber(int32_t cp, bool digit) {
    if (digit) {
      if (!in_digits_ && !token_has_letter_) {
        ++facts_.numbers;
        if (token_index_ == 0) ++facts_.lead_numbers;
        if (pending_date_punct_) ++facts_.date_numbers;  // "2015-07", "14:11", "9/10"
      }
      in_digits_ = true;
      prev_digit_ = true;
      pending_date_punct_ = false;
    } else {
      pending_date_punct_ = prev_digit_ && (cp == '/' || cp == '-' || cp == ':' || cp == '.');
      in_digits_ = prev_digit_ = false;
    }
  }

  ABSL_ATTRIBUTE_ALWAYS_INLINE void AsciiMark(int32_t cp, size_t offset, bool digit) {
    LineInfo* info = info_;
    if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
      info->latin = true;
      paren_letter_ = true;
      token_has_letter_ = true;
      return;
    }
    if (digit) {
      info->digit = true;
      paren_digit_ = true;
      return;
    }
    switch (cp) {
      case ',':
      case ';':
        info->has_comma = true;
        break;
      case ':':
        if (facts_.colon == std::string::npos) facts_.colon = offset;
        break;
      case '|':
        ++info->pipes;
        break;
      case '@':
        info->contact = true;
        break;
      case '(':
        facts_.paren_at = offset;
        open_paren_seen_ = true;
        paren_digit_ = false;
        paren_letter_ = false;
        facts_.words_at_paren = words_ - 1;
        break;
      default:
        break;
    }
    if (cp == '-' && words_ > 1) dash_ = true;
  }

  ABSL_ATTRIBUTE_ALWAYS_INLINE void OtherMark(int32_t cp, bool digit) {
    LineInfo* info = info_;
    if (IsArabicLetter(cp)) {
      info->arabic = true;
      paren_letter_ = true;
      token_has_letter_ = true;
    } else if (digit) {
      info->digit = true;
      paren_digit_ = true;
    } else if (cp == 0x060C || cp == 0x061B) {
      info->has_comma = true;
    } else if (cp == 0xAB) {
      guillemet_open_ = true;
    } else if (IsDash(cp)) {
      if (words_ > 1) dash_ = true;
    } else if ((cp >= 0x00C0 && cp <= 0x024F) || (cp >= 0x0370 && cp <= 0x052F)) {
      info->latin = true;
      token_has_letter_ = true;
    }
  }

  // Closes the current token: the first token may make the line a
  // numbered list item; a lone separator splits the line into segments.
  ABSL_ATTRIBUTE_ALWAYS_INLINE void EndToken() {
    if (!in_token_) return;
    in_token_ = false;
    if (token_index_ == 0) {
      // A short number, alone or closed by '.', ')' or '-', opens a
      // numbered list item ("3 - ...", "3. ...", "3) ..."), unlike a date
      // ("2015-07-22") or a time ("02:39").
      first_token_number_ =
          first_digits_ >= 1 && first_digits_ <= 3 &&
          (first_others_ == 0 ||
           (first_others_ == 1 && (first_last_ == '.' || first_last_ == ')' || first_last_ == '-')));
      if (first_token_number_ && first_others_ == 1) list_marker_ = true;
    }
    ++token_index_;
    if (token_cps_ != 1 || !IsSeparator(token_first_)) return;
    --words_;
    if (words_ == 0) {  // a leading separator is a bullet, not a separator
      list_marker_ = true;
      return;
    }
    if (token_index_ == 2 && first_token_number_) list_marker_ = true;
    ++seps_;
    if (IsAngle(token_first_) && !(token_first_ == 0xBB && guillemet_open_)) ++angles_;
    if (IsDash(token_first_) || token_first_ == 0x0640 || token_first_ == '/') {
      dash_ = token_first_ != '/' || dash_;
      ++dash_seps_;
    }
    max_segment_ = std::max(max_segment_, words_ - segment_start_);
    segment_start_ = words_;
  }

  const uint8_t* const b_;
  LineInfo* const info_;
  LineFolder* const folder_;
  CodePointFacts facts_;
  bool first_ = true;
  uint32_t words_ = 0;
  int32_t last_mark_ = 0;  // last code point that is not a closer
  int32_t last_cp_ = 0;    // last code point
  bool open_paren_seen_ = false;
  bool paren_digit_ = false;  // a digit inside the last "(...)": a figure, not a credit
  bool paren_letter_ = false;
  bool in_token_ = false;
  int32_t token_first_ = 0;
  int token_cps_ = 0;
  int space_run_ = 0;
  uint16_t seps_ = 0, angles_ = 0, gaps_ = 0, dash_seps_ = 0;
  bool dash_ = false;
  uint32_t segment_start_ = 0;  // words before the current segment
  uint32_t max_segment_ = 0;    // longest run of words between separators
  bool list_marker_ = false;    // opens with "3 -", "3.", "3)" or a lone separator
  int token_index_ = 0;
  bool first_token_number_ = false;
  bool guillemet_open_ = false;  // a '«' was seen: '»' closes a quote, it is no breadcrumb
  bool in_digits_ = false, token_has_letter_ = false, prev_digit_ = false, pending_date_punct_ = false;
  bool arabic_run_ = false;  // the fast path saw Arabic letters
  // The first token's digits, other code points, and last code point.
  int first_digits_ = 0, first_others_ = 0;
  int32_t first_last_ = 0;
};

// How many of a line's normalized tokens are in each word list.
struct TokenCounts {
  uint16_t tokens = 0, stop = 0, date = 0, marks = 0, social = 0, credit = 0;
};

// Normalized tokens: one normalizer call, two when a colon splits a "label:
// value" line (so the label's tokens are known; *label is their count).
// *colon is kept only for such a line.
TokenCounts ReadTokens(const Normalizer& normalizer, const CueLexicon& lexicon, absl::string_view trimmed,
                       bool opening_only, size_t* colon, size_t* label, LineShapeScratch* scratch) {
  std::vector<uint64_t>& hashes = scratch->hashes;
  std::vector<uint8_t>& bits = scratch->bits;
  hashes.clear();
  bits.clear();
  if (*colon != std::string::npos && *colon <= kMaxLabelBytes) {
    normalizer.TokenHashes(trimmed.substr(0, *colon), &hashes);
    *label = hashes.size();
    if (!opening_only) normalizer.TokenHashes(trimmed.substr(*colon + 1), &hashes);
  } else if (opening_only) {
    // The first kCueWords words.
    size_t cut = 0;
    for (int spaces = 0; cut < trimmed.size(); ++cut) {
      if (trimmed[cut] == ' ' && ++spaces == kCueWords) break;
    }
    normalizer.TokenHashes(trimmed.substr(0, cut), &hashes);
    *colon = std::string::npos;
  } else {
    normalizer.TokenHashes(trimmed, &hashes);
    *colon = std::string::npos;
  }
  TokenCounts counts;
  for (const uint64_t h : hashes) {
    const uint8_t wb = lexicon.WordBits(h);
    bits.push_back(wb);
    counts.stop += (wb & kStop) != 0;
    counts.date += (wb & kDate) != 0;
    counts.marks += (wb & kDateMark) != 0;
    counts.social += (wb & kSocial) != 0;
    counts.credit += (wb & kCredit) != 0;
  }
  counts.tokens = static_cast<uint16_t>(std::min<size_t>(hashes.size(), 0xFFFF));
  return counts;
}

// Whether the closing "(...)" group names an agency or photographer.
bool CreditInParens(const Normalizer& normalizer, const CueLexicon& lexicon, absl::string_view trimmed,
                    size_t paren_at, LineShapeScratch* scratch) {
  std::vector<uint64_t>& inner = scratch->inner;
  inner.clear();
  normalizer.TokenHashes(trimmed.substr(paren_at), &inner);
  bool credit = false;
  for (const uint64_t h : inner) {
    if (lexicon.WordBits(h) & kCredit) credit = true;
  }
  return credit;
}

const char* FurnitureReason(const LineInfo& l, const CodePointFacts& f, const TokenCounts& t, bool paragraph,
                            bool opening_only, bool credit_in_paren) {
  const int w = static_cast<int>(l.words);
  if (!l.arabic && !l.latin && !l.digit && t.tokens == 0) return "no-text";
  if (l.contact && w <= 4) return "contact";
  // Token-based shapes (counters, dates, credits, menus opening with
  // "Home") are short lines.
  if (paragraph) return nullptr;
  if (!opening_only && !l.list_marker && t.tokens >= 2 && t.social >= 1 && (f.numbers > 0 || t.social >= 2) &&
      (t.social + f.numbers) * 4 >= 3 * t.tokens && w <= 30) {
    // "Total 0 مشاركة Share 0 Tweet 0", "تويتر فيسبوك واتساب", "4350 مشاهدة".
    return "share-counter";
  }
  if ((l.pipes >= 2 || (l.pipes == 1 && w <= 4)) && w <= 40 && l.max_segment <= 5 && !l.list_marker) {
    return "navigation";
  }
  if ((l.seps - l.dash_seps >= 2 || l.seps >= 3) && !l.end_punct && w <= 30 && l.max_segment <= 4 &&
      !l.list_marker) {
    // "الشروط والأحكام - سياسة الخصوصية - خريطة الموقع", "اتصل بنا • أعلن معنا"
    return "navigation";
  }
  if (l.angles >= 1 && !l.end_punct && w <= 8 && l.max_segment <= 4) {
    return "navigation";  // breadcrumbs: "الرئيسية » محليات"
  }
  if (l.home && !l.end_punct && !l.has_comma && w <= 40 && (l.seps >= 1 || l.gaps >= 1 || w <= 12)) {
    return "navigation";  // a line that opens with "Home" and lists sections
  }
  if (!opening_only && t.tokens >= 1 && t.tokens <= 20 && (t.date >= 1 || f.date_numbers >= 1) &&
      f.numbers >= 1 && (t.date + t.marks + f.numbers) * 10 >= 7 * t.tokens && !l.ends_colon &&
      !l.list_marker) {
    // "11 أغسطس 2015 - 14:11", "2015-07-31 04:07", "18:34 ت م"; not a row
    // of figures ("فني 0 574 574") nor a reference ("م.ن، 146").
    return "date";
  }
  // A credit names an agency or photographer: in the closing parentheses,
  // or as the whole line.
  const bool credit = credit_in_paren || (t.credit > 0 && t.credit == t.tokens && w <= 4);
  if (!opening_only && credit && (l.all_paren || f.words_at_paren <= 6) && w <= 12 && !l.has_comma &&
      !l.list_marker) {
    // "(رويترز)", "خريطة مجموعة دول الساحل (الجزيرة)", "Sputnik".
    return "photo-credit";
  }
  return nullptr;
}

}  // namespace

void LineShaper::Scan(absl::string_view text, bool want_fingerprint, LineInfo* info,
                      LineShapeScratch* scratch) const {
  const absl::string_view trimmed = TrimLine(text.substr(info->begin, info->end - info->begin));
  if (trimmed.empty()) {
    info->shape = kEmptyLine;
    return;
  }
  info->tbegin = static_cast<uint32_t>(trimmed.data() - text.data());
  info->tend = static_cast<uint32_t>(trimmed.data() + trimmed.size() - text.data());
  info->cue = -1;
  if (trimmed.size() > kFullScanBytes) {
    ShapeParagraph(trimmed, info);
  } else {
    ShapeShortLine(trimmed, want_fingerprint && trimmed.size() <= options_.max_counted_line_bytes, info,
                   scratch);
  }
}

// A paragraph unless it is a very long menu: count words (spaces) and pipes
// in its first kFullScanBytes bytes (a fixed-length loop the compiler
// vectorizes); that and its last mark are all the shape rules need.
void LineShaper::ShapeParagraph(absl::string_view trimmed, LineInfo* info) const {
  const uint8_t* b = reinterpret_cast<const uint8_t*>(trimmed.data());
  const uint8_t* e = b + trimmed.size();
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
  // The last mark, past closing quotes and spaces.
  const uint8_t* q = e;
  for (int steps = 0; q > b && steps < 8; ++steps) {
    const uint8_t* s = q - 1;
    while (s > b && (*s & 0xC0) == 0x80 && q - s < 4) --s;
    int n;
    const int32_t cp = DecodeUtf8(s, q, &n);
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
}

void LineShaper::ShapeShortLine(absl::string_view trimmed, bool fold, LineInfo* info,
                                LineShapeScratch* scratch) const {
  const uint8_t* b = reinterpret_cast<const uint8_t*>(trimmed.data());
  // With crawl statistics the line's fingerprint is folded in the same pass.
  LineFolder folder;
  CodePointScan scan(b, info, fold ? &folder : nullptr);
  scan.Run(b + trimmed.size());
  scan.Finish();
  if (fold) {
    info->fingerprint = folder.Finish();
    info->fingerprinted = true;
  }
  if (!info->contact && info->latin) {
    info->contact =
        trimmed.find("http") != absl::string_view::npos || trimmed.find("www.") != absl::string_view::npos;
  }
  const CodePointFacts& facts = scan.facts();

  // A line that already reads as a paragraph needs no token statistics;
  // only its opening words are normalized, for "read also" cues.
  const int w = static_cast<int>(info->words);
  const bool paragraph =
      (w >= options_.long_line_words || (info->end_punct && w >= options_.sentence_min_words) ||
       (w >= options_.dense_line_words && info->has_comma)) &&
      (!info->strong_bullet || w >= options_.long_line_words);
  // Token statistics matter for short lines (counters, dates, credits,
  // social bars: 8 words at most unless they hold digits or parentheses)
  // and for the stop-word density of long lines without a comma; other
  // lines need only their opening words, for cues.
  const bool opening_only = paragraph || (w > 8 && !info->digit && facts.paren_at == std::string::npos &&
                                          (w < options_.dense_line_words || info->has_comma));
  size_t colon = facts.colon, label = std::string::npos;
  const TokenCounts counts = ReadTokens(normalizer_, lexicon_, trimmed, opening_only, &colon, &label, scratch);
  info->partial_tokens = opening_only;
  info->numbers = facts.numbers;
  const bool credit_in_paren = (info->paren_tail || info->all_paren) && counts.credit > 0 &&
                               facts.paren_at != std::string::npos &&
                               CreditInParens(normalizer_, lexicon_, trimmed, facts.paren_at, scratch);

  info->home = !scratch->bits.empty() && (scratch->bits[0] & kHome);
  info->shape_reason = FurnitureReason(*info, facts, counts, paragraph, opening_only, credit_in_paren);
  // "عين اليوم – الرياض", "الرياض - واس", "كتب - فلان": short, split by a
  // dash; names and places carry no digits or quotes, and few vowel marks
  // ("عمّان" has one; a vocalized verse has many).
  // A headline tagged "... - فيديو" is no byline.
  const bool media_tail = !scratch->bits.empty() && (scratch->bits.back() & kMedia);
  info->byline = info->dash && w <= 5 && info->seps <= 1 && !info->end_punct && !info->has_comma &&
                 !info->digit && !facts.quoted && facts.harakat < 3 && !media_tail;
  const double stop_density = counts.tokens > 0 ? static_cast<double>(counts.stop) / counts.tokens : 0.0;
  info->shape = ShapeClass(*info, paragraph, stop_density);
  MatchCue(trimmed, colon, label, facts.lead_numbers, info, *scratch);
}

// jusText-style classes: furniture, a paragraph (long, or ending like a
// sentence, or dense with commas or stop words), else medium or short.
Shape LineShaper::ShapeClass(const LineInfo& info, bool paragraph, double stop_density) const {
  const int w = static_cast<int>(info.words);
  if (info.shape_reason != nullptr) return kBadLine;
  if (paragraph || w >= options_.long_line_words) return kGoodLine;
  if (info.strong_bullet) return w < options_.short_line_words ? kShortLine : kMediumLine;
  if (info.end_punct && w >= options_.sentence_min_words) return kGoodLine;
  if (w >= options_.dense_line_words && (info.has_comma || stop_density >= options_.stop_density)) {
    return kGoodLine;
  }
  return w < options_.short_line_words ? kShortLine : kMediumLine;
}

void LineShaper::MatchCue(absl::string_view trimmed, size_t colon, size_t label, size_t lead_numbers,
                          LineInfo* info, const LineShapeScratch& scratch) const {
  const std::vector<int>* candidates = lexicon_.Candidates(scratch.hashes, lead_numbers);
  if (candidates == nullptr) return;  // most lines
  CueLine line;
  line.text = trimmed;
  line.hashes = scratch.hashes;
  line.bits = scratch.bits;
  line.colon = colon;
  line.label = label;
  line.lead_numbers = lead_numbers;
  line.numbers = info->numbers;
  line.words = info->words;
  line.end_punct = info->end_punct;
  line.sentence_like = IsSentenceLike(*info);
  line.partial_tokens = info->partial_tokens;
  const CueMatch match = lexicon_.Match(line, *candidates, options_.max_cue_line_words);
  info->cue = match.cue;
  info->cue_standalone = match.standalone;
}

}  // namespace shabih::internal
