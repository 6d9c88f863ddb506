// The boilerplate classifier: the seed pages against their hand labels,
// each signal on its own, crawl context on corpus/sites, the dedup effect,
// and the API's conventions.
#include "shabih/boilerplate.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "shabih/corpus.h"
#include "shabih/normalize.h"
#include "shabih/shingle.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;

const BoilerplateClassifier& Classifier() {
  static const BoilerplateClassifier* classifier = BoilerplateClassifier::Create({})->release();
  return *classifier;
}

std::vector<LineVerdict> Classify(absl::string_view text, const CrawlLineStats* stats = nullptr,
                                  absl::string_view site = "") {
  std::vector<LineVerdict> verdicts;
  Classifier().Classify(site, text, stats, &verdicts);
  return verdicts;
}

std::vector<std::string> Lines(absl::string_view text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!text.empty() && text.back() == '\n') lines.pop_back();
  if (text.empty()) lines.clear();
  return lines;
}

// Precision and recall of the boilerplate class.
struct Score {
  int tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / (tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : static_cast<double>(tp) / (tp + fn); }
  void Add(bool predicted, bool gold) {
    tp += predicted && gold;
    fp += predicted && !gold;
    fn += !predicted && gold;
  }
};

// ---------------------------------------------------------------------------
// The five seed pages against tests/data/seeds/*.labels.tsv

struct SeedPage {
  std::string name;
  std::string text;
  std::vector<std::string> labels;  // "content" | "boilerplate" | "empty", one per line
};

std::vector<SeedPage> SeedPages() {
  std::vector<SeedPage> pages;
  const fs::path seeds = fs::path(SHABIH_SOURCE_DIR) / "corpus" / "seeds";
  for (const char* name : {"000_d766ff0a6be74da9", "001_27b5651e285bb464", "002_2f7eacde48772852",
                           "003_2620c748157139b5", "004_50a173fc771cbaed"}) {
    SeedPage page;
    page.name = name;
    page.text = ReadFile((seeds / (std::string(name) + ".txt")).string());
    const std::string labels = ReadFile(std::string(SHABIH_TEST_DATA_DIR) + "/seeds/" + name + ".labels.tsv");
    for (absl::string_view row : absl::StrSplit(labels, '\n', absl::SkipEmpty())) {
      std::vector<absl::string_view> fields = absl::StrSplit(row, '\t');
      if (fields.size() >= 2) page.labels.emplace_back(fields[1]);
    }
    pages.push_back(std::move(page));
  }
  return pages;
}

TEST(BoilerplateSeeds, OneVerdictPerLabelledLine) {
  for (const SeedPage& page : SeedPages()) {
    ASSERT_FALSE(page.text.empty()) << page.name;
    EXPECT_EQ(Classify(page.text).size(), page.labels.size()) << page.name;
  }
}

// Acceptance 1: precision and recall of boilerplate lines >= 0.95 on the
// seeds (empty lines excluded), in single-page mode: no crawl to help.
TEST(BoilerplateSeeds, PrecisionAndRecallAtLeast95) {
  Score all;
  for (const SeedPage& page : SeedPages()) {
    const std::vector<LineVerdict> verdicts = Classify(page.text);
    ASSERT_EQ(verdicts.size(), page.labels.size()) << page.name;
    Score score;
    for (size_t i = 0; i < verdicts.size(); ++i) {
      if (page.labels[i] == "empty") continue;
      score.Add(verdicts[i].boilerplate, page.labels[i] == "boilerplate");
      all.Add(verdicts[i].boilerplate, page.labels[i] == "boilerplate");
    }
    EXPECT_GE(score.precision(), 0.95) << page.name;
    EXPECT_GE(score.recall(), 0.95) << page.name;
  }
  EXPECT_GE(all.precision(), 0.95);
  EXPECT_GE(all.recall(), 0.95);
  std::printf("seeds: boilerplate precision %.4f recall %.4f (tp %d fp %d fn %d)\n", all.precision(),
              all.recall(), all.tp, all.fp, all.fn);
}

// Acceptance 1: each seed's main article is kept whole.
TEST(BoilerplateSeeds, MainArticleKeptWhole) {
  for (const SeedPage& page : SeedPages()) {
    const std::vector<LineVerdict> verdicts = Classify(page.text);
    ASSERT_EQ(verdicts.size(), page.labels.size());
    for (size_t i = 0; i < verdicts.size(); ++i) {
      if (page.labels[i] != "content") continue;
      EXPECT_FALSE(verdicts[i].boilerplate)
          << page.name << " line " << i + 1 << " (" << verdicts[i].reason << ")";
    }
  }
}

TEST(BoilerplateSeeds, EveryBoilerplateLineHasAReason) {
  for (const SeedPage& page : SeedPages()) {
    for (const LineVerdict& v : Classify(page.text)) {
      if (v.boilerplate) {
        EXPECT_FALSE(v.reason.empty()) << page.name;
      }
    }
  }
}

