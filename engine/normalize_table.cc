// The normalization table: expanded once from the committed, range-encoded
// engine/normalize_table.inc (see engine/internal/arabic_fold.h).
#include <xxhash.h>

#include <cstring>

#include "engine/internal/arabic_fold.h"
#include "engine/internal/utf8.h"

namespace shabih::internal {
namespace {

// The vocabulary of normalize_table.inc.
struct FoldRun {
  uint16_t first, last;
  FoldKind kind;
  int32_t delta;
};
struct FoldString {
  uint16_t code_point;
  FoldKind kind;
  const char* utf8;
};
constexpr FoldKind kD = FoldKind::kDrop;
constexpr FoldKind kW = FoldKind::kWord;
constexpr FoldKind kL = FoldKind::kLong;

#include "engine/normalize_table.inc"

void SetWord(absl::string_view utf8, FoldEntry* e) {
  e->kind = FoldKind::kWord;
  e->length = static_cast<uint8_t>(utf8.size());
  std::memcpy(e->bytes, utf8.data(), utf8.size());
}


}  // namespace

// The generator checked that every kW fold fits kMaxWordFoldBytes and that
// the encoding round-trips, so expanding cannot fail.
std::unique_ptr<FoldTable> ExpandFoldTable() {
  auto table = std::make_unique<FoldTable>();
  for (const FoldRun& run : kFoldRuns) {
    for (uint32_t cp = run.first; cp <= run.last; ++cp) {
      FoldEntry& e = table->entries[cp];
      e.kind = run.kind;
      if (run.kind == kW) {
        char utf8[4];
        SetWord({utf8, EncodeUtf8(static_cast<char32_t>(cp + run.delta), utf8)}, &e);
      }
    }
  }
  for (const FoldString& s : kFoldStrings) {
    FoldEntry& e = table->entries[s.code_point];
    if (s.kind == kL) {
      const size_t index = table->long_forms.size();
      table->long_forms.emplace_back(s.utf8);
      e.kind = kL;
      e.bytes[0] = static_cast<char>(index & 0xFF);
      e.bytes[1] = static_cast<char>(index >> 8);
    } else {
      SetWord(s.utf8, &e);
    }
  }
  return table;
}

const FoldTable& SharedFoldTable() {
  // Deliberately never freed: normalizers may be used from other static
  // destructors.
  static const FoldTable* const table = ExpandFoldTable().release();
  return *table;
}

CodePointFold FoldCodePoint(char32_t code_point) {
  if (code_point >= kFoldTableSize) {
    return {code_point <= 0x10FFFF ? FoldKind::kWord : FoldKind::kSeparator, {}};
  }
  const FoldTable& table = SharedFoldTable();
  const FoldEntry& e = table.entries[code_point];
  switch (e.kind) {
    case FoldKind::kWord: return {e.kind, absl::string_view(e.bytes, e.length)};
    case FoldKind::kLong: return {e.kind, table.LongForm(e)};
    default: return {e.kind, {}};
  }
}

char32_t FoldForMatching(char32_t code_point) {
  const CodePointFold fold = FoldCodePoint(code_point);
  switch (fold.kind) {
    case FoldKind::kDrop: return kFoldDropped;
    case FoldKind::kSeparator: return kFoldSeparator;
    case FoldKind::kLong: return code_point;
    case FoldKind::kWord: break;
  }
  const absl::string_view u = fold.utf8;
  const auto byte = [&u](size_t i) { return static_cast<char32_t>(static_cast<uint8_t>(u[i])); };
  // One code point iff its lead byte's length is the whole fold.
  if (u.size() == 1) return byte(0);
  if (u.size() == 2 && (byte(0) & 0xE0) == 0xC0) return (byte(0) & 0x1F) << 6 | (byte(1) & 0x3F);
  if (u.size() == 3 && (byte(0) & 0xF0) == 0xE0) {
    return (byte(0) & 0x0F) << 12 | (byte(1) & 0x3F) << 6 | (byte(2) & 0x3F);
  }
  if (u.size() == 4 && (byte(0) & 0xF8) == 0xF0) {
    return (byte(0) & 0x07) << 18 | (byte(1) & 0x3F) << 12 | (byte(2) & 0x3F) << 6 | (byte(3) & 0x3F);
  }
  return code_point;  // several code points (or above U+FFFF: u is empty)
}

uint64_t FoldTableDigest(const FoldTable& table) {
  std::string records;
  records.reserve(4 * kFoldTableSize);
  for (const FoldEntry& e : table.entries) {
    absl::string_view utf8;
    if (e.kind == FoldKind::kWord) utf8 = absl::string_view(e.bytes, e.length);
    if (e.kind == FoldKind::kLong) utf8 = table.LongForm(e);
    AppendFoldDigestRecord(e.kind, utf8, &records);
  }
  return XXH3_64bits(records.data(), records.size());
}

FoldTableOrigin GeneratedFoldTableOrigin() {
  return {kFoldTableIcuVersion, kFoldTableUnicodeVersion, kFoldTableDigest};
}

}  // namespace shabih::internal
