// Line fingerprints (engine/line_fingerprint.cc over the fold table of
// engine/internal/line_fold.h) and the crawl statistics' line key: known
// answers for each folding rule, the zero fingerprint, long lines across the
// folder's chunks, and paragraphs keyed by a prefix.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/internal/line_fingerprint.h"
#include "gtest/gtest.h"
#include "shabih/boilerplate.h"
#include "shabih/normalize.h"

namespace shabih {
namespace {

TEST(BoilerplateRepetition, LineFingerprintFoldsDigitsMarksAndSpelling) {
  EXPECT_EQ(LineFingerprint("34 خبر"), LineFingerprint("٣٥  خبر"));
  EXPECT_EQ(LineFingerprint("إقرأ أيضاً:"), LineFingerprint("اقرا ايضا"));
  EXPECT_EQ(LineFingerprint("Share 0 Tweet 12"), LineFingerprint("share 5 tweet 7"));
  EXPECT_NE(LineFingerprint("عين اليوم – الرياض"), LineFingerprint("عين اليوم – جدة"));
  EXPECT_EQ(LineFingerprint("*** ..."), 0u);
}

TEST(LineFingerprint, DigitRunsCollapseAndMarksDoNotSplitThem) {
  // One '0' per run of digits of any script; spaces and punctuation end a run.
  EXPECT_EQ(LineFingerprint("2015"), LineFingerprint("٧"));
  EXPECT_EQ(LineFingerprint("2015"), LineFingerprint("۱۴۳۶"));  // Persian digits
  EXPECT_EQ(LineFingerprint("12 34"), LineFingerprint("5-6"));
  EXPECT_NE(LineFingerprint("12 34"), LineFingerprint("1234"));
  // Tatweel and harakat vanish inside a number without splitting it.
  EXPECT_EQ(LineFingerprint("١ـ٢"), LineFingerprint("3"));
  EXPECT_EQ(LineFingerprint("١ً٢"), LineFingerprint("3"));
}

TEST(LineFingerprint, SpacesPunctuationAndCaseVanish) {
  EXPECT_EQ(LineFingerprint("Read MORE"), LineFingerprint("read more"));
  EXPECT_EQ(LineFingerprint("read more"), LineFingerprint("readmore"));  // spaces vanish, they do not separate
  EXPECT_EQ(LineFingerprint("«خبر» — عاجل…"), LineFingerprint("خبر عاجل"));
  EXPECT_EQ(LineFingerprint("خبر، عاجل؛ هل؟"), LineFingerprint("خبر عاجل هل"));
  EXPECT_EQ(LineFingerprint("\xE2\x80\x8F" "خبر\xEF\xBB\xBF"), LineFingerprint("خبر"));  // RLM, BOM
  EXPECT_EQ(LineFingerprint("خبر\xFF"), LineFingerprint("خبر"));  // an invalid byte is ignored
  EXPECT_NE(LineFingerprint("خبر"), LineFingerprint("خبز"));
}

TEST(LineFingerprint, ArabicLettersFoldAsTheNormalizerFoldsThem) {
  const uint64_t ahmad = LineFingerprint("احمد");
  for (const char* spelling : {"أحمد", "إحمد", "آحمد", "\xD9\xB1حمد" /* U+0671 alef wasla */}) {
    EXPECT_EQ(LineFingerprint(spelling), ahmad) << spelling;
  }
  EXPECT_EQ(LineFingerprint("مدرسة"), LineFingerprint("مدرسه"));  // ta marbuta
  EXPECT_EQ(LineFingerprint("على"), LineFingerprint("علي"));      // alef maksura
  EXPECT_EQ(LineFingerprint("مؤتمر"), LineFingerprint("موتمر"));  // waw with hamza
  EXPECT_EQ(LineFingerprint("بيئة"), LineFingerprint("بييه"));    // ya with hamza
  EXPECT_EQ(LineFingerprint("\xDA\xA9تاب"), LineFingerprint("كتاب"));  // Persian keheh
  EXPECT_EQ(LineFingerprint("\xDB\x8C"), LineFingerprint("ي"));        // Persian ya
}

// One folding table for lines and tokens: every Arabic letter of
// U+0600..U+06FF folds in a line exactly as the normalizer folds it in a
// token (U+0672 / U+0673, alef with wavy hamza, once differed).
TEST(LineFingerprint, OneFoldTableWithTheNormalizer) {
  EXPECT_EQ(LineFingerprint("\xD9\xB2حمد"), LineFingerprint("احمد"));  // U+0672
  EXPECT_EQ(LineFingerprint("\xD9\xB3حمد"), LineFingerprint("احمد"));  // U+0673
  const Normalizer& n = Normalizer::Default();
  int letters = 0;
  for (char32_t cp = 0x0621; cp <= 0x06FF; ++cp) {
    bool word = false;
    const std::string folded = n.MapCodePoint(cp, &word);
    // Folds to several code points (U+0675..U+0678, NFKC compatibility
    // forms) keep the letter as written in a line, as FoldForMatching does.
    if (!word || folded.empty() || (folded.size() > 2 && static_cast<unsigned char>(folded[0]) >= 0xC0)) continue;
    // A letter between two others: the line of "ب<cp>ب" fingerprints as the
    // normalizer's fold of it.
    std::string letter;
    if (cp < 0x800) {
      letter = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    }
    if (letter.empty()) continue;
    const std::string folded_digit = (folded.size() == 1 && folded[0] >= '0' && folded[0] <= '9') ? "0" : folded;
    EXPECT_EQ(LineFingerprint("ب" + letter + "ب"), LineFingerprint("ب" + folded_digit + "ب"))
        << "U+" << std::hex << static_cast<uint32_t>(cp);
    ++letters;
  }
  EXPECT_GT(letters, 100);
}

TEST(LineFingerprint, ZeroOnlyForLinesWithoutLetterOrDigit) {
  for (const char* empty : {"", " \t", "*** ...", "«»", "— | —", "\xE2\x80\x8F"}) {
    EXPECT_EQ(LineFingerprint(empty), 0u) << empty;
  }
  for (const char* text : {"x", "0", "خ", "ـخ", "\xE4\xB8\xAD" /* a CJK letter is kept */}) {
    EXPECT_NE(LineFingerprint(text), 0u) << text;
  }
}

// Lines longer than the folder's chunk (256 code points, hashed in rounds
// once 768 folded bytes are buffered): every part of the line counts.
TEST(LineFingerprint, LongLinesHashEveryPartAcrossChunks) {
  std::string line;
  for (int i = 0; i < 600; ++i) absl::StrAppend(&line, i % 2 ? "خبر" : "عاجل", " ");
  ASSERT_GT(line.size(), 4000u);
  const uint64_t fp = LineFingerprint(line);
  EXPECT_NE(fp, 0u);
  EXPECT_EQ(LineFingerprint(line), fp);
  std::string tail = line;
  tail.replace(tail.size() - 3, 2, "ز");  // the last letter ("خبر " ends it)
  EXPECT_NE(LineFingerprint(tail), fp);
  std::string head = line;
  head.replace(0, 2, "ز");  // the first letter
  EXPECT_NE(LineFingerprint(head), fp);
  std::string middle = line;
  middle.insert(middle.find(' ', middle.size() / 2) + 1, "ز");  // one more letter mid-line
  EXPECT_NE(LineFingerprint(middle), fp);
}

TEST(LineKey, ShortLinesAreKeyedByTheirFingerprint) {
  for (const char* line : {"إقرأ أيضاً:", "Share 0 Tweet 12", ""}) {
    EXPECT_EQ(internal::LineKey(line), LineFingerprint(line)) << line;
  }
  const std::string at_limit(internal::kKeyPrefixBytes * 2, 'a');  // 256 bytes: still a short line
  EXPECT_EQ(internal::LineKey(at_limit), LineFingerprint(at_limit));
}

TEST(LineKey, ParagraphsAreKeyedByTheirFirst128BytesAtACodePointBoundary) {
  // 'x' then 2-byte letters: byte 128 is inside a letter, so the key is the
  // fingerprint of the first 127 bytes ('x' and 63 letters).
  std::string paragraph = "x";
  for (int i = 0; i < 200; ++i) paragraph += "ب";
  ASSERT_GT(paragraph.size(), 256u);
  EXPECT_EQ(internal::LineKey(paragraph), LineFingerprint(paragraph.substr(0, 127)));
  EXPECT_NE(internal::LineKey(paragraph), LineFingerprint(paragraph.substr(0, 129)));
  // Two paragraphs opening with the same 128 bytes are one key; a change in
  // the opening is another.
  std::string copy = paragraph.substr(0, 200) + std::string(300, 'y');
  EXPECT_EQ(internal::LineKey(copy), internal::LineKey(paragraph));
  std::string other = paragraph;
  other[0] = 'z';
  EXPECT_NE(internal::LineKey(other), internal::LineKey(paragraph));
}

}  // namespace
}  // namespace shabih
