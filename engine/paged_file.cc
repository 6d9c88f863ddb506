#include "engine/internal/paged_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "engine/internal/status_macros.h"

namespace shabih::internal {
namespace {

constexpr char kTempInfix[] = ".tmp-";

std::string ErrorText(int error_number) {
  char buf[256];
  // GNU strerror_r returns the message (maybe not in buf); thread-safe unlike strerror.
  return std::string(strerror_r(error_number, buf, sizeof buf));
}

int OpenRetrying(const char* path, int flags, mode_t mode = 0) {
  int fd;
  do {
    fd = ::open(path, flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

absl::Status SyncFd(int fd, const std::string& path, absl::string_view what) {
  if (::fsync(fd) != 0) {
    // Some file systems cannot fsync a directory; that is no data loss.
    if (errno == EINVAL || errno == EROFS) return absl::OkStatus();
    return FileError(what, path, errno, /*writing=*/true);
  }
  return absl::OkStatus();
}

std::string ParentOf(const std::string& path) {
  std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

absl::StatusOr<uint64_t> SizeOf(int fd, const std::string& path) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return FileError("cannot stat", path, errno, /*writing=*/false);
  return static_cast<uint64_t>(st.st_size);
}

}  // namespace

absl::Status FileError(absl::string_view what, absl::string_view path, int error_number, bool writing) {
  const std::string message = absl::StrCat(what, " ", path, ": ", ErrorText(error_number));
  if (error_number == ENOSPC || error_number == EDQUOT) return absl::ResourceExhaustedError(message);
  const bool opening = absl::StartsWith(what, "cannot open") || absl::StartsWith(what, "cannot create");
  if (opening) {
    if (!writing && error_number == ENOENT) return absl::NotFoundError(message);
    return absl::PermissionDeniedError(message);
  }
  return absl::DataLossError(message);
}

absl::Status FsyncDirectory(const std::string& dir) {
  const int fd = OpenRetrying(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return FileError("cannot open directory", dir, errno, /*writing=*/true);
  absl::Status status = SyncFd(fd, dir, "cannot fsync directory");
  ::close(fd);
  return status;
}

absl::Status FsyncFile(const std::string& path) {
  // Linux flushes a file's data whatever mode the descriptor was opened in.
  const int fd = OpenRetrying(path.c_str(), O_RDONLY);
  if (fd < 0) return FileError("cannot open", path, errno, /*writing=*/true);
  absl::Status status = SyncFd(fd, path, "cannot fsync");
  ::close(fd);
  return status;
}

absl::Status PublishFile(const std::string& from, const std::string& to, bool sync_directory) {
  SHABIH_RETURN_IF_ERROR(FsyncFile(from));
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    return absl::PermissionDeniedError(absl::StrCat("cannot rename ", from, " to ", to, ": ", ErrorText(errno)));
  }
  if (!sync_directory) return absl::OkStatus();
  return FsyncDirectory(ParentOf(to));
}

// ---- FileWriter ----

absl::StatusOr<std::unique_ptr<FileWriter>> FileWriter::Create(std::string path, size_t buffer_bytes) {
  const int fd = OpenRetrying(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return FileError("cannot create", path, errno, /*writing=*/true);
  return std::unique_ptr<FileWriter>(new FileWriter(std::move(path), fd, std::max<size_t>(buffer_bytes, 4096)));
}

FileWriter::FileWriter(std::string path, int fd, size_t buffer_bytes)
    : path_(std::move(path)), fd_(fd), capacity_(buffer_bytes) {
  buffer_.reserve(capacity_);
}

FileWriter::~FileWriter() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status FileWriter::WriteAll(const char* data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd_, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return FileError("cannot write", path_, errno, /*writing=*/true);
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return absl::OkStatus();
}

absl::Status FileWriter::Append(absl::string_view bytes) {
  if (!status_.ok()) return status_;
  if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat(path_, " is already closed"));
  bytes_written_ += bytes.size();
  if (buffer_.size() + bytes.size() <= capacity_) {
    buffer_.append(bytes.data(), bytes.size());
    return absl::OkStatus();
  }
  status_ = Flush();
  if (!status_.ok()) return status_;
  if (bytes.size() >= capacity_) {
    status_ = WriteAll(bytes.data(), bytes.size());  // big appends skip the copy
  } else {
    buffer_.append(bytes.data(), bytes.size());
  }
  return status_;
}

absl::Status FileWriter::Flush() {
  if (!status_.ok()) return status_;
  if (buffer_.empty()) return absl::OkStatus();
  status_ = WriteAll(buffer_.data(), buffer_.size());
  buffer_.clear();
  return status_;
}

absl::Status FileWriter::Close(bool sync) {
  if (fd_ < 0) return status_.ok() ? absl::FailedPreconditionError(absl::StrCat(path_, " is already closed")) : status_;
  absl::Status status = Flush();
  if (status.ok() && sync) status = SyncFd(fd_, path_, "cannot fsync");
  // close() reports delayed write errors (e.g. on NFS); not retried on EINTR (Linux closes anyway).
  if (::close(fd_) != 0 && status.ok() && errno != EINTR) status = FileError("cannot close", path_, errno, true);
  fd_ = -1;
  buffer_ = std::string();
  if (status_.ok()) status_ = status;
  return status;
}

// ---- AtomicFileWriter ----

absl::StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Create(std::string path, size_t buffer_bytes,
                                                                           std::string temp) {
  static std::atomic<uint64_t> counter{0};
  if (temp.empty()) temp = absl::StrCat(path, kTempInfix, ::getpid(), "-", counter.fetch_add(1));
  auto writer = FileWriter::Create(std::move(temp), buffer_bytes);
  if (!writer.ok()) return writer.status();
  return std::unique_ptr<AtomicFileWriter>(new AtomicFileWriter(std::move(path), std::move(*writer)));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (committed_) return;
  const std::string temp = writer_->path();
  writer_.reset();  // closes the descriptor
  std::remove(temp.c_str());
}

absl::Status AtomicFileWriter::Commit() {
  if (committed_) return absl::FailedPreconditionError(absl::StrCat(path_, " is already committed"));
  // Close(sync=true) fsyncs through the open descriptor, so PublishFile's own fsync finds nothing to flush.
  SHABIH_RETURN_IF_ERROR(writer_->Close(/*sync=*/true));
  SHABIH_RETURN_IF_ERROR(PublishFile(writer_->path(), path_));
  committed_ = true;
  return absl::OkStatus();
}

bool IsAtomicWriterTemporary(absl::string_view filename) {
  // NAME.tmp-<pid>-<n>
  const size_t at = filename.rfind(kTempInfix);
  if (at == absl::string_view::npos || at == 0) return false;
  absl::string_view rest = filename.substr(at + sizeof(kTempInfix) - 1);
  const size_t dash = rest.find('-');
  uint64_t pid, n;
  return dash != absl::string_view::npos && absl::SimpleAtoi(rest.substr(0, dash), &pid) &&
         absl::SimpleAtoi(rest.substr(dash + 1), &n);
}

absl::Status WriteFileDurably(const std::string& path, absl::string_view contents) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> writer,
                          AtomicFileWriter::Create(path, std::min<size_t>(contents.size() + 1, 1 << 20)));
  SHABIH_RETURN_IF_ERROR(writer->Append(contents));
  return writer->Commit();
}

// ---- SequentialReader ----

absl::StatusOr<std::unique_ptr<SequentialReader>> SequentialReader::Open(std::string path, size_t buffer_bytes) {
  const int fd = OpenRetrying(path.c_str(), O_RDONLY);
  if (fd < 0) return FileError("cannot open", path, errno, /*writing=*/false);
  auto size = SizeOf(fd, path);
  if (!size.ok()) {
    ::close(fd);
    return size.status();
  }
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);  // a hint: more read-ahead
#endif
  return std::unique_ptr<SequentialReader>(
      new SequentialReader(std::move(path), fd, *size, std::max<size_t>(buffer_bytes, 4096)));
}

SequentialReader::SequentialReader(std::string path, int fd, uint64_t size, size_t buffer_bytes)
    : path_(std::move(path)), fd_(fd), size_(size), buffer_(buffer_bytes, '\0') {}

SequentialReader::~SequentialReader() { ::close(fd_); }

bool SequentialReader::Fill() {
  begin_ = 0;
  end_ = 0;
  while (true) {
    const ssize_t r = ::read(fd_, buffer_.data(), buffer_.size());
    if (r < 0) {
      if (errno == EINTR) continue;
      status_ = FileError("cannot read", path_, errno, /*writing=*/false);
      return false;
    }
    end_ = static_cast<size_t>(r);
    return r > 0;
  }
}

bool SequentialReader::Read(void* out, size_t n) {
  if (!status_.ok()) return false;
  char* dst = static_cast<char*>(out);
  size_t got = 0;
  while (got < n) {
    if (begin_ == end_ && !Fill()) {
      if (!status_.ok()) return false;
      if (got == 0) return false;  // a clean end of file
      status_ = absl::DataLossError(absl::StrCat("truncated file ", path_, ": ", n, " bytes wanted at offset ",
                                                 position_, ", only ", got, " left"));
      return false;
    }
    const size_t take = std::min(n - got, end_ - begin_);
    std::memcpy(dst + got, buffer_.data() + begin_, take);
    begin_ += take;
    got += take;
  }
  position_ += n;
  return true;
}

absl::Status SequentialReader::Seek(uint64_t offset) {
  if (!status_.ok()) return status_;
  if (offset > size_) {
    return absl::OutOfRangeError(absl::StrCat("cannot seek to ", offset, " in ", path_, " of ", size_, " bytes"));
  }
  if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) {
    status_ = FileError("cannot seek in", path_, errno, /*writing=*/false);
    return status_;
  }
  begin_ = end_ = 0;
  position_ = offset;
  return absl::OkStatus();
}

