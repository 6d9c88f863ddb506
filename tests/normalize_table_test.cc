// The committed normalization table (engine/normalize_table.inc): pinned to
// kNormalizationVersion, equal to its ICU definition, and the per-code-point
// API other matchers use (engine/internal/arabic_fold.h).
#include <cinttypes>
#include <cstdio>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/internal/arabic_fold.h"
#include "gtest/gtest.h"
#include "scripts/normalization/icu_fold.h"
#include "shabih/normalize.h"

namespace shabih {
namespace {

using internal::FoldCodePoint;
using internal::FoldForMatching;
using internal::FoldKind;

std::string Hex(uint64_t v) {
  char text[24];
  std::snprintf(text, sizeof(text), "0x%016" PRIX64, v);
  return text;
}

std::string Utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {  // some CJK compatibility ideographs fold above the BMP
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// The digest of the table each normalization version stands for. A changed
// table with an unchanged kNormalizationVersion fails here: old and new
// signatures would be mixed under one version string. To change the table,
// bump kNormalizationVersion and add its digest (never edit an old one).
const std::map<std::string, uint64_t>& DigestOfVersion() {
  static const auto* digests = new std::map<std::string, uint64_t>{
      {"ar-norm-1", 0xC360204CC1D64C02ULL},
  };
  return *digests;
}

TEST(NormalizeTable, DigestIsPinnedToTheNormalizationVersion) {
  const uint64_t digest = internal::FoldTableDigest(internal::SharedFoldTable());
  const auto it = DigestOfVersion().find(kNormalizationVersion);
  ASSERT_NE(it, DigestOfVersion().end())
      << "new kNormalizationVersion " << kNormalizationVersion << ": add {\"" << kNormalizationVersion
      << "\", " << Hex(digest) << "ULL} to DigestOfVersion()";
  EXPECT_EQ(Hex(digest), Hex(it->second))
      << "the normalization table changed but kNormalizationVersion is still " << kNormalizationVersion
      << ": bump it (include/shabih/normalize.h) and record the new digest";
  // The generator computed the same digest from the ICU table it encoded, so
  // the expansion here is faithful to what was generated.
  EXPECT_EQ(Hex(digest), Hex(internal::GeneratedFoldTableOrigin().digest));
}

// Every BMP code point of the committed table equals its ICU definition, when
// this machine has the ICU the table was generated from. With another ICU,
// differences are expected (new Unicode data) and are exactly what pinning
// the table keeps out of signatures: the test then reports them and skips.
TEST(NormalizeTable, CommittedTableEqualsIcuDefinitionForEveryBmpCodePoint) {
  absl::StatusOr<std::vector<normalization_gen::IcuFold>> icu = normalization_gen::BuildIcuFoldTable();
  ASSERT_TRUE(icu.ok()) << icu.status();
  ASSERT_EQ(icu->size(), internal::kFoldTableSize);
  int differences = 0;
  std::string first_differences;
  for (char32_t cp = 0; cp < internal::kFoldTableSize; ++cp) {
    const internal::CodePointFold committed = FoldCodePoint(cp);
    const normalization_gen::IcuFold& expected = (*icu)[cp];
    if (committed.kind == expected.kind && committed.utf8 == expected.utf8) continue;
    if (++differences <= 10) {
      absl::StrAppend(&first_differences, " U+", absl::Hex(static_cast<uint32_t>(cp), absl::kZeroPad4),
                      " committed kind ", static_cast<int>(committed.kind), " '", committed.utf8,
                      "', ICU kind ", static_cast<int>(expected.kind), " '", expected.utf8, "';");
    }
  }
  const internal::FoldTableOrigin origin = internal::GeneratedFoldTableOrigin();
  if (normalization_gen::IcuVersion() != origin.icu_version) {
    GTEST_SKIP() << "table generated from ICU " << origin.icu_version << ", this machine has ICU "
                 << normalization_gen::IcuVersion() << ": " << differences
                 << " code points would fold differently (tokens are unaffected: the table is committed)."
                 << first_differences;
  }
  EXPECT_EQ(differences, 0) << "engine/normalize_table.inc is not what ICU " << origin.icu_version
                            << " and scripts/normalization/icu_fold.cc give; regenerate it"
                            << " (docs/normalization.md):" << first_differences;
}

TEST(ArabicFold, FoldCodePointKnownAnswers) {
  EXPECT_EQ(FoldCodePoint(0x0623).kind, FoldKind::kWord);
  EXPECT_EQ(FoldCodePoint(0x0623).utf8, "ا");
  EXPECT_EQ(FoldCodePoint(0x0041).utf8, "a");
  EXPECT_EQ(FoldCodePoint(0xFEFB).utf8, "لا");  // lam-alef ligature: two code points
  EXPECT_EQ(FoldCodePoint(0x064E).kind, FoldKind::kDrop);  // fatha
  EXPECT_EQ(FoldCodePoint(0x0640).kind, FoldKind::kDrop);  // tatweel
  EXPECT_EQ(FoldCodePoint(0x060C).kind, FoldKind::kSeparator);  // Arabic comma
  EXPECT_EQ(FoldCodePoint(0xFDFA).kind, FoldKind::kLong);
  EXPECT_EQ(FoldCodePoint(0xFDFA).utf8, "صلي الله عليه وسلم");
  EXPECT_EQ(FoldCodePoint(0x1F600).kind, FoldKind::kWord);  // above the BMP: kept as written
  EXPECT_EQ(FoldCodePoint(0x1F600).utf8, "");
  EXPECT_EQ(FoldCodePoint(0x110000).kind, FoldKind::kSeparator);  // not a code point
}

TEST(ArabicFold, FoldForMatchingKnownAnswers) {
  // The alef forms, including U+0672/U+0673, which the boilerplate
  // fingerprint's own fold used to keep apart.
  for (char32_t alef : {0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673}) {
    EXPECT_EQ(FoldForMatching(alef), U'\u0627') << std::hex << static_cast<uint32_t>(alef);
  }
  EXPECT_EQ(FoldForMatching(0x0649), U'\u064A');  // alef maksura -> ya
  EXPECT_EQ(FoldForMatching(0x0629), U'\u0647');  // ta marbuta -> ha
  EXPECT_EQ(FoldForMatching(0x0661), U'1');       // Arabic-Indic digit
  EXPECT_EQ(FoldForMatching(0x06F5), U'5');       // Persian digit
  EXPECT_EQ(FoldForMatching(U'A'), U'a');
  EXPECT_EQ(FoldForMatching(0x00E9), U'e');       // é: accent removed
  EXPECT_EQ(FoldForMatching(0x064E), internal::kFoldDropped);
  EXPECT_EQ(FoldForMatching(0x200C), internal::kFoldDropped);  // ZWNJ
  EXPECT_EQ(FoldForMatching(0x060C), internal::kFoldSeparator);
  EXPECT_EQ(FoldForMatching(U'!'), internal::kFoldSeparator);
  // Folds to several code points keep the code point itself.
  EXPECT_EQ(FoldForMatching(0xFEFB), U'\uFEFB');
  EXPECT_EQ(FoldForMatching(0x00DF), U'\u00DF');
  EXPECT_EQ(FoldForMatching(0xFDFA), U'\uFDFA');
  EXPECT_EQ(FoldForMatching(0x1F600), U'\U0001F600');
}

// The accessor and the tokenizer read the same table: FoldForMatching of
// every BMP code point agrees with the normalizer's own mapping.
TEST(ArabicFold, FoldForMatchingAgreesWithTheNormalizerEverywhere) {
  const Normalizer& n = Normalizer::Default();
  for (char32_t cp = 0; cp < internal::kFoldTableSize; ++cp) {
    bool word = false;
    const std::string mapped = n.MapCodePoint(cp, &word);
    const internal::CodePointFold fold = FoldCodePoint(cp);
    ASSERT_EQ(word, fold.kind == FoldKind::kWord || fold.kind == FoldKind::kLong) << static_cast<uint32_t>(cp);
    ASSERT_EQ(mapped, fold.utf8) << static_cast<uint32_t>(cp);
    const char32_t c = FoldForMatching(cp);
    if (fold.kind == FoldKind::kDrop) ASSERT_EQ(c, internal::kFoldDropped) << static_cast<uint32_t>(cp);
    if (fold.kind == FoldKind::kSeparator) ASSERT_EQ(c, internal::kFoldSeparator) << static_cast<uint32_t>(cp);
    // A single-code-point fold comes back as that code point.
    if (word && c != cp) ASSERT_EQ(Utf8(c), mapped) << static_cast<uint32_t>(cp);
  }
}

}  // namespace
}  // namespace shabih
