// Files for data bigger than memory: buffered writers (one that publishes a
// file whole or not at all), buffered sequential readers and a page-cached
// random-access reader whose memory stays bounded however big the file.
//
//   auto w = AtomicFileWriter::Create("idx/run-7.keys");        // writes idx/run-7.keys.tmp-<pid>-<n>
//   (*w)->AppendRecords<Key>(keys);                             // buffered, 1 MiB
//   SHABIH_RETURN_IF_ERROR((*w)->Commit());                     // flush, fsync, rename, fsync idx/
//
//   auto r = SequentialReader::Open("idx/run-7.keys");
//   Key k;
//   while ((*r)->Read(&k, sizeof k)) Use(k);
//   SHABIH_RETURN_IF_ERROR((*r)->status());                     // truncation or I/O error
//
//   auto p = PagedReader::Open("idx/signatures", 64 << 10, 16 << 20);
//   SHABIH_RETURN_IF_ERROR((*p)->Read(doc * kSignatureBytes, kSignatureBytes, buf));
//
// Errors are statuses naming the path and the system's reason ("cannot
// write idx/run-7.keys.tmp-12-3: No space left on device"), never aborts.
// Codes: a file that cannot be opened for writing is PermissionDenied (as
// the engine's other outputs; the CLI maps it to a run error, not "no
// input"); a full disk is ResourceExhausted; a failed read or write after
// opening, or a truncated file, is DataLoss; a missing file to read is
// NotFound.
//
// Thread safety: FileWriter, AtomicFileWriter and SequentialReader are used
// by one thread at a time. PagedReader is thread-safe (its cache is guarded
// by a mutex; pread needs none, and a page is read outside the lock).
// Files being read must not change while open (index runs are immutable).
#ifndef SHABIH_ENGINE_INTERNAL_PAGED_FILE_H_
#define SHABIH_ENGINE_INTERNAL_PAGED_FILE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "engine/internal/record_stream.h"

namespace shabih::internal {

// The status for a failed system call on `path`: "<what> <path>: <strerror>".
// `writing`: open failures are PermissionDenied rather than NotFound (see above).
absl::Status FileError(absl::string_view what, absl::string_view path, int error_number, bool writing);

// fsync(2) of a directory, so that renames and creations in it survive a
// crash. PermissionDenied / DataLoss.
absl::Status FsyncDirectory(const std::string& dir);
// fsync(2) of a file written by someone else (e.g. a std::ofstream).
absl::Status FsyncFile(const std::string& path);
// Durably publishes a complete file: fsync(from), rename(from, to), and,
// unless `sync_directory` is false (the caller fsyncs the folder once for
// many renames), fsync of `to`'s folder. The one place the engine does this.
absl::Status PublishFile(const std::string& from, const std::string& to, bool sync_directory = true);

// A buffered writer to a new file (truncated if it exists). Close() flushes
// and, when `sync`, fsyncs; destroyed unclosed, the file is closed as is
// (the caller removes it). Used directly for scratch files (sort runs) that
// need no durability; AtomicFileWriter for files that are published.
class FileWriter {
 public:
  // buffer_bytes: default 1 MiB, big enough that the system-call cost is
  // negligible next to the copying, small enough to have dozens open.
  static absl::StatusOr<std::unique_ptr<FileWriter>> Create(std::string path, size_t buffer_bytes = 1 << 20);
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  absl::Status Append(absl::string_view bytes);
  template <typename T>
  absl::Status AppendRecords(absl::Span<const T> records) {
    static_assert(std::is_trivially_copyable_v<T>, "records are written as raw bytes");
    return Append(absl::string_view(reinterpret_cast<const char*>(records.data()), records.size() * sizeof(T)));
  }
  absl::Status Flush();
  absl::Status Close(bool sync);

  uint64_t bytes_written() const { return bytes_written_; }  // appended so far, buffered included
  const std::string& path() const { return path_; }

 private:
  FileWriter(std::string path, int fd, size_t buffer_bytes);
  absl::Status WriteAll(const char* data, size_t n);

  std::string path_;
  int fd_;
  std::string buffer_;
  size_t capacity_;
  uint64_t bytes_written_ = 0;
  absl::Status status_;  // the first error; every later call returns it
};

// Writes one file whole or not at all: bytes go to "<path>.tmp-<pid>-<n>"
// in the same folder, buffered; Commit() flushes, fsyncs the file, renames
// it to `path` and fsyncs the folder. Destroyed without a successful
// Commit(), the temporary is removed. Leftover temporaries of a killed
// process match IsAtomicWriterTemporary() (for cleanup at the next open).
class AtomicFileWriter {
 public:
  // temp_path: where the bytes go until Commit(); empty (the default) for
  // "<path>.tmp-<pid>-<n>", unique per writer. It must be in path's folder.
  static absl::StatusOr<std::unique_ptr<AtomicFileWriter>> Create(std::string path, size_t buffer_bytes = 1 << 20,
                                                                  std::string temp_path = "");
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  absl::Status Append(absl::string_view bytes) { return writer_->Append(bytes); }
  template <typename T>
  absl::Status AppendRecords(absl::Span<const T> records) {
    return writer_->AppendRecords<T>(records);
  }
  uint64_t bytes_written() const { return writer_->bytes_written(); }
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return writer_->path(); }
  // Once; after it, Append() fails.
  absl::Status Commit();

 private:
  AtomicFileWriter(std::string path, std::unique_ptr<FileWriter> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}
  std::string path_;
  std::unique_ptr<FileWriter> writer_;
  bool committed_ = false;
};

