// Page structure (engine/page_structure.cc): embedded articles after "read
// also", lists of links, near-duplicate lists (signal 2), pages without a
// paragraph, what follows a closed article, and headline repeats.
#include "engine/internal/page_structure.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "shabih/boilerplate.h"
#include "tests/boilerplate_test_util.h"

namespace shabih {
namespace {

using testing::Classify;
using testing::kCities;
using testing::kTopics;

TEST(BoilerplateEmbedded, EverythingAfterAStandAloneOpenerIsAnotherArticle) {
  const std::string page =
      "أعلنت وزارة الصحة اليوم تسجيل حالات جديدة في عدد من المناطق مؤكدة أن الوضع تحت السيطرة.\n"
      "وأوضحت الوزارة أن الفرق الطبية تتابع الحالات على مدار الساعة بالتنسيق مع الجهات المعنية.\n"
      "اقرأ أيضاً:\n"
      "وزير التجارة يفتتح معرضا دوليا\n"
      "افتتح وزير التجارة والصناعة اليوم المعرض الدولي للصناعات الغذائية بمشاركة أكثر من مئتي شركة.\n"
      "وأكد الوزير في كلمته أن المعرض يمثل فرصة كبيرة للشركات الوطنية للوصول إلى أسواق جديدة.\n"
      "إعلان\n"
      "وأشار إلى أن حجم الصادرات الغذائية ارتفع خلال العام الماضي بنسبة كبيرة مقارنة بالعام السابق.\n";
  const std::vector<LineVerdict> v = Classify(page);
  ASSERT_EQ(v.size(), 8u);
  EXPECT_FALSE(v[0].boilerplate);
  EXPECT_FALSE(v[1].boilerplate);
  EXPECT_EQ(v[2].reason, "cue:اقرأ أيضا");
  for (int i : {3, 4, 5, 7}) EXPECT_EQ(v[i].reason, "embedded-article") << i;
  EXPECT_EQ(v[6].reason, "cue:إعلان");
}

TEST(BoilerplateEmbedded, LinkListAfterAnOpenerEndsWhereTheArticleResumes) {
  const std::string page =
      "أعلنت وزارة الصحة اليوم تسجيل حالات جديدة في عدد من المناطق مؤكدة أن الوضع تحت السيطرة.\n"
      "اقرأ أيضاً:\n"
      "• وزير التجارة يفتتح معرضا دوليا\n"
      "• ارتفاع أسعار النفط في الأسواق العالمية\n"
      "وأوضحت الوزارة أن الفرق الطبية تتابع الحالات على مدار الساعة بالتنسيق مع الجهات المعنية.\n";
  const std::vector<LineVerdict> v = Classify(page);
  ASSERT_EQ(v.size(), 5u);
  EXPECT_FALSE(v[0].boilerplate);
  EXPECT_TRUE(v[1].boilerplate);
  EXPECT_EQ(v[2].reason, "short-list-item");
  EXPECT_EQ(v[3].reason, "short-list-item");
  EXPECT_FALSE(v[4].boilerplate) << v[4].reason;
}

TEST(BoilerplateEmbedded, InlineReadAlsoLinkIsOneLine) {
  const std::string page =
      "أعلنت وزارة الصحة اليوم تسجيل حالات جديدة في عدد من المناطق مؤكدة أن الوضع تحت السيطرة.\n"
      "اقرأ أيضاً: وزير التجارة يفتتح معرضا دوليا للصناعات الغذائية\n"
      "وأوضحت الوزارة أن الفرق الطبية تتابع الحالات على مدار الساعة بالتنسيق مع الجهات المعنية.\n";
  const std::vector<LineVerdict> v = Classify(page);
  EXPECT_FALSE(v[0].boilerplate);
  EXPECT_EQ(v[1].reason, "cue:اقرأ أيضا");
  EXPECT_FALSE(v[2].boilerplate);
}

TEST(BoilerplateNearDuplicate, HeadlineListsSeenOnOtherPagesGo) {
  // Each page ends with a list of five other headlines, no heading and no
  // bullets; the lists overlap from page to page but are never equal.
  std::vector<std::string> headlines;
  for (int i = 0; i < 12; ++i)
    headlines.push_back(absl::StrCat("أمانة ", kCities[i], " تطلق مبادرة ", kTopics[i]));
  std::vector<std::string> pages;
  for (int p = 0; p < 8; ++p) {
    const char* city = kCities[(p * 7 + 3) % 12];
    const char* topic = kTopics[(p * 5 + 2) % 12];
    std::string page = absl::StrCat("الرئيسية | محليات | اقتصاد | رياضة\n",  // a template page
                                    "شهدت ", city, " اليوم حدثا يتعلق بقطاع ", topic,
                                    " وتابعته الجهات المختصة باهتمام كبير.\n", "وأضافت مصادر ", topic, " في ",
                                    city, " أن التحقيقات الجارية ستظهر نتائجها قريبا.\n");
    for (int k = 0; k < 5; ++k) absl::StrAppend(&page, headlines[(p + k) % headlines.size()], "\n");
    pages.push_back(page);
  }
  BoilerplateOptions options;
  options.min_site_repeats = 50;  // switch signal 1 off: only the list signal can act
  auto classifier = BoilerplateClassifier::Create(options);
  ASSERT_TRUE(classifier.ok());
  CrawlLineStats stats(options);
  for (const std::string& page : pages) stats.AddDocument("s", page);
  stats.Finalize();
  std::vector<LineVerdict> single, crawl;
  (*classifier)->Classify("s", pages[3], nullptr, &single);
  (*classifier)->Classify("s", pages[3], &stats, &crawl);
  ASSERT_EQ(crawl.size(), 8u);
  EXPECT_EQ(crawl[0].reason, "navigation");
  EXPECT_FALSE(crawl[1].boilerplate);
  EXPECT_FALSE(crawl[2].boilerplate);
  for (int i = 3; i < 8; ++i) {
    EXPECT_FALSE(single[i].boilerplate) << i;
    EXPECT_EQ(crawl[i].reason, "near-duplicate-list") << i;
  }
}

TEST(BoilerplateNearDuplicate, AListBetweenParagraphsBelongsToTheArticle) {
  std::vector<std::string> pages;
  const std::string list = "الرياض\nجدة\nالدمام\nأبها\n";
  for (int p = 0; p < 6; ++p) {
    pages.push_back(absl::StrCat("الرئيسية | محليات | اقتصاد | رياضة\n", "أعلنت هيئة ", kTopics[p],
                                 " نتائج مسابقة ", kTopics[p + 6],
                                 " في المدن التالية بعد مشاركة واسعة من الطلاب والطالبات.\n", list,
                                 "وستقام حفلات تكريم ", kTopics[p], " في كل مدينة خلال الأسبوع المقبل.\n"));
  }
  BoilerplateOptions options;
  options.min_site_repeats = 50;
  auto classifier = BoilerplateClassifier::Create(options);
  CrawlLineStats stats(options);
  for (const std::string& page : pages) stats.AddDocument("s", page);
  stats.Finalize();
  std::vector<LineVerdict> v;
  (*classifier)->Classify("s", pages[0], &stats, &v);
  ASSERT_EQ(v.size(), 7u);
  for (size_t i = 1; i < v.size(); ++i) EXPECT_FALSE(v[i].boilerplate) << i << " " << v[i].reason;
}

TEST(BoilerplateNearDuplicate, BareArticlesSharingLinesKeepThem) {
  // No template on the page: lines shared with other pages (a decree's
  // preamble quoted by several articles) are the article's.
  std::vector<std::string> pages;
  for (int p = 0; p < 6; ++p) {
    pages.push_back(absl::StrCat("بسم الله الرحمن الرحيم\nبعون الله تعالى\nنحن سلمان بن عبدالعزيز آل سعود\n",
                                 "ملك المملكة العربية السعودية\n", "بناء على ما عرضه وزير ", kTopics[p],
                                 " أمرنا بما هو آت في شأن ", kTopics[p + 6],
                                 " وعلى الجهات المختصة التنفيذ.\n"));
  }
  BoilerplateOptions options;
  options.min_site_repeats = 50;
  auto classifier = BoilerplateClassifier::Create(options);
  CrawlLineStats stats(options);
  for (const std::string& page : pages) stats.AddDocument("s", page);
  stats.Finalize();
  std::vector<LineVerdict> v;
  (*classifier)->Classify("s", pages[2], &stats, &v);
  for (const LineVerdict& verdict : v) EXPECT_FALSE(verdict.boilerplate) << verdict.reason;
}

// Without any article paragraph (a photo page, a stub) only lines with
// evidence of their own go: no headline, header or body is assumed.
TEST(PageStructure, PageWithoutAParagraphKeepsLinesWithoutEvidence) {
  const std::string page =
      "الرئيسية | محليات | اقتصاد | رياضة\n"
      "صورة اليوم من كورنيش جدة\n"
      "غروب الشمس\n"
      "المصدر: واس\n";
  const std::vector<LineVerdict> v = Classify(page);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].reason, "navigation");
  EXPECT_FALSE(v[1].boilerplate) << v[1].reason;
  EXPECT_EQ(v[1].reason, "");  // no headline without an article
  EXPECT_FALSE(v[2].boilerplate) << v[2].reason;
  EXPECT_EQ(v[3].reason, "cue:المصدر");
}

