// Scoring dedup clusters and boilerplate line labels against ground truth
// (such as the gold files of `shabih gen`).
//
// Clusters: pairwise precision / recall / F1 over pairs of documents put in
// one cluster, and the adjusted Rand index, all computed from the
// contingency table of (predicted cluster, gold cluster) sizes in O(n), never
// by enumerating pairs; plus the worst false merges and misses with ids.
// Judged pairs: precision / recall / F1 of "in one predicted cluster" against
// pairs people read and labelled dup / not / partial, with percentile
// bootstrap intervals and recall per sampling stratum.
// Lines: precision / recall / F1 of the boilerplate class per line, the
// reasons behind false positives, and (given the texts) token-level F1 of the
// kept main text.
//
//   absl::StatusOr<shabih::ClusterEvalResult> r = shabih::EvaluateClusterFiles(
//       "out/clusters.jsonl", "gen/gold_clusters.jsonl", shabih::ClusterEvalOptions());
//   if (!r.ok()) return r.status();
//   std::cout << shabih::FormatClusterReport(*r);   // or ClusterReportJson(*r)
//
//   shabih::PairEvalOptions pair_options;          // 1000 bootstrap resamples, seed 1
//   absl::StatusOr<shabih::PairEvalResult> p = shabih::EvaluatePairFiles(
//       "out/clusters.jsonl", "eval/judged/snn-pairs.jsonl", pair_options);
//   if (p.ok()) std::cout << shabih::FormatPairReport(*p);   // or PairReportJson(*p)
//
//   shabih::LineEvalOptions line_options;
//   line_options.crawl_read.text_field = "body";    // as --text-field
//   absl::StatusOr<shabih::LineEvalResult> l = shabih::EvaluateLineFiles(
//       "strip/lines.jsonl", "gen/gold_lines.jsonl", "gen/crawl.jsonl", line_options);
//   if (l.ok()) std::cout << shabih::FormatLineReport(*l);
//
// Ids present in only one file are counted and left out of the scores;
// malformed lines are counted and skipped; a repeated id keeps its first
// line and is counted. An evaluation that scored nothing, or skipped more
// than max_skipped_fraction (default half) of either file's records as
// malformed or unmatched, fails with FailedPrecondition and a message naming
// what was skipped, with examples: scores over what little is left look
// fine and mean nothing (ids that never match once scored 0 documents with
// F1 1.0). Gold cluster labels "singleton" and "singleton (...)" mean "a
// cluster of its own", never one cluster shared by all documents so labelled. The crawl is read with shabih::CorpusReader (a
// directory, JSONL or JSONL.gz; LineEvalOptions::crawl_read), whose skipped
// inputs are counted in LineEvalResult::crawl. Results are deterministic:
// ties are broken by id.
//
// Thread safety: all functions are pure; call them from any thread.
#ifndef SHABIH_TOOLING_EVAL_H_
#define SHABIH_TOOLING_EVAL_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "shabih/corpus.h"

