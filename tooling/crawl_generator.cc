// The synthetic crawl generator: a word model, story builders, copy edits,
// site templates and the block planner. docs/generator.md describes the
// output; this file explains only the choices that the output cannot show.
//
// Determinism rests on three rules: every random decision comes from Rng
// (splitmix64, no std:: distributions, whose results differ between standard
// libraries), no floating point, and every stream is seeded from
// (seed, what, which) so a story regenerated later is the same story.
#include "tooling/crawl_generator.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/json_writer.h"

namespace shabih {
namespace internal {
namespace gen_data {
#include "tooling/crawl_generator_vocab.inc"
#include "shabih/version.h"
}  // namespace gen_data

namespace {

// ---------------------------------------------------------------------------
// Randomness

// absl::string_view is its own type in this Abseil build (not
// std::string_view), so std::string::append does not take it.
inline void AppendView(absl::string_view s, std::string* out) { out->append(s.data(), s.size()); }

uint64_t SplitMix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uint64_t Hash3(uint64_t a, uint64_t b, uint64_t c) {
  return SplitMix(SplitMix(SplitMix(a) ^ b) ^ (c * 0xD1B54A32D192ED03ull));
}

// Stream tags: one per kind of decision, so that adding a decision to one
// stream never shifts another.
enum Stream : uint64_t {
  kStreamHeadline = 1,
  kStreamBody = 2,
  kStreamFill = 3,
  kStreamEvent = 4,
  kStreamPage = 5,
  kStreamCopy = 6,
  kStreamSite = 7,
  kStreamBlock = 8,
  kStreamAltHeadline = 9,
};

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) by multiply-shift; n > 0.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  int Range(int lo, int hi) { return lo + static_cast<int>(Below(hi - lo + 1)); }
  bool Chance(int per_mille) {
    return per_mille > 0 && Below(1000) < static_cast<uint64_t>(per_mille);
  }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

 private:
  uint64_t state_;
};

// ---------------------------------------------------------------------------
// Word model: unigram + truncated bigram from SaudiNewsNet.

constexpr int kEnd = gen_data::kVocabSize;

class WordModel {
 public:
  static const WordModel& Get() {
    static const WordModel* model = new WordModel();
    return *model;
  }

  absl::string_view Word(int id) const { return words_[id]; }
  int num_id() const { return num_id_; }
  int year_id() const { return year_id_; }
  // Id of a word that must be in the vocabulary (checked by tests through
  // the output); falls back to the most frequent word.
  int Id(absl::string_view word) const {
    for (int i = 0; i < static_cast<int>(words_.size()); ++i) {
      if (words_[i] == word) return i;
    }
    return 0;
  }

  int Unigram(Rng& rng) const { return Sample(cumulative_, rng); }
  int Start(Rng& rng) const { return gen_data::kStartWords[Sample(start_cumulative_, rng)]; }
  // A word from the middle of the frequency ranks: topical, not a particle.
  int ContentWord(Rng& rng) const { return 400 + static_cast<int>(rng.Below(7000)); }

  // Next word after `prev`, or kEnd.
  int NextWord(int prev, Rng& rng) const {
    const uint32_t begin = gen_data::kBigramOffsets[prev];
    const uint32_t end = gen_data::kBigramOffsets[prev + 1];
    if (begin == end) return rng.Chance(70) ? kEnd : Unigram(rng);
    uint64_t r = rng.Below(row_total_[prev]);
    for (uint32_t i = begin; i < end; ++i) {
      if (r < gen_data::kBigramCounts[i]) return gen_data::kBigramNext[i];
      r -= gen_data::kBigramCounts[i];
    }
    return Unigram(rng);
  }

 private:
  WordModel() {
    const char* p = gen_data::kVocabWords;
    words_.reserve(gen_data::kVocabSize);
    for (int i = 0; i < gen_data::kVocabSize; ++i) {
      const size_t len = std::strlen(p);
      words_.emplace_back(p, len);
      p += len + 1;
    }
    uint64_t total = 0;
    for (uint32_t c : gen_data::kVocabCounts) cumulative_.push_back(total += c);
    total = 0;
    for (uint32_t c : gen_data::kStartCounts) start_cumulative_.push_back(total += c);
    row_total_.resize(gen_data::kVocabSize);
    for (int w = 0; w < gen_data::kVocabSize; ++w) {
      uint64_t sum = gen_data::kBigramRest[w];
      for (uint32_t i = gen_data::kBigramOffsets[w]; i < gen_data::kBigramOffsets[w + 1]; ++i) {
        sum += gen_data::kBigramCounts[i];
      }
      row_total_[w] = sum;
    }
    num_id_ = Id("<NUM>");
    year_id_ = Id("<YEAR>");
  }

  static int Sample(const std::vector<uint64_t>& cumulative, Rng& rng) {
    const uint64_t r = rng.Below(cumulative.back());
    return static_cast<int>(std::upper_bound(cumulative.begin(), cumulative.end(), r) -
                            cumulative.begin());
  }