// The seed whose "read also" block embeds the Sahel article: the embedded
// article goes with the right reason, the page's own article stays.
TEST(BoilerplateSeeds, EmbeddedReadAlsoArticleRemoved) {
  const SeedPage page = SeedPages()[0];
  const std::vector<LineVerdict> verdicts = Classify(page.text);
  const std::vector<std::string> lines = Lines(page.text);
  EXPECT_EQ(verdicts[14].reason, "cue:اقرأ أيضا");  // "إقرأ أيضاً:" matches the normalized entry
  EXPECT_EQ(verdicts[16].reason, "embedded-article");
  for (int line : {17, 19, 21, 23, 27, 29, 33, 45, 59}) {
    EXPECT_TRUE(verdicts[line - 1].boilerplate) << line;
  }
  std::string kept;
  Classifier().Strip("", page.text, nullptr, &kept);
  EXPECT_EQ(kept.find("تحالف دول الساحل"), std::string::npos);
  EXPECT_NE(kept.find("بيسكوف"), std::string::npos);
}

// ---------------------------------------------------------------------------
// Signal 3: the cue lexicon

TEST(BoilerplateCues, SpellingVariantsOfACueMatch) {
  for (const char* cue : {"اقرأ أيضاً:", "إقرأ أيضا", "اقرا ايضا:", "اقْرَأْ أيضًا :", "• اقرأ أيضاً"}) {
    const std::string page = absl::StrCat(
        "قال المتحدث الرسمي إن الوزارة ستبدأ تطبيق النظام الجديد مطلع الشهر المقبل في جميع المناطق.\n", cue,
        "\nعنوان مقال آخر\nنص مقال آخر طويل يتحدث عن موضوع مختلف تماما عن موضوع الصفحة وله فقرات كثيرة.\n");
    const std::vector<LineVerdict> v = Classify(page);
    ASSERT_EQ(v.size(), 4u) << cue;
    EXPECT_FALSE(v[0].boilerplate) << cue;
    EXPECT_EQ(v[1].reason, "cue:اقرأ أيضا") << cue;
    EXPECT_EQ(v[3].reason, "embedded-article") << cue;
  }
}

// A cue is evidence, not a verdict: a sentence that merely contains اقرأ
// (or opens with it and reads as a sentence) is article text.
TEST(BoilerplateCues, SentenceContainingIqraIsNotCut) {
  const std::vector<std::string> sentences = {
      "وقال الوزير إن على كل طالب أن يقرأ أيضا الكتب المقررة وأن اقرأ هي أول كلمة نزلت من القرآن الكريم.",
      "اقرأ أيضا ما كتبه الزميل في عدد الأمس عن هذه القضية، فقد تناولها من زاوية مختلفة.",
      "اقرأ باسم ربك الذي خلق",
      "المصدر الأمني: تم القبض على المتهمين بعد متابعة استمرت أسابيع وأحيلوا إلى النيابة العامة.",
      "مشاركة المملكة في القمة العربية",
      "التعليقات التي نشرها المغردون على الخبر كانت في معظمها مؤيدة لقرار الوزارة الأخير بشأن المدارس.",
  };
  for (const std::string& s : sentences) {
    const std::string page = absl::StrCat(
        "بدأت الوزارة اليوم تطبيق الإجراءات الجديدة في جميع المدارس الحكومية والأهلية بالمملكة.\n", s,
        "\nوأضاف المتحدث أن الوزارة ستتابع التطبيق ميدانيا وتصدر تقريرا شاملا في نهاية الفصل الدراسي.\n");
    const std::vector<LineVerdict> v = Classify(page);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_FALSE(v[1].boilerplate) << s << " -> " << v[1].reason;
    EXPECT_FALSE(v[2].boilerplate) << s;
  }
}

TEST(BoilerplateCues, MetadataLinesAreCut) {
  const std::string page =
      "عنوان الخبر الرئيسي عن افتتاح المشروع\n"
      "تاريخ النشر: 21 يوليو 2015\n"
      "افتتح أمير المنطقة اليوم المشروع الجديد الذي يخدم آلاف المواطنين في المحافظات الشمالية.\n"
      "وأكد أن المشروع يأتي ضمن خطة التنمية الشاملة التي تشهدها المنطقة في مختلف القطاعات.\n"
      "المصدر: واس\n"
      "كلمات دلالية: مشروع افتتاح أمير\n"
      "جميع الحقوق محفوظة © 2015\n";
  const std::vector<LineVerdict> v = Classify(page);
  ASSERT_EQ(v.size(), 7u);
  EXPECT_FALSE(v[0].boilerplate);
  EXPECT_EQ(v[1].reason, "cue:تاريخ النشر");
  EXPECT_FALSE(v[2].boilerplate);
  EXPECT_FALSE(v[3].boilerplate);
  EXPECT_EQ(v[4].reason, "cue:المصدر");
  EXPECT_EQ(v[5].reason, "cue:كلمات دلالية");
  EXPECT_EQ(v[6].reason, "cue:جميع الحقوق محفوظة");
}

// "سمات" (3alyoum's tag line, no colon) is a cue only at the end of a page.
TEST(BoilerplateCues, TailOnlyCueCountsOnlyAfterTheLastParagraph) {
  const std::string page =
      "سمات الشخصية القيادية\n"
      "يرى الباحثون أن القائد الناجح يجمع بين الحزم والمرونة ويعرف متى يستمع لفريقه ومتى يقرر.\n"
      "ويضيفون أن هذه الصفات يمكن تعلمها بالممارسة والتدريب المستمر في بيئات العمل المختلفة.\n"
      "سمات القيادة الإدارة التدريب\n";
  const std::vector<LineVerdict> v = Classify(page);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_FALSE(v[0].boilerplate) << v[0].reason;
  EXPECT_FALSE(v[1].boilerplate);
  EXPECT_FALSE(v[2].boilerplate);
  EXPECT_EQ(v[3].reason, "cue:سمات");
}

