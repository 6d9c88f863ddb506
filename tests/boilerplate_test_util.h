// Helpers shared by the boilerplate tests (boilerplate_test.cc and the
// tests of its parts: line_fingerprint, crawl_line_stats, cue_lexicon,
// line_shape, page_structure): the default classifier, one-call
// classification, line splitting, precision/recall, and synthetic pages.
#ifndef SHABIH_TESTS_BOILERPLATE_TEST_UTIL_H_
#define SHABIH_TESTS_BOILERPLATE_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "shabih/boilerplate.h"

namespace shabih::testing {

// The classifier with default options, created once.
inline const BoilerplateClassifier& Classifier() {
  static const BoilerplateClassifier* classifier = BoilerplateClassifier::Create({})->release();
  return *classifier;
}

inline std::vector<LineVerdict> Classify(absl::string_view text, const CrawlLineStats* stats = nullptr,
                                         absl::string_view site = "") {
  std::vector<LineVerdict> verdicts;
  Classifier().Classify(site, text, stats, &verdicts);
  return verdicts;
}

// The '\n' lines of text as the classifier counts them.
inline std::vector<std::string> Lines(absl::string_view text) {
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

// Distinct words per page: line fingerprints fold digits, so pages that
// differ only in numbers would be one line.
inline constexpr const char* kCities[] = {"الرياض", "جدة",  "الدمام", "مكة",   "المدينة", "أبها",
                                          "تبوك",   "حائل", "جازان",  "نجران", "الطائف",  "بريدة"};
inline constexpr const char* kTopics[] = {"المرور", "التعليم", "الصحة",   "الإسكان", "البلدية", "الكهرباء",
                                          "المياه", "الزراعة", "السياحة", "الرياضة", "الثقافة", "التجارة"};

// A small article page of a site: site name, headline, two paragraphs and
// an optional line between them.
inline std::string ArticlePage(int i, absl::string_view extra_line = "") {
  const char* city = kCities[i % 12];
  const char* topic = kTopics[(i * 5 + 1) % 12];
  return absl::StrCat("شبكة الأخبار المحلية\n", "إدارة ", topic, " في ", city, " تعلن خطة جديدة\n",
                      "أعلنت إدارة ", topic, " في ", city,
                      " اليوم خطة جديدة لتطوير خدماتها وتابعتها الجهات المختصة باهتمام كبير.\n", extra_line,
                      extra_line.empty() ? "" : "\n", "وأضافت المصادر في ", city, " أن تنفيذ خطة ", topic,
                      " سيبدأ خلال الأسابيع المقبلة على مراحل متتالية.\n");
}

}  // namespace shabih::testing

#endif  // SHABIH_TESTS_BOILERPLATE_TEST_UTIL_H_
