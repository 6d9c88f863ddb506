#include "shabih/normalize.h"

#include <xxhash.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace shabih {
namespace {

const Normalizer& NoFolding() {
  static const Normalizer* n = Normalizer::Create({.prefix_folding = PrefixFolding::kNone})->release();
  return *n;
}

std::string NormalizeNoFolding(absl::string_view text) { return NoFolding().Normalize(text); }

TEST(Normalize, RemovesHarakatTanwinShaddaSukun) {
  // U+064B..U+0652: fathatan dammatan kasratan fatha damma kasra shadda sukun.
  EXPECT_EQ(NormalizeNoFolding("كَتَبَ"), "كتب");
  EXPECT_EQ(NormalizeNoFolding("كتابٌ كتاباً كتابٍ"), "كتاب كتابا كتاب");
  EXPECT_EQ(NormalizeNoFolding("مُدَرِّسْ"), "مدرس");
  for (char32_t mark = 0x064B; mark <= 0x065F; ++mark) {
    bool word = true;
    EXPECT_EQ(Normalizer::Default().MapCodePoint(mark, &word), "") << std::hex << static_cast<uint32_t>(mark);
  }
}

TEST(Normalize, DiacriticsNeverSplitAWord) {
  // A \W-splitting tool would cut these words at every mark.
  EXPECT_EQ(NormalizeNoFolding("الرَّئِيسُ السُّعُودِيُّ"), "الرييس السعودي");
  EXPECT_EQ(NormalizeNoFolding("قُرْآنٌ"), "قران");
  // Superscript alef, Quranic marks and tatweel vanish inside words.
  EXPECT_EQ(NormalizeNoFolding("هٰذا"), "هذا");
  EXPECT_EQ(NormalizeNoFolding("الرحمٰن"), "الرحمن");
  EXPECT_EQ(NormalizeNoFolding("صلىۖ"), "صلي");
  EXPECT_EQ(NormalizeNoFolding("ﺍﻟﻠﻪ"), "الله");
  EXPECT_EQ(NormalizeNoFolding("جمـــيل"), "جميل");
  EXPECT_EQ(NormalizeNoFolding("عؐلي"), "علي");  // U+0610
}

TEST(Normalize, QuranicMarksAndTatweelAreDropped) {
  for (char32_t c : {char32_t{0x0670}, char32_t{0x0640}}) {
    EXPECT_EQ(Normalizer::Default().MapCodePoint(c, nullptr), "") << std::hex << static_cast<uint32_t>(c);
  }
  for (char32_t c = 0x0610; c <= 0x061A; ++c) EXPECT_EQ(Normalizer::Default().MapCodePoint(c, nullptr), "");
  for (char32_t c = 0x06D6; c <= 0x06ED; ++c) {
    EXPECT_EQ(Normalizer::Default().MapCodePoint(c, nullptr), "") << std::hex << static_cast<uint32_t>(c);
  }
}

TEST(Normalize, FoldsAlefForms) {
  EXPECT_EQ(NormalizeNoFolding("أحمد إبراهيم آمال ٱلله"), "احمد ابراهيم امال الله");
  // Decomposed alef + hamza above folds the same as the precomposed letter.
  EXPECT_EQ(NormalizeNoFolding("ا\u0654حمد"), "احمد");
}

TEST(Normalize, FoldsYaTaMarbutaWawAndYaHamza) {
  EXPECT_EQ(NormalizeNoFolding("على مستشفى"), "علي مستشفي");
  EXPECT_EQ(NormalizeNoFolding("مدرسة الجامعة"), "مدرسه الجامعه");
  EXPECT_EQ(NormalizeNoFolding("مؤتمر"), "موتمر");
  EXPECT_EQ(NormalizeNoFolding("رئيس"), "رييس");
}

TEST(Normalize, FoldsPersianLetters) {
  EXPECT_EQ(NormalizeNoFolding("کتاب"), "كتاب");  // U+06A9 keheh
  EXPECT_EQ(NormalizeNoFolding("علی"), "علي");    // U+06CC Farsi yeh
}

TEST(Normalize, FoldsDigitsToAscii) {
  EXPECT_EQ(NormalizeNoFolding("٢٠١٥م"), "2015م");
  EXPECT_EQ(NormalizeNoFolding("۱۲۳۴۵۶۷۸۹۰"), "1234567890");  // Persian digits
  EXPECT_EQ(NormalizeNoFolding("عام ٢٠١٤"), NormalizeNoFolding("عام 2014"));
}

TEST(Normalize, DropsZeroWidthAndBidiControls) {
  for (char32_t c : {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                     0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF}) {
    EXPECT_EQ(Normalizer::Default().MapCodePoint(c, nullptr), "") << std::hex << static_cast<uint32_t>(c);
  }
  EXPECT_EQ(NormalizeNoFolding("\xEF\xBB\xBF" "مر\u200Cحبا \u202Bنص\u202C"), "مرحبا نص");
}

TEST(Normalize, LowercasesLatinAndRemovesAccents) {
  EXPECT_EQ(NormalizeNoFolding("OPEC+ Café CAFE\u0301"), "opec cafe cafe");
  EXPECT_EQ(NormalizeNoFolding("ＦＵＬＬ　ｗｉｄｔｈ"), "full width");
}

TEST(Normalize, ArabicPunctuationSeparatesWords) {
  EXPECT_EQ(NormalizeNoFolding("قال،ثم؛سأل؟نعم«هنا»٪"), "قال ثم سال نعم هنا");
  EXPECT_EQ(NormalizeNoFolding("/أوبك بلس/"), "اوبك بلس");
  bool word = true;
  for (char32_t c : {0x060C, 0x061B, 0x061F, 0x066A, 0x00AB, 0x00BB}) {
    Normalizer::Default().MapCodePoint(c, &word);
    EXPECT_FALSE(word) << std::hex << static_cast<uint32_t>(c);
  }
}

TEST(Normalize, PresentationFormsAndLigaturesFoldLikeNfkc) {
  EXPECT_EQ(NormalizeNoFolding("ﻻ"), "لا");             // lam-alef ligature
  EXPECT_EQ(NormalizeNoFolding("ﻷ"), "لا");             // lam-alef with hamza: hamza folds away
  EXPECT_EQ(NormalizeNoFolding("ﷺ"), "صلي الله عليه وسلم");  // multi-word ligature
  EXPECT_EQ(NormalizeNoFolding("ﺑﺴﻢ"), "بسم");          // contextual forms
}

TEST(Normalize, InvalidUtf8NeverCrashesAndSeparates) {
  EXPECT_EQ(NormalizeNoFolding("abc\xFF\xFE" "def"), "abc def");
  EXPECT_EQ(NormalizeNoFolding("\xD8"), "");  // truncated 2-byte sequence
  EXPECT_EQ(NormalizeNoFolding("\xED\xA0\x80"), "");  // encoded surrogate
  EXPECT_EQ(NormalizeNoFolding(""), "");
}

TEST(Normalize, VeryLongWordIsCutNotUnbounded) {
  std::string text(10000, 'a');
  std::vector<std::string> tokens;
  Normalizer::Default().Tokens(text, &tokens);
  ASSERT_GT(tokens.size(), 1u);
  size_t total = 0;
  for (const auto& t : tokens) total += t.size();
  EXPECT_EQ(total, text.size());
}

TEST(Normalize, SupplementaryPlaneKeptAsWordCharacters) {
  EXPECT_EQ(NormalizeNoFolding("x😀y z"), "x😀y z");
}

TEST(PrefixFolding, LightFoldingMatchesSeparatedAndAttachedConjunction) {
  const Normalizer& n = Normalizer::Default();
  ASSERT_EQ(n.options().prefix_folding, PrefixFolding::kLight);
  EXPECT_EQ(n.Normalize("و تقنية"), n.Normalize("وتقنية"));
  EXPECT_EQ(n.Normalize("والتقنية"), "تقنيه");
  EXPECT_EQ(n.Normalize("التقنية"), "تقنيه");
  EXPECT_EQ(n.Normalize("بالتقنية للتقنية"), "تقنيه تقنيه");
  // Short words keep their letters: a two-letter remainder is the minimum.
  EXPECT_EQ(n.Normalize("الى"), "الي");
  EXPECT_EQ(n.Normalize("ولد"), "ولد");
}

TEST(PrefixFolding, NoneKeepsTokensAsWritten) {
  EXPECT_EQ(NormalizeNoFolding("و تقنية"), "و تقنيه");
  EXPECT_EQ(NormalizeNoFolding("والتقنية"), "والتقنيه");
}

TEST(PrefixFolding, ParsesNames) {
  EXPECT_EQ(*ParsePrefixFolding("none"), PrefixFolding::kNone);
  EXPECT_EQ(*ParsePrefixFolding("light"), PrefixFolding::kLight);
  EXPECT_FALSE(ParsePrefixFolding("heavy").ok());
}

TEST(Normalize, TokenHashesAreXxh3OfTokens) {
  const Normalizer& n = Normalizer::Default();
  const std::string text = "قال المتحدث باسم الرئاسة الروسية (الكرملين) ديمتري بيسكوف";
  std::vector<std::string> tokens;
  std::vector<uint64_t> hashes;
  n.Tokens(text, &tokens);
  n.TokenHashes(text, &hashes);
  ASSERT_EQ(tokens.size(), 8u);
  ASSERT_EQ(tokens.size(), hashes.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(hashes[i], XXH3_64bits(tokens[i].data(), tokens[i].size())) << tokens[i];
  }
}

// The character table is idempotent: folding the fold of any BMP code point
// (with the text around it) changes nothing.
TEST(Normalize, CharacterTableIsIdempotent) {
  const Normalizer& none = NoFolding();
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    const std::string once = none.Normalize(none.MapCodePoint(cp, nullptr) + "ab");
    ASSERT_EQ(none.Normalize(once), once) << std::hex << static_cast<uint32_t>(cp);
  }
  const std::string text = "وَقَالَ الرَّئِيسُ: «أهلاً» ﷺ Café ٢٠١٥";
  EXPECT_EQ(none.Normalize(none.Normalize(text)), none.Normalize(text));
}