TEST(BoilerplateCues, CommentsSectionIsCutToTheEnd) {
  const std::string page =
      "افتتح أمير المنطقة اليوم المشروع الجديد الذي يخدم آلاف المواطنين في المحافظات الشمالية.\n"
      "التعليقات (3)\n"
      "محمد: هذا مشروع رائع وننتظر منه الكثير لخدمة أهالي المنطقة وتطويرها في كل المجالات.\n"
      "سارة: شكرا للقائمين على هذا العمل الكبير الذي طال انتظاره سنوات طويلة في المنطقة.\n";
  const std::vector<LineVerdict> v = Classify(page);
  EXPECT_FALSE(v[0].boilerplate);
  EXPECT_EQ(v[1].reason, "cue:التعليقات");
  EXPECT_EQ(v[2].reason, "comments");
  EXPECT_EQ(v[3].reason, "comments");
}

TEST(BoilerplateCues, LexiconIsNormalizedAtStartUp) {
  const std::vector<BoilerplateClassifier::CueEntry> lexicon = Classifier().Lexicon();
  ASSERT_GT(lexicon.size(), 50u);
  std::set<std::string> kinds;
  for (const auto& entry : lexicon) {
    EXPECT_FALSE(entry.normalized.empty()) << entry.text;
    EXPECT_EQ(entry.normalized, Normalizer::Default().Normalize(entry.text));
    kinds.insert(entry.kind);
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"comments", "end", "field", "inline", "list", "opener"}));
}

// ---------------------------------------------------------------------------
// Signal 5: embedded articles

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

// ---------------------------------------------------------------------------
// Signal 4: shape

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

// ---------------------------------------------------------------------------
// Signal 1: repetition across a site (CrawlLineStats)

// Distinct words per page: line fingerprints fold digits, so pages that
// differ only in numbers would be one line.
constexpr const char* kCities[] = {"الرياض", "جدة",  "الدمام", "مكة",   "المدينة", "أبها",
                                   "تبوك",   "حائل", "جازان",  "نجران", "الطائف",  "بريدة"};
constexpr const char* kTopics[] = {"المرور", "التعليم", "الصحة",   "الإسكان", "البلدية", "الكهرباء",
                                   "المياه", "الزراعة", "السياحة", "الرياضة", "الثقافة", "التجارة"};

std::string ArticlePage(int i, absl::string_view extra_line = "") {
  const char* city = kCities[i % 12];
  const char* topic = kTopics[(i * 5 + 1) % 12];
  return absl::StrCat("شبكة الأخبار المحلية\n", "إدارة ", topic, " في ", city, " تعلن خطة جديدة\n",
                      "أعلنت إدارة ", topic, " في ", city,
                      " اليوم خطة جديدة لتطوير خدماتها وتابعتها الجهات المختصة باهتمام كبير.\n", extra_line,
                      extra_line.empty() ? "" : "\n", "وأضافت المصادر في ", city, " أن تنفيذ خطة ", topic,
                      " سيبدأ خلال الأسابيع المقبلة على مراحل متتالية.\n");
}

TEST(BoilerplateRepetition, StatsCountEachLineOncePerPageAndMergeInAnyOrder) {
  BoilerplateOptions options;
  CrawlLineStats a(options), b(options), c(options), merged1(options), merged2(options);
  a.AddDocument("x", "سطر مكرر\nسطر مكرر\nسطر آخر\n");
  b.AddDocument("x", "سطر مكرر\n");
  c.AddDocument("y", "سطر مكرر\n");
  merged1.Merge(a);
  merged1.Merge(b);
  merged1.Merge(c);
  merged2.Merge(c);
  merged2.Merge(b);
  merged2.Merge(a);
  merged1.Finalize();
  merged2.Finalize();
  for (const CrawlLineStats* s : {&merged1, &merged2}) {
    EXPECT_EQ(s->documents(), 3u);
    EXPECT_EQ(s->SiteDocuments("x"), 2u);
    EXPECT_EQ(s->SiteDocuments("y"), 1u);
    EXPECT_EQ(s->LineDocuments("x", "سطر مكرر"), 2u);      // once per page, not per line
    EXPECT_EQ(s->LineDocuments("x", "  سطرٌ مُكرَّر  "), 2u);  // normalized
    EXPECT_EQ(s->LineDocuments("y", "سطر مكرر"), 0u);      // on one page only: dropped by Finalize
    EXPECT_EQ(s->LineDocuments("x", "سطر آخر"), 0u);
  }
  EXPECT_EQ(merged1.distinct_lines(), merged2.distinct_lines());
}

