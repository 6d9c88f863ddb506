// Arabic text normalization and tokenization.
//
// Turns raw crawl text into the word tokens every similarity measure in
// shabih works on. The mapping is a documented, versioned table
// (docs/normalization.md); its version, kNormalizationVersion, is recorded in
// every output's params so results from different versions are never mixed.
//
//   const shabih::Normalizer& n = shabih::Normalizer::Default();   // light clitic folding
//   std::string light = n.Normalize("وَقَالَ الرَّئِيسُ: «أهلاً»");   // "قال رييس اهلا"
//   auto none = shabih::Normalizer::Create({.prefix_folding = shabih::PrefixFolding::kNone});
//   std::string plain = (*none)->Normalize("وَقَالَ الرَّئِيسُ: «أهلاً»");   // "وقال الرييس اهلا"
//   std::vector<uint64_t> hashes;
//   n.TokenHashes("وقال الرئيس", &hashes);   // XXH3 of "قال" and "رييس"
//
// How: a table over the whole Basic Multilingual Plane says what each code
// point becomes; tokenizing is one table lookup per code point that folds
// (SIMD code passes runs of characters that fold to themselves, most Arabic
// letters, without a lookup; include/shabih/simd.h). The table is
// data committed to the repository (engine/normalize_table.inc), generated
// once from ICU (NFKC case folding per code point) plus the Arabic foldings
// below; the library never calls ICU, so a new ICU or Unicode version cannot
// silently change tokens, and a test pins the table's digest to
// kNormalizationVersion. Diacritics, tatweel and invisible controls map to
// nothing, so they never split a word. Supplementary-plane code points are
// kept as word characters unchanged.
//
// Thread safety: a Normalizer is immutable after construction; all methods
// are const and safe to call from many threads. All normalizers share one
// immutable table, built on first use.
#ifndef SHABIH_NORMALIZE_H_
#define SHABIH_NORMALIZE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shabih {
namespace internal {
struct FoldTable;        // engine/internal/arabic_fold.h
struct TokenizerTables;  // engine/internal/tokenize.h
}  // namespace internal

// Bumped whenever any mapping changes: outputs record it. A test ties the
// committed table's digest to this string (tests/normalize_table_test.cc).
inline constexpr char kNormalizationVersion[] = "ar-norm-1";

// How Arabic clitics are folded at token level.
enum class PrefixFolding {
  // Tokens are kept as written after character folding.
  kNone,
  // Light folding, for matching edited re-posts: a stand-alone conjunction
  // token "و" is dropped, a leading "و" is removed from tokens of 4+ letters,
  // and the article "ال" (also "وال", "بال", "فال", "كال", and "لل") is
  // removed when at least 2 letters remain. So "و تقنية", "وتقنية" and
  // "والتقنية" all yield "تقنيه". Measured default: see docs/normalization.md.
  //
  // Not idempotent: "والوالد" -> "والد" -> "الد", and a word that merely
  // starts with و loses it ("وزير" -> "زير"). That is acceptable for
  // matching: folding is applied exactly once, to the raw tokens of every
  // document, and signatures only ever compare tokens folded the same way,
  // so equal raw tokens give equal folded tokens. Do not feed Normalize()
  // output back through a kLight normalizer expecting the same tokens.
  kLight,
};

struct NormalizerOptions {
  // Default chosen by measurement on SaudiNewsNet (docs/normalization.md).
  PrefixFolding prefix_folding = PrefixFolding::kLight;
};

const char* PrefixFoldingName(PrefixFolding folding);
// Parses "none" | "light".
absl::StatusOr<PrefixFolding> ParsePrefixFolding(absl::string_view name);

class Normalizer {
 public:
  // InvalidArgument only for a prefix_folding outside the enum; with valid
  // options creation cannot fail (the table is committed data).
  static absl::StatusOr<std::unique_ptr<Normalizer>> Create(NormalizerOptions options = {});
  // A process-wide normalizer with default options (built once, on first
  // use; never fails, never destroyed).
  static const Normalizer& Default();

  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  const NormalizerOptions& options() const { return options_; }

  // The normalized tokens of `text`, joined by single spaces. Meant for
  // humans, tests and lexicons; the hot path uses TokenHashes().
  std::string Normalize(absl::string_view text) const;

  // Appends each normalized token of `text` to `tokens`.
  void Tokens(absl::string_view text, std::vector<std::string>* tokens) const;

  // Appends the 64-bit XXH3 hash of each normalized token to `hashes`.
  // Invalid UTF-8 bytes act as word separators (they never crash).
  void TokenHashes(absl::string_view text, std::vector<uint64_t>* hashes) const;

  // Normalization of a single code point as UTF-8 (empty if it is dropped),
  // and whether it is a word character. For tests and documentation.
  std::string MapCodePoint(char32_t code_point, bool* is_word_char) const;

 private:
  Normalizer(NormalizerOptions options, const internal::FoldTable* table);
  NormalizerOptions options_;
  const internal::FoldTable* table_;  // shared, immutable, never freed
  const internal::TokenizerTables* tokenizer_;  // the SIMD classes of table_; shared, never freed
};

}  // namespace shabih

#endif  // SHABIH_NORMALIZE_H_