// The example of normalize.h, with both clitic foldings.
TEST(PrefixFolding, HeaderExample) {
  const std::string text = "وَقَالَ الرَّئِيسُ: «أهلاً»";
  EXPECT_EQ(Normalizer::Default().Normalize(text), "قال رييس اهلا");
  EXPECT_EQ(NormalizeNoFolding(text), "وقال الرييس اهلا");
}

// Light folding is applied once, to raw tokens, and is not idempotent: these
// are the documented examples (normalize.h, docs/normalization.md).
TEST(PrefixFolding, LightFoldingIsNotIdempotent) {
  const Normalizer& n = Normalizer::Default();
  EXPECT_EQ(n.Normalize("والوالد"), "والد");
  EXPECT_EQ(n.Normalize(n.Normalize("والوالد")), "الد");
  EXPECT_EQ(n.Normalize("وزير"), "زير");  // a word that merely starts with waw
  // What matching needs holds: equal raw tokens fold equally, and so do the
  // spellings light folding is for.
  EXPECT_EQ(n.Normalize("والوالد"), n.Normalize("و الوالد"));
}

TEST(Normalizer, CreateSucceedsForValidOptionsAndRejectsInvalidOnes) {
  for (PrefixFolding folding : {PrefixFolding::kNone, PrefixFolding::kLight}) {
    auto n = Normalizer::Create({.prefix_folding = folding});
    ASSERT_TRUE(n.ok()) << n.status();
    EXPECT_EQ((*n)->options().prefix_folding, folding);
  }
  auto bad = Normalizer::Create({.prefix_folding = static_cast<PrefixFolding>(7)});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(&Normalizer::Default(), &Normalizer::Default());
  EXPECT_EQ(Normalizer::Default().options().prefix_folding, PrefixFolding::kLight);
}

}  // namespace
}  // namespace shabih