TEST(BoilerplateRepetition, StatsCopiesAreDeepAndMovesKeepTheCounts) {
  CrawlLineStats stats{BoilerplateOptions()};
  stats.AddDocument("x", "سطر مكرر\n");
  stats.AddDocument("x", "سطر مكرر\n");
  CrawlLineStats copy = stats;
  stats.AddDocument("x", "سطر مكرر\n");
  EXPECT_EQ(stats.LineDocuments("x", "سطر مكرر"), 3u);
  EXPECT_EQ(copy.LineDocuments("x", "سطر مكرر"), 2u);
  EXPECT_EQ(copy.documents(), 2u);
  copy = stats;
  EXPECT_EQ(copy.LineDocuments("x", "سطر مكرر"), 3u);
  CrawlLineStats moved = std::move(copy);
  EXPECT_EQ(moved.LineDocuments("x", "سطر مكرر"), 3u);
  EXPECT_EQ(moved.SiteDocuments("x"), 3u);
  CrawlLineStats assigned{BoilerplateOptions()};
  assigned = std::move(moved);
  EXPECT_EQ(assigned.documents(), 3u);
  // Before Finalize a line on one page reports 1, after it 0.
  assigned.AddDocument("x", "سطر وحيد\n");
  EXPECT_EQ(assigned.LineDocuments("x", "سطر وحيد"), 1u);
  assigned.Finalize();
  EXPECT_EQ(assigned.LineDocuments("x", "سطر وحيد"), 0u);
  EXPECT_EQ(assigned.LineDocuments("x", "سطر مكرر"), 3u);
}

TEST(BoilerplateRepetition, LineFingerprintFoldsDigitsMarksAndSpelling) {
  EXPECT_EQ(LineFingerprint("34 خبر"), LineFingerprint("٣٥  خبر"));
  EXPECT_EQ(LineFingerprint("إقرأ أيضاً:"), LineFingerprint("اقرا ايضا"));
  EXPECT_EQ(LineFingerprint("Share 0 Tweet 12"), LineFingerprint("share 5 tweet 7"));
  EXPECT_NE(LineFingerprint("عين اليوم – الرياض"), LineFingerprint("عين اليوم – جدة"));
  EXPECT_EQ(LineFingerprint("*** ..."), 0u);
}

TEST(BoilerplateRepetition, TemplateLineFoundOnlyWithCrawlContext) {
  // A site-wide promotion line the lexicon does not know, in the middle of
  // every article: by shape it is article text; by repetition it is template.
  const std::string promo = "حملوا تطبيق شبكة الأخبار المحلية على هواتفكم الذكية";
  CrawlLineStats stats{BoilerplateOptions()};
  std::vector<std::string> pages;
  for (int i = 0; i < 10; ++i) pages.push_back(ArticlePage(i, promo));
  for (const std::string& page : pages) stats.AddDocument("news.example", page);
  stats.AddDocument("other.example", ArticlePage(99, promo));
  stats.Finalize();
  for (const std::string& page : pages) {
    const std::vector<LineVerdict> single = Classify(page);
    const std::vector<LineVerdict> crawl = Classify(page, &stats, "news.example");
    ASSERT_EQ(single.size(), 5u);
    EXPECT_FALSE(single[3].boilerplate) << single[3].reason;
    EXPECT_EQ(crawl[3].reason, "repeated-across-site");
    EXPECT_EQ(crawl[0].reason, "repeated-across-site");  // the site name
    EXPECT_FALSE(crawl[1].boilerplate);                  // the headline
    EXPECT_FALSE(crawl[2].boilerplate);
    EXPECT_FALSE(crawl[4].boilerplate);
  }
  // Repetition is judged per site: a site with one page keeps the line.
  const std::vector<LineVerdict> other = Classify(ArticlePage(99, promo), &stats, "other.example");
  EXPECT_FALSE(other[3].boilerplate);
}

TEST(BoilerplateRepetition, RepeatedParagraphsOfCrossPostsAreKept) {
  // Three pages of one site carry the same story (a cross-post): its
  // paragraphs repeat, but a paragraph is template only on half the pages.
  const std::string story =
      "أعلنت هيئة الأرصاد عن توقعات بهطول أمطار غزيرة على المناطق الجنوبية خلال الأيام المقبلة.\n"
      "ودعت الهيئة المواطنين إلى توخي الحذر والابتعاد عن مجاري السيول والأودية حفاظا على سلامتهم.\n";
  CrawlLineStats stats{BoilerplateOptions()};
  for (int i = 0; i < 3; ++i) stats.AddDocument("s", absl::StrCat("عنوان في ", kCities[i], "\n", story));
  for (int i = 0; i < 7; ++i) stats.AddDocument("s", ArticlePage(i));
  stats.Finalize();
  const std::vector<LineVerdict> v =
      Classify(absl::StrCat("عنوان في ", kCities[0], "\n", story), &stats, "s");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_FALSE(v[1].boilerplate) << v[1].reason;
  EXPECT_FALSE(v[2].boilerplate) << v[2].reason;
}

// ---------------------------------------------------------------------------
// Signal 2: near-duplicate lists

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

// ---------------------------------------------------------------------------
// corpus/sites: 60 templated pages of 6 sites, hand-checked labels. The
// article lines (headline and paragraphs) are the SaudiNewsNet article; the
// rest, and the article's own wire furniture (SPA datelines "… واس",
// "// انتهى //", "18:34 ت م", okaz's share bar and a byline), is boilerplate.

