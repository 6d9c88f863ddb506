// The normalizer's per-code-point folding (kNormalizationVersion), for code
// that must fold text exactly as tokens are folded, such as the boilerplate
// line fingerprint.
//
//   using namespace shabih::internal;
//   FoldCodePoint(0x0623)    // {FoldKind::kWord, "ا"}  (alef with hamza -> alef)
//   FoldCodePoint(0x064E)    // {FoldKind::kDrop, ""}   (fatha vanishes inside a word)
//   FoldForMatching(0x0672)  // 0x0627: the same alef fold the tokenizer applies
//   FoldForMatching(0x0661)  // '1': Arabic-Indic digits fold to ASCII
//   FoldForMatching(0x060C)  // kFoldSeparator (Arabic comma)
//
// The data is engine/normalize_table.inc: generated from ICU (NFKC_Casefold
// per code point) plus the Arabic rules by scripts/normalization/ and
// committed, so the library never calls ICU and a new ICU cannot change
// tokens silently. Its digest is pinned to kNormalizationVersion by a test
// (tests/normalize_table_test.cc); docs/normalization.md says how to
// regenerate it.
//
// Thread safety: the table is built once, on first use (thread-safe static
// initialization), and immutable afterwards; every function may be called
// from any thread.
#ifndef SHABIH_ENGINE_INTERNAL_ARABIC_FOLD_H_
#define SHABIH_ENGINE_INTERNAL_ARABIC_FOLD_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace shabih::internal {

// What a code point becomes in a token.
enum class FoldKind : uint8_t {
  kSeparator = 0,  // ends the current token: spaces, punctuation, symbols, unassigned
  kDrop = 1,       // vanishes without splitting a word: diacritics, tatweel, invisible controls
  kWord = 2,       // a word character, folded to 1..kMaxWordFoldBytes UTF-8 bytes (one word)
  kLong = 3,       // folds to longer text or to several words (ligatures such as U+FDFA)
};

// The table covers the Basic Multilingual Plane. Code points above it are
// word characters kept as written (they are rare in news text, and a table
// of the whole range would cost 8 MB).
inline constexpr size_t kFoldTableSize = 0x10000;
// Longest kWord fold: 6 bytes keep an entry at 8 bytes (cache-friendly) and
// cover every single-word fold but a few ligatures.
inline constexpr size_t kMaxWordFoldBytes = 6;

// One table entry: 8 bytes, read once per code point by the tokenizer.
struct FoldEntry {
  FoldKind kind = FoldKind::kSeparator;
  uint8_t length = 0;  // kWord: bytes used in `bytes`
  // kWord: the folded UTF-8. kLong: the index into FoldTable::long_forms,
  // little-endian in bytes[0..1].
  char bytes[kMaxWordFoldBytes] = {};
};

struct FoldTable {
  FoldEntry entries[kFoldTableSize];
  // kLong folds: words separated by single spaces, with a trailing space
  // when the folded form ends in a separator (it ends the word it leaves
  // open).
  std::vector<std::string> long_forms;

  absl::string_view LongForm(const FoldEntry& e) const {
    return long_forms[static_cast<uint8_t>(e.bytes[0]) | static_cast<uint8_t>(e.bytes[1]) << 8];
  }
};

// The process-wide table, expanded from engine/normalize_table.inc on first
// use (512 KB plus the long forms). Never fails.
const FoldTable& SharedFoldTable();
// A fresh expansion of the same data, for benchmarks and tests; everything
// else shares SharedFoldTable().
std::unique_ptr<FoldTable> ExpandFoldTable();

// The fold of one code point: its kind and, for kWord and kLong, the folded
// UTF-8 (pointing into the shared table, valid for the process's lifetime).
// Code points above U+FFFF give {kWord, ""}: kept as written (the caller
// copies its own bytes); above U+10FFFF, {kSeparator, ""}.
struct CodePointFold {
  FoldKind kind;
  absl::string_view utf8;
};
CodePointFold FoldCodePoint(char32_t code_point);

// FoldCodePoint reduced to one code point, for matchers that fold character
// by character:
//   kDrop                          -> kFoldDropped
//   kSeparator                     -> kFoldSeparator
//   kWord folding to one code point -> that code point (letters, digits '0'..'9')
//   anything else (a fold to several code points, such as U+FEFB lam-alef
//   -> "لا" or U+00DF -> "ss", and code points above U+FFFF)
//                                  -> the code point itself, unchanged
// The last case loses nothing a per-character matcher could keep; use
// FoldCodePoint to get the full folded text.
inline constexpr char32_t kFoldDropped = 0;
inline constexpr char32_t kFoldSeparator = U' ';
char32_t FoldForMatching(char32_t code_point);

// XXH3-64 of the table's content: for each BMP code point in order, one
// record from AppendFoldDigestRecord. Tied to kNormalizationVersion by a
// golden test; the generator writes the same value into the .inc.
uint64_t FoldTableDigest(const FoldTable& table);

// Where the committed table came from, as the generator recorded it.
struct FoldTableOrigin {
  const char* icu_version;      // e.g. "72.1"
  const char* unicode_version;  // e.g. "15.0"
  uint64_t digest;              // FoldTableDigest of the generated table
};
FoldTableOrigin GeneratedFoldTableOrigin();

// The digest record of one code point's fold: kind byte, length byte, then
// the folded UTF-8 (kWord and kLong; empty otherwise).
inline void AppendFoldDigestRecord(FoldKind kind, absl::string_view utf8, std::string* out) {
  out->push_back(static_cast<char>(kind));
  out->push_back(static_cast<char>(static_cast<uint8_t>(utf8.size())));
  out->append(utf8.data(), utf8.size());
}

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_ARABIC_FOLD_H_
