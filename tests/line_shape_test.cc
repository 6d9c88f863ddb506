// Line shape (engine/line_shape.cc): furniture around an article and text
// that only looks like it, through the classifier; then the shape scan of
// single lines (each furniture reason, the shape classes, paragraphs over
// 256 bytes, bullets, list markers, trimming, cues) and its folded
// fingerprint against LineFingerprint on every line of the crawl samples.
#include "engine/internal/line_shape.h"

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/page_lines.h"
#include "gtest/gtest.h"
#include "shabih/boilerplate.h"
#include "shabih/normalize.h"
#include "tests/boilerplate_test_util.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

namespace fs = std::filesystem;
using testing::Classify;

TEST(BoilerplateShape, FurnitureLinesAreCutAroundAnArticle) {
  const std::string page =
      "الرئيسية | محليات | اقتصاد | رياضة | منوعات\n"
      "الرئيسية » محليات\n"
      "الأمير يدشن مشروع الإسكان الجديد في المنطقة\n"
      "الثلاثاء 21 يوليو 2015م\n"
      "الرياض - واس\n"
      "Total 0 مشاركة Share 0 Tweet 0 Pin it 0\n"
      "دشن أمير المنطقة اليوم مشروع الإسكان الجديد الذي يضم ألف وحدة سكنية للأسر المستحقة.\n"
      "خريطة المشروع (الجزيرة)\n"
      "وأكد الأمير أن المشروع يأتي ضمن خطة شاملة لتوفير السكن الملائم للمواطنين في كل المحافظات.\n";
  const std::vector<LineVerdict> v = Classify(page);
  ASSERT_EQ(v.size(), 9u);
  EXPECT_EQ(v[0].reason, "navigation");
  EXPECT_EQ(v[1].reason, "navigation");
  EXPECT_FALSE(v[2].boilerplate);
  EXPECT_EQ(v[2].reason, "title");
  EXPECT_EQ(v[3].reason, "date");
  EXPECT_EQ(v[4].reason, "byline");
  EXPECT_EQ(v[5].reason, "share-counter");
  EXPECT_FALSE(v[6].boilerplate);
  EXPECT_EQ(v[7].reason, "photo-credit");
  EXPECT_FALSE(v[8].boilerplate);
}

// Shapes that look like furniture but are article text.
TEST(BoilerplateShape, ArticleListsTablesAndVerseAreKept) {
  const std::string page =
      "أعلنت الوزارة أسماء المقبولين في البرنامج والجدول الزمني للتسجيل في جميع المناطق.\n"
      "الصيادلة 13 54 67\n"
      "فني 0 574 574\n"
      "100 ملم من الخل (كوب قهوة صغير)\n"
      "1 - تطبيق «فيسبوك» Facebook\n"
      "الغيمُ يا أبها يكفكفُ جرحهُ والماء - رغم ضلالهمْ - يتبسَّمُ\n"
      "16-10-1436هـ 20-10-1436هـ\n"
      "وأوضحت الوزارة أن التسجيل متاح عبر البوابة الإلكترونية على مدار الساعة طوال فترة التقديم.\n";
  const std::vector<LineVerdict> v = Classify(page);
  ASSERT_EQ(v.size(), 8u);
  for (size_t i = 0; i < v.size(); ++i) EXPECT_FALSE(v[i].boilerplate) << i + 1 << " " << v[i].reason;
}

// A bare article (no template around it) keeps its short opening lines.
TEST(BoilerplateShape, BareArticleKeepsItsOpening) {
  const std::string page =
      "البابونج\n"
      "نبتة عطرية\n"
      "يستخدم البابونج منذ القدم علاجا طبيعيا لكثير من الأمراض، ويشرب منقوعه لتهدئة الأعصاب.\n";
  const std::vector<LineVerdict> v = Classify(page);
  for (const LineVerdict& verdict : v) EXPECT_FALSE(verdict.boilerplate) << verdict.reason;
}

// One shaper with default options, and a scan of one line.
class LineShapeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lexicon_ = new internal::CueLexicon;
    ASSERT_TRUE(lexicon_->Load(Normalizer::Default()).ok());
    shaper_ = new internal::LineShaper(options_, Normalizer::Default(), *lexicon_);
  }
  static void TearDownTestSuite() {
    delete shaper_;
    delete lexicon_;
  }
  internal::LineInfo Scan(absl::string_view line, bool want_fingerprint = false) {
    internal::LineInfo info;
    info.begin = 0;
    info.end = static_cast<uint32_t>(line.size());
    shaper_->Scan(line, want_fingerprint, &info, &scratch_);
    return info;
  }
  static std::string Reason(const internal::LineInfo& info) {
    return info.shape == internal::kBadLine ? info.shape_reason : "";
  }

  static inline const BoilerplateOptions options_{};
  static inline internal::CueLexicon* lexicon_ = nullptr;
  static inline internal::LineShaper* shaper_ = nullptr;
  internal::LineShapeScratch scratch_;
};

