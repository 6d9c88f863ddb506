// Sorting fixed-size records that may not fit in memory, and merging
// sorted streams: the band keys of a crawl bigger than RAM go through here.
//
//   ExternalSorter<BandKey> sorter(work_dir, /*memory_bytes=*/256 << 20);
//   for (const BandKey& k : keys) SHABIH_RETURN_IF_ERROR(sorter.Add(k));
//   SHABIH_ASSIGN_OR_RETURN(auto sorted, sorter.Finish());
//   BandKey k;
//   while (sorted->Next(&k)) Use(k);
//   SHABIH_RETURN_IF_ERROR(sorted->status());
//
//   auto all = MergeStreams<BandKey>(std::move(per_shard_streams));   // already sorted inputs
//
// How: records are buffered up to about two thirds of `memory_bytes` (the
// rest is std::stable_sort's scratch, half the buffer); a full buffer is
// sorted and spilled as a run file in `work_dir`. Finish() returns a k-way
// merge of the runs (a heap), whose read buffers share the same budget; if
// there are more runs than the budget can buffer at 64 KiB each, merge
// passes reduce them first. With everything in memory no file is written.
//
// Order: by `Less`, ties broken by insertion order (stable), so the output
// is deterministic and the same whatever memory_bytes is. Runs are spilled
// in insertion order and merges break ties by run, which keeps that.
//
// Scratch files are named shabih-sort-<pid>-<n>-<run>.run (created in
// `work_dir`, which is created if missing) and removed when the sorter and
// the stream Finish() returned are both gone, also after errors. Disk
// errors are statuses naming the file and the reason (paged_file.h).
//
// Options and defaults: memory_bytes has no default (the caller's
// --memory share); below kMinSortMemoryBytes (1 MiB) it is raised to it, so
// that a merge can always buffer 16 runs at 64 KiB.
//
// Thread safety: a sorter, and each stream, is used by one thread at a time.
#ifndef SHABIH_ENGINE_INTERNAL_EXTERNAL_SORT_H_
#define SHABIH_ENGINE_INTERNAL_EXTERNAL_SORT_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "engine/internal/paged_file.h"
#include "engine/internal/record_stream.h"

namespace shabih::internal {

inline constexpr uint64_t kMinSortMemoryBytes = 1 << 20;
// The smallest read buffer a merge gives one run: below it, seeks dominate.
inline constexpr uint64_t kMinMergeBufferBytes = 64 << 10;
// The most runs one merge reads at once, whatever the budget: each holds a
// file descriptor, and 1,024 is a common limit per process.
inline constexpr size_t kMaxMergeFanIn = 256;

// Scratch files of one sort, removed when the last owner lets go (the
// sorter and its result stream share them).
class ScratchFiles {
 public:
  explicit ScratchFiles(std::string dir);
  ~ScratchFiles();
  ScratchFiles(const ScratchFiles&) = delete;
  ScratchFiles& operator=(const ScratchFiles&) = delete;

  // Creates the folder when missing; PermissionDenied if it cannot.
  absl::Status CreateDirectory() const;
  // A new unique path in the folder, removed with the others at the end.
  std::string NewPath();
  // Removes one file now (a run merged away).
  void Remove(const std::string& path);
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string prefix_;  // shabih-sort-<pid>-<n>-
  uint64_t next_ = 0;
  std::vector<std::string> paths_;
};

// Merges sorted streams into one sorted stream. Ties: the stream listed
// first wins (then each stream's own order). An error of any input ends the
// merge (Next() false, status() the error). `keep_alive` is released after
// the inputs (e.g. the files they read).
template <typename T, typename Less = std::less<T>>
class MergingStream final : public RecordStream<T> {
 public:
  MergingStream(std::vector<std::unique_ptr<RecordStream<T>>> streams, Less less,
                std::shared_ptr<void> keep_alive = nullptr)
      : keep_alive_(std::move(keep_alive)), streams_(std::move(streams)), less_(std::move(less)) {}

  bool Next(T* record) override {
    if (!status_.ok()) return false;
    if (!primed_ && !Prime()) return false;
    if (heap_.empty()) return false;
    const uint32_t top = heap_[0];
    *record = heads_[top];
    if (streams_[top]->Next(&heads_[top])) {
      SiftDown(0);
    } else {
      status_ = streams_[top]->status();
      if (!status_.ok()) return false;
      heap_[0] = heap_.back();
      heap_.pop_back();
      if (!heap_.empty()) SiftDown(0);
    }
    return true;
  }
  absl::Status status() const override { return status_; }

