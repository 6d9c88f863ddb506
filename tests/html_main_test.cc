// Blocks and main content from the DOM (shabih/html.h, engine/html_main.cc,
// engine/html_blocks.cc), the parser walk and the guard before it.
#include "shabih/html.h"

#include <unicode/ucnv.h>

#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engine/internal/html_guard.h"
#include "engine/internal/html_parser.h"
#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shabih {
namespace {

struct Recorder : internal::HtmlVisitor {
  bool Open(const internal::HtmlElement& e) override {
    out += "<" + std::string(e.name);
    if (!e.id.empty()) out += "#" + std::string(e.id);
    if (!e.klass.empty()) out += "." + std::string(e.klass);
    out += ">";
    return e.tag != internal::HtmlTag::kScript;
  }
  void Close(internal::HtmlTag) override { out += "</>"; }
  void Text(absl::string_view t) override { out += std::string(t); }
  std::string out;
};

TEST(HtmlParser, WalksElementsAttributesAndDecodedText) {
  auto parser = internal::CreateHtmlParser();
  Recorder r;
  ASSERT_TRUE(parser->Walk("<p id=x class='a b'>Tom &amp; Jerry<script>var x;</script><!-- c --></p>", &r).ok());
  EXPECT_EQ(r.out, "<html><head></><body><p#x.a b>Tom & Jerry<script></></></>");  // no Close for a skipped subtree
  EXPECT_STREQ(parser->name(), "myhtml");
}

TEST(HtmlParser, FlattensNestingBeyondTheCap) {
  auto parser = internal::CreateHtmlParser();
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<div>";
  html += "deep";
  Recorder r;
  internal::HtmlWalkStats stats;
  ASSERT_TRUE(parser->Walk(html, &r, 64, &stats).ok());
  EXPECT_GT(stats.flattened_elements, 4000u);
  EXPECT_THAT(r.out, testing::HasSubstr("deep"));
}

TEST(HtmlGuard, CutsAtATagAndReplacesNul) {
  internal::HtmlGuardCounts counts;
  std::string scratch;
  const std::string html = std::string("<p>a\0b</p><p>", 13) + std::string(100, 'x');
  absl::string_view out = internal::GuardHtml(html, 20, &scratch, &counts);
  EXPECT_EQ(out, "<p>a b</p>");
  EXPECT_EQ(counts.truncated, 1u);
  EXPECT_EQ(counts.nul_bytes, 1u);
}

constexpr char kArticlePage[] = R"(<!doctype html><html><head><title>خبر</title><style>p{}</style></head>
<body>
<header><div class="logo">صحيفة المدينة</div><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/s">رياضة</a></li></ul></nav></header>
<div id="content" class="article-body">
  <h1>افتتاح مستشفى جديد في الرياض بطاقة خمسمئة سرير</h1>
  <p>افتتح وزير الصحة اليوم مستشفى جديدا في مدينة الرياض، بطاقة استيعابية تبلغ خمسمئة سرير، ويضم أقساما متخصصة.</p>
  <p>وقال الوزير إن المستشفى يخدم أكثر من مليون نسمة، وإن العمل بدأ فيه قبل ثلاث سنوات.</p>
  <p>إقرأ أيضاً: وزارة الصحة تطلق حملة للتطعيم</p>
  <p>وأضاف أن الوزارة تخطط لافتتاح مستشفيات أخرى في المنطقة الشرقية خلال العام المقبل، بحسب الخطة المعتمدة.</p>
  <div class="share-buttons"><a href="#">تويتر</a> <a href="#">فيسبوك</a></div>
</div>
<aside><h3>الأكثر قراءة</h3><p>خبر آخر طويل بما يكفي ليكون فقرة لكنه في الشريط الجانبي للصفحة.</p></aside>
<footer><p>جميع الحقوق محفوظة © 2024</p></footer>
<script>var a = "<p>not text</p>";</script>
</body></html>)";

