#include "shabih/normalize.h"

#include "absl/strings/str_cat.h"
#include "engine/internal/arabic_fold.h"
#include "engine/internal/tokenize.h"
#include "engine/internal/utf8.h"

namespace shabih {

using internal::FoldEntry;
using internal::FoldKind;

const char* PrefixFoldingName(PrefixFolding folding) {
  return folding == PrefixFolding::kLight ? "light" : "none";
}

absl::StatusOr<PrefixFolding> ParsePrefixFolding(absl::string_view name) {
  if (name == "light") return PrefixFolding::kLight;
  if (name == "none") return PrefixFolding::kNone;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown prefix folding '", name, "' (expected none or light)"));
}

Normalizer::Normalizer(NormalizerOptions options, const internal::FoldTable* table)
    : options_(options), table_(table), tokenizer_(&internal::SharedTokenizerTables()) {}
Normalizer::~Normalizer() = default;

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create(NormalizerOptions options) {
  if (options.prefix_folding != PrefixFolding::kNone && options.prefix_folding != PrefixFolding::kLight) {
    return absl::InvalidArgumentError(absl::StrCat("unknown PrefixFolding value ",
                                                   static_cast<int>(options.prefix_folding)));
  }
  // Every normalizer shares the one immutable table (committed data: its
  // creation cannot fail).
  return std::unique_ptr<Normalizer>(new Normalizer(options, &internal::SharedFoldTable()));
}

const Normalizer& Normalizer::Default() {
  // Default options are valid, so this needs no Create() and no error path.
  // Never freed: it may be used from other static destructors.
  static const Normalizer* const instance = new Normalizer(NormalizerOptions{}, &internal::SharedFoldTable());
  return *instance;
}

// All three run the SIMD tokenizer (engine/internal/tokenize.h), whose
// tokens are byte-identical to the scalar reference's.
std::string Normalizer::Normalize(absl::string_view text) const {
  std::string out;
  internal::TokenOutput sink{.joined = &out};
  internal::Tokenize(*tokenizer_, options_.prefix_folding, text, &sink);
  return out;
}

void Normalizer::Tokens(absl::string_view text, std::vector<std::string>* tokens) const {
  internal::TokenOutput sink{.tokens = tokens};
  internal::Tokenize(*tokenizer_, options_.prefix_folding, text, &sink);
}

void Normalizer::TokenHashes(absl::string_view text, std::vector<uint64_t>* hashes) const {
  internal::TokenOutput sink{.hashes = hashes};
  internal::Tokenize(*tokenizer_, options_.prefix_folding, text, &sink);
}

std::string Normalizer::MapCodePoint(char32_t code_point, bool* is_word_char) const {
  std::string out;
  if (code_point >= internal::kFoldTableSize) {
    if (is_word_char) *is_word_char = true;
    AppendUtf8(code_point, &out);
    return out;
  }
  const FoldEntry& e = table_->entries[code_point];
  if (is_word_char) *is_word_char = e.kind == FoldKind::kWord || e.kind == FoldKind::kLong;
  if (e.kind == FoldKind::kWord) out.assign(e.bytes, e.length);
  if (e.kind == FoldKind::kLong) out = std::string(table_->LongForm(e));
  return out;
}

}  // namespace shabih