struct SiteLabels {
  const char* file;
  int lines;
  const char* content;  // 1-based content line numbers, e.g. "4,6-9"
};

constexpr SiteLabels kSiteLabels[] = {
    {"alriyadh/2015-07-22-snn-03871.txt", 12, "4,6"},
    {"alriyadh/2015-07-22-snn-04247.txt", 9, "4,6"},
    {"alriyadh/2015-08-08-snn-25832.txt", 14, "4,6-11"},
    {"alriyadh/2015-08-10-snn-28394.txt", 11, "4,6-8"},
    {"alriyadh/2015-08-10-snn-28452.txt", 14, "4,6-7"},
    {"alriyadh/2015-08-11-snn-30046.txt", 12, "4,6-9"},
    {"alriyadh/2015-08-11-snn-30185.txt", 18, "4,6-7"},
    {"alriyadh/2015-08-11-snn-30222.txt", 15, "4,6-8"},
    {"alriyadh/2015-08-11-snn-30232.txt", 18, "4,6-10"},
    {"alriyadh/2015-08-11-snn-30278.txt", 13, "4,6-10"},
    {"alwatan/2015-07-22-snn-04423.txt", 36, "6,10,12,14,16,18,20,22"},
    {"alwatan/2015-07-23-snn-05847.txt", 26, "6,10,12,14,16,18,20"},
    {"alwatan/2015-07-31-snn-14244.txt", 36, "6,10,12,14,16,18,20,22"},
    {"alwatan/2015-08-04-snn-19782.txt", 29, "6,10,12,14,16"},
    {"alwatan/2015-08-08-snn-25898.txt", 36, "6,10,12,14,16,18,20,22"},
    {"alwatan/2015-08-08-snn-25982.txt", 29, "6,10,12,14,16"},
    {"alwatan/2015-08-11-snn-30380.txt", 22, "6,10,12,14,16,18"},
    {"alwatan/2015-08-11-snn-30393.txt", 22, "6,10"},
    {"alyaum/2015-07-22-snn-04643.txt", 10, "5,7"},
    {"alyaum/2015-07-22-snn-04676.txt", 11, "5,7"},
    {"alyaum/2015-07-25-snn-09754.txt", 27, "5,7-20"},
    {"alyaum/2015-08-06-snn-22849.txt", 24, "5,7-10"},
    {"alyaum/2015-08-06-snn-22983.txt", 17, "5,7-10"},
    {"alyaum/2015-08-10-snn-28847.txt", 20, "5,7-11"},
    {"alyaum/2015-08-10-snn-28849.txt", 30, "5,7-16"},
    {"alyaum/2015-08-11-snn-30478.txt", 18, "5,7-10"},
    {"alyaum/2015-08-11-snn-30553.txt", 13, "5,7-9"},
    {"alyaum/2015-08-11-snn-30572.txt", 13, "5,7-9"},
    {"alyaum/2015-08-11-snn-30597.txt", 20, "5,7-12"},
    {"alyaum/2015-08-11-snn-30626.txt", 10, "5,7"},
    {"okaz/2015-07-21-snn-02607.txt", 31, "6,10,12"},
    {"okaz/2015-07-22-snn-04820.txt", 35, "6,10,12,14,16,18,20"},
    {"okaz/2015-07-24-snn-08294.txt", 30, "6,10,12,14,16"},
    {"okaz/2015-07-31-snn-14702.txt", 33, "6,10,12,14,16,18,20"},
    {"okaz/2015-07-31-snn-14802.txt", 39, "6,10,12,14"},
    {"okaz/2015-08-11-snn-30745.txt", 39, "6,10,12,14,16,18,20,22,24"},
    {"okaz/2015-08-11-snn-30817.txt", 27, "6,10,12"},
    {"okaz/2015-08-11-snn-30856.txt", 19, "6,10,12"},
    {"sabq/2015-07-21-snn-02649.txt", 15, "5,7-11"},
    {"sabq/2015-07-21-snn-02749.txt", 17, "5,7-13"},
    {"sabq/2015-07-21-snn-02770.txt", 20, "5,7-11"},
    {"sabq/2015-07-21-snn-02832.txt", 22, "5,7-13"},
    {"sabq/2015-07-21-snn-02924.txt", 17, "5,7-9"},
    {"sabq/2015-07-23-snn-06287.txt", 23, "5,7-10"},
    {"sabq/2015-07-31-snn-14954.txt", 27, "5,7-13"},
    {"sabq/2015-08-03-snn-18956.txt", 18, "5,7-10"},
    {"sabq/2015-08-06-snn-23474.txt", 24, "5,7-9"},
    {"was/2015-08-10-snn-29166.txt", 27, "5,8-11"},
    {"was/2015-08-10-snn-29194.txt", 22, "5,8-12"},
    {"was/2015-08-10-snn-29212.txt", 21, "5,8-10"},
    {"was/2015-08-10-snn-29230.txt", 17, "5,8-11"},
    {"was/2015-08-10-snn-29239.txt", 26, "5,8-10"},
    {"was/2015-08-10-snn-29276.txt", 21, "5,8-10"},
    {"was/2015-08-10-snn-29297.txt", 24, "5,8-13"},
    {"was/2015-08-10-snn-29298.txt", 27, "5,8-10"},
    {"was/2015-08-11-snn-30879.txt", 18, "5,8-12"},
    {"was/2015-08-11-snn-30895.txt", 17, "5,8-11"},
    {"was/2015-08-11-snn-30929.txt", 16, "5,8-10"},
    {"was/2015-08-11-snn-30965.txt", 24, "5,8-12"},
    {"was/2015-08-11-snn-30985.txt", 28, "5,8-12"},
};

