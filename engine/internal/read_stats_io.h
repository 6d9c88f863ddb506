// ReadStats as one JSON object, so that a sharded stage can save its
// shard's ReadStats to a file and a later stage merge them
// (shabih/corpus.h: MergeReadStats).
//
//   std::string json = shabih::ReadStatsToJson((*reader)->stats());
//   // ... WriteFileAtomically(dir / "read_stats.json", json); later:
//   absl::StatusOr<shabih::ReadStats> stats = shabih::ReadStatsFromJson(json);
//   if (stats.ok()) shabih::MergeReadStats(*stats, &merged);
//
// The object holds every field of ReadStats under its own name, plus
// "format": "shabih-read-stats/1" (a reader refuses other formats). Strings
// are written as summary.json writes them: invalid UTF-8 (a file name) as
// U+FFFD, so only such strings change in a round trip. Thread-safe.
#ifndef SHABIH_ENGINE_INTERNAL_READ_STATS_IO_H_
#define SHABIH_ENGINE_INTERNAL_READ_STATS_IO_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shabih/corpus.h"

namespace shabih {

// One line of JSON, without a trailing newline; the same stats give the
// same bytes.
std::string ReadStatsToJson(const ReadStats& stats);

// The ReadStats that ReadStatsToJson wrote; InvalidArgument naming the
// field for anything else.
absl::StatusOr<ReadStats> ReadStatsFromJson(absl::string_view json);

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_READ_STATS_IO_H_
