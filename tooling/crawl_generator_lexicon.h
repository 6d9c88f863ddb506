// Hand-written material of the generator: names, places, organisations,
// wire-template slot values and page furniture (outlets, sections, cues,
// footers). Fictional outlets; real place names because they are what recur
// across real articles.
//
//   shabih::gen::Rng r(7);
//   const char* city = r.Pick(shabih::gen::kCities);
//   const shabih::gen::Country& c = r.Pick(shabih::gen::kCountries);
//
// Changing any entry or its order changes the generator's output: bump
// kGeneratorFormatVersion (tooling/crawl_generator.h) when you do.
//
// Thread safety: constant data.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_LEXICON_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_LEXICON_H_

namespace shabih::gen {

// --- Story material.

inline constexpr const char* kFirstNames[] = {
    "محمد", "أحمد", "عبدالله", "خالد",    "سعود", "فهد",  "عبدالرحمن", "سلطان", "فيصل",  "ناصر",
    "علي",  "عمر",  "يوسف",    "إبراهيم", "سامي", "طارق", "ماجد",      "حسن",   "منصور", "بندر",
    "تركي", "نايف", "مشعل",    "وليد",    "صالح", "عادل", "هاني",      "ياسر",  "زياد",  "حمد"};
inline constexpr const char* kFamilyNames[] = {
    "العتيبي", "الشمري",  "القحطاني", "الغامدي", "الزهراني", "الحربي",   "المطيري", "الدوسري", "العنزي",
    "السبيعي", "الشهري",  "المالكي",  "البقمي",  "الرشيد",   "السديري",  "الحمدان", "العمري",  "الجهني",
    "السلمي",  "الخالدي", "الأحمدي",  "الفيفي",  "العسيري",  "الشهراني", "اليامي",  "الرويلي"};
inline constexpr const char* kForeignFirst[] = {
    "جوزيف", "أندريه", "ماريو", "بيتر",  "ألكسندر", "عثمان",   "موسى", "كارلوس", "فرانسوا", "نيكولاس",
    "إيفو",  "ماكي",   "جون",   "ميشال", "ألفا",    "إسماعيل", "هاشم", "بول",    "كلاوس",   "توماس"};
inline constexpr const char* kForeignLast[] = {
    "سانتوس", "سيلفا", "كوستا",  "تراوري", "كيتا",    "نوفاك", "فيشر", "دوبوا",  "كوفي",  "ماهاما",
    "بيريز",  "لوبيز", "بيتروف", "كاروني", "أوكونكو", "ديالو", "باري", "كامارا", "سيسيه", "مولر"};

struct Country {
  const char* name;
  int regime;  // 0 republic, 1 kingdom, 2 emirate, 3 sultanate
  bool brotherly;
};
inline constexpr Country kCountries[] = {{"جمهورية غانا", 0, false},
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
inline constexpr const char* kRegimeTitle[] = {"لفخامة الرئيس", "لجلالة الملك", "لصاحب السمو الشيخ",
                                               "لجلالة السلطان"};
inline constexpr const char* kRegimeShort[] = {"رئيس", "ملك", "أمير", "سلطان"};
inline constexpr const char* kRegimeHonor[] = {"فخامته", "جلالته", "سموه", "جلالته"};
inline constexpr const char* kOccasions[] = {"الاستقلال",    "اليوم الوطني", "يوم الجمهورية",
                                             "العيد الوطني", "يوم الوحدة",   "يوم الثورة"};

inline constexpr const char* kCities[] = {"الرياض",  "جدة",        "مكة المكرمة", "المدينة المنورة",
                                          "الدمام",  "الطائف",     "أبها",        "تبوك",
                                          "حائل",    "بريدة",      "نجران",       "جازان",
                                          "الباحة",  "عرعر",       "سكاكا",       "الخبر",
                                          "الأحساء", "ينبع",       "خميس مشيط",   "الجبيل",
                                          "القطيف",  "حفر الباطن", "القريات",     "الدوادمي",
                                          "عنيزة",   "الخرج",      "القنفذة",     "بيشة",
                                          "رفحاء",   "الوجه"};
inline constexpr const char* kWorldCities[] = {"القاهرة", "دبي",   "بيروت",   "عمّان",   "لندن",    "باريس",
                                               "واشنطن",  "موسكو", "إسطنبول", "الكويت", "المنامة", "الدوحة",
                                               "مسقط",    "تونس",  "الرباط",  "بغداد"};
inline constexpr const char* kAgencies[] = {"واس", "وام", "أ ف ب", "رويترز", "د ب أ", "كونا", "بنا", "قنا"};
inline constexpr const char* kRegions[] = {
    "منطقة الرياض", "منطقة مكة المكرمة",     "المنطقة الشرقية",      "منطقة عسير", "منطقة جازان",
    "منطقة الباحة", "منطقة نجران",           "منطقة تبوك",           "منطقة حائل", "منطقة القصيم",
    "منطقة الجوف",  "منطقة الحدود الشمالية", "منطقة المدينة المنورة"};
inline constexpr const char* kPhenomena[] = {"سحبا رعدية ممطرة",
                                             "رياحا نشطة مثيرة للأتربة والغبار",
                                             "أمطارا متوسطة إلى غزيرة",
                                             "ضبابا على أجزاء منها في الصباح الباكر",
                                             "أجواء حارة إلى شديدة الحرارة",
                                             "زخات من البرد مصحوبة برياح شديدة"};
inline constexpr const char* kWinds[] = {"شمالية غربية", "جنوبية شرقية", "شمالية",
                                         "جنوبية غربية", "شرقية",        "متغيرة الاتجاه"};
inline constexpr const char* kSeaStates[] = {"خفيف", "خفيف إلى متوسط", "متوسط الموج", "مضطرب",
                                             "متوسط إلى مضطرب"};
inline constexpr const char* kCompanies[] = {"سابك",          "الراجحي",       "الاتصالات السعودية",
                                             "معادن",         "أسمنت اليمامة", "زين السعودية",
                                             "موبايلي",       "البنك الأهلي",  "سافكو",
                                             "المراعي",       "جرير",          "أسمنت الجنوب",
                                             "كيان السعودية", "بترو رابغ",     "دار الأركان",
                                             "إعمار",         "التصنيع",       "ينساب",
                                             "الدريس",        "بوبا العربية",  "التعاونية",
                                             "سدافكو"};
inline constexpr const char* kSectors[] = {"المصارف والخدمات المالية",
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
inline constexpr const char* kMonths[] = {"يناير", "فبراير", "مارس",   "أبريل",  "مايو",   "يونيو",
                                          "يوليو", "أغسطس",  "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"};
inline constexpr const char* kWeekdays[] = {"الأحد",  "الاثنين", "الثلاثاء", "الأربعاء",
                                            "الخميس", "الجمعة",  "السبت"};
inline constexpr const char* kOrgs[] = {"وزارة الداخلية",
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
inline constexpr const char* kPatients[] = {"مواطن", "مقيم", "مواطنة", "مقيمة"};
inline constexpr const char* kHealthStates[] = {"مستقر", "حرج", "تحت الملاحظة"};

// --- Page furniture.

inline constexpr const char* kOutlets[] = {
    "صحيفة الأفق", "جريدة المساء", "بوابة الخليج",   "الوطن اليوم",   "صدى الرياض",  "المرصد الإخباري",
    "شبكة النبأ",  "نافذة الشرق",  "اليوم الإخباري", "البيان الجديد", "صحيفة الحدث", "أخبار المملكة",
    "الرائد نت",   "صحيفة المدار", "بوابة الوسط",    "عين الخبر"};

struct Section {
  const char* name;
  const char* slug;
};
inline constexpr Section kSections[] = {
    {"محليات", "local"},    {"اقتصاد", "economy"},      {"رياضة", "sports"},         {"دولي", "world"},
    {"ثقافة", "culture"},   {"منوعات", "misc"},         {"تقنية", "tech"},           {"صحة", "health"},
    {"آراء", "opinion"},    {"سياسة", "politics"},      {"فيديو", "video"},          {"حوادث", "incidents"},
    {"تعليم", "education"}, {"مال وأعمال", "business"}, {"عربي ودولي", "arab-world"}};
inline constexpr const char* kNavSeparators[] = {" | ", " - ", " • ", "  ", " / "};
inline constexpr const char* kReadAlsoCues[] = {"اقرأ أيضاً:", "إقرأ أيضاً:", "اقرأ أيضا:", "إقرأ أيضا"};
inline constexpr const char* kRelatedCues[] = {"مقالات مشابهة", "أخبار ذات صلة", "مواضيع ذات صلة",
                                               "قد يهمك أيضاً"};
inline constexpr const char* kBullets[] = {"• ", "- ", "  • ", "» ", ""};
inline constexpr const char* kMostReadCues[] = {"الأكثر قراءة", "الأكثر مشاهدة", "الأخبار الأكثر تداولا"};
inline constexpr const char* kTagCues[] = {"كلمات دلالية: ", "الوسوم: ", "كلمات مفتاحية: "};
inline constexpr const char* kTagSeparators[] = {" ", "، ", " - "};
inline constexpr const char* kAdMarkers[] = {"إعلان", "- إعلان -", "مساحة إعلانية"};
inline constexpr const char* kFooterLinks[] = {"من نحن | اتصل بنا | سياسة الخصوصية | أعلن معنا",
                                               "الشروط والأحكام - سياسة الخصوصية - خريطة الموقع",
                                               "اتصل بنا • أعلن معنا • الأرشيف"};

}  // namespace shabih::gen

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_LEXICON_H_
