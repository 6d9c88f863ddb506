// Sites: each one's template, drawn once from the seed (navigation,
// sections, which furniture it prints and how), and the furniture lines it
// formats (date, share counters, comment header).
//
//   shabih::gen::Site site = shabih::gen::MakeSite(/*seed=*/1, /*index=*/3, /*width=*/2);
//   // site.name == "site03", site.host == "site03.example"
//   shabih::gen::Rng r(9);
//   std::string date = shabih::gen::DateLine(site, shabih::gen::kFirstDay, r);
//
// Thread safety: pure functions of their arguments.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_SITES_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_SITES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tooling/crawl_generator_lexicon.h"
#include "tooling/crawl_generator_random.h"

namespace shabih::gen {

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

// Site `index` of a crawl whose site numbers have `width` digits.
Site MakeSite(uint64_t seed, int index, int width);

// Days since 1970-01-01 to y/m/d (Howard Hinnant's civil_from_days).
void CivilFromDays(int64_t z, int* y, int* m, int* d);
inline constexpr int64_t kFirstDay = 16637;  // 2015-07-21, SaudiNewsNet's first day.

// The site's date line for `day` (days since 1970-01-01); draws the time.
std::string DateLine(const Site& site, int64_t day, Rng& r);
// The site's share counters; draws the counts.
std::string ShareLine(const Site& site, Rng& r);
// The site's comment header for `comments` comments.
std::string CommentsHeader(const Site& site, int comments);

}  // namespace shabih::gen

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_SITES_H_
