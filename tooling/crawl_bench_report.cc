// The crawl bench's reports: a readable table and one JSON object, with the
// same figures. A rate that was not measured (a stage under
// kMinTimedSeconds) is "—" in the table and null in the JSON, and an
// exponent that was not fitted (fewer than kMinGrowthPoints sizes) likewise:
// a 0 or a huge number there would read as a measurement.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/internal/json_writer.h"
#include "shabih/version.h"
#include "tooling/crawl_bench.h"

namespace shabih {
namespace {

constexpr const char* kNoFigure = "—";

std::string FitJson(const GrowthFit& fit) {
  std::string out;
  JsonObjectWriter w(&out);
  w.Int("points", fit.points);
  if (fit.fitted) {
    w.Double("exponent", fit.exponent, 3);
    w.Double("r_squared", fit.r_squared, 4);
  } else {
    w.Raw("exponent", "null");
    w.Raw("r_squared", "null");
  }
  w.Close();
  return out;
}

// A rate, or null when its time was too short to measure.
void RateJson(JsonObjectWriter& w, const char* key, double rate, double seconds, int decimals) {
  if (seconds < kMinTimedSeconds) {
    w.Raw(key, "null");
  } else {
    w.Double(key, rate, decimals);
  }
}

// printf("%*.*f") or "—", right-aligned to `width` columns ("—" is one
// column but three bytes, so %s widths would misalign it).
std::string Rate(double rate, double seconds, int width, int decimals) {
  if (seconds < kMinTimedSeconds) return std::string(width > 1 ? width - 1 : 0, ' ') + kNoFigure;
  return absl::StrFormat("%*.*f", width, decimals, rate);
}

std::string FitText(const GrowthFit& fit) {
  if (!fit.fitted) return kNoFigure;
  return absl::StrFormat("%.3f (r2 %.3f)", fit.exponent, fit.r_squared);
}

std::string StagesJson(const std::vector<StageFigure>& stages) {
  std::string out = "[";
  for (size_t i = 0; i < stages.size(); ++i) {
    if (i) out.push_back(',');
    JsonObjectWriter w(&out);
    w.String("stage", stages[i].stage);
    w.Double("seconds", stages[i].seconds, 4);
    RateJson(w, "mb_per_second", stages[i].mb_per_second, stages[i].seconds, 1);
    RateJson(w, "docs_per_second", stages[i].docs_per_second, stages[i].seconds, 0);
    w.Close();
  }
  out.push_back(']');
  return out;
}

std::string Megabytes(uint64_t bytes) { return absl::StrFormat("%.1f MB", bytes / 1e6); }

void AppendStageRows(const std::vector<StageFigure>& stages, std::string* out) {
  for (const StageFigure& s : stages) {
    absl::StrAppendFormat(out, "  %-16s %10.3f %s %s\n", s.stage, s.seconds, Rate(s.mb_per_second, s.seconds, 10, 1),
                          Rate(s.docs_per_second, s.seconds, 12, 0));
  }
}

std::string RooflineJson(const RooflineFigure& roofline) {
  std::string out;
  JsonObjectWriter r(&out);
  r.Int("bytes", static_cast<int64_t>(roofline.bytes));
  r.Int("lines", static_cast<int64_t>(roofline.lines));
  r.Int("threads", roofline.threads);
  r.Double("seconds", roofline.seconds, 4);
  RateJson(r, "mb_per_second", roofline.mb_per_second, roofline.seconds, 1);
  r.Close();
  return out;
}

void AppendPointJson(const CrawlBenchPoint& p, std::string* points) {
  JsonObjectWriter w(points);
  w.Int("size", static_cast<int64_t>(p.size));
  w.Int("documents", static_cast<int64_t>(p.documents));
  w.Int("bytes", static_cast<int64_t>(p.bytes));
  w.Int("threads", p.threads);
  w.Double("seconds", p.seconds, 4);
  RateJson(w, "mb_per_second", p.mb_per_second, p.seconds, 1);
  RateJson(w, "docs_per_second", p.docs_per_second, p.seconds, 0);
  if (p.roofline_fraction > 0) {
    w.Double("roofline_fraction", p.roofline_fraction, 4);
  } else {
    w.Raw("roofline_fraction", "null");
  }
  w.Raw("roofline", RooflineJson(p.roofline));
  w.Raw("profile", StagesJson(p.profile));
  w.Raw("stages", StagesJson(p.stages));
  w.Int("start_rss_bytes", static_cast<int64_t>(p.start_rss_bytes));
  w.Int("peak_rss_bytes", static_cast<int64_t>(p.peak_rss_bytes));
  w.Double("memory_bytes_per_document", p.memory_bytes_per_document, 1);
  w.Int("index_bytes", static_cast<int64_t>(p.index_bytes));
  w.Double("index_bytes_per_document", p.index_bytes_per_document, 1);
  w.Int("clusters", static_cast<int64_t>(p.clusters));
  w.Int("duplicates", static_cast<int64_t>(p.duplicates));
  w.Int("candidate_pairs", static_cast<int64_t>(p.candidate_pairs));
  w.Int("verified_edges", static_cast<int64_t>(p.verified_edges));
  w.Close();
}

void AppendPointTable(const CrawlBenchPoint& p, std::string* out) {
  absl::StrAppendFormat(out, "\n== %d documents, %s%s\n", p.documents, Megabytes(p.bytes),
                        p.size == 0 ? " (whole input)" : "");
  absl::StrAppendFormat(out, "roofline (read + XXH3 per line, 1 thread): %.3f s, %s MB/s\n", p.roofline.seconds,
                        Rate(p.roofline.mb_per_second, p.roofline.seconds, 1, 1));
  absl::StrAppendFormat(out, "  %-16s %10s %10s %12s\n", "stage", "seconds", "MB/s", "docs/s");
  if (!p.profile.empty()) {
    *out += "profile, 1 thread, timed per document:\n";
    AppendStageRows(p.profile, out);
  }
  absl::StrAppendFormat(out, "dedup pipeline (RunDedup, %d threads):\n", p.threads);
  AppendStageRows(p.stages, out);
  if (p.roofline_fraction > 0) {
    absl::StrAppendFormat(out, "end to end: %.1f MB/s = 1/%.1f of the roofline\n", p.mb_per_second,
                          1 / p.roofline_fraction);
  } else {
    absl::StrAppendFormat(out, "end to end: %s MB/s (too short to compare with the roofline)\n",
                          Rate(p.mb_per_second, p.seconds, 1, 1));
  }
  absl::StrAppendFormat(out, "memory: peak RSS %s (%s at start), %.0f bytes/doc; index %s, %.0f bytes/doc\n",
                        Megabytes(p.peak_rss_bytes), Megabytes(p.start_rss_bytes),
                        p.memory_bytes_per_document, Megabytes(p.index_bytes), p.index_bytes_per_document);
  absl::StrAppendFormat(out, "result: %d clusters, %d duplicates, %d candidate pairs, %d verified edges\n",
                        p.clusters, p.duplicates, p.candidate_pairs, p.verified_edges);
}

void AppendGrowthTable(const CrawlBenchReport& report, std::string* out) {
  *out += "\n== growth with size (log-log least squares; 1.0 = linear)\n";
  absl::StrAppendFormat(out, "%10s %10s %9s %9s %9s %11s %11s %11s\n", "documents", "MB", "seconds", "MB/s",
                        "roofline", "peak RSS MB", "RSS B/doc", "index B/doc");
  for (const CrawlBenchPoint& p : report.points) {
    absl::StrAppendFormat(out, "%10d %10.1f %9.3f %s %s %11.1f %11.0f %11.0f\n", p.documents, p.bytes / 1e6,
                          p.seconds, Rate(p.mb_per_second, p.seconds, 9, 1),
                          Rate(p.roofline.mb_per_second, p.roofline.seconds, 9, 1), p.peak_rss_bytes / 1e6,
                          p.memory_bytes_per_document, p.index_bytes_per_document);
  }
  if (static_cast<int>(report.points.size()) < kMinGrowthPoints) {
    absl::StrAppendFormat(out, "exponent: %s (a growth exponent needs %d sizes or more; %d measured)\n", kNoFigure,
                          kMinGrowthPoints, report.points.size());
    return;
  }
  absl::StrAppendFormat(out, "exponent: time %s, peak memory %s, index memory %s\n", FitText(report.time),
                        FitText(report.peak_memory), FitText(report.index_memory));
}

}  // namespace

std::string CrawlBenchTable(const CrawlBenchReport& report) {
  std::string out = absl::StrCat("shabih bench: ", report.source, "\n");
  for (const CrawlBenchPoint& p : report.points) AppendPointTable(p, &out);
  if (report.points.size() >= 2) AppendGrowthTable(report, &out);
  if (!report.isolated) {
    out += "note: sizes measured in one process; peak RSS may carry over between sizes\n";
  }
  return out;
}

std::string CrawlBenchJson(const CrawlBenchReport& report) {
  std::string points = "[";
  for (size_t i = 0; i < report.points.size(); ++i) {
    if (i) points.push_back(',');
    AppendPointJson(report.points[i], &points);
  }
  points.push_back(']');
  std::string growth;
  JsonObjectWriter g(&growth);
  g.Raw("time", FitJson(report.time));
  g.Raw("peak_memory", FitJson(report.peak_memory));
  g.Raw("index_memory", FitJson(report.index_memory));
  g.Close();
  std::string out;
  JsonObjectWriter w(&out);
  w.String("source", report.source);
  w.Bool("isolated", report.isolated);
  w.Raw("points", points);
  w.Raw("growth", growth);
  w.String("version", SHABIH_VERSION);
  w.Close();
  out.push_back('\n');
  return out;
}

}  // namespace shabih
