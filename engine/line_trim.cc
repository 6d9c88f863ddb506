// Trimming boilerplate glued to a paragraph: a share bar at its start, a
// tag list at its end. Words are split at ASCII spaces and normalized one
// by one, so that a match maps back to a byte offset in the line.
#include "engine/internal/line_trim.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "engine/internal/page_lines.h"

namespace shabih::internal {
namespace {

// The longest share cue has 3 tokens; a share bar is a handful of names.
constexpr int kMaxShareWords = 16;
// Only the end of a paragraph is searched for a tag list.
constexpr size_t kTailBytes = 256;
// Words of the longest tags heading (kGluedTags).
constexpr int kTagHeadingWords = 2;

// The next space-separated word of `s` at or after *pos; empty at the end.
absl::string_view NextWord(absl::string_view s, size_t* pos) {
  size_t b = *pos;
  while (b < s.size() && (s[b] == ' ' || s[b] == '\t')) ++b;
  size_t e = b;
  while (e < s.size() && s[e] != ' ' && s[e] != '\t') ++e;
  *pos = e;
  return s.substr(b, e - b);
}

// Bytes of a sentence end at s[i] (. ! ? ؟ … ۔), else 0.
size_t SentenceEndAt(absl::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '.' || c == '!' || c == '?') return 1;
  if (i + 1 < s.size() && ((c == 0xD8 && static_cast<unsigned char>(s[i + 1]) == 0x9F) ||
                           (c == 0xDB && static_cast<unsigned char>(s[i + 1]) == 0x94))) {
    return 2;
  }
  if (i + 2 < s.size() && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0xA6) {
    return 3;
  }
  return 0;
}

// Bytes of a closing quote or bracket at s[i] (" ' ) » ” ’), else 0.
size_t CloserAt(absl::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '"' || c == '\'' || c == ')') return 1;
  if (i + 1 < s.size() && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xBB) return 2;
  if (i + 2 < s.size() && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const unsigned char d = static_cast<unsigned char>(s[i + 2]);
    if (d == 0x9D || d == 0x99) return 3;
  }
  return 0;
}

// Whether the last mark of `t`, past closing quotes, ends a sentence.
bool EndsLikeSentence(absl::string_view t) {
  size_t e = t.size();
  for (int steps = 0; e > 0 && steps < 4; ++steps) {
    size_t b = e - 1;
    while (b > 0 && (static_cast<unsigned char>(t[b]) & 0xC0) == 0x80 && e - b < 4) --b;
    if (CloserAt(t, b) == e - b) {
      e = b;
      continue;
    }
    return SentenceEndAt(t, b) == e - b;
  }
  return false;
}

bool StartsWith(const std::vector<uint64_t>& tokens, const std::vector<uint64_t>& prefix) {
  return tokens.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), tokens.begin());
}

}  // namespace

uint32_t GluedTrimmer::SharePrefix(absl::string_view line) const {
  const absl::string_view t = TrimLine(line);
  thread_local std::vector<uint64_t> tokens;
  tokens.clear();
  size_t pos = 0;
  normalizer_.TokenHashes(NextWord(t, &pos), &tokens);
  const std::vector<int>* candidates = lexicon_.Candidates(tokens, 0);
  if (candidates == nullptr) return 0;  // most lines
  // Words up to the longest cue, with the token count and byte end of each.
  size_t word_tokens[kMaxShareWords];
  size_t word_end[kMaxShareWords];
  int words = 1;
  word_tokens[0] = tokens.size();
  word_end[0] = pos;
  for (int index : *candidates) {
    const Cue& cue = lexicon_.cue(index);
    if (cue.kind != kField || cue.rest != kSocialRest) continue;
    while (tokens.size() < cue.tokens.size() && words < kMaxShareWords) {
      const absl::string_view w = NextWord(t, &pos);
      if (w.empty()) break;
      normalizer_.TokenHashes(w, &tokens);
      word_tokens[words] = tokens.size();
      word_end[words++] = pos;
    }
    if (!StartsWith(tokens, cue.tokens)) continue;
    // The cue must end at a word's end.
    int cue_words = 0;
    while (cue_words < words && word_tokens[cue_words] < cue.tokens.size()) ++cue_words;
    if (cue_words == words || word_tokens[cue_words] != cue.tokens.size()) continue;
    // Then social-network words (and lone marks, which have no token).
    size_t bar_end = word_end[cue_words];
    size_t scan = bar_end;
    int social = 0;
    thread_local std::vector<uint64_t> word;
    for (int k = cue_words + 1; k < kMaxShareWords; ++k) {
      const absl::string_view w = NextWord(t, &scan);
      if (w.empty()) break;
      word.clear();
      normalizer_.TokenHashes(w, &word);
      const bool all_social = std::all_of(word.begin(), word.end(),
                                          [&](uint64_t h) { return (lexicon_.WordBits(h) & kSocial) != 0; });
      if (!all_social) break;
      social += !word.empty();
      bar_end = scan;
    }
    if (social < 2) return 0;
    // Text must follow: a share bar alone is judged as a line.
    size_t rest = bar_end;
    int kept_words = 0;
    while (kept_words < kMinKeptWords && !NextWord(t, &rest).empty()) ++kept_words;
    if (kept_words < kMinKeptWords) return 0;
    while (bar_end < t.size() && (t[bar_end] == ' ' || t[bar_end] == '\t')) ++bar_end;
    return static_cast<uint32_t>(t.data() - line.data() + bar_end);
  }
  return 0;
}

