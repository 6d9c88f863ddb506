// RenderReportHtml: the report as one HTML file. The overview and the
// boilerplate tables are rendered here (static, escaped HTML and inline
// SVG); the cluster browser and the page view are drawn by the embedded
// script (tooling/report_assets/report.js) from the JSON data block. The
// script and the style sheet are files of their own, embedded at build time
// (tooling/CMakeLists.txt), so this file carries no large literals.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/internal/json_writer.h"
#include "tooling/report.h"
#include "tooling/report_internal.h"
#include "tooling/report_svg.h"

namespace shabih {
namespace {

using report_internal::Bar;
using report_internal::Thousands;

#include "tooling/report_assets.inc"  // kReportCss, kReportJs

void Json(absl::string_view s, std::string* out) { AppendJsonString(s, out); }

std::string Percent(uint64_t part, uint64_t whole) {
  return whole == 0
             ? "0 %"
             : absl::StrFormat("%.1f %%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string Bytes(uint64_t bytes) {
  if (bytes >= (1ull << 30)) return absl::StrFormat("%.1f GB", bytes / 1e9);
  if (bytes >= (1ull << 20)) return absl::StrFormat("%.1f MB", bytes / 1e6);
  if (bytes >= 1000) return absl::StrFormat("%.1f KB", bytes / 1e3);
  return absl::StrCat(bytes, " B");
}

// Reasons are many lines' worth of repeated strings: written once, in a
// table, and referred to by index.
class ReasonTable {
 public:
  int Index(const std::string& reason) {
    auto [it, inserted] = index_.try_emplace(reason, static_cast<int>(names_.size()));
    if (inserted) names_.push_back(reason);
    return it->second;
  }
  void Write(std::string* out) const {
    out->push_back('[');
    for (size_t i = 0; i < names_.size(); ++i) {
      if (i) out->push_back(',');
      Json(names_[i], out);
    }
    out->push_back(']');
  }

 private:
  absl::flat_hash_map<std::string, int> index_;
  std::vector<std::string> names_;
};

void WriteDiff(const std::vector<DiffOp>& diff, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < diff.size(); ++i) {
    if (i) out->push_back(',');
    absl::StrAppend(out, static_cast<int>(diff[i].kind), ",", diff[i].a_words, ",", diff[i].b_words);
  }
  out->push_back(']');
}

void WriteMember(const ReportMember& m, std::string* out) {
  out->append("{\"id\":");
  Json(m.id, out);
  absl::StrAppend(out, ",\"c\":", m.canonical ? "true" : "false", ",\"s\":", FormatJsonDouble(m.similarity));
  if (!m.canonical) {
    out->append(",\"v\":");
    Json(m.linked_via, out);
    absl::StrAppend(out, ",\"j\":", FormatJsonDouble(m.link_jaccard),
                    ",\"k\":", FormatJsonDouble(m.link_containment), ",\"r\":");
    Json(m.relation, out);
  }
  absl::StrAppend(out, ",\"d\":", m.document);
  if (m.document >= 0 && !m.canonical) {
    out->append(",\"diff\":");
    WriteDiff(m.diff, out);
  }
  out->push_back('}');
}

void WriteDocument(const ReportDocument& d, ReasonTable* reasons, std::string* out) {
  out->append("{\"id\":");
  Json(d.id, out);
  out->append(",\"site\":");
  Json(d.site, out);
  out->append(",\"cluster\":");
  Json(d.cluster, out);
  absl::StrAppend(out, ",\"omitted\":", d.omitted_lines, ",\"lines\":[");
  for (size_t i = 0; i < d.lines.size(); ++i) {
    const ReportLine& l = d.lines[i];
    if (i) out->push_back(',');
    absl::StrAppend(out, "[", l.boilerplate ? 1 : 0, ",", reasons->Index(l.reason), ",");
    Json(l.kept, out);
    if (!l.trimmed_prefix.empty() || !l.trimmed_suffix.empty()) {
      out->push_back(',');
      Json(l.trimmed_prefix, out);
      out->push_back(',');
      Json(l.trimmed_suffix, out);
    }
    out->push_back(']');
  }
  out->append("]}");
}

std::string Card(const std::string& label, const std::string& value, const std::string& detail) {
  return absl::StrCat("<div class=\"card\"><div class=\"value\">", HtmlEscape(value),
                      "</div><div class=\"label\">", HtmlEscape(label), "</div>",
                      detail.empty() ? "" : "<div class=\"sub\">", HtmlEscape(detail),
                      detail.empty() ? "" : "</div>", "</div>");
}

std::string Overview(const ReportData& d) {
  std::string out = "<div class=\"cards\">";
  out += Card("documents", Thousands(d.total_documents), Bytes(d.bytes));
  out += Card("clusters", Thousands(d.total_clusters),
              absl::StrCat(Thousands(d.clusters_with_duplicates), " with duplicates"));
  out +=
      Card("duplicates", Thousands(d.duplicates), Percent(d.duplicates, d.total_documents) + " of documents");
  out += Card("bytes stripped", Bytes(d.stripped_bytes),
              d.strip ? absl::StrCat(Percent(d.stripped_bytes, d.bytes), " of input; ",
                                     Thousands(d.stripped_documents), " documents lost lines")
                      : "stripping was off");
  out +=
      Card("candidate pairs", Thousands(d.candidate_pairs),
           absl::StrCat(Thousands(d.verified_edges), " verified, ", Thousands(d.refused_edges), " refused"));
  out += "</div>";
  if (!d.notes.empty()) {
    out += "<div class=\"notes\"><h2>What this report leaves out</h2><ul>";
    for (const std::string& note : d.notes) absl::StrAppend(&out, "<li>", HtmlEscape(note), "</li>");
    out += "</ul></div>";
  }
  out += "<div class=\"charts\">";
  std::vector<Bar> bars;
  for (size_t i = 0; i < d.cluster_sizes.counts.size(); ++i) {
    bars.push_back({d.cluster_sizes.labels[i], d.cluster_sizes.counts[i], ""});
  }
  out += report_internal::VerticalBars("Clusters by size", bars, /*log_scale=*/true, "members per cluster");
  bars.clear();
  for (size_t i = 0; i < d.similarity.counts.size(); ++i) {
    bars.push_back({d.similarity.labels[i], d.similarity.counts[i], ""});
  }
  out += report_internal::VerticalBars("Duplicates by similarity to their canonical", bars, false,
                                       "estimated Jaccard, bins of 0.05 (label: lower bound)");
  bars.clear();
  for (const auto& [reason, n] : d.stripped_by_reason) {
    if (bars.size() == 15) break;
    bars.push_back({reason, n, Percent(n, d.stripped_lines)});
  }
  out += report_internal::HorizontalBars(
      absl::StrCat("Stripped lines by reason (", Thousands(d.stripped_lines), " of ",
                   Thousands(d.classified_lines), " non-blank lines)"),
      bars);
  bars.clear();
  for (const SiteReport& s : d.sites) {
    if (bars.size() == 20) break;
    bars.push_back({s.site.empty() ? "(no site)" : s.site, s.stripped_lines,
                    absl::StrCat(Percent(s.stripped_lines, s.lines), " of the lines of ",
                                 Thousands(s.documents), " pages")});
  }
  out += report_internal::HorizontalBars("Stripped lines per site", bars);
  out += "</div>";
  if (!d.candidates_by_verdict.empty()) {
    out +=
        "<h2>Candidate pairs by verdict</h2><table "
        "class=\"verdicts\"><tr><th>verdict</th><th>pairs</th></tr>";
    for (const auto& [verdict, n] : d.candidates_by_verdict) {
      absl::StrAppend(&out, "<tr><td>", HtmlEscape(verdict), "</td><td>", Thousands(n), "</td></tr>");
    }
    out += "</table>";
  }
  out += "<h2>Inputs</h2><ul class=\"inputs\">";
  for (const std::string& input : d.inputs)
    absl::StrAppend(&out, "<li><code>", HtmlEscape(input), "</code></li>");
  if (d.inputs.empty()) out += "<li>(not recorded)</li>";
  out += "</ul>";
  return out;
}

std::string BoilerplateTables(const ReportData& d) {
  std::string out;
  if (d.sites.empty()) return "<p>No stripped lines to show.</p>";
  for (const SiteReport& s : d.sites) {
    absl::StrAppend(&out, "<section class=\"site\"><h3>", HtmlEscape(s.site.empty() ? "(no site)" : s.site),
                    "</h3><p>", Thousands(s.documents), " pages, ", Thousands(s.stripped_lines), " of ",
                    Thousands(s.lines), " lines stripped (", Percent(s.stripped_lines, s.lines), "), ",
                    Bytes(s.stripped_bytes), "</p>");
    if (s.top_lines.empty()) {
      out += "<p class=\"muted\">No boilerplate line repeats on two pages of this site.</p></section>";
      continue;
    }
    out += "<table class=\"repeated\"><tr><th>pages</th><th>reason</th><th>line</th></tr>";
    for (const RepeatedLine& l : s.top_lines) {
      absl::StrAppend(&out, "<tr><td class=\"num\">", Thousands(l.pages), "</td><td class=\"reason\">",
                      HtmlEscape(l.reason), "</td><td class=\"text\" lang=\"ar\" dir=\"rtl\">",
                      HtmlEscape(l.text), "</td></tr>");
    }
    out += "</table></section>";
  }
  return out;
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string ReportDataJson(const ReportData& d) {
  std::string out;
  ReasonTable reasons;
  reasons.Index("");  // index 0: plain content
  std::string docs = "[";
  for (size_t i = 0; i < d.documents.size(); ++i) {
    if (i) docs.push_back(',');
    WriteDocument(d.documents[i], &reasons, &docs);
  }
  docs.push_back(']');
  out += "{\"run\":";
  Json(d.run_dir, &out);
  absl::StrAppend(&out, ",\"clusters_with_duplicates\":", d.clusters_with_duplicates, ",\"clusters\":[");
  for (size_t c = 0; c < d.clusters.size(); ++c) {
    const ReportCluster& cluster = d.clusters[c];
    if (c) out.push_back(',');
    out += "{\"id\":";
    Json(cluster.id, &out);
    absl::StrAppend(&out, ",\"size\":", cluster.size, ",\"members\":[");
    for (size_t m = 0; m < cluster.members.size(); ++m) {
      if (m) out.push_back(',');
      WriteMember(cluster.members[m], &out);
    }
    out += "]}";
  }
  out += "],\"docs\":";
  out += docs;
  out += ",\"reasons\":";
  reasons.Write(&out);
  out += "}";
  // Inside <script>, only "</script" or "<!--" could end the element early;
  // '<' never occurs in JSON outside strings, where \u003c means the same.
  std::string safe;
  safe.reserve(out.size());
  for (char c : out) {
    if (c == '<') {
      safe += "\\u003c";
    } else {
      safe.push_back(c);
    }
  }
  return safe;
}

std::string RenderReportHtml(const ReportData& d) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  absl::StrAppend(&out, "<title>shabih report: ", HtmlEscape(d.run_dir), "</title><style>", kReportCss,
                  "</style></head><body>");
  absl::StrAppend(&out, "<header><h1>shabih report <span class=\"run\">", HtmlEscape(d.run_dir),
                  "</span></h1><p class=\"params\">shabih ", HtmlEscape(d.version), " · ",
                  HtmlEscape(d.params_text), "</p>",
                  "<nav><a href=\"#overview\" data-view=\"overview\">Overview</a>"
                  "<a href=\"#clusters\" data-view=\"clusters\">Clusters</a>"
                  "<a href=\"#pages\" data-view=\"pages\">Pages</a>"
                  "<a href=\"#boilerplate\" data-view=\"boilerplate\">Boilerplate</a></nav></header><main>");
  out +=
      "<noscript><p class=\"notes\">The cluster browser and the page view need JavaScript; the overview and "
      "the "
      "boilerplate tables do not.</p></noscript>";
  absl::StrAppend(&out, "<section id=\"overview\" class=\"view\"><h2 class=\"view-title\">Overview</h2>",
                  Overview(d), "</section>");
  out +=
      "<section id=\"clusters\" class=\"view\"><h2 class=\"view-title\">Clusters</h2>"
      "<div class=\"toolbar\"><input id=\"cluster-search\" type=\"search\" placeholder=\"Search by id or "
      "words\" "
      "autocomplete=\"off\"><span id=\"cluster-count\" class=\"muted\"></span></div>"
      "<div class=\"split\"><ol id=\"cluster-list\" class=\"list\"></ol><div id=\"cluster-detail\" "
      "class=\"detail\">"
      "<p class=\"muted\">Choose a cluster.</p></div></div></section>";
  out +=
      "<section id=\"pages\" class=\"view\"><h2 class=\"view-title\">Pages</h2>"
      "<div class=\"toolbar\"><input id=\"page-search\" type=\"search\" placeholder=\"Search by id, site or "
      "words\" "
      "autocomplete=\"off\"><span id=\"page-count\" class=\"muted\"></span></div>"
      "<div class=\"split\"><ol id=\"page-list\" class=\"list\"></ol><div id=\"page-detail\" "
      "class=\"detail\">"
      "<p class=\"muted\">Choose a page.</p></div></div></section>";
  absl::StrAppend(&out,
                  "<section id=\"boilerplate\" class=\"view\"><h2 class=\"view-title\">Most repeated "
                  "boilerplate lines per site</h2>",
                  BoilerplateTables(d), "</section>");
  absl::StrAppend(&out, "</main><script type=\"application/json\" id=\"shabih-data\">", ReportDataJson(d),
                  "</script><script>", kReportJs, "</script></body></html>\n");
  return out;
}

}  // namespace shabih
