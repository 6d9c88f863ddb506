// The Arabic cue lexicon of the boilerplate classifier (signal 3 in
// shabih/boilerplate.h): the cues of engine/boilerplate_lexicon.inc, the word
// lists the line shape reads (stop words, dates, social networks, credits),
// and the rules by which a cue matches a line.
//
//   internal::CueLexicon lexicon;
//   absl::Status s = lexicon.Load(Normalizer::Default());   // once
//   uint8_t bits = lexicon.WordBits(token_hash);            // TokenBits
//   if (const std::vector<int>* c = lexicon.Candidates(hashes, lead_numbers))
//     internal::CueMatch m = lexicon.Match(line, *c, options.max_cue_line_words);
//
// Every entry is normalized with the normalizer the classifier tokenizes
// lines with, so cues and lines compare as token hashes and spelling
// variants ("إقرأ أيضاً", "اقرا ايضا") are one entry.
//
// Thread safety: immutable after Load; const methods are safe from many
// threads.
#ifndef SHABIH_ENGINE_INTERNAL_CUE_LEXICON_H_
#define SHABIH_ENGINE_INTERNAL_CUE_LEXICON_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "shabih/normalize.h"

namespace shabih::internal {

// What a cue announces (engine/boilerplate_lexicon.inc explains each).
enum CueKind : uint8_t { kNoCue = 0, kOpener, kList, kComments, kField, kEnd, kInline };
// What may follow a cue on its line without a colon (kNameRest: after a
// colon, see engine/boilerplate_lexicon.inc).
enum CueRest : uint8_t { kAnyRest, kSocialRest, kTailRest, kNameRest };
// `extra` of a cue that any number of words may follow.
inline constexpr int kAny = -1;

// Bits describing one normalized token (the word lists of the lexicon).
enum TokenBits : uint8_t {
  kStop = 1,
  kDate = 2,
  kSocial = 4,
  kHome = 8,
  kDateMark = 16,
  kCredit = 32,
  kMedia = 64,
};

// One loaded cue.
struct Cue {
  std::vector<uint64_t> tokens;  // normalized token hashes
  CueKind kind;
  int extra;
  int label_extra;
  CueRest rest;
  std::string text;        // as written in the lexicon
  std::string reason;      // "cue:" + text
  std::string normalized;  // Normalizer::Normalize(text)
};

// What cue matching needs to know of one trimmed line.
struct CueLine {
  absl::string_view text;              // the trimmed line
  absl::Span<const uint64_t> hashes;   // its normalized tokens (all, or its opening words)
  absl::Span<const uint8_t> bits;      // TokenBits of each hash
  size_t colon = std::string::npos;    // byte offset of a "label:" colon in `text`
  size_t label = std::string::npos;    // tokens before that colon
  size_t lead_numbers = 0;             // numbers opening the line ("3 تعليق")
  size_t numbers = 0;                  // numbers in the line
  uint32_t words = 0;
  bool end_punct = false;              // ends like a sentence
  bool sentence_like = false;          // reads as a sentence (shape)
  bool partial_tokens = false;         // only the opening words were normalized
};

struct CueMatch {
  int16_t cue = -1;         // index into cues(), -1 for none
  bool standalone = false;  // the line is the cue alone
};

class CueLexicon {
 public:
  // Normalizes and indexes every entry. InternalError if an entry
  // normalizes to nothing (a lexicon bug).
  absl::Status Load(const Normalizer& normalizer);

  // TokenBits of a normalized token hash (0 for a word in no list).
  uint8_t WordBits(uint64_t hash) const {
    auto it = word_bits_.find(hash);
    return it == word_bits_.end() ? 0 : it->second;
  }

  // The cues that may open a line with these normalized tokens (its first
  // token after `lead_numbers` leading numbers starts them), longest first;
  // nullptr for most lines. Inline: the line scan calls it on every line.
  const std::vector<int>* Candidates(absl::Span<const uint64_t> hashes, size_t lead_numbers) const {
    if (lead_numbers >= hashes.size()) return nullptr;
    auto it = index_.find(hashes[lead_numbers]);
    return it == index_.end() ? nullptr : &it->second;
  }

  // The cue that opens `line`, if any, among Candidates(line.hashes,
  // line.lead_numbers). A cue is evidence, not a verdict: it must open the
  // line (after leading numbers, which do not hide a cue: "3 تعليق"), the
  // line must have at most max_cue_line_words words, and with words after
  // the cue it must not read as a sentence (a "read also" opener: must not
  // end like one).
  CueMatch Match(const CueLine& line, const std::vector<int>& candidates, int max_cue_line_words) const;

  const std::vector<Cue>& cues() const { return cues_; }
  // The normalized tokens of each tags heading that may close a paragraph
  // on its line (kGluedTags in engine/boilerplate_lexicon.inc).
  const std::vector<std::vector<uint64_t>>& glued_tags() const { return glued_tags_; }
  const Cue& cue(int index) const { return cues_[index]; }
  CueKind kind(int index) const { return index >= 0 ? cues_[index].kind : kNoCue; }

  // "opener", "list", "comments", "field", "end", "inline" ("none" else).
  static const char* KindName(CueKind kind);

 private:
  std::vector<Cue> cues_;
  // First token hash -> indices of cues starting with it, longest first.
  absl::flat_hash_map<uint64_t, std::vector<int>> index_;
  absl::flat_hash_map<uint64_t, uint8_t> word_bits_;
  std::vector<std::vector<uint64_t>> glued_tags_;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_CUE_LEXICON_H_
