// Inline SVG bar charts for the report's overview: drawn once here, in C++,
// so the overview reads without script and the file needs no charting
// library.
//
//   std::string svg = shabih::report_internal::VerticalBars(
//       "Cluster sizes", {{"1", 60, ""}, {"2", 12, ""}}, /*log_scale=*/true, "members");
//
// Every label is HTML-escaped. Thread safety: pure functions.
#ifndef SHABIH_TOOLING_REPORT_SVG_H_
#define SHABIH_TOOLING_REPORT_SVG_H_

#include <cstdint>
#include <string>
#include <vector>

namespace shabih::report_internal {

struct Bar {
  std::string label;
  uint64_t value = 0;
  std::string note;  // shown after the value ("12 %"), may be empty
};

// Columns left to right, one per bar, value above each; `log_scale`
// heights grow with log(1 + value), so a crawl's many singletons do not
// flatten every other bar.
std::string VerticalBars(const std::string& title, const std::vector<Bar>& bars, bool log_scale,
                         const std::string& axis_label);

// Rows top to bottom: label, bar, value and note.
std::string HorizontalBars(const std::string& title, const std::vector<Bar>& bars);

}  // namespace shabih::report_internal

#endif  // SHABIH_TOOLING_REPORT_SVG_H_