// ---- PagedReader ----

absl::StatusOr<std::unique_ptr<PagedReader>> PagedReader::Open(std::string path, size_t page_bytes,
                                                               size_t cache_bytes) {
  if (page_bytes == 0) return absl::InvalidArgumentError("PagedReader: page_bytes must be positive");
  const int fd = OpenRetrying(path.c_str(), O_RDONLY);
  if (fd < 0) return FileError("cannot open", path, errno, /*writing=*/false);
  auto size = SizeOf(fd, path);
  if (!size.ok()) {
    ::close(fd);
    return size.status();
  }
  const size_t max_pages = std::max<size_t>(1, cache_bytes / page_bytes);
  return std::unique_ptr<PagedReader>(new PagedReader(std::move(path), fd, *size, page_bytes, max_pages));
}

PagedReader::PagedReader(std::string path, int fd, uint64_t size, size_t page_bytes, size_t max_pages)
    : path_(std::move(path)), fd_(fd), size_(size), page_bytes_(page_bytes), max_pages_(max_pages) {}

PagedReader::~PagedReader() { ::close(fd_); }

absl::StatusOr<PagedReader::Page> PagedReader::GetPage(uint64_t index) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = pages_.find(index);
    if (it != pages_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);  // now the most recently used
      return it->second->second;
    }
  }
  // A miss: read outside the lock so that other threads' hits go on. Two
  // threads missing the same page both read it; the second keeps the first's.
  const uint64_t offset = index * page_bytes_;
  const size_t length = static_cast<size_t>(std::min<uint64_t>(page_bytes_, size_ - offset));
  auto page = std::make_shared<std::string>(length, '\0');
  size_t got = 0;
  while (got < length) {
    const ssize_t r = ::pread(fd_, page->data() + got, length - got, static_cast<off_t>(offset + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return FileError("cannot read", path_, errno, /*writing=*/false);
    if (r == 0) {
      return absl::DataLossError(absl::StrCat("truncated file ", path_, ": shorter than its ", size_, " bytes at open"));
    }
    got += static_cast<size_t>(r);
  }
  page_reads_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pages_.find(index);
  if (it != pages_.end()) return it->second->second;
  lru_.emplace_front(index, page);
  pages_[index] = lru_.begin();
  if (lru_.size() > max_pages_) {
    pages_.erase(lru_.back().first);
    lru_.pop_back();  // a reader still copying from it holds its own reference
  }
  return Page(std::move(page));
}

absl::Status PagedReader::Read(uint64_t offset, size_t n, void* out) const {
  if (offset > size_ || n > size_ - offset) {
    return absl::OutOfRangeError(
        absl::StrCat("read of ", n, " bytes at offset ", offset, " is past the end of ", path_, " (", size_, " bytes)"));
  }
  char* dst = static_cast<char*>(out);
  while (n > 0) {
    const uint64_t index = offset / page_bytes_;
    const size_t within = static_cast<size_t>(offset - index * page_bytes_);
    SHABIH_ASSIGN_OR_RETURN(Page page, GetPage(index));
    const size_t take = std::min(n, page->size() - within);
    std::memcpy(dst, page->data() + within, take);
    dst += take;
    offset += take;
    n -= take;
  }
  return absl::OkStatus();
}

}  // namespace shabih::internal
