// The evaluator's reports: readable tables and one JSON object per score
// family (clusters, lines), with the same figures in both.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/pipeline_util.h"
#include "tooling/eval.h"

namespace shabih {
namespace {

std::string ErrorsJson(const std::vector<ClusterError>& errors) {
  std::string out = "[";
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) out.push_back(',');
    const ClusterError& e = errors[i];
    std::string parts = "[";
    for (size_t j = 0; j < e.largest_parts.size(); ++j) {
      if (j > 0) parts.push_back(',');
      const ClusterPart& p = e.largest_parts[j];
      std::string ids = "[";
      for (size_t k = 0; k < p.sample_ids.size(); ++k) {
        if (k > 0) ids.push_back(',');
        AppendJsonString(p.sample_ids[k], &ids);
      }
      ids.push_back(']');
      JsonObjectWriter(&parts).String("cluster", p.cluster).Int("size", p.size).Raw("ids", ids).Close();
    }
    parts.push_back(']');
    JsonObjectWriter(&out)
        .String("cluster", e.cluster)
        .Int("size", e.size)
        .Int("parts", e.parts)
        .Int("wrong_pairs", e.wrong_pairs)
        .Raw("largest_parts", parts)
        .Close();
  }
  out.push_back(']');
  return out;
}

std::string CountsJson(const std::vector<std::pair<std::string, int64_t>>& counts) {
  std::string out = "[";
  for (size_t i = 0; i < counts.size(); ++i) {
    if (i > 0) out.push_back(',');
    JsonObjectWriter(&out).String("name", counts[i].first).Int("count", counts[i].second).Close();
  }
  out.push_back(']');
  return out;
}

std::string BinaryJson(const BinaryScores& s) {
  std::string out;
  JsonObjectWriter(&out)
      .Double("precision", s.precision)
      .Double("recall", s.recall)
      .Double("f1", s.f1)
      .Int("true_positive", s.true_positive)
      .Int("false_positive", s.false_positive)
      .Int("false_negative", s.false_negative)
      .Int("true_negative", s.true_negative)
      .Close();
  return out;
}

void AppendErrors(const char* title, const char* part_word, const std::vector<ClusterError>& errors,
                  const char* unit, std::string* out) {
  absl::StrAppend(out, "\n", title, "\n");
  if (errors.empty()) {
    absl::StrAppend(out, "  (none)\n");
    return;
  }
  for (size_t i = 0; i < errors.size(); ++i) {
    const ClusterError& e = errors[i];
    absl::StrAppendFormat(out, "  %d. %s: %d docs across %d %s clusters, %d %s pairs\n", i + 1, e.cluster,
                          e.size, e.parts, part_word, e.wrong_pairs, unit);
    for (const ClusterPart& p : e.largest_parts) {
      absl::StrAppendFormat(out, "       %s %s (%d):", part_word, p.cluster, p.size);
      for (const std::string& id : p.sample_ids) absl::StrAppend(out, " ", id);
      if (p.size > static_cast<int64_t>(p.sample_ids.size())) absl::StrAppend(out, " ...");
      absl::StrAppend(out, "\n");
    }
    if (e.parts > static_cast<int64_t>(e.largest_parts.size())) {
      absl::StrAppendFormat(out, "       ... and %d more\n",
                            e.parts - static_cast<int64_t>(e.largest_parts.size()));
    }
  }
}

// "crawl: 500 documents read (2.1 MB), 1 skipped: 1 malformed-json".
std::string CrawlReadLine(const ReadStats& s) {
  std::string out = absl::StrFormat("  crawl: %d documents read (%.1f MB), %d skipped", s.documents,
                                    s.bytes / 1e6, s.skipped_total);
  bool first = true;
  for (const auto& [reason, count] : s.skipped_by_reason) {
    absl::StrAppend(&out, first ? ": " : ", ", count, " ", reason);
    first = false;
  }
  out += "\n";
  return out;
}