  std::vector<absl::string_view> words_;
  std::vector<uint64_t> cumulative_;
  std::vector<uint64_t> start_cumulative_;
  std::vector<uint64_t> row_total_;
  int num_id_ = 0;
  int year_id_ = 0;
};

// ---------------------------------------------------------------------------
// Hand-written material: names, places, page furniture. Fictional outlets;
// real place names because they are what recur across real articles.

constexpr const char* kFirstNames[] = {
    "محمد", "أحمد", "عبدالله", "خالد",    "سعود", "فهد",  "عبدالرحمن", "سلطان", "فيصل",  "ناصر",
    "علي",  "عمر",  "يوسف",    "إبراهيم", "سامي", "طارق", "ماجد",      "حسن",   "منصور", "بندر",
    "تركي", "نايف", "مشعل",    "وليد",    "صالح", "عادل", "هاني",      "ياسر",  "زياد",  "حمد"};
constexpr const char* kFamilyNames[] = {
    "العتيبي", "الشمري",  "القحطاني", "الغامدي", "الزهراني", "الحربي",  "المطيري",
    "الدوسري", "العنزي",  "السبيعي",  "الشهري",  "المالكي",  "البقمي",  "الرشيد",
    "السديري", "الحمدان", "العمري",   "الجهني",  "السلمي",   "الخالدي", "الأحمدي",
    "الفيفي",  "العسيري", "الشهراني", "اليامي",  "الرويلي"};
constexpr const char* kForeignFirst[] = {"جوزيف",   "أندريه", "ماريو",  "بيتر",    "ألكسندر",
                                         "عثمان",   "موسى",   "كارلوس", "فرانسوا", "نيكولاس",
                                         "إيفو",    "ماكي",   "جون",    "ميشال",   "ألفا",
                                         "إسماعيل", "هاشم",   "بول",    "كلاوس",   "توماس"};
constexpr const char* kForeignLast[] = {
    "سانتوس", "سيلفا", "كوستا",  "تراوري", "كيتا",    "نوفاك", "فيشر", "دوبوا",  "كوفي",  "ماهاما",
    "بيريز",  "لوبيز", "بيتروف", "كاروني", "أوكونكو", "ديالو", "باري", "كامارا", "سيسيه", "مولر"};

struct Country {
  const char* name;
  int regime;  // 0 republic, 1 kingdom, 2 emirate, 3 sultanate
  bool brotherly;
};
constexpr Country kCountries[] = {{"جمهورية غانا", 0, false},
                                  {"جمهورية البرتغال", 0, false},
                                  {"مملكة بلجيكا", 1, false},
                                  {"جمهورية مالي", 0, true},
                                  {"جمهورية السنغال", 0, true},
                                  {"جمهورية تشاد", 0, true},
                                  {"مملكة السويد", 1, false},
                                  {"جمهورية كوريا", 0, false},
                                  {"جمهورية الأرجنتين", 0, false},
                                  {"جمهورية البرازيل الاتحادية", 0, false},
                                  {"جمهورية إندونيسيا", 0, true},
                                  {"جمهورية مصر العربية", 0, true},
                                  {"المملكة الأردنية الهاشمية", 1, true},
                                  {"دولة الكويت", 2, true},
                                  {"دولة قطر", 2, true},
                                  {"مملكة البحرين", 1, true},
                                  {"سلطنة عمان", 3, true},
                                  {"الجمهورية التونسية", 0, true},
                                  {"الجمهورية الجزائرية", 0, true},
                                  {"المملكة المغربية", 1, true},
                                  {"جمهورية جيبوتي", 0, true},
                                  {"جمهورية الصومال", 0, true},
                                  {"جمهورية باكستان الإسلامية", 0, true},
                                  {"جمهورية كازاخستان", 0, true},
                                  {"جمهورية أوزبكستان", 0, true},
                                  {"مملكة إسبانيا", 1, false},
                                  {"مملكة هولندا", 1, false},
                                  {"جمهورية فنلندا", 0, false},
                                  {"جمهورية بولندا", 0, false},
                                  {"جمهورية بيرو", 0, false},
                                  {"جمهورية الفلبين", 0, false},
                                  {"مملكة تايلند", 1, false},
                                  {"جمهورية كينيا", 0, false},
                                  {"جمهورية نيجيريا الاتحادية", 0, true}};
constexpr const char* kRegimeTitle[] = {"لفخامة الرئيس", "لجلالة الملك", "لصاحب السمو الشيخ",
                                        "لجلالة السلطان"};
constexpr const char* kRegimeShort[] = {"رئيس", "ملك", "أمير", "سلطان"};
constexpr const char* kRegimeHonor[] = {"فخامته", "جلالته", "سموه", "جلالته"};
constexpr const char* kOccasions[] = {"الاستقلال",    "اليوم الوطني", "يوم الجمهورية",
                                      "العيد الوطني", "يوم الوحدة",   "يوم الثورة"};

constexpr const char* kCities[] = {"الرياض",  "جدة",        "مكة المكرمة", "المدينة المنورة",
                                   "الدمام",  "الطائف",     "أبها",        "تبوك",
                                   "حائل",    "بريدة",      "نجران",       "جازان",
                                   "الباحة",  "عرعر",       "سكاكا",       "الخبر",
                                   "الأحساء", "ينبع",       "خميس مشيط",   "الجبيل",
                                   "القطيف",  "حفر الباطن", "القريات",     "الدوادمي",
                                   "عنيزة",   "الخرج",      "القنفذة",     "بيشة",
                                   "رفحاء",   "الوجه"};
constexpr const char* kWorldCities[] = {
    "القاهرة", "دبي",    "بيروت",   "عمّان",   "لندن", "باريس", "واشنطن", "موسكو",
    "إسطنبول", "الكويت", "المنامة", "الدوحة", "مسقط", "تونس",  "الرباط", "بغداد"};
constexpr const char* kAgencies[] = {"واس",   "وام",  "أ ف ب", "رويترز",
                                     "د ب أ", "كونا", "بنا",   "قنا"};
constexpr const char* kRegions[] = {
    "منطقة الرياض", "منطقة مكة المكرمة",     "المنطقة الشرقية",      "منطقة عسير", "منطقة جازان",
    "منطقة الباحة", "منطقة نجران",           "منطقة تبوك",           "منطقة حائل", "منطقة القصيم",
    "منطقة الجوف",  "منطقة الحدود الشمالية", "منطقة المدينة المنورة"};
constexpr const char* kPhenomena[] = {"سحبا رعدية ممطرة",
                                      "رياحا نشطة مثيرة للأتربة والغبار",
                                      "أمطارا متوسطة إلى غزيرة",
                                      "ضبابا على أجزاء منها في الصباح الباكر",
                                      "أجواء حارة إلى شديدة الحرارة",
                                      "زخات من البرد مصحوبة برياح شديدة"};
constexpr const char* kWinds[] = {"شمالية غربية", "جنوبية شرقية", "شمالية",
                                  "جنوبية غربية", "شرقية",        "متغيرة الاتجاه"};
constexpr const char* kSeaStates[] = {"خفيف", "خفيف إلى متوسط", "متوسط الموج", "مضطرب",
                                      "متوسط إلى مضطرب"};
constexpr const char* kCompanies[] = {"سابك",          "الراجحي",       "الاتصالات السعودية",
                                      "معادن",         "أسمنت اليمامة", "زين السعودية",
                                      "موبايلي",       "البنك الأهلي",  "سافكو",
                                      "المراعي",       "جرير",          "أسمنت الجنوب",
                                      "كيان السعودية", "بترو رابغ",     "دار الأركان",
                                      "إعمار",         "التصنيع",       "ينساب",
                                      "الدريس",        "بوبا العربية",  "التعاونية",
                                      "سدافكو"};
constexpr const char* kSectors[] = {"المصارف والخدمات المالية",
                                    "الصناعات البتروكيماوية",
                                    "الأسمنت",
                                    "التجزئة",
                                    "الطاقة والمرافق الخدمية",
                                    "الزراعة والصناعات الغذائية",
                                    "الاتصالات وتقنية المعلومات",
                                    "التأمين",
                                    "التطوير العقاري",
                                    "النقل",
                                    "الإعلام والنشر",
                                    "الفنادق والسياحة"};
constexpr const char* kMonths[] = {"يناير", "فبراير", "مارس",   "أبريل",  "مايو",   "يونيو",
                                   "يوليو", "أغسطس",  "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"};
constexpr const char* kWeekdays[] = {"الأحد",  "الاثنين", "الثلاثاء", "الأربعاء",
                                     "الخميس", "الجمعة",  "السبت"};
constexpr const char* kOrgs[] = {"وزارة الداخلية",
                                 "وزارة الصحة",
                                 "هيئة الهلال الأحمر السعودي",
                                 "المديرية العامة للدفاع المدني",
                                 "أمانة منطقة الرياض",
                                 "وزارة التعليم",
                                 "الهيئة العامة للسياحة والتراث الوطني",
                                 "جامعة الملك سعود",
                                 "الأمم المتحدة",
                                 "جامعة الدول العربية",
                                 "وزارة العمل",
                                 "هيئة الاتصالات وتقنية المعلومات",
                                 "الرئاسة العامة لرعاية الشباب",
                                 "وزارة الإسكان",
                                 "شرطة منطقة مكة المكرمة",
                                 "مجلس الشورى"};
constexpr const char* kPatients[] = {"مواطن", "مقيم", "مواطنة", "مقيمة"};
constexpr const char* kHealthStates[] = {"مستقر", "حرج", "تحت الملاحظة"};

constexpr const char* kOutlets[] = {
    "صحيفة الأفق",    "جريدة المساء",    "بوابة الخليج", "الوطن اليوم",
    "صدى الرياض",     "المرصد الإخباري", "شبكة النبأ",   "نافذة الشرق",
    "اليوم الإخباري", "البيان الجديد",   "صحيفة الحدث",  "أخبار المملكة",
    "الرائد نت",      "صحيفة المدار",    "بوابة الوسط",  "عين الخبر"};
struct Section {
  const char* name;
  const char* slug;
};
constexpr Section kSections[] = {
    {"محليات", "local"},    {"اقتصاد", "economy"},      {"رياضة", "sports"},
    {"دولي", "world"},      {"ثقافة", "culture"},       {"منوعات", "misc"},
    {"تقنية", "tech"},      {"صحة", "health"},          {"آراء", "opinion"},
    {"سياسة", "politics"},  {"فيديو", "video"},         {"حوادث", "incidents"},
    {"تعليم", "education"}, {"مال وأعمال", "business"}, {"عربي ودولي", "arab-world"}};
constexpr const char* kNavSeparators[] = {" | ", " - ", " • ", "  ", " / "};
constexpr const char* kReadAlsoCues[] = {"اقرأ أيضاً:", "إقرأ أيضاً:", "اقرأ أيضا:", "إقرأ أيضا"};
constexpr const char* kRelatedCues[] = {"مقالات مشابهة", "أخبار ذات صلة", "مواضيع ذات صلة",
                                        "قد يهمك أيضاً"};
constexpr const char* kBullets[] = {"• ", "- ", "  • ", "» ", ""};
constexpr const char* kMostReadCues[] = {"الأكثر قراءة", "الأكثر مشاهدة", "الأخبار الأكثر تداولا"};
constexpr const char* kTagCues[] = {"كلمات دلالية: ", "الوسوم: ", "كلمات مفتاحية: "};
constexpr const char* kTagSeparators[] = {" ", "، ", " - "};
constexpr const char* kAdMarkers[] = {"إعلان", "- إعلان -", "مساحة إعلانية"};
constexpr const char* kFooterLinks[] = {"من نحن | اتصل بنا | سياسة الخصوصية | أعلن معنا",
                                        "الشروط والأحكام - سياسة الخصوصية - خريطة الموقع",
                                        "اتصل بنا • أعلن معنا • الأرشيف"};

// ---------------------------------------------------------------------------
// Stories as token lists, rendered per copy.

enum TokenKind : uint8_t { kWord, kNumber, kYear, kPunct };

struct Token {
  absl::string_view text;
  TokenKind kind;
};
using Para = std::vector<Token>;

enum class StoryKind : uint8_t { kNews, kWire, kEvent, kTemplate };

struct StorySpec {
  uint64_t id;  // Global story number; the gold cluster is "s%07d" of it.
  StoryKind kind;
  uint8_t tmpl;    // kTemplate: which template.
  uint64_t event;  // kEvent: the shared event.
};

struct Story {
  Para headline;
  Para alt_headline;  // Another headline for the same text (template copies).
  std::vector<Para> paras;
  absl::string_view dateline;  // "الرياض - واس", or empty.
  absl::string_view source;
  std::vector<absl::string_view> tags;
  bool year_suffix = false;
  std::deque<std::string> arena;  // Owns non-static token text; never moves.

  void Clear() {
    headline.clear();
    alt_headline.clear();
    paras.clear();
    dateline = {};
    source = {};
    tags.clear();
    year_suffix = false;
    arena.clear();
  }
  absl::string_view Own(std::string s) {
    arena.push_back(std::move(s));
    return arena.back();
  }
};

absl::string_view SmallNumber(int n) {
  // Numbers under 2000 (most of them) come from a table, not the arena.
  static const std::vector<std::string>* table = [] {
    auto* t = new std::vector<std::string>();
    for (int i = 0; i < 2100; ++i) t->push_back(absl::StrCat(i));
    return t;
  }();
  return (*table)[n];
}

absl::string_view RandomNumber(Rng& rng, Story* story) {
  const uint64_t r = rng.Below(100);
  if (r < 60) return SmallNumber(rng.Range(1, 30));
  if (r < 85) return SmallNumber(rng.Range(31, 1000));
  return story->Own(absl::StrCat(rng.Range(1000, 250000)));
}

void PushWord(const WordModel& model, int id, Rng& rng, Story* story, Para* out) {
  if (id == model.num_id()) {
    out->push_back({RandomNumber(rng, story), kNumber});
  } else if (id == model.year_id()) {
    out->push_back({SmallNumber(2005 + static_cast<int>(rng.Below(11))), kYear});
  } else {
    out->push_back({model.Word(id), kWord});
  }
}

// Appends one sentence of bigram text. `first` >= 0 continues from that word
// (after an opener such as "وقال فلان"), else a sentence-initial word.
void AppendSentence(const WordModel& model, Rng& rng, int min_words, int max_words, bool period,
                    int first, Story* story, Para* out) {
  int word = first >= 0 ? first : model.Start(rng);
  int count = 0;
  while (true) {
    PushWord(model, word, rng, story, out);
    if (++count >= max_words) break;
    int next = model.NextWord(word, rng);
    if (next == kEnd) {
      if (count >= min_words) break;
      next = model.Unigram(rng);
    }
    if (count >= 3 && rng.Chance(45)) out->push_back({"،", kPunct});
    word = next;
  }
  if (period) out->push_back({".", kPunct});
}

void AppendParagraph(const WordModel& model, Rng& rng, Story* story, Para* out) {
  const uint64_t r = rng.Below(10);
  const int sentences = r < 4 ? 1 : (r < 8 ? 2 : 3);
  for (int s = 0; s < sentences; ++s) AppendSentence(model, rng, 6, 38, true, -1, story, out);
}

// Splits `text` (owned by story->arena) at spaces into tokens; trailing
// "،.:" become punctuation; digits become numbers, 1990-2030 years.
void Tokenize(absl::string_view text, Para* out) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == absl::string_view::npos) end = text.size();
    absl::string_view piece = text.substr(pos, end - pos);
    pos = end + 1;
    if (piece.empty()) continue;
    absl::string_view trail;
    for (absl::string_view p :
         {absl::string_view("،"), absl::string_view("."), absl::string_view(":")}) {
      if (piece.size() > p.size() && piece.substr(piece.size() - p.size()) == p) {
        trail = piece.substr(piece.size() - p.size());
        piece.remove_suffix(p.size());
        break;
      }
    }
    TokenKind kind = kWord;
    if (piece[0] >= '0' && piece[0] <= '9') {
      kind = kNumber;
      if (piece.size() == 4 && piece.find_first_not_of("0123456789") == absl::string_view::npos &&
          piece >= "1990" && piece <= "2030") {
        kind = kYear;
      }
    }
    out->push_back({piece, kind});
    if (!trail.empty()) out->push_back({trail, kPunct});
  }
}

