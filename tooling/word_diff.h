// A word-level diff of two texts, for showing how a near-duplicate differs
// from its canonical (`shabih report`).
//
//   std::vector<std::string_view> a = shabih::SplitWords("قال الوزير اليوم");
//   std::vector<std::string_view> b = shabih::SplitWords("وقال الوزير امس");
//   std::vector<shabih::DiffOp> ops = shabih::WordDiff(a, b, shabih::Normalizer::Default());
//   // {equal 2 2} {change 1 1}: "قال"/"وقال" and "الوزير"/"الوزير" match after
//   // normalization (light clitic folding), "اليوم" became "امس"
//
// Words are maximal runs of bytes other than ASCII whitespace (space, \t,
// \n, \v, \f, \r); the report's script splits the same way, so the ops'
// word counts index the same words on both sides. Two words are equal when
// their normalized forms are (normalize.h: diacritics, alef forms, clitics
// as the run folded them); a word that normalizes to nothing (punctuation)
// is compared as written.
//
// Algorithm: the common prefix and suffix are cut, then Myers' O(ND)
// shortest edit script over word keys. Its cost is bounded: past
// `max_edits` edits the differing middle is reported as one change, so a
// pair of long, unlike texts costs O(max_edits^2) time and memory, not
// O(n m). Adjacent deletions and insertions between two equal runs are
// merged into one change (a replaced phrase reads as changed, not as one
// deletion beside one insertion).
//
// Thread safety: pure functions.
#ifndef SHABIH_TOOLING_WORD_DIFF_H_
#define SHABIH_TOOLING_WORD_DIFF_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "shabih/normalize.h"

namespace shabih {

struct DiffOp {
  enum class Kind : uint8_t {
    kEqual,   // a_words of a equal the next b_words (== a_words) of b
    kDelete,  // a_words of a are not in b (b_words == 0)
    kInsert,  // b_words of b are not in a (a_words == 0)
    kChange,  // a_words of a were replaced by b_words of b
  };
  Kind kind = Kind::kEqual;
  uint32_t a_words = 0;
  uint32_t b_words = 0;
  bool operator==(const DiffOp& o) const {
    return kind == o.kind && a_words == o.a_words && b_words == o.b_words;
  }
};

// "=", "-", "+", "~": the ops' names in the report's data.
const char* DiffOpName(DiffOp::Kind kind);

std::vector<std::string_view> SplitWords(std::string_view text);

// The keys words are compared by: a hash of each word's normalized form.
std::vector<uint64_t> WordKeys(absl::Span<const std::string_view> words, const Normalizer& normalizer);

// The ops turning `a` into `b`; their a_words sum to a.size() and their
// b_words to b.size(). Consecutive ops have different kinds. 2000 edits:
// ample for near-duplicates (the report diffs members of one cluster with
// their canonical), and at most ~16 MB of scratch for unlike texts.
std::vector<DiffOp> DiffKeys(absl::Span<const uint64_t> a, absl::Span<const uint64_t> b,
                             size_t max_edits = 2000);
std::vector<DiffOp> WordDiff(absl::Span<const std::string_view> a, absl::Span<const std::string_view> b,
                             const Normalizer& normalizer, size_t max_edits = 2000);

}  // namespace shabih

#endif  // SHABIH_TOOLING_WORD_DIFF_H_