std::set<int> ParseLineSet(absl::string_view spec) {
  std::set<int> out;
  for (absl::string_view part : absl::StrSplit(spec, ',', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> range = absl::StrSplit(part, absl::MaxSplits('-', 1));
    int lo = 0, hi = 0;
    EXPECT_TRUE(absl::SimpleAtoi(range.first, &lo));
    hi = lo;
    if (!range.second.empty()) {
      EXPECT_TRUE(absl::SimpleAtoi(range.second, &hi));
    }
    for (int i = lo; i <= hi; ++i) out.insert(i);
  }
  return out;
}

struct SitePage {
  std::string id;    // "alriyadh/2015-07-22-snn-03871.txt"
  std::string site;  // "alriyadh"
  std::string text;
};

std::vector<SitePage> ReadSites() {
  std::vector<SitePage> pages;
  auto reader =
      CorpusReader::Open({(fs::path(SHABIH_SOURCE_DIR) / "corpus" / "sites").string()}, ReadOptions());
  EXPECT_TRUE(reader.ok());
  Document doc;
  while ((*reader)->Next(&doc)) pages.push_back({doc.id, doc.site, doc.text});
  return pages;
}

std::unique_ptr<CrawlLineStats> StatsOf(const std::vector<SitePage>& pages) {
  auto stats = std::make_unique<CrawlLineStats>(BoilerplateOptions());
  for (const SitePage& page : pages) stats->AddDocument(page.site, page.text);
  stats->Finalize();
  return stats;
}

Score ScoreSites(const std::vector<SitePage>& pages, const CrawlLineStats* stats) {
  std::map<std::string, const SiteLabels*> labels;
  for (const SiteLabels& l : kSiteLabels) labels[l.file] = &l;
  Score score;
  for (const SitePage& page : pages) {
    const SiteLabels* l = labels[page.id];
    EXPECT_NE(l, nullptr) << page.id;
    if (l == nullptr) continue;
    const std::vector<LineVerdict> v = Classify(page.text, stats, page.site);
    EXPECT_EQ(static_cast<int>(v.size()), l->lines) << page.id;
    const std::set<int> content = ParseLineSet(l->content);
    const std::vector<std::string> lines = Lines(page.text);
    for (size_t i = 0; i < v.size() && i < lines.size(); ++i) {
      if (absl::StripAsciiWhitespace(lines[i]).empty()) continue;
      score.Add(v[i].boilerplate, content.count(static_cast<int>(i + 1)) == 0);
    }
  }
  return score;
}

TEST(BoilerplateSites, BothModesMeetTheBarAndCrawlContextIsNoWorse) {
  const std::vector<SitePage> pages = ReadSites();
  ASSERT_EQ(pages.size(), 60u);
  const std::unique_ptr<CrawlLineStats> stats = StatsOf(pages);
  const Score single = ScoreSites(pages, nullptr);
  const Score crawl = ScoreSites(pages, stats.get());
  std::printf("corpus/sites single-page: P %.4f R %.4f; crawl: P %.4f R %.4f\n", single.precision(),
              single.recall(), crawl.precision(), crawl.recall());
  EXPECT_GE(single.precision(), 0.97);
  EXPECT_GE(single.recall(), 0.97);
  EXPECT_GE(crawl.precision(), single.precision());
  EXPECT_GE(crawl.recall(), single.recall());
}

// The same 60 pages from sites whose templates the lexicon does not know:
// each site puts its own promotion line after the first paragraph and
// writes its footer without any cue word. Single-page mode keeps these
// lines (they sit in the article); crawl context finds them by repetition.
TEST(BoilerplateSites, CrawlContextFindsTemplateLinesTheLexiconDoesNotKnow) {
  std::vector<SitePage> pages = ReadSites();
  ASSERT_EQ(pages.size(), 60u);
  std::map<std::string, std::set<int>> injected;  // page id -> 1-based line numbers of injected lines
  for (SitePage& page : pages) {
    const std::map<std::string, const SiteLabels*> labels = [] {
      std::map<std::string, const SiteLabels*> m;
      for (const SiteLabels& l : kSiteLabels) m[l.file] = &l;
      return m;
    }();
    std::vector<std::string> lines = Lines(page.text);
    const std::set<int> content = ParseLineSet(labels.at(page.id)->content);
    // After the first paragraph (the second content line).
    const int after = *std::next(content.begin());
    lines.insert(lines.begin() + after, absl::StrCat("لا تفوتوا النشرة الصباحية من ", page.site, " كل يوم"));
    page.text = absl::StrJoin(lines, "\n");
    injected[page.id].insert(after + 1);
  }
  const std::unique_ptr<CrawlLineStats> stats = StatsOf(pages);
  int single_found = 0, crawl_found = 0, total = 0;
  for (const SitePage& page : pages) {
    const std::vector<LineVerdict> single = Classify(page.text, nullptr, page.site);
    const std::vector<LineVerdict> crawl = Classify(page.text, stats.get(), page.site);
    for (int line : injected[page.id]) {
      ++total;
      single_found += single[line - 1].boilerplate;
      crawl_found += crawl[line - 1].boilerplate;
      EXPECT_EQ(crawl[line - 1].reason, "repeated-across-site") << page.id;
    }
  }
  std::printf("template lines unknown to the lexicon: single-page %d/%d, crawl %d/%d\n", single_found, total,
              crawl_found, total);
  EXPECT_EQ(crawl_found, total);
  EXPECT_LT(single_found, total / 2);
}

// Online mode: Classify and Strip with statistics that are still being
// counted. At each checkpoint of a crawl fed page by page, the unfinalized
// statistics give every page exactly the verdicts of a finalized copy of
// the same counts, and they do find template (they are not ignored).
TEST(BoilerplateSites, UnfinalizedStatsGiveTheVerdictsOfTheSameCountsFinalized) {
  const std::vector<SitePage> pages = ReadSites();
  ASSERT_EQ(pages.size(), 60u);
  CrawlLineStats online{BoilerplateOptions()};
  int checkpoints = 0, differs_from_single_page = 0;
  std::string kept_online, kept_final;
  for (size_t added = 0; added < pages.size();) {
    online.AddDocument(pages[added].site, pages[added].text);
    if (++added % 15 != 0) continue;
    ++checkpoints;
    CrawlLineStats snapshot = online;
    snapshot.Finalize();
    ASSERT_FALSE(online.finalized());
    ASSERT_TRUE(snapshot.finalized());
    ASSERT_LT(snapshot.distinct_lines(), online.distinct_lines());  // Finalize dropped lines seen once
    for (const SitePage& page : pages) {  // pages counted so far and pages still to come
      const std::vector<LineVerdict> got = Classify(page.text, &online, page.site);
      const std::vector<LineVerdict> want = Classify(page.text, &snapshot, page.site);
      const std::vector<LineVerdict> single = Classify(page.text, nullptr, page.site);
      ASSERT_EQ(got.size(), want.size()) << page.id;
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].boilerplate, want[i].boilerplate) << page.id << " line " << i + 1;
        EXPECT_EQ(got[i].reason, want[i].reason) << page.id << " line " << i + 1;
        differs_from_single_page += got[i].reason != single[i].reason;
      }
      Classifier().Strip(page.site, page.text, &online, &kept_online);
      Classifier().Strip(page.site, page.text, &snapshot, &kept_final);
      EXPECT_EQ(kept_online, kept_final) << page.id;
    }
  }
  EXPECT_EQ(checkpoints, 4);
  EXPECT_GT(differs_from_single_page, 0);
}