// --- Templates: different stories that share most of their wording.

struct Template {
  const char* headlines[2];
  const char* paras[7];
  int required;  // The first `required` paragraphs are always present.
};

constexpr Template kTemplates[] = {
    // 0: royal congratulation cable.
    {{"خادم الحرمين الشريفين يهنئ {LTITLE} {COUNTRY} بذكرى {OCC}",
      "الملك يبعث برقية تهنئة إلى {LTITLE} {COUNTRY} بمناسبة ذكرى {OCC}"},
     {"بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود برقية تهنئة {LTITLE2} {LEADER} "
      "{LTITLE} {COUNTRY}، بمناسبة ذكرى {OCC} لبلاده.",
      "وأعرب الملك المفدى باسمه واسم شعب وحكومة المملكة العربية السعودية عن أصدق التهاني وأطيب "
      "التمنيات بموفور الصحة والسعادة ل{HONOR}، ولحكومة وشعب {COUNTRY} {RELATION} اطراد التقدم "
      "والازدهار.",
      "كما بعث صاحب السمو الملكي الأمير محمد بن نايف بن عبدالعزيز ولي العهد نائب رئيس مجلس الوزراء "
      "وزير الداخلية برقية تهنئة مماثلة {LTITLE2} {LEADER}، عبر فيها عن أطيب التهاني وأصدق "
      "التمنيات.",
      "وبعث صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد النائب الثاني لرئيس "
      "مجلس الوزراء وزير الدفاع برقية تهنئة مماثلة {LTITLE2} {LEADER}.",
      "وتحتفل {COUNTRY} في {DAY} من شهر {MONTH} من كل عام بذكرى {OCC}، وتعد هذه الذكرى الـ{ORD} "
      "منذ عام {YEAR1}.",
      nullptr},
     4},
    // 1: weather bulletin.
    {{"الأرصاد: {PHEN} على {REGION1} و{REGION2}",
      "توقعات بهطول أمطار على {REGION1} ودرجات الحرارة تصل إلى {T1} في {CITY1}"},
     {"توقع المركز الوطني للأرصاد وحماية البيئة في تقريره عن حالة الطقس ليوم {WEEKDAY} أن تشهد "
      "{REGION1} و{REGION2} {PHEN}، فيما تكون الرياح السطحية على {REGION3} {WIND1} بسرعة تتراوح "
      "بين {N1} و{N2} كيلومترا في الساعة.",
      "وأشار المركز إلى أن الأجواء ستكون مشمسة إلى غائمة جزئيا على معظم مناطق المملكة، مع فرصة "
      "لتكون السحب الركامية الممطرة على المرتفعات الجنوبية الغربية خلال فترة ما بعد الظهر.",
      "وأوضح المركز أن درجات الحرارة العظمى المتوقعة ستبلغ {T1} درجة مئوية في {CITY1}، و{T2} درجة "
      "في {CITY2}، فيما تسجل أدنى درجة حرارة صغرى {TMIN} درجات في {CITY4}.",
      "ودعا المركز المواطنين والمقيمين إلى أخذ الحيطة والحذر ومتابعة النشرات الجوية عبر موقعه "
      "الإلكتروني وحساباته الرسمية في مواقع التواصل الاجتماعي، والابتعاد عن مجاري السيول "
      "والأودية أثناء هطول الأمطار.",
      "وبين أن حركة الرياح السطحية على البحر الأحمر {WIND2} بسرعة من {N3} إلى {N4} كم/ساعة، "
      "وارتفاع الموج من {M1} إلى {M2} متر، وحالة البحر {SEA1}.",
      "وتوقع المركز أن تستمر هذه الحالة حتى نهاية الأسبوع، مع انخفاض تدريجي في درجات الحرارة على "
      "المناطق الشمالية، وارتفاع في نسبة الرطوبة على المناطق الساحلية."},
     4},
    // 2: stock market summary.
    {{"مؤشر الأسهم السعودية يغلق {DIR} عند مستوى {IDX} نقطة",
      "الأسهم السعودية {DIRV} {PTS} نقطة بتداولات {VAL} مليار ريال"},
     {"أغلق مؤشر سوق الأسهم السعودية الرئيسي اليوم {WEEKDAY} {DIR} {PTS} نقطة، ليقفل عند مستوى "
      "{IDX} نقطة، بتداولات بلغت قيمتها {VAL} مليار ريال.",
      "وبلغت كمية الأسهم المتداولة {SHARES} مليون سهم، تقاسمتها {DEALS} ألف صفقة، سجلت فيها أسهم "
      "{UP} شركة ارتفاعا في قيمتها، فيما أغلقت أسهم {DOWN} شركة على تراجع.",
      "وجاءت تعاملات اليوم وسط تداولات متوسطة، حيث شهدت السوق عمليات بيع وشراء متوازنة على معظم "
      "الأسهم القيادية، مع استمرار اهتمام المتداولين بأسهم قطاع المصارف والخدمات المالية وقطاع "
      "الصناعات البتروكيماوية.",
      "وكانت أسهم شركات {CO1} و{CO2} و{CO3} الأكثر ارتفاعا، فيما كانت أسهم شركات {CO4} و{CO5} "
      "و{CO6} الأكثر انخفاضا في التعاملات.",
      "ويرى محللون أن السوق لا تزال تتأثر بتقلبات أسعار النفط في الأسواق العالمية، وبنتائج الشركات "
      "المدرجة للربع الثاني من العام الجاري، في ظل ترقب المستثمرين لقرارات هيئة السوق المالية.",
      "يذكر أن السوق المالية السعودية تعمل من يوم الأحد إلى يوم الخميس، وتبدأ فترة التداول عند "
      "الساعة العاشرة صباحا وتنتهي عند الساعة الثالثة عصرا.",
      "وعلى صعيد القطاعات، ارتفع قطاع {SECTOR1} بنسبة {PCT1} في المائة، بينما تراجع قطاع {SECTOR2} "
      "بنسبة {PCT2} في المائة."},
     5},
    // 3: health ministry statement.
    {{"الصحة: تسجيل {N1} حالات إصابة جديدة بفيروس كورونا في {CITY1} و{CITY2}",
      "{N1} إصابات جديدة بكورونا في {CITY1} و{CITY2}"},
     {"أعلنت وزارة الصحة تسجيل {N1} حالات إصابة جديدة بفيروس كورونا المسبب لمتلازمة الشرق الأوسط "
      "التنفسية، منها {N2} حالات في {CITY1} و{N3} حالات في {CITY2}.",
      "وأوضحت الوزارة في بيان نشرته على موقعها الإلكتروني اليوم {WEEKDAY} أن من بين المصابين "
      "{PATIENT} يبلغ من العمر {AGE} عاما، ووضعه الصحي {STATE}.",
      "وأكدت الوزارة أنها تتابع الحالات المسجلة وتقوم بإجراء الفحوصات اللازمة للمخالطين، وفق "
      "الإجراءات المعتمدة لمكافحة العدوى في المنشآت الصحية.",
      "وأشارت الوزارة إلى أن الفيروس ينتقل عبر الاتصال المباشر بالمصابين أو بالإبل المصابة، ونصحت "
      "بغسل اليدين باستمرار وتجنب ملامسة الحيوانات المريضة وارتداء الكمامات في الأماكن المزدحمة.",
      "وبلغ إجمالي عدد الحالات المسجلة منذ عام 2012 نحو {TOTAL} حالة، تعافى منها {REC} حالة، فيما "
      "بلغ عدد الوفيات {DEATHS} حالة.",
      "ودعت الوزارة المواطنين والمقيمين إلى اتباع الإرشادات الصحية والتواصل مع مركز الاتصال على "
      "الرقم {PHONE} عند الحاجة.",
      nullptr},
     4},
};
constexpr int kNumTemplates = sizeof(kTemplates) / sizeof(kTemplates[0]);

// Fills template slots, each key once per story (so a name repeats
// consistently), list keys with a numeric suffix drawn without repetition.
class Fills {
 public:
  explicit Fills(Rng* rng) : rng_(rng), country_(&kCountries[rng->Below(std::size(kCountries))]) {}

