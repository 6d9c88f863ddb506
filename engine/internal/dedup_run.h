// The file driver's shared parts: a run's inputs, options and output
// folders, its progress reports and cancellation. Used by RunDedup /
// RunPairs (engine/dedup.cc) and the index-backed run (engine/index_dedup.cc).
#ifndef SHABIH_ENGINE_INTERNAL_DEDUP_RUN_H_
#define SHABIH_ENGINE_INTERNAL_DEDUP_RUN_H_

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/internal/batch_signing.h"
#include "engine/internal/output_dir.h"
#include "engine/internal/pipeline_util.h"
#include "shabih/dedup.h"

namespace shabih::internal {

// Rate-limits progress callbacks and fills in how far the current stage is
// (total_bytes, fraction) from what it follows: a reader's position in its
// input, or the count of cached documents a pass goes through.
class ProgressReporter {
 public:
  ProgressReporter(const ProgressCallback& callback, Clock::time_point start)
      : callback_(callback), start_(start), last_(start) {}
  // Reports of `stage` (a string literal) take their position from
  // `reader`, which must outlive them; reports of other stages do not use
  // it, so a stage that ends with its reader needs no un-follow.
  void Follow(const char* stage, const CorpusReader* reader) {
    stage_ = stage;
    reader_ = reader;
    total_documents_ = 0;
  }
  // Reports of `stage` are `documents` of `total_documents` done.
  void FollowDocuments(const char* stage, uint64_t total_documents) {
    stage_ = stage;
    reader_ = nullptr;
    total_documents_ = total_documents;
  }
  void Report(const char* stage, uint64_t documents, uint64_t bytes, bool force) {
    if (!callback_) return;
    if (!force && SecondsSince(last_) < 0.25) return;
    last_ = Clock::now();
    DedupProgress p{stage, documents, bytes, SecondsSince(start_), 0, -1};
    if (stage_ != nullptr && absl::string_view(stage) == stage_) {
      if (reader_ != nullptr) {
        p.total_bytes = reader_->total_bytes();
        p.fraction = internal::ReadFraction(*reader_);
      } else if (total_documents_ > 0) {
        p.fraction = std::min(1.0, static_cast<double>(documents) / static_cast<double>(total_documents_));
      }
    }
    callback_(p);
  }

 private:
  const ProgressCallback& callback_;
  Clock::time_point start_, last_;
  const char* stage_ = nullptr;
  const CorpusReader* reader_ = nullptr;
  uint64_t total_documents_ = 0;
};

struct DocumentBatch {
  std::vector<Document> docs;
  size_t bytes = 0;
  internal::SignedBatch signed_docs;
};

// One run of the driver: its inputs, options and what pass 1 keeps.
struct Run {
  DedupOptions options;
  std::vector<std::string> inputs;
  std::string spool;  // stdin's copy (options.read.stdin_path), removed at the end
  std::unique_ptr<internal::OutputDir> out;   // --out, when the run owns it (dedup)
  std::unique_ptr<internal::OutputDir> keep;  // --keep
  Clock::time_point start = Clock::now();
  // Documents of pass 1, when they fit in options.cache_bytes, and the
  // read statistics that came with them.
  std::vector<Document> cache;
  bool cache_complete = false;
  ReadStats cache_stats;
  ~Run() { internal::RemoveSpool(spool); }
};

// Stops a pass between batches when the caller's cancel flag is set.
class CancelCheck {
 public:
  explicit CancelCheck(const std::atomic<bool>* flag) : flag_(flag) {}
  // True when the run must stop (remembered for status()).
  bool operator()() {
    if (flag_ != nullptr && flag_->load(std::memory_order_relaxed)) cancelled_ = true;
    return cancelled_;
  }
  absl::Status status() const { return cancelled_ ? absl::CancelledError("cancelled") : absl::OkStatus(); }

 private:
  const std::atomic<bool>* flag_;
  bool cancelled_ = false;
};

// Resolves options, takes ownership of the output folders (refusing
// unknown files), refuses bad --keep layouts, spools stdin when it must be
// read twice; reads never walk into this run's own outputs. `own_out_dir`:
// dedup owns --out; pairs writes one file into a folder it does not own.
absl::StatusOr<std::unique_ptr<Run>> PrepareRun(const std::vector<std::string>& inputs,
                                                const DedupOptions& raw_options, const std::string& out_dir,
                                                bool own_out_dir);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_DEDUP_RUN_H_