std::string CrawlReadJson(const ReadStats& s) {
  std::string out;
  JsonObjectWriter w(&out);
  w.Int("documents", static_cast<int64_t>(s.documents));
  w.Int("bytes", static_cast<int64_t>(s.bytes));
  internal::WriteReadStatsFields(s, &w);
  w.Close();
  return out;
}

}  // namespace

std::string FormatClusterReport(const ClusterEvalResult& r) {
  const PairScores& s = r.scores;
  std::string out;
  absl::StrAppendFormat(&out, "Clusters: %d documents scored\n", s.documents);
  absl::StrAppendFormat(&out, "  predicted: %d lines, %d malformed, %d duplicate ids, %d ids not in gold\n",
                        r.predicted_lines, r.malformed_predicted, r.duplicate_predicted, r.only_predicted);
  absl::StrAppendFormat(&out,
                        "  gold:      %d lines, %d malformed, %d duplicate ids, %d ids not predicted\n\n",
                        r.gold_lines, r.malformed_gold, r.duplicate_gold, r.only_gold);
  absl::StrAppendFormat(&out, "                       %12s %12s\n", "predicted", "gold");
  absl::StrAppendFormat(&out, "  clusters             %12d %12d\n", r.predicted_clusters, r.gold_clusters);
  absl::StrAppendFormat(&out, "  pairs                %12d %12d\n", s.predicted_pairs, s.gold_pairs);
  absl::StrAppendFormat(&out, "  pairs in both        %12d\n\n", s.true_pairs);
  absl::StrAppendFormat(&out, "  pairwise precision   %.4f\n", s.precision);
  absl::StrAppendFormat(&out, "  pairwise recall      %.4f\n", s.recall);
  absl::StrAppendFormat(&out, "  pairwise F1          %.4f\n", s.f1);
  absl::StrAppendFormat(&out, "  adjusted Rand index  %.4f\n", s.adjusted_rand_index);
  if (!r.by_kind.empty()) {
    absl::StrAppendFormat(&out, "\nBy gold kind (pairs each document belongs to):\n");
    absl::StrAppendFormat(&out, "  %-16s %8s %10s %8s %10s %8s\n", "kind", "docs", "gold pairs", "recall",
                          "pred pairs", "precision");
    for (const KindScores& k : r.by_kind) {
      absl::StrAppendFormat(&out, "  %-16s %8d %10d %8.4f %10d %8.4f\n", k.kind, k.documents, k.gold_pairs,
                            k.recall, k.predicted_pairs, k.precision);
    }
  }
  AppendErrors("Worst false merges (predicted clusters mixing gold clusters):", "gold", r.worst_false_merges,
               "false", &out);
  AppendErrors("Worst misses (gold clusters split across predicted clusters):", "predicted", r.worst_misses,
               "missed", &out);
  return out;
}

std::string ClusterReportJson(const ClusterEvalResult& r) {
  const PairScores& s = r.scores;
  std::string kinds = "[";
  for (size_t i = 0; i < r.by_kind.size(); ++i) {
    if (i > 0) kinds.push_back(',');
    const KindScores& k = r.by_kind[i];
    JsonObjectWriter(&kinds)
        .String("kind", k.kind)
        .Int("documents", k.documents)
        .Int("gold_pairs", k.gold_pairs)
        .Int("found_pairs", k.found_pairs)
        .Double("recall", k.recall)
        .Int("predicted_pairs", k.predicted_pairs)
        .Int("false_pairs", k.false_pairs)
        .Double("precision", k.precision)
        .Close();
  }
  kinds.push_back(']');
  std::string out;
  JsonObjectWriter(&out)
      .Int("documents", s.documents)
      .Double("precision", s.precision)
      .Double("recall", s.recall)
      .Double("f1", s.f1)
      .Double("adjusted_rand_index", s.adjusted_rand_index)
      .Int("predicted_pairs", s.predicted_pairs)
      .Int("gold_pairs", s.gold_pairs)
      .Int("true_pairs", s.true_pairs)
      .Int("predicted_clusters", r.predicted_clusters)
      .Int("gold_clusters", r.gold_clusters)
      .Int("predicted_lines", r.predicted_lines)
      .Int("gold_lines", r.gold_lines)
      .Int("malformed_predicted", r.malformed_predicted)
      .Int("malformed_gold", r.malformed_gold)
      .Int("duplicate_predicted", r.duplicate_predicted)
      .Int("duplicate_gold", r.duplicate_gold)
      .Int("only_predicted", r.only_predicted)
      .Int("only_gold", r.only_gold)
      .Raw("by_kind", kinds)
      .Raw("worst_false_merges", ErrorsJson(r.worst_false_merges))
      .Raw("worst_misses", ErrorsJson(r.worst_misses))
      .Close();
  return out;
}