TEST_F(LineShapeTest, EachFurnitureShapeHasItsReason) {
  EXPECT_EQ(Reason(Scan("الرئيسية | محليات | اقتصاد | رياضة | منوعات")), "navigation");
  EXPECT_EQ(Reason(Scan("الشروط والأحكام - سياسة الخصوصية - خريطة الموقع - اتصل بنا")), "navigation");
  EXPECT_EQ(Reason(Scan("اتصل بنا • أعلن معنا • سياسة الخصوصية")), "navigation");
  EXPECT_EQ(Reason(Scan("الرئيسية » محليات")), "navigation");
  EXPECT_EQ(Reason(Scan("Total 0 مشاركة Share 0 Tweet 0 Pin it 0")), "share-counter");
  EXPECT_EQ(Reason(Scan("4350 مشاهدة")), "share-counter");
  EXPECT_EQ(Reason(Scan("11 أغسطس 2015 - 14:11")), "date");
  EXPECT_EQ(Reason(Scan("2015-07-31 04:07")), "date");
  EXPECT_EQ(Reason(Scan("(رويترز)")), "photo-credit");
  EXPECT_EQ(Reason(Scan("خريطة مجموعة دول الساحل (الجزيرة)")), "photo-credit");
  EXPECT_EQ(Reason(Scan("info@example.com")), "contact");
  EXPECT_EQ(Reason(Scan("*** ...")), "no-text");
  // Look-alikes that are text: figures, a reference, a recipe line.
  EXPECT_EQ(Reason(Scan("فني 0 574 574")), "");
  EXPECT_EQ(Reason(Scan("م.ن، 146")), "");
  EXPECT_EQ(Reason(Scan("100 ملم من الخل (كوب قهوة صغير)")), "");
}

TEST_F(LineShapeTest, BylinesAreShortDashedNamesWithoutDigitsOrQuotes) {
  EXPECT_TRUE(Scan("عين اليوم – الرياض").byline);
  EXPECT_TRUE(Scan("الرياض - واس").byline);
  EXPECT_FALSE(Scan("الرياض - 2015").byline);
  EXPECT_FALSE(Scan("«الرياض» - واس").byline);
  EXPECT_FALSE(Scan("الرياض واس").byline);
  // A short headline tagged with its media is no byline.
  EXPECT_FALSE(Scan("حريق يلتهم مصنعا بجدة - فيديو").byline);
  EXPECT_FALSE(Scan("أمطار غزيرة على أبها – بالصور").byline);
}

TEST(BoilerplateShape, HeadlineEndingInMediaTagIsContent) {
  const std::vector<LineVerdict> v = testing::Classify(
      "حريق يلتهم مصنعا بجدة - فيديو\n"
      "اندلع حريق كبير في أحد مصانع المنطقة الصناعية بجدة صباح اليوم وباشرت فرق الدفاع المدني إخماده.\n"
      "وأكد المتحدث أنه لم تسجل أي إصابات وأن التحقيق جار لمعرفة أسباب الحريق وملابساته.\n");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_FALSE(v[0].boilerplate) << v[0].reason;
  EXPECT_EQ(v[0].reason, "title");
}

TEST_F(LineShapeTest, ShapeClassesFollowLengthPunctuationAndDensity) {
  EXPECT_EQ(Scan("البابونج").shape, internal::kShortLine);
  EXPECT_EQ(Scan("وزير التجارة يفتتح معرضا دوليا للصناعات").shape, internal::kMediumLine);
  const internal::LineInfo sentence =
      Scan("افتتح أمير المنطقة اليوم المشروع الجديد الذي يخدم آلاف المواطنين في المحافظات.");
  EXPECT_EQ(sentence.shape, internal::kGoodLine);
  EXPECT_TRUE(sentence.end_punct);
  EXPECT_TRUE(sentence.ends_period);
  EXPECT_TRUE(sentence.partial_tokens);  // a paragraph: only its opening words are normalized
  EXPECT_EQ(sentence.words, 12u);
  // The same words without the period are a medium line (a headline).
  EXPECT_EQ(Scan("افتتح أمير المنطقة اليوم المشروع الجديد الذي يخدم آلاف المواطنين في المحافظات").shape,
            internal::kMediumLine);
  EXPECT_EQ(Scan("").shape, internal::kEmptyLine);
  EXPECT_EQ(Scan(" \t\xE2\x80\x8F ").shape, internal::kEmptyLine);
}

