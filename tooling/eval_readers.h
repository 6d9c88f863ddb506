// The evaluator's file readers: label files (JSONL, one record per line,
// read with simdjson) and the crawl texts (through shabih::CorpusReader, so
// a directory of .txt, a JSONL or a JSONL.gz file, with the same ReadOptions
// and skip accounting as `shabih dedup`).
//
//   int64_t lines = 0, malformed = 0;
//   absl::Status s = shabih::eval::ReadClusterLabels(
//       "gold_clusters.jsonl", /*with_kind=*/true, &lines, &malformed,
//       [&](const std::string& id, const std::string& cluster, const std::string& kind) {
//         /* ... */
//       });
//
// Blank lines are not records. A line that is not a JSON object, or lacks a
// required field, is counted in *malformed and skipped; it never fails the
// read. NotFound (or InvalidArgument for a directory) when a label file
// cannot be opened.
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

// {"id","cluster"[,"kind"]} lines; id and cluster may be strings or numbers.
// "kind" is read only when `with_kind`.
absl::Status ReadClusterLabels(
    const std::string& path, bool with_kind, int64_t* lines, int64_t* malformed,
    absl::FunctionRef<void(const std::string& id, const std::string& cluster, const std::string& kind)> add);

// {"id","line","label"[,note_field]} lines, label "boilerplate" or
// "content". `add` returns false for a record it cannot use (counted as
// malformed).
absl::Status ReadLineLabels(
    const std::string& path, absl::string_view note_field, int64_t* lines, int64_t* malformed,
    absl::FunctionRef<bool(const std::string& id, int64_t line, bool boilerplate, const std::string& note)>
        add);

// Every document of the crawl at `path`, in reading order, to `add`; *stats
// gets the reader's statistics (documents, skipped inputs by reason). Bad
// input is skipped and counted as CorpusReader does; NotFound when nothing
// could be read but something was skipped (a missing file, say).
absl::Status ReadCrawlTexts(const std::string& path, const ReadOptions& options,
                            absl::FunctionRef<void(absl::string_view id, absl::string_view text)> add,
                            ReadStats* stats);

}  // namespace shabih::eval

#endif  // SHABIH_TOOLING_EVAL_READERS_H_