std::string FormatLineReport(const LineEvalResult& r) {
  std::string out;
  const int64_t scored =
      r.lines.true_positive + r.lines.false_positive + r.lines.false_negative + r.lines.true_negative;
  absl::StrAppendFormat(&out, "Lines: %d scored in %d documents (%d blank lines skipped)\n", scored,
                        r.documents, r.blank_skipped);
  absl::StrAppendFormat(&out, "  predicted: %d lines, %d malformed, %d duplicates, %d not in gold\n",
                        r.predicted_lines, r.malformed_predicted, r.duplicate_predicted, r.only_predicted);
  absl::StrAppendFormat(&out, "  gold:      %d lines, %d malformed, %d duplicates, %d not predicted\n",
                        r.gold_lines, r.malformed_gold, r.duplicate_gold, r.only_gold);
  if (r.has_crawl) out += CrawlReadLine(r.crawl);
  out += "\n";
  auto row = [&](const char* name, const BinaryScores& s) {
    absl::StrAppendFormat(&out, "  %-22s precision %.4f  recall %.4f  F1 %.4f   (tp %d fp %d fn %d tn %d)\n",
                          name, s.precision, s.recall, s.f1, s.true_positive, s.false_positive,
                          s.false_negative, s.true_negative);
  };
  row("boilerplate lines", r.lines);
  if (r.has_tokens) {
    row("main-text tokens", r.tokens);
    absl::StrAppendFormat(&out, "  (%d scored documents without text, %d texts whose line count differs)\n",
                          r.documents_without_text, r.line_count_mismatches);
  }
  auto list = [&](const char* title, const std::vector<std::pair<std::string, int64_t>>& v) {
    absl::StrAppend(&out, "\n", title, "\n");
    if (v.empty()) absl::StrAppend(&out, "  (none)\n");
    for (const auto& [name, count] : v) absl::StrAppendFormat(&out, "  %8d  %s\n", count, name);
  };
  list("Content lines called boilerplate, by predicted reason:", r.false_positive_reasons);
  list("Content lines called boilerplate, by gold kind:", r.false_positive_kinds);
  list("Boilerplate lines kept, by gold kind:", r.false_negative_kinds);
  return out;
}

std::string LineReportJson(const LineEvalResult& r) {
  std::string out;
  JsonObjectWriter w(&out);
  w.Int("documents", r.documents).Raw("lines", BinaryJson(r.lines));
  if (r.has_tokens) w.Raw("tokens", BinaryJson(r.tokens));
  w.Int("blank_skipped", r.blank_skipped)
      .Int("predicted_lines", r.predicted_lines)
      .Int("gold_lines", r.gold_lines)
      .Int("malformed_predicted", r.malformed_predicted)
      .Int("malformed_gold", r.malformed_gold)
      .Int("duplicate_predicted", r.duplicate_predicted)
      .Int("duplicate_gold", r.duplicate_gold)
      .Int("only_predicted", r.only_predicted)
      .Int("only_gold", r.only_gold)
      .Int("documents_without_text", r.documents_without_text)
      .Int("line_count_mismatches", r.line_count_mismatches)
      .Raw("false_positive_reasons", CountsJson(r.false_positive_reasons))
      .Raw("false_positive_kinds", CountsJson(r.false_positive_kinds))
      .Raw("false_negative_kinds", CountsJson(r.false_negative_kinds));
  if (r.has_crawl) w.Raw("crawl", CrawlReadJson(r.crawl));
  w.Close();
  return out;
}

}  // namespace shabih
