// The coverage check's message is built for someone who ran eval on two
// files that do not fit together: it names each side's skipped records
// with examples, then says how such files are made to fit.
#include "tooling/eval_coverage.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace shabih::eval {

const CoverageWords kClusterCoverage = {
    "document",
    "ids not in the gold",
    "ids not predicted",
    "cluster labels are JSONL lines {\"id\":...,\"cluster\":...} or TSV rows id<TAB>cluster (or the "
    "columns a header line names, e.g. \"# id<TAB>file<TAB>cluster\")",
    "ids must be equal byte for byte: shabih dedup names a .txt page by its path under the directory "
    "given on its command line and a JSONL document by its id field (else url), so run dedup on the "
    "inputs the gold was written for, or rewrite the gold's ids",
};

const CoverageWords kLineCoverage = {
    "line",
    "(id, line) records not in the gold",
    "(id, line) records not predicted",
    "line labels are JSONL lines {\"id\":...,\"line\":N,\"label\":\"boilerplate\" or \"content\"}",
    "records match on (id, line): run shabih strip --explain on the crawl the gold was written for, "
    "read the same way (the same inputs, --text-field, --id-field)",
};

namespace {

int64_t Skipped(const SideCoverage& side) { return side.malformed + side.unmatched; }

bool TooMany(const SideCoverage& side, double max_fraction) {
  return max_fraction < 1 && static_cast<double>(Skipped(side)) > max_fraction * static_cast<double>(side.records);
}

std::string Share(const SideCoverage& side, const char* which) {
  const double percent = side.records > 0 ? 100.0 * Skipped(side) / side.records : 0;
  return absl::StrFormat("%d of %d %s records (%.0f%%)", Skipped(side), side.records, which, percent);
}

// "predicted x.jsonl: 3 malformed (first at line 5), 62 ids not in the gold (e.g. "a", "b")"
std::string Detail(const SideCoverage& side, const char* unmatched_words) {
  std::string out = absl::StrCat(side.name, ":");
  const char* sep = " ";
  if (side.records == 0) absl::StrAppend(&out, " no records");
  if (side.malformed > 0) {
    absl::StrAppend(&out, sep, side.malformed, " malformed");
    if (side.first_malformed_line > 0) absl::StrAppend(&out, " (first at line ", side.first_malformed_line, ")");
    sep = ", ";
  }
  if (side.unmatched > 0) {
    absl::StrAppend(&out, sep, side.unmatched, " ", unmatched_words);
    if (!side.unmatched_examples.empty()) {
      absl::StrAppend(&out, " (e.g. ",
                      absl::StrJoin(side.unmatched_examples, ", ",
                                    [](std::string* o, const std::string& id) { absl::StrAppend(o, "\"", id, "\""); }),
                      ")");
    }
    sep = ", ";
  }
  if (side.records > 0 && Skipped(side) == 0) absl::StrAppend(&out, " all ", side.records, " records used");
  return out;
}

}  // namespace

absl::Status CheckCoverage(const CoverageWords& words, int64_t scored, double max_skipped_fraction,
                           const SideCoverage& predicted, const SideCoverage& gold) {
  const bool too_many = TooMany(predicted, max_skipped_fraction) || TooMany(gold, max_skipped_fraction);
  if (scored > 0 && !too_many) return absl::OkStatus();
  std::string message =
      scored == 0 ? absl::StrCat("no ", words.scored_unit, " was scored")
                  : absl::StrFormat("only %d %ss scored, too few to trust (at most %.0f%% of either file may be "
                                    "skipped)",
                                    scored, words.scored_unit, 100 * max_skipped_fraction);
  absl::StrAppend(&message, ": ", Share(predicted, "predicted"), " and ", Share(gold, "gold"),
                  " were skipped. ", Detail(predicted, words.predicted_unmatched), "; ",
                  Detail(gold, words.gold_unmatched), ".");
  if (predicted.malformed > 0 || gold.malformed > 0) absl::StrAppend(&message, " Fix: ", words.format_hint, ".");
  if (predicted.unmatched > 0 || gold.unmatched > 0) absl::StrAppend(&message, " Fix: ", words.match_hint, ".");
  return absl::FailedPreconditionError(message);
}

}  // namespace shabih::eval
