// The normalizer's tokenizer behind Normalizer::TokenHashes/Tokens/Normalize:
// a SIMD version with one run-time dispatch point (Highway), and the scalar
// reference it must match byte for byte.
//
//   const TokenizerTables& t = SharedTokenizerTables();
//   std::vector<uint64_t> hashes;
//   TokenOutput out{.hashes = &hashes};
//   Tokenize(t, PrefixFolding::kLight, text, &out);        // SIMD, best target
//   ScalarTokenize(t.fold, PrefixFolding::kLight, text, &out);  // reference
//
// How the SIMD tokenizer works (engine/tokenize_simd.cc): text is classified
// 64 bytes at a time into "plain" bytes (characters whose fold is
// themselves: ASCII lower-case letters and digits, and the Arabic letters of
// U+0600..U+06FF that need no folding, lead bytes 0xD8..0xDB), Arabic
// letters that fold to another two-byte letter (rewritten in a copy of the
// block, then plain), and separators (ASCII and Arabic punctuation). A run of plain bytes between separators is a finished token and
// goes to the sink straight from the input, without a copy; a run next to a
// character that folds is copied in one piece; only the characters that fold
// (or are not Arabic or ASCII) go through the table, one code point at a
// time, with the reference's own rule (engine/internal/token_builder.h).
//
// Thread safety: the tables are immutable; Tokenize may run on many threads.
#ifndef SHABIH_ENGINE_INTERNAL_TOKENIZE_H_
#define SHABIH_ENGINE_INTERNAL_TOKENIZE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/internal/arabic_fold.h"
#include "shabih/normalize.h"

namespace shabih::internal {

// The byte classes of one fold table, in the shape the SIMD lookups take.
struct TokenizerTables {
  // ASCII: bit h of byte [lo] says whether code point 16*h+lo is in the
  // class (h = 0..7): two 16-byte shuffles classify any byte.
  alignas(16) uint8_t ascii_plain[16] = {};
  alignas(16) uint8_t ascii_separator[16] = {};
  // U+0600..U+06FF (two-byte UTF-8 with lead 0xD8..0xDB): bit b of byte [r]
  // says whether U+0600 + 8r + b folds to itself as a word character.
  alignas(16) uint8_t arabic_plain[32] = {};
  // The same for U+0600..U+06FF letters that fold to another two-byte
  // character (أ إ آ -> ا, ة -> ه, ى ئ -> ي, ...), with their folds: these
  // are rewritten in a copy of the block and then pass as plain.
  alignas(16) uint8_t arabic_fold[32] = {};
  char arabic_fold_to[256][2] = {};
  // And for U+0600..U+06FF separators (، ؛ ؟ ...).
  alignas(16) uint8_t arabic_separator[32] = {};
  const FoldTable* fold = nullptr;
};

// Built from SharedFoldTable() on first use.
const TokenizerTables& SharedTokenizerTables();
TokenizerTables BuildTokenizerTables(const FoldTable& table);

// Where tokens go: exactly one of the three is set. `target` is set by every
// Tokenize call to the Highway target (HWY_AVX2, ...) that ran, 0 by
// ScalarTokenize: the per-target test checks it to know a target really ran.
struct TokenOutput {
  std::vector<uint64_t>* hashes = nullptr;   // XXH3-64 of each token, appended
  std::vector<std::string>* tokens = nullptr;  // each token, appended
  std::string* joined = nullptr;             // tokens joined by single spaces, appended
  int64_t target = 0;
};

// The one dynamic-dispatch point: runs the best target this CPU supports
// (hwy::SupportedTargets(), which SetSimdTarget and tests may restrict).
void Tokenize(const TokenizerTables& tables, PrefixFolding folding, absl::string_view text, TokenOutput* out);

// Today's scalar tokenizer, kept as the oracle of the differential tests and
// the "old" side of bench/normalize_bench.cc.
void ScalarTokenize(const FoldTable* table, PrefixFolding folding, absl::string_view text, TokenOutput* out);

// The Highway targets compiled into the library (HWY_TARGETS of
// tokenize_simd.cc), as one bit per target.
int64_t CompiledSimdTargets();

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_TOKENIZE_H_