  std::string Expand(absl::string_view text) {
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t open = text.find('{', pos);
      if (open == absl::string_view::npos) break;
      const size_t close = text.find('}', open);
      AppendView(text.substr(pos, open - pos), &out);
      out.append(Get(text.substr(open + 1, close - open - 1)));
      pos = close + 1;
    }
    if (pos < text.size()) AppendView(text.substr(pos), &out);
    return out;
  }

 private:
  const std::string& Get(absl::string_view key) {
    for (const auto& [k, v] : memo_) {
      if (k == key) return v;
    }
    memo_.emplace_back(std::string(key), Make(key));
    return memo_.back().second;
  }

  template <size_t N>
  std::string Distinct(const char* const (&list)[N], std::vector<int>* used) {
    for (int tries = 0; tries < 16; ++tries) {
      const int i = static_cast<int>(rng_->Below(N));
      if (std::find(used->begin(), used->end(), i) == used->end() || tries == 15) {
        used->push_back(i);
        return list[i];
      }
    }
    return list[0];
  }

  std::string Decimal(int lo, int hi, int decimals) {
    const int scale = decimals == 1 ? 10 : 100;
    const int v = rng_->Range(lo * scale, hi * scale);
    return decimals == 1 ? absl::StrFormat("%d.%d", v / 10, v % 10)
                         : absl::StrFormat("%d.%02d", v / 100, v % 100);
  }

  std::string Make(absl::string_view key) {
    Rng& r = *rng_;
    if (key == "COUNTRY") return country_->name;
    if (key == "LTITLE") return kRegimeShort[country_->regime];
    if (key == "LTITLE2") return kRegimeTitle[country_->regime];
    if (key == "HONOR") return kRegimeHonor[country_->regime];
    if (key == "RELATION") return country_->brotherly ? "الشقيق" : "الصديق";
    if (key == "LEADER") return absl::StrCat(r.Pick(kForeignFirst), " ", r.Pick(kForeignLast));
    if (key == "OCC") return r.Pick(kOccasions);
    if (key == "ORD") return absl::StrCat(r.Range(5, 70));
    if (key == "YEAR1") return absl::StrCat(r.Range(1946, 2010));
    if (key == "DAY") return absl::StrCat(r.Range(1, 28));
    if (key == "MONTH") return r.Pick(kMonths);
    if (key == "WEEKDAY") return r.Pick(kWeekdays);
    if (key == "PHEN") return r.Pick(kPhenomena);
    if (key == "TMIN") return absl::StrCat(r.Range(8, 27));
    if (key == "DIR" || key == "DIRV") {
      if (rising_ < 0) rising_ = static_cast<int>(r.Below(2));
      if (key == "DIR") return rising_ ? "مرتفعا" : "منخفضا";
      return rising_ ? "ترتفع" : "تنخفض";
    }
    if (key == "PTS") return Decimal(1, 180, 2);
    if (key == "IDX") return Decimal(6500, 9800, 2);
    if (key == "VAL") return Decimal(3, 12, 1);
    if (key == "SHARES") return absl::StrCat(r.Range(120, 420));
    if (key == "DEALS") return absl::StrCat(r.Range(70, 190));
    if (key == "UP" || key == "DOWN") return absl::StrCat(r.Range(8, 160));
    if (key == "PATIENT") return r.Pick(kPatients);
    if (key == "STATE") return r.Pick(kHealthStates);
    if (key == "AGE") return absl::StrCat(r.Range(19, 88));
    if (key == "TOTAL") return absl::StrCat(r.Range(1000, 1300));
    if (key == "REC") return absl::StrCat(r.Range(500, 700));
    if (key == "DEATHS") return absl::StrCat(r.Range(400, 560));
    if (key == "PHONE") return absl::StrCat(r.Range(900, 999));
    switch (key[0]) {
      case 'C':
        if (key.substr(0, 2) == "CO") return Distinct(kCompanies, &used_companies_);
        return Distinct(kCities, &used_cities_);  // CITY#
      case 'R':
        return Distinct(kRegions, &used_regions_);  // REGION#
      case 'W':
        return r.Pick(kWinds);  // WIND#
      case 'S':
        if (key.substr(0, 3) == "SEA") return r.Pick(kSeaStates);
        return Distinct(kSectors, &used_sectors_);  // SECTOR#
      case 'T':
        return absl::StrCat(r.Range(24, 49));  // T#
      case 'N':
        return absl::StrCat(r.Range(2, 45));  // N#
      case 'M':
        return Decimal(0, 3, 1);  // M#: wave heights
      case 'P':
        return Decimal(0, 4, 2);  // PCT#
      default:
        return "";
    }
  }

  Rng* rng_;
  const Country* country_;
  int rising_ = -1;
  std::vector<int> used_cities_, used_regions_, used_companies_, used_sectors_;
  std::vector<std::pair<std::string, std::string>> memo_;
};

// --- Event entities: what different articles on one event share.

struct Event {
  const char* first;
  const char* family;
  const char* org;
  const char* city;
  int topic[3];
  uint64_t statement_seed;  // The statement every article on the event quotes.
};

Event MakeEvent(const WordModel& model, uint64_t seed, uint64_t event_id) {
  Rng r(Hash3(seed, event_id, kStreamEvent));
  Event e;
  e.first = r.Pick(kFirstNames);
  e.family = r.Pick(kFamilyNames);
  e.org = r.Pick(kOrgs);
  e.city = r.Pick(kCities);
  for (int& t : e.topic) t = model.ContentWord(r);
  e.statement_seed = r.Next();
  return e;
}

// Starts a sentence with an entity phrase; returns the vocabulary word the
// bigram text continues from (-1: a sentence-initial word).
int AppendOpener(const WordModel& model, const Event& e, Rng& r, Para* out) {
  static const int kInna = WordModel::Get().Id("إن");
  static const int kAnna = WordModel::Get().Id("أن");
  static const int kAn = WordModel::Get().Id("عن");
  switch (r.Below(5)) {
    case 0:
      out->insert(out->end(), {{"وقال", kWord}, {e.first, kWord}, {e.family, kWord}});
      return kInna;
    case 1:
      out->insert(out->end(), {{"وأكد", kWord}, {e.first, kWord}, {e.family, kWord}});
      return kAnna;
    case 2:
      out->insert(out->end(), {{"وأعلنت", kWord}, {e.org, kWord}});
      return kAnna;
    case 3:
      out->insert(out->end(), {{"وفي", kWord}, {e.city, kWord}, {"،", kPunct}});
      return -1;
    default:
      out->insert(out->end(), {{"وكشفت", kWord}, {e.org, kWord}});
      return kAn;
  }
}

void BuildHeadline(const WordModel& model, uint64_t seed, const StorySpec& spec, Story* story) {
  Rng r(Hash3(seed, spec.id, kStreamHeadline));
  if (spec.kind == StoryKind::kEvent) {
    const Event e = MakeEvent(model, seed, spec.event);
    if (r.Below(2)) {
      story->headline.insert(story->headline.end(), {{e.org, kWord}, {":", kPunct}});
    } else {
      story->headline.insert(story->headline.end(),
                             {{e.first, kWord}, {e.family, kWord}, {":", kPunct}});
    }
    AppendSentence(model, r, 4, 9, false, -1, story, &story->headline);
    return;
  }
  AppendSentence(model, r, 5, 12, false, -1, story, &story->headline);
}

void BuildTemplateStory(const WordModel& model, uint64_t seed, const StorySpec& spec,
                        Story* story) {
  const Template& t = kTemplates[spec.tmpl % kNumTemplates];
  Rng fill_rng(Hash3(seed, spec.id, kStreamFill));
  Fills fills(&fill_rng);
  Rng r(Hash3(seed, spec.id, kStreamBody));
  Tokenize(story->Own(fills.Expand(t.headlines[0])), &story->headline);
  Tokenize(story->Own(fills.Expand(t.headlines[1])), &story->alt_headline);
  for (int i = 0; i < 7 && t.paras[i] != nullptr; ++i) {
    if (i >= t.required && !r.Chance(600)) continue;
    story->paras.emplace_back();
    Tokenize(story->Own(fills.Expand(t.paras[i])), &story->paras.back());
  }
  // Sometimes a free sentence, as some bulletins carry a line of their own.
  if (r.Chance(350)) {
    const int at = static_cast<int>(r.Below(story->paras.size()));
    AppendSentence(model, r, 6, 16, true, -1, story, &story->paras[at]);
  }
  story->dateline = story->Own(absl::StrCat(r.Pick(kCities), " - واس"));
  story->source = "واس";
  story->year_suffix = r.Chance(500);
}

void BuildStory(const WordModel& model, uint64_t seed, const StorySpec& spec, Story* story) {
  story->Clear();
  if (spec.kind == StoryKind::kTemplate) {
    BuildTemplateStory(model, seed, spec, story);
  } else {
    BuildHeadline(model, seed, spec, story);
    Rng r(Hash3(seed, spec.id, kStreamBody));
    story->year_suffix = r.Chance(350);
    const int paragraphs = r.Range(3, 8);
    if (spec.kind == StoryKind::kEvent) {
      const Event e = MakeEvent(model, seed, spec.event);
      for (int p = 0; p < paragraphs; ++p) {
        story->paras.emplace_back();
        Para& para = story->paras.back();
        const int sentences = r.Range(1, 2);
        for (int s = 0; s < sentences; ++s) {
          const int first = r.Chance(450) ? AppendOpener(model, e, r, &para) : -1;
          const size_t before = para.size();
          AppendSentence(model, r, 6, 34, true, first, story, &para);
          if (r.Chance(300) && para.size() > before + 4) {
            para[before + 2 + r.Below(para.size() - before - 4)] = {model.Word(e.topic[r.Below(3)]),
                                                                    kWord};
          }
        }
      }
      // Most articles on an event quote its official statement verbatim: the
      // text they share beyond names.
      if (r.Chance(600)) {
        Para quote = {{"وقال", kWord}, {e.first, kWord}, {e.family, kWord},
                      {"في", kWord},   {"بيان", kWord},  {":", kPunct}};
        Rng sr(e.statement_seed);
        AppendSentence(model, sr, 14, 26, true, -1, story, &quote);
        story->paras.insert(story->paras.begin() + 1 + r.Below(story->paras.size()),
                            std::move(quote));
      }
      story->dateline = story->Own(absl::StrCat(e.city, " - ", r.Pick(kAgencies)));
    } else {
      for (int p = 0; p < paragraphs; ++p) {
        story->paras.emplace_back();
        AppendParagraph(model, r, story, &story->paras.back());
      }
      if (spec.kind == StoryKind::kWire) {
        story->dateline = story->Own(absl::StrCat(r.Pick(kCities), " - واس"));
        story->source = "واس";
      } else if (r.Chance(500)) {
        const bool world = r.Chance(400);
        story->dateline = story->Own(
            absl::StrCat(world ? r.Pick(kWorldCities) : r.Pick(kCities), " - ", r.Pick(kAgencies)));
      }
    }
  }
  // Tags: a few longer words of the story itself, as sites derive them.
  Rng tr(Hash3(seed, spec.id, kStreamBody + 100));
  const int want = tr.Range(3, 6);
  for (int tries = 0; tries < 40 && static_cast<int>(story->tags.size()) < want; ++tries) {
    const Para& p = story->paras[tr.Below(story->paras.size())];
    const Token& t = p[tr.Below(p.size())];
    if (t.kind == kWord && t.text.size() >= 8 &&
        std::find(story->tags.begin(), story->tags.end(), t.text) == story->tags.end()) {
      story->tags.push_back(t.text);
    }
  }
}

