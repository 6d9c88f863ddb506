#include "tooling/report_svg.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tooling/report.h"
#include "tooling/report_internal.h"

namespace shabih::report_internal {
namespace {

std::string Header(const std::string& title, int width, int height) {
  return absl::StrFormat(
      "<figure class=\"chart\"><figcaption>%s</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" "
      "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">",
      HtmlEscape(title), width, height, width, height, HtmlEscape(title));
}

constexpr char kFooter[] = "</svg></figure>";

}  // namespace

std::string VerticalBars(const std::string& title, const std::vector<Bar>& bars, bool log_scale,
                         const std::string& axis_label) {
  constexpr int kHeight = 220, kTop = 22, kBottom = 44, kLeft = 8;
  const int slot = bars.size() > 12 ? 22 : 46;
  const int width = std::max(240, kLeft * 2 + slot * static_cast<int>(bars.size()));
  uint64_t max = 1;
  for (const Bar& b : bars) max = std::max(max, b.value);
  auto scale = [&](uint64_t v) {
    return log_scale ? std::log1p(static_cast<double>(v)) / std::log1p(static_cast<double>(max))
                     : static_cast<double>(v) / static_cast<double>(max);
  };
  const int plot = kHeight - kTop - kBottom;
  std::string out = Header(title, width, kHeight);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double h = b.value > 0 ? std::max(1.0, scale(b.value) * plot) : 0;
    const int x = kLeft + slot * static_cast<int>(i);
    const double y = kTop + plot - h;
    absl::StrAppendFormat(&out,
                          "<g><title>%s: %s</title><rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%d\" "
                          "height=\"%.1f\"/>",
                          HtmlEscape(b.label), Thousands(b.value), x + 2, y, slot - 4, h);
    if (b.value > 0 && slot >= 30) {
      absl::StrAppendFormat(&out,
                            "<text class=\"value\" x=\"%d\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                            x + slot / 2, y - 4, Thousands(b.value));
    }
    const bool show_label = slot >= 30 || i % 4 == 0;
    if (show_label) {
      absl::StrAppendFormat(&out, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                            x + slot / 2, kHeight - kBottom + 14, HtmlEscape(b.label));
    }
    out += "</g>";
  }
  absl::StrAppendFormat(&out, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s%s</text>",
                        width / 2, kHeight - 8, HtmlEscape(axis_label),
                        log_scale ? " (heights: log scale)" : "");
  out += kFooter;
  return out;
}

std::string HorizontalBars(const std::string& title, const std::vector<Bar>& bars) {
  constexpr int kRow = 20, kLabel = 230, kBar = 300, kValue = 230, kTop = 6;
  const int width = kLabel + kBar + kValue;
  const int height = kTop * 2 + kRow * std::max<int>(1, static_cast<int>(bars.size()));
  uint64_t max = 1;
  for (const Bar& b : bars) max = std::max(max, b.value);
  std::string out = Header(title, width, height);
  if (bars.empty()) {
    absl::StrAppendFormat(&out, "<text class=\"label\" x=\"8\" y=\"%d\">(nothing)</text>", kTop + 14);
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int y = kTop + kRow * static_cast<int>(i);
    const double w =
        b.value > 0 ? std::max(1.0, static_cast<double>(b.value) / static_cast<double>(max) * kBar) : 0;
    // Labels are cut to what fits; the full label is in the tooltip.
    std::string label = b.label;
    if (label.size() > 34) {
      size_t cut = 32;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    absl::StrAppendFormat(
        &out,
        "<g><title>%s: %s%s</title><text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\" "
        "direction=\"ltr\" unicode-bidi=\"plaintext\">%s</text>"
        "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>"
        "<text class=\"value\" x=\"%.1f\" y=\"%d\">%s%s</text></g>",
        HtmlEscape(b.label), Thousands(b.value), b.note.empty() ? "" : " · " + HtmlEscape(b.note), kLabel - 6,
        y + 14, HtmlEscape(label), kLabel, y + 3, w, kRow - 6, kLabel + w + 4, y + 14, Thousands(b.value),
        b.note.empty() ? "" : " · " + HtmlEscape(b.note));
  }
  out += kFooter;
  return out;
}

}  // namespace shabih::report_internal
