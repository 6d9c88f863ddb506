// Boilerplate glued to a paragraph (engine/line_trim.cc): a share bar run
// into the first paragraph and a tag list run into the last one are trimmed
// from the kept text; the line itself stays content.
#include "engine/internal/line_trim.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "shabih/boilerplate.h"
#include "shabih/normalize.h"
#include "tests/boilerplate_test_util.h"

namespace shabih {
namespace {

using testing::Classifier;
using testing::Classify;

constexpr char kShare[] = "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك";
constexpr char kLead[] =
    "أكد نائب خادم الحرمين الشريفين أن كل من يحاول العبث بأمن المملكة وشعبها سيجد الرد عمليا في الميدان فورا.";
constexpr char kMiddle[] = "وأضاف أن الأجهزة الأمنية تواصل عملها على مدار الساعة لحماية المواطنين والمقيمين في كل المناطق.";
constexpr char kLast[] = "وأكد أن الحادثة أحيلت إلى هيئة التحقيق والادعاء العام لاستكمال الإجراءات بحسب الاختصاص.";
constexpr char kTags[] = "سمات آسيوي انتحار بريدة وافد";

const internal::GluedTrimmer& Trimmer() {
  static const internal::CueLexicon* lexicon = [] {
    auto* l = new internal::CueLexicon;
    EXPECT_TRUE(l->Load(Normalizer::Default()).ok());
    return l;
  }();
  static const internal::GluedTrimmer trimmer(Normalizer::Default(), *lexicon);
  return trimmer;
}

TEST(GluedTrimmer, SharePrefixIsTheShareCueAndItsNetworks) {
  const std::string line = absl::StrCat(" ", kShare, " ", kLead);
  const uint32_t cut = Trimmer().SharePrefix(line);
  EXPECT_EQ(line.substr(cut), kLead);
  // Other spellings of the networks and cues.
  EXPECT_GT(Trimmer().SharePrefix(absl::StrCat("شارك عبر فيس بوك واتساب ", kLead)), 0u);
  // A share bar alone, or with too little after it, is a line of its own.
  EXPECT_EQ(Trimmer().SharePrefix(kShare), 0u);
  EXPECT_EQ(Trimmer().SharePrefix(absl::StrCat(kShare, " أكد الوزير")), 0u);
  // A sentence about taking part, and one network word, are no share bar.
  EXPECT_EQ(Trimmer().SharePrefix(absl::StrCat("شارك في المسابقة ", kLead)), 0u);
  EXPECT_EQ(Trimmer().SharePrefix(absl::StrCat("شارك تويتر ", kLead)), 0u);
  EXPECT_EQ(Trimmer().SharePrefix(kLead), 0u);
}

TEST(GluedTrimmer, TagsSuffixFollowsTheLastSentence) {
  const std::string line = absl::StrCat(kLast, " ", kTags, " ");
  const uint32_t cut = Trimmer().TagsSuffix(line);
  EXPECT_EQ(line.substr(0, line.size() - cut), kLast);
  EXPECT_GT(Trimmer().TagsSuffix(absl::StrCat(kLast, "» الكلمات الدلالية: الرياض، جدة")), 0u);
  // A tag holding a period, and a few stop words, are still tags.
  EXPECT_GT(Trimmer().TagsSuffix(absl::StrCat(kLast, " سمات التحالف الدولي. العراق داعش سوريا")), 0u);
  EXPECT_GT(Trimmer().TagsSuffix(absl::StrCat(kLast, " سمات الحرب اليمن علي صالح")), 0u);
  // A last sentence that ends like one is text, as is one with many stop
  // words, and a line with no sentence before the cue.
  EXPECT_EQ(Trimmer().TagsSuffix(absl::StrCat(kLast, " سمات القائد الناجح كثيرة.")), 0u);
  EXPECT_EQ(Trimmer().TagsSuffix(absl::StrCat(kLast, " سمات هذا في ذلك من")), 0u);
  EXPECT_EQ(Trimmer().TagsSuffix(kTags), 0u);
  EXPECT_EQ(Trimmer().TagsSuffix(kLast), 0u);
}

TEST(BoilerplateGlued, ShareBarAndTagsAreTrimmedFromContentLines) {
  const std::string page =
      absl::StrCat(" ", kShare, " ", kLead, "\n", kMiddle, "\n", kLast, " ", kTags, " \n");
  const std::vector<LineVerdict> v = Classify(page);
  ASSERT_EQ(v.size(), 3u);
  for (const LineVerdict& l : v) EXPECT_FALSE(l.boilerplate) << l.reason;
  EXPECT_EQ(v[0].trimmed_prefix, 1 + std::string(kShare).size() + 1);
  EXPECT_EQ(v[0].trimmed_suffix, 0u);
  EXPECT_EQ(v[1].trimmed_prefix + v[1].trimmed_suffix, 0u);
  EXPECT_EQ(v[2].trimmed_prefix, 0u);
  EXPECT_EQ(v[2].trimmed_suffix, 1 + std::string(kTags).size() + 1);
  std::string kept;
  Classifier().Strip("", page, nullptr, &kept);
  EXPECT_EQ(kept, absl::StrCat(kLead, "\n", kMiddle, "\n", kLast));
}

// Tags glued to a paragraph before the article's end are text ("سمات" is a
// word: "traits"); only the page's last kept line is looked at.
TEST(BoilerplateGlued, TagsOnlyCloseTheLastKeptLine) {
  const std::string page = absl::StrCat(kLead, " سمات القيادة الحزم\n", kLast, "\n");
  const std::vector<LineVerdict> v = Classify(page);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].trimmed_suffix, 0u);
  EXPECT_EQ(v[1].trimmed_suffix, 0u);
}

}  // namespace
}  // namespace shabih
