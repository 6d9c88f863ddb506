// Site templates and their furniture lines. A site's choices come from its
// own stream (kStreamSite, index), so adding sites never changes the others.
#include "tooling/crawl_generator_sites.h"

#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tooling/crawl_generator_render.h"

namespace shabih::gen {

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

std::string DateLine(const Site& site, int64_t day, Rng& r) {
  int y, m, d;
  CivilFromDays(day, &y, &m, &d);
  const int hh = r.Range(0, 23), mi = r.Range(0, 59);
  std::string s;
  switch (site.date_format) {
    case 0:
      s = absl::StrCat("تاريخ النشر: ", d, " ", kMonths[m - 1], " ", y);
      break;
    case 1:
      s = absl::StrFormat("نشر في: %02d/%02d/%d - %02d:%02d", d, m, y, hh, mi);
      break;
    case 2:
      s = absl::StrCat(kWeekdays[(day + 4) % 7], " ", d, " ", kMonths[m - 1], " ", y, "م");
      break;
    default:
      s = absl::StrFormat("آخر تحديث: %d-%02d-%02d %02d:%02d", y, m, d, hh, mi);
      break;
  }
  std::string out;
  AppendDigits(s, site.indic_digits, &out);
  return out;
}

std::string ShareLine(const Site& site, Rng& r) {
  const int a = r.Range(0, 400), b = r.Range(0, 90), c = r.Range(0, 60);
  std::string s;
  switch (site.share_format) {
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
  AppendDigits(s, site.indic_digits, &out);
  return out;
}

std::string CommentsHeader(const Site& site, int comments) {
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
  std::string out;
  AppendDigits(header, site.indic_digits, &out);
  return out;
}

}  // namespace shabih::gen