// ---------------------------------------------------------------------------
// Acceptance 3, the dedup effect on corpus/sites: stripping separates a page
// from the article its "read also" block embeds, and brings the copies of
// one story on different sites together.

double Jaccard(absl::string_view a, absl::string_view b) {
  auto shingles = [](absl::string_view text) {
    std::vector<uint64_t> tokens, sh;
    Normalizer::Default().TokenHashes(text, &tokens);
    ShingleHashes(tokens, kDefaultShingleSize, &sh);
    return std::set<uint64_t>(sh.begin(), sh.end());
  };
  const std::set<uint64_t> x = shingles(a), y = shingles(b);
  if (x.empty() && y.empty()) return 1.0;
  int common = 0;
  for (uint64_t h : x) common += y.count(h);
  return static_cast<double>(common) / (x.size() + y.size() - common);
}

TEST(BoilerplateDedupEffect, EmbeddedArticleNoLongerMakesPagesSimilar) {
  const std::vector<SitePage> pages = ReadSites();
  const std::unique_ptr<CrawlLineStats> stats = StatsOf(pages);
  std::map<std::string, std::string> raw, kept;
  for (const SitePage& page : pages) {
    raw[page.id] = page.text;
    Classifier().Strip(page.site, page.text, stats.get(), &kept[page.id]);
  }
  // alriyadh 30185's "read also" block embeds alriyadh 04247 (and so does
  // 03871, a copy of a sabq story).
  for (const char* embedding : {"alriyadh/2015-08-11-snn-30185.txt", "alriyadh/2015-07-22-snn-03871.txt"}) {
    const std::string embedded = "alriyadh/2015-07-22-snn-04247.txt";
    const double before = Jaccard(raw[embedding], raw[embedded]);
    const double after = Jaccard(kept[embedding], kept[embedded]);
    std::printf("%s vs embedded 04247: raw %.3f, stripped %.3f\n", embedding, before, after);
    EXPECT_GT(before, 0.3);
    EXPECT_LT(after, 0.05);
  }
  // Copies of one story on different sites (corpus/README.md), as pairs.
  const std::vector<std::pair<std::string, std::string>> copies = {
      {"alriyadh/2015-08-11-snn-30046.txt", "alyaum/2015-08-11-snn-30478.txt"},  // saned
      {"alyaum/2015-08-11-snn-30478.txt", "was/2015-08-11-snn-30895.txt"},       // saned
      {"alriyadh/2015-08-11-snn-30278.txt", "alyaum/2015-08-11-snn-30626.txt"},  // bonds
      {"alriyadh/2015-08-10-snn-28394.txt", "was/2015-08-10-snn-29194.txt"},     // hadi
      {"was/2015-08-10-snn-29239.txt", "okaz/2015-08-11-snn-30817.txt"},         // yemenis120
      {"sabq/2015-07-21-snn-02924.txt", "alyaum/2015-07-22-snn-04676.txt"},      // jeddah-sweets
      {"sabq/2015-07-21-snn-02832.txt", "alriyadh/2015-07-22-snn-03871.txt"},    // boeing777
  };
  for (const auto& [a, b] : copies) {
    const double before = Jaccard(raw[a], raw[b]);
    const double after = Jaccard(kept[a], kept[b]);
    std::printf("%s ~ %s: raw %.3f, stripped %.3f\n", a.c_str(), b.c_str(), before, after);
    EXPECT_GT(after, before) << a << " " << b;
    EXPECT_GE(after, 0.5) << a << " " << b;  // at the dedup threshold
  }
}

