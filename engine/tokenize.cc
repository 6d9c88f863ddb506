#include "engine/internal/tokenize.h"

#include <xxhash.h>

#include <string>
#include <vector>

#include "engine/internal/token_builder.h"

namespace shabih::internal {
namespace {

// Whether code point cp is a word character that folds to its own UTF-8.
bool FoldsToItself(const FoldTable& table, char32_t cp) {
  const FoldEntry& e = table.entries[cp];
  if (e.kind != FoldKind::kWord) return false;
  char utf8[2];
  size_t n;
  if (cp < 0x80) {
    utf8[0] = static_cast<char>(cp);
    n = 1;
  } else {  // only U+0600..U+06FF are asked: two bytes
    utf8[0] = static_cast<char>(0xC0 | (cp >> 6));
    utf8[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  }
  return e.length == n && std::memcmp(e.bytes, utf8, n) == 0;
}

template <typename Sink>
void ScalarTokenizeWith(const FoldTable& table, PrefixFolding folding, absl::string_view text, Sink& sink) {
  TokenBuilder<Sink> b(folding, sink);
  const uint8_t* p = reinterpret_cast<const uint8_t*>(text.data());
  const uint8_t* const end = p + text.size();
  while (p < end) p = StepCodePoint(table, p, end, b);
  b.Flush();
}

}  // namespace

TokenizerTables BuildTokenizerTables(const FoldTable& table) {
  TokenizerTables t;
  t.fold = &table;
  for (char32_t cp = 0; cp < 0x80; ++cp) {
    const uint8_t bit = static_cast<uint8_t>(1u << (cp >> 4));
    if (FoldsToItself(table, cp)) t.ascii_plain[cp & 0xF] |= bit;
    if (table.entries[cp].kind == FoldKind::kSeparator) t.ascii_separator[cp & 0xF] |= bit;
  }
  for (char32_t offset = 0; offset < 0x100; ++offset) {
    const uint8_t bit = static_cast<uint8_t>(1u << (offset & 7));
    const FoldEntry& e = table.entries[0x600 + offset];
    if (FoldsToItself(table, 0x600 + offset)) {
      t.arabic_plain[offset >> 3] |= bit;
    } else if (e.kind == FoldKind::kWord && e.length == 2) {
      t.arabic_fold[offset >> 3] |= bit;
      t.arabic_fold_to[offset][0] = e.bytes[0];
      t.arabic_fold_to[offset][1] = e.bytes[1];
    } else if (e.kind == FoldKind::kSeparator) {
      t.arabic_separator[offset >> 3] |= bit;
    }
  }
  return t;
}

const TokenizerTables& SharedTokenizerTables() {
  static const TokenizerTables* const tables = new TokenizerTables(BuildTokenizerTables(SharedFoldTable()));
  return *tables;
}

void ScalarTokenize(const FoldTable* table, PrefixFolding folding, absl::string_view text, TokenOutput* out) {
  out->target = 0;
  if (out->hashes != nullptr) {
    std::vector<uint64_t>* hashes = out->hashes;
    auto sink = [hashes](absl::string_view token) { hashes->push_back(XXH3_64bits(token.data(), token.size())); };
    ScalarTokenizeWith(*table, folding, text, sink);
  } else if (out->tokens != nullptr) {
    std::vector<std::string>* tokens = out->tokens;
    auto sink = [tokens](absl::string_view token) { tokens->emplace_back(token); };
    ScalarTokenizeWith(*table, folding, text, sink);
  } else if (out->joined != nullptr) {
    std::string* joined = out->joined;
    const size_t start = joined->size();
    auto sink = [joined, start](absl::string_view token) {
      if (joined->size() > start) joined->push_back(' ');
      joined->append(token.data(), token.size());
    };
    ScalarTokenizeWith(*table, folding, text, sink);
  }
}

}  // namespace shabih::internal