// True for a file name (no folder) that AtomicFileWriter uses as a temporary.
bool IsAtomicWriterTemporary(absl::string_view filename);

// Writes `contents` to `path` through an AtomicFileWriter.
absl::Status WriteFileDurably(const std::string& path, absl::string_view contents);

// Buffered sequential reads of a file (records or bytes).
class SequentialReader {
 public:
  // buffer_bytes: default 1 MiB (as FileWriter); merges of many runs pass less.
  static absl::StatusOr<std::unique_ptr<SequentialReader>> Open(std::string path, size_t buffer_bytes = 1 << 20);
  ~SequentialReader();
  SequentialReader(const SequentialReader&) = delete;
  SequentialReader& operator=(const SequentialReader&) = delete;

  // Reads exactly n bytes: true; a clean end of file before any byte:
  // false with status() OK; a short read (truncated file) or an I/O error:
  // false with status() DataLoss (and every later call returns false).
  bool Read(void* out, size_t n);
  // Goes to byte `offset` (at most size()): the next Read starts there.
  absl::Status Seek(uint64_t offset);
  absl::Status status() const { return status_; }
  uint64_t size() const { return size_; }          // at open
  uint64_t position() const { return position_; }  // offset of the next byte returned
  const std::string& path() const { return path_; }

 private:
  SequentialReader(std::string path, int fd, uint64_t size, size_t buffer_bytes);
  // Refills the buffer; false at end of file or on error (status_ set).
  bool Fill();

  std::string path_;
  int fd_;
  uint64_t size_;
  uint64_t position_ = 0;
  std::string buffer_;
  size_t begin_ = 0, end_ = 0;  // unread bytes: buffer_[begin_, end_)
  absl::Status status_;
};

// A RecordStream<T> over a file of records written with (Atomic)FileWriter
// (raw, fixed-size, no header), for MergeStreams. A file whose size is not a
// multiple of sizeof(T) is DataLoss at open.
template <typename T>
absl::StatusOr<std::unique_ptr<RecordStream<T>>> OpenRecordFile(std::string path, size_t buffer_bytes = 1 << 20);

// Random access by pread with a bounded LRU cache of fixed-size pages: RSS
// stays within cache_bytes (plus one page per concurrent reader) however
// big the file, e.g. the signatures of millions of documents read by page.
class PagedReader {
 public:
  // page_bytes: default 64 KiB, for reads that cluster (documents of one
  // bucket, signatures in ordinal order); for scattered small reads pass
  // 4 KiB: a miss then costs about 2.5 us instead of 20 us (512-byte reads
  // from the page cache, bench/external_sort_bench.cc). cache_bytes:
  // default 16 MiB; at least one page is cached whatever is passed.
  static absl::StatusOr<std::unique_ptr<PagedReader>> Open(std::string path, size_t page_bytes = 64 << 10,
                                                           size_t cache_bytes = 16 << 20);
  ~PagedReader();
  PagedReader(const PagedReader&) = delete;
  PagedReader& operator=(const PagedReader&) = delete;

  // Copies bytes [offset, offset + n) to `out`. OutOfRange past the end
  // (nothing is copied); DataLoss on an I/O error.
  absl::Status Read(uint64_t offset, size_t n, void* out) const;
  uint64_t size() const { return size_; }
  uint64_t page_reads() const { return page_reads_.load(std::memory_order_relaxed); }  // pages read from disk
  const std::string& path() const { return path_; }

 private:
  using Page = std::shared_ptr<const std::string>;
  PagedReader(std::string path, int fd, uint64_t size, size_t page_bytes, size_t max_pages);
  absl::StatusOr<Page> GetPage(uint64_t index) const;

  std::string path_;
  int fd_;
  uint64_t size_;
  size_t page_bytes_;
  size_t max_pages_;
  mutable std::atomic<uint64_t> page_reads_{0};
  // std::mutex rather than absl::Mutex: ThreadSanitizer sees through it
  // with Debian's uninstrumented Abseil. Guards lru_ and pages_.
  mutable std::mutex mu_;
  // Most recently used first; the map points into the list.
  mutable std::list<std::pair<uint64_t, Page>> lru_;
  mutable absl::flat_hash_map<uint64_t, std::list<std::pair<uint64_t, Page>>::iterator> pages_;
};

// ---- implementation of the template ----

template <typename T>
class FileRecordStream final : public RecordStream<T> {
 public:
  explicit FileRecordStream(std::unique_ptr<SequentialReader> reader) : reader_(std::move(reader)) {}
  bool Next(T* record) override { return reader_->Read(record, sizeof(T)); }
  absl::Status status() const override { return reader_->status(); }

 private:
  std::unique_ptr<SequentialReader> reader_;
};

template <typename T>
absl::StatusOr<std::unique_ptr<RecordStream<T>>> OpenRecordFile(std::string path, size_t buffer_bytes) {
  static_assert(std::is_trivially_copyable_v<T>, "records are read as raw bytes");
  auto reader = SequentialReader::Open(std::move(path), buffer_bytes);
  if (!reader.ok()) return reader.status();
  if ((*reader)->size() % sizeof(T) != 0) {
    return absl::DataLossError(absl::StrCat("record file ", (*reader)->path(), " holds ", (*reader)->size(),
                                            " bytes, not a whole number of ", sizeof(T), "-byte records"));
  }
  return std::unique_ptr<RecordStream<T>>(new FileRecordStream<T>(std::move(*reader)));
}

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_PAGED_FILE_H_