TEST(ExtractHtml, KeepsTheArticleAndLabelsFurniture) {
  auto page = ExtractHtml(kArticlePage);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->title, "خبر");
  std::vector<std::string> kept, reasons;
  for (const HtmlBlock& b : page->blocks) {
    if (!b.boilerplate) kept.push_back(b.text);
    reasons.push_back(b.text.substr(0, 12) + "=" + b.reason);
    EXPECT_EQ(b.text.find("not text"), std::string::npos);
  }
  ASSERT_EQ(kept.size(), 4u) << testing::PrintToString(reasons);
  EXPECT_THAT(kept[0], testing::StartsWith("افتتاح مستشفى"));
  EXPECT_THAT(kept[3], testing::StartsWith("وأضاف أن"));
  EXPECT_THAT(page->main_text, testing::Not(testing::HasSubstr("إقرأ")));
  for (const HtmlBlock& b : page->blocks) {
    if (b.text == "الرئيسية") {
      EXPECT_EQ(b.reason, "navigation");
      EXPECT_EQ(b.path, "body>header>nav>ul>li");
    }
    if (absl::StartsWith(b.text, "جميع الحقوق")) EXPECT_EQ(b.reason, "footer");
    if (absl::StartsWith(b.text, "خبر آخر")) EXPECT_EQ(b.reason, "aside");
    if (absl::StartsWith(b.text, "إقرأ")) EXPECT_THAT(b.reason, testing::StartsWith("cue:"));
    if (absl::StartsWith(b.text, "افتتح")) EXPECT_EQ(b.path, "body>div#content.article-body>p");
  }
}

// The cue is the line signals' evidence: the DOM alone sees a paragraph.
TEST(ExtractHtml, WithoutLineSignalsTheReadAlsoLineStays) {
  HtmlOptions options;
  options.line_signals = false;
  auto page = ExtractHtml(kArticlePage, options);
  ASSERT_TRUE(page.ok());
  for (const HtmlBlock& b : page->blocks) {
    if (absl::StartsWith(b.text, "إقرأ")) EXPECT_FALSE(b.boilerplate);
  }
}

TEST(ExtractHtml, BadInputNeverFails) {
  for (const std::string& html : {std::string(), std::string("<<<>>>"), std::string("\0\0<p>x", 6),
                                  std::string(3000, '<') + "div>", std::string("<table><td>a<td>b")}) {
    auto page = ExtractHtml(html);
    EXPECT_TRUE(page.ok()) << page.status();
  }
  HtmlOptions small;
  small.max_html_bytes = 10;
  auto page = ExtractHtml("<p>0123456789 0123456789</p>", small);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->guard.truncated, 1u);
}

// A page over 4 MiB gets the parser a fresh tree afterwards (its pools
// freed): the next page parses as before.
TEST(HtmlParser, AHugePageThenASmallOne) {
  std::string huge;
  while (huge.size() < (5u << 20)) huge += "<p>كلمة أخرى، وكلمة ثالثة في فقرة طويلة.</p>";
  auto big = ExtractHtml(huge);
  ASSERT_TRUE(big.ok());
  EXPECT_GT(big->blocks.size(), 50000u);
  auto small = ExtractHtml(kArticlePage);
  ASSERT_TRUE(small.ok());
  EXPECT_NE(small->main_text.find("افتتح وزير الصحة"), std::string::npos);
}

// Random tag soup and mutated real markup (fixed seed): never an error,
// never a block with a line break in it (blocks are lines downstream).
TEST(ExtractHtml, RandomMarkupNeverFails) {
  std::mt19937 rng(7);
  const char* const kPieces[] = {"<div>", "</div>", "<p class='x'>", "</p>", "<table><tr><td>", "</td>", "<a href=#>",
                                 "</a>", "<nav>", "</nav>", "<script>", "</script>", "<!--", "-->", "<svg><p>",
                                 "&amp;", "&#0;", "\n", " نص عربي، طويل.", " text", "<br>", "<", ">", "\"", "<li>",
                                 "<form>", "<select><option>", "<style>", "<template>", "<math>", "<header>", "\xff\xfe"};
  for (int page = 0; page < 300; ++page) {
    std::string html;
    const int n = static_cast<int>(rng() % 400);
    for (int i = 0; i < n; ++i) html += kPieces[rng() % std::size(kPieces)];
    if (page % 3 == 0) {  // a real page, cut and with bytes flipped
      html = kArticlePage;
      html.resize(rng() % html.size());
      for (int k = 0; k < 20 && !html.empty(); ++k) html[rng() % html.size()] = static_cast<char>(rng());
    }
    auto out = ExtractHtml(html);
    ASSERT_TRUE(out.ok()) << out.status();
    for (const HtmlBlock& b : out->blocks) ASSERT_EQ(b.text.find('\n'), std::string::npos);
  }
}

