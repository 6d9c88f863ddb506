// Loading the cue lexicon (data in engine/boilerplate_lexicon.inc) and
// matching a cue against a line.
#include "engine/internal/cue_lexicon.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace shabih::internal {
namespace {

struct LexiconRow {
  CueKind kind;
  int extra;
  int label_extra;
  CueRest rest;
  const char* text;
};

// The lexicon file holds two kinds of rows; it is included twice, once for
// each, with the other kind's macro expanding to nothing.
#define CUE(kind, extra, label_extra, rest, text) {kind, extra, label_extra, rest, text},
#define WORDS(name, text)
constexpr LexiconRow kLexiconRows[] = {
#include "engine/boilerplate_lexicon.inc"
};
#undef CUE
#undef WORDS
#define CUE(kind, extra, label_extra, rest, text)
#define WORDS(name, text) constexpr char name[] = text;
#include "engine/boilerplate_lexicon.inc"
#undef CUE
#undef WORDS

// Whether anything but spaces and light punctuation follows the colon.
bool TextAfterColon(absl::string_view line, size_t colon) {
  for (size_t i = colon + 1; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c != ' ' && c != '\t' && c != ':' && c != '.' && c != '-') return true;
  }
  return false;
}

// Whether the value after a "label:" colon reads as a clause (a headline or
// a sentence: "مصدر: الجثث المنقولة على ... ليست في المدينة") rather than a
// name ("المصدر: الوكالة العربية السورية للأنباء"): more than 5 words, or 4
// or more with a stop word (a preposition or verb joins a predicate; names
// of agencies and papers do without). Words are the line's words after the
// label's tokens, so an opening-only scan still counts them.
bool ValueIsClause(const CueLine& line) {
  const size_t value_words = line.words > line.label ? line.words - line.label : 0;
  if (value_words > 5) return true;
  if (value_words < 4 || line.partial_tokens) return false;
  for (size_t i = line.label; i < line.bits.size(); ++i) {
    if (line.bits[i] & kStop) return true;
  }
  return false;
}

}  // namespace

absl::Status CueLexicon::Load(const Normalizer& normalizer) {
  auto add_words = [&](const char* list, uint8_t bit) {
    std::vector<uint64_t> hashes;
    normalizer.TokenHashes(list, &hashes);
    for (uint64_t h : hashes) word_bits_[h] |= bit;
  };
  add_words(kStopWords, kStop);
  add_words(kDateWords, kDate);
  add_words(kSocialWords, kSocial);
  add_words(kHomeWords, kHome);
  add_words(kCreditWords, kCredit);
  add_words(kDateMarks, kDateMark);
  add_words(kMediaWords, kMedia);
  for (absl::string_view entry : absl::StrSplit(kGluedTags, '|')) {
    std::vector<uint64_t>& tokens = glued_tags_.emplace_back();
    normalizer.TokenHashes(entry, &tokens);
    if (tokens.empty()) return absl::InternalError(absl::StrCat("tags entry normalizes to nothing: ", entry));
  }
  for (const LexiconRow& row : kLexiconRows) {
    Cue cue;
    normalizer.TokenHashes(row.text, &cue.tokens);
    if (cue.tokens.empty()) {
      return absl::InternalError(absl::StrCat("lexicon entry normalizes to nothing: ", row.text));
    }
    cue.kind = row.kind;
    cue.extra = row.extra;
    cue.label_extra = row.label_extra;
    cue.rest = row.rest;
    cue.text = row.text;
    cue.reason = absl::StrCat("cue:", row.text);
    cue.normalized = normalizer.Normalize(row.text);
    cues_.push_back(std::move(cue));
  }
  for (size_t i = 0; i < cues_.size(); ++i) index_[cues_[i].tokens[0]].push_back(static_cast<int>(i));
  // Longest first: a line opening with a long entry matches it, not a
  // shorter entry that the long one begins with.
  for (auto& [first, list] : index_) {
    std::stable_sort(list.begin(), list.end(),
                     [&](int a, int b) { return cues_[a].tokens.size() > cues_[b].tokens.size(); });
  }
  return absl::OkStatus();
}

CueMatch CueLexicon::Match(const CueLine& line, const std::vector<int>& candidates,
                           int max_cue_line_words) const {
  const size_t n = line.hashes.size();
  const size_t start = line.lead_numbers;
  if (static_cast<int>(line.words) > max_cue_line_words) return {};
  const bool text_after_colon = line.colon != std::string::npos && TextAfterColon(line.text, line.colon);
  const size_t numbers_after = line.numbers > line.lead_numbers ? line.numbers - line.lead_numbers : 0;
  for (int index : candidates) {
    const Cue& cue = cues_[index];
    const size_t len = cue.tokens.size();
    if (start + len > n) continue;
    if (!std::equal(cue.tokens.begin(), cue.tokens.end(), line.hashes.begin() + start)) continue;
    // A "read also" link names a headline, which may read like a sentence;
    // only a line that ends like one is a sentence that mentions the cue.
    const bool refuse = cue.kind == kOpener ? line.end_punct : line.sentence_like;
    // "<entry>[ up to label_extra words]: value"
    if (line.colon != std::string::npos && line.label >= start + len &&
        line.label <= start + len + static_cast<size_t>(cue.label_extra)) {
      if (refuse && text_after_colon && cue.kind != kOpener) continue;
      if (cue.rest == kNameRest && text_after_colon && ValueIsClause(line)) continue;
      return {static_cast<int16_t>(index), !text_after_colon};
    }
    // "<entry> rest" without a colon: the words after the entry, numbers
    // not counted ("التعليقات 12").
    size_t social = 0, stops = 0;
    for (size_t i = start + len; i < n; ++i) {
      social += (line.bits[i] & kSocial) != 0;
      stops += (line.bits[i] & kStop) != 0;
    }
    const size_t after = n - start - len;
    size_t extra = after > numbers_after ? after - numbers_after : 0;
    if (line.partial_tokens) extra = std::max<size_t>(extra, 1);  // words were left out
    if (cue.extra != kAny && extra > static_cast<size_t>(cue.extra)) continue;
    if (extra > 0 && refuse) continue;
    if (extra > 0 && cue.rest == kSocialRest) {
      const size_t content = extra > stops ? extra - stops : 0;
      if (social == 0 || social * 10 < 6 * content) continue;
    }
    return {static_cast<int16_t>(index), extra == 0 && !text_after_colon};
  }
  return {};
}

const char* CueLexicon::KindName(CueKind kind) {
  switch (kind) {
    case kOpener:
      return "opener";
    case kList:
      return "list";
    case kComments:
      return "comments";
    case kField:
      return "field";
    case kEnd:
      return "end";
    case kInline:
      return "inline";
    default:
      return "none";
  }
}

}  // namespace shabih::internal
