// Whether an evaluation scored enough of its input to be trusted, and when
// not, a message saying what was skipped, with examples, and how to fix it.
// Scores over a sliver of the input look fine and mean nothing: with ids
// that never match, 0 documents are scored and F1 is 1.0.
//
//   shabih::eval::SideCoverage predicted{"predicted out/clusters.jsonl", 85, 0, 0, 85, {"alriyadh/a.txt"}};
//   shabih::eval::SideCoverage gold{"gold corpus/gold.tsv", 85, 0, 0, 85, {"sites/alriyadh/a.txt"}};
//   absl::Status s = shabih::eval::CheckCoverage(shabih::eval::kClusterCoverage, /*scored=*/0,
//                                                /*max_skipped_fraction=*/0.5, predicted, gold);
//   // FailedPrecondition: "no document was scored: 85 of 85 predicted records ..."
//
// Thread safety: pure functions.
#ifndef SHABIH_TOOLING_EVAL_COVERAGE_H_
#define SHABIH_TOOLING_EVAL_COVERAGE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace shabih::eval {

// One side (predicted or gold) of an evaluation.
struct SideCoverage {
  std::string name;  // "predicted out/clusters.jsonl", "gold labels", ...
  int64_t records = 0;
  int64_t malformed = 0;
  int64_t first_malformed_line = 0;  // 0: none, or not from a file.
  int64_t unmatched = 0;             // Records the other side lacks.
  std::vector<std::string> unmatched_examples;
};

// The words of the message for one kind of evaluation.
struct CoverageWords {
  const char* scored_unit;  // "document", "line"
  const char* predicted_unmatched;  // "ids not in the gold"
  const char* gold_unmatched;       // "ids not predicted"
  const char* format_hint;          // What a record must look like.
  const char* match_hint;           // How the two sides come to name records alike.
};

extern const CoverageWords kClusterCoverage;
extern const CoverageWords kLineCoverage;

// OK when `scored` > 0 and neither side skipped (malformed + unmatched)
// more than max_skipped_fraction of its records (a fraction >= 1 checks
// only the first); FailedPrecondition otherwise.
absl::Status CheckCoverage(const CoverageWords& words, int64_t scored, double max_skipped_fraction,
                           const SideCoverage& predicted, const SideCoverage& gold);

// Appends `item` to `examples` while it holds fewer than kMaxExamples.
inline constexpr size_t kMaxExamples = 3;
inline void AddExample(std::string item, std::vector<std::string>* examples) {
  if (examples->size() < kMaxExamples) examples->push_back(std::move(item));
}

}  // namespace shabih::eval

#endif  // SHABIH_TOOLING_EVAL_COVERAGE_H_