TEST_F(LineShapeTest, LinesOver256BytesAreShapedByCountingOnly) {
  std::string paragraph;
  for (int i = 0; i < 40; ++i) absl::StrAppend(&paragraph, "كلمة ");
  paragraph += "أخيرة.";
  ASSERT_GT(paragraph.size(), internal::kFullScanBytes);
  const internal::LineInfo p = Scan(paragraph, /*want_fingerprint=*/true);
  EXPECT_EQ(p.shape, internal::kGoodLine);
  EXPECT_TRUE(p.end_punct);
  EXPECT_TRUE(p.arabic);
  EXPECT_FALSE(p.fingerprinted);  // keyed later, by its first 128 bytes
  EXPECT_EQ(p.cue, -1);
  std::string menu;
  for (int i = 0; i < 30; ++i) absl::StrAppend(&menu, "محليات", i, " | ");
  ASSERT_GT(menu.size(), internal::kFullScanBytes);
  EXPECT_EQ(Reason(Scan(menu)), "navigation");
}

TEST_F(LineShapeTest, BulletsListMarkersTrimmingAndCues) {
  EXPECT_TRUE(Scan("• وزير التجارة يفتتح معرضا دوليا").strong_bullet);
  EXPECT_TRUE(Scan("3 - تطبيق فيسبوك").list_marker);
  EXPECT_TRUE(Scan("3. تطبيق فيسبوك").list_marker);
  EXPECT_TRUE(Scan("- تطبيق فيسبوك").list_marker);
  EXPECT_FALSE(Scan("2015-07-22 تطبيق فيسبوك").list_marker);
  const std::string padded = "  \xE2\x80\x8F خبر عاجل \t";
  const internal::LineInfo trimmed = Scan(padded);
  EXPECT_EQ(padded.substr(trimmed.tbegin, trimmed.tend - trimmed.tbegin), "خبر عاجل");
  const internal::LineInfo cue = Scan("إقرأ أيضاً:");
  ASSERT_GE(cue.cue, 0);
  EXPECT_EQ(lexicon_->cue(cue.cue).text, "اقرأ أيضا");
  EXPECT_TRUE(cue.cue_standalone);
  EXPECT_EQ(Scan("اقرأ باسم ربك الذي خلق").cue, -1);
}

// The scan folds a short line's fingerprint in passing; it must be exactly
// LineFingerprint of the trimmed line (the statistics key lines by that).
// Oracle check on every line of the seeds and corpus/sites, and on odd bytes.
TEST_F(LineShapeTest, FoldedFingerprintIsLineFingerprintOfTheTrimmedLine) {
  std::vector<std::string> texts;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(SHABIH_SOURCE_DIR) / "corpus")) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") {
      texts.push_back(testing::ReadFile(entry.path().string()));
    }
  }
  ASSERT_GE(texts.size(), 65u);
  std::string odd;
  for (int i = 0; i < 2000; ++i) odd.push_back(i % 97 == 0 ? '\n' : static_cast<char>((i * 131 + 7) % 256));
  texts.push_back(odd);
  int compared = 0;
  for (const std::string& text : texts) {
    internal::ForEachLine(text, [&](size_t begin, size_t end) {
      internal::LineInfo info;
      info.begin = static_cast<uint32_t>(begin);
      info.end = static_cast<uint32_t>(end);
      shaper_->Scan(text, /*want_fingerprint=*/true, &info, &scratch_);
      const absl::string_view trimmed = internal::TrimLine(absl::string_view(text).substr(begin, end - begin));
      if (trimmed.empty() || trimmed.size() > options_.max_counted_line_bytes) {
        EXPECT_FALSE(info.fingerprinted);
        return;
      }
      ASSERT_TRUE(info.fingerprinted);
      EXPECT_EQ(info.fingerprint, LineFingerprint(trimmed)) << trimmed;
      ++compared;
    });
  }
  EXPECT_GT(compared, 900);
  EXPECT_FALSE(Scan("خبر عاجل", /*want_fingerprint=*/false).fingerprinted);
}

}  // namespace
}  // namespace shabih