// ---------------------------------------------------------------------------
// API conventions

TEST(BoilerplateApi, LineCountingFollowsTheContract) {
  EXPECT_EQ(Classify("").size(), 0u);
  EXPECT_EQ(Classify("\n").size(), 1u);
  EXPECT_EQ(Classify("a\nb").size(), 2u);
  EXPECT_EQ(Classify("a\nb\n").size(), 2u);
  EXPECT_EQ(Classify("a\n\nb\n\n").size(), 4u);
  EXPECT_EQ(Classify("a\r\nb\r\n").size(), 2u);
}

TEST(BoilerplateApi, StripJoinsContentLines) {
  const std::string page =
      "الرئيسية | محليات | اقتصاد | رياضة\n"
      "افتتح أمير المنطقة اليوم المشروع الجديد الذي يخدم آلاف المواطنين في المحافظات الشمالية.\n"
      "\n"
      "وأكد أن المشروع يأتي ضمن خطة التنمية الشاملة التي تشهدها المنطقة في مختلف القطاعات.\n"
      "المصدر: واس\n";
  std::string kept;
  Classifier().Strip("", page, nullptr, &kept);
  EXPECT_EQ(kept,
            "افتتح أمير المنطقة اليوم المشروع الجديد الذي يخدم آلاف المواطنين في المحافظات الشمالية.\n\n"
            "وأكد أن المشروع يأتي ضمن خطة التنمية الشاملة التي تشهدها المنطقة في مختلف القطاعات.");
}

TEST(BoilerplateApi, BadInputNeverCrashes) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) % 256));
  EXPECT_FALSE(Classify(garbage).empty());
  EXPECT_EQ(Classify(std::string(100000, 'x')).size(), 1u);
  EXPECT_EQ(Classify(std::string(5000, '\n')).size(), 5000u);
  std::string long_menu;
  for (int i = 0; i < 200; ++i) absl::StrAppend(&long_menu, "قسم", i, " | ");
  EXPECT_EQ(Classify(long_menu).size(), 1u);
  std::string mixed = "\xD8\n\xD9\xA0\xD9\n:\n(\n)\n\xE2\x80\xA2\n";
  EXPECT_EQ(Classify(mixed).size(), 6u);
}

TEST(BoilerplateApi, ReusedVerdictsAndThreadsGiveTheSameAnswer) {
  const std::vector<SeedPage> seeds = SeedPages();
  std::vector<std::vector<LineVerdict>> expected;
  for (const SeedPage& page : seeds) expected.push_back(Classify(page.text));
  std::vector<LineVerdict> reused;  // shrinking and growing reuse
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < seeds.size(); ++i) {
      Classifier().Classify("", seeds[i].text, nullptr, &reused);
      ASSERT_EQ(reused.size(), expected[i].size());
      for (size_t j = 0; j < reused.size(); ++j) {
        EXPECT_EQ(reused[j].boilerplate, expected[i][j].boilerplate);
        EXPECT_EQ(reused[j].reason, expected[i][j].reason);
      }
    }
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<LineVerdict> v;
      for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < seeds.size(); ++i) {
          Classifier().Classify("", seeds[i].text, nullptr, &v);
          for (size_t j = 0; j < v.size(); ++j) {
            mismatches[t] +=
                v[j].boilerplate != expected[i][j].boilerplate || v[j].reason != expected[i][j].reason;
          }
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(BoilerplateApi, CreateRejectsBadOptions) {
  BoilerplateOptions o;
  o.min_site_repeats = 1;
  EXPECT_EQ(BoilerplateClassifier::Create(o).status().code(), absl::StatusCode::kInvalidArgument);
  o = BoilerplateOptions();
  o.template_fraction = 0;
  EXPECT_EQ(BoilerplateClassifier::Create(o).status().code(), absl::StatusCode::kInvalidArgument);
  o = BoilerplateOptions();
  o.list_seen_fraction = 1.5;
  EXPECT_EQ(BoilerplateClassifier::Create(o).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(BoilerplateClassifier::Create(BoilerplateOptions()).ok());
}

}  // namespace
}  // namespace shabih
