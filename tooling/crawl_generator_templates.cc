// The wire templates and their slot filler. Slots are "{KEY}"; each key is
// drawn once per story (so a name repeats consistently) and list keys with a
// numeric suffix ("{CITY1}", "{CITY2}") are drawn without repetition.
#include "tooling/crawl_generator_templates.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tooling/crawl_generator_lexicon.h"

namespace shabih::gen {
namespace {

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
static_assert(std::size(kTemplates) == kNumTemplates, "kNumTemplates counts kTemplates");

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
    if (key == "LEADER") {
      // Separate statements, last name first: argument evaluation order is
      // unspecified (this is the order GCC used for gen-1).
      const char* last = r.Pick(kForeignLast);
      const char* first = r.Pick(kForeignFirst);
      return absl::StrCat(first, " ", last);
    }
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

}  // namespace

void BuildTemplateStory(const WordModel& model, uint64_t seed, uint64_t story_id, int tmpl, Story* story) {
  const Template& t = kTemplates[tmpl % kNumTemplates];
  Rng fill_rng(Hash3(seed, story_id, kStreamFill));
  Fills fills(&fill_rng);
  Rng r(Hash3(seed, story_id, kStreamBody));
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

}  // namespace shabih::gen