 private:
  // Whether stream a's head goes after stream b's.
  bool Later(uint32_t a, uint32_t b) const {
    if (less_(heads_[b], heads_[a])) return true;
    if (less_(heads_[a], heads_[b])) return false;
    return a > b;
  }
  void SiftDown(size_t i) {
    const size_t n = heap_.size();
    while (true) {
      size_t first = i;
      const size_t l = 2 * i + 1, r = l + 1;
      if (l < n && Later(heap_[first], heap_[l])) first = l;
      if (r < n && Later(heap_[first], heap_[r])) first = r;
      if (first == i) return;
      std::swap(heap_[i], heap_[first]);
      i = first;
    }
  }
  bool Prime() {
    primed_ = true;
    heads_.resize(streams_.size());
    for (uint32_t i = 0; i < streams_.size(); ++i) {
      if (streams_[i]->Next(&heads_[i])) {
        heap_.push_back(i);
      } else if (!streams_[i]->status().ok()) {
        status_ = streams_[i]->status();
        return false;
      }
    }
    for (size_t i = heap_.size() / 2; i-- > 0;) SiftDown(i);
    return true;
  }

  std::shared_ptr<void> keep_alive_;  // first member: destroyed last
  std::vector<std::unique_ptr<RecordStream<T>>> streams_;
  Less less_;
  std::vector<T> heads_;
  std::vector<uint32_t> heap_;  // indices of streams with a head; earliest on top
  bool primed_ = false;
  absl::Status status_;
};

template <typename T, typename Less = std::less<T>>
std::unique_ptr<RecordStream<T>> MergeStreams(std::vector<std::unique_ptr<RecordStream<T>>> streams,
                                              Less less = Less()) {
  return std::make_unique<MergingStream<T, Less>>(std::move(streams), std::move(less));
}

template <typename T, typename Less = std::less<T>>
class ExternalSorter {
  static_assert(std::is_trivially_copyable_v<T>, "runs hold records as raw bytes");

 public:
  ExternalSorter(std::string work_dir, uint64_t memory_bytes, Less less = Less())
      : work_dir_(std::move(work_dir)),
        memory_bytes_(std::max(memory_bytes, kMinSortMemoryBytes)),
        less_(std::move(less)),
        capacity_(std::max<uint64_t>(1, memory_bytes_ / 3 * 2 / sizeof(T))) {}

  absl::Status Add(const T& record) { return Add(absl::Span<const T>(&record, 1)); }
  absl::Status Add(absl::Span<const T> records) {
    if (!status_.ok()) return status_;
    if (finished_) return absl::FailedPreconditionError("ExternalSorter::Add after Finish");
    records_ += records.size();
    while (!records.empty()) {
      if (buffer_.size() == capacity_) {
        status_ = Spill();
        if (!status_.ok()) return status_;
      }
      const size_t take = std::min<size_t>(records.size(), capacity_ - buffer_.size());
      Reserve(buffer_.size() + take);
      buffer_.insert(buffer_.end(), records.begin(), records.begin() + take);
      records.remove_prefix(take);
    }
    return absl::OkStatus();
  }

  // Once. The stream owns the run files from here on.
  absl::StatusOr<std::unique_ptr<RecordStream<T>>> Finish() {
    if (!status_.ok()) return status_;
    if (finished_) return absl::FailedPreconditionError("ExternalSorter::Finish called twice");
    finished_ = true;
    if (runs_.empty()) {
      std::stable_sort(buffer_.begin(), buffer_.end(), less_);
      return std::unique_ptr<RecordStream<T>>(new VectorRecordStream<T>(std::move(buffer_)));
    }
    if (!buffer_.empty()) status_ = Spill();
    std::vector<T>().swap(buffer_);  // the budget goes to the merge's read buffers now
    const size_t fan_in = std::clamp<uint64_t>(memory_bytes_ / kMinMergeBufferBytes - 1, 2, kMaxMergeFanIn);
    while (status_.ok() && runs_.size() > fan_in) status_ = MergePass(fan_in);
    if (!status_.ok()) return status_;
    auto streams = OpenRuns(runs_, runs_.size());
    if (!streams.ok()) return status_ = streams.status();
    return std::unique_ptr<RecordStream<T>>(new MergingStream<T, Less>(std::move(*streams), less_, files_));
  }

