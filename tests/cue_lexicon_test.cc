// The cue lexicon (engine/cue_lexicon.cc, data in
// engine/boilerplate_lexicon.inc): cues through the classifier (spelling
// variants, cues refused in sentences, metadata, tail-only cues, comments),
// and the lexicon itself: its index, its word lists and the matching rules.
#include "engine/internal/cue_lexicon.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "shabih/boilerplate.h"
#include "shabih/normalize.h"
#include "tests/boilerplate_test_util.h"

namespace shabih {
namespace {

using testing::Classifier;
using testing::Classify;

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

// A headline that opens with a source cue ("مصدر:", "مصادر:" as news
// sites write "a source says: ...") is the page's headline, not its source
// line: the value is a clause, not an agency's name.
TEST(BoilerplateCues, HeadlineOpeningWithSourceCueIsKept) {
  for (const char* headline : {"مصدر: الجثث المنقولة على \"دينّا\" ليست في المدينة",
                               "مصادر: إصدار حزمة جديدة من السندات الحكومية بـ(20) مليار ريال"}) {
    const std::string page = absl::StrCat(
        headline,
        "\nنفى مصدر في وزارة الصحة ما تداولته مواقع التواصل عن نقل جثث المتوفين في المستشفى إلى خارج المدينة.\n"
        "وأكد المصدر أن الوزارة تتابع الحالة وستعلن نتائج التحقيق خلال الأيام المقبلة بعد اكتماله.\n"
        "المصدر: واس\n");
    const std::vector<LineVerdict> v = Classify(page);
    ASSERT_EQ(v.size(), 4u);
    EXPECT_FALSE(v[0].boilerplate) << headline << " -> " << v[0].reason;
    EXPECT_EQ(v[0].reason, "title") << headline;
    EXPECT_FALSE(v[1].boilerplate);
    EXPECT_EQ(v[3].reason, "cue:المصدر");  // a name after the colon: still the source line
  }
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

const internal::CueLexicon& Lexicon() {
  static const internal::CueLexicon* lexicon = [] {
    auto* l = new internal::CueLexicon;
    EXPECT_TRUE(l->Load(Normalizer::Default()).ok());
    return l;
  }();
  return *lexicon;
}

std::vector<uint64_t> Tokens(absl::string_view text) {
  std::vector<uint64_t> hashes;
  Normalizer::Default().TokenHashes(text, &hashes);
  return hashes;
}

TEST(CueLexicon, EveryEntryIsFoundByItsFirstTokenLongestFirst) {
  const internal::CueLexicon& lexicon = Lexicon();
  ASSERT_EQ(lexicon.cues().size(), Classifier().Lexicon().size());
  for (size_t i = 0; i < lexicon.cues().size(); ++i) {
    const internal::Cue& cue = lexicon.cue(static_cast<int>(i));
    EXPECT_EQ(cue.reason, "cue:" + cue.text);
    EXPECT_EQ(lexicon.kind(static_cast<int>(i)), cue.kind);
    const std::vector<int>* candidates = lexicon.Candidates(cue.tokens, 0);
    ASSERT_NE(candidates, nullptr) << cue.text;
    EXPECT_NE(std::find(candidates->begin(), candidates->end(), static_cast<int>(i)), candidates->end())
        << cue.text;
    for (size_t k = 1; k < candidates->size(); ++k) {
      EXPECT_GE(lexicon.cue((*candidates)[k - 1]).tokens.size(), lexicon.cue((*candidates)[k]).tokens.size());
    }
    // Leading numbers are skipped: "3 تعليق".
    std::vector<uint64_t> numbered = Tokens("3");
    numbered.insert(numbered.end(), cue.tokens.begin(), cue.tokens.end());
    EXPECT_EQ(lexicon.Candidates(numbered, 1), candidates) << cue.text;
  }
  EXPECT_EQ(lexicon.Candidates({}, 0), nullptr);
  EXPECT_EQ(lexicon.Candidates(Tokens("مدرسة"), 0), nullptr);
  EXPECT_EQ(lexicon.Candidates(Tokens("التعليقات"), 1), nullptr);  // all tokens are leading numbers
  EXPECT_EQ(lexicon.kind(-1), internal::kNoCue);
}

TEST(CueLexicon, WordListsMarkTheirTokens) {
  const internal::CueLexicon& lexicon = Lexicon();
  auto bits = [&](absl::string_view word) {
    const std::vector<uint64_t> hashes = Tokens(word);
    EXPECT_EQ(hashes.size(), 1u) << word;
    return hashes.empty() ? 0 : lexicon.WordBits(hashes[0]);
  };
  EXPECT_TRUE(bits("في") & internal::kStop);
  EXPECT_TRUE(bits("أغسطس") & internal::kDate);
  EXPECT_TRUE(bits("اغسطس") & internal::kDate);
  EXPECT_TRUE(bits("Friday") & internal::kDate);
  EXPECT_TRUE(bits("هـ") & internal::kDateMark);
  EXPECT_TRUE(bits("تويتر") & internal::kSocial);
  EXPECT_TRUE(bits("Tweet") & internal::kSocial);
  EXPECT_TRUE(bits("الرئيسية") & internal::kHome);
  EXPECT_TRUE(bits("رويترز") & internal::kCredit);
  EXPECT_EQ(bits("مدرسة"), 0);
  EXPECT_EQ(bits("تويتر") & internal::kStop, 0);
}

// Matches `line` as the line scan prepares it: tokens split at a "label:"
// colon in the first 64 bytes, bits from the word lists.
internal::CueMatch MatchLine(absl::string_view line, size_t lead_numbers = 0, size_t numbers = 0,
                             bool end_punct = false, bool sentence_like = false, int max_words = 25) {
  static std::vector<uint64_t> hashes;
  static std::vector<uint8_t> bits;
  hashes.clear();
  bits.clear();
  internal::CueLine q;
  q.text = line;
  const size_t colon = line.find(':');
  if (colon != absl::string_view::npos && colon <= 64) {
    Normalizer::Default().TokenHashes(line.substr(0, colon), &hashes);
    q.colon = colon;
    q.label = hashes.size();
    Normalizer::Default().TokenHashes(line.substr(colon + 1), &hashes);
  } else {
    Normalizer::Default().TokenHashes(line, &hashes);
  }
  for (uint64_t h : hashes) bits.push_back(Lexicon().WordBits(h));
  q.hashes = hashes;
  q.bits = bits;
  q.lead_numbers = lead_numbers;
  q.numbers = numbers;
  q.words = static_cast<uint32_t>(std::vector<absl::string_view>(absl::StrSplit(line, ' ', absl::SkipEmpty())).size());
  q.end_punct = end_punct;
  q.sentence_like = sentence_like;
  const std::vector<int>* candidates = Lexicon().Candidates(hashes, lead_numbers);
  if (candidates == nullptr) return {};
  return Lexicon().Match(q, *candidates, max_words);
}

std::string CueText(const internal::CueMatch& m) { return m.cue < 0 ? "" : Lexicon().cue(m.cue).text; }

TEST(CueLexicon, MatchFollowsEachRowsRules) {
  // "label: value" and the label alone.
  EXPECT_EQ(CueText(MatchLine("المصدر: واس")), "المصدر");
  EXPECT_FALSE(MatchLine("المصدر: واس").standalone);
  EXPECT_TRUE(MatchLine("المصدر:").standalone);
  EXPECT_TRUE(MatchLine("المصدر: ...").standalone);  // only light punctuation after the colon
  // extra = 0: nothing may follow without a colon.
  EXPECT_EQ(MatchLine("المصدر واس").cue, -1);
  // Numbers after the entry are not words: "التعليقات 12".
  EXPECT_EQ(CueText(MatchLine("التعليقات 12", 0, 1)), "التعليقات");
  EXPECT_TRUE(MatchLine("التعليقات 12", 0, 1).standalone);
  EXPECT_EQ(CueText(MatchLine("3 تعليق", 1, 1)), "تعليق");
  // Longest entry first: "تعليقات القراء" is not "التعليقات" plus a word.
  EXPECT_EQ(CueText(MatchLine("تعليقات القراء")), "تعليقات القراء");
  // kSocialRest: what follows must be mostly social networks.
  EXPECT_EQ(CueText(MatchLine("شارك تويتر فيسبوك")), "شارك");
  EXPECT_EQ(MatchLine("شارك في المسابقة اليوم").cue, -1);
  // A "read also" opener is refused only when its line ends like a
  // sentence; other cues with words after them whenever it reads as one.
  EXPECT_EQ(CueText(MatchLine("اقرأ أيضا وزير التجارة يفتتح معرضا", 0, 0, false, true)), "اقرأ أيضا");
  EXPECT_EQ(MatchLine("اقرأ أيضا وزير التجارة يفتتح معرضا.", 0, 0, true, true).cue, -1);
  EXPECT_EQ(MatchLine("المصدر: الأمني وقد تم القبض على المتهمين", 0, 0, false, true).cue, -1);
  EXPECT_TRUE(MatchLine("المصدر:", 0, 0, false, true).standalone);  // no words after it: still a cue
  // kNameRest: a source's value is a name; a clause after the colon is a
  // headline or a sentence.
  EXPECT_EQ(CueText(MatchLine("المصدر: الوكالة العربية السورية للأنباء")), "المصدر");
  EXPECT_EQ(MatchLine("مصدر: الجثث المنقولة على \"دينّا\" ليست في المدينة").cue, -1);
  EXPECT_EQ(MatchLine("مصادر: إصدار حزمة جديدة من السندات الحكومية بـ(20) مليار ريال").cue, -1);
  EXPECT_EQ(MatchLine("مصادر: الوزير في جدة اليوم").cue, -1);  // 4 words with a stop word
  EXPECT_EQ(CueText(MatchLine("تاريخ النشر: الثلاثاء 21 يوليو 2015 الساعة العاشرة صباحا", 0, 2)),
            "تاريخ النشر");  // other fields take any value
  // Cue lines are short.
  EXPECT_EQ(CueText(MatchLine("المصدر: واس رويترز", 0, 0, false, false, 3)), "المصدر");
  EXPECT_EQ(MatchLine("المصدر: واس رويترز", 0, 0, false, false, 2).cue, -1);
}

TEST(CueLexicon, KindNames) {
  EXPECT_STREQ(internal::CueLexicon::KindName(internal::kOpener), "opener");
  EXPECT_STREQ(internal::CueLexicon::KindName(internal::kList), "list");
  EXPECT_STREQ(internal::CueLexicon::KindName(internal::kComments), "comments");
  EXPECT_STREQ(internal::CueLexicon::KindName(internal::kField), "field");
  EXPECT_STREQ(internal::CueLexicon::KindName(internal::kEnd), "end");
  EXPECT_STREQ(internal::CueLexicon::KindName(internal::kInline), "inline");
  EXPECT_STREQ(internal::CueLexicon::KindName(internal::kNoCue), "none");
}

}  // namespace
}  // namespace shabih
