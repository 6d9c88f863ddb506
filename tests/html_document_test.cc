// HTML documents in the line pipeline (engine/internal/html_document.h):
// the DOM's labels combined with per-site repetition and cues, and dedup's
// signing of an HTML page as its main text.
#include "engine/internal/html_document.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "shabih/minhash.h"
#include "shabih/signer.h"

namespace shabih {
namespace {

// A page of one site: a masthead written as plain divs (no <nav>, no
// class the DOM reads as furniture), the article, its own text per page.
std::string Page(int i) {
  static const char* const kCities[] = {"الرياض", "جدة", "الدمام", "تبوك", "أبها", "حائل", "نجران"};
  static const char* const kTopics[] = {"التعليم", "الصحة", "النقل", "الإسكان", "الثقافة", "الرياضة", "المياه"};
  const char* city = kCities[i % 7];
  const char* topic = kTopics[i % 7];
  return absl::StrCat(
      "<html><body><div><div>الرئيسية</div><div>محليات</div><div>رياضة</div><div>اتصل بنا</div></div>"
      "<div class='story'><h1>وزير ", topic, " يزور ", city, "</h1><p>افتتح وزير ", topic,
      " اليوم مشروعا جديدا في ", city,
      "، بحضور عدد من المسؤولين والأهالي، وقال إن المشروع يخدم ألف أسرة.</p><p>وأضاف وزير ", topic,
      " أن الوزارة ستفتتح مشاريع أخرى في ", city, " وما حولها خلال العام المقبل.</p></div></body></html>");
}

TEST(HtmlDocument, PerSiteRepetitionCutsTemplateBlocksTheDomKept) {
  auto classifier = BoilerplateClassifier::Create({});
  ASSERT_TRUE(classifier.ok());
  CrawlLineStats stats((BoilerplateOptions()));
  for (int i = 0; i < 6; ++i) stats.AddDocument("site.example", internal::HtmlStatisticsText(Page(i)));
  HtmlPage alone, with_stats;
  ASSERT_TRUE(internal::ClassifyHtml(**classifier, "site.example", Page(1), nullptr, &alone).ok());
  ASSERT_TRUE(internal::ClassifyHtml(**classifier, "site.example", Page(1), &stats, &with_stats).ok());
  ASSERT_EQ(alone.blocks.size(), with_stats.blocks.size());
  for (size_t i = 0; i < with_stats.blocks.size(); ++i) {
    const HtmlBlock& b = with_stats.blocks[i];
    if (b.text == "الرئيسية") EXPECT_TRUE(b.boilerplate);
    if (b.text.rfind("افتتح", 0) == 0 || b.text.rfind("وأضاف", 0) == 0) {
      EXPECT_FALSE(b.boilerplate) << b.reason;
      EXPECT_EQ(b.path, "body>div.story>p");
    }
  }
  EXPECT_EQ(with_stats.main_text.find("اتصل بنا"), std::string::npos);
  EXPECT_NE(with_stats.main_text.find("ألف أسرة"), std::string::npos);
}

TEST(HtmlDocument, BlocksTextIsOneBlockPerLine) {
  auto page = ExtractHtml("<p>a <b>b</b></p><ul><li>c</li><li>d<br>e</li></ul>");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(internal::BlocksText(*page), "a b\nc\nd\ne");
}

// Signing an HTML page signs its main text: the same signature as the
// article's text signed as a text document.
TEST(HtmlDocument, SignerSignsAnHtmlPageAsItsMainText) {
  DedupOptions options;
  options.common_min_documents = 0;  // no template discount: compare the raw signatures
  auto signer = DocumentSigner::Create(options);
  ASSERT_TRUE(signer.ok()) << signer.status();
  Document html;
  html.site = "site.example";
  html.format = DocumentFormat::kHtml;
  html.text = Page(3);
  auto classifier = BoilerplateClassifier::Create(options.boilerplate);
  ASSERT_TRUE(classifier.ok());
  std::string main;
  internal::HtmlMainText(classifier->get(), html.site, html.text, nullptr, &main);
  ASSERT_NE(main.find("ألف أسرة"), std::string::npos);
  Document text = html;
  text.format = DocumentFormat::kText;
  text.text = main;
  std::vector<uint32_t> a(128), b(128);
  SignedDocument ma, mb;
  ASSERT_TRUE((*signer)->SignInto(html, absl::MakeSpan(a), &ma).ok());
  ASSERT_TRUE((*signer)->SignInto(text.site, text.text, absl::MakeSpan(b), &mb).ok());
  EXPECT_EQ(ma.main_bytes, main.size());
  EXPECT_GT(EstimateJaccard(a, b), 0.9);
}

}  // namespace
}  // namespace shabih
