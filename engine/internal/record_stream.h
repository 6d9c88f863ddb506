// A stream of fixed-size records read in order: the result of an external
// sort, a sorted file on disk, or a merge of several of them.
//
//   std::unique_ptr<RecordStream<Key>> s = ...;   // ExternalSorter::Finish, OpenRecordFile, MergeStreams
//   Key k;
//   while (s->Next(&k)) Use(k);
//   SHABIH_RETURN_IF_ERROR(s->status());         // false from Next() is the end or an error
//
// Thread safety: one thread at a time per stream.
#ifndef SHABIH_ENGINE_INTERNAL_RECORD_STREAM_H_
#define SHABIH_ENGINE_INTERNAL_RECORD_STREAM_H_

#include <vector>

#include "absl/status/status.h"

namespace shabih::internal {

template <typename T>
class RecordStream {
 public:
  virtual ~RecordStream() = default;
  // The next record in order: true; false at the end or on an error (then
  // status() says which, and every later call returns false).
  virtual bool Next(T* record) = 0;
  virtual absl::Status status() const = 0;
};

// A stream over records already in memory, in the vector's order.
template <typename T>
class VectorRecordStream final : public RecordStream<T> {
 public:
  explicit VectorRecordStream(std::vector<T> records) : records_(std::move(records)) {}
  bool Next(T* record) override {
    if (next_ == records_.size()) return false;
    *record = records_[next_++];
    return true;
  }
  absl::Status status() const override { return absl::OkStatus(); }

 private:
  std::vector<T> records_;
  size_t next_ = 0;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_RECORD_STREAM_H_