uint32_t GluedTrimmer::TagsSuffix(absl::string_view line) const {
  const absl::string_view t = TrimLine(line);
  // A line that ends like a sentence ends with its text, not with a list:
  // most paragraphs, rejected before any scan.
  if (EndsLikeSentence(t)) return 0;
  const size_t from = t.size() > kTailBytes ? t.size() - kTailBytes : 0;
  // Sentence ends (with their closing quotes) followed by a space: where a
  // tag list may start. The latest few are kept: a tag may hold a period
  // ("سمات التحالف الدولي. العراق داعش").
  constexpr int kCuts = 4;
  size_t cuts[kCuts];  // latest first
  int found = 0;
  // Backwards, so that the scan stops at the fourth cut; a mark is found by
  // its last byte (. ! ? or the last byte of ؟ ۔ …), which is cheap to test.
  for (size_t i = t.size(); i > from && found < kCuts;) {
    --i;
    const unsigned char c = static_cast<unsigned char>(t[i]);
    if (c != '.' && c != '!' && c != '?' && c != 0x9F && c != 0x94 && c != 0xA6) continue;
    size_t mark_at = i;
    while (mark_at > 0 && (static_cast<unsigned char>(t[mark_at]) & 0xC0) == 0x80 && i - mark_at < 2) --mark_at;
    const size_t mark = SentenceEndAt(t, mark_at);
    if (mark == 0 || mark_at + mark != i + 1) continue;
    size_t j = i + 1;
    while (j < t.size()) {
      const size_t closer = CloserAt(t, j);
      if (closer == 0) break;
      j += closer;
    }
    if (j < t.size() && t[j] == ' ') cuts[found++] = j;
    i = mark_at;
  }
  if (found == 0) return 0;
  thread_local std::vector<uint64_t> tokens;
  for (int k = 0; k < found; ++k) {
    const size_t cut = cuts[k];
    // The opening words first (tags headings have at most two), the whole
    // tail only when they match.
    size_t opening = cut;
    for (int w = 0; w < kTagHeadingWords; ++w) NextWord(t, &opening);
    tokens.clear();
    normalizer_.TokenHashes(t.substr(cut, opening - cut), &tokens);
    bool heading = false;
    for (const std::vector<uint64_t>& tag : lexicon_.glued_tags()) heading = heading || StartsWith(tokens, tag);
    if (!heading) continue;
    tokens.clear();
    normalizer_.TokenHashes(t.substr(cut), &tokens);
    for (const std::vector<uint64_t>& tag : lexicon_.glued_tags()) {
      if (!StartsWith(tokens, tag)) continue;
      const size_t listed = tokens.size() - tag.size();
      if (listed < 1 || listed > static_cast<size_t>(kMaxTagWords)) return 0;
      // A list of names, not a sentence: few stop words ("علي صالح",
      // "تحرش بفتاتين في جدة" are tags).
      size_t stops = 0;
      for (size_t q = tag.size(); q < tokens.size(); ++q) stops += (lexicon_.WordBits(tokens[q]) & kStop) != 0;
      if (3 * stops > listed) return 0;
      return static_cast<uint32_t>(line.size() - (t.data() - line.data() + cut));
    }
  }
  return 0;
}

}  // namespace shabih::internal