// --- Rendering with per-copy spelling.

struct Style {
  int alef = 0;      // Per-mille of words with أ/إ/آ written as ا.
  int ta = 0;        // Per-mille of words with final ة/ه swapped.
  int ya = 0;        // Per-mille of words with final ى/ي swapped.
  int harakat = 0;   // Per-mille of words given one diacritic.
  int wa_split = 0;  // Per-mille of و-words written "و كلمة".
  bool indic_digits = false;
  bool year_suffix = false;
};

void AppendDigits(absl::string_view text, bool indic, std::string* out) {
  if (!indic) {
    AppendView(text, out);
    return;
  }
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out->push_back('\xD9');
      out->push_back(static_cast<char>(0xA0 + (c - '0')));
    } else {
      out->push_back(c);
    }
  }
}

bool HasDigit(absl::string_view s) {
  for (char c : s) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

void AppendWord(absl::string_view w, const Style& style, Rng& rng, std::string* out) {
  // ASCII or too short to carry Arabic letters: as is.
  if (w.size() < 2 || static_cast<unsigned char>(w[0]) < 0xD8) {
    AppendDigits(w, style.indic_digits, out);
    return;
  }
  if (style.wa_split > 0 && w.size() >= 8 && w[0] == '\xD9' && w[1] == '\x88' &&
      rng.Chance(style.wa_split)) {
    out->append("و ");
    w.remove_prefix(2);
  }
  const bool alef = style.alef > 0 && rng.Chance(style.alef);
  const bool ta = style.ta > 0 && rng.Chance(style.ta);
  const bool ya = style.ya > 0 && rng.Chance(style.ya);
  size_t haraka_at = absl::string_view::npos;
  if (style.harakat > 0 && rng.Chance(style.harakat)) haraka_at = rng.Below(w.size() / 2);
  const size_t start = out->size();
  for (size_t i = 0; i < w.size(); ++i) {
    const unsigned char c = w[i];
    if (i + 1 < w.size() && (c == 0xD8 || c == 0xD9)) {
      unsigned char d = w[i + 1];
      const bool last = i + 2 == w.size();
      if (alef && c == 0xD8 && (d == 0xA3 || d == 0xA5 || d == 0xA2)) d = 0xA7;
      if (ta && last && c == 0xD8 && d == 0xA9) {
        out->append("\xD9\x87");  // ة -> ه
      } else if (ta && last && c == 0xD9 && d == 0x87) {
        out->append("\xD8\xA9");  // ه -> ة
      } else if (ya && last && c == 0xD9 && (d == 0x89 || d == 0x8A)) {
        out->push_back('\xD9');
        out->push_back(d == 0x89 ? '\x8A' : '\x89');  // ى <-> ي
      } else {
        out->push_back(static_cast<char>(c));
        out->push_back(static_cast<char>(d));
      }
      if (haraka_at != absl::string_view::npos && i / 2 == haraka_at && d != 0xA7) {
        // U+064B..U+0652: fathatan .. sukun.
        out->push_back('\xD9');
        out->push_back(static_cast<char>(0x8B + rng.Below(8)));
      }
      ++i;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  if (style.indic_digits && HasDigit(absl::string_view(*out).substr(start))) {
    std::string tail = out->substr(start);
    out->resize(start);
    AppendDigits(tail, true, out);
  }
}

void RenderPara(const Para& para, const Style& style, Rng& rng, std::string* out) {
  bool first = true;
  for (const Token& t : para) {
    if (t.kind == kPunct) {
      AppendView(t.text, out);
      continue;
    }
    if (!first) out->push_back(' ');
    first = false;
    switch (t.kind) {
      case kNumber:
        AppendDigits(t.text, style.indic_digits, out);
        break;
      case kYear:
        AppendDigits(t.text, style.indic_digits, out);
        if (style.year_suffix) out->append("م");
        break;
      default: {
        absl::string_view text = t.text;
        size_t pos = 0;
        while (pos <= text.size()) {  // Multi-word tokens: each word alone.
          size_t end = text.find(' ', pos);
          if (end == absl::string_view::npos) end = text.size();
          if (pos > 0) out->push_back(' ');
          AppendWord(text.substr(pos, end - pos), style, rng, out);
          pos = end + 1;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Sites.

struct Site {
  std::string name;   // "site03"
  std::string host;   // "site03.example"
  std::string title;  // Arabic outlet name.
  std::string nav;
  std::vector<const Section*> sections;
  bool breadcrumb = false;
  int date_format = -1;   // -1: no date line.
  int dateline_mode = 0;  // 0 none, 1 own line, 2 inline at the start of the body.
  int share_mode = 0;     // 0 none, 1 under the title, 2 after the body.
  int share_format = 0;
  bool source = false;
  const char* tag_cue = nullptr;
  const char* tag_separator = " ";
  int readalso_pm = 0;  // Per-mille of pages with a read-also article.
  const char* readalso_cue = "";
  bool inline_readalso = false;  // A one-line "اقرأ أيضاً: <headline>" in the body.
  int related_pm = 0;
  const char* related_cue = "";
  const char* bullet = "";
  int mostread_pos = 0;  // 0 none, 1 top, 2 bottom.
  const char* mostread_cue = "";
  int comments_format = -1;
  std::vector<std::string> footer;
  bool blank_lines = false;
  bool indic_digits = false;
  int ad_pm = 0;
};

Site MakeSite(uint64_t seed, int index, int width) {
  Rng r(Hash3(seed, index, kStreamSite));
  Site s;
  s.name = absl::StrFormat("site%0*d", width, index);
  s.host = s.name + ".example";
  s.title = kOutlets[index % std::size(kOutlets)];
  if (index >= static_cast<int>(std::size(kOutlets))) {
    absl::StrAppend(&s.title, " ", index / std::size(kOutlets) + 1);
  }
  for (const Section& sec : kSections) {
    if (r.Chance(450)) s.sections.push_back(&sec);
  }
  if (s.sections.size() < 3) s.sections = {&kSections[0], &kSections[1], &kSections[2]};
  const char* sep = r.Pick(kNavSeparators);
  s.nav = "الرئيسية";
  for (const Section* sec : s.sections) absl::StrAppend(&s.nav, sep, sec->name);
  if (r.Chance(500)) absl::StrAppend(&s.nav, sep, "المزيد");
  s.breadcrumb = r.Chance(400);
  s.date_format = r.Chance(850) ? static_cast<int>(r.Below(4)) : -1;
  s.dateline_mode = static_cast<int>(r.Below(3));
  s.share_mode = static_cast<int>(r.Below(3));
  s.share_format = static_cast<int>(r.Below(4));
  s.source = r.Chance(650);
  if (r.Chance(650)) {
    s.tag_cue = r.Pick(kTagCues);
    s.tag_separator = r.Pick(kTagSeparators);
  }
  s.readalso_pm = r.Chance(700) ? r.Range(300, 900) : 0;
  s.readalso_cue = r.Pick(kReadAlsoCues);
  s.inline_readalso = r.Chance(300);
  s.related_pm = r.Chance(750) ? r.Range(600, 1000) : 0;
  s.related_cue = r.Pick(kRelatedCues);
  s.bullet = r.Pick(kBullets);
  s.mostread_pos = r.Chance(500) ? r.Range(1, 2) : 0;
  s.mostread_cue = r.Pick(kMostReadCues);
  s.comments_format = r.Chance(600) ? static_cast<int>(r.Below(4)) : -1;
  switch (r.Below(3)) {
    case 0:
      s.footer.push_back(absl::StrCat("جميع الحقوق محفوظة © 2015 ", s.title));
      break;
    case 1:
      s.footer.push_back(absl::StrCat("© ", s.title, " 2015 - جميع الحقوق محفوظة"));
      break;
    default:
      s.footer.push_back(absl::StrCat("حقوق النشر محفوظة لـ", s.title, " 2015"));
      break;
  }
  if (r.Chance(600)) s.footer.push_back(r.Pick(kFooterLinks));
  s.blank_lines = r.Chance(500);
  s.indic_digits = r.Chance(150);
  s.ad_pm = r.Chance(400) ? r.Range(100, 400) : 0;
  return s;
}

// ---------------------------------------------------------------------------
// Pages.

enum class PageKind : uint8_t {
  kSingle,
  kOriginal,
  kCopyExact,
  kCopyLight,
  kCopyEdited,
  kCopyHeavy,
  kCopyTruncated,
  kWire,
  kEmbed,
  kEvent,
  kTemplate,
  kTemplateCopy,
};
constexpr const char* kPageKindNames[] = {
    "single",         "original", "copy-exact", "copy-light", "copy-edited", "copy-heavy",
    "copy-truncated", "wire",     "embed",      "event",      "template",    "template-copy"};

struct PageSpec {
  uint32_t story;  // Index into the block's stories: main text (the wire for kEmbed).
  PageKind kind;
  uint16_t copy_no;
  uint16_t site;
};

// Days since 1970-01-01 to y/m/d (Howard Hinnant's civil_from_days).
void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}
constexpr int64_t kFirstDay = 16637;  // 2015-07-21, SaudiNewsNet's first day.

constexpr int kBlockPages = 2048;

}  // namespace
}  // namespace internal

using internal::BuildStory;
using internal::Hash3;
using internal::PageKind;
using internal::PageSpec;
using internal::Para;
using internal::Rng;
using internal::Story;
using internal::StoryKind;
using internal::StorySpec;
using internal::Style;
using internal::Token;
using internal::WordModel;

absl::StatusOr<CrawlFormat> ParseCrawlFormat(absl::string_view name) {
  if (name == "jsonl") return CrawlFormat::kJsonl;
  if (name == "txt") return CrawlFormat::kTxt;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format '", name, "' (expected jsonl or txt)"));
}

class CrawlGenerator::Impl {
 public:
  explicit Impl(const GeneratorOptions& options) : options_(options), model_(WordModel::Get()) {
    int width = 2;
    for (int n = options.sites - 1; n >= 100; n /= 10) ++width;
    for (int i = 0; i < options.sites; ++i)
      sites_.push_back(internal::MakeSite(options.seed, i, width));
    site_pages_.assign(options.sites, 0);
  }

  bool Next(GeneratedPage* page) {
    if (cursor_ == pages_.size()) {
      if (produced_ >= options_.pages) return false;
      PlanBlock();
    }
    const PageSpec spec = pages_[cursor_++];
    BuildPage(spec, page);
    ++produced_;
    return true;
  }

  int64_t clusters() const { return clusters_; }

 private:
  // --- Planning: which stories go on which pages, one block at a time.

  uint32_t NewStory(StoryKind kind, uint8_t tmpl = 0, uint64_t event = 0) {
    stories_.push_back({next_story_++, kind, tmpl, event});
    return static_cast<uint32_t>(stories_.size() - 1);
  }

  // `n` sites, distinct while the crawl has enough of them.
  void PickSites(Rng& r, int n, std::vector<uint16_t>* out) {
    out->clear();
    const int k = options_.sites;
    for (int i = 0; i < n; ++i) {
      uint16_t s = static_cast<uint16_t>(r.Below(k));
      // A few copies go to the original's own site (re-posted in another
      // section), the rest to other sites.
      if (i > 0 && !r.Chance(50)) {
        for (int tries = 0; tries < 8 && std::find(out->begin(), out->end(), s) != out->end() &&
                            static_cast<int>(out->size()) < k;
             ++tries) {
          s = static_cast<uint16_t>(r.Below(k));
        }
      }
      out->push_back(s);
    }
  }

  PageKind CopyLevel(Rng& r) {
    const uint64_t x = r.Below(100);
    if (x < 15) return PageKind::kCopyExact;
    if (x < 45) return PageKind::kCopyLight;
    if (x < 75) return PageKind::kCopyEdited;
    if (x < 90) return PageKind::kCopyHeavy;
    return PageKind::kCopyTruncated;
  }

  void AddGroup(Rng& r) {
    const GeneratorMix& mix = options_.mix;
    const uint64_t total = static_cast<uint64_t>(mix.singleton) + mix.cross_posted +
                           mix.wire_embed + mix.same_event + mix.templated;
    int64_t x = static_cast<int64_t>(r.Below(total));
    std::vector<uint16_t>& sites = site_scratch_;
    auto add = [&](uint32_t story, PageKind kind, uint16_t copy_no, uint16_t site) {
      pages_.push_back({story, kind, copy_no, site});
    };
    if ((x -= mix.singleton) < 0) {
      const uint32_t s = NewStory(r.Chance(200) ? StoryKind::kWire : StoryKind::kNews);
      PickSites(r, 1, &sites);
      add(s, PageKind::kSingle, 0, sites[0]);
    } else if ((x -= mix.cross_posted) < 0) {
      const uint32_t s = NewStory(r.Chance(350) ? StoryKind::kWire : StoryKind::kNews);
      static constexpr int kCopies[] = {1, 1, 1, 1, 1, 1, 1, 1, 2, 2,
                                        2, 2, 2, 3, 3, 3, 4, 4, 5, 6};  // 40% one copy.
      const int copies = r.Pick(kCopies);
      PickSites(r, copies + 1, &sites);
      add(s, PageKind::kOriginal, 0, sites[0]);
      for (int c = 1; c <= copies; ++c) add(s, CopyLevel(r), static_cast<uint16_t>(c), sites[c]);
    } else if ((x -= mix.wire_embed) < 0) {
      const uint32_t s = NewStory(StoryKind::kWire);
      const int copies = r.Range(0, 2);
      PickSites(r, copies + 2, &sites);
      add(s, PageKind::kWire, 0, sites[0]);
      for (int c = 1; c <= copies; ++c) {
        add(s, r.Chance(500) ? PageKind::kCopyExact : PageKind::kCopyLight,
            static_cast<uint16_t>(c), sites[c]);
      }
      add(s, PageKind::kEmbed, static_cast<uint16_t>(copies + 1), sites[copies + 1]);
    } else if ((x -= mix.same_event) < 0) {
      const uint64_t event = next_story_;
      const int n = r.Range(2, 4);
      PickSites(r, n, &sites);
      for (int i = 0; i < n; ++i) {
        const uint32_t s = NewStory(StoryKind::kEvent, 0, event);
        add(s, PageKind::kEvent, 0, sites[i]);
        if (r.Chance(200))
          add(s, PageKind::kCopyLight, 1, static_cast<uint16_t>(r.Below(options_.sites)));
      }
    } else {
      const uint8_t tmpl = static_cast<uint8_t>(r.Below(internal::kNumTemplates));
      const int n = r.Range(2, 5);
      for (int i = 0; i < n; ++i) {
        const uint32_t s = NewStory(StoryKind::kTemplate, tmpl);
        PickSites(r, 2, &sites);
        add(s, PageKind::kTemplate, 0, sites[0]);
        if (r.Chance(300)) add(s, PageKind::kTemplateCopy, 1, sites[1]);
      }
    }
  }

  void PlanBlock() {
    Rng r(Hash3(options_.seed, block_, internal::kStreamBlock));
    stories_.clear();
    pages_.clear();
    headlines_.clear();
    cursor_ = 0;
    const int64_t target = std::min<int64_t>(internal::kBlockPages, options_.pages - produced_);
    while (static_cast<int64_t>(pages_.size()) < target) AddGroup(r);
    pages_.resize(target);
    for (size_t i = pages_.size(); i > 1; --i) std::swap(pages_[i - 1], pages_[r.Below(i)]);
    std::vector<bool> seen(stories_.size(), false);
    for (const PageSpec& p : pages_) {
      if (!seen[p.story]) {
        seen[p.story] = true;
        ++clusters_;
      }
    }
    headlines_.assign(stories_.size(), std::string());
    mostread_.assign(sites_.size(), {});
    for (auto& list : mostread_) {
      for (int i = 0; i < 5; ++i) list.push_back(static_cast<uint32_t>(r.Below(stories_.size())));
    }
    day_ = internal::kFirstDay + block_;
    ++block_;
  }

  // --- Building one page.

  const std::string& Headline(uint32_t story) {
    std::string& h = headlines_[story];
    if (h.empty()) {
      BuildStory(model_, options_.seed, stories_[story], &other_);
      Rng unused(0);
      internal::RenderPara(other_.headline, Style(), unused, &h);
    }
    return h;
  }

  Style RandomStyle(Rng& r, bool heavy, const Story& story) {
    Style s;
    if (r.Chance(heavy ? 600 : 300)) s.alef = r.Chance(500) ? 1000 : 500;
    if (r.Chance(heavy ? 400 : 200)) s.ta = r.Chance(500) ? 1000 : 300;
    if (r.Chance(heavy ? 400 : 200)) s.ya = 1000;
    if (r.Chance(heavy ? 500 : 250)) s.harakat = r.Range(40, 150);
    if (r.Chance(heavy ? 300 : 150)) s.wa_split = r.Range(50, 250);
    s.indic_digits = r.Chance(heavy ? 300 : 150);
    s.year_suffix = r.Chance(heavy ? 500 : 400) ? !story.year_suffix : story.year_suffix;
    return s;
  }

  void FreshParagraph(Rng& r, Para* out) {
    out->clear();
    internal::AppendParagraph(model_, r, &extra_, out);
  }

  // Fills content_ (paragraphs), headline_ and style_ for the page's main text.
  void PlanContent(const PageSpec& spec, const StorySpec& story_spec) {
    const Story& st = main_;
    Rng r(Hash3(options_.seed, story_spec.id * 64 + spec.copy_no, internal::kStreamCopy));
    extra_.Clear();
    content_.assign(st.paras.begin(), st.paras.end());
    headline_ = st.headline;
    style_ = Style();
    style_.year_suffix = st.year_suffix;
    const size_t n = content_.size();
    auto new_headline = [&] {
      if (story_spec.kind == StoryKind::kTemplate) {
        headline_ = st.alt_headline;
        return;
      }
      Para h;
      if (r.Chance(500))
        h.assign(st.headline.begin(),
                 st.headline.begin() + std::min<size_t>(2, st.headline.size()));
      internal::AppendSentence(model_, r, 4, 10, false, -1, &extra_, &h);
      headline_ = std::move(h);
    };
    auto intro = [&](int count) {
      for (int i = 0; i < count; ++i) {
        Para p;
        FreshParagraph(r, &p);
        content_.insert(content_.begin(), std::move(p));
      }
    };
    auto drop = [&](int count) {
      for (int i = 0; i < count && content_.size() > 2; ++i) {
        content_.erase(content_.begin() + 1 + r.Below(content_.size() - 1));
      }
    };
    auto swap_adjacent = [&] {
      if (content_.size() < 3) return;
      const size_t i = 1 + r.Below(content_.size() - 2);
      std::swap(content_[i], content_[i + 1]);
    };
    switch (spec.kind) {
      case PageKind::kCopyExact:
        break;
      case PageKind::kCopyLight:
      case PageKind::kTemplateCopy:
        if (r.Chance(400)) new_headline();
        style_ = RandomStyle(r, false, st);
        break;
      case PageKind::kCopyEdited:
        if (r.Chance(600)) new_headline();
        if (r.Chance(600)) intro(1);
        if (n >= 4 && r.Chance(500)) drop(1);
        if (r.Chance(400)) swap_adjacent();
        style_ = RandomStyle(r, false, st);
        break;
      case PageKind::kCopyHeavy: {
        new_headline();
        intro(r.Range(1, 2));
        if (n >= 4) drop(r.Range(1, 2));
        if (r.Chance(600)) swap_adjacent();
        if (r.Chance(400)) {
          content_.emplace_back();
          FreshParagraph(r, &content_.back());
        }
        // Paraphrase: a few words replaced by what the model would say next.
        for (Para& p : content_) {
          for (size_t i = 1; i < p.size(); ++i) {
            if (p[i].kind == internal::kWord && r.Chance(60)) {
              p[i] = {model_.Word(model_.ContentWord(r)), internal::kWord};
            }
          }
        }
        style_ = RandomStyle(r, true, st);
        break;
      }
      case PageKind::kCopyTruncated: {
        const size_t keep = std::max<size_t>(2, (n + 1) / 2);
        if (content_.size() > keep) content_.resize(keep);
        if (r.Chance(500)) content_.back().push_back({"...", internal::kPunct});
        if (r.Chance(300)) new_headline();
        style_ = RandomStyle(r, false, st);
        break;
      }
      case PageKind::kEmbed: {
        new_headline();
        intro(r.Range(1, 2));
        const int analysis = r.Range(2, 4);
        for (int i = 0; i < analysis; ++i) {
          content_.emplace_back();
          FreshParagraph(r, &content_.back());
        }
        if (r.Chance(500)) style_ = RandomStyle(r, false, st);
        break;
      }
      default:
        break;
    }
  }

  struct Line {
    size_t begin;
    GoldLine gold;
  };

  void AddLine(absl::string_view text, bool boilerplate, const char* kind) {
    if (!lines_.empty() || !page_text_->empty()) page_text_->push_back('\n');
    lines_.push_back({page_text_->size(), {boilerplate, kind}});
    internal::AppendView(text, page_text_);
  }
  void Blank() {
    if (site_->blank_lines && !lines_.empty()) AddLine("", true, "blank");
  }
  // Renders a paragraph straight into the page text.
  void AddPara(const Para& para, const Style& style, Rng& r, bool boilerplate, const char* kind,
               absl::string_view prefix = {}) {
    AddLine(prefix, boilerplate, kind);
    internal::RenderPara(para, style, r, page_text_);
  }
  void AddHeadlineList(const std::vector<uint32_t>& stories, const char* kind) {
    for (uint32_t s : stories) {
      scratch_.assign(site_->bullet);
      internal::AppendDigits(Headline(s), site_->indic_digits, &scratch_);
      AddLine(scratch_, true, kind);
    }
  }

  std::string DateLine(Rng& r) {
    int y, m, d;
    internal::CivilFromDays(day_, &y, &m, &d);
    const int hh = r.Range(0, 23), mi = r.Range(0, 59);
    std::string s;
    switch (site_->date_format) {
      case 0:
        s = absl::StrCat("تاريخ النشر: ", d, " ", internal::kMonths[m - 1], " ", y);
        break;
      case 1:
        s = absl::StrFormat("نشر في: %02d/%02d/%d - %02d:%02d", d, m, y, hh, mi);
        break;
      case 2:
        s = absl::StrCat(internal::kWeekdays[(day_ + 4) % 7], " ", d, " ", internal::kMonths[m - 1],
                         " ", y, "م");
        break;
      default:
        s = absl::StrFormat("آخر تحديث: %d-%02d-%02d %02d:%02d", y, m, d, hh, mi);
        break;
    }
    std::string out;
    internal::AppendDigits(s, site_->indic_digits, &out);
    return out;
  }

  std::string ShareLine(Rng& r) {
    const int a = r.Range(0, 400), b = r.Range(0, 90), c = r.Range(0, 60);
    std::string s;
    switch (site_->share_format) {
      case 0:
        s = absl::StrCat("شارك ", a, " تغريد ", b);
        break;
      case 1:
        s = absl::StrCat("مشاركة ", a, " | واتساب ", b, " | تويتر ", c);
        break;
      case 2:
        s = absl::StrCat(a * 7 + b, " مشاهدة");
        break;
      default:
        s = "شارك على: فيسبوك تويتر واتساب";
        break;
    }
    std::string out;
    internal::AppendDigits(s, site_->indic_digits, &out);
    return out;
  }

  void BuildPage(const PageSpec& spec, GeneratedPage* page) {
    const internal::Site& site = sites_[spec.site];
    site_ = &site;
    const StorySpec& story_spec = stories_[spec.story];
    Rng r(Hash3(options_.seed, static_cast<uint64_t>(produced_), internal::kStreamPage));
    const int64_t number = site_pages_[spec.site]++;
    const std::string page_name = absl::StrFormat("p%07d", number);
    page->site = site.name;
    page->id =
        absl::StrCat(site.name, "/", page_name, options_.format == CrawlFormat::kTxt ? ".txt" : "");
    const internal::Section* section = site.sections[r.Below(site.sections.size())];
    int y, m, d;
    internal::CivilFromDays(day_, &y, &m, &d);
    page->url = absl::StrFormat("https://%s/%s/%d/%02d/%02d/%s.html", site.host, section->slug, y,
                                m, d, page_name);
    page->cluster = absl::StrFormat("s%07d", story_spec.id);
    page->kind = internal::kPageKindNames[static_cast<int>(spec.kind)];
    page->text.clear();
    page->lines.clear();
    page_text_ = &page->text;
    lines_.clear();

    BuildStory(model_, options_.seed, story_spec, &main_);
    PlanContent(spec, story_spec);
    Style style = style_;
    style.indic_digits = style.indic_digits || site.indic_digits;
    Rng edit_rng(
        Hash3(options_.seed, story_spec.id * 64 + spec.copy_no, internal::kStreamCopy + 50));

    // Header.
    AddLine(site.nav, true, "nav");
    if (site.breadcrumb) AddLine(absl::StrCat("الرئيسية » ", section->name), true, "breadcrumb");
    if (site.mostread_pos == 1) {
      Blank();
      AddLine(site.mostread_cue, true, "mostread");
      AddHeadlineList(mostread_[spec.site], "mostread");
    }
    Blank();
    AddPara(headline_, style, edit_rng, false, "title");
    if (site.date_format >= 0) AddLine(DateLine(r), true, "date");
    const absl::string_view dateline = main_.dateline;
    if (site.dateline_mode == 1) {
      if (!dateline.empty()) {
        scratch_.clear();
        internal::AppendDigits(dateline, false, &scratch_);
        AddLine(scratch_, true, "byline");
      } else if (r.Chance(500)) {
        AddLine(absl::StrCat("كتب - ", r.Pick(internal::kFirstNames), " ",
                             r.Pick(internal::kFamilyNames)),
                true, "byline");
      }
    }
    if (site.share_mode == 1) AddLine(ShareLine(r), true, "share");

    // Body.
    const size_t mid = content_.size() / 2;
    for (size_t i = 0; i < content_.size(); ++i) {
      Blank();
      std::string prefix;
      if (i == 0 && site.dateline_mode == 2 && !dateline.empty())
        prefix = absl::StrCat(dateline, ": ");
      AddPara(content_[i], style, edit_rng, false, "body", prefix);
      if (i + 1 < content_.size() && site.ad_pm > 0 && r.Chance(site.ad_pm / 3)) {
        Blank();
        AddLine(r.Pick(internal::kAdMarkers), true, "ad");
      }
      if (i + 1 == mid && site.inline_readalso && stories_.size() > 1) {
        const uint32_t other = OtherStory(r, spec.story);
        Blank();
        AddLine(absl::StrCat(site.readalso_cue, " ", Headline(other)), true, "readalso");
      }
    }

    // Footer blocks.
    if (site.share_mode == 2) {
      Blank();
      AddLine(ShareLine(r), true, "share");
    }
    if (site.source) {
      Blank();
      absl::string_view src = main_.source.empty() ? absl::string_view(site.title) : main_.source;
      AddLine(absl::StrCat("المصدر: ", src), true, "source");
    }
    if (site.tag_cue != nullptr && !main_.tags.empty()) {
      Blank();
      std::string tags = site.tag_cue;
      for (size_t i = 0; i < main_.tags.size(); ++i) {
        if (i > 0) tags.append(site.tag_separator);
        internal::AppendView(main_.tags[i], &tags);
      }
      AddLine(tags, true, "tags");
    }
    if (site.readalso_pm > 0 && stories_.size() > 1 && r.Chance(site.readalso_pm)) {
      const uint32_t other = OtherStory(r, spec.story);
      BuildStory(model_, options_.seed, stories_[other], &other_);
      Style other_style;
      other_style.indic_digits = site.indic_digits;
      other_style.year_suffix = other_.year_suffix;
      Blank();
      AddLine(site.readalso_cue, true, "readalso-cue");
      Blank();
      AddPara(other_.headline, other_style, r, true, "readalso");
      const size_t count = r.Chance(200) ? other_.paras.size()
                                         : std::min<size_t>(other_.paras.size(), r.Range(1, 3));
      for (size_t i = 0; i < count; ++i) {
        Blank();
        AddPara(other_.paras[i], other_style, r, true, "readalso");
      }
    }
    if (site.related_pm > 0 && stories_.size() > 1 && r.Chance(site.related_pm)) {
      Blank();
      AddLine(site.related_cue, true, "related-cue");
      std::vector<uint32_t> related;
      const int count = r.Range(3, 6);
      for (int i = 0; i < count; ++i) related.push_back(OtherStory(r, spec.story));
      AddHeadlineList(related, "related");
    }
    if (site.mostread_pos == 2) {
      Blank();
      AddLine(site.mostread_cue, true, "mostread");
      AddHeadlineList(mostread_[spec.site], "mostread");
    }
    if (site.comments_format >= 0) {
      const int comments = r.Chance(500) ? 0 : r.Range(1, 3);
      Blank();
      std::string header;
      switch (site.comments_format) {
        case 0:
          header = absl::StrCat("التعليقات (", comments, ")");
          break;
        case 1:
          header = absl::StrCat("تعليقات الزوار (", comments, ")");
          break;
        case 2:
          header = absl::StrCat(comments, " تعليق");
          break;
        default:
          header = "أضف تعليقك";
          break;
      }
      scratch_.clear();
      internal::AppendDigits(header, site.indic_digits, &scratch_);
      AddLine(scratch_, true, "comments");
      for (int i = 0; i < comments; ++i) {
        Para c;
        internal::AppendSentence(model_, r, 4, 16, true, -1, &extra_, &c);
        AddPara(c, Style(), r, true, "comment", absl::StrCat(r.Pick(internal::kFirstNames), ": "));
      }
    }
    Blank();
    for (const std::string& f : site.footer) AddLine(f, true, "footer");

    // A blank line belongs to the main text when it separates two
    // main-text lines, else to the boilerplate around it.
    page->lines.reserve(lines_.size());
    for (size_t i = 0; i < lines_.size(); ++i) {
      GoldLine g = lines_[i].gold;
      if (g.kind[0] == 'b' && std::strcmp(g.kind, "blank") == 0) {
        const bool before = i > 0 && !lines_[i - 1].gold.boilerplate;
        const bool after = i + 1 < lines_.size() && !lines_[i + 1].gold.boilerplate;
        g.boilerplate = !(before && after);
      }
      page->lines.push_back(g);
    }
  }

  uint32_t OtherStory(Rng& r, uint32_t not_this) {
    uint32_t s = static_cast<uint32_t>(r.Below(stories_.size()));
    if (s == not_this) s = (s + 1) % stories_.size();
    return s;
  }

  const GeneratorOptions options_;
  const WordModel& model_;
  std::vector<internal::Site> sites_;
  std::vector<int64_t> site_pages_;

  // The current block.
  std::vector<StorySpec> stories_;
  std::vector<PageSpec> pages_;
  std::vector<std::string> headlines_;  // Lazily rendered, plain.
  std::vector<std::vector<uint32_t>> mostread_;
  size_t cursor_ = 0;
  int64_t day_ = internal::kFirstDay;
  uint64_t block_ = 0;
  uint64_t next_story_ = 0;
  int64_t produced_ = 0;
  int64_t clusters_ = 0;

  // Scratch, reused across pages.
  std::vector<uint16_t> site_scratch_;
  Story main_, other_, extra_;
  std::vector<Para> content_;
  Para headline_;
  Style style_;
  const internal::Site* site_ = nullptr;
  std::string* page_text_ = nullptr;
  std::vector<Line> lines_;
  std::string scratch_;
};

CrawlGenerator::CrawlGenerator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CrawlGenerator::~CrawlGenerator() = default;

absl::StatusOr<std::unique_ptr<CrawlGenerator>> CrawlGenerator::Create(
    const GeneratorOptions& options) {
  if (options.pages < 0) return absl::InvalidArgumentError("--pages must be >= 0");
  if (options.sites < 1 || options.sites > 1000) {
    return absl::InvalidArgumentError("--sites must be between 1 and 1000");
  }
  const GeneratorMix& m = options.mix;
  if (m.singleton < 0 || m.cross_posted < 0 || m.wire_embed < 0 || m.same_event < 0 ||
      m.templated < 0 ||
      static_cast<int64_t>(m.singleton) + m.cross_posted + m.wire_embed + m.same_event +
              m.templated <=
          0) {
    return absl::InvalidArgumentError("the mix must be non-negative and not all zero");
  }
  return std::unique_ptr<CrawlGenerator>(new CrawlGenerator(std::make_unique<Impl>(options)));
}

bool CrawlGenerator::Next(GeneratedPage* page) { return impl_->Next(page); }
int64_t CrawlGenerator::clusters() const { return impl_->clusters(); }

// ---------------------------------------------------------------------------
// Writing to disk.

namespace {

class OutFile {
 public:
  ~OutFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  absl::Status Open(const std::filesystem::path& path) {
    path_ = path.string();
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) {
      return absl::PermissionDeniedError(
          absl::StrCat("cannot write ", path_, ": ", std::strerror(errno)));
    }
    buffer_.reserve(kFlushAt + (1 << 16));
    return absl::OkStatus();
  }
  std::string* buffer() { return &buffer_; }
  absl::Status MaybeFlush() { return buffer_.size() >= kFlushAt ? Flush() : absl::OkStatus(); }
  absl::Status Flush() {
    if (!buffer_.empty() &&
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      return absl::DataLossError(
          absl::StrCat("write failed on ", path_, ": ", std::strerror(errno)));
    }
    bytes_ += static_cast<int64_t>(buffer_.size());
    buffer_.clear();
    return absl::OkStatus();
  }
  absl::Status Close() {
    SHABIH_RETURN_IF_ERROR(Flush());
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) return absl::DataLossError(absl::StrCat("cannot close ", path_));
    return absl::OkStatus();
  }
  int64_t bytes() const { return bytes_; }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  int64_t bytes_ = 0;
};

absl::Status MakeDirs(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create ", dir.string(), ": ", ec.message()));
  return absl::OkStatus();
}

}  // namespace

absl::Status GenerateCrawl(const GeneratorOptions& options, GeneratorStats* stats) {
  if (options.out_dir.empty()) return absl::InvalidArgumentError("--out is required");
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CrawlGenerator> gen, CrawlGenerator::Create(options));
  const std::filesystem::path out(options.out_dir);
  SHABIH_RETURN_IF_ERROR(MakeDirs(out));

  OutFile crawl, clusters, lines;
  if (options.format == CrawlFormat::kJsonl)
    SHABIH_RETURN_IF_ERROR(crawl.Open(out / "crawl.jsonl"));
  if (options.write_gold) {
    SHABIH_RETURN_IF_ERROR(clusters.Open(out / "gold_clusters.jsonl"));
    SHABIH_RETURN_IF_ERROR(lines.Open(out / "gold_lines.jsonl"));
  }
  std::vector<bool> site_dir_made(options.sites, false);

  GeneratorStats local;
  GeneratedPage page;
  int64_t txt_bytes = 0;
  while (gen->Next(&page)) {
    ++local.pages;
    ++local.pages_by_kind[page.kind];
    local.lines += static_cast<int64_t>(page.lines.size());
    for (const GoldLine& g : page.lines) local.boilerplate_lines += g.boilerplate;

    if (options.format == CrawlFormat::kJsonl) {
      JsonObjectWriter w(crawl.buffer());
      w.String("id", page.id).String("url", page.url).String("text", page.text).Close();
      crawl.buffer()->push_back('\n');
      SHABIH_RETURN_IF_ERROR(crawl.MaybeFlush());
    } else {
      const std::filesystem::path dir = out / "crawl" / page.site;
      size_t site_index = 0;
      if (!absl::SimpleAtoi(absl::string_view(page.site).substr(4), &site_index) ||
          site_index >= site_dir_made.size()) {
        return absl::InternalError(absl::StrCat("unexpected site name ", page.site));
      }
      if (!site_dir_made[site_index]) {
        SHABIH_RETURN_IF_ERROR(MakeDirs(dir));
        site_dir_made[site_index] = true;
      }
      OutFile f;
      SHABIH_RETURN_IF_ERROR(f.Open(out / "crawl" / page.id));
      f.buffer()->append(page.text);
      SHABIH_RETURN_IF_ERROR(f.Close());
      txt_bytes += static_cast<int64_t>(page.text.size());
    }
    if (options.write_gold) {
      std::string* cb = clusters.buffer();
      JsonObjectWriter(cb)
          .String("id", page.id)
          .String("cluster", page.cluster)
          .String("kind", page.kind)
          .Close();
      cb->push_back('\n');
      std::string* lb = lines.buffer();
      std::string id_json;
      AppendJsonString(page.id, &id_json);
      for (size_t i = 0; i < page.lines.size(); ++i) {
        // Hand-rolled: this file has one record per line of the crawl, and
        // the id is escaped once per page instead of once per line.
        absl::StrAppend(lb, "{\"id\":", id_json, ",\"line\":", i + 1, ",\"label\":\"",
                        page.lines[i].boilerplate ? "boilerplate" : "content", "\",\"kind\":\"",
                        page.lines[i].kind, "\"}\n");
      }
      SHABIH_RETURN_IF_ERROR(clusters.MaybeFlush());
      SHABIH_RETURN_IF_ERROR(lines.MaybeFlush());
    }
  }
  if (options.format == CrawlFormat::kJsonl) SHABIH_RETURN_IF_ERROR(crawl.Close());
  if (options.write_gold) {
    SHABIH_RETURN_IF_ERROR(clusters.Close());
    SHABIH_RETURN_IF_ERROR(lines.Close());
  }
  local.clusters = gen->clusters();
  local.crawl_bytes = options.format == CrawlFormat::kJsonl ? crawl.bytes() : txt_bytes;
  local.gold_bytes = clusters.bytes() + lines.bytes();

  // The manifest holds no timings, so it is as reproducible as the crawl.
  std::string kinds;
  {
    JsonObjectWriter k(&kinds);
    for (const auto& [kind, count] : local.pages_by_kind) k.Int(kind, count);
    k.Close();
  }
  std::string mix;
  {
    JsonObjectWriter m(&mix);
    m.Int("singleton", options.mix.singleton)
        .Int("cross_posted", options.mix.cross_posted)
        .Int("wire_embed", options.mix.wire_embed)
        .Int("same_event", options.mix.same_event)
        .Int("templated", options.mix.templated)
        .Close();
  }
  OutFile manifest;
  SHABIH_RETURN_IF_ERROR(manifest.Open(out / "manifest.json"));
  JsonObjectWriter w(manifest.buffer());
  w.String("generator", "shabih gen")
      .String("version", SHABIH_VERSION)
      .Raw("seed", absl::StrCat(options.seed))
      .Int("pages", local.pages)
      .Int("sites", options.sites)
      .String("format", options.format == CrawlFormat::kJsonl ? "jsonl" : "txt")
      .Raw("mix", mix)
      .Int("clusters", local.clusters)
      .Int("lines", local.lines)
      .Int("boilerplate_lines", local.boilerplate_lines)
      .Int("crawl_bytes", local.crawl_bytes)
      .Raw("pages_by_kind", kinds)
      .Close();
  manifest.buffer()->push_back('\n');
  SHABIH_RETURN_IF_ERROR(manifest.Close());
  if (stats != nullptr) *stats = std::move(local);
  return absl::OkStatus();
}

}  // namespace shabih