// After a closing line (a metadata cue), plain lines wait: a following
// paragraph keeps them (the article went on), the end of the page drops
// them ("after-article").
TEST(PageStructure, LinesAfterAClosedArticleWaitForWhatFollows) {
  const std::string head =
      "عنوان الخبر عن افتتاح المشروع الجديد\n"
      "افتتح أمير المنطقة اليوم المشروع الجديد الذي يخدم آلاف المواطنين في المحافظات الشمالية.\n"
      "المصدر: واس\n"
      "مدينة الرياض الجميلة\n";
  const std::vector<LineVerdict> ended = Classify(head);
  ASSERT_EQ(ended.size(), 4u);
  EXPECT_EQ(ended[0].reason, "title");
  EXPECT_FALSE(ended[1].boilerplate);
  EXPECT_EQ(ended[2].reason, "cue:المصدر");
  EXPECT_EQ(ended[3].reason, "after-article");
  const std::vector<LineVerdict> resumed = Classify(absl::StrCat(
      head, "وأكد أن المشروع يأتي ضمن خطة التنمية الشاملة التي تشهدها المنطقة في مختلف القطاعات.\n"));
  ASSERT_EQ(resumed.size(), 5u);
  EXPECT_FALSE(resumed[3].boilerplate) << resumed[3].reason;
  EXPECT_FALSE(resumed[4].boilerplate);
}

// The headline repeated below it (a photo caption) goes; a repeated
// numbering of a few words ("(2)") is not a headline repeat.
TEST(PageStructure, HeadlineRepeatedInTheBodyGoes) {
  const std::string page =
      "وزير التجارة يفتتح المعرض الدولي\n"
      "افتتح وزير التجارة والصناعة اليوم المعرض الدولي للصناعات الغذائية بمشاركة أكثر من مئتي شركة.\n"
      "وزير التجارة يفتتح المعرض الدولي\n"
      "وأكد الوزير في كلمته أن المعرض يمثل فرصة كبيرة للشركات الوطنية للوصول إلى أسواق جديدة.\n";
  const std::vector<LineVerdict> v = Classify(page);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].reason, "title");
  EXPECT_FALSE(v[0].boilerplate);
  EXPECT_EQ(v[2].reason, "title-repeat");
  EXPECT_TRUE(v[2].boilerplate);
  EXPECT_FALSE(v[3].boilerplate);
}

}  // namespace
}  // namespace shabih
