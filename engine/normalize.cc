#include "shabih/normalize.h"

#include <xxhash.h>

#include <cstring>

#include "absl/strings/str_cat.h"
#include "engine/internal/arabic_fold.h"
#include "engine/internal/utf8.h"
#include "engine/internal/utf8_decode.h"

namespace shabih {
namespace {

using internal::FoldEntry;
using internal::FoldKind;
using internal::FoldTable;

// Tokens longer than this are cut into pieces: a 100 MB run of letters
// without spaces must not grow a buffer without bound.
constexpr size_t kMaxTokenBytes = 256;


// Applies PrefixFolding::kLight to a normalized token; returns the kept part
// (possibly empty: the token is dropped). Letters are compared as their
// two UTF-8 bytes: this runs once per token on the hot path.
absl::string_view FoldPrefixes(absl::string_view token) {
  auto letter = [&token](size_t i) -> uint16_t {
    return static_cast<uint16_t>(static_cast<unsigned char>(token[2 * i]) << 8 |
                                 static_cast<unsigned char>(token[2 * i + 1]));
  };
  constexpr uint16_t kWaw = 0xD988, kAlef = 0xD8A7, kLam = 0xD984, kBa = 0xD8A8, kFa = 0xD981, kKaf = 0xD983;
  const size_t n = token.size();
  if (n < 2) return token;
  const uint16_t first = letter(0);
  if (n == 2) return first == kWaw ? absl::string_view() : token;  // stand-alone conjunction
  if (n < 8) return token;  // under 4 letters nothing is removed
  const uint16_t second = letter(1);
  // wa/bi/fa/ka + al- when >= 2 letters remain.
  if (n >= 10 && second == kAlef && letter(2) == kLam &&
      (first == kWaw || first == kBa || first == kFa || first == kKaf)) {
    return token.substr(6);
  }
  if ((first == kAlef && second == kLam) || (first == kLam && second == kLam)) return token.substr(4);
  if (first == kWaw) return token.substr(2);
  return token;
}

// The tokenizer: calls sink(string_view token) for each normalized token.
template <typename Sink>
void ForEachToken(const FoldTable& table, PrefixFolding folding, absl::string_view text,
                  Sink&& sink) {
  // Slack so that 6-byte entry copies never need a bounds check.
  char token[kMaxTokenBytes + 64];
  size_t length = 0;
  auto flush = [&] {
    if (length == 0) return;
    absl::string_view t(token, length);
    length = 0;
    if (folding == PrefixFolding::kLight) t = FoldPrefixes(t);
    if (!t.empty()) sink(t);
  };
  auto append = [&](const char* bytes, size_t n) {
    if (length + n > kMaxTokenBytes) flush();
    std::memcpy(token + length, bytes, n);
    length += n;
  };
  const uint8_t* p = reinterpret_cast<const uint8_t*>(text.data());
  const uint8_t* const end = p + text.size();
  while (p < end) {
    int32_t cp;
    if (*p < 0x80) {
      cp = *p++;
    } else {
      int n;
      cp = internal::DecodeUtf8(p, end, &n);
      p += n;
      if (cp < 0) {  // invalid byte: a separator, never a crash
        flush();
        continue;
      }
      if (cp >= 0x10000) {  // supplementary planes: kept verbatim as word chars
        append(reinterpret_cast<const char*>(p - n), n);
        continue;
      }
    }
    const FoldEntry& e = table.entries[cp];
    switch (e.kind) {
      case FoldKind::kWord:
        if (length + sizeof(e.bytes) > kMaxTokenBytes) flush();
        std::memcpy(token + length, e.bytes, sizeof(e.bytes));
        length += e.length;
        break;
      case FoldKind::kSeparator:
        flush();
        break;
      case FoldKind::kDrop:
        break;
      case FoldKind::kLong: {
        const absl::string_view form = table.LongForm(e);
        size_t start = 0;
        while (start <= form.size()) {
          size_t space = form.find(' ', start);
          if (space == absl::string_view::npos) space = form.size();
          if (space > start) append(form.data() + start, space - start);
          if (space < form.size()) flush();
          start = space + 1;
        }
        break;
      }
    }
  }
  flush();
}

}  // namespace

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
    : options_(options), table_(table) {}
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

std::string Normalizer::Normalize(absl::string_view text) const {
  std::string out;
  ForEachToken(*table_, options_.prefix_folding, text, [&](absl::string_view token) {
    if (!out.empty()) out.push_back(' ');
    out.append(token.data(), token.size());
  });
  return out;
}

void Normalizer::Tokens(absl::string_view text, std::vector<std::string>* tokens) const {
  ForEachToken(*table_, options_.prefix_folding, text,
               [&](absl::string_view token) { tokens->emplace_back(token); });
}

void Normalizer::TokenHashes(absl::string_view text, std::vector<uint64_t>* hashes) const {
  ForEachToken(*table_, options_.prefix_folding, text, [&](absl::string_view token) {
    hashes->push_back(XXH3_64bits(token.data(), token.size()));
  });
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