namespace shabih {

// ---------------------------------------------------------------------------
// Clusters

// One document's cluster. `kind` is optional (gold only: "copy-heavy", ...)
// and, when present, gives a per-kind breakdown of recall and precision.
struct ClusterLabel {
  std::string id;
  std::string cluster;
  std::string kind;
};

// One non-empty cell of a contingency table: `count` documents are in
// predicted cluster `predicted` and gold cluster `gold`.
struct ContingencyCell {
  int64_t predicted = 0;
  int64_t gold = 0;
  int64_t count = 0;
};

// Pair-counting scores of a contingency table.
struct PairScores {
  int64_t documents = 0;
  int64_t predicted_pairs = 0;  // Pairs in one predicted cluster.
  int64_t gold_pairs = 0;       // Pairs in one gold cluster.
  int64_t true_pairs = 0;       // Pairs in one cluster of both.
  // With no predicted pairs precision is 1 (nothing was claimed); with no
  // gold pairs recall is 1; F1 is 0 when both P and R are 0.
  double precision = 1.0;
  double recall = 1.0;
  double f1 = 1.0;
  // Hubert & Arabie's ARI; 1 when both partitions are identical, including
  // the degenerate all-singletons / one-cluster cases where it is 0/0.
  double adjusted_rand_index = 1.0;
};

// Scores a contingency table (cells with the same (predicted, gold) are
// summed). O(cells).
PairScores ScoreContingency(absl::Span<const ContingencyCell> cells);

struct ClusterEvalOptions {
  // How many worst false merges and worst misses to list. Default 5: enough to
  // see a pattern without flooding a terminal.
  int worst = 5;
  // Ids shown per part of a listed cluster. Default 3.
  int ids_per_part = 3;
  // Parts shown per listed cluster (largest first). Default 4.
  int parts = 4;
  // The evaluation fails when more than this fraction of the predicted or
  // of the gold records were skipped (malformed, or ids the other file
  // lacks). Default 0.5: most of the input unscored means the files do not
  // describe the same crawl. 1 turns the check off; an evaluation that
  // scored no document fails whatever the value.
  double max_skipped_fraction = 0.5;
};

// One part of a wrongly merged or split cluster.
struct ClusterPart {
  std::string cluster;  // The gold cluster (false merge) or predicted one (miss).
  int64_t size = 0;
  std::vector<std::string> sample_ids;  // Smallest ids first.
};

// A predicted cluster mixing gold clusters, or a gold cluster split apart.
struct ClusterError {
  std::string cluster;
  int64_t size = 0;
  int64_t parts = 0;        // Number of gold (resp. predicted) clusters it spans.
  int64_t wrong_pairs = 0;  // False (resp. missed) pairs it accounts for.
  std::vector<ClusterPart> largest_parts;
};

// Recall and precision restricted to documents of one gold kind: for each
// such document, the pairs it belongs to.
struct KindScores {
  std::string kind;
  int64_t documents = 0;
  int64_t gold_pairs = 0;       // Sum over its documents of (gold cluster size - 1).
  int64_t found_pairs = 0;      // ... of those also in its predicted cluster.
  int64_t predicted_pairs = 0;  // Sum of (predicted cluster size - 1).
  int64_t false_pairs = 0;      // ... of those not in its gold cluster.
  double recall = 1.0;
  double precision = 1.0;
};

struct ClusterEvalResult {
  int64_t predicted_lines = 0;
  int64_t gold_lines = 0;
  int64_t malformed_predicted = 0;  // Lines that are not {"id","cluster",...}.
  int64_t malformed_gold = 0;
  int64_t duplicate_predicted = 0;  // Repeated ids (first line kept).
  int64_t duplicate_gold = 0;
  int64_t only_predicted = 0;      // Ids with no gold: not scored.
  int64_t only_gold = 0;           // Ids with no prediction: not scored.
  int64_t predicted_clusters = 0;  // Among scored documents.
  int64_t gold_clusters = 0;
  PairScores scores;
  std::vector<ClusterError> worst_false_merges;  // Most false pairs first.
  std::vector<ClusterError> worst_misses;        // Most missed pairs first.
  std::vector<KindScores> by_kind;               // Sorted by kind; empty if no kinds.
  // For messages: the first ids (up to 3, file order) found on one side
  // only, and the line of each file's first malformed record (0: none).
  std::vector<std::string> only_predicted_examples;
  std::vector<std::string> only_gold_examples;
  int64_t first_malformed_predicted_line = 0;
  int64_t first_malformed_gold_line = 0;
};

absl::StatusOr<ClusterEvalResult> EvaluateClusters(absl::Span<const ClusterLabel> predicted,
                                                   absl::Span<const ClusterLabel> gold,
                                                   const ClusterEvalOptions& options);

// Reads label files: JSONL, predicted lines with "id" and "cluster" (a
// string or a number), gold lines the same plus optional "kind"; or TSV rows
// (id<TAB>cluster, or the columns a header line names: "# id<TAB>...<TAB>
// cluster", as corpus/expected_clusters.tsv). NotFound if a file cannot be
// opened; FailedPrecondition when too little was scored (above).
absl::StatusOr<ClusterEvalResult> EvaluateClusterFiles(const std::string& predicted_path,
                                                       const std::string& gold_path,
                                                       const ClusterEvalOptions& options);

std::string FormatClusterReport(const ClusterEvalResult& result);
std::string ClusterReportJson(const ClusterEvalResult& result);  // One JSON object, no newline.

// Confusion counts with boilerplate (lines), kept text (tokens) or dup pairs
// (judged pairs) as the positive class.
struct BinaryScores {
  int64_t true_positive = 0;
  int64_t false_positive = 0;
  int64_t false_negative = 0;
  int64_t true_negative = 0;
  double precision = 1.0;  // 1 when nothing was predicted positive.
  double recall = 1.0;     // 1 when nothing is positive in the gold.
  double f1 = 1.0;
};

// ---------------------------------------------------------------------------
// Judged pairs

// A reader's verdict on a pair of documents (docs/eval.md, eval/judged/).
enum class PairJudgement { kDup, kNot, kPartial };

struct JudgedPair {
  std::string a, b;
  PairJudgement label = PairJudgement::kNot;
  std::string stratum;  // Optional: the sampling stratum, for recall per stratum.
};

struct PairEvalOptions {
  // Bootstrap resamples (of the scored dup and not pairs, with replacement)
  // behind the 95 % intervals. Default 1000: the interval ends move by about
  // 0.005 between seeds on 300 pairs, finer than the intervals themselves.
  // 0 gives no intervals.
  int bootstrap = 1000;
  // Seed of the resampling (std::mt19937_64, so the intervals are the same
  // on every platform for a seed). Default 1.
  uint64_t seed = 1;
  // How many missed dup pairs and falsely joined not pairs to list. Default 10.
  int examples = 10;
  // The evaluation fails when more than this fraction of the judged pairs
  // have an id the clusters file lacks. Default 0.5, as for clusters: most
  // pairs unscored means the clusters come from another crawl. 1 keeps only
  // the nothing-scored check.
  double max_missing_fraction = 0.5;
};

// A two-sided interval; both ends 0 when not computed.
struct Interval {
  double low = 0;
  double high = 0;
};

// Pairs of one sampling stratum (scored pairs only).
struct StratumPairScores {
  std::string stratum;
  int64_t dup = 0, dup_joined = 0;
  int64_t not_pairs = 0, not_joined = 0;
  int64_t partial = 0, partial_joined = 0;
  int64_t missing = 0;    // Pairs of the stratum with an id not in the clusters.
  double recall = 1.0;    // dup_joined / dup; 1 when the stratum has no dup pair.
};

struct PairEvalResult {
  // Clusters file.
  int64_t predicted_lines = 0;
  int64_t malformed_predicted = 0;  // Lines that are not {"id","cluster",...}: skipped.
  int64_t duplicate_predicted = 0;  // Repeated ids: the first line is kept.
  // Gold.
  int64_t pairs = 0;  // Judged pairs read.
  int64_t dup = 0, not_pairs = 0, partial = 0;
  // Pairs with an id (or both) missing from the clusters file: not scored,
  // by label, with the first missing ids (up to 3, gold order).
  int64_t missing = 0, missing_dup = 0, missing_not = 0, missing_partial = 0;
  std::vector<std::string> missing_examples;
  // Scores over the scored dup (positive) and not (negative) pairs; a pair is
  // predicted positive when both documents are in one cluster.
  BinaryScores scores;
  // Partial pairs: scored apart, never in P/R/F1.
  int64_t partial_scored = 0, partial_joined = 0;
  // Percentile bootstrap 95 % intervals (2.5th and 97.5th of `bootstrap`
  // resampled statistics); zero when bootstrap is 0.
  int bootstrap = 0;
  uint64_t seed = 0;
  Interval precision_ci, recall_ci, f1_ci;
  std::vector<StratumPairScores> by_stratum;  // Sorted by stratum; empty if no pair has one.
  // The first missed dup pairs and falsely joined not pairs, gold order.
  std::vector<std::pair<std::string, std::string>> missed_examples;
  std::vector<std::pair<std::string, std::string>> false_join_examples;
};

// Scores clusters against judged pairs. A pair repeated in the gold (in
// either order) or of a document with itself is InvalidArgument;
// FailedPrecondition when no dup or not pair could be scored or more than
// max_missing_fraction of the pairs have a missing id.
absl::StatusOr<PairEvalResult> EvaluatePairs(absl::Span<const ClusterLabel> predicted,
                                             absl::Span<const JudgedPair> gold,
                                             const PairEvalOptions& options);

// Reads the clusters (JSONL or TSV, as EvaluateClusterFiles) and the judged
// pairs: JSONL {"a","b","label"[,"stratum"]}, label "dup", "not" or
// "partial", other fields ignored. A gold line that cannot be read is
// InvalidArgument naming the file and line; NotFound when a file cannot be
// opened.
absl::StatusOr<PairEvalResult> EvaluatePairFiles(const std::string& predicted_path,
                                                 const std::string& gold_path,
                                                 const PairEvalOptions& options);

std::string FormatPairReport(const PairEvalResult& result);
std::string PairReportJson(const PairEvalResult& result);  // One JSON object, no newline.

// ---------------------------------------------------------------------------
// Lines

// One line's label. `note` is the predicted "reason" or the gold "kind"
// (both optional). Lines are 1-based.
struct LineLabel {
  std::string id;
  int64_t line = 0;
  bool boilerplate = false;
  std::string note;
};

// A document's text, for token-level scores.
struct EvalDocument {
  std::string id;
  std::string text;
};

struct LineEvalOptions {
  // Lines the gold marks with kind "blank" carry no words and either label is
  // defensible for them, so they are left out of the line scores. Default
  // true.
  bool skip_blank = true;
  // How many false-positive reasons / kinds to list. Default 10.
  int top = 10;
  // How EvaluateLineFiles reads the crawl (text and id fields, size limit):
  // by default as `shabih dedup` reads it, so ids match its outputs.
  ReadOptions crawl_read;
  // As ClusterEvalOptions::max_skipped_fraction, over (id, line) records;
  // lines skipped as blank do not count. Default 0.5.
  double max_skipped_fraction = 0.5;
};


struct LineEvalResult {
  int64_t predicted_lines = 0;
  int64_t gold_lines = 0;
  int64_t malformed_predicted = 0;
  int64_t malformed_gold = 0;
  int64_t duplicate_predicted = 0;  // Repeated (id, line): first kept.
  int64_t duplicate_gold = 0;
  int64_t only_predicted = 0;  // (id, line) with no gold: not scored.
  int64_t only_gold = 0;       // (id, line) with no prediction: not scored.
  int64_t blank_skipped = 0;
  int64_t documents = 0;  // Documents with at least one scored line.
  // Line level, boilerplate is positive.
  BinaryScores lines;
  // Predicted reasons of lines wrongly called boilerplate, most frequent first.
  std::vector<std::pair<std::string, int64_t>> false_positive_reasons;
  // Gold kinds of lines wrongly called boilerplate, and of boilerplate kept.
  std::vector<std::pair<std::string, int64_t>> false_positive_kinds;
  std::vector<std::pair<std::string, int64_t>> false_negative_kinds;
  // Token level (whitespace-split), kept main text is positive; only when the
  // texts were given.
  bool has_tokens = false;
  BinaryScores tokens;
  int64_t documents_without_text = 0;  // Scored documents missing from the crawl.
  int64_t line_count_mismatches = 0;   // Texts whose line count differs from the gold.
  // EvaluateLineFiles with a crawl path: what reading it gave (documents,
  // bytes, skipped inputs by reason).
  bool has_crawl = false;
  ReadStats crawl;
  // For messages: the first (id, line) records ("ID line N", up to 3) found
  // on one side only, and the line of each file's first malformed record.
  std::vector<std::string> only_predicted_examples;
  std::vector<std::string> only_gold_examples;
  int64_t first_malformed_predicted_line = 0;
  int64_t first_malformed_gold_line = 0;
};

// `crawl` may be empty: then no token scores.
absl::StatusOr<LineEvalResult> EvaluateLines(absl::Span<const LineLabel> predicted,
                                             absl::Span<const LineLabel> gold,
                                             absl::Span<const EvalDocument> crawl,
                                             const LineEvalOptions& options);

// Reads `shabih strip --explain` lines.jsonl ({"id","line","label","reason"}),
// gold lines ({"id","line","label"[,"kind"]}) and, if `crawl_path` is not
// empty, the crawl through CorpusReader with options.crawl_read: a JSONL or
// JSONL.gz file, or a directory (of .txt pages, id = path under it, or of
// JSONL files). NotFound when no crawl document could be read but some
// input was skipped (e.g. a missing file); FailedPrecondition when too
// little was scored (see max_skipped_fraction).
absl::StatusOr<LineEvalResult> EvaluateLineFiles(const std::string& predicted_path,
                                                 const std::string& gold_path, const std::string& crawl_path,
                                                 const LineEvalOptions& options);

std::string FormatLineReport(const LineEvalResult& result);
std::string LineReportJson(const LineEvalResult& result);

}  // namespace shabih

#endif  // SHABIH_TOOLING_EVAL_H_