  uint64_t records() const { return records_; }          // added so far
  uint64_t spilled_runs() const { return spilled_runs_; }  // sorted buffers written to disk
  uint64_t spilled_bytes() const { return spilled_bytes_; }  // bytes written to scratch, merge passes included
  uint64_t merge_passes() const { return merge_passes_; }  // passes before the final merge
  uint64_t memory_bytes() const { return memory_bytes_; }  // after the floor

 private:
  // Grows the buffer geometrically up to capacity_: a small sort holds
  // little, and a reallocation's old plus new buffer stays within budget.
  void Reserve(size_t n) {
    if (n <= buffer_.capacity()) return;
    buffer_.reserve(std::min<size_t>(capacity_, std::max<size_t>(n, 2 * buffer_.capacity())));
  }

  absl::Status EnsureFiles() {
    if (files_) return absl::OkStatus();
    auto files = std::make_shared<ScratchFiles>(work_dir_);
    if (absl::Status s = files->CreateDirectory(); !s.ok()) return s;
    files_ = std::move(files);
    return absl::OkStatus();
  }

  absl::Status Spill() {
    if (absl::Status s = EnsureFiles(); !s.ok()) return s;
    std::stable_sort(buffer_.begin(), buffer_.end(), less_);
    const std::string path = files_->NewPath();
    auto writer = FileWriter::Create(path);
    if (!writer.ok()) return writer.status();
    absl::Status s = (*writer)->AppendRecords<T>(buffer_);
    if (s.ok()) s = (*writer)->Close(/*sync=*/false);  // scratch: no durability needed
    if (!s.ok()) return s;
    runs_.push_back(path);
    ++spilled_runs_;
    spilled_bytes_ += buffer_.size() * sizeof(T);
    buffer_.clear();
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<std::unique_ptr<RecordStream<T>>>> OpenRuns(absl::Span<const std::string> runs,
                                                                          size_t buffers) {
    const size_t buffer_bytes = std::max<uint64_t>(kMinMergeBufferBytes, memory_bytes_ / buffers);
    std::vector<std::unique_ptr<RecordStream<T>>> streams;
    for (const std::string& run : runs) {
      auto stream = OpenRecordFile<T>(run, buffer_bytes);
      if (!stream.ok()) return stream.status();
      streams.push_back(std::move(*stream));
    }
    return streams;
  }

  // Merges consecutive groups of fan_in runs, each into one run in its place
  // (so that insertion order, and with it stability, is kept).
  absl::Status MergePass(size_t fan_in) {
    std::vector<std::string> merged;
    for (size_t begin = 0; begin < runs_.size(); begin += fan_in) {
      const size_t end = std::min(runs_.size(), begin + fan_in);
      if (end - begin == 1) {
        merged.push_back(runs_[begin]);
        continue;
      }
      const absl::Span<const std::string> group(runs_.data() + begin, end - begin);
      auto streams = OpenRuns(group, group.size() + 1);  // + 1: the writer's buffer
      if (!streams.ok()) return streams.status();
      MergingStream<T, Less> stream(std::move(*streams), less_);
      const std::string path = files_->NewPath();
      auto writer = FileWriter::Create(path, std::max<uint64_t>(kMinMergeBufferBytes, memory_bytes_ / (group.size() + 1)));
      if (!writer.ok()) return writer.status();
      T record;
      uint64_t n = 0;
      while (stream.Next(&record)) {
        if (absl::Status s = (*writer)->AppendRecords<T>(absl::Span<const T>(&record, 1)); !s.ok()) return s;
        ++n;
      }
      if (!stream.status().ok()) return stream.status();
      if (absl::Status s = (*writer)->Close(/*sync=*/false); !s.ok()) return s;
      spilled_bytes_ += n * sizeof(T);
      for (const std::string& run : group) files_->Remove(run);
      merged.push_back(path);
    }
    runs_ = std::move(merged);
    ++merge_passes_;
    return absl::OkStatus();
  }

  std::string work_dir_;
  uint64_t memory_bytes_;
  Less less_;
  size_t capacity_;  // records the buffer holds
  std::vector<T> buffer_;
  std::shared_ptr<ScratchFiles> files_;  // created at the first spill
  std::vector<std::string> runs_;         // in insertion order
  uint64_t records_ = 0, spilled_runs_ = 0, spilled_bytes_ = 0, merge_passes_ = 0;
  bool finished_ = false;
  absl::Status status_;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_EXTERNAL_SORT_H_
