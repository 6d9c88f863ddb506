// An output directory owned by one run: outputs appear whole or not at all,
// and a re-run leaves no stale file of the run before.
//
//   auto out = OutputDir::Open("out/", "dedup", /*overwrite=*/false);
//   (*out)->WriteFile("a/page.txt", text);           // temp name, then renamed at once
//   (*out)->Stage("clusters.jsonl", clusters);       // temp name, renamed by Finish()
//   auto temp = (*out)->TempPath("kept.jsonl");      // streamed to *temp, renamed by Finish()
//   (*out)->Finish();   // renames what is staged, removes what the last run wrote and this one did not
//
// Why: re-running into an existing --out or --keep folder once left the
// earlier run's files beside the new ones (217 stale duplicates in a --keep
// folder, with no warning). Each run writes a marker, .shabih-run, listing
// the files it wrote; the next run into the folder replaces them and
// removes the ones it does not write again. A non-empty folder without a
// marker holds someone else's files: it is refused unless `overwrite`, and
// even then only files this run writes are replaced (nothing is deleted
// that no shabih run listed). Every file is written under a hidden
// temporary name (.NAME.shabih-tmp) and renamed when complete, so a reader
// never sees half a file, and fsynced before the rename (the folders once,
// at Finish()), so that a crash never leaves a truncated file under its
// real name; the destructor removes temporaries of a run that failed or
// was cancelled.
//
// Thread safety: one thread at a time.
#ifndef SHABIH_ENGINE_INTERNAL_OUTPUT_DIR_H_
#define SHABIH_ENGINE_INTERNAL_OUTPUT_DIR_H_

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shabih::internal {

inline constexpr char kRunMarker[] = ".shabih-run";

class OutputDir {
 public:
  // Creates `dir` when missing. InvalidArgument (a usage error) for a
  // non-empty directory with no marker, unless `overwrite`.
  static absl::StatusOr<std::unique_ptr<OutputDir>> Open(const std::filesystem::path& dir,
                                                         absl::string_view command, bool overwrite);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  const std::filesystem::path& path() const { return dir_; }

  // Writes `relative` (a path inside the directory; parents are created)
  // whole: under a temporary name, renamed when complete.
  absl::Status WriteFile(const std::string& relative, absl::string_view contents);
  // Writes `relative` under its temporary name now; Finish() renames it, so
  // the run's main outputs (clusters and summary) change together, at the
  // end, or not at all.
  absl::Status Stage(const std::string& relative, absl::string_view contents);
  // For streamed outputs: the temporary path to write `relative` to;
  // Finish() renames it into place.
  absl::StatusOr<std::filesystem::path> TempPath(const std::string& relative);

  // The run succeeded: staged files are renamed into place (in the order
  // they were staged), files the previous marker listed that this run did
  // not write are removed, and the marker now lists this run's files.
  absl::Status Finish();

 private:
  OutputDir(std::filesystem::path dir, std::string command) : dir_(std::move(dir)), command_(std::move(command)) {}
  absl::Status CheckRelative(const std::string& relative) const;
  std::filesystem::path Temp(const std::string& relative) const;
  absl::Status Commit(const std::string& relative);

  std::filesystem::path dir_;
  std::string command_;
  std::vector<std::string> previous_;           // files listed by the earlier run's marker
  absl::flat_hash_set<std::string> written_;    // committed by this run
  std::vector<std::string> written_order_;
  std::vector<std::string> pending_;            // temporaries not yet renamed, in order
  absl::flat_hash_set<std::string> renamed_in_;  // folders to fsync at Finish()
};

// Adds one file to a finished run's folder after the run: writes
// `relative` whole (temporary name, rename) and lists it in the folder's
// marker, so that the next run into the folder replaces or removes it like
// the run's own outputs (`shabih dedup --report`, `shabih report` writing
// into RUN_DIR). FailedPrecondition when `dir` holds no run marker.
absl::Status AddFileToRun(const std::filesystem::path& dir, const std::string& relative,
                          absl::string_view contents);

// Writes `path` whole: a temporary name in the same directory (.NAME.shabih-tmp),
// fsync, rename, fsync of the directory (AtomicFileWriter).
absl::Status WriteFileAtomically(const std::filesystem::path& path, absl::string_view contents);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_OUTPUT_DIR_H_