// Each thread has its own parser and caches: the answers do not depend on
// which thread, or which pages it saw before.
TEST(ExtractHtml, SameAnswerFromManyThreads) {
  const std::vector<std::string> pages = {kArticlePage, "<div class='post'><p>one, two, three words here.</p></div>",
                                          "<table><tr><td>a</td><td>b</td></tr></table>"};
  std::vector<std::string> expected;
  for (const std::string& p : pages) expected.push_back(ExtractHtml(p)->main_text);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < pages.size(); ++i) {
          const size_t k = (i + t + round) % pages.size();
          if (ExtractHtml(pages[k])->main_text != expected[k]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

// Bag-of-words F1 of two texts (tokens: runs of letters and digits).
double BagOfWordsF1(const std::string& gold, const std::string& pred) {
  auto bag = [](const std::string& text) {
    std::map<std::string, int> out;
    std::string word;
    for (size_t i = 0; i <= text.size(); ++i) {
      const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
      // Bytes of multi-byte UTF-8 sequences (Arabic letters) and ASCII letters/digits form words.
      if (c >= 0x80 || std::isalnum(c)) {
        word.push_back(static_cast<char>(c));
      } else if (!word.empty()) {
        ++out[word];
        word.clear();
      }
    }
    return out;
  };
  const auto g = bag(gold), p = bag(pred);
  int tp = 0, ng = 0, np = 0;
  for (const auto& [w, n] : g) ng += n;
  for (const auto& [w, n] : p) {
    np += n;
    auto it = g.find(w);
    if (it != g.end()) tp += std::min(n, it->second);
  }
  if (tp == 0) return 0;
  const double precision = static_cast<double>(tp) / np, recall = static_cast<double>(tp) / ng;
  return 2 * precision * recall / (precision + recall);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The Arabic pages of corpus/html against their gold (corpus/html-gold):
// every page of every markup keeps its article (docs/boilerplate.md#html
// has the measured figures; this pins them from below).
TEST(ExtractHtml, ArabicCorpusPagesMatchTheirGold) {
  const std::string root = std::string(SHABIH_SOURCE_DIR) + "/corpus/";
  int pages = 0;
  double sum = 0;
  for (const char* site : {"sabq", "okaz", "alriyadh", "alyaum", "was", "alwatan"}) {
    for (const char* name : {"page-1", "page-2"}) {
      std::string html = ReadFile(root + "html/" + site + "/" + name + ".html");
      ASSERT_FALSE(html.empty()) << site << "/" << name;
      if (std::string(site) == "alriyadh") {  // windows-1256 bytes: what the readers convert
        UErrorCode status = U_ZERO_ERROR;
        std::string utf8(html.size() * 3, '\0');
        const int32_t n = ucnv_convert("UTF-8", "windows-1256", utf8.data(), static_cast<int32_t>(utf8.size()),
                                       html.data(), static_cast<int32_t>(html.size()), &status);
        ASSERT_TRUE(U_SUCCESS(status));
        utf8.resize(static_cast<size_t>(n));
        html.swap(utf8);
      }
      auto page = ExtractHtml(html);
      ASSERT_TRUE(page.ok());
      const double f1 = BagOfWordsF1(ReadFile(root + "html-gold/" + site + "/" + name + ".txt"), page->main_text);
      EXPECT_GT(f1, 0.93) << site << "/" << name;
      sum += f1;
      ++pages;
    }
  }
  EXPECT_GT(sum / pages, 0.98);
}

}  // namespace
}  // namespace shabih
