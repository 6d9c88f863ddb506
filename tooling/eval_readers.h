// The evaluator's file readers: label files (JSONL, one record per line,
// read with simdjson; cluster labels also as TSV) and the crawl texts
// (through shabih::CorpusReader, so a directory of .txt, a JSONL or a
// JSONL.gz file, with the same ReadOptions and skip accounting as
// `shabih dedup`).
//
//   shabih::eval::LabelFileStats stats;
//   absl::Status s = shabih::eval::ReadClusterLabels(
//       "gold_clusters.jsonl", /*with_kind=*/true, &stats,
//       [&](const std::string& id, const std::string& cluster, const std::string& kind) {
//         /* ... */
//       });
//
// Blank lines are not records. A line that is not a JSON object (or TSV
// row), or lacks a required field, is counted in stats->malformed and
// skipped; it never fails the read. NotFound (or InvalidArgument for a
// directory) when a label file cannot be opened.
//
// Thread safety: pure functions; call them from any thread.
#ifndef SHABIH_TOOLING_EVAL_READERS_H_
#define SHABIH_TOOLING_EVAL_READERS_H_

#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "shabih/corpus.h"

namespace shabih::eval {

// What reading one label file gave.
struct LabelFileStats {
  int64_t records = 0;    // Non-blank lines, TSV header and comments excepted.
  int64_t malformed = 0;  // Records skipped as unreadable.
  // 1-based line number of the first malformed record, 0 when none: error
  // messages point at it so the file can be fixed.
  int64_t first_malformed_line = 0;
};

// Cluster labels. The format is taken from the first non-blank line: "{"
// starts JSONL, {"id","cluster"[,"kind"]} per line (id and cluster strings
// or numbers); anything else is TSV, one id<TAB>cluster row per line, or the
// columns a header line names ("id", "cluster", optionally "kind"; a leading
// "#" is allowed, as in corpus/expected_clusters.tsv). Further "#" lines are
// comments. "kind" is read only when `with_kind`.
absl::Status ReadClusterLabels(
    const std::string& path, bool with_kind, LabelFileStats* stats,
    absl::FunctionRef<void(const std::string& id, const std::string& cluster, const std::string& kind)> add);

// {"id","line","label"[,note_field]} lines, label "boilerplate" or
// "content". `add` returns false for a record it cannot use (counted as
// malformed).
absl::Status ReadLineLabels(
    const std::string& path, absl::string_view note_field, LabelFileStats* stats,
    absl::FunctionRef<bool(const std::string& id, int64_t line, bool boilerplate, const std::string& note)>
        add);

// One judged pair as read: the fields shabih eval --pairs uses (others, such
// as "confidence" or "reason", are ignored).
struct PairLabelRecord {
  int64_t line = 0;  // 1-based line number in the file.
  std::string a, b, label, stratum;
};

// {"a","b","label"[,"stratum"]} lines (a, b strings or numbers; label and
// stratum strings). Unlike the other label files a judged-pair file is kept
// by hand and small, so a line it cannot read is an error, not a skip:
// InvalidArgument "PATH:LINE: ..." naming what is wrong. `add` may reject a
// record with its own error (an unknown label, say), returned as is.
absl::Status ReadPairLabels(const std::string& path,
                            absl::FunctionRef<absl::Status(const PairLabelRecord& record)> add);

// Every document of the crawl at `path`, in reading order, to `add`; *stats
// gets the reader's statistics (documents, skipped inputs by reason). Bad
// input is skipped and counted as CorpusReader does; NotFound when nothing
// could be read but something was skipped (a missing file, say).
absl::Status ReadCrawlTexts(const std::string& path, const ReadOptions& options,
                            absl::FunctionRef<void(absl::string_view id, absl::string_view text)> add,
                            ReadStats* stats);

}  // namespace shabih::eval

#endif  // SHABIH_TOOLING_EVAL_READERS_H_
