// Pieces shared by the crawl pipelines (dedup, strip, bench): timing, batch
// sizes, output directories and files, and spooling stdin so that a
// two-pass pipeline can read it twice.
#ifndef SHABIH_ENGINE_INTERNAL_PIPELINE_UTIL_H_
#define SHABIH_ENGINE_INTERNAL_PIPELINE_UTIL_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shabih/corpus.h"
#include "engine/internal/json_writer.h"

namespace shabih::internal {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Documents are read and processed in batches of about this many text
// bytes (or documents), so memory for texts stays bounded whatever the
// crawl size.
inline constexpr size_t kBatchBytes = 8 << 20;
inline constexpr size_t kBatchDocuments = 4096;

// Worker threads for a `threads` option: 0 means every core (at least 1).
// The one place this is decided, for every pipeline and command.
int ResolveThreads(int threads);

// Creates `dir` and its parents; PermissionDenied with the reason if not.
absl::Status CreateDirectory(const std::filesystem::path& dir);

// Writes `contents` to `path` whole: under a temporary name in the same
// directory, fsynced, then renamed (and the directory fsynced), so no reader
// sees half a file, even after a crash (WriteFileAtomically). PermissionDenied /
// DataLoss / ResourceExhausted (a full disk).
absl::Status WriteFile(const std::filesystem::path& path, absl::string_view contents);

// Copies stdin to a new private directory under $TMPDIR (not under any
// output directory, where an input walk could find it) and returns the
// file's path, for ReadOptions::stdin_path. Remove it with RemoveSpool().
// Stops with CancelledError (removing the partial copy) when `cancel` is
// set while it waits for input (a signal interrupts the read).
absl::StatusOr<std::string> SpoolStdin(const std::atomic<bool>* cancel = nullptr);
void RemoveSpool(const std::string& spool_path);

// A private folder for a run's spill files: a new "shabih-work-XXXXXX"
// inside `parent` (--work-dir; empty: $TMPDIR, else /tmp), removed with
// everything in it when the object dies. Inside, not `parent` itself, so a
// user's folder is never emptied.
class WorkDir {
 public:
  static absl::StatusOr<WorkDir> Create(const std::string& parent);
  WorkDir(WorkDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  WorkDir& operator=(WorkDir&&) = delete;
  WorkDir(const WorkDir&) = delete;
  ~WorkDir();
  const std::string& path() const { return path_; }

 private:
  explicit WorkDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// How far `reader` is through its input, in [0, 1] (on-disk bytes, so
// right for .gz too); -1 when the input size is unknown (stdin).
double ReadFraction(const CorpusReader& reader);

// The read statistics every summary.json carries: skipped (listed),
// skipped_total, skipped_by_reason, repaired_utf8, repaired_utf8_files
// ([{file, documents}]), empty_documents, duplicate_ids ({count, examples:
// [{id, renamed, input}]}) and missing_text_field ({field, lines,
// field_sets: [{fields, lines, likely_text_field}], message}).
void WriteReadStatsFields(const ReadStats& stats, JsonObjectWriter* w);

// NotFound "no input document could be read: 3 files skipped as
// unsupported-file-type: a.html, b.warc.gz, c.zip (supported: .txt .jsonl
// .jsonl.gz)" (one line per skip reason when there are several, as
// DescribeSkips words them): the status that becomes exit code 2.
absl::Status NoInputError(const ReadStats& stats);

// The summary of a run that read no document: documents 0, the
// NoInputError message as "error", and the read statistics, so that every
// skipped input can be looked up afterwards. Written where the run's
// summary.json would be, before returning NoInputError.
absl::Status WriteNoInputSummary(const std::string& path, const ReadStats& stats);
// Its contents, for runs that write through an OutputDir.
std::string NoInputSummaryJson(const ReadStats& stats);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_PIPELINE_UTIL_H_
